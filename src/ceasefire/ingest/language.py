"""Is an article in English? A stopword-ratio detector, offline and deterministic.

The extractors know English only: an article in another language would be
"analysed" into noise (German nouns read as names, no quotes found). It is
turned away as a ``Rejection(stage="language")`` instead, naming the language
it looks like. The word lists and scripts live in ``data/stopwords.yaml``.

The detector is deliberately cautious: too little text, or text in which no
language's function words stand out, is let through as English. A wrongly
rejected English article is lost; a wrongly accepted foreign one only yields
few records.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..clean.datafiles import load_data
from ..errors import CeasefireError
from ..records import Rejection

__all__ = ["LanguageGuess", "detect_language", "language_rejection"]

DATA_FILE = "stopwords.yaml"
ENGLISH = "en"
UNKNOWN = "unknown"
# Enough to judge the language of any article; a 5 MB text need not be read whole.
SAMPLE_CHARS = 20_000
# Fewer words than this (a headline, a caption) says too little to reject on.
MIN_WORDS = 12
# A language counts as found when this share of the words are its stopwords
# (running news prose scores 0.3-0.5 in its own language, under 0.1 in others)...
MIN_SHARE = 0.12
# ...and when it beats English by this factor (shared words like "in", "die").
MARGIN = 2.0
# A long Latin-script text in which under this share are English stopwords is
# not English prose, even when its language has no list here (e.g. Hausa).
ENGLISH_FLOOR = 0.04
FLOOR_MIN_WORDS = 40
# Letters of a non-Latin script above this share decide the language family.
SCRIPT_MAJORITY = 0.5
# Japanese mixes kana into Chinese characters; Chinese never uses kana.
KANA_SHARE = 0.1

_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


@dataclass(frozen=True)
class LanguageGuess:
    """The language a text looks like (``en``, ``de``..., ``unknown``), or None when it cannot tell."""

    language: str | None
    words: int
    share: float  # share of the words that are stopwords of ``language`` (0 for a script decision)

    @property
    def english(self) -> bool:
        # Undecided counts as English: see the module docstring.
        return self.language in (None, ENGLISH)


@dataclass(frozen=True)
class _Lists:
    scripts: dict[str, str]  # Unicode script word -> "latin" or a language code
    words: dict[str, frozenset[str]]  # language -> stopwords
    family: dict[str, str]  # language -> script family ("latin", "ru", "ar")


@lru_cache(maxsize=None)  # shipped data never changes while the process runs: a constant, not state
def _lists() -> _Lists:
    data = load_data(DATA_FILE)
    try:
        scripts = {str(k): str(v) for k, v in data["scripts"].items()}
        words: dict[str, frozenset[str]] = {}
        family: dict[str, str] = {}
        for code, entry in data["languages"].items():
            listed = entry["words"]
            odd = [w for w in listed if not isinstance(w, str)]
            if odd:  # YAML reads bare no/on/yes as booleans: quote them in the file
                raise CeasefireError(f"data/{DATA_FILE}: {code} has non-string words {odd}; quote them")
            words[code] = frozenset(w.lower() for w in listed)
            family[code] = str(entry["script"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise CeasefireError(f"data/{DATA_FILE} is malformed ({exc}); reinstall the package") from exc
    return _Lists(scripts, words, family)


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _script_counts(sample: str) -> Counter[str]:
    """Letters per script, in the order each script first appears (``most_common`` breaks ties by it)."""
    return Counter(_script_of(ch) for ch in sample if ch.isalpha())


def _script_counts_fast(sample: str) -> Counter[str] | None:
    """``_script_counts`` without naming every character: the ASCII letters (all Latin) are
    counted in one pass, only the other characters are named, each distinct one once. None
    when two scripts tie for the most letters (their order of appearance would decide)."""
    ascii_part = sample.encode("ascii", "ignore")
    counts: Counter[str] = Counter()
    latin = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    if latin:
        counts["LATIN"] = latin
    if len(ascii_part) < len(sample):
        for ch, n in Counter(_NON_ASCII.findall(sample)).items():
            if ch.isalpha():
                counts[_script_of(ch)] += n
    top = counts.most_common(2)
    if len(top) == 2 and top[0][1] == top[1][1]:
        return None
    return counts


def _dominant_script(sample: str, lists: _Lists) -> str | None:
    """The language family ("latin" or a code) of the letters' majority script, or None."""
    counts = _script_counts_fast(sample)
    if counts is None:
        counts = _script_counts(sample)
    letters = sum(counts.values())
    if not letters:
        return None
    kana = counts["HIRAGANA"] + counts["KATAKANA"]
    if kana / letters >= KANA_SHARE:
        return lists.scripts.get("HIRAGANA", "ja")
    script, count = counts.most_common(1)[0]
    if count / letters < SCRIPT_MAJORITY:
        return None
    return lists.scripts.get(script, UNKNOWN)


def detect_language(text: str) -> LanguageGuess:
    """The language ``text`` looks like; ``language`` is None when it cannot tell."""
    lists = _lists()
    sample = text[:SAMPLE_CHARS]
    tokens = _WORD.findall(sample.lower())
    family = _dominant_script(sample, lists)
    if family is None:
        return LanguageGuess(None, len(tokens), 0.0)
    candidates = [code for code, fam in lists.family.items() if fam == family]
    if family != "latin" and not candidates:
        # A script with one language (Greek, Hangul...): the script decides.
        return LanguageGuess(family, len(tokens), 0.0)
    if len(tokens) < MIN_WORDS:
        # A few words of Cyrillic or Arabic script are still not English.
        return LanguageGuess(family if family != "latin" else None, len(tokens), 0.0)
    seen = Counter(tokens)
    shares = {code: sum(seen[w] for w in lists.words[code] if w in seen) / len(tokens) for code in candidates}
    best = max(shares, key=lambda code: (shares[code], code == ENGLISH))
    if family != "latin":
        # Among languages of one script the best-scoring list wins; the script's
        # own default when no list scores (a Cyrillic text with no Russian stopwords).
        return LanguageGuess(best if shares[best] > 0 else family, len(tokens), shares[best])
    english = shares.get(ENGLISH, 0.0)
    if best != ENGLISH and shares[best] >= MIN_SHARE and shares[best] >= MARGIN * english:
        return LanguageGuess(best, len(tokens), shares[best])
    if english >= MIN_SHARE:
        return LanguageGuess(ENGLISH, len(tokens), english)
    if english < ENGLISH_FLOOR and len(tokens) >= FLOOR_MIN_WORDS:
        return LanguageGuess(UNKNOWN, len(tokens), english)
    return LanguageGuess(None, len(tokens), english)


def language_rejection(text: str, origin: str) -> Rejection | None:
    """A ``language`` rejection when ``text`` is not English, else None."""
    guess = detect_language(text)
    if guess.english:
        return None
    if guess.language == UNKNOWN:
        return Rejection(origin, "language", "not English (language not recognised; too few English words)")
    return Rejection(origin, "language", f"not English (looks like {guess.language})")
