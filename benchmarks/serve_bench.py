"""Latency of the HTTP API (timeline, search and the rest) on a tracked database of 10,000 articles.

    .venv/bin/python benchmarks/serve_bench.py [--db PATH] [--articles 10000] [--regenerate] [--requests 200]

The database is made by ``tracking_bench.py``'s generator (the tracking
corpus analysed by the real pipeline, then copied cycle after cycle, every
copy stored and tracked as an ingest run would) and reused. Opening it
applies migration 5, which builds the full-text index the first time.

The app runs in uvicorn on 127.0.0.1 in this process; requests go over HTTP
with one keep-alive client, one at a time. For each request: p50 and p95 in
milliseconds over ``--requests`` runs after a warm-up, and the ratio of its
p50 to that of the reference request, ``GET /api/health`` (the cost of HTTP,
routing and the middleware with no query), measured the same way.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 200.0
WARM_UP = 5


def generator() -> Any:
    spec = importlib.util.spec_from_file_location("tracking_bench", REPO / "benchmarks" / "tracking_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(app: Any) -> tuple[Any, threading.Thread, str]:
    import uvicorn
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def percentiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]


def measure(http: Any, path: str, params: dict[str, Any], requests: int) -> tuple[float, float, int]:
    for _ in range(WARM_UP):
        http.get(path, params=params).raise_for_status()
    times = []
    size = 0
    for _ in range(requests):
        t0 = time.perf_counter()
        response = http.get(path, params=params)
        times.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        size = len(response.content)
    p50, p95 = percentiles(times)
    return p50, p95, size


def common_term(store: Any) -> str:
    """The word in most articles: the worst case for a search that ranks every match."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
                             "USING fts5vocab(main, articles_fts, row)")
        term = conn.exec_driver_sql("SELECT term FROM temp.bench_vocab WHERE length(term) > 3 "
                                    "ORDER BY doc DESC LIMIT 1").scalar_one()
    return str(term)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/ceasefire_serve_bench.db"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)

    import httpx
    from sqlalchemy import func, select

    from ceasefire.serve import create_app
    from ceasefire.store import schema as s

    if args.regenerate or not args.db.exists():
        generator().generate(args.db, args.articles)
    t0 = time.perf_counter()
    app = create_app(str(args.db))  # migrates: builds the search index once
    opened_s = time.perf_counter() - t0
    store = app.state.store
    with store.engine.connect() as conn:
        sizes = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                 for t in (s.articles, s.quotes, s.canonical_actors, s.tracked_events)}
        last = conn.execute(select(func.max(s.tracked_events.c.last_reported))).scalar_one()
        busiest = conn.execute(select(s.tracked_events.c.id).order_by(s.tracked_events.c.sources.desc())
                               .limit(1)).scalar_one()
        top_actor = conn.execute(select(s.canonical_actors.c.id).order_by(s.canonical_actors.c.articles.desc())
                                 .limit(1)).scalar_one()
    year_ago = f"{int(last[:4]) - 1}{last[4:]}"
    term = common_term(store)
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("reference: GET /api/health", "/api/health", {}),
        ("timeline: first page (50)", "/api/timeline", {}),
        ("timeline: type=talks since a year", "/api/timeline", {"type": "talks", "since": year_ago}),
        ("timeline: actor=Rapid Support Forces", "/api/timeline", {"actor": "Rapid Support Forces"}),
        ("timeline: place=Jeddah", "/api/timeline", {"place": "Jeddah"}),
        ("timeline: page at offset 2000", "/api/timeline", {"offset": 2000}),
        ("search: rare word (Jeddah)", "/api/search", {"q": "Jeddah"}),
        (f"search: most common word ({term})", "/api/search", {"q": term}),
        (f"search: two words ({term} Jeddah)", "/api/search", {"q": f"{term} Jeddah"}),
        ("event: the most reported one", f"/api/events/{busiest}", {}),
        ("map", "/api/map", {}),
        ("briefing: 7 days", "/api/briefing", {"days": 7}),
        ("actors: first page", "/api/actors", {}),
        ("actor: the most written about", f"/api/actors/{top_actor}", {}),
        ("network of talks and mediation", "/api/network", {}),
        ("situation", "/api/situation", {}),
        ("quotes: first page", "/api/quotes", {}),
        ("page: GET / (the HTML)", "/", {}),
    ]
    server, thread, base = start_server(app)
    results = []
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            for name, path, params in cases:
                p50, p95, size = measure(http, path, params, args.requests)
                results.append({"request": name, "path": path, "params": params, "p50_ms": round(p50, 2),
                                "p95_ms": round(p95, 2), "bytes": size})
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    ref = results[0]["p50_ms"]
    for r in results:
        r["p50_x_reference"] = round(r["p50_ms"] / ref, 1)
    gated = [r for r in results if r["path"] in ("/api/timeline", "/api/search")]
    ok = all(r["p95_ms"] < TARGET_P95_MS for r in gated)
    if args.json:
        print(json.dumps({"database": str(args.db), "sizes": sizes, "open_s": round(opened_s, 2),
                          "requests": args.requests, "results": results, "target_p95_ms": TARGET_P95_MS,
                          "timeline_and_search_within_target": ok}, indent=2))
    else:
        print(f"database {args.db}: " + ", ".join(f"{v} {k}" for k, v in sizes.items())
              + f"; opened (and migrated) in {opened_s:.1f} s")
        print(f"{args.requests} requests each after {WARM_UP} to warm up, over HTTP on 127.0.0.1")
        print(f"{'request':48} {'p50 ms':>8} {'p95 ms':>8} {'p50 x ref':>10} {'bytes':>9}")
        for r in results:
            print(f"{r['request']:48} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p50_x_reference']:10.1f} "
                  f"{r['bytes']:9d}")
        print(f"timeline and search p95 under {TARGET_P95_MS:.0f} ms: {'yes' if ok else 'NO'}")
    app.state.store.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
