"""``ceasefire bench``: throughput of the full pipeline against bare spaCy, in one run.

The pipeline is everything ``ceasefire ingest`` does: read, clean, date, (the
relevance filter), parse, extract, store. The reference is a bare
``nlp.pipe`` over the same texts with the same model and batch size. Both are
timed in the same process, so the ratio holds however fast the machine is.

On one core the corpus is read in chunks and each chunk is timed through both,
alternating which goes first: a load that comes and goes (another process on
the machine) then slows both alike. With ``workers`` > 1 (or a scheduler) both
run on a Dask cluster, the reference first over the whole corpus, then the
pipeline (``dask_runner``). Model loading and warm-up are not timed.

Peak memory is the largest resident set of this process and its child
processes (the local cluster's workers) together, sampled while the
benchmark runs.
"""
from __future__ import annotations

import os
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from ..records import RawDocument

Progress = Callable[[int], None]
WARM_UP = ("GENEVA (Reuters) - Negotiators from both sides met in Geneva on Monday for a second round of "
           "ceasefire talks, the UN envoy said. \"We are not there yet,\" he told reporters.")


def warm_up(analyser: Any) -> None:
    """Analyse one short text, so the model and the lazily built resources (knowledge
    base, gazetteer) are loaded before the first real document and not timed with it."""
    from ..records import Source

    analyser.analyse(RawDocument(text=WARM_UP, source=Source()))


@dataclass
class BenchResult:
    articles: int
    pipeline_docs_per_s: float
    spacy_docs_per_s: float | None
    ratio: float | None
    peak_rss_mb: float
    words: int = 0
    pipeline_words_per_s: float = 0.0
    spacy_words_per_s: float | None = None
    pipeline_s: float = 0.0
    spacy_s: float | None = None
    pipeline_cpu_s: float | None = None  # CPU time of the pipeline: this process (and the Dask workers)
    spacy_cpu_s: float | None = None
    driver_cpu_s: float | None = None  # Dask runs: the part of pipeline_cpu_s spent in this process
    workers: int = 1
    relevance: bool = False
    relevance_docs_per_s: float | None = None  # the filter alone, over the same texts
    added: int = 0
    already: int = 0
    seen: int = 0
    rejected: int = 0
    model: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class RssSampler:
    """The peak resident memory of this process and its children, sampled in a thread."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self.peak = 0

    def sample(self) -> int:
        import psutil

        total = 0
        for proc in [self._proc, *self._proc.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        self.peak = max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()

    def __enter__(self) -> RssSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
        self.peak = max(self.peak, own)


@contextmanager
def _bench_store(db: str | None) -> Iterator[Any]:
    from ..store import Store

    if db:
        with Store.open(db) as store:
            yield store
        return
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp, \
            Store.open(os.path.join(tmp, "bench.db")) as store:
        yield store


def _words(text: str) -> int:
    return len(text.split())


def _rate(n: float, seconds: float | None) -> float | None:
    if seconds is None:
        return None
    return n / seconds if seconds > 0 else 0.0


def run_bench(paths: list[Path], *, model: str = "en_core_web_sm", workers: int = 1, scheduler: str | None = None,
              relevance: bool = False, reference: bool = True, db: str | None = None, batch_size: int = 16,
              chunk: int = 64, partition_size: int | None = None, limit: int | None = None,
              today: date | None = None, progress: Progress | None = None) -> BenchResult:
    """Benchmark the pipeline (and, with ``reference``, bare spaCy) over the inputs at ``paths``."""
    today = today or date.today()
    with RssSampler() as rss:
        if workers > 1 or scheduler:
            result = _bench_dask(paths, model=model, workers=workers, scheduler=scheduler, relevance=relevance,
                                 reference=reference, db=db, batch_size=batch_size, limit=limit, today=today,
                                 partition_size=partition_size, progress=progress)
        else:
            result = _bench_local(paths, model=model, relevance=relevance, reference=reference, db=db,
                                  batch_size=batch_size, chunk=chunk, limit=limit, today=today, progress=progress)
    result.peak_rss_mb = round(rss.peak / 2**20, 1)
    result.model = model
    return result


def _items(paths: list[Path], limit: int | None) -> Iterator[Any]:
    from ..ingest import read_paths

    items = read_paths(paths)
    return islice(items, limit) if limit is not None else items


def _bench_local(paths: list[Path], *, model: str, relevance: bool, reference: bool, db: str | None,
                 batch_size: int, chunk: int, limit: int | None, today: date,
                 progress: Progress | None) -> BenchResult:
    from ..analyse.pipeline import Analyser
    from ..analyse.resources import Resources
    from ..relevance import RelevanceFilter
    from ..runner import ingest

    resources = Resources.load(model)
    analyser = Analyser(resources, today=today)
    nlp = resources.nlp
    warm_up(analyser)
    for _ in nlp.pipe([WARM_UP]):
        pass
    filt = RelevanceFilter.load(resources)
    n = words = added = already = seen = rejected = 0
    pipe_s = spacy_s = filter_s = pipe_cpu = spacy_cpu = 0.0
    stream = _items(paths, limit)
    with _bench_store(db) as store:
        for round_no in range(1 << 62):
            t0 = time.perf_counter()
            items = list(islice(stream, chunk))
            read_s = time.perf_counter() - t0
            if not items:
                break
            texts = [i.text for i in items if isinstance(i, RawDocument)]
            n += len(texts)
            words += sum(_words(t) for t in texts)

            def run_pipeline() -> float:
                nonlocal added, already, seen, rejected, pipe_cpu
                t, c = time.perf_counter(), time.process_time()
                summary = ingest(items, store, analyser, batch_size=batch_size, relevance=relevance)
                pipe_cpu += time.process_time() - c
                added, already = added + summary.added, already + summary.already
                seen, rejected = seen + summary.seen, rejected + len(summary.rejected)
                return time.perf_counter() - t

            def run_spacy() -> float:
                nonlocal spacy_cpu
                t, c = time.perf_counter(), time.process_time()
                for _ in nlp.pipe(texts, batch_size=batch_size):
                    pass
                spacy_cpu += time.process_time() - c
                return time.perf_counter() - t

            if reference and round_no % 2:
                spacy_s += run_spacy()
                pipe_s += read_s + run_pipeline()
            else:
                pipe_s += read_s + run_pipeline()
                if reference:
                    spacy_s += run_spacy()
            t = time.perf_counter()
            for text in texts:
                filt.judge(text)
            filter_s += time.perf_counter() - t
            if progress:
                progress(n)
    result = _result(n, words, pipe_s, spacy_s if reference else None, 1, relevance, added, already, seen,
                     rejected, _rate(n, filter_s))
    result.pipeline_cpu_s = round(pipe_cpu, 2)
    result.spacy_cpu_s = round(spacy_cpu, 2) if reference else None
    return result


def _bench_dask(paths: list[Path], *, model: str, workers: int, scheduler: str | None, relevance: bool,
                reference: bool, db: str | None, batch_size: int, limit: int | None, today: date,
                partition_size: int | None, progress: Progress | None) -> BenchResult:
    from .dask_runner import DEFAULT_PARTITION, DaskIngest, dask_client
    from .shards import RunSpec

    spec = RunSpec(model=model, today=today.isoformat(), relevance=relevance)
    n = words = 0
    with dask_client(scheduler, workers) as client, _bench_store(db) as store:
        runner = DaskIngest(client, spec, partition_size=partition_size or DEFAULT_PARTITION, batch_size=batch_size)
        spacy_s = None
        if reference:
            t = time.perf_counter()
            runner.parse(i.text for i in _items(paths, limit) if isinstance(i, RawDocument))
            spacy_s = time.perf_counter() - t

        def count(item: Any) -> None:
            nonlocal n, words
            if isinstance(item, RawDocument):
                n += 1
                words += _words(item.text)
                if progress and n % 64 == 0:
                    progress(n)

        t, c, before = time.perf_counter(), time.process_time(), _worker_cpu(client)
        summary = runner.run(_items(paths, limit), store, on_item=count)
        pipe_s = time.perf_counter() - t
        driver_cpu = time.process_time() - c
        cpu = driver_cpu + _worker_cpu(client) - before
        used = runner.n_workers
    result = _result(n, words, pipe_s, spacy_s, used, relevance, summary.added, summary.already, summary.seen,
                     len(summary.rejected), None)
    result.pipeline_cpu_s = round(cpu, 2)  # the driver's and all workers' together
    result.driver_cpu_s = round(driver_cpu, 2)  # reading, merging shards, storing
    return result


def _process_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _worker_cpu(client: Any) -> float:
    """CPU seconds the workers' processes have used so far, summed."""
    return sum(client.run(_process_cpu).values())


def _result(n: int, words: int, pipe_s: float, spacy_s: float | None, workers: int, relevance: bool,
            added: int, already: int, seen: int, rejected: int, filter_rate: float | None) -> BenchResult:
    pipe_rate = _rate(n, pipe_s) or 0.0
    spacy_rate = _rate(n, spacy_s)
    ratio = pipe_rate / spacy_rate if spacy_rate else None
    return BenchResult(
        articles=n, pipeline_docs_per_s=round(pipe_rate, 3),
        spacy_docs_per_s=round(spacy_rate, 3) if spacy_rate is not None else None,
        ratio=round(ratio, 3) if ratio is not None else None, peak_rss_mb=0.0, words=words,
        pipeline_words_per_s=round(_rate(words, pipe_s) or 0.0, 1),
        spacy_words_per_s=round(w, 1) if (w := _rate(words, spacy_s)) is not None else None,
        pipeline_s=round(pipe_s, 2), spacy_s=round(spacy_s, 2) if spacy_s is not None else None,
        workers=workers, relevance=relevance,
        relevance_docs_per_s=round(filter_rate, 1) if filter_rate is not None else None,
        added=added, already=already, seen=seen, rejected=rejected,
    )
