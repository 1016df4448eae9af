"""The events as an iCalendar file (RFC 5545, with the calendar properties of RFC 7986).

Only events whose date the source gives in full are in the calendar: a calendar entry cannot
say "23.11., year not known", and an inferred year must not look like a fact. Events with a
clock time are in Finnish time (Europe/Helsinki, with its VTIMEZONE); others are all-day events.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import nh3

from ..model import Roadmap
from ..model.entities import Event
from ..pages import routes
from ..pages.render import markdown_to_html
from .common import PUBLISHER, absolute, rights

HELSINKI = ZoneInfo("Europe/Helsinki")
PRODID = f"-//{PUBLISHER}//Tapahtumat//FI"


def dated_events(roadmap: Roadmap) -> tuple[Event, ...]:
    return tuple(e for e in roadmap.events if e.when.full_date)


def undated_events(roadmap: Roadmap) -> tuple[Event, ...]:
    """Events left out of the calendar because the source does not give the year."""
    return tuple(e for e in roadmap.events if not e.when.full_date)


def _clock(value: str) -> time:
    hours, minutes = value.split(".")
    return time(int(hours), int(minutes))


def _plain(markdown_text: str) -> str:
    """Markdown from the content -> plain text (calendar programs show descriptions as text)."""
    return html.unescape(nh3.clean(str(markdown_to_html(markdown_text)), tags=set())).strip()


def _description(roadmap: Roadmap, event: Event, url: str) -> str:
    lines = [_plain(event.description)] if event.description else []
    if event.organiser:
        lines.append(f"Järjestäjä: {roadmap.body_by_id[event.organiser].name}")
    if event.project:
        lines.append(f"Hanke: {roadmap.project_by_id[event.project].name}")
    themes = [roadmap.theme_by_id[t].name for t in event.themes]
    if themes:
        lines.append(f"Teemat: {', '.join(themes)}")
    lines.append(f"Lisätietoja: {url}")
    return "\n\n".join(lines)


def _times(event: Event) -> tuple[date | datetime, date | datetime | None]:
    day = event.when.full_date
    if event.when.starts:
        start = datetime.combine(day, _clock(event.when.starts), HELSINKI)
        end = datetime.combine(day, _clock(event.when.ends), HELSINKI) if event.when.ends else None
        return start, end
    return day, day + timedelta(days=1)  # all-day: DTEND is the day after (RFC 5545 3.6.1)


def uid_host(site_url: str) -> str:
    """The host of the calendar's identifiers (UID "id@host"): the site's own, or the project's name."""
    return urlsplit(site_url).hostname or "sosiaalityon-tiekartta"


def events_ical(
    roadmap: Roadmap,
    site_url: str,
    last_changed: Mapping[str, datetime],
    generated_at: datetime,
) -> bytes:
    """The calendar; `last_changed` gives each event file's last change (DTSTAMP), if known."""
    # Imported here: the pages use this module's event lists without needing icalendar.
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    host = uid_host(site_url)
    calendar = Calendar.new(
        prodid=PRODID,
        name=f"{PUBLISHER} – tapahtumat",
        description=f"Sosiaalityön kehittämisen tapahtumat. {rights(site_url)}",
        method="PUBLISH",
        calscale="GREGORIAN",
        uid=f"tapahtumat@{host}",
        url=absolute(site_url, routes.EVENTS) if site_url else None,
    )
    # How often a subscribed calendar is fetched again. The property has no default value type, so
    # RFC 7986 (5.7) requires VALUE=DURATION, which icalendar's refresh_interval leaves out.
    calendar.add("REFRESH-INTERVAL", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("X-WR-TIMEZONE", "Europe/Helsinki")
    for event in dated_events(roadmap):
        url = absolute(site_url, routes.event(event))
        start, end = _times(event)
        stamp = last_changed.get(event.source, generated_at).astimezone(timezone.utc)
        item = CalendarEvent.new(
            uid=f"{event.id}@{host}",
            stamp=stamp,
            summary=event.name,
            start=start,
            end=end,
            location=event.place,
            description=_description(roadmap, event, url),
            url=url if site_url else None,
            last_modified=stamp if event.source in last_changed else None,
        )
        if event.themes:
            item.categories = [roadmap.theme_by_id[t].name for t in event.themes]
        calendar.add_component(item)
    years = [e.when.year for e in dated_events(roadmap)]
    if years:
        # The time zone's rules for the years the events are in (the default stops at 2038).
        calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical()
