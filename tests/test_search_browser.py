"""Search as a reader uses it, in Debian's Chromium against the built site on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import ARTIFACTS, serve_directory
from sitecheck import page_path
from tiekartta.pages import routes
from tiekartta.search.finnish import words
from sitecheck import read_page
from tiekartta.search.index import FORMS_MARK, parts_of
from tiekartta.search.evaluation import QUERIES, evaluate, hit_rate, report, search_in_header

pytestmark = pytest.mark.browser


def test_inflected_queries_find_the_right_page_in_the_top_three(page, site_url, capsys):
    page.goto(site_url + routes.page_url(routes.EVENTS))
    outcomes = evaluate(page, site_url)
    table = report(outcomes)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "haku-osumat.txt").write_text(table + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\nHaku, {len(QUERIES)} taivutettua hakua:\n{table}")
    assert len(QUERIES) >= 40
    assert hit_rate(outcomes) == 1.0, table


def _third_party(requests: list[str]) -> list[str]:
    return [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]


@pytest.fixture
def sub_path_url(built_site, tmp_path):
    """The built site served under /tiekartta/, as on GitHub Pages."""
    (tmp_path / "tiekartta").symlink_to(built_site, target_is_directory=True)
    server, url = serve_directory(tmp_path)
    yield url + "tiekartta/"
    server.shutdown()


def test_search_from_a_deep_page_under_a_sub_path_opens_the_result(page, sub_path_url, roadmap):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    output = next(o for o in roadmap.outputs if o.municipality == "kontiolahti")
    page.goto(sub_path_url + routes.page_url(routes.theme(roadmap.themes[0])))
    urls = search_in_header(page, "Kontiolahdella")
    expected = sub_path_url + routes.page_url(routes.output(output))
    assert expected in urls[:3]
    assert all(url.startswith(sub_path_url) for url in urls)
    assert page.locator("[data-tk-haku-tila]").inner_text().startswith(f"{len(urls)} osuma")
    page.screenshot(path=str(ARTIFACTS / "haku.png"))
    page.locator("[data-tk-haku-tulokset] a", has_text=output.name).click()
    page.wait_for_url(expected)
    assert page.locator("h1").inner_text().rstrip("¶").strip() == output.name
    # Enter opens the first result.
    first = search_in_header(page, "perhehoitoon")[0]
    page.locator("[data-tk-haku-kysely]").press("Enter")
    page.wait_for_url(first)
    assert not _third_party(requests)
    assert all("/tiekartta/" in urlsplit(url).path for url in requests if "127.0.0.1" in url)


def test_a_result_shows_the_pages_own_text_or_its_description_never_the_added_forms(page, site_url, built_site):
    """A page's record ends with the other forms of its words (tiekartta/search/index.py): they
    find the page but are not text to read. A result shows the page's own text around the
    query's words, or the page's description when only the added forms matched."""
    page.goto(site_url)
    shown = {"excerpt": 0, "description": 0}
    for query in [q.text for q in QUERIES[:20]]:
        search_in_header(page, query)
        for result in page.locator("[data-tk-haku-tulokset] a").all():
            text = result.locator("p")
            assert FORMS_MARK not in text.inner_text(), query
            url_path = urlsplit(result.get_attribute("href")).path.removeprefix(urlsplit(site_url).path)
            html = page_path(built_site, url_path).read_text(encoding="utf-8")
            if text.locator("mark").count():
                # Every word shown is the page's own (an added form never is: its stem is not).
                own = set(words(read_page(html, "/" + url_path).text))
                assert set(words(text.inner_text())) <= own, (query, url_path)
                shown["excerpt"] += 1
            else:
                assert text.inner_text() == parts_of(html).description, (query, url_path)
                shown["description"] += 1
    assert shown["excerpt"] and shown["description"], shown


def test_search_on_a_phone_opens_from_the_header_and_closes(browser, site_url, roadmap):
    context = browser.new_context(locale="fi-FI", viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(site_url + routes.page_url(routes.GOVERNANCE))
        toggle = page.locator("#__search")  # Material's switch that shows the search overlay
        assert not toggle.is_checked()
        page.get_by_role("button", name="Haku", exact=True).click()
        assert toggle.is_checked()
        page.wait_for_function("document.activeElement?.matches('[data-tk-haku-kysely]')")
        page.keyboard.type("omatyöntekijyyden")
        page.locator("[data-tk-haku-tulokset][data-kysely='omatyöntekijyyden']").wait_for(state="attached")
        titles = page.locator("[data-tk-haku-tulokset] h1").all_inner_texts()
        omatyontekijaisyys = next(t for t in roadmap.themes if t.id == "omatyontekijaisyys")
        assert omatyontekijaisyys.name in titles[:3]
        page.screenshot(path=str(ARTIFACTS / "haku-puhelin.png"))
        page.keyboard.press("Escape")
        assert not toggle.is_checked()
    finally:
        context.close()


def test_a_query_with_no_match_says_so(page, site_url):
    page.goto(site_url)
    assert search_in_header(page, "xylofonikvartetti") == []
    status = page.locator("[data-tk-haku-tila]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith("Ei osumia")


# ---------------------------------------------------------------------------------------------
# The knowledge bank's filters.

BANK_PAGE = 50  # outputs listed at a time (assets/haku.js)


def _listed_outputs(page) -> list[str]:
    """The output ids the filters' result list links to (its links' last path part)."""
    return page.locator("[data-tk-suodatin-tuotokset] ul.tk-tuotokset > li > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.split('/').filter(Boolean).pop())"
    )


def _settle(page, expected_count: int):
    page.wait_for_function(
        "n => document.querySelector('[data-tk-suodatin]').dataset.tulos === String(n)", arg=expected_count
    )


def _assert_listed(page, expected: list[str]):
    """The list shows the first BANK_PAGE of the outputs found, each once, and no more button
    when they are all shown."""
    listed = _listed_outputs(page)
    assert len(listed) == len(set(listed)) == min(len(expected), BANK_PAGE)
    assert set(listed) <= set(expected)
    if len(expected) <= BANK_PAGE:
        assert sorted(listed) == sorted(expected)
        assert not page.get_by_role("button", name="Näytä lisää").is_visible()


def test_bank_filters_combine_with_each_other_and_with_a_text_query(page, site_url, roadmap):
    page.goto(site_url + routes.page_url(routes.BANK))
    form = page.locator("form[data-tk-suodatin]")
    status = page.locator("[data-tk-suodatin-tulos]")
    assert form.is_visible()
    everything = [o.id for o in roadmap.outputs]
    # Nothing chosen, nothing listed: the overview below stays where it is while the page loads.
    _settle(page, 0)
    assert status.inner_text() == "" and _listed_outputs(page) == []

    # Municipality: the outputs of Joensuu, with the municipality named.
    page.get_by_label("Kunta tai organisaatio").select_option("joensuu")
    joensuu = [o.id for o in roadmap.outputs_for_municipality("joensuu")]
    _settle(page, len(joensuu))
    _assert_listed(page, joensuu)
    assert status.inner_text() == f"Näytetään {len(joensuu)} / {len(everything)} tuotoksesta."
    tags = page.locator("[data-tk-suodatin-tuotokset] .tk-kunta").all_inner_texts()
    assert tags == ["Joensuu"] * len(joensuu)
    assert "kunta=joensuu" in page.url

    # Theme and dimension together.
    page.get_by_label("Kunta tai organisaatio").select_option("")
    theme = max(roadmap.themes, key=lambda t: len(roadmap.outputs_for_theme(t.id)))
    page.get_by_label("Tiekartan teema").select_option(theme.id)
    in_theme = roadmap.outputs_for_theme(theme.id)
    _settle(page, len(in_theme))
    _assert_listed(page, [o.id for o in in_theme])
    dimension = in_theme[0].dimension
    # The select's choices load when the reader comes to it.
    page.get_by_label("Kehittämisulottuvuus").focus()
    page.locator("#tk-suodatin-ulottuvuus optgroup option").first.wait_for(state="attached")
    page.get_by_label("Kehittämisulottuvuus").select_option(dimension)
    both = sorted(o.id for o in in_theme if o.dimension == dimension)
    _settle(page, len(both))
    _assert_listed(page, both)

    # A text query, inflected, with a municipality.
    page.get_by_role("button", name="Tyhjennä valinnat").click()
    _settle(page, 0)
    assert _listed_outputs(page) == []
    page.get_by_label("Hakusana").fill("lastensuojelussa")
    child_welfare = sorted(o.id for o in roadmap.outputs if "lastensuojelu" in o.name.lower())
    _settle(page, len(child_welfare))
    _assert_listed(page, child_welfare)
    kitee = [o.id for o in roadmap.outputs_for_municipality("kitee")]
    page.get_by_label("Kunta tai organisaatio").select_option("kitee")
    expected = sorted(set(child_welfare) & set(kitee))
    assert expected
    _settle(page, len(expected))
    _assert_listed(page, expected)
    assert "q=lastensuojelussa" in page.url and "kunta=kitee" in page.url
    page.screenshot(path=str(ARTIFACTS / "tietopankki-suodatus.png"), full_page=True)

    # A result opens the output's page.
    first = page.locator("[data-tk-suodatin-tuotokset] a").first
    name, address = first.inner_text(), first.evaluate("a => a.href")
    assert address in {site_url + routes.page_url(routes.output(roadmap.output_by_id[i])) for i in expected}
    first.click()
    page.wait_for_url(address)
    assert page.locator("h1").inner_text().rstrip("¶").strip() == name


def test_leaving_the_query_field_keeps_the_list_and_the_readers_place(page, site_url, roadmap):
    """The text field's change event (when the reader tabs on) comes after its input events:
    the list already answers the query and is not made again, so a keyboard user who has gone
    on into the list keeps the focus there."""
    page.goto(site_url + routes.page_url(routes.BANK))
    _settle(page, 0)
    page.get_by_label("Hakusana").fill("lastensuojelussa")
    _settle(page, len([o for o in roadmap.outputs if "lastensuojelu" in o.name.lower()]))
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === 'q=lastensuojelussa'")
    first = page.locator("[data-tk-suodatin-tuotokset] ul.tk-tuotokset > li > a").first
    first.evaluate("a => { a.dataset.ennen = 'kyllä'; }")
    page.get_by_label("Hakusana").press("Tab")  # the field's change event
    first.focus()
    page.wait_for_timeout(1000)  # a list made again would have replaced this link by now
    assert page.evaluate("document.activeElement.dataset.ennen") == "kyllä"


def test_bank_filters_start_from_the_address(page, site_url, roadmap):
    without = [o.id for o in roadmap.outputs_without_municipality()]
    page.goto(site_url + routes.page_url(routes.BANK) + "?kunta=-")
    _settle(page, len(without))
    _assert_listed(page, without)
    assert page.get_by_label("Kunta tai organisaatio").input_value() == "-"
    # No municipality tag for outputs that name none.
    assert page.locator("[data-tk-suodatin-tuotokset] .tk-kunta").count() == 0
    # A dimension in the address: its choices are loaded before the address is read.
    dimension = roadmap.dimensions_for_project(roadmap.projects[0].id)[0]
    page.goto(site_url + routes.page_url(routes.BANK) + f"?ulottuvuus={dimension.id}")
    in_dimension = [o.id for o in roadmap.outputs_for_dimension(dimension.id)]
    _settle(page, len(in_dimension))
    _assert_listed(page, in_dimension)
    assert page.get_by_label("Kehittämisulottuvuus").input_value() == dimension.id


def test_bank_page_lists_no_outputs_and_without_javascript_links_to_pages_that_list_them(
    browser, site_url, roadmap
):
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + routes.page_url(routes.BANK))
        assert not page.locator("form[data-tk-suodatin]").is_visible()
        output_urls = {site_url + routes.page_url(routes.output(o)) for o in roadmap.outputs}
        links = set(page.locator("article a:visible").evaluate_all("links => links.map(a => a.href.split('#')[0])"))
        assert not links & output_urls  # the page's size does not grow with the outputs
        expected = {site_url + routes.page_url(routes.project(p)) for p in roadmap.projects}
        expected |= {site_url + routes.page_url(routes.BANK_BY_MUNICIPALITY),
                     site_url + routes.page_url(routes.BANK_BY_THEME)}
        assert expected <= links
        # Those pages list every output, without JavaScript too.
        reached = set()
        for url in expected:
            page.goto(url)
            reached |= set(page.locator("article a:visible").evaluate_all("links => links.map(a => a.href)"))
        assert output_urls <= reached
        # The overview counts each project's outputs.
        page.goto(site_url + routes.page_url(routes.BANK))
        for project in roadmap.projects:
            row = page.locator("article table tbody tr", has_text=project.name)
            assert row.locator("td").last.inner_text() == str(len(roadmap.outputs_for_project(project.id)))
    finally:
        context.close()
