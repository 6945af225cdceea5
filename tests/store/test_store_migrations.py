from __future__ import annotations

import sqlite3

import pytest

from ceasefire.errors import StoreError
from ceasefire.store import LATEST_VERSION, MIGRATIONS, Store, migrate


def _recorded(db_path):
    with sqlite3.connect(db_path) as raw:
        return raw.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall()


def test_versions_are_consecutive():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_migrations_recorded_and_not_reapplied(db_path, article):
    with Store.open(str(db_path)) as store:
        store.add_article(article)
    first = _recorded(db_path)
    assert [v for v, _, _ in first] == list(range(1, LATEST_VERSION + 1))
    assert all(applied for _, _, applied in first)
    with Store.open(str(db_path)) as store:
        assert migrate(store.engine) == []
        assert store.counts()["articles"] == 1
    assert _recorded(db_path) == first


def test_new_database_gets_every_table(db_path):
    Store.open(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"schema_migrations", "articles", "actors", "places", "quotes", "events",
            "event_participants", "figures", "rejections"} <= tables


def test_newer_schema_refused(db_path):
    Store.open(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2099-01-01')", (LATEST_VERSION + 1,))
    with pytest.raises(StoreError, match="upgrade ceasefire"):
        Store.open(str(db_path))


def test_failing_migration_rolls_back_its_ddl(db_path, monkeypatch):
    from ceasefire.store import migrations

    Store.open(str(db_path)).close()

    def broken(conn):
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, migrations.Migration(LATEST_VERSION + 1, "broken", broken)))
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(RuntimeError):
        Store.open(str(db_path))
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    assert [v for v, _, _ in _recorded(db_path)] == list(range(1, LATEST_VERSION + 1))
