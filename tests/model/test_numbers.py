"""Finnish number agreement: one helper for every count on the site and in the messages."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from tiekartta.numbers import count_of, number_form
from tiekartta.pages.render import environment

TEMPLATES = REPO / "tiekartta" / "pages" / "templates"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 tuotosta, jotka"), (1, "1 tuotos, jonka"), (2, "2 tuotosta, jotka"), (21, "21 tuotosta, jotka")],
)
def test_a_count_and_the_words_that_refer_to_it_agree(count, expected):
    assert f"{count_of(count, 'tuotos', 'tuotosta')}, {number_form(count, 'jonka', 'jotka')}" == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 hankkeesta"), (1, "1 hankkeesta"), (2, "2 hankkeesta"), (21, "21 hankkeesta")],
)
def test_in_other_cases_the_noun_keeps_the_numerals_case_in_the_singular(count, expected):
    assert count_of(count, "hankkeesta", "hankkeesta") == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "aiemmista hankkeista"), (1, "aiemmasta hankkeesta"), (2, "aiemmista hankkeista"), (21, "aiemmista hankkeista")],
)
def test_a_plural_elsewhere_in_the_sentence_follows_the_count(count, expected):
    assert number_form(count, "aiemmasta hankkeesta", "aiemmista hankkeista") == expected


@pytest.mark.parametrize(("count", "expected"), [(0, "0 tuotosta, jotka"), (1, "1 tuotos, jonka"),
                                                 (2, "2 tuotosta, jotka"), (21, "21 tuotosta, jotka")])
def test_the_templates_filters_are_the_helper(count, expected):
    template = environment().from_string('{{ n|count_of("tuotos", "tuotosta") }}, {{ n|number_form("jonka", "jotka") }}')
    assert template.render(n=count) == expected


def test_no_template_writes_a_count_before_a_word_by_hand():
    """A count printed straight before a word ('{{ items|length }} tuotosta') or an ending chosen
    inline ('virhe{{ "" if n == 1 else "ttä" }}') agrees only by chance: use count_of/number_form."""
    before_word = re.compile(r"\{\{([^}]*)\}\} ?[a-zäö]")
    inline_ending = re.compile(r"[a-zäö]\{\{[^}]*==\s*1[^}]*\}\}")
    agreeing = re.compile(r"\|\s*(?:count_of|number_form)\([^)]*\)\s*$")
    found = []
    for template in sorted(TEMPLATES.rglob("*.j2")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            for match in before_word.finditer(line):
                expression = match.group(1)
                if re.search(r"\|\s*length|count", expression) and not agreeing.search(expression):
                    found.append(f"{template.relative_to(TEMPLATES)}:{number}: {match.group(0)}")
            found += [f"{template.relative_to(TEMPLATES)}:{number}: {m.group(0)}" for m in inline_ending.finditer(line)]
    assert not found, "\n".join(found)
