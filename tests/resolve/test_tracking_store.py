"""Tracking in a real store (SQLite and PostgreSQL), on hand-built analysed articles (no spaCy)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect

from ceasefire.resolve.situation import quotes_by_speaker, situation, situation_json
from ceasefire.resolve.timeline import TimelineError, event_json, timeline
from ceasefire.store import LATEST_VERSION, Store
from ceasefire.store.tracking import retrack, track_article, track_untracked

LAVROV = {"name": "Sergei Lavrov", "kind": "person", "country": "RU", "kb_id": "per.lavrov", "titles": ["Foreign Minister"]}
KULEBA = {"name": "Dmytro Kuleba", "kind": "person", "country": "UA", "kb_id": "per.kuleba"}
RUSSIA = {"name": "Russia", "kind": "state", "country": "RU", "kb_id": "state.RU"}
UKRAINE = {"name": "Ukraine", "kind": "state", "country": "UA", "kb_id": "state.UA"}
ANTALYA = {"name": "Antalya", "kind": "city", "country": "TR", "lat": 36.9, "lon": 30.7, "geonames_id": 323777}
MARIUPOL = {"name": "Mariupol", "kind": "city", "country": "UA", "lat": 47.1, "lon": 37.5, "geonames_id": 701822}
ZAPORIZHZHIA = {"name": "Zaporizhzhia", "kind": "city", "country": "UA", "lat": 47.8, "lon": 35.2, "geonames_id": 687700}

REPORT = ("ANTALYA, Turkey - Russian Foreign Minister Sergei Lavrov and Ukraine's Dmytro Kuleba met in Antalya "
          "on Thursday, the first high-level talks since the invasion, but failed to agree even a 24-hour "
          "ceasefire. \"We are ready for diplomacy,\" Kuleba said after the talks. Kuleba said he had asked for a "
          "humanitarian corridor from Mariupol to Zaporizhzhia. Officials said the fighting around the port city "
          "went on through the day while the two ministers sat at a U-shaped table in a hotel by the sea.")
REWRITE = ("ANTALYA, Turkey - Ukraine's Dmytro Kuleba and Russian Foreign Minister Sergei Lavrov met in Antalya on "
           "Thursday, the first high-level talks since the invasion, but failed to agree even a 24-hour ceasefire. "
           "\"We are ready for diplomacy,\" Kuleba said after the talks. Kuleba said he had asked for a humanitarian "
           "corridor from Mariupol to Zaporizhzhia. Officials said the fighting around the port city went on "
           "through the day while the two ministers sat at a U-shaped table in a hotel by the sea.")
OTHER = ("Talks between Russia and Ukraine in Antalya on March 10 produced no breakthrough, diplomats said on "
         "Saturday. Lavrov later said Moscow was not against a meeting of the presidents.")


def antalya(make, text=REPORT, published="2022-03-10", url="https://a.example/antalya"):
    return make(text, published, url=url, actors=[LAVROV, KULEBA], places=[ANTALYA, MARIUPOL, ZAPORIZHZHIA],
                events=[
                    {"type": "talks", "subtype": "meeting", "date": ("2022-03-10", "2022-03-10"), "place": "p1",
                     "participants": [("a1", "party"), ("a2", "party")], "outcome": "no_breakthrough",
                     "evidence": "met in Antalya on Thursday"},
                    {"type": "ceasefire", "subtype": "general", "status": "failed",
                     "date": ("2022-03-10", "2022-03-10"), "participants": [("a1", "party"), ("a2", "party")],
                     "attributes": {"duration_hours": 24}, "evidence": "failed to agree even a 24-hour ceasefire"},
                    {"type": "corridor", "subtype": "evacuation", "status": "proposed",
                     "date": ("2022-03-10", "2022-03-10"), "place": "p2", "participants": [("a2", "proposer")],
                     "attributes": {"origin": "p2", "destination": "p3"},
                     "evidence": "asked for a humanitarian corridor from Mariupol to Zaporizhzhia"},
                ],
                quotes=[{"speaker": "a2", "text": "We are ready for diplomacy,"}])


def other(make):
    return make(OTHER, "2022-03-12", url="https://b.example/no-breakthrough",
                actors=[RUSSIA, UKRAINE, {**LAVROV, "mention": "Lavrov", "titles": []}],
                places=[ANTALYA],
                events=[{"type": "talks", "subtype": "negotiation_round", "date": ("2022-03-10", "2022-03-10"),
                         "place": "p1", "participants": [("a1", "party"), ("a2", "party")],
                         "outcome": "no_breakthrough", "evidence": "Talks between Russia and Ukraine in Antalya"}])


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as raw:
        return {t: raw.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                for t in ("stories", "story_members", "canonical_actors", "tracked_events", "tracked_event_sources")}


def test_migration_2_adds_the_tracking_tables(store):
    tables = set(inspect(store.engine).get_table_names())
    with store.engine.connect() as raw:
        versions = list(raw.exec_driver_sql("SELECT version FROM schema_migrations ORDER BY version").scalars())
    assert {"stories", "story_members", "canonical_actors", "actor_links", "tracked_events",
            "tracked_event_sources", "status_history"} <= tables
    assert 2 in versions and versions[-1] == LATEST_VERSION


def test_two_reports_of_one_talks_event_are_one_tracked_event(store, make, ingest):
    first = ingest(store, antalya(make))
    second = ingest(store, other(make))
    assert first.new_story and second.new_story  # different texts: two stories
    assert second.events["e1"] == first.events["e1"] and second.new_events == 0
    talks = timeline(store, type="talks")
    assert len(talks) == 1
    e = talks[0]
    assert (e.date_start, e.sources_count, e.stories_count, e.place["name"]) == ("2022-03-10", 2, 2, "Antalya")
    # Lavrov named two ways, Russia through its people: Lavrov, Kuleba, Russia, Ukraine take part.
    assert {a.name for a, _ in e.participants} == {"Sergei Lavrov", "Dmytro Kuleba", "Russia", "Ukraine"}
    assert counts(store)["canonical_actors"] == 4


def test_tracking_twice_changes_nothing(store, make, ingest):
    article = antalya(make)
    ingest(store, article)
    before = counts(store)
    assert track_article(store, article) is None
    assert counts(store) == before


def test_a_rewritten_copy_adds_sources_not_events(store, make, ingest):
    first = ingest(store, antalya(make))
    ingest(store, other(make))
    before = counts(store)
    copy = ingest(store, antalya(make, text=REWRITE, published="2022-03-11", url="https://c.example/copy"))
    assert not copy.new_story and copy.story_id == first.story_id and copy.new_events == 0
    assert copy.events == first.events
    after = counts(store)
    assert after["tracked_events"] == before["tracked_events"]
    assert after["tracked_event_sources"] == before["tracked_event_sources"] + 3
    talks = timeline(store, type="talks")[0]
    assert (talks.sources_count, talks.stories_count) == (3, 2)  # the copy is one more source, not one more story
    assert [q.copies for q in quotes_by_speaker(store, "Kuleba")] == [2]


def test_articles_stored_before_tracking_are_tracked_later_and_retracking_agrees(store, make, ingest):
    store.add_article(antalya(make))  # as a database from before migration 2 holds it
    assert counts(store)["story_members"] == 0
    assert track_untracked(store) == 1
    ingest(store, other(make))
    before = counts(store)
    assert retrack(store) == 2
    assert counts(store)["tracked_events"] == before["tracked_events"]


def test_timeline_filters(store, make, ingest):
    ingest(store, antalya(make))
    ingest(store, other(make))
    assert {e.type for e in timeline(store, actor="Lavrov")} == {"talks", "ceasefire"}
    assert [e.type for e in timeline(store, actor="Kuleba", type="corridor")] == ["corridor"]
    assert len(timeline(store, place="Antalya")) == 1
    assert {e.type for e in timeline(store, place="Ukraine")} == {"corridor"}  # Mariupol is in Ukraine
    assert timeline(store, since="2022-03-11") == []
    assert len(timeline(store, since="2022-03-10", until="2022-03-10")) == 3
    with pytest.raises(TimelineError, match="choose one of talks"):
        timeline(store, type="negotiation")
    with pytest.raises(TimelineError, match="YYYY-MM-DD"):
        timeline(store, since="10 March")


def test_timeline_json_has_the_record_fields_with_names_inline(store, make, ingest):
    ingest(store, antalya(make))
    ingest(store, other(make))
    data = [event_json(e) for e in timeline(store)]
    talks = next(d for d in data if d["type"] == "talks")
    for key in ("type", "subtype", "status", "date", "place", "participants", "outcome", "attributes", "evidence",
                "sources", "status_history", "claims"):
        assert key in talks
    assert talks["place"]["name"] == "Antalya" and talks["place"]["geonames_id"] == 323777
    assert all("name" in p["actor"] for p in talks["participants"])
    assert {s["url"] for s in talks["sources"]} == {"https://a.example/antalya", "https://b.example/no-breakthrough"}
    corridor = next(d for d in data if d["type"] == "corridor")
    assert corridor["attributes"]["origin"]["name"] == "Mariupol"
    assert corridor["attributes"]["destination"]["name"] == "Zaporizhzhia"
    json.dumps(data)  # all of it is JSON


def test_situation_lists_tracks_arrangements_and_positions(store, make, ingest):
    ingest(store, antalya(make))
    ingest(store, other(make))
    sit = situation(store)
    assert sit.as_of == "2022-03-12"
    assert [t.name for t in sit.tracks] == ["talks in Antalya"]
    assert sit.tracks[0].last_round.date_start == "2022-03-10"
    assert {(e.type, e.stage) for e in sit.arrangements} == {("ceasefire", "collapsed"), ("corridor", "proposed")}
    data = situation_json(sit)
    # Positions are the parties' (states, groups); a state speaks through its people.
    assert {p["party"]["name"] for p in data["positions"]} == {"Russia", "Ukraine"}
    ukraine = next(p for p in data["positions"] if p["party"]["name"] == "Ukraine")
    assert [(q["speaker"], q["text"]) for q in ukraine["quotes"]] == [("Dmytro Kuleba", "We are ready for diplomacy,")]
    json.dumps(data)


def test_quotes_of_a_speaker_by_surname(store, make, ingest):
    ingest(store, antalya(make))
    found = quotes_by_speaker(store, "kuleba")
    assert [(q.speaker, q.text) for q in found] == [("Dmytro Kuleba", "We are ready for diplomacy,")]
    assert quotes_by_speaker(store, "Nobody Atall") == []
