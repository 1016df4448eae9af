"""The path off unmaintained MkDocs: ProperDocs 1.6.7, the maintained continuation of MkDocs 1.x,
builds the same site from the same mkdocs.yml, with Material, macros and our hook unchanged.

ProperDocs lives in a venv of its own (make properdocs) from which MkDocs itself is removed,
so the build below cannot be using MkDocs by accident.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.build

VENV = REPO / ".venv-properdocs"
GENERATOR = re.compile(rb'^\s*<meta name="generator" content="[^"]*">\n', re.MULTILINE)


def in_venv(*args: str, **kwargs) -> subprocess.CompletedProcess:
    if not (VENV / "bin" / "properdocs").exists():
        pytest.fail("The ProperDocs venv is missing: run `make properdocs` (make test does it first)")
    return subprocess.run([str(VENV / "bin" / args[0]), *args[1:]], capture_output=True, text=True,
                          timeout=600, **kwargs)


@pytest.fixture(scope="module")
def properdocs_build(tmp_path_factory):
    site = tmp_path_factory.mktemp("properdocs") / "site"
    # Built as if on another day (the reproducible-builds variable MkDocs reads), so the comparison
    # below also shows that nothing on the site depends on the day it was built.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    result = in_venv("properdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site),
                     cwd=REPO, env=env)
    return site, result


def test_venv_has_properdocs_and_no_mkdocs():
    probe = in_venv("python", "-c", (
        "import importlib.metadata as m\n"
        "print(m.version('properdocs'))\n"
        "try:\n    m.version('mkdocs')\nexcept m.PackageNotFoundError:\n    print('no mkdocs')\n"
    ))
    assert probe.stdout.split() == ["1.6.7", "no", "mkdocs"], probe.stderr


def test_strict_build_succeeds_without_warnings(properdocs_build):
    _, result = properdocs_build
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not re.search(r"^(WARNING|ERROR)", log, re.MULTILINE), log
    assert "Tiekartta:" in log  # our hook ran


def _search_index_shape(path: Path) -> str:
    """Pagefind names its filter and meta files by their content, which it writes in no fixed
    order (two runs over the same site differ): those files are compared by kind and count."""
    parts = path.parts
    if parts[:2] == ("pagefind", "filter"):
        return "pagefind/filter/*"
    if parts[0] == "pagefind" and path.suffix == ".pf_meta":
        return "pagefind/*.pf_meta"
    return str(path)


def test_site_is_the_same_as_the_mkdocs_build(properdocs_build, built_site):
    site, _ = properdocs_build
    ours = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert sorted(map(_search_index_shape, theirs)) == sorted(map(_search_index_shape, ours))
    different = []
    for path in ours:
        if path.parts[0] == "pagefind":
            continue  # the search index: its shape is compared above, its pages are the same

        if filecmp.cmp(built_site / path, site / path, shallow=False):
            continue
        # HTML pages name their generator; nothing else may differ.
        a, b = ((root / path).read_bytes() for root in (built_site, site))
        if path.suffix != ".html" or GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b):
            different.append(str(path))
    assert not different
