"""Fuzzing: hypothesis mutates the real YAML files and runs them through the loader and the
real build. Every outcome must be a valid model or site, or the project's own error listing
file and line: never a traceback, never a strict-mode abort from warnings.

CI (CI=true) runs a fixed set of examples so that a run is repeatable; elsewhere each run
tries new ones (a failure prints the example to reproduce it).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import CONTENT, copy_project
from sitecheck import active_markup, html_pages, soup_of
from tiekartta.model import ContentError, Roadmap, load_roadmap

# Only these tests: other modules' hypothesis settings stay as they are.
IN_CI = bool(os.environ.get("CI"))

FILES = sorted(str(p.relative_to(CONTENT)) for p in CONTENT.rglob("*.yaml") if "schema" not in p.parts)

# Pieces of YAML syntax, encodings and markup that break files in interesting ways.
FRAGMENTS = [
    ":", ": ", "- ", "\n", "\n  ", "  ", "\t", "#", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!!python/name:os.system ",
    "! ", "? ", "|", ">", "%", "@", "`", "---\n", "...\n", "<<: ", "~", "null", "yes", "0x1F", "1e400", "2019-02-30",
    "\x00", "\x07", "\u202e", "\ufeff", "\ufffe", "\u2028", "\x85", "ä", "😀", "\\ud83d", "\udcff",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))", "131052-308T",
]
HOSTILE_TEXT = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>", "</title><script>x</script>",
    "[x](javascript:alert(1))", "# \\[x](javascript:alert(1))", "    [x](javascript:alert(1))", "{: onclick=alert(1) }",
    "{{ lipsum.__globals__['os'].getcwd() }}", "{% raw %}{{ 7*7 }}{% endraw %}", "&lt;b&gt;", "<!--", "]]>", "\\",
    "ei-kuntaa", "index", "../..", "/etc/passwd", "", " ", "x" * 400, "rivi\ntoinen rivi", "a\r\nb", "P-K:n", "**", "`",
]


def _mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    text = raw.decode("utf-8")
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        op = data.draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "drop-line", "indent"]), label="op")
        piece = data.draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), label="piece")
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end + 1
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 20), label="n"):]
        elif op == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        elif op == "dup-line":
            text = text[:end] + text[start:end] + text[end:]
        elif op == "drop-line":
            text = text[:start] + text[end:]
        else:
            text = text[:start] + " " * data.draw(st.integers(1, 5), label="n") + text[start:]
    return text.encode("utf-8", "surrogatepass")


def _leaves(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))


VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers(-5, 10**6),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
)


# Fields that hold ids, dates, times or fixed words rather than free text.
NOT_TEXT = {
    "hanke", "ulottuvuus", "kunta", "teema", "teemat", "tapahtuma", "tuotokset", "kohde", "järjestäjä",
    "tunniste", "laji", "muotoiltu_tapahtumassa", "kärkiteemojen_valitsija", "alkaa", "päättyy",
}
# Text an editor might write in a free-text field: hostile but valid, so that pages are made.
FREE_TEXT = st.one_of(
    st.sampled_from([t for t in HOSTILE_TEXT if t.strip() and "\n" not in t and "\r" not in t and len(t) <= 300]),
    st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and "\n" not in t and "\r" not in t),
)


def _is_text_field(tree, path) -> bool:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    return isinstance(_get(tree, path), str) and key not in NOT_TEXT


def _mutate_values(data: st.DataObject, raw: bytes, only_text: bool) -> bytes:
    tree = yaml.safe_load(raw.decode("utf-8"))
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        paths = [p for p in _leaves(tree) if p]
        if only_text:
            paths = [p for p in paths if _is_text_field(tree, p)]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="field")
        parent = _get(tree, path[:-1])
        op = "set" if only_text else data.draw(st.sampled_from(["set", "delete", "add-key"]), label="op")
        if op == "set":
            parent[path[-1]] = data.draw(FREE_TEXT if only_text else VALUES, label="value")
        elif op == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=10), label="key")] = data.draw(VALUES, label="value")
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")


def _get(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def _check_error(error: ContentError, content: Path) -> None:
    """The project's own error: every problem names a file of the content and a line in it."""
    assert error.problems
    for problem in error.problems:
        assert problem.file.startswith("roadmap/") and problem.message and problem.kind
        path = content.parent / problem.file
        lines = path.read_bytes().count(b"\n") + 1 if path.is_file() else 1
        assert 1 <= problem.line <= lines, problem
        assert problem.format()


@pytest.fixture(scope="module")
def fuzz_content(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "roadmap"
    shutil.copytree(CONTENT, target)
    return target


@settings(max_examples=80, deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_files_load_or_fail_with_file_and_line(fuzz_content, data):
    file = data.draw(st.sampled_from(FILES), label="file")
    path = fuzz_content / file
    original = path.read_bytes()
    structural = data.draw(st.booleans(), label="structural")
    mutated = _mutate_values(data, original, only_text=False) if structural else _mutate_bytes(data, original)
    try:
        path.write_bytes(mutated)
        try:
            roadmap = load_roadmap(fuzz_content, fuzz_content.parent)
        except ContentError as error:
            _check_error(error, fuzz_content)
            event("refused with file and line")
        else:
            assert isinstance(roadmap, Roadmap)
            event("loaded")
    finally:
        path.write_bytes(original)


_BUILD_COUNT = iter(range(10**6))


@pytest.mark.build
@settings(max_examples=10, deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_content_builds_or_fails_with_file_and_line(tmp_path_factory, data):
    """Each example builds a fresh copy in-process (the model cache is keyed by path and mtime)."""
    project = copy_project(tmp_path_factory.mktemp(f"fuzzbuild{next(_BUILD_COUNT)}"))
    content = project / "roadmap"
    for _ in range(data.draw(st.integers(1, 3), label="files")):
        path = content / data.draw(st.sampled_from(FILES), label="file")
        # Mostly text that keeps the file valid, so that the pages are made; sometimes anything.
        if data.draw(st.integers(0, 4), label="kind") == 0:
            path.write_bytes(_mutate_bytes(data, path.read_bytes()))
        else:
            path.write_bytes(_mutate_values(data, path.read_bytes(), only_text=True))
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    try:
        build(config)
    except Abort as abort:
        message = str(abort)
        gate = re.match(r"(roadmap/[^,:]+), rivi (\d+): julkaistavassa tekstissä", message)
        if gate:
            # Texts the model passed one by one that the page shows side by side ("salasana:" and
            # the text after it): the gate stops the build at the line of the content file.
            assert 1 <= int(gate[2]) <= (project / gate[1]).read_bytes().count(b"\n") + 1, message
            event("stopped by the gate with file and line")
            return
        assert message.startswith("Sisällössä on"), message  # not "Aborted with N warnings"
        try:
            load_roadmap(content, project)
        except ContentError as error:
            _check_error(error, content)
            event("refused with file and line")
        else:
            pytest.fail(f"the build stopped although the content is valid: {message}")
    else:
        pages = html_pages(project / "site")
        assert pages
        offenders = {str(p): found for p in pages if (found := active_markup(p))}
        assert not offenders
        event("built")
    finally:
        soup_of.cache_clear()
        shutil.rmtree(project, ignore_errors=True)
