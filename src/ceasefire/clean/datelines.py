"""The dateline that opens a story ("KYIV, Ukraine (AP) –"), patterns in ``data/datelines.yaml``.

The dateline is reported, never removed: it is article text, and the place
extractor reads the place it names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import load_data

_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}


def month_number(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


@dataclass(frozen=True)
class Dateline:
    text: str  # as written, dash included: "KYIV, Ukraine (AP) –"
    place: str  # as written: "KYIV"
    country: str | None  # the region as written ("Ukraine", "Turkey", "Gaza Strip"), not a code
    agency: str | None  # "AP", "Reuters"
    span: tuple[int, int]  # offsets of ``text`` in the cleaned text
    month: int | None = None  # the date a dateline may carry ("GENEVA, March 3 (Reuters)")
    day: int | None = None
    year: int | None = None
    rule: str = ""


@dataclass(frozen=True)
class DatelinePatterns:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    not_places: frozenset[str]
    max_paragraphs: int


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")  # {name}, never a quantifier like {1,2}


def _expand(template: str, parts: dict[str, str]) -> str:
    for _ in range(10):  # parts may use parts ({date} uses {month}); bounded, in case of a cycle
        expanded = _PLACEHOLDER.sub(lambda m: parts.get(m[1], m[0]), template)
        if expanded == template:
            return expanded
        template = expanded
    return template


def parse_patterns(data: dict) -> DatelinePatterns:
    parts = dict(data.get("parts", {}))
    agencies = sorted(set(data.get("agencies", [])), key=len, reverse=True)  # longest first: "AP Photo" before "AP"
    parts["agencies"] = "|".join(re.escape(a) for a in agencies)
    compiled = []
    for entry in data.get("patterns", []):
        try:
            compiled.append((str(entry["id"]), re.compile(_expand(entry["regex"], parts))))
        except re.error as exc:
            raise ValueError(f"dateline pattern {entry.get('id')!r}: {exc}") from None
    return DatelinePatterns(tuple(compiled), frozenset(data.get("not_places", [])),
                            int(data.get("max_paragraphs", 3)))


@lru_cache(maxsize=1)  # shipped patterns: a constant once read
def default_patterns() -> DatelinePatterns:
    return parse_patterns(load_data("datelines.yaml"))


def _paragraph_starts(text: str, limit: int) -> list[int]:
    starts = []
    for match in re.finditer(r"(?:^|\n\s*\n)\s*(?=\S)", text):
        starts.append(match.end())
        if len(starts) >= limit:
            break
    return starts


def _build(text: str, start: int, match: re.Match[str], rule: str) -> Dateline:
    groups = match.groupdict()
    raw = match.group(0).rstrip()
    month_name = groups.get("month") or groups.get("dmonth")
    day = groups.get("day") or groups.get("dday")
    year = groups.get("year")
    return Dateline(
        text=raw, place=groups["place"], country=groups.get("country"), agency=groups.get("agency"),
        span=(start, start + len(raw)),
        month=month_number(month_name) if month_name else None,
        day=int(day) if day else None, year=int(year) if year else None, rule=rule,
    )


def find_dateline(text: str, patterns: DatelinePatterns | None = None) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, or None."""
    patterns = patterns or default_patterns()
    for start in _paragraph_starts(text, patterns.max_paragraphs):
        for rule, pattern in patterns.patterns:
            match = pattern.match(text, start)
            if match and match.group("place").strip(" .") not in patterns.not_places:
                return _build(text, start, match, rule)
    return None
