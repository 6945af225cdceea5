"""Events: talks, ceasefires, corridors, aid, attacks, statements, military
events and resolutions, from trigger rules kept as data (``data/events``).

The extractor runs the families in the order in which they claim trigger
words (a body's "called for" is a resolution, not a statement; a statement
whose content is a ceasefire is that ceasefire), merges the mentions of one
event, dates what the text leaves undated, and writes ``Event`` records whose
``rule`` lists the ids of every rule that made them.
"""
from __future__ import annotations

from ...records import Event, Participant
from ..context import Context
from ..registry import extractor
from . import aid, attack, military, resolution, statement, talks, truce
from .frame import Draft, Frame
from .lexicon import Lexicon
from .merge import Merger

__all__ = ["extract_events", "analyse_events"]

TYPE_ORDER = ("talks", "ceasefire", "corridor", "aid", "attack", "military", "statement", "resolution")
FINISH = {"talks": talks.finish, "attack": attack.finish}


def analyse_events(ctx: Context) -> list[Event]:
    """The events of one analysed article (actors, places, times and quotes done)."""
    frame = Frame(ctx, ctx.resources.cached("events.lexicon", lambda: Lexicon.load(ctx.resources)))
    drafts: list[Draft] = []
    drafts += resolution.find(frame)
    drafts += truce.find(frame)
    drafts += talks.find(frame)
    drafts += aid.find(frame)
    drafts += attack.find(frame)
    drafts += military.find(frame)
    drafts += statement.find(frame, set(frame.claimed))
    merger = Merger(frame)
    merged: list[Draft] = []
    for etype in TYPE_ORDER:
        merged += merger.merge([d for d in drafts if d.type == etype])
    events = []
    for d in sorted(merged, key=lambda d: (min(s for s, _ in d.evidence), d.head.i)):
        finish = FINISH.get(d.type)
        if finish is not None:
            finish(frame, d)
        events.append(_record(frame, d))
    return events


def _record(frame: Frame, d: Draft) -> Event:
    rules = list(d.rules)
    if d.dates:
        when = d.dates[0]
    else:
        when, rule = frame.fallback_date(d.status, d.type)
        if rule:
            rules.append(rule)
    if frame.sides.rule and any(r.endswith("other_side") or r == "talks.role.outside_mediator" for r in rules):
        rules.append(frame.sides.rule)
    return Event(type=d.type, subtype=d.subtype, status=d.status, date=when, place=d.place,  # type: ignore[arg-type]
                 participants=[Participant(a, r) for a, r in d.participants],  # type: ignore[arg-type]
                 outcome=d.outcome, attributes=d.attributes, evidence=sorted(d.evidence),
                 rule=" ".join(dict.fromkeys(rules)))


@extractor("events", needs=("actors", "places", "times", "quotes"), produces=("events",))
def extract_events(ctx: Context) -> None:
    ctx.events = analyse_events(ctx)
