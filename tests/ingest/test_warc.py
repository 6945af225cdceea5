"""WARC archives: HTML and text responses become articles, the rest is skipped, streamed."""
from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ceasefire.ingest import read_paths
from ceasefire.records import RawDocument, Rejection

PAGE = """<html><head><title>Talks in Istanbul</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Talks in Istanbul</h1>
<p>Delegations from Russia and Ukraine met in Istanbul on Tuesday for a new round of peace talks.</p>
<p>The Turkish foreign minister said the two sides had agreed to meet again next week.</p>
</article><footer>Copyright 2022</footer></body></html>"""


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers))


def write_warc(path: Path, gzipped: bool) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        writer.write_record(writer.create_warc_record("", "warcinfo", payload=BytesIO(b"software: test"),
                                                      warc_content_type="application/warc-fields"))
        writer.write_record(writer.create_warc_record("https://news.example/talks", "request",
                                                      payload=BytesIO(b"GET /talks HTTP/1.1\r\n\r\n"),
                                                      warc_content_type="application/http; msgtype=request"))
        _response(writer, "https://news.example/talks", PAGE.encode("utf-8"), "text/html; charset=utf-8")
        _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        _response(writer, "https://news.example/gone", b"<html>gone</html>", "text/html", status="404 Not Found")
        latin = PAGE.replace("Istanbul on", "Istanbul (café) on").encode("latin-1")
        _response(writer, "https://news.example/latin", latin, "text/html; charset=ISO-8859-1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/wire.txt", "resource",
            payload=BytesIO(b"Aid convoys reached Mariupol on Friday, officials said."),
            warc_content_type="text/plain"))
    return path


@pytest.mark.parametrize("name,gzipped", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_and_text_records_become_articles(tmp_path: Path, name: str, gzipped: bool):
    path = write_warc(tmp_path / name, gzipped)
    if gzipped:
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    items = list(read_paths([path]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [i for i in items if isinstance(i, Rejection)] == []
    assert [d.source.url for d in docs] == ["https://news.example/talks", "https://news.example/latin",
                                            "https://news.example/wire.txt"]
    talks = docs[0]
    assert "new round of peace talks" in talks.text
    assert "Home | World" not in talks.text and "Copyright" not in talks.text
    assert talks.source.title == "Talks in Istanbul"
    assert talks.origin.startswith(f"{path}#") and talks.source.path == talks.origin
    assert "Istanbul (café) on" in docs[1].text  # the HTTP header's charset is honoured
    assert docs[2].text == "Aid convoys reached Mariupol on Friday, officials said."


def test_damaged_and_empty_archives_are_rejections(tmp_path: Path):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not an archive\n" * 10)
    empty = tmp_path / "images.warc.gz"
    with empty.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        _response(writer, "https://news.example/a.png", b"\x89PNG" + b"\x00" * 16, "image/png")
    truncated = tmp_path / "cut.warc.gz"
    whole = write_warc(tmp_path / "whole.warc.gz", True).read_bytes()
    truncated.write_bytes(whole[: len(whole) - 40])
    items = {p.name: list(read_paths([p])) for p in (junk, empty, truncated)}
    assert [type(i) for i in items["junk.warc"]] == [Rejection]
    assert "not a readable WARC file" in items["junk.warc"][0].reason
    assert [i.reason for i in items["images.warc.gz"]] == ["no HTML or plain-text response in the WARC file"]
    cut = items["cut.warc.gz"]
    assert any(isinstance(i, RawDocument) for i in cut) and isinstance(cut[-1], Rejection)


def test_oversized_record_is_rejected_and_the_rest_goes_on(tmp_path: Path):
    path = tmp_path / "big.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        _response(writer, "https://news.example/big", b"word " * 5000, "text/plain")
        _response(writer, "https://news.example/small", b"A short wire report about talks.", "text/plain")
    items = list(read_paths([path], max_bytes=10_000))
    assert isinstance(items[0], Rejection) and "too large" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].source.url == "https://news.example/small"


def test_large_archive_is_streamed(tmp_path: Path, documents_read_at_peak):
    """Reading a 20 MB archive record by record holds one record at a time."""
    path = tmp_path / "large.warc.gz"
    body = ("Negotiators met again on Monday. " * 300).encode("utf-8")  # about 10 KB a record
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(2000):
            _response(writer, f"https://news.example/{i}", body + str(i).encode(), "text/plain")
    assert sum(len(gzip.decompress(path.read_bytes())) for _ in [0]) > 19_000_000
    count, peak = documents_read_at_peak(path)
    assert count == 2000
    assert peak < 5_000_000
