"""The generated pages' raw HTML blocks go to Markdown as they are (tiekartta.site.html_blocks):
over the real content and a synthetic archive, the HTML is the same as when Markdown reads them."""

from __future__ import annotations

import markdown
import pytest
import yaml
from jinja2 import DictLoader
from mkdocs.utils.meta import get_data

from conftest import REPO
from tiekartta.pages import build_pages, routes
from tiekartta.pages.render import environment
from tiekartta.site.html_blocks import GeneratedHtmlBlocks, anchors_in


def _markdown_extensions():
    """mkdocs.yml's Markdown extensions and their settings."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name = item if isinstance(item, str) else next(iter(item))
        names.append(name)
        if isinstance(item, dict):
            settings[name] = {k: v == "true" if v in ("true", "false") else v for k, v in item[name].items()}
    return names, settings


def _html(text: str, blocks: frozenset[str] | None) -> str:
    names, settings = _markdown_extensions()
    extensions = list(names)
    if blocks is not None:
        handed = GeneratedHtmlBlocks()
        handed.page_blocks = blocks
        extensions.append(handed)
    return markdown.Markdown(extensions=extensions, extension_configs=settings).convert(text)


def _same_html_either_way(pages) -> int:
    handed_over = 0
    for page in pages:
        text, _ = get_data(page.markdown)
        assert _html(text, page.html_blocks) == _html(text, None), page.src_uri
        chunks = set(text.split("\n\n"))
        handed_over += len(page.html_blocks & chunks)
    return handed_over


def test_the_real_pages_are_the_same_with_their_blocks_handed_over(roadmap):
    pages = build_pages(roadmap)
    by_uri = {page.src_uri: page for page in pages}
    assert all(by_uri[routes.output(output)].html_blocks for output in roadmap.outputs)
    assert _same_html_either_way(pages) > len(roadmap.outputs)  # the blocks are really handed over


def test_a_synthetic_archive_is_the_same_with_its_blocks_handed_over(tmp_path):
    from bench.synthetic import write_roadmap
    from tiekartta.model import load_roadmap

    write_roadmap(tmp_path / "roadmap", 60)
    roadmap = load_roadmap(tmp_path / "roadmap", tmp_path)
    assert _same_html_either_way(build_pages(roadmap)) > 60


def test_an_output_with_documents_and_links_is_the_same_with_its_blocks_handed_over(content_copy):
    # The materials fixture: every kind of document, links and a structured description.
    from materials_fixture import OUTPUT_ID, add_fixture
    from tiekartta.model import load_roadmap

    roadmap = load_roadmap(add_fixture(content_copy), content_copy.parent)
    page = next(p for p in build_pages(roadmap) if p.src_uri == routes.output(roadmap.output_by_id[OUTPUT_ID]))
    assert any('class="tk-asiakirja"' in block for block in page.html_blocks)
    assert any('class="tk-linkit"' in block for block in page.html_blocks)
    assert _same_html_either_way([page]) == len(page.html_blocks)
    assert {"asiakirja-1", "asiakirja-8"} <= anchors_in(page.html_blocks)


def test_a_hand_written_page_hands_nothing_over():
    text = '<div class="tk-teksti">\n<p>Käsin</p>\n</div>\n\nTeksti *korostettu*.'
    assert _html(text, frozenset()) == _html(text, None)


def test_only_a_noted_block_standing_alone_is_handed_over():
    # (Spans, which the templates' filter would not note, to see what Markdown did.)
    text = "<span>*annettu*</span>\n\n<span>*luettu*</span>\n\nTeksti <span>*annettu*</span>"
    html = _html(text, frozenset({"<span>*annettu*</span>"}))
    assert "<p><span>*annettu*</span>" in html  # as it is
    assert "<span><em>luettu</em></span>" in html
    assert "Teksti <span><em>annettu</em></span>" in html


def test_the_ids_in_handed_over_blocks_are_anchors_for_mkdocs_link_check():
    blocks = frozenset({'<table><tr><th id="tk-ulottuvuus">A</th></tr></table>', '<p id="toinen">B</p>', "<p>C</p>",
                        '<p><a name="kohta">D</a></p>'})
    assert anchors_in(blocks) == {"tk-ulottuvuus", "toinen", "kohta"}
    assert anchors_in(frozenset()) == set()


@pytest.mark.parametrize("html", [
    '<a href="x">x</a>',  # Markdown would put a paragraph around it and read its Markdown
    '<div class="tk-aikajana" markdown="1">\n*x*\n</div>',  # Markdown inside it
    '<div>\n<p markdown>*x*</p>\n</div>',
])
def test_a_template_can_note_only_plain_html_blocks(html):
    env = environment().overlay(loader=DictLoader({"t.md.j2": "{% filter html_block %}\n" + html + "\n{% endfilter %}\n"}))
    with pytest.raises(ValueError, match="ei pelkkä HTML-lohko"):
        env.get_template("t.md.j2").render(html_blocks=set())
