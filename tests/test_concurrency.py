"""Reading while another process writes the same store (a SQLite file, a PostgreSQL
database): no error, no torn read.

A reader process polls the Store's read API (``counts``, ``list_rows``,
``iter_articles``) while a writer process ingests; the counts only grow and
every snapshot is whole (each article with all its records, never half of
one). The same reader polls the HTTP API of a real ``ceasefire serve`` too.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

READER = textwrap.dedent('''
    import json, sys, time
    from pathlib import Path
    from ceasefire.store import Store

    db, stop_file, per_article = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    # The writer creates and migrates a SQLite file; wait for it. (A PostgreSQL
    # database exists already; whoever opens it first migrates it, under the write lock.)
    deadline = time.monotonic() + 120
    while "://" not in db and not Path(db).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    store = Store.open(db)
    last, polls = None, 0
    while True:
        final = stop_file.exists()  # read once more after the writer is done
        counts = store.counts()
        if last is not None:
            shrunk = [k for k in counts if counts[k] < last[k]]
            assert not shrunk, f"counts went down: {last} -> {counts}"
        if per_article:
            # One snapshot: an article is never seen without its records.
            assert counts["actors"] == per_article * counts["articles"], counts
        rows = store.list_rows("articles", limit=5, offset=max(counts["articles"] - 5, 0))
        assert len(rows) == min(5, counts["articles"]), (len(rows), counts)
        if polls % 10 == 0:
            seen = sum(1 for a in store.iter_articles() if a.text)
            assert seen >= counts["articles"], (seen, counts)
        last, polls = counts, polls + 1
        print(json.dumps(counts), flush=True)
        if final:
            break
        time.sleep(0.005)
    store.close()
''')

WRITER = textwrap.dedent('''
    import hashlib, sys
    from ceasefire.records import Actor, Article, Source
    from ceasefire.store import Store

    db, n = sys.argv[1], int(sys.argv[2])
    with Store.open(db) as store:
        for i in range(n):
            text = f"Negotiators met in Istanbul for round {i} of talks on a ceasefire, Kuleba and Lavrov said."
            start = text.index("Kuleba")
            article = Article(
                id=hashlib.sha256(text.encode()).hexdigest(), source=Source(path=f"gen/{i}.txt"),
                published="2022-03-29", published_basis="metadata", text=text,
                actors=[Actor("a1", "Dmytro Kuleba", "person", "UA", mentions=[(start, start + 6)]),
                        Actor("a2", "Sergei Lavrov", "person", "RU", mentions=[(start + 11, start + 17)])])
            assert store.add_article(article)
''')


def run_with_reader(tmp_path: Path, db: str, writer_cmd: list[str], per_article: int) -> list[dict[str, int]]:
    stop = tmp_path / "writer-done"
    reader = subprocess.Popen([sys.executable, "-c", READER, db, str(stop), str(per_article)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        writer = subprocess.run(writer_cmd, capture_output=True, text=True, timeout=600)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    # 1: something was rejected, which is no error here; a crash would also exit 1, hence the traceback check.
    assert writer.returncode in (0, 1) and "Traceback" not in writer.stderr, writer.stderr[-3000:]
    return [json.loads(line) for line in out.splitlines()]


def test_reader_polls_while_a_writer_adds_1000_articles(tmp_path: Path, db_url: str):
    db = db_url
    polls = run_with_reader(tmp_path, db, [sys.executable, "-c", WRITER, db, "1000"], per_article=2)
    assert len(polls) >= 10  # the reader really read while the writer wrote
    assert any(0 < p["articles"] < 1000 for p in polls)
    assert polls[-1]["articles"] == 1000 and polls[-1]["actors"] == 2000
    articles = [p["articles"] for p in polls]
    assert articles == sorted(articles)


def test_reader_polls_while_the_ingest_command_runs(tmp_path: Path, db_url: str):
    corpus = tmp_path / "news.jsonl"
    lines = [json.dumps({"text": f"Russian and Ukrainian negotiators met in Istanbul on Tuesday for round {i} of "
                                 f"talks on a ceasefire, officials said. The United Nations said {i * 10 + 7} "
                                 "civilians had been evacuated through a humanitarian corridor from Mariupol.",
                         "published": "2022-03-29"}) for i in range(100)]
    corpus.write_text("\n".join(lines) + "\n{broken\n", encoding="utf-8")
    db = db_url
    cmd = [sys.executable, "-m", "ceasefire.cli", "ingest", str(corpus), "--db", db, "--batch-size", "8"]
    polls = run_with_reader(tmp_path, db, cmd, per_article=0)
    assert len(polls) >= 5
    final = polls[-1]
    assert final["articles"] == 100 and final["rejections"] == 1
    for key in final:
        series = [p[key] for p in polls]
        assert series == sorted(series), key


API_READER = textwrap.dedent('''
    import json, sys, time
    from pathlib import Path
    import httpx

    base, stop_file, per_article = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    last, polls = None, 0
    with httpx.Client(base_url=base, timeout=10) as client:
        while True:
            final = stop_file.exists()  # read once more after the writer is done
            reply = client.get("/api/stats")
            assert reply.status_code == 200, reply.text
            counts = reply.json()["counts"]
            if last is not None:
                shrunk = [k for k in counts if counts[k] < last[k]]
                assert not shrunk, f"counts went down: {last} -> {counts}"
            assert counts["actors"] == per_article * counts["articles"], counts
            page = client.get("/api/articles", params={"limit": 5})
            assert page.status_code == 200, page.text
            last, polls = counts, polls + 1
            print(json.dumps(counts), flush=True)
            if final:
                break
            time.sleep(0.005)
''')


def test_api_reader_polls_while_a_writer_adds_1000_articles(tmp_path: Path, db_url: str):
    """The HTTP API (a real `ceasefire serve` on 127.0.0.1) answers while another process writes."""
    import socket
    import time

    import httpx

    from ceasefire.store import Store

    db = db_url
    Store.open(db).close()  # created and migrated before the server opens it
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "ceasefire.cli", "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        stop = tmp_path / "writer-done"
        reader = subprocess.Popen([sys.executable, "-c", API_READER, base, str(stop), "2"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            writer = subprocess.run([sys.executable, "-c", WRITER, db, "1000"], capture_output=True, text=True,
                                    timeout=600)
        finally:
            stop.touch()
            out, err = reader.communicate(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert reader.returncode == 0, err[-3000:]
    polls = [json.loads(line) for line in out.splitlines()]
    assert len(polls) >= 10 and any(0 < p["articles"] < 1000 for p in polls)
    assert polls[-1]["articles"] == 1000 and polls[-1]["actors"] == 2000
