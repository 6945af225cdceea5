"""Copies of an article on other URLs or paths (store/copies.py): one row each in ``article_copies``,
one more source of each tracked event of the article, and migration 6 moving the copies that were
source rows of their own (``<local id>@<hash>`` in ``tracked_event_sources``) into that table."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from sqlalchemy import insert, select

from ceasefire.records import Article, Source
from ceasefire.resolve.events_xdoc import SourceEvent
from ceasefire.resolve.timeline import event_json, timeline
from ceasefire.store import MIGRATIONS, Store, schema
from ceasefire.store.event_sources import EventSources
from ceasefire.store.tracking import copy_location, record_copy, refresh_event, retrack

TEXT = "Envoys of Ruritania and Borduria met in Geneva on Thursday and agreed a truce of three days."
OWN = "https://one.example/a"
MIRROR = Source(url="https://two.example/b", title="Copy", outlet="Two")
MIRROR_DAY = "2024-03-09"
FOLDER = "archive/geneva.txt"  # a copy found at a path: no URL, title or date of its own


def geneva(make) -> Article:
    article = make(TEXT, "2024-03-08", url=OWN,
                   actors=[{"name": "Ruritania", "kind": "state", "country": "RU"},
                           {"name": "Borduria", "kind": "state", "country": "BO"}],
                   places=[{"name": "Geneva", "kind": "city", "country": "CH"}],
                   events=[{"type": "talks", "subtype": "meeting", "date": ("2024-03-07", "2024-03-07", "day"),
                            "place": "p1", "participants": [("a1", "party"), ("a2", "party")],
                            "evidence": "met in Geneva on Thursday"},
                           {"type": "ceasefire", "status": "agreed", "date": ("2024-03-07", "2024-03-07", "day"),
                            "participants": [("a1", "party"), ("a2", "party")],
                            "attributes": {"duration_hours": 72}, "evidence": "agreed a truce of three days"}])
    return replace(article, source=Source(url=OWN, title="Talks in Geneva"))


def copy_rows(store: Store) -> list[tuple[Any, ...]]:
    c = schema.article_copies.c
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(c.article_id, c.location, c.url, c.title, c.outlet, c.published).order_by(c.location))]


def marked_rows(store: Store) -> int:
    ts = schema.tracked_event_sources.c
    with store.engine.connect() as conn:
        return len(conn.execute(select(ts.local_id).where(ts.local_id.like("%@%"))).all())


def sources(store: Store) -> list[list[tuple[Any, ...]]]:
    """Each tracked event's sources as the timeline lists them."""
    return [[(x.article_id, x.url, x.title, x.outlet, x.published, x.story_id) for x in e.sources]
            for e in timeline(store)]


def test_a_copy_is_one_row_of_article_copies_recorded_once(store, make, ingest):
    article = geneva(make)
    ingest(store, article)
    assert copy_location(store, article.id, MIRROR) == MIRROR.url
    assert record_copy(store, article.id, MIRROR, MIRROR_DAY) == 2  # a source of each of its two events
    assert record_copy(store, article.id, Source(url=MIRROR.url, title="Again"), "2024-03-10") == 0  # seen before
    assert record_copy(store, article.id, Source(path=FOLDER)) == 2
    assert record_copy(store, article.id, Source(path=FOLDER)) == 0
    assert copy_location(store, article.id, MIRROR) == MIRROR.url  # still a copy, as before: not its own URL
    assert copy_rows(store) == [
        (article.id, FOLDER, None, "Talks in Geneva", None, "2024-03-08"),  # untitled, undated: the article's
        (article.id, MIRROR.url, MIRROR.url, "Copy", "Two", MIRROR_DAY)]
    with store.engine.connect() as conn:
        first_seen = conn.execute(select(schema.article_copies.c.first_seen)).scalars().all()
    assert all(first_seen)
    assert marked_rows(store) == 0  # no source rows of their own
    for e in timeline(store):
        assert (e.sources_count, e.stories_count) == (3, 1)
        assert [x.url for x in e.sources] == [OWN, None, MIRROR.url]  # the article, then its copies by date
    kept = copy_rows(store)
    retrack(store)  # rebuilding the tracking keeps each copy as it was
    assert copy_rows(store) == kept
    with store.engine.connect() as conn:
        assert conn.execute(select(schema.article_copies.c.first_seen)).scalars().all() == first_seen
    assert [e.sources_count for e in timeline(store)] == [3, 3]


def test_a_copy_of_an_article_without_tracked_events_is_not_kept(store, make, ingest):
    article = make("Nothing happened in Geneva on Thursday, officials said.", "2024-03-08", url=OWN)
    ingest(store, article)
    assert record_copy(store, article.id, MIRROR, MIRROR_DAY) == 0
    assert copy_rows(store) == []


# -- migration 6 --------------------------------------------------------------------


def legacy_copy(store: Store, article_id: str, source: Source, published: str | None) -> None:
    """A copy as ``record_copy`` stored it before migration 6: a source row of its own beside each of
    the article's, keyed ``<local id>@<hash of its URL or path>``, then each event recomputed from all
    its rows. The rows are handed to the recomputation, as nothing before migration 6 may read
    ``article_copies``."""
    where = source.url or source.path
    mark = "@" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:12]
    ts = schema.tracked_event_sources.c
    with store.engine.begin() as conn:
        for r in conn.execute(select(schema.tracked_event_sources).where(ts.article_id == article_id)).all():
            if "@" in r.local_id:
                continue
            src = SourceEvent.from_json(r.record)
            src.local_id, src.copy = r.local_id + mark, where
            src.url, src.title = source.url, source.title or src.title
            src.published = published or src.published
            conn.execute(insert(schema.tracked_event_sources).values(
                article_id=article_id, local_id=src.local_id, event_id=r.event_id, story_id=r.story_id,
                published=src.published, score=None, record=src.to_json()))
        for event_id in conn.execute(select(ts.event_id).distinct()).scalars().all():
            records = conn.execute(select(ts.record).where(ts.event_id == event_id)).scalars().all()
            held = EventSources()
            held.started(conn, event_id, records[0])
            for record in records[1:]:
                held.added(event_id, record)
            refresh_event(conn, event_id, cache=held)


def tracked_events(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(schema.tracked_events).order_by(schema.tracked_events.c.id))]


def test_migration_6_moves_copy_rows_into_article_copies(db_url, new_db, make, ingest, monkeypatch):
    from ceasefire.store import migrations

    article = geneva(make)
    mirror = Source(url=MIRROR.url, title=MIRROR.title)  # before migration 6, a copy's outlet was not kept
    # A database at version 5 holding copies as source rows.
    with monkeypatch.context() as before_6:
        before_6.setattr(migrations, "MIGRATIONS", MIGRATIONS[:5])
        before_6.setattr(migrations, "LATEST_VERSION", 5)
        with Store.open(db_url) as old:
            ingest(old, article)
            legacy_copy(old, article.id, mirror, MIRROR_DAY)
            legacy_copy(old, article.id, Source(path=FOLDER), None)
            assert marked_rows(old) == 4
            legacy_events = tracked_events(old)
    # The same article and copies recorded by this version, in a database made at the latest version.
    with Store.open(new_db("reference")) as reference:
        ingest(reference, article)
        record_copy(reference, article.id, mirror, MIRROR_DAY)
        record_copy(reference, article.id, Source(path=FOLDER))
        expected = (sources(reference), [event_json(e) for e in timeline(reference)], copy_rows(reference))
    with Store.open(db_url) as migrated:
        with migrated.engine.connect() as conn:
            assert max(conn.execute(select(schema.schema_migrations.c.version)).scalars()) == 6
        assert marked_rows(migrated) == 0
        assert tracked_events(migrated) == legacy_events  # the events as they were: nothing recomputed
        assert (sources(migrated), [event_json(e) for e in timeline(migrated)], copy_rows(migrated)) == expected
        story = timeline(migrated)[0].sources[0].story_id
        # As the timeline listed them before: the article, then its copies by date (the folder's is undated,
        # so the article's date), a copy's title or else the article's, and no outlet.
        assert sources(migrated) == [[(article.id, OWN, "Talks in Geneva", None, "2024-03-08", story),
                                      (article.id, None, "Talks in Geneva", None, "2024-03-08", story),
                                      (article.id, MIRROR.url, "Copy", None, MIRROR_DAY, story)]] * 2
        # What the copies add is read from article_copies: recomputing changes nothing.
        with migrated.engine.begin() as conn:
            for event_id in conn.execute(select(schema.tracked_events.c.id)).scalars().all():
                refresh_event(conn, event_id)
        assert tracked_events(migrated) == legacy_events
        assert record_copy(migrated, article.id, mirror, MIRROR_DAY) == 0  # moved, so known
