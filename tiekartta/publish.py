"""Versioned publishing: each edition of the roadmap in its own folder of the gh-pages branch.

`make deploy VERSION=2025` (or `python -m tiekartta.publish 2025`) validates the content, builds
the site with mike and commits it to the local gh-pages branch; nothing leaves the machine unless
`--push` is given. mike builds before it commits, so a failed build publishes nothing.

Versions: an edition is a year ("2025"); "kehitys" is the development version built from main.
The newest edition carries the alias "uusin", which is the site's default (its root redirects
there). Aliases are redirect pages, because GitHub Pages does not serve symlinks.

Every version name and tag is untrusted text until validated here: `make deploy` passes what was
typed through the environment (--from-environment), never through a shell. What is published, by a
push or a bundle for CI's deploy job (--bundle), is a commit on main; a tag must name the commit
being built. The maintainers' notes: docs/kehittajille/julkaisu.md.
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

from .site import build_cache
from .site.versions import LATEST_ALIAS

BRANCH = "gh-pages"
MAIN = "main"  # only what is merged here is published
DEV_VERSION = "kehitys"
DEV_TITLE = "kehitys"
# Matched whole (re.fullmatch), ASCII digits only: "2025\n" or Arabic-Indic digits are no year.
EDITION = re.compile(r"[0-9]{4}")
# v2025 publishes the 2025 edition; v2025.1, v2025.2 … republish it with corrections.
RELEASE_TAG = re.compile(r"v(?P<year>[0-9]{4})(?:\.[0-9]{1,4})?")
# The same as a version: 2025, or 2025.1 for a correction of the 2025 edition.
VERSION_INPUT = re.compile(r"(?P<year>[0-9]{4})(?:\.[0-9]{1,4})?")
# A remote's name as `git remote add` makes it; never a path, an address or an option.
REMOTE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
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


# --- what to publish: the version, from what was typed or from a release tag ---------------------

def _shown(value: str) -> str:
    """A typed value as an error quotes it: control and direction characters escaped, kept short."""
    shown = ascii(value) if not value.isprintable() else repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "…"


def check_year(year: int, today: date | None = None) -> None:
    """An edition is published in its year or later, never ahead (the date of the build decides)."""
    today = today or date.today()
    if year > today.year:
        raise PublishError(
            f"Painoksen vuosi {year} on tulevaisuudessa (tänään on {today.day}.{today.month}.{today.year}). "
            "Painos julkaistaan aikaisintaan omana vuotenaan; uusin painos näkyy sivuston oletuksena, "
            "joten tulevan vuoden painos jäisi oletukseksi pysyvästi."
        )


def version_from_input(value: str, today: date | None = None) -> str:
    """The version a maintainer asked for: 2025, 2025.1 (a correction: the 2025 edition) or kehitys."""
    if value == DEV_VERSION:
        return value
    match = VERSION_INPUT.fullmatch(value)
    if not match:
        raise PublishError(
            f"Versio {_shown(value)} ei kelpaa. Painoksen versio on vuosiluku (esim. 2025, korjattu "
            f"julkaisu samasta painoksesta 2025.1); kehitysversio on {DEV_VERSION!r}."
        )
    check_year(int(match["year"]), today)
    return match["year"]


def version_from_tag(tag: str, today: date | None = None) -> str:
    match = RELEASE_TAG.fullmatch(tag.removeprefix("refs/tags/"))
    if not match:
        raise PublishError(
            f"Tagi {_shown(tag)} ei ole julkaisutagi. Painos julkaistaan tagilla muotoa v2025 "
            "(korjattu julkaisu samasta painoksesta: v2025.1, v2025.2 …)."
        )
    check_year(int(match["year"]), today)
    return match["year"]


def check_version(version: str, today: date | None = None) -> None:
    """A version as mike gets it: an edition's year (not in the future) or the development version."""
    if version != DEV_VERSION and not EDITION.fullmatch(version):
        raise PublishError(
            f"Versio {_shown(version)} ei kelpaa. Painoksen versio on vuosiluku (esim. 2025); "
            f"kehitysversio on {DEV_VERSION!r}."
        )
    if version != DEV_VERSION:
        check_year(int(version), today)


def check_remote_name(remote: str) -> None:
    if not REMOTE_NAME.fullmatch(remote):
        raise PublishError(
            f"Etärepositorion nimi {_shown(remote)} ei kelpaa: anna gitin etärepositorion nimi "
            "(esim. origin), ei osoitetta eikä polkua."
        )


def plan(version: str, published: list[dict]) -> Plan:
    """Aliases and default for deploying `version` beside the versions already published."""
    check_version(version)
    editions = [entry["version"] for entry in published if EDITION.fullmatch(entry["version"])]
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
    # Imported here: refusing a bad version or tag should not wait for the content model to load.
    from .model import ContentError, load_roadmap

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


def fetch_main(repo: Path, remote: str) -> None:
    """Bring the remote's main here, so the check of what is merged reads the remote's word."""
    fetched = _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{MAIN}:refs/remotes/{remote}/{MAIN}", check=False)
    if fetched.returncode != 0:
        raise PublishError(f"Etärepositorion {remote!r} haaraa {MAIN} ei saatu haettua:\n{fetched.stderr.strip()}")


def main_ref(repo: Path, remote: str) -> str:
    """The remote's main when it is known here (as in CI), else the local main."""
    for ref in (f"refs/remotes/{remote}/{MAIN}", f"refs/heads/{MAIN}"):
        if _has_ref(repo, ref):
            return ref
    raise PublishError(f"Haaraa {MAIN} ei löydy, joten ei voi tarkistaa, että julkaistava versio on yhdistetty siihen.")


def check_on_main(repo: Path, remote: str, what: str) -> None:
    """Publish only what was merged: the commit being built is main's or one of its ancestors."""
    ref = main_ref(repo, remote)
    if not _is_ancestor(repo, "HEAD", ref):
        head = _git(repo, "rev-parse", "--short", "HEAD").stdout.strip()
        raise PublishError(
            f"{what} (commit {head}) ei ole haarassa {MAIN} ({ref.removeprefix('refs/')}). Julkaistaan vain "
            f"sitä, mikä on yhdistetty {MAIN}-haaraan: yhdistä muutos ensin (pull request) ja tee tagi "
            f"{MAIN}-haaran committiin."
        )


def check_tag(repo: Path, tag: str) -> None:
    """The tag exists here and names the commit being built (the working tree's HEAD)."""
    name = tag.removeprefix("refs/tags/")
    tagged = _git(repo, "rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}", check=False)
    if tagged.returncode != 0:
        raise PublishError(f"Tagia {name} ei ole tässä repositoriossa. Tee se ensin: git tag {name} {MAIN}")
    if tagged.stdout.strip() != _git(repo, "rev-parse", "HEAD").stdout.strip():
        raise PublishError(
            f"Tagi {name} osoittaa eri committiin kuin työkopio. Hae tagin versio ensin: git checkout {name}"
        )


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
    from .opendata.editions import PUBLISHED  # here: as the model in check_content

    known = next((entry for entry in published if entry.get("version") == version), None)
    day = today or datetime.now(HELSINKI).date()
    if known is not None and version != DEV_VERSION:
        if (known.get("properties") or {}).get(PUBLISHED):
            return []
        day = first_published(repo, version) or day
    return ["--prop-set-string", f"{PUBLISHED}={day.isoformat()}"]


def run_mike(repo: Path, *args: str, failure: str) -> None:
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


def _gh_pages_before(repo: Path, remote: str) -> str | None:
    """The gh-pages commit that was published last: what the new commits go on top of."""
    for ref in (f"refs/remotes/{remote}/{BRANCH}", f"refs/heads/{BRANCH}"):
        if _has_ref(repo, ref):
            return _git(repo, "rev-parse", ref).stdout.strip()
    return None


def write_bundle(repo: Path, bundle: Path, base: str | None) -> None:
    """The new gh-pages commits as one file, for a job that only verifies and pushes them."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    _git(repo, "bundle", "create", "--quiet", str(bundle.resolve()), f"refs/heads/{BRANCH}",
         *([f"^{base}"] if base else []))


def push(repo: Path, remote: str) -> None:
    pushed = _git(repo, "push", "--quiet", remote, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}", check=False)
    if pushed.returncode != 0:
        raise PublishError(
            f"Haaran {BRANCH} lähettäminen etärepositorioon {remote!r} epäonnistui; paikallinen "
            f"haara on valmis ja voidaan lähettää myöhemmin.\n{pushed.stderr.strip()}"
        )


def deploy(repo: Path, version: str, *, tag: str | None = None, push_to_remote: bool = False,
           remote: str = "origin", allow_dirty: bool = False, bundle: Path | None = None) -> Plan:
    """Build `version` into the local gh-pages branch; then push it, or write it as a bundle.

    What leaves this machine (a push or a bundle) and anything built from a tag must be on main.
    """
    check_version(version)
    check_remote_name(remote)
    publishing = push_to_remote or bundle is not None
    if not allow_dirty:
        check_committed(repo)
    check_identity(repo)
    if push_to_remote:
        fetch_main(repo, remote)
    if tag:
        check_tag(repo, tag)
        check_on_main(repo, remote, f"Tagi {tag.removeprefix('refs/tags/')}")
    elif publishing:
        check_on_main(repo, remote, f"Julkaistava versio {version}")
    check_content(repo)
    if push_to_remote:
        fetch_published(repo, remote)
    catch_up_with_remote(repo, remote)
    base = _gh_pages_before(repo, remote)
    steps = plan(version, published_versions(repo))
    print(f"Julkaistaan versio {steps.version} haaraan {BRANCH}"
          + (f" (alias: {', '.join(steps.aliases)})" if steps.aliases else "") + " …", flush=True)
    run_mike(repo, "deploy", "--branch", BRANCH, "--remote", remote, "--title", steps.title,
          *(["--update-aliases"] if steps.aliases else []),
          *publication_props(repo, steps.version, published_versions(repo)), steps.version, *steps.aliases,
          failure=f"Sivuston rakentaminen epäonnistui (virheet yllä), joten haaraa {BRANCH} ei muutettu.")
    if steps.default:
        run_mike(repo, "set-default", "--branch", BRANCH, "--remote", remote, steps.default,
              failure=f"Versio {steps.version} on haarassa {BRANCH}, mutta sivuston juuren ohjaus "
                      f"versioon {steps.default} epäonnistui (virheet yllä).")
    update_root_404(repo)
    check_no_symlinks(repo)
    if bundle is not None:
        write_bundle(repo, bundle, base)
    if push_to_remote:
        push(repo, remote)
    return steps


# --- the command ---------------------------------------------------------------------------------

# What `make deploy` hands over (Makefile: VERSION=, TAG=, PUSH=1, REMOTE=, ALLOW_DIRTY=1, BUNDLE=).
ENVIRONMENT = {
    "version": "TIEKARTTA_VERSION",
    "tag": "TIEKARTTA_TAG",
    "push": "TIEKARTTA_PUSH",
    "remote": "TIEKARTTA_REMOTE",
    "allow_dirty": "TIEKARTTA_ALLOW_DIRTY",
    "bundle": "TIEKARTTA_BUNDLE",
}
MAKE_NAMES = {"TIEKARTTA_PUSH": "PUSH", "TIEKARTTA_ALLOW_DIRTY": "ALLOW_DIRTY"}


def _switch(environ: dict[str, str], variable: str) -> bool:
    value = environ.get(variable, "")
    if value not in ("", "0", "1"):
        raise PublishError(f"{MAKE_NAMES.get(variable, variable)}={_shown(value)} ei kelpaa: anna 1 (kyllä) tai jätä pois.")
    return value == "1"


def request_from_environment(environ: dict[str, str]) -> argparse.Namespace:
    """The same request as the command line's, from the environment `make deploy` sets."""
    version, tag = environ.get(ENVIRONMENT["version"], ""), environ.get(ENVIRONMENT["tag"], "")
    if bool(version) == bool(tag):
        raise PublishError("Anna joko versio tai tagi: make deploy VERSION=2025 (tai VERSION=kehitys) "
                           "tai make deploy TAG=v2025.")
    bundle = environ.get(ENVIRONMENT["bundle"], "")
    return argparse.Namespace(
        version=version or None, tag=tag or None,
        push=_switch(environ, ENVIRONMENT["push"]),
        remote=environ.get(ENVIRONMENT["remote"], "") or "origin",
        allow_dirty=_switch(environ, ENVIRONMENT["allow_dirty"]),
        bundle=Path(bundle) if bundle else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tiekartta.publish",
        description="Julkaise tiekartan versio haaraan gh-pages (mike). Ilman --push mitään ei lähetetä.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("version", nargs="?", help=f"painoksen vuosi (esim. 2025 tai 2025.1) tai {DEV_VERSION!r}")
    which.add_argument("--tag", help="julkaisutagi, josta painos päätellään (v2025 tai v2025.1)")
    which.add_argument("--from-environment", action="store_true",
                       help="lue versio ja valinnat ympäristömuuttujista (make deploy): "
                            + ", ".join(ENVIRONMENT.values()))
    parser.add_argument("--push", action="store_true", help="lähetä gh-pages etärepositorioon")
    parser.add_argument("--remote", default="origin", help="etärepositorio (oletus: origin)")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="salli tallentamattomat muutokset (vain kokeiluun, ei oikeaan julkaisuun)")
    parser.add_argument("--bundle", type=Path,
                        help="kirjoita uudet gh-pages-commitit tähän git-bundleen (CI:n julkaisutyö lähettää ne)")
    args = parser.parse_args(argv)
    repo = Path.cwd()
    try:
        if args.from_environment:
            args = request_from_environment(dict(os.environ))
        version = version_from_tag(args.tag) if args.tag else version_from_input(args.version)
        if args.allow_dirty and (args.push or args.bundle):
            raise PublishError("Tallentamattomia muutoksia ei julkaista: ALLOW_DIRTY=1 (--allow-dirty) on vain "
                               "paikalliseen kokeiluun, ei yhdessä PUSH=1:n tai BUNDLE:n kanssa.")
        steps = deploy(repo, version, tag=args.tag, push_to_remote=args.push, remote=args.remote,
                       allow_dirty=args.allow_dirty, bundle=args.bundle)
    except PublishError as error:
        print(f"Julkaisu keskeytyi: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"Julkaisu keskeytyi: komento {' '.join(map(str, error.cmd))} epäonnistui.\n"
              f"{(error.stderr or '').strip() if isinstance(error.stderr, str) else ''}", file=sys.stderr)
        return 1
    if args.push:
        where = f"lähetetty etärepositorioon {args.remote}"
    elif args.bundle:
        where = f"uudet commitit tiedostossa {args.bundle} (julkaisutyö lähettää ne)"
    else:
        where = "vain paikallisesti (lähetä: PUSH=1)"
    print(f"Valmis: versio {steps.version} on haarassa {BRANCH}, {where}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
