"""Finnish number agreement, in one place for every page, message and count on the site.

After a numeral other than 1 a Finnish noun in the nominative is in the singular partitive
("2 tuotosta", also "0 tuotosta" and "21 tuotosta": Finnish has no special case for numbers
ending in 1); after 1 it is in the nominative ("1 tuotos"). In the other cases the noun keeps
the numeral's case in the singular ("1 hankkeesta", "17 hankkeesta"), so both forms given are
the same. Words that refer back to the counted thing (a relative pronoun, a plural noun
elsewhere in the sentence) follow the number: "1 tuotos, jonka" but "2 tuotosta, jotka".

No imports from the rest of the package: the model (error messages) and the pages both use it.
"""

from __future__ import annotations


def number_form(count: int, singular: str, plural: str) -> str:
    """The word that agrees with `count`: singular for exactly one, plural otherwise.

    number_form(1, "jonka", "jotka") -> 'jonka'; number_form(2, "jonka", "jotka") -> 'jotka'.
    """
    return singular if count == 1 else plural


def count_of(count: int, one: str, many: str) -> str:
    """The number and the noun after it: count_of(1, "tuotos", "tuotosta") -> '1 tuotos',
    count_of(21, "tuotos", "tuotosta") -> '21 tuotosta'."""
    return f"{count} {number_form(count, one, many)}"
