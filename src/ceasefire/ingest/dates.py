"""A publication date given by the input, normalised to ``YYYY-MM-DD``.

Only complete dates count: a value without a year, month or day, or an
ambiguous one like ``03/04/2022`` (March 4 or 3 April?), is ignored rather than
guessed. An unusable date is not a rejection: the article is still good, and
the clean stage may infer a date from the text.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from dateutil import parser as dateutil_parser

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
_NUMERIC_DMY_OR_MDY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*$")
# Two different defaults: a field dateutil filled in from the default differs
# between the two parses, which tells us the input left it out.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def normalise_published(value: Any) -> str | None:
    """``YYYY-MM-DD`` for a complete, unambiguous date, else None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    iso = _ISO.match(value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    numeric = _NUMERIC_DMY_OR_MDY.match(value)
    if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
        return None  # day and month could be either way round
    parsed = []
    for default in _DEFAULTS:
        try:
            parsed.append(dateutil_parser.parse(value, default=default))
        except (ValueError, OverflowError, TypeError):
            return None
    first, second = parsed
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # the input left out part of the date
    return first.date().isoformat()
