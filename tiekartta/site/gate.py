"""The publishing gate: everything the site publishes passes here, whatever made it.

- Every page's HTML, generated or hand-written in docs/, is cleaned the same way
  (tiekartta.pages.sanitize: nh3 with the site's allow-list). Anything the cleaning removes, or an
  id that stands twice, is a warning naming the page's source file: the strict build fails, the
  preview shows the cleaned page and says what to fix. An id or attribute of the theme's own
  elements (tiekartta.boundary.theme_ids) stops the build, in the preview too.
- The text that is actually published (each page's visible text after Markdown, the open data
  files with the change feed, the search records) goes through the privacy and credential guard
  (tiekartta.model.sensitive.find_in_text). A finding stops the build naming the file; the
  preview warns instead. A text that roadmap/tarkistetut-poikkeukset.yaml allows passes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from enum import Enum
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from lxml import etree
from mkdocs.exceptions import Abort, PluginError

from ..boundary.handwritten_markup import handwritten_markup_problems_in
from ..boundary.theme_ids import theme_id_problems_in
from ..model.entities import ID_PATTERN
from ..model.sensitive import EMAIL_ADDRESS, find_in_text
from ..pages.render import domain
from ..pages.sanitize import clean_page_html

log = logging.getLogger("mkdocs.plugins.tiekartta")


class Kind(Enum):
    PAGE = "sivu"  # a page's HTML as Markdown made it: cleaned, then its visible text checked
    DATA = "avoimen datan tiedosto"  # text published as it is: checked
    SEARCH = "hakutietue"  # a page's search record (tiekartta.search.index): checked


class PublishingGate:
    """One per build. `admit` is the only way into the site."""

    def __init__(self, *, stop_on_findings: bool, allowed: Iterable[str] = (), site_host: str | None = None,
                 project: Path | None = None) -> None:
        self.stop_on_findings = stop_on_findings  # False in the preview: it warns instead
        self.project = project  # where the source files named by `admit` are, to name the line of a finding
        self.allowed = frozenset(allowed)  # texts a person has reviewed (tarkistetut-poikkeukset.yaml)
        # The site's own identifiers look like addresses at its host (the calendar's event UIDs,
        # "id@host", as iCalendar has them); the site has no mailboxes.
        self.own_suffix = f"@{site_host.lower()}" if site_host else None

    def admit(self, published: str, source: str, content: str, kind: Kind, source_text: str = "",
              beside: Iterable[str] = (), sources: tuple[str, ...] = ()) -> str:
        """The content as it may be published. `published`: its path or URL on the site;
        `source`: the file an editor can fix; `source_text`: its text, if a page was written by
        hand (the line of a problem is where it first has the text); `beside`: what the theme
        prints beside the page from other sources than its HTML (HTML text): the titles of its
        table of contents and its list of changes; `sources`: every file the content was made
        from, where a finding's line is looked for (`source` when empty)."""
        if kind is Kind.PAGE:
            cleaned = clean_page_html(content)
            # In the page as published: nh3 reads HTML as a browser does, and libxml2 then reads
            # the well-formed HTML nh3 writes (not the raw HTML, where the two may disagree).
            problems = theme_id_problems_in(cleaned.tree, source, source_text)
            if problems:
                raise PluginError("\n".join(p.format() for p in problems))
            if source_text:  # written by hand: all of its text shows, and it asks the reader nothing
                # A warning, as what the cleaning removes: the preview shows the page, a strict
                # build (every published one) stops.
                for problem in handwritten_markup_problems_in(cleaned.tree, source, source_text):
                    log.warning(problem.format())
            self._report_cleaning(published, source, cleaned.removed, cleaned.duplicate_ids)
            for address in dict.fromkeys(map(str, _disguised_addresses(cleaned.tree) if cleaned.tree is not None else ())):
                log.warning(
                    "Sivulla %s (lähde %s) on linkki tai osoite %s, joka näyttää sivuston omalta mutta vie selaimessa "
                    "toiselle sivustolle (alkaa //:lla tai siinä on kenoviiva). Kirjoita sivuston sisäinen linkki "
                    "suhteellisena ja ulkoinen kokonaisena https://-osoitteena.", published, source, address,
                )
            for shown, address in _links_showing_another_address(cleaned.tree):
                log.warning(
                    "Sivulla %s (lähde %s) on linkki, jonka teksti on osoite %s mutta joka vie osoitteeseen %s. "
                    "Kirjoita linkin tekstiksi osoite, johon se vie, tai sanallinen kuvaus.", published, source, shown, address,
                )
            content = cleaned.html
            # The table of contents is printed from Markdown's toc tokens, not from this HTML (a
            # heading's `{ data-toc-label="…" }` is shown there only: the toc extension removes it),
            # and the list of changes from the content's history.
            text = "\n".join([text_of(cleaned.tree), *(" ".join(unescape(shown).split()) for shown in beside)])
        elif published.endswith(".ics"):
            text = unfolded_ical(content)
        else:
            text = content
        self._guard(published, source, sources, text, kind)
        return content

    def _own(self, found: str, what: str, published: str) -> bool:
        """The calendar's own event identifier ("id@host"): an e-mail address in form, in the
        calendar only. Not a password or key that merely ends with the host
        ("salasana:x@host" is found as one credential), nor an address on a page."""
        if self.own_suffix is None or what != EMAIL_ADDRESS or not published.endswith(".ics"):
            return False
        local, _, host = found.lower().rpartition("@")
        return f"@{host}" == self.own_suffix and _EVENT_ID.fullmatch(local) is not None

    def _report_cleaning(self, page: str, source: str, removed: tuple[str, ...], duplicates: tuple[str, ...]) -> None:
        if removed:
            log.warning(
                "Sivulta %s (lähde %s) poistettiin HTML:ää, jota sivusto ei julkaise: %s. "
                "Poista se lähteestä (tai korjaa pohja, joka sen teki) ennen julkaisua.",
                page, source, ", ".join(removed),
            )
        for anchor in duplicates:
            log.warning(
                "Sivulla %s (lähde %s) on kaksi kohtaa samalla osoitteella #%s, joten linkki vie vain "
                "ensimmäiseen. Nimeä toinen niistä uudelleen.", page, source, anchor,
            )

    def _guard(self, published: str, source: str, sources: tuple[str, ...], text: str, kind: Kind) -> None:
        found = [(found, what) for found, what in find_in_text(text)
                 if found not in self.allowed and not self._own(found, what, published)]
        if not found:
            return
        findings = sorted({what for _, what in found})
        located = self._line_of([text for text, _ in found], sources or (source,))
        where = f"{located[0]}, rivi {located[1]}" if located else source
        # What was found is not repeated here: the build log may itself be public.
        message = (
            f"{where}: julkaistavassa tekstissä ({kind.value} {published}) on {', '.join(findings)}. "
            "Henkilötietoja ja tunnistetietoja ei julkaista: poista ne lähdetiedostosta."
        )
        if located and located[2]:
            message += (" Julkaistussa tekstissä rivin teksti yhdistyy muotoiluun tai viereiseen tekstiin (esim. "
                        "otsikko ja sitä seuraava teksti), ja vasta yhdessä ne muodostavat tämän tiedon: poista tieto "
                        "tai muotoile rivi toisin.")
        if self.stop_on_findings:
            raise Abort(message)
        log.warning(message)

    def _line_of(self, found: list[str], sources: tuple[str, ...]) -> tuple[str, int, bool] | None:
        """(file, line, joined): the first line of the source files that has a finding's text, or
        else the first that has the rarest of its words (joined: the finding joins that line's text
        to other text, as the page or file shows them side by side); None when no line has any."""
        texts = {}
        for source in sources:
            try:
                texts[source] = (Path(self.project) / source).read_text(encoding="utf-8").casefold().splitlines()
            except (TypeError, OSError, UnicodeDecodeError):
                continue  # no project (a unit test), or not a text file
        rows = [(source, number, row) for source, lines in texts.items() for number, row in enumerate(lines, start=1)]
        for text in found:
            whole = next(((source, number, False) for source, number, row in rows if text.casefold() in row), None)
            if whole:
                return whole
            # The rarest of its words that a line has (the first of equals): "passwd" of
            # "passwd: Lähde …", not the word the file has everywhere.
            having = [[(source, number) for source, number, row in rows if word.casefold() in row]
                      for word in _WORDS.findall(text)]
            rarest = min((lines for lines in having if lines), key=len, default=None)
            if rarest:
                return (*rarest[0], True)
        return None


_WORDS = re.compile(r"\w{3,}")
_EVENT_ID = re.compile(ID_PATTERN)  # the calendar's UIDs are the events' ids (tiekartta.opendata.ical)


# Every attribute's value, in document order (XPath, in C): what a reader sees or a screen reader
# hears (title, alt, aria-label …) and what a page carries without showing it (links, ids, data-
# attributes). Left out: class names, and the SVG pictures' geometry, which is numbers only
# (libxml2's HTML parser gives attribute names in lower case).
_GEOMETRY = ("class", "d", "viewbox", "x", "y", "cx", "cy", "r", "width", "height", "rx", "refx", "refy",
             "markerwidth", "markerheight")
_READ_ATTRIBUTES = etree.XPath("//@*[not(" + " or ".join(f"name()='{name}'" for name in _GEOMETRY) + ")]")
_TEXT = etree.XPath("string()")  # all text, comments left out (as lxml.html's text_content())
# Addresses a browser reads as another site's though they look like the site's own: "//host/…"
# (the scheme is the page's) and any with a backslash, which browsers read as a slash
# ("/\host/", "https:/\host"). A browser first removes every tab and line break from an address
# and the control characters and spaces around it: "/&#9;/host/" and "&#1;//host/" are "//host/".
_ADDRESSES = etree.XPath(
    "//@*[name()='href' or name()='src' or name()='action' or name()='formaction' or name()='poster']"
)
_TABS_AND_LINE_BREAKS = re.compile(r"[\t\n\r]")
_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))


def _disguised_addresses(tree: etree._Element) -> list[str]:
    found = []
    for value in map(str, _ADDRESSES(tree)):
        read = _TABS_AND_LINE_BREAKS.sub("", value).strip(_CONTROLS_AND_SPACE)
        if read.startswith("//") or "\\" in value:
            found.append(value)
    return found


def text_of(tree: etree._Element | None) -> str:
    """What the guard reads of a page's content (the tree of sanitize.read_html): the text a
    reader sees and the values of its attributes."""
    if tree is None:
        return ""
    # Inline markup joins its text as the reader sees it ("131052-<em>308</em>T" is one word),
    # and a browser shows every run of white space in it as one space (a line break inside a
    # paragraph too: "040⏎555 1234" reads "040 555 1234"). Each attribute's value on a line of its
    # own, read decoded (mailto:a%40b.fi).
    return "\n".join([" ".join(str(_TEXT(tree)).split()), *(unquote(str(value)) for value in _READ_ATTRIBUTES(tree))])


_LINKS = etree.XPath("//a[@href]")
# A link text that is a web address: with its scheme or www., or a host name alone or with its path
# ("sosiaalityon-tiekartta.github.io/tiekartta/", "thl.fi/ohjeet") under a top-level domain the
# site's readers know, so that a file name ("index.html") is not one.
_SHOWN_ADDRESS = re.compile(
    r"https?:|www\.|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:fi|ax|se|no|dk|ee|eu|de|uk|com|org|net|info|edu|gov|int|io)(?::\d+)?(?:[/?#\s]|$)",
    re.IGNORECASE,
)


def _host(address: str) -> str:
    """The host a web address leads to, also one written without its scheme ("www.thl.fi", "thl.fi/x")."""
    address = address.strip()
    return domain(address if address.lower().startswith(("http:", "https:")) else f"https://{address}")


def _links_showing_another_address(tree: etree._Element | None) -> list[tuple[str, str]]:
    """(text, href) of the links whose text is a web address at another host than the one they
    lead to: "https://sosiaalityon-tiekartta.github.io/opas/" that leads to evil.example."""
    found = []
    for link in _LINKS(tree) if tree is not None else ():
        shown, address = " ".join(str(_TEXT(link)).split()), str(link.get("href"))
        shown_host = _host(shown.split()[0]) if shown and _SHOWN_ADDRESS.match(shown) else ""
        if shown_host and domain(address) and shown_host != domain(address):
            found.append((shown, address))
    return found


def unfolded_ical(text: str) -> str:
    """iCalendar text with its long lines joined again (RFC 5545 folds them at 75 octets), so that
    the guard reads each value whole."""
    return re.sub(r"\r?\n[ \t]", "", text)
