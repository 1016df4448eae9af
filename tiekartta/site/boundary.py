"""MkDocs adapter of tiekartta.boundary: the checks of what a pull request may put in the folders
the site is built from, at the points of the build where they hold (hooks/tiekartta_site.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import Abort, PluginError

from ..boundary import (
    ProjectFilesError, UnsafePage, check_macro_page, handwritten_page_problems, refuse_unsafe_project_files,
)
from ..boundary.project_files import BUILT_FROM
from ..model.problems import Problem

log = logging.getLogger("mkdocs.plugins.tiekartta")


def refuse_unsafe_sources(config, previewing: bool = False) -> list[Problem]:
    """on_config, before anything is read: no symbolic link in docs/, overrides/ or roadmap/ (nor
    in the folders mkdocs.yml names instead), and every hand-written page's front matter, macro
    calls and heading ids allowed. Stops the build with the files named; the preview (`previewing`)
    gets the hand-written pages' problems back instead, to show them on the pages."""
    project = Path(config.config_file_path).resolve().parent
    folders = [Path(config.docs_dir), *BUILT_FROM]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    try:
        refuse_unsafe_project_files(project, tuple(dict.fromkeys(str(f) for f in folders)), config.docs_dir)
    except ProjectFilesError as error:
        for problem in error.problems:
            log.error(problem.format())
        raise Abort(str(error)) from None
    macros = config.plugins.get("macros")
    render_by_default = bool(macros and macros.config.get("render_by_default"))
    problems = handwritten_page_problems(Path(config.docs_dir), project, render_by_default)
    if problems and previewing:
        return problems
    if problems:
        for problem in problems:
            log.error(problem.format())
        count = len(problems)
        raise Abort(f"Käsin kirjoitetuilla sivuilla on {count} virhe{'' if count == 1 else 'ttä'}, "
                    "joten sivustoa ei tehty.")
    return []


def refuse_unsafe_macro_page(env, theme_ids=None) -> None:
    """mkdocs-macros, just before it renders a page (macros.py on_pre_page_macros): the very text
    it is about to render, and the title, hold nothing but calls of the project's macros, and its
    theme cards are of the content's themes (`theme_ids`, when the content could be read)."""
    page = env.page
    if not _renders(env, page):
        return
    file = f"docs/{page.file.src_uri}"
    try:
        check_macro_page(file, page.file.content_string, env.markdown, page.title, env.env, theme_ids)
    except UnsafePage as error:
        raise PluginError(str(error)) from None


def _renders(env, page) -> bool:
    """mkdocs-macros' own rule (MacrosPlugin.render): whether it will render this page."""
    choice = page.meta.get("render_macros")
    if choice is False:
        return False
    return bool(choice) or env.config.get("render_by_default") or env.force_page_rendering(page.file.src_path)


def escape_page_title(page) -> None:
    """on_page_markdown: a title from front matter becomes HTML text, as a title taken from the
    page's heading already is, so that every template that prints page.title (the theme's
    navigation too) prints it as text."""
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = str(escape(title))

