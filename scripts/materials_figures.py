"""Figures for the outputs' materials: time and memory to read and index 100 documents, and the
bytes a reader downloads before the first result of a search that finds a word in a document.

    .venv/bin/python scripts/materials_figures.py [--documents 100] [--json figures.json]

A copy of the project gets the real content plus 25 outputs with four documents each, of every
allowed type in turn (made here, as in the tests: tests/material_files.py), each with some 400
words of text and one word found nowhere else. Measured, each in a child process (wall clock,
CPU and peak memory from wait4):

- reading the content with the documents (`python -m tiekartta check`): without the cache of
  texts read (TIEKARTTA_NO_CACHE=1) and with it, after one run has filled it;
- `mkdocs build --strict` of the copy with the documents, and of the same copy without them;
- in Debian's Chromium, the search engine's downloads until the first result for a document's word.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from bench.measure import copy_skeleton, run_build  # noqa: E402
from bench.search_probe import detect, measure  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from material_files import MATERIAL_TYPES, write_document  # noqa: E402

_SENTENCES = (
    "Sosiaalityöntekijä ja perhetyöntekijä sopivat yhdessä perheen kanssa tavoitteista.",
    "Kotikäynneillä käydään läpi arjen sujumista ja lasten hyvinvointia.",
    "Verkostopalaverissa ovat mukana koulu, neuvola ja tarvittaessa lastensuojelu.",
    "Työmallin arvioinnissa kysyttiin perheiltä, mikä tuki oli hyödyllisintä.",
    "Toimintamalli kirjattiin kunnan ohjeisiin, jotta se jää osaksi perustyötä.",
)
OUTPUTS = 25


def unique_word(number: int) -> str:
    """A made-up word per document, in the nominative; searched for in an inflected form."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "koepaja" + letters[number // 26 % 26] + letters[number % 26] + "talo"


def add_documents(content: Path, count: int) -> list[str]:
    """`count` documents on OUTPUTS new outputs; their paths under aineistot/."""
    names = []
    per_output = -(-count // OUTPUTS)
    for output in range(OUTPUTS):
        materials = []
        for slot in range(per_output):
            number = output * per_output + slot
            if number >= count:
                break
            kind = MATERIAL_TYPES[number % len(MATERIAL_TYPES)]
            name = f"mittaus/asiakirja-{number + 1:03d}.{kind}"
            lines = [f"Asiakirja {number + 1}", f"Kokous pidettiin {unique_word(number)}ssa."]
            lines += [_SENTENCES[(number + i) % len(_SENTENCES)] for i in range(50)]
            write_document(content / "aineistot" / name, kind, lines)
            names.append(name)
            materials.append(
                f"  - tiedosto: {name}\n    otsikko: Mittausasiakirja {number + 1}\n    kieli: fi\n"
                "    saavutettava: true\n"
            )
        (content / "tuotokset" / f"mittaus-{output + 1:02d}.yaml").write_text(
            f"nimi: Mittaustuotos {output + 1}\nhanke: pohjois-karjala-2003-2005\n"
            f"ulottuvuus: hankkeen-muu-toiminta\njärjestys: {100 + output}\naineistot:\n" + "".join(materials),
            encoding="utf-8",
        )
    return names


def child(command: list[str], cwd: Path, env: dict) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    return {"seconds": round(seconds, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    figures: dict = {"documents": args.documents}
    with tempfile.TemporaryDirectory(prefix="tk-aineistot-") as work:
        work = Path(work)
        plain = copy_skeleton(work / "ilman", with_content=True)
        project = copy_skeleton(work / "kanssa", with_content=True)
        names = add_documents(project / "roadmap", args.documents)
        figures["document_bytes"] = sum((project / "roadmap" / "aineistot" / n).stat().st_size for n in names)
        check = [sys.executable, "-m", "tiekartta", "check"]
        figures["read_without_cache"] = child(check, project, {"TIEKARTTA_NO_CACHE": "1"})
        child(check, project, {})  # fills .cache/aineistot
        figures["read_with_cache"] = child(check, project, {})
        figures["read_without_documents"] = child(check, plain, {})
        build_env = {"TIEKARTTA_NO_CACHE": "1"}
        for label, where in (("build_without_documents", plain), ("build_with_documents", project)):
            run = run_build(where, where / "site", env=build_env)
            figures[label] = {"seconds": round(run.seconds, 2), "cpu_seconds": round(run.cpu_seconds, 2),
                              "peak_rss_mb": round(run.peak_rss_mb, 1)}
        site = project / "site"
        figures["index_bytes"] = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        figures["index_bytes_without_documents"] = sum(
            p.stat().st_size for p in (plain / "site" / "pagefind").rglob("*") if p.is_file())
        from playwright.sync_api import sync_playwright

        server, url = serve_directory(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                query = unique_word(41) + "on"  # "…taloon": the document has "…talossa"
                probe = measure(browser, url, query, detect(site))
                browser.close()
        finally:
            server.shutdown()
        figures["search"] = {key: probe[key] for key in ("query", "first_result", "requests", "bytes", "transfer_bytes",
                                                           "seconds_to_first_result")}
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
