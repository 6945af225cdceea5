"""Event identity across articles, on sentences written for these tests: what makes two reports one
event (or two), how a vague date is read against the publication date, and identical copies."""
from __future__ import annotations

from ceasefire.resolve.events_xdoc import SourceEvent, Tracked, aggregate, match_score
from ceasefire.resolve.timeline import timeline
from ceasefire.store.tracking import _within_tense, record_copy, retrack
from ceasefire.records import Source


def _src(**kw) -> SourceEvent:
    base = dict(article_id="a", local_id="e1", story_id=1, published="2024-03-08", type="talks", subtype="meeting",
                status="occurred", date_start="2024-03-07", date_end="2024-03-07", precision="day",
                place_key="name:geneva", place={"name": "Geneva", "kind": "city", "country": "CH"},
                participants=[], sides=[], outcome=None, attributes={})
    base.update(kw)
    return SourceEvent(**base)


def _tracked(*sources: SourceEvent) -> Tracked:
    return aggregate(list(sources))


def test_a_plan_reported_after_the_talks_took_place_is_another_event():
    held = _src()
    later = _src(article_id="b", story_id=2, status="planned", date_start="2024-03-08", date_end="2024-03-14",
                 precision="week", published="2024-03-08")
    assert match_score(_tracked(held), later) is None
    # The plan announced before the day, for that day, is the same talks.
    before = _src(article_id="c", story_id=3, status="planned", published="2024-03-05")
    assert match_score(_tracked(held), before) is not None


def test_a_vague_week_that_only_touches_a_day_says_little():
    week = _src(article_id="b", story_id=2, date_start="2024-03-07", date_end="2024-03-13", precision="week",
                place_key=None, place=None)
    inside = _src(article_id="c", story_id=3, date_start="2024-03-01", date_end="2024-03-07", precision="week",
                  place_key=None, place=None)
    # They share one day of seven and nothing else: not enough to be one meeting.
    assert match_score(_tracked(week), inside) is None


def test_events_one_article_kept_apart_stay_apart_when_a_new_go_between_appears():
    signing = _src(participants=[[1, "party"], [2, "party"]], sides=[1, 2])
    envoy = _src(local_id="e2", date_start="2024-03-04", date_end="2024-03-08", precision="week",
                 participants=[[7, "mediator"], [1, "party"]], sides=[1, 7])
    assert match_score(_tracked(signing), envoy, same_article=True) is None
    assert match_score(_tracked(signing), envoy, same_article=False) is not None


def test_a_copy_with_another_status_gets_only_a_nudge_from_its_story():
    original = _src(place_key=None, place=None)
    other = _src(article_id="b", local_id="e3", status="planned", published="2024-03-06", place_key=None,
                 place=None)
    full = match_score(_tracked(original), other, story_statuses=frozenset({"planned"}))
    nudge = match_score(_tracked(original), other, story_statuses=frozenset({"occurred"}))
    assert full is not None and (nudge is None or nudge < full)


def test_a_ceasefire_report_that_needs_its_life_is_not_dropped_before_the_life_is_read():
    signed = _src(type="ceasefire", subtype="general", status="agreed", date_start="2024-05-04",
                  date_end="2024-05-04", place_key="name:doha", place={"name": "Doha", "kind": "city"},
                  participants=[[1, "party"]], sides=[1])
    later = _src(type="ceasefire", subtype="general", article_id="b", story_id=2, status="agreed",
                 date_start="2024-05-01", date_end="2024-05-07", precision="week", published="2024-05-07",
                 place_key="name:gaza", place={"name": "Gaza", "kind": "city"})
    from ceasefire.resolve.events_xdoc import LIFE_BONUS, MATCH_THRESHOLD, lifecycle
    t = _tracked(signed)
    assert match_score(t, later) is None
    assert match_score(t, later, threshold=MATCH_THRESHOLD - LIFE_BONUS) is not None
    assert match_score(t, later, life=lifecycle([signed])) is not None


def test_vague_dates_are_cut_at_the_publication_date():
    assert _within_tense("occurred", "week", "2024-03-04", "2024-03-10", "2024-03-08") == ("2024-03-04", "2024-03-08")
    assert _within_tense("planned", "week", "2024-03-04", "2024-03-10", "2024-03-08") == ("2024-03-08", "2024-03-10")
    # A day is as read: a truce agreed today may start on Monday.
    assert _within_tense("agreed", "day", "2024-03-11", "2024-03-11", "2024-03-08") == ("2024-03-11", "2024-03-11")


def test_an_identical_copy_on_a_second_url_is_recorded_as_a_source(store, make, ingest):
    text = "Envoys of Ruritania and Borduria met in Geneva on Thursday for talks on a truce."
    article = make(text, "2024-03-08", url="https://one.example/a",
                   actors=[{"name": "Ruritania", "kind": "state", "country": "RU"},
                           {"name": "Borduria", "kind": "state", "country": "BO"}],
                   places=[{"name": "Geneva", "kind": "city", "country": "CH"}],
                   events=[{"type": "talks", "subtype": "meeting", "date": ("2024-03-07", "2024-03-07", "day"),
                            "place": "p1", "participants": [("a1", "party"), ("a2", "party")],
                            "evidence": "met in Geneva on Thursday"}])
    ingest(store, article)
    before = timeline(store)[0]
    assert record_copy(store, article.id, Source(url="https://one.example/a")) == 0  # its own URL
    assert record_copy(store, article.id, Source(url="https://two.example/b", title="Copy"), "2024-03-09") == 1
    assert record_copy(store, article.id, Source(url="https://two.example/b")) == 0  # seen before
    after = timeline(store)[0]
    assert (after.sources_count, after.stories_count) == (before.sources_count + 1, before.stories_count)
    assert {x.url for x in after.sources} == {"https://one.example/a", "https://two.example/b"}
    retrack(store)  # forgetting and rebuilding the tracking keeps the copy
    assert {x.url for x in timeline(store)[0].sources} == {"https://one.example/a", "https://two.example/b"}
    from ceasefire.serve.articles import article_detail

    # the article's page lists its own events only, not the copy's source rows
    tracked = article_detail(store, article.id)["tracked"]
    assert len(tracked) == len(article.events) and set(tracked.values()) == {after.id}
