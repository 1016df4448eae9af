"""MkDocs' warnings about the links of a hand-written page, said in Finnish with the page's file and
line: "Doc file 'tietoa.md' contains a link 'x.md', but the target is not found …" names neither
the file an editor opens (docs/tietoa.md) nor the line, and is English. The warning keeps its level,
so the strict build still stops at it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

_LOGGER = "mkdocs.structure.pages"
_SUGGESTION = r"(?: Did you mean '(?P<hint>[^']*)'\?)?"
_WARNINGS = [
    (re.compile(r"Doc file '(?P<page>[^']*)' contains a link '(?P<link>[^']*)', but the target(?: '[^']*')? is not "
                r"found among documentation files\." + _SUGGESTION + r"\Z"),
     "Linkin kohdetta '{link}' ei ole. Tarkista sivun tai kuvan tiedoston nimi ja polku: polku alkaa tämän "
     "sivun kansiosta, ja docs/-kansion sivuun linkitetään sen .md-tiedostolla, esim. [Opas](opas/index.md)."),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains an unrecognized relative link '(?P<link>[^']*)', it was left "
                r"as is\." + _SUGGESTION + r"\Z"),
     "Linkki '{link}' ei osoita mihinkään sivuston tiedostoon. Linkitä docs/-kansion sivuun sen .md-tiedostolla, "
     "esim. [Opas](opas/index.md), tai kirjoita koko verkko-osoite, esim. https://osoite.fi."),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains an absolute link '(?P<link>[^']*)', it was left as is\."
                + _SUGGESTION + r"\Z"),
     "Linkki '{link}' alkaa kauttaviivalla, eikä se toimi julkaistulla sivustolla. Linkitä sivun "
     ".md-tiedostoon tämän sivun kansiosta alkaen, esim. [Opas](opas/index.md)."),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains a link '(?P<link>[^']*)', but the doc '(?P<doc>[^']*)' does "
                r"not contain an anchor '#(?P<anchor>[^']*)'\.\Z"),
     "Linkin '{link}' kohdesivulla {doc} ei ole kohtaa '#{anchor}'. Tarkista kohdan nimi: se on otsikon "
     "tunniste (pienet kirjaimet, välilyönnit väliviivoina)."),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains a link '(?P<link>[^']*)', but there is no such anchor on "
                r"this page\.(?P<rest>.*)\Z", re.DOTALL),
     "Tällä sivulla ei ole linkin '{link}' kohtaa. Tarkista kohdan nimi: se on otsikon tunniste (pienet "
     "kirjaimet, välilyönnit väliviivoina)."),
]


class FinnishLinkWarnings(logging.Filter):
    """Rewrites MkDocs' link warnings of the pages in `docs_dir` (a hand-written page's file
    exists there; a generated page's link is the templates' concern and keeps MkDocs' words)."""

    def __init__(self, docs_dir: Path, docs_folder: str) -> None:
        super().__init__()
        self.docs_dir = docs_dir
        self.docs_folder = docs_folder

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, finnish in _WARNINGS:
            match = pattern.match(message)
            if match is None:
                continue
            page = self.docs_dir / match["page"]
            if not page.is_file():
                return True
            parts = match.groupdict()
            text = finnish.format(**parts)
            if parts.get("hint"):
                text += f" Tarkoititko '{parts['hint']}'?"
            record.msg = f"{self.docs_folder}/{match['page']}, rivi {_line_of(page, match['link'])}: {text}"
            record.args = ()
            return True
        return True


def _line_of(page: Path, link: str) -> int:
    """The first line of the page that has the link as written, as a whole address (1 when none has)."""
    try:
        lines = page.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    written = re.compile(r"(?:^|(?<=[(\s\"'<=]))" + re.escape(link) + r"(?=[)\s\"'>]|$)")
    for number, line in enumerate(lines, start=1):
        if written.search(line):
            return number
    return 1


def say_link_warnings_in_finnish(docs_dir: Path, docs_folder: str) -> None:
    """Installs the filter for this build's docs/ (replacing the previous build's: one per process)."""
    logger = logging.getLogger(_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, FinnishLinkWarnings)]:
        logger.removeFilter(old)
    logger.addFilter(FinnishLinkWarnings(docs_dir, docs_folder))
