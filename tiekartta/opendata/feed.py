"""An Atom feed of content changes, from git history: one entry per commit that changed roadmap/.

The feed names no commit authors: a reader needs what changed and when, and editors' names stay
in the version history where they were given. Without git history the feed is valid and empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..model import Roadmap
from ..pages import routes
from ..pages.render import environment
from .common import LICENCE_URL, PUBLISHER, absolute, rights, source_pages
from .history import Commit, History

MAX_ENTRIES = 50  # feed readers poll often: the newest changes are enough
STATUS = {"A": "Lisätty", "M": "Muutettu", "D": "Poistettu"}


@dataclass(frozen=True)
class ChangedFile:
    status: str  # Finnish, e.g. "Muutettu"
    path: str
    title: str | None  # the thing the file holds, when it is still on the site
    url: str | None


def content_commits(history: History, content_folder: str) -> list[Commit]:
    """Commits that changed files in the content folder, newest first, at most MAX_ENTRIES."""
    prefix = content_folder.rstrip("/") + "/"
    commits = [c for c in history.commits if any(ch.path.startswith(prefix) for ch in c.changes)]
    return commits[:MAX_ENTRIES]


def _changed_files(commit: Commit, roadmap: Roadmap, site_url: str, prefix: str) -> list[ChangedFile]:
    pages = source_pages(roadmap)
    files = []
    for change in commit.changes:
        if not change.path.startswith(prefix):
            continue
        page = pages.get(change.path) if change.status != "D" else None
        files.append(ChangedFile(
            STATUS.get(change.status, "Muutettu"), change.path,
            page.title if page else None, absolute(site_url, page.src_uri) if page else None,
        ))
    return files


def changes_feed(
    roadmap: Roadmap,
    history: History,
    site_url: str,
    repo_url: str,
    generated_at: datetime,
    content_folder: str = "roadmap",
) -> bytes:
    from feedgen.feed import FeedGenerator  # here: as icalendar in ical.events_ical

    prefix = content_folder.rstrip("/") + "/"
    commits = content_commits(history, content_folder)
    feed = FeedGenerator()
    feed.id(absolute(site_url, routes.DATA_FEED))
    feed.title(f"{PUBLISHER} – sisällön muutokset")
    feed.subtitle("Tiekartan, teemojen, tapahtumien ja tietopankin muutokset versionhallinnasta, uusin ensin.")
    feed.author({"name": PUBLISHER, "uri": site_url} if site_url else {"name": PUBLISHER})
    feed.link(href=absolute(site_url, routes.DATA_FEED), rel="self", type="application/atom+xml")
    feed.link(href=absolute(site_url, routes.HOME), rel="alternate", type="text/html")
    feed.link(href=LICENCE_URL, rel="license")
    feed.language("fi")
    feed.rights(rights(site_url))
    feed.updated(commits[0].date if commits else generated_at.astimezone(timezone.utc))
    template = environment().get_template("opendata/feed_entry.html.j2")
    repo = repo_url.rstrip("/")
    for commit in commits:
        files = _changed_files(commit, roadmap, site_url, prefix)
        commit_url = f"{repo}/commit/{commit.sha}" if repo else None
        entry = feed.add_entry(order="append")
        entry.id(commit_url or f"{absolute(site_url, routes.DATA_FEED)}#{commit.sha}")
        entry.title(commit.subject or "Sisältöä muutettu")
        entry.updated(commit.date)
        entry.published(commit.date)
        first_page = next((f.url for f in files if f.url), None)
        entry.link(href=first_page or absolute(site_url, routes.HOME), rel="alternate", type="text/html")
        entry.content(template.render(changes=files, commit_url=commit_url), type="html")
    return feed.atom_str(pretty=True)
