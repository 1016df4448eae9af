"""Pages: the model rendered into Markdown with Jinja templates (templates/), testable without MkDocs."""

from .build import GeneratedPage, build_pages, output_pages, problems_page, site_nav

__all__ = ["GeneratedPage", "build_pages", "output_pages", "problems_page", "site_nav"]
