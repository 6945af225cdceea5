"""The tracking commands and exports, end to end through the CLI, on a real SQLite file."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.export_tracking import ETHPRIO_COLUMNS, PEACEREP_COLUMNS
from ceasefire.store import Store

runner = CliRunner()
CORRIDOR_HEADER = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "corridors" / "dev.csv"

TRUCE = ("KHARTOUM (AP) - Sudan's army and the Rapid Support Forces agreed on Saturday to a seven-day ceasefire "
         "brokered by Saudi Arabia in Jeddah. A humanitarian corridor from Khartoum to Wad Madani was agreed. "
         "\"We are committed to the truce,\" the RSF said. The deal was signed after two weeks of talks in Jeddah.")
BROKEN = ("CAIRO (AP) - The seven-day ceasefire between Sudan's army and the Rapid Support Forces collapsed on "
          "Thursday as fighting resumed in Khartoum, residents said. The RSF blamed the army.")

ARMY = {"name": "Sudanese Armed Forces", "kind": "armed_group", "country": "SD", "kb_id": "ag.saf", "mention": "army"}
RSF = {"name": "Rapid Support Forces", "kind": "armed_group", "country": "SD", "kb_id": "ag.rsf", "aliases": ["RSF"]}
SAUDI = {"name": "Saudi Arabia", "kind": "state", "country": "SA", "kb_id": "state.SA"}
KHARTOUM = {"name": "Khartoum", "kind": "city", "country": "SD", "lat": 15.55, "lon": 32.53, "geonames_id": 379252}
JEDDAH = {"name": "Jeddah", "kind": "city", "country": "SA", "lat": 21.49, "lon": 39.19, "geonames_id": 105343}
WAD_MADANI = {"name": "Wad Madani", "kind": "city", "country": "SD", "lat": 14.4, "lon": 33.52, "geonames_id": 364706}


@pytest.fixture
def db(db_url, make, ingest) -> str:
    path = db_url
    with Store.open(path) as store:
        ingest(store, make(TRUCE, "2023-05-20", url="https://ap.example/truce",
                           actors=[ARMY, RSF, {**SAUDI, "mention": "Saudi Arabia"}],
                           places=[{**KHARTOUM, "mention": "KHARTOUM"}, JEDDAH, WAD_MADANI],
                           events=[
                               {"type": "ceasefire", "subtype": "general", "status": "agreed",
                                "date": ("2023-05-20", "2023-05-20"), "place": "p2",
                                "participants": [("a1", "party"), ("a2", "party"), ("a3", "mediator")],
                                "attributes": {"duration_hours": 168, "arrangement": "bilateral",
                                               "purpose": ["humanitarian"]},
                                "evidence": "agreed on Saturday to a seven-day ceasefire"},
                               {"type": "corridor", "subtype": "evacuation", "status": "agreed",
                                "date": ("2023-05-20", "2023-05-20"), "place": "p1",
                                "participants": [("a1", "party"), ("a2", "party")],
                                "attributes": {"origin": "p1", "destination": "p3"},
                                "evidence": "A humanitarian corridor from Khartoum to Wad Madani was agreed."},
                               {"type": "talks", "subtype": "negotiation_round", "status": "occurred",
                                "date": ("2023-05-06", "2023-05-20"), "place": "p2",
                                "participants": [("a1", "party"), ("a2", "party"), ("a3", "mediator")],
                                "evidence": "two weeks of talks in Jeddah"},
                           ],
                           quotes=[{"speaker": "a2", "text": "We are committed to the truce,"}]))
        ingest(store, make(BROKEN, "2023-05-26", url="https://ap.example/collapse",
                           actors=[ARMY, RSF], places=[KHARTOUM],
                           events=[{"type": "ceasefire", "subtype": "general", "status": "failed",
                                    "date": ("2023-05-25", "2023-05-25"), "place": "p1",
                                    "participants": [("a1", "party"), ("a2", "party")],
                                    "attributes": {"duration_hours": 168},
                                    "evidence": "collapsed on Thursday"}]))
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_timeline_json(db):
    data = json.loads(run("timeline", "--db", db, "--json"))
    assert [e["type"] for e in data] == ["talks", "ceasefire", "corridor"]
    truce = data[1]
    assert truce["stage"] == "collapsed" and [h["stage"] for h in truce["status_history"]] == ["agreed", "collapsed"]
    assert truce["place"]["name"] == "Jeddah"
    assert {p["actor"]["name"] for p in truce["participants"]} == {"Sudanese Armed Forces", "Rapid Support Forces",
                                                                   "Saudi Arabia"}
    assert [s["url"] for s in truce["sources"]] == ["https://ap.example/truce", "https://ap.example/collapse"]


def test_timeline_filters_and_table(db):
    assert [e["type"] for e in json.loads(run("timeline", "--db", db, "--type", "corridor", "--json"))] == ["corridor"]
    since = json.loads(run("timeline", "--db", db, "--actor", "RSF", "--since", "2023-05-21", "--json"))
    assert [e["type"] for e in since] == ["ceasefire"]  # agreed on the 20th, collapsed on the 25th
    assert len(json.loads(run("timeline", "--db", db, "--place", "Sudan", "--json"))) == 1  # the corridor in Khartoum
    text = run("timeline", "--db", db)
    assert "3 tracked event(s)" in text and "collapsed" in text
    bad = runner.invoke(app, ["timeline", "--db", db, "--type", "peace"])
    assert bad.exit_code == 2 and "choose one of" in bad.output


def test_situation(db):
    data = json.loads(run("situation", "--db", db, "--json"))
    assert data["as_of"] == "2023-05-26"
    assert data["tracks"][0]["name"] == "talks in Jeddah"
    assert {(a["type"], a["stage"]) for a in data["arrangements"]} == {("ceasefire", "collapsed"), ("corridor", "agreed")}
    rsf = next(p for p in data["positions"] if p["party"]["name"] == "Rapid Support Forces")
    assert rsf["quotes"][0]["text"] == "We are committed to the truce,"
    assert "Negotiation tracks" in run("situation", "--db", db)


def test_quotes(db):
    data = json.loads(run("quotes", "--db", db, "--speaker", "Rapid Support Forces", "--json"))
    assert [q["text"] for q in data] == ["We are committed to the truce,"]
    assert "No quotes" in run("quotes", "--db", db, "--speaker", "Lavrov")


def test_track_command_reports(db):
    result = runner.invoke(app, ["track", "--db", db, "--rebuild"])
    assert result.exit_code == 0 and "tracked 2 article(s)" in result.output


def _export(db: str, fmt: str) -> str:
    return run("export", "--db", db, "--format", fmt)


def test_export_events(db):
    lines = _export(db, "events-jsonl").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["talks", "ceasefire", "corridor"]
    rows = list(csv.DictReader(io.StringIO(_export(db, "events-csv"))))
    assert rows[1]["status_history"] == "agreed@2023-05-20;collapsed@2023-05-26"


def test_export_ceasefires_in_ethprio_columns(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "ceasefires-ethprio"))))
    assert tuple(rows[0]) == ETHPRIO_COLUMNS
    row = rows[0]
    assert (row["cf_dec_yr"], row["cf_dec_month"], row["cf_dec_day"]) == ("2023", "5", "20")
    assert (row["ceasefire_class"], row["purpose"], row["partial"], row["duration_hours"]) == (
        "bilateral", "humanitarian", "0", "168")
    assert (row["mediator_nego"], row["mediators"]) == ("1", "Saudi Arabia")
    assert (row["ended"], row["end_stage"], row["end_day"]) == ("1", "collapsed", "26")


def test_export_corridors_in_peacerep_columns(db):
    rows = list(csv.DictReader(io.StringIO(_export(db, "corridors-peacerep"))))
    assert tuple(rows[0]) == PEACEREP_COLUMNS
    if CORRIDOR_HEADER.exists():
        with CORRIDOR_HEADER.open(encoding="utf-8") as fh:
            assert tuple(next(csv.reader(fh))) == PEACEREP_COLUMNS
    row = rows[0]
    assert (row["Date"], row["from_name"], row["to_name"], row["from_country_code"]) == (
        "20.05.23", "Khartoum", "Wad Madani", "SD")
    assert row["Link"] == "https://ap.example/truce"


def test_export_places_geojson(db):
    data = json.loads(_export(db, "places-geojson"))
    assert data["type"] == "FeatureCollection"
    khartoum = next(f for f in data["features"] if f["properties"]["name"] == "Khartoum")
    assert khartoum["geometry"] == {"type": "Point", "coordinates": [32.53, 15.55]}
    assert khartoum["properties"]["articles"] == 2


def test_export_unknown_format_names_the_choices(db):
    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "places-geojson" in result.output
