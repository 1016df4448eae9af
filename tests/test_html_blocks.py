"""Raw HTML blocks kept out of the Markdown pass (tiekartta/pages/html_blocks.py): the page
that comes out is byte for byte the one Python-Markdown makes with the blocks left in."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from tiekartta.pages import build_pages
from tiekartta.pages.html_blocks import anchors_of, put_back, set_aside

ROOT = Path(__file__).resolve().parent.parent


def _converter() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    with open(ROOT / "mkdocs.yml", "rb") as f:
        config = yaml_load(f)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _both_ways(text: str) -> tuple[str, str, int]:
    converter = _converter()
    direct = converter.reset().convert(text)
    aside = set_aside(text)
    converted, missing = put_back(converter.reset().convert(aside.markdown), aside.blocks)
    assert missing == []
    return direct, converted, len(aside.blocks)


def test_every_generated_page_of_the_real_content_converts_the_same(roadmap):
    set_aside_blocks = 0
    for page in build_pages(roadmap):
        text, _ = get_data(page.markdown)
        direct, converted, count = _both_ways(text)
        assert converted == direct, page.src_uri
        set_aside_blocks += count
    assert set_aside_blocks > 100  # the lists, tables and texts of the pages: most of their HTML


def _anchors_mkdocs_sees(text: str) -> set[str]:
    from mkdocs.structure.pages import _HTMLHandler  # how MkDocs finds the ids in raw HTML

    handler = _HTMLHandler()
    handler.feed(text)
    handler.close()
    return handler.present_anchor_ids


def test_links_to_anchors_in_blocks_set_aside_are_still_checked(roadmap):
    """MkDocs checks every link to #anchor against the ids it saw; the hook adds those of the
    blocks it set aside (tiekartta/site/mkdocs_site.py), so the check sees the same ids."""
    for page in build_pages(roadmap):
        text, _ = get_data(page.markdown)
        aside = set_aside(text)
        assert _anchors_mkdocs_sees(aside.markdown) | anchors_of(aside.blocks) == _anchors_mkdocs_sees(text), page.src_uri


@pytest.mark.parametrize("text", [
    # In a fenced code block a tag is text, not HTML.
    "# Esimerkki\n\n```html\n\n<div class=\"x\">koodia</div>\n\n```\n\n<p>jälkeen</p>\n",
    "~~~\n<ul><li>a</li></ul>\n\n<ul><li>b</li></ul>\n~~~\n\nTekstiä.",
    # A block that goes on over a blank line is read whole by Python-Markdown: left as it is.
    "<div class=\"a\">\n<p>yksi</p>\n\n<p>kaksi</p>\n</div>\n\n<p>kolme</p>",
    # md_in_html converts the inside of a block marked with `markdown`.
    "<div markdown=\"1\">\n*korostus*\n</div>\n\n<p>loppu</p>",
    # Not closed by its own tag, indented (code), inside a list item.
    "<p>alku</p> ja *Markdownia*\n\n    <div>koodia</div>\n\n- kohta\n\n    <p>sisennetty</p>",
    "Teksti\n<div>heti perään</div>\n\n<div>oma</div>",
])
def test_ambiguous_shapes_convert_the_same(text):
    direct, converted, _ = _both_ways(text)
    assert converted == direct


def test_only_this_build_can_write_a_placeholder():
    """Content cannot name a block: the placeholders carry a random key of the build."""
    first, second = set_aside("<p>a</p>"), set_aside("<p>a</p>")
    assert first.markdown != second.markdown
    foreign = f"<p>{second.markdown}</p>"
    html, missing = put_back(f"<p>{first.markdown}</p>\n{foreign}", first.blocks)
    assert html == "<p>a</p>\n\n" + foreign and missing == []


def test_a_placeholder_not_found_is_reported():
    aside = set_aside("Tekstiä\n\n<ul><li>a</li></ul>")
    html, missing = put_back("<p>Tekstiä</p>", aside.blocks)
    assert html == "<p>Tekstiä</p>" and missing == list(aside.blocks)
