"""Shared fixtures: the spaCy model and resources are loaded once per session, and
store locations on each backend.

Every test that uses a database runs once per backend: a SQLite file and the
PostgreSQL test server that ``scripts/postgres.sh`` starts (``scripts/test.sh``
does), named by ``CEASEFIRE_TEST_PG_URL``. A test asks for ``db_url`` (a new,
empty location), ``new_db`` (a factory of them) or, for fixtures that outlive
one test, ``backend`` and ``session_dbs``. On PostgreSQL a test's location is a
schema of its own and a longer-lived one a database of its own, both dropped
afterwards. Without the variable the PostgreSQL runs are skipped, except under
CI (``CI=true``), where they fail: CI must test both backends.

A test about the SQLite file itself (its pragmas, its locking, a file that is
no database) is marked ``@pytest.mark.sqlite_only("why")``; a test that asks
for ``db_path`` (the SQLite file, tests/store) is SQLite-only as well.
"""
from __future__ import annotations

import os
import shutil
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "gold" / "seeds"

PG_ENV = "CEASEFIRE_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about the SQLite file itself; it runs on SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # One run per backend for every test that reaches a database through
    # ``backend`` (db_url, new_db, session_dbs and fixtures built on them).
    # Session scope: pytest then groups the tests by backend, so fixtures
    # built once per backend (a seeded store) are built once, not per module.
    if "backend" not in metafunc.fixturenames:
        return
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") or "db_path" in metafunc.fixturenames
    metafunc.parametrize("backend", ("sqlite",) if sqlite_only else BACKENDS, indirect=True, scope="session")


def postgres_base_url() -> str:
    """The test server's URL; skips (fails under CI) when it is not given."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = (f"{PG_ENV} is not set: run the tests with scripts/test.sh, "
                   "which starts PostgreSQL (scripts/postgres.sh)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def _with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


class Locations:
    """New, empty store locations on one backend; the PostgreSQL ones are dropped by ``close``.

    SQLite: a file in ``directory``. PostgreSQL: a schema (cheap, for one
    test) or, with ``database=True``, a database of its own, which ``copy``
    can clone (CREATE DATABASE ... TEMPLATE) as SQLite clones a file.
    """

    def __init__(self, backend: str, directory: Path) -> None:
        self.backend = backend
        self.directory = directory
        self._base = postgres_base_url() if backend == "postgresql" else ""
        self._schemas: list[str] = []
        self._databases: list[str] = []
        self._admin: Any = None

    def _admin_engine(self) -> Any:
        if self._admin is None:
            from ceasefire.store.engine import make_engine
            self._admin = make_engine(self._base)
        return self._admin

    def _database_url(self, name: str) -> str:
        from sqlalchemy.engine import make_url
        return make_url(self._base).set(database=name).render_as_string(hide_password=False)

    def _autocommit(self, sql: str) -> None:
        # CREATE/DROP DATABASE refuse to run inside a transaction block.
        with self._admin_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(sql)

    def new(self, name: str = "ceasefire", *, database: bool = False) -> str:
        if self.backend == "sqlite":
            path = self.directory / f"{name}.db"
            n = 1
            while path.exists():
                n += 1
                path = self.directory / f"{name}-{n}.db"
            return str(path)
        unique = f"test_{uuid.uuid4().hex[:16]}"
        if database:
            self._autocommit(f"CREATE DATABASE {unique}")
            self._databases.append(unique)
            return self._database_url(unique)
        with self._admin_engine().begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {unique}")
        self._schemas.append(unique)
        return _with_search_path(self._base, unique)

    def copy(self, url: str, name: str) -> str:
        """A copy of a closed store made by ``new(database=True)``: tests that write leave the original as it was."""
        if self.backend == "sqlite":
            target = self.new(name)
            shutil.copyfile(url, target)  # the store was closed: its WAL is checkpointed into the file
            return target
        from sqlalchemy.engine import make_url
        unique = f"test_{uuid.uuid4().hex[:16]}"
        self._autocommit(f"CREATE DATABASE {unique} TEMPLATE {make_url(url).database}")
        self._databases.append(unique)
        return self._database_url(unique)

    def close(self) -> None:
        if self._admin is None:
            return
        with self._admin.begin() as conn:
            for schema in self._schemas:
                conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        for database in reversed(self._databases):  # copies before their templates
            self._autocommit(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        self._schemas, self._databases = [], []
        self._admin.dispose()
        self._admin = None


@contextmanager
def locations(backend: str, directory: Path) -> Iterator[Locations]:
    made = Locations(backend, directory)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgresql": the backend this run of the test uses (parametrized above)."""
    if request.param == "postgresql":
        postgres_base_url()  # skip, or fail under CI, before any fixture builds on it
    return str(request.param)


@pytest.fixture(scope="session")
def session_dbs(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Locations]:
    """Locations for fixtures that outlive a test (a seeded store); dropped at the end of the session."""
    with locations(backend, tmp_path_factory.mktemp(f"db-{backend}")) as made:
        yield made


@pytest.fixture
def new_db(backend: str, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``new_db(name="ceasefire")``: a new, empty store location for this test, on its backend."""
    with locations(backend, tmp_path) as made:
        yield made.new


@pytest.fixture
def db_url(new_db: Callable[..., str]) -> str:
    """A new, empty store location: a SQLite file, or a PostgreSQL schema dropped after the test."""
    return new_db()


def read_tables(url: str, tables: list[str] | None = None) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's (or the named ones') column names and rows, read through SQLAlchemy on either backend."""
    from sqlalchemy import MetaData, Table, inspect, select

    from ceasefire.store.engine import make_engine
    engine = make_engine(url)
    try:
        names = sorted(inspect(engine).get_table_names()) if tables is None else tables
        out: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
        with engine.connect() as conn:
            for name in names:
                table = Table(name, MetaData(), autoload_with=conn)
                result = conn.execute(select(table))
                out[name] = (list(result.keys()), [tuple(r) for r in result])
        return out
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of one SQL statement (portable SQL) on either backend."""
    from sqlalchemy import text

    from ceasefire.store.engine import make_engine
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def db_query() -> Callable[..., list[tuple[Any, ...]]]:
    """``db_query(url, sql, **params)``: rows of a portable SQL statement, on either backend."""
    return query


@pytest.fixture(scope="session")
def db_tables() -> Callable[..., dict[str, tuple[list[str], list[tuple[Any, ...]]]]]:
    """``db_tables(url, tables=None)``: {table: (columns, rows)} on either backend."""
    return read_tables


@pytest.fixture(scope="session")
def resources():
    from ceasefire.analyse.resources import Resources
    return Resources.load()


@pytest.fixture(scope="session")
def analyser(resources):
    from datetime import date

    from ceasefire.analyse.pipeline import Analyser
    # A fixed "today" so that inferred dates do not move with the calendar.
    return Analyser(resources, today=date(2026, 11, 22))


@pytest.fixture(scope="session")
def analyse_text(analyser):
    from ceasefire.records import RawDocument, Source

    def run(text: str, published: str | None = "2024-05-02"):
        return analyser.analyse(RawDocument(text=text, source=Source(), published=published))
    return run


@pytest.fixture(scope="session")
def documents_read_at_peak() -> Callable[[Path], tuple[int, int]]:
    """Read a corpus file with ``read_paths``: (documents read, peak bytes Python allocated
    meanwhile), to show that a large input is streamed rather than loaded whole."""
    from ceasefire.ingest import read_paths
    from ceasefire.records import RawDocument

    def read(path: Path) -> tuple[int, int]:
        tracemalloc.start()
        try:
            count = sum(1 for item in read_paths([path]) if isinstance(item, RawDocument))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return count, peak
    return read
