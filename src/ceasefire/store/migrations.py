"""Numbered schema migrations, applied in order, recorded in ``schema_migrations``.

To change the schema: append a ``Migration`` with the next version whose
``apply`` makes the change (``op``-style DDL via ``conn.exec_driver_sql`` or
SQLAlchemy Core), and change ``schema.py`` to match. Never edit an applied
migration. Migration 1 builds its tables from ``schema.py``; the first
migration that alters one of those tables must first freeze a copy of the
version-1 definition here, so a new database still goes 1 → 2 → ... exactly
as an old one did.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema
from .copies import create_article_copies
from .engine import describe, write_transaction
from .seen import create_seen_table
from ..serve.search import create_search_index


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(
        conn,
        tables=[schema.articles, schema.actors, schema.places, schema.quotes, schema.events,
                schema.event_participants, schema.figures, schema.rejections],
    )


def _tracking(conn: Connection) -> None:
    # Only new tables: the version-1 tables stay as migration 1 made them.
    schema.metadata.create_all(conn, tables=list(schema.TRACKING_TABLES))


def _feeds(conn: Connection) -> None:
    # Only new tables, like migration 2.
    schema.metadata.create_all(conn, tables=list(schema.FEED_TABLES))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, their records, rejections", _initial),
    Migration(2, "tracking across articles: stories, canonical actors, tracked events", _tracking),
    Migration(3, "feed polling state for watch: feeds, feed items", _feeds),
    Migration(4, "articles seen but not analysed (relevance filter): seen", create_seen_table),
    Migration(5, "full-text search of article text and quotes (FTS5 / PostgreSQL)", create_search_index),
    Migration(6, "copies of an article on other URLs or paths: article_copies, moved from tracked_event_sources",
              create_article_copies),
)
LATEST_VERSION = MIGRATIONS[-1].version


def applied_versions(conn: Connection) -> list[int]:
    return list(conn.execute(select(schema.schema_migrations.c.version).order_by("version")).scalars())


def migrate(engine: Engine) -> list[int]:
    """Apply the migrations the database lacks, all in one transaction; return their versions.

    Raises StoreError when the database was written by a newer ceasefire: its
    schema may hold what this version would misread or overwrite.
    """
    where = engine.url.render_as_string(hide_password=True)
    try:
        # The write lock is taken before reading the version, so two processes
        # opening a new database at once apply each migration once.
        with write_transaction(engine) as conn:
            schema.schema_migrations.create(conn, checkfirst=True)
            applied = applied_versions(conn)
            newest = max(applied, default=0)
            if newest > LATEST_VERSION:
                raise StoreError(
                    f"{where} has schema version {newest}, newer than this ceasefire knows "
                    f"(up to {LATEST_VERSION}): upgrade ceasefire to open it"
                )
            done: list[int] = []
            for migration in MIGRATIONS:
                if migration.version in applied:
                    continue
                migration.apply(conn)
                conn.execute(insert(schema.schema_migrations).values(
                    version=migration.version, name=migration.name,
                    applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                ))
                done.append(migration.version)
            return done
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open or migrate the store {where}: {describe(exc)}") from exc
