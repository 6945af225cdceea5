"""Resolutions and votes of bodies such as the UN General Assembly: one
event per date ("on March 2 and 24" is two votes)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from ...records import DateRange
from .frame import Draft, Frame
from .mentions import draft_for, is_body

# "March 2 and 24": a second day of the same month after a stated date.
AND_DAY = re.compile(r"^\s*(?:and|&)\s+(\d{1,2})(?:st|nd|rd|th)?\b")


def find(frame: Frame) -> list[Draft]:
    fam = frame.lex.families["resolution"]
    out: list[Draft] = []
    for m in frame.matches_of(fam):
        d = draft_for(frame, fam, m, speech=True)
        if d is None:
            continue
        head = m.head
        bodies = [a for a in frame.subject_actors(head) if is_body(frame, a)]
        if not bodies:
            sent = head.sent
            bodies = [a for _, a in frame.ctx.actors.within(sent.start_char, sent.end_char) if is_body(frame, a)]
        if not bodies:
            frame.claimed.discard(head.i)
            continue
        body = bodies[0]
        d.add(body.id, "party")
        d.attributes["body"] = body.name
        dates = _day_dates(frame, head, d.dates)
        if len(dates) <= 1:
            out.append(d)
            continue
        for n, day in enumerate(dates):
            copy = replace(d, dates=[day], rules=d.rules + ([] if n == 0 else ["res.one_per_date"]),
                           participants=list(d.participants), attributes=dict(d.attributes),
                           evidence=list(d.evidence))
            out.append(copy)
    return out


def _day_dates(frame: Frame, head: Any, dates: list[DateRange]) -> list[DateRange]:
    """Every day-precision date stated for the trigger, with "and 24" after
    "March 2" read as March 24."""
    days = [x for x in dates if x.precision == "day" and x.start == x.end]
    out = list(days)
    for t in frame.ctx.times:
        if t.date is None or t.date not in days:
            continue
        m = AND_DAY.match(frame.ctx.text[t.span[1]:t.span[1] + 12])
        if m:
            try:
                first = date.fromisoformat(t.date.start)
                extra = first.replace(day=int(m.group(1))).isoformat()
            except ValueError:
                continue
            if all(x.start != extra for x in out):
                out.append(DateRange(extra, extra, "day"))
    uniq: dict[str, DateRange] = {}
    for x in out:
        uniq.setdefault(x.start, x)
    return sorted(uniq.values(), key=lambda x: x.start)
