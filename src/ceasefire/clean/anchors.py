"""Well-known dated events named by day and month only, from ``data/anchor_events.yaml``.

"Putin launched the operation on February 24" in a text about Russia and
Ukraine means 2022-02-24; such an anchor fixes a year the text leaves out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .datafiles import load_data
from .datephrases import MonthDay, find_month_days, sentence_spans


@dataclass(frozen=True)
class AnchorEvent:
    id: str
    name: str
    date: date
    triggers: re.Pattern[str]
    context: re.Pattern[str]


@dataclass(frozen=True)
class AnchorMatch:
    event: AnchorEvent
    mention: MonthDay  # where the text names the event's day


def _words(words: list[str], flags: int = 0) -> re.Pattern[str]:
    # "invade*" is a prefix; other words must match whole.
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", flags)


def parse_events(data: dict) -> tuple[AnchorEvent, ...]:
    events = []
    for raw in data.get("events", []):
        when = raw["date"] if isinstance(raw["date"], date) else date.fromisoformat(str(raw["date"]))
        events.append(AnchorEvent(id=str(raw["id"]), name=str(raw.get("name", raw["id"])), date=when,
                                  triggers=_words(raw["triggers"], re.IGNORECASE), context=_words(raw["context"])))
    return tuple(events)


@lru_cache(maxsize=1)  # shipped events: a constant once read
def default_events() -> tuple[AnchorEvent, ...]:
    return parse_events(load_data("anchor_events.yaml"))


def find_anchor_events(text: str, events: tuple[AnchorEvent, ...] | None = None) -> list[AnchorMatch]:
    """Events whose day the text names in a sentence with one of their trigger words."""
    events = default_events() if events is None else events
    candidates = [e for e in events if e.context.search(text)]
    if not candidates:
        return []
    found: list[AnchorMatch] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        mentions = find_month_days(sentence)
        if not mentions:
            continue
        for event in candidates:
            if not event.triggers.search(sentence):
                continue
            for mention in mentions:
                same_day = (mention.month, mention.day) == (event.date.month, event.date.day)
                if same_day and mention.year in (None, event.date.year):
                    shifted = MonthDay(mention.month, mention.day, mention.year,
                                       (mention.span[0] + start, mention.span[1] + start))
                    found.append(AnchorMatch(event, shifted))
    return found
