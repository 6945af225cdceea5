"""Distributed ingest on Dask: workers analyse partitions into record shards,
the driver merges the shards into the store in input order.

- The driver streams the inputs, cuts them into partitions of
  ``partition_size`` items and keeps a bounded number in flight, so memory does
  not grow with the corpus.
- Each worker loads the model once (a worker plugin whose lifetime is the
  worker's), cleans, filters and analyses its partition as a local run would
  and returns a Parquet shard (``shards.py``), or writes it to ``shard_dir``
  when one is given (it must then be a folder the driver can read too).
- The driver merges shard after shard through the local ingest
  (``shards.merge_shard``): the same idempotence, counts and records as a
  local run, record for record.

With no scheduler address a local cluster of ``workers`` processes (one
thread each) is started for the run and closed after it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import CeasefireError
from ..records import RawDocument, Rejection
from .shards import ReplayAnalyser, RunSpec, ShardRow, add_summary, merge_shard, write_shard

PLUGIN = "ceasefire-analyser"
DEFAULT_PARTITION = 32
# A local cluster shares the machine's cores with the driver, and a task here runs for seconds:
# the workers' sampling profiler, the 20 ms event-loop tick of every server (scheduler, nannies,
# workers, client) and the 0.1-0.5 s resource monitors cost CPU the analysis needs (the driver's
# event loop alone used 3-4 ms per article with the defaults, about 1 ms without).
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class DaskError(CeasefireError):
    """The Dask cluster cannot be reached or started."""


class AnalyserPlugin(WorkerPlugin):
    """Loads the model and the relevance lexicon once per worker (a Dask worker plugin)."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.analyser: Any = None
        self.filter: Any = None

    def setup(self, worker: Any = None) -> None:
        from ..analyse.pipeline import Analyser
        from ..analyse.resources import Resources
        from ..relevance import RelevanceFilter
        from .bench import warm_up

        resources = Resources.load(self.spec.model)
        extractors = list(self.spec.extractors) if self.spec.extractors is not None else None
        self.analyser = Analyser(resources, extractors, date.fromisoformat(self.spec.today))
        self.filter = RelevanceFilter.load(resources)
        warm_up(self.analyser)

    def teardown(self, worker: Any = None) -> None:
        self.analyser = self.filter = None


def plugin_name(spec: RunSpec) -> str:
    """One plugin per run setting, so clients with other settings can share a cluster."""
    digest = hashlib.sha1(json.dumps(dataclasses.asdict(spec), sort_keys=True).encode()).hexdigest()[:12]
    return f"{PLUGIN}-{digest}"


def _plugin(name: str) -> AnalyserPlugin:
    from distributed import get_worker

    return get_worker().plugins[name]  # type: ignore[return-value]


def analyse_items(items: list[RawDocument | Rejection], analyser: Any, relevance_filter: Any,
                  known: frozenset[str], batch_size: int) -> list[ShardRow]:
    """Shard rows for a partition: what the local run would analyse is analysed here.

    Skipped, as the local run skips them: empty texts, ids already stored (or
    seen earlier in this partition), texts not in English, and (with a
    filter) off-topic texts. The merge decides again about each; this only
    saves the work.
    """
    from ..ingest.language import language_rejection

    rows: list[ShardRow] = []
    todo: list[tuple[ShardRow, Any]] = []
    ids: set[str] = set()
    for item in items:
        if isinstance(item, Rejection):
            rows.append(ShardRow(item))
            continue
        p = analyser.prepare(item)
        row = ShardRow(item, id=p.id)
        rows.append(row)
        text = p.cleaned.text
        if not text.strip() or p.id in known or p.id in ids:
            continue
        if language_rejection(text, item.origin) is not None:
            continue
        if relevance_filter is not None and not relevance_filter.judge(text).relevant:
            continue
        ids.add(p.id)
        todo.append((row, p))
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        try:
            for (row, _), article in zip(batch, analyser.analyse_prepared([p for _, p in batch])):
                row.article = article
        except Exception:
            for row, p in batch:  # one bad document must not sink the batch, as in runner.ingest
                row.article = None
                try:
                    row.article = next(iter(analyser.analyse_prepared([p])))
                except Exception as exc:  # noqa: BLE001 - becomes the same rejection at the merge
                    row.error_type, row.error = type(exc).__name__, str(exc)
    return rows


def analyse_partition(name: str, index: int, items: list[RawDocument | Rejection], known: frozenset[str],
                      batch_size: int, shard_dir: str | None) -> bytes | str:
    """The task a worker runs: a partition in, a shard (bytes, or its path under ``shard_dir``) out."""
    plugin = _plugin(name)
    filt = plugin.filter if plugin.spec.relevance else None
    rows = analyse_items(items, plugin.analyser, filt, known, batch_size)
    path = os.path.join(shard_dir, f"part-{index:07d}.parquet") if shard_dir else None
    return write_shard(rows, path, plugin.spec)


def parse_texts(name: str, texts: list[str], batch_size: int) -> int:
    """Bare ``nlp.pipe`` over ``texts`` on a worker (the benchmark's reference); returns the count."""
    nlp = _plugin(name).analyser.resources.nlp
    return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))


def partitions(items: Iterable[RawDocument | Rejection], size: int) -> Iterator[list[RawDocument | Rejection]]:
    part: list[RawDocument | Rejection] = []
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    for name in ("distributed", "distributed.worker", "distributed.nanny", "distributed.scheduler"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise DaskError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    n = workers or os.cpu_count() or 1
    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


@dataclass
class DaskIngest:
    """A Dask client set up for ingest runs with one model, date and filter setting."""

    client: Any
    spec: RunSpec
    partition_size: int = DEFAULT_PARTITION
    batch_size: int = 16
    shard_dir: str | None = None
    _replay: ReplayAnalyser | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.plugin = plugin_name(self.spec)
        self.client.register_plugin(AnalyserPlugin(self.spec), name=self.plugin)
        if self.shard_dir:
            Path(self.shard_dir).mkdir(parents=True, exist_ok=True)
        # Made now, with the merge's imports, rather than while the first shard waits.
        from .. import runner  # noqa: F401 - the merge's store and tracking modules
        extractors = list(self.spec.extractors) if self.spec.extractors is not None else None
        self._replay = ReplayAnalyser(self.spec.model, date.fromisoformat(self.spec.today), extractors)

    @property
    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, items: Iterable[RawDocument | Rejection], store: Any,
            on_item: Callable[[RawDocument | Rejection], None] | None = None) -> Any:
        """Ingest ``items`` into ``store``; returns the ``IngestSummary`` a local run would."""
        from ..runner import IngestSummary

        assert self._replay is not None  # made in __post_init__
        known = self.client.scatter([frozenset(store.article_ids())], broadcast=True)[0]
        total = IngestSummary()
        in_flight: deque[Any] = deque()
        limit = 2 * self.n_workers + 1

        def merge_oldest() -> None:
            shard = in_flight.popleft().result()
            add_summary(total, merge_shard(shard, store, self._replay, relevance=self.spec.relevance,
                                           batch_size=self.batch_size, on_item=on_item))

        for index, part in enumerate(partitions(items, self.partition_size)):
            in_flight.append(self.client.submit(analyse_partition, self.plugin, index, part, known,
                                                self.batch_size, self.shard_dir, pure=False))
            while len(in_flight) >= limit:
                merge_oldest()
        while in_flight:
            merge_oldest()
        return total

    def parse(self, texts: Iterable[str]) -> int:
        """Bare ``nlp.pipe`` over ``texts`` on the workers (the benchmark's reference)."""
        done = 0
        in_flight: deque[Any] = deque()
        batch: list[str] = []

        def submit(chunk: list[str]) -> None:
            in_flight.append(self.client.submit(parse_texts, self.plugin, chunk, self.batch_size, pure=False))

        for text in texts:
            batch.append(text)
            if len(batch) >= self.partition_size:
                submit(batch)
                batch = []
                while len(in_flight) >= 2 * self.n_workers + 1:
                    done += in_flight.popleft().result()
        if batch:
            submit(batch)
        while in_flight:
            done += in_flight.popleft().result()
        return done


def ingest_dask(items: Iterable[RawDocument | Rejection], store: Any, *, model: str = "en_core_web_sm",
                today: date | None = None, extractors: list[str] | None = None, relevance: bool = True,
                scheduler: str | None = None, workers: int | None = None,
                partition_size: int = DEFAULT_PARTITION, batch_size: int = 16, shard_dir: str | None = None,
                on_item: Callable[[RawDocument | Rejection], None] | None = None) -> Any:
    """Ingest ``items`` into ``store`` on a Dask cluster (``scheduler`` address, or a local
    cluster of ``workers`` processes); the same records as ``runner.ingest``."""
    spec = RunSpec(model=model, today=(today or date.today()).isoformat(), relevance=relevance,
                   extractors=tuple(extractors) if extractors is not None else None)
    with dask_client(scheduler, workers) as client:
        runner = DaskIngest(client, spec, partition_size=partition_size, batch_size=batch_size, shard_dir=shard_dir)
        return runner.run(items, store, on_item=on_item)
