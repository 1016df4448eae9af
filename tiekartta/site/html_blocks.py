"""The raw HTML blocks of a generated page, handed to Python-Markdown as they are.

The page templates note every raw HTML block they write (tiekartta.pages.render.html_block).
Markdown keeps such a block as it is anyway, but finds that out by reading it with its HTML
parser, twice (md_in_html and MkDocs' anchor collector): most of the Markdown time of an
output's page. Here each block the page's templates noted, standing alone between blank lines,
goes straight into Markdown's own store of raw HTML (htmlStash), and the ids in those blocks are
added to the page's anchors for MkDocs' link check. The HTML is the same either way
(tests/content/test_html_blocks.py); a hand-written page has no noted blocks and is read as always.
"""

from __future__ import annotations

from lxml import etree
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..pages.sanitize import read_html

# After Markdown's normalize_whitespace (30), whose text the blocks are compared with, and
# before MkDocs' anchor collector (21) and the HTML block reader (20).
_PRIORITY = 25
_ANCHORS = etree.XPath("//@id | //a/@name")  # what MkDocs' anchor collector counts


class GeneratedHtmlBlocks(Extension):
    """One per build, in MkDocs' markdown_extensions: `page_blocks` holds the blocks of the page
    being converted (set before each page, empty for a hand-written one and after the page)."""

    def __init__(self) -> None:
        super().__init__()
        self.page_blocks: frozenset[str] = frozenset()

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_StoreBlocks(md, self), "tiekartta_html_blocks", _PRIORITY)


class _StoreBlocks(Preprocessor):
    def __init__(self, md: Markdown, extension: GeneratedHtmlBlocks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        blocks = self.extension.page_blocks
        if not blocks:
            return lines
        chunks = "\n".join(lines).split("\n\n")
        store = self.md.htmlStash.store
        # Markdown ends a raw HTML block with a line break of its own.
        stored = [store(chunk + "\n") if chunk in blocks else chunk for chunk in chunks]
        return "\n\n".join(stored).split("\n")


def anchors_in(blocks: frozenset[str]) -> set[str]:
    """The anchors in the blocks (ids, and names of links): MkDocs' anchor collector does not see them."""
    tree = read_html("\n".join(sorted(blocks))) if blocks else None
    return {str(value) for value in _ANCHORS(tree)} if tree is not None else set()
