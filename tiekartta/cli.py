"""Command line: `python -m tiekartta check` validates the content; `schema` rewrites the schemas."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .model import ContentError, load_roadmap
from .model.schema import write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tiekartta", description="Sosiaalityön tiekartta: sisällön työkalut.")
    parser.add_argument("--sisalto", default="roadmap", help="sisältökansio (oletus: roadmap)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="tarkista sisältö (YAML-tiedostot)")
    commands.add_parser("schema", help="kirjoita JSON Schemat kansioon roadmap/schema/")
    args = parser.parse_args(argv)
    content_dir = Path(args.sisalto)
    if args.command == "schema":
        for path in write_schemas(content_dir):
            print(path)
        return 0
    return check(content_dir)


def check(content_dir: Path) -> int:
    started = time.perf_counter()
    try:
        roadmap = load_roadmap(content_dir, Path.cwd())
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in error.problems:
                print(problem.github_annotation())
        return 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{name} {count}" for name, count in roadmap.counts().items())
    print(f"Sisältö kunnossa: {len(roadmap.sources)} tiedostoa tarkistettu ({elapsed:.2f} s). {counts}.")
    return 0
