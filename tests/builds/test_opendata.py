"""Open data: the files the real build publishes (JSON + schema, CSV, iCalendar, Atom) and where
readers find them. Most tests read the real built site; a few change a copy of the content."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date, datetime, time, timezone
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import pytest
import yaml
from icalendar import Calendar

from conftest import REPO, build_site
from sitecheck import SITE_PREFIX, html_pages, page_path, sitemap_dates, soup_of
from tiekartta.model import load_roadmap
from tiekartta.opendata.csv_data import outputs_csv
from tiekartta.model.diff import labels_of, roadmap_records
from tiekartta.opendata.feed import changes_feed, feed_entries
from tiekartta.opendata.history import History, content_changes, read_history
from tiekartta.opendata.ical import events_ical
from tiekartta.opendata.json_data import roadmap_from_json
from tiekartta.opendata import open_data_page
from tiekartta.pages import routes

pytestmark = pytest.mark.build

SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.MULTILINE).group(1)
HOST = urlsplit(SITE_URL).hostname
CC_BY = "https://creativecommons.org/licenses/by/4.0/deed.fi"
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)


def data_file(site: Path, path: str) -> Path:
    target = site / path
    assert target.is_file(), f"{path} is missing from the built site"
    return target


def site_file_of(site: Path, url: str) -> Path:
    """An absolute URL on the site -> the built file that serves it."""
    path = urlsplit(url).path
    assert path.startswith(SITE_PREFIX), url
    return page_path(site, path[len(SITE_PREFIX):])


def resolve(site: Path, page: Path, href: str) -> Path:
    """Where a relative or site-absolute link on a built page points (404.html uses absolute ones)."""
    if href.startswith(SITE_PREFIX):
        return (site / href[len(SITE_PREFIX):]).resolve()
    return (page.parent / href).resolve()


def open_data_text(site: Path) -> str:
    text = soup_of(page_path(site, routes.page_url(routes.OPEN_DATA))).get_text(" ")
    return " ".join(text.split())


# --- JSON and its schema -------------------------------------------------------------------------


def test_json_validates_against_the_published_schema(built_site):
    schema = json.loads(data_file(built_site, routes.DATA_SCHEMA).read_text(encoding="utf-8"))
    document = json.loads(data_file(built_site, routes.DATA_JSON).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, "\n".join(errors)
    # The document names its schema by the address where the schema is published.
    assert document["$schema"] == schema["$id"] == SITE_URL + routes.DATA_SCHEMA


def test_published_schema_rejects_what_the_data_must_not_hold(built_site):
    schema = json.loads(data_file(built_site, routes.DATA_SCHEMA).read_text(encoding="utf-8"))
    document = json.loads(data_file(built_site, routes.DATA_JSON).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    broken = json.loads(json.dumps(document))
    broken["tuotokset"][0]["tuntematon_kenttä"] = 1
    del broken["tapahtumat"][0]["ajankohta"]
    broken["lisenssi"]["tunniste"] = "CC0-1.0"
    assert len(list(validator.iter_errors(broken))) == 3


def test_json_round_trips_to_the_same_model(built_site, roadmap):
    text = data_file(built_site, routes.DATA_JSON).read_text(encoding="utf-8")
    again = roadmap_from_json(text)
    assert again == roadmap  # every record, id, source file, kind of theme and order
    assert [t.kind for t in again.themes] == [t.kind for t in roadmap.themes]
    assert [o.source for o in again.outputs] == [o.source for o in roadmap.outputs]


def test_json_states_licence_and_links_every_record_to_its_page(built_site, roadmap):
    document = json.loads(data_file(built_site, routes.DATA_JSON).read_text(encoding="utf-8"))
    assert document["lisenssi"]["tunniste"] == "CC-BY-4.0"
    assert document["lisenssi"]["osoite"] == CC_BY
    assert "CC BY 4.0" in document["lisenssi"]["viittausohje"]
    assert len(document["tuotokset"]) == len(roadmap.outputs)
    records = [document["tiekartta"], document["eteenpäin"]]
    for key in ("teemat", "toimielimet", "tapahtumat", "hankkeet", "ulottuvuudet", "tuotokset", "pohdinnat", "kunnat"):
        records += document[key]
    for record in records:
        target = site_file_of(built_site, record["osoite"])
        assert target.exists(), record["osoite"]
        anchor = urlsplit(record["osoite"]).fragment
        if anchor:
            assert soup_of(target).find(id=anchor) is not None, record["osoite"]
        assert (REPO / record["lähdetiedosto"]).is_file(), record["lähdetiedosto"]
    dated = {e["tunniste"]: e["päivämäärä"] for e in document["tapahtumat"]}
    assert dated == {e.id: e.when.full_date.isoformat() if e.when.full_date else None for e in roadmap.events}


# --- CSV ----------------------------------------------------------------------------------------


def read_csv(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_has_one_row_per_output_and_opens_in_a_finnish_spreadsheet(built_site, roadmap):
    raw = data_file(built_site, routes.DATA_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only with a byte order mark"
    assert b"\r\n" in raw and b";" in raw.splitlines()[0]
    header, *rows = read_csv(raw)
    assert len(rows) == len(roadmap.outputs)
    assert header[:2] == ["Tunniste", "Nimi"] and "Kunta tai organisaatio" in header and "Teemat (toimituksen arvio)" in header
    assert all(len(row) == len(header) for row in rows)
    by_id = {row[0]: dict(zip(header, row)) for row in rows}
    assert list(by_id) == [o.id for o in roadmap.outputs]
    for output in roadmap.outputs:
        row = by_id[output.id]
        assert row["Nimi"] == output.name
        assert row["Teemat (toimituksen arvio)"] == " | ".join(t.name for t in roadmap.themes_of_output(output))
        municipality = roadmap.municipality_of(output)
        assert row["Kunta tai organisaatio"] == (municipality.name if municipality else "")
        assert site_file_of(built_site, row["Sivu"]).exists()


def test_csv_keeps_text_with_separators_and_line_breaks_in_one_cell(content_copy):
    path = content_copy / "tuotokset" / "hankeyhteistyo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["kuvaus"] = 'Rivi yksi; puolipiste ja "lainaus".\n\nRivi kaksi, pilkku.'
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    roadmap = load_roadmap(content_copy, content_copy.parent)
    header, *rows = read_csv(outputs_csv(roadmap, SITE_URL))
    assert len(rows) == len(roadmap.outputs)
    row = dict(zip(header, next(r for r in rows if r[0] == "hankeyhteistyo")))
    assert row["Kuvaus"] == data["kuvaus"]


def test_csv_carries_what_an_outputs_page_and_the_banks_filters_show(content_copy):
    """Type (and whether it is the editors' judgement), status, years, responsible organisation and
    the structured description: shown on the output's page and filtered on in the bank, so a reader
    of the table has them too, after the columns the file had before."""
    path = content_copy / "tuotokset" / "hankeyhteistyo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update({"tyyppi": "koulutus", "tyyppi_toimituksen": True, "tila": "päättynyt", "alkuvuosi": 2004,
                 "loppuvuosi": 2005, "vastuutaho": "joensuu", "tavoite": "Tavoite.", "kohderyhmä": "Kohderyhmä.",
                 "toteutus": "Toteutus.", "tulokset": "Tulokset."})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    roadmap = load_roadmap(content_copy, content_copy.parent)
    header, *rows = read_csv(outputs_csv(roadmap, SITE_URL))
    assert header[header.index("Sivu") + 1] == "Lähdetiedosto"
    new = header[header.index("Lähdetiedosto") + 1:]
    row = dict(zip(header, next(r for r in rows if r[0] == "hankeyhteistyo")))
    assert {name: row[name] for name in new} == {
        "Tyyppi": "koulutus", "Tyyppi toimituksen arviona": "kyllä", "Tila": "päättynyt",
        "Alkuvuosi": "2004", "Loppuvuosi": "2005", "Vastuutaho": "Joensuu", "Vastuutahon tunniste": "joensuu",
        "Tavoite": "Tavoite.", "Kohderyhmä": "Kohderyhmä.", "Toteutus": "Toteutus.", "Tulokset": "Tulokset.",
    }
    by_id = {r[0]: dict(zip(header, r)) for r in rows}
    for output in roadmap.outputs:
        if output.id != "hankeyhteistyo":
            expected = ("kyllä" if output.type_is_editorial else "ei") if output.output_type else ""
            assert by_id[output.id]["Tyyppi"] == (output.output_type or "")
            assert by_id[output.id]["Tyyppi toimituksen arviona"] == expected


def test_csv_cells_are_never_run_as_formulas(content_copy):
    path = content_copy / "tuotokset" / "hankeyhteistyo.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["kuvaus"] = '=HYPERLINK("http://example.invalid","klikkaa")'
    data["lisätiedot"] = "- ensimmäinen kohta\n- toinen kohta"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    roadmap = load_roadmap(content_copy, content_copy.parent)
    header, *rows = read_csv(outputs_csv(roadmap, SITE_URL))
    row = dict(zip(header, next(r for r in rows if r[0] == "hankeyhteistyo")))
    assert row["Kuvaus"] == "'" + data["kuvaus"]
    assert row["Lisätiedot"] == "'" + data["lisätiedot"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


# --- iCalendar ----------------------------------------------------------------------------------


def test_ics_parses_and_holds_exactly_the_dated_events(built_site, roadmap):
    calendar = Calendar.from_ical(data_file(built_site, routes.DATA_ICS).read_bytes())
    assert calendar.get("VERSION") == "2.0" and calendar.get("PRODID")
    assert "CC BY 4.0" in str(calendar.get("DESCRIPTION"))
    dated = [e for e in roadmap.events if e.when.full_date]
    undated = [e for e in roadmap.events if not e.when.full_date]
    assert undated, "the content has an event with an open year (the 23.11. seminar)"
    items = {str(item["UID"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {f"{e.id}@{HOST}" for e in dated}
    for event in dated:
        item = items[f"{event.id}@{HOST}"]
        assert str(item["SUMMARY"]) == event.name
        start = item.decoded("DTSTART")
        if event.when.starts:
            assert start == datetime.combine(event.when.full_date, time(*map(int, event.when.starts.split("."))),
                                             ZoneInfo("Europe/Helsinki"))
        else:
            assert start == event.when.full_date and not isinstance(start, datetime)  # all-day
            assert item.decoded("DTEND") == date.fromordinal(start.toordinal() + 1)
        assert site_file_of(built_site, str(item["URL"])).exists()
        assert item.get("DTSTAMP") is not None
    # The page names the events left out, so a reader knows why they are not in the calendar.
    text = open_data_text(built_site)
    for event in undated:
        assert event.name in text


def test_ics_lines_are_as_rfc_5545_writes_them(built_site):
    """CRLF line ends, lines folded at 75 octets without splitting a character, and the value type
    named where the property has no default one: REFRESH-INTERVAL (RFC 7986 5.7) requires
    VALUE=DURATION, and strict calendar programs skip the property without it."""
    raw = data_file(built_site, routes.DATA_ICS).read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    refresh = [line for line in raw.split(b"\r\n") if line.startswith(b"REFRESH-INTERVAL")]
    assert refresh == [b"REFRESH-INTERVAL;VALUE=DURATION:P1D"]


def test_ics_gives_clock_times_in_finnish_time(content_copy):
    """Once an event's year is known, it joins the calendar, in Helsinki time with its VTIMEZONE."""
    path = content_copy / "tapahtumat" / "omatyontekijaisyys-kehittamisseminaari.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    when = data["ajankohta"]
    when.pop("päätelty_vuosi"), when.pop("päättelyn_peruste")
    when["vuosi"] = 2020
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    roadmap = load_roadmap(content_copy, content_copy.parent)
    calendar = Calendar.from_ical(events_ical(roadmap, SITE_URL, {}, NOW))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    item = next(i for i in calendar.walk("VEVENT") if str(i["UID"]).startswith("omatyontekijaisyys-"))
    helsinki = ZoneInfo("Europe/Helsinki")
    assert item.decoded("DTSTART") == datetime(2020, 11, 23, 12, 0, tzinfo=helsinki)
    assert item.decoded("DTEND") == datetime(2020, 11, 23, 15, 30, tzinfo=helsinki)
    assert item["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert str(item["LOCATION"]) == "Hiihtomuseon auditorio"
    assert len(calendar.walk("VEVENT")) == len(roadmap.events)
    page = open_data_page(roadmap)
    assert "Kaikki tapahtumat ovat kalenterissa." in page.markdown


# --- Atom feed ----------------------------------------------------------------------------------


def real_content_changes(roadmap) -> list:
    """The content's changes in this checkout's history, newest first ([] outside a checkout)."""
    history = read_history(REPO, ["roadmap"], exclude=["roadmap/schema"])
    return content_changes(REPO, history, labels_of(roadmap_records(roadmap)))


def test_feed_parses_and_lists_content_changes_from_git(built_site, roadmap):
    parsed = feedparser.parse(data_file(built_site, routes.DATA_FEED).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title and parsed.feed.language == "fi"
    assert "CC BY 4.0" in parsed.feed.rights
    assert any(link.rel == "license" and link.href == CC_BY for link in parsed.feed.links)
    assert any(link.rel == "self" and link.href == SITE_URL + routes.DATA_FEED for link in parsed.feed.links)
    expected = feed_entries(real_content_changes(roadmap))
    assert [entry.title for entry in parsed.entries] == [item.change.title for item in expected]
    assert [entry.id.split("#", 1)[1] for entry in parsed.entries] == [
        f"{item.sha}/{item.change.collection}/{item.change.entity_id}" for item in expected]
    dates = [entry.updated_parsed for entry in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        assert site_file_of(built_site, entry.link).exists(), entry.link
    # The JSON Feed holds the same entries.
    json_feed = json.loads(data_file(built_site, routes.DATA_JSON_FEED).read_text(encoding="utf-8"))
    assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in json_feed["items"]] == [entry.title for entry in parsed.entries]


def test_feed_without_git_history_is_valid_and_empty(roadmap, tmp_path):
    history = read_history(tmp_path, ["roadmap"])  # not a git checkout
    assert history == History()
    assert content_changes(tmp_path, history) == []
    parsed = feedparser.parse(changes_feed(roadmap, [], SITE_URL, NOW))
    assert not parsed.bozo and parsed.entries == []
    assert "CC BY 4.0" in parsed.feed.rights


def copy_project(tmp_path: Path) -> Path:
    """The site's sources outside any git checkout, as in a source tarball."""
    project = tmp_path / "tiekartta"
    project.mkdir()
    for name in ("roadmap", "docs", "overrides", "hooks"):
        shutil.copytree(REPO / name, project / name)
    for name in ("mkdocs.yml", "macros.py"):
        shutil.copy2(REPO / name, project / name)
    return project


def test_site_builds_from_a_copy_without_git_history(tmp_path, monkeypatch):
    """A source tarball has no .git: the site still builds, strictly, with an empty feed. The
    dates git would give are the build's, and with SOURCE_DATE_EPOCH (how distributions make
    builds reproducible) they are that moment, not the day of the build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14.11.2023 22.13.20 UTC
    project = copy_project(tmp_path)
    result = build_site(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not re.search(r"^(WARNING|ERROR)", log, re.MULTILINE), log
    site = tmp_path / "site"
    parsed = feedparser.parse((site / routes.DATA_FEED).read_bytes())
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated_parsed[:6] == (2023, 11, 14, 22, 13, 20)
    assert (site / routes.DATA_JSON).is_file()
    calendar = Calendar.from_ical((site / routes.DATA_ICS).read_bytes())
    stamps = {item.decoded("DTSTAMP") for item in calendar.walk("VEVENT")}
    assert stamps == {datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)}
    assert set(sitemap_dates(site).values()) == {"2023-11-14"}


def test_content_mistake_stops_the_build_with_a_finnish_report_and_no_site(tmp_path):
    project = copy_project(tmp_path)
    path = project / "roadmap" / "tuotokset" / "hankeyhteistyo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("hanke: ", "hanke: ei-tallaista-", 1), encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log, log
    assert "roadmap/tuotokset/hankeyhteistyo.yaml, rivi" in log and "kenttä 'hanke'" in log, log
    assert not (tmp_path / "site" / routes.DATA_JSON).exists()


# --- Where readers find it ------------------------------------------------------------------------


def test_calendar_and_feed_are_linked_from_events_page_and_front_page(built_site):
    for src in (routes.EVENTS, routes.HOME):
        page = page_path(built_site, routes.page_url(src))
        article = soup_of(page).select_one("article")
        targets = {resolve(built_site, page, a["href"]) for a in article.find_all("a", href=True)
                   if "://" not in a["href"]}
        assert (built_site / routes.DATA_ICS).resolve() in targets, src
        assert (built_site / routes.DATA_FEED).resolve() in targets, src


def test_every_page_states_the_licence(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        # No <link rel="alternate"> for the feed: Material reads every such link as a language
        # version of the site and fetches a sitemap.xml beside it, a request that fails.
        assert not soup.select('head link[rel="alternate"]'), page
        footer = soup.select_one("footer .md-copyright")
        assert "CC BY 4.0" in footer.get_text(), page
        assert footer.find("a", string="Avoin data") is not None, page


def test_the_open_data_page_sends_feed_readers_only_to_the_feeds_address(built_site):
    """The pages carry no feed link for readers to discover (Material would read it as a language
    version: test_every_page_states_the_licence), so the page may not offer the site's address."""
    assert not any(soup_of(page).select('head link[type="application/atom+xml"]') for page in html_pages(built_site))
    text = open_data_text(built_site)
    assert "sivut kertovat syötteen osoitteen" not in text
    assert "Pelkkä sivuston osoite ei riitä" in text


def test_open_data_page_documents_each_file(built_site, roadmap):
    page = page_path(built_site, routes.page_url(routes.OPEN_DATA))
    soup = soup_of(page)
    links = {resolve(built_site, page, a["href"]) for a in soup.select("article a[href]") if "://" not in a["href"]}
    for path in (routes.DATA_JSON, routes.DATA_SCHEMA, routes.DATA_CSV, routes.DATA_ICS, routes.DATA_FEED):
        assert (built_site / path).resolve() in links, path
    text = open_data_text(built_site)
    for phrase in ("CC BY 4.0", "UTF-8", "BOM", "puolipiste", "JSON Schema", "Europe/Helsinki", "Atom"):
        assert phrase in text, phrase
    assert f"{len(roadmap.outputs)} tuotosta, yksi rivi kutakin" in text
    assert soup.select_one(f'article a[rel="license"][href="{CC_BY}"]') is not None
