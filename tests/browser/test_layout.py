"""Every built page at 320, 390 and 1280 px in Chromium: the page never scrolls sideways, no word
is broken inside a run of letters (a wide table scrolls in its own box instead), and no hidden
text is in what search shows of a page."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS
from sitecheck import page_urls
from tiekartta.pages import routes

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)

# What the page shows, measured in the browser: the width of the page against the window's, and
# the words of the article that are drawn on more than one line (a word is a run of letters: a
# break after a hyphen or a slash is not inside one). A text node drawn on one line needs no
# word-by-word look. Text in SVG pictures is placed by the picture itself.
MEASURE = r"""() => {
  const broken = [];
  const article = document.querySelector("article");
  const walker = document.createTreeWalker(article || document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lines = (rects) => new Set([...rects].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || node.parentElement.closest("svg")) continue;
    range.selectNodeContents(node);
    if (lines(range.getClientRects()) < 2) continue;
    for (const match of node.data.matchAll(/\p{L}{2,}/gu)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (lines(range.getClientRects()) > 1) broken.push(match[0]);
    }
  }
  return {
    page: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
    broken: [...new Set(broken)].slice(0, 10),
  };
}"""

# Text that a page keeps but does not show (hidden, display: none, visibility: hidden) must be
# left out of the search index (data-pagefind-ignore), or search would show it in an excerpt.
HIDDEN_BUT_INDEXED = r"""() => {
  const found = [];
  for (const element of document.querySelectorAll("article *")) {
    if (element.closest("[data-pagefind-ignore], .headerlink, .md-source-file, .md-content__button, svg")) continue;
    const style = getComputedStyle(element);
    const hidden = element.hidden || style.display === "none" || style.visibility === "hidden";
    const own = [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    if (hidden && own) found.push(`${element.tagName.toLowerCase()}.${element.className}: ${element.textContent.trim().slice(0, 60)}`);
  }
  return found;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_its_width_without_breaking_words(page, built_site, site_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    paths = [path for path in page_urls(built_site) if path != "404.html"]
    assert len(paths) > 30, paths
    failures = {}
    for path in paths:
        page.goto(site_url + path)
        # The bank's script replaces the page's own list with its own: measure what the reader sees.
        page.wait_for_load_state("networkidle")
        measured = page.evaluate(MEASURE)
        problems = []
        if measured["page"] > measured["window"]:
            problems.append(f"the page is {measured['page']} px wide in a {measured['window']} px window")
        if measured["broken"]:
            problems.append(f"words broken across lines: {measured['broken']}")
        if problems:
            failures[path] = problems
            ARTIFACTS.mkdir(exist_ok=True)
            name = path.strip("/").replace("/", "-") or "etusivu"
            page.screenshot(path=str(ARTIFACTS / f"leveys-{width}-{name}.png"), full_page=True)
    assert not failures, "\n".join(f"{path}: {'; '.join(problems)}" for path, problems in failures.items())


def test_no_page_has_hidden_text_that_search_indexes(page, built_site, site_url):
    failures = {}
    for path in page_urls(built_site):
        if path == "404.html":
            continue
        page.goto(site_url + path)
        found = page.evaluate(HIDDEN_BUT_INDEXED)
        if found:
            failures[path] = found
    assert not failures, failures


# The distances between the lines of an element's text, in multiples of its font size.
LINE_GAPS = r"""selector => {
  const element = document.querySelector(selector);
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = [...new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))].sort((a, b) => a - b);
  const size = parseFloat(getComputedStyle(element).fontSize);
  return tops.slice(1).map((top, i) => (top - tops[i]) / size);
}"""


def test_search_status_that_wraps_on_a_phone_keeps_its_lines_together(page, site_url):
    """The line above the results (the hint, the number of results, "Ei osumia ...") is one line
    on a wide screen; on a phone it wraps, and its lines read as one text, not as separate rows."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_url)
    page.wait_for_selector("[data-tk-haku][data-tk-valmis]", state="attached")
    page.get_by_role("button", name="Haku", exact=True).click()
    gaps = page.evaluate(LINE_GAPS, "[data-tk-haku-tila]")
    assert gaps, "the hint is expected to wrap at 360 px"
    assert max(gaps) <= 1.6, f"lines of the search status are {max(gaps):.1f} font sizes apart"
    height = page.locator("[data-tk-haku-tila]").bounding_box()["height"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator("input.md-search__input").focus()
    single = page.locator("[data-tk-haku-tila]").bounding_box()["height"]
    assert not page.evaluate(LINE_GAPS, "[data-tk-haku-tila]"), "the hint is one line on a wide screen"
    assert 32 <= single <= 40 and height > single, (single, height)


# Each dot of a timeline (the ::before of its headings) and the line it belongs on.
TIMELINE_DOTS = r"""() => [...document.querySelectorAll('.tk-aikajana h2, .tk-aikajana h3')].map((heading) => {
  const dot = getComputedStyle(heading, '::before');
  const line = heading.closest('.tk-aikajana');
  const left = heading.getBoundingClientRect().left + parseFloat(dot.left);
  return {
    heading: heading.textContent.trim().slice(0, 40),
    dot: left + parseFloat(dot.width) / 2,
    line: line.getBoundingClientRect().left + parseFloat(getComputedStyle(line).borderLeftWidth) / 2,
  };
})"""


@pytest.mark.parametrize("width", (360, 1280))
def test_timeline_dots_sit_on_the_line(page, site_url, roadmap, width):
    """A year's events are a line with a dot for each: the dot is drawn on the line, on a phone
    and on a wide screen, whatever size the heading has."""
    page.set_viewport_size({"width": width, "height": 800})
    off = []
    for year in sorted({routes.year_of(event) for event in roadmap.events}):
        page.goto(site_url + routes.page_url(routes.events_of_year(year)))
        dots = page.evaluate(TIMELINE_DOTS)
        assert dots, year
        off += [dot for dot in dots if abs(dot["dot"] - dot["line"]) > 1]
    assert not off, f"dots beside the line instead of on it: {off}"


@pytest.fixture(scope="module")
def materials_site_url(tmp_path_factory):
    """The real content with the fixture output whose files are of every type, built and served."""
    import shutil

    from conftest import REPO, build_site, copy_project, serve_directory
    from materials_fixture import add_fixture

    root = tmp_path_factory.mktemp("aineistot")
    shutil.copytree(REPO / "roadmap", root / "roadmap")
    add_fixture(root / "roadmap")
    result = build_site(copy_project(root), root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve_directory(root / "site")
    yield url
    server.shutdown()


def test_a_files_type_and_size_stay_on_one_line_on_a_phone(page, materials_site_url):
    """"(ODT, 9,6 kt)" after a file's name is read as one: a phone does not break it between the
    number and its unit or after the type."""
    from materials_fixture import OUTPUT_ID

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(materials_site_url + routes.page_url(f"tietopankki/{OUTPUT_ID}.md"))
    facts = page.locator(".tk-aineisto-tiedot")
    assert facts.count() >= 8
    broken = [text for text, lines in page.evaluate(r"""() => [...document.querySelectorAll('.tk-aineisto-tiedot')].map((span) => {
      const tops = new Set([...span.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return [span.textContent, tops.size];
    })""") if lines > 1]
    assert not broken, f"broken across lines: {broken}"


# The text of the pictures that are shown in the front page's figure, at the size it is drawn in
# CSS pixels (its font size times the picture's scale), and the addresses the shown pictures link to.
PICTURE_TEXT = r"""() => {
  const shown = [...document.querySelectorAll('figure.tk-kuva svg')].filter((svg) => getComputedStyle(svg).display !== 'none');
  return shown.map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
      smallest: Math.min(...[...svg.querySelectorAll('text')].map((text) => parseFloat(getComputedStyle(text).fontSize) * scale)),
      links: [...svg.querySelectorAll('a')].map((a) => a.getAttribute('href')).sort(),
    };
  });
}"""


@pytest.mark.parametrize("width", (360, 800, 1280))
def test_front_page_picture_text_is_readable_at_every_width(page, site_url, width):
    """The roadmap at a glance is read on phones too: one picture is shown at each width, its
    smallest text at least 11 px high, and it links to everything the wide picture links to."""
    page.goto(site_url)
    wide = page.evaluate(PICTURE_TEXT)
    page.set_viewport_size({"width": width, "height": 800})
    shown = page.evaluate(PICTURE_TEXT)
    assert len(wide) == 1 and len(shown) == 1, (wide, shown)
    assert shown[0]["smallest"] >= 11, f"the picture's smallest text is {shown[0]['smallest']:.1f} px at {width} px"
    assert shown[0]["links"] == wide[0]["links"]


def test_project_table_fits_a_wide_screen_without_scrolling(page, site_url, roadmap):
    """The project's table of dimensions scrolls in its own box only where the screen is too narrow
    for it: at 1280 px its four columns are all seen, no word cut off at the box's edge."""
    page.set_viewport_size({"width": 1280, "height": 800})
    for project in roadmap.projects:
        page.goto(site_url + routes.page_url(routes.project(project)))
        box = page.evaluate("""() => { const box = document.querySelector('.tk-taulukko');
          return {inside: box.scrollWidth, shown: box.clientWidth}; }""")
        assert box["inside"] <= box["shown"], f"{project.id}: the table is {box['inside']} px wide in a {box['shown']} px box"


@pytest.mark.parametrize("width", (320, 360))
def test_theme_counts_are_not_broken_between_number_and_word(page, site_url, roadmap, width):
    """"5 tuotosta, 1 tapahtuma" after each theme on the themes page: on a phone the number is
    not left at the end of a line, away from its word."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + routes.page_url(routes.THEMES))
    broken = page.evaluate(r"""() => {
      const found = [];
      for (const item of document.querySelectorAll('article > :is(ol, ul) > li')) {
        const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.data.matchAll(/\d+ \p{L}+/gu)) {
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) found.push(match[0]);
          }
        }
      }
      return found;
    }""")
    assert page.locator("article > :is(ol, ul) > li").count() == len(roadmap.themes)
    assert not broken, f"a number and its word on different lines: {broken}"


def test_bank_shows_its_first_outputs_on_a_phones_first_screen(page, site_url):
    """On a phone the knowledge bank's facets wait under "Rajaa ja järjestä": the text field and
    the first outputs are on the first screen. The summary opens them from the keyboard; an
    address that chose a facet, or a wide screen, shows them open."""
    bank = site_url + routes.page_url(routes.BANK)
    listed = "[data-tk-suodatin-tuotokset] ul.tk-tuotokset > li > a"
    facet = page.get_by_label("Kunta tai organisaatio")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(bank)
    page.wait_for_selector(listed)
    first = page.locator(listed).first.bounding_box()
    assert first["y"] + first["height"] <= 740, f"the first output is at {first['y']:.0f} px, below the first screen"
    assert page.get_by_label("Hakusana").is_visible() and not facet.is_visible()
    summary = page.locator("[data-tk-rajaus] > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert facet.is_visible()

    page.goto(bank + "?kunta=joensuu")
    page.wait_for_selector(listed)
    assert facet.is_visible() and facet.input_value() == "joensuu"

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(bank)
    page.wait_for_selector(listed)
    assert facet.is_visible()
