"""Content changes from git history: what changed in which file, and when.

Git tells which commits changed which content files and the blob (the file's text) before and
after; each blob is parsed as the loader parses the file, and two states of a record are compared
by tiekartta.model.diff. So a change is what an editor changed in the content ("Päivitetty:
Kuntouttava sosiaalityö (kuvaus)"), never a commit message: no subject, author or e-mail is read
from git at all, and the log is read NUL-separated (`-z`), so no text in a commit can break it.

A parsed blob is kept by its id (the same text always parses the same), in memory and in the
build's .cache/, so a build parses only the versions of files it has not seen before.

Used for the change feed, the pages' "Muutokset" and "Sisältö päivitetty". A site built without
git history (a source tarball, or git not installed) still builds: the history is then unknown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path, PurePosixPath

import yaml
from pydantic import ValidationError

from ..model import diff, entities, kinds
from ..model.diff import Change, record_of
from ..model.sensitive import find_in_text
from ..model.yaml_source import MAX_FILE_BYTES, _ContentLoader, refuses_structure

log = logging.getLogger("mkdocs.plugins.tiekartta")

NO_BLOB = "0" * 40


@dataclass(frozen=True)
class FileChange:
    status: str  # "A" added, "M" modified, "D" deleted (renames are reported as D + A)
    path: str  # relative to the project folder, e.g. "roadmap/tuotokset/x.yaml"
    old_blob: str | None = None  # the file's text before (git blob id); None when added
    new_blob: str | None = None  # and after; None when deleted


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime  # committer date, timezone-aware: when the change landed
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


@dataclass(frozen=True)
class ContentChange:
    """One record's change in one commit."""

    date: datetime
    sha: str
    path: str  # the file of the record (the older one when it was removed)
    change: Change


def _git(project_dir: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=project_dir, input=stdin, capture_output=True, timeout=120, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _shallow_commits(project_dir: Path) -> set[str]:
    """Commits at the edge of a shallow clone: git shows them as adding every file, which is false."""
    if (_git(project_dir, "rev-parse", "--is-shallow-repository") or b"").strip() != b"true":
        return set()
    path = (_git(project_dir, "rev-parse", "--path-format=absolute", "--git-path", "shallow") or b"").strip()
    try:
        return set(Path(path.decode()).read_text(encoding="utf-8").split()) if path else set()
    except (OSError, UnicodeDecodeError):
        return set()


def parse_log(output: bytes) -> list[Commit]:
    """`git log -z --raw --no-abbrev --format=%H %cI` -> commits. Fields are NUL-separated: a header
    (hash and date only), then per file its ":modes blobs status" field and its path."""
    commits: list[Commit] = []
    fields = output.split(b"\0")
    header: tuple[str, datetime | None] | None = None
    changes: list[FileChange] = []
    i = 0
    while i < len(fields):
        field = fields[i].lstrip(b"\n")
        i += 1
        if not field:
            continue
        if field.startswith(b":"):
            path = fields[i].decode("utf-8", "surrogateescape") if i < len(fields) else ""
            i += 1
            parts = field[1:].split()
            if len(parts) >= 5 and path:
                old, new, status = parts[2].decode(), parts[3].decode(), parts[4][:1].decode()
                changes.append(FileChange(status, path, None if old == NO_BLOB else old,
                                          None if new == NO_BLOB else new))
            continue
        if header is not None and header[1] is not None:
            commits.append(Commit(header[0], header[1], tuple(changes)))
        sha, _, date = field.decode("ascii", "replace").partition(" ")
        header, changes = (sha, commit_date(sha, date)), []
    if header is not None and header[1] is not None:
        commits.append(Commit(header[0], header[1], tuple(changes)))
    return commits


# The commit dates a build can use: each converts to any time zone and back. Git takes any date a
# commit is given (GIT_COMMITTER_DATE="@253402300800" is the year 10000), and a date Python cannot
# read would stop every build of the history that holds it.
EARLIEST, LATEST = datetime(1970, 1, 2, tzinfo=timezone.utc), datetime(9999, 12, 30, tzinfo=timezone.utc)


def commit_date(sha: str, text: str) -> datetime | None:
    """The committer date git gives, or None (the commit is left out) when it is no real date."""
    try:
        date = datetime.fromisoformat(text.strip())
        if date.tzinfo is not None and EARLIEST <= date <= LATEST:
            return date
    except (ValueError, OverflowError):
        pass
    log.info("Muutoshistorian muutoksen '%s' päiväys ('%s') ei ole todellinen päivämäärä, joten muutosta ei näytetä "
             "muutossyötteessä eikä sivuilla.", sha[:12], text.strip()[:40])
    return None


def read_history(project_dir: Path, paths: Sequence[str], exclude: Sequence[str] = ()) -> History:
    """Commits (merges left out: they repeat their branch's changes) touching `paths`, newest first."""
    project_dir = Path(project_dir)
    pathspec = [*paths, *(f":(exclude){p}" for p in exclude)]
    output = _git(project_dir, "log", "-z", "--no-merges", "--no-renames", "--relative", "--raw", "--no-abbrev",
                  "--format=%H %cI", "--", *pathspec)
    if output is None:
        log.info("Git-historiaa ei löytynyt kansiosta %s: muutossyöte on tyhjä eikä sivuilla näytetä "
                 "muutospäiviä.", project_dir)
        return History()
    shallow = _shallow_commits(project_dir)
    if shallow:
        log.info("Git-historia on katkaistu (shallow clone): vain koko historian sisältävä checkout "
                 "näyttää kaikki muutokset.")
    commits = tuple(c for c in parse_log(output) if c.sha not in shallow)
    return History(commits, known=True)


def read_blobs(project_dir: Path, blob_ids: Iterable[str]) -> dict[str, bytes]:
    """The texts of the given blobs, all in one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(blob_ids))
    if not wanted:
        return {}
    output = _git(project_dir, "cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode())
    found: dict[str, bytes] = {}
    position = 0
    while output is not None and position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            found[header[0].decode()] = output[position:position + size]
            position += size + 1
    return found


# --- What a file holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _FileKind:
    collection: str
    kind: kinds.FileKind
    theme_kind: str | None = None


@cache
def _kinds_by_place(content_folder: str) -> dict[str, _FileKind]:
    places = {
        kinds.ROADMAP.file: _FileKind("tiekartta", kinds.ROADMAP),
        kinds.WAY_FORWARD.file: _FileKind("eteenpäin", kinds.WAY_FORWARD),
        kinds.MUNICIPALITIES.file: _FileKind("kunnat", kinds.MUNICIPALITIES),
        kinds.SPEARHEADS.folder: _FileKind("teemat", kinds.SPEARHEADS, "karkiteema"),
        kinds.CROSSCUTTING.folder: _FileKind("teemat", kinds.CROSSCUTTING, "lapikulkeva"),
        kinds.BODIES.folder: _FileKind("toimielimet", kinds.BODIES),
        kinds.EVENTS.folder: _FileKind("tapahtumat", kinds.EVENTS),
        kinds.PROJECTS.folder: _FileKind("hankkeet", kinds.PROJECTS),
        kinds.DIMENSIONS.folder: _FileKind("ulottuvuudet", kinds.DIMENSIONS),
        kinds.OUTPUTS.folder: _FileKind("tuotokset", kinds.OUTPUTS),
        kinds.REFLECTIONS.folder: _FileKind("pohdinnat", kinds.REFLECTIONS),
    }
    return {f"{content_folder}/{place}": kind for place, kind in places.items()}


def _kind_of(path: str, places: Mapping[str, _FileKind]) -> _FileKind | None:
    pure = PurePosixPath(path)
    if pure.suffix != ".yaml":
        return None
    return places.get(path) or places.get(str(pure.parent))


def parse_blob(text: bytes, path: str, content_folder: str = "roadmap") -> list[dict]:
    """The records one version of a content file holds, as the open data names their fields.

    A version the model accepts is read through it (the same defaults and normalisation as the
    site); one it does not (an old format, a mistake fixed later) is read as plain data, so every
    version of the history can be compared. Unreadable text holds no records, nor does text with
    YAML anchors, aliases, explicit tags or too deep nesting, which the current files may not have."""
    place = _kind_of(path, _kinds_by_place(content_folder))
    if place is None or len(text) > MAX_FILE_BYTES:
        return []
    try:
        decoded = text.decode("utf-8-sig")
        # An earlier version was never checked as the current files are: an alias bomb in it
        # would grow without bound when its records are compared and cached, so it holds none.
        if refuses_structure(decoded):
            return []
        data = yaml.load(decoded, Loader=_ContentLoader)  # noqa: S506 - a safe loader
    except (UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(data, dict):
        return []
    try:
        record = record_of(place.kind.model.model_validate(data))
    except ValidationError:
        record = data
    if place.collection == "kunnat":
        items = record.get("kunnat")
        return [dict(item) for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    extra = {"teemalaji": place.theme_kind} if place.theme_kind else {}
    return [{"tunniste": PurePosixPath(path).stem, **extra, **record}]


def cache_name() -> str:
    """The name of the file of parsed versions: a checksum of the code that parses them, so that
    a file written by other code is never read."""
    digest = hashlib.sha256()
    for module in (diff, entities, kinds):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return f"{digest.hexdigest()[:16]}.json"


_parsed: dict[tuple[str, str], list[dict]] = {}  # (blob id, path) -> records, for this process


def _load_cache(file: Path | None) -> None:
    if file is None or not file.is_file():
        return
    try:
        stored = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(stored, dict):
        for key, records in stored.items():
            blob, _, path = key.partition(" ")
            if isinstance(records, list):
                _parsed.setdefault((blob, path), records)


def _save_cache(file: Path | None) -> None:
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        for old in file.parent.glob("*.json"):
            if old != file:
                old.unlink()
        # Encoded whole (json.dumps, in C) and written once: json.dump encodes piece by piece in Python.
        text = json.dumps({f"{blob} {path}": records for (blob, path), records in _parsed.items()},
                          ensure_ascii=False, separators=(",", ":"))
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent, delete=False) as out:
            out.write(text)
        os.replace(out.name, file)
    except OSError:
        return  # a read-only project parses again next time


def content_changes(project_dir: Path, history: History, labels: diff.Labels | None = None,
                    content_folder: str = "roadmap", cache_folder: Path | None = None) -> list[ContentChange]:
    """Every record's change in the history of the content files, newest first.

    Within one commit the files of one collection are compared together, so a file renamed
    without other changes is the same record at a new address, and a theme moved between the
    spearhead and cross-cutting folders is the same theme with another `teemalaji`. The parsed
    versions are kept in `cache_folder` between builds, when one is given."""
    project_dir = Path(project_dir)
    places = _kinds_by_place(content_folder)
    cache = Path(cache_folder) / cache_name() if cache_folder else None
    _load_cache(cache)
    relevant = [(commit, [c for c in commit.changes if _kind_of(c.path, places)]) for commit in history.commits]
    missing = {(blob, change.path) for _, changes in relevant for change in changes
               for blob in (change.old_blob, change.new_blob) if blob and (blob, change.path) not in _parsed}
    if missing:
        texts = read_blobs(project_dir, (blob for blob, _ in missing))
        for blob, path in missing:
            _parsed[(blob, path)] = parse_blob(texts[blob], path, content_folder) if blob in texts else []
    if missing or (cache is not None and not cache.is_file()):
        _save_cache(cache)
    result: list[ContentChange] = []
    for commit, changes in relevant:
        by_collection: dict[str, tuple[dict, dict, dict]] = defaultdict(lambda: ({}, {}, {}))
        for change in changes:
            old, new, path_of = by_collection[places_of(change.path, places)]
            for blob, side in ((change.old_blob, old), (change.new_blob, new)):
                for record in _parsed.get((blob, change.path), []) if blob else []:
                    entity_id = str(record.get("tunniste", ""))
                    side[entity_id] = record
                    if side is new or entity_id not in path_of:
                        path_of[entity_id] = change.path
        for collection, (old, new, path_of) in by_collection.items():
            # A record in both sides is compared; unchanged files around it hold no records here.
            for change in diff.diff_records(collection, old, new, labels):
                change = diff.withheld(change, _refused)
                result.append(ContentChange(commit.date, commit.sha,
                                            path_of.get(change.entity_id) or path_of.get(change.old_id or "", ""),
                                            change))
    return result


def _refused(text: str) -> bool:
    return bool(find_in_text(text))


def places_of(path: str, places: Mapping[str, _FileKind]) -> str:
    kind = _kind_of(path, places)
    return kind.collection if kind else ""
