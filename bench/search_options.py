"""Search figures, measured in Debian's Chromium against built sites served on 127.0.0.1.

* Quality: hit rate (right page in the top 3) on the reference table (evaluation.QUERIES) for
  each option compared in the README: Material's built-in search with `lang: fi`, Pagefind
  alone, Pagefind with base forms only (what a lemmatiser such as simplemma adds), Pagefind with
  Voikko's inflected forms, with and without the browser's widening of a word to its beginning.
* Bytes that search downloads until the first result shows: from opening a page in a fresh
  browser (nothing cached; Material loads its whole index with every page, Pagefind only when
  the reader types), and for a second query on the same page; and the index size on disk.
* Milliseconds from the last keystroke to the results of the whole query on screen.

Both on the real site and on a synthetic site with 1,000 more outputs (real content plus
generated outputs whose text is drawn from Voikko's word list).

    .venv/bin/python -m bench.search_options               # everything, about 10 minutes
    .venv/bin/python -m bench.search_options --quick       # real site only, chosen option only

`measure(site_dir)` and `run(...)` are for other scripts (a project-wide benchmark) to call.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import search_evaluation as evaluation
from tiekartta.search.finnish import FinnishForms
from tiekartta.search.index import build_index

REPO = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("mkdocs.yml", "macros.py", "docs", "overrides", "hooks", "roadmap")
# Queries timed for bytes and latency: a spread of the reference table.
TIMED = ("Kontiolahdella", "lastensuojelussammekin", "omatyöntekijyyden", "perhehoitoon", "Pyhäselällä",
         "toimeentuloasioinnissa", "rakenteellisesta sosiaalityöstä", "täydennyskoulutuksesta")
TYPING_DELAY_MS = 80  # a brisk typist


# ---------------------------------------------------------------------------------------------
# Sites to measure.

def project_copy(target: Path, *, material_search: bool = False) -> Path:
    """The project's site sources in `target` (content and all), to build a variant there."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / name)
    if material_search:
        # Material's own search, as the site had it: its plugin, its header, no site search script.
        config = (target / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("plugins:\n", "plugins:\n  - search:\n      lang: fi\n", 1)
        config = config.replace("  - path: assets/haku.js\n    type: module\n", "")
        (target / "mkdocs.yml").write_text(config, encoding="utf-8")
        (target / "overrides" / "partials" / "header.html").unlink()
    return target


def add_synthetic_outputs(roadmap_dir: Path, count: int, seed: int = 2025) -> None:
    """`count` more outputs: names and descriptions from Voikko's Finnish word list, spread over
    the real dimensions, municipalities and themes (a vocabulary much larger than the real one)."""
    import yaml
    from voikko import inflect_word

    rng = random.Random(seed)
    nouns = sorted(
        w for w, classes in inflect_word.WORD_CLASSES.items()
        if w.isalpha() and w.islower() and 4 <= len(w) <= 14 and any(c.startswith("subst-") for c in classes)
    )
    pool = rng.sample(nouns, 6000)
    real_text = " ".join(
        yaml.safe_load(p.read_text(encoding="utf-8")).get("kuvaus", "") or ""
        for p in sorted((roadmap_dir / "karkiteemat").glob("*.yaml"))
    ).split()
    dimensions = sorted(p.stem for p in (roadmap_dir / "ulottuvuudet").glob("*.yaml"))
    themes = sorted(p.stem for p in (roadmap_dir / "karkiteemat").glob("*.yaml")) + sorted(
        p.stem for p in (roadmap_dir / "lapikulkevat-teemat").glob("*.yaml"))
    municipalities = [m["tunniste"] for m in yaml.safe_load((roadmap_dir / "kunnat.yaml").read_text())["kunnat"]]
    project = next((roadmap_dir / "hankkeet").glob("*.yaml")).stem

    def sentence(length: int) -> str:
        words = [rng.choice(pool) if rng.random() < 0.7 else rng.choice(real_text or pool) for _ in range(length)]
        return (" ".join(words)).capitalize().rstrip(".,;:") + "."

    for number in range(1, count + 1):
        data = {
            "nimi": sentence(rng.randint(3, 6)).rstrip(".") + f" {number}",
            "hanke": project,
            "ulottuvuus": rng.choice(dimensions),
            "järjestys": 100 + number,
            "kunta": rng.choice(municipalities + [None]),
            "kuvaus": " ".join(sentence(rng.randint(8, 16)) for _ in range(rng.randint(3, 8))),
            "teemayhteydet": [{"teema": t, "perustelu": sentence(rng.randint(6, 12))}
                              for t in rng.sample(themes, rng.randint(1, 2))],
        }
        if data["kunta"] is None:
            del data["kunta"]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (roadmap_dir / "tuotokset" / f"synteettinen-{number:04d}.yaml").write_text(
            "# yaml-language-server: $schema=../schema/tuotos.schema.json\n" + text, encoding="utf-8")


def build(project_dir: Path, site_dir: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=project_dir, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"build failed in {project_dir}:\n{result.stdout}{result.stderr}")
    return site_dir


def reindex(site_dir: Path, target: Path, **options) -> Path:
    """A copy of a built site with its search index made with other options."""
    shutil.copytree(site_dir, target, dirs_exist_ok=True)
    build_index(target, **options)
    return target


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------------
# Measuring in the browser.

_TIMING_SCRIPT = """
window.__tk = { lastKey: 0, done: 0 };
document.addEventListener("keydown", () => { window.__tk.lastKey = performance.now(); window.__tk.done = 0; }, true);
const watch = () => new MutationObserver(() => {
  const ours = document.querySelector("[data-tk-haku-tulokset]");
  const input = document.querySelector("[data-tk-haku-kysely], .md-search__input");
  const list = ours || document.querySelector(".md-search-result__list");
  if (!list || !input || !window.__tk.lastKey || window.__tk.done) return;
  // Ours marks the list with the query it shows; Material's count line changes with each result.
  const meta = document.querySelector(".md-search-result__meta");
  const ready = ours ? ours.dataset.kysely === input.value && list.children.length > 0
                     : /täsmää/.test(meta?.textContent || "");
  if (ready) window.__tk.done = performance.now();
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
document.addEventListener("DOMContentLoaded", watch);
"""


def _wire_bytes(body: bytes, url: str) -> int:
    """What the body costs with gzip, as GitHub Pages serves text, JS and wasm (Pagefind's index
    files are gzip already and gain nothing)."""
    if url.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter")):
        return len(body)
    return min(len(body), len(gzip.compress(body, 6)))


# What search downloads, whenever it does: the site's search script and Pagefind's files; for
# Material, its index, its search worker and lunr's language files (loaded with the page).
SEARCH_URL_PARTS = ("/pagefind/", "/assets/haku.js", "/search/search_index.json", "/workers/search", "/lunr/")


def _for_search(response) -> bool:
    return response.ok and any(part in response.url for part in SEARCH_URL_PARTS)


def _downloaded(responses) -> dict:
    bodies = [(r.url, r.body()) for r in responses]
    return {"requests": len(bodies), "bytes": sum(len(b) for _, b in bodies),
            "gzip_bytes": sum(_wire_bytes(b, u) for u, b in bodies)}


def _type_and_wait(page, query: str, material: bool) -> float:
    selector = ".md-search__input" if material else "[data-tk-haku-kysely]"
    if not material:
        page.locator("[data-tk-haku][data-tk-valmis]").wait_for(state="attached")
    page.locator(selector).click()
    if material:  # Material's index loads with the page (before any typing): wait for it
        page.wait_for_function(
            "() => /Kirjoita/.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
    page.keyboard.type(query, delay=TYPING_DELAY_MS)
    page.wait_for_function("window.__tk.done > 0", timeout=30_000)
    return page.evaluate("window.__tk.done - window.__tk.lastKey")


def measure(site_dir: Path, *, material: bool = False, queries=TIMED, start_page: str = "tapahtumat/") -> dict:
    """Bytes and latency for typing each query on a fresh page; and a second query warm."""
    from playwright.sync_api import sync_playwright

    from .local_site import CHROMIUM, CHROMIUM_ARGS, serve_directory

    server, url = serve_directory(site_dir)
    cold, warm = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for index, query in enumerate(queries):
                context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
                context.add_init_script(_TIMING_SCRIPT)
                page = context.new_page()
                fetched: list = []
                page.on("response", lambda response: fetched.append(response) if _for_search(response) else None)
                page.goto(url + start_page, wait_until="load")
                millis = _type_and_wait(page, query, material)
                cold.append({"query": query, "ms": round(millis, 1), **_downloaded(fetched)})
                fetched.clear()
                second = queries[(index + 1) % len(queries)]
                page.locator(".md-search__input" if material else "[data-tk-haku-kysely]").fill("")
                page.wait_for_timeout(300)
                fetched.clear()
                millis = _type_and_wait(page, second, material)
                warm.append({"query": second, "ms": round(millis, 1), **_downloaded(fetched)})
                context.close()
            browser.close()
    finally:
        server.shutdown()

    def summary(rows):
        return {
            "median_ms": round(statistics.median(r["ms"] for r in rows), 1),
            "max_ms": round(max(r["ms"] for r in rows), 1),
            "median_bytes": int(statistics.median(r["bytes"] for r in rows)),
            "median_gzip_bytes": int(statistics.median(r["gzip_bytes"] for r in rows)),
            "max_gzip_bytes": max(r["gzip_bytes"] for r in rows),
        }

    return {"cold": summary(cold), "warm": summary(warm), "cold_rows": cold, "warm_rows": warm}


def quality(site_dir: Path, how: str) -> dict:
    """Hit rate on the reference table: how = 'ui', 'api', 'api-no-widening' or 'material'."""
    from playwright.sync_api import sync_playwright

    from .local_site import CHROMIUM, CHROMIUM_ARGS, serve_directory

    search = {
        "ui": evaluation.search_in_header,
        "api": evaluation.search_by_api,
        "api-no-widening": lambda page, q: evaluation.search_by_api(page, q, shorten=False),
        "material": evaluation.search_in_material,
    }[how]
    server, url = serve_directory(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "tapahtumat/")
            outcomes = evaluation.evaluate(page, url, search)
            browser.close()
    finally:
        server.shutdown()
    return {"hit_rate": evaluation.hit_rate(outcomes), "hits": sum(o.hit for o in outcomes),
            "queries": len(outcomes), "misses": [o.query.text for o in outcomes if not o.hit]}


# ---------------------------------------------------------------------------------------------

def run(work: Path, *, synthetic_outputs: int = 1000, quick: bool = False, progress=None) -> dict:
    """All figures; `work` is a scratch folder. Returns a JSON-ready dict; `progress(results)` is
    called after each stage with what is measured so far."""
    results: dict = {"queries": len(evaluation.QUERIES), "timed_queries": list(TIMED)}
    progress = progress or (lambda _: None)
    real = build(project_copy(work / "oikea"), work / "oikea-site")
    results["real"] = {"pages": len(list(real.rglob("index.html"))), "index_bytes": folder_bytes(real / "pagefind"),
                       "quality": quality(real, "ui"), "speed": measure(real)}
    progress(results)
    if quick:
        return results
    options = results["real"]["options"] = {}
    plain = reindex(real, work / "pagefind-pelkka", finnish_forms=False)
    base_forms = reindex(real, work / "pagefind-perusmuodot", forms=FinnishForms(inflect=False))
    options["Pagefind (Snowball fi)"] = {**quality(plain, "api-no-widening"), "index_bytes": folder_bytes(plain / "pagefind")}
    options["Pagefind + sanan alku"] = {**quality(plain, "api"), "index_bytes": folder_bytes(plain / "pagefind")}
    options["Pagefind + perusmuodot ja yhdyssanojen osat"] = {
        **quality(base_forms, "api-no-widening"), "index_bytes": folder_bytes(base_forms / "pagefind")}
    options["Pagefind + Voikon taivutusmuodot"] = {
        **quality(real, "api-no-widening"), "index_bytes": folder_bytes(real / "pagefind")}
    options["Pagefind + Voikon taivutusmuodot + sanan alku (valittu)"] = {
        **results["real"]["quality"], "index_bytes": folder_bytes(real / "pagefind")}
    material = build(project_copy(work / "material", material_search=True), work / "material-site")
    options["Material, lang: fi"] = {**quality(material, "material"),
                                    "index_bytes": folder_bytes(material / "search")}
    results["real"]["material_speed"] = measure(material, material=True)
    progress(results)

    if synthetic_outputs:
        project = project_copy(work / "synteettinen")
        add_synthetic_outputs(project / "roadmap", synthetic_outputs)
        import time

        started = time.monotonic()
        site = build(project, work / "synteettinen-site")
        build_seconds = time.monotonic() - started
        started = time.monotonic()
        build_index(site)  # again, alone: how long the search index takes at this size
        index_seconds = time.monotonic() - started
        results["synthetic"] = {
            "outputs": synthetic_outputs, "pages": len(list(site.rglob("index.html"))),
            "build_seconds": round(build_seconds, 1), "index_seconds": round(index_seconds, 1),
            "index_bytes": folder_bytes(site / "pagefind"), "quality": quality(site, "ui"), "speed": measure(site),
        }
        progress(results)
        shutil.rmtree(site)
        # Material's search at the same size: its one index file grows with the site (its hit
        # rate is left out here: every query reloads that index, which takes long at this size).
        project = project_copy(work / "synteettinen-material", material_search=True)
        add_synthetic_outputs(project / "roadmap", synthetic_outputs)
        site = build(project, work / "synteettinen-material-site")
        results["synthetic"]["material"] = {
            "index_bytes": folder_bytes(site / "search"), "speed": measure(site, material=True),
        }
        progress(results)
    return results


def _table(results: dict) -> str:
    lines = []
    real = results["real"]
    speed = real["speed"]
    lines.append(f"Todellinen sivusto: {real['pages']} sivua, hakemisto {real['index_bytes'] // 1024} kt levyllä; "
                 f"osumat {real['quality']['hits']}/{real['quality']['queries']}")
    for name, figures in real.get("options", {}).items():
        lines.append(f"  {name:60} {figures['hits']:>2}/{figures['queries']} = {figures['hit_rate']:.0%}, "
                     f"hakemisto {figures['index_bytes'] // 1024} kt")
    lines.append(f"  valittu: ensimmäiseen tulokseen {speed['cold']['median_gzip_bytes'] / 1024:.0f} kt (gzip; "
                 f"{speed['cold']['median_bytes'] / 1024:.0f} kt pakkaamatta), viive {speed['cold']['median_ms']} ms; "
                 f"toinen haku {speed['warm']['median_gzip_bytes'] / 1024:.0f} kt, {speed['warm']['median_ms']} ms")
    if "material_speed" in real:
        m = real["material_speed"]
        lines.append(f"  Material: ensimmäiseen tulokseen {m['cold']['median_gzip_bytes'] / 1024:.0f} kt (gzip), "
                     f"viive {m['cold']['median_ms']} ms; toinen haku {m['warm']['median_ms']} ms")
    if "synthetic" in results:
        s = results["synthetic"]
        lines.append(f"Synteettinen sivusto: +{s['outputs']} tuotosta, {s['pages']} sivua, hakemisto "
                     f"{s['index_bytes'] / 1024 / 1024:.1f} Mt levyllä, build {s['build_seconds']} s "
                     f"(josta haku {s['index_seconds']} s); osumat {s['quality']['hits']}/{s['quality']['queries']}")
        lines.append(f"  ensimmäiseen tulokseen {s['speed']['cold']['median_gzip_bytes'] / 1024:.0f} kt (gzip, "
                     f"enintään {s['speed']['cold']['max_gzip_bytes'] / 1024:.0f} kt), viive "
                     f"{s['speed']['cold']['median_ms']} ms (enintään {s['speed']['cold']['max_ms']} ms); "
                     f"toinen haku {s['speed']['warm']['median_gzip_bytes'] / 1024:.0f} kt, {s['speed']['warm']['median_ms']} ms")
        if "material" in s:
            m = s["material"]
            lines.append(f"  Material samalla sivustolla: hakemisto {m['index_bytes'] / 1024 / 1024:.1f} Mt, "
                         f"ensimmäiseen tulokseen "
                         f"{m['speed']['cold']['median_gzip_bytes'] / 1024:.0f} kt (gzip), viive {m['speed']['cold']['median_ms']} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hakuun liittyvät mittaukset (laatu, tavut, viive).")
    parser.add_argument("--outputs", type=int, default=1000, help="synteettisen sivuston lisätuotokset (0: ei)")
    parser.add_argument("--quick", action="store_true", help="vain todellinen sivusto ja valittu haku")
    parser.add_argument("--json", type=Path, help="kirjoita kaikki luvut tähän tiedostoon")
    args = parser.parse_args(argv)
    def save(results: dict) -> None:
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="tk-haku-") as work:
        results = run(Path(work), synthetic_outputs=args.outputs, quick=args.quick, progress=save)
    save(results)
    print(_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
