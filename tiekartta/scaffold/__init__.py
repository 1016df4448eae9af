"""New content files for editors: `make uusi TYYPPI=tuotos NIMI="…"`.

The file gets a fresh, safe id (its name) made from the Finnish name, the schema line, every
required field (filled in where the answer is known, otherwise empty) and every optional field
commented out, each with its explanation from the model. Existing files are only read, leniently:
a half-filled file elsewhere does not stop a new one from being made.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from slugify import slugify

from ..model import kinds as k
from ..model.entities import ID_MAX_LENGTH
from ..model.fields import FieldDoc, fields_of
from ..model.kinds import KINDS, RESERVED_IDS, FileKind
from ..model.yaml_source import read_source

# TYYPPI of `make uusi` -> kind of file. Every kind with a folder (one file per record) is here.
TYPES: dict[str, FileKind] = {
    "karkiteema": k.SPEARHEADS,
    "lapikulkeva": k.CROSSCUTTING,
    "toimielin": k.BODIES,
    "tapahtuma": k.EVENTS,
    "hanke": k.PROJECTS,
    "ulottuvuus": k.DIMENSIONS,
    "tuotos": k.OUTPUTS,
    "pohdinta": k.REFLECTIONS,
}
# Other ways an editor may write a type: with ä, with spaces, or as the folder's name.
_ALIASES = {
    "lapikulkevateema": "lapikulkeva",
    **{str(kind.folder).replace("-", ""): name for name, kind in TYPES.items()},
}
NAME_MAX_LENGTH = 300
_ID_ROOM = 4  # characters kept free for a "-2" … "-999" suffix
_COMMENT_WIDTH = 92


class NewFileError(Exception):
    """An editor's mistake in the command; the message is Finnish and says how to fix it."""


def type_name_of(kind: FileKind) -> str | None:
    return next((name for name, candidate in TYPES.items() if candidate == kind), None)


def usage() -> str:
    return (
        'Anna tyyppi ja nimi, esimerkiksi: make uusi TYYPPI=tuotos NIMI="Työmallin nimi"\n'
        f"Tyypit: {', '.join(TYPES)}."
    )


def resolve_type(text: str) -> FileKind:
    key = slugify(text or "").replace("-", "")
    if not key:
        raise NewFileError(usage())
    if key in ("teema", "teemat"):
        raise NewFileError(
            "Teemoja on kahta lajia. Valitse TYYPPI=karkiteema (tiekartan kärkiteema) tai "
            "TYYPPI=lapikulkeva (läpi kulkeva teema)."
        )
    name = key if key in TYPES else _ALIASES.get(key)
    if name is None:
        raise NewFileError(f"Tuntematon tyyppi '{text}'. Tyypit: {', '.join(TYPES)}.")
    return TYPES[name]


def clean_name(text: str) -> str:
    name = (text or "").strip()
    if not name:
        raise NewFileError(usage())
    if "\n" in name or "\r" in name:
        raise NewFileError("Nimen pitää olla yhdellä rivillä.")
    if len(name) > NAME_MAX_LENGTH:
        raise NewFileError(f"Nimi on liian pitkä ({len(name)} merkkiä, enintään {NAME_MAX_LENGTH}). Lyhennä sitä.")
    return name


def fresh_id(name: str, taken: set[str]) -> str:
    """A safe id from a Finnish name (ä→a, ö→o, å→a, other marks → '-'), not used and not reserved."""
    base = slugify(name, max_length=ID_MAX_LENGTH - _ID_ROOM, word_boundary=True)
    if not base:
        # word_boundary gives nothing when the first word alone is too long
        base = slugify(name, max_length=ID_MAX_LENGTH - _ID_ROOM)
    if not base:
        raise NewFileError(
            f"Nimestä '{name}' ei saa tiedostonimeä: siinä ei ole kirjaimia eikä numeroita. "
            "Kirjoita nimi kirjaimin."
        )
    candidate, number = base, 2
    while candidate in taken or candidate in RESERVED_IDS:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass(frozen=True)
class NewField:
    """One field of the new file: its explanation, and the value written in (or left empty)."""

    key: str
    required: bool
    is_list: bool
    is_group: bool
    help: tuple[str, ...]  # comment lines without the leading '# '
    value: str  # YAML text of the value; "" leaves it for the editor to fill in
    children: tuple[NewField, ...] = field(default=())


@dataclass(frozen=True)
class NewFile:
    kind: FileKind
    path: Path
    entity_id: str
    text: str


def new_file(content_dir: Path, type_text: str, name_text: str) -> NewFile:
    """Make the file text and its path (nothing is written)."""
    kind = resolve_type(type_text)
    name = clean_name(name_text)
    existing = _Existing(content_dir)
    entity_id = fresh_id(name, existing.ids_like(kind))
    fields = tuple(_new_field(doc, kind, name, existing, top=True) for doc in fields_of(kind))
    text = _environment().get_template("uusi.yaml.j2").render(
        kind=kind, name=name, entity_id=entity_id, fields=fields,
        schema=f"../schema/{kind.schema}.schema.json", type_name=type_name_of(kind),
    )
    return NewFile(kind, content_dir / str(kind.folder) / f"{entity_id}.yaml", entity_id, text)


def write_new_file(content_dir: Path, type_text: str, name_text: str) -> NewFile:
    """Make the file and write it; an existing file is never overwritten."""
    if not content_dir.is_dir():
        raise NewFileError(f"Sisältökansiota {content_dir} ei löydy. Aja komento sivuston kansiossa.")
    made = new_file(content_dir, type_text, name_text)
    made.path.parent.mkdir(exist_ok=True)
    with open(made.path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(made.text)
    return made


class _Existing:
    """What the content already has, read leniently from the files (no validation)."""

    def __init__(self, content_dir: Path):
        self.content_dir = content_dir
        self._records: dict[FileKind, list[tuple[str, dict]]] = {}

    def records(self, kind: FileKind) -> list[tuple[str, dict]]:
        if kind not in self._records:
            self._records[kind] = list(self._read(kind))
        return self._records[kind]

    def _read(self, kind: FileKind):
        paths = [self.content_dir / str(kind.file)] if kind.file else sorted(
            (self.content_dir / str(kind.folder)).glob("*.yaml")
        )
        for path in paths:
            if not path.is_file():
                continue
            source, _ = read_source(path, path.name)
            data = source.data if source is not None and isinstance(source.data, dict) else {}
            yield path.stem, data

    def ids_like(self, kind: FileKind) -> set[str]:
        """Ids a new file of this kind must not take: files of every kind with the same model."""
        taken: set[str] = set()
        for other in KINDS:
            if other.folder and other.model is kind.model:
                folder = self.content_dir / other.folder
                if folder.is_dir():
                    taken |= {path.name.split(".", 1)[0] for path in folder.iterdir()}
        return taken

    def choices(self, kinds: tuple[FileKind, ...]) -> list[tuple[str, str]]:
        result = []
        for kind in kinds:
            if kind == k.MUNICIPALITIES:
                for _, data in self.records(kind):
                    for item in data.get("kunnat") or []:
                        if isinstance(item, dict) and isinstance(item.get("tunniste"), str):
                            result.append((item["tunniste"], _one_line(item.get("nimi"))))
            else:
                result += [(entity_id, _one_line(data.get("nimi") or data.get("otsikko")))
                           for entity_id, data in self.records(kind)]
        return result

    def next_order(self, kind: FileKind) -> int:
        """One more than the largest number in use: free in any group, and puts the new file last."""
        orders = [data.get("järjestys") for _, data in self.records(kind)]
        return max((o for o in orders if isinstance(o, int) and not isinstance(o, bool)), default=0) + 1


def _new_field(doc: FieldDoc, kind: FileKind, name: str, existing: _Existing, top: bool) -> NewField:
    choices = existing.choices(doc.reference) if doc.reference else []
    value = ""
    if top and doc.key in ("nimi", "otsikko") and doc.required:
        value = yaml_scalar(name)
    elif top and doc.key == "järjestys":
        value = str(existing.next_order(kind))
    elif doc.required and not doc.is_list and len(choices) == 1:
        value = choices[0][0]
    elif not doc.required and doc.value_type == "boolean" and isinstance(doc.default, bool):
        value = "true" if doc.default else "false"
    return NewField(
        key=doc.key,
        required=doc.required,
        is_list=doc.is_list,
        is_group=doc.is_group,
        help=tuple(_help(doc, choices, filled=bool(value) and doc.key == "järjestys")),
        value=value,
        children=tuple(_new_field(child, kind, name, existing, top=False) for child in doc.children),
    )


def _help(doc: FieldDoc, choices: list[tuple[str, str]], filled: bool) -> list[str]:
    need = "pakollinen" if doc.required else "vapaaehtoinen"
    text = f"{doc.key} ({need}): {doc.description} Arvo: {doc.value}."
    if filled:
        text += " Valmiiksi annettu numero on vapaa ja vie uuden tiedoston viimeiseksi."
    if doc.choices:
        text += " Sallitut arvot: " + ", ".join(doc.choices) + "."
    lines = textwrap.wrap(text, _COMMENT_WIDTH, break_long_words=False, break_on_hyphens=False)
    if choices:
        lines.append("Vaihtoehdot:" if len(choices) > 1 else "Vaihtoehto:")
        # "• " keeps every explanation line in the form "# text": only a disabled field's own lines
        # start with "#" followed by something else (its key, or its indentation).
        lines += [f"• {choice}" + (f" – {label}" if label else "") for choice, label in choices]
    return lines


def _one_line(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def yaml_scalar(value: str) -> str:
    """A text value written so that YAML reads it back as the same text (quoted when needed)."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).removesuffix("\n...\n").rstrip("\n")


@cache
def _environment() -> Environment:
    # YAML, not HTML: nothing to escape, and values are written with yaml_scalar.
    return Environment(
        loader=PackageLoader("tiekartta.scaffold", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
