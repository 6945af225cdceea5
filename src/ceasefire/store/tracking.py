"""Tracking across articles, written to the store: stories, canonical actors, tracked events.

``track_article(store, article)`` runs right after ``store.add_article``: in
one write transaction it puts the article in a story (a new one or that of
its nearest stored copy), links its actors to canonical actors and joins its
events to tracked events (or starts new ones), then recomputes what each
touched tracked event adds up to. The decisions are the pure functions of
``resolve/``; this module reads candidates and writes rows.

The story index (MinHash LSH) lives as long as the ``Store`` object: it is
filled from the stored signatures on first use and then only with those
added since, by this process or another writer.
"""
from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..analyse.kb import normalise
from ..errors import StoreError
from ..records import Actor, Article, Event, Place, Rejection, Source
from ..resolve import actors_xdoc as ax
from ..resolve import stories as st
from ..resolve.events_xdoc import (
    LIFE_BONUS,
    LIFECYCLE_WINDOW_DAYS,
    MATCH_THRESHOLD,
    PAST_STATUSES,
    SourceEvent,
    Tracked,
    aggregate,
    lifecycle,
    match_score,
    same_report,
)
from . import schema as s
from .engine import describe, write_transaction
from .rows import local_ids

if TYPE_CHECKING:
    from .base import Store

# Longest span of a one-off event's date (a "month" precision range), for candidate look-up.
ONE_OFF_SPAN_DAYS = 31
# Longest a tracked arrangement is assumed to run, for candidate look-up.
LIFECYCLE_SPAN_DAYS = 180
PLACE_ATTRIBUTES = ("area", "origin", "destination", "route")
EVIDENCE_CHARS = 400


@dataclass
class TrackReport:
    """What tracking did with one article."""

    article_id: str
    story_id: int
    new_story: bool
    similarity: float | None = None
    actors: dict[str, int] = field(default_factory=dict)  # local id → canonical actor id
    events: dict[str, int] = field(default_factory=dict)  # local event id → tracked event id
    new_events: int = 0


class Tracker:
    """What one run keeps in memory: the story index and actors' states."""

    def __init__(self) -> None:
        self.stories = st.StoryIndex()
        self.actor_info: dict[int, tuple[str, str | None]] = {}  # canonical id → (kind, country)
        self.state_ids: dict[str, int] = {}  # country → canonical id of its state
        self.names: set[tuple[int, str]] = set()  # (canonical id, name) known to be stored


_TRACKERS: weakref.WeakKeyDictionary[Any, Tracker] = weakref.WeakKeyDictionary()


def tracker_for(store: Store) -> Tracker:
    # Tied to the Store's lifetime (one run), not kept for the process.
    tracker = _TRACKERS.get(store)
    if tracker is None:
        tracker = _TRACKERS[store] = Tracker()
    return tracker


def track_article(store: Store, article: Article) -> TrackReport | None:
    """Track a stored article; None when it was tracked before. Raises StoreError on database errors."""
    tracker = tracker_for(store)
    try:
        with write_transaction(store.engine) as conn:
            report, signature = _track(conn, tracker, article)
    except SQLAlchemyError as exc:
        _TRACKERS.pop(store, None)  # its caches may hold what was rolled back
        raise StoreError(f"article {article.id}: cannot track it in {store.url}: {describe(exc)}") from exc
    except (KeyError, ValueError, TypeError) as exc:
        _TRACKERS.pop(store, None)
        # A record tracking cannot read must not sink the ingest run: the article
        # stays stored, untracked, and the reason is kept as a rejection
        # (`ceasefire track` retries it).
        origin = article.source.path or article.source.url or article.id
        store.add_rejection(Rejection(origin, "track", f"{type(exc).__name__}: {exc}"))
        return None
    if report is not None and signature is not None:
        # Only once committed: a rolled-back article must not be found as a copy.
        tracker.stories.add(article.id, report.story_id, signature)
    return report


def track_untracked(store: Store) -> int:
    """Track stored articles that are not tracked yet (stored before migration 2), oldest publication first."""
    with store.engine.connect() as conn:
        tracked = set(conn.execute(select(s.story_members.c.article_id)).scalars())
        rows = conn.execute(select(s.articles.c.id, s.articles.c.published)).all()
    todo = sorted((r for r in rows if r.id not in tracked), key=lambda r: (r.published or "9999", r.id))
    done = 0
    for row in todo:
        if track_article(store, store.get_article(row.id)) is not None:
            done += 1
    return done


def retrack(store: Store) -> int:
    """Forget all tracking and track every article again in order of publication."""
    ts = s.tracked_event_sources.c
    try:
        with write_transaction(store.engine) as conn:
            # Identical copies on other URLs live only in the sources: kept, and recorded again below.
            copies = {}
            for article_id, record in conn.execute(select(ts.article_id, ts.record)
                                                   .where(ts.local_id.like(f"%{COPY_MARK}%"))):
                src = SourceEvent.from_json(record)
                copies[(article_id, src.copy)] = (Source(url=src.url, title=src.title), src.published)
            for table in reversed(s.TRACKING_TABLES):
                conn.execute(delete(table))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot reset tracking in {store.url}: {describe(exc)}") from exc
    _TRACKERS.pop(store, None)
    done = track_untracked(store)
    for (article_id, where), (source, published) in copies.items():
        if source.url is None:
            source.path = where
        record_copy(store, article_id, source, published)
    return done


# Joins an article's event id and a hash of a copy's URL in the local id of the copy's source row.
COPY_MARK = "@"


def record_copy(store: Store, article_id: str, source: Source, published: str | None = None) -> int:
    """An identical text found again on another URL (or path): stored once (same hash, same
    article), it is still one more source of each tracked event of the article, of the same
    story. Returns the source rows added: none for the article's own URL or a copy seen before."""
    where = source.url or source.path
    if not where:
        return 0
    try:
        with write_transaction(store.engine) as conn:
            return _record_copy(conn, article_id, where, source, published)
    except SQLAlchemyError as exc:
        raise StoreError(f"article {article_id}: cannot record its copy {where} in {store.url}: "
                         f"{describe(exc)}") from exc


def _record_copy(conn: Connection, article_id: str, where: str, source: Source, published: str | None) -> int:
    a = s.articles.c
    own = conn.execute(select(a.source_url, a.source_path).where(a.id == article_id)).first()
    if own is None or where in (own.source_url, own.source_path):
        return 0
    ts = s.tracked_event_sources.c
    rows = conn.execute(select(ts.local_id, ts.event_id, ts.story_id, ts.record)
                        .where(ts.article_id == article_id)).all()
    have = {r.local_id for r in rows}
    mark = COPY_MARK + hashlib.sha256(where.encode("utf-8")).hexdigest()[:12]
    touched: set[int] = set()
    added = 0
    for r in rows:
        if COPY_MARK in r.local_id or r.local_id + mark in have:
            continue
        src = SourceEvent.from_json(r.record)
        src.local_id, src.copy = r.local_id + mark, where
        src.url, src.title = source.url, source.title or src.title
        src.published = published or src.published
        conn.execute(insert(s.tracked_event_sources).values(
            article_id=article_id, local_id=src.local_id, event_id=r.event_id, story_id=r.story_id,
            published=src.published, score=None, record=src.to_json()))
        touched.add(r.event_id)
        added += 1
    for event_id in sorted(touched):
        refresh_event(conn, event_id)
    return added


# -- one article ----------------------------------------------------------------


def _track(conn: Connection, tracker: Tracker, article: Article) -> tuple[TrackReport | None, Any]:
    if conn.execute(select(s.story_members.c.seq).where(s.story_members.c.article_id == article.id)).first():
        return None, None
    _refresh_index(conn, tracker.stories)
    report, signature = _assign_story(conn, tracker.stories, article)
    report.actors = _link_actors(conn, tracker, article)
    places = {p.id: _place_object(p) for p in article.places}
    for local_id, event in zip(local_ids("e", len(article.events)), article.events):
        source = _source_event(tracker, conn, article, report, local_id, event, places)
        event_id, new = _attach(conn, tracker, source, report)
        report.events[local_id] = event_id
        report.new_events += int(new)
    return report, signature


def _refresh_index(conn: Connection, index: st.StoryIndex) -> None:
    m = s.story_members
    rows = conn.execute(select(m.c.seq, m.c.article_id, m.c.story_id, m.c.minhash)
                        .where(m.c.seq > index.seen).order_by(m.c.seq))
    for row in rows:
        if row.article_id in index.members:  # this run's own, added when committed
            index.seen = max(index.seen, row.seq)
        else:
            index.add(row.article_id, row.story_id, st.from_bytes(row.minhash), seq=row.seq)


def _assign_story(conn: Connection, index: st.StoryIndex, article: Article) -> tuple[TrackReport, Any]:
    grams = st.shingles(article.text)
    mh = st.signature(article.text, grams)
    match = index.best(mh, exclude=article.id) if len(grams) >= st.MIN_SHINGLES else None
    published = article.published
    if match is not None:
        story_id = match.story_id
        row = conn.execute(select(s.stories).where(s.stories.c.id == story_id)).one()
        conn.execute(update(s.stories).where(s.stories.c.id == story_id).values(
            articles=row.articles + 1,
            first_published=_min(row.first_published, published),
            last_published=_max(row.last_published, published)))
    else:
        title = article.source.title or article.text.strip().split("\n", 1)[0][:200]
        story_id = conn.execute(insert(s.stories).values(
            title=title, first_article_id=article.id, first_published=published, last_published=published,
            articles=1)).inserted_primary_key[0]
    conn.execute(insert(s.story_members).values(
        article_id=article.id, story_id=story_id, matched_article_id=match.article_id if match else None,
        similarity=match.similarity if match else None, published=published, minhash=st.to_bytes(mh)))
    report = TrackReport(article.id, story_id, match is None, match.similarity if match else None)
    return report, mh


def _min(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _max(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


# -- actors -------------------------------------------------------------------


def _candidates(conn: Connection, where: Any) -> list[ax.Candidate]:
    c = s.canonical_actors.c
    rows = conn.execute(select(c.id, c.key, c.name, c.kind, c.country, c.kb_id, c.titles).where(where))
    return [ax.Candidate(r.id, r.key, r.name, r.kind, r.country, r.kb_id, json.loads(r.titles)) for r in rows]


def _find_actor(conn: Connection, actor: Actor, published: str | None) -> int | None:
    c = s.canonical_actors.c
    key = ax.key_for(actor)
    found = conn.execute(select(c.id).where(c.key == key)).scalar_one_or_none()
    if found is not None:
        return found
    if actor.kind == "person":
        if ax.is_role_only(actor) and actor.country:
            hit = ax.match_role(actor, _candidates(conn, and_(c.kind == "person", c.country == actor.country)),
                                published)
            if hit:
                return hit.id
        surname = ax.surname(actor.name)
        if surname:
            # A knowledge-base person may adopt an actor first seen under an unknown spelling, never
            # one that another knowledge-base entry holds.
            where = c.surname == surname if not actor.kb_id else and_(c.surname == surname, c.kb_id.is_(None))
            hit = ax.match_person(actor, _candidates(conn, where))
            if hit:
                return hit.id
        return None
    names = ax.lookup_norms(actor)
    if not names:
        return None
    n = s.canonical_actor_names.c
    ids = list(conn.execute(select(n.actor_id).where(n.norm.in_(names))).scalars())
    if actor.kb_id and ids:
        ids = list(conn.execute(select(c.id).where(and_(c.id.in_(ids), c.kb_id.is_(None)))).scalars())
    hit = ax.match_other(actor, _candidates(conn, c.id.in_(ids))) if ids else None
    return hit.id if hit else None


def _link_actors(conn: Connection, tracker: Tracker, article: Article) -> dict[str, int]:
    links: dict[str, int] = {}
    counted: set[int] = set()
    c = s.canonical_actors.c
    # Named people first, so that a role ("the top diplomat") finds the title its holder has in this article.
    for actor in sorted(article.actors, key=lambda a: ax.is_role_only(a)):
        found = _find_actor(conn, actor, article.published)
        if found is None:
            found = _create_actor(conn, actor, article.published)
        row = conn.execute(select(s.canonical_actors).where(c.id == found)).one()
        values: dict[str, Any] = {
            "aliases": json.dumps(ax.merge_aliases(json.loads(row.aliases), actor), ensure_ascii=False),
            "titles": json.dumps(ax.merge_titles(json.loads(row.titles), actor.titles, article.published),
                                 ensure_ascii=False),
            "first_seen": _min(row.first_seen, article.published),
            "last_seen": _max(row.last_seen, article.published),
        }
        if found not in counted:
            values["articles"] = row.articles + 1
            counted.add(found)
        if actor.kb_id and not row.kb_id:
            # First seen under a spelling the knowledge base lacked: it takes the entry's key and name.
            values.update(key=ax.key_for(actor), kb_id=actor.kb_id, name=actor.name, norm=normalise(actor.name),
                          surname=ax.surname(actor.name) if row.kind == "person" else None)
        elif not row.kb_id and not ax.is_role_only(actor):
            name = ax.better_name(row.name, actor.name, row.kind)
            if name != row.name:
                values.update(name=name, norm=normalise(name))
        if row.country is None and actor.country:
            values["country"] = actor.country
        conn.execute(update(s.canonical_actors).where(c.id == found).values(**values))
        _add_names(conn, tracker, found, actor)
        tracker.actor_info[found] = (row.kind, values.get("country", row.country))
        links[actor.id] = found
    if links:
        conn.execute(insert(s.actor_links), [
            {"article_id": article.id, "local_id": local, "actor_id": cid, "published": article.published}
            for local, cid in links.items()])
    return links


def _create_actor(conn: Connection, actor: Actor, published: str | None) -> int:
    name = actor.name
    return conn.execute(insert(s.canonical_actors).values(
        key=ax.key_for(actor), name=name, norm=normalise(name), kind=actor.kind, country=actor.country,
        kb_id=actor.kb_id, surname=ax.surname(name) if actor.kind == "person" else None,
        aliases="[]", titles="[]", articles=0, first_seen=published, last_seen=published,
    )).inserted_primary_key[0]


def _add_names(conn: Connection, tracker: Tracker, actor_id: int, actor: Actor) -> None:
    n = s.canonical_actor_names.c
    norms = [x for x in ax.lookup_norms(actor) if (actor_id, x) not in tracker.names]
    tracker.names.update((actor_id, x) for x in norms)
    if not norms:
        return
    have = set(conn.execute(select(n.norm).where(and_(n.actor_id == actor_id, n.norm.in_(norms)))).scalars())
    new = [x for x in norms if x not in have]
    if new:
        conn.execute(insert(s.canonical_actor_names), [{"norm": x, "actor_id": actor_id} for x in new])


def _state_id(conn: Connection, tracker: Tracker, country: str) -> int | None:
    if country not in tracker.state_ids:
        found = conn.execute(select(s.canonical_actors.c.id)
                             .where(s.canonical_actors.c.key == f"kb:state.{country}")).scalar_one_or_none()
        if found is None:
            return None  # not cached: the state may be mentioned later
        tracker.state_ids[country] = found
    return tracker.state_ids[country]


def sides(conn: Connection, tracker: Tracker, actor_ids: Iterable[int]) -> set[int]:
    """The actors, plus the state each person or armed group belongs to.

    "Lavrov and Kuleba met" and "Russia and Ukraine held talks" then share
    sides; so do a civil war's commanders and their forces, through their country.
    """
    ids = set(actor_ids)
    missing = [a for a in ids if a not in tracker.actor_info]
    if missing:
        c = s.canonical_actors.c
        for r in conn.execute(select(c.id, c.kind, c.country).where(c.id.in_(missing))):
            tracker.actor_info[r.id] = (r.kind, r.country)
    out = set(ids)
    for a in ids:
        kind, country = tracker.actor_info.get(a, ("", None))
        if country and kind in ("person", "armed_group"):
            state = _state_id(conn, tracker, country)
            if state is not None:
                out.add(state)
    return out


# -- events -------------------------------------------------------------------


def _place_object(p: Place) -> dict[str, Any]:
    return {"key": place_key(p), "name": p.name, "kind": p.kind, "country": p.country,
            "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id}


def place_key(p: Place) -> str:
    return f"gn:{p.geonames_id}" if p.geonames_id else f"name:{normalise(p.name)}"


def _source_event(tracker: Tracker, conn: Connection, article: Article, report: TrackReport, local_id: str,
                  e: Event, places: dict[str, dict[str, Any]]) -> SourceEvent:
    participants = [[report.actors[p.actor], p.role] for p in e.participants if p.actor in report.actors]
    attributes = dict(e.attributes)
    for name in PLACE_ATTRIBUTES:
        value = attributes.get(name)
        if isinstance(value, str) and value in places:
            attributes[name] = places[value]
        elif isinstance(value, list):
            attributes[name] = [places.get(v, v) if isinstance(v, str) else v for v in value]
    place = places.get(e.place) if e.place else None
    start, end = (e.date.start, e.date.end) if e.date else (None, None)
    start, end = _future_weekday(e.status, e.date.precision if e.date else None, start, end, article.published)
    start, end = _within_tense(e.status, e.date.precision if e.date else None, start, end, article.published)
    evidence = " … ".join(article.text[a:b].strip() for a, b in e.evidence[:2])[:EVIDENCE_CHARS]
    return SourceEvent(
        article_id=article.id, local_id=local_id, story_id=report.story_id, published=article.published,
        type=e.type, subtype=e.subtype, status=e.status,
        date_start=start, date_end=end, precision=e.date.precision if e.date else None,
        place_key=place["key"] if place else None, place=place, participants=participants,
        sides=sorted(sides(conn, tracker, (a for a, _ in participants))), outcome=e.outcome,
        attributes=attributes, evidence=evidence, url=article.source.url, title=article.source.title,
    )


def _future_weekday(status: str, precision: str | None, start: str | None, end: str | None,
                    published: str | None) -> tuple[str | None, str | None]:
    """A planned event dated on a day of the week before publication is the next such day.

    "Talks will begin Saturday" in Friday's paper is tomorrow, not six days
    ago; a weekday read against the publication date can land on either. A
    plan cannot lie in the past of the article that announces it (a proposal
    can: it is dated when it was made).
    """
    if status != "planned" or precision != "day" or not (start and published) or start != end:
        return start, end
    try:
        day, pub = date.fromisoformat(start[:10]), date.fromisoformat(published[:10])
    except ValueError:
        return start, end
    if 0 < (pub - day).days < 7:
        day += timedelta(days=7)
        return day.isoformat(), day.isoformat()
    return start, end


def _within_tense(status: str, precision: str | None, start: str | None, end: str | None,
                  published: str | None) -> tuple[str | None, str | None]:
    """A vague range ("this week", "in the coming days") cut at the publication date.

    What an article reports as done lies before it, what it announces after
    it: "met both delegations this week" in Friday's paper is Monday to
    Friday, not to Sunday, and so no longer overlaps next week's events. A
    day-precise date is left as read (a truce agreed Saturday may start Monday).
    """
    if precision == "day" or not (start and end and published):
        return start, end
    pub = published[:10]
    if status in PAST_STATUSES | {"ongoing"} and start[:10] <= pub < end[:10]:
        return start, pub
    if status == "planned" and start[:10] < pub <= end[:10]:
        return pub, end
    return start, end


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()


def _candidate_rows(conn: Connection, src: SourceEvent) -> list[Any]:
    t = s.tracked_events.c
    window = LIFECYCLE_WINDOW_DAYS.get(src.type, 1)
    span = LIFECYCLE_SPAN_DAYS if src.type in LIFECYCLE_WINDOW_DAYS else ONE_OFF_SPAN_DAYS
    start = src.date_start or src.published
    end = src.date_end or src.date_start or src.published
    if not start or not end:
        return list(conn.execute(select(s.tracked_events).where(and_(t.type == src.type, t.date_start.is_(None)))))
    try:
        lo, hi = _shift(start, -(window + span)), _shift(end, window)
    except ValueError:
        return []
    return list(conn.execute(select(s.tracked_events).where(and_(
        t.type == src.type, t.date_start >= lo, t.date_start <= hi))))


def tracked_from_row(row: Any, tracker: Tracker | None = None, conn: Connection | None = None) -> Tracked:
    participants = json.loads(row.participants)
    tr = Tracked(
        type=row.type, subtype=row.subtype, status=row.status, stage=row.stage, date_start=row.date_start,
        date_end=row.date_end, precision=row.date_precision, place_key=row.place_key,
        place=json.loads(row.place) if row.place else None, outcome=row.outcome,
        attributes=json.loads(row.attributes), participants=participants, claims=json.loads(row.claims),
        history=[], sources=row.sources, stories=row.stories, first_reported=row.first_reported,
        last_reported=row.last_reported)
    if tracker is not None and conn is not None:
        tr.sides = sides(conn, tracker, (p["actor"] for p in participants))
    return tr


def _attach(conn: Connection, tracker: Tracker, src: SourceEvent, report: TrackReport) -> tuple[int, bool]:
    rows = _candidate_rows(conn, src)
    best: tuple[float, int] | None = None
    if rows:
        ids = [r.id for r in rows]
        ts = s.tracked_event_sources.c
        story_statuses: dict[int, set[str]] = {}
        if not report.new_story:  # a new story has no other copies to side with
            for event_id, record in conn.execute(select(ts.event_id, ts.record).where(and_(
                    ts.event_id.in_(ids), ts.story_id == src.story_id))):
                rec = json.loads(record)
                statuses = story_statuses.setdefault(event_id, set())
                statuses.add(rec["status"])
                if same_report(rec.get("evidence") or "", src.evidence):
                    # The copy's own report of this event, read with another status ("would
                    # think about delaying" for "would consider postponing"): it is that report.
                    statuses.add(src.status)
        mine = set(report.events.values())
        for row in rows:
            tracked = tracked_from_row(row, tracker, conn)
            statuses = frozenset(story_statuses.get(row.id, ()))
            lifecycle_type = src.type in LIFECYCLE_WINDOW_DAYS
            # An arrangement's life is read only for candidates that could reach the threshold with it.
            score = match_score(tracked, src, story_statuses=statuses, same_article=row.id in mine,
                                threshold=MATCH_THRESHOLD - LIFE_BONUS if lifecycle_type else MATCH_THRESHOLD)
            if score is not None and lifecycle_type:
                # An arrangement's life (agreed when, ended when) is read from its sources, for those that fit.
                group = [SourceEvent.from_json(r) for r in
                         conn.execute(select(ts.record).where(ts.event_id == row.id)).scalars()]
                score = match_score(tracked, src, story_statuses=statuses, life=lifecycle(group),
                                    same_article=row.id in mine)
            if score is not None and (best is None or (score, -row.id) > (best[0], -best[1])):
                best = (score, row.id)
    new = best is None
    if best is None:
        event_id = conn.execute(insert(s.tracked_events).values(
            type=src.type, status=src.status, stage=src.stage, attributes="{}", participants="[]", claims="[]",
            evidence="[]", sources=0, stories=0, date_start=src.date_start)).inserted_primary_key[0]
    else:
        event_id = best[1]
    conn.execute(insert(s.tracked_event_sources).values(
        article_id=src.article_id, local_id=src.local_id, event_id=event_id, story_id=src.story_id,
        published=src.published, score=None if best is None else best[0], record=src.to_json()))
    refresh_event(conn, event_id)
    return event_id, new


def refresh_event(conn: Connection, event_id: int) -> Tracked:
    """Recompute a tracked event from all its sources and write it back."""
    ts = s.tracked_event_sources.c
    sources = [SourceEvent.from_json(r) for r in
               conn.execute(select(ts.record).where(ts.event_id == event_id)).scalars()]
    agg = aggregate(sources)
    place = agg.place or None
    conn.execute(update(s.tracked_events).where(s.tracked_events.c.id == event_id).values(
        subtype=agg.subtype, status=agg.status, stage=agg.stage, date_start=agg.date_start,
        date_end=agg.date_end, date_precision=agg.precision, place_key=agg.place_key,
        place_norm=normalise(place["name"]) if place else None, place_country=place.get("country") if place else None,
        evidence=json.dumps(_evidence(sources), ensure_ascii=False),
        place=json.dumps(place, ensure_ascii=False) if place else None, outcome=agg.outcome,
        attributes=json.dumps(agg.attributes, ensure_ascii=False),
        participants=json.dumps(agg.participants), claims=json.dumps(agg.claims, ensure_ascii=False),
        sources=agg.sources, stories=agg.stories, first_reported=agg.first_reported,
        last_reported=agg.last_reported))
    conn.execute(delete(s.tracked_event_actors).where(s.tracked_event_actors.c.event_id == event_id))
    pairs = {(p["actor"], p["role"]) for p in agg.participants}
    if pairs:
        conn.execute(insert(s.tracked_event_actors),
                     [{"event_id": event_id, "actor_id": a, "role": r} for a, r in sorted(pairs)])
    conn.execute(delete(s.status_history).where(s.status_history.c.event_id == event_id))
    conn.execute(insert(s.status_history), [
        {"event_id": event_id, "seq": i, "status": h.status, "stage": h.stage, "reported": h.reported,
         "article_id": h.article_id, "sources": h.sources} for i, h in enumerate(agg.history)])
    return agg


def _evidence(sources: list[SourceEvent], stories: int = 3) -> list[dict[str, str]]:
    """A supporting sentence from each of the first few stories: copies would repeat it."""
    out: list[dict[str, str]] = []
    seen: set[int] = set()
    for src in sorted(sources, key=lambda x: (x.published or "9999", x.article_id, x.local_id)):
        if src.story_id in seen or not src.evidence:
            continue
        seen.add(src.story_id)
        out.append({"article_id": src.article_id, "text": src.evidence})
        if len(out) >= stories:
            break
    return out
