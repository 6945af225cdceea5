"""Where the pipeline's time goes: CPU milliseconds per article for each stage
(each extractor, storing, tracking, the language check), beside spaCy's own.

Not a profiler (no per-call overhead): each stage is wrapped with
``time.process_time``. The bare spaCy pass runs after the pipeline over the
same texts, so it finds every word already in the vocabulary: its figure is a
little low, and the ratio printed here a little below `ceasefire bench`'s
(which alternates the two). Use it to see which stage to work on.

    .venv/bin/python benchmarks/stage_timing.py /tmp/news.jsonl --limit 300
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from ceasefire import runner
from ceasefire.analyse.pipeline import Analyser
from ceasefire.analyse.resources import Resources
from ceasefire.ingest import read_paths
from ceasefire.scale.bench import warm_up
from ceasefire.store import Store
from ceasefire.store import tracking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="a JSONL corpus (benchmarks/corpus/make_corpus.py)")
    parser.add_argument("--limit", type=int, default=300, help="articles to run (default 300)")
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()

    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            c = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.process_time() - c
        return run

    resources = Resources.load(args.model)
    analyser = Analyser(resources, today=date.today())
    warm_up(analyser)
    analyser.plan = [dataclasses.replace(e, run=timed("extract: " + e.name, e.run)) for e in analyser.plan]
    analyser.prepare = timed("clean and date", analyser.prepare)  # type: ignore[method-assign]
    items = list(islice(read_paths([args.corpus]), args.limit))
    n = len(items)
    pipe = resources.nlp.pipe

    def parse(texts: Any, **kwargs: Any) -> Any:
        docs = pipe(texts, **kwargs)
        while True:
            c = time.process_time()
            doc = next(docs, None)
            spent["spaCy (in the pipeline)"] += time.process_time() - c
            if doc is None:
                return
            yield doc

    resources.nlp.pipe = parse  # type: ignore[method-assign]
    # Storing and tracking share one transaction: "store" is its whole cost less tracking's.
    add_and_track, track, language = runner.add_and_track, tracking._track, runner.language_rejection
    runner.add_and_track = timed("store", add_and_track)  # type: ignore[assignment]
    tracking._track = timed("tracking", track)  # type: ignore[assignment]
    runner.language_rejection = timed("language check", language)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp, Store.open(os.path.join(tmp, "timing.db")) as store:
            c = time.process_time()
            runner.ingest(items, store, analyser, relevance=False)
            total = time.process_time() - c
    finally:
        resources.nlp.pipe = pipe  # type: ignore[method-assign]
        runner.add_and_track, runner.language_rejection = add_and_track, language  # type: ignore[assignment]
        tracking._track = track  # type: ignore[assignment]
    spent["store"] -= spent["tracking"]
    c = time.process_time()
    for _ in pipe([i.text for i in items], batch_size=16):
        pass
    bare = time.process_time() - c
    print(f"{n} articles: pipeline {total:.2f} CPU-s, bare spaCy {bare:.2f} CPU-s, ratio {bare / total:.3f}, "
          f"{(total - bare) / n * 1000:.1f} ms per article more")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:26s} {seconds:7.2f} s  {seconds / n * 1000:6.1f} ms/article")
    print(f"  {'other':26s} {total - sum(spent.values()):7.2f} s")


if __name__ == "__main__":
    main()
