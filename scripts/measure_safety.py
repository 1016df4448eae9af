"""Figures for the safety checks: what hostile input costs to refuse, and what the checks cost
on the real content. Run from the repository root:

    .venv/bin/python scripts/measure_safety.py

Prints time and peak memory (tracemalloc) per hostile input, the time of the content check with
and without the personal data and credential scan, the scan over 1,000 and 5,000 synthetic outputs
(as written and with markup and invisible characters in every value), and the time of the final
page cleaning over the built site (run `make build` first for that line).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bs4 import BeautifulSoup

from tiekartta.model import load_roadmap
from tiekartta.model.sensitive import check_sources
from tiekartta.model.yaml_source import MAX_FILE_BYTES, read_source
from tiekartta.pages.sanitize import clean_page_html

REPO = Path(__file__).resolve().parent.parent
# The detect-secrets modules tiekartta.model.sensitive imports.
PLUGIN_MODULES = sorted(
    name for name in sys.modules if name.startswith("detect_secrets.plugins.") and name.count(".") == 2
)
PLUGIN_MODULES = [name.rsplit(".", 1)[1] for name in PLUGIN_MODULES]
LIMIT = MAX_FILE_BYTES - 64


def hostile_inputs() -> dict[str, bytes]:
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    depth = (LIMIT - 4) // 2
    pairs = (LIMIT - 4) // 3
    return {
        "alias bomb (10 levels, 9^10 nodes if expanded)": "\n".join(laughs).encode(),
        f"nested brackets up to the size limit ({depth} deep)": b"a: " + b"[" * depth + b"]" * depth,
        "base-60 integer up to the size limit": b"a: " + b":".join([b"59"] * pairs),
        "one plain scalar up to the size limit": b"a: " + b"x" * (LIMIT - 3),
        "python/object/apply tag": b"a: !!python/object/apply:os.system ['true']\n",
        "control character at the end of a full file": b"a: " + b"x" * (LIMIT - 8) + b"\x07\n",
    }


def measure(run) -> tuple[float, float, str]:
    """Median time of 3 plain runs, then peak memory in a run of its own (tracemalloc slows it)."""
    times = []
    outcome = ""
    for _ in range(3):
        started = time.perf_counter()
        outcome = run()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times) * 1000, peak / 1024, outcome


GUARD_SIZES = (1000, 5000)


def _guard_time(files, content: Path, shown) -> float:
    """Median of 3 runs of the privacy and credential guard over parsed files, in ms."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        problems = check_sources(files, content, shown)
        times.append(time.perf_counter() - started)
    assert not problems, problems[:3]
    return statistics.median(times) * 1000


def _marked(data):
    if isinstance(data, str):
        return f"**{data}** \u2013 _kor\u00adostus_ \u0430"
    if isinstance(data, dict):
        return {key: _marked(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_marked(value) for value in data]
    return data


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for label, data in hostile_inputs().items():
            path = Path(scratch) / "x.yaml"
            path.write_bytes(data)

            def run(path=path):
                source, problems = read_source(path, "x.yaml")
                return ", ".join(sorted({p.kind for p in problems})) or "read"

            rows.append((f"{label}, {len(data) // 1024} KiB", *measure(run)))
        huge = Path(scratch) / "huge.yaml"
        with huge.open("wb") as stream:  # sparse: 1 GiB on paper, nothing on disk
            stream.truncate(1024**3)
        rows.append(("file of 1 GiB (only its first 256 KiB + 1 byte are read)",
                     *measure(lambda: read_source(huge, "huge.yaml")[1][0].kind)))

    print("Hostile input to the YAML reader (median time of 3 runs; peak Python memory of a 4th):")
    print(f"  {'input':<72} {'time':>9} {'peak':>10}  outcome")
    for label, ms, kib, outcome in rows:
        print(f"  {label:<72} {ms:>7.1f}ms {kib:>8.0f}KiB  {outcome}")

    content = REPO / "roadmap"
    load_times = []
    for _ in range(5):
        started = time.perf_counter()
        load_roadmap(content, REPO)
        load_times.append(time.perf_counter() - started)
    sources = [read_source(p, str(p.relative_to(REPO)))[0] for p in sorted(content.rglob("*.yaml")) if "schema" not in p.parts]
    scan_times = []
    for _ in range(5):
        started = time.perf_counter()
        check_sources(sources, content, lambda p: str(p.relative_to(REPO)))
        scan_times.append(time.perf_counter() - started)
    size = sum(len(s.text.encode()) for s in sources)
    print(f"\nReal content: {len(sources)} files, {size // 1024} KiB")
    print(f"  load_roadmap (all checks):                       {statistics.median(load_times) * 1000:7.1f} ms")
    print(f"  of which personal data and credential scan:      {statistics.median(scan_times) * 1000:7.1f} ms")
    sys.path.insert(0, str(REPO))  # bench/ is beside scripts/
    from bench.synthetic import write_roadmap

    for outputs in GUARD_SIZES:
        with tempfile.TemporaryDirectory() as scratch:
            synthetic = Path(scratch) / "roadmap"
            write_roadmap(synthetic, outputs)
            files = [read_source(p, str(p.relative_to(scratch)))[0] for p in sorted(synthetic.rglob("*.yaml"))
                     if "schema" not in p.parts]
            shown = lambda p, scratch=scratch: str(p.relative_to(scratch))  # noqa: E731
            plain_ms = _guard_time(files, synthetic, shown)
            # The same files with Markdown emphasis, dashes, soft hyphens and a Cyrillic letter in every
            # value: every text takes the slow way through the folding (tiekartta.model.textfold).
            for source in files:
                source.data = _marked(source.data)
            marked_ms = _guard_time(files, synthetic, shown)
            size = sum(len(f.text.encode()) for f in files)
            print(f"  guard over {len(files)} synthetic files ({outputs} outputs, {size // 1024} KiB): "
                  f"{plain_ms:7.1f} ms; with markup and invisible characters in every value: {marked_ms:7.1f} ms")
    probe = ("import time, re, yaml, pydantic; started = time.perf_counter(); "
             "import detect_secrets.plugins.keyword, detect_secrets.filters.heuristic, stdnum.fi.hetu; "
             "import phonenumbers, confusable_homoglyphs; "
             "from detect_secrets.plugins import " + ", ".join(PLUGIN_MODULES) + "; "
             "print(time.perf_counter() - started)")
    imports = [float(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout)
               for _ in range(3)]
    print(f"  import of the scan's libraries (detect-secrets, stdnum): {statistics.median(imports) * 1000:6.1f} ms")

    site = REPO / "site"
    pages = []
    for page in sorted(site.rglob("*.html")) if site.is_dir() else []:
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")
        if article is not None:
            pages.append("".join(str(child) for child in article.children))
    if pages:
        started = time.perf_counter()
        for html in pages:
            clean_page_html(html)
        elapsed = time.perf_counter() - started
        print(f"\nFinal page cleaning over the articles of site/: {len(pages)} pages, "
              f"{sum(map(len, pages)) // 1024} KiB of HTML, {elapsed * 1000:.1f} ms in all "
              f"({elapsed * 1000 / len(pages):.2f} ms a page)")
    else:
        print("\nFinal page cleaning: no site/ (run `make build` first)")


if __name__ == "__main__":
    main()
