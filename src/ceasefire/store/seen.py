"""Articles seen but not analysed: the relevance filter judged them off topic.

Each is kept by its id (the hash of its cleaned text, like an article) with
where it came from, the filter's score and the lexicon terms that matched, so
a re-run skips it as already seen and a user can tell why it was passed over.
Created by migration 4.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import Column, Connection, Float, MetaData, Table, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StoreError
from ..records import Source
from .engine import describe, write_transaction
from .types import StoredText

if TYPE_CHECKING:  # base imports migrations, which imports this module
    from .base import Store

metadata = MetaData()

seen = Table(
    "seen", metadata,
    Column("id", StoredText, primary_key=True),  # sha256 of the cleaned text, as articles.id
    Column("source_path", StoredText),
    Column("source_url", StoredText),
    Column("source_outlet", StoredText),
    Column("source_title", StoredText),
    Column("published", StoredText),
    Column("score", Float, nullable=False),
    Column("rules", StoredText, nullable=False),  # JSON list of the lexicon term ids that matched
    Column("lexicon", StoredText, nullable=False),  # which lexicon judged it, e.g. "relevance.yaml v1"
    Column("seen_at", StoredText, nullable=False),
)


@dataclass
class SeenArticle:
    """An article stored as seen, not analysed."""

    id: str
    source: Source
    published: str | None
    score: float
    rules: list[str] = field(default_factory=list)
    lexicon: str = ""


def create_seen_table(conn: Connection) -> None:
    """Migration 4."""
    metadata.create_all(conn, tables=[seen])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# Built once: building and keying a statement costs more than SQLite takes to run it,
# and most articles of a news stream take this path.
_SEEN_ID = select(seen.c.id).where(seen.c.id == bindparam("b_id"))
_SEEN_INSERT = insert(seen)


def mark_seen(store: Store, record: SeenArticle) -> bool:
    """Store ``record`` once; False when an article with its id is already stored as seen."""
    try:
        with write_transaction(store.engine) as conn:
            if conn.execute(_SEEN_ID, {"b_id": record.id}).first():
                return False
            conn.execute(_SEEN_INSERT, {
                "id": record.id, "source_path": record.source.path, "source_url": record.source.url,
                "source_outlet": record.source.outlet, "source_title": record.source.title,
                "published": record.published, "score": record.score, "rules": json.dumps(record.rules),
                "lexicon": record.lexicon, "seen_at": _now(),
            })
    except IntegrityError:
        return False  # stored by another writer between our check and insert
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot store a seen article in {store.url}: {describe(exc)}") from exc
    return True


def is_seen(store: Store, article_id: str) -> bool:
    with _reading(store, "look up a seen article") as conn:
        return conn.execute(_SEEN_ID, {"b_id": article_id}).first() is not None


def seen_ids(store: Store) -> set[str]:
    with _reading(store, "list seen articles") as conn:
        return set(conn.execute(select(seen.c.id)).scalars())


def count_seen(store: Store) -> int:
    with _reading(store, "count seen articles") as conn:
        return int(conn.execute(select(func.count()).select_from(seen)).scalar_one())


def list_seen(store: Store, limit: int | None = None) -> list[SeenArticle]:
    """Seen articles in the order they were seen."""
    query = select(seen).order_by(seen.c.seen_at, seen.c.id)
    if limit is not None:
        query = query.limit(limit)
    with _reading(store, "list seen articles") as conn:
        rows = conn.execute(query).mappings().all()
    return [SeenArticle(
        id=r["id"], source=Source(path=r["source_path"], url=r["source_url"], outlet=r["source_outlet"],
                                  title=r["source_title"]),
        published=r["published"], score=r["score"], rules=json.loads(r["rules"]), lexicon=r["lexicon"],
    ) for r in rows]


@contextmanager
def _reading(store: Store, what: str) -> Iterator[Connection]:
    try:
        with store.engine.connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot {what} in {store.url}: {describe(exc)}") from exc
