"""A writable copy of the whole project (content, docs, config, Makefile) for editor scenarios,
and `make` run in it with this test run's Python environment."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO

PROJECT_FILES = ("mkdocs.yml", "macros.py", "Makefile", "pyproject.toml", "constraints.txt",
                 ".pre-commit-config.yaml")
PROJECT_FOLDERS = ("hooks", "overrides", "docs")
# make's STAMP target (which installs .venv) is pointed at a file marked as old with -o, so that
# nothing is installed: the copy runs with the environment running the tests.
_NO_INSTALL = "installed-by-test-run"


@pytest.fixture
def project_copy(content_copy) -> Path:
    """tmp/ with roadmap/ (the content copy) and everything else the site is built from."""
    root = content_copy.parent
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, root / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    return root


def make_command(project: Path, *args: str) -> list[str]:
    return ["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}",
            f"STAMP={_NO_INSTALL}", "-o", _NO_INSTALL, *args]


def make_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
