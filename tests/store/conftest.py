"""A hand-built article with every record type, and a store on each backend:
a real SQLite file and a real PostgreSQL server.

The ``store`` and ``store_url`` fixtures run each test once per backend
(``db_url`` in tests/conftest.py). A test that also asks for ``db_path`` looks
inside the SQLite file and runs on SQLite only.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ceasefire.records import (
    Actor, Article, DateRange, Event, Figure, Participant, Place, Quote, Source, TimeExpression,
)
from ceasefire.store import Store

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


@pytest.fixture
def store_url(db_url: str) -> str:
    """A new, empty store on this run's backend (tests/conftest.py: db_url)."""
    return db_url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened
