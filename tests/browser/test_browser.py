"""What a reader sees, in Debian's Chromium: front page, a theme, an output, and a cross-link."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS
from tiekartta.pages import routes

pytestmark = pytest.mark.browser


def heading(page) -> str:
    """The page's h1 without its permalink sign, its lines joined."""
    return " ".join(page.locator("h1").inner_text().rstrip("¶").split())


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_reader_goes_from_front_page_to_theme_to_output_and_back(page, site_url, roadmap):
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "fi"
    picture = page.locator("svg.tk-kartta")
    assert picture.is_visible()
    assert picture.locator("a").count() == len(roadmap.themes) + 2  # vision, themes, way forward
    assert roadmap.info.vision.text in picture.text_content()
    shot(page, "etusivu")

    spearhead = roadmap.spearheads[0]
    picture.locator(f"a[href$='{routes.page_url(routes.theme(spearhead))}']").click()
    page.wait_for_url(f"**/{routes.page_url(routes.theme(spearhead))}")
    assert heading(page) == spearhead.full_name  # the qualifier is part of the name in the source
    shot(page, "teema")

    output = roadmap.outputs_for_theme(spearhead.id)[0]
    page.get_by_role("link", name=output.name, exact=True).first.click()
    page.wait_for_url(f"**/{routes.page_url(routes.output(output))}")
    assert heading(page) == output.name
    shot(page, "tuotos")

    # The cross-link back: the output page links to the theme it came from.
    page.locator("article").get_by_role("link", name=spearhead.name, exact=True).click()
    page.wait_for_url(f"**/{routes.page_url(routes.theme(spearhead))}")
    assert heading(page) == spearhead.full_name


def test_governance_diagram_and_timeline_are_drawn(page, site_url, roadmap):
    page.goto(site_url + routes.page_url(routes.GOVERNANCE))
    diagram = page.locator("svg.tk-rakenne")
    assert diagram.is_visible()
    for body in roadmap.bodies:
        assert body.name in " ".join(diagram.text_content().split())
    shot(page, "rakenne")
    shown = 0
    for year in sorted({routes.year_of(e) for e in roadmap.events}):
        page.goto(site_url + routes.page_url(routes.events_of_year(year)))
        shown += page.locator(".tk-aikajana h2").count()
    assert shown == len(roadmap.events)
    shot(page, "tapahtumat")


def test_project_page_is_laid_out_as_the_source_table(page, site_url, roadmap):
    project = roadmap.projects[0]
    page.goto(site_url + routes.page_url(routes.project(project)))
    headers = page.locator("table.tk-ulottuvuudet th").all_inner_texts()
    assert headers == [d.name for d in roadmap.dimensions_for_project(project.id)]
    cells = page.locator("table.tk-ulottuvuudet td")
    for index, dimension in enumerate(roadmap.dimensions_for_project(project.id)):
        names = cells.nth(index).locator("a").all_inner_texts()
        assert names == [o.name for o in roadmap.outputs_for_dimension(dimension.id)]
    shot(page, "hanke")
