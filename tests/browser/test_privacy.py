"""Privacy in a real browser: while every built page loads (and while a reader searches), the
browser asks nothing of any host but the site's own on loopback; no cookies, nothing kept in the
browser's storage, no analytics."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ARTIFACTS, REPO
from sitecheck import page_urls

pytestmark = pytest.mark.browser

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
STORAGE = """async () => ({
  cookie: document.cookie,
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  caches: 'caches' in window ? await caches.keys() : [],
  indexedDB: indexedDB.databases ? (await indexedDB.databases()).map(db => db.name) : [],
  serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
})"""


@pytest.fixture
def recorded(browser, request):
    """A browser context that records every request and lets none leave loopback (each one that
    tries is recorded and aborted); a screenshot is kept if the test fails."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    blocked: list[tuple[str, str]] = []
    current = {"page": ""}

    def route(route):
        url = route.request.url
        requests.append(url)
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append((current["page"], url))
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield context, page, requests, blocked, current
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


def test_no_page_asks_anything_of_another_host(recorded, built_site, published_url):
    context, page, requests, blocked, current = recorded
    host = urlsplit(published_url).netloc
    for path in page_urls(built_site):
        current["page"] = path
        page.goto(published_url + path, wait_until="networkidle")
    # The search worker's downloads are seen too: the recorder does not miss background requests.
    page.goto(published_url, wait_until="networkidle")
    page.locator(".md-search__input").focus()
    page.keyboard.type("lastensuojelussa")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("pagefind/pagefind.js") for url in requests), requests
    assert any("/pagefind/index/" in url or "/pagefind/fragment/" in url for url in requests), requests
    assert not blocked, f"requests to other hosts: {blocked}"
    assert {urlsplit(url).netloc for url in requests if url.startswith("http")} == {host}


def test_no_cookies_storage_or_analytics(recorded, published_url):
    context, page, requests, blocked, current = recorded
    page.goto(published_url, wait_until="networkidle")
    # A reader's usual session: search, follow a result, open the page's parts.
    page.locator(".md-search__input").focus()
    page.keyboard.type("lastensuojelu")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/") != published_url.rstrip("/"))
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 375, "height": 700})
    page.get_by_role("button", name="Valikko").click()
    page.wait_for_timeout(300)
    kept = page.evaluate(STORAGE)
    assert context.cookies() == []
    assert kept == {"cookie": "", "localStorage": [], "sessionStorage": [], "caches": [], "indexedDB": [],
                    "serviceWorkers": 0}, kept
    assert not blocked, blocked


def test_no_analytics_or_consent_in_the_configuration():
    """Analytics are off by default: nothing in mkdocs.yml turns on the theme's analytics or
    cookie consent (both would make the browser talk to another host)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)  # no tags evaluated: only the keys matter
    extra = config.get("extra") or {}
    assert "analytics" not in extra and "consent" not in extra, extra
    assert config["theme"].get("font") == "false", "web fonts would load from Google"
