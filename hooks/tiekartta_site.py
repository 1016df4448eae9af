"""MkDocs hook: the site is generated from the content model (tiekartta/). Thin adapter only:
each event calls named steps of tiekartta.site.mkdocs_site.SiteBuilder, and the checks of
hand-written pages in tiekartta.site.boundary."""

import logging

from mkdocs.plugins import event_priority

from tiekartta.site import boundary
from tiekartta.site.mkdocs_site import SiteBuilder

# mkdocs-macros lists its own configuration at INFO on every build: only its warnings are for us.
logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)

# MkDocs loads this file once per process (`mkdocs build`, or `mkdocs serve` and all its rebuilds).
site = SiteBuilder()


def on_startup(command, dirty):
    site.remember_command(command)


def on_config(config):
    # No symlinks, no template code but the macros: before anything. The preview shows a
    # hand-written page's problems on the pages, as it shows the content's.
    handwritten_problems = boundary.refuse_unsafe_sources(config, previewing=site.previewing)
    return site.read_content(config, handwritten_problems)


def on_files(files, config):
    return site.add_generated_files(files, config)


@event_priority(100)  # first: mkdocs-macros pins page.title as it then is
def on_page_markdown(markdown, page, config, files):
    site.date_page(page)
    boundary.escape_page_title(page)
    site.hand_over_html_blocks(page)
    return markdown


@event_priority(-100)  # last: the gate sees the HTML every other plugin has made
def on_page_content(html, page, config, files):
    site.close_html_blocks(page)
    return site.pass_page_through_gate(html, page)


def on_env(env, config, files):
    site.share_sidebars(env, config)
    return site.keep_compiled_templates(env)


def on_page_context(context, page, config, nav):
    site.escape_description(page)
    return context


def on_post_build(config):
    site.build_search_index(config)
