"""Arbitrary bytes never crash a reader: every file yields documents or rejections."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.ingest import read_paths
from ceasefire.records import RawDocument, Rejection

EXTENSIONS = [".txt", ".md", ".html", ".jsonl", ".csv", ".bin"]

# Raw bytes, plus bytes built from text so that decodable inputs are common too.
payloads = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from([b'{"text": "a b c"}', b"text,title", b'"x\ny",z', b"\n", b"\r\n", b"\xff",
                              b"\x00", b"<p>", b"\xef\xbb\xbf", b",", b'"', b"{", b"}"]), max_size=30).map(b"".join),
)


@settings(max_examples=150, deadline=None)
@given(data=payloads, ext=st.sampled_from(EXTENSIONS))
def test_arbitrary_bytes_are_accounted_for(data: bytes, ext: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{ext}"
        path.write_bytes(data)
        out = list(read_paths([path], max_bytes=1500))
    assert out, "every input yields at least one document or rejection"
    for item in out:
        assert isinstance(item, (RawDocument, Rejection))
        if isinstance(item, RawDocument):
            assert item.text.strip() and "\r" not in item.text and "\x00" not in item.text
            assert item.text.encode("utf-8")  # a clean str, no lone surrogates
        else:
            assert item.reason and item.stage in ("read", "decode") and item.source.startswith(str(path))
    if ext in (".txt", ".md", ".html", ".bin"):
        assert len(out) == 1  # one file, one article or one rejection
