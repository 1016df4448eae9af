"""Finnish proofreading with Voikko: every word a reader or editor sees on the built site (page
text, titles, alternative texts, ARIA labels, the guide), in the published open data's schema and
in the content's error messages is
known to Voikko or on the reviewed list (tests/builds/proofreading-allowed.txt), and Voikko's grammar
checker finds nothing. A new unknown word fails with the page (or message) and the word."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from broken_content import CASES, apply
from conftest import CONTENT, REPO
from proofreading import ALLOWED_FILE, allowed_words, message_prose, grammar_errors, texts_of_page, unknown_words, voikko
from sitecheck import html_pages
from tiekartta.model import ContentError, load_roadmap
from tiekartta.model.schema import schemas
from tiekartta.pages import routes


def _report(findings) -> str:
    return "\n".join(str(finding) for finding in findings)


@pytest.fixture(scope="module")
def site_texts(built_site) -> dict[str, list[str]]:
    return {path.relative_to(built_site).as_posix(): texts_of_page(path.read_text(encoding="utf-8"))
            for path in html_pages(built_site)}


def _descriptions(node):
    """The descriptions and titles of a schema: viewers and editors show both."""
    if isinstance(node, dict):
        for key in ("title", "description"):
            if isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


@pytest.fixture(scope="module")
def schema_texts(built_site) -> dict[str, list[str]]:
    """The descriptions of the published JSON Schema, which open data users read beside the data,
    and of the editors' schemas (quoted values and paths left out, as in the error messages)."""
    schema = json.loads((built_site / routes.DATA_SCHEMA).read_text(encoding="utf-8"))
    texts = {routes.DATA_SCHEMA: [message_prose(text) for text in _descriptions(schema)]}
    # The editors' schemas, which their editors show beside each file and field.
    for name, editors in schemas().items():
        texts[f"roadmap/schema/{name}.schema.json"] = [message_prose(text) for text in _descriptions(editors)]
    return texts


@pytest.fixture(scope="module")
def error_messages(tmp_path_factory) -> dict[str, list[str]]:
    """The Finnish messages an editor gets for the broken inputs of tests/broken_content.py."""
    messages = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp("oikoluku") / "roadmap"
        shutil.copytree(CONTENT, folder)
        apply(folder, case)
        with pytest.raises(ContentError) as raised:
            load_roadmap(folder, folder.parent)
        messages[f"virheilmoitus ({case.name})"] = [message_prose(p.message) for p in raised.value.problems]
    return messages


def test_voikko_is_the_native_library_with_the_finnish_dictionary():
    assert voikko().spell("tiekartta") and not voikko().spell("tiekartat-x")


def test_every_word_on_the_built_site_is_known_or_allowed(site_texts):
    assert len(site_texts) > 50
    findings = [f for page, texts in site_texts.items() for f in unknown_words(texts, page)]
    assert not findings, "Voikko ei tunne näitä sanoja (korjaa tai lisää perusteltuna tiedostoon " \
        f"{ALLOWED_FILE.name}):\n{_report(findings)}"


def test_voikkos_grammar_checker_finds_nothing_on_the_built_site(site_texts):
    findings = [f for page, texts in site_texts.items() for f in grammar_errors(texts, page)]
    assert not findings, _report(findings)


def test_the_built_site_quotes_with_finnish_quotation_marks(site_texts):
    """”Asiakirjojen teksti”, not "Asiakirjojen teksti": code and examples are not read here, and a
    value an editor types with its quotes ("12.00", "VVVV-KK-PP") has no space in it."""
    straight = re.compile(r'"[^"\s][^"]* [^"]*"')
    found = [(where, m.group(0)) for where, texts in site_texts.items() for text in texts for m in straight.finditer(text)]
    assert not found, found


def test_every_word_of_the_published_schema_is_finnish_known_or_allowed(schema_texts):
    """No description of the model's code (an English docstring) reaches the published schema."""
    assert sum(len(texts) for texts in schema_texts.values()) > 50
    findings = [f for where, texts in schema_texts.items() for f in unknown_words(texts, where)]
    findings += [f for where, texts in schema_texts.items() for f in grammar_errors(texts, where)]
    assert not findings, _report(findings)


def test_every_word_of_the_error_messages_is_known_or_allowed(error_messages):
    findings = [f for case, texts in error_messages.items() for f in unknown_words(texts, case)]
    assert not findings, _report(findings)


def test_voikkos_grammar_checker_finds_nothing_in_the_error_messages(error_messages):
    findings = [f for case, texts in error_messages.items() for f in grammar_errors(texts, case)]
    assert not findings, _report(findings)


def test_a_new_unknown_word_fails_with_the_page_and_the_word():
    texts = texts_of_page("<html><head><title>Testi</title></head><body><p>Tietopankissa on tuotoksia "
                          "ja kirjoitusvirhe tuotoksai.</p><p lang='en'>Commit changes</p>"
                          "<img alt='Kuva kartasta ja virhee'></body></html>")
    findings = unknown_words(texts, "tietopankki/index.html")
    assert [(f.where, f.word) for f in findings] == [("tietopankki/index.html", "tuotoksai"), ("tietopankki/index.html", "virhee")]


def test_a_repeated_word_is_a_grammar_error():
    findings = grammar_errors(["Tietopankissa on on tuotoksia."], "sivu")
    assert findings and "kahteen kertaan" in findings[0].word


def test_every_allowed_word_is_explained_and_still_needed(site_texts, error_messages, schema_texts):
    """The list stays reviewed: each word has its reason, and a word nothing on the site or in the
    messages uses any more is taken off."""
    lines = [line for line in ALLOWED_FILE.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert all("#" in line and line.split("#", 1)[1].strip() for line in lines), [l for l in lines if "#" not in l]
    import re

    used = {w.casefold() for texts in (*site_texts.values(), *error_messages.values(), *schema_texts.values()) for text in texts
            for w in re.findall(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)*", text) for w in (w, *w.split("-"))}
    unused = sorted(word for word in allowed_words() if word not in used)
    assert not unused, unused
