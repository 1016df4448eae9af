"""What a build keeps for the next one, in the project's .cache folder (never published).

- jinja/: the templates compiled to Python. Jinja compiles every template the first time a
  process uses it; measured at 100 outputs that is 0.12 s for the page templates and as much
  for Material's, which read back from here take 4 ms. Jinja uses a compiled template only while
  the template's checksum, Jinja's bytecode format and Python's version are the same; here also only while
  the same filters and tests take the template's context (the compiled code calls them so).
- finnish-forms/: the Finnish forms of the content's words (tiekartta/search/forms_cache.py).

A published version is built without them: tiekartta.publish sets TIEKARTTA_NO_CACHE=1, and
a build with it set reads and writes nothing here (a publishing job must not run on what another
run left behind). `make clean` removes the folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache

FOLDER = ".cache"
OFF = "TIEKARTTA_NO_CACHE"


def folder(project: Path, name: str) -> Path | None:
    """The project's .cache/`name`, or None when the build keeps nothing (TIEKARTTA_NO_CACHE)."""
    if os.environ.get(OFF):
        return None
    return Path(project) / FOLDER / name


def keep_compiled_templates(env: Environment, project: Path) -> Environment:
    """env reads its compiled templates from, and writes them to, the project's .cache/jinja."""
    where = folder(project, "jinja")
    if where is None:
        env.bytecode_cache = None
        return env
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return env  # a read-only project builds as before, compiling every template
    env.bytecode_cache = _CompiledTemplates(str(where), _calling_convention(env))
    return env


def _calling_convention(env: Environment) -> str:
    """Which filters and tests take the context, the environment or neither."""
    passes = [(name, str(getattr(function, "jinja_pass_arg", ""))) for table in (env.filters, env.tests)
              for name, function in sorted(table.items())]
    return hashlib.sha256(repr(passes).encode("utf-8")).hexdigest()


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder that may go away while the environment
    lives on (the page templates' environment serves every build of a process): then the
    template is simply compiled again."""

    def __init__(self, directory: str, calling_convention: str) -> None:
        super().__init__(directory)
        self.calling_convention = calling_convention

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha1(f"{self.calling_convention}\n{source}".encode("utf-8")).hexdigest()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return
