"""Fixtures for tracking across articles: hand-built articles, a tracked store, the corpus and its key."""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ceasefire.records import Actor, Article, DateRange, Event, Participant, Place, Quote, Source
from ceasefire.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "data" / "tracking_corpus"


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return (start, start + len(needle))


def build(text: str, published: str, *, url: str | None = None, actors: list[dict[str, Any]] = (),
          places: list[dict[str, Any]] = (), events: list[dict[str, Any]] = (),
          quotes: list[dict[str, Any]] = ()) -> Article:
    """An analysed article built by hand: names and evidence are given as substrings of ``text``."""
    acts = []
    for i, a in enumerate(actors, 1):
        a = dict(a)
        mention = a.pop("mention", a["name"])
        acts.append(Actor(id=a.pop("id", f"a{i}"), mentions=[_span(text, mention)], **a))
    pls = []
    for i, p in enumerate(places, 1):
        p = dict(p)
        mention = p.pop("mention", p["name"])
        pls.append(Place(id=p.pop("id", f"p{i}"), mentions=[_span(text, mention)], **p))
    evs = []
    for e in events:
        e = dict(e)
        date = e.pop("date", None)
        evs.append(Event(
            type=e.pop("type"), subtype=e.pop("subtype", None), status=e.pop("status", "occurred"),
            date=DateRange(*date) if date else None, place=e.pop("place", None),
            participants=[Participant(a, r) for a, r in e.pop("participants", [])],
            evidence=[_span(text, e.pop("evidence"))], **e))
    qs = [Quote(speaker=q["speaker"], speaker_text=None, text=q["text"], span=_span(text, q["text"]),
                kind=q.get("kind", "direct"), cue="said") for q in quotes]
    return Article(id=hashlib.sha256(text.encode("utf-8")).hexdigest(), source=Source(url=url, title=None),
                   published=published, published_basis="metadata", text=text, actors=acts, places=pls,
                   events=evs, quotes=qs)


@pytest.fixture
def make() -> Callable[..., Article]:
    return build


def add_and_track(store: Store, article: Article) -> Any:
    """What the ingest runner does with an analysed article: store it, then track it."""
    from ceasefire.store.tracking import track_article
    assert store.add_article(article)
    return track_article(store, article)


@pytest.fixture
def ingest() -> Callable[[Store, Article], Any]:
    return add_and_track


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new, empty store on this run's backend (tests/conftest.py: db_url)."""
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def corpus_key() -> ModuleType:
    # Tests run with --import-mode=importlib: a sibling helper is loaded by path.
    spec = importlib.util.spec_from_file_location("corpus_key", Path(__file__).with_name("corpus_key.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
