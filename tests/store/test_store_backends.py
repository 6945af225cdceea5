"""The same schema, migrations and behaviour on SQLite and PostgreSQL (both via ``store_url``)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, inspect, select

from ceasefire.errors import StoreError
from ceasefire.records import Source
from ceasefire.store import LATEST_VERSION, MIGRATIONS, Store, migrate, schema
from ceasefire.store.engine import make_engine
from ceasefire.store.seen import (
    SeenArticle,
    count_seen,
    is_seen,
    list_seen,
    mark_seen,
    seen_ids,
)


def test_postgresql_url_is_mapped_to_psycopg():
    engine = make_engine("postgresql://someone@127.0.0.1:1/nothing")
    assert engine.url.drivername == "postgresql+psycopg"
    engine.dispose()


def test_every_migration_applied_once_and_every_table_made(store_url, article):
    with Store.open(store_url) as store:
        store.add_article(article)
        with store.engine.connect() as conn:
            versions = list(conn.execute(select(schema.schema_migrations.c.version)).scalars())
        tables = set(inspect(store.engine).get_table_names())
    assert sorted(versions) == [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert {"schema_migrations", "articles", "actors", "places", "quotes", "events", "event_participants",
            "figures", "rejections", "seen"} <= tables
    with Store.open(store_url) as store:
        assert migrate(store.engine) == []
        assert store.counts()["articles"] == 1


def test_newer_schema_refused(store_url):
    with Store.open(store_url) as store, store.engine.begin() as conn:
        conn.execute(insert(schema.schema_migrations).values(
            version=LATEST_VERSION + 1, name="from the future", applied_at="2099-01-01"))
    with pytest.raises(StoreError, match="upgrade ceasefire"):
        Store.open(store_url)


def test_seen_articles_are_stored_once(store):
    record = SeenArticle(id="a" * 64, source=Source(path="feed.jsonl:3", title="Local fair"), published="2024-05-02",
                         score=1.5, rules=["relevance.talks"], lexicon="relevance.yaml v1")
    assert not is_seen(store, record.id)
    assert mark_seen(store, record) is True
    assert mark_seen(store, record) is False
    assert is_seen(store, record.id) and seen_ids(store) == {record.id} and count_seen(store) == 1
    assert list_seen(store) == [record]
    assert store.counts()["articles"] == 0


def test_concurrent_writers_store_each_article_once(store, make_article):
    articles = [make_article(text=f"{make_article().text} Update {i}.") for i in range(6)]
    results: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def write(batch):
        try:
            for a in batch:
                ok = store.add_article(a)
                with lock:
                    results.append(ok)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    # Four writers, each adding every article: each is stored by exactly one of them.
    threads = [threading.Thread(target=write, args=(articles[i:] + articles[:i],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == len(articles) and len(results) == 4 * len(articles)
    assert store.counts()["articles"] == len(articles)
    assert sorted(a.id for a in store.iter_articles()) == sorted(a.id for a in articles)


def test_ids_are_numbered_without_gaps_after_a_rolled_back_write(store):
    # A PostgreSQL sequence would have handed out 2 to the rolled-back row and 3 to the next.
    from ceasefire.records import Rejection
    from ceasefire.store.engine import write_transaction

    assert store.add_rejection(Rejection("a.txt", "read", "empty"))
    with pytest.raises(RuntimeError), write_transaction(store.engine) as conn:
        conn.execute(insert(schema.rejections).values(fingerprint="f", source="b.txt", stage="read", reason="x",
                                                      created_at="2024-01-01T00:00:00"))
        raise RuntimeError("killed mid-write")
    assert store.add_rejection(Rejection("c.txt", "read", "binary"))
    assert [r["id"] for r in store.list_rows("rejections")] == [1, 2]
    with write_transaction(store.engine) as conn:  # several rows in one statement: one after another
        conn.execute(insert(schema.rejections), [
            {"fingerprint": f"g{i}", "source": f"{i}.txt", "stage": "read", "reason": "y",
             "created_at": "2024-01-01T00:00:00"} for i in range(3)])
    assert [r["id"] for r in store.list_rows("rejections")] == [1, 2, 3, 4, 5]


def test_any_64_bit_id_is_looked_up_without_error(store):
    # SQLite's integers are 64 bits; a key column holds as much on PostgreSQL (BIGINT), so an id
    # sent by a client is "not found" on both backends, never "out of range" on one.
    with store.engine.connect() as conn:
        for table in (schema.canonical_actors, schema.tracked_events, schema.stories):
            assert conn.execute(select(table.c.id).where(table.c.id == 2**31)).first() is None
            assert conn.execute(select(table.c.id).where(table.c.id == 2**62)).first() is None
        links = schema.actor_links.c
        assert conn.execute(select(links.article_id).where(links.actor_id == 2**40)).first() is None


def test_text_with_nul_is_stored_and_read_back(store, make_article):
    # PostgreSQL's text type refuses NUL; the store escapes it there, and the escape character too.
    base = make_article()
    article = make_article(text=base.text + " Odd\x00bytes \uffff0 here.", title="a\x00title")
    assert store.add_article(article)
    assert store.get_article(article.id) == article
    row = store.list_rows("articles")[0]
    assert row["text"] == article.text and row["source_title"] == "a\x00title"
