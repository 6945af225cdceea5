"""The command line, end to end, on a real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "gold" / "seeds"

runner = CliRunner()
EXAMPLES = REPO / "examples"


def table_counts(db_tables, db: str) -> dict[str, int]:
    return {name: len(rows) for name, (_, rows) in db_tables(db).items() if name != "schema_migrations"}


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Talks in Genève ended without a deal.".encode("latin-1"))
    (folder / "feed.jsonl").write_text(
        json.dumps({"text": "Sudan's army and the RSF agreed a 72-hour truce on Sunday, mediators said.",
                    "published": "2023-05-21", "url": "https://example.org/a"}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Yemen's warring parties met in Muscat for ceasefire talks, officials said."}) + "\n",
        encoding="utf-8")
    return folder


def test_ingest_twice_is_idempotent_and_rejections_are_stored(mixed_folder: Path, db_url: str, db_tables, db_query):
    db = db_url
    first = runner.invoke(app, ["ingest", str(mixed_folder), "--db", db])
    assert first.exit_code == 1, first.output  # something was rejected, the rest went in
    counts = table_counts(db_tables, db)
    assert counts["articles"] == 4
    assert counts["rejections"] == 4
    reasons = dict(db_query(db, "select source, reason from rejections"))
    assert any("empty" in r for s, r in reasons.items() if s.endswith("empty.txt"))
    assert any("binary" in r for s, r in reasons.items() if s.endswith("binary.txt"))
    assert any("UTF-8" in r for s, r in reasons.items() if s.endswith("latin1.txt"))
    assert any(s.endswith("feed.jsonl:2") for s in reasons)
    second = runner.invoke(app, ["ingest", str(mixed_folder), "--db", db])
    assert second.exit_code == 1
    assert table_counts(db_tables, db) == counts


def test_ingest_clean_folder_exits_zero_and_show_lists_records(db_url: str):
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "--db", db_url])
    assert shown.exit_code == 0
    for word in ("Articles", "Actors", "Lavrov", "Quotes", "Events"):
        assert word in shown.output


def test_analyse_json_has_the_spec_fields(tmp_path: Path):
    # A real process, as a user runs it.
    src = EXAMPLES / "001_2657d7bd166fc1ab.txt"
    proc = subprocess.run([sys.executable, "-m", "ceasefire.cli", "analyse", str(src), "--json",
                           "--published", "2022-03-10", "--url", "https://example.org/x"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in ("id", "source", "published", "published_basis", "text", "actors", "places", "quotes",
                "events", "figures"):
        assert key in data
    assert data["published"] == "2022-03-10" and data["published_basis"] == "metadata"
    assert data["source"]["url"] == "https://example.org/x"
    text = data["text"]
    for actor in data["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text)
    for quote in data["quotes"]:
        assert text[quote["span"][0]:quote["span"][1]] == quote["text"]
    ids = {a["id"] for a in data["actors"]}
    assert all(q["speaker"] in ids for q in data["quotes"] if q["speaker"])


def test_export_jsonl_and_csv(db_url: str):
    db = db_url
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db]).exit_code == 0
    jsonl = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"])
    lines = [json.loads(line) for line in jsonl.output.splitlines() if line.strip()]
    assert len(lines) == 2
    csv_out = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("article_id")
    bad = runner.invoke(app, ["export", "--db", db, "--format", "xml"])
    assert bad.exit_code == 2 and "jsonl" in bad.output


def test_usage_errors_name_the_fix(tmp_path: Path):
    r = runner.invoke(app, ["analyse", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "no such file" in r.output
    r = runner.invoke(app, ["analyse", str(EXAMPLES / "000_1c9a86e49f4f39f5.txt"), "--published", "10/03/2022"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = runner.invoke(app, ["analyse", str(EXAMPLES / "000_1c9a86e49f4f39f5.txt"), "--model", "xx_no_such_model"])
    assert r.exit_code == 2 and "not installed" in r.output


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/gold/seeds not beside the repo")
def test_eval_json_has_every_key():
    r = runner.invoke(app, ["eval", str(SEEDS), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    for key in ("actors", "places", "quotes", "quotes_ignoring_speaker", "events", "figures"):
        assert set(data[key]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert set(data["event_attribute_accuracy"]) == {"subtype", "status", "outcome"}
    assert 0.0 <= data["published_accuracy"] <= 1.0
