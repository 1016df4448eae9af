"""Reads one YAML file into plain data, remembering the line of every value.

PyYAML is used with its safe loader only. On top of it this module refuses the YAML features
that lose or hide an editor's text: duplicate keys (PyYAML keeps the last silently), anchors and
aliases (an alias bomb grows without bound), explicit tags (``!!python/...``), tabs, bytes that
are not UTF-8, control and text-direction characters, unpaired surrogates and empty files.
Every limit is checked while reading, so hostile input costs bounded time and memory. Dates are kept as text so that the model, not YAML, decides
whether "2019-02-30" is a real date.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, Event, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, format_field

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

Path_ = tuple[str | int, ...]


class _ContentLoader(yaml.SafeLoader):
    """Safe loader without implicit timestamps: dates stay text until the model checks them."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ScalarInfo:
    """How a scalar was written, to explain YAML 1.1 surprises (`on` -> True, `23.11` -> 23.11)."""

    line: int
    tag: str
    plain: bool  # written without quotes
    source_text: str


@dataclass
class SourceFile:
    """The plain data of one file plus where each value stands in it."""

    path: str  # relative to the repository root
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    scalars: dict[Path_, ScalarInfo] = field(default_factory=dict)
    text: str = ""  # the file as read, for checks that look at its lines (tiekartta.model.sensitive)

    def line_of(self, path: Path_) -> int:
        """Line of the value at path, or of its nearest existing parent (a missing field)."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.lines:
                return self.lines[prefix]
        return 1

    def key_line_of(self, path: Path_) -> int:
        return self.key_lines.get(path) or self.line_of(path)


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# Embedding, override and isolate controls: invisible, and they can make text read backwards.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def read_source(file: Path, display_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse one YAML file. Returns the parsed file, or None and the problems that stop it."""

    def problem(line: int, kind: str, message: str, english: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, "", kind, message, english)]

    # Read one byte past the limit, never the whole of an oversized file.
    with file.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        size = file.stat().st_size
        return problem(
            1,
            "file-too-large",
            f"Tiedosto on liian suuri ({size} tavua, enintään {MAX_FILE_BYTES}). "
            "Jaa sisältö useampaan tiedostoon.",
            "file too large",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return problem(
            line,
            "not-utf8",
            "Tiedostossa on merkkejä, jotka eivät ole UTF-8-muodossa. Tallenna tiedosto "
            "UTF-8-merkistössä (esimerkiksi GitHubin selaineditori tekee tämän itse).",
            "file is not valid UTF-8",
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return problem(line, "not-utf8", "Tiedostossa on NUL-merkki. Tallenna tiedosto tekstinä.", "NUL byte")
    bidi = _BIDI_CONTROL.search(text)
    if bidi:
        line = text[: bidi.start()].count("\n") + 1
        return problem(
            line,
            "control-character",
            f"Rivillä on näkymätön tekstin suuntaa vaihtava merkki (U+{ord(bidi.group()):04X}). "
            "Se voi saada tekstin näyttämään muulta kuin se on: poista merkki (kirjoita rivi uudelleen).",
            "bidirectional control character",
        )
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text[: tab.start()].count("\n") + 1
        return problem(
            line,
            "tab",
            "Rivin sisennyksessä on sarkain (tab). YAML hyväksyy sisennykseen vain välilyöntejä: "
            "korvaa sarkain välilyönneillä.",
            "tab in indentation",
        )

    events: list[Event] = []
    try:
        refused = _refused_event(text, display_path, events)
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(display_path, error)
    except yaml.reader.ReaderError as error:
        return _unreadable_character(display_path, text, error)
    if refused:
        return None, [refused]

    try:
        node = _EventComposer(events).get_single_node()
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(display_path, error)
    if node is None or (isinstance(node, ScalarNode) and node.value == "" and node.tag.endswith(":null")):
        return problem(
            1,
            "empty",
            "Tiedosto on tyhjä. Kirjoita sisältö tai poista tiedosto.",
            "empty file",
        )

    source = SourceFile(display_path, None, text=text)
    problems: list[Problem] = []
    source.data = _to_python(node, (), source, problems)
    # Duplicate keys keep the first value so that the rest of the file is still checked; the
    # caller publishes nothing while any problem remains.
    return source, problems


def _refused_event(text: str, display_path: str, events: list[Event]) -> Problem | None:
    """The first anchor, alias, explicit tag or too deep nesting, read event by event.

    Events are taken lazily and reading stops at the first refusal: PyYAML's scanner slows down
    with every open bracket, so a file of nested brackets must not be read to its end. The events
    read are kept in `events`, from which the file is composed without reading it again.
    """

    def problem(line: int, kind: str, message: str, english: str) -> Problem:
        return Problem(display_path, line, "", kind, message, english)

    depth = 0
    for event in yaml.parse(text, Loader=_ContentLoader):
        events.append(event)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, AliasEvent) or anchor:
            line = event.start_mark.line + 1
            return problem(
                line,
                "anchor",
                "YAML-ankkurit ja -viittaukset (& ja *) eivät ole käytössä tässä sisällössä. "
                "Kirjoita arvo auki jokaiseen kohtaan.",
                "anchors and aliases are not allowed",
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit_tag = tag is not None and (
            (isinstance(event, ScalarEvent) and not any(implicit))
            or (isinstance(event, CollectionStartEvent) and not implicit)
        )
        if explicit_tag and tag != "!":
            return problem(
                event.start_mark.line + 1,
                "tag",
                f"YAML-tagi {tag} ei ole sallittu. Poista tagi (!-merkillä alkava merkintä); "
                "arvot kirjoitetaan tavallisena tekstinä.",
                "explicit YAML tags are not allowed",
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return problem(
                    event.start_mark.line + 1,
                    "too-deep",
                    f"Sisäkkäisiä tasoja on liikaa (enintään {MAX_DEPTH}). Tarkista sisennykset.",
                    "nesting too deep",
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


class _EventComposer(_ContentLoader):
    """Composes nodes from events already read (and checked) instead of parsing the text again."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__("")
        self._events = deque(events)

    def check_event(self, *choices) -> bool:
        return bool(self._events) and (not choices or isinstance(self._events[0], choices))

    def peek_event(self) -> Event:
        return self._events[0]

    def get_event(self) -> Event:
        return self._events.popleft()


def _unreadable_character(display_path: str, text: str, error: yaml.reader.ReaderError) -> tuple[None, list[Problem]]:
    line = text[: error.position].count("\n") + 1
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return None, [
        Problem(
            display_path,
            line,
            "",
            "control-character",
            f"Rivillä on ohjausmerkki tai muu näkymätön merkki (U+{code:04X}), jota YAML ei hyväksy. "
            "Poista merkki; jos teksti on kopioitu toisesta ohjelmasta, kirjoita rivi uudelleen.",
            "character not allowed in YAML",
        )
    ]


def _syntax_problem(display_path: str, error: yaml.MarkedYAMLError) -> tuple[None, list[Problem]]:
    # A scanner error (an unclosed quote, say) is clearest where the broken value starts.
    scanner = isinstance(error, yaml.scanner.ScannerError) and error.context_mark is not None
    mark = error.context_mark if scanner else (error.problem_mark or error.context_mark)
    line = mark.line + 1 if mark else 1
    detail = error.problem or "tuntematon virhe"
    return None, [
        Problem(
            display_path,
            line,
            "",
            "syntax",
            "YAML-rakenne on rikki tällä rivillä tai juuri sen yläpuolella. Tarkista sisennykset, "
            "kaksoispisteet ja lainausmerkit (kaksoispisteen jälkeen tulee välilyönti; teksti, "
            "jossa on ': ' tai joka alkaa merkillä [ { * & ! | > ' \" % @ `, kirjoitetaan "
            "lainausmerkkeihin).",
            f"YAML syntax error: {detail}",
        )
    ]


_constructor = _ContentLoader("")


def _to_python(node: Node, path: Path_, source: SourceFile, problems: list[Problem]) -> Any:
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                problems.append(
                    Problem(source.path, key_line, format_field(path), "bad-key",
                            "Kentän nimen pitää olla tavallista tekstiä.", "mapping key is not a scalar")
                )
                continue
            key = key_node.value
            if key == "<<":
                problems.append(
                    Problem(source.path, key_line, format_field(path), "anchor",
                            "YAML-yhdistämisavain << ei ole käytössä. Kirjoita kentät auki.",
                            "merge keys are not allowed")
                )
                continue
            if key in result:
                first = source.key_lines[path + (key,)]
                problems.append(
                    Problem(
                        source.path,
                        key_line,
                        format_field(path + (key,)),
                        "duplicate-key",
                        f"Kenttä '{key}' on kirjoitettu kahteen kertaan (myös rivillä {first}). "
                        "Vain toinen jäisi voimaan ja toisen teksti katoaisi: yhdistä ne yhdeksi kentäksi.",
                        "duplicate key",
                    )
                )
                continue
            source.key_lines[path + (key,)] = key_line
            result[key] = _to_python(value_node, path + (key,), source, problems)
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, path + (index,), source, problems) for index, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    source.scalars[path] = ScalarInfo(
        line=node.start_mark.line + 1,
        tag=node.tag,
        plain=node.style is None,
        source_text=node.value,
    )
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        # YAML 1.1 reads 1:2:3:… as a base-60 integer, in time that grows with the square of its
        # length: no number in the content is this long.
        problems.append(
            Problem(source.path, node.start_mark.line + 1, format_field(path), "bad-scalar",
                    f"Luku on liian pitkä (yli {MAX_NUMBER_CHARS} merkkiä). Jos se on tekstiä, kirjoita se "
                    "lainausmerkkeihin.", "number too long")
        )
        return None
    try:
        value = _constructor.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError, OverflowError):
        problems.append(
            Problem(source.path, node.start_mark.line + 1, format_field(path), "bad-scalar",
                    "Arvoa ei voi lukea. Kirjoita se lainausmerkkeihin tekstinä.", "unreadable scalar")
        )
        return None
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud83d\ude00" escapes in quotes give surrogate halves, which cannot be written as UTF-8:
        # join the pairs into characters and refuse what is left unpaired.
        try:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            problems.append(
                Problem(source.path, node.start_mark.line + 1, format_field(path), "bad-scalar",
                        "Tekstissä on \\u-koodi, joka ei ole merkki (pariton sijaismerkki). "
                        "Kirjoita merkki sellaisenaan koodin sijaan.", "unpaired surrogate")
            )
            return None
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")
