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


# What may follow a backslash in an ECMA-262 regular expression with the u flag, which JSON Schema
# patterns are (2020-12, 6.4) and which validators such as Ajv compile them with: the classes and
# control escapes, and the syntax characters and "/" escaped as themselves; "-" only inside [...].
_ECMA_ESCAPES = set("dDwWsSbBfnrtv0cxupPk123456789") | set(r"^$\.*+?()[]{}|/")


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def _invalid_ecma_escapes(pattern: str) -> list[str]:
    bad, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if escaped not in _ECMA_ESCAPES and not (in_class and escaped == "-"):
                bad.append("\\" + escaped)
            i += 2
            continue
        in_class = True if char == "[" else False if char == "]" else in_class
        i += 1
    return bad


def test_every_pattern_is_a_unicode_ecma_regex():
    """A pattern with an escape ECMA-262 does not allow in unicode mode (such as \\" for a
    quotation mark, which Python accepts) makes Ajv refuse the whole schema: the content schemas
    editors' tools read and the published open data schema stay readable by any validator."""
    from tiekartta.opendata.json_data import json_schema

    documents = {**schemas(), "data/tiekartta.schema.json": json.loads(json_schema("https://example.org/"))}
    bad = {(name, pattern): _invalid_ecma_escapes(pattern)
           for name, schema in documents.items() for pattern in _patterns(schema) if _invalid_ecma_escapes(pattern)}
    assert not bad, bad
    assert _invalid_ecma_escapes(r'^[^<>:\"|?*]+$') == ['\\"'] and not _invalid_ecma_escapes(r"^[a-z\-]\.\d$")
