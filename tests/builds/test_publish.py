"""Versioned publishing end to end, with no network: two editions deployed with mike into the
gh-pages branch of a throwaway repository, then read as GitHub Pages would serve them. And what a
publication accepts: version names and tags validated in Python, given to it through the
environment by `make deploy` (never through a shell), and only commits merged to main."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO
from ghpages import deploy, git, own_text, pages_url, project_repository, published_file, track_failures  # noqa: F401 (fixture)
from tiekartta import publish

OLD_EDITION, NEW_EDITION = "2024", "2025"
THEME_FILE = "roadmap/karkiteemat/ennaltaehkaisy.yaml"
THEME_URL = "teemat/ennaltaehkaisy/"
NEW_NAME = "Ennaltaehkäisy"
OLD_NAME = "Ennaltaehkäisevä sosiaalityö"  # the theme's name in the older edition


def redirect_target(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A fresh git repository holding this project's files, as a maintainer's clone would."""
    return project_repository(tmp_path_factory.mktemp("julkaisu") / "repo")


@pytest.fixture(scope="module")
def published(project) -> Path:
    """The older edition (with the theme's older name), then the newer one, deployed offline."""
    theme = project / THEME_FILE
    current = theme.read_text(encoding="utf-8")
    assert f"nimi: {NEW_NAME}\n" in current
    theme.write_text(current.replace(f"nimi: {NEW_NAME}\n", f"nimi: {OLD_NAME}\n"), encoding="utf-8")
    git(project, "commit", "--quiet", "--all", "--message", f"Edition {OLD_EDITION}")
    first = deploy(project, OLD_EDITION)
    assert first.returncode == 0, first.stdout + first.stderr

    theme.write_text(current, encoding="utf-8")
    git(project, "commit", "--quiet", "--all", "--message", f"Edition {NEW_EDITION}")
    git(project, "tag", f"v{NEW_EDITION}")
    second = deploy(project, "--tag", f"v{NEW_EDITION}")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Valmis: versio 2025 on haarassa gh-pages, vain paikallisesti" in second.stdout
    return project


# --- what the gh-pages branch holds --------------------------------------------------------------


@pytest.mark.build
def test_versions_json_lists_both_editions_newest_first_with_the_alias(published):
    versions = json.loads(published_file(published, "versions.json"))
    # Each also has its publication date (tests/builds/test_editions.py).
    assert all("julkaistu" in v.pop("properties") for v in versions)
    assert versions == [
        {"version": NEW_EDITION, "title": NEW_EDITION, "aliases": ["uusin"]},
        {"version": OLD_EDITION, "title": OLD_EDITION, "aliases": []},
    ]


@pytest.mark.build
def test_published_tree_has_no_symlinks(published):
    modes = {line.split(" ", 1)[0] for line in git(published, "ls-tree", "-r", "gh-pages").splitlines()}
    assert modes == {"100644"}


@pytest.mark.build
def test_root_and_alias_are_redirect_pages_to_the_newest_edition(published):
    assert redirect_target(published_file(published, "index.html")) == "uusin/"
    assert redirect_target(published_file(published, "uusin/index.html")) == f"../{NEW_EDITION}/"
    assert redirect_target(published_file(published, f"uusin/{THEME_URL}index.html")) == \
        f"../../../{NEW_EDITION}/{THEME_URL}"
    alias_files = [p for p in git(published, "ls-tree", "-r", "--name-only", "gh-pages", "uusin/").split()]
    assert alias_files and all(p.endswith(".html") for p in alias_files)  # redirects only, no copies
    assert '<html lang="fi">' in published_file(published, "uusin/index.html")


@pytest.mark.build
def test_each_version_has_its_own_content_and_the_root_404_is_the_newest_editions(published):
    old = published_file(published, f"{OLD_EDITION}/{THEME_URL}index.html")
    new = published_file(published, f"{NEW_EDITION}/{THEME_URL}index.html")
    # The newer edition names the older name only in its list of changes (a rename).
    new_heading = re.search(r"<h1[^>]*>(.*?)</h1>", new, re.DOTALL).group(1)
    assert OLD_NAME in old and OLD_NAME not in new_heading and NEW_NAME in new_heading
    assert f"Nimetty uudelleen: {OLD_NAME} → {NEW_NAME}" in new
    assert published_file(published, "404.html") == published_file(published, f"{NEW_EDITION}/404.html")
    assert published_file(published, ".nojekyll") == ""


@pytest.mark.build
def test_a_failed_build_publishes_nothing(published):
    before = git(published, "rev-parse", "gh-pages")
    broken = published / "docs" / "rikki.md"
    broken.write_text("# Rikki\n\n[Ei ole olemassa](ei-ole.md)\n", encoding="utf-8")
    git(published, "add", "docs/rikki.md")
    git(published, "commit", "--quiet", "--message", "A page with a broken link")
    try:
        result = deploy(published, NEW_EDITION)
    finally:
        git(published, "reset", "--quiet", "--hard", "HEAD~1")
    assert result.returncode != 0
    assert "Sivuston rakentaminen epäonnistui" in result.stderr
    assert git(published, "rev-parse", "gh-pages") == before


@pytest.mark.build
def test_invalid_content_is_reported_in_finnish_and_publishes_nothing(published):
    before = git(published, "rev-parse", "gh-pages")
    theme = published / THEME_FILE
    original = theme.read_text(encoding="utf-8")
    theme.write_text(original.replace("järjestys: 3", "järjestys: kolmas"), encoding="utf-8")
    try:
        result = deploy(published, NEW_EDITION, "--allow-dirty")
    finally:
        theme.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "karkiteemat/ennaltaehkaisy.yaml" in result.stderr and "ei julkaistu" in result.stderr
    assert git(published, "rev-parse", "gh-pages") == before


@pytest.mark.build
def test_uncommitted_changes_are_not_published(published):
    before = git(published, "rev-parse", "gh-pages")
    page = published / "docs" / "tietoa.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nLuonnos.\n", encoding="utf-8")
    try:
        result = deploy(published, NEW_EDITION)
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 1 and "docs/tietoa.md" in result.stderr
    assert git(published, "rev-parse", "gh-pages") == before


def fresh_clone(published: Path, folder: Path) -> tuple[Path, Path]:
    """A bare remote holding main and gh-pages of `published`, and a fresh clone of it (in folder)."""
    remote = folder / "remote.git"
    git(folder, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(published, "push", "--quiet", str(remote), "main", "gh-pages")
    clone = folder / "clone"
    git(folder, "clone", "--quiet", str(remote), str(clone))
    git(clone, "config", "user.name", "Tiekartan julkaisija")
    git(clone, "config", "user.email", "julkaisu@example.invalid")
    return remote, clone


@pytest.mark.build
def test_a_fresh_clone_pushes_the_development_version_beside_the_editions(published, tmp_path):
    """As CI does: a clone with only the remote's gh-pages deploys and pushes (to a local remote)."""
    remote, clone = fresh_clone(published, tmp_path)
    assert git(clone, "branch", "--list", "gh-pages") == ""

    result = deploy(clone, "kehitys", "--push")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lähetetty etärepositorioon origin" in result.stdout
    versions = json.loads(git(remote, "show", "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [
        ("kehitys", []), (NEW_EDITION, ["uusin"]), (OLD_EDITION, [])]
    # The newest edition stays the default; the development version did not take over the root.
    assert redirect_target(git(remote, "show", "gh-pages:index.html")) == "uusin/"
    assert git(remote, "show", "gh-pages:404.html") == git(remote, "show", f"gh-pages:{NEW_EDITION}/404.html")
    assert git(remote, "rev-parse", "gh-pages^") == git(published, "rev-parse", "gh-pages")


@pytest.mark.build
def test_ci_build_job_hands_over_only_the_new_gh_pages_commits_as_a_bundle(published, tmp_path):
    """As the build job does: a fresh clone writes a bundle and pushes nothing; the bundle holds
    gh-pages alone, on top of the remote's, and applies there as a fast-forward."""
    remote, clone = fresh_clone(published, tmp_path)
    before = git(remote, "rev-parse", "gh-pages").strip()
    bundle = tmp_path / "julkaisu" / "gh-pages.bundle"

    result = make_deploy(clone, {"VERSION": "kehitys", "BUNDLE": str(bundle)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"uudet commitit tiedostossa {bundle}" in result.stdout
    assert git(remote, "rev-parse", "gh-pages").strip() == before  # nothing pushed
    assert git(clone, "bundle", "list-heads", str(bundle)).split()[1:] == ["refs/heads/gh-pages"]
    assert before in git(clone, "bundle", "verify", str(bundle))  # requires the published commit
    git(remote, "fetch", "--quiet", str(bundle), "refs/heads/gh-pages:refs/heads/new-pages")
    assert git(remote, "merge-base", "--is-ancestor", before, "new-pages") == ""
    versions = json.loads(git(remote, "show", "new-pages:versions.json"))
    assert [v["version"] for v in versions] == ["kehitys", NEW_EDITION, OLD_EDITION]


# --- in the browser, served as GitHub Pages serves the branch ------------------------------------

def heading(page) -> str:
    return page.locator("article h1").first.inner_text().rstrip("¶").strip()


@pytest.mark.build
@pytest.mark.browser
def test_root_address_opens_the_newest_edition(page, pages_url):
    page.goto(pages_url)
    page.wait_for_url(f"{pages_url}{NEW_EDITION}/")
    assert own_text(page.locator(".md-version__current")) == NEW_EDITION


@pytest.mark.build
@pytest.mark.browser
def test_selector_lists_both_versions_and_the_older_version_shows_the_older_content(page, pages_url):
    failures = track_failures(page)
    page.goto(f"{pages_url}{NEW_EDITION}/{THEME_URL}")
    assert heading(page) == NEW_NAME
    selector = page.locator(".md-version")
    links = selector.locator(".md-version__link")
    links.first.wait_for(state="attached")
    assert [own_text(link) for link in links.all()] == [NEW_EDITION, OLD_EDITION]
    assert links.first.locator(".md-version__alias").text_content() == "uusin"
    assert page.locator("[data-md-component=outdated]").is_hidden()

    # Choosing the older edition opens the same page in it, with the theme's older name.
    selector.hover()
    # The link's name is the edition and its publication date (assets/painokset.js).
    selector.get_by_role("link", name=re.compile(rf"^{OLD_EDITION}\b")).click()
    page.wait_for_url(f"{pages_url}{OLD_EDITION}/{THEME_URL}")
    assert heading(page) == OLD_NAME
    assert own_text(page.locator(".md-version__current")) == OLD_EDITION
    # Material's banner for a version that is not the newest, in Finnish, leading to the same page
    # in the newest (assets/painokset.js; tests/builds/test_editions.py).
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for()
    assert "aiempaa" in banner.inner_text()
    banner.get_by_text("uusimmassa painoksessa").wait_for()
    banner.get_by_role("link").click()
    page.wait_for_url(f"{pages_url}{NEW_EDITION}/{THEME_URL}")
    assert not failures


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("version", [OLD_EDITION, NEW_EDITION])
def test_missing_page_inside_a_version_gets_the_finnish_404_page(page, pages_url, version):
    failures = track_failures(page)
    response = page.goto(f"{pages_url}{version}/ei-tallaista-sivua/")
    assert response.status == 404
    assert heading(page) == "Sivua ei löytynyt (404)"
    # Styled, with the version selector: every asset and versions.json resolved from this depth.
    assert page.locator(".md-header").is_visible()
    page.locator(".md-version__current").wait_for()
    page.get_by_role("link", name="tiekartan etusivulle").click()
    page.wait_for_url(f"{pages_url}{NEW_EDITION}/")
    assert not failures


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("version,name", [(OLD_EDITION, OLD_NAME), (NEW_EDITION, NEW_NAME)])
def test_search_works_inside_each_version(page, pages_url, version, name):
    failures = track_failures(page)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{pages_url}{version}/")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially(name, delay=20)
    result = page.locator(".md-search-result__link").first
    result.wait_for()
    assert result.evaluate("a => a.href").startswith(f"{pages_url}{version}/{THEME_URL}")
    index = [url for url in asked if "/pagefind/" in url]
    assert index and all(url.startswith(f"{pages_url}{version}/") for url in index), index
    assert not failures


# --- what a publication accepts (no build) -------------------------------------------------------

TODAY = date(2026, 6, 15)
SHELL_AND_MAKE = ["$(touch {marker})", "`touch {marker}`", "';touch {marker};'", '";touch {marker};"',
                  "$$(touch {marker})", "$(shell touch {marker})", "2025;touch {marker}", "2025 && touch {marker}",
                  "2025|touch {marker}", "2025\ntouch {marker}"]


@pytest.mark.parametrize("tag,version", [("v2025", "2025"), ("v2025.1", "2025"), ("refs/tags/v2026.12", "2026"),
                                         ("v2026", "2026")])
def test_release_tag_names_its_edition(tag, version):
    assert publish.version_from_tag(tag, TODAY) == version


@pytest.mark.parametrize("tag", [
    "2025", "v25", "v2025-rc1", "vuosi2025", "v2025.x", "v2025.1.1", "v2025.", "V2025", "v 2025", "v2025 ",
    "v2025\n", "v２０２５", "v٢٠٢٥", "v2025\u202e", "v2025\x00", "-v2025", "--push", "",
    *(f"v2025{attack.format(marker='x')}" for attack in SHELL_AND_MAKE),
])
def test_other_tags_are_refused_in_finnish(tag):
    with pytest.raises(publish.PublishError, match="ei ole julkaisutagi"):
        publish.version_from_tag(tag, TODAY)


@pytest.mark.parametrize("value,version", [("2025", "2025"), ("2025.1", "2025"), ("2026", "2026"),
                                           ("kehitys", "kehitys")])
def test_versions_are_years_corrections_of_one_or_the_development_version(value, version):
    assert publish.version_from_input(value, TODAY) == version


@pytest.mark.parametrize("value", [
    "latest", "../2025", "uusin", "", "2025\n", " 2025", "2025 ", "２０２５", "٢٠٢٥", "2025\u202e", "\u202e2025",
    "2025\x00", "-2025", "--push", "2025.1.2", "2025.x", "v2025", "KEHITYS", "kehitys\n", "25", "20250",
    *(attack.format(marker="x") for attack in SHELL_AND_MAKE),
])
def test_other_versions_are_refused_in_finnish(value):
    with pytest.raises(publish.PublishError, match="ei kelpaa"):
        publish.version_from_input(value, TODAY)


@pytest.mark.parametrize("value", ["2027", "2027.1", "9999", "v2027", "v9999.1"])
def test_a_year_in_the_future_is_refused_and_cannot_become_the_default(value):
    read = publish.version_from_tag if value.startswith("v") else publish.version_from_input
    with pytest.raises(publish.PublishError, match="tulevaisuudessa"):
        read(value, TODAY)


def test_a_future_edition_never_reaches_mike():
    """plan() decides the aliases and the default: a future year is refused there too."""
    with pytest.raises(publish.PublishError, match="tulevaisuudessa"):
        publish.plan(str(date.today().year + 1), _published("2025"))


@pytest.mark.parametrize("version", ["latest", "2025.1", "../2025", "uusin", "", "2025\n"])
def test_mike_gets_only_years_or_the_development_version(version):
    with pytest.raises(publish.PublishError, match="ei kelpaa"):
        publish.plan(version, [])


@pytest.mark.parametrize("remote", ["--upload-pack=touch x", "-o", "../toinen", "https://example.invalid/r.git",
                                    "/tmp/repo", "origin;id", "", "a b"])
def test_a_remote_is_a_remotes_name_never_an_option_or_an_address(remote):
    with pytest.raises(publish.PublishError, match="ei kelpaa"):
        publish.check_remote_name(remote)


@pytest.mark.parametrize("environ,message", [
    ({}, "Anna joko versio tai tagi"),
    ({"TIEKARTTA_VERSION": "2025", "TIEKARTTA_TAG": "v2025"}, "Anna joko versio tai tagi"),
    ({"TIEKARTTA_VERSION": "2025", "TIEKARTTA_PUSH": "yes"}, "PUSH='yes' ei kelpaa"),
    ({"TIEKARTTA_VERSION": "2025", "TIEKARTTA_ALLOW_DIRTY": "$(id)"}, "ALLOW_DIRTY='$(id)' ei kelpaa"),
])
def test_the_environment_of_make_deploy_is_read_strictly(environ, message):
    with pytest.raises(publish.PublishError, match=re.escape(message)):
        publish.request_from_environment(environ)


def test_the_environment_of_make_deploy_gives_the_same_request_as_the_command_line():
    request = publish.request_from_environment({"TIEKARTTA_TAG": "v2025.1", "TIEKARTTA_PUSH": "1",
                                                "TIEKARTTA_REMOTE": "julkaisu", "TIEKARTTA_BUNDLE": "/tmp/b"})
    assert (request.version, request.tag, request.push, request.remote, request.allow_dirty, request.bundle) == \
        (None, "v2025.1", True, "julkaisu", False, Path("/tmp/b"))


# --- only what is merged to main (a small repository, no build) ----------------------------------

@pytest.fixture
def history(tmp_path, monkeypatch):
    """main with one commit; a branch never merged, tagged v2025; the working tree on that branch."""
    repo = tmp_path / "repo"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(repo))
    git(repo, "config", "user.name", "Tiekartan julkaisija")
    git(repo, "config", "user.email", "julkaisu@example.invalid")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", "Merged")
    git(repo, "tag", "v2024")
    git(repo, "checkout", "--quiet", "-b", "ehdotus")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", "Never merged")
    git(repo, "tag", "v2025")
    monkeypatch.chdir(repo)
    return repo


def test_a_tag_on_a_commit_not_on_main_is_refused_in_finnish(history, capsys):
    assert publish.main(["--tag", "v2025"]) == 1
    error = capsys.readouterr().err
    assert "Tagi v2025 (commit" in error and "ei ole haarassa main (heads/main)" in error
    assert "Traceback" not in error
    assert git(history, "branch", "--list", "gh-pages") == ""


def test_pushing_or_bundling_a_commit_not_on_main_is_refused(history, capsys):
    assert publish.main(["2025", "--bundle", str(history.parent / "b.bundle")]) == 1
    assert "Julkaistava versio 2025 (commit" in capsys.readouterr().err
    assert not (history.parent / "b.bundle").exists()


def test_the_remotes_main_decides_when_it_is_known(history):
    """As in CI: the commit was merged into a local main, but the remote's main does not have it."""
    git(history, "update-ref", "refs/remotes/origin/main", "main")
    git(history, "checkout", "--quiet", "main")
    git(history, "merge", "--quiet", "--ff-only", "ehdotus")
    with pytest.raises(publish.PublishError, match="remotes/origin/main"):
        publish.check_on_main(history, "origin", "Tagi v2025")
    git(history, "update-ref", "refs/remotes/origin/main", "main")
    publish.check_on_main(history, "origin", "Tagi v2025")


def test_a_tag_must_name_the_commit_being_built(history):
    with pytest.raises(publish.PublishError, match="osoittaa eri committiin"):
        publish.check_tag(history, "v2024")
    with pytest.raises(publish.PublishError, match="Tagia v2026 ei ole"):
        publish.check_tag(history, "v2026")
    publish.check_tag(history, "v2025")


# --- make deploy hands its inputs to Python through the environment ------------------------------

def make_deploy(repo: Path, variables: dict[str, str], *, environ: dict[str, str] | None = None,
                skip_check: bool = False) -> subprocess.CompletedProcess:
    """`make deploy NAME=value …` in `repo`, with this project's Makefile and Python environment."""
    for name in ("pyproject.toml", "constraints.txt", "package.json", "package-lock.json"):  # read by the Makefile
        if not (repo / name).exists():
            shutil.copy2(REPO / name, repo / name)
    command = ["make", "--no-print-directory", "-f", str(REPO / "Makefile"), f"BIN={Path(sys.executable).parent}",
               f"STAMP={REPO / '.venv'}", *(["-o", "check"] if skip_check else ["-o", str(REPO / ".venv")]),
               "deploy", *(f"{name}={value}" for name, value in variables.items())]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environ or {})}
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize("name", ["VERSION", "TAG"])
@pytest.mark.parametrize("attack", SHELL_AND_MAKE)
def test_a_crafted_version_or_tag_runs_nothing_and_is_refused(tmp_path, name, attack):
    marker = tmp_path / "ajettu"
    value = ("2025" if name == "VERSION" else "v2025") + attack.format(marker=marker)
    on_command_line = make_deploy(tmp_path, {name: value}, skip_check=True)
    through_environment = make_deploy(tmp_path, {}, environ={name: value}, skip_check=True)  # as CI passes TAG
    for result in (on_command_line, through_environment):
        assert result.returncode != 0
        assert "ei ole julkaisutagi" in result.stderr or "ei kelpaa" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_make_deploy_passes_the_value_unchanged(tmp_path):
    """The error quotes exactly what was typed: make expanded nothing and no shell split it."""
    value = "2025 '$(HOME)' \"`x`\" $$HOME"
    result = make_deploy(tmp_path, {"VERSION": value}, skip_check=True)
    assert f"Versio {value!r} ei kelpaa" in result.stderr, result.stderr


def test_make_deploy_without_a_version_asks_for_one_in_finnish(tmp_path):
    result = make_deploy(tmp_path, {}, skip_check=True)
    assert result.returncode != 0 and "Anna joko versio tai tagi" in result.stderr


def _published(*versions: str) -> list[dict]:
    return [{"version": v, "title": v, "aliases": []} for v in versions]


def test_newest_edition_takes_the_alias_and_the_default():
    assert publish.plan("2025", _published("2024", "kehitys")) == publish.Plan("2025", "2025", ("uusin",), "uusin")
    assert publish.plan("2025", _published("2025")) == publish.Plan("2025", "2025", ("uusin",), "uusin")


def test_correcting_an_older_edition_leaves_the_newest_alone():
    assert publish.plan("2024", _published("2025", "2024")) == publish.Plan("2024", "2024", (), None)


def test_development_version_is_the_default_only_before_the_first_edition():
    assert publish.plan("kehitys", []) == publish.Plan("kehitys", "kehitys", (), "kehitys")
    assert publish.plan("kehitys", _published("2025")) == publish.Plan("kehitys", "kehitys", (), None)
