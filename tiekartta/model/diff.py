"""What changed in the content between two points, named as a reader names it, in Finnish.

A pure function of two states of the content: records in, list of changes out. A state is the
open data document's shape (data/tiekartta.json: collections of records keyed by their Finnish
field names) or a Roadmap, which `roadmap_records` puts in that shape. The records are compared
by their id (`tunniste`), so:

- a record only in the newer state is added ("Lisätty"), one only in the older removed ("Poistettu");
- a record whose id changed but nothing else did has a new address ("Uusi osoite");
- a record whose name changed is renamed ("Nimetty uudelleen"); any other changed field makes it
  updated ("Päivitetty"), and every change names the fields that changed, with the old and the
  new text when the field is short (a name, a year, a reference), not when it is long prose.

Nothing here reads files or git: tiekartta.opendata.history and tiekartta.opendata.editions give
the states, from git history and from published editions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .roadmap import Roadmap

ADDED = "Lisätty"
REMOVED = "Poistettu"
RENAMED = "Nimetty uudelleen"
UPDATED = "Päivitetty"
NEW_ID = "Uusi osoite"
ACTIONS = (ADDED, RENAMED, UPDATED, NEW_ID, REMOVED)  # the order a list of changes is grouped in

# Collections of the open data document, with what one record of each is called.
COLLECTIONS: dict[str, str] = {
    "tiekartta": "Tiekartta",
    "eteenpäin": "Eteenpäin Tiekartalla",
    "teemat": "Teema",
    "toimielimet": "Toimielin",
    "tapahtumat": "Tapahtuma",
    "hankkeet": "Hanke",
    "ulottuvuudet": "Kehittämisulottuvuus",
    "tuotokset": "Tuotos",
    "pohdinnat": "Pohdinta",
    "kunnat": "Kunta tai organisaatio",
}
SINGLE = ("tiekartta", "eteenpäin")  # one record each, not a list

# Added by the open data for reusers, derived from other fields or from where the record lives:
# never a change of the content itself.
DERIVED = frozenset({"tunniste", "lähdetiedosto", "osoite", "päivämäärä"})
NAME_FIELDS = ("nimi", "otsikko")
# Fields that refer to another record by its id: shown by that record's name.
REFERENCES = {
    "teema": "teemat", "teemat": "teemat", "hanke": "hankkeet", "ulottuvuus": "ulottuvuudet",
    "kunta": "kunnat", "tapahtuma": "tapahtumat", "tuotokset": "tuotokset", "järjestäjä": "toimielimet",
    "kohde": "toimielimet", "muotoiltu_tapahtumassa": "tapahtumat", "kärkiteemojen_valitsija": "toimielimet",
}
SHORT = 160  # characters: a value this long or shorter, on one line, is shown before and after
NESTING = " › "  # between a field and its part, e.g. "ajankohta › vuosi"

Labels = Mapping[str, Mapping[str, str]]  # collection -> {id: name}


# Field names that do not read as Finnish words once the underscore is a space: "tyyppi
# toimituksen" would say "the editors' type", where the field says the type is their judgement.
FIELD_LABELS = {"tyyppi_toimituksen": "tyyppi toimituksen arviona"}


def field_label(field: str) -> str:
    """A field's name as a reader reads it: "päättelyn_peruste" -> "päättelyn peruste"."""
    return NESTING.join(FIELD_LABELS.get(part, part.replace("_", " ")) for part in field.split(NESTING))


@dataclass(frozen=True)
class FieldChange:
    field: str  # Finnish field name as in the YAML file, e.g. "kuvaus" or "ajankohta › vuosi"
    old: str | None  # the value as text when it is short; None when long or a structure
    new: str | None

    @property
    def shown(self) -> bool:
        """Whether the old and new text are given (both sides short)."""
        return self.old is not None and self.new is not None


@dataclass(frozen=True)
class Change:
    action: str  # ADDED, REMOVED, RENAMED, UPDATED or NEW_ID
    collection: str  # key of COLLECTIONS, e.g. "tuotokset"
    entity_id: str  # the id in the newer state (the older one for a removal)
    name: str  # the name in the newer state (the older one for a removal)
    fields: tuple[FieldChange, ...] = ()  # what changed (renames and updates)
    old_name: str | None = None  # renames
    old_id: str | None = None  # new addresses

    @property
    def kind(self) -> str:
        return COLLECTIONS.get(self.collection, self.collection)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(change.field for change in self.fields)

    @property
    def title(self) -> str:
        """One line, e.g. "Päivitetty: Kuntouttava sosiaalityö (kuvaus)"."""
        if self.action == RENAMED:
            others = [field_label(f) for f in self.field_names if f not in NAME_FIELDS]
            return f"{RENAMED}: {self.old_name} → {self.name}" + (f" ({', '.join(others)})" if others else "")
        if self.action == UPDATED:
            return f"{UPDATED}: {self.name} ({', '.join(map(field_label, self.field_names))})"
        return f"{self.action}: {self.name}"


# --- States --------------------------------------------------------------------------------------


def record_of(entity) -> dict[str, Any]:
    """A record's fields as the open data and the YAML files name them."""
    return entity.model_dump(mode="json", by_alias=True)


def roadmap_records(roadmap: Roadmap) -> dict[str, Any]:
    """The content in the open data document's shape (without what the open data derives)."""
    return {
        "tiekartta": {"tunniste": roadmap.info.id, **record_of(roadmap.info)},
        "eteenpäin": {"tunniste": roadmap.way_forward.id, **record_of(roadmap.way_forward)},
        "teemat": [{"tunniste": t.id, "teemalaji": t.kind, **record_of(t)} for t in roadmap.themes],
        "toimielimet": [{"tunniste": e.id, **record_of(e)} for e in roadmap.bodies],
        "tapahtumat": [{"tunniste": e.id, **record_of(e)} for e in roadmap.events],
        "hankkeet": [{"tunniste": e.id, **record_of(e)} for e in roadmap.projects],
        "ulottuvuudet": [{"tunniste": e.id, **record_of(e)} for e in roadmap.dimensions],
        "tuotokset": [{"tunniste": e.id, **record_of(e)} for e in roadmap.outputs],
        "pohdinnat": [{"tunniste": e.id, **record_of(e)} for e in roadmap.reflections],
        "kunnat": [record_of(m) for m in roadmap.municipalities],
    }


def _id(record: Mapping[str, Any]) -> str:
    return str(record.get("tunniste", ""))


def collection_records(document: Mapping[str, Any], collection: str) -> dict[str, dict]:
    """{id: record} of one collection of a document; unknown or malformed parts are empty."""
    value = document.get(collection)
    if collection in SINGLE:
        value = [value] if isinstance(value, Mapping) else []
    if not isinstance(value, list):
        return {}
    return {_id(record): dict(record) for record in value if isinstance(record, Mapping)}


def labels_of(*documents: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """{collection: {id: name}} from the documents, the later ones winning."""
    labels: dict[str, dict[str, str]] = {}
    for document in documents:
        for collection in COLLECTIONS:
            names = labels.setdefault(collection, {})
            for entity_id, record in collection_records(document, collection).items():
                names[entity_id] = name_of(record) or entity_id
    return labels


def name_of(record: Mapping[str, Any]) -> str:
    for key in NAME_FIELDS:
        if isinstance(record.get(key), str):
            return record[key]
    return _id(record)


# --- Comparing -----------------------------------------------------------------------------------


def _meaningful(value: Any) -> bool:
    """Absent, null, empty and false are the same thing: what an editor leaves out."""
    return value not in (None, "", [], (), {}, False)


def _content(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in DERIVED and _meaningful(v)}


def _text(field: str, value: Any, labels: Labels) -> str | None:
    """A short value as a reader reads it; None for long prose or a structure of many parts."""
    names = labels.get(REFERENCES.get(field, ""), {})
    if not _meaningful(value):
        return "–"
    if isinstance(value, bool):
        return "kyllä"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        text = names.get(value, value) if field in REFERENCES else value
        return text if len(text) <= SHORT and "\n" not in text else None
    if isinstance(value, list):
        if field == "teemayhteydet":  # the themes an output is linked to, by their names
            value = [item.get("teema") for item in value if isinstance(item, Mapping)]
            names = labels.get("teemat", {})
        if all(isinstance(item, str) for item in value):
            text = ", ".join(names.get(item, item) for item in value)
            return text if len(text) <= SHORT and "\n" not in text else None
    return None


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any], labels: Labels,
                   prefix: str = "") -> list[FieldChange]:
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        name = prefix + key
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            changes += _field_changes(_content(before), _content(after), labels, name + NESTING)
        else:
            changes.append(FieldChange(name, _text(key, before, labels), _text(key, after, labels)))
    return changes


def diff_records(collection: str, old: Mapping[str, dict], new: Mapping[str, dict],
                 labels: Labels | None = None) -> list[Change]:
    """Changes between two states of one collection, each {id: record}; in the newer state's order,
    then removals in the older state's order."""
    labels = labels or {}
    old_content = {entity_id: _content(record) for entity_id, record in old.items()}
    new_content = {entity_id: _content(record) for entity_id, record in new.items()}
    removed = [entity_id for entity_id in old if entity_id not in new]
    changes: list[Change] = []
    for entity_id, record in new.items():
        after = new_content[entity_id]
        if entity_id not in old:
            # The same record under another id, gone from the older state: the file was renamed.
            same = next((gone for gone in removed if old_content[gone] == after), None)
            if same is not None:
                removed.remove(same)
                changes.append(Change(NEW_ID, collection, entity_id, name_of(record), old_id=same))
            else:
                changes.append(Change(ADDED, collection, entity_id, name_of(record)))
            continue
        before = old_content[entity_id]
        if before == after:
            continue
        fields = tuple(_field_changes(before, after, labels))
        old_name, name = name_of(old[entity_id]), name_of(record)
        if old_name != name:
            changes.append(Change(RENAMED, collection, entity_id, name, fields, old_name=old_name))
        else:
            changes.append(Change(UPDATED, collection, entity_id, name, fields))
    changes += [Change(REMOVED, collection, gone, name_of(old[gone])) for gone in removed]
    return changes


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from one state of the whole content to another, collection by collection."""
    labels = labels_of(old, new)
    changes: list[Change] = []
    for collection in COLLECTIONS:
        changes += diff_records(collection, collection_records(old, collection),
                                collection_records(new, collection), labels)
    return changes


def grouped(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    """The changes by action, in ACTIONS order, leaving out actions with none."""
    return [(action, items) for action in ACTIONS if (items := [c for c in changes if c.action == action])]


WITHHELD = "[tieto jätetty pois]"


def withheld(change: Change, refused: Callable[[str], bool]) -> Change:
    """The change with every text that `refused` (the privacy and credential guard) flags left
    out: an older version's value may hold what a later one removed for that very reason, and so
    may a field's name, since a version the model does not accept is read as plain data, and an
    id (a removed file's name)."""
    def name(text: str | None) -> str | None:
        return WITHHELD if text is not None and refused(text) else text

    fields = tuple(
        FieldChange(name(f.field) or "", None if f.old is not None and refused(f.old) else f.old,
                    None if f.new is not None and refused(f.new) else f.new)
        for f in change.fields
    )
    # An id is a file's name (or a municipality's `tunniste`) in an earlier version too: one that
    # no current file has, such as a file added and removed within one change, was never checked.
    return replace(change, name=name(change.name) or "", old_name=name(change.old_name), fields=fields,
                   entity_id=name(change.entity_id) or "", old_id=name(change.old_id))
