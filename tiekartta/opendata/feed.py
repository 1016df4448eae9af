"""The change feed: the content's changes as Atom (data/muutokset.atom) and JSON Feed
(data/muutokset.json), one entry per record changed in a commit, newest first.

Each entry says what changed in the content ("Päivitetty: Kuntouttava sosiaalityö (kuvaus)"),
links to the record's page and is dated by the commit. The changes are computed from the content
(tiekartta.opendata.history): nothing from a commit's message, author or e-mail reaches the feed.
Without git history the feeds are valid and empty.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote

from ..model import Roadmap
from ..model.diff import REMOVED
from ..pages import routes
from ..pages.render import environment
from .common import LICENCE_URL, PUBLISHER, absolute, rights
from .history import ContentChange

MAX_ENTRIES = 50  # feed readers poll often: the newest changes are enough
TITLE = f"{PUBLISHER} – sisällön muutokset"
SUBTITLE = "Tiekartan, teemojen, tapahtumien ja tietopankin muutokset, uusin ensin."


def _entry_id(site_url: str, item: ContentChange) -> str:
    return f"{absolute(site_url, routes.DATA_FEED)}#{item.sha}/{item.change.collection}/{quote(item.change.entity_id)}"


def _link(site_url: str, item: ContentChange, pages: dict) -> str:
    change = item.change
    page = pages.get((change.collection, change.entity_id)) if change.action != REMOVED else None
    return absolute(site_url, page or routes.WHATS_NEW)


def feed_entries(changes: list[ContentChange]) -> list[ContentChange]:
    return sorted(changes, key=lambda c: c.date, reverse=True)[:MAX_ENTRIES]


def changes_feed(roadmap: Roadmap, changes: list[ContentChange], site_url: str, generated_at: datetime) -> bytes:
    """The Atom feed."""
    from feedgen.feed import FeedGenerator  # here: as icalendar in ical.events_ical

    entries = feed_entries(changes)
    pages = routes.record_pages(roadmap)
    feed = FeedGenerator()
    feed.id(absolute(site_url, routes.DATA_FEED))
    feed.title(TITLE)
    feed.subtitle(SUBTITLE)
    feed.author({"name": PUBLISHER, "uri": site_url} if site_url else {"name": PUBLISHER})
    feed.link(href=absolute(site_url, routes.DATA_FEED), rel="self", type="application/atom+xml")
    feed.link(href=absolute(site_url, routes.WHATS_NEW), rel="alternate", type="text/html")
    feed.link(href=LICENCE_URL, rel="license")
    feed.language("fi")
    feed.rights(rights(site_url))
    feed.updated(entries[0].date if entries else generated_at.astimezone(timezone.utc))
    template = environment().get_template("opendata/feed_entry.html.j2")
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(_entry_id(site_url, item))
        entry.title(item.change.title)
        entry.updated(item.date)
        entry.published(item.date)
        entry.link(href=_link(site_url, item, pages), rel="alternate", type="text/html")
        entry.category(term=item.change.collection, label=item.change.kind)
        entry.content(template.render(change=item.change), type="html")
    return feed.atom_str(pretty=True)


def changes_json_feed(roadmap: Roadmap, changes: list[ContentChange], site_url: str) -> bytes:
    """The same as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    pages = routes.record_pages(roadmap)
    template = environment().get_template("opendata/feed_entry.html.j2")
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "description": SUBTITLE,
        "home_page_url": absolute(site_url, routes.WHATS_NEW),
        "feed_url": absolute(site_url, routes.DATA_JSON_FEED),
        "language": "fi",
        "authors": [{"name": PUBLISHER, **({"url": site_url} if site_url else {})}],
        "items": [
            {
                "id": _entry_id(site_url, item),
                "url": _link(site_url, item, pages),
                "title": item.change.title,
                "content_html": template.render(change=item.change),
                "date_published": item.date.isoformat(),
                "tags": [item.change.kind],
            }
            for item in feed_entries(changes)
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
