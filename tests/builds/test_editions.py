"""Editions side by side, end to end with no network: three editions published as `make deploy`
publishes them (tiekartta.publish) into the gh-pages branch of a throwaway repository, with changes
of every kind between them; then the "Mikä muuttui" page, the pages' own histories and the feed of
the newest edition are read from the branch, and the branch is served as GitHub Pages serves it
for Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup

from ghpages import deploy, git, own_text, pages_url, project_repository, published_file, track_failures  # noqa: F401 (fixture)

FIRST, SECOND, NEWEST = "2024", "2025", "2026"
ADDED_FILE = "roadmap/tuotokset/perhetyon-uusi-malli.yaml"
ADDED_NAME = "Perhetyön uusi malli"
THEME_FILE = "roadmap/karkiteemat/ennaltaehkaisy.yaml"
THEME_OLD, THEME_NEW = "Ennaltaehkäisy", "Ennaltaehkäisevä sosiaalityö"
EDITED_FILE = "roadmap/tuotokset/kuntouttava-sosiaalityo.yaml"
EDITED = "Kuntouttava sosiaalityö"
REMOVED_FILE = "roadmap/tuotokset/sosiaalityontekijoiden-tyohyvinvointikartoitus.yaml"
REMOVED = "Sosiaalityöntekijöiden työhyvinvointikartoitus"
MOVED_FILE = "roadmap/tuotokset/sosiaalityon-tyokuvan-selkiyttaminen.yaml"
MOVED = "Sosiaalityön työkuvan selkiyttäminen"

# What a reader is told changed, by edition (tiekartta.model.diff names them).
IN_SECOND = {
    ("Lisätty", ADDED_NAME, ()),
    ("Nimetty uudelleen", THEME_NEW, ("nimi",)),
    ("Päivitetty", EDITED, ("nimi_lähteessä", "kuvaus")),
}
IN_NEWEST = {
    ("Poistettu", REMOVED, ()),
    ("Päivitetty", MOVED, ("teemayhteydet",)),
}
# Commit text that must reach nothing: the changes are read from the content.
HOSTILE_SUBJECT = "Poisto \x1e\x07 <b>kiireellinen</b> Tiina Toimittaja <tiina.toimittaja@example.fi>"
AUTHOR_ENV = ("-c", "user.name=Tiina Toimittaja", "-c", "user.email=tiina.toimittaja@example.fi")


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, *AUTHOR_ENV, "commit", "--quiet", "--all", "--message", message)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """Three editions: 2024 as the project is; 2025 adds, renames and edits; 2026 removes and moves."""
    repo = project_repository(tmp_path_factory.mktemp("painokset") / "repo")
    first = deploy(repo, FIRST)
    assert first.returncode == 0, first.stdout + first.stderr

    added = (repo / REMOVED_FILE).read_text(encoding="utf-8")
    added = added.replace(f"nimi: {REMOVED}", f"nimi: {ADDED_NAME}").replace("järjestys: 4", "järjestys: 50")
    (repo / ADDED_FILE).write_text(added, encoding="utf-8")
    git(repo, "add", ADDED_FILE)
    commit(repo, "Add an output")
    edit(repo, THEME_FILE, f"nimi: {THEME_OLD}\n", f"nimi: {THEME_NEW}\n")
    commit(repo, "Rename a theme")
    edit(repo, EDITED_FILE, "nimi_lähteessä: Kuntouttava sosiaalityö/ JOENSUU\n",
         "nimi_lähteessä: Kuntouttava sosiaalityö / Joensuu\nkuvaus: Kuvaus lisätty toiseen painokseen.\n")
    commit(repo, "Edit an output")
    second = deploy(repo, SECOND)
    assert second.returncode == 0, second.stdout + second.stderr

    git(repo, "rm", "--quiet", REMOVED_FILE)
    commit(repo, HOSTILE_SUBJECT)
    edit(repo, MOVED_FILE, "  - teema: omatyontekijaisyys\n", "  - teema: ennaltaehkaisy\n")
    commit(repo, HOSTILE_SUBJECT + " 2")
    git(repo, "tag", f"v{NEWEST}")
    newest = deploy(repo, "--tag", f"v{NEWEST}")
    assert newest.returncode == 0, newest.stdout + newest.stderr
    return repo


def soup(repo: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(published_file(repo, path), "html.parser")


def section_changes(page: BeautifulSoup, version: str) -> dict[tuple, dict]:
    """The changes listed under "Painoksen <version> jälkeen": {(action, name, fields): links}."""
    heading = page.find(id=f"painos-{version}")
    assert heading is not None, f"no section for edition {version}"
    found: dict[tuple, dict] = {}
    action = None
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        if element.name == "h3":
            action = re.sub(r"\s*\(\d+\)\s*¶?$", "", element.get_text()).strip()
        if element.name == "ul" and "tk-muutokset" in element.get("class", []):
            for item in element.find_all("li", recursive=False):
                first = next(item.children)
                name = (first.get_text() if getattr(first, "name", None) else str(first)).strip()
                fields = tuple(code.get_text() for code in item.select("ul code"))
                links = {"here": None, "there": None}
                for link in item.find_all("a", recursive=False):
                    links["there" if link.get_text().startswith("painoksessa") else "here"] = link["href"]
                found[(action, name, fields)] = links
    return found


def resolve(version: str, page: str, href: str) -> str:
    """A relative link on <version>/<page> -> the path on the gh-pages branch it leads to."""
    parts = [*PurePosixPath(version, page).parent.parts]
    for part in href.split("#")[0].split("/"):
        if part == "..":
            parts.pop()
        elif part and part != ".":
            parts.append(part)
    target = "/".join(parts)
    return target + "/index.html" if not target.endswith(".html") else target


def exists_on_branch(repo: Path, path: str) -> bool:
    return subprocess.run(["git", "-C", str(repo), "cat-file", "-e", f"refs/heads/gh-pages:{path}"],
                          capture_output=True).returncode == 0


# --- "Mikä muuttui" ------------------------------------------------------------------------------


@pytest.mark.build
def test_whats_new_lists_exactly_the_changes_since_each_earlier_edition(published):
    newest = soup(published, f"{NEWEST}/muutokset/index.html")
    assert set(section_changes(newest, SECOND)) == IN_NEWEST
    assert set(section_changes(newest, FIRST)) == IN_SECOND | IN_NEWEST
    second = soup(published, f"{SECOND}/muutokset/index.html")
    assert set(section_changes(second, FIRST)) == IN_SECOND
    assert second.find(id=f"painos-{NEWEST}") is None and second.find(id=f"painos-{SECOND}") is None
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date()
    assert f"Painos {FIRST} julkaistiin {today.day}.{today.month}.{today.year}." in newest.get_text()


@pytest.mark.build
def test_every_change_links_to_its_page_in_both_editions_where_both_exist(published):
    page = "muutokset/index.html"
    changes = section_changes(soup(published, f"{NEWEST}/{page}"), FIRST)
    for (action, name, _), links in changes.items():
        in_newest = action != "Poistettu"
        in_first = action != "Lisätty"
        assert (links["here"] is not None) == in_newest, (action, name)
        assert (links["there"] is not None) == in_first, (action, name)
        for key, version in (("here", NEWEST), ("there", FIRST)):
            if links[key]:
                target = resolve(NEWEST, page, links[key])
                assert target.startswith(f"{version}/"), (name, target)
                assert exists_on_branch(published, target), (name, target)
                assert name in published_file(published, target) or (action == "Nimetty uudelleen"
                                                                     and THEME_OLD in published_file(published, target))


# --- Page histories ------------------------------------------------------------------------------


def page_history(repo: Path, path: str) -> list[str]:
    page = soup(repo, path)
    box = page.select_one(".tk-sivun-muutokset")
    assert box is not None, f"{path} has no list of changes"
    return [re.sub(r"^\S+: ", "", li.get_text(" ", strip=True).replace(" : ", ": ")) for li in box.select("li")]


def history_dates(repo: Path, path: str) -> tuple[str, list[str]]:
    page = soup(repo, path)
    updated = page.select_one(".tk-muutettu > .md-source-file__fact time")["datetime"]
    return updated, [t["datetime"] for t in page.select(".tk-sivun-muutokset time")]


@pytest.mark.build
@pytest.mark.parametrize("path,expected", [
    ("tietopankki/kuntouttava-sosiaalityo/index.html",
     [f"Päivitetty: {EDITED} (nimi lähteessä, kuvaus)", f"Lisätty: {EDITED}"]),
    ("tietopankki/perhetyon-uusi-malli/index.html", [f"Lisätty: {ADDED_NAME}"]),
    ("tietopankki/sosiaalityon-tyokuvan-selkiyttaminen/index.html",
     [f"Päivitetty: {MOVED} (teemayhteydet)", f"Lisätty: {MOVED}"]),
])
def test_a_page_lists_its_own_changes_and_is_dated_by_them(published, path, expected):
    assert page_history(published, f"{NEWEST}/{path}") == expected
    updated, dates = history_dates(published, f"{NEWEST}/{path}")
    assert updated == dates[0] == max(dates)


@pytest.mark.build
def test_the_theme_page_lists_its_rename_and_the_output_moved_to_it(published):
    entries = page_history(published, f"{NEWEST}/teemat/ennaltaehkaisy/index.html")
    later = [e for e in entries if not e.startswith("Lisätty: ")]
    assert later == [f"Päivitetty: {MOVED} (teemayhteydet)", f"Nimetty uudelleen: {THEME_OLD} → {THEME_NEW}"]
    # The edition before the move and the rename knows neither.
    first = page_history(published, f"{FIRST}/teemat/ennaltaehkaisy/index.html")
    assert all(e.startswith("Lisätty: ") for e in first)


# --- The feed ------------------------------------------------------------------------------------


@pytest.mark.build
def test_the_feed_holds_the_content_changes_and_no_commit_text(published):
    atom = published_file(published, f"{NEWEST}/data/muutokset.atom")
    parsed = feedparser.parse(atom.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = [entry.title for entry in parsed.entries]
    expected = {f"Poistettu: {REMOVED}", f"Päivitetty: {MOVED} (teemayhteydet)", f"Lisätty: {ADDED_NAME}",
                f"Nimetty uudelleen: {THEME_OLD} → {THEME_NEW}", f"Päivitetty: {EDITED} (nimi lähteessä, kuvaus)"}
    assert set(titles[:5]) == expected
    site = f"https://sosiaalityon-tiekartta.github.io/tiekartta/{NEWEST}/"
    links = {entry.title: entry.link for entry in parsed.entries[:5]}
    assert links[f"Päivitetty: {EDITED} (nimi lähteessä, kuvaus)"] == site + "tietopankki/kuntouttava-sosiaalityo/"
    assert links[f"Poistettu: {REMOVED}"] == site + "muutokset/"
    json_feed = json.loads(published_file(published, f"{NEWEST}/data/muutokset.json"))
    assert [item["title"] for item in json_feed["items"]] == titles
    # No commit subject, author or e-mail anywhere in the published edition.
    for secret in ("Tiina", "tiina.toimittaja", "kiireellinen", "Add an output", "Rename a theme"):
        found = subprocess.run(["git", "-C", str(published), "grep", "-I", "-l", "-F", secret, "gh-pages", "--",
                                f"{NEWEST}/"], capture_output=True, text=True).stdout
        assert found == "", (secret, found)


# --- Publication dates ---------------------------------------------------------------------------


@pytest.mark.build
def test_each_edition_keeps_its_publication_date(published):
    versions = json.loads(published_file(published, "versions.json"))
    assert [v["version"] for v in versions] == [NEWEST, SECOND, FIRST]
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date().isoformat()
    assert all(v["properties"] == {"julkaistu": today} for v in versions)


# --- In the browser, served as GitHub Pages serves the branch -------------------------------------


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("version", [FIRST, SECOND])
def test_an_older_edition_says_so_and_leads_to_the_same_page_in_the_newest(page, pages_url, version):
    failures = track_failures(page)
    address = "tietopankki/kuntouttava-sosiaalityo/"
    page.goto(f"{pages_url}{version}/{address}")
    notice = page.locator("[data-md-component=outdated]")
    notice.wait_for()
    assert "aiempaa" in notice.inner_text()
    link = notice.get_by_role("link")
    page.wait_for_function("() => document.querySelector('[data-md-component=outdated] a').href.includes('/2026/')")
    assert link.inner_text() == f"Avaa tämä sivu uusimmassa painoksessa ({NEWEST})"
    link.click()
    page.wait_for_url(f"{pages_url}{NEWEST}/{address}")
    assert page.locator("[data-md-component=outdated]").is_hidden()
    assert not failures


@pytest.mark.build
@pytest.mark.browser
def test_a_page_gone_from_the_newest_edition_leads_to_its_front_page(page, pages_url):
    page.goto(f"{pages_url}{SECOND}/tietopankki/sosiaalityontekijoiden-tyohyvinvointikartoitus/")
    notice = page.locator("[data-md-component=outdated]")
    notice.wait_for()
    notice.get_by_role("link").click()
    page.wait_for_url(f"{pages_url}{NEWEST}/")


@pytest.mark.build
@pytest.mark.browser
def test_the_version_selector_shows_when_each_edition_was_published(page, pages_url):
    page.goto(f"{pages_url}{NEWEST}/")
    links = page.locator(".md-version__link")
    links.first.wait_for(state="attached")
    page.locator(".md-version__link .tk-julkaistu").nth(2).wait_for(state="attached")
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date()
    assert [own_text(link) for link in links.all()] == [NEWEST, SECOND, FIRST]
    assert [link.locator(".tk-julkaistu").text_content() for link in links.all()] == \
        [f"julkaistu {today.day}.{today.month}.{today.year}"] * 3
