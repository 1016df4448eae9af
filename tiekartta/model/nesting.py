"""How deep a Markdown text nests. Python-Markdown parses nested lists, quotes and `markdown` HTML
blocks recursively, so a text nested a few hundred levels deep ("- - - … x", or list items each
indented four spaces further) stops the build with a RecursionError and a traceback instead of a
message. No text of the site nests anywhere near MAX_NESTING levels: the content's texts and the
hand-written pages are refused above it, naming the line."""

from __future__ import annotations

import re

MAX_NESTING = 40

# A list item's or a quote's marker at the start of a line (after the markers before it).
_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
# An HTML block whose content Markdown parses (md_in_html), and any closing tag.
_MARKDOWN_BLOCK = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\bmarkdown\b[^>]*>|</([a-zA-Z][\w-]*)\s*>")


def too_deep(text: str) -> int | None:
    """The number (from 1) of the first line of `text` nested deeper than MAX_NESTING levels
    (indentation by four spaces, list and quote markers, open `markdown` HTML blocks), or None."""
    open_blocks: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
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
