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
PG_DRIVER = "postgresql+psycopg"
PG_WRITE_LOCK = 0x63656173  # the advisory lock key writers to one PostgreSQL database share ("ceas")
PG_READ_ISOLATION = "REPEATABLE READ"
PG_WRITE_ISOLATION = "READ COMMITTED"


def make_engine(location: str | os.PathLike[str]) -> Engine:
    """An engine for a plain path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""
    text = os.fspath(location)
    if "://" not in text:
        return _sqlite_file_engine(Path(text))
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StoreError(f"cannot read store location {text!r} ({exc}); give {LOCATIONS}") from exc
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername=PG_DRIVER)  # psycopg 3 is the driver ceasefire installs
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            return _sqlite_memory_engine()
        return _sqlite_file_engine(Path(url.database))
    if backend == "postgresql":
        # The schema and queries are plain SQLAlchemy Core, so PostgreSQL takes the same path.
        try:
            # Readers see one snapshot for their whole transaction, as a SQLite
            # read transaction does: counts taken one query after another
            # never tear across a writer's commit. Writers go back to READ
            # COMMITTED (write_transaction), so that once they hold the write
            # lock they see what the writer before them committed.
            engine = create_engine(url, pool_pre_ping=True, isolation_level=PG_READ_ISOLATION)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"PostgreSQL needs a driver that is not installed ({exc.name}): "
                "pip install psycopg[binary] (postgresql:// and postgresql+psycopg:// use it)"
            ) from exc
        _set_up_postgresql(engine)
        return engine
    raise StoreError(f"unknown store location {text!r}; give {LOCATIONS}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes SQLite's write lock at BEGIN.

    A deferred transaction that reads and then writes can fail at once with
    "database is locked" when another writer got there first (the busy timeout
    does not apply to a lock upgrade); BEGIN IMMEDIATE waits its turn instead.
    On PostgreSQL the transaction takes the writers' advisory lock and reads
    at READ COMMITTED: each statement sees what earlier writers committed.
    """
    with engine.connect() as conn:
        options: dict[str, Any] = {_WRITE: True}
        if engine.dialect.name == "postgresql":
            options["isolation_level"] = PG_WRITE_ISOLATION
        conn.execution_options(**options)
        if engine.dialect.name == "sqlite":
            # Read by the BEGIN this transaction emits (_sqlite_begin), and by no later one.
            conn.connection.info[_WRITE] = True
        try:
            transaction = conn.begin()
        finally:
            conn.connection.info.pop(_WRITE, None)
        with transaction:
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

    # The dialect emits BEGIN rather than a "begin" event, as SQLAlchemy's recipe has it: a
    # connection event on the engine makes SQLAlchemy look for listeners around every statement,
    # which was a quarter of the cost of a small one.
    engine.dialect.do_begin = _sqlite_begin  # type: ignore[method-assign]


def _sqlite_begin(dbapi_conn: Any) -> None:
    """BEGIN for a pool connection: IMMEDIATE for a writer (``write_transaction``)."""
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("BEGIN IMMEDIATE" if dbapi_conn.info.pop(_WRITE, False) else "BEGIN")
    finally:
        cursor.close()


def _set_up_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: the
        # store's read-then-write steps (is it stored? then insert; the
        # tracking tables) assume no other writer between the two. The lock is
        # held to the end of the transaction; readers never wait for it.
        if conn.get_execution_options().get(_WRITE):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def describe(exc: Exception) -> str:
    """The database's own message where there is one, without SQLAlchemy's SQL dump."""
    return str(getattr(exc, "orig", None) or exc)
