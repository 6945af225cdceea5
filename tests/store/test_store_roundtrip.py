from __future__ import annotations

import sqlite3

import pytest

from ceasefire.errors import StoreError
from ceasefire.records import Rejection, to_dict
from ceasefire.store import ArticleNotFound, Store


def test_round_trip_every_record_type(store, article):
    assert store.add_article(article) is True
    assert store.has_article(article.id)
    got = store.get_article(article.id)
    assert to_dict(got) == to_dict(article)
    assert got == article  # tuples come back as tuples, not lists


def test_round_trip_survives_reopening(store_url, article):
    with Store.open(store_url) as store:
        store.add_article(article)
    # A plain path and its sqlite:/// URL name one file.
    with Store.open(store_url if "://" in store_url else f"sqlite:///{store_url}") as store:
        assert to_dict(store.get_article(article.id)) == to_dict(article)
        assert [a.id for a in store.iter_articles()] == [article.id]


def test_records_spread_into_tables(store, article):
    store.add_article(article)
    assert store.counts() == {"articles": 1, "actors": 3, "places": 2, "quotes": 2,
                              "events": 2, "figures": 1, "rejections": 0}
    quotes = store.list_rows("quotes")
    assert [q["local_id"] for q in quotes] == ["q1", "q2"]
    q1 = quotes[0]
    assert article.text[q1["span_start"]:q1["span_end"]] == "No progress was achieved,"
    actors = store.list_rows("actors", limit=1)
    assert len(actors) == 1 and actors[0]["mentions"] == [list(article.actors[0].mentions[0])]
    assert actors[0]["rule"] == "kb.person"
    parts = store.list_rows("event_participants")
    assert [(p["event_id"], p["actor"], p["role"]) for p in parts] == [("e1", "a1", "party"), ("e1", "a2", "party")]
    events = store.list_rows("events")
    assert events[0]["attributes"]["agenda"] == ["ceasefire", "humanitarian_corridor"]
    assert events[1]["date_precision"] == "week"
    assert store.list_rows("figures")[0]["value"] == 4_000_000


def test_adding_twice_is_a_no_op(store, article, make_article):
    assert store.add_article(article)
    before = store.counts()
    # Same text, other metadata: the content hash decides, the first version stays.
    again = make_article(title="Another title")
    assert store.add_article(again) is False
    assert store.counts() == before
    assert store.get_article(article.id).source.title == "Talks in Antalya"


def test_several_articles_iterate_in_order(store, make_article):
    first = make_article()
    second = make_article(text=first.text + " More later.")
    assert store.add_article(first) and store.add_article(second)
    assert [a.id for a in store.iter_articles()] == [first.id, second.id]
    assert store.counts()["articles"] == 2


def test_missing_article(store):
    with pytest.raises(ArticleNotFound):
        store.get_article("0" * 64)
    assert not store.has_article("0" * 64)


def test_rejections_are_stored_once(store):
    rej = Rejection(source="feed.xml:12", stage="decode", reason="not UTF-8")
    assert store.add_rejection(rej) is True
    assert store.add_rejection(Rejection("feed.xml:12", "decode", "not UTF-8")) is False
    assert store.add_rejection(Rejection("feed.xml:12", "clean", "not UTF-8")) is True
    assert store.rejections() == [rej, Rejection("feed.xml:12", "clean", "not UTF-8")]
    assert store.counts()["rejections"] == 2


def test_bad_offsets_raise_and_write_nothing(store, article):
    article.quotes[1].span = (10, len(article.text) + 1)
    article.actors[0].mentions.append((-1, 3))
    with pytest.raises(StoreError) as info:
        store.add_article(article)
    message = str(info.value)
    assert article.id in message and "quote q2" in message and "actor a1" in message
    assert not store.has_article(article.id)
    assert set(store.counts().values()) == {0}


def test_failure_midway_rolls_back(store, article):
    # Offsets fine, but a duplicate local id fails on the actors insert, after the article row.
    article.actors[1].id = "a1"
    with pytest.raises(StoreError, match=article.id):
        store.add_article(article)
    assert set(store.counts().values()) == {0}


def test_list_rows_names_valid_tables(store):
    with pytest.raises(StoreError, match="articles"):
        store.list_rows("nope")


def test_unknown_location_scheme(tmp_path):
    with pytest.raises(StoreError, match="sqlite:///"):
        Store.open("mysql://localhost/db")


@pytest.mark.sqlite_only("a file that is not a SQLite database")
def test_not_a_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store.open(str(junk))


@pytest.mark.sqlite_only("the SQLite file's own settings: WAL, foreign keys, busy timeout")
def test_sqlite_settings(store, db_path):
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.sqlite_only("SQLite's file locking; test_store_backends.py has concurrent writers on both")
def test_two_stores_write_one_file_from_threads(db_path, make_article):
    # Two engines on one file, four threads: WAL, BEGIN IMMEDIATE and the busy timeout keep every write.
    from concurrent.futures import ThreadPoolExecutor

    base = make_article()
    articles = [make_article(text=f"{base.text} Update {i}.") for i in range(40)]
    with Store.open(str(db_path)) as one, Store.open(str(db_path)) as two:
        with ThreadPoolExecutor(4) as pool:
            added = list(pool.map(lambda ia: (one if ia[0] % 2 else two).add_article(ia[1]), enumerate(articles)))
            list(pool.map(lambda i: one.add_rejection(Rejection("x", "read", str(i % 5))), range(20)))
        assert all(added)
        assert one.counts()["articles"] == 40
        assert two.counts()["rejections"] == 5


def test_record_json_is_that_of_to_dict(article):
    import json

    from ceasefire.analyse.times import Timex
    from ceasefire.records import Article, DateRange, to_json

    # A subclass of a record (the time extractor's) and values of every JSON kind.
    article.times.append(Timex(text="Thursday", span=(0, 3), date=DateRange("2022-03-10", "2022-03-10"),
                               timex_type="DATE", timex_value="2022-03-10"))
    article.events[0].attributes = {"n": 1, "x": 1.5, "ok": True, "none": None, "list": [1, "ü", (2, 3)],
                                    "nested": {"a": [DateRange("2022-03-10", "2022-03-11")]}}
    assert to_json(article) == json.dumps(to_dict(article), ensure_ascii=False)
    article.events[0].attributes = {"when": {1, 2}}  # not JSON: refused with json's own words
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        to_json(article)
    with pytest.raises(TypeError):
        to_json(Article)


def test_offsets_given_as_lists_pass_and_booleans_do_not(store, article, make_article):
    article.actors[0].mentions = [list(m) for m in article.actors[0].mentions]  # as decoded from JSON
    assert store.add_article(article)
    other = make_article(text=article.text + " More.")
    other.quotes[0].span = (True, 5)
    with pytest.raises(StoreError, match=r"quote q1 span \(True, 5\) does not hold integers"):
        store.add_article(other)


@pytest.mark.sqlite_only("how SQLite transactions begin")
def test_writers_take_the_write_lock_at_begin_and_readers_do_not(store, db_path):
    from ceasefire.store.engine import write_transaction

    # No connection event on the engine: SQLAlchemy then dispatches none around each statement.
    assert not store.engine._has_events
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with write_transaction(store.engine) as conn:
            assert conn.connection.driver_connection.in_transaction  # before any statement
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM articles").all()
            assert conn.connection.driver_connection.in_transaction  # one snapshot for the reader
            other.execute("BEGIN IMMEDIATE")  # a reader leaves the write lock free
            other.execute("ROLLBACK")
            assert "ceasefire_write" not in conn.connection.info
    finally:
        other.close()


@pytest.mark.sqlite_only("SQLite takes strings as they are")
def test_stored_text_needs_no_processing_on_sqlite(store):
    from ceasefire.store.schema import articles

    dialect = store.engine.dialect
    assert articles.c.text.type.bind_processor(dialect) is None
    assert articles.c.text.type.result_processor(dialect, None) is None
