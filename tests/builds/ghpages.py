"""The gh-pages branch of a throwaway repository, as `make deploy` publishes it (tiekartta.publish)
and as GitHub Pages serves it: shared by test_publish.py and test_editions.py."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import REPO, QuietHandler, serve_directory

SITE_FOLDER = "tiekartta"  # GitHub Pages serves the project site under /<repository>/


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def project_repository(repo: Path) -> Path:
    """A fresh git repository in repo holding this project's files, as a maintainer's clone would."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, repo / name)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.name", "Tiekartan julkaisija")
    git(repo, "config", "user.email", "julkaisu@example.invalid")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "The project as it is")
    return repo


def deploy(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """The deploy command as `make deploy` runs it, in the throwaway repository."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "tiekartta.publish", *args], cwd=repo, capture_output=True,
                          text=True, env=env, timeout=600)


def published_file(repo: Path, path: str) -> str:
    return git(repo, "show", f"refs/heads/gh-pages:{path}")


class PagesHandler(QuietHandler):
    """Like GitHub Pages: any missing address gets the site's root 404.html, with status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / SITE_FOLDER / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(published, tmp_path_factory):
    """The gh-pages tree of the module's `published` repository under /tiekartta/ on a local
    server, as the public site will be."""
    root = tmp_path_factory.mktemp("pages")
    archive = subprocess.run(["git", "-C", str(published), "archive", "--format=tar", "gh-pages"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root / SITE_FOLDER, filter="data")
    server, url = serve_directory(root, PagesHandler)
    yield f"{url}{SITE_FOLDER}/"
    server.shutdown()


def own_text(locator) -> str:
    """An element's text without its children's (Material puts the alias in a child span)."""
    return locator.evaluate("e => e.childNodes[0].textContent.trim()")


def track_failures(page) -> list[str]:
    """Every request of the page that failed or got an error status, the page itself excepted."""
    failures: list[str] = []
    # net::ERR_ABORTED is the browser cancelling a request when the test navigates on (the
    # theme's search worker loads lazily), not a missing file: 404s are caught below.
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
            and failures.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and response.request.resource_type != "document"
            and failures.append(f"{response.url} ({response.status})"))
    return failures
