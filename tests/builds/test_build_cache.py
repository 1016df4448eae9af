"""What a build keeps for the next one (.cache/): compiled templates and the Finnish word forms,
never used for a published version."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from jinja2 import DictLoader, Environment

from sitecheck import site_files
from tiekartta.search import finnish, forms_cache
from tiekartta.search.finnish import FinnishForms, words
from tiekartta.site import build_cache

TEXT = ("Liperin kotikuntoutuksen vertaisryhmä kokoontui kaupungissa. Lastensuojelun työmallit ja "
        "yhteistyömallit kehittyivät Pyhäselällä.")


# --- Compiled templates --------------------------------------------------------------------


def _environment(source: str) -> Environment:
    return Environment(loader=DictLoader({"sivu.html": source}))


def test_a_template_compiled_once_is_read_back_by_the_next_build(tmp_path, monkeypatch):
    monkeypatch.delenv(build_cache.OFF, raising=False)
    first = build_cache.keep_compiled_templates(_environment("Hei {{ nimi }}!"), tmp_path)
    assert first.get_template("sivu.html").render(nimi="Liperi") == "Hei Liperi!"
    assert list((tmp_path / ".cache" / "jinja").iterdir())

    again = build_cache.keep_compiled_templates(_environment("Hei {{ nimi }}!"), tmp_path)

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(again, "compile", no_compiling)
    assert again.get_template("sivu.html").render(nimi="Joensuu") == "Hei Joensuu!"


def test_an_edited_template_is_compiled_anew(tmp_path, monkeypatch):
    monkeypatch.delenv(build_cache.OFF, raising=False)
    build_cache.keep_compiled_templates(_environment("Vanha {{ nimi }}"), tmp_path).get_template("sivu.html")
    edited = build_cache.keep_compiled_templates(_environment("Uusi {{ nimi }}"), tmp_path)
    assert edited.get_template("sivu.html").render(nimi="sivu") == "Uusi sivu"


def test_with_the_cache_off_a_build_reads_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(build_cache.OFF, "1")
    env = build_cache.keep_compiled_templates(_environment("Hei"), tmp_path)
    assert env.get_template("sivu.html").render() == "Hei"
    assert env.bytecode_cache is None
    assert build_cache.folder(tmp_path, "finnish-forms") is None
    assert not (tmp_path / ".cache").exists()


def test_publishing_builds_without_the_cache(monkeypatch, tmp_path):
    """tiekartta.publish runs mike with TIEKARTTA_NO_CACHE: nothing a local build kept is published."""
    from tiekartta import publish

    seen = {}

    def run(command, cwd, env, check):
        seen.update(env)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(publish.subprocess, "run", run)
    publish.run_mike(tmp_path, "deploy", "2025", failure="")
    assert seen[build_cache.OFF] == "1"


# --- Finnish word forms ---------------------------------------------------------------------


def _learned(text: str = TEXT) -> FinnishForms:
    forms = FinnishForms()
    forms.document_words([words(text)])  # analyses and inflects each word once, into its caches
    return forms


def test_forms_kept_by_one_build_need_no_analysis_in_the_next(tmp_path, monkeypatch):
    forms = _learned()
    forms_cache.save(tmp_path, forms, words(TEXT))
    [saved] = tmp_path.iterdir()
    assert saved.suffix == ".json"

    fresh = FinnishForms()
    assert forms_cache.load(tmp_path, fresh) == len({w for w in words(TEXT) if len(w) >= finnish.MIN_LENGTH})

    def no_analysis(word):
        raise AssertionError(f"analysed again: {word}")

    monkeypatch.setattr(fresh, "lemmas", no_analysis)
    sections = [words("Kotikuntoutuksen vertaisryhmä"), words("Lastensuojelun työmallit"), words(TEXT)]
    assert fresh.document_words(sections) == forms.document_words(sections)


def test_a_file_that_cannot_be_read_is_as_if_there_were_none(tmp_path):
    forms = FinnishForms()
    name = f"{forms_cache.key(forms)}.json"
    for text in ("{ei jsonia", json.dumps(["lista"]), json.dumps({"sana": ["ei", "sanakirja"]}),
                 json.dumps({"sana": {"varsi": 3}})):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert forms_cache.load(tmp_path, forms) == 0
    assert forms.known(["sana"]) == {}


def test_forms_of_other_code_or_another_voikko_are_not_used_and_are_removed(tmp_path, monkeypatch):
    forms = _learned()
    forms_cache.save(tmp_path, forms, words(TEXT))
    monkeypatch.setattr(forms_cache.morphology, "native_identity", lambda: "toinen Voikko")
    assert forms_cache.load(tmp_path, FinnishForms()) == 0  # another key: the old file is not read
    forms_cache.save(tmp_path, forms, words(TEXT))
    assert [path.name for path in tmp_path.iterdir()] == [f"{forms_cache.key(forms)}.json"]
    assert forms_cache.key(FinnishForms(inflect=False)) != forms_cache.key(forms)


def test_the_index_keeps_the_words_of_the_pages_and_the_next_index_reads_them(tmp_path, monkeypatch):
    """build_index keeps the forms of every indexed page's words; the next index analyses none
    of them again, and writes nothing when nothing is new."""
    from tiekartta.search.index import build_index

    site = tmp_path / "sivusto"
    page = site / "opas" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="fi"><body><article class="md-content__inner md-typeset"><h1>Toimittajan opas</h1>'
                    "<p>Liperin kotikuntoutuksen vertaisryhmä kokoontui kaupungissa.</p></article></body></html>",
                    encoding="utf-8")
    saved = tmp_path / ".cache" / "finnish-forms"
    build_index(site, forms=FinnishForms(), forms_folder=saved)
    [kept] = saved.iterdir()
    words_of_pages = ["liperin", "kotikuntoutuksen", "vertaisryhmä", "kokoontui", "kaupungissa", "toimittajan"]
    assert set(words_of_pages) <= json.loads(kept.read_text(encoding="utf-8")).keys()

    again = FinnishForms()
    analysed = []
    analyse = again.lemmas
    monkeypatch.setattr(again, "lemmas", lambda word: analysed.append(word) or analyse(word))
    before = kept.stat().st_mtime_ns
    build_index(site, forms=again, forms_folder=saved)
    assert not set(analysed) & set(words_of_pages)
    assert kept.stat().st_mtime_ns == before  # nothing new, nothing written


# --- The real build ------------------------------------------------------------------------


@pytest.mark.build
def test_a_build_from_the_cache_is_the_same_site_as_one_without_it(project_copy, tmp_path):
    """The real content: the first build keeps compiled templates and the pages' word forms, the
    next one uses them and makes the same site byte for byte (the search's records included); a build
    with TIEKARTTA_NO_CACHE, as a published version is built, reads and writes no cache."""
    from conftest import build_site

    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # the same dates in every build
    sites = {}
    for name, extra in (("ensimmäinen", {}), ("välimuistista", {}), ("ilman", {build_cache.OFF: "1"})):
        if extra:
            shutil.rmtree(project_copy / ".cache")
        result = build_site(project_copy, tmp_path / name, env={**env, **extra})
        assert result.returncode == 0, result.stdout + result.stderr
        sites[name] = site_files(tmp_path / name)
        if name == "ensimmäinen":
            assert list((project_copy / ".cache" / "jinja").iterdir())
            [forms] = (project_copy / ".cache" / "finnish-forms").iterdir()
            kept = json.loads(forms.read_text(encoding="utf-8"))
            assert {"kehittämisseminaari", "lastensuojelun", "omatyöntekijäisyys"} <= kept.keys()
    assert not (project_copy / ".cache").exists()
    assert sites["välimuistista"] == sites["ensimmäinen"]
    assert sites["ilman"] == sites["ensimmäinen"]


def test_a_cache_folder_removed_under_a_living_environment_only_means_compiling_again(tmp_path, monkeypatch):
    monkeypatch.delenv(build_cache.OFF, raising=False)
    env = build_cache.keep_compiled_templates(_environment("Hei {{ nimi }}!"), tmp_path / "projekti")
    shutil.rmtree(tmp_path / "projekti")
    assert env.get_template("sivu.html").render(nimi="Liperi") == "Hei Liperi!"


def test_a_template_is_compiled_again_when_a_filter_starts_taking_the_context(tmp_path, monkeypatch):
    # The compiled code calls a filter with or without the context: code compiled for the other
    # way would fail ("missing 1 required positional argument") in the next build.
    from jinja2 import pass_context

    monkeypatch.delenv(build_cache.OFF, raising=False)
    plain = _environment("{{ nimi|tervehdys }}")
    plain.filters["tervehdys"] = lambda name: f"Hei {name}!"
    assert build_cache.keep_compiled_templates(plain, tmp_path).get_template("sivu.html").render(nimi="Liperi") == "Hei Liperi!"

    with_context = _environment("{{ nimi|tervehdys }}")
    with_context.filters["tervehdys"] = pass_context(lambda context, name: f"Hei {name} ({context['paikka']})!")
    page = build_cache.keep_compiled_templates(with_context, tmp_path).get_template("sivu.html")
    assert page.render(nimi="Liperi", paikka="Joensuu") == "Hei Liperi (Joensuu)!"
