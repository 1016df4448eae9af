"""Versioned publishing: each edition of the roadmap in its own folder of the gh-pages branch.

`make deploy VERSION=2025` (or `python -m tiekartta.publish 2025`) validates the content, builds
the site with mike and commits it to the local gh-pages branch; nothing leaves the machine unless
`--push` is given. mike builds before it commits, so a failed build publishes nothing.

Versions: an edition is a year ("2025"); "kehitys" is the development version built from main.
The newest edition carries the alias "uusin", which is the site's default (its root redirects
there). Aliases are redirect pages, because GitHub Pages does not serve symlinks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .model import ContentError, load_roadmap
from .opendata.editions import PUBLISHED
from .site import build_cache
from .site.versions import LATEST_ALIAS

BRANCH = "gh-pages"
DEV_VERSION = "kehitys"
DEV_TITLE = "kehitys"
EDITION = re.compile(r"^[0-9]{4}$")
# v2025 publishes the 2025 edition; v2025.1, v2025.2 … republish it with corrections.
RELEASE_TAG = re.compile(r"^v([0-9]{4})(?:\.[0-9]+)?$")
# What the site is built from: changes here that are not committed would be published unnoticed.
SITE_SOURCES = ("roadmap", "docs", "overrides", "tiekartta", "hooks", "macros.py", "mkdocs.yml")
SYMLINK_MODE = "120000"
HELSINKI = ZoneInfo("Europe/Helsinki")


class PublishError(Exception):
    """A reason not to publish, in Finnish, for the maintainer."""


@dataclass(frozen=True)
class Plan:
    """What one deploy does to the published versions."""

    version: str
    title: str
    aliases: tuple[str, ...]
    default: str | None  # what the site's root should redirect to after this deploy, if it changes


def version_from_tag(tag: str) -> str:
    match = RELEASE_TAG.match(tag.removeprefix("refs/tags/"))
    if not match:
        raise PublishError(
            f"Tagi {tag!r} ei ole julkaisutagi. Painos julkaistaan tagilla muotoa v2025 "
            "(korjattu julkaisu samasta painoksesta: v2025.1, v2025.2 …)."
        )
    return match.group(1)


def check_version(version: str) -> None:
    if version != DEV_VERSION and not EDITION.match(version):
        raise PublishError(
            f"Versio {version!r} ei kelpaa. Painoksen versio on vuosiluku (esim. 2025); "
            f"kehitysversio on {DEV_VERSION!r}."
        )


def plan(version: str, published: list[dict]) -> Plan:
    """Aliases and default for deploying `version` beside the versions already published."""
    check_version(version)
    editions = [entry["version"] for entry in published if EDITION.match(entry["version"])]
    if version == DEV_VERSION:
        # Until the first edition exists, the development version is what the root shows.
        return Plan(version, DEV_TITLE, (), None if editions else DEV_VERSION)
    if int(version) >= max(map(int, editions), default=0):
        return Plan(version, version, (LATEST_ALIAS,), LATEST_ALIAS)
    # A correction to an older edition: the newest stays the newest.
    return Plan(version, version, (), None)


def _git(repo: Path, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check, **kwargs)


def published_versions(repo: Path, branch: str = BRANCH) -> list[dict]:
    """versions.json of the gh-pages branch; empty before the first deploy."""
    shown = _git(repo, "show", f"refs/heads/{branch}:versions.json", check=False)
    return json.loads(shown.stdout) if shown.returncode == 0 else []


def check_committed(repo: Path) -> None:
    status = _git(repo, "status", "--porcelain", "--", *SITE_SOURCES).stdout.strip()
    if status:
        raise PublishError(
            "Työkopiossa on muutoksia, joita ei ole tallennettu (commit), joten julkaistu versio ei "
            "vastaisi mitään tallennettua versiota:\n" + status + "\n"
            "Tallenna tai peru muutokset ensin. Pelkkää kokeilua varten: ALLOW_DIRTY=1 (make) tai --allow-dirty."
        )


def check_identity(repo: Path) -> None:
    """mike commits as the git user: say so before building rather than after."""
    for key, variable in (("user.name", "GIT_COMMITTER_NAME"), ("user.email", "GIT_COMMITTER_EMAIL")):
        if not os.environ.get(variable) and _git(repo, "config", key, check=False).returncode != 0:
            raise PublishError(f'Gitille ei ole kerrottu julkaisijaa. Aseta se: git config {key} "..."')


def check_content(repo: Path) -> None:
    try:
        load_roadmap(repo / "roadmap", repo)
    except ContentError as error:
        raise PublishError(error.report()) from None


def fetch_published(repo: Path, remote: str, branch: str = BRANCH) -> None:
    """Bring the remote gh-pages here first, so a push never loses someone else's deploy."""
    found = _git(repo, "ls-remote", "--exit-code", remote, f"refs/heads/{branch}", check=False)
    if found.returncode == 2:
        return  # the first deploy: the remote has no gh-pages yet
    if found.returncode != 0:
        raise PublishError(f"Etärepositoriota {remote!r} ei tavoitettu:\n{found.stderr.strip()}")
    _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")


def _has_ref(repo: Path, ref: str) -> bool:
    return _git(repo, "rev-parse", "--verify", "--quiet", ref, check=False).returncode == 0


def _is_ancestor(repo: Path, older: str, newer: str) -> bool:
    return _git(repo, "merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def catch_up_with_remote(repo: Path, remote: str, branch: str = BRANCH) -> None:
    """Start from the newest gh-pages known here: a fresh clone (as in CI) has only the remote's.

    Reads what was last fetched; fetch_published fetches first when pushing.
    """
    local, known = f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"
    if not _has_ref(repo, known):
        return
    if not _has_ref(repo, local) or _is_ancestor(repo, local, known):
        _git(repo, "update-ref", local, known)
    elif not _is_ancestor(repo, known, local):
        raise PublishError(
            f"Paikallinen haara {branch} ja etähaara {remote}/{branch} ovat eriytyneet. Katso "
            f"kumpi on oikein (git log {branch} {remote}/{branch}) ja korjaa ennen julkaisua."
        )


def first_published(repo: Path, version: str, branch: str = BRANCH) -> date | None:
    """The day the branch first got the version's front page (for versions published before their
    date was recorded)."""
    shown = _git(repo, "log", "--reverse", "--format=%cI", f"refs/heads/{branch}", "--", f"{version}/index.html",
                 check=False).stdout.split()
    return datetime.fromisoformat(shown[0]).astimezone(HELSINKI).date() if shown else None


def publication_props(repo: Path, version: str, published: list[dict], today: date | None = None) -> list[str]:
    """mike's arguments that record when a version was published (its `julkaistu` property, shown
    in the version selector and on the "Mikä muuttui" page): an edition keeps the date it was first
    published through its corrections; the development version has the date of its latest build."""
    known = next((entry for entry in published if entry.get("version") == version), None)
    day = today or datetime.now(HELSINKI).date()
    if known is not None and version != DEV_VERSION:
        if (known.get("properties") or {}).get(PUBLISHED):
            return []
        day = first_published(repo, version) or day
    return ["--prop-set-string", f"{PUBLISHED}={day.isoformat()}"]


def _mike(repo: Path, *args: str, failure: str) -> None:
    """Run mike from this Python environment; it runs the `mkdocs` beside it. A published version
    is built from the repository alone: nothing an earlier build kept in .cache/ (build_cache)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", build_cache.OFF: "1"}
    if subprocess.run([str(bin_dir / "mike"), *args], cwd=repo, env=env, check=False).returncode != 0:
        raise PublishError(failure + " Mitään ei lähetetty.")


def _commit_file(repo: Path, branch: str, path: str, data: bytes, message: str) -> bool:
    """Add one file to a branch without touching the working tree; False if it was there already."""
    blob = subprocess.run(["git", "-C", str(repo), "hash-object", "-w", "--stdin"], input=data,
                          capture_output=True, check=True).stdout.decode().strip()
    parent = _git(repo, "rev-parse", f"refs/heads/{branch}").stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(repo, "read-tree", parent, env=env)
        _git(repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
        tree = _git(repo, "write-tree", env=env).stdout.strip()
    if tree == _git(repo, "rev-parse", f"{parent}^{{tree}}").stdout.strip():
        return False
    commit = _git(repo, "commit-tree", tree, "-p", parent, "-m", message).stdout.strip()
    _git(repo, "update-ref", f"refs/heads/{branch}", commit, parent)
    return True


def default_version(published: list[dict]) -> str | None:
    """The real version behind the site's default: the newest edition, else the development one."""
    for entry in published:
        if LATEST_ALIAS in entry.get("aliases", []):
            return entry["version"]
    versions = [entry["version"] for entry in published]
    return DEV_VERSION if DEV_VERSION in versions else None


def update_root_404(repo: Path, branch: str = BRANCH) -> None:
    """GitHub Pages answers every missing address with the 404.html at the root of the branch.

    Each version has its own 404.html, but only in its folder; the root gets the default version's,
    whose links are absolute (from site_url), so it works at any depth.
    """
    version = default_version(published_versions(repo, branch))
    if version is None:
        return
    page = subprocess.run(["git", "-C", str(repo), "show", f"refs/heads/{branch}:{version}/404.html"],
                          capture_output=True, check=True).stdout
    _commit_file(repo, branch, "404.html", page, f"Root 404 page from version {version}")


def check_no_symlinks(repo: Path, branch: str = BRANCH) -> None:
    listing = _git(repo, "ls-tree", "-r", f"refs/heads/{branch}").stdout.splitlines()
    links = [line.split("\t", 1)[1] for line in listing if line.split(" ", 1)[0] == SYMLINK_MODE]
    if links:
        raise PublishError(
            f"Haarassa {branch} on symbolisia linkkejä, joita GitHub Pages ei näytä: {', '.join(links)}. "
            "Poista ne (mike delete) ja julkaise uudelleen; mitään ei lähetetty."
        )


def deploy(repo: Path, version: str, *, push: bool = False, remote: str = "origin",
           allow_dirty: bool = False) -> Plan:
    check_version(version)
    if not allow_dirty:
        check_committed(repo)
    check_identity(repo)
    check_content(repo)
    if push:
        fetch_published(repo, remote)
    catch_up_with_remote(repo, remote)
    steps = plan(version, published_versions(repo))
    print(f"Julkaistaan versio {steps.version} haaraan {BRANCH}"
          + (f" (alias: {', '.join(steps.aliases)})" if steps.aliases else "") + " …", flush=True)
    _mike(repo, "deploy", "--branch", BRANCH, "--remote", remote, "--title", steps.title,
          *(["--update-aliases"] if steps.aliases else []),
          *publication_props(repo, steps.version, published_versions(repo)), steps.version, *steps.aliases,
          failure=f"Sivuston rakentaminen epäonnistui (virheet yllä), joten haaraa {BRANCH} ei muutettu.")
    if steps.default:
        _mike(repo, "set-default", "--branch", BRANCH, "--remote", remote, steps.default,
              failure=f"Versio {steps.version} on haarassa {BRANCH}, mutta sivuston juuren ohjaus "
                      f"versioon {steps.default} epäonnistui (virheet yllä).")
    update_root_404(repo)
    check_no_symlinks(repo)
    if push:
        pushed = _git(repo, "push", "--quiet", remote, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}", check=False)
        if pushed.returncode != 0:
            raise PublishError(
                f"Haaran {BRANCH} lähettäminen etärepositorioon {remote!r} epäonnistui; paikallinen "
                f"haara on valmis ja voidaan lähettää myöhemmin.\n{pushed.stderr.strip()}"
            )
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tiekartta.publish",
        description="Julkaise tiekartan versio haaraan gh-pages (mike). Ilman --push mitään ei lähetetä.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("version", nargs="?", help=f"painoksen vuosi (esim. 2025) tai {DEV_VERSION!r}")
    which.add_argument("--tag", help="julkaisutagi, josta painos päätellään (v2025 tai v2025.1)")
    parser.add_argument("--push", action="store_true", help="lähetä gh-pages etärepositorioon")
    parser.add_argument("--remote", default="origin", help="etärepositorio (oletus: origin)")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="salli tallentamattomat muutokset (vain kokeiluun, ei oikeaan julkaisuun)")
    args = parser.parse_args(argv)
    repo = Path.cwd()
    try:
        version = version_from_tag(args.tag) if args.tag else args.version
        steps = deploy(repo, version, push=args.push, remote=args.remote, allow_dirty=args.allow_dirty)
    except PublishError as error:
        print(f"Julkaisu keskeytyi: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"Julkaisu keskeytyi: komento {' '.join(map(str, error.cmd))} epäonnistui.\n"
              f"{(error.stderr or '').strip() if isinstance(error.stderr, str) else ''}", file=sys.stderr)
        return 1
    where = f"lähetetty etärepositorioon {args.remote}" if args.push else "vain paikallisesti (lähetä: PUSH=1)"
    print(f"Valmis: versio {steps.version} on haarassa {BRANCH}, {where}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
