"""Finnish proofreading of what readers and editors read: the words of the built site and of the
error messages, spell-checked and grammar-checked with Voikko (Debian's libvoikko and voikko-fi,
the same Voikko the search uses).

Words Voikko does not know but that are right here (names, abbreviations, the sources' own
spellings) are listed with the reason in tests/builds/proofreading-allowed.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

ALLOWED_FILE = Path(__file__).resolve().parent / "proofreading-allowed.txt"

# Text that is not Finnish prose: code, identifiers and file names an editor types, and what the
# page marks as another language (GitHub's English button names, lang="en").
_SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "noscript", "template"}
# Attributes whose text a reader meets: alternative texts, labels read out by screen readers,
# tooltips and the search box's hint.
_READ_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")
# Elements whose text is read as one block: a sentence, a heading, a label, an item.
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "figcaption", "dt", "dd",
    "summary", "label", "option", "button", "blockquote", "div", "nav", "header", "footer",
    "title", "text", "main", "article", "section", "form", "body", "legend",
}
# Addresses and paths: https://…, www.…, a/b/c, file.yaml.
_ADDRESS = re.compile(r"\S*(?:https?://|www\.)\S*|(?<![\w.])\.[a-z]{2,4}\b|\S+/\S+|\S+\.(?:yaml|yml|json|csv|ics|atom|md|html|io|fi|com|org)\b\S*")
# A word: letters, with inner hyphens, colons (P-K:n) and apostrophes.
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:[-:’'][A-Za-zÅÄÖåäöÉéÜü]+)*")
# Voikko's grammar checks that do not fit a site's text blocks, by Voikko's error code: headings,
# list items, table cells, labels and the sources' own noun phrases are not whole sentences
# (9: no full stop at the end; 17: no main verb); list items and text after a colon start with a
# small letter by design (7); names and the sources' titles keep their capitals ("Sosiaalityön
# Tiekartta 2025", 6). The other checks (spaces, punctuation, repeated words …) apply.
GRAMMAR_CODES_FOR_FRAGMENTS = {6, 7, 9, 17}


@dataclass(frozen=True)
class Finding:
    where: str
    word: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.word!r} ({self.context})"


@cache
def voikko():
    import libvoikko

    return libvoikko.Voikko("fi")


@cache
def allowed_words() -> frozenset[str]:
    """The reviewed list: one word a line, '#' starts a comment (the reason)."""
    words = set()
    for line in ALLOWED_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.casefold())
    return frozenset(words)


def _language(tag: Tag) -> str:
    for parent in (tag, *tag.parents):
        if isinstance(parent, Tag) and parent.get("lang"):
            return str(parent["lang"])
    return "fi"


def _block_text(tag: Tag) -> str:
    """The text of one block, its nested blocks left out (they are blocks of their own) and code
    replaced by a neutral word, so that the sentence around it still reads as one."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in _BLOCKS:
                parts.append(" ")
            elif child.name in _SKIPPED_TAGS:
                parts.append("koodi" if child.name in ("code", "kbd", "samp") else " ")
            elif _language(child) != "fi":
                parts.append("nimi")
            elif child.name == "a":
                # Links side by side (a navigation bar) are separate words even without a space.
                previous = child.previous_sibling
                parts.append((" " if isinstance(previous, Tag) else "") + _block_text(child))
            else:
                parts.append(_block_text(child))
    return "".join(parts)


def texts_of_page(html: str) -> list[str]:
    """The blocks of Finnish text a reader sees on one page: the title, every block of the body
    (paragraphs, list items, headings, cells, captions, SVG texts) and the read attributes.
    Web addresses and file paths are left out: they are not words."""
    soup = BeautifulSoup(html, "html.parser")
    texts: list[str] = []
    if soup.title and soup.title.string:
        texts.append(soup.title.string)
    body = soup.body or soup
    for tag in body.find_all(True):
        if tag.name in _SKIPPED_TAGS or any(p.name in _SKIPPED_TAGS for p in tag.parents):
            continue
        if _language(tag) != "fi":
            continue
        for attribute in _READ_ATTRIBUTES:
            if tag.get(attribute):
                texts.append(str(tag[attribute]))
        if tag.name == "text":
            # The lines of one SVG label (the picture wraps long names) are read as one text.
            if (previous := tag.find_previous_sibling(True)) is not None and previous.name == "text":
                continue
            lines = [tag]
            while (following := lines[-1].find_next_sibling(True)) is not None and following.name == "text":
                lines.append(following)
            texts.append(" ".join(_block_text(line) for line in lines))
        elif tag.name in _BLOCKS:
            texts.append(_block_text(tag))
    return [" ".join(_ADDRESS.sub("verkko-osoite", text).split()) for text in texts if text.strip()]


def message_prose(message: str) -> str:
    """An error message without what it quotes from the editor's file ('kuvau', "12.00") and
    without paths and identifiers: the words the message itself says."""
    without_quotes = re.sub(r"'[^']*'|\"[^\"]*\"|”[^”]*”|`[^`]*`", "lainaus", message)
    return " ".join(_ADDRESS.sub("verkko-osoite", without_quotes).split())


def _known(word: str) -> bool:
    if word.casefold() in allowed_words() or voikko().spell(word):
        return True
    if word.endswith("-") and len(word) > 2:
        return _known(word[:-1])  # "JSON- ja CSV-tiedostoissa"
    # A compound with a hyphen whose parts are known ("TEAMS-alustukset": a name and a word).
    parts = re.split(r"[-:]", word)
    return len(parts) > 1 and all(part and _known(part) for part in parts)


def unknown_words(texts: list[str], where: str) -> list[Finding]:
    found = []
    for text in texts:
        for match in _WORD.finditer(text):
            word = match.group(0).strip("-:'’")
            if text[match.end():match.end() + 1] == "-":
                word += "-"  # the first part of "oppimis- ja harjoitteluympäristö"
            if len(word) < 2 or _known(word):
                continue
            found.append(Finding(where, word, text.strip()[:80]))
    return found


def grammar_errors(texts: list[str], where: str) -> list[Finding]:
    found = []
    for text in texts:
        text = " ".join(text.split())
        if not text:
            continue
        for error in voikko().grammarErrors(text, "fi"):
            if error.errorCode in GRAMMAR_CODES_FOR_FRAGMENTS:
                continue
            wrong = text[error.startPos:error.startPos + error.errorLen]
            found.append(Finding(where, f"{wrong} – {error.shortDescription}", text[:80]))
    return found
