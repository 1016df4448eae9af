"""The GitHub workflows: linted by actionlint and zizmor (offline), and held to the project's rules:
actions pinned to commit SHAs, least privilege, one run at a time, the right jobs on each event."""

from __future__ import annotations

import fnmatch
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
            # Only the job that pushes gh-pages keeps the token in git's config.
            assert step["with"]["persist-credentials"] is (job_id in writers)
            assert step["with"]["fetch-depth"] == 0  # "last changed" dates need the history


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


def test_main_deploys_the_development_version_and_tags_deploy_their_edition():
    workflow = load("julkaisu.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["jobs"]["julkaise"]["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    commands = runs(workflow)
    assert f"make deploy VERSION={publish.DEV_VERSION} PUSH=1" in commands
    assert 'make deploy TAG="$TAG" PUSH=1' in commands
    patterns = workflow["on"]["push"]["tags"]
    for tag in ("v2025", "v2025.1", "v2031.12"):
        assert any(fnmatch.fnmatchcase(tag, p) for p in patterns)
        assert publish.version_from_tag(tag) == tag[1:5]
    for tag in ("2025", "release-2025", "v25"):
        assert not any(fnmatch.fnmatchcase(tag, p) for p in patterns)
    # A publishing job restores no cache that another run could have written.
    assert not any(step.get("uses", "").startswith("actions/cache@") or step.get("with", {}).get("cache")
                   for _, step in steps(workflow))
