"""Time to compute the pages' histories ("Muutokset" and "Sisältö päivitetty") from git.

    .venv/bin/python -m bench.page_history                      # the real content, then 1,000 outputs / 200 commits
    .venv/bin/python -m bench.page_history --outputs 5000 --commits 400

For a synthetic archive it makes a throwaway git repository: the synthetic roadmap
(bench/synthetic.py) as the first commit, then commits that each edit a few outputs (a field's
text, a name, a theme link), add one or remove one, as editors' pull requests do. Then it times,
as a build does them: reading the log (`git log -z --raw`), reading and parsing every file version
and comparing them (tiekartta.opendata.history.content_changes), and each generated page's own list
(tiekartta.site.changes). "cold" parses every version; "cached" is the next build, which reads the
parsed versions from .cache/ and parses only new ones.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from tiekartta.model import load_roadmap
from tiekartta.model.diff import labels_of, roadmap_records
from tiekartta.opendata import history as content_history
from tiekartta.pages import build_pages
from tiekartta.pages.changes import page_history

from .synthetic import write_roadmap

REPO = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def make_repository(target: Path, outputs: int, commits: int, seed: int = 2025) -> None:
    """A repository whose roadmap/ has `outputs` outputs and `commits` commits of history."""
    write_roadmap(target / "roadmap", outputs, seed)
    git(target, "init", "--quiet", "--initial-branch=main")
    git(target, "add", "--all")
    git(target, "commit", "--quiet", "-m", "Synthetic content")
    rng = random.Random(seed)
    folder = target / "roadmap" / "tuotokset"
    themes = sorted(p.stem for p in (target / "roadmap" / "lapikulkevat-teemat").glob("*.yaml"))
    for number in range(1, commits):
        files = sorted(folder.glob("*.yaml"))
        for path in rng.sample(files, rng.randint(1, 5)):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            choice = rng.random()
            if choice < 0.5:
                data["kuvaus"] = f"Kuvaus päivitetty muutoksessa {number}. " + (data.get("kuvaus") or "")[:400]
            elif choice < 0.7:
                data["nimi"] = f"{data['nimi'].split(' (')[0]} ({number})"
            elif themes:
                data["teemayhteydet"] = [{"teema": rng.choice(themes), "perustelu": f"Arvio {number}."}]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if number % 10 == 0:  # now and then an output no event names removed, and another added
            named = " ".join(p.read_text(encoding="utf-8") for p in (target / "roadmap" / "tapahtumat").glob("*.yaml"))
            gone = rng.choice([p for p in files if p.stem not in named])
            text = gone.read_text(encoding="utf-8")
            gone.unlink()
            (folder / f"uusi-tuotos-{number}.yaml").write_text(text, encoding="utf-8")
        git(target, "add", "--all")
        git(target, "commit", "--quiet", "-m", f"Change {number}")


def measure(project: Path, cache: Path, rounds: int) -> dict[str, float]:
    roadmap = load_roadmap(project / "roadmap", project)
    labels = labels_of(roadmap_records(roadmap))
    sources = {page.src_uri: page.sources for page in build_pages(roadmap)}
    times: dict[str, list[float]] = defaultdict(list)
    counts = {}
    for _ in range(rounds):
        for state in ("cold", "cached"):
            content_history._parsed.clear()  # a new build process
            if state == "cold":
                for old in cache.glob("*.json"):
                    old.unlink()
            started = time.perf_counter()
            history = content_history.read_history(project, ["roadmap"], exclude=["roadmap/schema"])
            read = time.perf_counter()
            changes = content_history.content_changes(project, history, labels, cache_folder=cache)
            compared = time.perf_counter()
            by_path = defaultdict(list)
            for item in changes:
                by_path[item.path].append(item)
            lists = {uri: page_history([c for s in files for c in by_path.get(s, ())]) for uri, files in sources.items()}
            done = time.perf_counter()
            times[f"{state} log"].append(read - started)
            times[f"{state} versions+diffs"].append(compared - read)
            times[f"{state} page lists"].append(done - compared)
            times[f"{state} total"].append(done - started)
            counts = {"commits": len(history.commits), "changes": len(changes), "pages": len(lists),
                      "outputs": len(roadmap.outputs)}
    return {**counts, **{name: statistics.median(values) for name, values in times.items()}}


def report(title: str, figures: dict) -> None:
    print(f"\n{title}: {figures['outputs']} outputs, {figures['commits']} commits, "
          f"{figures['changes']} record changes, {figures['pages']} generated pages")
    for name, value in figures.items():
        if isinstance(value, float):
            print(f"  {name:26} {value * 1000:9.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report("Real content", measure(REPO, Path(tmp) / "cache-real", args.rounds))
        synthetic = Path(tmp) / "synthetic"
        started = time.perf_counter()
        make_repository(synthetic, args.outputs, args.commits)
        print(f"\n(made the synthetic repository in {time.perf_counter() - started:.1f} s)")
        report("Synthetic", measure(synthetic, Path(tmp) / "cache-synthetic", args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
