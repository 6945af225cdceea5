"""Timeline and situation latency on a tracked database of 10,000 articles.

    .venv/bin/python benchmarks/tracking_bench.py [--articles 10000] [--db PATH] [--regenerate]

The database is generated once (and reused): the 31 distinct articles of
the tracking corpus are analysed by the real pipeline, then copied cycle
after cycle, each cycle eight weeks after the last (dates of the article,
its events and time expressions shifted), until there are ``--articles``
articles. Every copy goes through ``add_article`` and ``track_article`` as
an ingest run would, so stories, canonical actors and tracked events are
built the real way. To keep a cycle's copies from joining the previous
cycle's stories, every word of the text is replaced by a word of the same
length drawn from a per-cycle mapping (the records, names included, stay):
offsets stay valid, copies of one story within a cycle stay alike, cycles
do not.

Timings are the median of repeated warm runs, in wall and CPU milliseconds
(on a busy machine the CPU time is the steadier figure), and as ratios to
two reference runs on the same database and machine: counting the rows of
the largest tracking table and of the articles (``SELECT count(*)``), and
reading every tracked_events row, the least any full timeline costs.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "tracking_corpus" / "corpus.jsonl"
CYCLE_DAYS = 56
WORD = re.compile(r"[A-Za-z]+")


def analysed_corpus() -> list[Any]:
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.analyse.resources import Resources
    from ceasefire.records import RawDocument, Source

    analyser = Analyser(Resources.load(), today=date(2026, 1, 1))
    seen: set[str] = set()
    articles = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        raw = RawDocument(row["text"], Source(url=row["url"], outlet=row["outlet"], title=row["title"]),
                          row["published"])
        article = analyser.analyse(raw)
        if article.id not in seen:  # the two identical syndicated copies are one article
            seen.add(article.id)
            articles.append(article)
    return articles


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return day
    return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()


def variant(article: Any, cycle: int) -> Any:
    """The article as if published ``cycle`` cycles later, its free words replaced per cycle."""
    if cycle == 0:
        return article
    rng_words: dict[str, str] = {}

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        key = w.lower()
        if key not in rng_words:
            rng = random.Random(f"{cycle}:{key}")
            rng_words[key] = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in w)
        new = rng_words[key]
        return new.capitalize() if w[0].isupper() else new

    text = WORD.sub(swap, article.text)
    days = cycle * CYCLE_DAYS
    events = [dataclasses.replace(e, date=dataclasses.replace(e.date, start=_shift(e.date.start, days),
                                                              end=_shift(e.date.end, days)) if e.date else None)
              for e in article.events]
    times = [dataclasses.replace(t, date=dataclasses.replace(t.date, start=_shift(t.date.start, days),
                                                             end=_shift(t.date.end, days)) if t.date else None)
             for t in article.times]
    quotes = [dataclasses.replace(q, text=text[q.span[0]:q.span[1]]) for q in article.quotes]
    source = dataclasses.replace(article.source, url=f"{article.source.url}?cycle={cycle}")
    return dataclasses.replace(article, id=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text,
                               published=_shift(article.published, days), events=events, times=times,
                               quotes=quotes, source=source)


def generate(db: Path, total: int) -> None:
    from ceasefire.store import Store
    from ceasefire.store.tracking import track_article

    base = analysed_corpus()
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    n = 0
    with Store.open(str(db)) as store:
        cycle = 0
        while n < total:
            for article in base:
                if n >= total:
                    break
                copy = variant(article, cycle)
                if store.add_article(copy):
                    track_article(store, copy)
                    n += 1
            cycle += 1
            if cycle % 20 == 0:
                rate = n / (time.perf_counter() - started)
                print(f"  {n} articles, {rate:.0f}/s", file=sys.stderr)
    print(f"generated {n} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of warm runs (CPU time shows the cost on a busy machine)."""
    fn()  # warm: caches, imports
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def run_cli(args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of the command in a new process, imports included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    subprocess.run([str(REPO / ".venv" / "bin" / "ceasefire"), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - w) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/ceasefire_tracking_bench.db"))
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from ceasefire.resolve.situation import quotes_by_speaker, situation, situation_json
    from ceasefire.resolve.timeline import event_json, timeline
    from ceasefire.store import Store
    from ceasefire.store import schema as s

    if args.regenerate or not args.db.exists():
        generate(args.db, args.articles)
    with Store.open(str(args.db)) as store:
        with store.engine.connect() as conn:
            sizes = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (s.articles, s.stories, s.canonical_actors, s.tracked_events, s.tracked_event_sources)}
            last = conn.execute(select(func.max(s.tracked_events.c.last_reported))).scalar_one()
        year_ago = (date.fromisoformat(last) - timedelta(days=365)).isoformat()

        def reference() -> None:
            with store.engine.connect() as conn:
                conn.execute(select(func.count()).select_from(s.tracked_event_sources)).scalar_one()
                conn.execute(select(func.count()).select_from(s.articles)).scalar_one()

        def scan() -> None:
            with store.engine.connect() as conn:
                conn.execute(select(s.tracked_events)).all()

        def table(**filters: Any) -> None:
            for e in timeline(store, sources=False, **filters):
                _ = (e.participants, e.place)  # what the table prints

        cases: dict[str, Callable[[], Any]] = {
            "reference: SELECT count(*) of sources and articles": reference,
            "reference: read every tracked_events row": scan,
            "timeline (all events, as the table prints them)": table,
            f"timeline --type talks --since {year_ago}": lambda: table(type="talks", since=year_ago),
            f"timeline --place Jeddah --since {year_ago}": lambda: table(place="Jeddah", since=year_ago),
            "timeline --actor 'Rapid Support Forces'": lambda: table(actor="Rapid Support Forces"),
            f"timeline --json --since {year_ago}": lambda: json.dumps(
                [event_json(e) for e in timeline(store, since=year_ago)]),
            "timeline --json (all events, with sources)": lambda: json.dumps(
                [event_json(e) for e in timeline(store)]),
            "situation": lambda: situation(store),
            "situation --json": lambda: json.dumps(situation_json(situation(store))),
            "quotes --speaker Blinken": lambda: quotes_by_speaker(store, "Blinken"),
        }
        results = {name: timed(fn, args.repeat) for name, fn in cases.items()}
        counts = {"timeline (all)": len(timeline(store, sources=False)),
                  f"since {year_ago}": len(timeline(store, since=year_ago, sources=False)),
                  "situation arrangements": len(situation(store).arrangements)}
    ref = results["reference: SELECT count(*) of sources and articles"][0]
    scan_ms = results["reference: read every tracked_events row"][0]
    print(f"database {args.db}: " + ", ".join(f"{v} {k}" for k, v in sizes.items()))
    print(f"{'query':52} {'wall ms':>8} {'cpu ms':>8} {'x count(*)':>11} {'x scan':>7}")
    for name, (wall, cpu) in results.items():
        print(f"{name:52} {wall:8.1f} {cpu:8.1f} {wall / ref:11.0f} {wall / scan_ms:7.1f}")
    print("events returned: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    # The commands as a user runs them: a new process, Python start-up and imports included.
    for cmd in (["timeline"], ["timeline", "--type", "talks", "--since", year_ago], ["situation"]):
        wall, cpu = run_cli([*cmd, "--db", str(args.db)])
        print(f"ceasefire {' '.join(cmd)} (new process): {wall:.0f} ms wall, {cpu:.0f} ms cpu")


if __name__ == "__main__":
    main()
