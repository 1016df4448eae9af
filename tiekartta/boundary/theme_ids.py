"""The ids of the theme's own elements: Material's (`__config`, the settings its script reads;
`__drawer`, `__search`, `__toc`, `__nav_3`, `__palette_0`, `__consent` …), all starting with two
underscores. A page element with one of them takes the theme element's place (getElementById
finds the first), and the page's JavaScript stops working."""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from ..model.problems import Problem

THEME_ID_PREFIX = "__"
_THEME_ATTRIBUTE = re.compile(r"""\s(data-md-[\w-]*)\s*=""", re.IGNORECASE)


# The ids and data-md-* attribute names of real elements (not of text that looks like them), in C.
_IDS = etree.XPath("//@id|//@name")
_THEME_ATTRIBUTES = etree.XPath("//@*[starts-with(name(), 'data-md-')]")


def is_theme_id(value: str) -> bool:
    return value.strip().startswith(THEME_ID_PREFIX)


def theme_id_problems(html: str, file: str, source: str = "") -> list[Problem]:
    """The ids (and data-md-* attributes) of a page's converted content that belong to the theme,
    whatever made them; the line is where the page's source (if given) first has the text."""
    return theme_id_problems_in(etree.fromstring(html, _parser()) if html.strip() else None, file, source)


def theme_id_problems_in(tree: etree._Element | None, file: str, source: str = "") -> list[Problem]:
    """theme_id_problems of a page already read by libxml2's HTML parser (the publishing gate's)."""
    if tree is None:
        return []
    ids = [str(value) for value in _IDS(tree)]
    names = [value.attrname for value in _THEME_ATTRIBUTES(tree)]
    problems = [theme_id_problem(file, line_of(source, value), value)
                for value in dict.fromkeys(ids) if is_theme_id(value)]
    problems += [theme_attribute_problem(file, line_of(source, name), name) for name in dict.fromkeys(names)]
    return problems


@cache
def _parser():
    return etree.HTMLParser(recover=True)


def line_of(source: str, value: str) -> int:
    """The line where `source` first has `value` (1 when it does not)."""
    at = source.find(value)
    return source.count("\n", 0, at) + 1 if at >= 0 else 1


def theme_attributes_in(html: str) -> list[str]:
    """data-md-component="…", data-md-toggle="…": the theme's script takes such an element for its own part."""
    return list(dict.fromkeys(m.group(1).lower() for m in _THEME_ATTRIBUTE.finditer(html)))


def theme_attribute_problem(file: str, line: int, name: str) -> Problem:
    return Problem(
        file, line, "", "reserved-id",
        f"Attribuutti '{name}' on sivuston teeman omassa käytössä: teeman skripti ottaisi elementin "
        "omaksi osakseen. Poista attribuutti.", "attribute reserved for the theme")


def theme_id_problem(file: str, line: int, found: str) -> Problem:
    return Problem(
        file, line, "", "reserved-id",
        f"Tunniste '{found}' on sivuston teeman omassa käytössä (tunnisteet, jotka alkavat kahdella "
        f"alaviivalla '__', kuten __config ja __drawer). Sama tunniste sivulla rikkoisi sivun toiminnot. "
        f"Muuta otsikkoa tai tunnistetta.", "id reserved for the theme",
    )
