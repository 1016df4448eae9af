"""WCAG 2.1 AA in a real browser: axe-core on every built page (wide and narrow screen, menu and
search open too), keyboard use of the menu, search and skip link, focus that is always visible,
the links and contrast of the pictures, and the accessibility statement that every page links to.

Screenshots of failing pages are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest

from conftest import ARTIFACTS, REPO
from sitecheck import html_pages, internal_links, page_urls, soup_of
from tiekartta.pages import routes

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {
    "wide": {"width": 1280, "height": 900},
    # 320 CSS pixels is what WCAG 1.4.10 asks a page to work at (1280 px at 400 % zoom).
    "narrow": {"width": 320, "height": 640},
}
STATEMENT = "saavutettavuusseloste.md"


# --- helpers -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make node` (installs the npm tools of package.json)")
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA rules on the page as it is now; the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "etusivu"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)


FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  let shown = style.visibility === 'visible';
  for (let node = element; node && node.nodeType === 1; node = node.parentElement || node.parentNode) {
    const own = getComputedStyle(node);
    if (own.display === 'none' || parseFloat(own.opacity) === 0) shown = false;
  }
  const inView = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
    && box.left < innerWidth && box.top < innerHeight;
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== 'none';
  const name = (element.getAttribute('aria-label') || element.getAttribute('title')
    || element.textContent || element.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
  const path = [];
  for (let node = element; node && node.nodeType === 1 && path.length < 4; node = node.parentElement) {
    path.unshift(node.tagName.toLowerCase() + (node.className && node.className.baseVal === undefined
      ? '.' + String(node.className).trim().split(/\\s+/).join('.') : ''));
  }
  return {path: path.join(' > '), name, shown, inView, ring,
          inSidebar: !!element.closest('.md-sidebar--primary'), inContent: !!element.closest('.md-content')};
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def walk_with_tab(page, limit: int = 250) -> list[dict]:
    """Press Tab from the top of the page until focus has gone round; every stop on the way.
    Transitions are switched off so that each stop is judged as it ends up, not half-faded."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None or (stops and stop["path"] == stops[0]["path"] and stop["name"] == stops[0]["name"]):
            return stops
        stops.append(stop)
    raise AssertionError(f"focus did not come round in {limit} presses of Tab: {stops[-3:]}")


def tab_to(page, wanted, presses: int = 6) -> None:
    """From the top of a freshly loaded page, Tab until `wanted(stop)` holds."""
    page.goto(page.url)
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(focused(page) or {})
        if wanted(stops[-1]):
            return
    raise AssertionError(f"not reached with {presses} presses of Tab: {[stop.get('name') for stop in stops]}")


def open_menu_with_keyboard(page) -> None:
    tab_to(page, lambda stop: stop.get("name") == "Valikko")
    page.keyboard.press("Enter")
    page.wait_for_timeout(350)  # the drawer slides in


# --- axe on every page ---------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_wcag_violations_on_any_page(page, built_site, published_url, axe_source, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    paths = page_urls(built_site)
    assert len(paths) > 30, paths  # every page is checked: the generated and the hand-written ones
    failures = {}
    for path in paths:
        response = page.goto(published_url + path)
        assert response.ok or path == "404.html", (path, response.status)
        violations = run_axe(page, axe_source)
        if violations:
            failures[path] = describe(violations)
            shot(page, f"axe-{viewport}-{slug(path)}")
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())


def test_axe_finds_no_violations_with_menu_and_search_open(page, published_url, axe_source, roadmap):
    """What axe cannot see on a page at rest: the open menu (and its open levels) and search results."""
    theme_page = published_url + routes.page_url(routes.theme(roadmap.spearheads[0]))
    states = {}
    page.set_viewport_size(VIEWPORTS["narrow"])
    page.goto(theme_page)
    open_menu_with_keyboard(page)
    states["menu"] = run_axe(page, axe_source)
    assert focused(page)["name"].startswith("Takaisin"), focused(page)
    page.keyboard.press("Enter")
    page.wait_for_timeout(350)
    states["menu-level-up"] = run_axe(page, axe_source)

    page.goto(theme_page)
    page.get_by_role("button", name="Haku", exact=True).click()
    page.keyboard.type("lastensuojelu")
    page.wait_for_selector(".md-search-result__item")
    states["search-narrow"] = run_axe(page, axe_source)

    page.set_viewport_size(VIEWPORTS["wide"])
    page.goto(theme_page)
    page.locator(".md-search__input").focus()
    page.keyboard.type("omatyöntekijä")
    page.wait_for_selector(".md-search-result__item")
    states["search-wide"] = run_axe(page, axe_source)
    failures = {state: describe(found) for state, found in states.items() if found}
    if failures:
        shot(page, "axe-states")
    assert not failures, "\n".join(f"{state}:\n{report}" for state, report in failures.items())


# --- keyboard ------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_focus_stop_is_visible_and_marked(page, published_url, roadmap, viewport):
    """Tab through whole pages: focus never goes to something hidden (the closed menu, closed
    search results) and always shows a focus ring; on a wide screen it goes through the sidebar."""
    page.set_viewport_size(VIEWPORTS[viewport])
    for src in (routes.HOME, routes.theme(roadmap.spearheads[0]), routes.GOVERNANCE):
        page.goto(published_url + routes.page_url(src))
        stops = walk_with_tab(page)
        hidden = [stop for stop in stops if not (stop["shown"] and stop["inView"])]
        unmarked = [stop for stop in stops if not stop["ring"]]
        if hidden or unmarked:
            shot(page, f"focus-{viewport}-{slug(src)}")
        assert not hidden, f"{src}: focus on something that cannot be seen: {hidden}"
        assert not unmarked, f"{src}: focus without a visible focus ring: {unmarked}"
        assert stops[0]["name"] == "Hyppää sisältöön", stops[0]
        assert any(stop["inContent"] for stop in stops)
        if viewport == "wide" and src == routes.HOME:
            # The front page hides the sidebar to give the roadmap picture the full width.
            assert not any(stop["inSidebar"] for stop in stops), "a hidden sidebar takes focus"
        elif viewport == "wide":
            assert sum(stop["inSidebar"] for stop in stops) >= len(roadmap.themes), "the sidebar is not reachable"
        else:
            assert not any(stop["inSidebar"] for stop in stops), "the closed menu takes focus"


def test_hidden_back_to_top_button_takes_no_focus(page, published_url, roadmap):
    """The theme shows "Takaisin ylös" when the reader scrolls up, and otherwise only fades it out:
    until then Tab must not land on it."""
    page.goto(published_url + routes.page_url(routes.theme(roadmap.spearheads[0])))
    button = page.locator(".md-top")
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)
    page.wait_for_function("() => !document.querySelector('.md-top').hidden", timeout=2000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("() => document.querySelector('.md-top').hidden", timeout=2000)
    button.evaluate("element => element.focus()")
    assert not button.evaluate("element => element === document.activeElement")
    assert all(not stop["name"].startswith("Takaisin ylös") for stop in walk_with_tab(page))


def test_skip_link_moves_focus_to_the_content(page, published_url, roadmap):
    page.goto(published_url + routes.page_url(routes.theme(roadmap.spearheads[0])))
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    # The theme fades the skip link in; wait for the fade (bounded) before reading its opacity.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-skip')).opacity === '1'", timeout=2000)
    assert box and box["y"] >= 0 and skip.evaluate("element => getComputedStyle(element).opacity") == "1"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "H1"
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inContent"], after


def test_menu_works_with_keyboard_on_a_narrow_screen(page, published_url, roadmap):
    page.set_viewport_size(VIEWPORTS["narrow"])
    page.goto(published_url + routes.page_url(routes.theme(roadmap.spearheads[0])))
    button = page.get_by_role("button", name="Valikko")
    assert button.get_attribute("aria-expanded") == "false"
    open_menu_with_keyboard(page)
    assert button.get_attribute("aria-expanded") == "true"
    first = focused(page)
    assert first["inSidebar"] and first["shown"] and first["inView"], first

    # The open level lists the themes; each one is reachable and visible.
    seen = [first]
    while True:
        page.keyboard.press("Tab")
        stop = focused(page)
        if not stop["inSidebar"]:
            break
        seen.append(stop)
        assert stop["shown"] and stop["inView"], stop
    names = " ".join(stop["name"] for stop in seen)
    for theme in roadmap.themes:
        if theme.id != roadmap.spearheads[0].id:
            assert theme.name in names, (theme.name, names)
    # Leaving the menu with Tab closes it, so focus never goes behind it.
    page.wait_for_timeout(100)
    assert button.get_attribute("aria-expanded") == "false"

    # A level up with the "back" button and into another level, then Escape.
    open_menu_with_keyboard(page)
    assert focused(page)["name"].startswith("Takaisin"), focused(page)
    page.keyboard.press("Enter")
    page.wait_for_timeout(350)
    opener = focused(page)
    assert opener["inSidebar"] and opener["shown"], opener
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert focused(page)["name"] == "Valikko"


def test_search_works_with_keyboard(page, published_url, roadmap):
    output = roadmap.outputs_for_theme(roadmap.spearheads[0].id)[0]
    page.set_viewport_size(VIEWPORTS["narrow"])
    page.goto(published_url + routes.page_url(routes.HOME))
    search = page.get_by_role("button", name="Haku", exact=True)
    search.focus()
    page.keyboard.press("Enter")
    assert search.get_attribute("aria-expanded") == "true"
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')", timeout=3000)
    page.keyboard.type(output.name.split()[0])
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Escape")
    assert search.get_attribute("aria-expanded") == "false"
    # Focus returns to the button once the overlay has closed (a task later).
    page.wait_for_function("() => document.activeElement?.getAttribute('aria-label') === 'Haku'", timeout=3000)
    assert focused(page)["name"] == "Haku"

    page.set_viewport_size(VIEWPORTS["wide"])
    page.goto(published_url + routes.page_url(routes.HOME))
    tab_to(page, lambda stop: stop.get("path", "").endswith("input.md-search__input.focus-visible"))
    page.keyboard.type(output.name)
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{routes.page_url(routes.output(output))}*")


def relative_luminance(pixel) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(value) for value in pixel[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def ring_pixels(page) -> tuple[int, int]:
    """What the focus ring adds to the screen, as the reader sees it (clipping, what lies over it
    and under it included): the pixels around and in the focused element that differ by at least
    3:1 from the same page without the ring, and the length of the element's edge in the window."""
    from io import BytesIO

    from PIL import Image

    box = page.evaluate("""() => {
      const element = document.activeElement, box = element.getBoundingClientRect();
      const left = Math.max(0, box.left - 6), top = Math.max(0, box.top - 6);
      const right = Math.min(innerWidth, box.right + 6), bottom = Math.min(innerHeight, box.bottom + 6);
      return {x: left, y: top, width: right - left, height: bottom - top};
    }""")
    with_ring = Image.open(BytesIO(page.screenshot(clip=box))).convert("RGB")
    page.evaluate("() => document.activeElement.style.setProperty('outline-style', 'none', 'important')")
    without = Image.open(BytesIO(page.screenshot(clip=box))).convert("RGB")
    page.evaluate("() => document.activeElement.style.removeProperty('outline-style')")
    shown = 0
    for ring, under in zip(with_ring.get_flattened_data(), without.get_flattened_data()):
        lighter, darker = sorted((relative_luminance(ring), relative_luminance(under)), reverse=True)
        shown += (lighter + 0.05) / (darker + 0.05) >= 3
    return shown, int(2 * (box["width"] + box["height"]))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_focus_ring_shows_on_the_search_box_and_its_results(page, published_url, viewport):
    """The search box and its results are white panels in the teal header: the header's white
    focus ring does not show on them (WCAG 2.4.7, 1.4.11)."""
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(published_url + routes.page_url(routes.HOME))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; caret-color: transparent !important; }")
    if viewport == "narrow":
        tab_to(page, lambda stop: stop.get("name") == "Haku")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')", timeout=3000)
    else:
        tab_to(page, lambda stop: stop.get("path", "").endswith("input.md-search__input.focus-visible"))
    page.keyboard.type("kunnissa")
    page.wait_for_selector(".md-search-result__item")
    faint = {}
    # The field, the scrolling list of results and the first two results: at least a third of
    # the 3 px ring is seen.
    for stop in range(4):
        if stop:
            page.keyboard.press("Tab")
        where = focused(page)
        assert "md-search" in where["path"], where
        shown, edge = ring_pixels(page)
        if shown < edge:
            faint[where["path"]] = f"{shown} pixels of the ring show at 3:1, {edge} wanted"
    if faint:
        shot(page, f"search-focus-{viewport}")
    assert not faint, f"focus rings that do not show: {faint}"


def test_bank_filters_work_with_keyboard_and_their_results_pass_axe(page, published_url, axe_source, roadmap):
    """The bank's results are made by the script (assets/haku.js): axe and the keyboard on them."""
    page.goto(published_url + routes.page_url(routes.BANK))
    # The list answers these choices (the address's query string) with this many outputs; the
    # list of a query typed halfway is replaced when the whole query is answered.
    settled = """([n, choices]) => {
        const form = document.querySelector('[data-tk-suodatin]');
        return form.dataset.tulos === String(n) && form.dataset.valinnat === choices;
    }"""
    page.wait_for_function(settled, arg=[len(roadmap.outputs), ""])  # nothing chosen: every output
    found = {"nothing-chosen": run_axe(page, axe_source)}
    page.get_by_label("Hakusana").focus()
    page.keyboard.type("lastensuojelussa")
    expected = [o for o in roadmap.outputs if "lastensuojelu" in o.name.lower()]
    page.wait_for_function(settled, arg=[len(expected), "q=lastensuojelussa"])
    # Tab goes on through the selects (four facets, the year and the order) and the reset button
    # to the results.
    for _ in range(9):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop and "tk-tuotokset > li > a" in stop["path"]:
            break
    assert "tk-tuotokset > li > a" in stop["path"] and stop["shown"] and stop["inView"] and stop["ring"], stop
    name = next(o.name for o in expected if o.name.startswith(stop["name"]))  # FOCUSED cuts names at 60
    page.set_viewport_size(VIEWPORTS["narrow"])
    found["query-narrow"] = run_axe(page, axe_source)
    failures = {state: describe(v) for state, v in found.items() if v}
    if failures:
        shot(page, "axe-tietopankki")
    assert not failures, "\n".join(f"{state}:\n{report}" for state, report in failures.items())
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "?" not in url)
    assert page.locator("h1").inner_text().rstrip("¶").strip() == name


# --- the pictures --------------------------------------------------------------------------------

CONTRAST = """svg => {
  const luminance = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number).map(value => {
      value /= 255;
      return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const pageColour = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
  const background = text => {
    // The shape the text is drawn on: the nearest shape before it in its group, or the page.
    for (let node = text.previousElementSibling; node; node = node.previousElementSibling) {
      if (['rect', 'path', 'circle'].includes(node.tagName)) return getComputedStyle(node).fill;
    }
    return pageColour === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : pageColour;
  };
  return [...svg.querySelectorAll('text')].map(text => {
    const [fg, bg] = [luminance(getComputedStyle(text).fill), luminance(background(text))];
    return {text: text.textContent, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)};
  });
}"""


@pytest.mark.parametrize("src, picture", [(routes.HOME, "svg.tk-kartta"), (routes.GOVERNANCE, "svg.tk-rakenne")])
def test_picture_links_have_names_focus_and_contrast(page, published_url, src, picture):
    page.goto(published_url + routes.page_url(src))
    svg = page.locator(picture)
    assert svg.get_attribute("role") == "group" and svg.get_attribute("aria-labelledby")
    links = svg.get_by_role("link")
    assert links.count() > 0
    for index in range(links.count()):
        link = links.nth(index)
        name = link.evaluate("element => element.textContent.replace(/\\s+/g, ' ').trim()")
        assert len(name) > 3, name
        link.focus()
        stop = focused(page)
        assert stop["ring"] and stop["shown"], (name, stop)
    low = [item for item in svg.evaluate(CONTRAST) if item["ratio"] < 4.5]
    if low:
        shot(page, f"contrast-{slug(src)}")
    assert not low, f"text in the picture below 4.5:1: {low}"


# --- the accessibility statement ----------------------------------------------------------------

def test_every_page_links_to_the_statement_in_its_footer(built_site):
    statement = built_site / routes.page_url(STATEMENT) / "index.html"
    assert statement.is_file()
    missing = []
    for file in html_pages(built_site):
        footer = soup_of(file).select_one("footer .md-copyright")
        targets = {target for href, target, _ in internal_links(built_site, file)
                   if footer is not None and footer.find("a", href=href)}
        if statement not in targets:
            missing.append(file.relative_to(built_site).as_posix())
    assert not missing, f"no link to the accessibility statement in the footer: {missing}"


def test_statement_has_what_the_law_requires(built_site):
    """Act 306/2019 and the supervisory authority's model statement: status, what is not
    accessible and why, how and when it was assessed, feedback and its response time, and the
    supervisory authority."""
    soup = soup_of(built_site / routes.page_url(STATEMENT) / "index.html")
    article = soup.select_one("article")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in article.find_all("h2")]
    for required in ("Saavutettavuuden tila", "Sisältö, joka ei ole saavutettavaa",
                     "Miten saavutettavuus on arvioitu", "Palaute ja yhteystiedot", "Valvontaviranomainen"):
        assert required in headings, (required, headings)
    text = " ".join(article.get_text(" ").split())
    assert "306/2019" in text and "WCAG 2.1" in text
    assert re.search(r"täyttää saavutettavuusvaatimukset (osittain|kokonaan)", text)
    assert re.search(r"laadittu \d{1,2}\.\d{1,2}\.20\d\d", text) and re.search(r"tarkistettu viimeksi \d{1,2}\.\d{1,2}\.20\d\d", text)
    assert "14 päivän" in text
    assert "Liikenne- ja viestintävirasto Traficom" in text
    for tool in ("axe-core", "Lighthouse", "Nu HTML Checker"):
        assert tool in text
    links = [a["href"] for a in article.find_all("a", href=True)]
    assert any("issues/new" in href for href in links), links  # the feedback channel
    assert any("saavutettavuusvaatimukset.fi" in href for href in links), links
