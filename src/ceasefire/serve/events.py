"""Tracked events for the web page: a paged timeline, one event with its sources, the map.

Built on ``resolve/timeline.py`` (its filters and ``load_events``), adding
what a page needs and the timeline lacks: paging, a status filter, an actor
by id, the evidence offsets in each source article, and places aggregated
for the map.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from ..resolve.timeline import event_json, filtered_ids, load_events
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

SOURCES_SHOWN = 100  # sources listed on an event's page; the count says how many there are
MAP_PLACES = 500


@dataclass
class EventFilter:
    type: str | None = None
    actor: str | None = None  # a name, as ``ceasefire timeline --actor``
    actor_id: int | None = None  # a canonical actor
    place: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _ids(conn: Any, f: EventFilter) -> Any:
    t = s.tracked_events.c
    ids = filtered_ids(conn, actor=f.actor, place=f.place, type=f.type, since=f.since, until=f.until)
    if f.status:
        ids = ids.where(t.status == f.status)
    if f.actor_id is not None:
        a = s.tracked_event_actors.c
        ids = ids.where(t.id.in_(select(a.event_id).where(a.actor_id == f.actor_id)))
    return ids


def event_page(store: Store, f: EventFilter, *, limit: int, offset: int, newest_first: bool = True) -> dict[str, Any]:
    """One page of the timeline, newest first unless asked otherwise, and how many events pass the filters."""
    t = s.tracked_events
    with store.engine.connect() as conn:
        ids = _ids(conn, f)
        total = conn.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
        key = func.coalesce(t.c.date_start, t.c.first_reported)
        order = (key.desc(), t.c.id.desc()) if newest_first else (key, t.c.id)
        # Sort the ids alone, then read the page's rows: sorting whole rows (JSON columns) is what costs.
        page_ids = list(conn.execute(select(t.c.id).where(t.c.id.in_(ids)).order_by(*order)
                                     .limit(limit).offset(offset)).scalars())
        by_id = {r.id: r for r in conn.execute(select(t).where(t.c.id.in_(page_ids)))}
        rows = [by_id[i] for i in page_ids if i in by_id]
        events = load_events(conn, rows, select(t.c.id).where(t.c.id.in_(page_ids)), with_sources=False)
    return page([event_json(e) for e in events], int(total), limit, offset)


def event_detail(store: Store, event_id: int) -> dict[str, Any] | None:
    """The event as ``event_json`` gives it, each source with the evidence offsets of its article's event(s)."""
    t, ts, e = s.tracked_events, s.tracked_event_sources.c, s.events.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(t).where(t.c.id == event_id)).all()
        if not rows:
            return None
        events = load_events(conn, rows, select(t.c.id).where(t.c.id == event_id), with_sources=True)
        found = conn.execute(
            select(ts.article_id, ts.local_id, ts.score, ts.record, e.evidence)
            .join(s.events, and_(e.article_id == ts.article_id, e.local_id == ts.local_id))
            .where(ts.event_id == event_id).order_by(ts.published, ts.article_id, ts.local_id)).all()
    out = event_json(events[0])
    per_article: dict[str, list[dict[str, Any]]] = {}
    for r in found:
        record = json.loads(r.record)
        per_article.setdefault(r.article_id, []).append({
            "local_id": r.local_id, "status": record.get("status"), "subtype": record.get("subtype"),
            "date": {"start": record.get("date_start"), "end": record.get("date_end")},
            "score": r.score, "evidence": json.loads(r.evidence)})
    out["sources_total"] = len(out["sources"])
    out["sources"] = out["sources"][:SOURCES_SHOWN]
    for source in out["sources"]:
        source["events"] = per_article.get(source["article_id"], [])
    return out


def map_data(store: Store, f: EventFilter) -> dict[str, Any]:
    """Places with events (counts by type) and corridors as origin → destination, for the map."""
    t = s.tracked_events.c
    with store.engine.connect() as conn:
        ids = _ids(conn, f)
        grouped = conn.execute(
            select(t.place_key, t.type, func.count(), func.max(t.place))
            .where(and_(t.id.in_(ids), t.place_key.is_not(None)))
            .group_by(t.place_key, t.type)).all()
        corridors = conn.execute(
            select(t.id, t.status, t.stage, t.date_start, t.attributes)
            .where(and_(t.id.in_(ids), t.type == "corridor"))
            .order_by(t.date_start.desc(), t.id.desc()).limit(MAP_PLACES)).all()
    places: dict[str, dict[str, Any]] = {}
    for key, etype, count, place_text in grouped:
        place = json.loads(place_text) if place_text else {}
        if place.get("lat") is None or place.get("lon") is None:
            continue
        entry = places.setdefault(key, {
            "name": place.get("name"), "kind": place.get("kind"), "country": place.get("country"),
            "lat": place["lat"], "lon": place["lon"], "counts": {}, "total": 0})
        entry["counts"][etype] = int(count)
        entry["total"] += int(count)
    shown = sorted(places.values(), key=lambda p: (-p["total"], p["name"] or ""))[:MAP_PLACES]
    lines = []
    for r in corridors:
        attributes = json.loads(r.attributes)
        origin, destination = _point(attributes.get("origin")), _point(attributes.get("destination"))
        if origin and destination:
            lines.append({"id": r.id, "status": r.status, "stage": r.stage, "date": r.date_start,
                          "origin": origin, "destination": destination})
    return {"places": shown, "corridors": lines}


def _point(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict) and value.get("lat") is not None and value.get("lon") is not None:
        return {"name": value.get("name"), "lat": value["lat"], "lon": value["lon"]}
    return None
