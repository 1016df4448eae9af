"""Property: whatever an editor does to a real file, the loader returns a model or the project's
validation error (with file and line) — never any other exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT
from tiekartta.model import ContentError, Roadmap, load_roadmap

REAL_FILES = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.yaml"))
YAML_BITS = [":", ": ", "- ", "  ", "\t", "'", '"', "[", "]", "{", "}", "&a", "*a", "!!str", "!!python/name:os.system",
             "#", "|", ">", "---", "...", "on", "no", "yes", "23.11", "2019-02-30", "null", "~", "<<: *a", "\n", "ä",
             "{{ 7*7 }}", "%YAML 1.1", "\ufeff", "\x00", "\r"]

line_edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 60)),
    st.tuples(st.just("duplicate"), st.integers(0, 60)),
    st.tuples(st.just("swap"), st.integers(0, 60)),
    st.tuples(st.just("indent"), st.integers(0, 60)),
    st.tuples(st.just("insert"), st.integers(0, 60), st.lists(st.sampled_from(YAML_BITS), max_size=6).map("".join)),
    st.tuples(st.just("text"), st.integers(0, 60), st.text(max_size=20)),
    st.tuples(st.just("truncate"), st.integers(0, 4000)),
)


def mutate(text: str, edits) -> str:
    lines = text.split("\n")
    for edit in edits:
        op, index = edit[0], edit[1]
        i = index % max(len(lines), 1)
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "swap" and len(lines) > 1:
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent" and lines:
            lines[i] = "  " + lines[i]
        elif op in ("insert", "text"):
            position = len(lines[i]) // 2 if lines else 0
            if lines:
                lines[i] = lines[i][:position] + edit[2] + lines[i][position:]
            else:
                lines.append(edit[2])
        elif op == "truncate":
            return "\n".join(lines)[: edit[1]]
    return "\n".join(lines)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.sampled_from(REAL_FILES), min_size=1, max_size=3, unique=True),
       edits=st.lists(line_edit, min_size=1, max_size=4))
def test_mutated_real_files_give_a_model_or_a_content_error(files, edits):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "roadmap"
        shutil.copytree(CONTENT, content)
        for name in files:
            path = content / name
            path.write_text(mutate(path.read_text(encoding="utf-8"), edits), encoding="utf-8", errors="surrogatepass")
        try:
            result = load_roadmap(content, tmp)
        except ContentError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file.startswith("roadmap/") and problem.line >= 1 and problem.message
        else:
            assert isinstance(result, Roadmap)
