"""HTML validity: the Nu HTML Checker (vnu.jar from npm, on the machine's Java) on every built
page. Our own templates may cause no error; the theme's errors are accepted only as listed, with
a reason, in tests/builds/vnu-theme-errors.yaml. The checker's full report is kept in test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ARTIFACTS, REPO
from sitecheck import html_pages

pytestmark = pytest.mark.build

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = Path(__file__).resolve().parent / "vnu-theme-errors.yaml"


@pytest.fixture(scope="module")
def vnu_messages(built_site) -> list[dict]:
    if not VNU.is_file():
        pytest.fail("vnu.jar is not installed: run `make node` (installs the npm tools of package.json)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: run `make java` (installs Debian's default-jre-headless)")
    pages = [str(path) for path in html_pages(built_site)]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always", *pages],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "vnu.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    for message in report["messages"]:
        message["page"] = message.get("url", "").split(str(built_site), 1)[-1]
    return report["messages"]


def allowed_errors() -> list[dict]:
    entries = yaml.safe_load(ALLOWED.read_text(encoding="utf-8"))
    for entry in entries:
        assert set(entry) == {"message", "element", "reason"} and entry["reason"].strip(), entry
    return entries


def test_checker_ran_on_every_page(vnu_messages, built_site):
    """The checker read every page (a page it cannot read would show up as a non-document error)."""
    assert not [m for m in vnu_messages if m["type"] == "non-document-error"], vnu_messages[:3]
    assert len(html_pages(built_site)) > 30


def test_no_html_errors_but_the_listed_theme_errors(vnu_messages):
    entries = allowed_errors()
    used = [0] * len(entries)
    ours = []
    for message in (m for m in vnu_messages if m["type"] == "error"):
        for index, entry in enumerate(entries):
            if re.search(entry["message"], message["message"]) and re.search(entry["element"], message.get("extract", "")):
                used[index] += 1
                break
        else:
            ours.append(f"{message['page']}:{message.get('lastLine')}: {message['message']}\n    {message.get('extract', '').strip()}")
    assert not ours, "HTML errors:\n" + "\n".join(ours)
    stale = [entry["message"] for entry, count in zip(entries, used) if not count]
    assert not stale, f"listed theme errors that no longer occur (remove them from {ALLOWED.name}): {stale}"
