"""Broken content: every mistake is reported with the exact file, line and field, in Finnish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from broken_content import BY_NAME, CASES, OUTPUT, PROJECT, THEME, Case, apply
from conftest import REPO
from tiekartta.model import ContentError, load_roadmap


def expected_line(path: Path, line: int | str) -> int:
    if isinstance(line, int):
        return line
    text = path.read_bytes().decode("utf-8", errors="replace")
    return next(i for i, row in enumerate(text.splitlines(), 1) if line in row)


def test_at_least_25_broken_inputs_are_covered():
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_input_is_reported_exactly(case: Case, content_copy: Path):
    path = apply(content_copy, case)
    with pytest.raises(ContentError) as raised:
        load_roadmap(content_copy, content_copy.parent)
    problems = raised.value.problems
    line = expected_line(path, case.line) if path.exists() else 1
    matching = [p for p in problems if (p.file, p.kind, p.field) == (f"roadmap/{case.file}", case.kind, case.field)]
    assert matching, f"expected {case.kind} at {case.file} field {case.field!r}, got:\n{raised.value.report()}"
    assert any(p.line == line for p in matching), [(p.line, p.message) for p in matching]
    assert all(case.says in p.message for p in matching if p.line == line), [p.message for p in matching]
    assert "Traceback" not in raised.value.report()


def test_a_broken_municipality_list_is_told_once_not_at_every_output(content_copy: Path):
    """One mistake in roadmap/kunnat.yaml makes none of its ids readable: the outputs that name a
    municipality are not each reported as pointing nowhere."""
    apply(content_copy, BY_NAME["value not among the allowed"])
    with pytest.raises(ContentError) as raised:
        load_roadmap(content_copy, content_copy.parent)
    assert [(p.file, p.kind) for p in raised.value.problems] == [("roadmap/kunnat.yaml", "not-allowed")]


def test_all_problems_come_in_one_run(content_copy: Path):
    for name in ("required field missing", "unknown municipality", "unknown event in roadmap", "date not in the calendar"):
        case = BY_NAME[name]
        apply(content_copy, case)
    with pytest.raises(ContentError) as raised:
        load_roadmap(content_copy, content_copy.parent)
    files = {p.file for p in raised.value.problems}
    assert files == {f"roadmap/{c}" for c in (THEME, OUTPUT, PROJECT, "tiekartta.yaml")}
    assert len(raised.value.problems) >= 4


def run_check(content: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tiekartta", "--sisalto", str(content), "check"],
        cwd=content.parent, capture_output=True, text=True, env={**os.environ, **env}, timeout=120,
    )


def test_check_command_passes_on_real_content():
    result = run_check(REPO / "roadmap")
    assert result.returncode == 0, result.stderr
    assert "Sisältö kunnossa" in result.stdout


def test_check_command_fails_with_finnish_errors_and_no_traceback(content_copy: Path):
    apply(content_copy, BY_NAME["unknown municipality"])  # unknown municipality
    result = run_check(content_copy)
    assert result.returncode == 1
    assert "roadmap/tuotokset/kuntouttava-sosiaalityo.yaml, rivi 7, kenttä 'kunta'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "::error" not in result.stdout


def test_check_command_finds_a_theme_card_of_a_missing_theme_on_a_hand_written_page(content_copy: Path):
    """`make check` says what the build would stop at: a theme card whose theme id has a typo."""
    page = content_copy.parent / "docs" / "sivu.md"
    page.parent.mkdir()
    page.write_text('---\nrender_macros: true\n---\n# Sivu\n\n{{ teemakortti("omatyontekijyys") }}\n', encoding="utf-8")
    result = run_check(content_copy)
    assert result.returncode == 1
    assert ("docs/sivu.md, rivi 6: Teemakortin teemaa 'omatyontekijyys' ei ole. "
            "Tarkoititko 'omatyontekijaisyys'?") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_command_asks_for_the_schema_line_with_the_other_problems(content_copy: Path):
    """The first line names the file's schema (the web editor's field completion): `make check`
    asks for it back in Finnish, in the same run as the other problems."""
    theme = content_copy / THEME
    theme.write_text(theme.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    apply(content_copy, BY_NAME["unknown municipality"])
    result = run_check(content_copy)
    assert result.returncode == 1
    assert (f"roadmap/{THEME}, rivi 1: Ensimmäisen rivin pitää olla "
            "'# yaml-language-server: $schema=../schema/teema.schema.json'") in result.stderr
    assert "roadmap/tuotokset/kuntouttava-sosiaalityo.yaml, rivi 7, kenttä 'kunta'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_command_prints_github_annotations_in_actions(content_copy: Path):
    apply(content_copy, BY_NAME["unknown municipality"])
    result = run_check(content_copy, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert lines == [
        "::error file=roadmap/tuotokset/kuntouttava-sosiaalityo.yaml,line=7,"
        "title=Sisältövirhe%3A kunta::Kuntaa tai organisaatiota 'jonesuu' ei löydy. Tarkoititko 'joensuu'? "
        "Arvon pitää olla jonkin tunniste tiedostossa roadmap/kunnat.yaml (lisää uusi kunta sinne)."
    ]


def test_a_content_error_comes_back_whole_from_a_worker_process():
    """An error that crosses a process boundary (pickled, as between worker processes) must still
    carry every problem, not only its report's text."""
    import pickle

    from tiekartta.model import Problem

    problems = [Problem("roadmap/tuotokset/x.yaml", 3, "nimi", "missing", "Kenttä nimi puuttuu."),
                Problem("roadmap/teemat/y.yaml", 1, "", "yaml", "Tiedosto ei ole YAMLia.")]
    error = ContentError(problems)
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)


def test_a_folder_inside_a_content_folder_is_named_with_where_its_files_belong(content_copy):
    (content_copy / "tuotokset" / "vanhat").mkdir()
    (content_copy / "tuotokset" / "vanhat" / "x.yaml").write_text("nimi: X\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_roadmap(content_copy, content_copy.parent)
    [problem] = [p for p in caught.value.problems if p.kind == "stray-file"]
    assert problem.file == "roadmap/tuotokset/vanhat"
    assert "suoraan tyyppinsä kansiossa, eivät alikansioissa" in problem.message
