"""The site at archive scale: no page lists the whole archive, and every output stays reachable.

Uses the benchmark's synthetic content (bench/synthetic.py), rendered without MkDocs.
"""

from __future__ import annotations

import html
import re

import pytest

from bench.synthetic import ONE_DIMENSION, SKEWED, write_roadmap
from conftest import REPO
from tiekartta.model import ContentError, load_roadmap
from tiekartta.pages import bank, build_pages, routes, site_nav

@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A synthetic roadmap of 400 outputs: more than one page may list."""
    root = tmp_path_factory.mktemp("archive")
    write_roadmap(root / "roadmap", 400)
    return load_roadmap(root / "roadmap", root)


def _output_links(page, output_ids: set[str]) -> set[str]:
    """Ids of the outputs a generated page links to (Markdown links and raw HTML links)."""
    found = set()
    for match in re.finditer(r"(?:\]\(|href=\")([^)\"#]+)", page.markdown):
        target = match.group(1).rstrip("/")
        name = target.rsplit("/", 1)[-1].removesuffix(".md")
        if name in output_ids and "tietopankki" in (page.src_uri + target):
            found.add(name)
    return found


def test_no_page_lists_more_than_one_page_of_outputs(archive):
    ids = {o.id for o in archive.outputs}
    assert len(ids) > routes.OUTPUTS_PER_PAGE
    biggest = max(build_pages(archive), key=lambda page: len(_output_links(page, ids)))
    assert len(_output_links(biggest, ids)) <= routes.OUTPUTS_PER_PAGE, biggest.src_uri


def test_every_output_is_reachable_from_the_bank(archive):
    """Bank front page -> project page -> output, and municipality index -> municipality -> output."""
    pages = {page.src_uri: page for page in build_pages(archive)}
    ids = {o.id for o in archive.outputs}
    via_projects = set().union(*(_output_links(pages[routes.project(p)], ids) for p in archive.projects))
    assert via_projects == ids
    with_municipality = {o.id for o in archive.outputs if o.municipality}
    via_municipalities = set().union(
        *(_output_links(pages[routes.municipality(m)], ids) for m in archive.municipalities)
    )
    assert via_municipalities == with_municipality


def test_theme_outputs_continue_on_numbered_pages(archive, monkeypatch):
    monkeypatch.setattr(routes, "OUTPUTS_PER_PAGE", 10)
    pages = {page.src_uri: page for page in build_pages(archive)}
    ids = {o.id for o in archive.outputs}
    theme = max(archive.themes, key=lambda t: len(archive.outputs_for_theme(t.id)))
    expected = {o.id for o in archive.outputs_for_theme(theme.id)}
    count = -(-len(expected) // 10)
    assert count > 2
    listed = _output_links(pages[routes.theme(theme)], ids)
    for number in range(2, count + 1):
        page = pages[routes.theme_outputs(theme, number)]
        on_page = _output_links(page, ids)
        assert len(on_page) <= 10
        assert not on_page & listed, "an output is listed on two pages"
        listed |= on_page
        assert routes.relative_url(page.src_uri, routes.theme_outputs(theme, 1)).startswith("../")
    assert listed == expected
    assert routes.theme_outputs(theme, count + 1) not in pages


def test_navigation_does_not_grow_with_the_archive(archive, roadmap):
    """The navigation is rendered into every page: projects and outputs are not in it."""
    def entries(items):
        for item in items:
            if isinstance(item, dict):
                for value in item.values():
                    yield from entries(value)
            else:
                yield item

    nav = list(entries(site_nav(archive, [])))
    real = list(entries(site_nav(roadmap, [])))
    # Only the themes add entries: the archive's size does not.
    assert len(nav) - len(archive.themes) == len(real) - len(roadmap.themes)
    assert not any(entry.startswith("hankkeet/") for entry in nav)


def test_events_are_on_the_page_of_their_year(archive):
    pages = {page.src_uri: page for page in build_pages(archive)}
    for event in archive.events:
        path, _, anchor = routes.event(event).partition("#")
        assert f"{{ #{anchor} }}" in pages[path].markdown
        # An inferred year never decides the address: such an event is with the undated ones.
        assert path == f"tapahtumat/{event.when.year or routes.UNKNOWN_YEAR}.md"


def test_a_municipality_id_that_would_replace_a_site_page_is_refused(content_copy):
    path = content_copy / "kunnat.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tunniste: eno", "tunniste: index"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_roadmap(content_copy, content_copy.parent)
    problem = next(p for p in error.value.problems if p.kind == "reserved-id")
    assert problem.file.endswith("roadmap/kunnat.yaml")
    assert problem.field.startswith("kunnat[") and problem.field.endswith("].tunniste")
    assert text.splitlines()[problem.line - 1].strip() == "- tunniste: eno"
    assert "varattu" in problem.message


def test_every_page_of_a_large_archive_survives_the_final_cleaning(archive, monkeypatch):
    """What only a large archive makes (numbered lists of a theme's outputs, say) is markup the
    final cleaning keeps: otherwise the strict build of a big site would fail where ours passes."""
    import markdown
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    from tiekartta.pages.sanitize import clean_page_html

    config = load_config(str(REPO / "mkdocs.yml"))
    monkeypatch.setattr(routes, "OUTPUTS_PER_PAGE", 10)  # as at thousands of outputs
    pages = build_pages(archive)
    assert any("/sivu-2" in page.src_uri for page in pages)  # the archive is large enough to page
    for page in pages:
        body, _ = get_data(page.markdown)
        html = markdown.Markdown(extensions=config.markdown_extensions,
                                 extension_configs=config.mdx_configs).convert(body)
        assert clean_page_html(html).removed == (), page.src_uri


def test_no_page_grows_with_the_whole_archive(archive, roadmap):
    """Pages that list something of every output (the field guide's current ids, say) show a
    bounded part of it: at 400 outputs one line per output would already pass these bounds."""
    real = {page.src_uri: len(page.markdown.encode()) for page in build_pages(roadmap)}
    for page in build_pages(archive):
        size = len(page.markdown.encode())
        assert size < max(40_000, real.get(page.src_uri, 0) + 20_000), page.src_uri


# --- skewed archives -----------------------------------------------------------------------------
# Every output in one project, one dimension, one municipality or linked to one theme: the pages
# that list them page or collapse, so no page grows with the archive. `make bench` checks the HTML
# at 5,000 outputs (bench/run.py); here the same mechanism at a small size with small pages.

SMALL = {"OUTPUTS_PER_PAGE": 12, "OUTPUTS_PER_COLUMN": 5, "SIBLINGS": 4}


def _largest_pages(n: int, distribution: str, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"{distribution}-{n}")
    write_roadmap(root / "roadmap", n, distribution=distribution)
    archive = load_roadmap(root / "roadmap", root)
    return archive, build_pages(archive)


@pytest.mark.parametrize("distribution", SKEWED)
def test_a_skewed_archive_pages_its_long_lists_and_no_page_grows_with_it(distribution, tmp_path_factory, monkeypatch):
    for name, value in SMALL.items():
        monkeypatch.setattr(routes, name, value)
    sizes = {}
    for n in (60, 120):
        archive, pages = _largest_pages(n, distribution, tmp_path_factory)
        ids = {o.id for o in archive.outputs}
        by_uri = {page.src_uri: page for page in pages}
        # A page of a list, or a project's table of at most five dimensions (bench/synthetic.py).
        bound = max(SMALL["OUTPUTS_PER_PAGE"], 5 * SMALL["OUTPUTS_PER_COLUMN"]) + 1
        for page in pages:
            assert len(_output_links(page, ids)) <= bound, (n, page.src_uri)
        sizes[n] = {page.src_uri: len(page.markdown.encode()) for page in pages}
        # Every output is still listed: the bank's numbered pages hold them all, in name order.
        bank_pages = [by_uri[routes.bank_outputs(k).partition("#")[0]] for k in range(1, -(-n // SMALL["OUTPUTS_PER_PAGE"]) + 1)]
        listed = [name for page in bank_pages for name in re.findall(r'<li><a href="[^"]+">([^<]+)</a>', page.markdown)]
        assert listed == [html.escape(o.name, quote=False) for o in bank.in_name_order(archive.outputs)]
        # A project's column shows a few, and its dimension's own pages all of them.
        for dimension in archive.dimensions:
            outputs = archive.outputs_for_dimension(dimension.id)
            if len(outputs) > SMALL["OUTPUTS_PER_COLUMN"]:
                on_pages = set()
                for k in range(1, -(-len(outputs) // SMALL["OUTPUTS_PER_PAGE"]) + 1):
                    on_pages |= _output_links(by_uri[routes.dimension_outputs(dimension, k)], ids)
                assert on_pages == {o.id for o in outputs}
        # So does a municipality's.
        for municipality in archive.municipalities:
            outputs = archive.outputs_for_municipality(municipality.id)
            on_pages = set()
            for k in range(1, -(-len(outputs) // SMALL["OUTPUTS_PER_PAGE"]) + 1):
                on_pages |= _output_links(by_uri[routes.municipality_outputs(municipality, k)], ids)
            assert on_pages == {o.id for o in outputs}
    # Twice the outputs: the biggest page is about as big (lists page; only names and counts of
    # projects, municipalities and themes, which grow slowly with the archive, add to it).
    assert max(sizes[120].values()) < max(sizes[60].values()) * 1.25, (
        max(sizes[120], key=sizes[120].get), max(sizes[60], key=sizes[60].get))


def test_an_output_page_lists_a_few_of_its_dimension_and_links_to_the_rest(tmp_path_factory, monkeypatch):
    for name, value in SMALL.items():
        monkeypatch.setattr(routes, name, value)
    archive, pages = _largest_pages(60, ONE_DIMENSION, tmp_path_factory)
    by_uri = {page.src_uri: page for page in pages}
    ids = {o.id for o in archive.outputs}
    dimension = archive.dimension_by_id[archive.outputs[0].dimension]
    outputs = archive.outputs_for_dimension(dimension.id)
    for output in (outputs[0], outputs[len(outputs) // 2], outputs[-1]):
        page = by_uri[routes.output(output)]
        siblings = _output_links(page, ids) - {output.id}
        assert len(siblings) == SMALL["SIBLINGS"]
        at = outputs.index(output)
        # The neighbours in the dimension's order.
        assert all(abs(outputs.index(archive.output_by_id[s]) - at) <= SMALL["SIBLINGS"] for s in siblings)
        assert routes.page_url(routes.dimension_outputs(dimension)).rstrip("/") in page.markdown
