"""The source records of tracked events, decoded once and kept for the run.

Tracking reads a tracked event's sources twice for every report it weighs:
its life (``lifecycle``) for every candidate arrangement, and all of them
again to recompute the event (``aggregate``) once the report joins it. A
much-reported corridor or ceasefire has hundreds of sources, so reading and
decoding them from JSON every time made tracking grow with the square of an
event's reports (37 ms an article on the corridor reports, against 4 ms on
general news). Here each event's sources are read once, then kept up to date
as this run adds to them.

Kept on the ``Tracker`` (``Store.tracking``), so as long as the store is open
and dropped with the rest of it after a rollback or when another writer has
tracked articles. An event's sources are its rows in ``tracked_event_sources``
and, for each, one per copy of that article (``article_copies``: store/copies.py).
The first use in a transaction checks the event's number of sources (two
indexed counts), so a source another process added (a copy on another URL)
is read too; later uses in the same transaction need not, as no
other writer can add one before it ends (writers take turns, and a reader's
transaction sees one snapshot). At most ``max_events`` events are kept, the least recently used dropped
first, so memory does not grow with the archive.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from ..resolve.events_xdoc import Lifecycle, SourceEvent, lifecycle
from . import schema as s
from .copies import Copy, copy_source

MAX_EVENTS = 4096

_ts = s.tracked_event_sources.c
_ac = s.article_copies.c
_OWN = s.tracked_event_sources
_OF_EVENT = _ts.event_id == bindparam("event_id")
_OF_ARTICLE = _ac.article_id == _ts.article_id
# Each source row once per copy of its article, or once with no copy.
_EVENT_RECORDS = (select(_ts.article_id, _ts.local_id, _ts.record, _ac.location, _ac.url, _ac.title, _ac.published)
                  .select_from(_OWN.outerjoin(s.article_copies, _OF_ARTICLE)).where(_OF_EVENT))
_EVENT_COUNT = select(
    select(func.count()).select_from(_OWN).where(_OF_EVENT).scalar_subquery()
    + select(func.count()).select_from(_OWN.join(s.article_copies, _OF_ARTICLE)).where(_OF_EVENT).scalar_subquery())


def life_order(src: SourceEvent) -> tuple[object, ...]:
    """The order an event's sources are read for its life (the first duration given wins):
    by story, article and local id, compared in Python so both databases give the same."""
    return (src.story_id is not None, src.story_id or 0, src.article_id, src.local_id)


def _decoded(rows: Iterable[Any]) -> Iterator[SourceEvent]:
    """The sources in the rows of ``_EVENT_RECORDS``: each source row's, then its copies'."""
    own: set[tuple[str, str]] = set()
    for r in rows:
        if (r.article_id, r.local_id) not in own:
            own.add((r.article_id, r.local_id))
            yield SourceEvent.from_json(r.record)
        if r.location is not None:
            yield copy_source(r.record, Copy(r.location, r.url, r.title, r.published))


@dataclass
class _Entry:
    sources: list[SourceEvent]  # in life_order
    life: Lifecycle | None = None  # computed on first need, dropped when a source joins


class EventSources:
    """Decoded sources per tracked event, read from the database on first need."""

    def __init__(self, max_events: int = MAX_EVENTS) -> None:
        self.max_events = max_events
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        # The transaction in which the events of ``_current`` were read or checked against the database.
        self._transaction: Any = None
        self._current: set[int] = set()

    def _checked(self, conn: Connection) -> set[int]:
        """The events held as the database has them in ``conn``'s transaction (none outside one)."""
        transaction = conn.get_transaction()
        if transaction is None:
            return set()
        if transaction is not self._transaction:  # held by reference: a later one is never taken for it
            self._transaction, self._current = transaction, set()
        return self._current

    def _entry(self, conn: Connection, event_id: int) -> _Entry:
        entry = self._entries.get(event_id)
        checked = self._checked(conn)
        if entry is not None and event_id not in checked and \
                conn.execute(_EVENT_COUNT, {"event_id": event_id}).scalar_one() != len(entry.sources):
            entry = None  # another process added to it
        if entry is None:
            rows = conn.execute(_EVENT_RECORDS, {"event_id": event_id})
            entry = self._hold(event_id, _Entry(sorted(_decoded(rows), key=life_order)))
        else:
            self._entries.move_to_end(event_id)
        self._checked(conn).add(event_id)  # asked again: the statements above may have begun the transaction
        return entry

    def _hold(self, event_id: int, entry: _Entry) -> _Entry:
        self._entries[event_id] = entry
        if len(self._entries) > self.max_events:
            self._entries.popitem(last=False)
        return entry

    def sources(self, conn: Connection, event_id: int) -> list[SourceEvent]:
        """The event's sources (do not change the list: it is the one kept)."""
        return self._entry(conn, event_id).sources

    def life(self, conn: Connection, event_id: int) -> Lifecycle:
        entry = self._entry(conn, event_id)
        if entry.life is None:
            entry.life = lifecycle(entry.sources)
        return entry.life

    def started(self, conn: Connection, event_id: int, record: str) -> None:
        """A new event, numbered in ``conn``'s (write) transaction, whose one source is ``record``
        (about to be written): held as read back, without reading it."""
        self._hold(event_id, _Entry([SourceEvent.from_json(record)]))
        self._checked(conn).add(event_id)

    def added(self, event_id: int, record: str) -> None:
        """``record`` (a source's JSON) was just written as a source of the event, in the
        current transaction."""
        entry = self._entries.get(event_id)
        if entry is None:
            return  # read in full on first need
        # Decoded as if read back: the JSON's sorted keys give aggregation its order.
        src = SourceEvent.from_json(record)
        key = life_order(src)
        at = len(entry.sources)
        while at and life_order(entry.sources[at - 1]) > key:
            at -= 1
        entry.sources.insert(at, src)
        entry.life = None

    def drop(self, event_id: int) -> None:
        self._entries.pop(event_id, None)
