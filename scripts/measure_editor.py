"""Figures for the editor's workflow, measured on a copy of the project (nothing here is asserted).

    .venv/bin/python scripts/measure_editor.py

Prints: time of `make check` and `make uusi`, size of the generated field reference, and how long
the preview (`make serve`) takes to show a saved change, a mistake and its fix.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPY = ("mkdocs.yml", "macros.py", "Makefile", "pyproject.toml", "constraints.txt", "hooks", "overrides", "docs", "roadmap")
NO_INSTALL = "installed-by-measurement"


def make(project: Path, *args: str) -> list[str]:
    return ["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}",
            f"STAMP={NO_INSTALL}", "-o", NO_INSTALL, *args]


def timed(command: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def until(condition, timeout: float = 180) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if condition():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError("the preview did not show the change")


def _reference_render_time(project: Path) -> float:
    from tiekartta.model import load_roadmap
    from tiekartta.pages import routes
    from tiekartta.pages.reference import field_reference
    from tiekartta.pages.render import render

    roadmap = load_roadmap(project / "roadmap", project)
    start = time.perf_counter()  # cold, as in a build: schemas read and templates compiled once
    sections = field_reference(roadmap)
    render("reference.md.j2", routes.FIELD_REFERENCE, sections=sections)
    for section in sections:
        render("reference_kind.md.j2", section.route, section=section)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tiekartta-mittaus-") as tmp:
        project = Path(tmp)
        for name in COPY:
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, project / name)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

        check = timed(make(project, "check"))
        reference_render = _reference_render_time(project)
        start = time.perf_counter()
        subprocess.run(make(project, "uusi", "TYYPPI=tuotos", "NIMI=Mittauksen tuotos"), check=True, capture_output=True)
        new_file = time.perf_counter() - start
        (project / "roadmap" / "tuotokset" / "mittauksen-tuotos.yaml").unlink()

        site = project / "site-mittaus"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                       cwd=project, check=True, capture_output=True, env=env)
        build = time.perf_counter() - start
        # The overview (opas/kentat/) and the largest of the kinds' pages (opas/kentat/<kind>/).
        guide = site / "opas" / "kentat"
        reference_kib = max(page.stat().st_size for page in guide.rglob("index.html")) / 1024

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = open(project / "serve.log", "w", encoding="utf-8")
        server = subprocess.Popen(make(project, "serve", f"PORT={port}"), cwd=project, stdout=log,
                                  stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}/tiekartta/teemat/ennaltaehkaisy/"
            first = until(lambda: "<h1" in fetch(url))
            theme = project / "roadmap" / "karkiteemat" / "ennaltaehkaisy.yaml"
            text = theme.read_text(encoding="utf-8")
            theme.write_text(text.replace("nimi: Ennaltaehkäisy", "nimi: Ennaltaehkäisy mitattu"), encoding="utf-8")
            change = until(lambda: "Ennaltaehkäisy mitattu" in fetch(url))
            theme.write_text(re.sub(r"järjestys: \d+", "järjestys: kolme", text), encoding="utf-8")
            mistake = until(lambda: "tk-virheet" in fetch(url))
            theme.write_text(text, encoding="utf-8")
            fixed = until(lambda: "tk-virheet" not in fetch(url) and "<h1" in fetch(url))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            log.close()

    print(f"make check (best of 3):                 {check:.2f} s")
    print(f"make uusi TYYPPI=tuotos:                {new_file:.2f} s")
    print(f"mkdocs build --strict (whole site):     {build:.2f} s")
    print(f"largest field guide page (opas/kentat): {reference_kib:.0f} KiB HTML, "
          f"made in {reference_render * 1000:.0f} ms (model to Markdown)")
    print(f"preview first page after start:         {first:.1f} s")
    print(f"preview shows a saved change after:     {change:.1f} s")
    print(f"preview shows a mistake after:          {mistake:.1f} s")
    print(f"preview back after the fix:             {fixed:.1f} s")


if __name__ == "__main__":
    main()
