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

from browsing import type_into_header_search, watch_dialogs, watch_requests_elsewhere
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


@pytest.mark.parametrize("page", ["teemat/index.md", "teemat.md", "Teemat.md"])
def test_a_handwritten_page_cannot_replace_a_generated_one(project_copy, page):
    # teemat.md is /teemat/ as teemat/index.md is; Teemat.md is the same file where case is not told apart.
    (project_copy / "docs" / page).parent.mkdir(exist_ok=True)
    (project_copy / "docs" / page).write_text("# Korvattu\n", encoding="utf-8")
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 1
    assert f"docs/{page} on samassa osoitteessa (teemat/) kuin sisällöstä tehty sivu" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(("page", "folder"), [
    ("sitemap.xml.md", "sitemap.xml"),  # the sitemap MkDocs writes
    ("404.html.md", "404.html"),  # the theme's own page
    ("data/tiekartta.json.md", "data/tiekartta.json"),  # open data made from the content
    ("pagefind/pagefind.js.md", "pagefind"),  # the search index's folder, written after the pages
])
def test_a_handwritten_page_cannot_be_a_folder_where_the_site_has_a_file(project_copy, page, folder):
    """docs/sitemap.xml.md would be sitemap.xml/index.html: a clear error, not a Python one."""
    (project_copy / "docs" / page).parent.mkdir(exist_ok=True)
    (project_copy / "docs" / page).write_text("# Kartta\n\nTeksti.\n", encoding="utf-8")
    result = build_site(project_copy, project_copy / "site")
    assert result.returncode == 1
    assert f"Tiedosto docs/{page} tulisi osoitteeseen" in result.stdout + result.stderr
    assert f"mutta {folder} on jo sivuston oma tiedosto tai kansio" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- The attack table: what a pull request can try, and what becomes of it -----------------------
#
# Each attack: where an editor puts it, the exact input, and the expected result: refused with the
# file (and line, where the check reads the source), or published inert. Attacks whose outcomes
# are independent share one copy of the project and one real strict build (ATTACK_BATCHES); a
# batch is separate where its refusal would stop the build before the next check runs (links and
# file names first, then hand-written pages, then the content, then the final cleaning).
# `{mark}` in an input is a file that would appear if anything in it ran.


@dataclass(frozen=True)
class Refused:
    file: str
    line: int | None  # None: the message names the page (the final cleaning reads the converted page)
    says: str  # a phrase of the Finnish message


@dataclass(frozen=True)
class Inert:
    url: str  # the built page, relative to the site's root
    shows: str | None = None  # text the page shows literally


@dataclass(frozen=True)
class Attack:
    id: str
    surface: str
    files: dict  # path in the project -> text
    expect: Refused | Inert
    links: tuple = ()  # (path in the project, where the link points)


def _page(id_: str, text: str) -> dict:
    return {f"docs/hyokkays/{id_}.md": text}


def _macro_page(id_: str, code: str) -> Attack:
    """A hand-written page that asks for macros, with `code` on its line 6."""
    return Attack(f"macro-{id_}", "käsin kirjoitettu sivu", _page(f"macro-{id_}", (
        "---\nrender_macros: true\n---\n# Sivu\n\n" + code + "\n")),
        Refused(f"docs/hyokkays/macro-{id_}.md", 6, "mallikoodia"))


def _front(id_: str, front: str, line: int, says: str) -> Attack:
    return Attack(f"front-{id_}", "front matter", _page(f"front-{id_}", f"---\n{front}\n---\n# Sivu\n"),
                  Refused(f"docs/hyokkays/front-{id_}.md", line, says))


def _cleaned(id_: str, html: str) -> Attack:
    return Attack(f"page-{id_}", "käsin kirjoitettu sivu", _page(f"page-{id_}", f"# Sivu\n\nTeksti.\n\n{html}\n"),
                  Refused(f"hyokkays/page-{id_}.md", None, "poistettiin HTML:ää"))


def _reserved(id_: str, line_text: str) -> Attack:
    return Attack(f"id-{id_}", "käsin kirjoitettu sivu", _page(f"id-{id_}", f"# Sivu\n\n{line_text}\n"),
                  Refused(f"docs/hyokkays/id-{id_}.md", 3, "teeman omassa käytössä"))


LINK_ATTACKS = [
    Attack("symlink-git-config", "symlinkki", {}, Refused("docs/x.txt", 1, "symbolinen linkki"),
           links=(("docs/x.txt", "../.git/config"),)),
    Attack("symlink-absolute", "symlinkki", {}, Refused("docs/assets/logo.svg", 1, "symbolinen linkki"),
           links=(("docs/assets/logo.svg", "/etc/passwd"),)),
    Attack("symlink-folder-to-git", "symlinkki", {}, Refused("docs/git", 1, "symbolinen linkki"),
           links=(("docs/git", "../.git"),)),
    Attack("symlink-page", "symlinkki", {}, Refused("docs/sivu.md", 1, "symbolinen linkki"),
           links=(("docs/sivu.md", "../README.md"),)),
    Attack("symlink-template", "symlinkki", {}, Refused("overrides/partials/x.html", 1, "symbolinen linkki"),
           links=(("overrides/partials/x.html", "../../.git/config"),)),
    Attack("symlink-content", "symlinkki", {}, Refused("roadmap/tuotokset/x.yaml", 1, "symbolinen linkki"),
           links=(("roadmap/tuotokset/x.yaml", "../../.git/config"),)),
    Attack("name-quote-breakout", "tiedostonimi", {'docs/a"onmouseover="alert(1).md': "# A\n"},
           Refused('docs/a"onmouseover="alert(1).md', 1, "merkkejä")),
    Attack("name-tag", "tiedostonimi", {"docs/<script>alert(1)</script>.md".replace("/script>", "script>"): "# A\n"},
           Refused("docs/<script>alert(1)<script>.md", 1, "merkkejä")),
    Attack("name-space", "tiedostonimi", {"docs/uusi sivu.md": "# A\n"}, Refused("docs/uusi sivu.md", 1, "merkkejä")),
    Attack("name-bidi", "tiedostonimi", {"docs/kuva\u202egnp.md": "# A\n"}, Refused("docs/kuva\u202egnp.md", 1, "merkkejä")),
    Attack("file-html-page", "tiedostonimi", {"docs/kirjaudu.html": "<script>alert(1)</script><form>salasana</form>"},
           Refused("docs/kirjaudu.html", 1, "julkaistaisiin sellaisenaan")),
    Attack("file-svg-script", "tiedostonimi", {"docs/assets/kuva.svg": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"},
           Refused("docs/assets/kuva.svg", 1, "julkaistaisiin sellaisenaan")),
    Attack("file-xml-stylesheet", "tiedostonimi", {"docs/x.xml": "<?xml-stylesheet href='x.xsl'?><x/>"},
           Refused("docs/x.xml", 1, "julkaistaisiin sellaisenaan")),
    Attack("name-in-overrides", "tiedostonimi", {"overrides/partials/a'b.html": "x"},
           Refused("overrides/partials/a'b.html", 1, "merkkejä")),
    # The address is the path: docs/131052/308t.md is /131052/308t/ in the sitemap, each name alone harmless.
    Attack("name-hetu-across-folders", "tiedostonimi", {"docs/131052/308t.md": "# A\n"},
           Refused("docs/131052/308t.md", 1, "henkilö- tai tunnistetieto")),
    Attack("name-phone-across-folders", "tiedostonimi", {"docs/040/1234567.md": "# A\n"},
           Refused("docs/040/1234567.md", 1, "henkilö- tai tunnistetieto")),
    # GitHub would show a change of the content as a binary file, folded away from its reviewer.
    Attack("git-attributes-hide-the-diff", "tiedostonimi", {"roadmap/.gitattributes": "*.yaml -diff linguist-generated\n"},
           Refused("roadmap/.gitattributes", 1, "piilottaa muutoksen")),
]

PAGE_ATTACKS = [
    _macro_page("cycler-popen", "{{ cycler.__init__.__globals__.os.popen('touch {mark}').read() }}"),
    _macro_page("lipsum-globals", "{{ lipsum.__globals__['os'].system('touch {mark}') }}"),
    _macro_page("config", "{{ config }}"),
    _macro_page("config-attribute", "{{ config.repo_url }}"),
    _macro_page("raw-block", "{% raw %}{{ lipsum.__globals__ }}{% endraw %}"),
    _macro_page("endraw-escape", "{% endraw %}{{ lipsum.__globals__ }}{% raw %}"),
    _macro_page("set-statement", "{% set x = cycler.__init__ %}{{ x }}"),
    _macro_page("include", "{% include 'mkdocs.yml' %}"),
    _macro_page("import", "{% import 'tietoa.md' as t %}"),
    _macro_page("filter", "{{ 'x' | safe }}"),
    _macro_page("macro-attribute", "{{ teemakortti.__globals__ }}"),
    _macro_page("macro-variable-argument", "{{ teemakortti(config) }}"),
    _macro_page("macro-expression-argument", "{{ teemakortti('ennalta' ~ 'ehkaisy') }}"),
    _macro_page("plugin-context", "{{ context() }}"),
    _macro_page("plugin-macros-info", "{{ macros_info() }}"),
    _macro_page("comment", "{# piilotettu #}"),
    _macro_page("whitespace-control", "{{- config -}}"),
    _macro_page("unclosed", "{{ teemakortti('ennaltaehkaisy'"),
    _macro_page("for-loop", "{% for x in range(10**9) %}{% endfor %}"),
    _macro_page("page-variable", "{{ page.file.abs_src_path }}"),
    Attack("macro-in-title", "front matter", _page("macro-in-title", (
        "---\nrender_macros: true\ntitle: \"{{ lipsum.__globals__['os'].system('touch {mark}') }}\"\n---\n# Sivu\n")),
        Refused("docs/hyokkays/macro-in-title.md", 3, "mallikoodia")),
    _front("template-redirect", "template: redirect.html\nlocation: javascript:alert(1)", 2, "ei ole sallittu"),
    _front("author-breakout", "author: '\"><script>alert(1)</script>'", 2, "ei ole sallittu"),
    _front("own-date-field", "tk_muutettu: '<img src=x onerror=alert(1)>'", 2, "ei ole sallittu"),
    _front("hide-unknown", "hide: [navigation, '<script>']", 2, "arvon pitää olla"),
    _front("render-macros-string", "render_macros: 'true'", 2, "arvon pitää olla"),
    _front("python-tag", "title: !!python/object/apply:os.system ['touch {mark}']", 2, "ei ole kelvollista YAMLia"),
    _front("not-a-mapping", "- render_macros\n- true", 2, "kenttiä"),
    _reserved("heading-config", "## __config"),
    _reserved("attr-list-drawer", "## Otsikko {#__drawer}"),
    _reserved("html-search", '<span id="__search"></span>'),
    _reserved("heading-palette", "### __palette_0"),
    _reserved("name-toc", '<a name="__toc"></a>'),
    _reserved("theme-component", '<div data-md-component="search">x</div>'),
]

CONTENT_ATTACKS = [
    Attack("content-id-config", "tiedostonimi", {"roadmap/tuotokset/__config.yaml": "x"},
           Refused("roadmap/tuotokset/__config.yaml", 1, "ei kelpaa tunnisteeksi")),
    Attack("content-id-drawer", "tiedostonimi", {"roadmap/karkiteemat/__drawer.yaml": "x"},
           Refused("roadmap/karkiteemat/__drawer.yaml", 1, "ei kelpaa tunnisteeksi")),
    Attack("content-python-tag", "YAML-kenttä",
           {"roadmap/pohdinnat/x-tagi.yaml": "otsikko: !!python/object/apply:os.system ['touch {mark}']\n"},
           Refused("roadmap/pohdinnat/x-tagi.yaml", 1, "")),
    Attack("content-municipality-id", "YAML-kenttä", {"roadmap/kunnat.yaml": (REPO / "roadmap" / "kunnat.yaml").read_text(
        encoding="utf-8").replace("tunniste: kiihtelysvaara", "tunniste: __search")},
        Refused("roadmap/kunnat.yaml", 8, "ei kelpaa tunnisteeksi")),
    Attack("content-stray-file", "tiedostonimi", {"roadmap/tuotokset/sivu.md": "<script>alert(1)</script>\n"},
           Refused("roadmap/tuotokset/sivu.md", 1, "Tuntematon tiedosto")),
]

CLEANING_ATTACKS = [
    _cleaned("script", "<script>alert('XSS')</script>"),
    _cleaned("img-onerror", "<img src=\"x\" onerror=\"alert('XSS')\">"),
    _cleaned("javascript-link", "[linkki](javascript:alert('XSS'))"),
    _cleaned("iframe", '<iframe src="https://evil.example/"></iframe>'),
    _cleaned("third-party-image", "![seuranta](https://evil.example/pikseli.png)"),
    _cleaned("onclick", '<a href="https://example.fi/" onclick="alert(1)">linkki</a>'),
    _cleaned("svg-script", '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>'),
    _cleaned("style-element", "<style>body{display:none}</style>"),
    _cleaned("style-attribute", '<p style="position:fixed;inset:0">peitto</p>'),
    _cleaned("form-elsewhere", '<form action="https://evil.example/"><input name="salasana"></form>'),
    _cleaned("base", '<base href="https://evil.example/">'),
    _cleaned("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
    _cleaned("object", '<object data="https://evil.example/x.swf"></object>'),
    _cleaned("stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    _cleaned("attr-list-handler", "Kappale.\n{: onclick=\"alert(1)\" }"),
    _cleaned("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"),
    _cleaned("data-url-link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
]

_TITLE = "</title><script>alert('XSS-T')</script>"
INERT_ATTACKS = [
    Attack("front-title-breakout", "front matter", _page("front-title-breakout", f"---\ntitle: \"{_TITLE}\"\n---\nTeksti.\n"),
           Inert("hyokkays/front-title-breakout/", _TITLE)),
    Attack("front-description-breakout", "front matter", _page("front-description-breakout", (
        "---\ndescription: '\"><script>alert(\"XSS-D\")</script>'\n---\n# Sivu\n")),
        Inert("hyokkays/front-description-breakout/")),
    Attack("jinja-without-macros", "käsin kirjoitettu sivu", _page("jinja-without-macros", (
        "# Sivu\n\nXSS-J {{ lipsum.__globals__['os'].system('touch {mark}') }}\n")),
        Inert("hyokkays/jinja-without-macros/", "XSS-J {{ lipsum.")),  # __globals__ is Markdown's bold
    Attack("raw-without-macros", "käsin kirjoitettu sivu", _page("raw-without-macros", "# Sivu\n\n{% raw %}XSS-R{% endraw %}\n"),
           Inert("hyokkays/raw-without-macros/", "{% raw %}XSS-R{% endraw %}")),
    Attack("escaped-heading", "käsin kirjoitettu sivu", _page("escaped-heading", "# &lt;script&gt;alert('XSS-H')&lt;/script&gt;\n"),
           Inert("hyokkays/escaped-heading/", "<script>alert('XSS-H')</script>")),
    Attack("macro-page-allowed", "käsin kirjoitettu sivu", _page("macro-page-allowed", (
        "---\nrender_macros: true\n---\n# Sivu\n\n{{ sisallon_maarat() }}\n\nXSS-M &lt;script&gt;\n")),
        Inert("hyokkays/macro-page-allowed/", "XSS-M <script>")),
    # Not HTML to Markdown (an unquoted value with quotes in it): shown as text.
    Attack("unquoted-img-onerror", "käsin kirjoitettu sivu", _page("unquoted-img-onerror", "# Sivu\n\n<img src=x onerror=alert('XSS-I')>\n"),
           Inert("hyokkays/unquoted-img-onerror/", "<img src=x onerror=alert('XSS-I')>")),
    Attack("yaml-name-template", "YAML-kenttä", {}, Inert("tietopankki/sosbox-extranet/", "XSS-Y {{ lipsum.__globals__ }}")),
    Attack("yaml-name-title-breakout", "YAML-kenttä", {}, Inert("teemat/ennaltaehkaisy/", "</title><svg onload=alert('XSS-Z')>")),
]
# YAML fields of the inert build (their attacks above): file, field, value.
_INERT_YAML = {
    "yaml-name-template": ("roadmap/tuotokset/sosbox-extranet.yaml", "nimi", "XSS-Y {{ lipsum.__globals__ }}"),
    "yaml-name-title-breakout": ("roadmap/karkiteemat/ennaltaehkaisy.yaml", "nimi", "</title><svg onload=alert('XSS-Z')>"),
}

COMMIT_ATTACKS = [
    ("commit-script", "<script>alert('XSS-C1')</script>"),
    ("commit-cdata-breakout", "]]></title><script>alert('XSS-C2')</script>"),
    ("commit-entity", "&lt;img src=x onerror=alert('XSS-C3')&gt; &amp;"),
    ("commit-template", "{{ lipsum.__globals__['os'].system('touch {mark}') }} XSS-C4"),
    ("commit-quote-breakout", "\"' onmouseover=alert('XSS-C5') x=\""),
]

# Publishing inputs: the version and tag reach tiekartta.publish through the environment (`make
# deploy VERSION=…` / `TAG=…`, the release workflow) and are validated there.
PUBLISH_ATTACKS = [
    ("version-shell", "version", "2025; touch {mark}"),
    ("version-substitution", "version", "$(touch {mark})"),
    ("version-path", "version", "../2024"),
    ("version-option", "version", "--push"),
    ("version-empty", "version", ""),
    ("version-future-year", "version", "9999"),
    ("version-trailing-newline", "version", "2025\n"),
    ("version-other-digits", "version", "\u0662\u0660\u0662\u0665"),
    ("tag-quote-breakout", "tag", "v2025'; touch {mark}; '"),
    ("tag-path", "tag", "refs/tags/v2025/../../main"),
    ("tag-not-release", "tag", "julkaisu"),
    ("tag-future-year", "tag", "v9999"),
    ("tag-trailing-newline", "tag", "v2025\n"),
]
# The same through make, where a tag or version was once put into a shell command as it is.
MAKE_PUBLISH_ATTACKS = [
    ("make-tag-quote-breakout", "TAG", "v2025'; touch {mark}; '"),
    ("make-version-substitution", "VERSION", "$(touch {mark})"),
    ("make-version-backticks", "VERSION", "`touch {mark}`"),
]

ATTACK_BATCHES = {"links": LINK_ATTACKS, "pages": PAGE_ATTACKS, "content": CONTENT_ATTACKS,
                  "cleaning": CLEANING_ATTACKS, "inert": INERT_ATTACKS}
ALL_ATTACKS = [a for batch in ATTACK_BATCHES.values() for a in batch]


def test_the_attack_table_is_large_and_its_ids_unique():
    ids = [a.id for a in ALL_ATTACKS] + [i for i, _ in COMMIT_ATTACKS] + [i for i, _, _ in PUBLISH_ATTACKS]
    ids += [i for i, _, _ in MAKE_PUBLISH_ATTACKS]
    assert len(ids) == len(set(ids)) and len(ids) >= 60, len(ids)


def _plant(project: Path, attacks: list[Attack], mark: Path) -> None:
    for attack in attacks:
        for path, text in attack.files.items():
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace("{mark}", str(mark)), encoding="utf-8")
        for path, points_to in attack.links:
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).symlink_to(points_to)


@pytest.fixture(scope="module")
def attack_builds(tmp_path_factory):
    """Each batch planted in its own copy of the project and built once with the real strict build."""
    results = {}
    for name, attacks in ATTACK_BATCHES.items():
        root = tmp_path_factory.mktemp(f"attacks-{name}")
        mark = root / "RAN"
        project = copy_project(root / "project")
        (project / ".git").mkdir()
        (project / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2FsYWluZW4=\n")
        _plant(project, attacks, mark)
        if name == "inert":
            for file, field_name, value in _INERT_YAML.values():
                data = yaml.safe_load((project / file).read_text(encoding="utf-8"))
                data[field_name] = value
                (project / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            nav = "".join(f"  - hyokkays/{a.id}.md\n" for a in attacks if a.files)
            config = project / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace("nav:\n", "nav:\n" + nav, 1), encoding="utf-8")
        result = build_site(project, project / "site")
        check = subprocess.run([sys.executable, "-m", "tiekartta", "check"], cwd=project, capture_output=True,
                               text=True, timeout=120)
        results[name] = (project, result, check, mark)
    return results


def _refusal_shown(output: str, expect: Refused) -> bool:
    if expect.line is None:
        # The gate names the page and its source: "Sivulta x.md (lähde docs/x.md) poistettiin HTML:ää …"
        return re.search(rf"Sivulta {re.escape(expect.file)} \(lähde docs/{re.escape(expect.file)}\) "
                         rf"{re.escape(expect.says)}", output) is not None
    return any(f"{expect.file}, rivi {expect.line}" in line and expect.says in line for line in output.splitlines())


@pytest.mark.build
@pytest.mark.parametrize("batch,attack", [(b, a) for b, attacks in ATTACK_BATCHES.items() for a in attacks],
                         ids=lambda value: value.id if isinstance(value, Attack) else value)
def test_attack(batch, attack, attack_builds):
    project, result, check, mark = attack_builds[batch]
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert not mark.exists(), "something in the attack ran"
    if isinstance(attack.expect, Refused):
        assert result.returncode != 0
        assert _refusal_shown(output, attack.expect), output[-3000:]
        if attack.expect.line is not None:  # read from the source: `make check` says it too
            assert check.returncode == 1 and _refusal_shown(check.stderr, attack.expect), check.stderr[-2000:]
        return
    assert result.returncode == 0, output[-3000:]
    page = page_path(project / "site", attack.expect.url)
    assert not active_markup(page), active_markup(page)
    if attack.expect.shows is not None:
        assert attack.expect.shows in soup_of(page).get_text(" "), attack.expect.shows
    everything = "".join(p.read_text(encoding="utf-8") for p in html_pages(project / "site"))
    assert "extraheader" not in everything and "c2FsYWluZW4" not in everything


@pytest.mark.build
def test_front_matter_title_is_text_everywhere_it_is_printed(attack_builds):
    project, result, _, _ = attack_builds["inert"]
    assert result.returncode == 0
    site = project / "site"
    soup = soup_of(page_path(site, "hyokkays/front-title-breakout/"))
    assert soup.title.get_text() == f"{_TITLE} - Sosiaalityön tiekartta"
    assert _TITLE in soup.select_one("[data-md-component=header-topic]").get_text()
    # In the navigation and the previous/next links of the other pages too.
    neighbour = soup_of(page_path(site, "hyokkays/front-description-breakout/"))
    assert _TITLE in [a.get_text(" ", strip=True) for a in neighbour.select("nav.md-nav a.md-nav__link")]
    assert all(_TITLE not in str(p.read_text(encoding="utf-8")) for p in html_pages(site))  # never as markup
    description = soup_of(page_path(site, "hyokkays/front-description-breakout/")).find("meta", attrs={"name": "description"})
    assert description["content"] == '"><script>alert("XSS-D")</script>'


@pytest.mark.build
@pytest.mark.browser
def test_inert_attacks_do_nothing_in_the_browser(attack_builds, page):
    """Every page of the inert batch in Debian's Chromium: no dialog, no request off the site."""
    project, result, _, _ = attack_builds["inert"]
    server, url = serve_directory(project / "site")
    dialogs, elsewhere = watch_dialogs(page), watch_requests_elsewhere(page, url)
    try:
        for attack in INERT_ATTACKS:
            page.goto(url + attack.expect.url)
            page.wait_for_load_state("load")
            page.mouse.move(300, 300)
            page.wait_for_timeout(100)
    finally:
        server.shutdown()
    assert dialogs == [] and elsewhere == []


@pytest.fixture(scope="module")
def commit_attack_build(tmp_path_factory):
    """Commit subjects reach the change feed (data/muutokset.atom): each attack is the subject of a
    commit that changes the content, in a git copy of the project, built once."""
    root = tmp_path_factory.mktemp("attacks-commits")
    mark = root / "RAN"
    project = copy_project(root / "project")
    env = {**make_env(), "GIT_AUTHOR_NAME": "Toimittaja", "GIT_AUTHOR_EMAIL": "toimittaja@example.invalid",
           "GIT_COMMITTER_NAME": "Toimittaja", "GIT_COMMITTER_EMAIL": "toimittaja@example.invalid"}

    def git(*args):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "Sisältö")
    theme = project / "roadmap" / THEME
    for i, (_, subject) in enumerate(COMMIT_ATTACKS):
        theme.write_text(theme.read_text(encoding="utf-8") + f"# muutos {i}\n", encoding="utf-8")
        git("commit", "-q", "-am", subject.replace("{mark}", str(mark)))
    result = build_site(project, project / "site")
    return project, result, mark


@pytest.mark.build
@pytest.mark.parametrize("attack_id,subject", COMMIT_ATTACKS, ids=[i for i, _ in COMMIT_ATTACKS])
def test_commit_subject_never_reaches_the_site(attack_id, subject, commit_attack_build):
    """The change feed and the pages' histories are made from the content, not from commit text:
    a hostile subject runs nothing, breaks nothing and is published nowhere."""
    import xml.etree.ElementTree as ElementTree

    project, result, mark = commit_attack_build
    assert result.returncode == 0, result.stderr[-3000:]
    assert not mark.exists()
    feed = ElementTree.parse(project / "site" / "data" / "muutokset.atom")
    titles = [e.text for e in feed.getroot().iter("{http://www.w3.org/2005/Atom}title")]
    assert len(titles) > 1  # the feed holds the content's changes
    marker = re.search(r"XSS-C\d", subject).group(0)
    for file in (project / "site").rglob("*"):
        if file.is_file() and file.suffix in {".html", ".atom", ".json", ".xml", ".csv", ".ics"}:
            assert marker not in file.read_text(encoding="utf-8", errors="replace"), file


@pytest.mark.parametrize("attack_id,kind,value", PUBLISH_ATTACKS, ids=[i for i, _, _ in PUBLISH_ATTACKS])
def test_publishing_input_is_refused(attack_id, kind, value, tmp_path):
    from datetime import date

    from tiekartta import publish

    value = value.replace("{mark}", str(tmp_path / "RAN"))
    read = publish.version_from_tag if kind == "tag" else publish.version_from_input
    with pytest.raises(publish.PublishError) as error:
        read(value, today=date(2026, 6, 1))
    assert ("ei kelpaa" in str(error.value) or "ei ole julkaisutagi" in str(error.value)
            or "tulevaisuudessa" in str(error.value))
    assert not (tmp_path / "RAN").exists()


@pytest.mark.build
@pytest.mark.parametrize("attack_id,variable,value", MAKE_PUBLISH_ATTACKS, ids=[i for i, _, _ in MAKE_PUBLISH_ATTACKS])
def test_publishing_input_through_make_runs_nothing(attack_id, variable, value, project_copy, tmp_path):
    mark = tmp_path / "RAN"
    result = subprocess.run(make_command(project_copy, "deploy", f"{variable}={value.replace('{mark}', str(mark))}"),
                            cwd=project_copy, capture_output=True, text=True, env=make_env(), timeout=600)
    assert result.returncode != 0 and not mark.exists()
    assert "ei kelpaa" in result.stderr or "ei ole julkaisutagi" in result.stderr, result.stderr[-2000:]


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
    dialogs = watch_dialogs(page)
    try:
        for docs_path in sorted({case.page for case in PAYLOAD_CASES}):
            page.goto(url + routes.page_url(docs_path))
            page.wait_for_load_state("load")
            assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length") == 0
            page.mouse.move(400, 400)
        page.goto(url)
        results = type_into_header_search(page, "XSS")
        assert results.count() > 0
        results.first.hover()
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
                    + '\n<p onclick="alert(\'XSS77\')">Puhdistettava kappale</p>\n'
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
