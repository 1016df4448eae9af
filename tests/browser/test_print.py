"""Print: a theme page prints as clean readable text. Checked in the browser's print media and in
the PDF that Chromium prints (kept as test-artifacts/tuloste-teema.pdf)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from conftest import ARTIFACTS
from tiekartta.pages import routes

pytestmark = pytest.mark.browser

# What a reader sees on screen and must not get on paper.
SCREEN_ONLY = [
    ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-skip",
    ".md-content__button", ".md-typeset .headerlink", ".md-search", ".md-top", ".tk-selaus",
]
PRINT_STATE = """selectors => ({
  shown: selectors.filter(selector => [...document.querySelectorAll(selector)].some(element => {
    const box = element.getBoundingClientRect();
    return getComputedStyle(element).display !== 'none' && box.width > 0 && box.height > 0;
  })),
  textColour: getComputedStyle(document.querySelector('.md-content p')).color,
  headingColour: getComputedStyle(document.querySelector('.md-content h1')).color,
  article: document.querySelector('.md-content').getBoundingClientRect().width,
  widest: Math.max(...[...document.querySelectorAll('.md-content *')].map(e => e.getBoundingClientRect().right)),
  pageWidth: document.documentElement.clientWidth,
  source: document.querySelector('.tk-tuloste') && document.querySelector('.tk-tuloste').innerText,
  outsideLink: [...document.querySelectorAll('.md-content a[href^="http"]')].map(
    a => getComputedStyle(a, '::after').content)[0] || null,
})"""


@pytest.fixture
def printed_theme(page, published_url, roadmap):
    theme = roadmap.spearheads[0]
    page.goto(published_url + routes.page_url(routes.theme(theme)))
    page.emulate_media(media="print")
    return page, theme


def test_theme_page_prints_without_screen_parts(printed_theme):
    page, theme = printed_theme
    page.set_viewport_size({"width": 700, "height": 990})  # about an A4 page at 96 dpi, less margins
    state = page.evaluate(PRINT_STATE, SCREEN_ONLY)
    assert state["shown"] == [], f"printed although only for the screen: {state['shown']}"
    assert state["textColour"] == "rgb(0, 0, 0)" and state["headingColour"] == "rgb(0, 0, 0)", state
    assert state["widest"] <= state["pageWidth"] + 1, f"content wider than the paper: {state}"
    # The paper says where it came from.
    assert "https://" in state["source"] and routes.page_url(routes.theme(theme)) in state["source"], state
    if state["outsideLink"] is not None:
        assert "http" in state["outsideLink"], state  # an outside link's address is printed


def test_theme_page_pdf_is_the_page_text(printed_theme, roadmap):
    page, theme = printed_theme
    pdf = page.pdf(format="A4", print_background=False)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "tuloste-teema.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert 1 <= len(reader.pages) <= 4, len(reader.pages)
    assert theme.name in text
    assert "Aiemmat työmallit ja tuotokset" in text
    for output in roadmap.outputs_for_theme(theme.id)[:3]:
        assert output.name[:40] in text, output.name
    for screen_text in ("Hyppää sisältöön", "Hae", "Muokkaa", "Seuraava", "Edellinen", "Sisällysluettelo"):
        assert screen_text not in text, f"{screen_text!r} printed"
    # Navigation would list every theme; the printed page names only its neighbours' if at all.
    listed = [t.name for t in roadmap.themes if t.name in text]
    assert len(listed) < len(roadmap.themes), listed
