"""Shared fixtures: the real content, the real build, a local server and Debian's Chromium."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.local_site import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve_directory

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "roadmap"
# The source documents (Finnish) the content comes from: kept beside the checkout, not in it
# (the SOSBOX slide holds a test login). Looked for beside the repository and one level up (a
# worktree of it); tests that read them are skipped, with that reason, where they are absent.
SOURCES = next(
    (folder for folder in (REPO.parent / "shared" / "seeds", REPO.parent.parent / "shared" / "seeds") if folder.is_dir()),
    REPO.parent / "shared" / "seeds",
)
ROADMAP_SOURCE = SOURCES / "000_96d8152805664d56.txt"
PROJECT_SOURCE = SOURCES / "002_2d98a0ce308f60b9.txt"
ARTIFACTS = REPO / "test-artifacts"
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "QuietHandler", "serve_directory"]  # for the tests that import them


@pytest.fixture(scope="session")
def roadmap():
    from tiekartta.model import load_roadmap

    return load_roadmap(CONTENT, REPO)


def build_site(project_dir: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` (without -q, which hides warnings)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project_dir, capture_output=True, text=True, env=env, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session from the real content."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(REPO, site_dir)
    log = result.stdout + result.stderr
    (site_dir.parent / "build.log").write_text(log, encoding="utf-8")
    assert result.returncode == 0, log
    return site_dir


@pytest.fixture(scope="session")
def build_log(built_site) -> str:
    return (built_site.parent / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = serve_directory(built_site)
    yield url
    server.shutdown()


class CompressingHandler(QuietHandler):
    """Compresses text with gzip when the browser accepts it, as GitHub Pages does, so that page
    weight and speed are measured as readers get them."""

    COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or not content_type.startswith(self.COMPRESSED_TYPES)
        ):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def published_url(built_site, tmp_path_factory):
    """The built site as GitHub Pages publishes it: under the path of site_url ("/tiekartta/"),
    so that absolute links such as the 404 page's work, and compressed."""
    from sitecheck import SITE_PREFIX

    root = built_site
    if SITE_PREFIX.strip("/"):
        root = tmp_path_factory.mktemp("published")
        mount = root / SITE_PREFIX.strip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(built_site, target_is_directory=True)
    server, url = serve_directory(root, CompressingHandler)
    yield url + SITE_PREFIX.lstrip("/")
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; a screenshot is kept in test-artifacts/ when the test fails."""
    # bypass_csp: Playwright's wait_for_function evaluates its predicate from a string, which the
    # site's Content-Security-Policy refuses (no eval). tests/browser/test_csp.py opens pages under the policy.
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the real content (tmp/roadmap), for tests that break it."""
    target = tmp_path / "roadmap"
    shutil.copytree(CONTENT, target)
    return target


# Everything besides the content that `mkdocs build` and `make build` read.
PROJECT_FILES = ("mkdocs.yml", "macros.py", "hooks", "overrides", "docs", "Makefile", "pyproject.toml", "constraints.txt")


def copy_project(target: Path, content: Path = CONTENT) -> Path:
    """A buildable copy of the project in target (content copied from `content` unless there)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)  # keeps mtimes: make sees the installed .venv as current
    if not (target / "roadmap").exists():
        shutil.copytree(content, target / "roadmap")
    return target


@pytest.fixture
def project_copy(content_copy) -> Path:
    """A buildable copy of the whole project around content_copy (tmp/): break the content, build it."""
    return copy_project(content_copy.parent)
