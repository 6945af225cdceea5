"""Any text stored in an article reads back unchanged, offsets and all."""
from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.records import Article, Quote, Source, to_dict
from ceasefire.store import Store


@pytest.fixture(scope="module")
def shared_store(session_dbs):
    with Store.open(session_dbs.new("prop")) as store:
        yield store


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(), title=st.text())
def test_any_text_reads_back_unchanged(shared_store, text, title):
    article = Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=Source(title=title), published=None, published_basis="unknown", text=text,
        quotes=[Quote(speaker=None, speaker_text=None, text=text, span=(0, len(text)), kind="direct")],
    )
    shared_store.add_article(article)  # False when Hypothesis repeats a text
    got = shared_store.get_article(article.id)
    assert got.text == text
    assert to_dict(got)["quotes"] == to_dict(article)["quotes"]
    row = next(r for r in shared_store.list_rows("articles", limit=10_000) if r["id"] == article.id)
    assert row["text"] == text
