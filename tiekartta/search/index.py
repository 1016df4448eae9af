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
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

from bs4 import BeautifulSoup
from jinja2 import Environment, PackageLoader, StrictUndefined

from .finnish import FinnishForms, words

log = logging.getLogger("mkdocs.plugins.tiekartta")

OUTPUT_FOLDER = "pagefind"
# The indexed part of a page: Material's article, without what is not the page's own text.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file", "[data-pagefind-ignore]"]
# The second record of a page (the forms) has a URL of its own (Pagefind keeps one record per
# URL) and names its page in this meta field; the browser shows it through the page's own record.
FORMS_META = "tk_sivu"
FORMS_URL_SUFFIX = "#tk-muodot"
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


def read_page(html: str, url: str) -> IndexedPage | None:
    """The text Pagefind indexes from a page (same root and exclusions), its title and filters."""
    # Parse only the article: the rest of a Material page (navigation) is most of its size.
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return None
    soup = BeautifulSoup(html[start:end + len("</article>")], "html.parser")
    root = soup.select_one(ROOT_SELECTOR)
    if root is None or root.has_attr("data-pagefind-ignore"):
        return None
    filters: dict[str, list[str]] = {}
    for tag in root.select("[data-pagefind-filter]"):
        name, _, value = tag["data-pagefind-filter"].partition(":")
        if value:
            filters.setdefault(name.strip(), []).append(value.strip())
    for selector in EXCLUDE_SELECTORS:
        for tag in root.select(selector):
            tag.decompose()
    heading = root.find("h1")
    description = _DESCRIPTION.search(html)
    return IndexedPage(
        url=url,
        title=heading.get_text(" ", strip=True) if heading else "",
        description=unescape(description.group(1)) if description else "",
        headings=" ".join(h.get_text(" ", strip=True) for h in root.find_all(["h2", "h3", "h4", "h5", "h6"])),
        text=root.get_text(" ", strip=True),
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
        page=page, forms_meta=FORMS_META, title=title, headings=headings, text=text
    )
    return html, len(title) + len(headings) + len(text)


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("tiekartta.search", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


async def _write(site_dir: Path, output: Path, documents: list[tuple[str, str]]) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # Leaving the context writes the files to output_path (and only there).
    config = IndexConfig(root_selector=ROOT_SELECTOR, exclude_selectors=EXCLUDE_SELECTORS, output_path=str(output))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir), glob="**/index.html")
        for url, html in documents:
            await index.add_html_file(content=html, url=url)
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def build_index(site_dir: Path, *, finnish_forms: bool = True,
                forms: FinnishForms | None = None) -> IndexSummary:
    """Write site_dir/pagefind/ (all or nothing: a failed run leaves no index behind)."""
    site_dir = Path(site_dir)
    output = site_dir / OUTPUT_FOLDER
    partial = site_dir / f"{OUTPUT_FOLDER}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    pages = site_pages(site_dir)
    documents, form_count = [], 0
    if finnish_forms:
        forms = forms or FinnishForms()
        for page in pages:
            html, count = forms_document(page, forms)
            documents.append((page.url + FORMS_URL_SUFFIX, html))
            form_count += count
    try:
        indexed = asyncio.run(_write(site_dir, partial, documents))
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
    return IndexSummary(indexed, len(documents), form_count, size)
