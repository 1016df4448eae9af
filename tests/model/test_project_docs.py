"""The project's own documentation says what there is, and the packages import in one direction.

README.md, CONTRIBUTING.md, the developer docs (docs/kehittajille/, which MkDocs does not build
and so does not check) and bench/README.md: every relative link leads to a file, every `make`
target exists, every code path they name exists, and README's layout names every folder.
"""

from __future__ import annotations

import ast
import re
import subprocess

import pytest

from conftest import REPO

DOCS = ["README.md", "CONTRIBUTING.md", "bench/README.md", *sorted(
    p.relative_to(REPO).as_posix() for p in (REPO / "docs" / "kehittajille").glob("*.md"))]
# Paths under these folders are the project's own files; elsewhere (docs/, roadmap/) the docs
# also name example files that do not exist on purpose.
CODE_FOLDERS = ("tiekartta/", "tests/", "bench/", "scripts/", "hooks/", "overrides/", ".github/")


def _text(doc: str) -> str:
    return (REPO / doc).read_text(encoding="utf-8")


def _tracked() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()


def test_readme_stays_short():
    assert (REPO / "README.md").stat().st_size <= 12 * 1024


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_leads_to_a_file(doc):
    folder = (REPO / doc).parent
    links = [link for link in re.findall(r"\]\(([^)\s#]+)", _text(doc)) if "://" not in link and ":" not in link]
    missing = [link for link in links if not (folder / link).exists()]
    assert not missing, missing


@pytest.mark.parametrize("doc", [*DOCS, "Makefile"])
def test_every_make_target_named_exists(doc):
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", _text("Makefile"), re.MULTILINE))
    named = set(re.findall(r"`make ([a-z][\w-]*)|^#\s+make ([a-z][\w-]*)", _text(doc), re.MULTILINE))
    named = {a or b for a, b in named}
    assert named - targets == set()


@pytest.mark.parametrize("doc", DOCS)
def test_every_code_path_named_exists(doc):
    paths = {word.rstrip(".,;:)") for quoted in re.findall(r"`([^`\n]+)`", _text(doc)) for word in quoted.split()}
    named = [p for p in paths if p.startswith(CODE_FOLDERS) and not re.search(r"[<>*…]", p)]
    missing = [p for p in named if not (REPO / p).exists() and not _ignored(p)]  # ignored: made by a command
    assert not missing, missing


def _ignored(path: str) -> bool:
    return subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO).returncode == 0


def test_readme_layout_names_every_folder():
    readme = _text("README.md")
    layout = readme[readme.index("## Rakenne"):].split("```")[1]
    tracked = _tracked()
    folders = {path.split("/")[0] + "/" for path in tracked if "/" in path}
    folders |= {"/".join(path.split("/")[:2]) + "/" for path in tracked
                if path.startswith("tiekartta/") and path.count("/") >= 2}
    missing = sorted(folder for folder in folders if folder not in layout)
    assert not missing, missing


# README's layers, lowest first: a part of tiekartta imports its own layer or lower ones only.
LAYERS = {
    "numbers": 0,
    "model": 1, "scaffold": 1,
    "pages": 2, "opendata": 2, "search": 2,
    "site": 3, "boundary": 3,
    "cli": 4, "publish": 4, "__main__": 4, "__init__": 4,
}


def _imports_between_parts() -> dict[str, set[str]]:
    """Imports at a module's top level, run when it loads (annotation-only imports under
    TYPE_CHECKING aside), between the parts of tiekartta (its packages and top-level modules)."""
    uses: dict[str, set[str]] = {}
    for path in (REPO / "tiekartta").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts  # ("tiekartta", "pages", "changes")
        here, own = parts[:-1], parts[1]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                modules = [alias.name.split(".") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = [*here[: len(here) - node.level + 1], *(node.module or "").split(".")] if node.level \
                    else node.module.split(".")
                base = [part for part in base if part]
                modules = [base] if node.module else [[*base, alias.name] for alias in node.names]
            else:
                continue
            for module in modules:
                if module[0] == "tiekartta" and len(module) > 1 and module[1] != own:
                    uses.setdefault(own, set()).add(module[1])
    return uses


def test_no_two_parts_of_tiekartta_import_each_other():
    uses = _imports_between_parts()
    cycles = sorted((a, b) for a, used in uses.items() for b in used if a < b and a in uses.get(b, ()))
    assert not cycles, cycles


def test_each_part_of_tiekartta_imports_its_own_layer_or_lower_ones():
    parts = {path.relative_to(REPO / "tiekartta").parts[0].removesuffix(".py")
             for path in (REPO / "tiekartta").rglob("*.py")}
    assert parts <= LAYERS.keys(), f"add to LAYERS and to README's layout: {parts - LAYERS.keys()}"
    upwards = sorted((a, b) for a, used in _imports_between_parts().items() for b in used if LAYERS[b] > LAYERS[a])
    assert not upwards, upwards
