"""Check, before anything is written, that every offset of an article lies in its text.

Offsets are sacred: a record pointing outside the text it came from is a bug
upstream, and storing it would poison every display and score built on it.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import StoreError
from ..records import Article
from .rows import local_ids

_SHOWN = 5  # problems named in the message; the rest are counted


def check_offsets(article: Article) -> None:
    """Raise StoreError naming the article and each record whose offsets fall outside the text."""
    size = len(article.text)
    if all(_fits(span, size) for span in _spans(article)):
        return  # the usual case, checked without naming anything
    problems: list[str] = []

    def check(span: Any, what: str) -> None:
        problem = _span_problem(span, size)
        if problem:
            problems.append(f"{what} {problem}")

    for actor in article.actors:
        for span in actor.mentions:
            check(span, f"actor {actor.id} ({actor.name}) mention")
    for place in article.places:
        for span in place.mentions:
            check(span, f"place {place.id} ({place.name}) mention")
    for qid, quote in zip(local_ids("q", len(article.quotes)), article.quotes):
        check(quote.span, f"quote {qid} span")
        if quote.speaker_span is not None:
            check(quote.speaker_span, f"quote {qid} speaker_span")
    for eid, ev in zip(local_ids("e", len(article.events)), article.events):
        for span in ev.evidence:
            check(span, f"event {eid} ({ev.type}) evidence")
    for fid, fig in zip(local_ids("f", len(article.figures)), article.figures):
        for span in fig.evidence:
            check(span, f"figure {fid} ({fig.category}) evidence")
    for tid, time in zip(local_ids("t", len(article.times)), article.times):
        check(time.span, f"time {tid} ({time.text!r}) span")
    if problems:
        more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        source = article.source.path or article.source.url or "unknown source"
        raise StoreError(
            f"article {article.id} ({source}): offsets outside the text (length {size}), "
            f"nothing stored: {'; '.join(problems[:_SHOWN])}{more}"
        )


def _spans(article: Article) -> Iterator[Any]:
    """Every span ``check_offsets`` checks."""
    for actor in article.actors:
        yield from actor.mentions
    for place in article.places:
        yield from place.mentions
    for quote in article.quotes:
        yield quote.span
        if quote.speaker_span is not None:
            yield quote.speaker_span
    for ev in article.events:
        yield from ev.evidence
    for fig in article.figures:
        yield from fig.evidence
    for time in article.times:
        yield time.span


def _fits(span: Any, size: int) -> bool:
    """A quick yes for a well-formed span in the text (``_span_problem`` says what is wrong with the rest)."""
    if type(span) in (tuple, list) and len(span) == 2:
        start, end = span
        return type(start) is int and type(end) is int and 0 <= start <= end <= size
    return False


def _span_problem(span: Any, size: int) -> str | None:
    try:
        start, end = span
    except (TypeError, ValueError):
        return f"{span!r} is not a [start, end] pair"
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return f"{span!r} does not hold integers"
    if not 0 <= start <= end <= size:
        return f"[{start}, {end}] is outside [0, {size}]"
    return None
