"""Numbers in news text: "three", "1,400", "4 million", "1.5m", "a dozen",
"tens of thousands", "millions", with the hedge in front of them ("more than",
"at least", "about", "nearly", "up to").

Two entry points, usable by any extractor:

- ``parse_quantity(text_or_span) -> (value, qualifier) | None`` reads one
  expression ("more than 4 million" -> ``(4000000, "more_than")``);
- ``find_quantities(doc) -> list[Quantity]`` finds every number in a parsed
  ``Doc``, with its hedge, the noun it counts ("1,400 civilians" -> civilians,
  "millions of people" -> people) and a ``kind`` that tells a count of things
  from money, percentages, dates, times, ages, measures and modifiers
  ("193-member", "24-hour", "three-way").

Vague plurals take the unit as value and ``more_than`` as qualifier
("hundreds" -> 100, "tens of thousands" -> 10,000, "millions" -> 1,000,000).
The number words are facts of English, not rules, so they live here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .memo import per_doc
from .tokens import column

__all__ = ["Quantity", "parse_quantity", "find_quantities", "quantities_in", "QUALIFIERS"]

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
# Abbreviated scales after a figure: "4m", "1.5 bn", "20k".
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
                "b": 1_000_000_000}
# Counting nouns: "a dozen" = 12, "a score of" = 20.
GROUPS = {"dozen": 12, "score": 20}
# Vague plurals: "hundreds", "tens of thousands", "dozens".
VAGUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
         "millions": 1_000_000, "billions": 1_000_000_000}
# Vague determiners before a scale: "several thousand", "a few hundred".
VAGUE_DETS = ("several", "a few", "a couple of", "a couple", "few", "many")
FRACTIONS = {"half": 0.5, "quarter": 0.25}

# Hedges before a number, longest first when matched; "" marks none.
QUALIFIERS: dict[str, str] = {
    "more than": "more_than", "over": "more_than", "upwards of": "more_than", "in excess of": "more_than",
    "well over": "more_than", "just over": "more_than", "above": "more_than", "greater than": "more_than",
    "north of": "more_than", "over than": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least", "not less than": "at_least",
    "a minimum of": "at_least", "not fewer than": "at_least",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "approx": "about", "circa": "about",
    "an approximate": "about", "round about": "about", "in the region of": "about",
    "nearly": "less_than", "almost": "less_than", "close to": "less_than", "up to": "less_than",
    "fewer than": "less_than", "less than": "less_than", "under": "less_than", "just under": "less_than",
    "below": "less_than", "as many as": "less_than", "not quite": "less_than", "nearing": "less_than",
}
# Hedges after a number: "1,000 or more", "500-plus", "300 or so".
TRAILING = {"or more": "at_least", "plus": "more_than", "+": "more_than", "or so": "about",
            "odd": "about", "or fewer": "less_than", "or less": "less_than"}

CURRENCY_SIGNS = set("$€£¥₴₽₹")
CURRENCY_WORDS = {
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "yen", "yuan", "rouble", "roubles",
    "ruble", "rubles", "hryvnia", "hryvnias", "usd", "eur", "gbp", "rupee", "rupees", "shekel", "shekels",
    "riyal", "riyals", "dinar", "dinars", "franc", "francs", "cent", "cents", "lira", "liras", "pesos",
}
CURRENCY_PREFIXES = {"us", "usd", "eur", "gbp", "rs", "nis", "sdg", "uah", "rub"}
PERCENT_WORDS = {"%", "percent", "per", "pct", "percentage"}
TIME_WORDS = {
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
    "month", "months", "year", "years", "decade", "decades", "century", "centuries", "night", "nights",
    "hrs", "hr", "mins", "am", "a.m.", "pm", "p.m.", "gmt", "utc", "o'clock", "weekend", "weekends",
}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec"}
MEASURE_WORDS = {
    "km", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "metre", "metres", "meter",
    "meters", "m2", "tonne", "tonnes", "ton", "tons", "kg", "kilogram", "kilograms", "litre", "litres",
    "liter", "liters", "barrel", "barrels", "acre", "acres", "hectare", "hectares", "sq", "square",
    "degree", "degrees", "mm", "cm", "feet", "foot", "inch", "inches", "gallon", "gallons",
}
AGE_CUES = {"aged", "age", "ages"}

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_DIGITS_SHORT = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|mln|bn|b)$", re.I)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|\d[\d,.\u202f\u00a0]*[A-Za-z]*|[$€£¥₴₽₹%+]|\S")


@dataclass
class Quantity:
    """A number found in a parsed document.

    ``span`` covers the hedge and the number ("more than 4 million"),
    ``number`` the number alone; ``head`` is the noun it counts ("Ukrainians"),
    None for a bare number ("killing 12"); ``kind`` is ``count`` for a count of
    things, else ``money``, ``percent``, ``date``, ``time``, ``age``,
    ``measure``, ``ordinal``, ``label`` ("Resolution 2334") or ``modifier``
    ("193-member", "24-hour", "three-way").
    """

    span: Any  # spacy.tokens.Span: hedge + number
    number: Any  # spacy.tokens.Span: the number alone
    value: int
    qualifier: str
    head: Any | None  # spacy.tokens.Token: the counted noun
    kind: str = "count"

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def end(self) -> int:
        return self.span.end_char

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def root(self) -> Any:
        """The token that stands for the whole noun phrase in the parse: the
        counted noun ("1,400 civilians"), else the number itself ("millions
        of people", "killing 12")."""
        if self.head is not None and self.head.i > self.number.end - 1 and self.head.dep_ == "pobj" \
                and self.head.head.lower_ == "of" and self.head.head.head.i in range(self.number.start, self.number.end):
            return _syntactic_root(self.number)
        if self.head is not None:
            return self.head
        return _syntactic_root(self.number)


# -- reading one expression -------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text.replace("\u2013", "-").replace("\u2014", "-"))]


def _digits(word: str) -> float | None:
    w = word.replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    if _DIGITS.match(word):
        try:
            return float(w)
        except ValueError:
            return None
    return None


def _atom(word: str) -> float | None:
    """The value of one numeral word ("1,400", "three", "twenty-five", "4m")."""
    d = _digits(word)
    if d is not None:
        return d
    m = _DIGITS_SHORT.match(word)
    if m:
        return float(m.group(1)) * SHORT_SCALES[m.group(2).lower()]
    if word in UNITS:
        return float(UNITS[word])
    if word in TENS:
        return float(TENS[word])
    if "-" in word:
        a, _, b = word.partition("-")
        if a in TENS and b in UNITS and 0 < UNITS[b] < 10:
            return float(TENS[a] + UNITS[b])
    return None


def _is_numeral(word: str) -> bool:
    return _atom(word) is not None or word in SCALES or word in SHORT_SCALES


def _numeral_value(words: Sequence[str]) -> float | None:
    """"two hundred and fifty thousand" -> 250000; "1.5 million" -> 1500000;
    "a dozen" -> 12; "half a million" -> 500000. None if not a numeral phrase."""
    ws = [w for w in words if w not in ("and", "-")]
    if not ws:
        return None
    fraction = 1.0
    if ws[0] in FRACTIONS and len(ws) >= 2:
        fraction = FRACTIONS[ws[0]]
        ws = ws[1:]
        if ws and ws[0] in ("a", "an"):
            ws = ws[1:]
        if ws and ws[0] == "of":
            ws = ws[1:]
        if ws and ws[0] in ("a", "an"):
            ws = ws[1:]
    if fraction != 1.0 and ws and ws[0] in SCALES:
        ws = ["one"] + ws
    if ws and ws[0] in ("a", "an"):
        if len(ws) >= 2 and (ws[1] in SCALES or ws[1] in GROUPS):
            ws = ["one"] + ws[1:]
        else:
            return None
    if len(ws) == 1 and ws[0] in GROUPS:
        return None
    total, current, seen = 0.0, 0.0, False
    for i, w in enumerate(ws):
        if w in GROUPS:
            current = (current or 1.0) * GROUPS[w]
            seen = True
        elif w in SCALES or (w in SHORT_SCALES and seen):
            scale = SCALES.get(w) or SHORT_SCALES[w]
            if not seen:
                return None
            if scale >= 1000:
                total += (current or 1.0) * scale
                current = 0.0
            else:
                current = (current or 1.0) * scale
        else:
            v = _atom(w)
            if v is None:
                return None
            if seen and current and v >= 1 and not (current >= 100 and v < 100) and not (
                    current >= 20 and current % 10 == 0 and v < 10 and current < 100):
                return None  # "3 4": two numbers, not one
            current += v
            seen = True
    if not seen:
        return None
    return (total + current) * fraction


def _vague_value(words: Sequence[str]) -> float | None:
    """"tens of thousands" -> 10000; "hundreds" -> 100; "several thousand" -> 1000."""
    ws = [w for w in words if w != "-"]
    if not ws:
        return None
    for det in sorted(VAGUE_DETS, key=len, reverse=True):
        parts = det.split()
        if ws[:len(parts)] == parts and len(ws) > len(parts):
            rest = ws[len(parts):]
            if all(w in SCALES for w in rest):
                value = 1.0
                for w in rest:
                    value *= SCALES[w]
                return value
            return None
    if ws[0] not in VAGUE:
        return None
    value = float(VAGUE[ws[0]])
    rest = ws[1:]
    while rest:
        if rest[0] == "of" and len(rest) >= 2 and rest[1] in VAGUE and VAGUE[rest[1]] >= 100:
            value *= VAGUE[rest[1]]
            rest = rest[2:]
        elif rest[0] in SCALES:
            value *= SCALES[rest[0]]
            rest = rest[1:]
        else:
            return None
    return value


def _split_qualifier(words: list[str]) -> tuple[str, list[str]]:
    for phrase, parts in _QUALIFIERS_BY_FIRST.get(words[0], ()) if words else ():
        if words[:len(parts)] == parts and len(words) > len(parts):
            return QUALIFIERS[phrase], words[len(parts):]
    return "exact", words


def _split_trailing(words: list[str]) -> tuple[str | None, list[str]]:
    for phrase, parts in _TRAILING_BY_LAST.get(words[-1], ()) if words else ():
        if len(words) > len(parts) and words[-len(parts):] == parts:
            return TRAILING[phrase], words[:-len(parts)]
    return None, words


def parse_quantity(expr: Any) -> tuple[int, str] | None:
    """The value and qualifier of a number expression, or None.

    ``expr`` is a string or a spaCy ``Span``/``Doc``; the whole of it must be
    the expression ("more than 4 million", "about 1000", "a dozen", "tens of
    thousands", "1.5m"). The qualifier is ``exact``, ``more_than``,
    ``at_least``, ``about`` or ``less_than``.
    """
    text = expr if isinstance(expr, str) else expr.text
    words = _words(text.strip())
    if not words:
        return None
    qualifier, words = _split_qualifier(words)
    trailing, words = _split_trailing(words)
    if words and words[-1].endswith("+") and len(words[-1]) > 1:
        words = words[:-1] + [words[-1][:-1]]
        trailing = trailing or "more_than"
    value = _numeral_value(words)
    if value is None:
        value = _vague_value(words)
        if value is None:
            return None
        if qualifier == "exact":
            qualifier = "more_than"
    elif trailing:
        if qualifier == "exact":
            qualifier = trailing
    return int(round(value)), qualifier


# -- finding numbers in a Doc ----------------------------------------------------------------

def _syntactic_root(span: Any) -> Any:
    """The token of ``span`` whose head lies outside it."""
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i:
            return tok
    return span[-1]


def _extend_left(doc: Any, i: int) -> int:
    """Include "a"/"an"/"half a"/"several"/"tens of" before a numeral run starting at ``i``."""
    j = i
    w = doc[i].lower_
    if j >= 1 and doc[j - 1].lower_ in ("a", "an") and (w in SCALES or w in GROUPS):
        j -= 1
        if j >= 1 and doc[j - 1].lower_ in FRACTIONS:
            j -= 1
    elif j >= 1 and w in SCALES:
        for det in sorted(VAGUE_DETS, key=len, reverse=True):
            parts = det.split()
            if j - len(parts) >= 0 and [t.lower_ for t in doc[j - len(parts):j]] == parts:
                j -= len(parts)
                break
    return j


def _run_end(doc: Any, i: int) -> int:
    """The end (exclusive) of the numeral run starting at token ``i``."""
    j = i + 1
    while j < len(doc):
        w = doc[j].lower_
        prev = doc[j - 1].lower_
        if w in SCALES or w in GROUPS or (w in SHORT_SCALES and _digits(prev) is not None and not doc[j - 1].whitespace_):
            j += 1
        elif w in SHORT_SCALES and w in ("bn", "mn", "mln") and _digits(prev) is not None:
            j += 1
        elif w == "-" and j + 1 < len(doc) and prev in TENS and doc[j + 1].lower_ in UNITS:
            j += 2
        elif w == "and" and j + 1 < len(doc) and (prev in SCALES) and _atom(doc[j + 1].lower_) is not None \
                and _digits(doc[j + 1].lower_) is None:
            j += 2
        elif (prev in TENS and w in UNITS) or (prev in SCALES and _atom(w) is not None and _digits(w) is None):
            j += 1
        elif prev in VAGUE and w == "of" and j + 1 < len(doc) and doc[j + 1].lower_ in VAGUE:
            j += 2
        else:
            break
    return j


def _longest_first(table: dict[str, str]) -> list[tuple[str, list[str]]]:
    return [(phrase, phrase.split()) for phrase in sorted(table, key=lambda p: -len(p.split()))]


_QUALIFIERS_LONGEST_FIRST = _longest_first(QUALIFIERS)
_TRAILING_LONGEST_FIRST = _longest_first(TRAILING)


def _by_word(phrases: list[tuple[str, list[str]]], at: int) -> dict[str, list[tuple[str, list[str]]]]:
    """``phrases`` by their word at ``at`` (0 or -1), each list in the given order: only the
    phrases whose first or last word is the one at hand can match there."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for phrase, parts in phrases:
        out.setdefault(parts[at], []).append((phrase, parts))
    return out


_QUALIFIERS_BY_LAST = _by_word(_QUALIFIERS_LONGEST_FIRST, -1)
_QUALIFIERS_BY_FIRST = _by_word(_QUALIFIERS_LONGEST_FIRST, 0)
_TRAILING_BY_FIRST = _by_word(_TRAILING_LONGEST_FIRST, 0)
_TRAILING_BY_LAST = _by_word(_TRAILING_LONGEST_FIRST, -1)


def _qualifier_start(doc: Any, i: int, lowers: list[str] | None = None) -> tuple[int, str]:
    """The start of the hedge before token ``i`` and its qualifier."""
    if lowers is None:
        lowers = [t.lower_ for t in doc]
    for phrase, parts in _QUALIFIERS_BY_LAST.get(lowers[i - 1], ()) if i > 0 else ():
        k = i - len(parts)
        if k >= 0 and lowers[k:i] == parts:
            return k, QUALIFIERS[phrase]
    return i, "exact"


def _trailing(doc: Any, j: int, lowers: list[str] | None = None) -> tuple[int, str | None]:
    if lowers is None:
        lowers = [t.lower_ for t in doc]
    for phrase, parts in _TRAILING_BY_FIRST.get(lowers[j], ()) if j < len(lowers) else ():
        if j + len(parts) <= len(doc) and lowers[j:j + len(parts)] == parts:
            if phrase == "plus" and (j + 1 >= len(doc) or doc[j].whitespace_):
                continue  # "500 plus aid": only "500-plus"/"500plus"
            return j + len(parts), TRAILING[phrase]
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "plus":
        return j + 2, "more_than"
    return j, None


def _counted_noun(doc: Any, number: Any) -> Any | None:
    """The noun a number counts: "1,400 civilians", "millions of people"."""
    root = _syntactic_root(number)
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.i > root.i \
            and head.pos_ in ("NOUN", "PROPN") and not (number.start <= head.i < number.end):
        return head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].pos_ in ("NOUN", "PROPN", "PRON"):
                return objs[0]
    nxt = number.end
    if nxt < len(doc) and doc[nxt].pos_ in ("NOUN", "PROPN") and doc[nxt].head.i != root.i:
        # the parser attached the noun elsewhere, but "1000 people" reads as one phrase
        if doc[nxt].lower_ not in TIME_WORDS and not doc[nxt].is_punct:
            return doc[nxt]
    return None


def _kind(doc: Any, start: int, end: int, head: Any | None) -> str:
    """What a number measures: ``count`` unless the context says otherwise."""
    first, last = doc[start], doc[end - 1]
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    nxt2 = doc[end + 1] if end + 1 < len(doc) else None
    # "193-member", "24-hour", "three-way", "12-year-old": a hyphenated modifier.
    if nxt is not None and nxt.text in ("-", "\u2013") and not last.whitespace_ and nxt2 is not None \
            and nxt2.is_alpha and nxt2.lower_ not in ("plus",) and not (nxt2.lower_ in UNITS or nxt2.lower_ in TENS):
        return "age" if nxt2.lower_ in ("year", "years") else "modifier"
    # Money: "$1.5 billion", "1.5 billion dollars", "US$ 30 million", "€40m".
    lead = [t.text for t in doc[max(0, start - 2):start]]
    if any(ch in CURRENCY_SIGNS for w in lead[-1:] for ch in w) or any(ch in CURRENCY_SIGNS for ch in first.text):
        return "money"
    if prev is not None and prev.lower_ in CURRENCY_PREFIXES and prev.is_upper:
        return "money"
    if nxt is not None and (nxt.lower_ in CURRENCY_WORDS or (head is not None and head.lower_ in CURRENCY_WORDS)):
        return "money"
    if nxt is not None and nxt.lower_ in PERCENT_WORDS or "%" in last.text:
        if nxt is None or nxt.lower_ != "per" or (nxt2 is not None and nxt2.lower_ == "cent"):
            return "percent"
    if head is not None and head.lower_ in ("percent", "percentage", "pct"):
        return "percent"
    if head is None and prev is not None and prev.text in (",", "(") and start >= 2 \
            and doc[start - 2].pos_ in ("NOUN", "PROPN") and (nxt is None or nxt.text in (",", ")", ".", ";")):
        return "age"  # "a girl, 12, was killed", "injures woman, 82"
    root = _syntactic_root(doc[start:end])
    while root.dep_ == "conj" and root.head.pos_ == "NUM" and root.head.i < start:
        root = root.head  # "Exits 1 and 6"
    if root.dep_ in ("nummod", "compound", "appos") and root.head.i < start and head is None \
            and root.head.pos_ in ("PROPN", "NOUN") and (root.head.is_title or root.head.pos_ == "PROPN") \
            and root.dep_ != "appos" and root.head.lower_ not in MONTHS:
        return "label"  # "Resolution 2254", "Flight 752", "Article 5"
    # Dates and times: "March 2", "24 February", "in 2014", "3 pm", "six weeks".
    if (prev is not None and prev.lower_ in MONTHS) or (nxt is not None and nxt.lower_ in MONTHS):
        return "date"
    if nxt is not None and nxt.lower_ in ("st", "nd", "rd", "th"):
        return "date"
    if end - start == 1 and first.ent_type_ == "DATE" and re.fullmatch(r"(1[89]|20)\d\d", first.text):
        return "date"  # "the 1999 shooting"
    if first.ent_type_ in ("DATE", "TIME") and head is None:
        return "time" if first.ent_type_ == "TIME" else "date"
    if nxt is not None and nxt.lower_ in TIME_WORDS or (head is not None and head.lower_ in TIME_WORDS):
        if nxt is not None and nxt.lower_ in ("year", "years") and nxt2 is not None and nxt2.lower_ in ("old", "of"):
            return "age"
        return "time"
    if re.fullmatch(r"\d{1,2}[:.]\d{2}", first.text):
        return "time"
    if head is None and end - start == 1 and re.fullmatch(r"(1[89]|20)\d\d", first.text):
        return "date"  # a bare four-digit year
    if head is None and prev is not None and prev.lower_ == "at" and start >= 2 and doc[start - 2].lemma_ == "die":
        return "age"  # "dies at 79"
    if head is None and prev is not None and not first.is_alpha and (
            prev.pos_ == "PROPN" or (prev.is_title and prev.i > prev.sent.start)) and prev.lower_ not in ("than",):
        return "label"  # "Resolution 2334", "Flight 752", "Article 5"
    if prev is not None and prev.lower_ in AGE_CUES:
        return "age"
    if nxt is not None and nxt.lower_ in ("years", "year") and nxt2 is not None and nxt2.lower_ == "old":
        return "age"
    if nxt is not None and nxt.lower_ in MEASURE_WORDS or (head is not None and head.lower_ in MEASURE_WORDS):
        return "measure"
    if first.ent_type_ == "ORDINAL" or first.lower_ in ("first", "second", "third"):
        return "ordinal"
    return "count"


# Words that may start a number expression besides figures ("12", "1,400"), hyphenated
# numerals ("twenty-five") and "12+": ``_starts_quantity`` accepts no other.
_STARTERS = frozenset(SCALES) | frozenset(GROUPS) | frozenset(VAGUE) | frozenset(UNITS) | frozenset(TENS) | \
    {"tens", "scores"}


def _starts_quantity(doc: Any, i: int, lowers: list[str] | None = None) -> bool:
    if lowers is None:
        lowers = [t.lower_ for t in doc]
    w = lowers[i]
    prev = lowers[i - 1] if i > 0 else ""
    if w in SCALES or w in GROUPS:
        # "a million", "half a million", "a dozen", "several thousand"
        return prev in ("a", "an") or any(prev == d.split()[-1] for d in VAGUE_DETS)
    if w in ("tens", "scores"):
        return i + 1 < len(lowers) and lowers[i + 1] == "of"
    if w in VAGUE:
        return True
    if w == "one" and (doc[i].pos_ == "PRON" or (i + 1 < len(lowers) and lowers[i + 1] == "of")):
        return False  # "one of the", "no one"
    if w in ("second",):
        return False
    return _atom(w) is not None or (w.endswith("+") and _atom(w[:-1]) is not None)


# The quantities of the last document asked about: figures and several event
# families read the same document's numbers. A strong reference keeps the
# document's identity from being reused; the pair is replaced whole.
def find_quantities(doc: Any) -> list[Quantity]:
    """Every number expression of a parsed ``Doc``, in text order (found once per
    document; each call gets its own list)."""
    return list(per_doc(doc, "quantities", lambda: _find_quantities(doc)))


def _find_quantities(doc: Any) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    n = len(doc)
    lowers = column(doc, "lower_")
    starters = _STARTERS
    while i < n:
        w = lowers[i]
        # Most words can start no number: only a numeral, a scale word or a figure can
        # (what ``_starts_quantity`` accepts), so the full check runs on those alone.
        if not (w in starters or w[:1].isdecimal() or "-" in w or w[-1:] == "+") \
                or not _starts_quantity(doc, i, lowers):
            i += 1
            continue
        tok = doc[i]
        start = _extend_left(doc, i)
        end = _run_end(doc, i)
        q_start, qualifier = _qualifier_start(doc, start, lowers)
        t_end, trailing = _trailing(doc, end, lowers)
        number = doc[start:end]
        parsed = parse_quantity(number.text)
        if parsed is None:
            i = end
            continue
        value, q = parsed
        if qualifier == "exact":
            qualifier = q if q != "exact" else (trailing or "exact")
        elif q == "more_than" and qualifier == "about":
            qualifier = "about"
        head = _counted_noun(doc, number)
        kind = _kind(doc, start, end, head)
        if qualifier == "exact" and tok.lower_ == "one" and head is None:
            i = end
            continue
        out.append(Quantity(span=doc[q_start:max(end, t_end)], number=number, value=value,
                            qualifier=qualifier, head=head, kind=kind))
        i = max(end, t_end)
    return out


def quantities_in(quantities: Iterable[Quantity], start: int, end: int) -> list[Quantity]:
    """The quantities inside the character range ``[start, end)``."""
    return [q for q in quantities if start <= q.start and q.end <= end]
