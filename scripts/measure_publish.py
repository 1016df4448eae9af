"""Measure versioned publishing: time of each deploy and size of what gh-pages holds.

Run from the repository root:  .venv/bin/python scripts/measure_publish.py
It clones the committed project into a temporary folder and deploys three versions there, offline
(2024, 2025 and kehitys); this repository and its branches are not touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERSIONS = ("2024", "2025", "kehitys")


def git(repo: Path, *args: str, **kwargs) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          **kwargs).stdout


def pack_bytes(repo: Path, revisions: str) -> int:
    """Compressed size of the objects in `revisions`, as git would pack them."""
    packed = subprocess.run(["git", "-C", str(repo), "pack-objects", "--stdout", "--revs", "--quiet"],
                            input=revisions.encode() + b"\n", capture_output=True, check=True)
    return len(packed.stdout)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "--quiet", "--no-local", str(REPO), str(repo)], check=True)
        git(repo, "config", "user.name", "Mittaus")
        git(repo, "config", "user.email", "mittaus@example.invalid")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        print(f"{'versio':<10} {'aika (s)':>9} {'gh-pages pakattuna tämän jälkeen (kt)':>40}")
        for version in VERSIONS:
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "tiekartta.publish", version], cwd=repo, env=env,
                                    capture_output=True, text=True)
            elapsed = time.perf_counter() - started
            if result.returncode != 0:
                print(result.stdout + result.stderr, file=sys.stderr)
                return 1
            print(f"{version:<10} {elapsed:>9.1f} {pack_bytes(repo, 'gh-pages') / 1024:>40.0f}")

        files: dict[str, int] = defaultdict(int)
        sizes: dict[str, int] = defaultdict(int)
        for line in git(repo, "ls-tree", "-r", "-l", "gh-pages").splitlines():
            meta, path = line.split("\t", 1)
            folder = path.split("/", 1)[0] if "/" in path else "(juuri)"
            files[folder] += 1
            sizes[folder] += int(meta.split()[3])
        print(f"\n{'kansio':<10} {'tiedostoja':>10} {'koko (kt)':>10}")
        for folder in sorted(files):
            print(f"{folder:<10} {files[folder]:>10} {sizes[folder] / 1024:>10.0f}")
        print(f"{'yhteensä':<10} {sum(files.values()):>10} {sum(sizes.values()) / 1024:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
