"""How deep a Markdown text nests. Python-Markdown parses nested lists, quotes and `markdown` HTML
blocks recursively, and its extensions walk the nested elements so, so a text nested a few hundred
levels deep ("- - - … x", list items each indented four spaces further, or "*a *a … b* a*")
stops the build with a RecursionError and a traceback instead of a message. No text of the site
nests anywhere near these limits: the content's texts and the hand-written pages are refused above
them, naming the line."""

from __future__ import annotations

import re

MAX_NESTING = 40
# Inline markup nests too ("*a *a *a … b* a* a*"): each level takes an opening and a closing mark,
# and some hundreds of levels exceed Python's recursion limit in the Markdown extensions that walk
# the page. A paragraph may have this many marks that can open an element, far more than any text
# of the site has.
MAX_INLINE_MARKS = 600
_INLINE_MARKS = re.compile(r"[*_~\[]")

# A list item's or a quote's marker at the start of a line (after the markers before it).
_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
# An HTML block whose content Markdown parses (md_in_html), and any closing tag.
_MARKDOWN_BLOCK = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\bmarkdown\b[^>]*>|</([a-zA-Z][\w-]*)\s*>")


def too_deep(text: str) -> int | None:
    """The number (from 1) of the first line of `text` nested deeper than MAX_NESTING levels
    (indentation by four spaces, list and quote markers, open `markdown` HTML blocks), or where
    a paragraph has more than MAX_INLINE_MARKS marks of inline markup; None if there is none."""
    open_blocks: list[str] = []
    marks = 0  # in the paragraph so far
    for number, line in enumerate(text.splitlines(), start=1):
        marks = marks + len(_INLINE_MARKS.findall(line)) if line.strip() else 0
        if marks > MAX_INLINE_MARKS:
            return number
        expanded = line.expandtabs(4)
        rest = expanded.lstrip(" ")
        depth = (len(expanded) - len(rest)) // 4
        while (marker := _MARKER.match(rest)) and marker.end() > 0:
            depth += 1
            rest = rest[marker.end():]
        if depth + len(open_blocks) > MAX_NESTING:
            return number
        for block in _MARKDOWN_BLOCK.finditer(line):
            if block.group(1):
                open_blocks.append(block.group(1).lower())
                if depth + len(open_blocks) > MAX_NESTING:
                    return number
            elif open_blocks and open_blocks[-1] == block.group(2).lower():
                open_blocks.pop()
    return None
