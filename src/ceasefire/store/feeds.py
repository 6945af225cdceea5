"""Feed polling state for ``ceasefire watch``: feeds, their items, and the
writes that must be atomic with them.

Resumption rests on one rule: an item is marked done in the same transaction
that stores its article or its rejection. A watcher killed at any moment
either finds the item done with its result, or not done and without it, and
fetches it again; the article's id (the hash of its text) keeps a repeat
from being stored twice.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..records import Article, Rejection
from . import schema
from .base import Store, write_article
from .engine import describe, write_transaction
from .offsets import check_offsets
from .rows import article_rows

# Statuses of a feed item. Done items are never fetched again.
STORED, ALREADY, REJECTED, RETRY = "stored", "already", "rejected", "retry"
DONE = (STORED, ALREADY, REJECTED)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def rejection_fingerprint(rejection: Rejection) -> str:
    # The same key as Store.add_rejection, so a rejection stored through either
    # path is found by the other and never stored twice.
    return _hash("\x1f".join((rejection.source, rejection.stage, rejection.reason)))


@dataclass(frozen=True)
class FeedRow:
    url: str
    etag: str | None
    last_modified: str | None
    last_poll: str | None
    last_status: str | None
    failures: int
    next_poll: str | None


@dataclass(frozen=True)
class ItemRef:
    """One item of a feed: its key (guid, else link) and what is needed to fetch it again."""

    feed_url: str
    key: str
    url: str | None = None
    title: str | None = None
    published: str | None = None

    @property
    def item_id(self) -> str:
        return _hash(self.key)


class FeedState:
    """Reads and writes the feed tables of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._engine = store.engine

    # -- feeds ----------------------------------------------------------

    def ensure(self, url: str) -> FeedRow:
        """The feed's row, created (never polled, no back-off) when missing."""
        with self._writing("register a feed") as conn:
            if not conn.execute(select(schema.feeds.c.url).where(schema.feeds.c.url == url)).first():
                conn.execute(insert(schema.feeds).values(url=url, failures=0, added_at=_now()))
        found = self.get(url)
        assert found is not None  # just written
        return found

    def get(self, url: str) -> FeedRow | None:
        with self._reading("read a feed") as conn:
            row = conn.execute(select(schema.feeds).where(schema.feeds.c.url == url)).mappings().first()
        return _feed_row(row) if row else None

    def all(self) -> list[FeedRow]:
        with self._reading("list feeds") as conn:
            rows = conn.execute(select(schema.feeds).order_by(schema.feeds.c.url)).mappings().all()
        return [_feed_row(r) for r in rows]

    def record_success(self, url: str, *, status: str, etag: str | None, last_modified: str | None,
                       polled: datetime, next_poll: datetime) -> None:
        """A poll went through: keep the validators, clear the back-off.

        Called only after every item of the response is done or queued for a
        retry, so a crash mid-feed never leaves validators that would make the
        server answer "not modified" for items not yet stored.
        """
        with self._writing("record a poll") as conn:
            conn.execute(update(schema.feeds).where(schema.feeds.c.url == url).values(
                etag=etag, last_modified=last_modified, last_poll=polled.isoformat(), last_status=status,
                failures=0, next_poll=next_poll.isoformat()))

    def record_failure(self, url: str, *, error: str, polled: datetime, next_poll: datetime) -> None:
        """A poll failed: count it; the caller computed the back-off from ``failures``."""
        with self._writing("record a failed poll") as conn:
            conn.execute(update(schema.feeds).where(schema.feeds.c.url == url).values(
                last_poll=polled.isoformat(), last_status=error, failures=schema.feeds.c.failures + 1,
                next_poll=next_poll.isoformat()))

    # -- items ----------------------------------------------------------

    def status(self, item: ItemRef) -> tuple[str, int] | None:
        """``(status, attempts)`` of an item seen before, else None."""
        t = schema.feed_items
        with self._reading("read a feed item") as conn:
            row = conn.execute(select(t.c.status, t.c.attempts).where(
                t.c.feed_url == item.feed_url, t.c.item_id == item.item_id)).first()
        return (row.status, row.attempts) if row else None

    def url_done(self, url: str) -> bool:
        """Whether an article page was already stored through any feed (the same link in two feeds)."""
        t = schema.feed_items
        with self._reading("look up an article link") as conn:
            return conn.execute(select(t.c.item_id).where(t.c.url == url, t.c.status.in_((STORED, ALREADY)))
                                .limit(1)).first() is not None

    def was_feed(self, url: str) -> bool:
        """Whether ``url`` ever listed items (as opposed to being an article page itself)."""
        t = schema.feed_items
        with self._reading("look up a feed's items") as conn:
            return conn.execute(select(t.c.item_id).where(t.c.feed_url == url, t.c.item_key != url)
                                .limit(1)).first() is not None

    def pending(self, feed_url: str) -> list[ItemRef]:
        """Items waiting for a retry, oldest first; they are retried even when the feed no longer lists them."""
        t = schema.feed_items
        with self._reading("list items to retry") as conn:
            rows = conn.execute(select(t.c.item_key, t.c.url, t.c.title, t.c.published)
                                .where(t.c.feed_url == feed_url, t.c.status == RETRY)
                                .order_by(t.c.updated_at, t.c.item_id)).all()
        return [ItemRef(feed_url, r.item_key, r.url, r.title, r.published) for r in rows]

    def items(self, feed_url: str | None = None) -> list[dict[str, Any]]:
        """Item rows (for display and tests), by feed and key."""
        t = schema.feed_items
        query = select(t).order_by(t.c.feed_url, t.c.item_key)
        if feed_url is not None:
            query = query.where(t.c.feed_url == feed_url)
        with self._reading("list feed items") as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def mark(self, item: ItemRef, status: str, *, error: str | None = None, article_id: str | None = None) -> None:
        """Set an item's status on its own: ``already`` (nothing else to write) or ``retry``."""
        with self._writing("record a feed item") as conn:
            _upsert_item(conn, item, status, error=error, article_id=article_id)

    def store_article(self, item: ItemRef, article: Article, *,
                      then: Callable[[Connection], None] | None = None) -> bool:
        """The article, all its records and the item marked done, in one transaction.

        Returns False when the article was already stored (the item is then
        marked ``already``). Raises StoreError, writing nothing, as
        ``Store.add_article`` does; ``then`` (tracking) runs in the same
        transaction once a new article's rows are written, as there.
        """
        check_offsets(article)
        rows = article_rows(article, _now())
        try:
            with self._writing(f"store article {article.id}") as conn:
                exists = not write_article(conn, article.id, rows)
                if not exists and then is not None:
                    then(conn)
                _upsert_item(conn, item, ALREADY if exists else STORED, article_id=article.id)
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self._store.has_article(article.id):
                # Another process stored the same text between our check and insert (PostgreSQL).
                self.mark(item, ALREADY, article_id=article.id)
                return False
            raise
        return not exists

    def store_rejection(self, item: ItemRef, rejection: Rejection) -> bool:
        """The rejection (once per source, stage and reason) and the item marked done, in one transaction."""
        table = schema.rejections
        fingerprint = rejection_fingerprint(rejection)
        with self._writing("store a rejection") as conn:
            new = conn.execute(select(table.c.id).where(table.c.fingerprint == fingerprint)).first() is None
            if new:
                conn.execute(insert(table).values(
                    fingerprint=fingerprint, source=rejection.source, stage=rejection.stage,
                    reason=rejection.reason, created_at=_now()))
            t = schema.feed_items
            current = conn.execute(select(t.c.status).where(
                t.c.feed_url == item.feed_url, t.c.item_id == item.item_id)).scalar_one_or_none()
            # A rejection after the item's article was stored (tracking across articles
            # failed) is kept, but the item stays "stored": its article is there.
            if current != STORED:
                _upsert_item(conn, item, REJECTED, error=f"{rejection.stage}: {rejection.reason}")
        return new

    # -- plumbing -------------------------------------------------------

    def _writing(self, what: str) -> AbstractContextManager[Connection]:
        return _guard(lambda: write_transaction(self._engine), what, self._store.url)

    def _reading(self, what: str) -> AbstractContextManager[Connection]:
        return _guard(self._engine.connect, what, self._store.url)


@contextmanager
def _guard(opener: Callable[[], AbstractContextManager[Connection]], what: str, where: str) -> Iterator[Connection]:
    """A connection whose database errors become StoreError naming the action, as Store does."""
    try:
        with opener() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot {what} in {where}: {describe(exc)}") from exc


def _upsert_item(conn: Connection, item: ItemRef, status: str, *, error: str | None = None,
                 article_id: str | None = None) -> None:
    t = schema.feed_items
    where = (t.c.feed_url == item.feed_url) & (t.c.item_id == item.item_id)
    found = conn.execute(select(t.c.attempts).where(where)).first()
    attempts = (found.attempts if found else 0) + 1
    values = {"status": status, "attempts": attempts, "last_error": error, "article_id": article_id,
              "url": item.url, "title": item.title, "published": item.published, "updated_at": _now()}
    if found:
        conn.execute(update(t).where(where).values(**values))
    else:
        conn.execute(insert(t).values(feed_url=item.feed_url, item_id=item.item_id, item_key=item.key, **values))


def _feed_row(row: Any) -> FeedRow:
    return FeedRow(url=row["url"], etag=row["etag"], last_modified=row["last_modified"], last_poll=row["last_poll"],
                   last_status=row["last_status"], failures=int(row["failures"]), next_poll=row["next_poll"])
