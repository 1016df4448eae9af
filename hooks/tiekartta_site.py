"""MkDocs hook: the site is generated from the content model (tiekartta/). Thin adapter only."""

from tiekartta.site import mkdocs_site, search_site, versions


def on_startup(command, dirty):
    mkdocs_site.start(command)


def on_config(config):
    mkdocs_site.configure(config)
    versions.configure(config)
    return config


def on_files(files, config):
    return mkdocs_site.add_generated_pages(files, config)


def on_page_content(html, page, config, files):
    return mkdocs_site.clean_content_page(html, page)


def on_page_context(context, page, config, nav):
    mkdocs_site.decorate_page(page, config)
    return context


def on_post_build(config):
    search_site.build_search_index(config)
