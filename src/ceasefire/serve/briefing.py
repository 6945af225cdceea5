"""The daily briefing: what was reported in the last day or week, and events per day by type.

"As of" defaults to the newest report in the store, as ``situation`` does:
an archive reads as the briefing of its last day. Days are publication
dates (articles carry no time of day), so "the last 24 hours" is the as-of day.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from ..resolve.situation import dedupe_quotes
from ..resolve.timeline import EVENT_TYPES, event_json, load_events
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

BRIEFING_EVENTS = 300
BRIEFING_QUOTES = 12
CHART_MIN_DAYS = 7


def briefing(store: Store, *, days: int, as_of: str | None) -> dict[str, Any]:
    t = s.tracked_events
    with store.engine.connect() as conn:
        if as_of is None:
            as_of = conn.execute(select(func.max(t.c.last_reported))).scalar() or date.today().isoformat()
        end = date.fromisoformat(as_of)
        since = (end - timedelta(days=days - 1)).isoformat()
        chart_since = (end - timedelta(days=max(days, CHART_MIN_DAYS) - 1)).isoformat()
        reported = and_(t.c.last_reported >= since, t.c.first_reported <= as_of)
        ids = select(t.c.id).where(reported)
        total = conn.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
        rows = conn.execute(select(t).where(t.c.id.in_(ids))
                            .order_by(t.c.type, t.c.sources.desc(), t.c.id).limit(BRIEFING_EVENTS)).all()
        events = load_events(conn, rows, select(t.c.id).where(t.c.id.in_([r.id for r in rows])),
                             with_sources=False)
        day = func.coalesce(t.c.date_start, t.c.first_reported)
        per_day = conn.execute(select(day, t.c.type, func.count()).where(and_(day >= chart_since, day <= as_of))
                               .group_by(day, t.c.type)).all()
        a = s.articles.c
        articles = conn.execute(select(func.count()).select_from(s.articles)
                                .where(and_(a.published >= since, a.published <= as_of))).scalar_one()
        quotes = dedupe_quotes(_quote_rows(conn, since, as_of))[:BRIEFING_QUOTES]
    chart_days = [(date.fromisoformat(chart_since) + timedelta(days=i)).isoformat()
                  for i in range((end - date.fromisoformat(chart_since)).days + 1)]
    counts = {etype: [0] * len(chart_days) for etype in EVENT_TYPES}
    index = {d: i for i, d in enumerate(chart_days)}
    for d, etype, n in per_day:
        key = str(d)[:10]
        if key in index and etype in counts:
            counts[etype][index[key]] += int(n)
    return {
        "as_of": as_of, "since": since, "days": days, "articles": int(articles), "events_total": int(total),
        "events": [event_json(e) for e in events],
        "chart": {"days": chart_days, "series": [{"type": k, "counts": v} for k, v in counts.items() if any(v)]},
        "quotes": [{"speaker": q.speaker, "text": q.text, "kind": q.kind, "published": q.published,
                    "article_id": q.article_id, "url": q.url, "copies": q.copies} for q in quotes],
    }


def _quote_rows(conn: Any, since: str, until: str) -> list[Any]:
    """Quotes with a known speaker from the articles published in the window, newest first."""
    q, lk, ar, c, m = s.quotes.c, s.actor_links.c, s.articles.c, s.canonical_actors.c, s.story_members.c
    query = (select(c.name, lk.actor_id, q.text, q.kind, ar.published, q.article_id, ar.source_url, m.story_id)
             .select_from(s.articles.join(s.quotes, q.article_id == ar.id)
                          .join(s.actor_links, and_(lk.article_id == q.article_id, lk.local_id == q.speaker))
                          .join(s.canonical_actors, c.id == lk.actor_id)
                          .outerjoin(s.story_members, m.article_id == q.article_id))
             .where(and_(ar.published >= since, ar.published <= until))
             .order_by(ar.published.desc(), q.article_id, q.span_start).limit(BRIEFING_QUOTES * 8))
    return list(conn.execute(query).all())
