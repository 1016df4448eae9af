"""The real build of the real content: strict, complete, every link resolves, nothing third-party."""

from __future__ import annotations

import re

import pytest

from bench.run import TARGETS
from sitecheck import html_pages, ids_of, internal_links, page_path, sitemap_dates, soup_of, third_party_resources
from tiekartta.model.sensitive import SOURCE_LOGIN, find_in_text
from tiekartta.pages import routes

pytestmark = pytest.mark.build


def test_strict_build_has_no_warnings(build_log):
    assert not re.search(r"^(WARNING|ERROR)", build_log, re.MULTILINE), build_log


def test_the_build_log_is_quiet(build_log):
    """No traceback, and no list of the pages that are outside the navigation on purpose."""
    assert "Traceback" not in build_log
    assert "not included in the \"nav\"" not in build_log


def test_every_page_is_at_most_100_kb_of_html(built_site):
    """The limit `make bench` holds the pages to at thousands of outputs holds for the real content."""
    sizes = {page.relative_to(built_site).as_posix(): page.stat().st_size for page in html_pages(built_site)}
    assert len(sizes) >= 40
    too_big = {page: size for page, size in sizes.items() if size > TARGETS["html_page_bytes"]}
    assert not too_big, too_big


def test_every_entity_has_its_page(roadmap, built_site):
    expected = [routes.theme(t) for t in roadmap.themes]
    expected += [routes.output(o) for o in roadmap.outputs]
    expected += [routes.project(p) for p in roadmap.projects]
    expected += [routes.HOME, routes.ROADMAP, routes.THEMES, routes.GOVERNANCE, routes.EVENTS,
                 routes.BANK, routes.BANK_BY_MUNICIPALITY, routes.BANK_BY_THEME]
    missing = [src for src in expected if not page_path(built_site, routes.page_url(src)).exists()]
    assert not missing
    for target in (
        [routes.body(b) for b in roadmap.bodies]
        + [routes.event(e) for e in roadmap.events]
        + [routes.dimension(d) for d in roadmap.dimensions]
        + [routes.municipality(m) for m in roadmap.municipalities]
    ):
        url, _, anchor = routes.page_url(target).partition("#")
        assert page_path(built_site, url).exists(), target
        assert not anchor or anchor in ids_of(page_path(built_site, url)), target


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    pages = html_pages(built_site)
    assert len(pages) >= 40
    for page in pages:
        for href, target, fragment in internal_links(built_site, page):
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(f"{page.relative_to(built_site)}: {href} (no anchor)")
    assert not broken, "\n".join(broken)


def test_no_page_loads_anything_from_another_host(built_site):
    offenders = {
        str(page.relative_to(built_site)): found
        for page in html_pages(built_site)
        if (found := third_party_resources(page))
    }
    assert not offenders


def test_stylesheets_pull_in_nothing_from_another_host(built_site):
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:|url\(\s*['\"]?https?://", text), css


def _links_on(built_site, src_uri: str) -> set[str]:
    page = page_path(built_site, routes.page_url(src_uri))
    return {str(target.relative_to(built_site)) for _, target, _ in internal_links(built_site, page)}


def test_cross_references_are_links_both_ways(roadmap, built_site):
    def file_of(src):
        return str(page_path(built_site, routes.page_url(src).partition("#")[0]).relative_to(built_site))

    for output in roadmap.outputs:
        output_links = _links_on(built_site, routes.output(output))
        for link in output.theme_links:
            theme = roadmap.theme_by_id[link.theme]
            assert file_of(routes.theme(theme)) in output_links, (output.id, theme.id)
            assert file_of(routes.output(output)) in _links_on(built_site, routes.theme(theme)), (theme.id, output.id)
        assert file_of(routes.project(output.project)) in output_links
        assert file_of(routes.output(output)) in _links_on(built_site, routes.project(output.project))
    for event in roadmap.events:
        event_page = routes.event(event).partition("#")[0]
        event_links = _links_on(built_site, event_page)
        for theme_id in event.themes:
            theme = roadmap.theme_by_id[theme_id]
            assert file_of(routes.theme(theme)) in event_links
            assert file_of(event_page) in _links_on(built_site, routes.theme(theme))


def test_html_is_finnish(built_site):
    for page in html_pages(built_site):
        html = soup_of(page).find("html")
        assert html.get("lang") == "fi", page


def test_every_page_but_the_home_page_names_itself_in_the_browsers_title(built_site):
    """A tab, a bookmark and a screen reader's first words: the missing page says it is missing."""
    home = page_path(built_site, routes.page_url(routes.HOME))
    site_name = soup_of(home).find("title").get_text(strip=True)
    for page in html_pages(built_site):
        if page == home:
            continue
        title = soup_of(page).find("title").get_text(strip=True)
        assert title != site_name and title.endswith(f" - {site_name}"), (page, title)
    missing = soup_of(built_site / "404.html").find("title").get_text(strip=True)
    assert missing.startswith("Sivua ei löytynyt"), missing


def test_generated_pages_edit_their_yaml_source(roadmap, built_site):
    output = roadmap.outputs[0]
    soup = soup_of(page_path(built_site, routes.page_url(routes.output(output))))
    edit = soup.select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None and edit["href"].endswith(f"/edit/main/{output.source}")


def test_visible_text_shows_sources_faithfully(roadmap, built_site):
    project = routes.project(roadmap.projects[0])
    text = soup_of(page_path(built_site, routes.page_url(project))).get_text(" ")
    for reflection in roadmap.reflections:
        for item in reflection.items:
            plain = item.replace("**", "")
            assert plain in " ".join(text.split()), plain
    assert all(what != SOURCE_LOGIN for _, what in find_in_text(text)) and "Salasana" not in text


def test_sitemap_dates_each_page_by_its_content_not_by_the_build(built_site):
    """lastmod is the page footer's date (its sources' last change), so search engines revisit
    only pages that changed, and two builds of one commit on different days are the same."""
    dates = sitemap_dates(built_site)
    assert dates
    for path, lastmod in dates.items():
        time = soup_of(page_path(built_site, path)).select_one(".tk-muutettu time")
        assert time is not None, path
        assert lastmod == time["datetime"][:10], path


def test_pages_show_when_their_sources_last_changed(roadmap, built_site):
    import subprocess

    from conftest import REPO

    theme = roadmap.themes[0]
    sources = [theme.source] + [o.source for o in roadmap.outputs_for_theme(theme.id)]
    dates = subprocess.run(["git", "-C", str(REPO), "log", "--format=%cs", "--", *sources],
                           capture_output=True, text=True, check=True).stdout.split()
    time = soup_of(page_path(built_site, routes.page_url(routes.theme(theme)))).select_one(".tk-muutettu time")
    assert time is not None and dates, "the page has a date and git knows its sources"
    assert time["datetime"] >= max(dates)
