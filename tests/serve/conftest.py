"""Fixtures for the web page and API: a real store seeded by the real pipeline, served for real.

The seed store is built once per session and backend (a SQLite file, a
PostgreSQL database: ``backend`` and ``session_dbs`` in tests/conftest.py) by
ingesting ``examples/*.txt`` and the tracking corpus
(``tests/data/tracking_corpus``) with the session's analyser, then copied for
each consumer: the API tests read one copy, the browser tests write to
another through a uvicorn server on 127.0.0.1.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ceasefire.records import Actor, Article, DateRange, Event, Participant, Place, RawDocument, Source

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CORPUS = REPO / "tests" / "data" / "tracking_corpus" / "corpus.jsonl"
ARTIFACTS = REPO / "test-artifacts"
TOKEN = "test-token-0123456789"


def pytest_configure(config: pytest.Config) -> None:
    # Starlette's test client prefers the httpx2 package; httpx (pinned) works the same here.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


def seed_documents() -> list[RawDocument]:
    docs = [RawDocument(text=p.read_text(encoding="utf-8"), source=Source(path=p.name, title=p.stem),
                        origin=p.name) for p in sorted(EXAMPLES.glob("*.txt"))]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs.append(RawDocument(text=row["text"], source=Source(url=row["url"], outlet=row["outlet"],
                                                                title=row["title"]),
                                published=row["published"], origin=row["id"]))
    return docs


@pytest.fixture(scope="session")
def seed_db(session_dbs: Any, analyser: Any) -> str:
    from ceasefire.runner import ingest
    from ceasefire.store import Store

    url = session_dbs.new("seed", database=True)  # a database of its own: copies are made from it
    with Store.open(url) as store:
        summary = ingest(seed_documents(), store, analyser, relevance=False)
    assert summary.added >= 30, summary
    return str(url)


CORRIDOR_TEXT = ("ZAPORIZHZHIA, Ukraine (Reuters) - A humanitarian corridor from Mariupol to Zaporizhzhia "
                 "opened on Friday, the International Committee of the Red Cross said.")


def corridor_article() -> Article:
    """A hand-built article whose corridor has an origin and a destination, for the map's lines."""
    text = CORRIDOR_TEXT

    def span(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return (start, start + len(needle))

    return Article(
        id=hashlib.sha256(text.encode()).hexdigest(), source=Source(title="Corridor opens", outlet="Reuters"),
        published="2022-04-29", published_basis="metadata", text=text,
        actors=[Actor(id="a1", name="International Committee of the Red Cross", kind="organization",
                      mentions=[span("International Committee of the Red Cross")])],
        places=[Place(id="p1", name="Mariupol", kind="city", country="UA", lat=47.09514, lon=37.54131,
                      geonames_id=703845, mentions=[span("Mariupol")]),
                Place(id="p2", name="Zaporizhzhia", kind="city", country="UA", lat=47.82289, lon=35.19031,
                      geonames_id=687700, mentions=[span("Zaporizhzhia")])],
        events=[Event(type="corridor", subtype="evacuation", status="occurred",
                      date=DateRange("2022-04-29", "2022-04-29"), place="p1",
                      participants=[Participant("a1", "guarantor")],
                      attributes={"origin": "p1", "destination": "p2"}, evidence=[(0, len(text))])])


def add_tracked(store: Any, article: Article) -> None:
    from ceasefire.store.tracking import track_article
    if store.add_article(article):
        track_article(store, article)


@pytest.fixture(scope="session")
def api_db(seed_db: str, session_dbs: Any) -> str:
    return str(session_dbs.copy(seed_db, "api"))


@pytest.fixture(scope="session")
def app(api_db: str, analyser: Any) -> Iterator[Any]:
    from ceasefire.serve import create_app
    application = create_app(api_db, token=TOKEN, analyser_factory=lambda: analyser)
    yield application
    application.state.jobs.close()
    application.state.store.close()


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a thread, stopped at the end of the session."""

    def __init__(self, app: Any) -> None:
        import uvicorn
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def live_server(seed_db: str, session_dbs: Any, analyser: Any) -> Iterator[LiveServer]:
    from ceasefire.serve import create_app
    db = session_dbs.copy(seed_db, "live")
    application = create_app(db, token=TOKEN, analyser_factory=lambda: analyser,
                             allowed_hosts=["127.0.0.1", "localhost"])
    with LiveServer(application) as server:
        yield server


CHROMIUM = os.environ.get("CEASEFIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; skipped where either is missing, except under CI."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("playwright is not installed (scripts/browser.sh installs the browser tests' needs)")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium at {CHROMIUM}: scripts/browser.sh installs it")
        pytest.skip(f"no Chromium at {CHROMIUM} (bash scripts/browser.sh installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
