"""The real content: it loads, matches the sources, and every cross-reference resolves both ways."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pydantic
import pytest

from conftest import CONTENT, REPO, SOURCES
from tiekartta.model import load_roadmap
from tiekartta.model.sensitive import SOURCE_LOGIN, find_in_text

SEEDS = SOURCES


def test_counts_match_the_sources(roadmap):
    assert roadmap.counts() == {
        "kärkiteemat": 3,
        "läpi kulkevat teemat": 8,
        "kehittämisen rakenteen osat": 3,
        "tapahtumat": 4,  # 18.11.2019, 23.11 (open year), 15.4.2004 training, 10.11.2005 presentation
        "hankkeet": 1,
        "kehittämisulottuvuudet": 4,
        "tuotokset": 17,
        "pohdinnat": 5,
        "kunnat ja organisaatiot": 9,
        "askeleet eteenpäin": 4,
    }


def test_spearheads_in_source_order(roadmap):
    assert [t.name for t in roadmap.spearheads] == ["Palvelupolut & palveluprosessi", "Omatyöntekijäisyys", "Ennaltaehkäisy"]
    assert roadmap.spearheads[0].qualifier == "yhdyspinnat muiden toimijoiden kanssa"
    assert [t.focus for t in roadmap.spearheads] == [False, True, False]


def test_crosscutting_themes_in_source_order(roadmap):
    assert [t.name for t in roadmap.crosscutting] == [
        "Osallisuuden ja asiantuntijuuden vahvistaminen",
        "Yhteistyön ja yhdessä tekemisen kehittäminen",
        "Työmenetelmät, työvälineet ja kokeilut",
        "Sosiaalityö perusterveydenhuollossa",
        "Rakenteellinen sosiaalityö",
        "Ilmiökeskustelu / sosiaalityön yhteinen keskustelu",
        "SOTE-keskuksissa tapahtuva ohjaus ja neuvonta",
        "Tehtävärakenteen tarkastelu",
    ]


def test_outputs_per_dimension_follow_the_source_table(roadmap):
    table = {d.name: [(o.name, o.municipality) for o in roadmap.outputs_for_dimension(d.id)] for d in roadmap.dimensions}
    assert list(table) == [
        "Kuntien ja Honkalammen perussosiaalityö",
        "Sosiaalityön kumppanuusverkot",
        "Sosiaalityön erityisosaaminen ja seudulliset yhteistyökäytännöt",
        "Hankkeen muu toiminta",
    ]
    assert [len(v) for v in table.values()] == [5, 4, 4, 4]
    assert [m for _, m in table["Kuntien ja Honkalammen perussosiaalityö"]] == [
        "joensuu", "kiihtelysvaara", "honkalampi", "eno", "kontiolahti"]
    assert [m for _, m in table["Sosiaalityön kumppanuusverkot"]] == ["ilomantsi", "pyhaselka", "kitee", None]
    assert [m for _, m in table["Sosiaalityön erityisosaaminen ja seudulliset yhteistyökäytännöt"]] == ["lieksa", None, None, None]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
def test_every_output_name_appears_in_the_source_as_written():
    source = (SEEDS / "002_2d98a0ce308f60b9.txt").read_text(encoding="utf-8")
    roadmap = load_roadmap(CONTENT, REPO)
    for output in roadmap.outputs:
        assert (output.name_in_source or output.name) in source, output.id
    roadmap_source = (SEEDS / "000_96d8152805664d56.txt").read_text(encoding="utf-8")
    for theme in roadmap.themes:
        assert theme.name in roadmap_source
    for step in roadmap.way_forward.steps:
        # "(sic)" is the editors' mark on the source's own wording, which the step keeps.
        text = step.text.replace("**", "").replace(" (sic)", "")
        assert " ".join(text.split()) in " ".join(roadmap_source.replace("**", "").split())


def test_open_year_is_recorded_as_open_and_inferred_value_marked(roadmap):
    seminar = roadmap.event_by_id["omatyontekijaisyys-kehittamisseminaari"]
    assert seminar.when.year is None and seminar.when.full_date is None
    assert seminar.when.inferred_year == 2020 and seminar.when.inference_reason
    assert (seminar.when.day, seminar.when.month, seminar.when.starts, seminar.when.ends) == (23, 11, "12.00", "15.30")
    assert seminar.place == "Hiihtomuseon auditorio"


def test_no_credentials_from_the_sosbox_slide(roadmap):
    everything = "\n".join(Path(REPO, source).read_text(encoding="utf-8") for source in roadmap.sources)
    assert all(what != SOURCE_LOGIN for _, what in find_in_text(everything))
    assert "salasana" not in everything.lower() and "käyttäjätunnus" not in everything.lower()


def test_every_reference_resolves(roadmap):
    for output in roadmap.outputs:
        assert output.project in roadmap.project_by_id
        assert output.dimension in roadmap.dimension_by_id
        assert output.municipality is None or output.municipality in roadmap.municipality_by_id
        assert all(link.theme in roadmap.theme_by_id for link in output.theme_links)
    for event in roadmap.events:
        assert event.organiser is None or event.organiser in roadmap.body_by_id
        assert all(t in roadmap.theme_by_id for t in event.themes)
    for body in roadmap.bodies:
        assert all(r.target in roadmap.body_by_id for r in body.relations)


def test_back_references_are_the_inverse_of_references(roadmap):
    for theme in roadmap.themes:
        for output in roadmap.outputs_for_theme(theme.id):
            assert theme.id in [link.theme for link in output.theme_links]
    linked = {(o.id, link.theme) for o in roadmap.outputs for link in o.theme_links}
    inverse = {(o.id, t.id) for t in roadmap.themes for o in roadmap.outputs_for_theme(t.id)}
    assert linked == inverse
    assert all(roadmap.outputs_for_theme(t.id) for t in roadmap.spearheads), "every spearhead has earlier work"
    assert {e.id for t in roadmap.themes for e in roadmap.events_for_theme(t.id)} == {
        e.id for e in roadmap.events if e.themes}


def test_every_output_theme_link_is_editorial_with_a_reason(roadmap):
    for output in roadmap.outputs:
        assert output.theme_links, output.id
        assert all(link.reason for link in output.theme_links)


def test_model_is_immutable(roadmap):
    with pytest.raises(dataclasses.FrozenInstanceError):
        roadmap.outputs = ()
    with pytest.raises(pydantic.ValidationError):
        roadmap.outputs[0].name = "muutettu"
    with pytest.raises(TypeError):
        roadmap.theme_by_id["x"] = roadmap.themes[0]


def test_sources_are_relative_to_the_repository(roadmap):
    assert all(s.startswith("roadmap/") and s.endswith(".yaml") for s in roadmap.sources)
    assert roadmap.outputs[0].source.startswith("roadmap/tuotokset/")
