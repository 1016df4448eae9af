"""MkDocs hook for the benchmark's untimed first build: keeps the final Markdown of every page.

The plain MkDocs + Material build that our build is compared with needs the very same pages as
static files. This hook writes, into the folder named by TIEKARTTA_BENCH_CAPTURE, every page's
Markdown after all plugins (macros included) have run, its front matter, every other file the
site is made from (assets, generated or not) and the final navigation as JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

TARGET = Path(os.environ.get("TIEKARTTA_BENCH_CAPTURE", "bench-capture"))


def _write(src_uri: str, content: bytes) -> None:
    path = TARGET / "docs" / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@event_priority(-100)  # after every other on_files: the nav and the file list are final
def on_files(files, config):
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
    docs_dir = os.path.abspath(config.docs_dir)
    for file in files:
        from_docs = file.abs_src_path is not None and os.path.abspath(file.abs_src_path).startswith(docs_dir + os.sep)
        if not file.is_documentation_page() and (file.generated_by or from_docs):
            _write(file.src_uri, file.content_bytes)
    return files


@event_priority(-100)  # after the macros plugin has rendered the pages that ask for it
def on_page_markdown(markdown, page, config, files):
    front = ""
    if page.meta:
        front = "---\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) + "---\n\n"
    _write(page.file.src_uri, (front + markdown).encode("utf-8"))
    return markdown
