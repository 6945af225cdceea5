"""Articles for the web page: the list, one article with its records and the tracked events it feeds."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from ..records import to_dict
from ..store import ArticleNotFound
from ..store import schema as s
from .events import page

if TYPE_CHECKING:
    from ..store import Store


def article_page(store: Store, *, since: str | None, until: str | None, outlet: str | None,
                 limit: int, offset: int) -> dict[str, Any]:
    """Articles, newest publication first (undated last)."""
    a = s.articles.c
    where = []
    if since:
        where.append(a.published >= since)
    if until:
        where.append(a.published <= until)
    if outlet:
        where.append(a.source_outlet == outlet)
    columns = select(a.id, a.source_title, a.source_url, a.source_outlet, a.source_path, a.published,
                     a.published_basis, a.ingested_at)
    count = select(func.count()).select_from(s.articles)
    if where:
        columns, count = columns.where(and_(*where)), count.where(and_(*where))
    undated_last = a.published.is_(None)
    with store.engine.connect() as conn:
        total = conn.execute(count).scalar_one()
        rows = conn.execute(columns.order_by(undated_last, a.published.desc(), a.ingested_at.desc(), a.id)
                            .limit(limit).offset(offset)).all()
    return page([_summary(r) for r in rows], int(total), limit, offset)


def _summary(r: Any) -> dict[str, Any]:
    return {"id": r.id, "title": r.source_title, "url": r.source_url, "outlet": r.source_outlet,
            "path": r.source_path, "published": r.published, "published_basis": r.published_basis,
            "ingested_at": r.ingested_at}


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The article as ``to_dict`` gives it, plus ``tracked``: its event ids → tracked event ids,
    and ``actor_links``: its actor ids → canonical actor ids."""
    try:
        article = store.get_article(article_id)
    except ArticleNotFound:
        return None
    ts, lk = s.tracked_event_sources.c, s.actor_links.c
    with store.engine.connect() as conn:
        # the article's own events: a copy of it seen on another URL adds no rows here (store/copies.py)
        tracked = dict(conn.execute(
            select(ts.local_id, ts.event_id).where(ts.article_id == article_id)).tuples().all())
        links = dict(conn.execute(select(lk.local_id, lk.actor_id).where(lk.article_id == article_id)).tuples().all())
    out = to_dict(article)
    out["tracked"] = tracked
    out["actor_links"] = links
    return out


def tracked_events_of(store: Store, article_ids: list[str]) -> dict[str, list[int]]:
    """Tracked event ids per article, for the result of an ingest."""
    if not article_ids:
        return {}
    ts = s.tracked_event_sources.c
    out: dict[str, list[int]] = {a: [] for a in article_ids}
    with store.engine.connect() as conn:
        for article_id, event_id in conn.execute(select(ts.article_id, ts.event_id)
                                                 .where(ts.article_id.in_(article_ids))
                                                 .order_by(ts.article_id, ts.local_id)):
            if event_id not in out[article_id]:
                out[article_id].append(event_id)
    return out
