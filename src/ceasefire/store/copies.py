"""Copies of an article: the same text found again on another URL or path.

A copy is stored once, in ``article_copies`` (migration 6), and is one more
source of each tracked event of its article, of the same story. Its sources
are not rows of their own: readers derive them from the article's sources in
``tracked_event_sources`` with ``copy_source``. Until migration 6 they were
rows there, keyed ``<local event id>@<hash of the location>``; that local id
still names a copy's source, so sources sort and aggregate as they did.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..errors import StoreError
from ..resolve.events_xdoc import SourceEvent
from . import schema as s

# Joins the local id of the article's event and a hash of the copy's location in a copy's source.
COPY_MARK = "@"


@dataclass(frozen=True)
class Copy:
    """A copy as ``article_copies`` holds it, but for its article."""

    location: str  # its URL, else its path
    url: str | None
    title: str | None
    published: str | None
    outlet: str | None = None
    first_seen: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> Copy:
        """The copy in a row of ``article_copies``."""
        return cls(row.location, row.url, row.title, row.published, row.outlet, row.first_seen)

    def values(self, article_id: str) -> dict[str, Any]:
        """Its row in ``article_copies``."""
        return {"article_id": article_id, "location_id": location_id(self.location), "location": self.location,
                "url": self.url, "title": self.title, "outlet": self.outlet, "published": self.published,
                "first_seen": self.first_seen}


def location_id(location: str) -> str:
    return hashlib.sha256(location.encode("utf-8")).hexdigest()


def copy_local_id(local_id: str, location: str) -> str:
    """The local id of the source a copy at ``location`` adds beside the article's source ``local_id``."""
    return local_id + COPY_MARK + location_id(location)[:12]


def copy_source(record: str, copy: Copy) -> SourceEvent:
    """The source ``copy`` adds beside the article's source ``record`` (its JSON): the same
    event, read on the copy's page. Decoded afresh, so it shares no list or dict with that source."""
    src = SourceEvent.from_json(record)
    src.local_id, src.copy = copy_local_id(src.local_id, copy.location), copy.location
    src.url, src.title, src.published = copy.url, copy.title, copy.published
    return src


def create_article_copies(conn: Connection) -> None:
    """Migration 6: the copies move from their rows in ``tracked_event_sources`` (one per event
    of the article, marked by COPY_MARK in the local id) to one row each in ``article_copies``.
    The records are JSON text on both backends, so they are read here rather than in SQL."""
    s.article_copies.create(conn)
    ts = s.tracked_event_sources.c
    marked = ts.local_id.like(f"%{COPY_MARK}%")
    found: dict[tuple[str, str], Copy] = {}
    for article_id, record in conn.execute(select(ts.article_id, ts.record).where(marked)
                                           .order_by(ts.article_id, ts.local_id)):
        src = SourceEvent.from_json(record)
        if src.copy is None:  # never written so; moving on would lose a source
            raise StoreError(f"article {article_id}: a copy's source row names no location: {record[:200]}")
        # Every row of one copy holds the same URL, title and date; when it was first seen went unrecorded.
        found.setdefault((article_id, src.copy), Copy(src.copy, src.url, src.title, src.published))
    if found:
        conn.execute(insert(s.article_copies), [copy.values(article_id) for (article_id, _), copy in found.items()])
    conn.execute(delete(s.tracked_event_sources).where(marked))
