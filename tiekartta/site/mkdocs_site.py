"""MkDocs adapter: loads the model once per build and hands MkDocs the generated pages and files.

hooks/tiekartta_site.py calls these functions; everything that makes text lives in
tiekartta.pages and tiekartta.opendata and is testable without MkDocs. Nothing is written
to docs/: generated pages and data files exist only in memory until MkDocs writes the site.

In the preview (`make serve`) a content error does not stop anything: every page built from
the content shows the problems instead, the terminal lists them, and the next save that fixes
them brings the site back. A normal build still fails on a content error and publishes nothing.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import secrets
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_build_datetime
from mkdocs.utils.meta import get_data

from ..model import ContentError, Problem, Roadmap, load_roadmap
from ..opendata import Download, downloads
from ..opendata.history import ContentChange, History, read_history
from ..pages import GeneratedPage, build_pages, output_pages, problems_page, routes, site_nav
from ..pages.build import bank_dimensions_json
from ..pages.html_blocks import anchors_of, put_back, set_aside
from ..pages.render import environment as page_templates, finnish_date
from . import background, build_cache, editions
from .page_finish import PageFinish, Step

log = logging.getLogger("mkdocs.plugins.tiekartta")

CONTENT_FOLDER = "roadmap"
HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass
class _Build:
    """What one build (or one rebuild of `mkdocs serve`) knows about the content."""

    roadmap: Roadmap | None  # None only in the preview while the content has errors
    history: History
    docs_folder: str  # docs_dir relative to the project, for the history of hand-written pages
    sources_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # docs path -> source files
    last_changed: dict[str, datetime] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # the content errors the preview is showing
    error_pages: dict[str, GeneratedPage] = field(default_factory=dict)  # preview with errors only
    pages: list[GeneratedPage] = field(default_factory=list)  # made once in on_config, added in on_files
    set_aside: dict[str, dict[str, str]] = field(default_factory=dict)  # docs path -> its raw HTML blocks
    key: str = field(default_factory=lambda: secrets.token_hex(8))  # of this build's placeholders
    finishing: dict[str, PageFinish] = field(default_factory=dict)  # docs path -> its last steps
    changes: list[ContentChange] = field(default_factory=list)  # the content's changes (editions.py)
    changes_by_path: dict[str, list[ContentChange]] = field(default_factory=dict)
    outputs: Future | None = None  # the outputs' pages, being made in the worker (configure)
    downloads: Future | None = None  # the open data files, being made in the worker (configure)

    def __post_init__(self) -> None:
        self.last_changed = self.history.last_changed()


_current: _Build | None = None
_model_cache: dict[Path, tuple[tuple, Roadmap]] = {}
# Set once per process by on_startup; the hook module itself is loaded anew for every rebuild.
_serving = False
# Paths of the generated pages of the last good build: the preview keeps them alive (showing
# the problems) so that the reader's open page reloads into the error list and back.
_last_good_pages: tuple[str, ...] = ()


def project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _fingerprint(content: Path) -> tuple:
    """Changes whenever a content file is added, removed or edited (for `mkdocs serve`).

    One scandir stat per file: this runs for every build and every macro call, over thousands
    of files. Links are not followed (the loader refuses them), only noticed."""
    found = []
    folders = [str(content)] if content.is_dir() else []  # a missing folder: the loader says so
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    else:
                        stat = entry.stat(follow_symlinks=False)
                        found.append((entry.path, stat.st_mtime_ns, stat.st_size))
        except OSError:
            continue
    return tuple(sorted(found))


def load_model(project: Path) -> Roadmap:
    """The validated content of `project`/roadmap, read again only when a file changed.

    Raises ContentError; macros.py and the hook both ask, so it is loaded once per content state."""
    project = Path(project).resolve()
    content = project / CONTENT_FOLDER
    fingerprint = _fingerprint(content)
    cached = _model_cache.get(project)
    if cached and cached[0] == fingerprint:
        return cached[1]
    roadmap = load_roadmap(content, project)
    _model_cache[project] = (fingerprint, roadmap)
    return roadmap


def start(command: str) -> None:
    """on_startup: a preview server shows content errors on the page instead of stopping."""
    global _serving
    _serving = command == "serve"
    _keep_out_of_collections()


def _keep_out_of_collections() -> None:
    """`mkdocs build`: what exists now lives until the process ends (the imported modules; after
    configure, the content and its pages), so the garbage collector need not walk it again in
    each full collection of the build (measured: 0.03 s less at 100 outputs, 0.04 s at 1,000).
    Not in the preview, whose rebuilds must free the previous build's content."""
    if not _serving:
        gc.freeze()


def end() -> None:
    """on_shutdown, the very end of MkDocs: the interpreter's last full garbage collection, as the
    process exits, would walk every object the build made (0.15 s at 1,000 outputs, measured); all
    of them are freed with the process anyway, so they are left out of collections from now on."""
    gc.freeze()


def read_content(config) -> None:
    """on_config, first: read the content (fail early on mistakes) and its history."""
    global _current
    project = project_dir(config)
    docs_folder = _docs_dir_relative(config)
    # `mkdocs serve` rebuilds when the content changes, not only docs/ (an absolute path: the
    # server would resolve a relative one against the working directory).
    content = str(project / CONTENT_FOLDER)
    if content not in config.watch:
        config.watch.append(content)
    try:
        roadmap = load_model(project)
    except ContentError as error:
        for problem in error.problems:
            log.error(problem.format())
        if not _serving:
            # Abort: MkDocs prints the Finnish report as it is and exits non-zero, no traceback.
            raise Abort(error.report()) from None
        _show_problems(config, project, docs_folder, list(config.nav or []), error)
        return
    history = read_history(project, [CONTENT_FOLDER, docs_folder], exclude=[f"{CONTENT_FOLDER}/schema"])
    _current = _Build(roadmap, history, docs_folder)
    editions.read_changes(_current, project, CONTENT_FOLDER)


def configure(config) -> None:
    """on_config, after read_content and after the worker has started (`mkdocs build`'s worker is
    a copy of this process, content included): the outputs' pages and the open data files are
    made in the worker, the other pages and the navigation here, at the same time."""
    build = _state()
    if build.roadmap is None:
        return  # the preview shows the problems instead (read_content)
    if background.copies():
        build.outputs = background.submit(_output_pages_in_copy, build.key)
        # Dates that git history does not give are the build's, as MkDocs takes them: with
        # SOURCE_DATE_EPOCH set, a build without history is the same on any day (reproducible builds).
        build.downloads = background.submit(_downloads_in_copy, build.key, config.site_url or "",
                                            config.repo_url or "", get_build_datetime())
    build_cache.keep_compiled_templates(page_templates(), project_dir(config))
    build.pages = build_pages(build.roadmap, with_outputs=build.outputs is None)
    build.pages.append(editions.whats_new(build, project_dir(config)))
    config.nav = site_nav(build.roadmap, list(config.nav or []))
    _keep_out_of_collections()
    log.info("Tiekartta: %d sivua sisällöstä (%d tiedostoa).",
             len(build.pages) + (len(build.roadmap.outputs) if build.outputs else 0), len(build.roadmap.sources))


class _NotTheCopy(Exception):
    """The worker is not a copy of this build (it was started before the content was read)."""


def _copy_of(key: str) -> _Build:
    """In `mkdocs build`'s worker, a copy of MkDocs made after read_content: its copy of the
    build, which therefore need not be sent to it."""
    if _current is None or _current.key != key or _current.roadmap is None:
        raise _NotTheCopy(key)
    return _current


def _output_pages_in_copy(key: str) -> list[GeneratedPage]:
    return output_pages(_copy_of(key).roadmap)


def _downloads_in_copy(key: str, site_url: str, repo_url: str, generated_at: datetime) -> list[Download]:
    build = _copy_of(key)
    return downloads(build.roadmap, site_url, repo_url, build.history, generated_at=generated_at,
                     changes=build.changes)


def _from_worker(future: Future | None, make_here: Callable[[], list]) -> list:
    """What the worker has been making (configure), or made here when it has not begun it."""
    if future is not None and not future.cancel():  # cancel() fails once the worker has begun
        try:
            return background.result(future)
        except Exception as error:  # noqa: BLE001 - made again here, where a real error shows itself
            log.debug("Työprosessin työ tehdään pääprosessissa: %r", error)
    return make_here()


def generated_texts() -> list[str]:
    """The Markdown of the pages made from the content (add_generated_pages), for the search."""
    return [page.markdown for page in _state().pages]


def _show_problems(config, project: Path, docs_folder: str, handwritten: list, error: ContentError) -> None:
    """Preview only: the generated pages show the list of problems until the content is fixed."""
    global _current
    docs_dir = Path(config.docs_dir)
    # The pages of the last good build, so that an open page reloads into the problems and back;
    # and any page the hand-written nav names but docs/ does not have (the field reference).
    uris = dict.fromkeys(
        ["index.md", *_last_good_pages, *(u for u in _nav_uris(handwritten) if not (docs_dir / u).is_file())]
    )
    pages = {uri: GeneratedPage(uri, problems_page(error.problems, uri), None, ()) for uri in uris}
    _current = _Build(None, History(), docs_folder, problems=tuple(error.problems), error_pages=pages)
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
    global _last_good_pages
    build = _state()
    if build.roadmap is None:
        _replace_handwritten_pages(files, config, build)
        for page in build.error_pages.values():
            _add(files, File.generated(config, page.src_uri, content=page.markdown))
        return files
    if build.outputs is not None:  # the outputs' pages come last (build_pages)
        build.pages += _from_worker(build.outputs, lambda: output_pages(build.roadmap))
        build.outputs = None
    _last_good_pages = tuple(page.src_uri for page in build.pages)
    for page in build.pages:
        file = File.generated(config, page.src_uri, content=page.markdown)
        # The edit button opens the YAML file, not a Markdown file that does not exist:
        # edit_uri points at docs/, so step out of it.
        file.edit_uri = f"../{page.edit_source}" if page.edit_source else None
        _add(files, file)
        build.sources_of[page.src_uri] = page.sources
    _add(files, File.generated(config, routes.BANK_DIMENSIONS, content=bank_dimensions_json(build.roadmap)))
    made = _from_worker(build.downloads, lambda: downloads(
        build.roadmap, config.site_url or "", config.repo_url or "", build.history, generated_at=get_build_datetime(),
        changes=build.changes))
    build.downloads = None
    for download in made:
        _add(files, File.generated(config, download.path, content=download.content))
    return files


def _replace_handwritten_pages(files: Files, config, build: _Build) -> None:
    """Preview with content errors: pages in docs/ whose macros need the model show the problems
    too, under their own title; the other hand-written pages (the editor's guide) stay readable."""
    for file in list(files.documentation_pages()):
        markdown, meta = get_data(file.content_string)
        if file.src_uri in build.error_pages or not meta.get("render_macros"):
            continue
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
        title = str(meta.get("title") or (heading.group(1) if heading else file.name))
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=problems_page(build.problems, file.src_uri, title)))


def set_aside_html(markdown: str, page) -> str:
    """on_page_markdown, last of all: a generated page's raw HTML blocks wait outside MkDocs'
    Markdown pass (tiekartta.pages.html_blocks), which then has far less to read."""
    build = _state()
    if build.roadmap is None or page.file.src_uri not in build.sources_of:
        return markdown
    aside = set_aside(markdown, build.key)
    build.set_aside[page.file.src_uri] = aside.blocks
    return aside.markdown


def finish_content_page(html: str, page, step: Step | None) -> str:
    """on_page_content: the page's last steps (page_finish) start in a worker. A page that shows
    content is cleaned once more (tiekartta.pages.sanitize): generated pages, and hand-written
    pages that use macros; `step` is the search's, on the cleaned HTML. The cleaned HTML takes
    the place of this one before the page is written (decorate_page), or now if there is no worker."""
    build = _state()
    src_uri = page.file.src_uri
    # Not the preview's error pages (only the problem list, escaped) nor plain hand-written pages.
    clean = build.roadmap is not None and (src_uri in build.sources_of or bool(page.meta.get("render_macros")))
    if clean:
        blocks = build.set_aside.pop(src_uri, {})
        html, missing = put_back(html, blocks)
        if missing:
            raise PluginError(f"Sivun {src_uri} HTML-lohkoja ei löytynyt muunnetusta sivusta: {', '.join(missing)}.")
        if blocks and page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchors_of(blocks)
    if not clean and step is None:
        return html
    finishing = build.finishing[src_uri] = PageFinish(html, clean, step)
    return finishing.result().html if finishing.done else html


def pages_converted() -> dict[str, PageFinish]:
    """on_env, every page converted: the last pages go to the worker; their finishing, by docs path."""
    background.send_batches()
    return _state().finishing


def report_cleaning() -> None:
    """on_post_build: what the final cleaning removed, as warnings (a strict build fails)."""
    build = _state()
    for src_uri, finishing in build.finishing.items():
        if finishing.clean:
            done = finishing.result()
            _report_cleaning(build, src_uri, done.removed, done.duplicate_ids)
    build.finishing.clear()


def _report_cleaning(build: _Build, src_uri: str, removed: tuple[str, ...], duplicates: tuple[str, ...]) -> None:
    """Anything removed or an id standing twice is a warning, which fails the strict build: the
    page is safe either way, but the gap that let it through must be fixed before publishing."""
    if removed:
        log.warning(
            "Sivulta %s poistettiin HTML:ää, jota sivuston omat pohjat eivät tee: %s. "
            "Sisältö on päässyt sivulle ohi tarkistusten; korjaa pohja tai tarkistus ennen julkaisua.",
            src_uri, ", ".join(removed),
        )
    roadmap = build.roadmap
    for anchor in duplicates:
        sources = sorted(
            entity.source for entity in (
                *roadmap.themes, *roadmap.bodies, *roadmap.events, *roadmap.projects,
                *roadmap.dimensions, *roadmap.outputs, *roadmap.reflections,
            ) if entity.id == anchor
        )
        log.warning(
            "Sivulla %s on kaksi kohtaa samalla osoitteella #%s, joten linkki vie vain ensimmäiseen.%s",
            src_uri, anchor,
            f" Nimeä uudelleen jokin tiedostoista: {', '.join(sources)}." if sources else "",
        )


def date_page(page) -> None:
    """on_page_markdown: when the page's sources last changed, from git, for its footer and for
    the sitemap's lastmod, which MkDocs writes before it writes any page."""
    build = _state()
    sources = build.sources_of.get(page.file.src_uri, (f"{build.docs_folder}/{page.file.src_uri}",))
    # A generated page: the newest change of its content (editions.date_and_list_changes), listed below it too.
    changed = editions.date_and_list_changes(build, page, sources)
    dates = [changed] if changed else [build.last_changed[s] for s in sources if s in build.last_changed]
    if not dates:
        return  # no git history: MkDocs dates the page by the build
    latest = max(dates).astimezone(HELSINKI)
    # When the content changed, not the day of the build (MkDocs' default): search engines revisit
    # only changed pages, and two builds of the same commit are the same.
    page.update_date = latest.date().isoformat()
    page.meta["tk_muutettu"] = finnish_date(latest.date())
    page.meta["tk_muutettu_iso"] = latest.isoformat()


def theme_templates(env, config):
    """on_env, before any page is written: the theme's templates (Material's and overrides/) are
    kept compiled between builds too (build_cache)."""
    return build_cache.keep_compiled_templates(env, project_dir(config))


def decorate_page(page, config) -> None:
    """on_page_context, before other plugins see the page: its cleaned HTML (finish_content_page)."""
    finishing = _state().finishing.get(page.file.src_uri)
    if finishing is not None and finishing.clean:
        page.content = finishing.result().html
    if page.meta.get("description"):
        # Material writes the description into an HTML attribute as it is: escape it here, once.
        page.meta["description"] = str(escape(str(page.meta["description"])))


def _docs_dir_relative(config) -> str:
    docs = Path(config.docs_dir).resolve()
    project = project_dir(config)
    return docs.relative_to(project).as_posix() if docs.is_relative_to(project) else docs.as_posix()
