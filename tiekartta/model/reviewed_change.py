"""A reviewed exception is never added in the same change as the text it allows.

Run on a pull request against its base (`make check-poikkeukset`, with the base commit in the
environment variable PERUSTA): the content at the merge base and the content now are both checked
by the privacy and credential guard, and

* a finding that an entry allows now must have been there at the merge base, or the entry must
  have been there: an entry and the text it allows cannot arrive in one change, so one person
  cannot both publish a henkilötunnus and whitelist it. An entry is added in a change of its own
  (which CODEOWNERS sends to the maintainers for review), and the text after it;
* an entry that allowed a finding at the merge base but allows nothing now is reported: the
  change removed the text, and removes the entry too.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .problems import Problem
from .reviewed import ALLOWLIST_FILE, Reviewed, read_reviewed
from .sensitive import Finding, scan_lines, scan_source
from .yaml_source import read_source

CONTENT = "roadmap"
PAGES = "docs"

Key = tuple[str, str, str]  # file, field, text


class BaseError(Exception):
    """The base commit cannot be read (a message in Finnish)."""


def check_change(repo_root: Path, base: str) -> list[Problem]:
    """Problems of the change from the merge base of base and HEAD to the working tree."""
    repo_root = Path(repo_root).resolve()
    try:
        commit = _git(repo_root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}").strip()
        merge_base = _git(repo_root, "merge-base", commit, "HEAD").strip()
    except BaseError:
        commit = merge_base = ""
    if not base or not merge_base:
        raise BaseError(f"Vertailukohtaa '{base}' ei löydy git-historiasta (tarvitaan koko historia: fetch-depth: 0).")
    with tempfile.TemporaryDirectory() as scratch:
        before_root = Path(scratch)
        folders = _git(repo_root, "ls-tree", "-z", "--name-only", merge_base, "--", CONTENT, PAGES).split("\0")
        folders = [name for name in folders if name]
        if folders:
            archive = _git_bytes(repo_root, "archive", "--format=tar", merge_base, "--", *folders)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(before_root, filter="data")
        before_reviewed, before = _state(before_root)
    after_reviewed, after = _state(repo_root)
    before_entries = {(e.file, e.field, e.text) for e, _ in before_reviewed.entries}
    problems = []
    for index, (entry, line) in enumerate(after_reviewed.entries):
        allowed_now = [key for key in after if entry.allows(*key)]
        allowed_before = [key for key in before if entry.allows(*key)]
        if (entry.file, entry.field, entry.text) not in before_entries:
            added = [key for key in allowed_now if key not in before]
            if added:
                problems.append(Problem(
                    after_reviewed.shown, line, f"poikkeukset[{index + 1}]", "exception-with-its-text",
                    f"Poikkeus on lisätty samassa muutoksessa kuin teksti, jonka se sallii (tiedosto {entry.file}). "
                    "Poikkeuksen ja tekstin pitää tulla eri muutoksissa, jotta kaksi ihmistä tarkistaa ne: "
                    "poista teksti tästä muutoksesta. Ylläpitäjä lisää poikkeuksen omana muutoksenaan, ja teksti "
                    "lisätään sen jälkeen.",
                    "exception added in the same change as the text it allows",
                ))
        elif allowed_before and not allowed_now:
            problems.append(Problem(
                after_reviewed.shown, line, f"poikkeukset[{index + 1}]", "stale-exception",
                f"Teksti, jonka tämä poikkeus salli, on poistettu tiedostosta {entry.file}. "
                "Poista poikkeus samassa muutoksessa.",
                "reviewed finding no longer found",
            ))
    return problems


def _state(root: Path) -> tuple[Reviewed, set[Key]]:
    """The reviewed entries and every finding (before any entry) of the content under root."""
    shown = lambda path: path.relative_to(root).as_posix()  # noqa: E731
    reviewed, _ = read_reviewed(root / CONTENT, shown)
    findings: list[Finding] = []
    content = root / CONTENT
    for path in sorted(content.rglob("*.yaml")) if content.is_dir() else []:
        relative = path.relative_to(root)
        if path.is_symlink() or relative.parts[1] == "schema" or path.name == ALLOWLIST_FILE:
            continue
        source, _ = read_source(path, relative.as_posix())
        if source is not None:
            findings += scan_source(source)
    pages = root / PAGES
    for path in sorted(pages.rglob("*.md")) if pages.is_dir() else []:
        if not path.is_symlink():
            findings += scan_lines(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8", errors="replace"))
    return reviewed, {(f.file, f.field, f.text) for f in findings}


def _git_bytes(repo_root: Path, *args: str) -> bytes:
    try:
        return subprocess.run(["git", *args], cwd=repo_root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        raise BaseError(f"git {args[0]} epäonnistui: {detail.decode('utf-8', 'replace').strip()}") from error


def _git(repo_root: Path, *args: str) -> str:
    return _git_bytes(repo_root, *args).decode("utf-8", "replace")
