"""The preview an editor works with: `make serve` on a copy of the project, a page open in
Chromium, and the YAML file changed, broken and fixed underneath it. The page is never reloaded
by the test: live reload must do it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from projectcopy import make_command, make_env, project_copy  # noqa: F401 (fixture)
from tiekartta.pages import routes

pytestmark = pytest.mark.browser

START_TIMEOUT_S = 180  # first build on a busy 2-core machine
CHANGE_TIMEOUT_MS = 90_000  # one rebuild plus the browser's reload


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(log: Path, pattern: str, server: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if re.search(pattern, text):
            return
        if server.poll() is not None:
            pytest.fail(f"the preview server stopped (exit {server.returncode}):\n{text}")
        time.sleep(0.5)
    pytest.fail(f"no {pattern!r} from the preview server within {timeout_s} s:\n{log.read_text()}")


@pytest.fixture
def preview(project_copy, tmp_path):
    """`make serve` in the project copy on a free port: (base URL, server log, server process)."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        # A process group of its own, so that make and the mkdocs it starts are stopped together.
        server = subprocess.Popen(
            make_command(project_copy, "serve", f"PORT={port}"), cwd=project_copy,
            stdout=out, stderr=subprocess.STDOUT, env=make_env(), start_new_session=True,
        )
    try:
        _wait_for(log, r"Serving on http://", server, START_TIMEOUT_S)
        site_url = yaml.safe_load((project_copy / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
        yield f"http://127.0.0.1:{port}{urlsplit(site_url).path}", log, server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)


def test_preview_follows_the_yaml_file_through_a_mistake_and_back(preview, project_copy, page, roadmap):
    base, log, server = preview
    theme = roadmap.spearheads[0]
    source = project_copy / theme.source
    original = source.read_text(encoding="utf-8")
    page.goto(base + routes.page_url(routes.theme(theme)))
    heading = page.locator("article h1")
    expect(heading).to_contain_text(theme.name)

    # 1. A change appears in the open page by itself.
    renamed = f"{theme.name} uudistettu"
    source.write_text(original.replace(f"nimi: {theme.name}", f"nimi: {renamed}"), encoding="utf-8")
    expect(heading).to_contain_text(renamed, timeout=CHANGE_TIMEOUT_MS)

    # 2. A mistake: the server keeps running; page and terminal name file, line and field.
    broken = original.replace(f"nimi: {theme.name}", f"nimi: {renamed}")
    broken = re.sub(r"^järjestys: \d+$", "järjestys: kolme", broken, flags=re.MULTILINE)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if text == "järjestys: kolme")
    source.write_text(broken, encoding="utf-8")
    where = f"{theme.source}, rivi {line}"
    problems = page.locator(".tk-virheet")
    expect(problems).to_contain_text(where, timeout=CHANGE_TIMEOUT_MS)
    expect(problems).to_contain_text("järjestys")
    expect(problems).to_contain_text("kokonaisluku")
    assert server.poll() is None
    _wait_for(log, rf"ERROR\s+-\s+{re.escape(where)}, kenttä 'järjestys'", server, 30)
    assert "Traceback" not in log.read_text(encoding="utf-8")
    # The guide stays readable meanwhile, so the editor can look the message up.
    help_page = page.context.new_page()
    help_page.goto(base + routes.page_url(routes.GUIDE_CHECKS))
    expect(help_page.locator("article h1")).to_contain_text("Tarkistukset ja virheilmoitukset")
    help_page.close()

    # 3. The fix brings the page back, again without a reload from the test.
    source.write_text(original.replace(f"nimi: {theme.name}", f"nimi: {renamed}"), encoding="utf-8")
    expect(heading).to_contain_text(renamed, timeout=CHANGE_TIMEOUT_MS)
    expect(page.locator(".tk-virheet")).to_have_count(0)
    assert server.poll() is None
