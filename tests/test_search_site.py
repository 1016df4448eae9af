"""Search in the real build: the index, the search box on every page, the bank's filter form."""

from __future__ import annotations

import json

import pytest

from sitecheck import html_pages, page_path, soup_of
from tiekartta.pages import routes

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
        expected = ["laji:tuotos", f"ulottuvuus:{output.dimension}",
                    f"kunta:{output.municipality or '-'}", *(f"teema:{t.theme}" for t in output.theme_links)]
        assert filters == sorted(expected), output.id
        # The list of other outputs is navigation, not this output's text.
        siblings = soup.select("ul.tk-tuotokset")
        assert all(ul.has_attr("data-pagefind-ignore") for ul in siblings)


def test_bank_filter_form_offers_every_facet_and_is_hidden_without_javascript(roadmap, built_site):
    soup = soup_of(page_path(built_site, routes.page_url(routes.BANK)))
    form = soup.select_one("form[data-tk-suodatin]")
    assert form is not None and form.has_attr("hidden")
    for control in form.select("input, select"):
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None and label.get_text(strip=True), control
    options = {select["name"]: [o["value"] for o in select.select("option") if o["value"]]
               for select in form.select("select")}
    # The dimensions are loaded from a file beside the page when the select is used: the page
    # itself does not grow with them.
    assert options["ulottuvuus"] == []
    select = form.select_one("select[name=ulottuvuus]")
    choices = json.loads((page_path(built_site, routes.page_url(routes.BANK)).parent / select["data-tk-vaihtoehdot"]).read_text(encoding="utf-8"))
    assert [d["tunniste"] for p in choices for d in p["ulottuvuudet"]] == [
        d.id for p in roadmap.projects for d in roadmap.dimensions_for_project(p.id)]
    assert [d["nimi"] for p in choices for d in p["ulottuvuudet"]] == [
        d.name for p in roadmap.projects for d in roadmap.dimensions_for_project(p.id)]
    assert options["kunta"][:-1] == [m.id for m in roadmap.municipalities if roadmap.outputs_for_municipality(m.id)]
    assert options["kunta"][-1] == "-"  # outputs that name no municipality
    assert options["teema"] == [t.id for t in roadmap.themes if roadmap.outputs_for_theme(t.id)]
    status = soup.select_one("[data-tk-suodatin-tulos]")
    assert status is not None and status.get("aria-live") == "polite"
    assert soup.select_one("[data-tk-suodatin-tuotokset]") is not None
    assert form["data-tk-tuotoksia"] == str(len(roadmap.outputs))


def test_bank_page_does_not_grow_with_the_outputs(roadmap, built_site):
    """The bank links to no output: its size depends on projects, municipalities and themes only
    (the filters list the outputs from the search index, assets/haku.js)."""
    soup = soup_of(page_path(built_site, routes.page_url(routes.BANK)))
    article = soup.select_one("article")
    hrefs = [a["href"] for a in article.select("a[href]")]
    for output in roadmap.outputs:
        assert not any(h.rstrip("/").endswith(f"tietopankki/{output.id}") or h.endswith(f"{output.id}/") for h in hrefs)
    # Each dimension's anchor (routes.dimension) is its column in the project's table.
    for project in roadmap.projects:
        table = soup_of(page_path(built_site, routes.page_url(routes.project(project))))
        for dimension in roadmap.dimensions_for_project(project.id):
            page, _, anchor = routes.dimension(dimension).partition("#")
            assert page == routes.project(project)
            assert table.select_one(f"[id='{anchor}']") is not None
