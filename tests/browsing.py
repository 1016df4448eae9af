"""What the browser tests do on a page in Chromium and what they watch while they do it: the
dialogs a script opened, the requests that left the site, and a reader's search in the header."""

from __future__ import annotations


def watch_dialogs(page) -> list[str]:
    """The message of every dialog (alert, confirm, prompt) the page opens from now on; each is dismissed."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def watch_requests_elsewhere(page, site_url: str) -> list[str]:
    """Every address the page asks for from now on that is not under site_url."""
    elsewhere: list[str] = []
    page.on("request", lambda request: elsewhere.append(request.url) if not request.url.startswith(site_url) else None)
    return elsewhere


def type_into_header_search(page, query: str):
    """Type the query, key by key, into the header's search box once the search is ready; the
    result items (a Playwright locator) once the first is shown."""
    page.wait_for_selector("[data-tk-haku][data-tk-valmis]", state="attached")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query)
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item")
