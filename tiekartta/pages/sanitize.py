"""The last cleaning of a generated page's HTML, after MkDocs has converted it from Markdown.

Content reaches a page only escaped or as sanitised Markdown (tiekartta.pages.render), so this
pass should find nothing to remove. It is there for the case where that first defence has a gap:
nh3 keeps exactly the elements and attributes our templates and Markdown make (the inline SVG
pictures, tables, data- attributes and heading anchors included) and removes everything else,
such as scripts, event handler attributes and javascript: or data: URLs. What it removed is
reported, so that a gap is fixed rather than silently papered over.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import nh3
from lxml import etree

# The knowledge bank's filter form (templates/bank_filters.html.j2): no action, nothing is sent.
_FILTER_TAGS = {"form", "label", "input", "select", "option", "button"}
_SVG_TAGS = {"svg", "title", "defs", "marker", "path", "circle", "rect", "text", "g"}
PAGE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "details", "div", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "nav", "ol", "p", "pre", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "ul",
} | _SVG_TAGS | _FILTER_TAGS
PAGE_ATTRIBUTES = {
    # `markdown` is md_in_html's marker, left on blocks it did not convert.
    "*": {"class", "id", "markdown", "lang"},  # lang: the language of a part (WCAG 3.1.2)
    "a": {"href", "title", "rel", "type"},
    "abbr": {"title"},
    "nav": {"aria-label"},
    "span": {"aria-current"},  # the current page in a list of pages (theme_output_items.md.j2)
    "p": {"role", "aria-live"},
    "form": {"aria-label", "hidden"},
    "div": {"hidden", "tabindex", "role", "aria-label"},  # the bank's list of the outputs its facets leave, until the script shows it
    "label": {"for"},
    "input": {"type", "name", "autocomplete", "placeholder"},
    "select": {"name", "aria-describedby"},
    "option": {"value"},
    "button": {"type"},
    "time": {"datetime"},
    "th": {"scope"},
    "td": {"headers"},
    "ol": {"start"},
    "svg": {"viewBox", "role", "aria-labelledby", "xmlns"},
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient"},
    "path": {"d", "marker-end"},
    "circle": {"cx", "cy", "r"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "text-anchor"},
}
PAGE_ATTRIBUTE_PREFIXES = {"data-"}  # Pagefind's filters and the bank form's hooks: data-pagefind-filter …
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Cleaned:
    html: str
    removed: tuple[str, ...]  # e.g. ('<script>', 'onclick="…" on <a>'); empty when nothing was
    duplicate_ids: tuple[str, ...]  # ids that stand twice on the page: one of them unreachable
    tree: etree._Element | None = field(default=None, compare=False, repr=False)  # html as read_html reads it


def clean_page_html(html: str) -> Cleaned:
    """The page's HTML with nothing but what the site's own templates make."""
    cleaned = clean_html(html)
    tree = read_html(cleaned)  # read once: for the report here, for the page's visible text after
    before = read_html(html)
    if before is not None and tree is not None and etree.tostring(before) == etree.tostring(tree):
        # The same elements and attributes (as nearly every page has): nothing was removed, and
        # only the ids need counting (serialised and compared in C).
        ids = Counter(value for value in map(str, _IDS(tree)) if value)
        return Cleaned(cleaned, (), tuple(sorted(name for name, count in ids.items() if count > 1)), tree)
    return Cleaned(cleaned, *_report(_Signature.of(before), _Signature.of(tree)), tree)


_IDS = etree.XPath("//@id")


def clean_html(html: str) -> str:
    """nh3 with the site's allowlist: what the page will be."""
    return nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        generic_attribute_prefixes=PAGE_ATTRIBUTE_PREFIXES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def read_html(html: str) -> etree._Element | None:
    """An HTML page or part of one as libxml2 reads it, in C (lxml's etree, without lxml.html's
    element classes, which are looked up in Python for every element); None when it is blank."""
    return etree.fromstring(html, _parser()) if html.strip() else None


def _report(before: _Signature, after: _Signature) -> tuple[tuple[str, ...], tuple[str, ...]]:
    removed = sorted((before.items - after.items).elements())
    duplicates = sorted(name for name, count in after.ids.items() if count > 1)
    return tuple(removed), tuple(duplicates)


@dataclass
class _Signature:
    """Counts every element and every attribute with its value: what nh3 may have removed."""

    items: Counter[str]
    ids: Counter[str]

    @classmethod
    def of(cls, root: etree._Element | None) -> _Signature:
        items: Counter[str] = Counter()
        ids: Counter[str] = Counter()
        if root is not None:
            # Elements only: comments and processing instructions are removed by nh3, unreported.
            for element in root.iter(etree.Element):
                tag = element.tag
                items[f"<{tag}>"] += 1
                for name, value in element.items():
                    items[f'{name}="{value}" on <{tag}>'] += 1
                    if name == "id" and value:
                        ids[value] += 1
        return cls(items, ids)


@cache
def _parser():
    return etree.HTMLParser(recover=True, remove_comments=False)
