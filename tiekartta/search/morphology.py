"""Voikko's analysis of a Finnish word: its base form, word class and compound parts.

Voikko runs natively (libvoikko with its Finnish dictionary, Debian's libvoikko1 and voikko-fi,
which `make` installs): it loads in milliseconds and analyses a word in some 25 µs. The same
transducer run from Python (pyvoikko on kfst-rs) takes about a second to load in every build
and four times as long a word; it is used only where the native library is not installed
(a machine without Debian's packages, such as a Mac). Either way the analysis is the transducer's
own output (libvoikko's FSTOUTPUT), read here as pyvoikko reads it (tests/model/test_search.py compares
the two over the real content). libvoikko leaves out a few readings it does not take for words
(one word in the content's 2,106: vastaamme as the compound vasta+amme).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The transducer's word class tags ([Ln], [Lt] …) in Voikko's own Finnish names.
WORD_CLASSES = {
    "n": "nimisana", "l": "laatusana", "nl": "nimisana_laatusana", "h": "huudahdussana",
    "ee": "etunimi", "es": "sukunimi", "ep": "paikannimi", "em": "nimi", "t": "teonsana",
    "a": "lyhenne", "s": "seikkasana", "u": "lukusana", "ur": "lukusana", "r": "asemosana",
    "c": "sidesana", "d": "suhdesana", "k": "kieltosana", "p": "etuliite",
}
_ADJECTIVES = {"laatusana", "nimisana_laatusana"}  # a compound keeps their base form (korkeakoulu)
_TAG = re.compile(r"(\[[^\]]+\])")

MISSING = (
    "Suomen sanojen analyysi (haku) tarvitsee Voikon: asenna Debianin paketit libvoikko1 ja voikko-fi "
    "(make setup tekee sen). Virhe: {error}"
)
PYTHON_VOIKKO = (
    "Haku: natiivia Voikkoa (Debianin libvoikko1 ja voikko-fi) ei löytynyt, joten sanat analysoidaan "
    "hitaammalla Python-Voikolla (pyvoikko). Syy: %s"
)
log = logging.getLogger("mkdocs.plugins.tiekartta")


class VoikkoMissing(Exception):
    """No Voikko to analyse with: neither libvoikko with its Finnish dictionary nor pyvoikko."""


@dataclass(frozen=True)
class Analysis:
    """One reading of a word. A compound has its parts (the last one gives its class)."""

    form: str
    baseform: str
    word_class: str | None
    output: str  # the transducer's output this reading was read from
    parts: tuple[Analysis, ...] = ()


def read_output(output: str) -> Analysis | None:
    """An analysis from the transducer's output: '[Ln][Xp]perhe[X]perhe[Sn][Ny][Bh][Bc][Ln]…'."""
    tokens = [token for token in _TAG.split(output) if token]
    chunks: list[list[str]] = [[]]
    for token in tokens:
        if token == "[Bc]":  # a compound boundary
            chunks.append([])
        else:
            chunks[-1].append(token)
    parts = [_read_part(chunk) for chunk in chunks if any(t.startswith("[L") for t in chunk)]
    if not parts:
        return None
    last = parts[-1]
    if len(parts) == 1:
        return last
    baseform = "".join(
        (part.baseform if part == last or part.word_class in _ADJECTIVES else part.form)
        + ("-" if part.form.endswith("-") else "")
        for part in parts
    )
    form = "".join(part.form for part in parts)
    return Analysis(form, baseform, last.word_class, output, tuple(parts))


def _read_part(tokens: list[str]) -> Analysis:
    """One part: the surface text outside [X…] groups, the base form inside [Xp]…[X]."""
    in_base = in_skipped = False
    baseform = surface = base_text = surface_text = ""
    word_class: str | None = None
    flags: set[str] = set()
    for token in tokens:
        if token in ("[Xp]", "[Xj]"):  # a base form follows; a derivation restarts it
            in_base = True
            baseform += surface_text
            surface += surface_text
            surface_text = base_text = ""
        elif token in ("[Xr]", "[Xs]"):
            in_skipped = True
        elif token == "[X]":
            in_base = in_skipped = False
        elif token.startswith("["):
            name, value = token[1], token[2:-1]
            if name in ("I", "D"):
                flags.add(name + value)
            elif name == "L":
                word_class = WORD_CLASSES.get(value, value)
        elif in_skipped:
            continue
        elif in_base:
            base_text += token
        else:
            surface_text += token
    baseform += base_text
    surface += surface_text
    if not baseform:
        baseform = surface[:-1] if surface.endswith("-") else surface
    if "De" in flags and surface.endswith("is-"):
        baseform = surface[:-1]
    if "Dg" in flags:
        baseform = baseform.lower()
    elif "De" in flags:
        baseform = baseform.capitalize()
    return Analysis(surface, baseform, word_class, "".join(tokens))


class Analyser:
    """Voikko's analyser for one process: native (`native` is True) or run from Python. A
    libvoikko handle is not safe to share between threads, so calls take turns."""

    def __init__(self) -> None:
        try:
            import libvoikko

            voikko = libvoikko.Voikko("fi")
        except Exception as error:  # noqa: BLE001 - OSError without the library, VoikkoException without the dictionary
            self.native = False
            self._outputs = _python_transducer(error)
        else:
            self.native = True
            self._outputs = lambda word: _native_outputs(voikko, word)
        self._lock = threading.Lock()

    def analyse(self, word: str) -> list[Analysis]:
        """The readings of a word."""
        with self._lock:
            outputs = self._outputs(word)
        return [analysis for analysis in map(read_output, outputs) if analysis is not None]


# Where libvoikko looks for its dictionaries (its documented search path), for native_identity.
_DICTIONARY_FOLDERS = ("~/.voikko", "/etc/voikko", "/usr/lib/voikko", "/usr/share/voikko", "/usr/local/lib/voikko",
                       "/opt/homebrew/lib/voikko")


def native_identity() -> str:
    """Which native Voikko would analyse: the library's version and its dictionaries' own
    descriptions (index.txt: version and build date); empty without one. For forms_cache."""
    try:
        import libvoikko

        parts = [libvoikko.Voikko.getVersion(), *(d.description for d in libvoikko.Voikko.listDicts())]
    except Exception:  # noqa: BLE001 - no library (OSError) or no dictionary: no native Voikko
        return ""
    folders = [*os.environ.get("VOIKKO_DICTIONARY_PATH", "").split(os.pathsep), *_DICTIONARY_FOLDERS]
    for folder in filter(None, folders):
        for index in sorted(Path(folder).expanduser().glob("*/*/index.txt")):
            try:
                parts.append(index.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
    return "\n".join(parts)


def _native_outputs(voikko, word: str) -> list[str]:
    # libvoikko adds readings of its own (a capitalised name for a word written in lower case)
    # without transducer output; they are not the word's forms.
    return [reading["FSTOUTPUT"] for reading in voikko.analyze(word) if reading.get("FSTOUTPUT")]


def _python_transducer(native_error: Exception) -> Callable[[str], list[str]]:
    try:
        import pyvoikko  # loads the transducer (about a second)
        from kfst import TokenizationException
    except ImportError as error:
        raise VoikkoMissing(MISSING.format(error=native_error)) from error
    log.info(PYTHON_VOIKKO, native_error)

    def outputs(word: str) -> list[str]:
        try:
            return [output for output, _weight in pyvoikko.VOIKKO_FST.lookup(word)]
        except TokenizationException:  # a character the transducer does not know: no readings
            return []

    return outputs
