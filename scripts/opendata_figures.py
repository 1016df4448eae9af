"""Figures for the open data files: how long each takes to make from the real content, and its size.

    .venv/bin/python scripts/opendata_figures.py [--runs 50]

Times are the median of several runs on this machine (the model is loaded once, as in a build);
sizes are the bytes published and their gzip size (what a web server usually sends).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tiekartta.model import load_roadmap  # noqa: E402
from tiekartta.opendata import downloads  # noqa: E402
from tiekartta.opendata.csv_data import outputs_csv  # noqa: E402
from tiekartta.model.diff import labels_of, roadmap_records  # noqa: E402
from tiekartta.opendata.feed import changes_feed, changes_json_feed  # noqa: E402
from tiekartta.opendata.history import content_changes, read_history  # noqa: E402
from tiekartta.opendata.ical import events_ical  # noqa: E402
from tiekartta.opendata.json_data import json_schema, roadmap_json  # noqa: E402
from tiekartta.pages import routes  # noqa: E402

SITE_URL = "https://sosiaalityon-tiekartta.github.io/tiekartta/"
REPO_URL = "https://github.com/sosiaalityon-tiekartta/tiekartta"


def median_ms(make, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    roadmap = load_roadmap(REPO / "roadmap", REPO)
    now = datetime.now(timezone.utc)
    history_ms = median_ms(lambda: read_history(REPO, ["roadmap", "docs"], exclude=["roadmap/schema"]), 5)
    history = read_history(REPO, ["roadmap", "docs"], exclude=["roadmap/schema"])
    changed = history.last_changed()
    changes = content_changes(REPO, history, labels_of(roadmap_records(roadmap)))
    makers = {
        routes.DATA_JSON: lambda: roadmap_json(roadmap, SITE_URL, REPO_URL, None),
        # Uncached: the build makes it once per process (json_schema is cached).
        routes.DATA_SCHEMA: lambda: json_schema.__wrapped__(SITE_URL),
        routes.DATA_CSV: lambda: outputs_csv(roadmap, SITE_URL),
        routes.DATA_ICS: lambda: events_ical(roadmap, SITE_URL, changed, now),
        routes.DATA_FEED: lambda: changes_feed(roadmap, changes, SITE_URL, now),
        routes.DATA_JSON_FEED: lambda: changes_json_feed(roadmap, changes, SITE_URL),
    }
    files = {d.path: d.content for d in downloads(roadmap, SITE_URL, REPO_URL, history, now, changes=changes)}
    print(f"Content: {len(roadmap.sources)} files, {len(roadmap.outputs)} outputs, {len(roadmap.events)} events; "
          f"git history: {len(history.commits)} commits (known: {history.known})")
    print(f"{'file':28} {'make (ms)':>10} {'bytes':>9} {'gzip':>8}")
    for path, make in makers.items():
        content = files[path]
        print(f"{path:28} {median_ms(make, args.runs):10.2f} {len(content):9d} {len(gzip.compress(content)):8d}")
    total = median_ms(lambda: downloads(roadmap, SITE_URL, REPO_URL, history, now, changes=changes), args.runs)
    print(f"{'all files (downloads())':28} {total:10.2f} {sum(map(len, files.values())):9d}")
    print(f"{'reading git history':28} {history_ms:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
