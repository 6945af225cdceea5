"""Resolvers of the time rules (``data/time_rules.yaml``): each turns a regex
match into TimeML (type, value) and a date range against the anchor date.
Used by ``ceasefire.analyse.times``; split out to keep modules small."""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING, Callable

import regex

from ..records import DateRange, Span

if TYPE_CHECKING:
    from .times import TimeRules

Result = tuple[Span, str, str, "DateRange | None"]  # span, type, value, date
FUTURE_CUES = regex.compile(
    r"\b(?:will|'ll|shall|going to|is to|are to|was to|were to|scheduled|expected to|plans? to|planned|"
    r"planning to|intends? to|intending to|set to|due to|slated|upcoming)\b", regex.I)
REPORTED = regex.compile(r"\b(?:said|told|announced|reported|added|declared|stated|confirmed|denied|warned|"
                         r"disclosed|acknowledged|conceded|predicted|insisted)\s+(?:on\s+)?$", regex.I)
WOULD = regex.compile(r"\b(?:would|'d)\b", regex.I)
# A future seen from the past ("the truce was due to expire", "they were to meet", "had planned to"):
# the day lies after a past moment, which may itself be behind or ahead of the anchor.
BACKSHIFTED = regex.compile(r"\b(?:was|were|had(?:\s+been)?)\s+(?:\w+ly\s+|also\s+|still\s+|then\s+|already\s+)?$",
                           regex.I)
CLAUSE_BREAK = regex.compile(r"[,;:()\u2013\u2014]|\s-\s|\b(?:where|which|who|when|while|after|before)\b", regex.I)
# a sentence end: not after an initial or a common abbreviation ("Daniel P. Davison", "Mr. Schwarz")
SENTENCE_END = regex.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Corp|Inc|Co|Ltd|Jr|Sr|No|vs))"
    r"[.!?][\"'’”]*\s+|\n")
# words just before a date that put it ahead: "as soon as Tuesday", "until Feb. 1", "effective June 1"
DEADLINE_CUES = regex.compile(
    r"(?:\b(?:as soon as|as early as|as late as|no later than|effective|starting|beginning)|"
    r"\w\W+(?:until|till))(?:\s+(?:on|in))?\s+$",  # "extended until Friday", but not "Until Friday, they had ..."
    regex.I)
A_DURATION_CUE = regex.compile(
    r"\b(?:for|in|within|over|about|nearly|almost|than|least|after|only|just|half|another|past|first|last|next)\s+$",
    regex.I)
UNIT_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365, "E": 3650, "C": 36500, "Q": 91}
FUZZY_SPAN = {"D": 7, "W": 4, "M": 6, "Y": 5, "E": 3, "C": 1, "Q": 2}
PRECISION = {"D": "day", "W": "week", "M": "month", "Q": "month", "Y": "year", "E": "year", "C": "year"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


# ---- date arithmetic ----------------------------------------------------------------------
def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _month_range(y: int, m: int) -> DateRange:
    return DateRange(date(y, m, 1).isoformat(), date(y, m, calendar.monthrange(y, m)[1]).isoformat(), "month")


def _day(d: date) -> DateRange:
    return DateRange(d.isoformat(), d.isoformat(), "day")


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


CALENDAR = regex.compile(r"(?P<y>\d{4})(?:-(?:Q(?P<q>[1-4])|(?P<m>\d\d)(?:-(?P<d>\d\d))?))?")


def calendar_value(value: str | None):
    """The year/quarter/month/day fields of a calendar value ("1989-Q3", "1998-10-23T22:00"), or None."""
    return CALENDAR.fullmatch((value or "").split("T")[0])


def shift_ref(ref: str | None, n: int, unit: str) -> str | None:
    """A calendar value moved by ``n`` units (Y, Q, M, W, D), kept at its own
    granularity: "1989-Q3" a year earlier is "1988-Q3", "1989-09-30" is
    "1988-09-30". None when the value is too coarse for the unit."""
    c = calendar_value(ref)
    if c is None:
        return None
    y = int(c["y"])
    if c["d"]:
        d = date(y, int(c["m"]), int(c["d"]))
        if unit in ("Y", "Q", "M"):
            return _add_months(d, n * {"Y": 12, "Q": 3, "M": 1}[unit]).isoformat()
        return (d + timedelta(days=n * (7 if unit == "W" else 1))).isoformat() if unit in ("W", "D") else None
    if unit == "Y":
        return str(y + n) + (c.group(0)[4:])
    if c["q"] and unit == "Q":
        k = y * 4 + int(c["q"]) - 1 + n
        return f"{k // 4}-Q{k % 4 + 1}"
    if c["m"] and unit in ("M", "Q"):
        k = y * 12 + int(c["m"]) - 1 + n * (3 if unit == "Q" else 1)
        return f"{k // 12}-{k % 12 + 1:02d}"
    return None


def _range_of(value: str) -> DateRange | None:
    c = calendar_value(value)
    if c is None:
        return None
    y = int(c["y"])
    if c["d"]:
        return _day(date(y, int(c["m"]), int(c["d"])))
    if c["m"]:
        return _month_range(y, int(c["m"]))
    if c["q"]:
        q = int(c["q"])
        end = _add_months(date(y, 3 * q - 2, 1), 3) - timedelta(days=1)
        return DateRange(date(y, 3 * q - 2, 1).isoformat(), end.isoformat(), "month")
    return DateRange(f"{y}-01-01", f"{y}-12-31", "year")


def _ref_day(ref: str | None) -> date | None:
    c = calendar_value(ref)
    return date(int(c["y"]), int(c["m"]), int(c["d"])) if c is not None and c["d"] else None


def _closest_year(anchor: date, month: int, day: int = 1) -> int:
    """The year that puts month/day nearest the anchor, a future date counting
    double: "March 2" in an April article is this March, "December 20" in a
    January article is last December, "April 10" three days ahead stays ahead."""
    best, best_cost = anchor.year, None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, month, min(day, calendar.monthrange(y, month)[1]))
        except ValueError:
            continue
        delta = (d - anchor).days
        cost = -delta if delta <= 0 else 3 * delta
        if best_cost is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def _sentence_left(text: str, start: int) -> str:
    """The words of ``start``'s sentence before it, at most 80 characters back."""
    left = text[max(0, start - 80):start]
    ends = list(SENTENCE_END.finditer(left))
    return left[ends[-1].end():] if ends else left


def _future_context(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ("will meet on",
    "is scheduled for", "as soon as", "until", "effective")."""
    left = _sentence_left(text, start)
    if REPORTED.search(left):  # "..., he said Friday": the day of the saying
        return False
    if FUTURE_CUES.search(left) or DEADLINE_CUES.search(left):
        return True
    # "would" is the future of a reported past ("said the father would travel Thursday"), but only
    # in the date's own clause ("hoped she would help, where the Aug. 7 blasts") and not for a
    # day already named as a thing ("they would appeal Wednesday's ruling")
    clause = CLAUSE_BREAK.split(left)[-1]
    return bool(WOULD.search(clause)) and not regex.match(r"\w+'s\b", text[start:start + 16])


def _backshifted(text: str, start: int) -> bool:
    """Whether the future cue before ``start`` is a past tense's future ("was due to expire on
    Monday", "were scheduled to meet", "had planned to travel"): the day it points at is the
    nearest such day, behind or ahead, not always the next one."""
    left = _sentence_left(text, start)
    cues = list(FUTURE_CUES.finditer(left))
    if not cues or DEADLINE_CUES.search(left):
        return False
    cue = cues[-1]
    word = cue.group(0).lower()
    if word in ("will", "'ll", "shall"):
        return False
    if word in ("was to", "were to"):
        return True
    return bool(BACKSHIFTED.search(left[:cue.start()]))


def _future_or_nearest(text: str, start: int) -> bool | None:
    """True when the clause looks ahead, None when it looks ahead from the past (the nearest day)."""
    if not _future_context(text, start):
        return False
    return None if _backshifted(text, start) else True


def _weekday_date(anchor: date, wd: int, rel: str | None, future: bool | None) -> date:
    rel = (rel or "").lower()
    back = (anchor.weekday() - wd) % 7
    ahead = (wd - anchor.weekday()) % 7
    if rel in ("last", "past", "this past"):
        return anchor - timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return anchor + timedelta(days=ahead or 7)
    if rel == "this":
        return _monday(anchor) + timedelta(days=wd)
    if future and ahead:
        return anchor + timedelta(days=ahead)
    if future is None and ahead < back:  # a past tense's future: the nearest such day
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


# ---- handlers: (rules, match, anchor, text) -> list of results -------------------------------
Handler = Callable[..., "list[Result] | None"]  # (rules, match, anchor, text, ref=last calendar value)


def _g(m, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _h_ymd(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    try:
        d = date(r.year(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None
    return [(m.span(), "DATE", d.isoformat(), _day(d))]


def _h_month_day(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    month = r.months[m["month"].lower()]
    day = int(m["day"])
    year = r.year(m["year"]) if _g(m, "year") else None
    rel = (_g(m, "rel") or "").lower()
    out: list[Result] = []
    days = [(m.span(), day)]
    if year is None:  # "on March 2 and 24": a second day of the same month
        tail = regex.match(r"\s*(?:,\s*)?(?:and|&|or|,)\s*(\d{1,2})(?:st|nd|rd|th)?\b(?![:.,]?\d)", text[m.end():])
        if tail:
            after = regex.match(r"\s*([A-Za-z%]+)", text[m.end() + tail.end():])
            if after is None or after.group(1).lower() in r.after_ok:
                days.append(((m.end() + tail.start(1), m.end() + tail.end()), int(tail.group(1))))
    for span, dd in days:
        if year is not None:
            y = year
        elif a is None:
            out.append((span, "DATE", f"XXXX-{month:02d}-{dd:02d}", None))
            continue
        elif rel in ("next", "coming", "this coming"):
            y = a.year if (month, dd) > (a.month, a.day) else a.year + 1
        elif rel == "last":
            y = a.year if (month, dd) < (a.month, a.day) else a.year - 1
        elif _future_or_nearest(text, m.start()):
            y = a.year if (month, dd) >= (a.month, a.day) else a.year + 1
        else:
            y = _closest_year(a, month, dd)
        try:
            d = date(y, month, dd)
        except ValueError:
            continue
        out.append((span, "DATE", d.isoformat(), _day(d)))
    return out or None


def _h_month(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    month = r.months[m["month"].lower()]
    rel = (_g(m, "rel") or "").lower()
    if _g(m, "year"):
        y = r.year(m["year"])
    elif a is None:
        return [(m.span(), "DATE", f"XXXX-{month:02d}", None)]
    elif _g(m, "yrel"):  # "June last year"
        y = a.year + {"last": -1, "next": 1}.get(m["yrel"].lower(), 0)
    elif rel in ("last", "past", "this past"):
        y = a.year if month < a.month else a.year - 1
    elif rel in ("next", "coming", "this coming"):
        y = a.year if month > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    elif _future_or_nearest(text, m.start()):
        y = a.year if month >= a.month else a.year + 1
    else:
        y = _closest_year(a, month, 15)
    return [(m.span(), "DATE", f"{y}-{month:02d}", _month_range(y, month))]


def _h_quarter(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    rel = " ".join((_g(m, "rel") or "").lower().split()).replace("comparable ", "").replace("year-ago", "year-earlier")
    q = r.ordinals.get((_g(m, "ord") or "").lower())
    last = calendar_value(ref)
    if _g(m, "period") and not (last is not None and last["q"] or _quarter_context(text, m)):
        return None  # "the latest period" is a quarter only where quarters are spoken of
    if q is None and rel in ("", "that", "the same", "the year-earlier", "the latest" if _g(m, "period") else "") \
            and last is not None and last["q"] \
            and not _g(m, "year") and not _g(m, "yrel"):  # "the quarter", "that quarter": the one last spoken of
        y0 = int(last["y"]) - (rel == "the year-earlier")
        q0 = int(last["q"])
        return [(m.span(), "DATE", f"{y0}-Q{q0}", _range_of(f"{y0}-Q{q0}"))]
    if m.group(0).lower().endswith("quarters") and q is None:
        return None
    if _g(m, "year"):
        y: int | None = r.year(m["year"])
    elif a is None:
        y = None
    else:
        y = a.year + {"last": -1, "next": 1}.get((_g(m, "yrel") or "").lower(), 0)
    cur = (a.month - 1) // 3 + 1 if a else None
    if q is None:
        if a is None or cur is None or y is None:
            return [(m.span(), "DATE", "XXXX-QX", None)]
        last_q, last_y = (cur - 1, y) if cur > 1 else (4, y - 1)
        if rel == "next":
            q, y = (cur + 1, y) if cur < 4 else (1, y + 1)
        elif rel == "the current":
            q = cur
        elif rel == "the year-earlier":
            q, y = last_q, last_y - 1
        else:  # "the quarter", "the latest quarter": the one just reported
            q, y = last_q, last_y
    elif y is not None and a is not None and not _g(m, "year") and not _g(m, "yrel") and (y, q) > (a.year, cur):
        y -= 1  # "the third quarter" read in May is last year's
    if rel == "the year-earlier" and q is not None and y is not None and _g(m, "ord"):
        y -= 1
    if y is None:
        return [(m.span(), "DATE", f"XXXX-Q{q}", None)]
    start = date(y, 3 * q - 2, 1)
    end = _add_months(start, 3) - timedelta(days=1)
    return [(m.span(), "DATE", f"{y}-Q{q}", DateRange(start.isoformat(), end.isoformat(), "month"))]


def _h_season(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    code = r.seasons[m["season"].lower()]
    rel = (_g(m, "rel") or "").lower()
    if _g(m, "year"):
        y = r.year(m["year"])
    elif a is None:
        return [(m.span(), "DATE", f"XXXX-{code}", None)]
    else:
        first, _ = SEASON_MONTHS[code]
        y = a.year
        if rel in ("last", "the past", "this past"):
            y = a.year if first < a.month - 2 else a.year - 1
        elif rel in ("next", "this coming", "the coming"):
            y = a.year if first > a.month else a.year + 1
    first, last = SEASON_MONTHS[code]
    start = date(y, first, 1)
    end_y = y + 1 if last < first else y
    end = date(end_y, last, calendar.monthrange(end_y, last)[1])
    return [(m.span(), "DATE", f"{y}-{code}", DateRange(start.isoformat(), end.isoformat(), "month"))]


def _h_year(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    y = r.year(m["year"])
    nxt = regex.match(r"\s+([a-z]+)", text[m.end():])
    det = regex.search(r"\b(?:the|its|his|her|their|our|a|in|of|for|since|fiscal|calendar)\s+$",
                       text[max(0, m.start() - 10):m.start()], regex.I)
    if m["year"] == m.group(0).strip() and m["year"].isdigit() and nxt and nxt.group(1) not in r.after_ok and not det:
        return None  # "2000 people"
    return [(m.span(), "DATE", str(y), DateRange(f"{y}-01-01", f"{y}-12-31", "year"))]


def _last_quarter(a: date) -> tuple[int, int]:
    cur = (a.month - 1) // 3 + 1
    return (a.year, cur - 1) if cur > 1 else (a.year - 1, 4)


def _quarter_context(text: str, m) -> bool:
    """Whether the sentence around a match speaks of quarters (financial results)."""
    left = text[max(0, m.start() - 200):m.start()]
    right = text[m.end():m.end() + 200]
    left = regex.split(r"[.!?]\s", left)[-1]
    right = regex.split(r"[.!?]\s", right)[0]
    return bool(regex.search(r"quarter|period", left + " " + m.group(0) + " " + right, regex.I))


def _h_year_ago(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    if a is None:
        return [(m.span(), "DATE", "XXXX", None)]
    y = a.year if m["which"].lower() == "end" else a.year - 1
    last = calendar_value(ref)
    if m["which"].lower() != "end" and last is not None and last["q"]:
        moved = shift_ref(ref, -1, "Y")
        return [(m.span(), "DATE", moved, _range_of(moved))]  # type: ignore[arg-type]
    if m["which"].lower() != "end" and _quarter_context(text, m):
        return [(m.span(), "DATE", f"{y}-Q{_last_quarter(a)[1]}", None)]
    return [(m.span(), "DATE", str(y), DateRange(f"{y}-01-01", f"{y}-12-31", "year"))]


def _h_day_word(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    word = " ".join(m["word"].lower().split())
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}[word]
    part = PARTS.get((_g(m, "part") or "").lower()) or ("NI" if word == "tonight" else None)
    if a is None:
        return [(m.span(), "TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""), None)]
    d = a + timedelta(days=shift)
    if part:
        return [(m.span(), "TIME", f"{d.isoformat()}T{part}", _day(d))]
    return [(m.span(), "DATE", d.isoformat(), _day(d))]


def _h_part_of_day(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    rel = m["rel"].lower()
    part = PARTS[m["part"].lower()]
    before = text[max(0, m.start() - 12):m.start()]
    if rel == "the" and not regex.search(r"\b(?:in|during|overnight|through)\s+$", before):
        return None
    if a is None:
        return [(m.span(), "TIME", f"XXXX-XX-XXT{part}", None)]
    d = a + timedelta(days={"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0))
    if rel in ("the", "that"):  # "in the morning", "that night": of the day last spoken of
        d = _ref_day(ref) or d
    return [(m.span(), "TIME", f"{d.isoformat()}T{part}", _day(d))]


def _clock_start(m) -> int:
    """Where the clock reading itself begins: the match may begin with its own cue ("until 9 a.m. Tuesday")."""
    return m.start("hour") if "hour" in m.re.groupindex and m.start("hour") >= 0 else m.start()


def _h_clock(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    word = (_g(m, "word") or "").lower()
    if word:
        hh, mm = (24 if word == "midnight" else 12), 0
    else:
        hh, mm = int(m["hour"]), int(_g(m, "minute") or 0)
        ampm = (_g(m, "ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
        if hh > 24:
            return None
    if _g(m, "month") and a is not None:  # "5 p.m. EST, Nov. 6"
        month, dd = r.months[m["month"].lower()], int(m["day"])
        y = a.year if _future_or_nearest(text, _clock_start(m)) and (month, dd) >= (a.month, a.day) \
            else _closest_year(a, month, dd)
        try:
            d: date | None = date(y, month, dd)
        except ValueError:
            d = a
    elif _g(m, "weekday") and a is not None:
        d = _weekday_date(a, r.weekdays[m["weekday"].lower()], None, _future_or_nearest(text, _clock_start(m)))
    else:  # "at 10 p.m.": on the day last spoken of
        d = _ref_day(ref) or a
    day = d.isoformat() if d else "XXXX-XX-XX"
    return [(m.span(), "TIME", f"{day}T{hh:02d}:{mm:02d}", _day(d) if d else None)]


def _h_weekday(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    wd = r.weekdays[m["weekday"].lower()]
    rel = (_g(m, "rel") or "").lower()
    part = PARTS.get((_g(m, "part") or "").lower())
    if m["weekday"].lower() in ("sun", "sat", "wed", "mon") and len(m.group(0).strip()) <= 3:
        return None  # "Sun" (newspaper), "Wed", "Sat" are not safe alone
    span = m.span()
    if rel in ("on", "early", "late"):
        span = (m.start("weekday") if rel == "on" else span[0], span[1])
        rel = ""
    if a is None:
        val = f"XXXX-WXX-{wd + 1}"
        return [(span, "TIME" if part else "DATE", val + (f"T{part}" if part else ""), None)]
    d = _weekday_date(a, wd, rel, _future_or_nearest(text, m.start()))
    # "Friday night": TimeBank mostly normalises a weekday with a part of day to the day itself
    return [(span, "TIME" if part else "DATE", d.isoformat(), _day(d))]


def _h_weekend(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    rel = " ".join(m["rel"].lower().split())
    if a is None:
        return [(m.span(), "DATE", "XXXX-WXX-WE", None)]
    sat = _monday(a) + timedelta(days=5)
    if rel in ("last", "the past", "this past") or (rel in ("the", "over the") and a.weekday() < 3):
        sat -= timedelta(days=7)
    elif rel == "next" or (rel == "this coming" and a.weekday() >= 5):
        sat += timedelta(days=7)
    return [(m.span(), "DATE", week_value(sat) + "-WE",
             DateRange(sat.isoformat(), (sat + timedelta(days=1)).isoformat(), "week"))]


def _h_week(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    rel = " ".join(m["rel"].lower().split())
    mod = (_g(m, "mod") or "").lower()
    span = (m.start("mod") if mod else m.start("rel"), m.end())
    if a is None:
        return [(span, "DATE", "XXXX-WXX", None)]
    mon = _monday(a)
    if rel in ("last", "the previous"):
        mon -= timedelta(days=7)
    elif rel in ("next", "the following", "the coming"):
        mon += timedelta(days=7)
    start, end = mon, mon + timedelta(days=6)
    if _g(m, "ortwo"):
        end += timedelta(days=7)
    if rel == "this" and mod in ("earlier", "early"):
        start, end = mon, max(mon, a - timedelta(days=1))
    elif rel == "this" and mod in ("later", "late"):
        start, end = min(a + timedelta(days=1), mon + timedelta(days=6)), mon + timedelta(days=6)
    return [(span, "DATE", week_value(mon), DateRange(start.isoformat(), end.isoformat(), "week"))]


def _h_unit_rel(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    rel = " ".join(m["rel"].lower().split())
    unit = m["unit"].lower()
    step = -1 if rel in ("last", "the previous") else 1 if rel in ("next", "the following", "the coming") else 0
    last = calendar_value(ref)
    if rel in ("the previous", "the following", "the same") and last is not None and (unit == "year" or last["m"]):
        base = last["y"] if unit == "year" else f'{last["y"]}-{last["m"]}'  # "the following year": after the one spoken of
        moved = shift_ref(base, step, "Y" if unit == "year" else "M")
        return [(m.span(), "DATE", moved, _range_of(moved))]  # type: ignore[arg-type]
    if a is None:
        return [(m.span(), "DATE", "XXXX-XX" if unit == "month" else "XXXX", None)]
    if unit == "month":
        d = _add_months(a.replace(day=1), step)
        return [(m.span(), "DATE", f"{d.year}-{d.month:02d}", _month_range(d.year, d.month))]
    y = a.year + step
    return [(m.span(), "DATE", str(y), DateRange(f"{y}-01-01", f"{y}-12-31", "year"))]


def duration_value(n: float | None, unit: str) -> str:
    clock = unit.startswith("T")
    u = unit[1:] if clock else unit
    if u == "2W":
        n, u = (n or 1) * 2, "W"
    if u in ("E", "C") and n is not None and n == int(n):  # "two decades": P20Y, as TimeBank writes it
        n, u = n * (10 if u == "E" else 100), "Y"
    if n is None:
        return f"PT X{u}".replace(" ", "") if clock else f"PX{u}"
    if n != int(n):  # "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M
        smaller = {"H": (60, "M"), "M": (60, "S")} if clock else {"Y": (12, "M"), "W": (7, "D"), "D": (24, "H")}
        if u in smaller:
            k, su = smaller[u]
            whole, frac = int(n), int(round((n - int(n)) * k))
            tee = "T" if clock or su == "H" else ""
            head = f"{whole}{u}" if whole else ""
            if tee and not clock and head:
                return f"P{head}T{frac}{su}"
            return f"P{'T' if clock else tee}{head}{frac}{su}"
        return f"P{'T' if clock else ''}{n:g}{u}"
    return f"P{'T' if clock else ''}{int(n)}{u}"


def _h_past_period(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    d = m["dir"].lower()
    unit = r.unit(m["unit"])
    raw = _g(m, "num")
    n = r.number(raw) if raw and raw.lower() not in r.fuzzy else None
    plural = m.group(0).rstrip().lower().endswith("s")
    if n is None and not plural:
        n = 1.0
    value = duration_value(n, unit)
    if a is None or unit.startswith("T"):
        return [(m.span(), "DURATION", value, None)]
    base = unit.lstrip("2") if unit != "2W" else "W"
    count = n if n is not None else FUZZY_SPAN.get(base, 1)
    days = int(round(count * UNIT_DAYS.get(base, 1) * (2 if unit == "2W" else 1)))
    precision = PRECISION.get(base, "day")
    kind = "DURATION"
    if d in ("next", "coming", "following"):
        rng = DateRange(a.isoformat(), (a + timedelta(days=days)).isoformat(), precision)  # type: ignore[arg-type]
    else:
        rng = DateRange((a - timedelta(days=days)).isoformat(), a.isoformat(), precision)  # type: ignore[arg-type]
    return [(m.span(), kind, value, rng)]


def _h_ago(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    unit = r.unit(m["unit"])
    if unit.startswith("T"):
        return [(m.span(), "DURATION", duration_value(r.number(_g(m, "num")), unit), None)]
    n = r.number(_g(m, "num"))
    direction = " ".join(m["dir"].lower().split())
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    if n is None:
        return [(m.span(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)]
    if direction in ("later", "after") or (direction == "before" and regex.match(r"\s*[A-Za-z]", text[m.end():])):
        return [(m.span(), "DURATION", duration_value(n, unit), None)]  # relative to an event, not to now
    if direction in ("earlier", "before") and n == int(n) and ref and unit in ("D", "W", "M", "Y", "Q"):
        moved = shift_ref(ref, -int(n), unit)  # "a year earlier": a year before the date last spoken of
        if moved:
            return [(m.span(), "DATE", moved, _range_of(moved))]
    if a is None:
        return [(m.span(), "DATE", "XXXX", None)]
    last = calendar_value(ref)
    if unit == "Y" and n == 1 and last is not None and last["q"]:  # "up from $5 a year ago", after "the third quarter"
        moved = shift_ref(ref, -1, "Y")
        return [(m.span(), "DATE", moved, _range_of(moved))]  # type: ignore[arg-type]
    if unit == "Y" and n == 1 and _quarter_context(text, m):
        y, q = _last_quarter(a)
        return [(m.span(), "DATE", f"{y - 1}-Q{q}", None)]
    base = "W" if unit == "2W" else unit
    count = n * (2 if unit == "2W" else 1)
    if base in ("M", "Y", "E", "C", "Q"):
        months = {"M": 1, "Q": 3, "Y": 12, "E": 120, "C": 1200}[base]
        d = _add_months(a, sign * int(round(count * months)))
    else:
        d = a + timedelta(days=sign * int(round(count * UNIT_DAYS[base])))
    if base == "D":
        return [(m.span(), "DATE", d.isoformat(), _day(d))]
    if base == "W":
        return [(m.span(), "DATE", week_value(d), DateRange(d.isoformat(), d.isoformat(), "week"))]
    if base == "M":
        return [(m.span(), "DATE", f"{d.year}-{d.month:02d}", _month_range(d.year, d.month))]
    if base == "Q":
        return [(m.span(), "DATE", f"{d.year}-Q{(d.month - 1) // 3 + 1}", _month_range(d.year, d.month))]
    value = str(d.year) if base == "Y" else str(d.year // 10) if base == "E" else str(d.year // 100)
    return [(m.span(), "DATE", value, DateRange(f"{d.year}-01-01", f"{d.year}-12-31", "year"))]


def _h_duration(r: "TimeRules", m, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    word = _g(m, "unit") or _g(m, "unit2") or ""
    unit = r.unit(word)
    raw = _g(m, "num")
    if raw and raw.lower() in ("a", "an") and unit in ("TS", "Q"):
        return None  # "a second round", "a quarter of"
    if unit == "Q" and regex.match(r"\s+of\b", text[m.end():]):
        return None
    if raw and raw.lower() in ("a", "an") and m.start() == m.start("num") and \
            not A_DURATION_CUE.search(text[max(0, m.start() - 12):m.start()]):
        return None  # "a year" alone is more often a rate ("$5 a year") than a duration
    n = r.number(raw) if raw and raw.lower() not in r.fuzzy else None
    if raw is None and not m.group(0).lower().rstrip().endswith("s"):
        n = 1.0
    if _g(m, "half"):
        n = (n or 0) + 0.5
    return [(m.span(), "DURATION", duration_value(n, unit), None)]


HANDLERS: dict[str, Handler] = {
    "ymd": _h_ymd, "month_day": _h_month_day, "month": _h_month, "quarter": _h_quarter, "season": _h_season,
    "year": _h_year, "year_ago": _h_year_ago, "day_word": _h_day_word,
    "part_of_day": _h_part_of_day,
    "clock": _h_clock, "weekday": _h_weekday, "weekend": _h_weekend, "week": _h_week, "unit_rel": _h_unit_rel,
    "past_period": _h_past_period, "ago": _h_ago, "duration": _h_duration,
}
