"""What the MkDocs hook does, as plain functions: load the model once per build, add the
generated pages, give every page its edit link and date of last change."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from ..model import ContentError, Roadmap, load_roadmap
from ..pages import GeneratedPage, build_pages, site_nav
from .git_dates import last_changed, newest

log = logging.getLogger("mkdocs.plugins.tiekartta")

CONTENT_FOLDER = "roadmap"


@dataclass
class SiteState:
    """What one build knows: the model, its pages and the git dates of the sources."""

    repo_root: Path
    roadmap: Roadmap
    pages: dict[str, GeneratedPage]
    handwritten_nav: list
    dates: dict[str, datetime] = field(default_factory=dict)


_state: SiteState | None = None
_cache: dict[tuple, Roadmap] = {}


def repo_root_of(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fingerprint(content_dir: Path) -> tuple:
    """(path, mtime, size) of every file under content_dir: one stat per file, as this runs for
    every build and every macro call over thousands of files."""
    found = []
    folders = [str(content_dir)] if content_dir.is_dir() else []  # a missing folder: the loader says so
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    folders.append(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def load_model(repo_root: Path) -> Roadmap:
    """The validated model; loaded once per content state even though hooks and macros both ask."""
    content_dir = repo_root / CONTENT_FOLDER
    key = (str(content_dir), _fingerprint(content_dir))
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_roadmap(content_dir, repo_root)
    return _cache[key]


def configure(config) -> None:
    """on_config: validate the content (abort with the editor's error list) and set the nav."""
    global _state
    repo_root = repo_root_of(config)
    try:
        roadmap = load_model(repo_root)
    except ContentError as error:
        for problem in error.problems:
            log.error(problem.format())
        raise Abort(error.report()) from None
    handwritten = list(config.nav or [])
    pages = {page.src_uri: page for page in build_pages(roadmap)}
    _state = SiteState(repo_root, roadmap, pages, handwritten, last_changed(repo_root))
    config.nav = site_nav(roadmap, handwritten)
    log.info("Tiekartta: %d sivua sisällöstä (%d tiedostoa).", len(pages), len(roadmap.sources))


def current() -> SiteState:
    if _state is None:
        raise RuntimeError("the site state is set in on_config")
    return _state


def add_generated_pages(files: Files, config) -> Files:
    """on_files: the pages made from the model, in memory (nothing is written into docs/)."""
    state = current()
    for page in state.pages.values():
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            raise Abort(
                f"docs/{page.src_uri} on sivuston itse tekemä sivu. Poista tiedosto docs/-kansiosta; "
                "sisältö muokataan roadmap/-kansion YAML-tiedostoissa."
            )
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


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
