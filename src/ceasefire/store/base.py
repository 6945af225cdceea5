"""``Store``: the one interface to the database, whatever the backend."""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..records import Article, Rejection, from_dict
from . import schema
from .engine import describe, make_engine, write_transaction
from .migrations import migrate
from .offsets import check_offsets
from .rows import article_rows

COUNTED = ("articles", "actors", "places", "quotes", "events", "figures", "rejections")
_BATCH = 200  # articles read per query by iter_articles


class ArticleNotFound(StoreError):
    """No article with that id in the store."""


def _now() -> str:
    # Microseconds: ingested_at orders iter_articles, and seconds would tie within a run.
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# Built once: every input is looked up (see store/seen.py).
_ARTICLE_ID = select(schema.articles.c.id).where(schema.articles.c.id == bindparam("b_id"))
_INSERT = {table.name: insert(table) for table in schema.RECORD_TABLES}


def write_article(conn: Connection, article_id: str, rows: dict[str, list[dict[str, Any]]]) -> bool:
    """In a write transaction: an article's rows (``rows.article_rows``), unless an article
    with its id is stored already (False, nothing written)."""
    if conn.execute(_ARTICLE_ID, {"b_id": article_id}).first():
        return False
    for table in schema.RECORD_TABLES:
        if rows[table.name]:
            conn.execute(_INSERT[table.name], rows[table.name])
    return True


class Store:
    """Articles, their records and rejections in one database (SQLite file by default)."""

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine whose schema is already migrated; use ``Store.open`` instead."""
        self._engine = engine
        self.url = engine.url.render_as_string(hide_password=True)
        # What tracking keeps in memory while this store is open (store/tracking.py: Tracker).
        self.tracking: Any = None

    @classmethod
    def open(cls, url_or_path: str | os.PathLike[str]) -> Store:
        """Open (creating and migrating as needed) a plain path, ``sqlite:///...`` or ``postgresql://...``."""
        engine = make_engine(url_or_path)
        try:
            migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- articles -------------------------------------------------------

    def add_article(self, article: Article, *, then: Callable[[Connection], None] | None = None) -> bool:
        """Write the article and all its records in one transaction.

        Returns False, writing nothing, when an article with the same id (the
        hash of its text) is already stored. Raises StoreError, writing
        nothing, when an offset lies outside the text or a row is refused.
        ``then`` runs in the same transaction once the rows are written (the
        run's tracking: one commit an article instead of two), and whatever it
        raises undoes them too.
        """
        check_offsets(article)
        rows = article_rows(article, _now())
        try:
            with write_transaction(self._engine) as conn:
                if not write_article(conn, article.id, rows):
                    return False
                if then is not None:
                    then(conn)
        except IntegrityError as exc:
            # Another process may have stored the same article between our check and insert (PostgreSQL).
            if self.has_article(article.id):
                return False
            raise StoreError(f"article {article.id}: rows refused, nothing stored: {describe(exc)}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"article {article.id}: cannot write to {self.url}: {describe(exc)}") from exc
        return True

    def has_article(self, article_id: str) -> bool:
        with self._reading("look up an article") as conn:
            found = conn.execute(_ARTICLE_ID, {"b_id": article_id}).first()
        return found is not None

    def get_article(self, article_id: str) -> Article:
        """The article as it was added; raises ArticleNotFound when it is not stored."""
        with self._reading("read an article") as conn:
            record = conn.execute(
                select(schema.articles.c.record).where(schema.articles.c.id == article_id)
            ).scalar_one_or_none()
        if record is None:
            raise ArticleNotFound(f"no article {article_id} in {self.url}")
        return self._decode(article_id, record)

    def article_ids(self) -> list[str]:
        """Ids in the order the articles were stored."""
        with self._reading("list articles") as conn:
            return list(conn.execute(
                select(schema.articles.c.id).order_by(schema.articles.c.ingested_at, schema.articles.c.id)
            ).scalars())

    def iter_articles(self) -> Iterator[Article]:
        """Every article, oldest first, read in batches so no transaction stays open between yields."""
        ids = self.article_ids()
        for i in range(0, len(ids), _BATCH):
            batch = ids[i:i + _BATCH]
            with self._reading("read articles") as conn:
                found = dict(conn.execute(
                    select(schema.articles.c.id, schema.articles.c.record).where(schema.articles.c.id.in_(batch))
                ).tuples().all())
            for article_id in batch:
                if article_id in found:  # deleted meanwhile by another process
                    yield self._decode(article_id, found[article_id])

    def _decode(self, article_id: str, record: str) -> Article:
        try:
            return from_dict(Article, json.loads(record))
        except (ValueError, TypeError) as exc:
            raise StoreError(f"article {article_id} in {self.url} has an unreadable record: {exc}") from exc

    # -- rejections -----------------------------------------------------

    def add_rejection(self, rejection: Rejection) -> bool:
        """Store a rejection once; False when the same (source, stage, reason) is already stored."""
        key = "\x1f".join((rejection.source, rejection.stage, rejection.reason))
        fingerprint = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        table = schema.rejections
        try:
            with write_transaction(self._engine) as conn:
                if conn.execute(select(table.c.id).where(table.c.fingerprint == fingerprint)).first():
                    return False
                conn.execute(insert(table).values(
                    fingerprint=fingerprint, source=rejection.source, stage=rejection.stage,
                    reason=rejection.reason, created_at=_now(),
                ))
        except IntegrityError:
            return False  # stored by another writer between our check and insert
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot store a rejection in {self.url}: {describe(exc)}") from exc
        return True

    def rejections(self) -> list[Rejection]:
        table = schema.rejections
        with self._reading("read rejections") as conn:
            rows = conn.execute(select(table.c.source, table.c.stage, table.c.reason).order_by(table.c.id))
            return [Rejection(source=r.source, stage=r.stage, reason=r.reason) for r in rows]

    # -- display --------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per kind: articles, actors, places, quotes, events, figures, rejections."""
        with self._reading("count rows") as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(schema.DATA_TABLES[name])).scalar_one())
                for name in COUNTED
            }

    def list_rows(self, table: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Rows of one table as dicts, in key order, JSON columns decoded; for display."""
        if table not in schema.DATA_TABLES:
            raise StoreError(f"no table {table!r}; choose one of {', '.join(schema.DATA_TABLES)}")
        if limit < 0 or offset < 0:
            raise StoreError(f"limit and offset must not be negative (got {limit}, {offset})")
        t = schema.DATA_TABLES[table]
        order = [t.c.ingested_at, t.c.id] if table == "articles" else list(t.primary_key.columns)
        with self._reading(f"list {table}") as conn:
            rows = conn.execute(select(t).order_by(*order).limit(limit).offset(offset)).mappings().all()
        return [
            {k: json.loads(v) if k in schema.JSON_COLUMNS and v is not None else v for k, v in row.items()}
            for row in rows
        ]

    # -- lifetime -------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextmanager
    def _reading(self, what: str) -> Iterator[Any]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {what} in {self.url}: {describe(exc)}") from exc
