"""The static search index of a site: Pagefind over the pages, plus Finnish word forms.

Each page is one record: its own text (Pagefind reads the HTML: title, headings, excerpts),
followed by the other forms of its words (tiekartta.search.finnish), each with the weight of the
part of the page its word is in (title, headings, text). A query whose words are all on the page
in any form finds the page. The forms begin after FORMS_MARK; the browser shows an excerpt of the
page's own text only, or the page's description when only the forms matched (docs/assets/haku.js).

Pagefind does not read the site itself but a stage: a temporary folder (in memory where the
system has one) with each page's article alone and its forms, under the page's own path, so its
records are those of the site's pages. The build stages each page as soon as its
content is ready and runs Pagefind while MkDocs writes the site (tiekartta/site/search_site.py);
build_index does the same for a site already written.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .finnish import FinnishForms, words
from .morphology import VoikkoMissing

log = logging.getLogger("mkdocs.plugins.tiekartta")

OUTPUT_FOLDER = "pagefind"
# The indexed part of a page: Material's article, without what is not the page's own text.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file", "[data-pagefind-ignore]"]
# Where a record's own text ends and the forms of its words begin: a word of its own in the
# record's text (Pagefind counts it as a word but indexes nothing of it, having no letters), so
# the browser knows which matches are in the page's own text (docs/assets/haku.js).
FORMS_MARK = "\u2042"
# Where the forms of the words found only in an output's documents begin, one mark per document in
# the page's order (after the forms of the page's other words): a match after the n-th mark was
# found in the n-th document (docs/assets/haku.js). The documents' own text is in elements marked
# with DOCUMENT_ATTRIBUTE (templates/output.md.j2).
DOCUMENT_MARK = "\u2051"
DOCUMENT_ATTRIBUTE = "data-tk-asiakirja"
# The metadata that names the n-th document for a result: DOCUMENT_META + n (from 1).
DOCUMENT_META = "asiakirja-"
# The page's description, for a result whose match is in the forms only.
DESCRIPTION_META = "kuvaus"
# Pagefind's files the site does not use: its own UIs (the site has one in Material's look).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_LANG = re.compile(r'<html[^>]*\slang="([^"]*)"')


class SearchIndexError(Exception):
    """The index could not be made; the message is in Finnish, for the person running the build."""


@dataclass(frozen=True)
class IndexedPage:
    url: str  # site-relative with directory URLs, as Pagefind writes it: "/teemat/x/"
    title: str
    description: str
    headings: str  # the text of its h2–h6 headings
    text: str  # all its indexed text, headings included
    filters: dict[str, list[str]]
    documents: tuple[str, ...] = ()  # the text of each of its documents (DOCUMENT_ATTRIBUTE), also in `text`
    document_titles: tuple[str, ...] = ()  # the heading of each document's section
    outside_documents: str | None = None  # `text` without the documents; None: the page has none


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    pages_with_forms: int
    forms: int
    bytes: int


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


# EXCLUDE_SELECTORS as XPath, for lxml (which reads pages far faster than BeautifulSoup).
_EXCLUDED = ".//*[" + " or ".join(
    [_has_class("headerlink"), _has_class("md-content__button"), _has_class("md-source-file"), "@data-pagefind-ignore"]
) + "]"


def _text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


@dataclass(frozen=True)
class PageParts:
    """What the index takes from a page: its article, its description and its language."""

    article: str
    description: str
    lang: str


def parts_of(html: str) -> PageParts | None:
    """The parts of a written page the index reads (None: the page has no article).
    Cut with plain string search: the rest of a Material page (navigation) is most of its size."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return None
    description = _DESCRIPTION.search(html, 0, start)
    lang = _LANG.search(html, 0, start)
    return PageParts(
        html[start:end + len("</article>")],
        unescape(description.group(1)) if description else "",
        lang.group(1) if lang else "",
    )


def read_page(html: str, url: str) -> IndexedPage | None:
    """The text Pagefind indexes from a page (same root and exclusions), its title and filters."""
    parts = parts_of(html)
    return read_article(parts.article, parts.description, url) if parts else None


def read_article(article: str, description: str, url: str) -> IndexedPage | None:
    import lxml.html  # here: MkDocs' own process need not load lxml when a worker reads the pages

    root = lxml.html.fragment_fromstring(article)
    classes = (root.get("class") or "").split()
    if root.tag != "article" or "md-content__inner" not in classes or root.get("data-pagefind-ignore") is not None:
        return None
    filters: dict[str, list[str]] = {}
    for element in root.xpath(".//*[@data-pagefind-filter]"):
        name, _, value = element.get("data-pagefind-filter").partition(":")
        if value:
            filters.setdefault(name.strip(), []).append(value.strip())
    for element in root.xpath(_EXCLUDED):
        element.drop_tree()  # keeps the text that follows it
    heading = root.find(".//h1")
    documents, titles, outside = _documents(root)
    return IndexedPage(
        url=url,
        title=_text(heading) if heading is not None else "",
        description=description,
        headings=" ".join(_text(h) for h in root.xpath(".//h2|.//h3|.//h4|.//h5|.//h6")),
        text=_text(root),
        filters=filters,
        documents=documents,
        document_titles=titles,
        outside_documents=outside,
    )


def _documents(root) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """The text and the heading of each of the page's documents, and the page's text without them
    (None: the page has no documents)."""
    found = root.xpath(f".//*[@{DOCUMENT_ATTRIBUTE}]")
    if not found:
        return (), (), None
    documents = tuple(_text(element) for element in found)
    titles = tuple(_text(heading[0]) if (heading := element.xpath(".//h3")) else "" for element in found)
    outside = copy.deepcopy(root)
    for element in outside.xpath(f".//*[@{DOCUMENT_ATTRIBUTE}]"):
        element.drop_tree()
    return documents, titles, _text(outside)


def page_files(site_dir: Path) -> list[tuple[str, Path]]:
    """(URL, file) of every page of a built site, as Pagefind names them."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.parent.relative_to(site_dir)
        if relative.parts and relative.parts[0] == OUTPUT_FOLDER:
            continue
        found.append(("/" if relative.as_posix() == "." else f"/{relative.as_posix()}/", path))
    return found


@dataclass(frozen=True)
class FormsSection:
    """The end of a page's record (HTML for Pagefind): the other forms of its words, and how many."""

    html: Markup
    forms: int


def forms_section(page: IndexedPage, forms: FinnishForms | None) -> FormsSection:
    """The forms of the page's words that its own text does not have (none when `forms` is None),
    after FORMS_MARK, and the page's description for results that show no excerpt."""
    sections = [[], [], [], *([] for _ in page.documents)]
    if forms is not None:
        # A page with documents: the forms of words found only in them come last, document by
        # document, each after its own mark.
        text_words = words(page.text if page.outside_documents is None else page.outside_documents)
        sections = forms.document_words(
            [words(page.title), words(page.headings), text_words, *(words(text) for text in page.documents)]
        )
    title, headings, text, *documents = sections
    html = _templates().get_template("forms.html.j2").render(
        page=page, description_meta=DESCRIPTION_META, mark=FORMS_MARK, title=title, headings=headings, text=text,
        document_mark=DOCUMENT_MARK, documents=documents, document_meta=DOCUMENT_META,
    )
    return FormsSection(Markup(html), sum(len(section) for section in sections))


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("tiekartta.search", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def article_html(content: str, title: str) -> str:
    """A page's article as Material writes it (partials/content.html), from the page's content:
    what the index reads of a page before MkDocs has written it. The rest of Material's article
    (the edit button, the page's dates) is not indexed anyway (EXCLUDE_SELECTORS)."""
    return _templates().get_template("article.html.j2").render(content=Markup(content), title=title)


# Where stages go when the system has memory-backed temporary files (Linux).
MEMORY_FOLDER = Path("/dev/shm")
_STAGE_PREFIX = "tk-haku-"


def _stage_parents() -> list[Path]:
    memory = [MEMORY_FOLDER] if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK) else []
    return [*memory, Path(tempfile.gettempdir())]


def stage_folder() -> Path:
    """A new, empty stage: in memory where the system has it, for thousands of small files that
    live for one build; else in the temporary folder. Named by the build's process, so that the
    next build can remove a stage whose build was killed (remove_left_stages)."""
    for parent in _stage_parents():
        try:
            return Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{os.getpid()}-", dir=parent))
        except OSError:
            continue
    raise SearchIndexError("Hakuhakemistolle ei voitu tehdä väliaikaista kansiota.")


def remove_left_stages() -> None:
    """The stages of builds that were killed before they could remove them: in memory they
    would hold the machine's memory until a restart."""
    for parent in _stage_parents():
        for folder in parent.glob(f"{_STAGE_PREFIX}*"):
            pid = folder.name[len(_STAGE_PREFIX):].partition("-")[0]
            if pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


@dataclass(frozen=True)
class StagedPage:
    """A page in the stage, and the number of forms its record has (None: staged without forms)."""

    url: str
    forms: int | None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def stage_page(stage: Path, url: str, parts: PageParts, forms: FinnishForms | None) -> StagedPage | None:
    """Write a page's record into the stage: its article, ending with the forms of its words
    unless `forms` is None. None: the page has nothing to index (Pagefind would leave it out too)."""
    page = read_article(parts.article, parts.description, url)
    if page is None:
        return None
    section = forms_section(page, forms)
    # The forms go inside the article, which is what Pagefind indexes (ROOT_SELECTOR).
    article = parts.article.rstrip().removesuffix("</article>")
    html = _templates().get_template("page.html.j2").render(lang=parts.lang, article=Markup(article), forms=section.html)
    _write(stage / url.strip("/") / "index.html", html)
    return StagedPage(url, None if forms is None else section.forms)


# Pagefind at a lower priority than the build beside it, which the reader waits for first. It
# writes its index beside the stage (in memory where the stage is), and the finished index is
# moved into the site: Pagefind's own writes of its thousands of small files straight onto a
# disk cost about three times the processor time of that move. On POSIX systems a shell runs
# Pagefind's program and the move (a Python interpreter and `python -m pagefind` would add
# 0.07 s before Pagefind starts, measured); elsewhere Python does.
_PAGEFIND_POSIX = '"$1" --quiet && mv -- "$2" "$3"'
_PAGEFIND = """
import os, shutil, subprocess, sys
if hasattr(os, "nice"):
    os.nice(19)
code = subprocess.call([sys.argv[1], "--quiet"])
if code == 0:
    try:
        shutil.move(sys.argv[2], sys.argv[3])
    except OSError as error:
        print(f"Hakemistoa ei voitu siirtää sivustoon: {error}")
        code = 1
sys.exit(code)
"""


# Process groups (POSIX): Pagefind and the process that runs it are ended as one.
_GROUPS = os.name == "posix"


def _pagefind_command(written: Path, output: Path) -> list[str]:
    from pagefind_bin import get_executable  # the program of the pinned pagefind_bin package

    program = str(get_executable().absolute())
    if _GROUPS and shutil.which("nice") and shutil.which("sh"):
        return ["nice", "-n", "19", "sh", "-c", _PAGEFIND_POSIX, "pagefind", program, str(written), str(output)]
    return [sys.executable, "-c", _PAGEFIND, program, str(written), str(output)]


class PagefindRun:
    """Pagefind's command line over a stage, writing the index into `output` while the caller
    goes on; wait() gives the number of records written.

    The command line, not Pagefind's Python service: the service is stopped with a signal as soon
    as it answers, which can cut its last file writes short (an empty pagefind-entry.json breaks
    search in the browser). The command exits only when every file is written."""

    def __init__(self, stage: Path, output: Path) -> None:
        self.output = output
        # Beside the stage and named after it: a killed build's is removed with its stage.
        self._work = Path(tempfile.mkdtemp(prefix=f"{stage.name}-pagefind-", dir=stage.parent))
        written = self._work / "hakemisto"
        config = {
            "site": str(stage), "output_path": str(written), "glob": "**/index.html",
            "root_selector": ROOT_SELECTOR, "exclude_selectors": EXCLUDE_SELECTORS,
        }
        # Pagefind reads its configuration from the working folder: only this one applies.
        (self._work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        # Its messages go to a file: a pipe nobody reads while the build goes on could fill up.
        self._messages = (self._work / "pagefind.log").open("w+", encoding="utf-8")
        self._process = subprocess.Popen(
            _pagefind_command(written, output), cwd=self._work, stdout=self._messages, stderr=subprocess.STDOUT,
            # A process group of its own: stop() ends Pagefind together with the process that runs
            # it, even one that is only starting, without waiting for a low-priority process's turn.
            process_group=0 if _GROUPS else None,
        )

    def wait(self) -> int:
        try:
            code = self._process.wait()
            self._messages.seek(0)
            messages = self._messages.read().strip()
        finally:
            self._close()
        if code != 0:
            raise SearchIndexError(f"Hakuhakemiston teko epäonnistui (Pagefind): {messages}")
        return _page_count(self.output)

    def stop(self) -> None:
        """The build failed or ended: the run ends and leaves nothing behind."""
        self._end()
        self._close()
        shutil.rmtree(self.output, ignore_errors=True)

    def _end(self) -> None:
        """Pagefind and the process that runs it end now (a half-moved index is removed after)."""
        if self._process.poll() is not None:
            return
        if _GROUPS:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            self._process.kill()
        self._process.wait()

    def _close(self) -> None:
        self._messages.close()
        shutil.rmtree(self._work, ignore_errors=True)


def _page_count(output: Path) -> int:
    """Pages in a written index, read from its entry file; 0 if the index is incomplete."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        if not all((output / f"pagefind.{language['hash']}.pf_meta").stat().st_size for language in languages):
            return 0
        return sum(int(language["page_count"]) for language in languages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return 0


_EMPTY = "Hakuhakemisto jäi tyhjäksi: sivuston sivuilta ei löytynyt haettavaa tekstiä."


def partial_folder(site_dir: Path) -> Path:
    """Where an index is written before it replaces the site's index (all or nothing)."""
    return Path(site_dir) / f"{OUTPUT_FOLDER}.partial"


def publish(site_dir: Path, run: PagefindRun, staged: list[StagedPage]) -> IndexSummary:
    """Wait for the run, check its index and put it in place of the site's index. On failure
    the site keeps its previous index (or has none) and nothing half-written stays behind."""
    partial = run.output
    try:
        indexed = run.wait()
        if indexed == 0 or not (partial / "pagefind.js").exists():
            raise SearchIndexError(_EMPTY)
    except Exception:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    for pattern in UNUSED:
        for path in partial.glob(pattern):
            path.unlink()
    output = Path(site_dir) / OUTPUT_FOLDER
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    with_forms = [page.forms for page in staged if page.forms is not None]
    return IndexSummary(indexed, len(with_forms), sum(with_forms), size)


def build_index(site_dir: Path, *, finnish_forms: bool = True, forms: FinnishForms | None = None) -> IndexSummary:
    """Write site_dir/pagefind/ from the pages already written in site_dir (all or nothing)."""
    site_dir = Path(site_dir)
    partial = partial_folder(site_dir)
    shutil.rmtree(partial, ignore_errors=True)  # from a build that was stopped halfway
    forms = (forms or FinnishForms()) if finnish_forms else None  # Voikko loads only when needed
    stage = stage_folder()
    try:
        staged = []
        for url, path in page_files(site_dir):
            parts = parts_of(path.read_text(encoding="utf-8"))
            page = stage_page(stage, url, parts, forms) if parts else None
            if page is not None:
                staged.append(page)
        if not staged:
            raise SearchIndexError(_EMPTY)
        return publish(site_dir, PagefindRun(stage, partial), staged)
    except VoikkoMissing as error:  # what to install, not a traceback
        raise SearchIndexError(str(error)) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
