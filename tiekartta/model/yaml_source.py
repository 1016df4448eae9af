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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from .nesting import MAX_INLINE_MARKS, MAX_NESTING, too_deep
from .problems import Problem, format_field

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_NUMBER_CHARS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

Path_ = tuple[str | int, ...]


# libyaml's parser when PyYAML has it (the wheels do): it reads a file about ten times faster than
# the pure-Python one, which matters when the content holds thousands of files. Both give the
# same events and line numbers.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ContentLoader(_SafeLoader):
    """Safe loader without implicit timestamps: dates stay text until the model checks them."""


class _PythonContentLoader(yaml.SafeLoader):
    """The same in pure Python, for files libyaml refuses: its error messages and positions
    are the ones the checks explain (and it reads some escapes libyaml rejects outright)."""


_ContentLoader.yaml_implicit_resolvers = _PythonContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ScalarInfo(NamedTuple):
    """How a scalar was written, to explain YAML 1.1 surprises (`on` -> True, `23.11` -> 23.11).

    A named tuple: one is made for every value of every file, and it is the cheapest record."""

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
# Line breaks YAML reads but editors do not show as such (next line, line and paragraph
# separator, pasted from other programs): YAML would break the line there, and every line number
# after it would differ from the one the editor shows.
_UNSHOWN_LINE_BREAK = re.compile("[\x85\u2028\u2029]")
# Embedding, override and isolate controls and direction marks: invisible, and they can make
# text read backwards.
BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What no value may hold, however it was written (a YAML escape such as "\u202e" or "\0" too):
# control characters other than tab and line feed, and the text-direction characters.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {
    "\x00": "NUL-merkki", "\x07": "äänimerkki", "\x08": "askelpalautin", "\x0b": "pystysarkain",
    "\x0c": "sivunvaihto", "\x0d": "rivinpalautus", "\x1b": "ESC-merkki", "\x7f": "DEL-merkki",
}


# What a file's text may not have anywhere, checked before YAML reads it: (pattern, kind, the
# message with the character's code point, English).
_TEXT_CHECKS = (
    (BIDI_CONTROL, "control-character",
     "Rivillä on näkymätön tekstin suuntaa vaihtava merkki (U+{code:04X}). Se voi saada tekstin näyttämään "
     "muulta kuin se on: poista merkki (kirjoita rivi uudelleen).",
     "bidirectional control character"),
    (_UNSHOWN_LINE_BREAK, "control-character",
     "Rivillä on näkymätön rivinvaihtomerkki (U+{code:04X}), jonka YAML lukee rivinvaihdoksi, vaikka editori "
     "ei näytä sitä. Se tulee usein tekstin mukana toisesta ohjelmasta: poista merkki (kirjoita rivi uudelleen).",
     "line break that editors do not show"),
    (_TAB_INDENT, "tab",
     "Rivin sisennyksessä on sarkain (tab). YAML hyväksyy sisennykseen vain välilyöntejä: korvaa sarkain "
     "välilyönneillä.",
     "tab in indentation"),
)


def read_source(file: Path, display_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse one YAML file. Returns the parsed file, or None and the problems that stop it."""

    def problem(line: int, kind: str, message: str, english: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, "", kind, message, english)]

    def empty() -> tuple[None, list[Problem]]:
        return problem(1, "empty", "Tiedosto on tyhjä. Kirjoita sisältö tai poista tiedosto.", "empty file")

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
    for pattern, kind, message, english in _TEXT_CHECKS:
        found = pattern.search(text)
        if found:
            line = text[: found.start()].count("\n") + 1
            return problem(line, kind, message.format(code=ord(found.group()[-1])), english)

    events: list[Event] = []
    try:
        try:
            refused = _refused_event(text, display_path, events, _ContentLoader)
        except (yaml.MarkedYAMLError, yaml.reader.ReaderError):
            events.clear()
            refused = _refused_event(text, display_path, events, _PythonContentLoader)
    except yaml.MarkedYAMLError as error:
        return _syntax_problem(display_path, error)
    except yaml.reader.ReaderError as error:
        return _unreadable_character(display_path, text, error)
    if refused:
        return None, [refused]

    # The checked events are turned into data directly: composing nodes costs as much again when
    # thousands of files are read. Events: stream start, then each document as document start,
    # its root value, document end; then stream end.
    if len(events) < 4 or type(events[1]) is not DocumentStartEvent:
        return empty()
    root = events[2]
    if type(root) is ScalarEvent:
        if type(events[4]) is DocumentStartEvent:
            return _second_document(display_path, events, 4)
        if root.value == "" and _scalar_tag(root).endswith(":null"):
            return empty()

    source = SourceFile(display_path, None, text=text)
    problems: list[Problem] = []
    source.data, end = _Builder(events, source, problems).value(2, ())
    if type(events[end + 1]) is DocumentStartEvent:  # events[end] ends the first document
        return _second_document(display_path, events, end + 1)
    # Duplicate keys keep the first value so that the rest of the file is still checked; the
    # caller publishes nothing while any problem remains.
    return source, problems


def _second_document(display_path: str, events: list, second: int) -> tuple[None, list[Problem]]:
    """What composing would have said of a file with two documents (two '---' lines)."""
    return _syntax_problem(display_path, ComposerError(
        "expected a single document in the stream", events[1].start_mark,
        "but found another document", events[second].start_mark,
    ))


def _refused_event(text: str, display_path: str, events: list[Event], loader: type) -> Problem | None:
    """The first anchor, alias, explicit tag or too deep nesting, read event by event.

    Events are taken lazily and reading stops at the first refusal: PyYAML's scanner slows down
    with every open bracket, so a file of nested brackets must not be read to its end. The events
    read are kept in `events`, from which the file is composed without reading it again.
    """

    def problem(line: int, kind: str, message: str, english: str) -> Problem:
        return Problem(display_path, line, "", kind, message, english)

    def anchor(event) -> Problem:
        return problem(
            event.start_mark.line + 1,
            "anchor",
            "YAML-ankkurit ja -viittaukset (& ja *) eivät ole käytössä tässä sisällössä. "
            "Kirjoita arvo auki jokaiseen kohtaan.",
            "anchors and aliases are not allowed",
        )

    def tag(event) -> Problem:
        return problem(
            event.start_mark.line + 1,
            "tag",
            f"Huutomerkillä alkava YAML-merkintä {event.tag} ei ole sallittu. Poista se; "
            "arvot kirjoitetaan tavallisena tekstinä.",
            "explicit YAML tags are not allowed",
        )

    depth = 0
    for event in yaml.parse(text, Loader=loader):
        events.append(event)
        kind = type(event)  # the parser makes these exact classes; a scalar is the common case
        if kind is ScalarEvent:
            if event.anchor:
                return anchor(event)
            if event.tag is not None and event.tag != "!" and not any(event.implicit):
                return tag(event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor:
                return anchor(event)
            if event.tag is not None and event.tag != "!" and not event.implicit:
                return tag(event)
            depth += 1
            if depth > MAX_DEPTH:
                return problem(
                    event.start_mark.line + 1,
                    "too-deep",
                    f"Sisäkkäisiä tasoja on liikaa (enintään {MAX_DEPTH}). Tarkista sisennykset.",
                    "nesting too deep",
                )
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        elif kind is AliasEvent:
            return anchor(event)
    return None


def refuses_structure(text: str) -> bool:
    """Whether the text has what content files may not: an anchor or alias (an alias bomb grows
    without bound when the data is walked or written out), an explicit tag or too deep nesting.
    For texts read without read_source, such as earlier versions of a file in git history."""
    return _refused_event(text, "", [], _ContentLoader) is not None


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


_STR = "tag:yaml.org,2002:str"
# First characters that some implicit type (bool, int, float, null …) can start with. Plain text
# starting with any other character is text, so the resolver need not run for it.
_RESOLVABLE_FIRST = frozenset(_ContentLoader.yaml_implicit_resolvers)


def _scalar_tag(event: ScalarEvent) -> str:
    """The tag YAML gives the scalar: its explicit tag, or the one its text resolves to."""
    if event.tag is None or event.tag == "!":
        value = event.value
        if value and value[0] not in _RESOLVABLE_FIRST and None not in _RESOLVABLE_FIRST:
            return _STR
        return _constructor.resolve(ScalarNode, value, event.implicit)
    return event.tag


class _Builder:
    """Plain data from the (already checked) events of one document, recording where each value
    stands. Anchors, aliases and explicit tags were refused before this runs."""

    def __init__(self, events: list, source: SourceFile, problems: list[Problem]):
        self.events = events
        self.source = source
        self.problems = problems
        self._lines: list[str] | None = None  # the file's lines, split when first needed

    def value(self, index: int, path: Path_, record: bool = True) -> tuple[Any, int]:
        """The value whose events start at index, and the index after them. `record` is False for
        values that are skipped (after a bad or repeated key): they leave no lines or problems."""
        event = self.events[index]
        if record:
            self.source.lines[path] = event.start_mark.line + 1
        kind = type(event)
        if kind is ScalarEvent:
            return self._scalar(event, path, record), index + 1
        if kind is MappingStartEvent:
            return self._mapping(index + 1, path, record)
        if kind is SequenceStartEvent:
            items = []
            index += 1
            while type(self.events[index]) is not SequenceEndEvent:
                item, index = self.value(index, path + (len(items),), record)
                items.append(item)
            return items, index + 1
        raise AssertionError(f"unexpected YAML event {event}")  # aliases were refused earlier

    def _mapping(self, index: int, path: Path_, record: bool) -> tuple[dict[str, Any], int]:
        source = self.source
        result: dict[str, Any] = {}
        while type(self.events[index]) is not MappingEndEvent:
            key_event = self.events[index]
            key_line = key_event.start_mark.line + 1
            if type(key_event) is not ScalarEvent:
                self._add(record, key_line, path, "bad-key",
                          "Kentän nimen pitää olla tavallista tekstiä.", "mapping key is not a scalar")
                _, index = self.value(index, path, record=False)
                _, index = self.value(index, path, record=False)
                continue
            key = key_event.value
            index += 1
            control = _CONTROL_IN_VALUE.search(key)
            if control:
                self._add(record, key_line, path, "control-character", _control_message(control.group(), "Kentän nimessä"),
                          "control or bidirectional character in a key")
                _, index = self.value(index, path, record=False)
                continue
            if key == "<<":
                self._add(record, key_line, path, "anchor",
                          "YAML-yhdistämisavain << ei ole käytössä. Kirjoita kentät auki.", "merge keys are not allowed")
                _, index = self.value(index, path, record=False)
                continue
            if key in result:
                first = source.key_lines.get(path + (key,), key_line)
                self._add(record, key_line, path + (key,), "duplicate-key",
                          f"Kenttä '{key}' on kirjoitettu kahteen kertaan (myös rivillä {first}). "
                          "Vain toinen jäisi voimaan ja toisen teksti katoaisi: yhdistä ne yhdeksi kentäksi.",
                          "duplicate key")
                _, index = self.value(index, path, record=False)
                continue
            if record:
                source.key_lines[path + (key,)] = key_line
            result[key], index = self.value(index, path + (key,), record)
        return result, index + 1

    def _add(self, record: bool, line: int, path: Path_, kind: str, message: str, english: str) -> None:
        if record:
            self.problems.append(Problem(self.source.path, line, format_field(path), kind, message, english))

    def _comment_after(self, event: ScalarEvent, path: Path_) -> None:
        """`nimi: Työpaja #2`: YAML reads ' #' and the rest of the line as a comment, so the text
        would end at 'Työpaja' without a word. A comment goes on a line of its own."""
        if self._lines is None:
            self._lines = self.source.text.split("\n")
        mark = event.end_mark
        rest = self._lines[mark.line][mark.column:] if mark.line < len(self._lines) else ""
        if _COMMENT_AFTER_VALUE.match(rest):
            shown = f"{event.value} {rest.strip()}"
            shown = shown if len(shown) <= 80 else shown[:77] + "…"
            self._add(True, mark.line + 1, path, "comment-in-value",
                      f"Rivin loppu '{rest.strip()}' jää pois: YAML lukee välilyönnin jälkeisen #-merkin ja "
                      f"sitä seuraavan tekstin kommentiksi. Jos # kuuluu tekstiin, kirjoita koko teksti "
                      f"lainausmerkkeihin: \"{shown}\". Jos se on kommentti, siirrä se omalle rivilleen.",
                      "comment after a plain value")

    def _scalar(self, event: ScalarEvent, path: Path_, record: bool) -> Any:
        if not record:
            return None
        tag = _scalar_tag(event)
        line = event.start_mark.line + 1
        value = event.value
        self.source.scalars[path] = ScalarInfo(
            line=line,
            tag=tag,
            plain=event.style in (None, ""),  # libyaml marks a plain scalar with "", PyYAML with None
            source_text=value,
        )
        if event.style in (None, ""):
            self._comment_after(event, path)
        if tag == _STR:
            pass  # what the constructor returns for text, without its overhead
        elif tag in _NUMBER_TAGS and len(value) > MAX_NUMBER_CHARS:
            # YAML 1.1 reads 1:2:3:… as a base-60 integer, in time that grows with the square of
            # its length: no number in the content is this long.
            self._add(True, line, path, "bad-scalar",
                      f"Luku on liian pitkä (yli {MAX_NUMBER_CHARS} merkkiä). Jos se on tekstiä, kirjoita se "
                      "lainausmerkkeihin.", "number too long")
            return None
        else:
            node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            try:
                value = _constructor.construct_object(node, deep=True)
            except (yaml.constructor.ConstructorError, ValueError, OverflowError):
                self._add(True, line, path, "bad-scalar",
                          "Arvoa ei voi lukea. Kirjoita se lainausmerkkeihin tekstinä.", "unreadable scalar")
                return None
            finally:
                # The constructor remembers every node it made; these nodes are used once.
                _constructor.constructed_objects.pop(node, None)
        if isinstance(value, str) and _CONTROL_IN_VALUE.search(value):
            control = _CONTROL_IN_VALUE.search(value)
            self._add(True, line, path, "control-character", _control_message(control.group(), "Arvossa"),
                      "control or bidirectional character in a value")
            return None
        if isinstance(value, str) and (deep := too_deep(value)) is not None:
            # A literal block's text starts on the line after its "|": its lines are the file's.
            self._add(True, line + deep if event.style == "|" else line, path, "too-deep",
                      f"Tekstissä on liian monta sisäkkäistä tasoa (luetteloita, lainauksia tai HTML-lohkoja, "
                      f"enintään {MAX_NESTING}) tai yhdessä kappaleessa liikaa muotoilumerkkejä (*, _, ~, [; enintään "
                      f"{MAX_INLINE_MARKS}). Tarkista sisennykset ja muotoilumerkit.",
                      "Markdown nested too deep")
            return None
        if isinstance(value, str) and _SURROGATE.search(value):
            # "\ud83d\ude00" escapes in quotes give surrogate halves, which cannot be written as
            # UTF-8: join the pairs into characters and refuse what is left unpaired.
            try:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                self._add(True, line, path, "bad-scalar",
                          "Tekstissä on \\u-koodi, joka ei ole merkki (pariton sijaismerkki). "
                          "Kirjoita merkki sellaisenaan koodin sijaan.", "unpaired surrogate")
                return None
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")
_COMMENT_AFTER_VALUE = re.compile(r"[ \t]+#")


_OR_ZERO = " tai \\0"


def _control_message(char: str, where: str) -> str:
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or char in "\u061c\u200e\u200f":
        what = "näkymätön tekstin suuntaa vaihtava merkki"
    else:
        what = "näkymätön ohjausmerkki" + (f" ({_CONTROL_NAMES[char]})" if char in _CONTROL_NAMES else "")
    return (
        f"{where} on {what} (U+{code:04X}), luultavasti kirjoitettuna lainausmerkkien sisään koodina "
        f"(kuten \\u{code:04x}{_OR_ZERO if code == 0 else ''}). Se voi rikkoa sivun, avoimen datan tai syötteen tai saada tekstin "
        "näyttämään muulta kuin se on: poista merkki tai sen koodi."
    )
