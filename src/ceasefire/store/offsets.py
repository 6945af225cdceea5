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
    if all(_fits(span, size) for span, _ in _spans(article)):
        return  # the usual case, checked without naming anything
    problems = [f"{what} {problem}" for span, what in _spans(article, named=True)
                if (problem := _span_problem(span, size))]
    if problems:
        more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        source = article.source.path or article.source.url or "unknown source"
        raise StoreError(
            f"article {article.id} ({source}): offsets outside the text (length {size}), "
            f"nothing stored: {'; '.join(problems[:_SHOWN])}{more}"
        )


def _spans(article: Article, named: bool = False) -> Iterator[tuple[Any, str]]:
    """Every span of the article's records, with what it is (only when ``named``: the
    quick pass over a well-formed article need not build the names)."""
    def ids(prefix: str, n: int) -> list[str]:
        return local_ids(prefix, n) if named else [""] * n

    for actor in article.actors:
        what = f"actor {actor.id} ({actor.name}) mention" if named else ""
        yield from ((span, what) for span in actor.mentions)
    for place in article.places:
        what = f"place {place.id} ({place.name}) mention" if named else ""
        yield from ((span, what) for span in place.mentions)
    for qid, quote in zip(ids("q", len(article.quotes)), article.quotes):
        yield quote.span, f"quote {qid} span" if named else ""
        if quote.speaker_span is not None:
            yield quote.speaker_span, f"quote {qid} speaker_span" if named else ""
    for eid, ev in zip(ids("e", len(article.events)), article.events):
        what = f"event {eid} ({ev.type}) evidence" if named else ""
        yield from ((span, what) for span in ev.evidence)
    for fid, fig in zip(ids("f", len(article.figures)), article.figures):
        what = f"figure {fid} ({fig.category}) evidence" if named else ""
        yield from ((span, what) for span in fig.evidence)
    for tid, time in zip(ids("t", len(article.times)), article.times):
        yield time.span, f"time {tid} ({time.text!r}) span" if named else ""


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
