"""Search without a browser: Finnish forms, a page's search record, the index build and its failures."""

from __future__ import annotations

import pytest

from tiekartta.search.finnish import FinnishForms, Lemma, words
from tiekartta.search.morphology import Analyser, VoikkoMissing, read_output
from sitecheck import read_page
from tiekartta.search.index import FORMS_MARK, SearchIndexError, build_index, parts_of, stage_page

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
    """A build stops on a SearchIndexError with its message (tiekartta/site/mkdocs_site.py), not a traceback."""
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


def test_every_record_passes_the_check_before_pagefind_reads_it(tmp_path, forms):
    """The publishing gate sees each record (the page's text and the forms of its words); when it
    refuses one, no index is made and the site keeps the one it had."""
    site = _site(tmp_path, {"index.html": ARTICLE, "tietopankki/esimerkki/index.html": ARTICLE})
    seen = {}
    build_index(site, forms=forms, check=seen.__setitem__)
    assert sorted(seen) == ["/", "/tietopankki/esimerkki/"]
    assert seen["/"] == "Kuvaus & tiivistelmä"  # what a record adds to its page: the description
    before = _fragments(site)

    def refuse(url, record):
        raise SearchIndexError(f"{url}: ei julkaista")

    with pytest.raises(SearchIndexError, match="ei julkaista"):
        build_index(site, forms=forms, check=refuse)
    assert _fragments(site) == before and not (site / "pagefind.partial").exists()


def test_the_index_leaves_no_temporary_files(tmp_path, monkeypatch, forms):
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    build_index(_site(tmp_path, {"index.html": ARTICLE}), forms=forms)
    assert list(scratch.iterdir()) == []
