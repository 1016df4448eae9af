"""Search in the real build: the index, the search box on every page, the bank's filter form."""

from __future__ import annotations

import json

import pytest

from sitecheck import html_pages, page_path, soup_of
from tiekartta.pages import bank, routes

pytestmark = pytest.mark.build


def test_the_build_writes_the_pagefind_index_and_no_lunr_index(built_site, build_log):
    assert (built_site / "pagefind" / "pagefind.js").exists()
    assert list((built_site / "pagefind" / "fragment").iterdir())
    assert not (built_site / "search" / "search_index.json").exists()
    assert "Haku: " in build_log


def test_every_file_of_the_index_is_complete(built_site):
    """An index file cut short (an empty pagefind-entry.json) stops search in every browser."""
    index = built_site / "pagefind"
    files = [p for p in index.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_size > 0 for p in files), [p.name for p in files if not p.stat().st_size]
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        assert (index / f"pagefind.{language['hash']}.pf_meta").stat().st_size > 0
        assert language["page_count"] > 0


def test_each_page_is_one_record_of_its_own_text_and_the_forms_of_its_words(built_site):
    """A page's Finnish forms are in its own record, after its text: the index has a record for
    each page with an article (the 404 page has none), and no page of its own for the forms."""
    from tiekartta.search.index import page_files, parts_of

    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    records = sum(language["page_count"] for language in entry["languages"].values())
    indexed = [url for url, path in page_files(built_site) if parts_of(path.read_text(encoding="utf-8"))]
    assert records == len(indexed) == len(list((built_site / "pagefind" / "fragment").iterdir()))


def test_the_index_of_the_build_is_the_index_of_the_written_site(built_site, tmp_path, monkeypatch):
    """The build's records are those build_index makes from the written pages alone (nothing
    else feeds the index). Pagefind names each record file by a hash of its content."""
    from tiekartta.search.index import build_index, page_files

    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "sivusto"
    for url, path in page_files(built_site):
        target = copy / url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    build_index(copy)
    records = sorted(p.name for p in (built_site / "pagefind" / "fragment").iterdir())
    assert records == sorted(p.name for p in (copy / "pagefind" / "fragment").iterdir())


def test_every_page_has_the_search_box_and_loads_its_script_relatively(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        box = soup.select_one("header [data-tk-haku] input[data-tk-haku-kysely]")
        assert box is not None, page
        assert box.get("aria-label"), page
        # Material's script fetches its own index for a form named "search": there is none.
        assert soup.find("form", attrs={"name": "search"}) is None, page
        scripts = [s["src"] for s in soup.find_all("script", src=True) if s["src"].endswith("assets/haku.js")]
        if page.name == "404.html":
            continue  # MkDocs links the 404 page's assets from the site root on purpose
        assert scripts and not scripts[0].startswith(("/", "http")), page


def test_output_pages_carry_the_bank_filters(roadmap, built_site):
    for output in roadmap.outputs:
        soup = soup_of(page_path(built_site, routes.page_url(routes.output(output))))
        filters = sorted(e["data-pagefind-filter"] for e in soup.select("article [data-pagefind-filter]"))
        project = roadmap.project_by_id[output.project]
        expected = ["laji:tuotos", f"hanke:{output.project}", f"ulottuvuus:{output.dimension}",
                    f"kunta:{output.municipality or '-'}", *(f"teema:{t.theme}" for t in output.theme_links),
                    *([f"tyyppi:{output.output_type}"] if output.output_type else []),
                    *(f"vuosi:{y}" for y in range(project.starts.year, project.ends.year + 1)),
                    "aineisto:ei"]  # the real content has no material (yet)
        assert filters == sorted(expected), output.id
        # The bank's orders: by name, by year (then name).
        sorts = {e["data-pagefind-sort"].partition(":")[0]: e["data-pagefind-sort"].partition(":")[2]
                 for e in soup.select("article [data-pagefind-sort]")}
        assert sorts == {"nimi": bank.name_key(output), "vuosi": f"{project.starts.year} {bank.name_key(output)}"}
        # The list of other outputs is navigation, not this output's text.
        siblings = soup.select("ul.tk-tuotokset")
        assert all(ul.has_attr("data-pagefind-ignore") for ul in siblings)


def test_bank_facets_offer_every_choice_and_are_hidden_without_javascript(roadmap, built_site):
    soup = soup_of(page_path(built_site, routes.page_url(routes.BANK)))
    form = soup.select_one("form[data-tk-suodatin]")
    assert form is not None and form.has_attr("hidden")
    for control in form.select("input, select"):
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None and label.get_text(strip=True), control
    names = {select["name"] for select in form.select("select")}
    assert names == {"ulottuvuus", "kunta", "teema", "tyyppi", "vuosi", "aineisto", "jarjestys"}
    # The choices are loaded from a file beside the page: the page itself does not grow with them.
    assert not [o for s in form.select("select[data-tk-kaikki]") for o in s.select("option")]
    choices = json.loads((page_path(built_site, routes.page_url(routes.BANK)).parent
                          / form["data-tk-valinnat"]).read_text(encoding="utf-8"))
    assert [d["tunniste"] for p in choices["hankkeet"] for d in p["ulottuvuudet"]] == [
        d.id for p in roadmap.projects for d in roadmap.dimensions_for_project(p.id)]
    assert [d["nimi"] for p in choices["hankkeet"] for d in p["ulottuvuudet"]] == [
        d.name for p in roadmap.projects for d in roadmap.dimensions_for_project(p.id)]
    assert [m["tunniste"] for m in choices["kunnat"]] == [
        m.id for m in roadmap.municipalities if roadmap.outputs_for_municipality(m.id)]
    assert choices["ilman_kuntaa"] is True  # outputs that name no municipality
    assert [t["tunniste"] for t in choices["teemat"]] == [t.id for t in roadmap.themes if roadmap.outputs_for_theme(t.id)]
    assert choices["vuodet"] == [2003, 2004, 2005]
    # Types only where the content gives one; no output of the real content has material yet.
    assert [t["arvo"] for t in choices["tyypit"]] == sorted({o.output_type for o in roadmap.outputs if o.output_type}, key=str.casefold)
    editorial = {o.output_type for o in roadmap.outputs if o.type_is_editorial}
    assert editorial and all(t["nimi"].endswith("(toimituksen arvio)") == (t["arvo"] in editorial) for t in choices["tyypit"])
    assert choices["tyypit"] and choices["aineistoja"] is False
    status = soup.select_one("[data-tk-suodatin-tulos]")
    assert status is not None and status.get("aria-live") == "polite"
    assert soup.select_one("[data-tk-suodatin-tuotokset]") is not None
    assert form["data-tk-tuotoksia"] == str(len(roadmap.outputs))


def test_bank_page_lists_every_output_in_name_order_and_keeps_them_out_of_its_search_record(roadmap, built_site):
    """Without JavaScript the bank lists the outputs itself (routes.OUTPUTS_PER_PAGE a page), each
    with its project and municipality; the list is other pages' names, not the bank's text."""
    soup = soup_of(page_path(built_site, routes.page_url(routes.BANK)))
    items = soup.select("article [data-tk-pankki-lista] ul.tk-pankki > li")
    expected = bank.in_name_order(roadmap.outputs)[:routes.OUTPUTS_PER_PAGE]
    assert [li.a.get_text() for li in items] == [o.name for o in expected]
    for li, output in zip(items, expected):
        project = roadmap.project_by_id[output.project]
        about = li.select_one(".tk-tuotos-tiedot").get_text()
        assert about.startswith(f"{project.name} {project.starts.year}–{project.ends.year}")
        municipality = roadmap.municipality_of(output)
        assert about.endswith(f" · {municipality.name}") if municipality else "·" not in about
    assert soup.select_one("ul.tk-pankki").has_attr("data-pagefind-ignore")


def test_dimension_anchors_are_columns_of_the_project_table(roadmap, built_site):
    # Each dimension's anchor (routes.dimension) is its column in the project's table.
    for project in roadmap.projects:
        table = soup_of(page_path(built_site, routes.page_url(routes.project(project))))
        for dimension in roadmap.dimensions_for_project(project.id):
            page, _, anchor = routes.dimension(dimension).partition("#")
            assert page == routes.project(project)
            assert table.select_one(f"[id='{anchor}']") is not None
