"""What the MkDocs hook does for search: the site's index (tiekartta.search.index), made beside
the build.

MkDocs makes every page's content first and writes the pages after. As each page's content is
ready (on_page_content), a worker process stages its article with the Finnish forms of its words
(Voikko, the slow part), from the page's cleaned HTML (stage_step, a step of the page's finish,
page_finish); when all are staged (on_env), Pagefind starts and indexes them while MkDocs writes
the site with the other processor core; after the build (on_post_build) the index is checked
and put in place. If any page was not staged (its stage failed, or the site has pages MkDocs did
not make), the index is made from the written site instead, as before.

Before the pages come, once they are made (on_files), the worker finds the Finnish forms of every
page's words (learn_page_words). A build keeps them in .cache for the next one
(tiekartta/search/forms_cache.py, build_cache), which then analyses only new words and stages
each page as soon as MkDocs has converted it.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mkdocs.exceptions import Abort

from ..search import forms_cache
from ..search.finnish import FinnishForms, words
from ..search.index import (
    PagefindRun, PageParts, SearchIndexError, StagedPage, article_html, build_index, page_files, partial_folder,
    publish, remove_left_stages, stage_folder, stage_page,
)
from . import background, build_cache
from .mkdocs_site import CONTENT_FOLDER, project_dir
from .page_finish import PageFinish, Step

log = logging.getLogger("mkdocs.plugins.tiekartta")

_FROM_SITE = "Haku: hakemisto tehdään valmiista sivustosta, koska rakennuksen aikana tehdystä puuttui sivuja (%s)."


@cache
def _finnish_forms() -> FinnishForms:
    # One analyser per process (this one and each worker): `mkdocs serve` rebuilds after every
    # saved change, and with the analyser's word caches kept, a rebuild analyses only new words.
    return FinnishForms()


@cache
def _forms(saved: str | None) -> FinnishForms:
    """This process's analyser, with the forms an earlier build kept in `saved` (read once)."""
    forms = _finnish_forms()
    if saved is not None:
        forms_cache.load(Path(saved), forms)
    return forms


_TEXT_FILES = (".yaml", ".yml", ".md")


def warm_up() -> None:
    """In a worker as it starts, while MkDocs starts: nothing but the import of this module, which
    imports what the worker's tasks need (the model, the pages, the search). Voikko loads with
    the first words the worker learns (learn_page_words)."""


def _words_in(folders: list[str]) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.suffix in _TEXT_FILES and path.is_file():
                try:
                    found.update(words(path.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError):
                    continue  # the content check reports it
    return found


def _learn_pages(texts: list[str], folders: list[str], saved: str | None) -> None:
    """In a worker, once the pages are made: the words of every page (the generated pages' texts
    and the hand-written pages in `folders`), so that the pages are staged as fast as MkDocs
    converts them. If any was new, the forms of all of them are kept for the next build."""
    found = _words_in(folders)
    for text in texts:
        found.update(words(text))
    forms = _forms(saved)
    if forms.learn(found) and saved is not None:
        forms_cache.save(Path(saved), forms, found)


def learn_page_words(config, texts: list[str]) -> None:
    """on_files, when the generated pages are made (their Markdown: `texts`)."""
    background.submit(_learn_pages, texts, [str(config.docs_dir)], _saved_forms(project_dir(config)))


def _saved_forms(project: Path) -> str | None:
    saved = build_cache.folder(project, "finnish-forms")
    return None if saved is None else str(saved)


def _stage(content: str, stage: str, url: str, title: str, description: str, lang: str,
           saved: str | None) -> StagedPage | None:
    """A page into the stage, from its cleaned content: in a worker, or here when there is none."""
    parts = PageParts(article_html(content, title), description, lang)
    return stage_page(Path(stage), url, parts, _forms(saved))


@dataclass
class _Index:
    """One build's index in the making."""

    saved: str | None = None  # the folder of the Finnish forms kept between builds (build_cache)
    stage: Path = field(default_factory=stage_folder)
    urls: dict[str, str] = field(default_factory=dict)  # docs path → URL of the pages to stage
    staged: dict[str, PageFinish | StagedPage | None] = field(default_factory=dict)  # URL → its page in the stage
    complete: bool = True  # False: some page could not be staged; the index is made from the site
    run: PagefindRun | None = None
    starter: threading.Thread | None = None

    def start_run(self, output: Path) -> None:
        """When every page is staged: Pagefind starts (in a thread, so MkDocs need not wait)."""
        missing = []
        for url, staged in self.staged.items():
            if isinstance(staged, PageFinish):
                try:
                    done = staged.result()
                except Exception as error:  # noqa: BLE001 - the index is made from the site after the build
                    missing.append(f"{url}: {error}")
                    continue
                self.staged[url] = done.step_result
                if done.step_error:
                    missing.append(f"{url}: {done.step_error}")
        if missing:
            self.complete = False
            log.info(_FROM_SITE, "; ".join(missing[:3]))
        if self.complete and any(self.staged.values()):
            self.run = PagefindRun(self.stage, output)

    def wait_for_start(self) -> None:
        if self.starter is not None:
            self.starter.join()
            self.starter = None

    def discard(self) -> None:
        self.wait_for_start()
        if self.run is not None:
            self.run.stop()
            self.run = None
        shutil.rmtree(self.stage, ignore_errors=True)


_current: _Index | None = None


def start_workers(*, copy: bool = False) -> None:
    """on_startup, so that the worker is ready when the content is read (with copy, as a copy of
    MkDocs: background.start); and on_pre_build, for a new worker when one has died during a
    preview (a no-op while they run)."""
    background.start(warm_up=warm_up, copy=copy)


def start_build(config) -> None:
    """on_pre_build."""
    global _current
    start_workers()
    discard()
    remove_left_stages()
    try:
        _current = _Index(saved=_saved_forms(project_dir(config)))
    except SearchIndexError as error:
        raise Abort(str(error)) from None


def stage_step(page, config) -> Step | None:
    """on_page_content: the step of the page's finish (page_finish) that stages the page from its
    cleaned content; None for a page that is not indexed."""
    if _current is None or not page.file.dest_uri.endswith("index.html") or not (page.url or "/").endswith("/"):
        return None
    url = f"/{page.url}"
    _current.urls[page.file.src_uri] = url
    meta_description = page.meta.get("description") if page.meta else None
    return _stage, (
        str(_current.stage), url, str(page.title or config.site_name),
        # As Material writes the page's description meta tag.
        str(meta_description) if meta_description else (config.site_description or ""),
        config.theme.get("language") or "",
        _current.saved,
    )


def pages_read(config, finishing: Mapping[str, PageFinish]) -> None:
    """on_env, when every page's content is made and before MkDocs writes them: Pagefind starts
    as soon as the last pages are staged (`finishing`: each page's finish, by docs path)."""
    index = _current
    if index is None:
        return
    index.staged = {url: finishing[src_uri] for src_uri, url in index.urls.items()}
    partial = partial_folder(config.site_dir)
    shutil.rmtree(partial, ignore_errors=True)
    index.starter = threading.Thread(target=index.start_run, args=(partial,), name="tiekartta-haku", daemon=True)
    index.starter.start()


def build_search_index(config) -> None:
    """on_post_build: put the index in place; a failure fails the build (no site without search)."""
    global _current
    index, _current = _current, None
    site_dir = Path(config.site_dir)
    try:
        run = _run_for_the_site(index, site_dir)
        if run is not None:
            summary = publish(site_dir, run, [page for page in index.staged.values() if page is not None])
        else:
            summary = build_index(site_dir, forms=_forms(_saved_forms(project_dir(config))))
    except SearchIndexError as error:
        log.error(str(error))
        raise Abort(str(error)) from None
    finally:
        if index is not None:
            index.discard()
    log.info(
        "Haku: %d sivua hakemistossa, %d suomen sanamuotoa lisätty, hakemisto %d kt.",
        summary.pages, summary.forms, summary.bytes // 1024,
    )


def _run_for_the_site(index: _Index | None, site_dir: Path) -> PagefindRun | None:
    """The Pagefind run made beside the build, if it indexes every page the site has; else None,
    and a run of this build is stopped before the index is made from the written site."""
    if index is None:
        return None
    index.wait_for_start()
    if index.run is not None and _staged_everything(index, site_dir):
        run, index.run = index.run, None
        return run
    index.discard()
    return None


def _staged_everything(index: _Index, site_dir: Path) -> bool:
    """Every page the site has was staged: the index made beside the build is the site's."""
    written = {url for url, _ in page_files(site_dir)}
    if written == set(index.staged):
        return True
    log.info(_FROM_SITE, ", ".join(sorted(written ^ set(index.staged))[:5]))
    return False


def discard() -> None:
    """on_build_error and on_shutdown: a build's index in the making ends, leaving nothing behind."""
    global _current
    if _current is not None:
        _current.discard()
        _current = None
