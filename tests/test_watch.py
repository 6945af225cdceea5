"""``ceasefire watch`` against a real HTTP server on 127.0.0.1.

The server serves good feeds and pages next to every kind of trouble a
tracker meets in months of polling: a feed that times out, one that answers
500, a redirect loop, malformed XML, an XML bomb, a feed that changes between
polls, pages that fail once, are too large, are not HTML, or are not in
English. After several polls and a restart every good article is stored
exactly once and every bad input is a stored rejection.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli import app
from ceasefire.records import Rejection
from ceasefire.store import Store
from ceasefire.store.engine import make_engine
from ceasefire.watch import HostRateLimiter, Watcher, WatchSettings, load_feed_config
from ceasefire.errors import InputError

SLOW_SECONDS = 3.0  # the slow endpoints answer after this; the watcher gives up after TIMEOUT
TIMEOUT = 1.0  # generous: a good page must never time out on a loaded machine


def article_html(slug: str, n: int) -> bytes:
    # Scripts and navigation around the article: extraction must keep only the article.
    return f"""<!DOCTYPE html><html><head><title>Talks round {n}</title>
<meta property="og:site_name" content="Test News"><script>var tracking = "SCRIPT-{slug}";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks round {n} in Istanbul</h1>
<p>Russian and Ukrainian delegations met in Istanbul on Tuesday for round {n} of talks on a ceasefire,
officials said. The meeting lasted {n + 2} hours and ended without a breakthrough.</p>
<p>"We discussed humanitarian corridors for the besieged cities," the Ukrainian negotiator told reporters
after the meeting. The talks will continue next week, according to the Turkish foreign ministry ({slug}).</p>
</article><script>document.write("SCRIPT-{slug}")</script><footer>Copyright Test News</footer></body></html>
""".encode()


GERMAN = """<html><head><title>Gespräche</title></head><body><article><p>Die Außenminister Russlands und der
Ukraine haben sich am Donnerstag in Antalya getroffen. Nach dem Treffen sagte Kuleba, es habe keine Fortschritte
bei den Gesprächen über eine Waffenruhe gegeben. Die Gespräche sollen in der nächsten Woche fortgesetzt werden,
sagte ein Sprecher des Ministeriums, und es gebe noch keine Einigung über die humanitären Korridore.</p>
</article></body></html>""".encode()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>/a/bomb.html</link></item>
</channel></rss>"""


def rss(items: list[tuple[str, str]], title: str = "Test feed") -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
                   f"<pubDate>Tue, 29 Mar 2022 10:00:00 GMT</pubDate></item>" for t, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.org/</link>{body}</channel></rss>").encode()


def atom(items: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<entry><id>tag:test,2022:{link}</id><title>{t}</title><link href="{link}"/>'
                   f"<updated>2022-03-29T10:00:00Z</updated></entry>" for t, link in items)
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title>{body}</feed>'.encode()


GOOD = [f"/a/good{i}.html" for i in range(1, 7)]
CHANGED = ["/a/changed1.html", "/a/changed2.html", "/a/changed3.html"]
DIRECT = "/a/direct.html"
FLAKY = "/a/flaky.html"  # 503 on the first request, then the article
GOOD_PATHS = [*GOOD, *CHANGED, DIRECT, FLAKY]


class Site:
    """What the server serves; tests change ``version`` to make a feed change between polls."""

    def __init__(self) -> None:
        self.version = 1
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()  # requests that carried If-None-Match
        self.lock = threading.Lock()

    def changing_feed(self) -> bytes:
        items = [("C1", CHANGED[0]), ("C2", CHANGED[1])] if self.version == 1 else \
                [("C2", CHANGED[1]), ("C3", CHANGED[2])]
        return rss(items, title=f"Changing v{self.version}")

    def route(self, path: str) -> tuple[int, dict[str, str], bytes]:
        pages = {p: article_html(p.rsplit("/", 1)[1].removesuffix(".html"), i + 1)
                 for i, p in enumerate(GOOD_PATHS)}
        if path in pages and path != FLAKY:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, pages[path]
        if path == FLAKY:
            if self.hits[path] == 1:
                return 503, {"Retry-After": "1"}, b"busy"
            return 200, {"Content-Type": "text/html"}, pages[path]
        if path == "/feed.xml":
            items = [(f"Good {i}", p) for i, p in enumerate(GOOD[:4], 1)] + [
                ("Flaky", FLAKY), ("Gone", "/a/gone.html"), ("Huge", "/a/huge.html"), ("PDF", "/a/doc.pdf"),
                ("German", "/a/de.html"), ("Slow page", "/a/slow.html"), ("Loop page", "/loop"),
                ("Script link", "javascript:alert(1)"), ("Empty", "/a/empty.html"),
            ]
            return 200, {"Content-Type": "application/rss+xml", "ETag": '"feed-v1"'}, rss(items)
        if path == "/atom.xml":  # overlaps the RSS feed: the same links must not be stored twice
            return 200, {"Content-Type": "application/atom+xml"}, atom(
                [("Good 3", GOOD[2]), ("Good 5", GOOD[4]), ("Good 6", GOOD[5])])
        if path == "/flip.xml":  # a feed, then an HTML page served in its place, then the feed again
            if self.version == 2:
                return 200, {"Content-Type": "text/html"}, article_html("maintenance", 99)
            return 200, {"Content-Type": "application/rss+xml"}, rss([("Good 1", GOOD[0]), ("Good 2", GOOD[1])])
        if path == "/changing.xml":
            return 200, {"Content-Type": "application/rss+xml", "ETag": f'"changing-v{self.version}"'}, \
                self.changing_feed()
        if path == "/a/huge.html":
            return 200, {"Content-Type": "text/html"}, b"<html><body><p>" + b"word " * 60_000 + b"</p></body></html>"
        if path == "/a/doc.pdf":
            return 200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256))
        if path == "/a/de.html":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, GERMAN
        if path == "/a/empty.html":
            return 200, {"Content-Type": "text/html"}, b""
        if path == "/500.xml":
            return 500, {}, b"Internal Server Error"
        if path in ("/loop", "/loop2"):
            return 302, {"Location": "/loop2" if path == "/loop" else "/loop"}, b""
        if path == "/malformed.xml":
            return 200, {"Content-Type": "application/rss+xml"}, b"<?xml version='1.0'?><rss><channel><<<</"
        if path == "/bomb.xml":
            return 200, {"Content-Type": "application/rss+xml"}, BOMB
        return 404, {}, b"not found"


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        site = self.server.site  # type: ignore[attr-defined]
        with site.lock:
            site.hits[self.path] += 1
            if self.headers.get("If-None-Match"):
                site.conditional[self.path] += 1
        if self.path in ("/slow.xml", "/a/slow.html"):
            time.sleep(SLOW_SECONDS)
        status, headers, body = site.route(self.path)
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the watcher gave up waiting: as intended

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, Site]]:
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        httpd.shutdown()
        httpd.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


SETTINGS = WatchSettings(interval=60.0, timeout=TIMEOUT, host_delay=0.0, max_bytes=200_000, item_attempts=3)


def table(db: str, sql: str) -> list[tuple]:
    """Rows of a query, read as another process would (the store on either backend)."""
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql)]
    finally:
        engine.dispose()


def stored_urls(db: str) -> Counter[str]:
    return Counter(r[0] for r in table(db, "select source_url from articles"))


def test_every_good_article_is_stored_once_through_trouble_and_a_restart(server, analyser, db_url: str):
    base, site = server
    db = db_url
    feeds = [f"{base}/feed.xml", f"{base}/atom.xml", f"{base}/changing.xml", f"{base}{DIRECT}",
             f"{base}/slow.xml", f"{base}/500.xml", f"{base}/loop", f"{base}/malformed.xml", f"{base}/bomb.xml"]
    clock = Clock()
    with Store.open(db) as store, Watcher(store, analyser, SETTINGS, clock=clock) as watcher:
        first = {r.url: r for r in watcher.run(feeds, once=True)}
        assert first[f"{base}/feed.xml"].retry == 2  # the flaky page (503) and the slow page (timeout)
        for bad in ("/slow.xml", "/500.xml", "/loop", "/malformed.xml", "/bomb.xml"):
            assert first[base + bad].status == "failed", first[base + bad]
        # Right away again: failing feeds are backing off and not asked; good ones are asked conditionally.
        hits_500 = site.hits["/500.xml"]
        second = {r.url: r for r in watcher.run(feeds, once=True)}
        assert second[f"{base}/500.xml"].status == "waiting" and site.hits["/500.xml"] == hits_500
        assert second[f"{base}/feed.xml"].status == "not modified"
        assert site.conditional["/feed.xml"] == 1
        assert second[f"{base}{DIRECT}"].status == "done" and site.hits[DIRECT] == 1
        site.version = 2  # the changing feed drops C1 and adds C3
        clock.advance(3600)
        watcher.run(feeds, once=True)
    # A restart: a new process would open the same database and go on.
    clock.advance(7200)
    with Store.open(db) as store, Watcher(store, analyser, SETTINGS, clock=clock) as watcher:
        watcher.run(feeds, once=True)
        clock.advance(7200)
        watcher.run(feeds, once=True)
        states = {f.url: f for f in watcher.state.all()}
        items = watcher.state.items(f"{base}/feed.xml")

    urls = stored_urls(db)
    assert urls == Counter({base + p: 1 for p in GOOD_PATHS}), urls
    texts = [r[0] for r in table(db, "select text from articles")]
    assert not any("SCRIPT-" in t or "tracking" in t for t in texts)  # scripts never reach the text
    reasons = {(s.removeprefix(base), stage): reason for s, stage, reason in
               table(db, "select source, stage, reason from rejections")}
    assert "timed out" in reasons[("/slow.xml", "fetch")]
    assert reasons[("/500.xml", "fetch")].startswith("HTTP 500")
    assert "redirect" in reasons[("/loop", "fetch")]
    assert "malformed" in reasons[("/malformed.xml", "feed")]
    assert "XML bomb" in reasons[("/bomb.xml", "feed")]
    assert reasons[("/a/gone.html", "fetch")].startswith("HTTP 404")
    assert "too large" in reasons[("/a/huge.html", "fetch")]
    assert "content type application/pdf" in reasons[("/a/doc.pdf", "read")]
    assert reasons[("/a/de.html", "language")] == "not English (looks like de)"
    assert "3 attempts" in reasons[("/a/slow.html", "fetch")]
    assert "redirect" in reasons[("/loop", "fetch")]
    assert "not an http(s) URL" in reasons[("javascript:alert(1)", "fetch")]
    assert ("/a/empty.html", "read") in reasons
    # Every item of the feed is done: stored, already stored, or rejected; none left to retry.
    assert len(items) == 13 and {i["status"] for i in items} <= {"stored", "already", "rejected"}
    assert states[f"{base}/500.xml"].failures >= 2 and states[f"{base}/feed.xml"].failures == 0
    assert site.hits[FLAKY] == 2 and site.hits[GOOD[0]] == 1  # each good page fetched once, the flaky one twice


class Interrupted(BaseException):
    """Stands in for the process being killed: nothing catches it."""


def test_a_watcher_killed_mid_feed_resumes_without_loss_or_repeat(server, analyser, db_url: str):
    base, site = server
    db = db_url
    feed = f"{base}/feed.xml"
    clock = Clock()

    class Dying:
        """The real analyser, killed while analysing the third article."""

        def __init__(self) -> None:
            self.calls = 0

        def __getattr__(self, name: str):
            return getattr(analyser, name)

        def analyse_prepared(self, batch):
            self.calls += 1
            if self.calls == 3:
                raise Interrupted()
            return analyser.analyse_prepared(batch)

    with Store.open(db) as store, Watcher(store, Dying(), SETTINGS, clock=clock) as watcher:  # type: ignore[arg-type]
        with pytest.raises(Interrupted):
            watcher.run([feed], once=True)
        assert watcher.state.get(feed).etag is None  # validators are saved only when the feed is done
    assert len(stored_urls(db)) == 2
    with Store.open(db) as store, Watcher(store, analyser, SETTINGS, clock=clock) as watcher:
        watcher.run([feed], once=True)
        assert site.conditional["/feed.xml"] == 0  # no validators were kept: the whole feed was read again
        clock.advance(3600)
        watcher.run([feed], once=True)  # picks up the retries
    urls = stored_urls(db)
    assert urls == Counter({base + p: 1 for p in [*GOOD[:4], FLAKY]}), urls
    # Pages stored before the kill were not fetched again.
    assert site.hits[GOOD[3]] == 1 and site.hits[GOOD[2]] == 1


def test_watch_command_reads_a_config_file_and_exits_1_on_trouble(server, tmp_path: Path, db_url: str):
    base, _ = server
    db = db_url
    config = tmp_path / "feeds.yaml"
    config.write_text(f"feeds:\n  - {base}/atom.xml\n  - url: {base}/500.xml\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", "--config", str(config), "--db", db, "--once",
                                      "--delay", "0", "--timeout", str(TIMEOUT)])
    assert result.exit_code == 1, result.output
    assert "HTTP 500" in result.output
    assert len(stored_urls(db)) == 3
    shown = CliRunner().invoke(app, ["rejections", "--db", db])
    assert "500.xml" in shown.output
    assert CliRunner().invoke(app, ["watch", "--db", db, "--once"]).exit_code == 2  # nothing to watch


def test_feed_config_formats_and_errors(tmp_path: Path):
    listing = tmp_path / "list.yaml"
    listing.write_text("- https://example.org/rss\n- url: https://example.org/atom\n", encoding="utf-8")
    assert load_feed_config(listing) == ["https://example.org/rss", "https://example.org/atom"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - ftp://example.org/x\n", encoding="utf-8")
    with pytest.raises(InputError, match="feed 1"):
        load_feed_config(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_feed_config(tmp_path / "missing.yaml")


def test_rate_limit_spaces_requests_to_one_host():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("http://a.example/1")
    limiter.wait("http://b.example/1")  # another host: no wait
    now[0] += 0.5
    limiter.wait("http://a.example/2")
    assert slept == [1.5]


def test_backoff_grows_exponentially_and_is_capped(server, analyser, db_url: str):
    base, site = server
    clock = Clock()
    settings = WatchSettings(interval=60.0, timeout=TIMEOUT, host_delay=0.0, max_backoff=300.0)
    with Store.open(db_url) as store, Watcher(store, analyser, settings, clock=clock) as watcher:
        delays = []
        for _ in range(5):
            report = watcher.poll(f"{base}/500.xml")
            delays.append((report.next_poll - clock.now).total_seconds())
            clock.advance(1000)
        assert delays == [60.0, 120.0, 240.0, 300.0, 300.0]
        assert watcher.state.get(f"{base}/500.xml").failures == 5
        # One rejection row however often the feed fails.
        assert store.rejections().count(Rejection(f"{base}/500.xml", "fetch", "HTTP 500 Internal Server Error")) == 1


def test_a_feed_that_serves_a_page_for_a_while_is_a_failing_feed_not_an_article(server, analyser, db_url: str):
    base, site = server
    clock = Clock()
    feed = f"{base}/flip.xml"
    with Store.open(db_url) as store, Watcher(store, analyser, SETTINGS, clock=clock) as watcher:
        assert watcher.poll(feed).added == 2
        site.version = 2
        clock.advance(3600)
        report = watcher.poll(feed)
        assert report.status == "failed" and report.error.startswith("not a feed this time")
        site.version = 3
        clock.advance(3600)
        assert watcher.poll(feed).status == "ok"
    assert stored_urls(db_url) == Counter({base + GOOD[0]: 1, base + GOOD[1]: 1})


def test_the_polling_loop_polls_again_after_the_interval_until_stopped(server, analyser, db_url: str):
    base, site = server
    stop = threading.Event()
    reports = []

    def seen(report) -> None:
        reports.append(report)
        if len(reports) == 2:
            stop.set()

    settings = WatchSettings(interval=1.0, timeout=TIMEOUT, host_delay=0.0)
    started = time.monotonic()
    with Store.open(db_url) as store, Watcher(store, analyser, settings) as watcher:
        watcher.run([f"{base}/feed.xml"], stop=stop, on_report=seen)
    assert time.monotonic() - started >= 1.0  # it waited for the interval
    assert [r.status for r in reports] == ["ok", "not modified"]
    assert site.conditional["/feed.xml"] == 1


def test_watch_process_stops_cleanly_on_sigterm_and_a_restart_adds_nothing_twice(server, db_url: str):
    import signal
    import subprocess
    import sys

    base, site = server
    db = db_url
    cmd = [sys.executable, "-m", "ceasefire.cli", "watch", f"{base}/changing.xml", "--db", db,
           "--delay", "0", "--timeout", str(TIMEOUT)]
    proc = subprocess.Popen([*cmd, "--interval", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while site.conditional["/changing.xml"] < 1 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)  # until the second poll: the loop runs, and asks conditionally
        assert site.conditional["/changing.xml"] == 1
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    site.version = 2
    again = subprocess.run([*cmd, "--once"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert stored_urls(db) == Counter({base + p: 1 for p in CHANGED})
