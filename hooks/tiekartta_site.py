"""MkDocs hook: the site is generated from the content model (tiekartta/). Thin adapter only."""

from mkdocs.plugins import event_priority

from tiekartta.site import background, mkdocs_site, search_site, versions


def on_startup(command, dirty):
    mkdocs_site.start(command)
    # A build's worker is a copy of MkDocs; the preview's are fresh interpreters (its server has threads).
    search_site.start_workers(copy=command != "serve")


def on_config(config):
    # First: the version's site_url (with its final slash) is what the pages and open data link to.
    versions.configure(config)
    mkdocs_site.read_content(config)
    # Its first tasks start `mkdocs build`'s worker: a copy of MkDocs, with the content.
    mkdocs_site.configure(config)
    return config


def on_pre_build(config):
    search_site.start_build(config)


def on_files(files, config):
    files = mkdocs_site.add_generated_pages(files, config)
    search_site.learn_page_words(config, mkdocs_site.generated_texts())
    return files


@event_priority(-200)  # after every other plugin has read the page's Markdown as it is
def on_page_markdown(markdown, page, config, files):
    mkdocs_site.date_page(page)
    return mkdocs_site.set_aside_html(markdown, page)


def on_page_content(html, page, config, files):
    return mkdocs_site.finish_content_page(html, page, search_site.stage_step(page, config))


def on_env(env, config, files):
    search_site.pages_read(config, mkdocs_site.pages_converted())
    return mkdocs_site.theme_templates(env, config)


@event_priority(100)  # before other plugins: they see the page's cleaned HTML
def on_page_context(context, page, config, nav):
    mkdocs_site.decorate_page(page, config)
    return context


def on_post_build(config):
    mkdocs_site.report_cleaning()
    search_site.build_search_index(config)


def on_build_error(error):
    search_site.discard()


def on_shutdown():
    search_site.discard()
    background.stop()
    mkdocs_site.end()
