"""Content changes from git history: which commits changed which content files, and when.

Used for the change feed and for "last changed" on pages. A site built without git history
(a source tarball, or git not installed) still builds: the history is then simply unknown.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.tiekartta")

# Unit and record separators: they cannot occur in a commit subject or a path.
_RECORD = "\x1e"
_UNIT = "\x1f"


@dataclass(frozen=True)
class FileChange:
    status: str  # "A" added, "M" modified, "D" deleted (renames are reported as D + A)
    path: str  # relative to the project folder, e.g. "roadmap/tuotokset/x.yaml"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime  # committer date, timezone-aware: when the change landed
    subject: str
    changes: tuple[FileChange, ...]


@dataclass(frozen=True)
class History:
    """Commits that changed the content, newest first. `known` is False without git history."""

    commits: tuple[Commit, ...] = ()
    known: bool = False

    def last_changed(self) -> dict[str, datetime]:
        """{path: date of the newest commit that changed it} for files that still exist."""
        result: dict[str, datetime] = {}
        seen: set[str] = set()
        for commit in self.commits:
            for change in commit.changes:
                if change.path in seen:
                    continue
                seen.add(change.path)
                if change.status != "D":
                    result[change.path] = commit.date
        return result


def _git(project_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=project_dir, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _shallow_commits(project_dir: Path) -> set[str]:
    """Commits at the edge of a shallow clone: git shows them as adding every file, which is false."""
    if (_git(project_dir, "rev-parse", "--is-shallow-repository") or "").strip() != "true":
        return set()
    path = (_git(project_dir, "rev-parse", "--path-format=absolute", "--git-path", "shallow") or "").strip()
    try:
        return set(Path(path).read_text(encoding="utf-8").split()) if path else set()
    except OSError:
        return set()


def read_history(project_dir: Path, paths: Sequence[str], exclude: Sequence[str] = ()) -> History:
    """Commits (merges left out: they repeat their branch's changes) touching `paths`, newest first."""
    project_dir = Path(project_dir)
    pathspec = [*paths, *(f":(exclude){p}" for p in exclude)]
    output = _git(
        project_dir, "log", "--no-merges", "--no-renames", "--relative", "--name-status",
        f"--format={_RECORD}%H{_UNIT}%cI{_UNIT}%s", "--", *pathspec,
    )
    if output is None:
        log.info("Git-historiaa ei löytynyt kansiosta %s: muutossyöte on tyhjä eikä sivuilla näytetä "
                 "muutospäiviä.", project_dir)
        return History()
    shallow = _shallow_commits(project_dir)
    if shallow:
        log.info("Git-historia on katkaistu (shallow clone): vain koko historian sisältävä checkout "
                 "näyttää kaikki muutokset.")
    commits = []
    for record in output.split(_RECORD)[1:]:
        head, _, body = record.partition("\n")
        sha, date, subject = head.split(_UNIT, 2)
        if sha in shallow:
            continue
        changes = []
        for line in body.splitlines():
            status, _, path = line.partition("\t")
            if path:
                changes.append(FileChange(status[:1], path))
        commits.append(Commit(sha, datetime.fromisoformat(date), subject.strip(), tuple(changes)))
    return History(tuple(commits), known=True)
