"""The generated pages: model in, list of (docs path, Markdown, source files) out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from ..model import Problem, Roadmap
from ..model.kinds import MUNICIPALITIES, ROADMAP, WAY_FORWARD
from ..numbers import count_of
from . import routes
from .bank import has_material, in_name_order, name_key, output_type, output_years, own_years, year_key
from .diagrams import governance_diagram
from .reference import field_reference
from .render import render, wrap_lines


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # path under docs/, e.g. "teemat/ennaltaehkaisy.md"
    markdown: str
    edit_source: str | None  # the YAML file an editor opens from "edit this page"
    sources: tuple[str, ...]  # every file the page is made from (for "last changed")
    # The raw HTML blocks its templates wrote (render.html_block), handed to Markdown as they are.
    html_blocks: frozenset[str] = frozenset()


def _page(src_uri: str, template: str, edit_source: str | None, sources: tuple[str, ...], **context) -> GeneratedPage:
    """The page at src_uri, rendered from the template with the context."""
    blocks: set[str] = set()
    markdown = render(template, src_uri, html_blocks=blocks, **context)
    return GeneratedPage(src_uri, markdown, edit_source, sources, frozenset(blocks))


def common_context(roadmap: Roadmap) -> dict:
    """Variables every template may use."""
    return {
        "info": roadmap.info,
        "way_forward": roadmap.way_forward,
        "spearheads": roadmap.spearheads,
        "crosscutting": roadmap.crosscutting,
        "themes": roadmap.themes,
        "bodies": roadmap.bodies,
        "projects": roadmap.projects,
        "outputs": roadmap.outputs,
        "municipalities": roadmap.municipalities,
        "theme_by_id": roadmap.theme_by_id,
        "body_by_id": roadmap.body_by_id,
        "event_by_id": roadmap.event_by_id,
        "project_by_id": roadmap.project_by_id,
        "output_by_id": roadmap.output_by_id,
        "municipality_of": roadmap.municipality_of,
        "outputs_for_dimension": roadmap.outputs_for_dimension,
        "outputs_for_municipality": roadmap.outputs_for_municipality,
        "outputs_for_theme": roadmap.outputs_for_theme,
        "outputs_for_project": roadmap.outputs_for_project,
        "output_type": output_type,
        "output_years": lambda output: output_years(output, roadmap.project_by_id[output.project]),
        "own_years": own_years,
        "has_material": has_material,
        "name_key": name_key,
        "year_key": lambda output: year_key(output, roadmap.project_by_id[output.project]),
        "dimensions_for": roadmap.dimensions_for_project,
        "reflections_for": roadmap.reflections_for_event,
        "relations_to": roadmap.relations_to_body,
        "events_for": roadmap.events_for_body,
        "continues": roadmap.event_by_id[roadmap.info.continues.event] if roadmap.info.continues else None,
        "chosen_by": roadmap.body_by_id[roadmap.info.spearheads_chosen_by],
    }


def _root(name: str) -> str:
    return f"roadmap/{name}"


def build_pages(roadmap: Roadmap, *, open_data: GeneratedPage | None = None) -> list[GeneratedPage]:
    """Every page made from the model, in the site's order, the outputs' own pages last; with the
    open data page (tiekartta.opendata.open_data_page) in its place when it is given."""
    common = common_context(roadmap)
    info_src, forward_src = _root(str(ROADMAP.file)), _root(str(WAY_FORWARD.file))
    municipalities_src = _root(str(MUNICIPALITIES.file))
    everything = roadmap.sources
    by_year = _events_by_year(roadmap)
    without = roadmap.outputs_without_municipality()
    without_counts = Counter(o.project for o in without)
    bank_chunks = _chunks(in_name_order(roadmap.outputs), routes.OUTPUTS_PER_PAGE)
    bank_routes = [routes.bank_outputs(number) for number in range(1, len(bank_chunks) + 1)]
    reference = field_reference(roadmap)
    pages = [
        _page(routes.HOME, "home.md.j2", info_src, everything, next_steps=_next_steps(roadmap), **common),
        _page(
            routes.ROADMAP, "roadmap.md.j2", info_src, (info_src, forward_src, *(t.source for t in roadmap.themes)),
            steps=roadmap.way_forward.steps, formulated_at=roadmap.event_by_id[roadmap.info.formulated_at],
            vision_theme=roadmap.theme_by_id[roadmap.info.vision.theme], **common,
        ),
        _page(routes.THEMES, "themes.md.j2", None, tuple(t.source for t in roadmap.themes),
              counts=_theme_counts(roadmap), **common),
        _page(routes.GOVERNANCE, "governance.md.j2", roadmap.bodies[0].source if roadmap.bodies else None,
              (info_src, *(b.source for b in roadmap.bodies)), diagram=governance_diagram(roadmap.bodies), **common),
        _page(routes.EVENTS, "events.md.j2", None, tuple(e.source for e in roadmap.events), by_year=by_year, **common),
        _page(routes.BANK, "bank.md.j2", None, tuple(o.source for o in roadmap.outputs),
              items=bank_chunks[0], page=1, page_routes=bank_routes, **common),
        _page(routes.PROJECTS, "projects.md.j2", None, tuple(p.source for p in roadmap.projects), **common),
        _page(
            routes.BANK_BY_MUNICIPALITY, "bank_by_municipality.md.j2", municipalities_src,
            (municipalities_src, *(o.source for o in roadmap.outputs)), without_municipality=without,
            without_by_project=[(p, n) for p in roadmap.projects if (n := without_counts[p.id])], **common,
        ),
        _page(routes.BANK_BY_THEME, "bank_by_theme.md.j2", None, tuple(o.source for o in roadmap.outputs), **common),
        *([open_data] if open_data is not None else []),
        # Made from the model itself, so it always matches what the check accepts: an overview of
        # the kinds of file, and the fields of each kind on a page of its own.
        _page(routes.FIELD_REFERENCE, "reference.md.j2", None, everything, sections=reference),
        *(_page(section.route, "reference_kind.md.j2", None, everything, section=section) for section in reference),
    ]
    for number, chunk in enumerate(bank_chunks[1:], start=2):
        here = routes.bank_outputs(number)
        pages.append(
            _page(here, "bank_outputs.md.j2", None, tuple(o.source for o in chunk), items=chunk, page=number,
                  page_routes=bank_routes, output_pages=len(bank_chunks), **common)
        )
    years = list(by_year)
    for i, (year, events) in enumerate(by_year.items()):
        here = routes.events_of_year(year)
        pages.append(
            _page(here, "events_of_year.md.j2", events[0].source, tuple(e.source for e in events), year=year,
                  events=events, previous=years[i - 1] if i > 0 else None,
                  next=years[i + 1] if i + 1 < len(years) else None, **common)
        )
    for municipality in roadmap.municipalities:
        pages.extend(_outputs_in_pages(
            "municipality.md.j2", roadmap.outputs_for_municipality(municipality.id),
            partial(routes.municipality_outputs, municipality), [municipalities_src], common,
            municipality=municipality,
        ))
    themes = roadmap.themes
    for i, theme in enumerate(themes):
        here = routes.theme(theme)
        outputs = roadmap.outputs_for_theme(theme.id)
        events = roadmap.events_for_theme(theme.id)
        chunks = _chunks([(o, roadmap.theme_link(o, theme.id)) for o in outputs], routes.OUTPUTS_PER_PAGE)
        pages.append(
            _page(
                here, "theme.md.j2", theme.source,
                (theme.source, info_src, forward_src, *(o.source for o, _ in chunks[0]), *(e.source for e in events)),
                theme=theme, linked_outputs=chunks[0], outputs_count=len(outputs), output_pages=len(chunks),
                events=events,
                steps=roadmap.steps_for_theme(theme.id),
                vision_here=roadmap.info.vision.theme == theme.id,
                previous=themes[i - 1] if i > 0 else None,
                next=themes[i + 1] if i + 1 < len(themes) else None,
                **common,
            )
        )
        for number, chunk in enumerate(chunks[1:], start=2):
            here = routes.theme_outputs(theme, number)
            pages.append(
                _page(here, "theme_outputs.md.j2", theme.source, (theme.source, *(o.source for o, _ in chunk)),
                      theme=theme, linked_outputs=chunk, page=number, output_pages=len(chunks),
                      outputs_count=len(outputs), **common)
            )
    for project in roadmap.projects:
        here = routes.project(project)
        reflections = roadmap.reflections_for_project(project.id)
        dimensions = roadmap.dimensions_for_project(project.id)
        pages.append(
            _page(
                here, "project.md.j2", project.source,
                (project.source, *(d.source for d in dimensions), *(r.source for r in reflections),
                 *(o.source for o in roadmap.outputs_for_project(project.id))),
                project=project, dimensions=dimensions, reflections=reflections,
                events=roadmap.events_for_project(project.id), **common,
            )
        )
        for dimension in dimensions:
            outputs = roadmap.outputs_for_dimension(dimension.id)
            if len(outputs) <= routes.OUTPUTS_PER_COLUMN:
                continue  # the project's table lists them all
            pages.extend(_outputs_in_pages(
                "dimension_outputs.md.j2", outputs, partial(routes.dimension_outputs, dimension),
                [dimension.source, project.source], common, project=project, dimension=dimension,
            ))
    pages.extend(output_pages(roadmap, common))
    return pages


def output_pages(roadmap: Roadmap, common: dict | None = None) -> list[GeneratedPage]:
    """The page of each output."""
    common = common_context(roadmap) if common is None else common
    return [_output_page(roadmap, output, common) for output in roadmap.outputs]


def _output_page(roadmap: Roadmap, output, common: dict) -> GeneratedPage:
    here = routes.output(output)
    dimension = roadmap.dimension_by_id[output.dimension]
    events = roadmap.events_for_output(output.id)
    return _page(
        here, "output.md.j2", output.source, (output.source, *(e.source for e in events)),
        output=output, dimension=dimension,
        project=roadmap.project_by_id[output.project],
        municipality=roadmap.municipality_of(output),
        responsible=roadmap.municipality_by_id.get(output.responsible) if output.responsible else None,
        described=[(heading, text) for heading, text in (
            ("Tavoite", output.goal), ("Kohderyhmä", output.target_group), ("Toteutus", output.how),
            ("Tulokset ja arviointi", output.results),
        ) if text],
        materials=roadmap.materials_of(output),
        events=events,
        siblings=_neighbours(roadmap.outputs_for_dimension(dimension.id), output, routes.SIBLINGS),
        siblings_count=len(roadmap.outputs_for_dimension(dimension.id)) - 1,
        **common,
    )


def problems_page(problems: Iterable[Problem], here: str, title: str | None = None) -> str:
    """The page the preview shows while the content has errors (never part of a real build)."""
    return render("problems.md.j2", here, problems=list(problems), title=title)


def site_nav(roadmap: Roadmap, handwritten: list) -> list:
    """MkDocs `nav`: generated sections from the model plus the hand-written pages.

    Entries carry no titles: MkDocs takes each title from the page's own heading, already escaped.
    """
    return [
        routes.HOME,
        {"Tiekartta": [routes.ROADMAP, {"Teemat": [routes.THEMES, *(routes.theme(t) for t in roadmap.themes)]}]},
        routes.GOVERNANCE,
        routes.EVENTS,
        {
            # Projects are listed on the bank's front page, not in the navigation: the navigation
            # is rendered into every page, so it must not grow with the archive.
            "Tietopankki": [
                routes.BANK,
                routes.PROJECTS,
                routes.BANK_BY_MUNICIPALITY,
                routes.BANK_BY_THEME,
            ]
        },
        routes.OPEN_DATA,
        routes.WHATS_NEW,
        *handwritten,
    ]


def _theme_counts(roadmap: Roadmap) -> dict[str, str]:
    counts = {}
    for theme in roadmap.themes:
        outputs = len(roadmap.outputs_for_theme(theme.id))
        events = len(roadmap.events_for_theme(theme.id))
        parts = [count_of(outputs, "tuotos", "tuotosta")]
        if events:
            parts.append(count_of(events, "tapahtuma", "tapahtumaa"))
        counts[theme.id] = ", ".join(parts)
    return counts


def _events_by_year(roadmap: Roadmap) -> dict[str, list]:
    """Events by the year they are listed under (routes.year_of), in date order."""
    groups: dict[str, list] = defaultdict(list)
    for event in roadmap.events:
        groups[routes.year_of(event)].append(event)
    return dict(groups)


def _outputs_in_pages(template: str, outputs, route_of_page: Callable[[int], str], sources: list[str],
                      common: dict, **values) -> list[GeneratedPage]:
    """The numbered pages (route_of_page(1), route_of_page(2) …) listing outputs, routes.OUTPUTS_PER_PAGE
    on each, rendered from template with values. A page is made from sources[0] and depends on the
    sources and on the outputs it lists."""
    chunks = _chunks(list(outputs), routes.OUTPUTS_PER_PAGE)
    page_routes = [route_of_page(n) for n in range(1, len(chunks) + 1)]
    return [
        _page(here, template, sources[0], (*sources, *(o.source for o in chunk)), items=chunk,
              outputs_count=len(outputs), page=number, output_pages=len(chunks), page_routes=page_routes,
              **values, **common)
        for number, (here, chunk) in enumerate(zip(page_routes, chunks), start=1)
    ]


def _chunks(items: list, size: int) -> list[list]:
    """items in pages of at most `size`; always at least one (possibly empty) page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _neighbours(items, item, count: int) -> list:
    """At most `count` of `items` other than `item`: those next to it, as many before as after
    where there are (a long list is not written into every page of its items)."""
    at = items.index(item)
    start = max(0, min(at - count // 2, len(items) - count - 1))
    return [other for other in items[start:start + count + 1] if other is not item][:count]


def _next_steps(roadmap: Roadmap) -> list[tuple[str, str]]:
    """(heading, line) for the arrow of the front-page picture, in the source's order: the last
    step under the way forward's title, then the event the work continues with under its own
    heading."""
    last = roadmap.way_forward.steps[-1]
    rows = [(roadmap.way_forward.title, last.text.replace("**", ""))]
    if roadmap.info.continues:
        event = roadmap.event_by_id[roadmap.info.continues.event]
        rows.append((roadmap.info.continues.title, f"{event.when.day}.{event.when.month}. {event.name}"))
    return [(heading, wrap_lines(line, 95)[0] + ("…" if len(line) > 95 else "")) for heading, line in rows]

