"""The static search index of a built site: Pagefind over the pages, plus Finnish word forms.

Each page is indexed twice: its own text (Pagefind reads the HTML: title, headings, excerpts)
and a forms document that holds every form of the page's words (tiekartta.search.finnish), with
the title's forms as a title so they weigh as much. A query whose words are all on the page in
any form finds the forms document; the browser shows it as the page (docs/assets/haku.js), with
the page's own excerpt when its text matched too, else its description.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

import lxml.html
from jinja2 import Environment, PackageLoader, StrictUndefined

from .finnish import FinnishForms, words

log = logging.getLogger("mkdocs.plugins.tiekartta")

OUTPUT_FOLDER = "pagefind"
# The indexed part of a page: Material's article, without what is not the page's own text.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file", "[data-pagefind-ignore]"]
# The second record of a page (the forms) has a URL of its own under this folder (Pagefind keeps
# one record per URL) and names its page in this meta field; the browser shows the page instead.
FORMS_META = "tk_sivu"
# A filter only forms records carry, so a search by filters alone can leave them out and find
# each page once (the bank's filters, assets/haku.js): Pagefind excludes by a value, not by a missing filter.
FORMS_FILTER, FORMS_FILTER_VALUE = "tietue", "muodot"
FORMS_FOLDER = "tk-muodot"
# Pagefind's files the site does not use: its own UIs (the site has one in Material's look).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


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


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    form_documents: int
    forms: int
    bytes: int


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# EXCLUDE_SELECTORS as XPath, for lxml (which reads pages far faster than BeautifulSoup).
_EXCLUDED = ".//*[" + " or ".join(
    [_has_class("headerlink"), _has_class("md-content__button"), _has_class("md-source-file"), "@data-pagefind-ignore"]
) + "]"


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def article_of(html: str) -> tuple[str, str] | None:
    """The part of a page the index reads: its article and its description (None: no article).
    Cut with plain string search, so that a page can be handed on cheaply (to another process)."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return None
    description = _DESCRIPTION.search(html, 0, start)
    return html[start:end + len("</article>")], unescape(description.group(1)) if description else ""


def read_page(html: str, url: str) -> IndexedPage | None:
    """The text Pagefind indexes from a page (same root and exclusions), its title and filters."""
    # Parse only the article: the rest of a Material page (navigation) is most of its size.
    part = article_of(html)
    return read_article(part[0], part[1], url) if part else None


def read_article(article: str, description: str, url: str) -> IndexedPage | None:
    root = lxml.html.fragment_fromstring(article)
    classes = (root.get("class") or "").split()
    if root.tag != "article" or "md-content__inner" not in classes or root.get("data-pagefind-ignore") is not None:
        return None
    filters: dict[str, list[str]] = {}
    for element in root.xpath(".//*[@data-pagefind-filter]"):
        name, _, value = element.get("data-pagefind-filter").partition(":")
        if value:
            filters.setdefault(name.strip(), []).append(value.strip())
    for element in root.xpath(_EXCLUDED):
        element.drop_tree()  # keeps the text that follows it
    heading = root.find(".//h1")
    return IndexedPage(
        url=url,
        title=_text(heading) if heading is not None else "",
        description=description,
        headings=" ".join(_text(h) for h in root.xpath(".//h2|.//h3|.//h4|.//h5|.//h6")),
        text=_text(root),
        filters=filters,
    )


def page_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(URL, file) of every page of a built site, as Pagefind names them."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.parent.relative_to(site_dir)
        if relative.parts and relative.parts[0] in (OUTPUT_FOLDER, FORMS_FOLDER):
            continue
        found.append(("/" if relative.as_posix() == "." else f"/{relative.as_posix()}/", path))
    return found


@dataclass(frozen=True)
class FormsDocument:
    """A page's forms document (HTML for Pagefind) and how many words it holds."""

    html: str
    forms: int


def forms_document(page: IndexedPage, forms: FinnishForms) -> FormsDocument:
    title, headings, text = forms.document_words([words(page.title), words(page.headings), words(page.text)])
    html = _templates().get_template("forms.html.j2").render(
        page=page, forms_meta=FORMS_META, forms_filter=FORMS_FILTER, forms_filter_value=FORMS_FILTER_VALUE,
        title=title, headings=headings, text=text,
    )
    return FormsDocument(html, len(title) + len(headings) + len(text))


def forms_document_of(article: str, description: str, url: str, forms: FinnishForms) -> FormsDocument | None:
    """The forms document of one page from its article (article_of), as a worker makes it while
    the site is still being built; None if the page is not indexed."""
    page = read_article(article, description, url)
    return None if page is None else forms_document(page, forms)


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("tiekartta.search", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _run_pagefind(site_dir: Path, output: Path) -> int:
    """Pagefind's command line over site_dir (pages and forms documents); returns the page count.

    The command line, not Pagefind's Python service: the service is stopped with a signal as soon
    as it answers, which can cut its last file writes short (an empty pagefind-entry.json breaks
    search in the browser). The command exits only when every file is written."""
    config = {
        "site": str(site_dir), "output_path": str(output), "glob": "**/index.html",
        "root_selector": ROOT_SELECTOR, "exclude_selectors": EXCLUDE_SELECTORS,
    }
    with tempfile.TemporaryDirectory(prefix="tk-pagefind-") as work:
        # Pagefind reads its configuration from the working folder: only this one applies.
        Path(work, "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pagefind", "--quiet"], cwd=work,
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Hakuhakemiston teko epäonnistui (Pagefind): {(done.stderr or done.stdout).strip()}")
    return _page_count(output)


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


def build_index(
    site_dir: Path, *, finnish_forms: bool = True, forms: FinnishForms | None = None,
    prepared: Mapping[str, FormsDocument | None] | None = None,
) -> IndexSummary:
    """Write site_dir/pagefind/ (all or nothing: a failed run leaves no index behind).

    `prepared` holds forms documents already made for pages by URL (None: the page is not
    indexed); the others are made here from the written pages."""
    site_dir = Path(site_dir)
    output = site_dir / OUTPUT_FOLDER
    partial = site_dir / f"{OUTPUT_FOLDER}.partial"
    forms_dir = site_dir / FORMS_FOLDER
    for leftover in (partial, forms_dir):  # from a build that was stopped halfway
        shutil.rmtree(leftover, ignore_errors=True)
    prepared = prepared or {}
    forms = forms or FinnishForms()  # loads Voikko only when a page needs it
    pages, documents = 0, {}
    for url, path in page_files(site_dir):
        if finnish_forms and url in prepared:
            document = prepared[url]
            if document is None:
                continue  # no article
        else:
            page = read_page(path.read_text(encoding="utf-8"), url)
            if page is None:
                continue  # no article: Pagefind leaves the page out too
            document = forms_document(page, forms) if finnish_forms else None
        pages += 1
        if document is not None:
            documents[url] = document
    if not pages:
        raise SearchIndexError("Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä.")
    # The forms documents stand in the site while Pagefind reads it, and never after.
    try:
        for url, document in documents.items():
            target = forms_dir / url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document.html, encoding="utf-8")
        indexed = _run_pagefind(site_dir, partial)
    except Exception:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(forms_dir, ignore_errors=True)
    if indexed == 0 or not (partial / "pagefind.js").exists():
        shutil.rmtree(partial, ignore_errors=True)
        raise SearchIndexError("Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä.")
    for pattern in UNUSED:
        for path in partial.glob(pattern):
            path.unlink()
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return IndexSummary(indexed - len(documents), len(documents), sum(d.forms for d in documents.values()), size)
