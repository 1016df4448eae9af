"""The editors' field reference: every kind of file and every field, read from the model.

An overview page lists the kinds of file; each kind has a page of its own for its fields
(routes.field_guide), so that no page grows long.

Made at every build, so it cannot fall behind the model. Examples are real values from the
current content; for an id field the current allowed values are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from slugify import slugify

from ..model import Roadmap
from ..model import kinds as k
from ..model.fields import FieldDoc, fields_of
from ..model.kinds import KINDS, FileKind
from ..model.schema import SCHEMA_FOLDER
from ..scaffold import type_name_of
from . import routes

# Longer example values are shortened for the page; the whole text is in the content file.
EXAMPLE_MAX_CHARS = 200
# The guide lists the current values of an id field when there are at most this many; beyond
# that it says where they are. The page is built with every site, and listing every output of a
# knowledge bank of thousands would make it megabytes.
CHOICES_SHOWN = 20


@dataclass(frozen=True)
class FieldEntry:
    path: str  # as an editor reads it, e.g. "ajankohta.päivä"
    depth: int  # 0 for a top-level field
    anchor: str
    doc: FieldDoc
    choices: tuple[tuple[str, str], ...]  # (id, name) of the files an id field may name; () if too many
    choice_count: int  # how many there are in all
    choice_locations: tuple[str, ...]  # where all of them are, e.g. "roadmap/tuotokset/"
    example: str | None  # a real value from the content, as YAML


@dataclass(frozen=True)
class KindSection:
    kind: FileKind
    anchor: str  # the id of the kind page's heading, and the start of its fields' ids
    route: str  # the kind's page (routes.field_guide)
    location: str  # where the files are, e.g. "roadmap/tuotokset/"
    schema_line: str  # the first line of every such file
    new_type: str | None  # TYYPPI of `make uusi`, when new files of this kind can be made
    page: tuple[str, str] | None  # (docs path, Finnish name) of the page showing these files
    count: int
    fields: tuple[FieldEntry, ...]
    example: str | None  # a whole real file, as YAML


def anchor_of(kind: FileKind) -> str:
    """'tuotokset' for roadmap/tuotokset/, 'kunnat' for roadmap/kunnat.yaml."""
    return str(kind.folder or str(kind.file).removesuffix(".yaml"))


def location_of(kind: FileKind) -> str:
    return f"roadmap/{kind.folder}/" if kind.folder else f"roadmap/{kind.file}"


def schema_line(kind: FileKind) -> str:
    prefix = "../" if kind.folder else ""
    return f"# yaml-language-server: $schema={prefix}{SCHEMA_FOLDER}/{kind.schema}.schema.json"


def field_reference(roadmap: Roadmap) -> list[KindSection]:
    """One section (one page) per kind of file, in the order of KINDS."""
    return [_section(roadmap, kind) for kind in KINDS]


def entities_of(roadmap: Roadmap, kind: FileKind) -> tuple:
    """The model objects made from the files of one kind."""
    return {
        k.ROADMAP: (roadmap.info,),
        k.WAY_FORWARD: (roadmap.way_forward,),
        k.MUNICIPALITIES: roadmap.municipalities,
        k.SPEARHEADS: roadmap.spearheads,
        k.CROSSCUTTING: roadmap.crosscutting,
        k.BODIES: roadmap.bodies,
        k.EVENTS: roadmap.events,
        k.PROJECTS: roadmap.projects,
        k.DIMENSIONS: roadmap.dimensions,
        k.OUTPUTS: roadmap.outputs,
        k.REFLECTIONS: roadmap.reflections,
    }[kind]


def choices_of(roadmap: Roadmap, kinds: Iterable[FileKind]) -> tuple[tuple[str, str], ...]:
    """(id, name) of every file of the given kinds (for kunnat.yaml: of every listed municipality)."""
    return tuple((item.id, _name_of(item)) for kind in kinds for item in entities_of(roadmap, kind))


def records_of(roadmap: Roadmap, kind: FileKind) -> list[dict[str, Any]]:
    """The content of each file of one kind as the editor wrote it (Finnish keys, set fields only)."""
    if kind == k.MUNICIPALITIES:
        return [{"kunnat": [_dump(m) for m in roadmap.municipalities]}]
    return [_dump(item) for item in entities_of(roadmap, kind)]


def yaml_text(data: Any) -> str:
    """YAML as an editor would write it: Finnish letters as they are, long text as a block."""
    return yaml.dump(data, Dumper=_EditorDumper, allow_unicode=True, sort_keys=False, width=64).rstrip("\n")


def page_of(kind: FileKind) -> tuple[str, str] | None:
    return {
        k.ROADMAP: (routes.ROADMAP, "Tiekartta"),
        k.WAY_FORWARD: (routes.ROADMAP, "Tiekartta"),
        k.MUNICIPALITIES: (routes.BANK_BY_MUNICIPALITY, "Tietopankki kunnittain"),
        k.SPEARHEADS: (routes.THEMES, "Teemat"),
        k.CROSSCUTTING: (routes.THEMES, "Teemat"),
        k.BODIES: (routes.GOVERNANCE, "Kehittämisen rakenne"),
        k.EVENTS: (routes.EVENTS, "Tapahtumat"),
        k.PROJECTS: (routes.BANK, "Tietopankki"),
        k.DIMENSIONS: (routes.BANK, "Tietopankki"),
        k.OUTPUTS: (routes.BANK, "Tietopankki"),
        k.REFLECTIONS: (routes.BANK, "Tietopankki (hankkeen sivu)"),
    }.get(kind)


def _section(roadmap: Roadmap, kind: FileKind) -> KindSection:
    anchor = anchor_of(kind)
    records = records_of(roadmap, kind)
    entries: list[FieldEntry] = []

    def add(fields: tuple[FieldDoc, ...], prefix: str, depth: int, values: list[dict]) -> None:
        for doc in fields:
            path = f"{prefix}{doc.key}"
            found = [v[doc.key] for v in values if isinstance(v, dict) and doc.key in v]
            choices = choices_of(roadmap, doc.reference)
            entries.append(
                FieldEntry(
                    path=path,
                    depth=depth,
                    anchor=f"{anchor}-{slugify(path)}",
                    doc=doc,
                    choices=choices if len(choices) <= CHOICES_SHOWN else (),
                    choice_count=len(choices),
                    choice_locations=tuple(location_of(kind) for kind in doc.reference),
                    example=_example(doc, found),
                )
            )
            if doc.children:
                inner = [item for v in found for item in (v if doc.is_list else [v])]
                add(doc.children, f"{path}{'[]' if doc.is_list else ''}.", depth + 1, inner)

    add(fields_of(kind), "", 0, records)
    return KindSection(
        kind=kind,
        anchor=anchor,
        route=routes.field_guide(kind),
        location=location_of(kind),
        schema_line=schema_line(kind),
        new_type=type_name_of(kind),
        page=page_of(kind),
        count=len(entities_of(roadmap, kind)),
        fields=tuple(entries),
        example=_whole_file(kind, records) if kind.folder else None,
    )


def _example(doc: FieldDoc, values: list) -> str | None:
    """The most telling real value: for a group the fullest, otherwise the shortest."""
    candidates = [v for v in values if v not in (None, [], "")]
    if not candidates:
        return None

    def rank(value):
        keys = len(value) if isinstance(value, dict) else len(value[0]) if doc.is_list and isinstance(value[0], dict) else 0
        return (-keys, len(str(value)))  # the text's length, without writing thousands as YAML

    return _shorten(yaml_text({doc.key: min(candidates, key=rank)}))


def _whole_file(kind: FileKind, records: list[dict]) -> str | None:
    """The real file with the most fields in use (the shorter one when equal), as an example."""
    if not records:
        return None
    best = min(records, key=lambda r: (-len(r), len(str(r))))
    return _shorten(f"{schema_line(kind)}\n{yaml_text(best)}")


def _shorten(text: str) -> str:
    if len(text) <= EXAMPLE_MAX_CHARS:
        return text
    cut = text[:EXAMPLE_MAX_CHARS].rsplit("\n", 1)[0]
    return f"{cut}\n# … (lyhennetty)"


def _dump(item) -> dict[str, Any]:
    return item.model_dump(by_alias=True, mode="json", exclude_defaults=True)


def _name_of(item) -> str:
    return getattr(item, "name", None) or getattr(item, "title", "")


class _EditorDumper(yaml.SafeDumper):
    """Lists indented under their key, long and multi-line text as blocks."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str):
    if "\n" in value.strip():
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 60:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_EditorDumper.add_representer(str, _represent_text)
