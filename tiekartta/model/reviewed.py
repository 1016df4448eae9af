"""Reviewed exceptions: roadmap/tarkistetut-poikkeukset.yaml lists findings of the privacy and
credential guard that a maintainer has checked and allowed (an organisation's official e-mail
address, a number that only looks like a henkilötunnus). One entry per finding: the file, the
field, the exact text and the reason.

Who may add one: an entry is a second person's decision. `.github/CODEOWNERS` makes the
maintainers review every change to the file, and tiekartta.model.reviewed_change refuses a change
that adds an entry together with the text it allows (`make check-poikkeukset`, run on every pull
request against its base). So an entry is added in a change of its own, before the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from .entities import Line, Record
from .messages import problems_from_validation
from .problems import Problem
from .yaml_source import read_source

ALLOWLIST_FILE = "tarkistetut-poikkeukset.yaml"


class ReviewedFinding(Record):
    file: str = Field(alias="tiedosto", min_length=1, description="Tiedosto, esim. 'roadmap/tuotokset/x.yaml'.")
    field: str | None = Field(
        default=None, alias="kenttä",
        description="Kenttä virheilmoituksen mukaan, esim. 'kuvaus'. Jätä pois, jos löydös ei ole kentässä (kommentti).",
    )
    text: str = Field(alias="teksti", min_length=1, description="Löydetty teksti täsmälleen virheilmoituksen mukaan.")
    reason: Line = Field(alias="peruste", description="Miksi teksti saa näkyä (esim. organisaation virallinen osoite).")

    def allows(self, file: str, field: str, text: str) -> bool:
        return self.file == file and self.text == text and (self.field is None or self.field == field)


class ReviewedFindings(Record):
    """roadmap/tarkistetut-poikkeukset.yaml: findings checked by a person and allowed."""

    entries: tuple[ReviewedFinding, ...] = Field(alias="poikkeukset", description="Tarkistetut poikkeukset.")


@dataclass(frozen=True)
class Reviewed:
    """The entries of the file (with the line of each), and how the file is named in messages."""

    shown: str
    entries: tuple[tuple[ReviewedFinding, int], ...] = ()

    def allowed_texts(self) -> frozenset[str]:
        """Every text some entry allows: for checking what is published from the content (a page,
        a data file), where a finding no longer stands in the file the entry names."""
        return frozenset(entry.text for entry, _ in self.entries)

    def entry_for(self, file: str, field: str, text: str) -> int | None:
        """Index of the entry that allows the finding, or None."""
        return next((i for i, (entry, _) in enumerate(self.entries) if entry.allows(file, field, text)), None)


def read_reviewed(content_dir: Path, shown: Callable[[Path], str]) -> tuple[Reviewed, list[Problem]]:
    """The reviewed entries under content_dir, and the problems of the file if it has any."""
    path = content_dir / ALLOWLIST_FILE
    display = shown(path)
    if not path.is_file() or path.is_symlink():
        return Reviewed(display), []
    source, problems = read_source(path, display)
    if source is None or problems:
        return Reviewed(display), problems
    try:
        reviewed = ReviewedFindings.model_validate(source.data)
    except ValidationError as error:
        return Reviewed(display), problems_from_validation(error, source, ReviewedFindings)
    entries = tuple((entry, source.line_of(("poikkeukset", i))) for i, entry in enumerate(reviewed.entries))
    return Reviewed(display, entries), []
