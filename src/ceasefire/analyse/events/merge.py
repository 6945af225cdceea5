"""Merging mentions of one event: a lead, the sentence after it and "the
meeting" three paragraphs later are one record with three evidence sentences.

Two drafts merge when nothing they state disagrees (type, a specific
subtype, a status read from the text, place, stated dates, the people
involved) and they are close enough for their type (``merge`` in
common.yaml). A definite reference ("those talks") joins the best earlier
event at any distance; a mention with nothing of its own (no place, date or
participant, a default status) only ever joins one.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ...records import DateRange
from .frame import Draft, Frame
from .syntax import is_verb
from ..tokens import sentences

# Roles that say who an event is between, compared when deciding a merge.
CORE_ROLES = ("party", "perpetrator", "speaker", "proposer")


def _dates_overlap(a: DateRange, b: DateRange) -> bool:
    try:
        return date.fromisoformat(a.start[:10]) <= date.fromisoformat(b.end[:10]) and \
            date.fromisoformat(b.start[:10]) <= date.fromisoformat(a.end[:10])
    except ValueError:
        return True


class Merger:
    """Merges the drafts of one type, in text order, into events."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self.policy: dict[str, dict[str, Any]] = frame.common.get("merge", {})
        self.sent_index = {s.start_char: n for n, s in enumerate(sentences(frame.doc))}

    def _sent(self, d: Draft) -> int:
        return self.sent_index.get(d.head.sent.start_char, 0)

    # -- comparisons -----------------------------------------------------------

    def _countries(self, actor_ids: set[str]) -> set[str]:
        out = set()
        for a in actor_ids:
            actor = self.frame.ctx.actors.get(a)
            if actor is not None and actor.country:
                out.add(actor.country)
        return out

    def _own_meeting(self, a: Draft, b: Draft) -> bool:
        """``a`` is someone's own meeting that ``b`` does not involve: "Griffiths, who met
        both delegations this week" is not the signing the delegations' talks produced.
        A person of a state that ``b`` names ("Lavrov met Kuleba", "the Russia-Ukraine
        talks") is that state in it."""
        others = b.actors() - b.defaults
        if not is_verb(a.head) or a.head.pos_ == "NOUN" or b.anaphoric or not others:
            return False  # "the meeting", or a mention that names nobody: it may be anyone's
        countries = self._countries(others)
        for actor in self.frame.subject_actors(a.head):
            if actor.kind == "person" and actor.id not in others and (actor.country is None or
                                                                       actor.country not in countries):
                return True
        return False

    def _organizations(self, actor_ids: set[str]) -> set[str]:
        return {a for a in actor_ids if (actor := self.frame.ctx.actors.get(a)) is not None
                and actor.kind == "organization"}

    def _places_agree(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None or a == b:
            return True
        pa, pb = self.frame.ctx.places.get(a), self.frame.ctx.places.get(b)
        if pa is None or pb is None:
            return False
        # A country contains its cities: "the Turkey talks" are the Antalya talks.
        return (pa.kind == "country" or pb.kind == "country") and pa.country is not None and pa.country == pb.country

    def _people_agree(self, e: Draft, d: Draft) -> bool:
        sides = self.frame.sides
        if e.type == "talks":
            me, md = e.actors("mediator"), d.actors("mediator")
            if me and md and not (me & md) and not (self._countries(me) & self._countries(md)):
                return False
            pe, pd = e.actors("party"), d.actors("party")
            if len(pe) >= 2 and len(pd) >= 2 and not (pe & pd) and not (self._countries(pe) & self._countries(pd)):
                return False
            if self._own_meeting(e, d) or self._own_meeting(d, e):
                return False
        elif e.type in ("military", "attack"):
            pe, pd = e.actors("perpetrator", "party"), d.actors("perpetrator", "party")
            if pe and pd:
                se = {sides.side_of(a) for a in pe} - {None}
                sd = {sides.side_of(a) for a in pd} - {None}
                if (se and sd and not se & sd) or (not se and not sd and not pe & pd):
                    return False
        elif e.type == "aid":
            # The ICRC's convoy and the WFP's food distribution: two agencies, two operations.
            oe, od = self._organizations(e.actors("party")), self._organizations(d.actors("party"))
            if oe and od and not oe & od:
                return False
        elif e.type == "statement":
            if e.actors("speaker") and d.actors("speaker") and not e.actors("speaker") & d.actors("speaker"):
                return False
        return True

    def compatible(self, e: Draft, d: Draft, *, loose: bool = False) -> bool:
        if e.type != d.type:
            return False
        if e.strong_subtype and d.strong_subtype and e.subtype != d.subtype and not loose:
            return False
        if e.decided and d.decided and e.status != d.status and not loose:
            return False
        # Both name their people and only one states its status: a proposal
        # inside the report of a call is not the call.
        if e.decided != d.decided and e.status != d.status and not loose and \
                (e.actors() - e.defaults) and (d.actors() - d.defaults):
            return False
        if not self._places_agree(e.place, d.place):
            return False
        # Corridors: one per route; a route with one end unknown may be the same corridor.
        for key in ("origin", "destination"):
            a, b = e.attributes.get(key), d.attributes.get(key)
            if a and b and a != b:
                return False
        if e.dates and d.dates and not _dates_overlap(e.dates[0], d.dates[0]):
            return False
        if e.type == "resolution" and (e.dates or d.dates) and not (e.dates and d.dates):
            return False
        if not (self._tense_agrees(e, d) and self._tense_agrees(d, e)):
            return False
        return self._people_agree(e, d)

    def _tense_agrees(self, a: Draft, b: Draft) -> bool:
        """A planned or proposed event is not one dated before publication."""
        published = self.frame.ctx.published
        if not (a.decided and a.status in ("planned", "proposed")) or not b.dates or published is None:
            return True
        if b.decided and b.status == a.status:
            return True
        try:
            return date.fromisoformat(b.dates[0].end[:10]) > published
        except ValueError:
            return True

    def _close(self, e: Draft, d: Draft, last: dict[int, int]) -> bool:
        policy = self.policy.get(d.type, {"scope": "sentence"})
        scope = policy.get("scope", "sentence")
        gap = self._sent(d) - last[id(e)]
        if scope == "article":
            return True
        if scope == "window":  # or anywhere at the same stated place
            return gap <= int(policy.get("window", 1)) or (e.place is not None and e.place == d.place)
        if scope == "place":
            return gap == 0 or (e.place is not None and e.place == d.place)
        return gap == 0

    def _score(self, e: Draft, d: Draft) -> tuple[int, int]:
        score = 0
        if e.place and e.place == d.place:
            score += 4
        place = self.frame.ctx.places.get(e.place)
        if place is not None and d.place is None and place.country in self._countries(d.actors("party", "host")):
            score += 2
        score += len(e.actors(*CORE_ROLES) & d.actors(*CORE_ROLES))
        if e.dates and d.dates and (e.dates[0].start, e.dates[0].end) == (d.dates[0].start, d.dates[0].end):
            score += 2
        if e.decided and d.decided and e.status == d.status:
            score += 1
        if d.anaphoric and e.status == d.status:  # "the meeting" was one that took place
            score += 3
        return score, e.head.i

    # -- merging ---------------------------------------------------------------

    def merge(self, drafts: list[Draft]) -> list[Draft]:
        drafts = sorted(_split_venues(drafts), key=lambda d: (d.head.i, d.place or ""))
        events: list[Draft] = []
        last: dict[int, int] = {}
        policy = self.policy.get(drafts[0].type, {}) if drafts else {}
        for d in drafts:
            anchored = d.anchored()
            own = anchored or (d.decided and not policy.get("needs_anchor"))
            loose_here = bool(policy.get("loose_in_sentence"))
            cands = [e for e in events
                     if self.compatible(e, d, loose=d.anaphoric or (loose_here and self._sent(d) == last[id(e)]))]
            if not d.anaphoric and own:
                cands = [e for e in cands if self._close(e, d, last)]
            if cands:
                best = max(cands, key=lambda e: self._score(e, d))
                self.absorb(best, d, reference=d.anaphoric)
                if own and not d.anaphoric:  # a reference does not stretch the event's window
                    last[id(best)] = max(last[id(best)], self._sent(d))
            elif own and (not d.anaphoric or anchored):
                events.append(d)
                last[id(d)] = self._sent(d)
        return events

    def absorb(self, e: Draft, d: Draft, *, reference: bool = False) -> None:
        """Merge draft ``d`` into event ``e``. A reference ("the meeting") adds
        its sentence, outcome and attributes, and a date or place only where
        the event has none."""
        for span in d.evidence:
            if span not in e.evidence:
                e.evidence.append(span)
        for r in d.rules:
            if r not in e.rules:
                e.rules.append(r)
        e.outcome = e.outcome or d.outcome
        for k, v in d.attributes.items():
            if isinstance(v, list):
                e.attributes[k] = list(dict.fromkeys(list(e.attributes.get(k) or []) + v))
            else:
                e.attributes.setdefault(k, v)
        if reference:  # fills only what the event lacks
            e.dates = e.dates or d.dates
            e.place = e.place or d.place
            return
        if d.strong_subtype and not e.strong_subtype:
            e.subtype, e.strong_subtype = d.subtype, True
        if d.decided and not e.decided:
            e.status, e.decided = d.status, True
        if d.dates and (not e.dates or _width(d.dates[0]) < _width(e.dates[0])):
            e.dates = d.dates
        if d.place and (e.place is None or self._more_specific(d.place, e.place)):
            e.place = d.place
        for a, r in d.participants:
            e.add(a, r)
        e.anaphoric = e.anaphoric and d.anaphoric

    def _more_specific(self, new: str, old: str) -> bool:
        order = {k: n for n, k in enumerate(self.frame.common.get("place_specificity", []))}
        pn, po = self.frame.ctx.places.get(new), self.frame.ctx.places.get(old)
        return pn is not None and po is not None and order.get(pn.kind, 9) < order.get(po.kind, 9)


def _split_venues(drafts: list[Draft]) -> list[Draft]:
    """"talks in Moscow and Kiev": one event per venue."""
    out: list[Draft] = []
    for d in drafts:
        if len(d.venues) < 2:
            out.append(d)
            continue
        for place in d.venues:
            copy = Draft(**{**d.__dict__})
            copy.place, copy.venues = place, []
            copy.participants = list(d.participants)
            copy.attributes = dict(d.attributes)
            copy.rules = d.rules + ["merge.venue_split"]
            copy.evidence = list(d.evidence)
            out.append(copy)
    return out


def _width(d: DateRange) -> int:
    try:
        return (date.fromisoformat(d.end[:10]) - date.fromisoformat(d.start[:10])).days
    except ValueError:
        return 9999
