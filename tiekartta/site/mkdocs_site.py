"""The MkDocs side of the site: one SiteBuilder per MkDocs process, one Build per build.

hooks/tiekartta_site.py makes the SiteBuilder and calls its methods at each MkDocs event, in the
order MkDocs calls them (the table in docs/kehittajille/index.md); macros.py asks it for the model.
Everything that makes text lives in tiekartta.pages, tiekartta.opendata and tiekartta.search,
testable without MkDocs. Nothing is written to docs/: generated pages and data files exist only
in memory until MkDocs writes them.

Everything published passes through one gate (gate.PublishingGate): the pages' HTML, the open
data files and the search records.

In the preview (`make serve`) a content error does not stop anything: every page built from the
content shows the problems instead, the terminal lists them, and the next save that fixes them
brings the site back. A normal build fails on a content error and publishes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_datetime
from mkdocs.utils.meta import get_data

from ..model import ContentError, Problem, Roadmap, load_roadmap
from ..model.materials import FOLDER as MATERIALS_FOLDER
from ..model.reviewed import read_reviewed
from ..opendata import downloads, open_data_page
from ..opendata.ical import uid_host
from ..opendata.history import ContentChange, History, read_history
from ..pages import GeneratedPage, build_pages, problems_page, routes, site_nav
from ..pages.bank import bank_choices_json
from ..pages.render import environment as page_templates, finnish_date
from ..search.index import OUTPUT_FOLDER as SEARCH_FOLDER, SearchIndexError, build_index
from . import build_cache, changes, versions
from .gate import Kind, PublishingGate
from .html_blocks import GeneratedHtmlBlocks, anchors_in
from .link_warnings import say_link_warnings_in_finnish
from .sidebars import SharedSidebars

log = logging.getLogger("mkdocs.plugins.tiekartta")

CONTENT_FOLDER = "roadmap"
HELSINKI = ZoneInfo("Europe/Helsinki")


@dataclass
class Build:
    """What one build (or one rebuild of `mkdocs serve`) knows."""

    project: Path
    docs_folder: str  # docs_dir relative to the project, for the history of hand-written pages
    gate: PublishingGate
    roadmap: Roadmap | None = None  # None only in the preview while the content has errors
    history: History = field(default_factory=History)
    pages: list[GeneratedPage] = field(default_factory=list)  # made from the model (read_content)
    sources_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # docs path -> source files
    html_blocks_of: dict[str, frozenset[str]] = field(default_factory=dict)  # docs path -> its raw HTML blocks
    source_of_url: dict[str, str] = field(default_factory=dict)  # "/teemat/x/" -> the file to edit
    last_changed: dict[str, datetime] = field(default_factory=dict)
    changes: list[ContentChange] = field(default_factory=list)  # the content's changes (changes.py)
    changes_by_path: dict[str, list[ContentChange]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # the content errors the preview is showing
    error_pages: dict[str, GeneratedPage] = field(default_factory=dict)  # preview with errors only


class SiteBuilder:
    """What the site does at each MkDocs event. MkDocs loads the hook file once per process, so
    one SiteBuilder lives as long as `mkdocs build` or `mkdocs serve`; each build gets a Build."""

    def __init__(self) -> None:
        self.previewing = False  # `mkdocs serve`: content errors are shown on the pages
        # The generated pages of the last good build: the preview keeps them alive (showing the
        # problems), so that the reader's open page reloads into the error list and back.
        self.last_good_pages: tuple[str, ...] = ()
        self.build: Build | None = None
        self.html_blocks = GeneratedHtmlBlocks()  # in every build's Markdown (html_blocks.py)

    # on_startup
    def remember_command(self, command: str) -> None:
        self.previewing = command == "serve"

    @property
    def roadmap(self) -> Roadmap:
        """The model of the current build (for macros.py)."""
        if self.build is None or self.build.roadmap is None:
            raise PluginError("Sisältöä ei ole luettu: tarkista, että mkdocs.yml lataa hooks/tiekartta_site.py.")
        return self.build.roadmap

    def theme_ids(self) -> list[str] | None:
        """The content's theme ids (for macros.py's check of theme cards); None when the content
        could not be read (the preview then shows its problems instead of pages)."""
        if self.build is None or self.build.roadmap is None:
            return None
        return list(self.build.roadmap.theme_by_id)

    def _current(self) -> Build:
        if self.build is None:
            raise PluginError("Sivuston hook ei saanut asetuksia: tarkista, että mkdocs.yml lataa hooks/tiekartta_site.py.")
        return self.build

    # on_config
    def read_content(self, config, handwritten_problems: list[Problem] | tuple[Problem, ...] = ()):
        """Read and check the content, make its pages and the navigation (fail early on mistakes).
        The preview shows `handwritten_problems` (of pages in docs/) with the content's."""
        project = Path(config.config_file_path).resolve().parent
        docs_folder = _relative(Path(config.docs_dir), project)
        say_link_warnings_in_finnish(Path(config.docs_dir), docs_folder)
        # `mkdocs serve` rebuilds when the content changes, not only docs/ (an absolute path: the
        # server would resolve a relative one against the working directory).
        content = str(project / CONTENT_FOLDER)
        if content not in config.watch:
            config.watch.append(content)
        versions.configure(config)
        if self.html_blocks not in config.markdown_extensions:
            config.markdown_extensions.append(self.html_blocks)
        gate = PublishingGate(stop_on_findings=not self.previewing, allowed=_reviewed_texts(project),
                              site_host=uid_host(config.site_url or ""), project=project)
        build = self.build = Build(project, docs_folder, gate)
        try:
            build.roadmap = load_roadmap(project / CONTENT_FOLDER, project)
            problems = list(handwritten_problems)
        except ContentError as error:
            problems = [*error.problems, *handwritten_problems]
        if problems:
            build.roadmap = None
            error = ContentError(problems)
            for problem in error.problems:
                log.error(problem.format())
            if not self.previewing:
                # Abort: MkDocs prints the Finnish report as it is and exits non-zero, no traceback.
                raise Abort(error.report()) from None
            self._show_problems(config, error)
            return config
        build.history = read_history(project, [CONTENT_FOLDER, docs_folder], exclude=[f"{CONTENT_FOLDER}/schema"])
        build.last_changed = build.history.last_changed()
        changes.read_changes(build, project, CONTENT_FOLDER)
        build_cache.keep_compiled_templates(page_templates(), project)
        build.pages = build_pages(build.roadmap, open_data=open_data_page(build.roadmap))
        build.pages.append(changes.whats_new(build, project))
        config.nav = site_nav(build.roadmap, list(config.nav or []))
        log.info("Tiekartta: %d sivua sisällöstä (%d tiedostoa).", len(build.pages), len(build.roadmap.sources))
        return config

    def _show_problems(self, config, error: ContentError) -> None:
        """Preview only: the generated pages show the list of problems until the content is fixed."""
        build = self._current()
        docs_dir = Path(config.docs_dir)
        handwritten = list(config.nav or [])
        # The pages of the last good build, so that an open page reloads into the problems and back;
        # and any page the hand-written nav names but docs/ does not have (the field reference).
        uris = dict.fromkeys(
            ["index.md", *self.last_good_pages, *(u for u in _nav_uris(handwritten) if not (docs_dir / u).is_file())]
        )
        build.problems = tuple(error.problems)
        build.error_pages = {uri: GeneratedPage(uri, problems_page(error.problems, uri), None, ()) for uri in uris}
        config.nav = ["index.md", *handwritten]
        # The other generated pages are left out of the nav on purpose (they all show the problems),
        # and their anchors are gone until the content is fixed: no warnings about either.
        config.validation.nav.omitted_files = logging.DEBUG
        config.validation.links.anchors = logging.DEBUG
        log.error("Esikatselu näyttää virheet sivulla. Korjaa tiedosto ja tallenna: sivusto palaa itsestään.")

    # on_files
    def add_generated_files(self, files: Files, config) -> Files:
        """The pages made from the model and the open data files, all from memory. Pages that
        are deliberately outside the navigation (each output's page) are marked so."""
        build = self._current()
        if build.roadmap is None:
            self._replace_handwritten_pages(files, config)
            taken = _addresses(files)
            for page in build.error_pages.values():
                _add(files, File.generated(config, page.src_uri, content=page.markdown), taken)
            _refuse_folder_over_a_file(files, config)
            return files
        taken = _addresses(files)
        self.last_good_pages = tuple(page.src_uri for page in build.pages)
        in_nav = set(_nav_uris(config.nav))
        for page in build.pages:
            file = File.generated(
                config, page.src_uri, content=page.markdown,
                inclusion=InclusionLevel.UNDEFINED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV,
            )
            # The edit button opens the YAML file, not a Markdown file that does not exist:
            # edit_uri points at docs/, so step out of it.
            file.edit_uri = f"../{page.edit_source}" if page.edit_source else None
            _add(files, file, taken)
            build.sources_of[page.src_uri] = page.sources
            build.html_blocks_of[page.src_uri] = page.html_blocks
        made = [(routes.BANK_CHOICES, bank_choices_json(build.roadmap))]
        # Dates that git history does not give are the build's, as MkDocs takes them: with
        # SOURCE_DATE_EPOCH set, a build without history is the same on any day (reproducible builds).
        made += [(d.path, d.content) for d in downloads(
            build.roadmap, config.site_url or "", config.repo_url or "", build.history,
            generated_at=get_build_datetime(), changes=build.changes)]
        for path, content in made:
            text = content if isinstance(content, str) else content.decode("utf-8")
            build.gate.admit(path, path, text, Kind.DATA, sources=build.roadmap.sources)
            _add(files, File.generated(config, path, content=content), taken)
        _add_material_files(files, config, build.roadmap, taken)
        _refuse_folder_over_a_file(files, config)
        return files

    def _replace_handwritten_pages(self, files: Files, config) -> None:
        """Preview with content errors: pages in docs/ whose macros need the model show the problems
        too, under their own title; the other hand-written pages (the editor's guide) stay readable."""
        build = self._current()
        named = {problem.file for problem in build.problems}
        for file in list(files.documentation_pages()):
            markdown, meta = get_data(file.content_string)
            mistaken = f"{build.docs_folder}/{file.src_uri}" in named  # a page with its own problems
            if file.src_uri in build.error_pages or not (meta.get("render_macros") or mistaken):
                continue
            heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
            title = str(meta.get("title") or (heading.group(1) if heading else file.name))
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=problems_page(build.problems, file.src_uri, title)))

    # on_page_markdown
    def date_page(self, page) -> None:
        """When the page's sources last changed, from git, for its footer and for the sitemap's
        lastmod (MkDocs writes the sitemap before any page)."""
        build = self._current()
        sources = build.sources_of.get(page.file.src_uri, (f"{build.docs_folder}/{page.file.src_uri}",))
        # A generated page: the newest change of its content, listed below it too (changes.py).
        changed = changes.date_and_list_changes(build, page, sources)
        dates = [changed] if changed else [build.last_changed[s] for s in sources if s in build.last_changed]
        if not dates:
            return  # no git history: MkDocs dates the page by the build
        latest = max(dates).astimezone(HELSINKI)
        # When the content changed, not the day of the build (MkDocs' default): search engines revisit
        # only changed pages, and two builds of the same commit are the same.
        page.update_date = latest.date().isoformat()
        page.meta["tk_muutettu"] = finnish_date(latest.date())
        page.meta["tk_muutettu_iso"] = latest.isoformat()

    def hand_over_html_blocks(self, page) -> None:
        """The raw HTML blocks of the page about to be converted go to Markdown as they are (html_blocks.py)."""
        self.html_blocks.page_blocks = self._current().html_blocks_of.get(page.file.src_uri, frozenset())

    # on_page_content
    def close_html_blocks(self, page) -> None:
        """The anchors of the blocks handed over become the page's, for MkDocs' check of links
        to anchors; no later conversion gets them."""
        self.html_blocks.page_blocks = frozenset()
        blocks = self._current().html_blocks_of.get(page.file.src_uri)
        if blocks and page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchors_in(blocks)

    def pass_page_through_gate(self, html: str, page) -> str:
        """Every page's HTML, generated or hand-written, cleaned and checked the same way."""
        build = self._current()
        src_uri = page.file.src_uri
        if build.roadmap is None and src_uri in build.error_pages:
            return html  # the preview's list of problems: escaped text, and never published
        source = build.source_of_url[f"/{page.url}"] = _source_of(build, src_uri)
        written = "" if page.file.generated_by else page.file.content_string
        # The theme prints the table of contents and the page's changes (page.meta) beside its HTML.
        beside = [*_toc_titles(page.toc), *(str(escape(entry["teksti"])) for entry in page.meta.get("tk_muutokset", ()))]
        return build.gate.admit(src_uri, source, html, Kind.PAGE, source_text=written, beside=beside,
                                sources=build.sources_of.get(src_uri, ()))

    # on_env
    def keep_compiled_templates(self, env):
        """The theme's templates (Material's and overrides/) are kept compiled between builds, as
        the page templates are (build_cache)."""
        return build_cache.keep_compiled_templates(env, self._current().project)

    def share_sidebars(self, env, config) -> None:
        """Pages outside the navigation with the same sidebars share one rendering of them
        (sidebars.py, used by overrides/main.html)."""
        env.globals["tk_sidebars"] = SharedSidebars(config)

    # on_page_context
    def escape_description(self, page) -> None:
        """Material writes the description into an HTML attribute as it is: escape it here, once."""
        if page.meta.get("description"):
            page.meta["description"] = str(escape(str(page.meta["description"])))

    # on_post_build
    def build_search_index(self, config) -> None:
        """The search index from the written site; a failure fails the build (no site without search)."""
        build = self._current()
        try:
            summary = build_index(
                Path(config.site_dir), forms_folder=build_cache.folder(build.project, "finnish-forms"),
                check=lambda url, record: build.gate.admit(url, build.source_of_url.get(url, url), record, Kind.SEARCH),
            )
        except SearchIndexError as error:
            log.error(str(error))
            raise Abort(str(error)) from None
        log.info(
            "Haku: %d sivua hakemistossa, %d suomen sanamuotoa lisätty, hakemisto %d kt.",
            summary.pages, summary.forms, summary.bytes // 1024,
        )


def _source_of(build: Build, src_uri: str) -> str:
    """The file an editor edits for this page: its YAML source, or the page in docs/."""
    sources = build.sources_of.get(src_uri)
    return sources[0] if sources else f"{build.docs_folder}/{src_uri}"


def _toc_titles(toc) -> list[str]:
    """The titles of a page's table of contents, nested ones too, as the theme prints them."""
    return [title for link in toc or () for title in (link.title, *_toc_titles(link.children))]


def _reviewed_texts(project: Path) -> frozenset[str]:
    """The texts roadmap/tarkistetut-poikkeukset.yaml allows (the content check reports the file's problems)."""
    reviewed, _ = read_reviewed(project / CONTENT_FOLDER, lambda path: path.as_posix())
    return reviewed.allowed_texts()


def _nav_uris(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, dict):
        return [uri for value in nav.values() for uri in _nav_uris(value)]
    if isinstance(nav, list):
        return [uri for item in nav for uri in _nav_uris(item)]
    return []


def _add_material_files(files: Files, config, roadmap: Roadmap, taken: dict[str, File]) -> None:
    """The outputs' files (roadmap/aineistot/), published as they are: the loader has read each
    one, checked its type and size and run its text through the privacy and credential check."""
    folder = Path(config.config_file_path).resolve().parent / CONTENT_FOLDER / MATERIALS_FOLDER
    for path in roadmap.material_files:
        _add(files, File.generated(config, routes.material(path), abs_src_path=str(folder / path)), taken)


def _addresses(files: Files) -> dict[str, File]:
    """The files by the address MkDocs writes them to, letters' case aside (docs/x.md and x/index.md
    are both x/index.html; X and x are one file on a case-insensitive file system)."""
    return {file.dest_uri.casefold(): file for file in files}


def _add(files: Files, file: File, taken: dict[str, File]) -> None:
    """Add a generated file to the site, unless a file in docs/ already has its address: a
    hand-written page would silently replace a generated one, or vanish under it."""
    there = files.get_file_from_path(file.src_uri) or taken.get(file.dest_uri.casefold())
    if there is not None:
        raise PluginError(
            f"Tiedosto docs/{there.src_uri} on samassa osoitteessa ({file.url or '/'}) kuin sisällöstä tehty "
            "sivu tai tiedosto. Nimeä käsin kirjoitettu tiedosto uudelleen."
        )
    files.append(file)
    taken[file.dest_uri.casefold()] = file


def _refuse_folder_over_a_file(files: Files, config) -> None:
    """A file whose address would be inside a folder where the site has a file: docs/sitemap.xml.md
    is sitemap.xml/index.html, where the build writes the sitemap (the theme's own pages and
    MkDocs' compressed sitemap count too). The build would stop with a Python error. The search
    index's folder is the index's alone: it is written anew after the pages, over them."""
    written = {*_addresses(files), *(name.casefold() for name in (*config.theme.static_templates, "sitemap.xml.gz")),
               SEARCH_FOLDER}
    for file in files:
        parts = file.dest_uri.casefold().split("/")[:-1]
        folder = next(("/".join(parts[:end]) for end in range(1, len(parts) + 1) if "/".join(parts[:end]) in written), None)
        if folder is not None:
            raise PluginError(
                f"Tiedosto docs/{file.src_uri} tulisi osoitteeseen {file.url or '/'}, mutta {folder} on jo sivuston oma "
                "tiedosto tai kansio. Nimeä käsin kirjoitettu tiedosto uudelleen."
            )


def _relative(docs: Path, project: Path) -> str:
    docs = docs.resolve()
    return docs.relative_to(project).as_posix() if docs.is_relative_to(project) else docs.as_posix()
