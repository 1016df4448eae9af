"""MkDocs adapter for what changed: the content's changes from git history, each page's own
"Muutokset" and date, and the "Mikä muuttui" page against the editions on the gh-pages branch.

The changes are computed in tiekartta.opendata.history (file versions from git, parsed and
compared by tiekartta.model.diff) and tiekartta.opendata.editions (each edition's open data);
the pages are made by tiekartta.pages.changes.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from ..model.diff import labels_of, roadmap_records
from ..opendata import editions as published
from ..opendata.history import content_changes
from ..pages import GeneratedPage, routes
from ..pages.changes import latest, page_history, whats_new_page
from . import build_cache
from .versions import MIKE_VERSION_VARIABLE


def read_changes(build, project: Path, content_folder: str) -> None:
    """on_config, with the content: every record's change in the content's history."""
    records = roadmap_records(build.roadmap)
    build.changes = content_changes(project, build.history, labels_of(records), content_folder,
                                    cache_folder=build_cache.folder(project, "content-history"))
    by_path = defaultdict(list)
    for item in build.changes:
        by_path[item.path].append(item)
    build.changes_by_path = dict(by_path)


def whats_new(build, project: Path) -> GeneratedPage:
    """The "Mikä muuttui" page: this content against each earlier edition on the gh-pages branch."""
    current = os.environ.get(MIKE_VERSION_VARIABLE) or None
    earlier = published.earlier_editions(published.published_editions(project), current)
    since = published.changes_since(earlier, roadmap_records(build.roadmap))
    markdown = whats_new_page(build.roadmap, since, build.changes, current, versioned=current is not None)
    return GeneratedPage(routes.WHATS_NEW, markdown, None, build.roadmap.sources)


def date_and_list_changes(build, page, sources: tuple[str, ...]) -> datetime | None:
    """on_page_markdown: a page's own changes (from its files) for its footer; their newest date."""
    changes = [item for source in dict.fromkeys(sources) for item in build.changes_by_path.get(source, ())]
    if changes:
        page.meta["tk_muutokset"] = page_history(changes)
    return latest(changes)
