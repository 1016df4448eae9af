"""JSON Schemas generated from the model, one per kind of file, for editors' YAML tooling."""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import KINDS

SCHEMA_FOLDER = "schema"
SCHEMA_BASE_URL = "https://sosiaalityon-tiekartta.github.io/tiekartta/schema/"


def schemas() -> dict[str, dict]:
    """{schema name: JSON Schema} for every kind of content file."""
    result: dict[str, dict] = {}
    for kind in KINDS:
        if kind.schema in result:
            continue
        schema = kind.model.model_json_schema(by_alias=True, mode="validation")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE_URL}{kind.schema}.schema.json",
            **{key: value for key, value in schema.items() if key not in ("title", "description")},
            "title": kind.title,
            "description": kind.description,
        }
        result[kind.schema] = schema
    return result


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(content_dir: Path) -> list[Path]:
    folder = content_dir / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
