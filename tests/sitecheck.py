"""Helpers that read the built site: its pages, links and anchors."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import re

from bs4 import BeautifulSoup
from lxml import etree

_MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
# Path part of site_url ("/tiekartta/"): pages such as 404.html link with absolute paths under it.
SITE_PREFIX = urlsplit(re.search(r"^site_url:\s*(\S+)", _MKDOCS_YML.read_text(), re.MULTILINE).group(1)).path

RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
    "image": "href",
}


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_urls(site: Path) -> list[str]:
    """The URL path (relative to the site root) of every built HTML page, 404.html included."""
    urls = []
    for file in html_pages(site):
        relative = file.relative_to(site).as_posix()
        urls.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return urls


def page_path(site: Path, url_path: str) -> Path:
    """Site URL path ('teemat/x/') -> the HTML file that serves it."""
    target = site / unquote(url_path)
    if url_path.endswith("/") or url_path == "" or target.is_dir():
        target = target / "index.html"
    return target


def ids_of(path: Path) -> set[str]:
    return {tag["id"] for tag in soup_of(path).find_all(attrs={"id": True})}


def internal_links(site: Path, page: Path):
    """Yield (href, resolved file or None, fragment) for every internal link on a page."""
    base = "http://site.invalid/" + page.relative_to(site).as_posix()
    for tag in soup_of(page).find_all(["a", "link", "script", "img", "source"]):
        href = tag.get("href") if tag.name in ("a", "link") else tag.get("src")
        if not href or href.startswith(("mailto:", "tel:", "data:")):
            continue
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        if parts.netloc != "site.invalid":
            continue
        path = parts.path
        if href.startswith("/") and path.startswith(SITE_PREFIX):
            path = path[len(SITE_PREFIX):]
        yield href, page_path(site, path.lstrip("/")), parts.fragment


def third_party_resources(page: Path) -> list[str]:
    """URLs on other hosts that the page would load (scripts, styles, fonts, images, frames)."""
    found = []
    soup = soup_of(page)
    for tag_name, attribute in RESOURCE_ATTRIBUTES.items():
        for tag in soup.find_all(tag_name):
            value = tag.get(attribute) or tag.get("xlink:href") or ""
            if urlsplit(value).scheme in ("http", "https") or value.startswith("//"):
                found.append(f"<{tag_name} {attribute}={value}>")
    for tag in soup.find_all("link"):
        rel = set(tag.get("rel") or [])
        if rel & {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "modulepreload", "manifest"}:
            value = tag.get("href", "")
            if urlsplit(value).scheme in ("http", "https") or value.startswith("//"):
                found.append(f"<link rel={' '.join(sorted(rel))} href={value}>")
    for tag in soup.find_all(srcset=True):
        for candidate in tag["srcset"].split(","):
            if "://" in candidate:
                found.append(f"<{tag.name} srcset={candidate.strip()}>")
    return found


def _dangerous_url(value: str) -> bool:
    """A URL that runs or embeds something instead of pointing somewhere."""
    scheme = urlsplit(re.sub(r"[\x00-\x20]", "", value)).scheme.lower()
    return scheme in ("javascript", "data", "vbscript", "file")


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background")


def active_markup(page: Path) -> list[str]:
    """Everything on a page that could run or load something, apart from the theme's own scripts."""
    found = []
    soup = soup_of(page)
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on") or name.lower() in ("style", "srcdoc"):
                found.append(f"<{element.name} {name}={value!r}>")
            elif name.lower() in URL_ATTRIBUTES and _dangerous_url(value):
                found.append(f"<{element.name} {name}={value!r}>")
    for script in soup.find_all("script"):
        src, text = script.get("src", ""), script.get_text()
        if src:
            # The theme's bundle and the site's own scripts (docs/assets/tiekartta.js, haku.js, painokset.js), nothing else.
            if not re.fullmatch(r"(\.\./)*(/tiekartta/)?assets/(javascripts/bundle\.[0-9a-f]+\.min|tiekartta|tiekartta-alku|haku|painokset)\.js", src):
                found.append(f"<script src={src}>")
        # No inline script runs (the Content-Security-Policy allows none): only the theme's settings as JSON.
        elif script.get("id") != "__config" or script.get("type") != "application/json":
            found.append(f"<script>{text[:60]}")
    for name in ("iframe", "object", "embed", "base", "img", "image", "style", "math"):
        found += [f"<{name}>" for element in soup.find_all(name) if element.find_parent("head") is None]
    # The theme's search form submits nowhere; a form that sends somewhere is not the theme's.
    found += [f"<form action={form['action']}>" for form in soup.find_all("form", action=True)]
    # The site's own Content-Security-Policy in <head> (overrides/main.html), nothing else.
    found += [f"<meta http-equiv={m['http-equiv']}>" for m in soup.find_all("meta", attrs={"http-equiv": True})
              if m["http-equiv"] != "Content-Security-Policy" or m.find_parent("head") is None]
    return found + third_party_resources(page)


def sitemap_dates(site: Path) -> dict[str, str]:
    """The sitemap's pages as URL paths relative to the site root ('teemat/x/'), each with its lastmod."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {
        urlsplit(entry.findtext("s:loc", namespaces=ns)).path.removeprefix(SITE_PREFIX):
            entry.findtext("s:lastmod", namespaces=ns)
        for entry in etree.parse(str(site / "sitemap.xml")).findall("s:url", ns)
    }


def read_page(html: str, url: str):
    """The text the search indexes from a written page (same root and exclusions), its title and
    filters (tiekartta.search.index)."""
    from tiekartta.search.index import parts_of, read_article

    parts = parts_of(html)
    return read_article(parts.article, parts.description, url) if parts else None


# Pagefind writes its filter lists in a varying order (and names them, its entry and its meta file
# by their bytes): two builds of the same pages differ there and nowhere else, records included.
_VARYING = re.compile(r"pagefind/(filter/.*|pagefind-entry\.json|pagefind\..*\.pf_meta)")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, but those Pagefind writes differently every time."""
    return {
        name: path.read_bytes() for path in sorted(site.rglob("*"))
        if path.is_file() and not _VARYING.fullmatch(name := path.relative_to(site).as_posix())
    }
