"""Command line: `python -m tiekartta check` validates the content; `schema` rewrites the schemas;
`uusi TYYPPI NIMI` makes a new content file for an editor to fill in; `poikkeukset --perusta REF`
checks that no reviewed exception arrives in the same change as the text it allows."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .boundary import handwritten_page_problems, project_file_problems
from .numbers import count_of
from .model import ContentError, Problem, load_roadmap
from .model.kinds import KINDS
from .model.reviewed_change import BaseError, check_change
from .model.schema import write_schemas
from .pages.reference import schema_line
from .scaffold import NewFileError, write_new_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tiekartta", description="Sosiaalityön tiekartta: sisällön työkalut.")
    parser.add_argument("--sisalto", default="roadmap", help="sisältökansio (oletus: roadmap)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="tarkista sisältö (YAML-tiedostot)")
    commands.add_parser("schema", help="kirjoita JSON Schemat kansioon roadmap/schema/")
    exceptions = commands.add_parser(
        "poikkeukset", help="tarkista, ettei tarkistettua poikkeusta lisätä samassa muutoksessa kuin sen sallimaa tekstiä")
    exceptions.add_argument("--perusta", default=os.environ.get("TIEKARTTA_PERUSTA") or os.environ.get("PERUSTA", ""),
                            help="muutoksen perusta (commit tai haara); oletus ympäristömuuttujasta PERUSTA")
    new = commands.add_parser("uusi", help="luo uusi sisältötiedosto täytettäväksi (tuotos, tapahtuma, teema …)")
    # Optional here so that a missing value gets the Finnish usage line below, not argparse's.
    new.add_argument("tyyppi", nargs="?", default="", help="esim. tuotos, tapahtuma, karkiteema, lapikulkeva")
    new.add_argument("nimi", nargs="?", default="", help="uuden asian nimi suomeksi")
    args = parser.parse_args(argv)
    content_dir = Path(args.sisalto)
    if args.command == "uusi":
        return new_content_file(content_dir, args.tyyppi, args.nimi)
    if args.command == "poikkeukset":
        return check_exceptions(Path.cwd(), args.perusta)
    if args.command == "schema":
        for path in write_schemas(content_dir):
            print(path)
        return 0
    return check(content_dir)


def check(content_dir: Path) -> int:
    started = time.perf_counter()
    try:
        refuse_unsafe_site_sources(Path.cwd(), content_dir)
        schema_problems = missing_schema_lines(content_dir)
        try:
            roadmap = load_roadmap(content_dir, Path.cwd())
        except ContentError as error:
            raise ContentError([*error.problems, *schema_problems]) from None
        refuse_unknown_theme_cards(Path.cwd(), roadmap)
        if schema_problems:
            raise ContentError(schema_problems)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in error.problems:
                print(problem.github_annotation())
        return 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{name} {count}" for name, count in roadmap.counts().items())
    checked = count_of(len(roadmap.sources), "tiedosto", "tiedostoa")
    print(f"Sisältö kunnossa: {checked} tarkistettu ({elapsed:.2f} s). {counts}.")
    return 0


def check_exceptions(repo_root: Path, base: str) -> int:
    """Exit status 1 when a reviewed exception arrives with the text it allows (see
    tiekartta.model.reviewed_change)."""
    if not base:
        print("Anna muutoksen perusta: PERUSTA=origin/main make check-poikkeukset", file=sys.stderr)
        return 2
    try:
        problems = check_change(repo_root, base)
    except BaseError as error:
        print(error, file=sys.stderr)
        return 2
    if problems:
        print(ContentError(problems).report(), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for problem in problems:
                print(problem.github_annotation())
        return 1
    print("Tarkistetut poikkeukset kunnossa: yhtäkään ei lisätty samassa muutoksessa kuin sen sallimaa tekstiä.")
    return 0


def refuse_unsafe_site_sources(project: Path, content_dir: Path) -> None:
    """What the build refuses before anything else (tiekartta.boundary): symbolic links in the
    folders the site is built from, and hand-written pages' front matter and template code."""
    problems = project_file_problems(project, ("docs", "overrides", content_dir))
    if not problems and (project / "docs").is_dir():
        problems = handwritten_page_problems(project / "docs", project)
    if problems:
        raise ContentError(problems)


def refuse_unknown_theme_cards(project: Path, roadmap) -> None:
    """A hand-written page's theme card of a theme the content does not have (the build would stop at it)."""
    if (project / "docs").is_dir():
        problems = [problem for problem in handwritten_page_problems(project / "docs", project, theme_ids=list(roadmap.theme_by_id))
                    if problem.kind == "unknown-theme"]
        if problems:
            raise ContentError(problems)


def missing_schema_lines(content_dir: Path) -> list[Problem]:
    """Each content file's first line names its JSON Schema: with it the web editor's YAML tooling
    completes and checks the fields (README). Only the check asks; the site is built without it."""
    problems = []
    for kind in KINDS:
        paths = [content_dir / kind.file] if kind.file else sorted((content_dir / kind.folder).glob("*.yaml"))
        for path in (p for p in paths if p.is_file()):
            with path.open(encoding="utf-8-sig", errors="replace") as stream:
                first = stream.readline().rstrip()
            expected = schema_line(kind)
            if first != expected:
                try:
                    shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
                except ValueError:
                    shown = path.as_posix()
                problems.append(Problem(
                    shown, 1, "", "schema-line",
                    f"Ensimmäisen rivin pitää olla '{expected}': rivi kertoo editorille, mitä kenttiä tiedostossa "
                    "voi olla. Palauta se tiedoston ensimmäiseksi riviksi sellaisenaan.",
                    "first line is not the file's schema comment"))
    return problems


def new_content_file(content_dir: Path, type_text: str, name: str) -> int:
    try:
        made = write_new_file(content_dir, type_text, name)
    except NewFileError as error:
        print(error, file=sys.stderr)
        return 2
    except FileExistsError as error:  # another file appeared with the same name meanwhile
        print(f"Tiedosto {error.filename} on jo olemassa. Aja komento uudelleen.", file=sys.stderr)
        return 2
    print(f"Uusi tiedosto: {made.path.as_posix()}")
    print("Seuraavaksi:")
    print("  1. Avaa tiedosto ja täytä tyhjät kentät (ohjeet ovat #-merkillä alkavilla riveillä).")
    print("  2. Tarkista sisältö: make check")
    print(f"  3. Katso sivu esikatselussa: make serve → {preview_url(made)}")
    return 0


def preview_url(made) -> str:
    from .pages.routes import page_of_new_file, page_url

    return "http://127.0.0.1:8000/" + page_url(page_of_new_file(made.kind, made.entity_id))
