"""Every field of every kind of content file, described for editors, read from the model.

The field reference page and the new-file command (`make uusi`) both use these descriptions,
so they follow the model: a field added to tiekartta/model/entities.py shows up in both.
The facts come from the model's JSON Schema (the same one editors' YAML tooling uses); the
only thing added here is which kind of file an id field points to, which the model expresses
only as a cross-file check in the loader.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from functools import cache

from . import kinds as k
from .entities import (
    ID_PATTERN,
    ClockTime,
    Continuation,
    Dimension,
    Event,
    Output,
    Presentation,
    Record,
    Reflection,
    Relation,
    RoadmapInfo,
    ThemeLink,
    Vision,
    WayForwardStep,
)
from .kinds import FileKind

THEMES = (k.SPEARHEADS, k.CROSSCUTTING)

# Which files an id field names. The loader checks the same references (loader._Checker.run);
# tests/builds/test_editor.py checks that every id field is listed here and that every value in the
# real content is among the ids of the kinds given.
REFERENCES: dict[tuple[type[Record], str], tuple[FileKind, ...]] = {
    (RoadmapInfo, "muotoiltu_tapahtumassa"): (k.EVENTS,),
    (RoadmapInfo, "kärkiteemojen_valitsija"): (k.BODIES,),
    (Vision, "teema"): THEMES,
    (Continuation, "tapahtuma"): (k.EVENTS,),
    (WayForwardStep, "teemat"): THEMES,
    (Relation, "kohde"): (k.BODIES,),
    (Event, "järjestäjä"): (k.BODIES,),
    (Event, "hanke"): (k.PROJECTS,),
    (Event, "teemat"): THEMES,
    (Event, "tuotokset"): (k.OUTPUTS,),
    (Presentation, "tapahtuma"): (k.EVENTS,),
    (Dimension, "hanke"): (k.PROJECTS,),
    (ThemeLink, "teema"): THEMES,
    (Output, "hanke"): (k.PROJECTS,),
    (Output, "ulottuvuus"): (k.DIMENSIONS,),
    (Output, "kunta"): (k.MUNICIPALITIES,),
    (Output, "vastuutaho"): (k.MUNICIPALITIES,),
    (Reflection, "hanke"): (k.PROJECTS,),
    (Reflection, "tapahtuma"): (k.EVENTS,),
}

_CLOCK_PATTERN = next(m.pattern for m in typing.get_args(ClockTime)[1:] if getattr(m, "pattern", None))
_ONE_LINE_MAX = 300


@dataclass(frozen=True)
class FieldDoc:
    """One field as an editor writes it."""

    key: str  # the Finnish key in the YAML file
    owner: str  # name of the model class the field belongs to
    description: str  # Finnish, from the model
    required: bool
    value: str  # what kind of value is written, in Finnish
    value_type: str  # text | prose | id | date | time | integer | boolean | choice | group
    is_list: bool = False
    min_items: int = 0
    default: typing.Any = None  # the value used when an optional field is left out
    choices: tuple[str, ...] = ()  # the only allowed values, when the model fixes them
    reference: tuple[FileKind, ...] = ()  # the value is the id of a file of one of these kinds
    children: tuple[FieldDoc, ...] = field(default=())  # fields of a group

    @property
    def is_group(self) -> bool:
        return self.value_type == "group"


def reference_of(owner: str, key: str) -> tuple[FileKind, ...]:
    for (model, alias), target in REFERENCES.items():
        if model.__name__ == owner and alias == key:
            return target
    return ()


@cache
def fields_of(kind: FileKind) -> tuple[FieldDoc, ...]:
    """The fields of one kind of file, in the model's order."""
    schema = kind.model.model_json_schema(by_alias=True, mode="validation")
    return _fields(schema, schema.get("$defs", {}), kind.model.__name__)


def all_fields(fields: tuple[FieldDoc, ...]) -> list[tuple[str, FieldDoc]]:
    """Every field with its path as an editor reads it, e.g. 'teemayhteydet[].teema'."""
    result = []
    for item in fields:
        result.append((item.key, item))
        for path, child in all_fields(item.children):
            result.append((f"{item.key}{'[]' if item.is_list else ''}.{path}", child))
    return result


def _fields(schema: dict, defs: dict, owner: str) -> tuple[FieldDoc, ...]:
    required = set(schema.get("required", ()))
    return tuple(
        _field(key, node, defs, owner, key in required) for key, node in schema.get("properties", {}).items()
    )


def _field(key: str, node: dict, defs: dict, owner: str, required: bool) -> FieldDoc:
    description = node.get("description", "")
    default = node.get("default")
    node = _without_null(node)
    is_list = node.get("type") == "array"
    min_items = node.get("minItems", 0) if is_list else 0
    item = node["items"] if is_list else node
    children: tuple[FieldDoc, ...] = ()
    if "$ref" in item:
        name = item["$ref"].rsplit("/", 1)[-1]
        children = _fields(defs[name], defs, name)
        value_type, value = "group", "ryhmä alakenttiä (alla)"
    else:
        value_type, value = _scalar(item)
    reference = reference_of(owner, key)
    if reference:
        value = _reference_value(reference)
    if is_list:
        value = (
            "lista ryhmiä; jokainen ryhmä alkaa viivalla" if children
            else f"lista, jonka jokainen kohta alkaa omalla rivillään viivalla; kohta on {value}"
        )
        if min_items:
            value += f" (vähintään {min_items})"
    return FieldDoc(
        key=key,
        owner=owner,
        description=description,
        required=required,
        value=value,
        value_type=value_type,
        is_list=is_list,
        min_items=min_items,
        default=default,
        choices=tuple(item.get("enum", ())),
        reference=reference,
        children=children,
    )


def _reference_value(kinds: tuple[FileKind, ...]) -> str:
    files = [f"roadmap/{kind.file}" for kind in kinds if kind.file]
    folders = [f"roadmap/{kind.folder}/" for kind in kinds if kind.folder]
    if files:
        return f"tunniste tiedostosta {' tai '.join(files)}"
    return f"tiedoston nimi ilman .yaml-päätettä kansiosta {' tai '.join(folders)}"


def _without_null(node: dict) -> dict:
    """`X | None` in the schema is anyOf [X, null]: the editor writes X or leaves the field out."""
    options = [option for option in node.get("anyOf", ()) if option.get("type") != "null"]
    return options[0] if len(options) == 1 else node


def _scalar(node: dict) -> tuple[str, str]:
    kind = node.get("type")
    if "enum" in node:
        return "choice", "yksi sallituista arvoista"
    if kind == "string":
        if node.get("pattern") == ID_PATTERN:
            return "id", "tunniste: pienet kirjaimet a–z, numerot ja väliviivat"
        if node.get("pattern") == _CLOCK_PATTERN:
            return "time", 'kellonaika lainausmerkeissä, esim. "12.00"'
        if node.get("format") == "date":
            return "date", 'päivämäärä lainausmerkeissä muodossa "VVVV-KK-PP"'
        if node.get("maxLength", 0) <= _ONE_LINE_MAX:
            return "text", f"teksti, yksi rivi (enintään {node.get('maxLength', _ONE_LINE_MAX)} merkkiä)"
        return "prose", "teksti, voi olla useita rivejä ja kappaleita"
    if kind == "integer":
        low, high = node.get("minimum"), node.get("maximum")
        span = f" {low}–{high}" if low is not None and high is not None else ""
        return "integer", f"kokonaisluku{span} ilman lainausmerkkejä"
    if kind == "boolean":
        return "boolean", "true (kyllä) tai false (ei)"
    raise ValueError(f"no Finnish wording for schema node {node!r}")
