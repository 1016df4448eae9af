"""The published editions, as the local gh-pages branch holds them: each with its own open data.

Every edition publishes its whole content as data/tiekartta.json, so what changed since an
edition is the difference between that file and this build's content (tiekartta.model.diff),
whatever code built the edition. Nothing is fetched: `make deploy` and the publishing workflow
have brought the branch up to date before the build; a checkout without it has no editions.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..model.diff import Change, diff_documents, withheld
from ..model.sensitive import find_in_text

log = logging.getLogger("mkdocs.plugins.tiekartta")

BRANCH = "gh-pages"
EDITION = re.compile(r"^[0-9]{4}$")
DATA_FILE = "data/tiekartta.json"
PUBLISHED = "julkaistu"  # the version's property (mike props) with its publication date


@dataclass(frozen=True)
class Edition:
    version: str  # "2025"
    published: date | None  # when it was first published, if versions.json says
    document: dict[str, Any] | None = field(default=None, repr=False)  # its data/tiekartta.json

    def page_path(self, record: dict) -> str | None:
        """The path of a record's page inside the edition's folder, from the edition's own data."""
        address = record.get("osoite")
        site = (self.document or {}).get("sivusto") or ""
        if not isinstance(address, str) or not address:
            return None
        if site and address.startswith(site):
            address = address[len(site):]
        elif "://" in address:
            # An edition built with another site address: its path after the edition's folder.
            _, found, rest = address.partition(f"/{self.version}/")
            if not found:
                return None
            address = rest
        return address.lstrip("/")


@dataclass(frozen=True)
class EditionChanges:
    edition: Edition
    changes: list[Change]
    readable: bool = True  # False when the edition's data could not be read


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def publication_date(entry: dict) -> date | None:
    value = (entry.get("properties") or {}).get(PUBLISHED) if isinstance(entry.get("properties"), dict) else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def published_editions(repo: Path, branch: str = BRANCH) -> list[Edition]:
    """The editions on the branch, newest first, each with its open data (None if it has none)."""
    listing = _git(Path(repo), "show", f"refs/heads/{branch}:versions.json")
    try:
        entries = json.loads(listing) if listing else []
    except ValueError:
        entries = []
    found = [e for e in entries if isinstance(e, dict) and EDITION.match(str(e.get("version", "")))]
    found.sort(key=lambda e: int(e["version"]), reverse=True)
    editions = []
    for entry in found:
        version = entry["version"]
        text = _git(Path(repo), "show", f"refs/heads/{branch}:{version}/{DATA_FILE}")
        try:
            document = json.loads(text) if text else None
        except ValueError:
            document = None
        editions.append(Edition(version, publication_date(entry),
                                document if isinstance(document, dict) else None))
    return editions


def earlier_editions(editions: list[Edition], current: str | None) -> list[Edition]:
    """The editions before the one being built, newest first: older years for an edition, every
    edition for the development version and a build outside publishing."""
    if current and EDITION.match(current):
        return [e for e in editions if int(e.version) < int(current)]
    return list(editions)


def changes_since(editions: list[Edition], current: dict[str, Any]) -> list[EditionChanges]:
    """What changed from each edition to the content being built (`current`: the open data document)."""
    result = []
    for edition in editions:
        if edition.document is None:
            log.info("Painoksen %s avointa dataa (%s) ei löytynyt haarasta %s: sen muutoksia ei näytetä.",
                     edition.version, DATA_FILE, BRANCH)
            result.append(EditionChanges(edition, [], readable=False))
            continue
        changes = [withheld(change, lambda text: bool(find_in_text(text)))
                   for change in diff_documents(edition.document, current)]
        result.append(EditionChanges(edition, changes))
    return result
