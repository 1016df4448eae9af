"""The whole content as one immutable object, with every cross-reference resolved both ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from .entities import (
    Dimension,
    Event,
    GovernanceBody,
    Material,
    Municipality,
    Output,
    Project,
    Reflection,
    RoadmapInfo,
    Theme,
    ThemeLink,
    WayForward,
    WayForwardStep,
)

from .materials import MaterialFile

T = TypeVar("T")


def _index(items: Iterable[T], key) -> Mapping[str, T]:
    return MappingProxyType({key(item): item for item in items})


def _group(pairs: Iterable[tuple[str, T]]) -> Mapping[str, tuple[T, ...]]:
    groups: dict[str, list[T]] = defaultdict(list)
    for key, item in pairs:
        groups[key].append(item)
    return MappingProxyType({key: tuple(items) for key, items in groups.items()})


@dataclass(frozen=True)
class Roadmap:
    """Everything on the site. Built only by the loader, after all checks have passed."""

    info: RoadmapInfo
    way_forward: WayForward
    themes: tuple[Theme, ...]  # spearheads in order, then cross-cutting themes in order
    bodies: tuple[GovernanceBody, ...]
    events: tuple[Event, ...]  # in date order
    projects: tuple[Project, ...]
    dimensions: tuple[Dimension, ...]
    outputs: tuple[Output, ...]  # by project, dimension and order
    reflections: tuple[Reflection, ...]
    municipalities: tuple[Municipality, ...]
    sources: tuple[str, ...]  # every YAML file the content was read from
    # The outputs' files as read (tiekartta.model.materials), by their path under roadmap/aineistot/.
    # Not compared: they are the files themselves, which the open data names but does not hold.
    material_files: Mapping[str, MaterialFile] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    theme_by_id: Mapping[str, Theme] = field(init=False)
    body_by_id: Mapping[str, GovernanceBody] = field(init=False)
    event_by_id: Mapping[str, Event] = field(init=False)
    project_by_id: Mapping[str, Project] = field(init=False)
    dimension_by_id: Mapping[str, Dimension] = field(init=False)
    output_by_id: Mapping[str, Output] = field(init=False)
    municipality_by_id: Mapping[str, Municipality] = field(init=False)
    _back: Mapping[str, Mapping[str, tuple]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 (frozen dataclass)
        put("theme_by_id", _index(self.themes, lambda t: t.id))
        put("body_by_id", _index(self.bodies, lambda b: b.id))
        put("event_by_id", _index(self.events, lambda e: e.id))
        put("project_by_id", _index(self.projects, lambda p: p.id))
        put("dimension_by_id", _index(self.dimensions, lambda d: d.id))
        put("output_by_id", _index(self.outputs, lambda o: o.id))
        put("municipality_by_id", _index(self.municipalities, lambda m: m.id))
        steps = self.way_forward.steps
        put(
            "_back",
            MappingProxyType(
                {
                    "outputs_by_theme": _group((link.theme, o) for o in self.outputs for link in o.theme_links),
                    "events_by_theme": _group((t, e) for e in self.events for t in e.themes),
                    "steps_by_theme": _group((t, s) for s in steps for t in s.themes),
                    "outputs_by_dimension": _group((o.dimension, o) for o in self.outputs),
                    "outputs_by_municipality": _group((o.municipality, o) for o in self.outputs if o.municipality),
                    "outputs_by_project": _group((o.project, o) for o in self.outputs),
                    "dimensions_by_project": _group((d.project, d) for d in self.dimensions),
                    "reflections_by_project": _group((r.project, r) for r in self.reflections),
                    "events_by_project": _group((e.project, e) for e in self.events if e.project),
                    "events_by_body": _group((e.organiser, e) for e in self.events if e.organiser),
                    "events_by_output": _group((o, e) for e in self.events for o in e.outputs),
                    "reflections_by_event": _group((r.event, r) for r in self.reflections if r.event),
                    "relations_to_body": _group(
                        (rel.target, (b, rel)) for b in self.bodies for rel in b.relations
                    ),
                }
            ),
        )

    # --- themes ---------------------------------------------------------------------------------

    @property
    def spearheads(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if t.is_spearhead)

    @property
    def crosscutting(self) -> tuple[Theme, ...]:
        return tuple(t for t in self.themes if not t.is_spearhead)

    def outputs_for_theme(self, theme_id: str) -> tuple[Output, ...]:
        return self._back["outputs_by_theme"].get(theme_id, ())

    def theme_link(self, output: Output, theme_id: str) -> ThemeLink:
        return next(link for link in output.theme_links if link.theme == theme_id)

    def events_for_theme(self, theme_id: str) -> tuple[Event, ...]:
        return self._back["events_by_theme"].get(theme_id, ())

    def steps_for_theme(self, theme_id: str) -> tuple[WayForwardStep, ...]:
        return self._back["steps_by_theme"].get(theme_id, ())

    def themes_of_output(self, output: Output) -> tuple[Theme, ...]:
        return tuple(self.theme_by_id[link.theme] for link in output.theme_links)

    # --- archive --------------------------------------------------------------------------------

    def outputs_for_dimension(self, dimension_id: str) -> tuple[Output, ...]:
        return self._back["outputs_by_dimension"].get(dimension_id, ())

    def outputs_for_municipality(self, municipality_id: str) -> tuple[Output, ...]:
        return self._back["outputs_by_municipality"].get(municipality_id, ())

    def outputs_without_municipality(self) -> tuple[Output, ...]:
        return tuple(o for o in self.outputs if not o.municipality)

    def outputs_for_project(self, project_id: str) -> tuple[Output, ...]:
        return self._back["outputs_by_project"].get(project_id, ())

    def dimensions_for_project(self, project_id: str) -> tuple[Dimension, ...]:
        return self._back["dimensions_by_project"].get(project_id, ())

    def reflections_for_project(self, project_id: str) -> tuple[Reflection, ...]:
        return self._back["reflections_by_project"].get(project_id, ())

    def events_for_project(self, project_id: str) -> tuple[Event, ...]:
        return self._back["events_by_project"].get(project_id, ())

    def events_for_output(self, output_id: str) -> tuple[Event, ...]:
        return self._back["events_by_output"].get(output_id, ())

    def materials_of(self, output: Output) -> tuple[tuple[Material, MaterialFile], ...]:
        """An output's materials with their files as read."""
        return tuple((material, self.material_files[material.file]) for material in output.materials)

    def inaccessible_materials(self) -> tuple[tuple[Output, Material, MaterialFile], ...]:
        """Every material marked not accessible, output by output (the accessibility statement)."""
        return tuple(
            (output, material, self.material_files[material.file])
            for output in sorted(self.outputs, key=lambda o: o.name.casefold())
            for material in output.materials if not material.accessible
        )

    def municipality_of(self, output: Output) -> Municipality | None:
        return self.municipality_by_id.get(output.municipality) if output.municipality else None

    # --- governance and events ------------------------------------------------------------------

    def events_for_body(self, body_id: str) -> tuple[Event, ...]:
        return self._back["events_by_body"].get(body_id, ())

    def relations_to_body(self, body_id: str) -> tuple[tuple[GovernanceBody, object], ...]:
        return self._back["relations_to_body"].get(body_id, ())

    def reflections_for_event(self, event_id: str) -> tuple[Reflection, ...]:
        return self._back["reflections_by_event"].get(event_id, ())

    def counts(self) -> dict[str, int]:
        return {
            "kärkiteemat": len(self.spearheads),
            "läpi kulkevat teemat": len(self.crosscutting),
            "kehittämisen rakenteen osat": len(self.bodies),
            "tapahtumat": len(self.events),
            "hankkeet": len(self.projects),
            "kehittämisulottuvuudet": len(self.dimensions),
            "tuotokset": len(self.outputs),
            "pohdinnat": len(self.reflections),
            "kunnat ja organisaatiot": len(self.municipalities),
            "askeleet eteenpäin": len(self.way_forward.steps),
        }
