"""The static search index of a built site: Pagefind over the pages, plus Finnish word forms.

Each page is indexed twice: its own text (Pagefind reads the HTML: title, headings, excerpts)
and a forms document that holds every form of the page's words (tiekartta.search.finnish), with
the title's forms as a title so they weigh as much. A query whose words are all on the page in
any form finds the forms document; the browser shows it as the page (docs/assets/haku.js), with
the page's own excerpt when its text matched too, else its description.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
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


def read_page(html: str, url: str) -> IndexedPage | None:
    """The text Pagefind indexes from a page (same root and exclusions), its title and filters."""
    # Parse only the article: the rest of a Material page (navigation) is most of its size.
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return None
    root = lxml.html.fragment_fromstring(html[start:end + len("</article>")])
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
    description = _DESCRIPTION.search(html)
    return IndexedPage(
        url=url,
        title=_text(heading) if heading is not None else "",
        description=unescape(description.group(1)) if description else "",
        headings=" ".join(_text(h) for h in root.xpath(".//h2|.//h3|.//h4|.//h5|.//h6")),
        text=_text(root),
        filters=filters,
    )


def site_pages(site_dir: Path) -> list[IndexedPage]:
    pages = []
    for path in sorted(site_dir.rglob("index.html")):
        if OUTPUT_FOLDER in path.relative_to(site_dir).parts:
            continue
        relative = path.parent.relative_to(site_dir).as_posix()
        url = "/" if relative == "." else f"/{relative}/"
        page = read_page(path.read_text(encoding="utf-8"), url)
        if page is not None:
            pages.append(page)
    return pages


def forms_document(page: IndexedPage, forms: FinnishForms) -> tuple[str, int]:
    """The page's forms document (HTML for Pagefind) and how many words it holds."""
    title, headings, text = forms.document_words([words(page.title), words(page.headings), words(page.text)])
    html = _templates().get_template("forms.html.j2").render(
        page=page, forms_meta=FORMS_META, forms_filter=FORMS_FILTER, forms_filter_value=FORMS_FILTER_VALUE,
        title=title, headings=headings, text=text,
    )
    return html, len(title) + len(headings) + len(text)


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("tiekartta.search", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


async def _write(site_dir: Path, output: Path, forms_dir: Path | None) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # Leaving the context writes the files to output_path (and only there).
    config = IndexConfig(root_selector=ROOT_SELECTOR, exclude_selectors=EXCLUDE_SELECTORS, output_path=str(output))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob="**/index.html")
        if forms_dir is not None:
            # Files read as a folder: much faster than handing Pagefind each document.
            await index.add_directory(str(forms_dir), glob="**/index.html")
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def build_index(site_dir: Path, *, finnish_forms: bool = True, forms: FinnishForms | None = None) -> IndexSummary:
    """Write site_dir/pagefind/ (all or nothing: a failed run leaves no index behind)."""
    site_dir = Path(site_dir)
    output = site_dir / OUTPUT_FOLDER
    partial = site_dir / f"{OUTPUT_FOLDER}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    pages = site_pages(site_dir)
    if not pages:
        raise SearchIndexError("Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä.")
    with tempfile.TemporaryDirectory(prefix="tk-muodot-") as scratch:
        forms_dir, documents, form_count = None, 0, 0
        if finnish_forms:
            forms = forms or FinnishForms()
            forms_dir = Path(scratch)
            for page in pages:
                html, count = forms_document(page, forms)
                target = forms_dir / FORMS_FOLDER / page.url.strip("/") / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
                documents += 1
                form_count += count
        try:
            # In a thread of its own: the caller may already run an event loop (a test's browser).
            with ThreadPoolExecutor(max_workers=1) as thread:
                indexed = thread.submit(asyncio.run, _write(site_dir, partial, forms_dir)).result()
        except Exception as error:  # the Pagefind binary or its service failed
            shutil.rmtree(partial, ignore_errors=True)
            raise SearchIndexError(f"Hakuhakemiston teko epäonnistui (Pagefind): {error}") from error
    if indexed == 0 or not (partial / "pagefind.js").exists():
        shutil.rmtree(partial, ignore_errors=True)
        raise SearchIndexError("Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä.")
    for pattern in UNUSED:
        for path in partial.glob(pattern):
            path.unlink()
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    return IndexSummary(indexed, documents, form_count, size)
