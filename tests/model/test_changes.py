"""What changed, computed from the content: the model diff (tiekartta.model.diff) and the content's
history read from git (tiekartta.opendata.history). No build here; tests/builds/test_editions.py publishes
three editions and reads the pages, the feed and the browser."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, REPO
from tiekartta.model import load_roadmap
from tiekartta.model.diff import (
    ADDED,
    NEW_ID,
    REMOVED,
    RENAMED,
    UPDATED,
    WITHHELD,
    diff_documents,
    diff_records,
    roadmap_records,
)
from tiekartta.opendata.feed import changes_feed, changes_json_feed
from tiekartta.opendata.history import content_changes, parse_blob, read_history

SITE_URL = "https://esimerkki.invalid/tiekartta/"
OUTPUT = "roadmap/tuotokset/kuntouttava-sosiaalityo.yaml"


# --- The diff itself -----------------------------------------------------------------------------


def test_the_real_content_against_itself_has_no_changes(roadmap):
    assert diff_documents(roadmap_records(roadmap), roadmap_records(roadmap)) == []


def test_the_real_content_against_its_own_open_data_has_no_changes(roadmap):
    """An edition's data/tiekartta.json is compared with a build's model: the same content is equal."""
    from tiekartta.opendata.json_data import document

    published = document(roadmap, SITE_URL, "", None).model_dump(mode="json", by_alias=True)
    assert diff_documents(published, roadmap_records(roadmap)) == []


def records(roadmap) -> dict:
    return roadmap_records(roadmap)


def outputs_of(document: dict) -> dict[str, dict]:
    return {o["tunniste"]: o for o in document["tuotokset"]}


def test_each_kind_of_change_is_named_in_finnish(roadmap):
    old = records(roadmap)
    new = records(roadmap)
    outputs = new["tuotokset"]
    first, second, third = outputs[0], outputs[1], outputs[2]
    first_id, second_id = first["tunniste"], second["tunniste"]
    outputs.remove(second)  # removed
    outputs.append({**third, "tunniste": "uusi-tunniste"})  # the same record at a new address
    outputs.remove(third)
    outputs.append({**first, "tunniste": "aivan-uusi", "nimi": "Aivan uusi työmalli"})  # added
    outputs[0] = {**first, "nimi": "Uusi nimi", "järjestys": 77}  # renamed and a field changed
    theme = new["teemat"][0]
    new["teemat"][0] = {**theme, "kuvaus": "Lyhyt uusi kuvaus."}
    changes = {(c.action, c.entity_id): c for c in diff_documents(old, new)}

    renamed = changes[(RENAMED, first_id)]
    assert renamed.old_name == first["nimi"] and renamed.name == "Uusi nimi"
    assert renamed.field_names == ("nimi", "järjestys")
    assert [(f.old, f.new) for f in renamed.fields] == [(first["nimi"], "Uusi nimi"), (str(first["järjestys"]), "77")]
    assert renamed.title == f"Nimetty uudelleen: {first['nimi']} → Uusi nimi (järjestys)"
    assert changes[(REMOVED, second_id)].title == f"Poistettu: {second['nimi']}"
    assert changes[(ADDED, "aivan-uusi")].title == "Lisätty: Aivan uusi työmalli"
    assert changes[(NEW_ID, "uusi-tunniste")].old_id == third["tunniste"]
    updated = changes[(UPDATED, theme["tunniste"])]
    assert updated.title == f"Päivitetty: {theme['nimi']} (kuvaus)"
    assert updated.kind == "Teema"
    assert len(changes) == 5


def test_moving_an_output_to_another_theme_names_the_themes(roadmap):
    old = records(roadmap)
    new = records(roadmap)
    output = outputs_of(new)["kuntouttava-sosiaalityo"]
    output["teemayhteydet"] = [{"teema": "ennaltaehkaisy", "perustelu": "Toimituksen arvio."}]
    [change] = diff_documents(old, new)
    assert change.title == "Päivitetty: Kuntouttava sosiaalityö (teemayhteydet)"
    [field] = change.fields
    assert field.old == "Työmenetelmät, työvälineet ja kokeilut, Osallisuuden ja asiantuntijuuden vahvistaminen"
    assert field.new == "Ennaltaehkäisy"


def test_long_text_is_named_but_not_quoted(roadmap):
    old = records(roadmap)
    new = records(roadmap)
    outputs_of(new)["kuntouttava-sosiaalityo"]["kuvaus"] = "Pitkä kuvaus. " * 40
    [change] = diff_documents(old, new)
    [field] = change.fields
    assert (field.field, field.old, field.new, field.shown) == ("kuvaus", "–", None, False)


def test_a_nested_field_is_named_with_its_part(roadmap):
    old = records(roadmap)
    new = records(roadmap)
    event = new["tapahtumat"][0]
    event["ajankohta"] = {**event["ajankohta"], "päivä": 1 if event["ajankohta"]["päivä"] != 1 else 2}
    [change] = diff_documents(old, new)
    assert change.field_names == ("ajankohta › päivä",)


def test_a_field_left_out_equals_its_empty_default():
    old = {"a": {"tunniste": "a", "nimi": "A", "painopiste": False, "teemat": []}}
    new = {"a": {"tunniste": "a", "nimi": "A"}}
    assert diff_records("teemat", old, new) == []


# --- Property tests over the real files -----------------------------------------------------------

REAL_FILES = sorted(p.relative_to(REPO).as_posix() for p in CONTENT.rglob("*.yaml")
                    if "schema" not in p.parts and p.name != "tarkistetut-poikkeukset.yaml")
# Top-level text fields an editor may change freely without breaking references or order.
FREE_TEXT = ("nimi", "kuvaus", "lisätiedot", "tarkenne", "paikka", "kokoonpano", "kenelle", "kokoontuu",
             "nimi_lähteessä", "otsikko", "alue", "lähde", "osallistujat", "tavoite", "lähteen_teksti")
SAFE_TEXT = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzäöå ABCÄÖ0123456789.,-"),
                    min_size=1, max_size=60).map(str.strip).filter(bool)


def real_text(path: str) -> bytes:
    return (REPO / path).read_bytes()


def test_every_real_file_parses_into_records():
    for path in REAL_FILES:
        assert parse_blob(real_text(path), path), path


def test_an_alias_bomb_in_an_earlier_version_holds_no_records():
    """A version in git history was never checked as the current files are: nine levels of nine
    aliases would be 9**9 values when the records are compared and written to the build's cache."""
    lines = ['otsikko: "Pommi"', 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    path = "roadmap/tuotokset/pommi.yaml"
    assert parse_blob("\n".join(lines).encode(), path) == []
    assert parse_blob(b'otsikko: !!python/name:os.system "x"\n', path) == []
    assert parse_blob(b'otsikko: "Tavallinen"\n', path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_edits_of_real_files_are_named_exactly(data):
    path = data.draw(st.sampled_from([p for p in REAL_FILES if not p.endswith("kunnat.yaml")]))
    original = yaml.safe_load(real_text(path).decode("utf-8"))
    # Fields the file has, or may have (its kind's optional text fields: an edit may add one).
    editable = [key for key in FREE_TEXT if key in original or _optional(path, key)]
    chosen = data.draw(st.sets(st.sampled_from(editable), min_size=1, max_size=len(editable)))
    edited = dict(original)
    for key in sorted(chosen):
        value = data.draw(SAFE_TEXT)
        if value == str(original.get(key, "")).strip():
            value += " muutettu"
        edited[key] = value
    text = yaml.safe_dump(edited, allow_unicode=True, sort_keys=False).encode("utf-8")
    before, after = parse_blob(real_text(path), path), parse_blob(text, path)
    changes = diff_records("x", {r["tunniste"]: r for r in before}, {r["tunniste"]: r for r in after})
    assert len(changes) == 1
    assert set(changes[0].field_names) == set(chosen)
    # The record's own file read twice is the same record.
    assert diff_records("x", {r["tunniste"]: r for r in before}, {r["tunniste"]: r for r in before}) == []


def _optional(path: str, key: str) -> bool:
    """Whether the file's kind has `key` as an optional field (an edit may add it)."""
    [record] = parse_blob(real_text(path), path)
    return key in record


# --- Git history: content diffs, never commit text ------------------------------------------------


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})}).stdout


HOSTILE_SUBJECT = "Korjaus \x1e\x07\x1f <script>alert(1)</script> \u202e salasana: hunter2"
AUTHOR = {"GIT_AUTHOR_NAME": "Tiina Toimittaja", "GIT_AUTHOR_EMAIL": "tiina.toimittaja@example.fi",
          "GIT_COMMITTER_NAME": "Tiina Toimittaja", "GIT_COMMITTER_EMAIL": "tiina.toimittaja@example.fi"}


@pytest.fixture
def history_repo(tmp_path) -> Path:
    """The real content in a fresh repository, then one edit committed with hostile commit text."""
    repo = tmp_path / "repo"
    (repo / "roadmap").parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-r", str(CONTENT), str(repo / "roadmap")], check=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Alku", env=AUTHOR)
    output = repo / OUTPUT
    output.write_text(output.read_text(encoding="utf-8") + "kuvaus: Uusi lyhyt kuvaus.\n", encoding="utf-8")
    message = tmp_path / "viesti"
    # Not UTF-8 either (git refuses only NUL in a message).
    message.write_bytes(HOSTILE_SUBJECT.encode("utf-8") + b"\n\nRunko \x1e \xff\xfe?\n")
    git(repo, "commit", "--quiet", "--all", "--cleanup=verbatim", "-F", str(message), env=AUTHOR)
    return repo


def test_history_is_content_diffs_and_commit_text_cannot_reach_or_break_it(history_repo):
    history = read_history(history_repo, ["roadmap"], exclude=["roadmap/schema"])
    assert history.known and len(history.commits) == 2
    roadmap = load_roadmap(history_repo / "roadmap", history_repo)
    changes = content_changes(history_repo, history)
    newest = changes[0]
    assert newest.path == OUTPUT
    assert newest.change.title == "Päivitetty: Kuntouttava sosiaalityö (kuvaus)"
    assert [(f.old, f.new) for f in newest.change.fields] == [("–", "Uusi lyhyt kuvaus.")]
    assert {c.change.action for c in changes[1:]} == {ADDED}
    assert len(changes) == 1 + len(roadmap_records_count(roadmap))
    for feed in (changes_feed(roadmap, changes, SITE_URL, history.commits[0].date),
                 changes_json_feed(roadmap, changes, SITE_URL)):
        text = feed.decode("utf-8")
        for secret in ("Korjaus", "hunter2", "Tiina", "tiina.toimittaja", "example.fi", "\x1e", "\x07", "\u202e"):
            assert secret not in text
    parsed = feedparser.parse(changes_feed(roadmap, changes, SITE_URL, history.commits[0].date))
    assert not parsed.bozo
    assert parsed.entries[0].title == "Päivitetty: Kuntouttava sosiaalityö (kuvaus)"
    assert parsed.entries[0].link == SITE_URL + "tietopankki/kuntouttava-sosiaalityo/"


def test_a_commit_dated_past_what_a_build_can_read_is_left_out_of_the_history(history_repo):
    """Git takes any committer date: one in the year 10000, which Python cannot read, must not stop
    every build of the history that holds it. The commit is left out; the others remain."""
    output = history_repo / OUTPUT
    output.write_text(output.read_text(encoding="utf-8") + "lisätiedot: Lisää.\n", encoding="utf-8")
    git(history_repo, "commit", "--quiet", "--all", "-m", "x",
        env={**AUTHOR, "GIT_COMMITTER_DATE": "@253402300800 +0000"})
    assert git(history_repo, "log", "-1", "--format=%cI").startswith("10000-")
    history = read_history(history_repo, ["roadmap"], exclude=["roadmap/schema"])
    assert history.known and len(history.commits) == 2
    assert content_changes(history_repo, history)[0].change.title == "Päivitetty: Kuntouttava sosiaalityö (kuvaus)"


def roadmap_records_count(roadmap) -> list:
    """One entry per record of the content (every one was added by the first commit)."""
    documents = roadmap_records(roadmap)
    return [r for key, value in documents.items() for r in (value if isinstance(value, list) else [value])]


def test_a_renamed_file_is_the_same_record_at_a_new_address(history_repo):
    old = history_repo / OUTPUT
    git(history_repo, "mv", OUTPUT, "roadmap/tuotokset/kuntouttava-tyo.yaml")
    git(history_repo, "commit", "--quiet", "-m", "x", env=AUTHOR)
    assert not old.exists()
    changes = content_changes(history_repo, read_history(history_repo, ["roadmap"]))
    assert changes[0].change.action == NEW_ID
    assert (changes[0].change.old_id, changes[0].change.entity_id) == ("kuntouttava-sosiaalityo", "kuntouttava-tyo")


def test_parsed_versions_are_kept_by_blob_between_builds(history_repo, tmp_path):
    from tiekartta.opendata import history as module

    cache = tmp_path / "cache"
    history = read_history(history_repo, ["roadmap"])
    module._parsed.clear()
    first = content_changes(history_repo, history, cache_folder=cache)
    [kept] = list(cache.glob("*.json"))
    assert kept.stat().st_size > 0
    module._parsed.clear()  # a new build process: only the file remains
    assert content_changes(history_repo, history, cache_folder=cache) == first


def test_a_value_the_guard_refuses_is_left_out_of_the_history(history_repo):
    """An older version may hold what a later one removed as personal data: it is not shown again."""
    identity = "131052-308T"  # a checksum-valid made-up henkilötunnus
    output = history_repo / OUTPUT
    text = output.read_text(encoding="utf-8")
    output.write_text(text.replace("kuvaus: Uusi lyhyt kuvaus.", f"kuvaus: Asiakas {identity}"), encoding="utf-8")
    git(history_repo, "commit", "--quiet", "--all", "-m", "x", env=AUTHOR)
    output.write_text(text, encoding="utf-8")
    git(history_repo, "commit", "--quiet", "--all", "-m", "y", env=AUTHOR)
    changes = content_changes(history_repo, read_history(history_repo, ["roadmap"]))
    shown = [(f.old, f.new) for c in changes[:2] for f in c.change.fields]
    assert shown == [(None, "Uusi lyhyt kuvaus."), ("Uusi lyhyt kuvaus.", None)]
    assert all(identity not in c.change.title for c in changes)


def test_a_removed_files_name_the_guard_refuses_is_left_out_of_the_history(history_repo):
    """A file added and removed within one change was never checked as the current files are: its
    name (the record's id) is not shown in the feeds or the page of changes, and the build goes on."""
    identity = "131052-308t"  # a checksum-valid made-up henkilötunnus, as a file's name
    text = (history_repo / OUTPUT).read_text(encoding="utf-8").replace("järjestys:", "järjestys: 99\nx:", 1)
    added = history_repo / "roadmap" / "tuotokset" / f"{identity}.yaml"
    added.write_text(text, encoding="utf-8")
    git(history_repo, "add", "--all")
    git(history_repo, "commit", "--quiet", "-m", "x", env=AUTHOR)
    git(history_repo, "mv", str(added), str(added.with_name("uusi-nimi.yaml")))
    git(history_repo, "commit", "--quiet", "-m", "y", env=AUTHOR)
    git(history_repo, "rm", "--quiet", str(added.with_name("uusi-nimi.yaml")))
    git(history_repo, "commit", "--quiet", "-m", "z", env=AUTHOR)
    changes = content_changes(history_repo, read_history(history_repo, ["roadmap"]))
    roadmap = load_roadmap(history_repo / "roadmap", history_repo)
    for feed in (changes_feed(roadmap, changes, SITE_URL, changes[0].date), changes_json_feed(roadmap, changes, SITE_URL)):
        assert identity not in feed.decode("utf-8").lower()
    assert all(identity not in (c.change.entity_id, c.change.old_id) for c in changes)
    assert any(c.change.old_id == WITHHELD for c in changes) and any(c.change.entity_id == WITHHELD for c in changes)


def test_a_field_name_the_guard_refuses_is_left_out_of_the_history(history_repo):
    """A version the model does not accept is read as plain data, so its keys are field names of
    the change, shown in the page's "Muutokset" and the feeds: one that holds personal data is not."""
    identity = "131052-308T"  # a checksum-valid made-up henkilötunnus
    output = history_repo / OUTPUT
    text = output.read_text(encoding="utf-8")
    output.write_text(text + f"Asiakas {identity}: x\n", encoding="utf-8")
    git(history_repo, "commit", "--quiet", "--all", "-m", "x", env=AUTHOR)
    output.write_text(text, encoding="utf-8")
    git(history_repo, "commit", "--quiet", "--all", "-m", "y", env=AUTHOR)
    changes = content_changes(history_repo, read_history(history_repo, ["roadmap"]))
    assert [c.change.title for c in changes[:2]] == ["Päivitetty: Kuntouttava sosiaalityö ([tieto jätetty pois])"] * 2
    assert all(identity not in c.change.title and identity not in c.change.field_names for c in changes)


def test_the_page_history_benchmark_runs_and_counts_the_changes():
    """bench/page_history.py at a small size: it makes its repository and reports every figure
    (timings are reported, never asserted)."""
    import sys

    result = subprocess.run([sys.executable, "-m", "bench.page_history", "--outputs", "20", "--commits", "6",
                             "--rounds", "1"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    synthetic = result.stdout.split("Synthetic:", 1)[1]
    assert "6 commits" in synthetic
    for figure in ("cold total", "cached total", "cold page lists"):
        assert figure in synthetic


def test_an_edition_keeps_its_first_publication_date(tmp_path):
    """A correction (v2025.1) does not move the date; an edition published before dates were recorded
    gets the day the branch first had it; the development version has the date of its latest build."""
    from datetime import date

    from tiekartta.publish import publication_props

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=gh-pages")
    (repo / "2024").mkdir()
    (repo / "2024" / "index.html").write_text("<html></html>", encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "x", env={**AUTHOR, "GIT_COMMITTER_DATE": "2024-12-31T23:30:00+00:00"})
    today = date(2026, 12, 7)
    dated = [{"version": "2025", "properties": {"julkaistu": "2025-03-01"}}, {"version": "2024"}]
    assert publication_props(repo, "2025", dated, today) == []
    assert publication_props(repo, "2024", dated, today) == ["--prop-set-string", "julkaistu=2025-01-01"]
    assert publication_props(repo, "2026", dated, today) == ["--prop-set-string", "julkaistu=2026-12-07"]
    assert publication_props(repo, "kehitys", [{"version": "kehitys", "properties": {"julkaistu": "2026-01-01"}}],
                             today) == ["--prop-set-string", "julkaistu=2026-12-07"]


def test_a_change_names_its_fields_as_words(roadmap):
    old = records(roadmap)
    new = records(roadmap)
    output = outputs_of(new)["kuntouttava-sosiaalityo"]
    output["tyyppi_toimituksen"] = not output.get("tyyppi_toimituksen", False)
    [change] = diff_documents(old, new)
    assert change.field_names == ("tyyppi_toimituksen",)
    assert change.title == "Päivitetty: Kuntouttava sosiaalityö (tyyppi toimituksen arviona)"


def test_a_pages_list_shows_a_days_identical_change_once():
    """Two commits of one day that changed the same field of a record read the same: the page
    lists the line once and fills its list with older changes."""
    from datetime import datetime, timedelta, timezone
    from zoneinfo import ZoneInfo

    from tiekartta.model.diff import ADDED, UPDATED, Change, FieldChange
    from tiekartta.opendata.history import ContentChange
    from tiekartta.pages.changes import PAGE_HISTORY, page_history

    day = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)
    edited = Change(UPDATED, "tuotokset", "x", "Työmalli", (FieldChange("kuvaus", None, None),))
    same_day = [ContentChange(day - timedelta(hours=h), f"s{h}", "roadmap/tuotokset/x.yaml", edited) for h in range(3)]
    older = [ContentChange(day - timedelta(days=d), f"o{d}", "roadmap/tuotokset/x.yaml",
                           Change(ADDED if d == PAGE_HISTORY + 1 else UPDATED, "tuotokset", "x", f"Työmalli {d}",
                                  (FieldChange("nimi", None, None),)))
             for d in range(1, PAGE_HISTORY + 2)]
    entries = page_history(same_day + older)
    texts = [(e["paiva"], e["teksti"]) for e in entries]
    assert texts.count(("7.12.2026", "Päivitetty: Työmalli (kuvaus)")) == 1
    assert len(entries) == PAGE_HISTORY and len(set(texts)) == PAGE_HISTORY
    assert entries[0]["iso"] == day.astimezone(ZoneInfo("Europe/Helsinki")).isoformat()  # the newest of the day
