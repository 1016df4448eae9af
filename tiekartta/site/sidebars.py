"""Pages whose sidebars come out the same share one rendering of them.

Material renders the sidebars (the navigation and the page's table of contents: the block
`site_nav` of its base.html) for every page, and most pages are outside the navigation (each
output's page). For such a page no navigation item is active, so its sidebars depend only on
where the navigation's links lead from the page (the `url` filter makes them relative to it),
on its table of contents and on which sidebars it hides. Pages for which those are the same get
the same HTML: overrides/main.html renders it once per build and reuses it. Pages in the
navigation are rendered as Material renders them.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup
from mkdocs.utils import normalize_url


class SharedSidebars:
    """The sidebars rendered in one build, by what they depend on (`key`)."""

    def __init__(self, config) -> None:
        self._config = config
        self._nav = None
        self._in_nav: frozenset[int] = frozenset()
        self._links: tuple[str, ...] = ()
        self._rendered: dict[tuple, Markup] = {}

    def key(self, page, nav) -> tuple | None:
        """What the page's sidebars depend on; None: the page is in the navigation, or has
        something this does not know how to compare, and is rendered on its own."""
        if nav is not self._nav:
            self._read_nav(nav)
        if page is None or id(page) in self._in_nav or page.parent is not None:
            return None
        toc = _toc_key(_shown_toc(page.toc))
        if toc is None:
            return None
        hide = (page.meta or {}).get("hide")
        return (tuple(normalize_url(link, page) for link in self._links), toc, repr(hide))

    def rendered(self, key: tuple) -> Markup | None:
        return self._rendered.get(key)

    def keep(self, key: tuple, html: str) -> Markup:
        """Keep the sidebars rendered for `key`, and give them back."""
        self._rendered[key] = html = Markup(html)
        return html

    def _read_nav(self, nav) -> None:
        self._nav = nav
        self._in_nav = frozenset(id(page) for page in (nav.pages if nav else ()))
        links = [item.url for item in _items(nav.items if nav else ()) if getattr(item, "url", None) is not None]
        homepage = (self._config.extra or {}).get("homepage") or (nav.homepage.url if nav and nav.homepage else None)
        logo = self._config.theme.get("logo")
        self._links = tuple(str(link) for link in [*links, homepage, logo] if link)


def _items(items: Iterable) -> Iterable:
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or ())


def _shown_toc(toc) -> list:
    """The items partials/toc.html shows: without the page's own title (a first item of level 1)."""
    items = list(toc)
    return list(items[0].children) if items and items[0].level == 1 else items


def _toc_key(toc) -> tuple | None:
    """The table of contents as Material's partials/toc.html reads it (None: an item it does not
    know, such as one set by another plugin)."""
    entries = []
    for item in toc:
        if set(vars(item)) - {"title", "id", "level", "children", "active"}:
            return None
        children = _toc_key(item.children)
        if children is None:
            return None
        entries.append((item.title, item.id, item.level, children))  # MkDocs' `active` is not shown
    return tuple(entries)
