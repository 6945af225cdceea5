"""Fuzzing every reader: arbitrary bytes and arbitrary JSON never crash ingest,
and every input is accounted for as documents or rejections.

Readers: text, HTML, JSONL and CSV files (through ``read_paths``), feeds
(``parse_feed``), fetched pages (``page_document``) and the language check;
then arbitrary JSONL through the whole ingest run into a real SQLite store.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.ingest import read_paths
from ceasefire.ingest.decode import SNIFF_BYTES, binary_reason
from ceasefire.ingest.feed import ParsedFeed, entry_document, looks_like_feed, parse_feed
from ceasefire.ingest.language import LanguageGuess, detect_language, language_rejection
from ceasefire.ingest.url import Fetched, page_document
from ceasefire.records import RawDocument, Rejection

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a bit like the formats, so the fuzzer gets past the first checks.
markup = st.sampled_from([b"<html>", b"<body>", b"<p>", b"</p>", b"<script>", b"<article>", b"<?xml ",
                          b"<rss>", b"<item>", b"<link>", b"<!DOCTYPE x [", b"<!ENTITY a 'b'>", b"&a;",
                          b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\n", b",", b'"', b"text", b"{", b"}",
                          b"Talks on a ceasefire in Kyiv, officials said. ", b"\xc3\xa9", b"\xe9",
                          b'<meta charset="latin-1">'])
fuzz_bytes = st.one_of(st.binary(max_size=3000), st.lists(st.one_of(markup, st.binary(max_size=20)),
                                                          max_size=60).map(b"".join))
# Pages also declare charsets that name no text encoding (see the xfail test below for files).
page_bytes = st.lists(st.one_of(markup, st.binary(max_size=20),
                                st.sampled_from([b'<meta charset="hex">', b'<meta charset="idna">'])),
                      max_size=60).map(b"".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
article_like = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=200), json_values,
                      st.just("Russian and Ukrainian negotiators met in Istanbul for talks, officials said.")),
    "published": st.one_of(st.text(max_size=20), json_values),
    "title": json_values, "url": json_values, "outlet": json_values,
})
jsonl_lines = st.lists(st.one_of(json_values.map(json.dumps), article_like.map(json.dumps),
                                 st.text(max_size=60)), max_size=8)


def check_items(items: list[RawDocument | Rejection]) -> None:
    for item in items:
        assert isinstance(item, (RawDocument, Rejection)), item
        if isinstance(item, RawDocument):
            assert isinstance(item.text, str) and item.text.strip() and "\x00" not in item.text
            item.text.encode("utf-8")  # no lone surrogates reach the analyser
        else:
            assert item.source and item.stage and item.reason


def read_bytes_as(data: bytes, suffix: str) -> list[RawDocument | Rejection]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_paths([path], max_bytes=2000))


@FUZZ
@given(data=fuzz_bytes, suffix=st.sampled_from([".txt", ".html"]))
def test_one_document_files_yield_exactly_one_item(data: bytes, suffix: str):
    items = read_bytes_as(data, suffix)
    assert len(items) == 1
    check_items(items)


@FUZZ
@given(data=fuzz_bytes, suffix=st.sampled_from([".jsonl", ".csv"]))
def test_many_record_files_yield_at_least_one_item(data: bytes, suffix: str):
    items = read_bytes_as(data, suffix)
    assert items
    check_items(items)


def expected_jsonl_items(data: bytes) -> int:
    """One item per line that is not blank (a line that is not UTF-8 counts); one rejection for none,
    or for a file whose start looks binary."""
    if binary_reason(data[:SNIFF_BYTES]):
        return 1
    count = 0
    for number, raw in enumerate(data.split(b"\n")):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            count += 1
            continue
        if number == 0:
            line = line.removeprefix("\ufeff")
        count += bool(line.strip())
    return max(count, 1)


@FUZZ
@given(lines=jsonl_lines)
def test_arbitrary_json_lines_are_each_a_document_or_a_rejection(lines: list[str]):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = read_bytes_as(data, ".jsonl")
    check_items(items)
    if data:
        assert len(items) == expected_jsonl_items(data)


@FUZZ
@given(data=fuzz_bytes)
def test_feed_parsing_never_raises(data: bytes):
    result = parse_feed(data, "http://127.0.0.1/feed.xml", max_bytes=2000, base_url="http://127.0.0.1/feed.xml")
    assert isinstance(result, (ParsedFeed, Rejection))
    looks_like_feed("", data)
    if isinstance(result, ParsedFeed):
        for entry in result.entries:
            assert isinstance(entry.key, str) and entry.key
            check_items([entry_document(entry, "origin")])


rss_parts = st.lists(st.one_of(st.sampled_from(["<item>", "</item>", "<title>", "</title>", "<link>", "</link>",
                                                "<guid>", "</guid>", "<description>", "</description>",
                                                "http://127.0.0.1/a.html", "/relative", "&amp;", "&", "<![CDATA[",
                                                "]]>", "<p>words</p>", "javascript:x"]),
                               st.text(max_size=15)), max_size=40).map("".join)


@FUZZ
@given(body=rss_parts)
def test_feed_like_xml_never_raises(body: str):
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    result = parse_feed(data.encode("utf-8", "surrogatepass"), "f", base_url="http://127.0.0.1/f.xml")
    assert isinstance(result, (ParsedFeed, Rejection))
    if isinstance(result, ParsedFeed):
        assert len({e.key for e in result.entries}) == len(result.entries)


@FUZZ
@given(data=st.one_of(fuzz_bytes, page_bytes), media=st.sampled_from(["text/html", "text/plain", "", "application/pdf",
                                                "application/xhtml+xml"]),
       charset=st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "no-such-charset", "utf-16"]))
def test_fetched_pages_become_a_document_or_a_rejection(data: bytes, media: str, charset: str | None):
    fetched = Fetched("http://127.0.0.1/a.html", 200, data, media, charset, None, None)
    check_items([page_document(fetched, "http://127.0.0.1/a.html")])


@pytest.mark.parametrize("charset", [b"hex", b"rot13", b"zlib"])
def test_a_meta_charset_naming_no_text_encoding_is_a_rejection(charset: bytes):
    items = read_bytes_as(b'<html><head><meta charset="' + charset + b'"></head><body><p>caf\xe9 talks</p></body></html>',
                          ".html")
    assert len(items) == 1 and isinstance(items[0], Rejection)


@FUZZ
@given(text=st.text(max_size=500))
def test_language_detection_never_raises(text: str):
    assert isinstance(detect_language(text), LanguageGuess)
    rejection = language_rejection(text, "o")
    assert rejection is None or rejection.stage == "language"


@SLOW
@given(lines=jsonl_lines)
def test_every_jsonl_input_is_accounted_for_through_a_whole_ingest(lines: list[str], resources, session_dbs):
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.runner import ingest
    from ceasefire.store import Store

    analyser = Analyser(resources, extractors=[])  # the fuzz is about input, not extraction: keep it fast
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        path.write_bytes(data)
        with Store.open(session_dbs.new("fuzz")) as store:  # a new, empty store per example
            summary = ingest(read_paths([path]), store, analyser)
            counts = store.counts()
    # "seen": judged off topic by the relevance filter, kept as seen but not analysed.
    passed_over = getattr(summary, "seen", 0)
    assert summary.inputs == summary.added + summary.already + len(summary.rejected) + passed_over
    assert counts["articles"] == summary.added
    assert counts["rejections"] == len(summary.rejected)
