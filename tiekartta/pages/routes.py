"""Where each thing lives on the site: the source path (under docs/) of every generated page.

One place for URLs, so that links, navigation and tests agree. Paths are Finnish; ids are the
file names of the content, already checked to be safe URL path parts.
"""

from __future__ import annotations

import posixpath

from ..model.entities import Dimension, Event, GovernanceBody, Municipality, Output, Project, Theme

HOME = "index.md"
ROADMAP = "tiekartta.md"
THEMES = "teemat/index.md"
GOVERNANCE = "kehittamisen-rakenne.md"
EVENTS = "tapahtumat.md"
BANK = "tietopankki/index.md"
BANK_BY_MUNICIPALITY = "tietopankki/kunnittain.md"
BANK_BY_THEME = "tietopankki/teemoittain.md"
OPEN_DATA = "avoin-data.md"

# Open data files, built with the site (tiekartta/opendata/). Paths under the site root.
DATA_JSON = "data/tiekartta.json"
DATA_SCHEMA = "data/tiekartta.schema.json"
DATA_CSV = "data/tuotokset.csv"
DATA_ICS = "data/tapahtumat.ics"
DATA_FEED = "data/muutokset.atom"
FIELD_REFERENCE = "opas/kentat.md"  # in the editor's guide, whose other pages are in docs/opas/
# Hand-written pages of the editor's guide (docs/opas/) that generated pages link to.
GUIDE = "opas/index.md"
GUIDE_CHECKS = "opas/tarkistukset.md"


def theme(item: Theme) -> str:
    return f"teemat/{item.id}.md"


def output(item: Output) -> str:
    return f"tietopankki/{item.id}.md"


def project(item: Project | str) -> str:
    return f"hankkeet/{item if isinstance(item, str) else item.id}.md"


def dimension(item: Dimension) -> str:
    return f"{BANK}#{item.id}"


def municipality(item: Municipality) -> str:
    return f"{BANK_BY_MUNICIPALITY}#{item.id}"


def event(item: Event) -> str:
    return f"{EVENTS}#{item.id}"


def body(item: GovernanceBody) -> str:
    return f"{GOVERNANCE}#{item.id}"


def page_url(src_uri: str) -> str:
    """docs path -> site URL path with directory URLs: 'teemat/x.md' -> 'teemat/x/'."""
    path, _, anchor = src_uri.partition("#")
    stem = path[: -len(".md")]
    if stem == "index":
        url = ""
    elif stem.endswith("/index"):
        url = stem[: -len("index")]
    else:
        url = stem + "/"
    return url + (f"#{anchor}" if anchor else "")


def relative_link(from_src: str, to_src: str) -> str:
    """Markdown link from one docs page to another (MkDocs checks and rewrites these)."""
    path, _, anchor = to_src.partition("#")
    if path == from_src and anchor:
        return f"#{anchor}"
    rel = posixpath.relpath(path, posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def relative_url(from_src: str, to_src: str) -> str:
    """Final relative URL for raw HTML and SVG (which MkDocs does not rewrite)."""
    here = page_url(from_src)
    target = page_url(to_src)
    path, _, anchor = target.partition("#")
    if path == here and anchor:
        return f"#{anchor}"
    base = here.rstrip("/") or "."
    rel = posixpath.relpath(path or ".", base)
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") or not path else "")
    return rel + (f"#{anchor}" if anchor else "")
