"""Canonical actors for the web page: the list, one actor's page, the network of talks and mediation, quotes."""
from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select

from ..analyse.kb import normalise
from ..resolve.situation import dedupe_quotes, quote_rows
from ..store import schema as s
from .events import EventFilter, event_page, page

if TYPE_CHECKING:
    from ..store import Store

ACTOR_QUOTES = 50
ACTOR_EVENTS = 50
TALKING_ROLES = ("party", "host")  # sides of the table; a mediator sits between them
MEDIATING_ROLES = ("mediator", "guarantor")


def _actor_json(r: Any) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country, "kb_id": r.kb_id,
            "articles": r.articles, "first_seen": r.first_seen, "last_seen": r.last_seen}


def actor_page(store: Store, *, q: str | None, kind: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Actors, most written about first; ``q`` finds a part of a name or an alias."""
    c, n = s.canonical_actors.c, s.canonical_actor_names.c
    where = []
    if q and normalise(q):
        norm = normalise(q)
        like = f"%{norm.replace('%', '').replace('_', ' ')}%"
        where.append(or_(c.norm.like(like), c.id.in_(select(n.actor_id).where(n.norm.like(like)))))
    if kind:
        where.append(c.kind == kind)
    query = select(s.canonical_actors).where(and_(*where)) if where else select(s.canonical_actors)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(query.order_by(c.articles.desc(), c.id).limit(limit).offset(offset)).all()
    return page([_actor_json(r) for r in rows], int(total), limit, offset)


def actor_detail(store: Store, actor_id: int) -> dict[str, Any] | None:
    """An actor with titles over time, aliases, roles, latest quotes and latest events."""
    c, a = s.canonical_actors.c, s.tracked_event_actors.c
    with store.engine.connect() as conn:
        row = conn.execute(select(s.canonical_actors).where(c.id == actor_id)).first()
        if row is None:
            return None
        roles = dict(conn.execute(select(a.role, func.count()).where(a.actor_id == actor_id)
                                  .group_by(a.role)).tuples().all())
        quotes = dedupe_quotes(quote_rows(conn, [actor_id], None, None, ACTOR_QUOTES * 2))[:ACTOR_QUOTES]
    out = _actor_json(row)
    out.update(aliases=json.loads(row.aliases), titles=json.loads(row.titles), roles=roles,
               quotes=[{"text": q.text, "kind": q.kind, "published": q.published, "article_id": q.article_id,
                        "url": q.url, "copies": q.copies} for q in quotes],
               events=event_page(store, EventFilter(actor_id=actor_id), limit=ACTOR_EVENTS, offset=0))
    return out


def network(store: Store, *, limit: int, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """Who talks with whom: parties of the same talks are linked ("talks"), a mediator to each party ("mediation").

    Nodes are the ``limit`` actors with the most weighted links; edge weights count tracked events.
    """
    t, a, c = s.tracked_events.c, s.tracked_event_actors.c, s.canonical_actors.c
    where = [or_(and_(t.type == "talks", a.role.in_(TALKING_ROLES)), a.role.in_(MEDIATING_ROLES))]
    day = func.coalesce(t.date_start, t.first_reported)
    if since:
        where.append(day >= since)
    if until:
        where.append(day <= until)
    with store.engine.connect() as conn:
        rows = conn.execute(select(a.event_id, a.actor_id, a.role).join(s.tracked_events, t.id == a.event_id)
                            .where(and_(*where))).all()
        by_event: dict[int, tuple[set[int], set[int]]] = {}
        for event_id, actor, role in rows:
            sides, mediators = by_event.setdefault(event_id, (set(), set()))
            (mediators if role in MEDIATING_ROLES else sides).add(actor)
        edges: Counter[tuple[int, int, str]] = Counter()
        for sides, mediators in by_event.values():
            for x, y in combinations(sorted(sides - mediators), 2):
                edges[(x, y, "talks")] += 1
            for m in mediators:
                for p in sides - {m}:
                    edges[(m, p, "mediation")] += 1
        degree: Counter[int] = Counter()
        for (x, y, _), w in edges.items():
            degree[x] += w
            degree[y] += w
        keep = {x for x, _ in degree.most_common(limit)}
        names = {r.id: r for r in conn.execute(select(c.id, c.name, c.kind, c.country).where(c.id.in_(keep)))}
    nodes = [{"id": x, "name": names[x].name, "kind": names[x].kind, "country": names[x].country,
              "weight": degree[x]} for x in sorted(keep, key=lambda x: (-degree[x], x)) if x in names]
    links = [{"source": x, "target": y, "kind": kind, "weight": w}
             for (x, y, kind), w in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))
             if x in names and y in names]
    return {"nodes": nodes, "edges": links}


def quote_page(store: Store, *, speaker_id: int | None, since: str | None, until: str | None,
               limit: int, offset: int) -> dict[str, Any]:
    """Quotes from dated articles, newest first (a speaker's: undated ones too, last), with the speaker's
    canonical name where the speaker is known."""
    q, lk, ar, c = s.quotes.c, s.actor_links.c, s.articles.c, s.canonical_actors.c
    where = []
    if speaker_id is not None:
        where.append(lk.actor_id == speaker_id)
    elif not since:
        # Dated articles only: the condition lets the database walk the publication index, newest
        # first, instead of sorting every quote (undated ones are found by speaker and by search).
        where.append(ar.published > "")
    if since:
        where.append(ar.published >= since)
    if until:
        where.append(ar.published <= until)
    # Counting needs the speaker's link only to filter by it (one link per quote at most).
    counted = s.quotes.join(s.articles, ar.id == q.article_id)
    if speaker_id is not None:
        counted = counted.join(s.actor_links, and_(lk.article_id == q.article_id, lk.local_id == q.speaker))
    joined = (s.quotes.join(s.articles, ar.id == q.article_id)
              .outerjoin(s.actor_links, and_(lk.article_id == q.article_id, lk.local_id == q.speaker))
              .outerjoin(s.canonical_actors, c.id == lk.actor_id))
    condition = and_(*where) if where else None
    count = select(func.count()).select_from(counted)
    query = (select(q.article_id, q.local_id, q.text, q.kind, q.cue, q.speaker_text, q.span_start, q.span_end,
                    c.id.label("speaker_id"), c.name.label("speaker_name"), ar.published, ar.source_title,
                    ar.source_url)
             .select_from(joined).order_by(ar.published.desc(), q.article_id, q.span_start)
             .limit(limit).offset(offset))
    if condition is not None:
        count, query = count.where(condition), query.where(condition)
    with store.engine.connect() as conn:
        total = conn.execute(count).scalar_one()
        rows = conn.execute(query).all()
    items = [{"article_id": r.article_id, "local_id": r.local_id, "text": r.text, "kind": r.kind, "cue": r.cue,
              "speaker_text": r.speaker_text, "span": [r.span_start, r.span_end],
              "speaker": {"id": r.speaker_id, "name": r.speaker_name} if r.speaker_id is not None else None,
              "published": r.published, "title": r.source_title, "url": r.source_url} for r in rows]
    return page(items, int(total), limit, offset)
