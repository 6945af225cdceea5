"""Crash safety: ``ceasefire ingest`` killed with SIGKILL at random moments, again
and again, then run to the end, leaves exactly the database a clean run leaves,
on SQLite and on PostgreSQL.

Half the kills come at a random time after start (model loading, migration,
reading, writing: wherever it is); the other half wait until the run is seen
writing and then strike within half a second, so many land between or inside
article transactions. Every table is compared, row for row, with the clean
run's, leaving out only the columns that hold wall-clock timestamps.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

KILLS = 20
SEED = int(os.environ.get("CEASEFIRE_CRASH_SEED", "20240501"))
CITIES = ["Mariupol", "Kharkiv", "Kherson", "Sumy", "Chernihiv", "Mykolaiv", "Odesa", "Irpin"]


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(1, 37):
        city = CITIES[i % len(CITIES)]
        (folder / f"a{i:02d}.txt").write_text(
            f"KYIV, March {i % 28 + 1} (Reuters) - Russian and Ukrainian negotiators met in Istanbul on Tuesday "
            f"for round {i} of talks on a ceasefire, officials said. \"We discussed a humanitarian corridor for "
            f"{city},\" Ukrainian negotiator Mykhailo Podolyak told reporters. The United Nations said more than "
            f"{i * 1000} civilians had been evacuated from {city}. Turkey's foreign minister said the talks would "
            "continue next week.\n", encoding="utf-8")
    (folder / "dup.txt").write_text((folder / "a01.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "german.txt").write_text(
        "Die Außenminister Russlands und der Ukraine haben sich am Donnerstag in Antalya getroffen. Nach dem "
        "Treffen sagte Kuleba, es habe keine Fortschritte bei den Gesprächen über eine Waffenruhe gegeben.\n",
        encoding="utf-8")
    lines = [json.dumps({"text": "Sudan's army and the RSF agreed a 72-hour truce on Sunday, mediators in "
                                 "Jeddah said.", "published": "2023-05-21"}),
             "{broken json", "[1, 2, 3]",
             json.dumps({"text": "Yemen's warring parties met in Muscat for talks on a truce, officials said."})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def ingest_cmd(corpus: Path, db: str) -> list[str]:
    # Small batches: more transactions, so more moments between and inside them to strike.
    return [sys.executable, "-m", "ceasefire.cli", "ingest", str(corpus), "--db", db, "--batch-size", "3"]


COUNT_WRITES = "select (select count(*) from articles) + (select count(*) from rejections)"


def writes_so_far(db: str) -> int:
    """Articles plus rejections committed, read as another process would; 0 before the store is made."""
    if "://" in db:
        from sqlalchemy.exc import SQLAlchemyError

        from ceasefire.store.engine import make_engine
        engine = make_engine(db)
        try:
            with engine.connect() as conn:
                return int(conn.exec_driver_sql(COUNT_WRITES).scalar_one())
        except SQLAlchemyError:
            return 0  # not migrated yet
        finally:
            engine.dispose()
    if not Path(db).exists():
        return 0
    try:
        # Read-only, without the store's engine: a reader must not create or convert the file.
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute(COUNT_WRITES).fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not migrated yet


def kill_once(cmd: list[str], db: str, rng: random.Random, wait_for_writes: bool) -> bool:
    """Start a run and SIGKILL it; False when it finished before the blow fell."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_for_writes:
            before = writes_so_far(db)
            deadline = time.monotonic() + 60
            while proc.poll() is None and writes_so_far(db) == before and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 0.5))
        else:
            try:
                proc.wait(timeout=rng.uniform(0.5, 4.0))
            except subprocess.TimeoutExpired:
                pass
        if proc.poll() is not None:
            return False
        proc.send_signal(signal.SIGKILL)
        return True
    finally:
        proc.wait(timeout=60)


WALL_CLOCK = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")  # record dates are YYYY-MM-DD, never with a time


def compare_ready(read_tables, *dbs: str) -> list[dict[str, list[str]]]:
    """Each database's tables as sorted rows, without the columns that hold wall-clock
    timestamps in either database (ingested_at, created_at...)."""
    tables = [read_tables(db) for db in dbs]
    clock: dict[str, set[str]] = {}
    for dump in tables:
        for name, (columns, rows) in dump.items():
            clock.setdefault(name, set()).update(
                c for i, c in enumerate(columns) if any(isinstance(r[i], str) and WALL_CLOCK.match(r[i]) for r in rows))
    return [{name: sorted(repr(tuple(v for c, v in zip(columns, r) if c not in clock[name])) for r in rows)
             for name, (columns, rows) in dump.items()} for dump in tables]


def tracking_tables() -> set[str]:
    from ceasefire.store import schema
    return {t.name for t in getattr(schema, "TRACKING_TABLES", ())}


@pytest.fixture(scope="module")
def crashed_and_clean(tmp_path_factory: pytest.TempPathFactory, session_dbs, db_tables
                      ) -> tuple[dict[str, list[str]], dict[str, list[str]], int]:
    tmp_path = tmp_path_factory.mktemp("crash")
    corpus = tmp_path / "corpus"
    write_corpus(corpus)

    # The clean run goes on beside the kills: on two cores that halves the wait.
    clean_db = session_dbs.new("clean")
    clean_log = tmp_path / "clean.log"
    with clean_log.open("w") as log:  # a file, not a pipe: nobody reads a pipe during the kills
        clean = subprocess.Popen(ingest_cmd(corpus, clean_db), stdout=subprocess.DEVNULL, stderr=log)

    rng = random.Random(SEED)
    crashed_db = session_dbs.new("crashed")
    kills = attempts = 0
    while kills < KILLS and attempts < 3 * KILLS:
        attempts += 1
        kills += kill_once(ingest_cmd(corpus, crashed_db), crashed_db, rng, wait_for_writes=attempts % 2 == 0)
    assert kills >= KILLS, f"only {kills} runs were still going when killed (seed {SEED})"

    final = subprocess.run(ingest_cmd(corpus, crashed_db), capture_output=True, text=True, timeout=600)
    # Exit 1: something was rejected, and the exit status says so (a crash would exit 1 too: no traceback).
    assert final.returncode == 1 and "Traceback" not in final.stderr, final.stderr[-3000:]
    clean.wait(timeout=600)
    clean_err = clean_log.read_text()
    assert clean.returncode == 1 and "Traceback" not in clean_err, clean_err[-3000:]
    expected, got = compare_ready(db_tables, clean_db, crashed_db)
    return expected, got, kills


def test_sigkill_at_random_moments_then_resume_equals_a_clean_run(crashed_and_clean):
    expected, got, kills = crashed_and_clean
    assert sorted(got) == sorted(expected)
    for name in sorted(set(expected) - tracking_tables()):
        assert got[name] == expected[name], f"table {name} differs after {kills} kills (seed {SEED})"
    assert len(expected["articles"]) == 38  # 36 files (one duplicate) and 2 JSONL lines
    reasons = " ".join(expected["rejections"])
    for needle in ("empty", "binary", "not English (looks like de)", "invalid JSON", "not a JSON object"):
        assert needle in reasons


def test_tracking_tables_after_sigkills_equal_a_clean_run(crashed_and_clean):
    expected, got, kills = crashed_and_clean
    for name in sorted(tracking_tables() & set(expected)):
        assert got[name] == expected[name], f"table {name} differs after {kills} kills (seed {SEED})"
