"""A linear-time prefilter that tells which of many Python regexes can match a text at all.

Running every Python regex over every text costs one backtracking pass per regex. Instead, each
regex is translated into an RE2 pattern that matches a SUPERSET of what the regex matches, and all
of them go into one RE2 set: a single linear pass over the text returns the regexes that may match,
and only those need to run in Python. On ordinary text that is almost none.

How a regex is translated (from Python's own parse of it, node by node):

* Zero-width assertions (lookarounds, ^, $, \\b, \\A, \\Z) are dropped: a match of the regex is
  still a match of the rest, which is what the RE2 pattern keeps.
* Groups, alternation and repetition are kept as they are. Atomic groups and possessive or lazy
  repetition become ordinary ones, which match at least the same strings. A repetition bound over
  RE2's limit of 1,000 is left open ({50,1024} becomes {50,}).
* Each single-character atom becomes an RE2 character class:
  - "exact" atoms, a literal or a non-negated set of literals and ranges, with no case-insensitive
    letter in them, match the same characters in both engines and are copied as they are;
  - every other atom (\\d, \\w, \\s, ., negated sets, case-insensitive letters) is not left to
    RE2's idea of it: Unicode categories and case folding differ between the engines (Python's
    case-insensitive "i" matches "İ" and "ı", RE2's does not). Python's own regex engine is asked
    which of the characters below U+0800 (those of one or two bytes in UTF-8: ASCII, Latin with
    Finnish and Sámi letters, Greek, Cyrillic and more) it accepts for the atom, compiled alone,
    and the RE2 class holds exactly those plus EVERY character from U+0800 up.
* Back references and conditional groups have no RE2 form: such a regex is not translated and
  always runs.

Because every atom accepts at least what Python's accepts, and the structure is the same with only
assertions removed, any text in which the regex finds a match contains a substring the RE2 pattern
matches. The other direction is not needed: a regex that the prefilter lets through may still find
nothing, and then Python says so.

A text that cannot be encoded as UTF-8 (a lone surrogate) is not prefiltered: every regex runs. A
sentinel pattern that matches every text is added to the set, so that if RE2 ever failed to finish
a search (it reports that only by returning no matches), the failure is seen and every regex runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

import re2

try:  # Python 3.11+: the parser and compiler behind the re module
    from re import _compiler as _sre_compile
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older layouts
    import sre_compile as _sre_compile  # type: ignore[no-redef]
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_C = _sre_constants
_RE2_MAX_REPEAT = 1000
# Below this code point an atom whose meaning could differ between the engines is asked from
# Python's own engine character by character; at and above it, every character is let through.
_ASKED_BELOW = 0x800
# RE2's default memory limit of 8 MiB is enough, but its DFA then has to drop and rebuild states
# often on this many patterns (every counted repetition is unrolled); with more room it keeps them.
_MAX_MEM = 64 << 20


class Untranslatable(ValueError):
    """The regex uses something RE2 has no superset form for: it always runs."""


def superset_pattern(regex: re.Pattern) -> str:
    """An RE2 pattern that matches (as a search) every text in which regex finds a match."""
    if not isinstance(regex.pattern, str):
        raise Untranslatable("bytes pattern")
    parsed = _sre_parse.parse(regex.pattern, regex.flags)
    return _sequence(parsed, parsed.state.flags)


def _sequence(items, flags: int) -> str:
    return "".join(_node(op, av, flags) for op, av in items)


def _node(op, av, flags: int) -> str:
    if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
        return _atom(op, _freeze(av), flags)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return ""  # zero-width: dropping it only widens
    if op is _C.BRANCH:
        _, branches = av
        return "(?:" + "|".join(_sequence(branch, flags) for branch in branches) + ")"
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return "(?:" + _sequence(body, (flags | add_flags) & ~del_flags) + ")"
    if op is _C.ATOMIC_GROUP:
        return "(?:" + _sequence(av, flags) + ")"
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        low, high, body = av
        if low > _RE2_MAX_REPEAT:
            low = _RE2_MAX_REPEAT
        bounds = f"{{{low},}}" if high is _C.MAXREPEAT or high > _RE2_MAX_REPEAT else f"{{{low},{high}}}"
        return "(?:" + _sequence(body, flags) + ")" + bounds
    raise Untranslatable(f"no RE2 form for {op}")


def _freeze(av):
    """A hashable form of an atom's argument, for the cache."""
    if isinstance(av, list):
        return tuple((op, _freeze(arg)) for op, arg in av)
    return av


def _cased(code: int) -> bool:
    # Conservative: Python's own test (its simple case mappings differ from the character) implies
    # that the full mappings differ too.
    char = chr(code)
    return char.lower() != char or char.upper() != char


@lru_cache(maxsize=None)
def _atom(op, av, flags: int) -> str:
    """An RE2 class accepting every character the Python atom accepts."""
    ignore_case = bool(flags & re.IGNORECASE)
    if op is _C.LITERAL and not (ignore_case and _cased(av)):
        return _class([(av, av)])
    if op is _C.IN and all(item is _C.LITERAL or item is _C.RANGE for item, _ in av):
        ranges = [(arg, arg) if item is _C.LITERAL else arg for item, arg in av]
        if not ignore_case or not any(_cased(code) for low, high in ranges for code in range(low, high + 1)):
            return _class(ranges)
    # Python's engine, given the atom repeated, finds each run of characters it accepts.
    state = _sre_parse.State()
    state.flags = flags
    atom = _sre_parse.SubPattern(state, [(op, thaw(av))])
    runs = _sre_compile.compile(_sre_parse.SubPattern(state, [(_C.MAX_REPEAT, (1, _C.MAXREPEAT, atom))]), flags)
    accepted = [(match.start(), match.end() - 1) for match in runs.finditer(_asked())]
    return _class(accepted + [(_ASKED_BELOW, 0x10FFFF)])


@cache
def _asked() -> str:
    """Every character below _ASKED_BELOW, in order: a character's position is its code point."""
    return "".join(map(chr, range(_ASKED_BELOW)))


def thaw(av):
    """An sre_parse argument as the parser builds it: nested tuples (as _freeze keeps them,
    hashable) back into lists of (op, argument)."""
    if isinstance(av, tuple) and av and isinstance(av[0], tuple):
        return [(op, thaw(arg)) for op, arg in av]
    return av


def _class(ranges: list[tuple[int, int]]) -> str:
    """An RE2 character class of the given inclusive code point ranges (adjacent ones merged)."""
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return "[" + "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in merged) + "]"


def _char(code: int) -> str:
    return f"\\x{{{code:X}}}"


class Prefilter:
    """Which of a fixed list of Python regexes may match a text, in one RE2 pass."""

    def __init__(self, regexes: Sequence[re.Pattern]):
        self.count = len(regexes)
        options = re2.Options()
        options.max_mem = _MAX_MEM
        options.never_capture = True
        self._set = re2.Set.SearchSet(options)
        self._sentinel = self._set.Add("")
        self._regex_of: dict[int, int] = {}
        always: set[int] = set()
        self.patterns: dict[int, str] = {}
        for index, regex in enumerate(regexes):
            try:
                pattern = superset_pattern(regex)
                self._regex_of[self._set.Add(pattern)] = index
            except (Untranslatable, re2.error):
                always.add(index)
            else:
                self.patterns[index] = pattern
        self._set.Compile()
        self.always = frozenset(always)
        self._all = frozenset(range(self.count))

    def candidates(self, text: str) -> frozenset[int]:
        """Indices of the regexes that may find a match in text; the others find none."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: no prefiltering
            return self._all
        found = self._set.Match(data) or ()
        if self._sentinel not in found:  # RE2 gave up (it returns no matches then)
            return self._all
        if len(found) == 1:
            return self.always
        return self.always.union(self._regex_of[i] for i in found if i != self._sentinel)
