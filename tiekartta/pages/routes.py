"""Where each thing lives on the site: the source path (under docs/) of every generated page.

One place for URLs, so that links, navigation and tests agree. Paths are Finnish; ids are the
file names of the content, already checked to be safe URL path parts.

Every route depends on the item alone, never on how much content there is, and no listing
grows with the whole content: an event lives on the page of its year, a municipality has a page
of its own, a dimension is a column of its project's table. That keeps every page small when
the archive holds thousands of outputs, and a link stays valid as content is added.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from types import SimpleNamespace

from ..model import Roadmap, kinds
from ..model.entities import Dimension, Event, GovernanceBody, Municipality, Output, Project, Theme
from ..model.kinds import FileKind

HOME = "index.md"
ROADMAP = "tiekartta.md"
THEMES = "teemat/index.md"
GOVERNANCE = "kehittamisen-rakenne.md"
EVENTS = "tapahtumat/index.md"
BANK = "tietopankki/index.md"
# The choices of the bank's facets (dimensions by project, municipalities, themes, types, years),
# loaded by the bank's script (assets/haku.js): a knowledge bank of thousands of outputs has
# hundreds of dimensions and municipalities, too many to write into the page.
BANK_CHOICES = "tietopankki/valinnat.json"
# The projects of the bank, with their periods and numbers of outputs.
PROJECTS = "tietopankki/hankkeittain.md"
BANK_BY_MUNICIPALITY = "tietopankki/kunnittain/index.md"
BANK_BY_THEME = "tietopankki/teemoittain.md"
OPEN_DATA = "avoin-data.md"
WHATS_NEW = "muutokset.md"  # "Mikä muuttui": changes since each published edition

# Open data files, built with the site (tiekartta/opendata/). Paths under the site root.
DATA_JSON = "data/tiekartta.json"
DATA_SCHEMA = "data/tiekartta.schema.json"
DATA_CSV = "data/tuotokset.csv"
DATA_ICS = "data/tapahtumat.ics"
DATA_FEED = "data/muutokset.atom"
# The accessibility statement (hand-written, docs/) and its list of materials that are not accessible.
ACCESSIBILITY = "saavutettavuusseloste.md"
INACCESSIBLE_MATERIALS = "aineistot-jotka-eivat-ole-saavutettavia"
# The outputs' files, published as they are in roadmap/aineistot/.
MATERIALS = "tietopankki/aineistot"
DATA_JSON_FEED = "data/muutokset.json"
# The field guide, in the editor's guide (whose other pages are in docs/opas/): an overview of
# the kinds of file, and a page of its own for the fields of each kind (field_guide).
FIELD_REFERENCE = "opas/kentat.md"
# The page of the editor's guide (docs/opas/) that generated pages link to.
GUIDE_CHECKS = "opas/tarkistukset.md"
WITHOUT_MUNICIPALITY = f"{BANK_BY_MUNICIPALITY}#ei-kuntaa"
UNKNOWN_YEAR = "vuosi-ei-tiedossa"
# A theme page, a municipality page and the bank list this many outputs; the rest continue on
# numbered pages.
OUTPUTS_PER_PAGE = 100
# A dimension's column on its project's page lists this many outputs; a dimension with more has
# pages of its own (dimension_outputs).
OUTPUTS_PER_COLUMN = 25
# An output's page lists this many other outputs of its dimension (those next to it in order).
SIBLINGS = 10


def theme(item: Theme) -> str:
    return f"teemat/{item.id}.md"


def output(item: Output) -> str:
    return f"tietopankki/{item.id}.md"


def material(path: str) -> str:
    """A material file on the site, by its path under roadmap/aineistot/ (not a page)."""
    return f"{MATERIALS}/{path}"


def project(item: Project | str) -> str:
    return f"hankkeet/{item if isinstance(item, str) else item.id}.md"


def theme_outputs(item: Theme, page: int = 1) -> str:
    """The list of a theme's outputs: on the theme page, then on teemat/<id>/sivu-2 …"""
    return f"{theme(item)}#tuotokset" if page == 1 else f"teemat/{item.id}/sivu-{page}.md"


def bank_outputs(page: int = 1) -> str:
    """Every output in name order: on the bank's front page, then on tietopankki/kaikki/sivu-2 …
    (an output's id cannot clash: its page is tietopankki/<id>/, never in a sub-folder)."""
    return f"{BANK}#tuotokset" if page == 1 else f"tietopankki/kaikki/sivu-{page}.md"


def municipality_outputs(item: Municipality, page: int = 1) -> str:
    """A municipality's outputs: on its page, then on tietopankki/kunnittain/<id>/sivu-2 …"""
    return municipality(item) if page == 1 else f"tietopankki/kunnittain/{item.id}/sivu-{page}.md"


def dimension_outputs(item: Dimension, page: int = 1) -> str:
    """Every output of a dimension with more than OUTPUTS_PER_COLUMN: ulottuvuudet/<id>, sivu-2 …"""
    return f"ulottuvuudet/{item.id}.md" if page == 1 else f"ulottuvuudet/{item.id}/sivu-{page}.md"


def dimension(item: Dimension) -> str:
    # The column of the project's table; its id has the reserved tk- prefix (project.md.j2).
    return f"{project(item.project)}#tk-{item.id}"


def municipality(item: Municipality) -> str:
    return f"tietopankki/kunnittain/{item.id}.md"


def year_of(item: Event) -> str:
    """The year an event is listed under: the year the source gives, or 'vuosi-ei-tiedossa'.

    An inferred year (päätelty_vuosi) never decides the address: the event stays on the page of
    events whose year the source does not give, where the inference is shown with its reason.
    """
    return str(item.when.year) if item.when.year else UNKNOWN_YEAR


def events_of_year(year: str) -> str:
    return f"tapahtumat/{year}.md"


def event(item: Event) -> str:
    return f"{events_of_year(year_of(item))}#{item.id}"


def body(item: GovernanceBody) -> str:
    return f"{GOVERNANCE}#{item.id}"


def field_guide(kind: FileKind) -> str:
    """The fields of one kind of file: opas/kentat/tuotokset.md, opas/kentat/kunnat.md …"""
    stem = kind.folder or str(kind.file).removesuffix(".yaml")
    return f"{FIELD_REFERENCE.removesuffix('.md')}/{stem}.md"


def page_of_new_file(kind: FileKind, entity_id: str) -> str:
    """The page where a new content file (`make uusi`) shows up once it is filled in."""
    item = SimpleNamespace(id=entity_id)
    where = {
        kinds.SPEARHEADS: theme,
        kinds.CROSSCUTTING: theme,
        kinds.BODIES: body,
        kinds.PROJECTS: project,
        kinds.DIMENSIONS: dimension,
        kinds.OUTPUTS: output,
    }.get(kind)
    if kind == kinds.EVENTS:
        return EVENTS  # its year's page is known only once its date is filled in
    # A reflection is shown on its project's page, which the new file does not name yet.
    return where(item) if where else BANK


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


@lru_cache(maxsize=1 << 16)  # pages in one folder link to the same targets over and over
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's relative paths, without its os.getcwd() per call (the
    pages hold tens of thousands of links)."""
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def relative_link(from_src: str, to_src: str) -> str:
    """Markdown link from one docs page to another (MkDocs checks and rewrites these)."""
    path, _, anchor = to_src.partition("#")
    if path == from_src and anchor:
        return f"#{anchor}"
    rel = _relpath(path, posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def relative_file_url(from_src: str, file_path: str) -> str:
    """Relative URL of a file that is not a page (a .json beside the pages), for raw HTML."""
    return _relpath(file_path, page_url(from_src).rstrip("/") or ".")


def relative_url(from_src: str, to_src: str) -> str:
    """Final relative URL for raw HTML and SVG (which MkDocs does not rewrite)."""
    here = page_url(from_src)
    target = page_url(to_src)
    path, _, anchor = target.partition("#")
    if path == here and anchor:
        return f"#{anchor}"
    base = here.rstrip("/") or "."
    rel = _relpath(path or ".", base)
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") or not path else "")
    return rel + (f"#{anchor}" if anchor else "")


def record_pages(roadmap: Roadmap) -> dict[tuple[str, str], str]:
    """{(collection, id): docs path (and anchor) of the record's page} for this content."""
    pages = {
        ("tiekartta", roadmap.info.id): ROADMAP,
        ("eteenpäin", roadmap.way_forward.id): f"{ROADMAP}#eteenpain",
    }
    pages.update({("teemat", t.id): theme(t) for t in roadmap.themes})
    pages.update({("toimielimet", b.id): body(b) for b in roadmap.bodies})
    pages.update({("tapahtumat", e.id): event(e) for e in roadmap.events})
    pages.update({("hankkeet", p.id): project(p) for p in roadmap.projects})
    pages.update({("ulottuvuudet", d.id): dimension(d) for d in roadmap.dimensions})
    pages.update({("tuotokset", o.id): output(o) for o in roadmap.outputs})
    pages.update({("pohdinnat", r.id): f"{project(r.project)}#{r.id}" for r in roadmap.reflections})
    pages.update({("kunnat", m.id): municipality(m) for m in roadmap.municipalities})
    return pages
