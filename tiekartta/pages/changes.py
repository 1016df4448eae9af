"""The "Mikä muuttui" page and each page's own list of changes, from content diffs.

The changes themselves come from tiekartta.model.diff (between this content and each published
edition's open data, tiekartta.opendata.editions; and file by file through git history,
tiekartta.opendata.history). Here they get their links: to the record's page in this version
(when the record still exists) and to its page in the earlier edition (when it existed there).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..model import Roadmap
from ..model.diff import REMOVED, Change, grouped
from . import routes
from .render import finnish_date, render

if TYPE_CHECKING:  # the open data imports pages: its types only, for the annotations
    from ..opendata.editions import EditionChanges
    from ..opendata.history import ContentChange

HELSINKI = ZoneInfo("Europe/Helsinki")
RECENT = 20  # the newest changes on the "Mikä muuttui" page
PAGE_HISTORY = 10  # the newest changes in a page's own list


@dataclass(frozen=True)
class LinkedChange:
    change: Change
    here: str | None  # URL of the record's page in this version, relative to the listing page
    there: str | None  # URL of its page in the earlier edition


@dataclass(frozen=True)
class EditionSection:
    version: str
    published: str | None  # Finnish date
    readable: bool
    groups: list[tuple[str, list[LinkedChange]]]
    count: int


@dataclass(frozen=True)
class DatedChange:
    date: str  # Finnish date
    iso: str
    change: Change
    here: str | None


def _edition_url(here: str, version: str, path: str, relative: bool, absolute: str | None) -> str | None:
    """The page at `path` in the edition's folder: beside this version's folder when this site is
    itself a version (a relative URL that works on any host), else the edition's own address."""
    if relative:
        depth = routes.page_url(here).count("/")
        return "../" * (depth + 1) + posixpath.join(version, path)
    return absolute


def whats_new_page(roadmap: Roadmap, since: list[EditionChanges], recent: list[ContentChange],
                   current_version: str | None, versioned: bool) -> str:
    """The Markdown of the "Mikä muuttui" page. `versioned`: this site is one version folder of
    several (a build by mike), so earlier editions are its siblings."""
    here = routes.WHATS_NEW
    pages = routes.record_pages(roadmap)
    sections = []
    for item in since:
        edition = item.edition
        old_records = _records_by_key(edition.document or {})
        linked = []
        for change in item.changes:
            target = pages.get((change.collection, change.entity_id)) if change.action != REMOVED else None
            old = old_records.get((change.collection, change.old_id or change.entity_id))
            path = edition.page_path(old) if old else None
            there = _edition_url(here, edition.version, path, versioned, old.get("osoite")) if path is not None else None
            linked.append(LinkedChange(change, routes.relative_url(here, target) if target else None, there))
        sections.append(EditionSection(
            edition.version, finnish_date(edition.published) if edition.published else None, item.readable,
            [(action, [c for c in linked if c.change.action == action]) for action, _ in grouped(item.changes)],
            len(item.changes),
        ))
    return render("whats_new.md.j2", here, sections=sections, current_version=current_version,
                  recent=[_dated(c, pages, here) for c in recent[:RECENT]])


def _records_by_key(document: dict) -> dict[tuple[str, str], dict]:
    from ..model.diff import COLLECTIONS, collection_records

    return {(collection, entity_id): record for collection in COLLECTIONS
            for entity_id, record in collection_records(document, collection).items()}


def _dated(item: ContentChange, pages: dict, here: str) -> DatedChange:
    when = item.date.astimezone(HELSINKI)
    target = pages.get((item.change.collection, item.change.entity_id)) if item.change.action != REMOVED else None
    return DatedChange(finnish_date(when.date()), when.isoformat(), item.change,
                       routes.relative_url(here, target) if target else None)


def page_history(changes: Iterable[ContentChange]) -> list[dict]:
    """A page's own "Muutokset": its newest changes, newest first, as the footer shows them.
    Several commits of one day that changed the same fields read the same: the line is shown once."""
    ordered = sorted(changes, key=lambda c: c.date, reverse=True)
    entries = []
    shown = set()
    for item in ordered:
        if len(entries) == PAGE_HISTORY:
            break
        when = item.date.astimezone(HELSINKI)
        entry = {"paiva": finnish_date(when.date()), "iso": when.isoformat(), "teksti": item.change.title}
        if (entry["paiva"], entry["teksti"]) in shown:
            continue
        shown.add((entry["paiva"], entry["teksti"]))
        entries.append(entry)
    return entries


def latest(changes: Iterable[ContentChange]) -> datetime | None:
    return max((c.date for c in changes), default=None)
