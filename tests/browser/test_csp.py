"""The Content-Security-Policy and referrer policy of every page (overrides/main.html): in the
built HTML, and in Debian's Chromium, where no page may log a violation and search and the
bank's filters still work under the policy."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from bs4 import BeautifulSoup

from browsing import type_into_header_search
from conftest import serve_directory
from sitecheck import html_pages
from tiekartta.pages import routes

pytestmark = pytest.mark.build

# The policy as the pages must carry it; a change to it is a change to this line too.
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Scripts that are data, not code: the theme's settings. A policy does not apply to them.
DATA_SCRIPT_TYPES = {"application/json"}


def _policy(content: str) -> dict[str, list[str]]:
    directives = [part.split() for part in content.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def _head(page) -> BeautifulSoup:
    # The head only: the policy holds for what comes after it.
    text = page.read_text(encoding="utf-8")
    return BeautifulSoup(text[: text.index("</head>")], "html.parser")


def test_every_page_carries_the_policy_before_any_script_or_style(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 40
    for page in pages:
        head = _head(page)
        metas = head.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        assert len(metas) == 1, page
        assert _policy(metas[0]["content"]) == POLICY, page
        referrer = head.find_all("meta", attrs={"name": "referrer"})
        assert [m["content"] for m in referrer] == ["no-referrer"], page
        before = metas[0].find_all_previous(["script", "style", "link"])
        assert not [tag for tag in before if tag.name != "link" or "stylesheet" in tag.get("rel", [])], page


def test_the_policy_allows_no_inline_code_and_no_other_origin():
    values = [value for values in POLICY.values() for value in values]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:", "blob:"} & set(values)
    assert all(value.startswith("'") or value == "data:" for value in values)
    assert "data:" not in POLICY["script-src"] + POLICY["style-src"] + POLICY["default-src"]


def test_no_page_has_inline_code_the_policy_would_have_to_allow(built_site):
    """Every inline script is data (the theme's settings), so no hash is needed; no element has a
    style attribute or a <style> element, so style-src needs no 'unsafe-inline'."""
    for page in html_pages(built_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src"):
                assert script.get("type") in DATA_SCRIPT_TYPES, (page, str(script)[:80])
        assert not soup.find_all("style"), page
        assert not soup.find_all(style=True), page
        assert not [el for el in soup.find_all(True) if any(a.lower().startswith("on") for a in el.attrs)], page


@pytest.fixture
def page(browser):
    """A page under the site's policy (conftest's page bypasses it for Playwright's own helpers):
    only page.evaluate (which the policy does not govern) and locators are used here."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _wait_until(page, expression: str, arg=None, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, expression
        page.wait_for_timeout(50)


def _watch_violations(page) -> list[str]:
    """Violations of the policy as the browser reports them, on every page the tab opens."""
    violations: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP-RIKKOMUS ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    page.on("console", lambda message: violations.append(message.text)
            if "CSP-RIKKOMUS" in message.text or "Content Security Policy" in message.text else None)
    return violations


@pytest.mark.browser
def test_no_page_logs_a_policy_violation(built_site, published_url, page):
    """Served as GitHub Pages serves it (under /tiekartta/), so that the 404 page's links work."""
    violations = _watch_violations(page)
    for path in html_pages(built_site):
        relative = path.relative_to(built_site).as_posix()
        page.goto(published_url + relative.removesuffix("index.html"))
        page.wait_for_load_state("load")
        # The theme's script ran (it marks the page) and read its settings.
        assert page.evaluate("typeof window.__md_get === 'function' && typeof document$ !== 'undefined'"), relative
    assert violations == []


@pytest.mark.browser
def test_search_and_bank_filters_work_under_the_policy(site_url, page, roadmap):
    violations = _watch_violations(page)
    page.goto(site_url)
    assert type_into_header_search(page, "lastensuojelussa").count() > 0

    # The bank's filters: a municipality lists its outputs (with the Finnish word forms of a query).
    page.goto(site_url + routes.page_url(routes.BANK))
    page.get_by_label("Kunta tai organisaatio").select_option("joensuu")
    joensuu = roadmap.outputs_for_municipality("joensuu")
    _wait_until(page, "n => document.querySelector('[data-tk-suodatin]').dataset.tulos === String(n)", len(joensuu))
    assert page.locator("[data-tk-suodatin-tuotokset] ul.tk-tuotokset > li").count() == len(joensuu)
    page.get_by_label("Hakusana").fill("lastensuojelussa")
    _wait_until(page, "() => document.querySelector('[data-tk-suodatin]').dataset.valinnat.includes('q=')")
    assert violations == []


@pytest.mark.browser
def test_search_works_on_the_main_thread_under_the_policy(site_url, page):
    """Pagefind searches in a worker (a worker is not under the page's <meta> policy) and falls
    back to the page itself where workers are not available: there it compiles WebAssembly,
    which is what 'wasm-unsafe-eval' allows, and all it allows."""
    violations = _watch_violations(page)
    page.add_init_script("window.Worker = undefined;")
    page.goto(site_url)
    type_into_header_search(page, "lastensuojelussa")
    assert violations == []


@pytest.mark.browser
def test_the_browser_reports_what_the_policy_stops(built_site, tmp_path, page):
    """The watch above sees a violation when there is one: an inline script and style on a copy
    of a built page are refused, and the script does not run."""
    shutil.copytree(built_site, tmp_path / "site")
    tietoa = tmp_path / "site" / "tietoa" / "index.html"
    html = tietoa.read_text(encoding="utf-8")
    tietoa.write_text(html.replace("</article>", "<script>document.title = 'AJOI'</script>"
                                   "<p style=\"color:red\">x</p></article>"), encoding="utf-8")
    server, url = serve_directory(tmp_path / "site")
    try:
        violations = _watch_violations(page)
        page.goto(url + "tietoa/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
    finally:
        server.shutdown()
    assert page.title() != "AJOI"
    assert any("script-src" in v for v in violations) and any("style-src" in v for v in violations), violations


def test_the_redirect_pages_policy_allows_exactly_their_script():
    """mike's alias and root pages (tiekartta/site/templates/redirect.html): one inline script,
    always the same text, allowed by its hash; the target is escaped where it is printed."""
    import base64
    import hashlib

    from mike.commands import _redirect_template

    from conftest import REPO

    template = _redirect_template(str(REPO / "tiekartta" / "site" / "templates" / "redirect.html"))
    html = template.render(href='../2025/x/"><script>alert(1)</script>')
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].string.encode()).digest()).decode()
    policy = _policy(soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"])
    assert policy == {"default-src": ["'none'"], "script-src": [f"'sha256-{digest}'"],
                      "base-uri": ["'none'"], "form-action": ["'none'"]}
    assert soup.find("link", rel="canonical")["href"] == '../2025/x/"><script>alert(1)</script>'
    assert "<script>alert(1)" not in html
