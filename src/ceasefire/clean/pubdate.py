"""When an article was published: given, from its dateline, or inferred from its text.

The rules, in order (the first that gives a date wins):

1. ``metadata``: a date the input gave.
2. ``dateline``: "GENEVA, March 3 (Reuters) -".
3. ``inferred`` from a weekday written with its date, "Thursday (Mar 10)":
   only some years put March 10 on a Thursday.
4. ``inferred`` from a distance to an anchor date, "just over six weeks ago, on
   February 24th", plus the weekday the story reports on ("said Thursday"):
   the Thursday nearest to February 24 + 42 days within 42..48 days.

A year the text leaves out is fixed by well-known events it names
(``data/anchor_events.yaml``: "launched the operation on February 24" in a
story about Russia is 2022-02-24, and the article cannot be older than the
events it names); among the years still possible, the most recent one not
after ``today`` wins. When nothing gives a date: ``(None, "unknown")``.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any, Literal

from .anchors import AnchorEvent, AnchorMatch, find_anchor_events
from .datephrases import find_distance_anchors, find_weekday_dates, reporting_weekday

Basis = Literal["metadata", "dateline", "inferred", "unknown"]
YEARS_BACK = 100  # how far back a year left out may lie; weekdays repeat every 28 years at most


def _given_date(given: Any) -> date | None:
    if isinstance(given, datetime):
        return given.date()
    if isinstance(given, date):
        return given
    if isinstance(given, str):
        try:
            return date.fromisoformat(given.strip()[:10])
        except ValueError:
            return None  # an unusable given date is ignored, not fatal
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # February 29 in a common year, April 31...
        return None


def _not_after(when: date | None, today: date) -> date | None:
    # No article is published after the run's day; a later date names a planned event.
    return when if when is not None and when <= today else None


def _years_back(today: date) -> Iterator[int]:
    return iter(range(today.year, today.year - YEARS_BACK, -1))


def _most_recent(month: int, day: int, today: date, not_before: date | None,
                 weekday: int | None = None) -> date | None:
    """The latest date with this month and day (and weekday) not after ``today``.

    Dates before ``not_before`` (an event the text names) are passed over,
    unless no date at all is left after it: then the anchor is ignored.
    """
    candidates = [d for y in _years_back(today)
                  if (d := _safe_date(y, month, day)) and d <= today and (weekday is None or d.weekday() == weekday)]
    if not_before is not None:
        after = [d for d in candidates if d >= not_before]
        candidates = after or candidates
    return candidates[0] if candidates else None


def _from_dateline(dateline: Any, today: date, not_before: date | None) -> date | None:
    month, day = getattr(dateline, "month", None), getattr(dateline, "day", None)
    if not month or not day:
        return None
    year = getattr(dateline, "year", None)
    if year:
        return _not_after(_safe_date(year, month, day), today)
    return _most_recent(month, day, today, not_before)


def _from_weekday_dates(text: str, today: date, not_before: date | None) -> date | None:
    """The first "Thursday (Mar 10)" in the text, its year fixed by its weekday."""
    for found in find_weekday_dates(text):
        when = found.date
        if when.year:
            result = _not_after(_safe_date(when.year, when.month, when.day), today)
        else:
            result = _most_recent(when.month, when.day, today, not_before, found.weekday)
        if result:
            return result
    return None


def _snap(start: date, low: int, high: int, nominal: int, weekday: int | None) -> date | None:
    """The day ``low..high`` days after ``start`` that has ``weekday``, nearest to ``nominal``."""
    if weekday is None:
        return start + timedelta(days=low) if low == high else None  # a hedged distance alone is too vague
    days = [n for n in range(low, high + 1) if (start + timedelta(days=n)).weekday() == weekday]
    if not days:
        return None
    best = min(days, key=lambda n: (abs(n - nominal), n))
    return start + timedelta(days=best)


def _from_distance_anchors(text: str, today: date, anchors: list[AnchorMatch]) -> date | None:
    weekday = reporting_weekday(text)
    for found in find_distance_anchors(text):
        month, day = found.anchor.month, found.anchor.day
        known = [a.event.date.year for a in anchors if (a.mention.month, a.mention.day) == (month, day)]
        if found.anchor.year:
            years: Iterator[int] = iter([found.anchor.year])
        elif known:
            years = iter(known[:1])  # the named event fixes the anchor's year
        else:
            years = _years_back(today)  # try each year, newest first; keep the first consistent one
        for year in years:
            start = _safe_date(year, month, day)
            if start is None:
                continue
            result = _snap(start, found.low_days, found.high_days, found.nominal_days, weekday)
            if result and result <= today:
                return result
    return None


def infer_published(text: str, given: Any = None, dateline: Any = None, today: date | None = None,
                    events: tuple[AnchorEvent, ...] | None = None) -> tuple[date | None, Basis]:
    """The publication date and its basis: ``metadata``, ``dateline``, ``inferred`` or ``unknown``.

    ``given`` is the input's date (``YYYY-MM-DD`` or a ``date``); ``dateline`` a
    ``clean.Dateline`` (or anything with ``month``, ``day``, ``year``);
    ``today`` the run's date, after which no article can be published.
    """
    today = today or date.today()
    from_input = _given_date(given)
    if from_input:
        return from_input, "metadata"
    anchors = find_anchor_events(text, events)
    not_before = max((a.event.date for a in anchors), default=None)
    from_dateline = _from_dateline(dateline, today, not_before) if dateline is not None else None
    if from_dateline:
        return from_dateline, "dateline"
    inferred = _from_weekday_dates(text, today, not_before) or _from_distance_anchors(text, today, anchors)
    if inferred:
        return inferred, "inferred"
    return None, "unknown"
