from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from ceasefire.errors import StoreError
from ceasefire.store import LATEST_VERSION, MIGRATIONS, Store, migrate
from ceasefire.store.engine import make_engine


def _recorded(store_url, db_query):
    return db_query(store_url, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")


def test_versions_are_consecutive():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


def test_migrations_recorded_and_not_reapplied(store_url, article, db_query):
    with Store.open(store_url) as store:
        store.add_article(article)
    first = _recorded(store_url, db_query)
    assert [v for v, _, _ in first] == list(range(1, LATEST_VERSION + 1))
    assert all(applied for _, _, applied in first)
    with Store.open(store_url) as store:
        assert migrate(store.engine) == []
        assert store.counts()["articles"] == 1
    assert _recorded(store_url, db_query) == first


def test_new_database_gets_every_table(store_url):
    with Store.open(store_url) as store:
        tables = set(inspect(store.engine).get_table_names())
    assert {"schema_migrations", "articles", "actors", "places", "quotes", "events",
            "event_participants", "figures", "rejections"} <= tables


def test_newer_schema_refused(store_url):
    with Store.open(store_url) as store, store.engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_migrations VALUES (:v, 'from the future', '2099-01-01')"),
                     {"v": LATEST_VERSION + 1})
    with pytest.raises(StoreError, match="upgrade ceasefire"):
        Store.open(store_url)


def test_failing_migration_rolls_back_its_ddl(store_url, monkeypatch, db_query):
    from ceasefire.store import migrations

    Store.open(store_url).close()

    def broken(conn):
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, migrations.Migration(LATEST_VERSION + 1, "broken", broken)))
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(RuntimeError):
        Store.open(store_url)
    engine = make_engine(store_url)  # not Store.open: that would run the broken migration again
    try:
        assert "half_done" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert [v for v, _, _ in _recorded(store_url, db_query)] == list(range(1, LATEST_VERSION + 1))
