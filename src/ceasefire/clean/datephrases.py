"""Date phrases the publication-date rules read: "Thursday (Mar 10)",
"said Thursday", "just over six weeks ago, on February 24th".

Finding only: what the phrases mean for the publication date is decided in
``pubdate``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .datelines import month_number

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # date.weekday() order
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# "March 10", "Mar. 10", "10 March", "10th of March", optionally ", 2022"
MONTH_DAY = (rf"(?:(?P<month>{_MONTH})\.? (?P<day>{_DAY})|(?P<dday>{_DAY}) (?:of )?(?P<dmonth>{_MONTH})\.?)"
             r"(?:,? (?P<year>(?:19|20)\d\d))?\b")
_MONTH_DAY_RE = re.compile(rf"\b{MONTH_DAY}")
# "Thursday (Mar 10)", "Thursday, March 10", "Thursday 10 March 2022"
_WEEKDAY_DATE_RE = re.compile(rf"\b{_WEEKDAY}(?:\s*\(\s*|,?\s+)(?:the\s+)?{MONTH_DAY}")
# A weekday that is not the reporting day: "last Thursday", "next Monday", "on Thursdays"
_WEEKDAY_RE = re.compile(rf"(?<!\blast )(?<!\bnext )(?<!\bcoming )(?<!\bevery )(?<!\bfollowing )\b{_WEEKDAY}\b(?!s\b)")

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# How far a hedged distance may stretch, in days (low, high) around its
# nominal value, per unit. "just over six weeks" is 42..48 days.
_QUALIFIERS = {
    "over": ("just over", "a little over", "slightly over", "a little more than", "slightly more than",
             "more than", "over"),
    "under": ("just under", "a little under", "nearly", "almost", "less than", "under"),
    "about": ("about", "around", "roughly", "approximately", "some"),
    "exact": ("exactly", "precisely"),
}
_TOLERANCE = {
    "exact": {"day": (0, 0), "week": (-3, 3), "month": (-7, 7)},
    "over": {"day": (0, 1), "week": (0, 6), "month": (0, 14)},
    "under": {"day": (-1, 0), "week": (-6, 0), "month": (-14, 0)},
    "about": {"day": (-1, 1), "week": (-3, 3), "month": (-10, 10)},
}
_QUALIFIER_KIND = {phrase: kind for kind, phrases in _QUALIFIERS.items() for phrase in phrases}
_QUALIFIER = "|".join(sorted((re.escape(q) for q in _QUALIFIER_KIND), key=len, reverse=True))
_DISTANCE = (rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>\d{{1,3}}|{'|'.join(_NUMBERS)})\s+"
             r"(?P<unit>days?|weeks?|months?)")
# "just over six weeks ago, on February 24th" / "on February 24, six weeks ago"
_DISTANCE_ANCHOR_RES = (
    re.compile(rf"\b{_DISTANCE}\s+ago,?\s+(?:on\s+)?{MONTH_DAY}", re.IGNORECASE),
    re.compile(rf"\bon\s+{MONTH_DAY},?\s+{_DISTANCE}\s+ago\b", re.IGNORECASE),
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int
    year: int | None
    span: tuple[int, int]


@dataclass(frozen=True)
class WeekdayDate:
    weekday: int  # 0 = Monday
    date: MonthDay


@dataclass(frozen=True)
class DistanceAnchor:
    """An anchor date and how long before the article it was ("six weeks ago")."""

    anchor: MonthDay
    nominal_days: int
    low_days: int
    high_days: int


def _month_day(match: re.Match[str], start_offset: int = 0) -> MonthDay | None:
    groups = match.groupdict()
    month = month_number((groups.get("month") or groups.get("dmonth") or "").title())
    day_text = groups.get("day") or groups.get("dday") or ""
    day = int(re.sub(r"\D", "", day_text) or 0)
    if not month or not 1 <= day <= 31:
        return None
    year = int(groups["year"]) if groups.get("year") else None
    return MonthDay(month, day, year, (match.start() + start_offset, match.end() + start_offset))


def find_month_days(text: str) -> list[MonthDay]:
    found = (_month_day(m) for m in _MONTH_DAY_RE.finditer(text))
    return [f for f in found if f]


def find_weekday_dates(text: str) -> list[WeekdayDate]:
    """Weekdays written with their date, in text order."""
    out = []
    for match in _WEEKDAY_DATE_RE.finditer(text):
        month_day = _month_day(match)
        if month_day:
            out.append(WeekdayDate(WEEKDAYS.index(match["weekday"]), month_day))
    return out


def reporting_weekday(text: str) -> int | None:
    """The weekday the story reports on: the first one named ("said Thursday").

    News leads name the day of the news first; "last Thursday" or "next Monday"
    name other days and are skipped.
    """
    match = _WEEKDAY_RE.search(text)
    return WEEKDAYS.index(match["weekday"]) if match else None


def _distance(match: re.Match[str]) -> tuple[int, int, int]:
    number = match["num"].lower()
    count = int(number) if number.isdigit() else _NUMBERS[number]
    unit = match["unit"].lower().rstrip("s")
    kind = _QUALIFIER_KIND.get((match["qual"] or "").lower(), "exact")
    low, high = _TOLERANCE[kind][unit]
    nominal = count * _UNIT_DAYS[unit]
    return nominal, nominal + low, nominal + high


def find_distance_anchors(text: str) -> list[DistanceAnchor]:
    """Anchor dates with a stated distance back from the article's day, in text order."""
    out = []
    for pattern in _DISTANCE_ANCHOR_RES:
        for match in pattern.finditer(text):
            month_day = _month_day(match)
            if month_day:
                nominal, low, high = _distance(match)
                out.append(DistanceAnchor(month_day, nominal, low, high))
    return sorted(out, key=lambda d: d.anchor.span)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence bounds; "Feb. 24" does not end a sentence (a digit follows)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start() + 1))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
