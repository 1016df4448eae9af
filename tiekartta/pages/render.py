"""Renders the model into page text with Jinja templates. No MkDocs needed here.

Data reaches the templates only as variables, never as template source, and autoescaping is on:
a value containing `{{ ... }}` or `<script>` shows literally. Text fields that allow Markdown
are converted here and cleaned by nh3, inside an element that MkDocs' own Markdown pass keeps
as it is; single-line fields are escaped for Markdown as well. The finished HTML of every
generated page is cleaned once more (tiekartta.pages.sanitize).
"""

from __future__ import annotations

import re
import textwrap
from urllib.parse import urlsplit
from dataclasses import dataclass
from datetime import date
from functools import cache

import markdown as markdown_lib
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markdown.util import BLOCK_LEVEL_ELEMENTS
from markupsafe import Markup, escape

from ..model.entities import MATERIAL_LANGUAGES, When
from ..model.materials import file_size
from ..numbers import count_of, number_form
from . import routes

# Tags and attributes allowed in Markdown text from the content (rendered from Markdown).
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "hr", "del", "sub", "sup", "abbr", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_MONTHS = [
    "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
    "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
]
# The characters Python-Markdown (with the tables extension) takes a backslash escape for. Only
# these are escaped: a backslash before any other character would show on the page.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@cache
def _markdown() -> markdown_lib.Markdown:
    # One converter, reset for each text: building a new one for every text costs more than
    # the conversion itself when thousands of descriptions are converted.
    return markdown_lib.Markdown(extensions=[], output_format="html")


def _clean_markdown(text: str) -> str:
    html = _markdown().reset().convert(str(escape(text)))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_to_html(text: str) -> Markup:
    """Markdown text from the content -> sanitised HTML (raw HTML in the text is escaped).

    The HTML goes into a page that MkDocs converts from Markdown once more. Inside a <div> it is
    a raw HTML block that pass leaves alone; without one, text left bare where nh3 removed a tag
    (a heading level or an image it does not allow) would be read as Markdown again, and a link
    written escaped in the content would become a live one.
    """
    return Markup(f'<div class="tk-teksti">\n{_clean_markdown(text)}\n</div>')


_BLOCK_START = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_MARKDOWN_INSIDE = re.compile(r"<[a-z][^>]*\smarkdown(?:=|[\s>])")  # md_in_html's marker


@pass_context
def html_block(context: Context, html: str) -> str:
    """A raw HTML block of a page, as the template wrote it (`{% filter html_block %}`), noted
    for the page (render's `html_blocks`): MkDocs' Markdown pass keeps such a block as it is, so
    the site hands it over as it is (tiekartta.site.html_blocks) instead of parsing it again."""
    blocks = context.get("html_blocks")
    if blocks is not None:
        block = str(html).strip("\n")
        start = _BLOCK_START.match(block)
        if start is None or start.group(1) not in BLOCK_LEVEL_ELEMENTS or _MARKDOWN_INSIDE.search(block):
            # Markdown would read it as a paragraph, or read Markdown inside it: a template
            # mistake, caught by the tests.
            raise ValueError(f"html_block: ei pelkkä HTML-lohko (alkaa {block[:40]!r})")
        blocks.add(block)
    return html


def markdown_inline(text: str) -> Markup:
    """The same without a paragraph around it, for list items inside blocks."""
    html = _clean_markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def escape_markdown(text: str) -> Markup:
    """A single-line value placed in Markdown: Markdown syntax made literal, then HTML-escaped.

    In this order the # of an entity such as &#39; is not escaped, which would break the entity
    in MkDocs' page title.
    """
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    return escape(_MARKDOWN_SPECIAL.sub(r"\\\1", plain))


def finnish_date(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def finnish_when(when: When) -> str:
    text = f"{when.day}.{when.month}."
    if when.year:
        text += str(when.year)
    if when.starts:
        text += f" klo {when.starts}" + (f"–{when.ends}" if when.ends else "")
    return text


def year_note(when: When) -> str:
    if when.year:
        return ""
    if when.inferred_year:
        return f"Lähde ei kerro vuotta; toimitus on päätellyt vuodeksi {when.inferred_year}."
    return "Lähde ei kerro vuotta."


def year_label(year: str) -> str:
    """The heading of a year's events (routes.year_of): '2019', or that the year is not known."""
    return "Vuosi ei tiedossa" if year == routes.UNKNOWN_YEAR else year


def domain(url: str) -> str:
    """'https://www.innokyla.fi/fi/x' -> 'innokyla.fi': where an external link leads."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # not an address at all ("https://[")
        return ""
    return host.removeprefix("www.")


def language_name(code: str) -> str:
    return MATERIAL_LANGUAGES.get(code, code)


def paragraphs(text: str) -> list[list[str]]:
    """A document's text as paragraphs (blank lines between them), each a list of its lines."""
    return [[line for line in block.split("\n") if line.strip()] for block in text.split("\n\n") if block.strip()]


def month_name(month: int) -> str:
    return _MONTHS[month - 1]


def wrap_lines(text: str, width: int) -> list[str]:
    """Line breaks for SVG text, which does not wrap by itself."""
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tiekartta.pages", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=escape_markdown,
        markdown=markdown_to_html,
        html_block=html_block,
        markdown_inline=markdown_inline,
        finnish_date=finnish_date,
        finnish_when=finnish_when,
        year_note=year_note,
        month_name=month_name,
        count_of=count_of,
        number_form=number_form,
        year_label=year_label,
        wrap=wrap_lines,
        file_size=file_size,
        domain=domain,
        language_name=language_name,
        paragraphs=paragraphs,
    )
    env.globals["routes"] = routes
    return env


@dataclass(frozen=True)
class Links:
    """Link helpers for one page: Markdown links (checked by MkDocs) and final URLs for HTML/SVG."""

    here: str

    def md(self, target: str) -> str:
        return routes.relative_link(self.here, target)

    def url(self, target: str) -> str:
        return routes.relative_url(self.here, target)

    def file(self, path: str) -> str:
        return routes.relative_file_url(self.here, path)


def render(template: str, here: str, html_blocks: set[str] | None = None, **context) -> str:
    """Render one template for the page at docs path `here`; the raw HTML blocks it writes are
    added to `html_blocks` when one is given (html_block)."""
    return environment().get_template(template).render(link=Links(here), here=here, html_blocks=html_blocks, **context)
