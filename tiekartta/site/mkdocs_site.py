"""MkDocs adapter: loads the model once per build and hands MkDocs the generated pages and files.

hooks/tiekartta_site.py calls these functions; everything that makes text lives in
tiekartta.pages and tiekartta.opendata and is testable without MkDocs. Nothing is written
to docs/: generated pages and data files exist only in memory until MkDocs writes the site.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..model import ContentError, Roadmap, load_roadmap
from ..opendata import downloads
from ..opendata.history import History, read_history
from ..pages import build_pages, site_nav
from ..pages.render import finnish_date

log = logging.getLogger("mkdocs.plugins.tiekartta")

CONTENT_FOLDER = "roadmap"
HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass
class _Build:
    """What one build (or one rebuild of `mkdocs serve`) knows about the content."""

    roadmap: Roadmap
    history: History
    docs_folder: str  # docs_dir relative to the project, for the history of hand-written pages
    sources_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # docs path -> source files
    last_changed: dict[str, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.last_changed = self.history.last_changed()


_current: _Build | None = None
_model_cache: dict[Path, tuple[tuple, Roadmap]] = {}


def project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fingerprint(content: Path) -> tuple:
    """Changes whenever a content file is added, removed or edited (for `mkdocs serve`)."""
    entries = []
    for path in sorted(content.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def load_model(project: Path) -> Roadmap:
    """The validated content of `project`/roadmap; a content error stops the build with its report."""
    project = Path(project).resolve()
    content = project / CONTENT_FOLDER
    fingerprint = _fingerprint(content)
    cached = _model_cache.get(project)
    if cached and cached[0] == fingerprint:
        return cached[1]
    try:
        roadmap = load_roadmap(content, project)
    except ContentError as error:
        # PluginError: MkDocs prints the Finnish report and stops without a traceback.
        raise PluginError(error.report()) from None
    _model_cache[project] = (fingerprint, roadmap)
    return roadmap


def configure(config) -> None:
    """on_config: read the content (fail early on mistakes) and build the navigation from it."""
    global _current
    project = project_dir(config)
    roadmap = load_model(project)
    docs_folder = _docs_dir_relative(config)
    history = read_history(project, [CONTENT_FOLDER, docs_folder], exclude=[f"{CONTENT_FOLDER}/schema"])
    _current = _Build(roadmap, history, docs_folder)
    # `mkdocs serve` rebuilds when the content changes, not only docs/.
    content = str(project / CONTENT_FOLDER)
    if content not in config.watch:
        config.watch.append(content)
    handwritten = list(config.nav or [])
    config.nav = site_nav(roadmap, handwritten)


def _state() -> _Build:
    if _current is None:
        raise PluginError("Sivuston hook ei saanut asetuksia: tarkista, että mkdocs.yml lataa hooks/tiekartta_site.py.")
    return _current


def _add(files: Files, file: File) -> None:
    if files.get_file_from_path(file.src_uri) is not None:
        raise PluginError(
            f"Tiedosto docs/{file.src_uri} on samassa osoitteessa kuin sisällöstä tehty sivu tai tiedosto. "
            "Nimeä käsin kirjoitettu tiedosto uudelleen."
        )
    files.append(file)


def add_generated_pages(files: Files, config) -> Files:
    """on_files: the pages made from the model and the open data files, all from memory."""
    build = _state()
    for page in build_pages(build.roadmap):
        file = File.generated(config, page.src_uri, content=page.markdown)
        # The edit button opens the YAML file, not a Markdown file that does not exist:
        # edit_uri points at docs/, so step out of it.
        file.edit_uri = f"../{page.edit_source}" if page.edit_source else None
        _add(files, file)
        build.sources_of[page.src_uri] = page.sources
    for download in downloads(build.roadmap, config.site_url or "", config.repo_url or "", build.history):
        _add(files, File.generated(config, download.path, content=download.content))
    return files


def decorate_page(page, config) -> None:
    """on_page_context: when the page's sources last changed, from git, for the page footer."""
    build = _state()
    src_uri = page.file.src_uri
    sources = build.sources_of.get(src_uri, (f"{build.docs_folder}/{src_uri}",))
    dates = [build.last_changed[s] for s in sources if s in build.last_changed]
    if not dates:
        return
    latest = max(dates).astimezone(HELSINKI)
    page.meta["tk_muutettu"] = finnish_date(latest.date())
    page.meta["tk_muutettu_iso"] = latest.isoformat()


def _docs_dir_relative(config) -> str:
    docs = Path(config.docs_dir).resolve()
    project = project_dir(config)
    return docs.relative_to(project).as_posix() if docs.is_relative_to(project) else docs.as_posix()
