"""The measurements: one build in a child process (time, CPU, peak memory), the sizes of a built
site, validation time, and a live-reload rebuild of `mkdocs serve`."""

from __future__ import annotations

import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What a copy of the project needs to build: every file of the working tree (tracked or new, not
# ignored) except these top-level folders. The tiekartta package is used from .venv, where it
# is installed from this working tree.
NOT_COPIED = {"roadmap", "tests", "bench", "tiekartta", ".ci"}
# Installed tools the build may call (e.g. npm packages): linked, not copied.
LINKED = ("node_modules",)


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock, process start to exit
    cpu_seconds: float  # user + system time of the build process
    peak_rss_mb: float  # the build process's peak resident memory
    log: str


def run_build(project: Path, site_dir: Path, config: str = "mkdocs.yml", env: dict | None = None) -> Run:
    """`mkdocs build --strict` in a child process, measured with wait4 (that child's own rusage)."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "--site-dir", str(site_dir)]
    # As Python runs by default, keeping the modules it has compiled (__pycache__): the plain
    # build's code has them from its installation, and ours gets them from the first build.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=project, stdout=log, stderr=subprocess.STDOUT, text=True, env=environment,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if process.returncode != 0:
        raise RuntimeError(f"build failed in {project} ({config}):\n{text[-5000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def copy_skeleton(target: Path, with_content: bool = False) -> Path:
    """The project without its content (or with it), ready to build in `target`."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "--cached", "--others", "--exclude-standard"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    skip = NOT_COPIED - ({"roadmap"} if with_content else set())
    target.mkdir(parents=True, exist_ok=True)
    for name in listed:
        source = REPO / name
        if name.split("/", 1)[0] in skip or not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    for name in LINKED:
        if (REPO / name).exists() and not (target / name).exists():
            (target / name).symlink_to(REPO / name)
    return target


def commit_all(project: Path) -> None:
    """One commit of everything, so the build finds the git dates of its sources as it would
    in the real repository."""
    git = ["git", "-c", "user.name=tiekartta-bench", "-c", "user.email=bench@localhost", "-C", str(project)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Synthetic content"], check=True)


def site_sizes(site: Path) -> dict:
    html = {p: p.stat().st_size for p in site.rglob("*.html")}
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    biggest = max(html, key=html.get)
    return {
        "pages": len(html),
        "site_bytes": total,
        "html_bytes_median": int(statistics.median(html.values())),
        "html_bytes_max": html[biggest],
        "html_biggest_page": biggest.relative_to(site).as_posix(),
        "html_pages_over_100kb": sum(1 for size in html.values() if size > 100 * 1024),
    }


def validation_seconds(content: Path, repo_root: Path, repeat: int) -> dict:
    """load_roadmap on the content, in a fresh process each time (no warm model cache)."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from tiekartta.model import load_roadmap\n"
        "c = time.process_time(); t = time.perf_counter()\n"
        "roadmap = load_roadmap(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(time.perf_counter() - t, time.process_time() - c, len(roadmap.sources))\n"
    )
    walls, cpus, files = [], [], 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, str(content), str(repo_root)],
                             capture_output=True, text=True, check=True).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
        files = int(out[2])
    return {"files": files, "seconds": statistics.median(walls), "cpu_seconds": statistics.median(cpus)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_reload(repeat: int) -> dict:
    """`mkdocs serve` as `make serve` runs it, on a copy of the real project: change one content
    file, time until the server tells the browsers to reload (the editor's wait)."""
    with tempfile.TemporaryDirectory(prefix="tiekartta-serve-") as tmp:
        # The repository's history (for the "last changed" dates) with the working tree's files.
        project = Path(tmp) / "tiekartta"
        subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(project)], check=True)
        copy_skeleton(project, with_content=True)
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        try:
            _wait_for(lines, "Serving on", 300)
            target = sorted((project / "roadmap" / "tuotokset").glob("*.yaml"))[0]
            original = target.read_text(encoding="utf-8")
            walls, builds = [], []
            for n in range(repeat):
                time.sleep(1.0)  # let the watcher settle between edits
                text = original + f"# muokattu {n + 1}\n"
                wall, build = rebuild_seconds(lines, lambda: target.write_text(text, encoding="utf-8"))
                walls.append(wall)
                builds.append(build)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return {
        "seconds": statistics.median(walls),
        "build_seconds": statistics.median(builds),  # "Building documentation…" to "Reloading browsers"
        "runs": [round(w, 2) for w in walls],
    }


def rebuild_seconds(lines: queue.Queue, edit) -> tuple[float, float]:
    """One edit of a served project: seconds from the edit to the server's "Reloading browsers",
    and of those the rebuild's, from "Building documentation". Timed from the log lines: MkDocs
    logs "Documentation built in N seconds" only once per distinct N in a process (a duplicate
    filter on its build logger), so a rebuild as fast as an earlier one prints no time."""
    _drain(lines)  # one save can start two rebuilds: the lines of an earlier one are not this edit's
    started = time.perf_counter()
    edit()
    _wait_for(lines, "Building documentation", 120)
    building = time.perf_counter()
    _wait_for(lines, "Reloading browsers", 120)
    done = time.perf_counter()
    return done - started, done - building


def _drain(lines: queue.Queue) -> None:
    while True:
        try:
            lines.get_nowait()
        except queue.Empty:
            return


def _wait_for(lines: queue.Queue, marker: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if "ERROR" in line or "Traceback" in line:
            raise RuntimeError("mkdocs serve failed:\n" + "".join(seen[-40:]))
        if marker in line:
            return line
    raise TimeoutError(f"no '{marker}' from mkdocs serve in {timeout} s:\n" + "".join(seen[-40:]))
