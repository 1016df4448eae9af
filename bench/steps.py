"""Where the build's time goes: the CPU time of each step of our build (without .cache, as a
published version is built) and of the plain MkDocs + Material build of the same pages.

It reads a project that `make bench` kept (`BENCH_ARGS="--keep DIR"`): DIR/n<outputs>/tiekartta
and DIR/n<outputs>/plain. The builds alternate, so that both see the same load; each runs in a
child process that times its steps by wrapping the functions that do them (measurement only:
the site is built as `mkdocs build` builds it).

    .venv/bin/python -m bench.steps /tmp/bench/n1000 [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from tiekartta.site import build_cache

from .measure import REPO

# (module, object, function, step): what each step is in the code, in the order a build runs them.
OURS = [
    ("tiekartta.site.mkdocs_site", "SiteBuilder", "read_content", "content"),
    ("tiekartta.site.mkdocs_site", "SiteBuilder", "add_generated_files", "open_data"),
    ("tiekartta.site.mkdocs_site", "SiteBuilder", "date_page", "history"),
    ("mkdocs.structure.pages", "Page", "render", "markdown"),
    ("tiekartta.site.mkdocs_site", "SiteBuilder", "pass_page_through_gate", "gate"),
    ("mkdocs.commands.build", None, "_build_page", "templates"),
    ("tiekartta.site.mkdocs_site", "SiteBuilder", "build_search_index", "search"),
]
PLAIN = [
    ("mkdocs.structure.pages", "Page", "render", "markdown"),
    ("mkdocs.commands.build", None, "_build_page", "templates"),
    ("material.plugins.search.plugin", "SearchPlugin", "on_page_context", "search"),
    ("material.plugins.search.plugin", "SearchPlugin", "on_post_build", "search"),
]
STEP_NAMES = {
    "content": "sisällön luku ja tarkistus, sivut mallista",
    "open_data": "avoin data ja syötteet",
    "history": "sivujen muutoshistoria",
    "markdown": "Markdown → HTML",
    "gate": "julkaisuportti",
    "templates": "teeman sivupohjat ja kirjoitus",
    "search": "hakemisto",
    "other": "muu MkDocs (tiedostot, navigaatio, sivukartta, teeman tiedostot)",
}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(function, step: str, times: dict[str, float], inner: list[float]):
    """The function, its CPU time added to `step`, less that of steps it calls (the search
    plugin's, inside the theme's templates)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        inner.append(0.0)
        started = _cpu()
        try:
            return function(*args, **kwargs)
        finally:
            spent = _cpu() - started
            times[step] += spent - inner.pop()
            if inner:
                inner[-1] += spent

    return run


def child(kind: str, site_dir: str, output: str) -> None:
    """One build in this process, its steps timed, the times written as JSON to `output`."""
    import importlib

    times: dict[str, float] = defaultdict(float)
    inner: list[float] = []
    for module_name, owner_name, name, step in OURS if kind == "ours" else PLAIN:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        setattr(owner, name, _timed(getattr(owner, name), step, times, inner))
    from mkdocs.__main__ import cli

    started = _cpu()
    try:
        cli(["build", "--strict", "--quiet", "--site-dir", site_dir], standalone_mode=False)
    finally:
        total = _cpu() - started
        times["other"] = total - sum(times.values())
        times["total"] = total
        Path(output).write_text(json.dumps(times), encoding="utf-8")


def measure(project: Path, kind: str) -> dict[str, float]:
    if kind == "ours":
        shutil.rmtree(project / build_cache.FOLDER, ignore_errors=True)  # as a published version
    with tempfile.TemporaryDirectory(prefix="tk-steps-") as work:
        output = Path(work) / "times.json"
        # The project is a copy without bench/: the child finds this module in the repository.
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-m", "bench.steps", "--child", kind, str(Path(work) / "site"), str(output)],
                       cwd=project, env=environment, check=True)
        return json.loads(output.read_text(encoding="utf-8"))


def table(ours: list[dict[str, float]], plain: list[dict[str, float]]) -> str:
    def median(runs: list[dict[str, float]], step: str) -> float:
        return statistics.median(run.get(step, 0.0) for run in runs)

    lines = ["| Vaihe | Oma build (s) | Pelkkä MkDocs + Material (s) |", "|---|---:|---:|"]
    for step, name in STEP_NAMES.items():
        lines.append(f"| {name} | {median(ours, step):.1f} | {median(plain, step):.1f} |")
    lines.append(f"| **yhteensä** | **{median(ours, 'total'):.1f}** | **{median(plain, 'total'):.1f}** |")
    return "\n".join(lines).replace(".", ",").replace(" 0,0 |", " – |")


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--child"]:
        child(*argv[1:4])
        return 0
    parser = argparse.ArgumentParser(prog="bench.steps", description="Buildin prosessoriaika vaiheittain.")
    parser.add_argument("kept", type=Path, help="make benchin säilyttämä kansio, esim. /tmp/bench/n1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    ours, plain = [], []
    for _ in range(args.repeat):
        ours.append(measure(args.kept / "tiekartta", "ours"))
        plain.append(measure(args.kept / "plain", "plain"))
    print(table(ours, plain))
    return 0


if __name__ == "__main__":
    sys.exit(main())
