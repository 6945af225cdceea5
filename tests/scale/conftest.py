"""A small mixed corpus (on-topic seeds and corridor reports, off-topic local news,
a duplicate, bad lines), and store locations on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "gold" / "seeds"
CORRIDORS = SHARED / "benchmarks" / "corridors" / "dev.csv"
LGL = SHARED / "benchmarks" / "geo" / "lgl.xml"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def corridor_texts() -> list[str]:
    """The corridor benchmark's news excerpts, links dropped, each text once (at least 20 words)."""
    out: list[str] = []
    with CORRIDORS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parts = [re.sub(r"(?:see source:\s*)?https?://\S+", "", p) for p in re.split(r";{3,}|:::", row["text"])]
            parts = [" ".join(re.sub(r"^\s*Status: [^;]*;", "", p).split()) for p in parts]
            text = "\n\n".join(p for p in parts if len(p.split()) >= 3)
            if len(text.split()) >= 20 and text not in out:
                out.append(text)
    return out


def local_news(n: int) -> list[str]:
    """The first ``n`` LGL articles: US local news (fires, courts, schools)."""
    raw = LGL.read_text(encoding="utf-8")
    texts = re.findall(r"<text><!\[CDATA\[(.*?)\]\]></text>", raw, re.S)
    return [t.strip() for t in texts[:n]]


@pytest.fixture(scope="session")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """On-topic and off-topic articles, one duplicate, one bad line and one empty text, as JSONL."""
    rows = [{"text": t, "title": f"seed {i}"} for i, t in enumerate(seed_texts())]
    rows += [{"text": t, "published": "2022-03-20"} for t in corridor_texts()[:4]]
    rows += [{"text": t} for t in local_news(6)]
    rows.append(rows[2])  # the same corridor report again
    path = tmp_path_factory.mktemp("corpus") / "mixed.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(5, "{not json")
    lines.insert(7, json.dumps({"text": "   "}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store_url(db_url: str) -> str:
    """A new, empty store on this run's backend: a SQLite file, or a schema of the PostgreSQL
    test server (tests/conftest.py: db_url; skipped without CEASEFIRE_TEST_PG_URL, failed under CI)."""
    return db_url
