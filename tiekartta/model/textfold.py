"""Text as the privacy and credential guard reads it, with the way back to the text as written.

What reaches a reader is what the guard must see, however it was typed. Two views of a text:

* folded: NFKC (fullwidth digits and letters, ligatures, superscripts become plain ones), then
  invisible format characters removed (soft hyphen, zero-width space, joiners, word joiner,
  direction marks: Unicode's Cf category and the other default-ignorable characters), then every
  digit of another script made an ASCII digit, every dash a hyphen, every space a space, and every
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
from dataclasses import dataclass
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
    r"</?(?:a|abbr|b|bdi|bdo|br|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|"
    r"sub|sup|time|u|var|wbr)(?:\s[^<>\n]{0,200})?/?>"
)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_MARKS = "*_`~\\"
_MAY_HAVE_MARKUP = re.compile(r"[*_`~\\&<]")


_IGNORABLE_SET = frozenset(map(chr, _IGNORABLE_OUTSIDE_CF))
_PIECE = re.compile(f"{_ENTITY}|{_INLINE_TAG}", re.IGNORECASE)
# What each character folds to ("" when it is removed), learned as characters are first seen:
# a text holds few distinct characters, and all of Unicode need not be looked at.
_FOLD: dict[str, str] = {}


def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cf" or char in _IGNORABLE_SET:
        return ""
    if category == "Nd":
        return str(unicodedata.digit(char))
    if category == "Pd" or char == "\u2212":
        return "-"
    if category == "Zs":
        return " "
    return _confusable_ascii().get(char, char)


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


@dataclass(frozen=True)
class View:
    """A text as the guard reads it. starts/ends: for each character of text, the span of the
    written text it came from; None when the two are the same character for character."""

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the written text that the view's text[start:end] came from."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            position = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return position, position
        return self.starts[start], self.ends[end - 1]


def folded(text: str) -> View:
    """The folded view of text (see the module's docstring)."""
    if text.isascii():
        return View(text)
    if unicodedata.is_normalized("NFKC", text):
        changed = {char: _fold_of(char) for char in set(text) if char > "\x7f"}
        changed = {char: other for char, other in changed.items() if other != char}
        if not changed:
            return View(text)
        if "" not in changed.values():
            return View(text.translate(str.maketrans(changed)))  # one character for one character
    return _mapped(text, markup=False)


def unmarked(text: str) -> View | None:
    """The view without Markdown and inline HTML markup, or None when text has none of it."""
    if not _MAY_HAVE_MARKUP.search(text):
        return None
    return _mapped(text, markup=True)


def plain(text: str) -> str:
    """The folded text alone (no spans): for comparing and hashing."""
    return folded(text).text


def _mapped(text: str, markup: bool) -> View:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    length = len(text)
    position = 0
    while position < length:
        start = position
        char = text[position]
        position += 1
        if markup and char in "&<":
            piece_match = _PIECE.match(text, start)
            if piece_match:
                position = piece_match.end()
                if char == "<":
                    continue  # an inline tag: not seen
                piece = html.unescape(piece_match.group())
            else:
                piece = char
        elif markup and char in _MARKS:
            continue
        else:
            # A character and the combining marks after it, composed together.
            while position < length and unicodedata.category(text[position])[0] == "M":
                position += 1
            piece = text[start:position]
        if not piece.isascii():
            piece = unicodedata.normalize("NFKC", piece)
        for char in piece:
            char = _fold_of(char) if char > "\x7f" else char
            if char:
                out.append(char)
                starts.append(start)
                ends.append(position)
    return View("".join(out), starts, ends)
