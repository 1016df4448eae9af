"""Open data: the content as JSON (with its schema), CSV, iCalendar and change feeds (Atom, JSON Feed).

Each format is one function that takes the Roadmap and returns the file's bytes or text; they
need no MkDocs. `downloads` gives all of them with their paths under the site, for the build.
Licence of all of them: CC BY 4.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..model import Roadmap
from ..pages import GeneratedPage, routes
from ..pages.build import common_context
from ..pages.render import render
from .common import LICENCE_NAME, LICENCE_SHORT, LICENCE_URL, PUBLISHER
from .csv_data import COLUMN_DESCRIPTIONS as CSV_COLUMNS
from .csv_data import LIST_SEPARATOR as CSV_LIST_SEPARATOR
from .csv_data import outputs_csv
from .feed import MAX_ENTRIES as FEED_MAX_ENTRIES
from .feed import changes_feed, changes_json_feed
from .history import ContentChange, History
from .ical import dated_events, events_ical, undated_events

__all__ = ["Download", "downloads", "open_data_page"]


@dataclass(frozen=True)
class Download:
    path: str  # under the site root, e.g. "data/tiekartta.json"
    content: bytes


def downloads(
    roadmap: Roadmap,
    site_url: str,
    repo_url: str,
    history: History,
    generated_at: datetime | None = None,
    content_folder: str = "roadmap",
    changes: list[ContentChange] | None = None,
) -> list[Download]:
    """Every open data file, made from the model (and from git history for dates; the feeds from
    the content's changes, tiekartta.opendata.history)."""
    from .json_data import json_schema, roadmap_json  # here: its models are built as it is imported

    generated_at = generated_at or datetime.now(timezone.utc)
    last_changed = history.last_changed()
    changes = changes or []
    content_dates = [date for path, date in last_changed.items() if path.startswith(content_folder + "/")]
    updated = max((c.date for c in changes), default=None) or (max(content_dates) if content_dates else None)
    return [
        Download(routes.DATA_JSON, roadmap_json(roadmap, site_url, repo_url, updated).encode("utf-8")),
        Download(routes.DATA_SCHEMA, json_schema(site_url).encode("utf-8")),
        Download(routes.DATA_CSV, outputs_csv(roadmap, site_url)),
        Download(routes.DATA_ICS, events_ical(roadmap, site_url, last_changed, generated_at)),
        Download(routes.DATA_FEED, changes_feed(roadmap, changes, site_url, generated_at)),
        Download(routes.DATA_JSON_FEED, changes_json_feed(roadmap, changes, site_url)),
    ]


def open_data_page(roadmap: Roadmap) -> GeneratedPage:
    """The page that presents the open data files (`downloads`), their formats and licence."""
    licence = {"short": LICENCE_SHORT, "name": LICENCE_NAME, "url": LICENCE_URL, "publisher": PUBLISHER}
    markdown = render(
        "open_data.md.j2", routes.OPEN_DATA, licence=licence,
        events=roadmap.events, dimensions=roadmap.dimensions, reflections=roadmap.reflections,
        dated=dated_events(roadmap), undated=undated_events(roadmap),
        csv_columns=CSV_COLUMNS, csv_list_separator=CSV_LIST_SEPARATOR, max_entries=FEED_MAX_ENTRIES,
        **common_context(roadmap),
    )
    return GeneratedPage(routes.OPEN_DATA, markdown, None, roadmap.sources)
