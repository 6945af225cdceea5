"""A run on a Dask local cluster gives the same records as a local run, record for
record, on SQLite and PostgreSQL; shards merge on their own; re-runs add nothing."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest

from ceasefire.ingest import read_paths
from ceasefire.records import Article, RawDocument, Rejection, Source, from_dict, to_dict
from ceasefire.runner import ingest
from ceasefire.scale.dask_runner import DaskIngest, analyse_items, dask_client
from ceasefire.scale.shards import ReplayAnalyser, RunSpec, merge_shard, merge_shards, read_shard, shard_paths
from ceasefire.store import Store
from ceasefire.store.seen import list_seen

TODAY = date(2026, 11, 22)  # the session analyser's "today" (tests/conftest.py)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with dask_client(workers=2) as client:
        yield client


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a run leaves in the store, without the times it was written."""
    return {
        "articles": [to_dict(a) for a in store.iter_articles()],
        "rejections": sorted((r.source, r.stage, r.reason) for r in store.rejections()),
        "seen": sorted((asdict(s) for s in list_seen(store)), key=lambda s: s["id"]),
        "counts": store.counts(),
    }


def totals(summary: Any) -> tuple[int, int, int, int, list[tuple[str, str, str]]]:
    rejected = sorted((r.source, r.stage, r.reason) for r in summary.rejected)
    return summary.inputs, summary.added, summary.already, summary.seen, rejected


@pytest.fixture(scope="module")
def local_run(analyser, mixed_corpus, tmp_path_factory) -> tuple[Any, dict[str, Any]]:
    """The local run of the mixed corpus: its summary and what it left in the store.

    The reference each backend's Dask run is held to, so made once, on SQLite
    (local runs on PostgreSQL are tested elsewhere: tests/scale/test_relevance.py)."""
    with Store.open(str(tmp_path_factory.mktemp("local") / "local.db")) as store:
        summary = ingest(read_paths([mixed_corpus]), store, analyser)
        return summary, snapshot(store)


def test_dask_run_equals_local_run(cluster, local_run, mixed_corpus, store_url, new_db, tmp_path):
    local, expected = local_run
    assert local.added >= 6 and local.seen >= 5 and local.already == 1 and len(local.rejected) == 2

    runner = DaskIngest(cluster, RunSpec(today=TODAY.isoformat()), partition_size=4, shard_dir=str(tmp_path / "shards"))
    with Store.open(store_url) as store:
        distributed = runner.run(read_paths([mixed_corpus]), store)
        assert snapshot(store) == expected
        assert totals(distributed) == totals(local)
        assert runner._replay is not None and runner._replay.analysed_here == 0  # all parsing on the workers
        # Idempotent like a local run: nothing is added twice.
        again = runner.run(read_paths([mixed_corpus]), store)
        assert (again.added, again.seen) == (0, 0) and again.already == local.added + local.seen + local.already
        assert snapshot(store)["articles"] == expected["articles"]

    # The shards the workers wrote merge into a new store on their own, with the same result.
    shards = shard_paths(tmp_path / "shards")
    assert len(shards) == -(-local.inputs // 4)
    with Store.open(new_db("merged")) as store:
        merged = merge_shards(shards, store)
        assert snapshot(store) == expected and totals(merged) == totals(local)


def test_analysis_errors_become_the_same_rejections(analyser, new_db):
    """A document whose analysis raises on a worker is rejected at the merge as a local run rejects it."""

    class Flaky:
        resources = analyser.resources

        def prepare(self, raw):
            return analyser.prepare(raw)

        def analyse_prepared(self, prepared):
            for p in prepared:
                if "EXPLODE" in p.cleaned.text:
                    raise ValueError("extractor bug on purpose")
                yield from analyser.analyse_prepared([p])

    items: list[RawDocument | Rejection] = [
        RawDocument(text=f"Talks on a ceasefire in Gaza resumed on day {i}, mediators said. EXPLODE" * (i == 1)
                    or f"Talks on a ceasefire in Gaza resumed on day {i}, mediators said.",
                    source=Source(path=f"d{i}"), origin=f"d{i}")
        for i in range(3)
    ]
    with Store.open(new_db("local")) as store:
        local = ingest(list(items), store, Flaky())
    rows = analyse_items(list(items), Flaky(), None, frozenset(), batch_size=16)
    assert [r.error_type for r in rows] == [None, "ValueError", None]
    replay = ReplayAnalyser("en_core_web_sm", TODAY)
    with Store.open(new_db("merged")) as store:
        merged = merge_shard(rows, store, replay)
    assert totals(merged) == totals(local)
    assert [r.reason for r in merged.rejected] == ["ValueError: extractor bug on purpose"]


def test_shard_round_trip(analyser):
    items: list[RawDocument | Rejection] = [
        RawDocument(text="Envoys met in Cairo on Monday to discuss a truce in Gaza.", source=Source(url="u"),
                    published="2024-05-01", origin="a.jsonl:1"),
        Rejection("a.jsonl:2", "read", "invalid JSON"),
    ]
    from ceasefire.scale.shards import write_shard

    rows = analyse_items(items, analyser, None, frozenset(), batch_size=4)
    back = list(read_shard(write_shard(rows)))
    assert [r.item for r in back] == items
    assert back[0].article is not None and rows[0].article is not None
    # As the store keeps it: the records of spec/records.md, round-tripped through to_dict.
    assert to_dict(back[0].article) == to_dict(from_dict(Article, to_dict(rows[0].article)))
    assert back[1].id is None and back[1].article is None
