"""The JSON Schemas editors' tools use are generated from the model and kept in sync."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import CONTENT
from tiekartta.model.kinds import KINDS
from tiekartta.model.schema import SCHEMA_FOLDER, schema_text, schemas
from tiekartta.model.yaml_source import read_source


def test_committed_schemas_match_the_model():
    generated = schemas()
    committed = {p.name.removesuffix(".schema.json") for p in (CONTENT / SCHEMA_FOLDER).glob("*.schema.json")}
    assert committed == set(generated), "run: .venv/bin/python -m tiekartta schema"
    for name, schema in generated.items():
        text = (CONTENT / SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
        assert text == schema_text(schema), f"{name}.schema.json is out of date: run .venv/bin/python -m tiekartta schema"


def kind_files():
    for kind in KINDS:
        paths = [CONTENT / kind.file] if kind.file else sorted((CONTENT / kind.folder).glob("*.yaml"))
        for path in paths:
            yield pytest.param(kind, path, id=path.relative_to(CONTENT).as_posix())


@pytest.mark.parametrize(("kind", "path"), list(kind_files()))
def test_every_file_points_to_its_schema_and_validates_against_it(kind, path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "" if kind.file else "../"
    assert first == f"# yaml-language-server: $schema={prefix}{SCHEMA_FOLDER}/{kind.schema}.schema.json"
    schema = json.loads((CONTENT / SCHEMA_FOLDER / f"{kind.schema}.schema.json").read_text(encoding="utf-8"))
    source, problems = read_source(path, path.name)
    assert not problems
    jsonschema.validate(source.data, schema, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_the_model_rejects():
    schema = schemas()["teema"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nimi": "X", "järjestys": 1, "tuntematon": 1}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"järjestys": 1}, schema)
    jsonschema.validate({"nimi": "X", "järjestys": 1}, schema)


def test_every_field_is_described_in_finnish():
    def walk(node, where):
        if isinstance(node, dict):
            for name, value in node.get("properties", {}).items():
                assert value.get("description"), f"{where}.{name}"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for name, schema in schemas().items():
        walk(schema, name)


def _titled(node, where):
    """(where, key, title) of every titled part: a $defs entry's key is the model's own name."""
    if isinstance(node, dict):
        for group in ("$defs", "properties"):
            for key, value in node.get(group, {}).items():
                if isinstance(value, dict) and isinstance(value.get("title"), str):
                    yield f"{where}.{group}.{key}", key, value["title"]
        for key, value in node.items():
            yield from _titled(value, f"{where}.{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _titled(item, where)


def test_every_title_is_finnish_not_a_name_from_the_code():
    """Schema viewers and editors show the titles: a nested record is named in Finnish, not by its
    class ("Continuation"), and a field reads as a Finnish phrase ("Nimi lähteessä"), not with
    every word capitalised ("Nimi Lähteessä")."""
    from tiekartta.opendata.json_data import json_schema

    published = {"avoin data": json.loads(json_schema("https://example.invalid/"))}
    found = []
    for name, schema in {**schemas(), **published}.items():
        for where, key, title in _titled(schema, name):
            if ".$defs." in where and title == key:
                found.append(f"{where}: {title}")
            words = key.split("_")
            if len(words) > 1 and title == " ".join(word[:1].upper() + word[1:] for word in words):
                found.append(f"{where}: {title}")
    assert not found, "\n".join(found)
