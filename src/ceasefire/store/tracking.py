"""Tracking across articles, written to the store: stories, canonical actors, tracked events.

``add_and_track(store, article)`` stores an article and, in the same write
transaction, puts it in a story (a new one or that of its nearest stored
copy), links its actors to canonical actors and joins its events to tracked
events (or starts new ones), then recomputes what each touched tracked event
adds up to. ``track_article`` does the tracking alone, for articles stored
untracked (by an older version, or when tracking failed). The decisions are the pure functions of
``resolve/``; this module reads candidates and writes rows.

The story index (MinHash LSH) and the canonical actors (``resolve/actor_index``)
live as long as the ``Store`` object (``Store.tracking``): the index is filled
from the stored signatures on first use and then only with those added
since, by this process or another writer; the actors are read once and
read again only after another writer has tracked articles.

Statements that run for every article are built once (module constants with
bound parameters): building and keying a SQLAlchemy statement costs more than
SQLite takes to run it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, and_, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..analyse.kb import normalise
from ..errors import StoreError
from ..records import Actor, Article, Event, Place, Rejection, Source
from ..resolve import actors_xdoc as ax
from ..resolve.actor_index import COLUMNS as ACTOR_COLUMNS
from ..resolve.actor_index import ActorIndex, ActorRow
from ..resolve import stories as st
from ..resolve.events_xdoc import (
    LIFE_BONUS,
    LIFECYCLE_WINDOW_DAYS,
    MATCH_THRESHOLD,
    PAST_STATUSES,
    SourceEvent,
    Tracked,
    aggregate,
    match_score,
    same_report,
)
from . import schema as s
from .copies import Copy, copy_source, location_id
from .engine import describe, write_transaction
from .event_sources import EventSources
from .rows import dump_json, local_ids

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
    """What one run keeps in memory: the story index, the canonical actors and the
    decoded sources of the tracked events it has weighed."""

    def __init__(self) -> None:
        self.stories = st.StoryIndex()
        self.actors: ActorIndex | None = None  # read on first need (_actors)
        self.event_sources = EventSources()
        # The newest membership row known here, (seq, article id): gone or changed when another
        # process rebuilt the tracking (retrack), and then nothing held here is true any more.
        self.last: tuple[int, str] | None = None


def tracker_for(store: Store) -> Tracker:
    # Tied to the Store's lifetime (one run), not kept for the process.
    tracker = store.tracking
    if tracker is None:
        tracker = store.tracking = Tracker()
    return tracker


def forget(store: Store) -> None:
    """Drop what tracking holds in memory for ``store`` (after a rollback or a reset)."""
    store.tracking = None


def track_article(store: Store, article: Article) -> TrackReport | None:
    """Track a stored article; None when it was tracked before. Raises StoreError on database errors."""
    tracker = tracker_for(store)
    try:
        with write_transaction(store.engine) as conn:
            report, signature, seq = _track(conn, tracker, article)
    except SQLAlchemyError as exc:
        forget(store)  # its caches may hold what was rolled back
        raise StoreError(f"article {article.id}: cannot track it in {store.url}: {describe(exc)}") from exc
    except (KeyError, ValueError, TypeError) as exc:
        forget(store)
        # A record tracking cannot read must not sink the ingest run: the article
        # stays stored, untracked, and the reason is kept as a rejection
        # (`ceasefire track` retries it).
        _untrackable(store, article, exc)
        return None
    except BaseException:
        forget(store)  # rolled back (an interrupt, a bug): nothing held in memory may outlive it
        raise
    return _committed(tracker, article, report, signature, seq)


def _untrackable(store: Store, article: Article, exc: Exception) -> None:
    origin = article.source.path or article.source.url or article.id
    store.add_rejection(Rejection(origin, "track", f"{type(exc).__name__}: {exc}"))


def _committed(tracker: Tracker, article: Article, report: TrackReport | None, signature: Any,
               seq: int | None) -> TrackReport | None:
    """What ``_track`` did, once committed: only then may the article be found as a copy."""
    if report is not None and signature is not None and seq is not None:
        tracker.stories.add(article.id, report.story_id, signature, seq=seq)
        tracker.last = (seq, article.id)
    return report


def add_and_track(store: Store, article: Article) -> tuple[bool, TrackReport | None]:
    """Store ``article`` and track it in one transaction (one commit, not two): what an ingest run
    does with each analysed article. Returns whether it was added (False: stored before) and
    its tracking report.

    As with ``track_article`` after ``Store.add_article``, a record tracking cannot read does
    not sink the article: it is stored alone, untracked, and the reason kept as a rejection
    (``ceasefire track`` retries it). Not with a savepoint: SQLite then copies every page the
    tracking changes to a statement journal, which cost more than the commit saved."""
    tracker = tracker_for(store)
    outcome: dict[str, Any] = {}

    def track(conn: Connection) -> None:
        outcome["began"] = True
        outcome["tracked"] = _track(conn, tracker, article)

    try:
        added = store.add_article(article, then=track)
    except (KeyError, ValueError, TypeError) as exc:
        forget(store)  # rolled back: its caches may hold what was undone
        added = store.add_article(article)
        _untrackable(store, article, exc)
        return added, None
    except BaseException:
        forget(store)  # rolled back: nothing held in memory may outlive it
        raise
    if not added:
        if "began" in outcome:
            # Tracked, then rolled back: another writer stored the article first (add_article's
            # IntegrityError). What tracking changed in memory was undone in the database.
            forget(store)
        return False, None
    return True, _committed(tracker, article, *outcome["tracked"])


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
    try:
        with write_transaction(store.engine) as conn:
            # Copies are kept, and recorded again once every article is tracked, as an ingest run
            # records them after its articles: until then they must not be sources of anything.
            copies = [(r.article_id, Copy.from_row(r)) for r in conn.execute(
                select(s.article_copies).order_by(s.article_copies.c.article_id, s.article_copies.c.location_id))]
            conn.execute(delete(s.article_copies))
            for table in reversed(s.TRACKING_TABLES):
                conn.execute(delete(table))
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot reset tracking in {store.url}: {describe(exc)}") from exc
    forget(store)
    done = track_untracked(store)
    for article_id, copy in copies:
        _keep_copy(store, article_id, copy)
    return done


def record_copy(store: Store, article_id: str, source: Source, published: str | None = None) -> int:
    """An identical text found again on another URL (or path): stored once (same hash, same
    article), it is still one more source of each tracked event of the article, of the same
    story. Returns the sources added: none for the article's own URL, a copy seen before or an
    article with no tracked events (its copy is not kept then)."""
    where = source.url or source.path
    if not where:
        return 0
    seen = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return _keep_copy(store, article_id, Copy(where, source.url, source.title, published, source.outlet, seen))


def _keep_copy(store: Store, article_id: str, copy: Copy) -> int:
    try:
        with write_transaction(store.engine) as conn:
            return _record_copy(conn, article_id, copy, tracker_for(store).event_sources)
    except BaseException as exc:
        forget(store)  # rolled back: the sources held in memory may include the copy's
        if not isinstance(exc, SQLAlchemyError):
            raise
        raise StoreError(f"article {article_id}: cannot record its copy {copy.location} in {store.url}: "
                         f"{describe(exc)}") from exc


def copy_location(store: Store, article_id: str, source: Source) -> str | None:
    """Where ``source`` would be recorded as a copy of the article: None when it names no place
    or the stored article's own (``record_copy`` would add nothing), else its URL or path."""
    where = source.url or source.path
    if not where:
        return None
    try:
        with store.engine.connect() as conn:
            return where if _elsewhere(conn, article_id, where) is not None else None
    except SQLAlchemyError as exc:
        raise StoreError(f"article {article_id}: cannot read it in {store.url}: {describe(exc)}") from exc


_a = s.articles.c
_OWN_LOCATION = select(_a.source_url, _a.source_path, _a.source_title, _a.published).where(
    _a.id == bindparam("article_id"))


def _elsewhere(conn: Connection, article_id: str, where: str) -> Row[Any] | None:
    """The stored article's own row when ``where`` is a copy of it: not the URL or path it was stored from."""
    own = conn.execute(_OWN_LOCATION, {"article_id": article_id}).first()
    return own if own is not None and where not in (own.source_url, own.source_path) else None


_ac = s.article_copies.c
_COPY_KNOWN = select(_ac.location_id).where(
    and_(_ac.article_id == bindparam("article_id"), _ac.location_id == bindparam("location_id")))
_ARTICLE_SOURCES = select(s.tracked_event_sources.c.event_id, s.tracked_event_sources.c.record).where(
    s.tracked_event_sources.c.article_id == bindparam("article_id"))


def _record_copy(conn: Connection, article_id: str, copy: Copy, cache: EventSources) -> int:
    own = _elsewhere(conn, article_id, copy.location)
    if own is None or conn.execute(_COPY_KNOWN, {"article_id": article_id,
                                                 "location_id": location_id(copy.location)}).first():
        return 0
    rows = conn.execute(_ARTICLE_SOURCES, {"article_id": article_id}).all()
    if not rows:
        # Not kept, as before migration 6: kept, it would become a source the moment the article is
        # tracked, where an ingest run or a retrack adds copies once all their articles are tracked.
        return 0
    # Untitled or undated, a copy is shown with the article's title and date.
    copy = replace(copy, title=copy.title or own.source_title, published=copy.published or own.published)
    conn.execute(insert(s.article_copies).values(copy.values(article_id)))
    for r in rows:
        cache.added(r.event_id, copy_source(r.record, copy).to_json())
    for event_id in sorted({r.event_id for r in rows}):
        refresh_event(conn, event_id, cache=cache)
    return len(rows)


# -- one article ----------------------------------------------------------------


@dataclass
class _Keys:
    """The keys the next story and tracked event of this transaction take: ``max + 1``, as the
    ``row_id`` default gives, read once with the rest of ``_STATE`` (writers take turns, so only
    this transaction adds rows until it commits) and counted on here."""

    story: int
    event: int


def _largest(key: Any) -> Any:
    return select(func.coalesce(func.max(key), 0)).scalar_subquery()


_m = s.story_members.c
# What tracking an article first reads, in one statement (each statement costs more to send
# through SQLAlchemy than SQLite takes to run it): whether the article is tracked already, the
# article at the newest membership this run knows (``Tracker.last``), and the largest keys.
_STATE = select(
    select(_m.seq).where(_m.article_id == bindparam("article_id")).scalar_subquery().label("tracked"),
    select(_m.article_id).where(_m.seq == bindparam("last_seq")).scalar_subquery().label("at_last"),
    _largest(_m.seq).label("members"),
    _largest(s.stories.c.id).label("stories"),
    _largest(s.tracked_events.c.id).label("events"),
)


def _track(conn: Connection, tracker: Tracker, article: Article) -> tuple[TrackReport | None, Any, int | None]:
    state = conn.execute(_STATE, {"article_id": article.id,
                                  "last_seq": tracker.last[0] if tracker.last is not None else 0}).one()
    if state.tracked is not None:
        return None, None, None
    if tracker.last is not None and state.at_last != tracker.last[1]:
        # Another process rebuilt the tracking since this run last looked: start again from the store.
        tracker.stories, tracker.actors, tracker.last = st.StoryIndex(), None, None
        tracker.event_sources = EventSources()
    # Memberships stored since the index last looked: none when this run stored the newest.
    foreign, last = _refresh_index(conn, tracker.stories) if state.members > tracker.stories.seen else (False, None)
    if foreign:
        # Another writer tracked articles: its actors and the sources it added are not held here.
        tracker.actors, tracker.event_sources = None, EventSources()
    tracker.last = last or tracker.last
    seq = state.members + 1  # this article's place in the order of tracking
    keys = _Keys(story=state.stories + 1, event=state.events + 1)
    report, signature = _assign_story(conn, tracker.stories, article, seq, keys)
    report.actors = _link_actors(conn, tracker, article)
    places = {p.id: _place_object(p) for p in article.places}
    for local_id, event in zip(local_ids("e", len(article.events)), article.events):
        source = _source_event(tracker, conn, article, report, local_id, event, places)
        event_id, new = _attach(conn, tracker, source, report, keys)
        report.events[local_id] = event_id
        report.new_events += int(new)
    return report, signature, seq


_NEW_MEMBERS = (select(_m.seq, _m.article_id, _m.story_id, _m.minhash)
                .where(_m.seq > bindparam("seen")).order_by(_m.seq))


def _refresh_index(conn: Connection, index: st.StoryIndex) -> tuple[bool, tuple[int, str] | None]:
    """Add the signatures stored since the index last looked. Returns whether another writer stored
    some, and the newest row read as (seq, article id)."""
    foreign, last = False, None
    for row in conn.execute(_NEW_MEMBERS, {"seen": index.seen}):
        if row.article_id in index.members:  # this run's own, added when committed
            index.seen = max(index.seen, row.seq)
        else:
            index.add(row.article_id, row.story_id, st.from_bytes(row.minhash), seq=row.seq)
            foreign = True
        last = (row.seq, row.article_id)
    return foreign, last


def _assign_story(conn: Connection, index: st.StoryIndex, article: Article, seq: int,
                  keys: _Keys) -> tuple[TrackReport, Any]:
    grams = st.shingles(article.text)
    mh = st.signature(article.text, grams)
    match = index.best(mh, exclude=article.id) if len(grams) >= st.MIN_SHINGLES else None
    published = article.published
    if match is not None:
        story_id = match.story_id
        row = conn.execute(_STORY, {"b_id": story_id}).one()
        conn.execute(_STORY_UPDATE, {
            "b_id": story_id, "b_articles": row.articles + 1,
            "b_first_published": _min(row.first_published, published),
            "b_last_published": _max(row.last_published, published)})
    else:
        title = article.source.title or article.text.strip().split("\n", 1)[0][:200]
        story_id = keys.story
        keys.story += 1
        conn.execute(_STORY_INSERT, {
            "id": story_id, "title": title, "first_article_id": article.id, "first_published": published,
            "last_published": published, "articles": 1})
    conn.execute(_MEMBER_INSERT, {
        "seq": seq, "article_id": article.id, "story_id": story_id,
        "matched_article_id": match.article_id if match else None,
        "similarity": match.similarity if match else None, "published": published, "minhash": st.to_bytes(mh)})
    report = TrackReport(article.id, story_id, match is None, match.similarity if match else None)
    return report, mh


_STORY = select(s.stories.c.articles, s.stories.c.first_published, s.stories.c.last_published).where(
    s.stories.c.id == bindparam("b_id"))
_STORY_UPDATE = update(s.stories).where(s.stories.c.id == bindparam("b_id")).values(
    articles=bindparam("b_articles"), first_published=bindparam("b_first_published"),
    last_published=bindparam("b_last_published"))
_STORY_INSERT = insert(s.stories)
_MEMBER_INSERT = insert(s.story_members)


def _min(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _max(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


# -- actors -------------------------------------------------------------------


_ca = s.canonical_actors.c
_ACTOR_SELECT = select(*(getattr(_ca, name) for name in ACTOR_COLUMNS))
_NAME_SELECT = select(s.canonical_actor_names.c.norm, s.canonical_actor_names.c.actor_id)
_ACTOR_INSERT = insert(s.canonical_actors)
# Columns linking can change; "b_" names: a bound parameter may not take a column's name in an UPDATE.
_ACTOR_CHANGING = ("key", "name", "norm", "country", "kb_id", "surname", "aliases", "titles", "articles",
                   "first_seen", "last_seen")
_ACTOR_UPDATE = (update(s.canonical_actors).where(_ca.id == bindparam("b_id"))
                 .values({name: bindparam("b_" + name) for name in _ACTOR_CHANGING}))
_NAME_INSERT = insert(s.canonical_actor_names)
_LINK_INSERT = insert(s.actor_links)


def _actors(conn: Connection, tracker: Tracker) -> ActorIndex:
    """The canonical actors, read once per run (again after another writer tracked articles)."""
    if tracker.actors is None:
        rows = [ActorRow(*r[:8], aliases=json.loads(r.aliases), titles=json.loads(r.titles), articles=r.articles,
                         first_seen=r.first_seen, last_seen=r.last_seen)
                for r in conn.execute(_ACTOR_SELECT)]
        tracker.actors = ActorIndex(rows, conn.execute(_NAME_SELECT).tuples())
    return tracker.actors


def _find_actor(index: ActorIndex, actor: Actor, published: str | None, role_only: bool) -> int | None:
    found = index.by_key(ax.key_for(actor))
    if found is not None:
        return found
    if actor.kind == "person":
        if role_only and actor.country:
            hit = ax.match_role(actor, index.people_of(actor.country), published)
            if hit:
                return hit.id
        surname = ax.surname(actor.name)
        if surname:
            # A knowledge-base person may adopt an actor first seen under an unknown spelling, never
            # one that another knowledge-base entry holds.
            hit = ax.match_person(actor, index.with_surname(surname, without_kb=bool(actor.kb_id)))
            if hit:
                return hit.id
        return None
    names = ax.lookup_norms(actor)
    if not names:
        return None
    hit = ax.match_other(actor, index.with_names(names, without_kb=bool(actor.kb_id)))
    return hit.id if hit else None


def _link_actors(conn: Connection, tracker: Tracker, article: Article) -> dict[str, int]:
    index = _actors(conn, tracker)
    links: dict[str, int] = {}
    counted: set[int] = set()
    created: dict[int, ActorRow] = {}
    changed: dict[int, ActorRow] = {}
    names: list[dict[str, Any]] = []
    # Named people first, so that a role ("the top diplomat") finds the title its holder has in this article.
    # Whether an actor is named by a role alone is worked out once (it normalises the name).
    for role_only, actor in sorted(((ax.is_role_only(a), a) for a in article.actors), key=lambda pair: pair[0]):
        found = _find_actor(index, actor, article.published, role_only)
        if found is None:
            row = _new_actor(index, actor, article.published)
            created[row.id] = row
        else:
            row = index.rows[found]
            if row.id not in created:
                changed[row.id] = row
        values: dict[str, Any] = {
            "aliases": ax.merge_aliases(row.aliases, actor, seen=index.alias_norms(row)),
            "titles": ax.merge_titles(row.titles, actor.titles, article.published),
            "first_seen": _min(row.first_seen, article.published),
            "last_seen": _max(row.last_seen, article.published),
        }
        if row.id not in counted:
            values["articles"] = row.articles + 1
            counted.add(row.id)
        if actor.kb_id and not row.kb_id:
            # First seen under a spelling the knowledge base lacked: it takes the entry's key and name.
            values.update(key=ax.key_for(actor), kb_id=actor.kb_id, name=actor.name, norm=normalise(actor.name),
                          surname=ax.surname(actor.name) if row.kind == "person" else None)
        elif not row.kb_id and not role_only:
            name = ax.better_name(row.name, actor.name, row.kind)
            if name != row.name:
                values.update(name=name, norm=normalise(name))
        if row.country is None and actor.country:
            values["country"] = actor.country
        index.change(row, **values)
        names.extend({"norm": x, "actor_id": row.id} for x in index.add_names(row.id, ax.lookup_norms(actor)))
        links[actor.id] = row.id
    # What the article changed, written in one statement per table (parents first).
    if created:
        conn.execute(_ACTOR_INSERT, [_actor_values(r) for r in created.values()])
    if changed:
        conn.execute(_ACTOR_UPDATE, [{"b_" + k: v for k, v in _actor_values(r).items()} for r in changed.values()])
    if names:
        conn.execute(_NAME_INSERT, names)
    if links:
        conn.execute(_LINK_INSERT, [
            {"article_id": article.id, "local_id": local, "actor_id": cid, "published": article.published}
            for local, cid in links.items()])
    return links


def _new_actor(index: ActorIndex, actor: Actor, published: str | None) -> ActorRow:
    # Numbered max + 1 as the row_id default would (writers take turns, and the index holds every row).
    name = actor.name
    row = ActorRow(
        id=index.max_id + 1, key=ax.key_for(actor), name=name, norm=normalise(name), kind=actor.kind,
        country=actor.country, kb_id=actor.kb_id, surname=ax.surname(name) if actor.kind == "person" else None,
        aliases=[], titles=[], articles=0, first_seen=published, last_seen=published)
    index.add(row)
    return row


def _actor_values(row: ActorRow) -> dict[str, Any]:
    values = {name: getattr(row, name) for name in ACTOR_COLUMNS}
    values["aliases"] = dump_json(row.aliases)
    values["titles"] = dump_json(row.titles)
    return values


def _state_id(index: ActorIndex, country: str) -> int | None:
    return index.by_key(f"kb:state.{country}")


def sides(conn: Connection, tracker: Tracker, actor_ids: Iterable[int]) -> set[int]:
    """The actors, plus the state each person or armed group belongs to.

    "Lavrov and Kuleba met" and "Russia and Ukraine held talks" then share
    sides; so do a civil war's commanders and their forces, through their country.
    """
    index = _actors(conn, tracker)
    ids = set(actor_ids)
    out = set(ids)
    for a in ids:
        row = index.rows.get(a)
        if row is not None and row.country and row.kind in ("person", "armed_group"):
            state = _state_id(index, row.country)
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


_te = s.tracked_events.c
_ts = s.tracked_event_sources.c
_UNDATED = select(s.tracked_events).where(and_(_te.type == bindparam("type"), _te.date_start.is_(None)))
_DATED = select(s.tracked_events).where(and_(
    _te.type == bindparam("type"), _te.date_start >= bindparam("lo"), _te.date_start <= bindparam("hi")))
_STORY_RECORDS = select(_ts.event_id, _ts.record).where(and_(
    _ts.event_id.in_(bindparam("ids", expanding=True)), _ts.story_id == bindparam("story_id")))
_EVENT_INSERT = insert(s.tracked_events)
_SOURCE_INSERT = insert(s.tracked_event_sources)
_EVENT_AGGREGATE = ("subtype", "status", "stage", "date_start", "date_end", "date_precision", "place_key",
                    "place_norm", "place_country", "evidence", "place", "outcome", "attributes", "participants",
                    "claims", "sources", "stories", "first_reported", "last_reported")
_EVENT_UPDATE = update(s.tracked_events).where(_te.id == bindparam("b_id")).values(
    {name: bindparam("b_" + name) for name in _EVENT_AGGREGATE})
_EVENT_ACTORS_DELETE = delete(s.tracked_event_actors).where(
    s.tracked_event_actors.c.event_id == bindparam("event_id"))
_EVENT_ACTORS_INSERT = insert(s.tracked_event_actors)
_HISTORY_DELETE = delete(s.status_history).where(s.status_history.c.event_id == bindparam("event_id"))
_HISTORY_INSERT = insert(s.status_history)


def _candidate_rows(conn: Connection, src: SourceEvent) -> list[Any]:
    window = LIFECYCLE_WINDOW_DAYS.get(src.type, 1)
    span = LIFECYCLE_SPAN_DAYS if src.type in LIFECYCLE_WINDOW_DAYS else ONE_OFF_SPAN_DAYS
    start = src.date_start or src.published
    end = src.date_end or src.date_start or src.published
    if not start or not end:
        return list(conn.execute(_UNDATED, {"type": src.type}))
    try:
        lo, hi = _shift(start, -(window + span)), _shift(end, window)
    except ValueError:
        return []
    return list(conn.execute(_DATED, {"type": src.type, "lo": lo, "hi": hi}))


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


def _attach(conn: Connection, tracker: Tracker, src: SourceEvent, report: TrackReport,
            keys: _Keys) -> tuple[int, bool]:
    rows = _candidate_rows(conn, src)
    best: tuple[float, int] | None = None
    if rows:
        ids = [r.id for r in rows]
        story_statuses: dict[int, set[str]] = {}
        if not report.new_story:  # a new story has no other copies to side with
            for event_id, record in conn.execute(_STORY_RECORDS, {"ids": ids, "story_id": src.story_id}):
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
                score = match_score(tracked, src, story_statuses=statuses,
                                    life=tracker.event_sources.life(conn, row.id), same_article=row.id in mine)
            if score is not None and (best is None or (score, -row.id) > (best[0], -best[1])):
                best = (score, row.id)
    record = src.to_json()
    source_row = {"article_id": src.article_id, "local_id": src.local_id, "story_id": src.story_id,
                  "published": src.published, "record": record}
    if best is None:
        event_id = keys.event
        keys.event += 1
        # Its one source is this one, held without reading it back; the event's row goes first (the
        # source's points at it), whole from the start.
        tracker.event_sources.started(conn, event_id, record)
        refresh_event(conn, event_id, new_type=src.type, cache=tracker.event_sources)
        conn.execute(_SOURCE_INSERT, {**source_row, "event_id": event_id, "score": None})
        return event_id, True
    score, event_id = best
    conn.execute(_SOURCE_INSERT, {**source_row, "event_id": event_id, "score": score})
    tracker.event_sources.added(event_id, record)
    stored = next(r.participants for r in rows if r.id == event_id)  # the participants as last written
    refresh_event(conn, event_id, stored, cache=tracker.event_sources)
    return event_id, False


def refresh_event(conn: Connection, event_id: int, stored_participants: str | None = None, *,
                  new_type: str | None = None, cache: EventSources | None = None) -> Tracked:
    """Recompute a tracked event from all its sources and write it back.

    ``stored_participants`` (the participants column as read before) spares rewriting the
    event's actors when they did not change. ``new_type`` names the type of an event not
    stored yet: it is inserted whole (one statement, not a row then its update), with no
    actors or history to delete. ``cache`` holds the sources already read (and those added since)."""
    sources = (cache or EventSources(max_events=1)).sources(conn, event_id)
    agg = aggregate(sources)
    place = agg.place or None
    values = dict(
        subtype=agg.subtype, status=agg.status, stage=agg.stage, date_start=agg.date_start,
        date_end=agg.date_end, date_precision=agg.precision, place_key=agg.place_key,
        place_norm=normalise(place["name"]) if place else None, place_country=place.get("country") if place else None,
        evidence=dump_json(_evidence(sources)),
        place=dump_json(place) if place else None, outcome=agg.outcome,
        attributes=dump_json(agg.attributes),
        participants=json.dumps(agg.participants), claims=dump_json(agg.claims),
        sources=agg.sources, stories=agg.stories, first_reported=agg.first_reported,
        last_reported=agg.last_reported)
    if new_type is None:
        conn.execute(_EVENT_UPDATE, {"b_id": event_id, **{"b_" + k: v for k, v in values.items()}})
    else:
        conn.execute(_EVENT_INSERT, {"id": event_id, "type": new_type, **values})
    # The actor rows are the pairs of the participants column: unchanged with it.
    if values["participants"] != stored_participants:
        if new_type is None and stored_participants != "[]":
            conn.execute(_EVENT_ACTORS_DELETE, {"event_id": event_id})
        pairs = {(p["actor"], p["role"]) for p in agg.participants}
        if pairs:
            conn.execute(_EVENT_ACTORS_INSERT,
                         [{"event_id": event_id, "actor_id": a, "role": r} for a, r in sorted(pairs)])
    if new_type is None:
        conn.execute(_HISTORY_DELETE, {"event_id": event_id})
    conn.execute(_HISTORY_INSERT, [
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
