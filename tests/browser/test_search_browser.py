"""Search as a reader uses it, in Debian's Chromium against the built site on 127.0.0.1."""

from __future__ import annotations

from collections import Counter

from urllib.parse import urlsplit

import pytest

from conftest import ARTIFACTS, serve_directory
from sitecheck import page_path
from tiekartta.pages import bank, routes
from tiekartta.search.finnish import words
from sitecheck import read_page
from tiekartta.search.index import FORMS_MARK, parts_of
from bench.search_evaluation import QUERIES, evaluate, hit_rate, report, search_in_header

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


def test_a_page_whose_title_holds_the_word_outranks_pages_that_mention_it(page, site_url, roadmap):
    """The theme's name holds "yhdyspinnat"; output pages mention "yhdyspintatyötä" in their text
    and list the theme's name: the theme comes first."""
    theme = roadmap.theme_by_id["palvelupolut-ja-palveluprosessi"]
    assert "yhdyspinnat" in theme.full_name
    page.goto(site_url)
    urls = search_in_header(page, "yhdyspinnoilla")
    assert urls[0] == site_url + routes.page_url(routes.theme(theme)), urls


def test_results_link_to_the_section_that_holds_the_words(page, site_url, roadmap):
    """Governance bodies, events and reflections are sections of their pages (headings with ids):
    a result links to the section, as Material's own search does, and names it."""
    reflection = next(r for r in roadmap.reflections if "kummajaisia" in r.title)
    sections = {
        "johdon kehittämistyöryhmässä": routes.body(roadmap.body_by_id["johdon-kehittamistyoryhma"]),
        "Hiihtomuseolla": routes.event(roadmap.event_by_id["omatyontekijaisyys-kehittamisseminaari"]),
        "kummajaisista": f"{routes.project(reflection.project)}#{reflection.id}",
    }
    page.goto(site_url)
    for query, section in sections.items():
        urls = search_in_header(page, query)
        assert urls[0] == site_url + routes.page_url(section), (query, urls)
        title = page.locator("[data-tk-haku-tulokset] h1").first.inner_text()
        assert "›" in title, title  # the page, then the section
    page.locator("[data-tk-haku-tulokset] a").first.click()
    page.wait_for_url(site_url + routes.page_url(sections["kummajaisista"]))


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


def test_the_note_on_unmatched_words_agrees_with_their_number(page, site_url):
    """One word found nothing "sanalle", several "sanoille"."""
    page.goto(site_url)
    assert search_in_header(page, "xylofonikvartetti") == []
    status = page.locator("[data-tk-haku-tila]").inner_text()
    assert status.startswith("Ei osumia sanalle ”xylofonikvartetti”. "), status
    assert search_in_header(page, "xylofonikvartetti qwzrtplk") == []
    status = page.locator("[data-tk-haku-tila]").inner_text()
    assert status.startswith("Ei osumia sanoille ”xylofonikvartetti”, ”qwzrtplk”. "), status
    assert status.lower().count("osumia") == 1, f"said twice: {status}"


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


def _counts(page, name: str) -> dict[str, int]:
    """The count each choice of a facet shows (its option's text ends with "(n)")."""
    return page.locator(f"select[name={name}]").evaluate(
        "s => Object.fromEntries([...s.options].filter(o => o.value).map(o => [o.value, Number(o.dataset.maara)]))"
    )


def _about(page) -> list[str]:
    return page.locator("[data-tk-suodatin-tuotokset] .tk-tuotos-tiedot").all_inner_texts()


def test_bank_lists_every_output_and_its_facets_narrow_the_list_with_counts(page, site_url, roadmap):
    page.goto(site_url + routes.page_url(routes.BANK))
    form = page.locator("form[data-tk-suodatin]")
    status = page.locator("[data-tk-suodatin-tulos]")
    everything = [o.id for o in bank.in_name_order(roadmap.outputs)]
    # Nothing chosen: every output, in name order (the same order as the page's own list).
    _settle(page, len(everything))
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === ''")
    assert form.is_visible()
    assert _listed_outputs(page) == everything[:BANK_PAGE]
    assert status.inner_text() == f"Kaikki {len(everything)} tuotosta."
    assert not page.locator("[data-tk-pankki-lista]").is_visible()  # the page's own list, replaced
    project = roadmap.projects[0]
    assert all(text.startswith(f"{project.name} {project.starts.year}–{project.ends.year}") for text in _about(page))
    # Each choice shows how many outputs it leaves.
    assert _counts(page, "kunta") == {
        **{m.id: len(roadmap.outputs_for_municipality(m.id)) for m in roadmap.municipalities
           if roadmap.outputs_for_municipality(m.id)},
        "-": len(roadmap.outputs_without_municipality()),
    }
    assert _counts(page, "teema") == {t.id: len(roadmap.outputs_for_theme(t.id)) for t in roadmap.themes
                                      if roadmap.outputs_for_theme(t.id)}
    assert _counts(page, "ulottuvuus") == {d.id: len(roadmap.outputs_for_dimension(d.id)) for d in roadmap.dimensions}
    assert _counts(page, "vuosi") == {"2003": len(everything), "2004": len(everything), "2005": len(everything)}
    joensuu = [o.id for o in roadmap.outputs_for_municipality("joensuu")]
    label = page.locator("select[name=kunta] option[value=joensuu]").inner_text()
    assert label == f"Joensuu ({len(joensuu)})"
    # Outputs without one: in the words their pages use ("Lähde ei nimeä kuntaa").
    unnamed = page.locator("select[name=kunta] option[value='-']").inner_text()
    assert unnamed == f"Lähde ei nimeä kuntaa ({len(roadmap.outputs_without_municipality())})"
    typed = Counter(o.output_type for o in roadmap.outputs if o.output_type)
    assert _counts(page, "tyyppi") == dict(typed)
    # A type the editors gave (tyyppi_toimituksen) says so in the filter too.
    for output in roadmap.outputs:
        if output.output_type:
            option = page.locator(f"select[name=tyyppi] option[value='{output.output_type}']").inner_text()
            assert ("(toimituksen arvio)" in option) == output.type_is_editorial, option
    # The facet with no values in the content (material) is left out.
    assert page.get_by_label("Tyyppi").is_visible() and not page.get_by_label("Aineisto").is_visible()

    # Municipality: the outputs of Joensuu, with the municipality named.
    page.get_by_label("Kunta tai organisaatio").select_option("joensuu")
    _settle(page, len(joensuu))
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === 'kunta=joensuu'")
    _assert_listed(page, joensuu)
    assert status.inner_text() == f"Näytetään {len(joensuu)} / {len(everything)} tuotoksesta."
    assert all(text.endswith(" · Joensuu") for text in _about(page)) and len(_about(page)) == len(joensuu)
    assert "kunta=joensuu" in page.url

    # Theme and dimension together; the counts of the other facets follow the choices.
    page.get_by_label("Kunta tai organisaatio").select_option("")
    theme = max(roadmap.themes, key=lambda t: len(roadmap.outputs_for_theme(t.id)))
    page.get_by_label("Tiekartan teema").select_option(theme.id)
    in_theme = roadmap.outputs_for_theme(theme.id)
    _settle(page, len(in_theme))
    _assert_listed(page, [o.id for o in in_theme])
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === 'teema=' + "
                           f"{theme.id!r}")
    dimension_counts = _counts(page, "ulottuvuus")
    assert dimension_counts == {d.id: len([o for o in in_theme if o.dimension == d.id]) for d in roadmap.dimensions}
    # The theme's own count is with the other facets' choices only: as many as before.
    assert _counts(page, "teema")[theme.id] == len(in_theme)
    dimension = in_theme[0].dimension
    page.get_by_label("Kehittämisulottuvuus").select_option(dimension)
    both = sorted(o.id for o in in_theme if o.dimension == dimension)
    _settle(page, len(both))
    _assert_listed(page, both)
    # A choice that would leave nothing cannot be chosen.
    disabled = page.locator("select[name=ulottuvuus] option:disabled").evaluate_all("os => os.map(o => o.value)")
    assert set(disabled) == {d for d, n in dimension_counts.items() if n == 0}

    # A text query, inflected, with a municipality.
    page.get_by_role("button", name="Tyhjennä valinnat").click()
    _settle(page, len(everything))
    assert _listed_outputs(page) == everything[:BANK_PAGE]
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


def test_bank_sorts_by_name_or_year_and_the_address_keeps_the_order(page, site_url, roadmap):
    page.goto(site_url + routes.page_url(routes.BANK) + "?jarjestys=uusin")
    everything = bank.in_name_order(roadmap.outputs)
    _settle(page, len(everything))
    assert page.get_by_label("Järjestys").input_value() == "uusin"
    by_year = sorted(everything, key=lambda o: bank.year_key(o, roadmap.project_by_id[o.project]), reverse=True)
    assert _listed_outputs(page) == [o.id for o in by_year][:BANK_PAGE]
    page.get_by_label("Järjestys").select_option("vuosi")
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === 'jarjestys=vuosi'")
    assert _listed_outputs(page) == [o.id for o in reversed(by_year)][:BANK_PAGE]
    assert "jarjestys=vuosi" in page.url
    page.get_by_label("Järjestys").select_option("")
    page.wait_for_function("document.querySelector('[data-tk-suodatin]').dataset.valinnat === ''")
    assert _listed_outputs(page) == [o.id for o in everything][:BANK_PAGE]
    assert "?" not in page.url


def test_leaving_the_query_field_keeps_the_list_and_the_readers_place(page, site_url, roadmap):
    """The text field's change event (when the reader tabs on) comes after its input events:
    the list already answers the query and is not made again, so a keyboard user who has gone
    on into the list keeps the focus there."""
    page.goto(site_url + routes.page_url(routes.BANK))
    _settle(page, len(roadmap.outputs))
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
    # No municipality named for outputs that name none.
    assert not any("·" in text for text in _about(page))
    dimension = roadmap.dimensions_for_project(roadmap.projects[0].id)[0]
    page.goto(site_url + routes.page_url(routes.BANK) + f"?ulottuvuus={dimension.id}")
    in_dimension = [o.id for o in roadmap.outputs_for_dimension(dimension.id)]
    _settle(page, len(in_dimension))
    _assert_listed(page, in_dimension)
    assert page.get_by_label("Kehittämisulottuvuus").input_value() == dimension.id


def test_without_javascript_the_bank_lists_every_output_with_its_project_and_municipality(browser, site_url, roadmap):
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + routes.page_url(routes.BANK))
        assert not page.locator("form[data-tk-suodatin]").is_visible()
        items = page.locator("[data-tk-pankki-lista] li")
        assert items.locator("a").evaluate_all("links => links.map(a => a.href)") == [
            site_url + routes.page_url(routes.output(o)) for o in bank.in_name_order(roadmap.outputs)]
        assert "Kontiolahti" in items.filter(has_text="perhetyön yhteistyömalli").inner_text()
        # The projects' overview counts each project's outputs.
        page.goto(site_url + routes.page_url(routes.PROJECTS))
        for project in roadmap.projects:
            row = page.locator("article table tbody tr", has_text=project.name)
            assert row.locator("td").last.inner_text() == str(len(roadmap.outputs_for_project(project.id)))
    finally:
        context.close()
