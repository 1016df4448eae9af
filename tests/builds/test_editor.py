"""The editor's path: the field reference, `make uusi`, the guide, the pre-commit hook, and a
first-time editor adding an output from scaffold to built page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, build_site
from projectcopy import make_command, make_env, project_copy  # noqa: F401 (fixture)
from sitecheck import internal_links, page_path, soup_of
from tiekartta.model import ContentError, load_roadmap
from tiekartta.model import kinds as k
from tiekartta.model.entities import ID_MAX_LENGTH, ID_PATTERN
from tiekartta.model.fields import all_fields, fields_of
from tiekartta.model.kinds import KINDS, RESERVED_IDS
from tiekartta.pages import routes
from tiekartta.pages.reference import anchor_of, field_reference, records_of, yaml_text
from tiekartta.scaffold import TYPES, NewFileError, fresh_id, new_file, resolve_type

GUIDE_PAGES = ("opas/index.md", "opas/verkkoeditori.md", "opas/tarkistukset.md", "opas/esikatselu.md")


def run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=make_env(), timeout=timeout)


# --- The field reference -------------------------------------------------------------------------


# Id fields that define an id instead of pointing to one: (model, field).
DEFINITIONS = {("Municipality", "tunniste")}


def test_every_id_field_names_the_files_it_points_to():
    for kind in KINDS:
        for path, field in all_fields(fields_of(kind)):
            assert field.description, (kind.title, path)
            if field.value_type == "id":
                assert field.reference or (field.owner, field.key) in DEFINITIONS, (kind.title, path)


# Reference fields the real content leaves empty because the sources say nothing of it: no source
# names the organiser of an event, nor the organisation responsible for an output (the structured
# description, which editors add when they have it).
UNUSED_BY_THE_SOURCES = {("Tapahtuma", "järjestäjä"), ("Tuotos", "vastuutaho")}


def test_id_fields_accept_exactly_the_ids_the_content_uses(roadmap):
    """Every id the real (valid) content writes is among the choices the reference lists."""
    for section in field_reference(roadmap):
        records = records_of(roadmap, section.kind)
        for entry in section.fields:
            if not entry.doc.reference:
                continue
            allowed = {choice for choice, _ in entry.choices}
            used = _values_at(records, entry.path)
            if (section.kind.title, entry.path) in UNUSED_BY_THE_SOURCES:
                assert not used, "in use now: take it off UNUSED_BY_THE_SOURCES"
                continue
            assert used, (section.kind.title, entry.path)  # each reference is in use somewhere
            assert set(used) <= allowed, (section.kind.title, entry.path, set(used) - allowed)


def _values_at(records: list, path: str) -> list:
    values = records
    for part in path.split("."):
        key, is_list = part.removesuffix("[]"), part.endswith("[]")
        values = [v[key] for v in values if isinstance(v, dict) and key in v]
        if is_list or any(isinstance(v, list) for v in values):
            values = [item for v in values for item in (v if isinstance(v, list) else [v])]
    return values


def test_reference_examples_are_valid_values_of_their_field(roadmap):
    """An example that an editor copies passes the same schema the check uses."""
    checked = 0
    for section in field_reference(roadmap):
        schema = section.kind.model.model_json_schema(by_alias=True, mode="validation")
        for entry in section.fields:
            if entry.depth or not entry.example or "(lyhennetty)" in entry.example:
                continue
            data = yaml.safe_load(entry.example)
            assert list(data) == [entry.doc.key]
            property_schema = {"$defs": schema.get("$defs", {}), **schema["properties"][entry.doc.key]}
            jsonschema.validate(data[entry.doc.key], property_schema)
            checked += 1
        if section.example and "(lyhennetty)" not in section.example:
            assert section.example.splitlines()[0] == section.schema_line
            section.kind.model.model_validate(yaml.safe_load(section.example))
    assert checked > 40


def test_examples_keep_text_as_text():
    """Dates and clock times stay quoted, long text becomes a block, Finnish letters stay."""
    text = yaml_text({"alkaa": "2003-01-01", "aika": "12.00", "nimi": "Ääni", "kuvaus": " ".join(["sana"] * 30)})
    data = yaml.safe_load(text)
    assert data["alkaa"] == "2003-01-01" and data["aika"] == "12.00" and "Ääni" in text
    assert "kuvaus: >-" in text


def test_reference_pages_list_every_kind_and_field(roadmap, built_site):
    """The overview links to a page per kind of file; each field is documented on its kind's page."""
    overview = soup_of(page_path(built_site, routes.page_url(routes.FIELD_REFERENCE)))
    assert overview.find("h1").get_text(strip=True).startswith("Kenttäopas")
    linked = {target for _, target, _ in internal_links(built_site, page_path(built_site, routes.page_url(routes.FIELD_REFERENCE)))}
    sections = field_reference(roadmap)
    assert len({section.route for section in sections}) == len(KINDS)
    for section in sections:
        assert section.route == routes.field_guide(section.kind)
        page = page_path(built_site, routes.page_url(section.route))
        assert page in linked, section.route
        soup = soup_of(page)
        heading = soup.find(id=anchor_of(section.kind))
        assert heading is not None and heading.name == "h1", section.kind.title
        assert section.kind.title in heading.get_text()
        for entry in section.fields:
            block = soup.find(id=entry.anchor)
            assert block is not None, entry.anchor
            assert block.find("code").get_text() == entry.path
            badge = "pakollinen" if entry.doc.required else "vapaaehtoinen"
            assert block.find(class_=f"tk-kentta__{badge}") is not None, entry.anchor
            for choice, _ in entry.choices:
                assert block.find("code", string=choice) is not None, (entry.anchor, choice)
    # Every field of the model is on some kind's page, and no kind's page holds another's fields.
    documented = {entry.anchor for section in sections for entry in section.fields}
    assert len(documented) == sum(len(section.fields) for section in sections)
    nav = overview.select_one("nav.md-nav--primary")
    assert "Kenttäopas" in nav.get_text() and "Toimittajan opas" in nav.get_text()


def test_the_guides_table_of_files_links_each_kind_to_its_field_page():
    """docs/opas/index.md, "Mistä mitäkin muokataan": the row that names a kind's folder or file
    links that kind's field page."""
    rows = [line for line in (REPO / "docs" / "opas" / "index.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and "`roadmap/" in line]
    for kind in KINDS:
        where = f"`roadmap/{kind.folder}/`" if kind.folder else f"`roadmap/{kind.file}`"
        [row] = [line for line in rows if where in line]
        target = Path(routes.field_guide(kind)).relative_to("opas").as_posix()
        assert f"]({target})" in row, (where, target)


def test_each_reference_pages_description_names_a_folder_as_a_folder(roadmap, built_site):
    """Search results and link previews show the description: "kansion roadmap/tuotokset/
    tiedostojen kentät", never "tiedoston roadmap/tuotokset/" (a folder is not a file)."""
    for section in field_reference(roadmap):
        soup = soup_of(page_path(built_site, routes.page_url(section.route)))
        description = soup.select_one('meta[name="description"]')["content"]
        if section.kind.folder:
            assert f"kansion {section.location} tiedostojen kentät" in description, description
        else:
            assert f"tiedoston {section.location} kentät" in description, description


# --- make uusi: the new-file command --------------------------------------------------------------


@pytest.mark.parametrize("type_name", sorted(TYPES))
def test_new_file_has_required_fields_and_the_rest_ready_to_enable(type_name, content_copy):
    kind = TYPES[type_name]
    made = new_file(content_copy, type_name, "Uusi asia")
    lines = made.text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../schema/{kind.schema}.schema.json"
    assert (content_copy / "schema" / f"{kind.schema}.schema.json").is_file()
    assert made.path.parent == content_copy / str(kind.folder)
    fields = fields_of(kind)
    active = yaml.safe_load(made.text)
    assert list(active) == [f.key for f in fields if f.required]
    # Removing the one "#" from the lines of the disabled fields gives every field of the model.
    enabled = "\n".join(line[1:] if re.match(r"#(?! \S)", line) else line for line in lines)
    everything = yaml.safe_load(enabled)
    assert list(everything) == [f.key for f in fields]
    for field in fields:
        if field.is_group:
            value = everything[field.key][0] if field.is_list else everything[field.key]
            assert list(value) == [child.key for child in field.children], field.key


def test_new_file_fills_in_what_is_known(content_copy, roadmap):
    made = new_file(content_copy, "tuotos", "Perhetyö: uusi malli")
    data = yaml.safe_load(made.text)
    assert data["nimi"] == "Perhetyö: uusi malli"  # quoted, so the colon stays text
    assert data["hanke"] == roadmap.projects[0].id  # the only project
    assert data["järjestys"] == max(o.order for o in roadmap.outputs) + 1
    assert data["ulottuvuus"] is None  # several to choose from: listed, left for the editor
    for dimension in roadmap.dimensions:
        assert f"# • {dimension.id} – {dimension.name}" in made.text


def test_new_ids_avoid_existing_files_reserved_names_and_the_other_theme_folder(content_copy):
    assert new_file(content_copy, "lapikulkeva", "Ennaltaehkäisy").entity_id == "ennaltaehkaisy-2"
    assert new_file(content_copy, "tuotos", "Haku").entity_id == "haku-2"
    assert new_file(content_copy, "tapahtuma", "Åland – öljy & ÄÖ").entity_id == "aland-oljy-ao"


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=200), taken=st.sets(st.from_regex(ID_PATTERN, fullmatch=True), max_size=5))
def test_fresh_id_is_always_safe_and_free(name, taken):
    try:
        entity_id = fresh_id(name, taken)
    except NewFileError:
        assert not re.search(r"[0-9A-Za-z]", name)
        return
    assert re.fullmatch(ID_PATTERN, entity_id) and len(entity_id) <= ID_MAX_LENGTH
    assert entity_id not in taken and entity_id not in RESERVED_IDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["teema", "Uusi"], "karkiteema"),
        (["tuotteet", "Uusi"], "Tuntematon tyyppi 'tuotteet'"),
        (["tuotos", ""], 'make uusi TYYPPI=tuotos NIMI="Työmallin nimi"'),
        ([], 'make uusi TYYPPI=tuotos NIMI="Työmallin nimi"'),
        (["tuotos", "???"], "ei saa tiedostonimeä"),
        (["tuotos", "x" * 301], "Nimi on liian pitkä"),
    ],
)
def test_new_file_mistakes_get_a_finnish_answer_and_no_file(args, expected, content_copy):
    before = sorted(p.name for p in content_copy.rglob("*"))
    result = run([sys.executable, "-m", "tiekartta", "uusi", *args], content_copy.parent)
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in content_copy.rglob("*")) == before


def test_type_names_cover_every_folder_and_accept_finnish_spellings():
    assert set(TYPES.values()) == {kind for kind in KINDS if kind.folder}
    assert resolve_type("kärkiteema") is k.SPEARHEADS
    assert resolve_type("läpi kulkeva teema") is k.CROSSCUTTING
    assert resolve_type("Tuotokset") is k.OUTPUTS


# --- The first-time editor: scaffold, fill in, check, build ---------------------------------------


def test_new_editor_adds_an_output_from_scaffold_to_published_page(project_copy, tmp_path, roadmap):
    name = "Perhekeskuksen sosiaalityön työmalli"
    made = run(make_command(project_copy, "uusi", "TYYPPI=tuotos", f"NIMI={name}"), project_copy)
    assert made.returncode == 0, made.stderr
    path = project_copy / "roadmap" / "tuotokset" / "perhekeskuksen-sosiaalityon-tyomalli.yaml"
    assert f"roadmap/tuotokset/{path.name}" in made.stdout
    assert "/tietopankki/perhekeskuksen-sosiaalityon-tyomalli/" in made.stdout

    # Before filling in, the check names the file, line and field that is still empty.
    check = run(make_command(project_copy, "check"), project_copy)
    assert check.returncode != 0
    blank = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if line == "ulottuvuus:")
    assert f"roadmap/tuotokset/{path.name}, rivi {blank}, kenttä 'ulottuvuus'" in check.stderr
    assert "Traceback" not in check.stderr

    # The editor fills in the blanks and enables the optional fields they need, as the file says.
    theme = roadmap.spearheads[0]
    dimension = roadmap.dimensions_for_project(roadmap.projects[0].id)[0]
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nulottuvuus:\n", f"\nulottuvuus: {dimension.id}\n")
    text = text.replace("\n#kunta:\n", f"\nkunta: {roadmap.municipalities[0].id}\n")
    text = text.replace("\n#kuvaus:\n", "\nkuvaus: Työmalli kuvaa sosiaalityöntekijän paikan perhekeskuksessa.\n")
    links = re.search(r"\n(#teemayhteydet:\n(?:#.*\n)*)", text).group(1)
    enabled = "".join(line[1:] + "\n" for line in links.splitlines())
    enabled = enabled.replace("- teema:\n", f"- teema: {theme.id}\n")
    enabled = enabled.replace("perustelu:\n", "perustelu: Perhekeskus on ennaltaehkäisevää työtä.\n")
    path.write_text(text.replace(links, enabled), encoding="utf-8")

    check = run(make_command(project_copy, "check"), project_copy)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Sisältö kunnossa" in check.stdout

    site = tmp_path / "uusi-site"
    built = build_site(project_copy, site)
    log = built.stdout + built.stderr
    assert built.returncode == 0, log
    assert not re.search(r"^(WARNING|ERROR)", log, re.MULTILINE), log
    page = page_path(site, "tietopankki/perhekeskuksen-sosiaalityon-tyomalli/")
    assert soup_of(page).find("h1").get_text(strip=True).rstrip("¶") == name
    theme_page = page_path(site, routes.page_url(routes.theme(theme)))
    assert page in {target for _, target, _ in internal_links(site, theme_page)}
    assert name in soup_of(theme_page).get_text()


def test_a_real_build_still_stops_at_a_content_error(project_copy, tmp_path):
    theme = project_copy / "roadmap" / "karkiteemat" / "ennaltaehkaisy.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("järjestys: 3", "järjestys: kolme"), encoding="utf-8")
    built = build_site(project_copy, tmp_path / "rikki")
    log = built.stdout + built.stderr
    assert built.returncode != 0
    assert "roadmap/karkiteemat/ennaltaehkaisy.yaml, rivi 3, kenttä 'järjestys'" in log
    assert not (tmp_path / "rikki" / "index.html").exists()


_PREVIEW_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1], strict=False)
config.plugins.on_startup(command="serve", dirty=False)  # as `make serve` starts
build(config)
"""


def test_the_preview_shows_a_hand_written_pages_mistake_on_the_page(project_copy, tmp_path):
    """`make serve` does not stop at a mistake in docs/ either: the page shows it, the terminal
    names file and line (a stopped rebuild would leave the browser waiting with no word)."""
    page = project_copy / "docs" / "tietoa.md"
    text = page.read_text(encoding="utf-8")
    assert "{{ sisallon_maarat() }}" in text
    page.write_text(text.replace("{{ sisallon_maarat() }}", "{{ sisallon_maarat( }}"), encoding="utf-8")
    line = next(i for i, row in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "sisallon_maarat(" in row)
    site = tmp_path / "esikatselu"
    built = run([sys.executable, "-c", _PREVIEW_BUILD, str(site)], project_copy)
    log = built.stdout + built.stderr
    assert built.returncode == 0, log
    assert f"docs/tietoa.md, rivi {line}:" in log and "Esikatselu näyttää virheet sivulla" in log
    shown = soup_of(page_path(site, routes.page_url("tietoa.md"))).get_text()
    assert f"docs/tietoa.md, rivi {line}" in shown and "{{ sisallon_maarat( }}" in shown
    assert "Traceback" not in log


def test_a_broken_link_on_a_hand_written_page_is_named_in_finnish_with_file_and_line(project_copy, tmp_path):
    page = project_copy / "docs" / "tietoa.md"
    text = page.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    page.write_text(text + "\nKatso [periaatteet](opas/periaatteet.md) ja [opas](opas/ohje.md).\n\n"
                    "[Tarkistukset](opas/tarkistukset.md#ei-ole-otsikkoa)\n", encoding="utf-8")
    built = build_site(project_copy, tmp_path / "rikki")
    log = built.stdout + built.stderr
    assert built.returncode != 0
    assert f"docs/tietoa.md, rivi {lines + 2}: Linkin kohdetta 'opas/ohje.md' ei ole." in log
    assert f"docs/tietoa.md, rivi {lines + 4}: Linkin 'opas/tarkistukset.md#ei-ole-otsikkoa' kohdesivulla" in log
    assert "Doc file" not in log and "Traceback" not in log


# --- The guide ------------------------------------------------------------------------------------


def _guide_text(built_site, src: str) -> str:
    return soup_of(page_path(built_site, routes.page_url(src))).select_one("article").get_text()


def test_guide_examples_are_valid_content(built_site, content_copy):
    """Every whole file the guide shows passes the check when put where its comment says."""
    placed = []
    for src in GUIDE_PAGES:
        soup = soup_of(page_path(built_site, routes.page_url(src)))
        for block in soup.select("article pre code"):
            text = block.get_text()
            target = re.search(r"^# Tiedosto: (roadmap/\S+\.yaml)$", text, re.MULTILINE)
            if target is None:
                continue  # a fragment, not a whole file
            assert text.startswith("# yaml-language-server: $schema=../schema/"), text
            target = target.group(1)
            (content_copy.parent / target).write_text(text, encoding="utf-8")
            placed.append(target)
    assert len(placed) >= 3
    # The examples are made up (docs/opas/periaatteet.md): they may point only to made-up ids
    # ("esimerkkihanke"), which do not exist; nothing else in them may be wrong.
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    problems = error.value.problems
    assert {p.file for p in problems} <= set(placed)
    assert all(p.kind == "unknown-reference" and "'esimerkki" in p.message for p in problems), error.value.report()


# The mistakes the guide explains, made in a copy of the content: the guide must quote the real message.
GUIDE_MISTAKES = [
    ("tuotokset/sosiaalityon-ja-perhetyon-yhteistyomalli.yaml", "teema: palvelupolut-ja-palveluprosessi",
     "teema: palvelupolut-ja-palveluprosesi"),
    ("tuotokset/hankeyhteistyo.yaml", "ulottuvuus: hankkeen-muu-toiminta", "ulottuvuus:"),
]
GUIDE_MISTAKES_TOGETHER = [
    ("tuotokset/sosiaalityon-ja-perhetyon-yhteistyomalli.yaml", "nimi: Sosiaalityön ja perhetyön yhteistyömalli\n", ""),
    ("tuotokset/sosiaalityon-ja-perhetyon-yhteistyomalli.yaml", "kunta: kontiolahti", "kunta: kontiolahti\nkuvau: Malli."),
    ("tapahtumat/omatyontekijaisyys-kehittamisseminaari.yaml", 'alkaa: "12.00"', "alkaa: 12.00"),
    ("tapahtumat/kehittamisseminaari-2019-11-18.yaml", "nimi: Sosiaalityön kehittämisseminaari", "nimi: Seminaari: tiekartta"),
    ("lapikulkevat-teemat/rakenteellinen-sosiaalityo.yaml", "järjestys: 5\n", "järjestys: 5\nkuvaus: >-\n\tTeksti.\n"),
    ("karkiteemat/ennaltaehkaisy.yaml", "järjestys: 3\n", "järjestys: 3\npainopiste: kyllä\n"),
    ("tuotokset/kuntouttava-sosiaalityo.yaml", "nimi: Kuntouttava sosiaalityö", "nimi: Kuntouttava sosiaalityö #1"),
    ("tuotokset/sosiaalityo-ja-kolmas-sektori-koulutus.yaml", "järjestys: 4\n",
     "järjestys: 4\nkuvaus: Lisää tietoa [Innokylässä](www.innokyla.fi).\n"),
]


@pytest.mark.parametrize("mistakes", [GUIDE_MISTAKES, GUIDE_MISTAKES_TOGETHER], ids=["references", "fields"])
def test_guide_quotes_the_real_error_messages(mistakes, built_site, content_copy):
    for relative, old, new in mistakes:
        path = content_copy / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    guide = _guide_text(built_site, "opas/tarkistukset.md")
    assert len(error.value.problems) == len(mistakes)
    for problem in error.value.problems:
        assert problem.format() in guide, problem.format()


def test_guide_quotes_the_start_of_the_personal_data_message(built_site, content_copy):
    """The guide shows the privacy message up to its advice, with the found text cut short."""
    path = content_copy / "tuotokset" / "hankeyhteistyo.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("järjestys: 1\n", "järjestys: 1\nkuvaus: Kysy matti.meikalainen@example.com\n", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    [problem] = error.value.problems
    shown = problem.message.split(" poista se.")[0] + " poista se."
    assert "'matti.meikal…'" in shown
    assert shown in _guide_text(built_site, "opas/tarkistukset.md"), shown


def test_contributing_and_pull_request_template_lead_to_the_guide():
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for src in GUIDE_PAGES[1:]:
        assert f"(docs/{src})" in contributing and (REPO / "docs" / src).is_file()
    assert "sosiaalityon-tiekartta.github.io/tiekartta/opas/" in contributing
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "Mistä tieto on peräisin?" in template and "/opas/tarkistukset/" in template


# --- pre-commit -----------------------------------------------------------------------------------


def test_pre_commit_config_is_valid():
    result = run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_stops_a_broken_commit(project_copy, tmp_path):
    (project_copy / ".venv").symlink_to(sys.prefix)  # the hook runs .venv/bin/python, as set up by make
    env = {**make_env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}

    def sh(*command):
        return subprocess.run(command, cwd=project_copy, capture_output=True, text=True, env=env, timeout=300)

    assert sh("git", "init", "-q").returncode == 0
    theme = project_copy / "roadmap" / "karkiteemat" / "ennaltaehkaisy.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("järjestys: 3", "järjestys: kolme"), encoding="utf-8")
    sh("git", "add", "roadmap", ".pre-commit-config.yaml")
    broken = sh(sys.executable, "-m", "pre_commit", "run", "--config", ".pre-commit-config.yaml")
    assert broken.returncode != 0
    assert "roadmap/karkiteemat/ennaltaehkaisy.yaml, rivi 3, kenttä 'järjestys'" in broken.stdout + broken.stderr
    theme.write_text(theme.read_text(encoding="utf-8").replace("järjestys: kolme", "järjestys: 3"), encoding="utf-8")
    sh("git", "add", "roadmap")
    fixed = sh(sys.executable, "-m", "pre_commit", "run", "--config", ".pre-commit-config.yaml")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
