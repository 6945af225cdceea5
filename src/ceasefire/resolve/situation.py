"""The situation as of a date: negotiation tracks, ceasefire and corridor proposals, parties' positions.

"As of" defaults to the newest publication date in the store, not today:
an archive of last year's reports should read as the situation then.

- A negotiation track is the talks at one venue (or under one named track,
  "Belarus format"): its last round (held, ongoing or broken off) and the next
  one planned or proposed. A track is active when reported within ``window``
  days.
- Ceasefires and corridors: each tracked arrangement reported within the
  window, with its latest stage (proposed, agreed, violated, collapsed...).
- Positions: for the parties most often named in those talks and
  arrangements, their statements (demands, offers, rejections) and their
  latest quotes, copies of one quote counted once; a state speaks through its
  people (a foreign minister's words are Russia's position).

Every query is bounded by the window and indexed, so the answer does not grow
with the archive.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, func, select

from ..analyse.kb import normalise
from ..store import schema as s
from .timeline import ActorRef, TrackedEvent, actor_ids, actors_by_id, check_date, event_json, load_events

if TYPE_CHECKING:
    from ..store import Store

WINDOW_DAYS = 45
PARTIES = 6  # parties whose positions are shown
QUOTES_PER_PARTY = 3
STATEMENTS_PER_PARTY = 3
PRINCIPAL_ROLES = ("party", "proposer", "speaker")
SAME_QUOTE = 0.5  # share of words two quotes of one story have in common to be one quote


@dataclass
class Track:
    name: str
    last_round: TrackedEvent | None
    next_round: TrackedEvent | None
    parties: list[str]
    rounds: int


@dataclass
class QuoteView:
    speaker: str
    text: str
    kind: str
    published: str | None
    article_id: str
    url: str | None
    copies: int = 1


@dataclass
class Position:
    party: ActorRef
    statements: list[TrackedEvent] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)


@dataclass
class Situation:
    as_of: str | None
    since: str | None
    tracks: list[Track]
    arrangements: list[TrackedEvent]  # ceasefires and corridors
    positions: list[Position]


def situation(store: Store, as_of: str | None = None, window: int = WINDOW_DAYS) -> Situation:
    t = s.tracked_events
    with store.engine.connect() as conn:
        as_of = check_date(as_of, "--as-of") or conn.execute(select(func.max(t.c.last_reported))).scalar()
        if as_of is None:
            return Situation(None, None, [], [], [])
        since = (date.fromisoformat(as_of) - timedelta(days=window)).isoformat()
        # Reported in the window, and not only after "as of" (a past situation stays past).
        recent = and_(t.c.last_reported >= since, t.c.first_reported <= as_of)
        talks = _events(conn, and_(recent, t.c.type == "talks"))
        arrangements = _events(conn, and_(recent, t.c.type.in_(("ceasefire", "corridor"))))
        tracks = _tracks(talks, as_of)
        positions = _positions(conn, talks + arrangements, since, as_of)
    arrangements.sort(key=lambda e: (e.date_start or "", e.id), reverse=True)
    return Situation(as_of, since, tracks, arrangements, positions)


def _events(conn: Connection, where: Any) -> list[TrackedEvent]:
    t = s.tracked_events
    ids = select(t.c.id).where(where)
    rows = conn.execute(select(t).where(t.c.id.in_(ids)).order_by(t.c.date_start, t.c.id)).all()
    return load_events(conn, rows, ids, with_sources=False)


def _track_key(e: TrackedEvent) -> str:
    # The venue makes the track; a named track ("Belarus format") without a venue stands alone.
    if e.place:
        return f"talks in {e.place['name']}"
    track = e.attributes.get("track")
    if isinstance(track, str) and track.strip():
        return track.strip()
    return "talks (venue not reported)"


def _tracks(talks: list[TrackedEvent], as_of: str) -> list[Track]:
    groups: dict[str, list[TrackedEvent]] = {}
    for e in talks:
        groups.setdefault(_track_key(e), []).append(e)
    tracks = []
    for name, events in groups.items():
        named = sorted({str(e.attributes["track"]) for e in events if e.attributes.get("track")})
        if named and name.startswith("talks in "):
            name = f"{name} ({', '.join(named)})"
        held = [e for e in events if e.status in ("occurred", "ongoing", "failed", "rejected")
                and (e.date_start or "") <= as_of]
        last = max(held, key=lambda e: (e.date_start or "", e.id), default=None)
        after = last.date_start if last and last.date_start else ""
        # A plan whose dates have passed unreported is stale, not next.
        planned = [e for e in events if e.status in ("planned", "proposed")
                   and (e.date_end or e.date_start or "") >= as_of and (e.date_start or "") >= after]
        nxt = min(planned, key=lambda e: (e.date_start or "9999", e.id), default=None)
        parties = Counter(a.name for e in events for a, role in e.participants if role == "party")
        tracks.append(Track(name, last, nxt, [n for n, _ in parties.most_common(4)], len(held)))
    # Tracks with most rounds first: the main negotiation leads.
    tracks.sort(key=lambda tr: (-tr.rounds, tr.name))
    return tracks


def _positions(conn: Connection, events: list[TrackedEvent], since: str, as_of: str) -> list[Position]:
    counts: Counter[int] = Counter()
    refs: dict[int, ActorRef] = {}
    for e in events:
        for a, role in e.participants:
            if role in PRINCIPAL_ROLES and a.kind in ("state", "armed_group", "organization"):
                counts[a.id] += e.stories_count
                refs[a.id] = a
    positions = []
    for actor_id, _ in counts.most_common(PARTIES):
        party = refs[actor_id]
        voices = _voices(conn, party)
        positions.append(Position(party, _statements(conn, voices, since, as_of),
                                  _quotes(conn, voices, since, as_of, QUOTES_PER_PARTY)))
    return positions


def _voices(conn: Connection, party: ActorRef) -> list[int]:
    """Who speaks for a party: itself and, for a state, its people."""
    c = s.canonical_actors.c
    ids = [party.id]
    if party.kind == "state" and party.country:
        ids += list(conn.execute(select(c.id).where(and_(c.kind == "person", c.country == party.country))).scalars())
    return ids


def _statements(conn: Connection, voices: list[int], since: str, as_of: str) -> list[TrackedEvent]:
    t, a = s.tracked_events, s.tracked_event_actors.c
    ids = (select(t.c.id).where(and_(
        t.c.type == "statement", t.c.last_reported >= since, t.c.first_reported <= as_of,
        t.c.id.in_(select(a.event_id).where(and_(a.actor_id.in_(voices), a.role == "speaker"))))))
    rows = conn.execute(select(t).where(t.c.id.in_(ids)).order_by(t.c.date_start.desc(), t.c.id.desc())
                        .limit(STATEMENTS_PER_PARTY)).all()
    return load_events(conn, rows, select(t.c.id).where(t.c.id.in_([r.id for r in rows])), with_sources=False)


def _quotes(conn: Connection, voices: list[int], since: str | None, until: str | None, limit: int) -> list[QuoteView]:
    rows = quote_rows(conn, voices, since, until, limit * 4)
    return dedupe_quotes(rows)[:limit]


def quote_rows(conn: Connection, speakers: list[int], since: str | None, until: str | None, limit: int | None) -> list[Any]:
    """Quotes whose speaker is one of the canonical actors ``speakers``, newest first."""
    q, lk, ar, c = s.quotes.c, s.actor_links.c, s.articles.c, s.canonical_actors.c
    where = [lk.actor_id.in_(speakers)]
    if since:
        where.append(lk.published >= since)
    if until:
        where.append(lk.published <= until)
    m = s.story_members.c
    query = (select(c.name, lk.actor_id, q.text, q.kind, lk.published, q.article_id, ar.source_url, m.story_id)
             .select_from(s.actor_links.join(s.quotes, and_(q.article_id == lk.article_id, q.speaker == lk.local_id))
                          .join(s.articles, ar.id == q.article_id).join(s.canonical_actors, c.id == lk.actor_id)
                          .outerjoin(s.story_members, m.article_id == q.article_id))
             .where(and_(*where)).order_by(lk.published.desc(), q.article_id, q.span_start))
    if limit:
        query = query.limit(limit)
    return conn.execute(query).all()


def dedupe_quotes(rows: list[Any]) -> list[QuoteView]:
    """One entry per quote however many copies of the story repeat it.

    The same words anywhere are one quote; within one story (copies,
    rewrites, spun copies), so are words that mostly overlap: a spinner's
    "permit unimpeded relief access" is the original's "allow unimpeded
    humanitarian access".
    """
    out: dict[str, QuoteView] = {}
    by_story: dict[tuple[Any, Any], list[tuple[set[str], QuoteView]]] = {}
    for r in rows:
        key = normalise(r.text)[:200]
        if key in out:
            out[key].copies += 1
            continue
        words = set(key.split())
        group = by_story.setdefault((r.story_id, r.actor_id), []) if r.story_id is not None else []
        same = next((v for w, v in group if len(words & w) >= SAME_QUOTE * len(words | w)), None)
        if same is not None:
            same.copies += 1
            continue
        view = QuoteView(r.name, r.text, r.kind, r.published, r.article_id, r.source_url)
        out[key] = view
        group.append((words, view))
    return list(out.values())


def situation_json(sit: Situation) -> dict[str, Any]:
    def brief(e: TrackedEvent | None) -> dict[str, Any] | None:
        return event_json(e) if e else None
    return {
        "as_of": sit.as_of, "since": sit.since,
        "tracks": [{"name": tr.name, "rounds": tr.rounds, "parties": tr.parties,
                    "last_round": brief(tr.last_round), "next_round": brief(tr.next_round)} for tr in sit.tracks],
        "arrangements": [event_json(e) for e in sit.arrangements],
        "positions": [{"party": p.party.to_json(),
                       "statements": [event_json(e) for e in p.statements],
                       "quotes": [q.__dict__ for q in p.quotes]} for p in sit.positions],
    }


def quotes_by_speaker(store: Store, speaker: str, *, since: str | None = None, until: str | None = None,
                      limit: int | None = 50) -> list[QuoteView]:
    """Quotes of the actor(s) a user means by ``speaker``, newest first, copies counted once."""
    with store.engine.connect() as conn:
        ids = actor_ids(conn, speaker)
        if not ids:
            return []
        rows = quote_rows(conn, ids, check_date(since, "--since"), check_date(until, "--until"), None)
    quotes = dedupe_quotes(rows)
    return quotes[:limit] if limit else quotes


def speakers(store: Store, speaker: str) -> list[ActorRef]:
    with store.engine.connect() as conn:
        return list(actors_by_id(conn, set(actor_ids(conn, speaker))).values())

