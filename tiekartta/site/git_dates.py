"""When each source file last changed, read from git history in one pass."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path


def last_changed(repo_root: Path, folders: tuple[str, ...] = ("roadmap", "docs")) -> dict[str, datetime]:
    """Map of repository-relative path -> commit time of its newest commit. Empty outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repo_root), "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", *folders],
            capture_output=True, text=True, check=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, datetime] = {}
    current: datetime | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = datetime.fromisoformat(line[1:])
        elif line and current and line not in dates:
            dates[line] = current  # newest first: keep the first time a path is seen
    return dates


def newest(dates: dict[str, datetime], paths: tuple[str, ...]) -> datetime | None:
    known = [dates[p] for p in paths if p in dates]
    return max(known) if known else None
