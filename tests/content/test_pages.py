"""The page layer without MkDocs: routes, escaping and the generated pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tiekartta.pages import build_pages, routes, site_nav
from tiekartta.pages.diagrams import governance_diagram
from tiekartta.pages.render import escape_markdown, markdown_inline, markdown_to_html


@pytest.mark.parametrize(
    ("here", "target", "link", "url"),
    [
        ("teemat/a.md", "tietopankki/b.md", "../tietopankki/b.md", "../../tietopankki/b/"),
        ("index.md", "teemat/a.md", "teemat/a.md", "teemat/a/"),
        ("teemat/a.md", "index.md", "../index.md", "../../"),
        ("tapahtumat.md", "tapahtumat.md#x", "#x", "#x"),
        ("tietopankki/index.md", "tietopankki/kunnittain.md#eno", "kunnittain.md#eno", "kunnittain/#eno"),
        ("index.md", "index.md", "index.md", "./"),
    ],
)
def test_links_between_pages(here, target, link, url):
    assert routes.relative_link(here, target) == link
    assert routes.relative_url(here, target) == url


def test_single_line_values_cannot_make_markup_or_markdown():
    assert escape_markdown("<b>x</b> [a](javascript:alert(1)) *y* {: onclick=z}") == (
        "&lt;b&gt;x&lt;/b&gt; \\[a\\]\\(javascript:alert\\(1\\)\\) \\*y\\* \\{: onclick=z\\}"
    )
    # '-' and '.' are escaped (they start lists) with escapes Markdown removes: nothing else is touched
    assert escape_markdown("P-K:n 3. sektori = 1") == "P\\-K:n 3\\. sektori = 1"


def test_markdown_fields_are_sanitised():
    html = str(markdown_to_html('**lihava** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>'))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("strong").text == "lihava"
    assert not soup.find_all(["script", "img"])
    assert all(not name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)
    assert all(not (a.get("href") or "").startswith("javascript") for a in soup.find_all("a"))
    assert "<script>alert(1)</script>" in soup.get_text()  # shown as text, not run
    assert str(markdown_inline("*a*")) == "<em>a</em>"


def test_every_entity_gets_a_generated_page(roadmap):
    pages = {page.src_uri: page for page in build_pages(roadmap)}
    for theme in roadmap.themes:
        assert routes.theme(theme) in pages and pages[routes.theme(theme)].edit_source == theme.source
    for output in roadmap.outputs:
        assert pages[routes.output(output)].edit_source == output.source
    for project in roadmap.projects:
        assert routes.project(project) in pages
    assert {routes.HOME, routes.ROADMAP, routes.GOVERNANCE, routes.EVENTS, routes.BANK} <= set(pages)
    for page in pages.values():
        assert set(page.sources) <= set(roadmap.sources), page.src_uri


def test_theme_page_lists_everything_linked_to_it(roadmap):
    pages = {page.src_uri: page for page in build_pages(roadmap)}
    focus = roadmap.theme_by_id["omatyontekijaisyys"]
    text = pages[routes.theme(focus)].markdown
    assert roadmap.info.vision.text in text
    for output in roadmap.outputs_for_theme(focus.id):
        assert routes.relative_link(routes.theme(focus), routes.output(output)) in text
    for event in roadmap.events_for_theme(focus.id):
        assert routes.relative_link(routes.theme(focus), routes.event(event)) in text
    assert "TEAMS-alustukset" in text


def test_nav_has_every_theme_and_the_handwritten_pages(roadmap):
    nav = site_nav(roadmap, ["tietoa.md"])
    flat = str(nav)
    assert all(routes.theme(t) in flat for t in roadmap.themes)
    assert nav[-1] == "tietoa.md"
    assert not any(routes.output(o) in flat for o in roadmap.outputs)  # the bank lists them; nav stays small


def test_governance_diagram_has_a_box_per_body_and_an_arrow_per_relation(roadmap):
    diagram = governance_diagram(roadmap.bodies)
    assert [box.body for box in diagram.boxes if box.body] == list(roadmap.bodies)
    relations = sum(len(b.relations) + len(b.assigns_to) for b in roadmap.bodies)
    assert len(diagram.edges) == relations
    assert all(0 <= box.x and box.x + box.w <= diagram.width for box in diagram.boxes)
