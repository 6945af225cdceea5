"""Turn a store location into a SQLAlchemy engine; set SQLite up for several writers."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from ..errors import StoreError

# How long a writer waits for another one's lock before SQLite says "database is locked".
BUSY_TIMEOUT_MS = 10_000
LOCATIONS = "a file path, sqlite:///path/to/file.db or postgresql://user@host/dbname"
_WRITE = "ceasefire_write"


def make_engine(location: str | os.PathLike[str]) -> Engine:
    """An engine for a plain path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""
    text = os.fspath(location)
    if "://" not in text:
        return _sqlite_file_engine(Path(text))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"cannot read store location {text!r} ({exc}); give {LOCATIONS}") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            return _sqlite_memory_engine()
        return _sqlite_file_engine(Path(url.database))
    if backend == "postgresql":
        # The schema and queries are plain SQLAlchemy Core, so PostgreSQL takes the same path.
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"PostgreSQL needs a driver that is not installed ({exc.name}): "
                "pip install psycopg2-binary for postgresql://, or psycopg[binary] for postgresql+psycopg://"
            ) from exc
    raise StoreError(f"unknown store location {text!r}; give {LOCATIONS}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes SQLite's write lock at BEGIN.

    A deferred transaction that reads and then writes can fail at once with
    "database is locked" when another writer got there first (the busy timeout
    does not apply to a lock upgrade); BEGIN IMMEDIATE waits its turn instead.
    """
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def _sqlite_file_engine(path: Path) -> Engine:
    path = path.expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give a database file such as {path / 'ceasefire.db'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory for {path}: {exc}") from exc
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        # The pool hands a connection to one thread at a time, so sharing across threads is safe.
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _set_up_sqlite(engine, wal=True)
    return engine


def _sqlite_memory_engine() -> Engine:
    # One shared connection: each new connection to :memory: would be a new, empty database.
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    _set_up_sqlite(engine, wal=False)
    return engine


def _set_up_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own BEGIN handling skips DDL (so migrations would not be
        # atomic) and cannot BEGIN IMMEDIATE; SQLAlchemy's documented recipe
        # turns it off and emits BEGIN from the "begin" event below.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            if wal:
                # WAL lets readers (the web page) go on while a run writes.
                cursor.execute("PRAGMA journal_mode=WAL")
                # Safe from corruption under WAL; only the last commits can be lost on power failure.
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def describe(exc: Exception) -> str:
    """The database's own message where there is one, without SQLAlchemy's SQL dump."""
    return str(getattr(exc, "orig", None) or exc)
