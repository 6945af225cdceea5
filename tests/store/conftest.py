"""A hand-built article with every record type, and a store on each backend:
a real SQLite file and a real PostgreSQL server.

The ``store`` and ``store_url`` fixtures run each test once per backend. The
PostgreSQL server is the one ``scripts/postgres.sh`` starts (scripts/test.sh
does), named by ``CEASEFIRE_TEST_PG_URL``; each test gets a schema of its own,
dropped afterwards. Without the variable the PostgreSQL runs are skipped,
except under CI (``CI=true``), where they fail: CI must test both backends.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ceasefire.records import (
    Actor, Article, DateRange, Event, Figure, Participant, Place, Quote, Source, TimeExpression,
)
from ceasefire.store import Store
from ceasefire.store.engine import make_engine

PG_ENV = "CEASEFIRE_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")

TEXT = (
    "ANTALYA, Turkey (Reuters) - Russian Foreign Minister Sergei Lavrov met Ukraine's "
    "Dmytro Kuleba in Antalya on Thursday. \"No progress was achieved,\" Kuleba said. "
    "The UN says more than 4 million refugees have fled Ukraine. Talks will continue next week."
)


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return (start, start + len(needle))


def build_article(text: str = TEXT, title: str = "Talks in Antalya") -> Article:
    s = lambda needle: span(text, needle)  # noqa: E731
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=Source(path="news/antalya.txt", url="https://example.org/a", outlet="Reuters", title=title),
        published="2022-03-10",
        published_basis="dateline",
        text=text,
        dateline="ANTALYA, Turkey (Reuters)",
        actors=[
            Actor(id="a1", name="Sergei Lavrov", kind="person", country="RU", titles=["Foreign Minister"],
                  aliases=["Lavrov"], mentions=[s("Sergei Lavrov")], kb_id="Q130742", rule="kb.person"),
            Actor(id="a2", name="Dmytro Kuleba", kind="person", country="UA",
                  aliases=["Kuleba"], mentions=[s("Dmytro Kuleba"), span(text, "Kuleba", 120)], rule="kb.person"),
            Actor(id="a3", name="United Nations", kind="organization", aliases=["UN"], mentions=[s("UN")]),
        ],
        places=[
            Place(id="p1", name="Antalya", kind="city", country="TR", lat=36.90812, lon=30.69556,
                  geonames_id=323777, aliases=["ANTALYA"], mentions=[s("ANTALYA"), s("Antalya")], rule="gaz"),
            Place(id="p2", name="Ukraine", kind="country", country="UA", mentions=[s("Ukraine"), span(text, "Ukraine", text.index("fled"))]),
        ],
        quotes=[
            Quote(speaker="a2", speaker_text="Kuleba", text="No progress was achieved,", span=s("No progress was achieved,"),
                  kind="direct", cue="said", speaker_span=span(text, "Kuleba", 120), rule="quote.marks"),
            Quote(speaker=None, speaker_text=None, text="more than 4 million refugees", span=s("more than 4 million refugees"),
                  kind="indirect"),
        ],
        events=[
            Event(type="talks", subtype="meeting", status="occurred",
                  date=DateRange("2022-03-10", "2022-03-10", "day"), place="p1",
                  participants=[Participant("a1", "party"), Participant("a2", "party")], outcome="no_breakthrough",
                  attributes={"format": "bilateral", "level": "ministerial", "agenda": ["ceasefire", "humanitarian_corridor"]},
                  evidence=[s("Russian Foreign Minister Sergei Lavrov met Ukraine's Dmytro Kuleba in Antalya on Thursday.")],
                  rule="talks.met"),
            Event(type="talks", subtype=None, status="planned", date=DateRange("2022-03-14", "2022-03-20", "week"),
                  evidence=[s("Talks will continue next week.")]),
        ],
        figures=[
            Figure(category="refugees", value=4_000_000, qualifier="more_than", source="a3",
                   place="p2", evidence=[s("The UN says more than 4 million refugees have fled Ukraine.")], rule="fig.count"),
        ],
        times=[TimeExpression(text="Thursday", span=s("Thursday"), date=DateRange("2022-03-10", "2022-03-10"), rule="weekday")],
    )


@pytest.fixture
def article() -> Article:
    return build_article()


@pytest.fixture
def make_article() -> Callable[..., Article]:
    return build_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ceasefire.db"


def postgres_base_url() -> str:
    """The test server's URL; skips (fails under CI) when it is not given."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = (f"{PG_ENV} is not set: run the tests with scripts/test.sh, "
                   "which starts PostgreSQL (scripts/postgres.sh)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections work in a new, empty schema; the schema is dropped afterwards."""
    base = postgres_base_url()
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {name}")
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        admin.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # A test that also asks for db_path looks inside the SQLite file: SQLite only.
    if "store_url" in metafunc.fixturenames:
        backends = ("sqlite",) if "db_path" in metafunc.fixturenames else BACKENDS
        metafunc.parametrize("store_url", backends, indirect=True)


@pytest.fixture
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A location for a new, empty store: a SQLite file (the db_path file), or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "ceasefire.db")
    else:
        with postgres_schema_url() as url:
            yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened
