"""Lighthouse on four kinds of page (front page, a theme, the knowledge bank, an output), offline
in Debian's Chromium with Lighthouse's default mobile settings, against the site published as
GitHub Pages serves it. Each page is measured three times (Lighthouse's advice for its run-to-run
variance) and the median score is judged. The scores (median and every run) are written to
test-artifacts/lighthouse/scores.json, Lighthouse's median run's reports beside them."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

import pytest

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, REPO
from tiekartta.pages import routes

pytestmark = pytest.mark.browser

RUNNER = Path(__file__).resolve().parent / "lighthouse_pages.mjs"
LIGHTHOUSE = REPO / "node_modules" / "lighthouse"
OUT = ARTIFACTS / "lighthouse"
# The bar: accessibility and best practices in full, SEO and performance at least 95.
MINIMUM = {"accessibility": 100, "best-practices": 100, "seo": 95, "performance": 95}
# Runs per page; the median score is judged (the speed measure varies from run to run).
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))


def lighthouse_flags() -> list[str]:
    """The browser flags of the other browser tests, with Chromium's current headless mode."""
    return [("--headless=new" if flag == "--headless" else flag) for flag in CHROMIUM_ARGS]


@pytest.fixture(scope="module")
def lighthouse_reports(published_url, roadmap) -> tuple[dict[str, dict], dict[str, dict]]:
    """Lighthouse's median report of each page, and the median scores with every run's scores."""
    if not LIGHTHOUSE.is_dir():
        pytest.fail("Lighthouse is not installed: run `make node` (installs the npm tools of package.json)")
    pages = {
        "etusivu": routes.HOME,
        "teema": routes.theme(roadmap.spearheads[0]),
        "tietopankki": routes.BANK,
        "tuotos": routes.output(roadmap.outputs[0]),
    }
    args = [f"{name}={published_url}{routes.page_url(src)}" for name, src in pages.items()]
    result = subprocess.run(
        ["node", str(RUNNER), str(OUT), str(RUNS), json.dumps(lighthouse_flags()), *args],
        cwd=REPO, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reports = {name: json.loads((OUT / f"{name}.report.json").read_text(encoding="utf-8")) for name in pages}
    scores = {}
    for name, report in reports.items():
        runs = [{key: round(score * 100) for key, score in run.items()}
                for run in json.loads((OUT / f"{name}.runs.json").read_text(encoding="utf-8"))]
        scores[name] = {
            "url": report["finalDisplayedUrl"],
            **{key: statistics.median_low(run[key] for run in runs) for key in runs[0]},
            "runs": runs,
        }
    (OUT / "scores.json").write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return reports, scores


def failing_audits(report: dict, category: str) -> list[str]:
    """Audits that cost points in a category, with Lighthouse's own words."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            lines.append(f"{audit['id']} ({audit['score']}): {audit['title']} {audit.get('displayValue', '')}".strip())
    return lines


@pytest.mark.parametrize("category", list(MINIMUM))
def test_lighthouse_scores(lighthouse_reports, category):
    """The median score of the runs meets the bar (the audits that cost points are shown from
    Lighthouse's median run)."""
    reports, scores = lighthouse_reports
    below = {}
    for name, report in reports.items():
        assert not report.get("runtimeError"), report["runtimeError"]
        score = scores[name][category]
        if score < MINIMUM[category]:
            below[name] = (score, [run[category] for run in scores[name]["runs"]], failing_audits(report, category))
    assert not below, f"{category} below {MINIMUM[category]}: {json.dumps(below, indent=2, ensure_ascii=False)}"


def test_lighthouse_ran_offline_without_warnings(lighthouse_reports):
    reports, _ = lighthouse_reports
    for name, report in reports.items():
        assert report["runWarnings"] == [], (name, report["runWarnings"])
        hosts = {request["url"].split("/")[2] for request in report["audits"]["network-requests"]["details"]["items"]
                 if request["url"].startswith("http")}
        assert hosts == {report["finalDisplayedUrl"].split("/")[2]}, (name, hosts)
