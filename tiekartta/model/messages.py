"""Turns pydantic's validation errors into Finnish problems that point at file, line and field."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..numbers import count_of
from .entities import ClockTime, Prose, id_suggestion
from .problems import Problem, format_field
from .yaml_source import SourceFile

_YAML_BOOL = "tag:yaml.org,2002:bool"
_YAML_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def problems_from_validation(error: ValidationError, source: SourceFile, model: type[BaseModel]) -> list[Problem]:
    return [_problem(item, source, model) for item in error.errors(include_url=False)]


def _problem(item: dict[str, Any], source: SourceFile, model: type[BaseModel]) -> Problem:
    loc = _data_location(item["loc"], source.data)
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    scalar = source.scalars.get(loc)
    line = source.line_of(loc)
    field = format_field(loc)
    english = item.get("msg", "")

    def make(message: str, kind_name: str = kind, at_line: int = line) -> Problem:
        return Problem(source.path, at_line, field, kind_name, message, english)

    if kind == "missing":
        name = loc[-1]
        return make(f"Pakollinen kenttä '{name}' puuttuu. Lisää se.", "missing", source.line_of(loc[:-1]))
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        key = str(loc[-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" Tarkoititko '{close[0]}'?" if close else ""
        return make(
            f"Tuntematon kenttä '{key}'.{hint} Sallitut kentät tässä kohdassa: {', '.join(allowed)}.",
            "unknown-field",
            source.key_line_of(loc),
        )
    if kind in ("string_type", "string_sub_type"):
        if value is None:
            return make(_empty_text(model, loc), "empty-value")
        if isinstance(value, list) and _is_prose(model, loc):
            return make(
                "Tähän kuuluu yksi teksti, ei lista. Luettelon voi kirjoittaa tekstin sisään: kirjoita kentän nimen "
                "perään | ja luettelon rivit sen alle sisennettyinä, kukin viivalla alkaen.",
                "wrong-type",
            )
        return make(_text_expected(value, scalar, _is_clock_time(model, loc)), "wrong-type")
    if kind == "string_too_short":
        return make("Kenttä on tyhjä. Kirjoita teksti tai poista koko kenttä.", "empty-value")
    if kind == "string_too_long":
        return make(f"Teksti on liian pitkä (enintään {ctx.get('max_length')} merkkiä). Lyhennä sitä.", "too-long")
    if kind == "string_pattern_mismatch":
        if "[a-z0-9]" in str(ctx.get("pattern", "")):
            meant = id_suggestion(str(value))
            hint = f" Tarkoititko '{meant}'?" if meant else ""
            return make(
                f"'{value}' ei kelpaa tunnisteeksi.{hint} Käytä vain pieniä kirjaimia a–z, numeroita ja "
                "väliviivoja (ei ääkkösiä, välilyöntejä eikä kauttaviivoja), esim. 'omatyontekijaisyys'.",
                "bad-id",
            )
        if "<>" in str(ctx.get("pattern", "")):  # a material's path: a Windows path, or a character no file name has
            return make(
                f"'{value}' ei kelpaa tiedoston poluksi: siinä on merkki, jota tiedoston nimessä ei voi käyttää "
                "(< > : \" | ? *). Kirjoita polku kansiosta roadmap/aineistot/ alkaen kauttaviivoin, esim. "
                "'perhetyo/tyomalli.pdf'.",
                "material_path",
            )
        return make(f"'{value}' ei kelpaa. Kellonaika kirjoitetaan lainausmerkkeihin muodossa \"12.00\".", "bad-time")
    if kind in ("int_type", "int_parsing", "int_from_float", "bool_type", "bool_parsing"):
        wanted = "kokonaisluku, esimerkiksi 1" if kind.startswith("int") else "true tai false"
        if scalar and not scalar.plain:
            return make(f"Tähän kuuluu {wanted} ilman lainausmerkkejä.", "wrong-type")
        if value is None:
            return make(f"Kenttä on tyhjä. Tähän kuuluu {wanted}.", "empty-value")
        return make(f"'{_shown(value, scalar)}' ei kelpaa. Tähän kuuluu {wanted}.", "wrong-type")
    if kind in ("greater_than_equal", "greater_than"):
        return make(f"Luvun pitää olla vähintään {ctx.get('ge', ctx.get('gt'))}.", "out-of-range")
    if kind in ("less_than_equal", "less_than"):
        return make(f"Luvun pitää olla enintään {ctx.get('le', ctx.get('lt'))}.", "out-of-range")
    if kind == "literal_error":
        # pydantic lists the choices in English ("'kunta' or 'organisaatio'"): list them in Finnish.
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        listed = " tai ".join(f"'{choice}'" for choice in choices)
        return make(f"Arvo '{_shown(value, scalar)}' ei ole sallittu. Sallitut arvot: {listed}.", "not-allowed")
    if kind in ("tuple_type", "list_type"):
        return make(
            "Tähän kuuluu lista: jokainen kohta omalle rivilleen viivalla ja välilyönnillä ('- ') "
            "alkaen, tai hakasulkeissa [a, b].",
            "wrong-type",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        fields = _allowed_fields(model, loc)
        listed = f" ({', '.join(fields)})" if fields else ""
        return make(
            f"Tähän kuuluu ryhmä alakenttiä{listed}, jotka kirjoitetaan sisennettyinä seuraaville riveille.",
            "wrong-type",
        )
    if kind == "too_short":
        return make(f"Listassa pitää olla vähintään {count_of(int(ctx.get('min_length', 1)), 'kohta', 'kohtaa')}.", "too-short")
    if kind == "too_long":
        return make(f"Listassa saa olla enintään {count_of(int(ctx.get('max_length', 0)), 'kohta', 'kohtaa')}.", "too-long")
    if kind in ("material_path", "https_url"):
        return make(item["msg"], kind)
    if kind == "prose_link":
        return make(item["msg"], "bad-link", _line_holding(source, line, str(ctx.get("target") or "")))
    if kind in ("date_text", "date_real", "single_line"):
        english = {"date_text": "date must be quoted text YYYY-MM-DD", "date_real": "no such date"}.get(kind, "text must be one line")
        return make(item["msg"], "bad-date" if kind.startswith("date") else "multiline")
    return make("Arvo ei kelpaa tähän kenttään. Katso kentän ohje Kenttäoppaasta.", "invalid")


def _empty_text(model: type[BaseModel], loc: tuple) -> str:
    """An empty field: a new file's blanks are the common case, so say what to do with each."""
    if loc and isinstance(loc[-1], int):
        return "Listan kohta on tyhjä. Kirjoita teksti viivan jälkeen tai poista koko rivi."
    info = _field_info(model, loc)
    if info is not None and info.is_required():
        return "Kenttä on pakollinen, mutta se on tyhjä. Kirjoita arvo kaksoispisteen jälkeen."
    return "Kenttä on tyhjä. Kirjoita teksti tai poista koko kenttä."


def _is_prose(model: type[BaseModel], loc: tuple) -> bool:
    """A long text field, where Markdown (and so a bulleted list) is written."""
    info = _field_info(model, loc)
    return info is not None and (info.annotation is Prose or Prose in typing.get_args(info.annotation))


def _is_clock_time(model: type[BaseModel], loc: tuple) -> bool:
    info = _field_info(model, loc)
    return info is not None and (info.annotation is ClockTime or ClockTime in typing.get_args(info.annotation))


def _text_expected(value: Any, scalar: Any, clock: bool = False) -> str:
    if scalar and scalar.plain and scalar.tag == _YAML_BOOL:
        return (
            f"Sana '{scalar.source_text}' luetaan YAML-kielessä kyllä- tai ei-arvoksi eikä tekstiksi. "
            f"Kirjoita se lainausmerkkeihin: \"{scalar.source_text}\"."
        )
    if scalar and scalar.plain and scalar.tag in _YAML_NUMBERS:
        # A clock time is written with a dot: 12:00 quoted as it is would be refused next.
        quoted = scalar.source_text.replace(":", ".") if clock else scalar.source_text
        dot = " Kellonajassa on piste, ei kaksoispistettä." if quoted != scalar.source_text else ""
        return (
            f"{scalar.source_text} luetaan YAML-kielessä numeroksi eikä tekstiksi (esim. 23.10 "
            f"muuttuisi luvuksi 23.1). Kirjoita se lainausmerkkeihin: \"{quoted}\".{dot}"
        )
    if isinstance(value, list):
        return "Tähän kuuluu yksi teksti, ei lista."
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, rest),) = value.items()
            if isinstance(key, str) and isinstance(rest, str) and "\n" not in key + rest:
                # '- työryhmässä suunnitellaan: yhteistä …': the ': ' in the text made it a field.
                return (
                    f"Tähän kuuluu teksti, mutta YAML luki sen kentäksi '{key}', koska tekstissä on kaksoispiste "
                    f"ja välilyönti. Kirjoita koko teksti lainausmerkkeihin: \"{key}: {rest}\"."
                )
        return "Tähän kuuluu teksti, ei alakenttiä. Tarkista sisennykset."
    return "Tähän kuuluu teksti."


def _line_holding(source: SourceFile, first: int, text: str) -> int:
    """The line, from the field's own line on, where a long text has `text` (the field's line when
    it has none): the mistake's line in a text of many lines."""
    if text:
        for number, line in enumerate(source.text.splitlines()[first - 1:], start=first):
            if text in line:
                return number
    return first


def _shown(value: Any, scalar: Any) -> str:
    return scalar.source_text if scalar else str(value)


def _data_location(loc: tuple, data: Any) -> tuple[str | int, ...]:
    """pydantic adds validator names such as 'function-after[...]' to locations: keep only the
    parts that are keys or indexes in the editor's data (and a final missing key)."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif index == len(loc) - 1 and isinstance(current, dict) and isinstance(part, str) and "[" not in part:
            pass  # a missing field
        else:
            continue
        path.append(part)
    return tuple(path)


def _allowed_fields(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The Finnish field names allowed in the group at `path` (for 'did you mean')."""
    current: Any = model
    if any(isinstance(part, str) for part in path):
        info = _field_info(model, path)
        current = _unwrap(info.annotation) if info is not None else None
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _field_info(model: type[BaseModel], path: tuple) -> Any:
    """The pydantic FieldInfo at a location such as ('teemayhteydet', 0, 'teema'), or None."""
    current: Any = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = next((i for n, i in current.model_fields.items() if (i.alias or n) == part), None)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return info


def _unwrap(annotation: Any) -> Any:
    """tuple[X, ...] -> X, X | None -> X, until a model or a plain type remains."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (tuple, list):
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation
