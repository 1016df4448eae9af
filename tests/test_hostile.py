"""Broken and hostile input: refused with file, line and field, or rendered inert. Never run.

Tables, each case asserting its outcome:
  LOAD_CASES     YAML that must be refused while reading (tags, aliases, size, encoding …)
  ID_CASES       file names and references that would escape the site or collide
  PAYLOAD_CASES  XSS and template payloads put into real fields and built with the real build,
                 then checked in the built HTML and in Debian's Chromium
  INJECTED       markup the final cleaning of page HTML must remove and report
and the failed-build cases at the end: nothing half-written, nothing published, exit status 1.
Personal data and credentials have their own tables in test_sensitive.py.
"""

from __future__ import annotations

import copy
import gzip
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import REPO, build_site, copy_project, serve_directory
from projectcopy import make_command, make_env
from sitecheck import active_markup, html_pages, page_path, soup_of
from tiekartta.model import ContentError, load_roadmap
from tiekartta.pages import routes
from tiekartta.pages.sanitize import clean_page_html

# --- Reading YAML ---------------------------------------------------------------------------------

THEME = "karkiteemat/ennaltaehkaisy.yaml"
THEME_HEAD = "# yaml-language-server: $schema=../schema/teema.schema.json\nnimi: Ennaltaehkäisy\njärjestys: 3\n"


@dataclass(frozen=True)
class LoadCase:
    id: str
    data: Callable[[Path], bytes]  # the file's new bytes; gets a scratch folder for markers
    line: int
    kind: str
    field: str = ""
    file: str = THEME


def theme_with(extra: str) -> Callable[[Path], bytes]:
    """The real theme file with `extra` lines after its three lines (extra starts at line 4)."""
    return lambda scratch: (THEME_HEAD + extra.format(scratch=scratch)).encode()


LOAD_CASES = [
    LoadCase("python-object-apply", theme_with('kuvaus: !!python/object/apply:os.system ["touch {scratch}/ran"]\n'), 4, "tag"),
    LoadCase("python-object-new", theme_with("kuvaus: !!python/object/new:os.system [echo]\n"), 4, "tag"),
    LoadCase("python-name", theme_with("kuvaus: !!python/name:os.system\n"), 4, "tag"),
    LoadCase("python-module", theme_with("kuvaus: !!python/module:os\n"), 4, "tag"),
    LoadCase("binary-tag", theme_with("kuvaus: !!binary aGVp\n"), 4, "tag"),
    LoadCase("local-tag", theme_with("kuvaus: !vaarallinen teksti\n"), 4, "tag"),
    LoadCase("tag-on-mapping", theme_with("kuvaus: !!python/object:os.environ {{a: 1}}\n"), 4, "tag"),
    LoadCase(
        "tag-directive",
        lambda scratch: (
            "%TAG !p! tag:yaml.org,2002:python/\n---\nnimi: !p!object/apply:os.getcwd []\njärjestys: 3\n"
        ).encode(),
        3, "tag",
    ),
    LoadCase(
        "alias-bomb",
        theme_with(
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        ),
        4, "anchor",
    ),
    LoadCase("anchor-and-alias", theme_with("kuvaus: &k Teksti\ntarkenne: *k\n"), 4, "anchor"),
    LoadCase("merge-key", theme_with("kuvaus:\n  <<: {{teksti: a}}\n"), 5, "anchor", "kuvaus"),
    LoadCase("oversized-file", theme_with(("# " + "x" * 1000 + "\n") * 300), 1, "file-too-large"),
    LoadCase("latin-1", lambda scratch: THEME_HEAD.replace("Ennaltaehkäisy", "Ennaltaehk\xe4isy").encode("latin-1"), 2, "not-utf8"),
    LoadCase("utf-16", lambda scratch: THEME_HEAD.encode("utf-16"), 1, "not-utf8"),
    LoadCase("nul-byte", lambda scratch: (THEME_HEAD + "kuvaus: a\x00b\n").encode(), 4, "not-utf8"),
    LoadCase("control-character", theme_with("kuvaus: soitto\x07kello\n"), 4, "control-character"),
    LoadCase("unicode-noncharacter", theme_with("kuvaus: a\ufffeb\n"), 4, "control-character"),
    LoadCase("bidi-override", theme_with("kuvaus: \u202eesiviH\n"), 4, "control-character"),
    LoadCase("bidi-isolate", theme_with("# kommentti\ntarkenne: a\u2066b\n"), 5, "control-character"),
    LoadCase("tab-indent", theme_with("kuvaus:\n\tteksti\n"), 5, "tab"),
    LoadCase("empty-file", lambda scratch: b"", 1, "empty"),
    LoadCase("only-comments", lambda scratch: b"# nimi: Ennaltaehkaisy\n", 1, "empty"),
    LoadCase("duplicate-key", theme_with("nimi: Toinen nimi\n"), 4, "duplicate-key", "nimi"),
    LoadCase("deep-flow-nesting", theme_with("kuvaus: " + "[" * 100_000 + "]" * 100_000 + "\n"), 4, "too-deep"),
    LoadCase("deep-block-nesting", theme_with("".join("  " * i + "k:\n" for i in range(40))), 24, "too-deep"),
    LoadCase("two-documents", theme_with("---\nnimi: Toinen\n"), 4, "syntax"),
    LoadCase("yaml-2-directive", lambda scratch: ("%YAML 2.0\n---\n" + THEME_HEAD).encode(), 1, "syntax"),
    LoadCase("unclosed-quote", theme_with('kuvaus: "alkaa mutta ei lopu\ntarkenne: x\n'), 4, "syntax"),  # where the quote opens,
    LoadCase("lone-surrogate-escape", theme_with('kuvaus: "a\\udc80b"\n'), 4, "bad-scalar", "kuvaus"),
    LoadCase("huge-integer", lambda scratch: THEME_HEAD.replace("järjestys: 3", "järjestys: " + "9" * 5000).encode(), 3, "bad-scalar", "järjestys"),
]


@pytest.mark.parametrize("case", LOAD_CASES, ids=lambda case: case.id)
def test_hostile_yaml_is_refused_with_file_and_line(case, content_copy, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (content_copy / case.file).write_bytes(case.data(scratch))
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    where = [(p.file, p.line, p.field, p.kind) for p in error.value.problems]
    assert (f"roadmap/{case.file}", case.line, case.field, case.kind) in where, where
    assert not list(scratch.iterdir()), "something in the YAML ran"
    # Only the broken file is reported: references to it are not repeated as errors of their own.
    assert {p.file for p in error.value.problems} == {f"roadmap/{case.file}"}


def test_a_symlink_to_a_file_outside_the_content_is_refused(content_copy, tmp_path):
    outside = tmp_path / "salainen.yaml"
    shutil.copy(content_copy / "tuotokset" / "sosbox-extranet.yaml", outside)
    (content_copy / "tuotokset" / "linkki.yaml").symlink_to(outside)
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    assert [(p.file, p.line, p.kind) for p in error.value.problems] == [("roadmap/tuotokset/linkki.yaml", 1, "symlink")]


def test_a_symlinked_content_folder_is_refused(content_copy, tmp_path):
    elsewhere = tmp_path / "muualla"
    shutil.move(content_copy / "pohdinnat", elsewhere)
    (content_copy / "pohdinnat").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    assert ("roadmap/pohdinnat", 1, "symlink") in [(p.file, p.line, p.kind) for p in error.value.problems]


# --- Ids and slugs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdCase:
    id: str
    change: Callable[[Path], None]
    file: str
    line: int
    kind: str
    field: str = ""


def rename(old: str, new: str) -> Callable[[Path], None]:
    return lambda content: (content / old).rename(content / new)


def replace_text(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


OUTPUT = "tuotokset/sosbox-extranet.yaml"
ID_CASES = [
    IdCase("upper-case-name", rename(THEME, "karkiteemat/Ennaltaehkaisy.yaml"), "karkiteemat/Ennaltaehkaisy.yaml", 1, "bad-id"),
    IdCase("non-ascii-name", rename(THEME, "karkiteemat/ennaltaehkäisy.yaml"), "karkiteemat/ennaltaehkäisy.yaml", 1, "bad-id"),
    IdCase("space-in-name", rename(OUTPUT, "tuotokset/sosbox extranet.yaml"), "tuotokset/sosbox extranet.yaml", 1, "bad-id"),
    IdCase("dots-in-name", rename(OUTPUT, "tuotokset/..sosbox.yaml"), "tuotokset/..sosbox.yaml", 1, "bad-id"),
    IdCase("hidden-dotfile-name", rename(OUTPUT, "tuotokset/.sosbox.yaml"), "tuotokset/.sosbox.yaml", 1, "bad-id"),
    IdCase("double-hyphen", rename(OUTPUT, "tuotokset/sosbox--extranet.yaml"), "tuotokset/sosbox--extranet.yaml", 1, "bad-id"),
    IdCase("too-long-name", rename(OUTPUT, "tuotokset/" + "a" * 81 + ".yaml"), "tuotokset/" + "a" * 81 + ".yaml", 1, "bad-id"),
    IdCase("reserved-index", rename(OUTPUT, "tuotokset/index.yaml"), "tuotokset/index.yaml", 1, "reserved-id"),
    IdCase("reserved-fixed-page", rename(OUTPUT, "tuotokset/kunnittain.yaml"), "tuotokset/kunnittain.yaml", 1, "reserved-id"),
    IdCase("reserved-device-name", rename(OUTPUT, "tuotokset/con.yaml"), "tuotokset/con.yaml", 1, "reserved-id"),
    IdCase("reserved-anchor", rename("toimielimet/kehittamisseminaari.yaml", "toimielimet/visio.yaml"),
           "toimielimet/visio.yaml", 1, "reserved-id"),
    IdCase("reserved-svg-id", rename("toimielimet/kehittamisseminaari.yaml", "toimielimet/tk-nuoli.yaml"),
           "toimielimet/tk-nuoli.yaml", 1, "reserved-id"),
    IdCase("reference-climbs-up", replace_text(OUTPUT, "hanke: pohjois-karjala-2003-2005", "hanke: ../../etc/passwd"),
           OUTPUT, 3, "bad-id", "hanke"),
    IdCase("reference-absolute-path", replace_text(OUTPUT, "hanke: pohjois-karjala-2003-2005", "hanke: /etc/passwd"),
           OUTPUT, 3, "bad-id", "hanke"),
    IdCase("reference-url", replace_text(OUTPUT, "hanke: pohjois-karjala-2003-2005", "hanke: https://evil.example/x"),
           OUTPUT, 3, "bad-id", "hanke"),
    IdCase("reference-windows-path", replace_text(OUTPUT, "ulottuvuus: erityisosaaminen", "ulottuvuus: ..\\\\erityisosaaminen"),
           OUTPUT, 4, "bad-id", "ulottuvuus"),
    IdCase("municipality-reserved-anchor", replace_text("kunnat.yaml", "tunniste: lieksa", "tunniste: ei-kuntaa"),
           "kunnat.yaml", 0, "reserved-id", "kunnat[{}].tunniste"),
    IdCase("municipality-id-with-slash", replace_text("kunnat.yaml", "tunniste: lieksa", "tunniste: lieksa/../x"),
           "kunnat.yaml", 0, "bad-id", "kunnat[{}].tunniste"),
    IdCase(
        "theme-in-both-folders",
        lambda content: shutil.copy(content / "lapikulkevat-teemat" / "ilmiokeskustelu.yaml",
                                    content / "karkiteemat" / "ilmiokeskustelu.yaml"),
        "lapikulkevat-teemat/ilmiokeskustelu.yaml", 1, "duplicate-id",
    ),
    IdCase(
        "reflection-and-dimension-share-an-anchor",
        rename("pohdinnat/hyvan-kehittajan-ominaisuuksia.yaml", "pohdinnat/hankkeen-muu-toiminta.yaml"),
        "pohdinnat/hankkeen-muu-toiminta.yaml", 1, "duplicate-id",
    ),
]


@pytest.mark.parametrize("case", ID_CASES, ids=lambda case: case.id)
def test_ids_cannot_escape_the_site_or_collide(case, content_copy):
    case.change(content_copy)
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    where = [(p.file, p.line, p.field, p.kind) for p in error.value.problems]
    if "{}" in case.field:  # a list item: find its position and line in the file
        lines = (content_copy / case.file).read_text(encoding="utf-8").splitlines()
        tunniste = next(i for i, text in enumerate(lines) if re.search(r"tunniste: (ei-kuntaa|lieksa/)", text))
        index = sum(1 for text in lines[: tunniste + 1] if text.lstrip().startswith("- tunniste:"))
        expected = (f"roadmap/{case.file}", tunniste + 1, case.field.format(index), case.kind)
    else:
        expected = (f"roadmap/{case.file}", case.line, case.field, case.kind)
    assert expected in where, where


def test_a_handwritten_page_cannot_replace_a_generated_one(project_copy):
    (project_copy / "docs" / "teemat").mkdir()
    (project_copy / "docs" / "teemat" / "index.md").write_text("# Korvattu\n", encoding="utf-8")
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 1
    assert "docs/teemat/index.md on samassa osoitteessa kuin sisällöstä tehty sivu" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- Payloads in real fields, through the real build ------------------------------------------------


@dataclass(frozen=True)
class Payload:
    id: str
    file: str  # under roadmap/
    field: tuple  # path of the field in the YAML file
    value: str
    page: str  # docs path of a page that shows it
    visible: str | None  # text that must show literally on that page (None: the sanitiser drops it)


def output(name: str) -> str:
    return f"tuotokset/{name}.yaml"


def output_page(name: str) -> str:
    return f"tietopankki/{name}.md"


_OUTPUTS = sorted(p.stem for p in (REPO / "roadmap" / "tuotokset").glob("*.yaml"))

# Single-line fields: the payload must show exactly as written.
_LINE_PAYLOADS = [
    ("script-tag", "<script>alert('XSS01')</script>"),
    ("img-onerror", "<img src=x onerror=alert('XSS02')>"),
    ("svg-onload", "<svg onload=alert('XSS03')>"),
    ("attribute-breakout", "\"><script>alert('XSS04')</script>"),
    ("single-quote-breakout", "' onmouseover='alert(1)' data-x='XSS05"),
    ("title-breakout", "</title><script>alert('XSS06')</script>"),
    ("markdown-js-link-in-line", "[XSS07](javascript:alert(1))"),
    ("raw-anchor", "<a href=\"javascript:alert(1)\">XSS08</a>"),
    ("attr-list-injection", "XSS09 { onclick=\"alert(1)\" }"),
    ("jinja-expression", "XSS10 {{ 7*7 }}"),
    ("jinja-lipsum-globals", "XSS11 {{ lipsum.__globals__['os'].getcwd() }}"),
    ("jinja-raw-escape", "XSS12 {% endraw %}{{ 7*7 }}{% raw %}"),
    ("jinja-statement", "XSS13 {% for x in range(3) %}{{ x }}{% endfor %}"),
    ("entity-preescaped", "XSS14 &lt;script&gt;alert(1)&lt;/script&gt;"),
    ("nested-script", "<<script>script>alert('XSS15')<</script>/script>"),
    ("details-ontoggle", "<details open ontoggle=alert('XSS16')>"),
    ("style-attribute", "<b style=\"position:fixed;inset:0\">XSS17</b>"),
]
# Markdown fields: Markdown is allowed, everything active is not.
_MARKDOWN_PAYLOADS = [
    ("markdown-js-link", "[XSS21](javascript:alert(1))", "XSS21"),
    ("markdown-js-link-mixed-case", "[XSS22](JaVaScRiPt:alert(1))", "XSS22"),
    ("markdown-data-link", "[XSS23](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "XSS23"),
    ("markdown-vbscript-link", "[XSS24](vbscript:msgbox(1))", "XSS24"),
    ("markdown-entity-obfuscated-link", "[XSS25](java&#115;cript:alert(1))", "XSS25"),
    ("markdown-heading-left-bare", "# \\[XSS26](javascript:alert(1))", "[XSS26](javascript:alert(1))"),
    ("markdown-code-block-left-bare", "Teksti.\n\n    [XSS27](javascript:alert(1))", "[XSS27](javascript:alert(1))"),
    ("markdown-raw-html", "<img src=x onerror=alert('XSS28')>", "<img src=x onerror=alert('XSS28')>"),
    ("markdown-iframe", "<iframe src=\"https://evil.example/XSS29\"></iframe>", "<iframe src=\"https://evil.example/XSS29\"></iframe>"),
    ("markdown-third-party-image", "Kuva: ![XSS30](https://evil.example/kuva.png)", "Kuva:"),
    ("markdown-link-title-breakout", "[XSS31](https://example.fi \"x\" onmouseover=\"alert(1)\")", "XSS31"),
    ("markdown-autolink", "<javascript:alert('XSS32')>", "<javascript:alert('XSS32')>"),
    ("markdown-style-element", "<style>body{background:url(https://evil.example/XSS33)}</style>", "XSS33"),
    ("markdown-mutation-xss", "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS34')>", "XSS34"),
    ("markdown-front-matter", "---\nrender_macros: true\n---\nXSS35 {{ 7*7 }}", "XSS35 {{ 7*7 }}"),
    ("markdown-jinja", "XSS36 {{ config.site_name }} {% if true %}kyllä{% endif %}", "XSS36 {{ config.site_name }} {% if true %}kyllä{% endif %}"),
    ("markdown-base-and-meta", "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/XSS37\">", "XSS37"),
]

PAYLOAD_CASES = [
    # Output names reach the output page's <title>, h1 and description, lists on theme and bank
    # pages (Markdown and HTML), and the macro table on the hand-written tietoa page.
    *(Payload(name, output(target), ("nimi",), value, output_page(target), value)
      for (name, value), target in zip(_LINE_PAYLOADS, _OUTPUTS)),
    *(Payload(name, output(target), ("lisätiedot",), value, output_page(target), visible)
      for (name, value, visible), target in zip(_MARKDOWN_PAYLOADS, _OUTPUTS)),
    # The other ways text reaches a page: SVG pictures, nav and <title>, HTML blocks, list items,
    # blockquotes, the macro page.
    Payload("theme-name-in-svg-nav-and-title", THEME, ("nimi",), "</title><script>alert('XSS41')</script>{{ 7*7 }}",
            "teemat/ennaltaehkaisy.md", "</title><script>alert('XSS41')</script>{{ 7*7 }}"),
    Payload("vision-in-svg", "tiekartta.yaml", ("visio", "teksti"), "<tspan onclick=alert(1)>XSS42</tspan> {{ 7*7 }}",
            "index.md", "<tspan onclick=alert(1)>XSS42</tspan> {{ 7*7 }}"),
    Payload("body-name-in-diagram", "toimielimet/kehittamistyoryhma.yaml", ("nimi",), "<a href=javascript:alert(1)>XSS43</a>",
            "kehittamisen-rakenne.md", "<a href=javascript:alert(1)>XSS43</a>"),
    Payload("relation-label-in-diagram", "toimielimet/johdon-kehittamistyoryhma.yaml", ("suhteet", 0, "kuvaus"),
            "<img src=x onerror=alert('XSS44')>", "kehittamisen-rakenne.md", "<img src=x onerror=alert('XSS44')>"),
    Payload("body-source-text-blockquote", "toimielimet/kehittamistyoryhma.yaml", ("lähteen_teksti",),
            "XSS45 <script>alert(1)</script> {: onclick=alert(1) }", "kehittamisen-rakenne.md",
            "XSS45 <script>alert(1)</script> {: onclick=alert(1) }"),
    Payload("event-place-in-html-block", "tapahtumat/kehittamisseminaari-2019-11-18.yaml", ("paikka",),
            "\" onmouseover=\"alert('XSS46')", "tapahtumat/2019.md", "\" onmouseover=\"alert('XSS46')"),
    Payload("municipality-in-macro-table", "kunnat.yaml", ("kunnat", 0, "nimi"), "XSS47 {{ 7*7 }} <script>alert(1)</script>",
            "tietoa.md", "XSS47 {{ 7*7 }} <script>alert(1)</script>"),
    Payload("reflection-item-inline-markdown", "pohdinnat/hyvan-kehittajan-ominaisuuksia.yaml", ("kohdat", 0),
            "[XSS48](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "hankkeet/pohjois-karjala-2003-2005.md", "XSS48 <img src=x onerror=alert(1)>"),
    Payload("way-forward-step-in-svg", "eteenpain.yaml", ("askeleet", -1, "teksti"), "XSS49 <svg/onload=alert(1)>",
            "index.md", "XSS49 <svg/onload=alert(1)>"),
]


def _set(data, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The real project with every payload in its field, built once with the real strict build."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    content = project / "roadmap"
    by_file: dict[str, list[Payload]] = {}
    for case in PAYLOAD_CASES:
        by_file.setdefault(case.file, []).append(case)
    for file, cases in by_file.items():
        path = content / file
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in cases:
            _set(data, case.field, case.value)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    site = project / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^(WARNING|ERROR)", result.stderr, re.MULTILINE), result.stderr
    return project, site


def _visible(page: Path) -> str:
    article = soup_of(page).select_one("article.md-content__inner") or soup_of(page)
    return " ".join(article.get_text(" ").split())


@pytest.mark.build
@pytest.mark.parametrize("case", PAYLOAD_CASES, ids=lambda case: case.id)
def test_payload_is_inert_on_its_page(case, hostile_site):
    project, site = hostile_site
    page = page_path(site, routes.page_url(case.page))
    assert page.exists(), case.page
    assert not active_markup(page)
    if case.visible is not None:
        assert " ".join(case.visible.split()) in _visible(page)


@pytest.mark.build
def test_no_page_of_the_hostile_build_hasactive_markup(hostile_site):
    project, site = hostile_site
    offenders = {str(p.relative_to(site)): found for p in html_pages(site) if (found := active_markup(p))}
    assert not offenders
    everything = "".join(p.read_text(encoding="utf-8") for p in html_pages(site))
    # Nothing from a template expression ran: no working directory, no 7*7 worked out next to a marker.
    assert str(project) not in everything and "/tmp" not in everything
    assert not re.search(r"XSS\d\d 49", everything)


@pytest.mark.build
def test_title_and_description_show_the_name_as_text(hostile_site):
    project, site = hostile_site
    name = "</title><script>alert('XSS41')</script>{{ 7*7 }}"
    soup = soup_of(page_path(site, routes.page_url("teemat/ennaltaehkaisy.md")))
    assert soup.title.get_text() == f"{name} - Sosiaalityön tiekartta"
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1 and descriptions[0]["content"].startswith(name)
    nav_titles = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav a.md-nav__link")]
    assert name in nav_titles


@pytest.mark.build
@pytest.mark.browser
def test_nothing_runs_in_the_browser_on_the_hostile_site(hostile_site, page):
    """Every page with a payload, and the search results listing them, in Debian's Chromium."""
    project, site = hostile_site
    server, url = serve_directory(site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for docs_path in sorted({case.page for case in PAYLOAD_CASES}):
            page.goto(url + routes.page_url(docs_path))
            page.wait_for_load_state("load")
            assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length") == 0
            page.mouse.move(400, 400)
        page.goto(url)
        page.wait_for_selector("[data-tk-haku][data-tk-valmis]", state="attached")
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("XSS")
        page.wait_for_selector(".md-search-result__item")
        assert page.locator(".md-search-result__item").count() > 0
        page.locator(".md-search-result__item").first.hover()
        page.wait_for_timeout(300)
    finally:
        server.shutdown()
    assert dialogs == []


# --- The final cleaning of page HTML ------------------------------------------------------------------

INJECTED = [
    ("script-element", "<p>a</p><script>alert(1)</script>", "<script"),
    ("event-handler", '<a href="#x" onclick="alert(1)">a</a>', "onclick"),
    ("javascript-url", '<a href="javascript:alert(1)">a</a>', "javascript:"),
    ("data-url-image", '<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', "iframe"),
    ("script-in-svg", '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>', "<script"),
    ("svg-onload", '<svg onload="alert(1)" viewBox="0 0 1 1"></svg>', "onload"),
    ("svg-foreign-object", '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>', "onerror"),
    ("svg-javascript-link", '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ("style-element", "<style>body{background:url(https://evil.example/)}</style>", "evil.example"),
    ("style-attribute", '<p style="position:fixed">a</p>', "style="),
    ("form-action", '<form action="https://evil.example/"><input name="q"></form>', "evil.example"),
    ("base-element", '<base href="https://evil.example/">', "evil.example"),
]


@pytest.mark.parametrize("html,trace", [(h, t) for _, h, t in INJECTED], ids=[i for i, _, _ in INJECTED])
def test_final_cleaning_removes_and_reports_what_the_templates_do_not_make(html, trace):
    cleaned = clean_page_html(f'<h2 id="otsikko">Otsikko</h2>{html}')
    assert trace not in cleaned.html and cleaned.removed
    assert '<h2 id="otsikko">Otsikko</h2>' in cleaned.html


def test_final_cleaning_reports_an_id_that_stands_twice():
    assert clean_page_html('<h2 id="a">A</h2><p id="a">B</p>').duplicate_ids == ("a",)


@pytest.mark.build
def test_final_cleaning_keeps_the_sites_own_markup(built_site, roadmap):
    """The real pages (SVG pictures, tables, data- attributes, heading links) lose nothing."""
    from tiekartta.pages import build_pages

    for generated in build_pages(roadmap):
        # A copy: soup_of is cached and shared with other tests, which look for these theme parts.
        article = copy.copy(soup_of(page_path(built_site, routes.page_url(generated.src_uri))).select_one("article"))
        for theme_part in article.select(".md-content__button, .md-source-file"):
            theme_part.extract()
        html = "".join(str(child) for child in article.children)
        cleaned = clean_page_html(html)
        assert cleaned.removed == () and cleaned.duplicate_ids == (), generated.src_uri


@pytest.mark.build
def test_a_gap_in_the_first_defence_fails_the_build(project_copy, monkeypatch, caplog):
    """If Markdown fields were not sanitised, the final cleaning would catch it and stop the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from tiekartta.pages import render

    monkeypatch.setattr(render, "_clean_markdown", lambda text: render.markdown_lib.markdown(text))
    path = project_copy / "roadmap" / "tuotokset" / "sosbox-extranet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "kuvaus: '[XSS](javascript:alert(1))'\n", encoding="utf-8")
    config = load_config(config_file=str(project_copy / "mkdocs.yml"), site_dir=str(project_copy / "site"))
    with caplog.at_level("WARNING", logger="mkdocs"), pytest.raises(Abort, match="warning"):
        build(config)
    assert 'href="javascript:alert(1)" on <a>' in caplog.text
    assert "tietopankki/sosbox-extranet.md (lähde roadmap/tuotokset/sosbox-extranet.yaml)" in caplog.text


# --- A failed build publishes nothing ----------------------------------------------------------------

BROKEN = ("karkiteemat/ennaltaehkaisy.yaml", "nimi: Ennaltaehkäisy\njärjestys: [\n")


def _make_build(project: Path) -> subprocess.CompletedProcess:
    """The Makefile's build target in a copy of the project, with the repository's installed .venv."""
    # make_command keeps make from installing anything: the copy runs with this test run's Python.
    return subprocess.run(make_command(project, "build"), cwd=project, capture_output=True, text=True,
                          env=make_env(), timeout=600)


def _published(project: Path) -> Path:
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("julkaistu aiemmin", encoding="utf-8")
    return site


def _unchanged(site: Path) -> bool:
    return [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "julkaistu aiemmin"


@pytest.mark.build
def test_make_build_with_broken_content_leaves_the_site_untouched(project_copy):
    site = _published(project_copy)
    (project_copy / "roadmap" / BROKEN[0]).write_text(BROKEN[1], encoding="utf-8")
    result = _make_build(project_copy)
    assert result.returncode != 0
    assert _unchanged(site) and not (project_copy / "site.partial").exists()
    assert f"roadmap/{BROKEN[0]}, rivi 3" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.build
def test_make_build_that_fails_late_leaves_the_site_untouched(project_copy):
    """Valid content, but the strict MkDocs build fails (a broken link in a hand-written page)."""
    site = _published(project_copy)
    page = project_copy / "docs" / "tietoa.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Rikki](ei-ole-olemassa.md)\n", encoding="utf-8")
    result = _make_build(project_copy)
    assert result.returncode != 0
    assert "ei-ole-olemassa.md" in result.stderr
    assert _unchanged(site) and not (project_copy / "site.partial").exists()


@pytest.mark.build
def test_mkdocs_build_with_broken_content_stops_before_writing(project_copy):
    site = _published(project_copy)
    (project_copy / "roadmap" / BROKEN[0]).write_text(BROKEN[1], encoding="utf-8")
    result = build_site(project_copy, site)
    assert result.returncode == 1
    assert _unchanged(site)
    assert f"roadmap/{BROKEN[0]}, rivi 3" in result.stderr and "Traceback" not in result.stderr


def test_check_exits_nonzero_with_the_problem_and_no_traceback(content_copy):
    (content_copy / BROKEN[0]).write_text(BROKEN[1], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tiekartta", "--sisalto", str(content_copy), "check"],
        cwd=content_copy.parent, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert f"roadmap/{BROKEN[0]}, rivi 3" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.build
def test_what_the_final_cleaning_removes_is_gone_from_the_page_and_fails_the_strict_build(project_copy):
    """A hand-written page gets the same final cleaning as a generated one (the publishing gate).
    The page is written with the cleaned HTML and indexed, and what was removed is a warning
    naming the page and its file: the strict build fails."""
    page = project_copy / "docs" / "tietoa.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n<p class="x" onclick="alert(\'XSS77\')">Puhdistettava kappale</p>\n'
                    + '<script>alert("XSS78")</script>\n', encoding="utf-8")
    site = project_copy / "site"
    lenient = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", str(site)],
        cwd=project_copy, capture_output=True, text=True, env=make_env(), timeout=600,
    )
    assert lenient.returncode == 0, lenient.stderr
    assert re.search(r"WARNING .*Sivulta tietoa\.md \(lähde docs/tietoa\.md\) poistettiin HTML:ää.*<script>",
                     lenient.stderr), lenient.stderr
    written = (site / "tietoa" / "index.html").read_text(encoding="utf-8")
    assert "Puhdistettava kappale" in written and "XSS77" not in written and "XSS78" not in written
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in (site / "pagefind" / "fragment").iterdir()]
    assert any("Puhdistettava kappale" in fragment for fragment in fragments)  # the page is in the search
    strict = build_site(project_copy, tmp := project_copy / "tiukka")
    assert strict.returncode != 0 and "Sivulta tietoa.md (lähde docs/tietoa.md) poistettiin" in strict.stderr, strict.stderr
    assert tmp.exists()  # MkDocs writes before its strict check; `make build` publishes only a whole build
