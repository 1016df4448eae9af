"""The RE2 prefilter of the sensitive-content check never drops a finding.

For every regex of tiekartta.model.sensitive, its RE2 superset must match wherever the Python regex
matches, and find_in_text and scan_source must give exactly what they give with every regex run.
Checked atom by atom over every Unicode character, over the examples of test_sensitive.py and
tricky ones (Unicode case folding, spaces and digits outside ASCII), over random text and over
strings that hypothesis generates from each regex.
"""

from __future__ import annotations

import array
import os
from pathlib import Path

import pytest
import re2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from re import _compiler as sre_compile
from re import _constants as sre_constants
from re import _parser as sre_parse

from bench.synthetic import write_roadmap
from conftest import CONTENT, REPO
from model.test_sensitive import PASSES, REFUSED, hetu
from tiekartta.model import prefilter, sensitive
from tiekartta.model.sensitive import REGEXES, find_in_text, guard_prefilter, scan_source
from tiekartta.model.yaml_source import read_source

IN_CI = bool(os.environ.get("CI"))
FUZZ = settings(deadline=None, derandomize=IN_CI, suppress_health_check=[HealthCheck.too_slow])

# Where the two engines differ: Python's case-insensitive "i" matches "İ" and "ı", "s" matches "ſ",
# "k" matches the Kelvin sign; \s and \d match far beyond ASCII.
TRICKY = [
    "PİN-koodi 4321",
    "loGİn: x1",
    "ſalasana: abc123",
    "to\u212aen: abc123",
    "ACCESS\u212aEY=abcdef12",
    "Salasana:\u00a0Appelsiini7",
    "salasana\u2028on\u2028xyz12",
    "tunnus\u3000testi.kayttaja",
    "KÄYTTÄJÄTUNNUS: TESTI.KAYTTAJA",
    "käyttäjänimi on «testi.kayttaja»",
    "password = “hunter2x”",
    "Salasana on ‘Appelsiini7’",
    "pääsykoodi\t:\t12ab",
    "\u0661\u0663\u0661\u0660\u0665\u0662-\u0663\u0660\u0668T",
    hetu("131052", "\u2212", "308"),
    f"Henkilötunnus «{hetu('010105', 'A', '123')}»",
    f"({hetu('150590', 'Y', '217')})",
    "salasana: <oma salasanasi>",
    "salasana: {salasana}",
    "token:${TOKEN}",
    "Aineiston tunnus on ÄÖ-2005",
    "https://käyttäjä:sala2005@esimerkki.fi/polku",
]
EXAMPLES = [text for _, text in REFUSED + PASSES] + TRICKY

# Pieces that the regexes look for, to be mixed with random text.
PIECES = [
    "salasana", "Salasanan", "käyttäjätunnus", "KÄYTTÄJÄNIMI", "kirjautumistunnus", "tunnusluku", "PIN-koodi",
    "pin koodi", "pääsykoodi", "API-avain", "user_name", "log-in", "login", "token", "api key", "access_key",
    "password", "passwd", "secret", "contraseña", "tunnus", "tunnukset", " on ", " is ", ": ", "=", " = ", ":=",
    "131052-308T", "010105A123", "150590Y217", "131052–308T", "AKIA", "ghp_", "github_pat_", "glpat-", "xoxb-",
    "eyJ", ".", "://", "@", "BEGIN RSA PRIVATE KEY", "sk_live_", "SG.", "AccountKey=", "aws", "cloudant", "ibm",
    "\"", "'", "“", "”", "‘", "’", "«", "»", "`", "<", ">", "{", "}", "$", " ", "\t", "\n", "\u00a0", "\u2028",
    "-", "\u2010", "\u2013", "\u2212", "_", "0123456789", "a1B2c3D4e5", "ä", "ö", "å", "Ä", "Ö", "Å", "İ", "ı",
    "ſ", "\u212a", "\u212b", "ẞ", "ß", "\u0663", "\uff11",
    "sala", "käyttäjä", "user", "pass", "/", "kirjautumistiedot", "credentials", "**", "*", "_", "&shy;", "&#45;",
    "<b>", "</b>", "\u00ad", "\u200b", "\u200d", "\u0430", "\u0405", "(at)", "[at]", "esimerkki.fi", "+358", "040",
    " 123 4567", "131052 308T", "131052308T", "131052Y308T",
    " at ", " AT ", " ät ", "[dot]", "(dot)", " dot ", " piste ", "kunta", ".fi", "fi", ".com", "www.", "040.123.4567",
    "(09) 310.1234", ".", "ISSN ", "0355-5194", "0201256-6",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=8), st.text(alphabet="aeiknost0123456789 :=-_.", max_size=12)),
    max_size=12,
).map("".join)


def _assert_no_finding_dropped(text: str) -> None:
    candidates = guard_prefilter().candidates(text)
    for index, regex in enumerate(REGEXES):
        if regex.search(text):
            assert index in candidates, (index, regex.pattern, text)
    assert find_in_text(text) == find_in_text(text, prefiltered=False)


def test_every_regex_is_translated():
    """None falls back to running always: the prefilter is used for all of them."""
    assert guard_prefilter().always == frozenset()
    assert set(guard_prefilter().patterns) == set(range(len(REGEXES)))


def atoms(regex):
    """(op, argument, flags) of every single-character atom that prefilter.superset_pattern translates."""
    parsed = sre_parse.parse(regex.pattern, regex.flags)
    yield from _atoms(parsed, parsed.state.flags)


def _atoms(items, flags: int):
    C = sre_constants
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            yield op, prefilter._freeze(av), flags
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _atoms(branch, flags)
        elif op is C.SUBPATTERN:
            yield from _atoms(av[3], (flags | av[1]) & ~av[2])
        elif op is C.ATOMIC_GROUP:
            yield from _atoms(av, flags)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            yield from _atoms(av[2], flags)


def test_each_atom_accepts_every_character_python_accepts():
    """The heart of the proof: the structure is kept, and each atom widens, over all of Unicode."""
    everything = array.array("I", [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]).tobytes()
    everything = everything.decode("utf-32-le")
    found = {atom for regex in REGEXES for atom in atoms(regex)}
    assert found
    for op, av, flags in found:
        state = sre_parse.State()
        state.flags = flags
        alone = sre_parse.SubPattern(state, [(op, prefilter.thaw(av))])
        runs = sre_compile.compile(
            sre_parse.SubPattern(state, [(sre_constants.MAX_REPEAT, (1, sre_constants.MAXREPEAT, alone))]), flags
        )
        accepted = "".join(match.group() for match in runs.finditer(everything))
        assert re2.fullmatch(prefilter._atom(op, av, flags) + "*", accepted), (op, av, flags)


@pytest.mark.parametrize("text", EXAMPLES)
def test_no_finding_is_dropped_in_the_examples(text):
    _assert_no_finding_dropped(text)
    _assert_no_finding_dropped(f"Lähtötiedot – {text} – päättyy.")


def test_the_tricky_examples_are_found():
    """They are real findings, so the test above checks a prefilter that had to let them through."""
    assert all(find_in_text(text) for text in TRICKY[:13])


@settings(FUZZ, max_examples=400)
@given(TEXT)
def test_no_finding_is_dropped_in_random_text(text):
    _assert_no_finding_dropped(text)


@pytest.mark.parametrize("index", range(len(REGEXES)))
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_the_superset_matches_what_each_regex_matches(index, data):
    text = data.draw(st.from_regex(REGEXES[index]), label="text")
    assert index in guard_prefilter().candidates(text)
    assert find_in_text(text) == find_in_text(text, prefiltered=False)


def test_text_that_is_not_utf8_runs_every_regex():
    text = f"\ud800 {hetu('131052', '-', '308')}"
    assert guard_prefilter().candidates(text) == frozenset(range(len(REGEXES)))
    assert find_in_text(text) == find_in_text(text, prefiltered=False) != []


def test_if_re2_gives_up_every_regex_runs(monkeypatch):
    """RE2 reports a search it could not finish only by returning no matches: not even the sentinel."""

    class GaveUp:
        def Match(self, data):  # noqa: N802 - RE2's name
            return None

    checker = prefilter.Prefilter(REGEXES)
    monkeypatch.setattr(checker, "_set", GaveUp())
    assert checker.candidates("Salasana: Appelsiini7") == frozenset(range(len(REGEXES)))


# --- Whole files: scan_source with and without the prefilter ------------------------------------


class _Everything:
    """A prefilter that lets every regex run: the reference."""

    def candidates(self, text: str) -> frozenset[int]:
        return frozenset(range(len(REGEXES)))


def _scans(paths: list[Path], monkeypatch) -> tuple[list, list]:
    sources = [read_source(path, str(path))[0] for path in paths]
    assert all(sources)
    filtered = [scan_source(source) for source in sources]
    with monkeypatch.context() as patched:
        patched.setattr(sensitive, "guard_prefilter", _Everything)
        everything = [scan_source(source) for source in sources]
    return filtered, everything


def test_scan_source_is_the_same_on_the_real_content(monkeypatch):
    paths = sorted(p for p in CONTENT.rglob("*.yaml") if "schema" not in p.relative_to(REPO).parts)
    filtered, everything = _scans(paths, monkeypatch)
    assert filtered == everything


def test_scan_source_is_the_same_on_files_full_of_findings(tmp_path, monkeypatch):
    quoted = [text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L") for text in EXAMPLES]
    lines = [text.replace("\u2028", " ") for text in EXAMPLES]  # a line break in YAML
    body = "# " + "\n# ".join(lines) + "\n"
    body += "arvot:\n" + "".join(f'  - "{text}"\n' for text in quoted)
    body += "lohko: |\n" + "".join(f"  {text}\n" for text in lines)
    body += "taitettu: >\n" + "".join(f"  {text}\n" for text in lines)
    body += 'pakotettu: "sala\\u0073ana: Appelsiini7 \\x41KIA' + "IOSFODNN7EXAMPLQ" + '"\n'
    paths = []
    for number, name in enumerate(["tavallinen", hetu("131052", "-", "308"), "salasana=Appelsiini7"]):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"nimi: tiedosto {number}\n" + body, encoding="utf-8")
        paths.append(path)
    filtered, everything = _scans(paths, monkeypatch)
    assert all(filtered)
    assert filtered == everything


def test_scan_source_is_the_same_on_synthetic_content(tmp_path, monkeypatch):
    write_roadmap(tmp_path / "roadmap", 60)
    filtered, everything = _scans(sorted((tmp_path / "roadmap").rglob("*.yaml")), monkeypatch)
    assert filtered == everything
