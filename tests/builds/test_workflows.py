"""The GitHub workflows and what they install: linted by actionlint and zizmor (offline), and held
to the project's rules: actions pinned to commit SHAs and the test image to a digest, least
privilege, one run at a time, the right jobs on each event; publishing split into a read-only build
and a deploy job that runs no project code; Python and npm packages locked with hashes."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from tiekartta import publish

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_id, step


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for _, step in steps(workflow))


ALL = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
DEPLOYING_JOBS = {("julkaisu.yml", "julkaise")}  # the only job that may write (it pushes gh-pages)
BUILD, DEPLOY = "rakenna", "julkaise"


def test_the_check_and_publish_workflows_exist():
    assert {"julkaisu.yml", "tarkistus.yml"} <= set(ALL)


def test_actionlint_finds_nothing():
    # shellcheck and pyflakes are not project dependencies: leave them out, whatever the machine has.
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", "-shellcheck=", "-pyflakes="],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(WORKFLOWS)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("name", ALL)
def test_every_lint_exception_is_explained_in_place(name):
    """An ignore comment (zizmor: ignore[…], actionlint's shellcheck disable) says why on its line."""
    for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
        ignore = re.search(r"(zizmor: ignore\[[^\]]*\]|shellcheck disable=\S+)(.*)", line)
        if ignore:
            assert len(ignore.group(2).split()) >= 4, f"unexplained: {line.strip()}"


@pytest.mark.parametrize("name", ALL)
def test_actions_are_pinned_to_full_commit_shas_with_their_version(name):
    uses = re.findall(r"uses:\s*(.+)$", (WORKFLOWS / name).read_text(encoding="utf-8"), re.MULTILINE)
    assert uses
    assert [u for u in uses if not PINNED.match(u.strip())] == []


@pytest.mark.parametrize("name", ALL)
def test_least_privilege_and_one_run_at_a_time(name):
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
    writers = {job_id for job_id, job in workflow["jobs"].items()
               if "write" in (job.get("permissions") or {}).values()}
    assert {(name, job_id) for job_id in writers} <= DEPLOYING_JOBS
    for job_id, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            # No job keeps the token in git's config: the deploy job hands it to git for one push.
            assert step["with"]["persist-credentials"] is False
            assert step["with"]["fetch-depth"] == 0  # "last changed" dates and main need the history


def test_the_test_container_is_pinned_by_digest():
    images = [job["container"]["image"] for job in load("tarkistus.yml")["jobs"].values() if "container" in job]
    assert images and all(re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", image) for image in images)


def test_pull_requests_validate_build_preview_and_test():
    workflow = load("tarkistus.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    commands = runs(workflow)
    for command in ("make check", "make build", "bash .ci/run"):
        assert command in commands
    uploads = [step for _, step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["path"] for step in uploads] == ["site/"]
    caches = [step for _, step in steps(workflow)
              if step.get("with", {}).get("cache") == "pip" or step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 2 and all("constraints.txt" in str(step["with"]) for step in caches)


def test_the_editor_guide_names_the_check_and_step_that_list_content_errors():
    """docs/opas/tarkistukset.md sends editors to a check and a step by name: both exist, and that
    step is the one that runs the content check."""
    workflow = load("tarkistus.yml")
    guide = " ".join((REPO / "docs" / "opas" / "tarkistukset.md").read_text(encoding="utf-8").split())
    named = re.search(r"tarkistuksessa \*(?P<workflow>[^*/]+) / (?P<job>[^*]+)\*: sen vaiheen \*(?P<step>[^*]+)\*", guide)
    assert named, "the guide no longer names the check"
    assert named["workflow"] == workflow["name"]
    job = next(job for job in workflow["jobs"].values() if job["name"] == named["job"])
    step = next(step for step in job["steps"] if step.get("name") == named["step"])
    assert step["run"] == "make check"


def test_main_deploys_the_development_version_and_tags_deploy_their_edition():
    workflow = load("julkaisu.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    build = "\n".join(step.get("run", "") for job, step in steps(workflow) if job == BUILD)
    assert f"make deploy VERSION={publish.DEV_VERSION} BUNDLE=" in build
    assert "make deploy BUNDLE=" in build
    tag_step = next(step for job, step in steps(workflow) if job == BUILD and step.get("if") == "github.ref_type == 'tag'")
    assert tag_step["env"] == {"TAG": "${{ github.ref_name }}"}  # through the environment, never the command
    assert "${{" not in runs(workflow)  # no expression is pasted into a script
    patterns = workflow["on"]["push"]["tags"]
    for tag in ("v2025", "v2025.1", "v2026.12"):
        assert any(fnmatch.fnmatchcase(tag, p) for p in patterns)
        assert publish.version_from_tag(tag) == tag[1:5]
    for tag in ("2025", "release-2025", "v25"):
        assert not any(fnmatch.fnmatchcase(tag, p) for p in patterns)
    # A publishing job restores no cache that another run could have written.
    assert not any(step.get("uses", "").startswith("actions/cache@") or step.get("with", {}).get("cache")
                   for _, step in steps(workflow))


def test_the_editor_guide_says_where_a_merged_change_appears():
    """A merge publishes the development version only; readers' default version changes with a new
    edition (a tag). The editors' guide and CONTRIBUTING.md say so, with the development version's
    address, and promise no more."""
    workflow = load("julkaisu.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = "\n".join(step.get("run", "") for job, step in steps(workflow) if job == BUILD)
    assert f"make deploy VERSION={publish.DEV_VERSION} BUNDLE=" in build
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    development = f"{site_url}{publish.DEV_VERSION}/"
    for page in (REPO / "docs" / "opas" / "index.md", REPO / "CONTRIBUTING.md"):
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert development in text and "painoksen" in text, page
        assert "sivusto päivittyy" not in text, page


def test_publishing_repeats_the_content_check_and_the_strict_build():
    """docs/opas/tarkistukset.md: content the check refuses is never published, whatever the state
    of the pull request's checks: make deploy runs the content check first, and mike's build is
    strict (mkdocs.yml), so a warning stops it."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^deploy: check$", makefile, re.MULTILINE)
    assert re.search(r"^check: \$\(STAMP\)\n\t\$\(BIN\)/python -m tiekartta check$", makefile, re.MULTILINE)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^strict: true$", config, re.MULTILINE)
    guide = " ".join((REPO / "docs" / "opas" / "tarkistukset.md").read_text(encoding="utf-8").split())
    assert "julkaisu tarkistaa sisällön ja rakentaa sivuston uudelleen ja pysähtyy virheeseen" in guide


def test_the_build_job_can_write_nothing_and_hands_over_a_bundle():
    job = load("julkaisu.yml")["jobs"][BUILD]
    assert job["permissions"] == {"contents": "read"}
    assert "environment" not in job
    text = yaml.safe_dump(job)
    assert "secrets." not in text and "github.token" not in text
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].endswith("/julkaisu/gh-pages.bundle")


def test_the_deploy_job_is_protected_checks_main_and_runs_no_project_code():
    jobs = load("julkaisu.yml")["jobs"]
    job = jobs[DEPLOY]
    assert job["needs"] == BUILD
    assert job["environment"] == "github-pages"
    assert job["permissions"] == {"contents": "write"}
    used = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    assert used == ["actions/checkout", "actions/download-artifact"]
    download = job["steps"][1]
    upload = next(step for step in jobs[BUILD]["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert download["with"]["name"] == upload["with"]["name"]
    script = deploy_script()
    # Nothing from the repository runs: no make, no Python, no script file, no npm.
    assert not re.search(r"\b(make|python3?|pip|npm|npx|bash|sh|source)\b|\./|\.ci/|scripts/", script)
    assert 'git merge-base --is-ancestor "$GITHUB_SHA" refs/remotes/origin/main' in script
    assert "--force" not in script and "+refs/heads/gh-pages:refs/heads" not in script


def deploy_script() -> str:
    job = load("julkaisu.yml")["jobs"][DEPLOY]
    return next(step["run"] for step in job["steps"] if "run" in step)


# --- the deploy job's script, run against throwaway repositories --------------------------------


def git(repo: Path, *args: str, text: str | None = None, env: dict | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], input=text, capture_output=True, text=True, check=True,
                          env=env).stdout.strip()


def is_ancestor(repo: Path, old: str, new: str) -> bool:
    return subprocess.run(["git", "-C", str(repo), "merge-base", "--is-ancestor", old, new]).returncode == 0


def commit_files(repo: Path, files: dict[str, str], parent: str | None, symlink: str | None = None) -> str:
    """A gh-pages commit: `parent`'s files with `files` written over them (and a symlink, if asked)."""
    env = {**os.environ, "GIT_INDEX_FILE": str(repo / ".git" / "pages-index")}
    git(repo, "read-tree", *([parent] if parent else ["--empty"]), env=env)
    entries = [("100644", path, content) for path, content in files.items()]
    entries += [("120000", symlink, "../.git/config")] if symlink else []
    for mode, path, content in entries:
        blob = git(repo, "hash-object", "-w", "--stdin", text=content)
        git(repo, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}", env=env)
    tree = git(repo, "write-tree", env=env)
    return git(repo, "commit-tree", tree, *(["-p", parent] if parent else []), "-m", "gh-pages")


@pytest.fixture
def pages(tmp_path):
    """A remote with main, a commit never merged, and a published gh-pages; cloned as the deploy
    job's checkout clones it."""
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(work))
    git(work, "config", "user.name", "Testi")
    git(work, "config", "user.email", "testi@example.invalid")
    git(work, "commit", "--quiet", "--allow-empty", "-m", "merged")
    merged = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "--quiet", "-b", "side")
    git(work, "commit", "--quiet", "--allow-empty", "-m", "never merged")
    unmerged = git(work, "rev-parse", "HEAD")
    published = commit_files(work, {"versions.json": "[]", "2024/index.html": "vanha"}, None)
    git(work, "push", "--quiet", str(remote), "main", f"{published}:refs/heads/gh-pages")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--no-checkout", str(remote), str(clone))
    return {"remote": remote, "clone": clone, "merged": merged, "unmerged": unmerged, "published": published,
            "tmp": tmp_path}


def run_deploy(pages, new: str, *, sha: str | None = None, ref_type: str = "tag", ref_name: str = "v2025"):
    """The deploy job's script with `new` as the build job's bundle (on top of gh-pages if it can be)."""
    clone, tmp, published = pages["clone"], pages["tmp"], pages["published"]
    bundle = tmp / "julkaisu" / "gh-pages.bundle"
    bundle.parent.mkdir(exist_ok=True)
    git(clone, "update-ref", "refs/heads/gh-pages", new)
    git(clone, "bundle", "create", "--quiet", str(bundle), "refs/heads/gh-pages",
        *([f"^{published}"] if is_ancestor(clone, published, new) else []))
    git(clone, "update-ref", "-d", "refs/heads/gh-pages")
    env = {**os.environ, "GITHUB_SHA": sha or pages["merged"], "REF_TYPE": ref_type, "REF_NAME": ref_name,
           "BUNDLE": str(bundle), "PUSH_TOKEN": "ei-oikea", "RUNNER_TEMP": str(tmp)}
    return subprocess.run(["bash", "-c", deploy_script()], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=60)


def remote_pages(pages) -> str:
    return git(pages["remote"], "rev-parse", "gh-pages")


def test_deploy_script_pushes_a_new_edition_on_top_of_the_published_one(pages):
    new = commit_files(pages["clone"], {"versions.json": "[2025]", "2025/index.html": "uusi",
                                        "uusin/index.html": "ohjaus", "index.html": "juuri"}, pages["published"])
    result = run_deploy(pages, new)
    assert result.returncode == 0, result.stdout + result.stderr
    assert remote_pages(pages) == new


@pytest.mark.parametrize("case,expected", [
    ("unmerged", "ei ole main-haarassa"),
    ("other folder", "ulkopuolista tiedostoa: 2024/index.html"),
    ("new root file", "ulkopuolista tiedostoa: CNAME"),
    ("symlink", "muuta kuin tavallisia tiedostoja"),
    ("rewritten history", "ei jatka julkaistua"),
    ("future tag", "tulevaisuudessa"),
    ("bad tag", "ei ole julkaisutagi"),
    ("development alias", "muuttaisi aliasta"),
])
def test_deploy_script_refuses_and_pushes_nothing(pages, case, expected):
    clone, published = pages["clone"], pages["published"]
    options = {}
    files = {"2025/index.html": "uusi"}
    parent, symlink = published, None
    if case == "unmerged":
        options["sha"] = pages["unmerged"]
    elif case == "other folder":
        files["2024/index.html"] = "muutettu vanha painos"
    elif case == "new root file":
        files["CNAME"] = "example.invalid"
    elif case == "symlink":
        symlink = "2025/asetukset.txt"
    elif case == "rewritten history":
        parent = None
    elif case == "future tag":
        options["ref_name"] = "v9999"
        files = {"9999/index.html": "tuleva"}
    elif case == "bad tag":
        options["ref_name"] = "v2025;id"
    elif case == "development alias":
        options.update(ref_type="branch", ref_name="main")
        files = {"kehitys/index.html": "kehitys", "uusin/index.html": "kaappaus"}
    new = commit_files(clone, files, parent, symlink)
    result = run_deploy(pages, new, **options)
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
    assert remote_pages(pages) == published


# --- what the installs are pinned to ---------------------------------------------------------------

LOCK = REPO / "constraints.txt"


def locked_packages() -> dict[str, list[str]]:
    """Each package line of the lock with the hashes that follow it (pip's requirements format)."""
    packages: dict[str, list[str]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            current = line.rstrip(" \\")
            packages[current] = []
        packages[current] += re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
    return packages


def test_every_locked_python_package_is_pinned_with_hashes():
    packages = locked_packages()
    assert len(packages) > 50
    for line, hashes in packages.items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*==[0-9][\w.+!-]*( ; .+)?", line), line
        assert hashes, f"no hash: {line}"
    names = {line.split("==")[0] for line in packages}
    # the installers themselves, and what pyproject.toml names
    assert {"pip", "setuptools", "uv", "mkdocs", "properdocs", "mike", "pytest", "zizmor"} <= names


def test_every_dependency_of_the_project_is_in_the_lock():
    import tomllib
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"]) + [r for extra in project["optional-dependencies"].values() for r in extra]
    names = {line.split("==")[0] for line in locked_packages()}
    normalise = lambda name: re.sub(r"[-_.]+", "-", name).lower()  # noqa: E731
    missing = {normalise(re.match(r"[A-Za-z0-9._-]+", r).group()) for r in wanted} - {normalise(n) for n in names}
    assert not missing, f"not locked, run make lock: {sorted(missing)}"


def test_installs_check_hashes_and_never_resolve_on_their_own():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"pip install [^\n]*", makefile)
    assert installs
    for install in installs:
        assert ("--require-hashes" in install and "--no-deps" in install) or \
            install.endswith("--no-deps --no-build-isolation -e ."), install
    assert "npm ci --ignore-scripts" in makefile and "npm install --no-package-lock" not in makefile
    assert "pip compile" in makefile and "--generate-hashes" in makefile  # make lock


def test_the_locks_are_committed():
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "--error-unmatch", "constraints.txt",
                              "package-lock.json", ".npmrc"], capture_output=True, text=True)
    assert tracked.returncode == 0, tracked.stderr


def test_the_npm_lock_names_no_registry_and_hashes_every_package():
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    declared = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert lock["packages"][""]["devDependencies"] == declared
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert len(packages) > 50
    assert all("resolved" not in entry for entry in packages.values())
    assert all(entry["integrity"].startswith("sha512-") for entry in packages.values())
    for name, version in declared.items():
        assert packages[f"node_modules/{name}"]["version"] == version
