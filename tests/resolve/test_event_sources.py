"""The sources of tracked events held in memory by a run (store/event_sources.py) answer as the
database would: after another writer added a source, after a rollback, and when the least
recently used events are dropped."""
from __future__ import annotations

import json

import pytest

from ceasefire.resolve.events_xdoc import SourceEvent, lifecycle
from ceasefire.resolve.timeline import timeline
from ceasefire.records import Source
from ceasefire.store import Store
from ceasefire.store.event_sources import EventSources, _Entry, life_order
from ceasefire.store.tracking import record_copy, refresh_event, track_article

LAVROV = {"name": "Sergei Lavrov", "kind": "person", "country": "RU", "kb_id": "per.lavrov"}
KULEBA = {"name": "Dmytro Kuleba", "kind": "person", "country": "UA", "kb_id": "per.kuleba"}
ANTALYA = {"name": "Antalya", "kind": "city", "country": "TR", "lat": 36.9, "lon": 30.7, "geonames_id": 323777}
REPORT = ("ANTALYA - Sergei Lavrov and Dmytro Kuleba met in Antalya on Thursday but failed to agree even a "
          "24-hour ceasefire, officials said after a meeting of some ninety minutes at a hotel by the sea.")
OTHER = ("Talks between Lavrov and Kuleba in Antalya on March 10 produced no breakthrough, diplomats said on "
         "Saturday, and no date was set for another meeting of the two foreign ministers.")


def antalya(make, text=REPORT, published="2022-03-10", url="https://a.example/antalya"):
    return make(text, published, url=url, actors=[LAVROV, KULEBA], places=[ANTALYA], events=[
        {"type": "talks", "subtype": "meeting", "date": ("2022-03-10", "2022-03-10"), "place": "p1",
         "participants": [("a1", "party"), ("a2", "party")], "outcome": "no_breakthrough",
         "evidence": "met in Antalya on Thursday"},
        {"type": "ceasefire", "subtype": "general", "status": "failed", "date": ("2022-03-10", "2022-03-10"),
         "participants": [("a1", "party"), ("a2", "party")], "attributes": {"duration_hours": 24},
         "evidence": "failed to agree even a 24-hour ceasefire"}])


def other(make):
    return make(OTHER, "2022-03-12", url="https://b.example/no-breakthrough",
                actors=[{**LAVROV, "mention": "Lavrov"}, {**KULEBA, "mention": "Kuleba"}], places=[ANTALYA],
                events=[{"type": "talks", "subtype": "negotiation_round", "date": ("2022-03-10", "2022-03-10"),
                         "place": "p1", "participants": [("a1", "party"), ("a2", "party")],
                         "outcome": "no_breakthrough", "evidence": "Talks between Lavrov and Kuleba in Antalya"}])


def tracked_rows(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, status, date_start, sources, stories, participants, attributes, claims "
            "FROM tracked_events ORDER BY id")]


def recomputed(store: Store) -> list[tuple]:
    """Every tracked event recomputed from the rows alone (nothing held in memory), then read back."""
    with store.engine.begin() as conn:
        for (event_id,) in conn.exec_driver_sql("SELECT id FROM tracked_events ORDER BY id").all():
            refresh_event(conn, event_id)
    return tracked_rows(store)


def test_events_recomputed_from_memory_equal_events_recomputed_from_the_rows(store, make, ingest):
    ingest(store, antalya(make))
    ingest(store, other(make))
    ingest(store, antalya(make, text=antalya(make).text + " More later.", published="2022-03-11",
                          url="https://c.example/later"))
    held = tracked_rows(store)
    assert held == recomputed(store)
    assert timeline(store, type="talks")[0].sources_count == 3


def test_a_source_another_writer_added_is_read_before_the_event_is_recomputed(store, db_url, make, ingest):
    first = antalya(make)
    ingest(store, first)  # this run now holds the talks event's one source
    with Store.open(db_url) as writer:  # another process records a copy of the article on another URL
        assert record_copy(writer, first.id, Source(url="https://mirror.example/antalya"), "2022-03-10") == 2
    ingest(store, other(make))  # joins the talks event: recomputed with the copy, not without it
    talks = timeline(store, type="talks")[0]
    assert talks.sources_count == 3
    assert tracked_rows(store) == recomputed(store)


def test_a_rolled_back_article_leaves_no_source_behind_in_memory(store, make, ingest, monkeypatch):
    from ceasefire.store import tracking

    ingest(store, antalya(make))
    real = tracking.refresh_event

    def fails_after_writing(conn, event_id, *args, **kwargs):
        real(conn, event_id, *args, **kwargs)
        raise ValueError("unreadable event")

    monkeypatch.setattr(tracking, "refresh_event", fails_after_writing)
    doomed = other(make)
    assert store.add_article(doomed)
    assert track_article(store, doomed) is None  # rolled back, kept as a rejection
    monkeypatch.undo()
    ingest(store, antalya(make, text=REPORT + " Again.", published="2022-03-11", url="https://d.example/again"))
    assert tracked_rows(store) == recomputed(store)


def _source(article: str, local: str, story: int | None, hours: int | None = None) -> SourceEvent:
    return SourceEvent(article_id=article, local_id=local, story_id=story, published="2024-05-06", type="ceasefire",
                       subtype=None, status="agreed", date_start=None, date_end=None, precision=None,
                       place_key=None, place=None, participants=[], sides=[], outcome=None,
                       attributes={"duration_hours": hours} if hours else {})


def test_sources_joining_are_kept_in_life_order_and_the_first_duration_wins():
    cache = EventSources()
    cache._entries[1] = _Entry([])  # as read from an event with no sources yet
    for src in (_source("b", "e1", 2, 72), _source("a", "e2", 2, 48), _source("c", "e1", None, 24)):
        cache.added(1, src.to_json())
    cache.added(2, _source("d", "e1", 1).to_json())  # not held: read in full on first need
    held = cache._entries[1].sources
    assert [(s.article_id, s.story_id) for s in held] == [("c", None), ("a", 2), ("b", 2)]
    assert held == sorted(held, key=life_order)
    assert lifecycle(held).duration_hours == 24  # the story-less report sorts first, as in SQL
    assert 2 not in cache._entries


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_than_max_events_are_held(store, make, ingest, limit):
    ingest(store, antalya(make))
    cache = EventSources(max_events=limit)
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM tracked_events ORDER BY id")]
        for event_id in ids:
            assert [json.loads(s.to_json())["local_id"] for s in cache.sources(conn, event_id)]
    assert len(cache._entries) == limit


def _counting(store: Store) -> list[str]:
    """The statements run on ``store`` from now on."""
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda conn, cursor, sql, *rest: seen.append(sql))
    return seen


def test_an_event_is_checked_against_the_database_once_a_transaction(store, make, ingest):
    from ceasefire.store.engine import write_transaction

    ingest(store, antalya(make))
    cache = EventSources()
    with store.engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM tracked_events ORDER BY id")]
    statements = _counting(store)
    with write_transaction(store.engine) as conn:
        for _ in range(3):
            for event_id in ids:
                cache.sources(conn, event_id)
                cache.life(conn, event_id)
    # Read once each, and not counted again in the same transaction.
    assert [("count(" in sql, "record" in sql) for sql in statements if "tracked_event_sources" in sql] == \
        [(False, True)] * len(ids)
    statements.clear()
    with write_transaction(store.engine) as conn:  # another transaction: another writer may have added one
        for event_id in ids:
            cache.sources(conn, event_id)
            cache.sources(conn, event_id)
    assert [("count(" in sql) for sql in statements if "tracked_event_sources" in sql] == [True] * len(ids)


def test_a_new_event_is_held_as_its_rows_read_back(store, make):
    from ceasefire.store.tracking import add_and_track

    added, report = add_and_track(store, antalya(make))
    assert added and report.new_events == 2
    held = store.tracking.event_sources
    with store.engine.connect() as conn:
        for event_id in report.events.values():
            assert held._entries[event_id].sources == EventSources().sources(conn, event_id)
