"""The publishing gate (tiekartta/site/gate.py): every page's HTML cleaned the same way, and the
privacy and credential guard over the text that is actually published."""

from __future__ import annotations

import logging
import re

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import REPO, build_site
from tiekartta.boundary.handwritten_markup import ALLOWED_CLASSES
from tiekartta.site.gate import Kind, PublishingGate

HETU = "131052-308T"  # the checksum-valid example of the tax administration's instructions


def test_a_page_is_cleaned_and_what_was_removed_names_the_page_and_its_file(caplog):
    gate = PublishingGate(stop_on_findings=True)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.tiekartta"):
        html = gate.admit("tietoa.md", "docs/tietoa.md", '<p>Teksti</p><img src="x" onerror="alert(1)">', Kind.PAGE)
    assert html == "<p>Teksti</p>"
    assert "Sivulta tietoa.md (lähde docs/tietoa.md) poistettiin" in caplog.text and "<img>" in caplog.text


def test_a_clean_page_passes_unchanged_and_quietly(caplog):
    html = '<h2 id="a">Otsikko</h2>\n<p>Teksti <a href="https://example.org/">linkki</a></p>'
    with caplog.at_level(logging.WARNING):
        assert PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE) == html
    assert caplog.text == ""


@pytest.mark.parametrize("html", [
    f"<p>Asiakkaan hetu {HETU}.</p>",
    "<p>Asiakkaan hetu 131052-<em>308</em>T.</p>",  # split by Markdown, read as the reader sees it
    '<p><abbr title="131052-308T">hetu</abbr></p>',  # in an attribute a reader is shown
    # In attributes a reader is not shown: a link's address (also percent-encoded), data-, an id.
    '<p><a href="https://example.com/lomake?hetu=131052-308T">lomake</a></p>',
    '<p><a href="mailto:matti.meikalainen%40gmail.com">sähköpostilla</a></p>',
    '<p><span data-yhteys="puh 040 1234567">Teksti</span></p>',
    '<h2 id="131052-308t">Otsikko</h2>',
    # A line break inside a paragraph shows as a space.
    "<p>Soita meille numeroon 040\n555 1234 arkisin.</p>",
    "<p>Asiakkaan hetu 131052\n308T on tässä.</p>",
])
def test_personal_data_in_a_page_stops_the_build_naming_the_file(html):
    with pytest.raises(Abort, match=r"docs/tietoa\.md: julkaistavassa tekstissä \(sivu tietoa\.md\)") as refused:
        PublishingGate(stop_on_findings=True).admit("tietoa.md", "docs/tietoa.md", html, Kind.PAGE)
    assert "308T" not in str(refused.value)  # the log may be public: what was found is not repeated


def test_a_finding_names_the_line_of_the_source_that_has_it(tmp_path):
    """A generated page is made from several files: the message names the file and the line that
    have the text found, or its first word when the page joins that line's text to another's."""
    (tmp_path / "roadmap").mkdir()
    (tmp_path / "roadmap" / "tiekartta.yaml").write_text("nimi: Tiekartta\n", encoding="utf-8")
    (tmp_path / "roadmap" / "eteenpain.yaml").write_text(
        "# Eteenpäin\notsikko: /etc/passwd\naskeleet:\n  - teksti: Omatyöntekijyyden kehittäminen alkaa\n"
        f"  - teksti: Asiakas {HETU}\n", encoding="utf-8")
    gate = PublishingGate(stop_on_findings=True, project=tmp_path)
    sources = ("roadmap/tiekartta.yaml", "roadmap/eteenpain.yaml")
    joined = "<p><strong>/etc/passwd:</strong> Omatyöntekijyyden kehittäminen alkaa</p>"
    with pytest.raises(Abort, match=r"^roadmap/eteenpain\.yaml, rivi 2: julkaistavassa .*muotoile rivi toisin") as refused:
        gate.admit("index.md", sources[0], joined, Kind.PAGE, sources=sources)
    assert "passwd" not in str(refused.value)
    with pytest.raises(Abort, match=r"^roadmap/eteenpain\.yaml, rivi 5: julkaistavassa") as refused:
        gate.admit("index.md", sources[0], f"<p>Asiakas {HETU}</p>", Kind.PAGE, sources=sources)
    assert "muotoile" not in str(refused.value)
    # An open data file is made from all of the content: the line is looked for in every file.
    with pytest.raises(Abort, match=r"^roadmap/eteenpain\.yaml, rivi 2: julkaistavassa tekstissä \(avoimen datan"):
        gate.admit("data/tapahtumat.ics", "data/tapahtumat.ics", "SUMMARY:/etc/passwd: Omatyöntekijyyden kehittäminen",
                   Kind.DATA, sources=sources)
    with pytest.raises(Abort, match=r"^data/muu\.csv: julkaistavassa"):  # in no source: the file itself
        gate.admit("data/muu.csv", "data/muu.csv", f"Asiakas 010203-123{HETU[-1]}", Kind.DATA, sources=sources)


@pytest.mark.parametrize("published, kind, text", [
    # A password or username that merely ends with the site's host is found as one credential.
    ("testi.md", Kind.PAGE, "<p>Kirjautuminen salasana:kissa123@{host}</p>"),
    ("testi.md", Kind.PAGE, "<p>käyttäjätunnus:sosbox@{host}</p>"),
    ("data/tapahtumat.ics", Kind.DATA, "X-TESTI:salasana=kissa123@{host}\r\n"),
    # An address at the site's host is an address on a page; in the calendar, one that is no event id.
    ("testi.md", Kind.PAGE, "<p>Kirjoita matti-meikalainen@{host}</p>"),
    ("data/tapahtumat.ics", Kind.DATA, "X-TESTI:matti.meikalainen@{host}\r\n"),
])
def test_only_the_calendars_event_ids_pass_as_the_sites_own(published, kind, text):
    from tiekartta.opendata.ical import uid_host

    host = uid_host("https://sosiaalityon-tiekartta.github.io/tiekartta/")
    gate = PublishingGate(stop_on_findings=True, site_host=host)
    with pytest.raises(Abort):
        gate.admit(published, "docs/testi.md", text.format(host=host), kind)


@pytest.mark.parametrize("html, found", [
    ('<h2 id="__config">Otsikko</h2>', "__config"),
    ('<p>a</p><!--x--!><p id="__drawer">b</p>', "__drawer"),  # a comment a browser ends early
    ('<div data-md-component="search">x</div>', "data-md-component"),
])
def test_a_theme_id_in_the_published_page_stops_the_build_in_the_preview_too(html, found):
    """Checked in the page as nh3 publishes it, at the line where the hand-written source has it."""
    source = "# Sivu\n\nTeksti\n" + html + "\n"
    for gate in (PublishingGate(stop_on_findings=True), PublishingGate(stop_on_findings=False)):
        with pytest.raises(PluginError, match=rf"docs/x\.md, rivi 4: .*'{found}'"):
            gate.admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=source)


def test_what_the_theme_prints_beside_the_page_is_guarded_too():
    """The table of contents (a heading's `{ data-toc-label="…" }` is shown only there: Markdown's
    toc extension takes it off the heading) and the page's list of changes from the history."""
    gate = PublishingGate(stop_on_findings=True)
    for beside in (["Soita 040&#32;555 1234"], [f"Päivitetty: Hankeyhteistyö (Asiakas {HETU})"]):
        with pytest.raises(Abort, match=r"docs/x\.md: julkaistavassa tekstissä"):
            gate.admit("x.md", "docs/x.md", '<h2 id="yhteys">Yhteys</h2>', Kind.PAGE, beside=beside)
    assert gate.admit("x.md", "docs/x.md", '<h2 id="yhteys">Yhteys</h2>', Kind.PAGE, beside=["Yhteys"])


def test_the_data_files_and_the_search_records_are_guarded_too():
    gate = PublishingGate(stop_on_findings=True)
    with pytest.raises(Abort, match="data/muutokset.xml"):
        gate.admit("data/muutokset.xml", "data/muutokset.xml", f"<title>Korjattu {HETU}</title>", Kind.DATA)
    with pytest.raises(Abort, match="roadmap/tuotokset/x.yaml"):
        gate.admit("/tietopankki/x/", "roadmap/tuotokset/x.yaml", f"Otsikko {HETU}", Kind.SEARCH)
    assert gate.admit("data/tiekartta.csv", "data/tiekartta.csv", "nimi;kunta\nMalli;Liperi\n", Kind.DATA)


def test_the_preview_warns_instead_and_a_reviewed_text_passes(caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.tiekartta"):
        PublishingGate(stop_on_findings=False).admit("a.md", "docs/a.md", f"<p>{HETU}</p>", Kind.PAGE)
    assert "docs/a.md: julkaistavassa tekstissä" in caplog.text
    PublishingGate(stop_on_findings=True, allowed={HETU}).admit("a.md", "docs/a.md", f"<p>{HETU}</p>", Kind.PAGE)


@pytest.mark.build
def test_a_handwritten_page_without_macros_passes_the_same_gate(project_copy):
    """A plain page in docs/ (no macros) is cleaned and guarded like every other page: the build
    stops before writing, naming the file, without a traceback."""
    page = project_copy / "docs" / "opas" / "verkkoeditori.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nEsimerkki: 131052-*308*T\n", encoding="utf-8")
    result = build_site(project_copy, site := project_copy / "sivusto")
    assert result.returncode != 0
    line = original.count("\n") + 2  # where the page has the code, split by Markdown's emphasis
    assert f"docs/opas/verkkoeditori.md, rivi {line}: julkaistavassa tekstissä" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (site / "opas").exists()

    page.write_text(original + '\n<iframe src="https://evil.example/"></iframe>\n', encoding="utf-8")
    result = build_site(project_copy, site)
    assert result.returncode != 0
    assert "Sivulta opas/verkkoeditori.md (lähde docs/opas/verkkoeditori.md) poistettiin" in result.stderr
    assert "evil.example" not in (site / "opas" / "verkkoeditori" / "index.html").read_text(encoding="utf-8")

    # The table of contents is printed from the headings' labels, beside the page's HTML.
    page.write_text(original + '\n## Yhteystiedot { data-toc-label="Hetu 131052-308T" }\n', encoding="utf-8")
    result = build_site(project_copy, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"docs/opas/verkkoeditori.md, rivi {line}: julkaistavassa tekstissä" in result.stderr, result.stderr
    assert not (site / "opas" / "verkkoeditori").exists()

    # Text hidden by a class of the theme's would split a code the reader sees whole.
    page.write_text(original + '\nHetu 131052<span class="md-toggle">x</span>-308T\n', encoding="utf-8")
    result = build_site(project_copy, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/opas/verkkoeditori.md, rivi" in result.stderr and "luokka 'md-toggle'" in result.stderr


def test_the_calendars_own_identifiers_pass_even_when_folded_but_an_address_does_not():
    from datetime import datetime, timezone

    from tiekartta.model import load_roadmap
    from tiekartta.opendata.ical import events_ical, uid_host
    from conftest import REPO

    site_url = "https://sosiaalityon-tiekartta.github.io/tiekartta/"
    gate = PublishingGate(stop_on_findings=True, site_host=uid_host(site_url))
    long_id = "pitka-tapahtuman-tunniste-" * 3 + "2025@" + uid_host(site_url)
    calendar = events_ical(load_roadmap(REPO / "roadmap", REPO), site_url, {}, datetime(2026, 1, 1, tzinfo=timezone.utc))
    cut = long_id.rindex(".") + 3  # folded inside the host, as a long UID is: "…@…github.i" "o"
    text = calendar.decode("utf-8") + f"UID:{long_id[:cut]}\r\n {long_id[cut:]}\r\n"
    assert gate.admit("data/tapahtumat.ics", "roadmap/tapahtumat", text, Kind.DATA) == text
    with pytest.raises(Abort):
        gate.admit("data/tapahtumat.ics", "roadmap/tapahtumat", text + "X-TESTI:etunimi.suku\r\n nimi@example.org\r\n", Kind.DATA)


@pytest.mark.parametrize("html, found", [
    ('<p>Hetu 131052<span class="md-toggle">x</span>-308T</p>', "md-toggle"),
    ('<p>Puhelin 040<span class="tk-ilman-js">x</span> 1234567</p>', "tk-ilman-js"),
    ('<div>Hetu 131052<div hidden>x</div>-308T</div>', "hidden"),
    # An SVG <title> is not shown where it stands, and SVG text is placed anywhere.
    ('<p>Hetu 131052<svg><title>x</title></svg>-308T</p>', "SVG"),
    ('<p><svg viewBox="0 0 300 30"><text x="110" y="20">-308T</text><text x="0" y="20">131052</text></svg></p>', "SVG"),
    # The reader sees 131052-308T, the text holds it reversed.
    ("<p>Asiakas \u202eT803-250131\u202c kävi.</p>", "suunnan"),
])
def test_a_handwritten_page_cannot_hide_text_from_its_reader(html, found, caplog):
    """Hidden text could split what the reader sees whole, past the privacy check: a warning,
    which stops every strict (published) build."""
    source = f"# Sivu\n\nRivi\n{html}\n"
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=source)
    assert any(re.match(rf"docs/x\.md, rivi 4: .*{found}", r.getMessage()) for r in caplog.records), caplog.text


def test_a_handwritten_page_may_use_markdowns_classes_and_the_guides_example_box(caplog):
    html = ('<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2><div class="admonition note">'
            '<p class="admonition-title">Huom</p></div><div class="tk-esimerkkilohko"><p class="tk-esimerkkilohko__otsikko">E</p></div>'
            '<pre><code class="language-yaml">a: b</code></pre><div data-pagefind-ignore="all"><p>Esimerkki</p></div>')
    with caplog.at_level(logging.WARNING):
        assert PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text="# A\n")
    assert not caplog.records


def test_the_macros_pieces_use_only_classes_a_handwritten_page_may_have():
    snippets = (REPO / "tiekartta" / "pages" / "templates" / "snippets").glob("*.j2")
    used = {name for path in snippets for value in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8"))
            for name in value.split()}
    assert used and used <= ALLOWED_CLASSES


def test_a_handwritten_page_cannot_ask_its_reader_for_a_password(caplog):
    html = ('<form aria-label="Kirjaudu"><input type="password" name="salasana" placeholder="Anna tunnuksesi">'
            '<button type="submit">Kirjaudu</button></form>')
    source = f"# Sivu\n\n{html}\n"
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=source)
    assert any(r.getMessage().startswith("docs/x.md, rivi 3: Sivulla on lomake") for r in caplog.records), caplog.text


@pytest.mark.parametrize("attribute", ['data-pagefind-filter="laji:tuotos"', 'data-pagefind-meta="kuvaus:x"',
                                       "data-tk-asiakirja", 'data-tk-haku-kysely=""'])
def test_a_handwritten_page_cannot_use_the_sites_search_and_script_hooks(caplog, attribute):
    # A Pagefind filter would list the page among the knowledge bank's outputs.
    html = f"<p>Tuotos <span {attribute}></span></p>"
    source = f"# Sivu\n\n{html}\n"
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=source)
    assert any(r.getMessage().startswith("docs/x.md, rivi 3: Sivulla on attribuutti data-") for r in caplog.records), caplog.text


@pytest.mark.parametrize("address", ["//evil.example/tietopankki/", "/\\evil.example/", "https:/\\evil.example/",
                                     " //evil.example/",
                                     # A browser removes tabs and line breaks, and controls around the address.
                                     "/&#9;/evil.example/", "/&#10;/evil.example/", "&#1;//evil.example/",
                                     "&#12; //evil.example/"])
def test_a_link_that_looks_like_the_sites_own_but_leads_elsewhere_is_reported(caplog, address):
    html = f'<p><a href="{address}">Tietopankki</a></p>'
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("teemat/x.md", "roadmap/x.yaml", html, Kind.PAGE)
    assert any("vie selaimessa toiselle sivustolle" in r.getMessage() and "roadmap/x.yaml" in r.getMessage()
               for r in caplog.records), caplog.text


def test_relative_and_full_links_are_not_reported_as_disguised(caplog):
    html = '<p><a href="../tietopankki/">a</a> <a href="https://thl.fi/x">b</a> <a href="#kohta">c</a></p>'
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("teemat/x.md", "roadmap/x.yaml", html, Kind.PAGE)
    assert not caplog.records, caplog.text


@pytest.mark.parametrize("text, address", [
    ("https://sosiaalityon-tiekartta.github.io/tiekartta/opas/", "https://evil.example/opas/"),
    ("www.thl.fi", "https://evil.example/"),
    # A host name without its scheme is an address to the reader too.
    ("sosiaalityon-tiekartta.github.io/tiekartta/kirjaudu/", "https://evil.example/kirjaudu/"),
    ("thl.fi/ohjeet", "https://thl.fi.evil.example/"),
    ("Kela.fi asiointi", "https://evil.example/"),
])
def test_a_link_whose_text_is_another_address_is_reported(caplog, text, address):
    html = f'<p><a href="{address}">{text}</a></p>'
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=f"# X\n\n{html}\n")
    assert any("jonka teksti on osoite" in r.getMessage() and "evil.example" in r.getMessage() for r in caplog.records), caplog.text


def test_a_link_whose_text_is_its_own_address_is_not_reported(caplog):
    html = ('<p><a href="https://www.thl.fi/tilastot">https://thl.fi/tilastot</a> '
            '<a href="https://innokyla.fi/x">www.innokyla.fi</a> <a href="https://thl.fi/">THL</a> '
            '<a href="https://www.kela.fi/asiointi">kela.fi/asiointi</a> '
            '<a href="https://github.com/x/index.html">index.html</a> <a href="../thl.fi/">thl.fi</a></p>')
    with caplog.at_level(logging.WARNING):
        PublishingGate(stop_on_findings=True).admit("x.md", "docs/x.md", html, Kind.PAGE, source_text=f"# X\n\n{html}\n")
    assert not caplog.records, caplog.text
