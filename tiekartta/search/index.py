"""The static search index of a site: Pagefind over the pages, plus Finnish word forms.

Each page is one record: its own text (Pagefind reads the HTML: title, headings, excerpts),
followed by the other forms of its words (tiekartta.search.finnish), each with the weight of the
part of the page its word is in (title, headings, text). A query whose words are all on the page
in any form finds the page. The forms begin after FORMS_MARK; the browser shows an excerpt of the
page's own text only, or the page's description when only the forms matched (docs/assets/haku.js).

build_index makes it after the build, from the written site: Pagefind does not read the site
itself but a stage, a temporary folder with each page's article alone and its forms, under the
page's own path, so its records are those of the site's pages.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

import lxml.html
from lxml import etree
from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from . import forms_cache
from .finnish import FinnishForms, words
from .morphology import VoikkoMissing

log = logging.getLogger("mkdocs.plugins.tiekartta")

OUTPUT_FOLDER = "pagefind"
# The indexed part of a page: Material's article, without what is not the page's own text.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file", "[data-pagefind-ignore]"]
# Where a record's own text ends and the forms of its words begin: a word of its own in the
# record's text (Pagefind counts it as a word but indexes nothing of it, having no letters), so
# the browser knows which matches are in the page's own text (docs/assets/haku.js).
FORMS_MARK = "\u2042"
# Where the forms of the words found only in an output's documents begin, one mark per document in
# the page's order (after the forms of the page's other words): a match after the n-th mark was
# found in the n-th document (docs/assets/haku.js). The documents' own text is in elements marked
# with DOCUMENT_ATTRIBUTE (templates/output.md.j2).
DOCUMENT_MARK = "\u2051"
DOCUMENT_ATTRIBUTE = "data-tk-asiakirja"
# The metadata that names the n-th document for a result: DOCUMENT_META + n (from 1).
DOCUMENT_META = "asiakirja-"
# The page's description, for a result whose match is in the forms only.
DESCRIPTION_META = "kuvaus"
# Pagefind's files the site does not use: its own UIs (the site has one in Material's look).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_LANG = re.compile(r'<html[^>]*\slang="([^"]*)"')


class SearchIndexError(Exception):
    """The index could not be made; the message is in Finnish, for the person running the build."""


@dataclass(frozen=True)
class IndexedPage:
    url: str  # site-relative with directory URLs, as Pagefind writes it: "/teemat/x/"
    title: str
    description: str
    headings: str  # the text of its h2–h6 headings
    text: str  # all its indexed text, headings included
    filters: dict[str, list[str]]
    documents: tuple[str, ...] = ()  # the text of each of its documents (DOCUMENT_ATTRIBUTE), also in `text`
    document_titles: tuple[str, ...] = ()  # the heading of each document's section
    outside_documents: str | None = None  # `text` without the documents; None: the page has none


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    pages_with_forms: int
    forms: int
    bytes: int


def _has_class(name: str) -> str:
    # The plain substring test first: it rules out most elements at a fraction of the cost.
    return f'(contains(@class, "{name}") and contains(concat(" ", normalize-space(@class), " "), " {name} "))'


# EXCLUDE_SELECTORS as XPath, for lxml (which reads pages far faster than BeautifulSoup).
# Elements without a class attribute, most of them, are passed over after one test.
_EXCLUDED = ".//*[@data-pagefind-ignore or (@class and (" + " or ".join(
    [_has_class("headerlink"), _has_class("md-content__button"), _has_class("md-source-file")]
) + "))]"
# The XPath expressions read_article evaluates on every page, compiled once.
_FIND_EXCLUDED = etree.XPath(_EXCLUDED)
_FIND_FILTERS = etree.XPath(".//*[@data-pagefind-filter]")
_FIND_HEADINGS = etree.XPath(".//h2|.//h3|.//h4|.//h5|.//h6")
_FIND_DOCUMENTS = etree.XPath(f".//*[@{DOCUMENT_ATTRIBUTE}]")
_FIND_DOCUMENT_HEADING = etree.XPath(".//h3")


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


@dataclass(frozen=True)
class PageParts:
    """What the index takes from a page: its article, its description and its language."""

    article: str
    description: str
    lang: str


def parts_of(html: str) -> PageParts | None:
    """The parts of a written page the index reads (None: the page has no article).
    Cut with plain string search: the rest of a Material page (navigation) is most of its size."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return None
    description = _DESCRIPTION.search(html, 0, start)
    lang = _LANG.search(html, 0, start)
    return PageParts(
        html[start:end + len("</article>")],
        unescape(description.group(1)) if description else "",
        lang.group(1) if lang else "",
    )


def read_article(article: str, description: str, url: str) -> IndexedPage | None:
    root = lxml.html.fragment_fromstring(article)
    classes = (root.get("class") or "").split()
    if root.tag != "article" or "md-content__inner" not in classes or root.get("data-pagefind-ignore") is not None:
        return None
    filters: dict[str, list[str]] = {}
    for element in _FIND_FILTERS(root):
        name, _, value = element.get("data-pagefind-filter").partition(":")
        if value:
            filters.setdefault(name.strip(), []).append(value.strip())
    for element in _FIND_EXCLUDED(root):
        element.drop_tree()  # keeps the text that follows it
    heading = root.find(".//h1")
    title = _text(heading) if heading is not None else ""
    headings = " ".join(_text(h) for h in _FIND_HEADINGS(root))
    text = _text(root)
    documents, titles, outside = _documents(root)  # the last to read the page: it takes its documents out
    return IndexedPage(
        url=url,
        title=title,
        description=description,
        headings=headings,
        text=text,
        filters=filters,
        documents=documents,
        document_titles=titles,
        outside_documents=outside,
    )


def _documents(root) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """The text and the heading of each of the page's documents, and the page's text without them
    (None: the page has no documents). Takes the documents out of `root`."""
    found = _FIND_DOCUMENTS(root)
    if not found:
        return (), (), None
    documents = tuple(_text(element) for element in found)
    titles = tuple(_text(heading[0]) if (heading := _FIND_DOCUMENT_HEADING(element)) else "" for element in found)
    for element in found:
        element.drop_tree()
    return documents, titles, _text(root)


def page_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(URL, file) of every page of a built site, as Pagefind names them."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.parent.relative_to(site_dir)
        if relative.parts and relative.parts[0] == OUTPUT_FOLDER:
            continue
        found.append(("/" if relative.as_posix() == "." else f"/{relative.as_posix()}/", path))
    return found


@dataclass(frozen=True)
class FormsSection:
    """The end of a page's record (HTML for Pagefind): the other forms of its words, and how many."""

    html: Markup
    text: str
    forms: int


@dataclass(frozen=True)
class PageWords:
    """The words of a page's parts, each read once: its forms and the forms cache both need them."""

    title: list[str]
    headings: list[str]
    text: list[str]
    outside_documents: list[str]  # the text without the documents (all of it when it has none)


def words_of(page: IndexedPage) -> PageWords:
    text = words(page.text)
    outside = text if page.outside_documents is None else words(page.outside_documents)
    return PageWords(words(page.title), words(page.headings), text, outside)


def forms_section(page: IndexedPage, page_words: PageWords, forms: FinnishForms | None) -> FormsSection:
    """The forms of the page's words that its own text does not have (none when `forms` is None),
    after FORMS_MARK, and the page's description for results that show no excerpt."""
    sections = [[], [], [], *([] for _ in page.documents)]
    if forms is not None:
        # A page with documents: the forms of words found only in them come last, document by
        # document, each after its own mark.
        sections = forms.document_words([
            page_words.title, page_words.headings, page_words.outside_documents,
            *(words(text) for text in page.documents),
        ])
    title, headings, text, *documents = sections
    html = _template("forms.html.j2").render(
        page=page, description_meta=DESCRIPTION_META, mark=FORMS_MARK, title=title, headings=headings, text=text,
        document_mark=DOCUMENT_MARK, documents=documents, document_meta=DOCUMENT_META,
    )
    every = [*title, *headings, *text, *(form for section in documents for form in section)]
    return FormsSection(Markup(html), " ".join(every), len(every))


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("tiekartta.search", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@cache
def _template(name: str) -> Template:
    return _templates().get_template(name)


@dataclass(frozen=True)
class StagedPage:
    """A page in the stage: what its record adds to the page's own text (the description), and
    how many forms of its words the record has (None: without forms)."""

    url: str
    record: str
    forms: int | None


def _write(stage: Path, url: str, text: str) -> None:
    """Write a page's record as url/index.html in the stage."""
    folder = os.path.join(stage, url.strip("/"))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as file:
        file.write(text)


def stage_page(stage: Path, url: str, parts: PageParts, forms: FinnishForms | None,
               seen: set[str] | None = None) -> StagedPage | None:
    """Write a page's record into the stage: its article, ending with the forms of its words
    unless `forms` is None. None: the page has nothing to index (Pagefind would leave it out too).
    The page's words are added to `seen`."""
    page = read_article(parts.article, parts.description, url)
    if page is None:
        return None
    page_words = words_of(page)
    section = forms_section(page, page_words, forms)
    if seen is not None:
        seen.update(page_words.title, page_words.headings, page_words.text)
    # The forms go inside the article, which is what Pagefind indexes (ROOT_SELECTOR).
    article = parts.article.rstrip().removesuffix("</article>")
    html = _template("page.html.j2").render(lang=parts.lang, article=Markup(article), forms=section.html)
    _write(stage, url, html)
    # What the record adds to the page's article, which the site publishes and checks as a page:
    # its description (the forms after the text are other forms of the article's own words).
    record = page.description
    return StagedPage(url, record, None if forms is None else section.forms)


def _run_pagefind(stage: Path, output: Path) -> None:
    """Pagefind's command line over the stage, writing the index into `output`."""
    from pagefind_bin import get_executable  # the program of the pinned pagefind_bin package

    with tempfile.TemporaryDirectory(prefix="tk-pagefind-") as work:
        config = {
            "site": str(stage), "output_path": str(output), "glob": "**/index.html",
            "root_selector": ROOT_SELECTOR, "exclude_selectors": EXCLUDE_SELECTORS,
        }
        # Pagefind reads its configuration from the working folder: only this one applies.
        (Path(work) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        done = subprocess.run([str(get_executable().absolute()), "--quiet"], cwd=work,
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Hakuhakemiston teko epäonnistui (Pagefind): {(done.stdout + done.stderr).strip()}")


def _page_count(output: Path) -> int:
    """Pages in a written index, read from its entry file; 0 if the index is incomplete."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        if not all((output / f"pagefind.{language['hash']}.pf_meta").stat().st_size for language in languages):
            return 0
        return sum(int(language["page_count"]) for language in languages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


_EMPTY = "Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä."


def partial_folder(site_dir: Path) -> Path:
    """Where an index is written before it replaces the site's index (all or nothing)."""
    return Path(site_dir) / f"{OUTPUT_FOLDER}.partial"


def build_index(
    site_dir: Path,
    *,
    finnish_forms: bool = True,
    forms: FinnishForms | None = None,
    forms_folder: Path | None = None,
    check: Callable[[str, str], object] | None = None,
) -> IndexSummary:
    """Write site_dir/pagefind/ from the pages written in site_dir (all or nothing).

    forms_folder: where the Finnish forms found are kept between builds (forms_cache), read
    before and written after. check(url, record): each record before Pagefind reads it (the
    publishing gate, which raises to stop the build)."""
    site_dir = Path(site_dir)
    partial = partial_folder(site_dir)
    shutil.rmtree(partial, ignore_errors=True)  # from a build that was stopped halfway
    forms = (forms or FinnishForms()) if finnish_forms else None  # Voikko loads only when needed
    if forms is not None and forms_folder is not None:
        forms_cache.load(forms_folder, forms)
    seen: set[str] = set()
    try:
        with tempfile.TemporaryDirectory(prefix="tk-haku-") as stage:
            staged = []
            for url, path in page_files(site_dir):
                parts = parts_of(path.read_text(encoding="utf-8"))
                page = stage_page(Path(stage), url, parts, forms, seen) if parts else None
                if page is not None:
                    if check is not None:
                        check(url, page.record)
                    staged.append(page)
            if not staged:
                raise SearchIndexError(_EMPTY)
            _run_pagefind(Path(stage), partial)
        indexed = _page_count(partial)
        if indexed == 0 or not (partial / "pagefind.js").exists():
            raise SearchIndexError(_EMPTY)
    except VoikkoMissing as error:  # what to install, not a traceback
        shutil.rmtree(partial, ignore_errors=True)
        raise SearchIndexError(str(error)) from None
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if forms is not None and forms_folder is not None:
        forms_cache.save(forms_folder, forms, seen)
    for pattern in UNUSED:
        for path in partial.glob(pattern):
            path.unlink()
    output = site_dir / OUTPUT_FOLDER
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    with_forms = [page.forms for page in staged if page.forms is not None]
    return IndexSummary(indexed, len(with_forms), sum(with_forms), size)
