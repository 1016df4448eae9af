"""Finnish word forms for the search index: what a page's words look like in other forms.

Pagefind stems words with the Snowball Finnish stemmer, which strips case endings, possessive
suffixes and clitics but cannot undo consonant gradation (kaupunki/kaupungissa,
Pyhäselkä/Pyhäselällä), stem changes (lapsi/lasten) or find a word inside a compound
(yhteistyömalli/malli). So for every word on a page we ask Voikko's analyser for its base form and
compound parts, inflect those with Voikko's inflection tables, and keep one form for every
Snowball stem the page does not already have. Indexed with the page, those forms let an
inflected query reach the page through Pagefind's own stemming, in the browser, with no
Finnish analyser there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import snowballstemmer

from .morphology import Analyser

# Letters only: numbers and punctuation never need Finnish forms.
_WORD = re.compile(r"[^\W\d_]+")

# Voikko word classes worth inflecting: nouns, adjectives, names and verbs. Pronouns,
# conjunctions, adverbs and the like are either uninflected or useless as search words.
_NOMINAL = {"nimisana", "laatusana", "nimisana_laatusana", "paikannimi", "sukunimi", "etunimi", "nimi"}
_VERBAL = {"teonsana"}
# Forms nobody types into a search box; each would add a stem of its own (kaupungitta).
_RARE_FORMS = {"abessiivi", "abessiivi_mon", "instruktiivi_mon", "komitatiivi"}
MIN_LENGTH = 3


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Lemma:
    """A base form to inflect: `prefix` stays as is, `last` is inflected (lasten|suojelu)."""

    prefix: str
    last: str
    verb: bool

    @property
    def text(self) -> str:
        return self.prefix + self.last


class FinnishForms:
    """Base forms, compound parts and inflected forms of Finnish words (Voikko), cached."""

    def __init__(self, *, inflect: bool = True) -> None:
        """inflect=False keeps base forms and compound parts only (what a lemmatiser gives;
        used to compare the options, bench/search_options.py)."""
        self._stemmer = snowballstemmer.stemmer("finnish")
        self._inflect = inflect
        self._forms: dict[str, dict[str, str]] = {}  # word -> its forms by Snowball stem (_forms_of)

    @property
    def inflecting(self) -> bool:
        return self._inflect

    @cached_property
    def _analyse(self):
        return Analyser().analyse

    @cached_property
    def _inflection(self):
        from voikko import inflect_word

        return inflect_word

    @cached_property
    def _by_reversed_word(self) -> list[tuple[str, str]]:
        """Voikko's words with their inflection classes, sorted by the reversed word (for guessing)."""
        return sorted((w[::-1], w) for w in self._inflection.WORD_CLASSES)

    @cache
    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word.lower())

    @cache
    def stemmed_forms(self, lemma: Lemma) -> tuple[tuple[str, str], ...]:
        return tuple((self.stem(form), form) for form in self.inflected(lemma))

    @cache
    def lemmas(self, word: str) -> tuple[Lemma, ...]:
        """Base forms of a word and of its compound parts that are words of their own."""
        found: list[Lemma] = []
        for analysis in self._analyse(word.lower()):
            kind = analysis.word_class
            if kind not in _NOMINAL and kind not in _VERBAL:
                continue
            verb = kind in _VERBAL
            base = analysis.baseform.lower()
            segments = [s for s in base.split("=") if s]
            parts = [p for p in analysis.parts if p.baseform]
            whole = "".join(segments)
            if parts:
                last = parts[-1].baseform.lower().replace("=", "")
                prefix = whole[: -len(last)] if whole.endswith(last) and whole != last else ""
                found.append(Lemma(prefix, last if prefix else whole, verb))
                found.extend(self._parts(parts))
            elif len(segments) > 1:
                # Proper names come with their boundaries marked: Kontio=lahti, Joen=suu.
                found.append(Lemma("".join(segments[:-1]), segments[-1], verb))
                found.append(Lemma("", segments[-1], verb))
            else:
                found.append(Lemma("", whole, verb))
        unique = {}
        for lemma in found:
            if len(lemma.text) >= MIN_LENGTH:
                unique.setdefault(lemma, None)
        return tuple(unique)

    def _parts(self, parts) -> list[Lemma]:
        """Compound parts and runs of parts that Voikko knows as words (yhteistyö, työmalli)."""
        found = []
        count = len(parts)
        for start in range(count):
            for end in range(start, count):
                if start == 0 and end == count - 1:
                    continue  # the whole word
                head = "".join(p.form.lower() for p in parts[start:end])
                last = parts[end].baseform.lower().replace("=", "")
                candidate = head + last
                if len(last) < MIN_LENGTH or not self._is_word(candidate):
                    continue
                found.append(Lemma(head, last, parts[end].word_class in _VERBAL))
        return found

    @cache
    def _is_word(self, candidate: str) -> bool:
        return any(
            a.baseform.lower().replace("=", "") == candidate and (a.word_class in _NOMINAL or a.word_class in _VERBAL)
            for a in self._analyse(candidate)
        )

    def _classes(self, lemma: Lemma) -> list[str]:
        """Voikko's inflection classes of a base form; for a word it does not list, those of the
        listed word of the same kind with the longest common ending (as Voikko's own guess does)."""
        known = self._inflection.WORD_CLASSES.get(lemma.last)
        wanted = "verbi-" if lemma.verb else "subst-"
        if known:
            return [c for c in known if c.startswith(wanted)] or known
        table = self._by_reversed_word
        reversed_word = lemma.last[::-1]
        at = bisect.bisect_left(table, (reversed_word, ""))
        best, best_shared = None, -1
        for index in range(max(0, at - 40), min(len(table), at + 40)):
            neighbour = table[index][1]
            classes = [c for c in self._inflection.WORD_CLASSES[neighbour] if c.startswith(wanted)]
            if not classes:
                continue
            shared = len(_common_prefix(reversed_word, table[index][0]))
            if shared > best_shared:
                best, best_shared = classes, shared
        return best if best and best_shared >= 2 else []

    @cache
    def inflected(self, lemma: Lemma) -> tuple[str, ...]:
        """Every form Voikko's tables give for the base form (cases, numbers, verb forms)."""
        forms = {lemma.text}
        if not self._inflect:
            return tuple(forms)
        for infl_class in self._classes(lemma):
            try:
                homonyms = self._inflection.generate_forms(lemma.last, infl_classes=[infl_class])
            except Exception:  # noqa: BLE001 - a class the tables cannot apply: no forms, not a failed build
                continue
            for homonym in homonyms:
                for form_name, variants in homonym.items():
                    if form_name in _RARE_FORMS:
                        continue
                    forms.update(lemma.prefix + v.lower() for v in variants if v)
        return tuple(sorted(forms))

    def _forms_of(self, word: str) -> dict[str, str]:
        """Snowball stem -> the first form that has it, over the forms of the word's base forms
        and compound parts."""
        found = self._forms.get(word)
        if found is None:
            found = self._forms[word] = {}
            for lemma in self.lemmas(word):
                for stem, form in self.stemmed_forms(lemma):
                    found.setdefault(stem, form)
        return found

    def known(self, words: Iterable[str]) -> dict[str, dict[str, str]]:
        """The forms found so far of these words (for forms_cache)."""
        return {word: self._forms[word] for word in words if word in self._forms}

    def remember(self, known: Mapping[str, Mapping[str, str]]) -> None:
        """Forms found earlier (forms_cache.load), so that these words need no analysis."""
        for word, forms in known.items():
            self._forms.setdefault(word, dict(forms))

    def document_words(self, sections: Sequence[Iterable[str]]) -> list[list[str]]:
        """The other forms of a page's words, section by section (title, headings, text): what
        the page's search record gets besides its own text.

        One form for each Snowball stem that other forms of the page's words have (their base
        forms, inflections and compound parts) and the page's own words of that section or a
        weightier one do not, each in the first section whose words give it, so that title
        words keep the weight of a title. Pagefind matches a query stem as the beginning of an
        indexed one, so a stem that begins another stem of the same or a weightier section is
        left out (kaupung- is covered by kaupungeit-).
        """
        forms_of, stem_of = self._forms_of, self.stem
        founds: list[dict[str, str]] = []  # each section's stems with the form each gives
        earlier: set[str] = set()  # the stems of the sections so far
        own: set[str] = set()  # stems whose first section has them as stems of its own words
        for section in sections:
            section_words = list(dict.fromkeys(w for w in section if len(w) >= MIN_LENGTH))
            # The first word that gives a stem gives its form, and a word's own stem comes before
            # other words' forms. Merged in bulk (dict.update, later words first so that earlier
            # ones overwrite them): this runs for every word of every page.
            found: dict[str, str] = {}
            for word in reversed(section_words):
                found.update(forms_of(word))
            own_stems = {stem_of(word): word for word in reversed(section_words)}
            found.update(own_stems)
            own.update(own_stems.keys() - earlier)
            earlier.update(found)
            founds.append(found)
        # Each stem in the first section that gives it, with that section's form (earlier
        # sections merged last, so that they overwrite later ones).
        chosen: dict[str, str] = {}
        section_of: dict[str, int] = {}
        for index in range(len(founds) - 1, -1, -1):
            chosen.update(founds[index])
            section_of.update(dict.fromkeys(founds[index], index))
        stems = sorted(chosen)
        last = len(stems) - 1
        result: list[list[str]] = [[] for _ in sections]
        for position, stem in enumerate(stems):
            if stem in own:
                continue  # the page's own text has it, with as much weight
            index = section_of[stem]
            # The stems that begin a stem are followed by it in sorted order; most are not.
            if (position < last and stems[position + 1].startswith(stem)
                    and _covered(stems, position, section_of, index)):
                continue
            result[index].append(chosen[stem])
        return [sorted(words_) for words_ in result]


def _covered(stems: list[str], position: int, section_of: dict[str, int], index: int) -> bool:
    """Whether a longer stem that begins with the stem at `position` is in the same section or a
    weightier one (an earlier index)."""
    stem = stems[position]
    for at in range(position + 1, len(stems)):
        following = stems[at]
        if not following.startswith(stem):
            return False
        if section_of[following] <= index:
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]
