"""Raw HTML blocks of a generated page kept out of MkDocs' Markdown pass, and put back after it.

The generated pages are Markdown with blocks of finished HTML (lists of outputs, the knowledge
bank's form, text already converted from Markdown). Python-Markdown keeps such a block as it
is, but only after reading it through Python's HTML parser, which is most of the time a page
takes to convert. A block set aside here is replaced by a placeholder paragraph that only this
build can write (a random key), and put back verbatim into the converted page.

Only blocks whose shape leaves no doubt are set aside: after a blank line, one of the block tags
below at the start of its first line, closed by the same tag at the end of its last line, no
blank line inside and no `markdown` attribute (md_in_html would convert those).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

_BLOCK_TAGS = ("div", "ul", "ol", "p", "form", "figure", "table", "nav", "details", "dl", "section")
_OPENING = re.compile(r"<(" + "|".join(_BLOCK_TAGS) + r")[\s>]")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown\s*=")


@dataclass
class SetAside:
    markdown: str
    blocks: dict[str, str] = field(default_factory=dict)  # placeholder -> the block's HTML


def set_aside(markdown: str, key: str | None = None) -> SetAside:
    """The Markdown with its unambiguous raw HTML blocks replaced by placeholder paragraphs."""
    key = key or secrets.token_hex(8)
    result = SetAside("")
    parts = markdown.split("\n\n")
    fence = ""  # the marker of the fenced code block we are in
    spanning: tuple[str, int] | None = None  # a raw block that goes on over blank lines: (tag, depth)
    for index, part in enumerate(parts):
        if spanning:
            tag, depth = spanning
            depth += _balance(part, tag)
            spanning = (tag, depth) if depth > 0 else None
            continue
        fence = _fence_after(part, fence)
        if fence or _FENCE.search(part):
            continue
        opening = _OPENING.match(part)
        if not opening:
            continue
        tag = opening.group(1)
        balance = _balance(part, tag)
        if balance > 0:
            spanning = (tag, balance)
        elif balance == 0 and part.endswith(f"</{tag}>") and not _MARKDOWN_ATTRIBUTE.search(part):
            placeholder = f"tk-lohko-{key}-{len(result.blocks) + 1}"
            result.blocks[placeholder] = part
            parts[index] = placeholder
    result.markdown = "\n\n".join(parts)
    return result


_FENCE = re.compile(r"^[ ]{0,3}(```|~~~)", re.MULTILINE)


def _fence_after(part: str, fence: str) -> str:
    """The fence open after this part, given the one open before it."""
    for match in _FENCE.finditer(part):
        marker = match.group(1)
        if not fence:
            fence = marker
        elif marker == fence:
            fence = ""
    return fence


def _balance(part: str, tag: str) -> int:
    return len(re.findall(rf"<{tag}[\s>]", part)) - part.count(f"</{tag}>")


def put_back(html: str, blocks: dict[str, str]) -> tuple[str, list[str]]:
    """The converted page with each placeholder paragraph replaced by its block, and the
    placeholders that were not found as a paragraph of their own (none, unless a rule above is
    wrong: the caller reports them)."""
    if not blocks:
        return html, []
    found: set[str] = set()

    def block_of(match: re.Match) -> str:
        found.add(match.group(1))
        # Python-Markdown puts a blank line after a raw block, except at the end of the page.
        return blocks[match.group(1)] + ("\n" if match.end() < len(html) else "")

    placeholders = "|".join(re.escape(p) for p in blocks)
    html = re.sub(rf"<p>({placeholders})</p>", block_of, html)
    return html, [p for p in blocks if p not in found]


_ANCHOR = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")


def anchors_of(blocks: dict[str, str]) -> set[str]:
    """The ids in the blocks: MkDocs checks links to them (#anchor) against what it saw of the
    page's HTML, and it did not see the blocks set aside."""
    return {anchor for block in blocks.values() for anchor in _ANCHOR.findall(block)}
