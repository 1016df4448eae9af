"""`make bench` works: the benchmark run at a small size produces every figure.

Only that it runs and that its figures are plausible; timings are reported by the benchmark,
never asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import REPO

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-kept")


@pytest.fixture(scope="module")
def bench(tmp_path_factory, kept):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "20", "--repeat", "1", "--skewed", "30", "--real",
         "--keep", str(kept), "--json", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(out.read_text(encoding="utf-8")), result.stdout


def test_every_figure_is_measured(bench):
    results, _ = bench
    size = results["sizes"]["20"]
    assert size["outputs"] == 20
    for key in ("build_seconds", "cold_build_seconds", "plain_build_seconds", "build_cpu_seconds",
                "plain_build_cpu_seconds", "build_ratio", "build_cpu_ratio", "peak_memory_mb", "plain_peak_memory_mb"):
        assert size[key] > 0, key
    assert 20 < size["peak_memory_mb"] < 4000
    assert len(size["build_seconds_runs"]) == len(size["plain_build_seconds_runs"]) == 1


def test_the_real_content_is_measured_like_the_synthetic_sizes(bench):
    results, stdout = bench
    real = results["sizes"]["oikea"]
    for key in ("build_seconds", "cold_build_seconds", "cold_build_cpu_seconds", "plain_build_seconds", "build_ratio"):
        assert real[key] > 0, key
    assert real["pages"] > 50 and real["search"]["first_result"]
    assert any(check["label"].endswith("oikea sisältö") for check in results["targets"])
    assert "oikea" in stdout


def test_the_first_build_is_compared_with_plain_mkdocs_at_1000_outputs_only(bench):
    """The target of a first build no slower than plain is about 1,000 outputs: not checked at 20."""
    assert bench[0]["sizes"]["20"]["cold_build_cpu_seconds"] > 0
    assert "cold_build_cpu_ratio_1000" not in {check["name"] for check in bench[0]["targets"]}


def test_the_build_steps_are_timed_for_both_builds(bench, kept):
    """bench.steps on the project the run kept: every step of our build, and the plain build's."""
    result = subprocess.run([sys.executable, "-m", "bench.steps", str(kept / "n20"), "--repeat", "1"],
                            cwd=REPO, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {line.split("|")[1].strip(): line.split("|")[2:4] for line in result.stdout.splitlines()[2:]}
    for step in ("Markdown → HTML", "julkaisuportti", "hakemisto", "**yhteensä**"):
        assert step in rows, result.stdout
    ours, plain = (float(cell.strip(" *").replace(",", ".")) for cell in rows["**yhteensä**"])
    assert ours > 0 and plain > 0
    assert rows["julkaisuportti"][1].strip() == "–"  # plain MkDocs has no gate


def test_site_sizes_describe_the_built_site(bench):
    size = bench[0]["sizes"]["20"]
    # Every output, theme and project has a page, besides the fixed pages.
    assert size["pages"] > 20 + size["content"]["themes"] + size["content"]["projects"]
    assert 0 < size["html_bytes_median"] <= size["html_bytes_max"] < size["site_bytes"]
    assert size["html_biggest_page"].endswith(".html")


def test_skewed_archives_are_built_and_their_biggest_page_checked(bench):
    results, printed = bench
    assert set(results["skewed"]) == {"yksi-hanke", "yksi-ulottuvuus", "yksi-kunta", "yksi-teema"}
    for distribution, size in results["skewed"].items():
        assert size["outputs"] == 30 and size["pages"] > 30, distribution
        assert 0 < size["html_bytes_max"] < size["site_bytes"]
        assert distribution in printed
    checked = [c["label"] for c in results["targets"] if c["name"] == "html_page_bytes"]
    assert all(any(d in label for label in checked) for d in results["skewed"])


def test_search_is_measured_up_to_a_real_result(bench):
    search = bench[0]["sizes"]["20"]["search"]
    assert search["engine"] in ("material-lunr", "pagefind")
    assert search["first_result"]
    assert search["requests"] >= 1
    assert 0 < search["transfer_bytes"] <= search["bytes"]


def test_validation_and_live_reload_are_measured(bench):
    results, _ = bench
    validation = results["sizes"]["20"]["validation"]
    assert validation["files"] > 20 and validation["seconds"] > 0
    live = results["live_reload"]
    assert len(live["runs"]) == 1
    assert live["seconds"] >= live["build_seconds"] > 0


def test_table_and_targets_are_reported(bench):
    results, stdout = bench
    names = {check["name"] for check in results["targets"]}
    assert {"build_ratio", "html_page_bytes", "live_reload_seconds"} <= names
    assert all(isinstance(check["met"], bool) for check in results["targets"])
    assert "Tuotoksia" in stdout and "Tavoitteet" in stdout
    assert results["environment"]["cpus"] >= 1


def test_a_rebuild_is_timed_to_the_browsers_reload_even_when_mkdocs_prints_no_build_time():
    """MkDocs prints "Documentation built in N seconds" once per distinct N (its duplicate filter),
    so a rebuild as fast as an earlier one prints no time; and the lines of an earlier rebuild
    (one save can start two) are not the next edit's."""
    import queue
    import threading

    from bench.measure import rebuild_seconds

    lines: queue.Queue[str] = queue.Queue()
    for stale in ("INFO    -  Building documentation...", "INFO    -  [08:19:00] Reloading browsers"):
        lines.put(stale)

    def edit():
        def serve():
            time.sleep(0.2)
            lines.put("INFO    -  [08:19:08] Detected file changes")
            lines.put("INFO    -  Building documentation...")
            time.sleep(0.3)
            lines.put("INFO    -  Tiekartta: 52 sivua sisällöstä (48 tiedostoa).")
            lines.put("INFO    -  [08:19:08] Reloading browsers")

        threading.Thread(target=serve, daemon=True).start()

    wall, build = rebuild_seconds(lines, edit)
    assert 0.45 <= wall < 2
    assert 0.25 <= build < wall
