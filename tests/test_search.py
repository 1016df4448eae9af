"""Search without a browser: Finnish forms, a page's search record, the index build and its failures."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from tiekartta.search.finnish import FinnishForms, Lemma, words
from tiekartta.search.morphology import Analyser, VoikkoMissing, read_output
from tiekartta.search.index import (
    FORMS_MARK, PagefindRun, SearchIndexError, build_index, parts_of, read_page, stage_folder, stage_page,
)
from tiekartta.site.page_finish import PageFinish

from conftest import REPO


@pytest.fixture(scope="module")
def forms():
    return FinnishForms()


def _stems_of_record(forms, sections):
    """The stems a page's record has: its own words' and those of the forms added to them."""
    own = [forms.stem(w) for section in sections for w in section]
    return own + [forms.stem(w) for section in forms.document_words(sections) for w in section]


def _found(forms, stems, query_word):
    """As Pagefind matches: the query's stem begins some indexed stem."""
    return any(stem.startswith(forms.stem(query_word)) for stem in stems)


def test_base_forms_undo_gradation_and_name_cases(forms):
    assert Lemma("kontio", "lahti", False) in forms.lemmas("kontiolahdella")
    assert Lemma("pyhä", "selkä", False) in forms.lemmas("pyhäselällä")
    assert any(lemma.text == "kaupunki" for lemma in forms.lemmas("kaupungissa"))
    assert any(lemma.text == "lapsi" for lemma in forms.lemmas("lasten"))


def test_compound_parts_that_are_words_of_their_own(forms):
    texts = {lemma.text for lemma in forms.lemmas("yhteistyömallissa")}
    assert {"yhteistyömalli", "yhteistyö", "malli", "työmalli"} <= texts
    # "yhteis" is a compound part but not a word of its own.
    assert "yhteis" not in texts


def test_inflected_forms_cover_both_grades(forms):
    inflected = set(forms.inflected(Lemma("", "kaupunki", False)))
    assert {"kaupunki", "kaupungissa", "kaupunkiin", "kaupungeissa"} <= inflected
    assert "kaupungitta" not in inflected  # abessive: nobody searches with it


def _content_words() -> set[str]:
    found: set[str] = set()
    for folder in (REPO / "roadmap", REPO / "docs"):
        for path in folder.rglob("*"):
            if path.suffix in (".yaml", ".md"):
                found.update(words(path.read_text(encoding="utf-8")))
    return found


def test_libvoikko_output_is_read_as_pyvoikko_reads_it_for_every_word_of_the_content():
    """The build reads libvoikko's transducer output itself (pyvoikko loads a second slower); over
    every word of the real content, its readings are pyvoikko's, field for field, and libvoikko
    gives no reading the transducer does not."""
    import pyvoikko  # the same Voikko transducer, run from Python
    from pyvoikko.analysis import VoikkoAnalysis

    def pyvoikko_fields(a):
        parts = tuple((p.FORM, p.BASEFORM, p.CLASS) for p in a.COMPOUND_PARTS or ())
        return a.FORM, a.BASEFORM, a.CLASS, parts

    def our_fields(a):
        return a.form, a.baseform, a.word_class, tuple((p.form, p.baseform, p.word_class) for p in a.parts)

    analyser = Analyser()
    assert analyser.native  # make installs Debian's libvoikko1 and voikko-fi
    content_words = _content_words()
    assert len(content_words) > 1000
    outputs = 0
    for word in content_words:
        transducer = {output for output, _weight in pyvoikko.VOIKKO_FST.lookup(word)}
        for output in transducer:
            assert our_fields(read_output(output)) == pyvoikko_fields(VoikkoAnalysis.from_voikko_analysis(output)), output
        outputs += len(transducer)
        assert {a.output for a in analyser.analyse(word)} <= transducer, word
    assert outputs > 1000


def test_compound_readings_give_their_parts_and_a_base_form_of_the_whole():
    reading = read_output("[Ln][Xp]perhe[X]perhe[Sn][Ny][Bh][Bc][Ln][Ion][Xp]keskus[X]kesku[Sg][Ny]ksen")
    assert (reading.form, reading.baseform, reading.word_class) == ("perhekeskuksen", "perhekeskus", "nimisana")
    assert [(p.form, p.baseform) for p in reading.parts] == [("perhe", "perhe"), ("keskuksen", "keskus")]
    assert read_output("[Bh][Bc]") is None  # no word class: nothing to read


def _without_native_voikko(monkeypatch):
    import libvoikko

    def missing(*args, **kwargs):
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(libvoikko, "Voikko", missing)


def test_without_native_voikko_the_transducer_runs_from_python_with_the_same_readings(monkeypatch, caplog):
    native = Analyser()
    _without_native_voikko(monkeypatch)
    with caplog.at_level("INFO", logger="mkdocs.plugins.tiekartta"):
        fallback = Analyser()
    assert native.native and not fallback.native
    assert "pyvoikko" in caplog.text and "libvoikko.so.1" in caplog.text
    for word in ("kontiolahdella", "kaupungissa", "yhteistyömallissa", "lastensuojelussa", "lasten"):
        assert fallback.analyse(word) == native.analyse(word), word
    assert fallback.analyse("\x00") == []  # a character the transducer does not know


def test_without_any_voikko_the_index_fails_with_what_to_install(tmp_path, monkeypatch):
    """A build stops on a SearchIndexError with its message (search_site), not a traceback."""
    import sys

    _without_native_voikko(monkeypatch)
    monkeypatch.setitem(sys.modules, "pyvoikko", None)  # not installed either
    with pytest.raises(VoikkoMissing, match="libvoikko1 ja voikko-fi"):
        Analyser()
    site = _site(tmp_path, {"index.html": ARTICLE})
    with pytest.raises(SearchIndexError, match="libvoikko1 ja voikko-fi"):
        build_index(site, forms=FinnishForms())
    assert not (site / "pagefind").exists() and not (site / "pagefind.partial").exists()


@pytest.mark.parametrize(
    ("page_text", "queries"),
    [
        ("Sosiaalityön ja perhetyön yhteistyömalli. Kunta: Kontiolahti.",
         ["kontiolahdella", "kontiolahden", "yhteistyömalleissa", "mallissa", "perhetyöstä", "perhetyö"]),
        ("Varhaisen puuttumisen yhteistyökäytännöt lastensuojelussa. Pyhäselkä.",
         ["pyhäselällä", "pyhäselän", "lastensuojeluun", "lastensuojelussammekin", "käytäntöjä", "käytännöissä"]),
        ("Kaupunki ja sen palvelupolut", ["kaupungissa", "kaupunkien", "palvelupolulla", "polkuja"]),
    ],
)
def test_every_form_of_a_page_word_finds_the_page(forms, page_text, queries):
    stems = _stems_of_record(forms, [[], [], words(page_text)])
    missing = [q for q in queries if not _found(forms, stems, q)]
    assert not missing


def test_unrelated_words_do_not_find_the_page(forms):
    stems = _stems_of_record(forms, [[], [], words("Kuntouttava sosiaalityö Joensuussa")])
    assert not any(_found(forms, stems, q) for q in ["lastensuojelu", "kontiolahdella", "perhehoito"])


def test_title_words_keep_their_forms_in_the_title(forms):
    title, headings, text = forms.document_words(
        [words("Perhehoidon yhteistyö"), words("Lisätiedot"), words("Perhehoidon yhteistyö ja muuta tekstiä")]
    )
    assert any(forms.stem(w).startswith(forms.stem("perhehoitoon")) for w in title)
    assert not any(forms.stem(w).startswith(forms.stem("perhehoitoon")) for w in text)
    assert len(set(title) & set(text)) == 0  # each stem once, in its weightiest section


def test_forms_leave_out_the_stems_the_page_has_with_as_much_weight(forms):
    """The record has the page's own text: a form adds only a stem the text lacks, or a title
    word's stem that the page has only in its text (then it weighs as the title)."""
    title, headings, text = forms.document_words(
        [words("Kaupunki"), [], words("Kaupunki ja kaupungissa asuvat lapset kaupungissa")]
    )
    own = {forms.stem(w) for w in words("Kaupunki ja kaupungissa asuvat lapset")}
    assert not {forms.stem(w) for w in text} & own
    assert forms.stem("kaupungissa") in {forms.stem(w) for w in title}  # text has it, title weight added
    assert forms.stem("kaupunki") not in {forms.stem(w) for w in title}  # the title itself has it


ARTICLE = """<html lang="fi"><head><meta name="description" content="Kuvaus &amp; tiivistelmä"></head><body>
<nav>Navigaatio ei kuulu hakuun</nav>
<article class="md-content__inner md-typeset">
<a class="md-content__button" href="#">Muokkaa</a>
<h1 id="x">Otsikko<a class="headerlink" href="#x">¶</a></h1>
<p class="tk-laji" data-pagefind-filter="tuotos:esimerkki">Tuotos · Kontiolahti<span data-pagefind-filter="kunta:kontiolahti"></span><span data-pagefind-filter="teema:perhehoito"></span><span data-pagefind-filter="teema:osallisuus"></span></p>
<h2>Väliotsikko</h2><p>Leipäteksti lastensuojelussa.</p>
<ul data-pagefind-ignore><li>Muun sivun nimi</li></ul>
</article></body></html>"""


def test_read_page_takes_what_pagefind_indexes():
    page = read_page(ARTICLE, "/tietopankki/esimerkki/")
    assert page.title == "Otsikko"
    assert page.description == "Kuvaus & tiivistelmä"
    assert page.filters == {"tuotos": ["esimerkki"], "kunta": ["kontiolahti"], "teema": ["perhehoito", "osallisuus"]}
    assert page.headings == "Väliotsikko"
    assert "lastensuojelussa" in page.text and "Kontiolahti" in page.text
    for left_out in ("Navigaatio", "Muokkaa", "¶", "Muun sivun"):
        assert left_out not in page.text


def test_a_staged_page_is_its_article_then_the_mark_then_the_forms_of_its_words(tmp_path, forms):
    import lxml.html

    staged = stage_page(tmp_path, "/tietopankki/esimerkki/", parts_of(ARTICLE), forms)
    root = lxml.html.fromstring((tmp_path / "tietopankki" / "esimerkki" / "index.html").read_text(encoding="utf-8"))
    (article,) = root.xpath("//article")
    text = " ".join(article.text_content().split())
    own, mark, added = text.partition(FORMS_MARK)
    assert mark and "Leipäteksti lastensuojelussa" in own and "Leipäteksti" not in added
    assert staged.forms == len(added.split()) > 0
    # Gradation: the page says Kontiolahti, a reader may search for Kontiolahdella.
    assert not any(forms.stem(w).startswith(forms.stem("kontiolahdella")) for w in own.split())
    assert any(forms.stem(w).startswith(forms.stem("kontiolahdella")) for w in added.split())
    # The page's own filters only, and its description as metadata outside the indexed text.
    spans = article.xpath(".//*[@data-pagefind-filter]")
    assert sorted(s.get("data-pagefind-filter") for s in spans) == sorted(
        ["tuotos:esimerkki", "kunta:kontiolahti", "teema:perhehoito", "teema:osallisuus"])
    (description,) = article.xpath(".//*[@data-pagefind-meta]")
    assert description.get("data-pagefind-meta") == "kuvaus" and description.text == "Kuvaus & tiivistelmä"
    assert description.xpath("ancestor::*[@data-pagefind-ignore]")


def _site(tmp_path, pages: dict[str, str]):
    site = tmp_path / "site"
    for path, html in pages.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return site


def test_build_index_writes_only_into_the_site(tmp_path, monkeypatch, forms):
    monkeypatch.chdir(tmp_path)  # Pagefind's default output folder is relative to the working folder
    site = _site(tmp_path, {"index.html": ARTICLE, "tietopankki/esimerkki/index.html": ARTICLE})
    summary = build_index(site, forms=forms)
    assert summary.pages == 2 and summary.pages_with_forms == 2 and summary.forms > 0
    output = site / "pagefind"
    assert (output / "pagefind.js").exists() and (output / "pagefind-entry.json").exists()
    assert list((output / "fragment").iterdir())
    assert not list(output.glob("pagefind-ui.*"))  # Pagefind's own UIs are not published
    assert not (site / "pagefind.partial").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_site_with_nothing_to_index_fails_in_finnish_and_leaves_no_index(tmp_path):
    site = _site(tmp_path, {"index.html": "<html lang='fi'><body><p>Ei artikkelia</p></body></html>"})
    with pytest.raises(SearchIndexError, match="Hakuhakemisto jäi tyhjäksi"):
        build_index(site, finnish_forms=False)
    assert not (site / "pagefind").exists() and not (site / "pagefind.partial").exists()


def test_a_failed_index_keeps_the_previous_one(tmp_path, forms):
    site = _site(tmp_path, {"index.html": ARTICLE})
    build_index(site, forms=forms)
    before = sorted(p.name for p in (site / "pagefind").iterdir())
    (site / "index.html").write_text("<html><body>tyhjä</body></html>", encoding="utf-8")
    with pytest.raises(SearchIndexError):
        build_index(site, forms=forms)
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == before


def _fragments(site):
    """The index's records: Pagefind names each fragment file by a hash of its content."""
    return sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())


def _content(title: str, text: str) -> str:
    """A page's content as MkDocs makes it, and the page Material writes around it."""
    return (f'<h1 id="x">{title}<a class="headerlink" href="#x">¶</a></h1>\n'
            f'<p data-pagefind-filter="kunta:kontiolahti">{text}</p>\n<ul data-pagefind-ignore><li>Muu sivu</li></ul>')


def _written(content: str, description: str) -> str:
    return (f'<!doctype html><html lang="fi"><head><meta name="description" content="{description}"></head>'
            f'<body><nav>Valikko</nav><article class="md-content__inner md-typeset">'
            f'<a class="md-content__button" href="#">Muokkaa</a>{content}'
            f'<aside class="md-source-file">Päivitetty</aside></article></body></html>')


def _build_beside(tmp_path, pages, *, written_too=()):
    """What the hook does during a build (tiekartta/site/search_site.py), for `pages`
    (URL → title, text, description); the site gets the written pages and `written_too`."""
    from html import escape
    from types import SimpleNamespace

    from tiekartta.site import background, search_site

    site = tmp_path / "site"
    config = SimpleNamespace(site_dir=str(site), site_name="Sivusto", site_description="Sivuston kuvaus",
                             theme={"language": "fi"}, config_file_path=str(tmp_path / "mkdocs.yml"))
    background.start(warm_up=search_site.warm_up)
    search_site.start_build(config)
    try:
        finishing = {}
        for url, (title, text, description) in pages.items():
            page = SimpleNamespace(url=url, title=title, meta={"description": description} if description else {},
                                   file=SimpleNamespace(src_uri=f"{url}index.md", dest_uri=f"{url}index.html"))
            finishing[page.file.src_uri] = PageFinish(_content(title, text), False, search_site.stage_step(page, config))
        not_found = SimpleNamespace(url="404.html", title="404", meta={},
                                    file=SimpleNamespace(src_uri="404.md", dest_uri="404.html"))
        assert search_site.stage_step(not_found, config) is None
        search_site.pages_read(config, finishing)
        for url, (title, text, description) in pages.items():
            target = site / url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            # The page's own description is escaped once on its way into the meta tag (mkdocs_site.decorate_page).
            written = _written(_content(title, text), escape(description) if description else config.site_description)
            target.write_text(written, encoding="utf-8")
        for url, html in written_too:
            (site / url).mkdir(parents=True, exist_ok=True)
            (site / url / "index.html").write_text(html, encoding="utf-8")
        search_site.build_search_index(config)
    finally:
        search_site.discard()
        background.stop()
    return site


PAGES = {
    "": ("Etusivu", "Sosiaalityön tiekartta kunnissa.", ""),
    "tietopankki/esimerkki/": ("Perhehoidon yhteistyö", "Leipäteksti lastensuojelussa.", "Kuvaus &amp; tiivistelmä"),
    "tietopankki/toinen/": ("Sijaishuollon malli", "Kontiolahdella kokeiltu malli.", "Toinen kuvaus"),
}


def test_the_index_made_beside_the_build_is_the_index_of_the_written_site(tmp_path, forms):
    """Pages are staged from their content as MkDocs makes them, in a worker process, and indexed
    while MkDocs writes the site: the records are those Pagefind makes from the written pages."""
    site = _build_beside(tmp_path, PAGES)
    beside = _fragments(site)
    assert len(beside) == len(PAGES)  # one record a page, with its forms; the 404 page is not indexed
    copy = tmp_path / "kopio"
    for url in PAGES:
        (copy / url).mkdir(parents=True, exist_ok=True)
        (copy / url / "index.html").write_text((site / url / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    summary = build_index(copy, forms=forms)
    assert _fragments(copy) == beside
    assert summary.pages == summary.pages_with_forms == len(PAGES)
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "pagefind", "tietopankki"]


def test_a_page_the_build_did_not_stage_gets_the_index_made_from_the_site(tmp_path, forms):
    """A page in the site that MkDocs did not make (e.g. a file copied as it is): the index
    is made from the written site, so that it is found too."""
    extra = _written(_content("Käsin tehty sivu", "Omaishoitajien ryhmätoiminta."), "Kuvaus")
    site = _build_beside(tmp_path, PAGES, written_too=[("kasin/", extra)])
    records = _fragments(site)
    assert len(records) == len(PAGES) + 1


def test_a_failed_build_leaves_no_stage_and_no_half_index(tmp_path):
    from types import SimpleNamespace

    from tiekartta.site import background, search_site

    site = tmp_path / "site"
    site.mkdir()
    config = SimpleNamespace(site_dir=str(site), site_name="S", site_description="", theme={"language": "fi"},
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    background.start(warm_up=search_site.warm_up)
    try:
        search_site.start_build(config)
        stage = search_site._current.stage
        page = SimpleNamespace(url="", title="T", meta={}, file=SimpleNamespace(src_uri="index.md", dest_uri="index.html"))
        finishing = {"index.md": PageFinish(_content("Otsikko", "Tekstiä."), False, search_site.stage_step(page, config))}
        search_site.pages_read(config, finishing)
        search_site.discard()  # on_build_error
    finally:
        background.stop()
    assert not stage.exists()
    assert list(site.iterdir()) == []


def _processes_in(folder):
    """The processes whose working folder is `folder` (Linux: /proc)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.readlink(f"/proc/{entry.name}/cwd").startswith(str(folder)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _nice(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return int(stat.read().rpartition(")")[2].split()[16])


def _running(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the processes from /proc (Linux)")
def test_a_stopped_run_ends_pagefind_itself_and_leaves_nothing(tmp_path):
    """Pagefind runs at a low priority under a process that moves its index into the site; stopping
    the run (a failed build, the preview ending) ends Pagefind too, not only that process: it
    never finishes its index, even with its folder still in place."""
    stage = stage_folder()
    text = " ".join(f"sana{number} lastensuojelussa" for number in range(300))
    run = None
    try:
        for number in range(1500):  # enough text that Pagefind runs for seconds
            parts = parts_of(_written(_content(f"Otsikko {number}", text), "Kuvaus"))
            stage_page(stage, f"/sivu-{number}/", parts, None)
        output = tmp_path / "pagefind.partial"
        run = PagefindRun(stage, output)
        work = run._work
        deadline = time.monotonic() + 10
        while len(_processes_in(work)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # until Pagefind itself has started under its parent
        processes = _processes_in(work)
        assert len(processes) == 2
        assert [_nice(pid) for pid in processes] == [19, 19]  # below the build beside it
        run._end()  # what stop() does first, with the run's folder still in place
        deadline = time.monotonic() + 30
        while any(map(_running, processes)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(map(_running, processes))
        # A Pagefind left running would have finished and written its index by now.
        assert not list(work.rglob("pagefind-entry.json"))
        run.stop()
        assert not work.exists() and not output.exists()
    finally:
        if run is not None:
            run.stop()  # a second stop is harmless; after a failed assertion it cleans up
        shutil.rmtree(stage, ignore_errors=True)


def test_the_worker_learns_the_pages_words_before_the_pages_come(tmp_path):
    """Voikko's analyses of the pages' words are made before the pages need them (on_files);
    a file that cannot be read is left to the content check, which reports it."""
    from tiekartta.search.finnish import FinnishForms
    from tiekartta.site import search_site

    (tmp_path / "tuotos.yaml").write_text("nimi: Liperin kotikuntoutuksen vertaisryhmä\n", encoding="utf-8")
    (tmp_path / "rikki.yaml").write_bytes(b"nimi: \xff\xfe")
    search_site._learn_pages([], [str(tmp_path)], None)
    forms = search_site._finnish_forms()
    for word in ("liperin", "kotikuntoutuksen", "vertaisryhmä"):
        before = FinnishForms.lemmas.cache_info()
        forms.lemmas(word)
        after = FinnishForms.lemmas.cache_info()
        assert (after.hits, after.misses) == (before.hits + 1, before.misses), word  # analysed already


def test_a_stage_left_by_a_killed_build_is_removed_by_the_next(tmp_path, monkeypatch):
    """Stages live in memory (/dev/shm): one left behind would hold memory until a restart."""
    import subprocess
    import sys

    from tiekartta.search import index

    monkeypatch.setattr(index, "MEMORY_FOLDER", tmp_path)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    left = tmp_path / f"tk-haku-{ended.pid}-abc"
    (left / "sivu").mkdir(parents=True)
    own = index.stage_folder()
    assert own.parent == tmp_path and own.name.startswith(f"tk-haku-{os.getpid()}-")
    other = tmp_path / "muu-kansio"
    other.mkdir()
    index.remove_left_stages()
    assert not left.exists()
    assert own.exists() and other.exists()  # this build's stage, and what is not a stage
