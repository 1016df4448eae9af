"""What the knowledge bank's facets know of an output, and the choices they offer.

The bank (templates/bank.md.j2, assets/haku.js) narrows the outputs by dimension, municipality
or organisation, theme, type, year and whether the output has material (files or links). An
output page carries each value as a Pagefind filter (templates/output.md.j2); the choices, with
their names, are one JSON file beside the bank (routes.BANK_CHOICES).

Type, years and materials are optional fields of an output: an output without them has no type,
counts under its project's years, and has no material.
"""

from __future__ import annotations

import json
from collections import Counter

from ..model import Roadmap
from ..model.entities import Output, Project


def output_type(output: Output) -> str | None:
    """The output's type (työmalli, koulutus …), when the content gives one (`tyyppi`)."""
    return output.output_type


def type_label(output_type_: str, outputs) -> str:
    """A type as the bank's filter names it: marked where the editors gave it (`tyyppi_toimituksen`)."""
    editorial = {o.type_is_editorial for o in outputs if o.output_type == output_type_}
    if editorial == {True}:
        return f"{output_type_} (toimituksen arvio)"
    if True in editorial:
        return f"{output_type_} (osin toimituksen arvio)"
    return output_type_


def has_material(output: Output) -> bool:
    """Whether the output has files or links to open (`aineistot`, `linkit`)."""
    return bool(output.materials or output.links)


def own_years(output: Output) -> tuple[int, ...]:
    """The years the content gives for the output itself (`alkuvuosi`, `loppuvuosi`; work that
    goes on counts under its first year), or none."""
    first, last = output.first_year, output.last_year
    if first is None:
        return ()
    return tuple(range(first, (last or first) + 1))


def output_years(output: Output, project: Project) -> tuple[int, ...]:
    """The output's own years, or else the years of its project (the facet says which it is)."""
    return own_years(output) or tuple(range(project.starts.year, project.ends.year + 1))


def name_key(output: Output) -> str:
    """The key of the bank's name order, here and in the browser (Pagefind's sort: plain string
    order of this key), so that the list with and without JavaScript is in the same order."""
    return " ".join(output.name.casefold().split())


def in_name_order(outputs) -> list[Output]:
    return sorted(outputs, key=lambda o: (name_key(o), o.id))


def year_key(output: Output, project: Project) -> str:
    """The key of the bank's year order: the first year, then the name."""
    return f"{output_years(output, project)[0]:04d} {name_key(output)}"


def bank_choices(roadmap: Roadmap) -> dict:
    """The choices of each facet, in the site's order, with the names the bank shows."""
    projects = roadmap.project_by_id
    types = Counter(t for o in roadmap.outputs if (t := output_type(o)))
    years = Counter(y for o in roadmap.outputs for y in output_years(o, projects[o.project]))
    return {
        "hankkeet": [
            {"tunniste": p.id, "nimi": f"{p.name} {p.starts.year}–{p.ends.year}",
             "ulottuvuudet": [{"tunniste": d.id, "nimi": d.name} for d in roadmap.dimensions_for_project(p.id)]}
            for p in roadmap.projects
        ],
        "kunnat": [{"tunniste": m.id, "nimi": m.name} for m in roadmap.municipalities
                   if roadmap.outputs_for_municipality(m.id)],
        "ilman_kuntaa": any(o.municipality is None for o in roadmap.outputs),
        "teemat": [{"tunniste": t.id, "nimi": t.name} for t in roadmap.themes if roadmap.outputs_for_theme(t.id)],
        "tyypit": [{"arvo": t, "nimi": type_label(t, roadmap.outputs)} for t in sorted(types, key=str.casefold)],
        "vuodet": sorted(years),
        "aineistoja": any(has_material(o) for o in roadmap.outputs),
    }


def bank_choices_json(roadmap: Roadmap) -> str:
    """routes.BANK_CHOICES: bank_choices as compact JSON."""
    return json.dumps(bank_choices(roadmap), ensure_ascii=False, separators=(",", ":"))
