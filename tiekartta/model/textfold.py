"""Text as the privacy and credential guard reads it, with the way back to the text as written.

What reaches a reader is what the guard must see, however it was typed. Two views of a text:

* folded: invisible format characters removed (soft hyphen, zero-width space, joiners, word
  joiner, direction marks: Unicode's Cf category and the other default-ignorable characters),
  then NFKC (fullwidth digits and letters, ligatures, superscripts become plain ones; a letter and
  its combining marks one letter), then the combining marks NFKC left removed (1̲31052 reads
  131052; enclosing marks too, so the keycap digits 1️⃣3️⃣1️⃣… read 131…), every digit of
  another script (and every circled digit NFKC keeps, ➊ ❶ ⓵) made an ASCII digit, every dash a hyphen, every space,
  line and paragraph separator and the blank braille pattern a space, the ideographic full stop
  (。, a dot in an address) a dot, and every
  letter that Unicode's confusables list (UTS #39, from the confusable-homoglyphs package) says
  looks like an ASCII letter made that letter (Cyrillic "а" reads "a", Greek "Ο" reads "O").
  ASCII itself and the Finnish letters are kept as they are.
* unmarked: the folded view with Markdown and inline HTML markup taken out as rendering takes it
  out: emphasis and code marks (* _ ` ~), backslash escapes, inline tags such as <b> and <span>,
  and character references (&shy; &#45;) read as the characters they stand for.
  `131052-*308*T` reads `131052-308T`, as it does on the page.

Each view keeps, for every character, the span of the written text it came from, so that a finding
in a view is reported as the text an editor wrote (and can find on the line).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import cache
from importlib import resources

# Default-ignorable characters that are not in category Cf: combining grapheme joiner, Hangul
# fillers, Khmer inherent vowels, Mongolian free variation selectors, variation selectors.
_IGNORABLE_OUTSIDE_CF = [
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x3164, 0xFFA0,
    *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0),
]
# Inline HTML that Markdown passes through and a reader does not see.
_INLINE_TAG = (
    r"</?(?i:a|abbr|b|bdi|bdo|br|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|"
    r"sub|sup|time|u|var|wbr)(?:\s[^<>\n]{0,200})?/?>"
)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_MARKS = "*_`~\\"
_MARKUP_STARTS = "*_`~\\&<"


_IGNORABLE_SET = frozenset(map(chr, _IGNORABLE_OUTSIDE_CF))
_MARKUP = re.compile(f"[{re.escape(_MARKS)}]|{_ENTITY}|{_INLINE_TAG}")
# What each character folds to ("" when it is removed), learned as characters are first seen:
# a text holds few distinct characters, and all of Unicode need not be looked at.
_FOLD: dict[str, str] = {}


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    # Enclosing marks (Me) too: "1" with U+20E3 is a keycap that shows its digit, 1️⃣.
    if category in ("Cf", "Mn", "Me") or char in _IGNORABLE_SET:
        return ""
    if category == "Nd":
        return str(unicodedata.digit(char))
    if category == "No" and unicodedata.digit(char, None) is not None:
        return str(unicodedata.digit(char))  # a digit NFKC keeps: circled ones such as ➊ ⓵ ❶ read 1
    if category == "Pd" or char == "\u2212":
        return "-"
    if category in ("Zs", "Zl", "Zp") or char == _BLANK_BRAILLE:
        return " "
    if char == _IDEOGRAPHIC_FULL_STOP:
        return "."
    return _confusable_ascii().get(char, char)


_BLANK_BRAILLE = "\u2800"  # shows as a space
# A dot in an address as IDNA reads it (UTS #46): "matti@esimerkki。fi" is matti@esimerkki.fi in a
# mailto: link. NFKC makes the halfwidth one (U+FF61) this one.
_IDEOGRAPHIC_FULL_STOP = "\u3002"


def _invisible(char: str) -> bool:
    """Removed before NFKC. A combining mark is removed after it, when it has composed with its
    letter (a + U+0308 is ä) or found none to compose with."""
    return char > "\x7f" and _fold_of(char) == "" and unicodedata.category(char) != "Mn"


def _fold_of(char: str) -> str:
    folded_char = _FOLD.get(char)
    if folded_char is None:
        folded_char = _FOLD[char] = _fold_char(char)
    return folded_char


@cache
def _confusable_ascii() -> dict[str, str]:
    """Non-ASCII characters that Unicode's confusables list maps to one ASCII letter, digit or mark.

    A letter is only ever read as a letter (Cyrillic "З" is not read as the digit 3), in its own
    case (UTS #39 maps capital I-like letters to a small "l": they are read as "I").
    """
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    found: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii() and e["c"].isprintable()]
        if char.isalpha():
            targets = [t for t in targets if t.isalpha()]
        elif char.isdigit():
            targets = [t for t in targets if t.isdigit()]
        if not targets:
            continue
        target = targets[0]
        if target.isalpha():
            if char.isupper():
                target = "I" if target == "l" else target.upper()
            elif char.islower():
                target = target.lower()
        found[char] = target
    return found


class View:
    """A text as the guard reads it, and the way back: span() gives the part of the written text
    that a part of the view came from. The way back is worked out only when it is asked for (when
    something was found), character by character; the view's text itself is made in C."""

    __slots__ = ("text", "_base", "_build", "_spans")

    def __init__(self, text: str, build=None, base: View | None = None):
        self.text = text
        self._base = base  # spans of this view are in base's text (the folded view of unmarked)
        self._build = build  # () -> (text, starts, ends); None: the same character for character
        self._spans: tuple[list[int], list[int]] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the written text that the view's text[start:end] came from."""
        if self._build is not None:
            if self._spans is None:
                text, starts, ends = self._build()
                # Made the slow way the text must come out the same; if Unicode composition ever
                # made them differ, the whole text is reported rather than a wrong part of it.
                self._spans = (starts, ends) if text == self.text else ([], [])
            starts, ends = self._spans
            if not starts:
                start, end = 0, len(self.text) if self._base is None else len(self._base.text)
            elif start >= end:
                start = end = starts[start] if start < len(starts) else ends[-1]
            else:
                start, end = starts[start], ends[end - 1]
        return self._base.span(start, end) if self._base is not None else (start, end)


# Characters that a text may hold and still be its own folded view: ASCII, and what is learned to
# fold to itself, alone and beside any other such character (no combining marks or Hangul jamo,
# which compose with their neighbours).
_STABLE: set[str] = {chr(code) for code in range(0x80)}
_UNSTABLE: set[str] = set()


def _learn(chars: set[str]) -> None:
    for char in chars:
        stable = (
            _fold_of(char) == char
            and unicodedata.normalize("NFKC", char) == char
            and unicodedata.category(char)[0] != "M"
            and not ("\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" or "\ua960" <= char <= "\ua97f"
                     or "\ud7b0" <= char <= "\ud7ff")
        )
        (_STABLE if stable else _UNSTABLE).add(char)


def folded(text: str) -> View:
    """The folded view of text (see the module's docstring)."""
    if text.isascii():
        return View(text)
    chars = set(text)
    if not chars <= _STABLE:  # set operations in C: nearly every character has been seen before
        _learn(chars - _STABLE - _UNSTABLE)
    if chars <= _STABLE:
        return View(text)
    changed = {char: _fold_of(char) for char in chars if char > "\x7f"}
    changed = {char: other for char, other in changed.items() if other != char}
    if unicodedata.is_normalized("NFKC", text):
        if not changed:
            return View(text)
        if "" not in changed.values():
            return View(_replace(text, changed))  # one character for one character
    # Invisible characters out, NFKC, then the characters that NFKC left or made folded.
    normal = unicodedata.normalize("NFKC", _replace(text, {c: "" for c in changed if _invisible(c)}))
    return View(_replace(normal, {char: _fold_of(char) for char in set(normal) if char > "\x7f"}),
                build=lambda: folded_by_character(text))


def _replace(text: str, replacements: dict[str, str]) -> str:
    """Each character replaced by its replacement (one str.replace each: far faster than
    str.translate on text beyond ASCII). No replacement is itself replaced."""
    for char, other in replacements.items():
        if other != char:
            text = text.replace(char, other)
    return text


def unmarked(text: str, view: View | None = None) -> View | None:
    """The view without Markdown and inline HTML markup (made from the folded view of text, or
    `view` if given), or None when there is none of it."""
    view = view if view is not None else folded(text)
    if not any(char in view.text for char in _MARKUP_STARTS):  # one fast substring search each
        return None
    return View(_MARKUP.sub(_unmark, view.text), build=lambda: unmarked_by_character(view.text), base=view)


def plain(text: str) -> str:
    """The folded text alone (no spans): for comparing and hashing."""
    return folded(text).text


def _unmark(match: re.Match) -> str:
    piece = match.group()
    if len(piece) > 1 and piece[0] == "&":
        return plain(html.unescape(piece))
    return ""  # an emphasis mark, an escape's backslash or an inline tag


def unmarked_by_character(text: str) -> tuple[str, list[int], list[int]]:
    """_MARKUP.sub(_unmark, text), and for each character of it its span in text."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _MARKUP.finditer(text):
        start, end = match.span()
        out.append(text[position:start])
        starts.extend(range(position, start))
        ends.extend(range(position + 1, start + 1))
        replacement = _unmark(match)
        out.append(replacement)
        starts.extend([start] * len(replacement))
        ends.extend([end] * len(replacement))
        position = end
    out.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(out), starts, ends


def folded_by_character(text: str) -> tuple[str, list[int], list[int]]:
    """The folded text made character by character (each with the span of text it came from)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    length = len(text)
    position = 0
    while position < length:
        start = position
        position += 1
        if _invisible(text[start]):
            continue
        # A character and the combining marks (and invisible characters) after it, composed together.
        while position < length and (unicodedata.category(text[position])[0] == "M" or _invisible(text[position])):
            position += 1
        piece = "".join(char for char in text[start:position] if not _invisible(char))
        if not piece.isascii():
            piece = unicodedata.normalize("NFKC", piece)
        for char in piece:
            char = _fold_of(char) if char > "\x7f" else char
            if char:
                out.append(char)
                starts.append(start)
                ends.append(position)
    return "".join(out), starts, ends
