"""What the extractors of one article share: the text, the one parse, and the
records found so far, with the look-ups later extractors need.

One ``Context`` lives for one article; nothing here is module state.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..records import Actor, Event, Figure, Place, Quote, Span, TimeExpression

PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "it"}


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class ActorTable:
    """The article's actors with look-ups by offset.

    ``at`` finds the actor mentioned at a span; ``antecedent`` resolves a
    pronoun (or a bare title) to the most salient person before an offset.
    """

    def __init__(self, actors: list[Actor], subjects: list[tuple[int, str]] | None = None):
        self.actors = actors
        self._by_id = {a.id: a for a in actors}
        self._mentions = sorted((s, e, a.id) for a in actors for s, e in a.mentions)
        self._starts = [m[0] for m in self._mentions]
        # (offset, actor id) of person mentions that were grammatical subjects:
        # the salient antecedents for "he said".
        self._subjects = sorted(subjects or [])

    def __iter__(self):
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str | None) -> Actor | None:
        return self._by_id.get(actor_id) if actor_id else None

    def at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping ``[start, end)`` (the longest one)."""
        best: tuple[int, str] | None = None
        i = bisect.bisect_right(self._starts, end)
        for s, e, aid in reversed(self._mentions[max(0, i - 50):i]):
            if s < end and start < e and (best is None or e - s > best[0]):
                best = (e - s, aid)
        return self._by_id[best[1]] if best else None

    def within(self, start: int, end: int) -> list[tuple[Span, Actor]]:
        """Every actor mention inside ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [((s, e), self._by_id[a]) for s, e, a in self._mentions[lo:hi] if e <= end]

    def antecedent(self, offset: int, kinds: tuple[str, ...] = ("person",)) -> Actor | None:
        """The most salient actor of ``kinds`` before ``offset``: the last subject
        mention if there is one, else the last mention of any role."""
        i = bisect.bisect_left([o for o, _ in self._subjects], offset)
        for o, aid in reversed(self._subjects[:i]):
            if self._by_id[aid].kind in kinds:
                return self._by_id[aid]
        i = bisect.bisect_left(self._starts, offset)
        for s, e, aid in reversed(self._mentions[:i]):
            if self._by_id[aid].kind in kinds and e <= offset:
                return self._by_id[aid]
        return None


class PlaceTable:
    def __init__(self, places: list[Place]):
        self.places = places
        self._by_id = {p.id: p for p in places}
        self._mentions = sorted((s, e, p.id) for p in places for s, e in p.mentions)

    def __iter__(self):
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str | None) -> Place | None:
        return self._by_id.get(place_id) if place_id else None

    def add(self, place: Place, span: Span | None = None) -> Place:
        """Add a place found late (a corridor's route end), or one more mention
        of a place already here; its id must be free or its own."""
        if place.id not in self._by_id:
            self.places = [*self.places, place]  # the list given to __init__ may be someone else's
            self._by_id[place.id] = place
        if span is not None and span not in place.mentions:
            place.mentions.append(span)
            bisect.insort(self._mentions, (span[0], span[1], place.id))
        return place

    def free_id(self) -> str:
        """A place id not yet taken (``p<n>``)."""
        n = len(self.places) + 1
        while f"p{n}" in self._by_id:
            n += 1
        return f"p{n}"

    def at(self, start: int, end: int) -> Place | None:
        for s, e, pid in self._mentions:
            if s < end and start < e:
                return self._by_id[pid]
        return None

    def within(self, start: int, end: int) -> list[tuple[Span, Place]]:
        return [((s, e), self._by_id[p]) for s, e, p in self._mentions if start <= s and e <= end]


@dataclass
class Context:
    """One article under analysis."""

    text: str
    doc: Any  # spacy.tokens.Doc over ``text``
    published: date | None
    resources: Any  # analyse.resources.Resources: KB, gazetteer, lexicons
    actors: ActorTable = field(default_factory=lambda: ActorTable([]))
    places: PlaceTable = field(default_factory=lambda: PlaceTable([]))
    times: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def times_within(self, start: int, end: int) -> list[TimeExpression]:
        return [t for t in self.times if start <= t.span[0] and t.span[1] <= end]

    def sentence_span(self, offset: int) -> Span:
        """The sentence of the parse that contains ``offset``."""
        tok = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if tok is None or len(tok) == 0:
            return (offset, offset)
        sent = tok[0].sent
        return (sent.start_char, sent.end_char)
