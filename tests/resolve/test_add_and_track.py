"""Storing and tracking an article in one transaction (store/tracking.py add_and_track):
all or nothing on a database error, the article kept untracked when only its tracking fails."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from ceasefire.errors import StoreError
from ceasefire.store import Store
from ceasefire.store.tracking import add_and_track, track_untracked

TEXT = ("ANTALYA - Sergei Lavrov and Dmytro Kuleba met in Antalya on Thursday but failed to agree even a "
        "24-hour ceasefire, officials said after a meeting of some ninety minutes at a hotel by the sea.")


def article(make):
    return make(TEXT, "2022-03-10", url="https://a.example/antalya",
                actors=[{"name": "Sergei Lavrov", "kind": "person", "country": "RU", "kb_id": "per.lavrov"}],
                events=[{"type": "talks", "subtype": "meeting", "date": ("2022-03-10", "2022-03-10"),
                         "participants": [("a1", "party")], "evidence": "met in Antalya on Thursday"}])


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


def test_an_article_is_stored_and_tracked_once(store, make):
    added, report = add_and_track(store, article(make))
    assert added and report is not None and report.new_story and report.new_events == 1
    assert add_and_track(store, article(make)) == (False, None)  # stored before: nothing written
    assert [count(store, t) for t in ("articles", "story_members", "tracked_events")] == [1, 1, 1]


def test_a_database_error_in_tracking_stores_nothing(store, make, monkeypatch):
    from ceasefire.store import tracking

    def broken(*args, **kwargs):
        raise OperationalError("INSERT INTO tracked_events", {}, Exception("disk I/O error"))

    monkeypatch.setattr(tracking, "_attach", broken)
    with pytest.raises(StoreError):
        add_and_track(store, article(make))
    monkeypatch.undo()
    assert [count(store, t) for t in ("articles", "stories", "story_members")] == [0, 0, 0]
    added, report = add_and_track(store, article(make))  # a re-run stores and tracks it as if first
    assert added and report is not None and report.story_id == 1


def test_a_record_tracking_cannot_read_leaves_the_article_stored_untracked(store, make, monkeypatch):
    from ceasefire.store import tracking

    def unreadable(*args, **kwargs):
        raise ValueError("unreadable event")

    monkeypatch.setattr(tracking, "_attach", unreadable)
    added, report = add_and_track(store, article(make))
    monkeypatch.undo()
    assert added and report is None
    # The story written before the failure is undone with the rest of the tracking (a savepoint).
    assert [count(store, t) for t in ("articles", "stories", "story_members")] == [1, 0, 0]
    assert [r.stage for r in store.rejections()] == ["track"]
    assert track_untracked(store) == 1  # retried later, as `ceasefire track` or the next ingest does
    assert [count(store, t) for t in ("stories", "tracked_events")] == [1, 1]


def test_tracking_undone_because_another_writer_stored_the_article_is_forgotten(store, make, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from ceasefire.store import tracking

    real = tracking._track

    def stored_meanwhile(conn, tracker, article):
        real(conn, tracker, article)  # changes what the run holds (actors, sources), then is undone
        raise IntegrityError("INSERT INTO articles", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(tracking, "_track", stored_meanwhile)
    monkeypatch.setattr(Store, "has_article", lambda self, article_id: True)  # the other writer's copy
    assert add_and_track(store, article(make)) == (False, None)
    assert store.tracking is None
