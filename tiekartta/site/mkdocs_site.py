"""What the MkDocs hook does, as plain functions: load the model once per build, add the
generated pages, give every page its edit link and date of last change.

In the preview (`make serve`) a content error does not stop anything: every page shows the
problems instead, the terminal lists them, and the next save that fixes them brings the site back.
A normal build still fails on the first content error and publishes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from ..model import ContentError, Problem, Roadmap, load_roadmap
from ..pages import GeneratedPage, build_pages, problems_page, site_nav
from .git_dates import last_changed, newest

log = logging.getLogger("mkdocs.plugins.tiekartta")

CONTENT_FOLDER = "roadmap"


@dataclass
class SiteState:
    """What one build knows: the model, its pages and the git dates of the sources."""

    repo_root: Path
    roadmap: Roadmap | None  # None only in the preview while the content has errors
    pages: dict[str, GeneratedPage]
    handwritten_nav: list
    dates: dict[str, datetime] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # the content errors the preview is showing


_state: SiteState | None = None
_cache: dict[tuple, Roadmap] = {}
# Set once per process by on_startup; the hook module itself is loaded anew for every rebuild.
_serving = False
# Paths of the generated pages of the last good build: the preview keeps them alive (showing
# the problems) so that the reader's open page reloads into the error list and back.
_last_good_pages: tuple[str, ...] = ()


def repo_root_of(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fingerprint(content_dir: Path) -> tuple:
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(content_dir.rglob("*")) if p.is_file()
    )


def load_model(repo_root: Path) -> Roadmap:
    """The validated model; loaded once per content state even though hooks and macros both ask."""
    content_dir = repo_root / CONTENT_FOLDER
    key = (str(content_dir), _fingerprint(content_dir))
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_roadmap(content_dir, repo_root)
    return _cache[key]


def start(command: str) -> None:
    """on_startup: a preview server shows content errors on the page instead of stopping."""
    global _serving
    _serving = command == "serve"


def watch_content(server, config):
    """on_serve: rebuild and reload the browser when any file under roadmap/ changes."""
    server.watch(str(repo_root_of(config) / CONTENT_FOLDER))
    return server


def configure(config) -> None:
    """on_config: validate the content (abort with the editor's error list) and set the nav."""
    global _state, _last_good_pages
    repo_root = repo_root_of(config)
    handwritten = list(config.nav or [])
    try:
        roadmap = load_model(repo_root)
    except ContentError as error:
        for problem in error.problems:
            log.error(problem.format())
        if not _serving:
            raise Abort(error.report()) from None
        _show_problems(config, repo_root, handwritten, error)
        return
    pages = {page.src_uri: page for page in build_pages(roadmap)}
    _state = SiteState(repo_root, roadmap, pages, handwritten, last_changed(repo_root))
    _last_good_pages = tuple(pages)
    config.nav = site_nav(roadmap, handwritten)
    log.info("Tiekartta: %d sivua sisällöstä (%d tiedostoa).", len(pages), len(roadmap.sources))


def _show_problems(config, repo_root: Path, handwritten: list, error: ContentError) -> None:
    """Preview only: the generated pages show the list of problems until the content is fixed."""
    global _state
    docs_dir = Path(config.docs_dir)
    # The pages of the last good build, so that an open page reloads into the problems and back;
    # and any page the hand-written nav names but docs/ does not have (the field reference).
    uris = dict.fromkeys(
        ["index.md", *_last_good_pages, *(u for u in _nav_uris(handwritten) if not (docs_dir / u).is_file())]
    )
    pages = {uri: GeneratedPage(uri, problems_page(error.problems, uri), None, ()) for uri in uris}
    _state = SiteState(repo_root, None, pages, handwritten, {}, tuple(error.problems))
    config.nav = ["index.md", *handwritten]
    # The other generated pages are left out of the nav on purpose (they all show the problems),
    # and their anchors are gone until the content is fixed: no warnings about either.
    config.validation.nav.omitted_files = logging.DEBUG
    config.validation.links.anchors = logging.DEBUG
    log.error("Esikatselu näyttää virheet sivulla. Korjaa tiedosto ja tallenna: sivusto palaa itsestään.")


def _nav_uris(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, dict):
        return [uri for value in nav.values() for uri in _nav_uris(value)]
    if isinstance(nav, list):
        return [uri for item in nav for uri in _nav_uris(item)]
    return []


def current() -> SiteState:
    if _state is None:
        raise RuntimeError("the site state is set in on_config")
    return _state


def add_generated_pages(files: Files, config) -> Files:
    """on_files: the pages made from the model, in memory (nothing is written into docs/)."""
    state = current()
    if state.problems:
        _replace_handwritten_pages(files, config, state)
    for page in state.pages.values():
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise Abort(
                f"docs/{page.src_uri} on sivuston itse tekemä sivu. Poista tiedosto docs/-kansiosta; "
                "sisältö muokataan roadmap/-kansion YAML-tiedostoissa."
            )
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def _replace_handwritten_pages(files: Files, config, state: SiteState) -> None:
    """Preview with content errors: pages in docs/ whose macros need the model show the problems
    too, under their own title; the other hand-written pages (the editor's guide) stay readable."""
    for file in list(files.documentation_pages()):
        markdown, meta = get_data(file.content_string)
        if file.src_uri in state.pages or not meta.get("render_macros"):
            continue
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
        title = str(meta.get("title") or (heading.group(1) if heading else file.name))
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=problems_page(state.problems, file.src_uri, title)))


def decorate_page(page, config) -> None:
    """on_page_context: "edit this page" opens the YAML source; the date of last change."""
    state = current()
    generated = state.pages.get(page.file.src_uri)
    repo_url = (config.repo_url or "").rstrip("/")
    if generated is not None:
        sources = generated.sources
        if generated.edit_source and repo_url:
            page.edit_url = f"{repo_url}/edit/main/{generated.edit_source}"
        elif repo_url:
            page.edit_url = f"{repo_url}/tree/main/{CONTENT_FOLDER}"
    else:
        docs_dir = Path(config.docs_dir).resolve().relative_to(state.repo_root).as_posix()
        sources = (f"{docs_dir}/{page.file.src_uri}",)
    changed = newest(state.dates, sources)
    if changed:
        page.meta["tk_muutettu"] = f"{changed.day}.{changed.month}.{changed.year}"
        page.meta["tk_muutettu_iso"] = changed.date().isoformat()
