"""The Finnish forms of the content's words, kept between builds in one file.

Finding a word's forms (Voikko's analysis, the inflection tables, the stems) is the slowest step
of the search index (tiekartta/search/index.py). A build keeps the forms it found; the next one
reads them (milliseconds) and analyses only new words.

The file is valid for one version of the code that finds the forms, of Voikko (library and
dictionary) and of the stemmer: its name is a checksum of them, and any other file in the folder
is removed when a new one is written. A file that cannot be read is as if there were none. The
file holds words and their forms only, read as JSON: data, never code.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import finnish, morphology
from .finnish import FinnishForms

# The packages whose versions change the forms: the inflection tables, Voikko's bindings and
# the stemmer (libvoikko's own version and dictionary come from morphology.native_identity).
_PACKAGES = ("voikko", "libvoikko", "pyvoikko", "kfst-rs", "snowballstemmer", "PyStemmer")
_SUFFIX = ".json"


def key(forms: FinnishForms) -> str:
    """The checksum of everything the forms depend on."""
    digest = hashlib.sha256()
    for module in (finnish, morphology):
        digest.update(Path(module.__file__).read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-\n".encode())
    digest.update(morphology.native_identity().encode())
    digest.update(b"inflect" if forms.inflecting else b"lemmas")
    return digest.hexdigest()[:24]


def load(folder: Path, forms: FinnishForms) -> int:
    """The forms of the folder's file into `forms`; how many words (0 without a valid file)."""
    try:
        data = json.loads((folder / f"{key(forms)}{_SUFFIX}").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or not all(
        isinstance(word, str) and isinstance(found, dict)
        and all(isinstance(stem, str) and isinstance(form, str) for stem, form in found.items())
        for word, found in data.items()
    ):
        return 0
    forms.remember(data)
    return len(data)


def save(folder: Path, forms: FinnishForms, words: Iterable[str]) -> None:
    """The forms of these words into the folder's file (written whole, then put in place)."""
    name = f"{key(forms)}{_SUFFIX}"
    known = forms.known(sorted(set(words)))
    try:
        if json.loads((folder / name).read_text(encoding="utf-8")) == known:
            return  # nothing new
    except (OSError, ValueError):
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as file:
            # dumps, not dump: the same text, encoded in one go by the json module's C encoder.
            file.write(json.dumps(known, ensure_ascii=False, separators=(",", ":")))
        os.replace(file.name, folder / name)
        for other in folder.iterdir():
            if other.name != name and other.suffix in (_SUFFIX, ".tmp"):
                other.unlink(missing_ok=True)
    except OSError:
        return  # a folder that cannot be written: the next build analyses again
