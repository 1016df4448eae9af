"""Broken content: every mistake is reported with the exact file, line and field, in Finnish."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO
from tiekartta.model import ContentError, load_roadmap


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # relative to roadmap/
    change: Callable[[str], str | bytes | None]  # new file content; None deletes the file
    kind: str
    field: str
    line: int | str  # a number, or a text whose line in the changed file is expected
    says: str = ""  # a word the Finnish message must contain


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


def whole(content: str | bytes) -> Callable[[str], str | bytes]:
    return lambda text: content


THEME = "karkiteemat/ennaltaehkaisy.yaml"
OUTPUT = "tuotokset/kuntouttava-sosiaalityo.yaml"
EVENT = "tapahtumat/omatyontekijaisyys-kehittamisseminaari.yaml"
PROJECT = "hankkeet/pohjois-karjala-2003-2005.yaml"

CASES = [
    Case("required field missing", THEME, replace("nimi: Ennaltaehkäisy\n", ""), "missing", "nimi", 2, "Pakollinen"),
    Case("unknown field with a typo", OUTPUT, replace("kunta: joensuu", "kuntaa: joensuu"), "unknown-field", "kuntaa", "kuntaa:", "Tarkoititko 'kunta'"),
    Case("unknown nested field", "tiekartta.yaml", replace("  teksti: vahva", "  tekstii: vahva"), "unknown-field", "visio.tekstii", "tekstii:", "Tuntematon"),
    Case("text where a number belongs", THEME, replace("järjestys: 3", "järjestys: kolme"), "wrong-type", "järjestys", "järjestys:", "kokonaisluku"),
    Case("quoted number", THEME, replace("järjestys: 3", 'järjestys: "3"'), "wrong-type", "järjestys", "järjestys:", "ilman lainausmerkkejä"),
    Case("unquoted on becomes a boolean", THEME, append("tarkenne: on\n"), "wrong-type", "tarkenne", "tarkenne:", '"on"'),
    Case("unquoted no becomes a boolean", THEME, append("kuvaus: no\n"), "wrong-type", "kuvaus", "kuvaus:", "lainausmerkkeihin"),
    Case("unquoted time becomes a number", EVENT, replace('alkaa: "12.00"', "alkaa: 12.00"), "wrong-type", "ajankohta.alkaa", "alkaa:", '"12.00"'),
    Case("unquoted 23.11 becomes a number", EVENT, replace("paikka: Hiihtomuseon auditorio", "paikka: 23.11"), "wrong-type", "paikka", "paikka:", "numeroksi"),
    Case("duplicate key loses text", THEME, append("nimi: Toinen nimi\n"), "duplicate-key", "nimi", "nimi: Toinen", "kahteen kertaan"),
    Case("tab in indentation", EVENT, replace("  kuukausi: 11", "\tkuukausi: 11"), "tab", "", "\tkuukausi", "sarkain"),
    Case("not UTF-8", THEME, lambda t: t.replace("nimi: Ennaltaehkäisy", "nimi: Ennaltaehk").encode() + b"kuvaus: \xe4\n", "not-utf8", "", 4, "UTF-8"),
    Case("invisible control character", THEME, replace("nimi: Ennaltaehkäisy", "nimi: Ennalta\x1fehkäisy"), "control-character", "", "nimi:", "ohjausmerkki"),
    Case("empty file", THEME, whole(""), "empty", "", 1, "tyhjä"),
    Case("only comments", THEME, whole("# vain kommentti\n"), "empty", "", 1, "tyhjä"),
    Case("broken YAML syntax", THEME, append('kuvaus: "avoin lainaus\n'), "syntax", "", "kuvaus:", "YAML"),
    Case("unknown theme reference", OUTPUT, replace("teema: tyomenetelmat-tyovalineet-ja-kokeilut", "teema: tyomenetelmat"), "unknown-reference", "teemayhteydet[1].teema", "teema: tyomenetelmat", "ei löydy"),
    Case("unknown municipality", OUTPUT, replace("kunta: joensuu", "kunta: jonesuu"), "unknown-reference", "kunta", "kunta:", "Tarkoititko 'joensuu'"),
    Case("unknown event in roadmap", "tiekartta.yaml", replace("tapahtuma: omatyontekijaisyys-kehittamisseminaari", "tapahtuma: seminaari-2021"), "unknown-reference", "jatkuu.tapahtuma", "tapahtuma: seminaari-2021", "roadmap/tapahtumat/"),
    Case("id that is not a safe URL part", "karkiteemat/Ennaltaehkäisy.yaml", whole("nimi: X\njärjestys: 9\n"), "bad-id", "", 1, "Nimeä tiedosto uudelleen"),
    Case("reserved id", "tuotokset/kunnittain.yaml", lambda t: (REPO / "roadmap" / OUTPUT).read_text(encoding="utf-8").replace("järjestys: 1", "järjestys: 9"), "reserved-id", "", 1, "varattu"),
    Case("same theme id in both folders", "lapikulkevat-teemat/ennaltaehkaisy.yaml", whole("nimi: Ennaltaehkäisy\njärjestys: 9\n"), "duplicate-id", "", 1, "yksilöllisiä"),
    Case("two spearheads with the same order", THEME, replace("järjestys: 3", "järjestys: 2"), "duplicate-order", "järjestys", "järjestys:", "on jo käytössä"),
    Case("date not in the calendar", PROJECT, replace('alkaa: "2003-10-01"', 'alkaa: "2003-02-30"'), "bad-date", "alkaa", "alkaa:", "kalenterissa"),
    Case("date in Finnish format", PROJECT, replace('alkaa: "2003-10-01"', 'alkaa: "1.10.2003"'), "bad-date", "alkaa", "alkaa:", "VVVV-KK-PP"),
    Case("unquoted date", PROJECT, replace('alkaa: "2003-10-01"', "alkaa: 20031001"), "bad-date", "alkaa", "alkaa:", "lainausmerkkeihin"),
    Case("event day not in the month", "tapahtumat/kehittamisseminaari-2019-11-18.yaml", replace("päivä: 18\n  kuukausi: 11", "päivä: 31\n  kuukausi: 2"), "bad-date", "ajankohta.päivä", "päivä:", "31.2.2019"),
    Case("inferred year without a reason", EVENT, lambda t: re.sub(r"  päättelyn_peruste: >-\n(    .*\n)+", "", t), "missing", "ajankohta.päätelty_vuosi", "päätelty_vuosi:", "päättelyn_peruste"),
    Case("month out of range", EVENT, replace("kuukausi: 11", "kuukausi: 13"), "out-of-range", "ajankohta.kuukausi", "kuukausi:", "enintään 12"),
    Case("end before start", EVENT, replace('päättyy: "15.30"', 'päättyy: "11.30"'), "bad-time", "ajankohta.päättyy", "päättyy:", "alkamisajan"),
    Case("duplicate municipality id", "kunnat.yaml", replace("tunniste: eno", "tunniste: kontiolahti"), "duplicate-id", "kunnat[5].tunniste", 17, "kohdassa 4"),
    Case("value not among the allowed", "kunnat.yaml", replace("laji: organisaatio", "laji: kuntayhtymä"), "not-allowed", "kunnat[3].laji", "laji: kuntayhtymä", "Sallitut arvot"),
    Case("file with .yml extension", "tuotokset/uusi.yml", whole("nimi: X\n"), "stray-file", "", 1, ".yaml"),
    Case("line break in a one-line field", THEME, replace("nimi: Ennaltaehkäisy", "nimi: |\n  Ennalta\n  ehkäisy"), "multiline", "nimi", "nimi:", "rivinvaihdot"),
    Case("text where a list belongs", EVENT, replace("teemat: [omatyontekijaisyys]", "teemat: omatyontekijaisyys"), "wrong-type", "teemat", "teemat:", "lista"),
    Case("empty value", THEME, replace("nimi: Ennaltaehkäisy", "nimi:"), "empty-value", "nimi", "nimi:", "pakollinen, mutta se on tyhjä"),
    Case("anchor and alias", THEME, append("kuvaus: &a teksti\ntarkenne: *a\n"), "anchor", "", "kuvaus:", "ankkurit"),
    Case("python tag", THEME, append('kuvaus: !!python/object/apply:os.system ["true"]\n'), "tag", "", "kuvaus:", "Huutomerkillä alkava"),
    Case("relation to itself", "toimielimet/johdon-kehittamistyoryhma.yaml", replace("kohde: kehittamistyoryhma", "kohde: johdon-kehittamistyoryhma"), "self-reference", "suhteet[1].kohde", "kohde: johdon-kehittamistyoryhma", "itseensä"),
    Case("required file deleted", "eteenpain.yaml", lambda t: None, "missing-file", "", 1, "puuttuu"),
    Case("whole file is a list", THEME, whole("- nimi: Ennaltaehkäisy\n"), "wrong-type", "", 1, "kenttä: arvo"),
]


BY_NAME = {case.name: case for case in CASES}


def apply(content: Path, case: Case) -> Path:
    path = content / case.file
    original = path.read_text(encoding="utf-8") if path.exists() else ""
    changed = case.change(original)
    if changed is None:
        path.unlink()
    elif isinstance(changed, bytes):
        path.write_bytes(changed)
    else:
        path.write_text(changed, encoding="utf-8")
    return path


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
