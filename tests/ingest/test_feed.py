"""Feeds and fetched pages: ``parse_feed`` on hand-made bytes, ``fetch`` and
``page_document`` against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ceasefire.ingest.feed import BOMB_REASON, ParsedFeed, entry_document, looks_like_feed, parse_feed
from ceasefire.ingest.url import FetchFailure, Fetched, fetch, make_client, page_document
from ceasefire.records import RawDocument, Rejection

BASE = "http://news.example/feeds/world.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World news</title>
<item><title>Talks in Istanbul</title><link>/2022/03/29/talks.html</link><guid isPermaLink="false">id-1</guid>
<pubDate>Tue, 29 Mar 2022 10:00:00 GMT</pubDate></item>
<item><title>Same guid again</title><link>/other.html</link><guid isPermaLink="false">id-1</guid></item>
<item><title>Corridor</title><link>https://news.example/corridor.html</link></item>
<item><title>Brief</title><description>&lt;p&gt;Russian and Ukrainian negotiators agreed a humanitarian
corridor from Mariupol, officials said on Tuesday.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><id>tag:news.example,2022:1</id><title>Truce</title><link href="truce.html"/>
<updated>2022-04-02T08:00:00Z</updated></entry></feed>"""

RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>RDF</title></channel>
<item rdf:about="https://news.example/rdf1.html"><title>One</title><link>https://news.example/rdf1.html</link></item>
</rdf:RDF>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title><link>/a</link></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>/a</link></item></channel></rss>"""


def test_rss_entries_with_keys_links_and_dates():
    feed = parse_feed(RSS, BASE, base_url=BASE)
    assert isinstance(feed, ParsedFeed) and feed.title == "World news" and feed.warning is None
    assert [e.title for e in feed.entries] == ["Talks in Istanbul", "Corridor", "Brief"]  # one item per guid
    first, second, brief = feed.entries
    assert first.key == "id-1" and first.url == "http://news.example/2022/03/29/talks.html"
    assert first.published == "2022-03-29"
    assert second.key == second.url == "https://news.example/corridor.html"  # no guid: the link is the key
    assert brief.url is None and brief.key.startswith("sha256:")
    doc = entry_document(brief, "feed item")
    assert isinstance(doc, RawDocument) and doc.text.startswith("Russian and Ukrainian negotiators")
    assert "<p>" not in doc.text


@pytest.mark.parametrize("data, version, url", [
    (ATOM, "atom10", "http://news.example/feeds/truce.html"),
    (RDF, "rss10", "https://news.example/rdf1.html"),
])
def test_atom_and_rdf(data: bytes, version: str, url: str):
    feed = parse_feed(data, BASE, base_url=BASE)
    assert isinstance(feed, ParsedFeed) and feed.version == version
    assert [e.url for e in feed.entries] == [url]


@pytest.mark.parametrize("data", [
    BILLION_LAUGHS,
    EXTERNAL,
    BILLION_LAUGHS.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="utf-16"?>')
    .decode().encode("utf-16"),
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1/evil.dtd"> %p;]><rss/>',
], ids=["billion-laughs", "external-entity", "utf16-bomb", "parameter-entity"])
def test_entity_declarations_are_refused_before_parsing(data: bytes):
    assert parse_feed(data, "f") == Rejection("f", "feed", BOMB_REASON)


def test_a_plain_doctype_without_entities_is_fine():
    data = RSS.replace(b'<rss version="2.0">', b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                                               b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
                                               b'<rss version="2.0">')
    assert isinstance(parse_feed(data, "f", base_url=BASE), ParsedFeed)


def test_malformed_feeds_are_read_when_they_can_be_and_rejected_when_not():
    sloppy = RSS.replace(b"<title>Corridor</title>", b"<title>Corridor & aid</title>")  # a bare ampersand
    feed = parse_feed(sloppy, "f", base_url=BASE)
    assert isinstance(feed, ParsedFeed) and feed.warning and len(feed.entries) == 3
    broken = parse_feed(b"<?xml version='1.0'?><rss><channel><<<</", "f")
    assert isinstance(broken, Rejection) and broken.reason.startswith("malformed feed")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty feed"),
    (b"  \n ", "empty feed"),
    (b"<html><body><p>Hello</p></body></html>", "not an RSS or Atom feed"),
    (b"x" * 101, "too large: 101 bytes, the limit is 100 bytes per document"),
])
def test_unusable_feeds(data: bytes, reason: str):
    assert parse_feed(data, "f", max_bytes=100) == Rejection("f", "feed", reason)


def test_feed_bytes_are_never_taken_for_a_file_name_or_url():
    # feedparser opens a string or bytes argument as a path or URL; parse_feed gives it a stream.
    for data in (b"/etc/passwd", b"file:///etc/passwd", b"http://127.0.0.1:9/feed"):
        result = parse_feed(data, "f")
        assert isinstance(result, Rejection) and "root:" not in result.reason


def test_looks_like_feed():
    assert looks_like_feed("application/rss+xml", b"")
    assert looks_like_feed("", b"\xef\xbb\xbf<?xml version='1.0'?><feed>")
    assert not looks_like_feed("text/html", RSS)
    assert not looks_like_feed("", b"<!DOCTYPE html><html>")


def test_an_item_with_neither_link_nor_content_is_rejected():
    feed = parse_feed(b"<rss version='2.0'><channel><item><title>Only a title</title></item></channel></rss>", "f")
    assert isinstance(feed, ParsedFeed)
    rejection = entry_document(feed.entries[0], "f item")
    assert isinstance(rejection, Rejection) and "neither a link nor any content" in rejection.reason


# -- fetching ------------------------------------------------------------

ARTICLE = ("<html><head><title>Corridor agreed</title><script>var x = 'SCRIPT';</script></head><body>"
           "<article><p>Russian and Ukrainian negotiators agreed on Tuesday to open a humanitarian corridor from "
           "Mariupol to Zaporizhzhia, officials said.</p><p>The first buses left in the morning, the Red Cross "
           "said.</p></article></body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        path = self.path
        if path == "/drip":  # each byte in time, the whole far too late
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/hang":
            time.sleep(2)
        status, headers, body = {
            "/article": (200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}, ARTICLE.encode()),
            "/latin1": (200, {"Content-Type": "text/html; charset=ISO-8859-1"},
                        ARTICLE.replace("Mariupol", "Genève").encode("latin-1")),
            "/plain": (200, {"Content-Type": "text/plain"}, b"Talks on a truce in Yemen resumed in Muscat on Monday."),
            "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
            "/big": (200, {"Content-Type": "text/html"}, b"x" * 5000),
            "/gzip-bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                           gzip.compress(b" " * 2_000_000)),
            "/busy": (503, {"Retry-After": "120"}, b""),
            "/gone": (404, {}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/hang": (200, {}, b""),
        }.get(path, (404, {}, b""))
        if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
            status, body = 304, b""
        chunked = path == "/big" and self.headers.get("X-Chunked")
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if chunked:  # no Content-Length: the limit must hold while reading
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
            else:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def client():
    with make_client(timeout=0.5, max_redirects=3) as c:
        yield c


def test_fetch_an_article_then_a_conditional_304(base: str, client):
    got = fetch(client, f"{base}/article")
    assert isinstance(got, Fetched) and got.status == 200 and got.etag == '"v1"'
    assert got.media_type == "text/html" and got.charset == "utf-8"
    again = fetch(client, f"{base}/article", headers={"If-None-Match": got.etag})
    assert isinstance(again, Fetched) and again.status == 304 and again.content == b""
    doc = page_document(got, got.url)
    assert isinstance(doc, RawDocument) and "humanitarian corridor" in doc.text and "SCRIPT" not in doc.text
    assert doc.source.url == got.url and doc.source.title == "Corridor agreed"


@pytest.mark.parametrize("path, reason, transient", [
    ("/busy", "HTTP 503 Service Unavailable", True),
    ("/gone", "HTTP 404 Not Found", False),
    ("/loop", "too many redirects (more than 3; a redirect loop?)", False),
    ("/hang", "timed out (no answer within 0.5 s)", True),
    ("/drip", "timed out (the response took longer than 1.5 s)", True),
    ("/big", "too large: 5000 bytes, the limit is 1000 bytes per document", False),
])
def test_fetch_failures_are_values(base: str, client, path: str, reason: str, transient: bool):
    got = fetch(client, base + path, max_bytes=1000)
    assert isinstance(got, FetchFailure)
    assert (got.reason, got.transient) == (reason, transient)
    if path == "/busy":
        assert got.retry_after == 120


def test_size_limit_holds_without_a_content_length(base: str, client):
    got = fetch(client, f"{base}/big", max_bytes=1000, headers={"X-Chunked": "1"})
    assert isinstance(got, FetchFailure) and got.reason.startswith("too large: more than 1000 bytes")


def test_size_limit_counts_decompressed_bytes(base: str, client):
    # 2 KB on the wire, 2 MB inflated: the limit applies to what would be parsed.
    got = fetch(client, f"{base}/gzip-bomb", max_bytes=10_000)
    assert got == FetchFailure(f"{base}/gzip-bomb", "too large: more than 10000 bytes, the limit per document",
                               transient=False)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "not a url"])
def test_only_http_urls_are_fetched(client, url: str):
    assert fetch(client, url) == FetchFailure(url, "not an http(s) URL", transient=False)


def test_pages_by_content_type_and_charset(base: str, client):
    latin = fetch(client, f"{base}/latin1")
    doc = page_document(latin, "u")
    assert isinstance(doc, RawDocument) and "Genève" in doc.text  # the server's charset is honoured
    plain = page_document(fetch(client, f"{base}/plain"), "u")
    assert isinstance(plain, RawDocument) and plain.text.startswith("Talks on a truce")
    pdf = page_document(fetch(client, f"{base}/pdf"), "u")
    assert isinstance(pdf, Rejection) and "content type application/pdf" in pdf.reason
    empty = Fetched("u", 200, b"<html><body><nav>Home</nav></body></html>", "text/html", None, None, None)
    assert page_document(empty, "u") == Rejection("u", "read", "no article text found in the page")
