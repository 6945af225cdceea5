"""Bytes to text, strictly: UTF-8 only, with a rejection that says how to fix the file.

We never guess an encoding: a wrong guess silently corrupts names and quotes,
and every offset downstream indexes into the decoded text.
"""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from ..records import Rejection

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # per document; a news article is a few KB
SNIFF_BYTES = 8192  # enough to tell a binary file from text
# A sample with more than this share of control or undecodable characters is
# not text in any encoding worth re-encoding.
BINARY_RATIO = 0.30

_UTF8_BOM = codecs.BOM_UTF8
# BOMs of encodings that are text but not UTF-8: name them so the user can fix it.
_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x08")


class DecodeFailure(Exception):
    """A byte sequence that is not UTF-8, with its offset in the file."""

    def __init__(self, offset: int):
        super().__init__(f"invalid UTF-8 at byte {offset}")
        self.offset = offset


def invalid_utf8_reason(offset: int) -> str:
    return f"invalid UTF-8 at byte {offset}; re-encode the file as UTF-8"


def binary_reason(sample: bytes) -> str | None:
    """Why ``sample`` (the start of a file) looks binary, or None when it looks like text."""
    for bom, name in _OTHER_BOMS:
        if sample.startswith(bom):
            return f"binary file (looks like {name} text); re-encode the file as UTF-8"
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    if sample.startswith(_UTF8_BOM):
        sample = sample[len(_UTF8_BOM):]
    if not sample:
        return None
    # Cut a multi-byte character split by the sample's end before judging it.
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(sample, final=False)
    if not text:
        return None
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in _TEXT_CONTROLS) or ch == "\x7f")
    if odd / len(text) > BINARY_RATIO:
        return "binary file (mostly non-text bytes)"
    return None


def normalise_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n, so paragraph breaks are always \\n\\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_document(data: bytes, origin: str) -> str | Rejection:
    """The text of a whole file, or the reason it cannot be used (stage ``decode``)."""
    if not data:
        return Rejection(origin, "read", "empty file")
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason is None and b"\x00" in data:  # NUL past the sniffed start
        reason = "binary file (contains NUL bytes)"
    if reason:
        return Rejection(origin, "decode", reason)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(origin, "decode", invalid_utf8_reason(exc.start))
    return normalise_newlines(text.removeprefix("\ufeff"))


def iter_lines(stream: BinaryIO) -> Iterator[tuple[int, int, str | DecodeFailure]]:
    """``(line number, byte offset, text)`` for each line, endings kept.

    Splitting on the byte 0x0A is safe for UTF-8 (no multi-byte sequence
    contains it), so a large JSONL or CSV file streams line by line.  A line
    that is not UTF-8 comes as a ``DecodeFailure`` carrying the file offset of
    its first bad byte, so the caller decides whether to skip it or stop.
    """
    offset = 0
    for number, raw in enumerate(stream, start=1):
        try:
            line: str | DecodeFailure = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = DecodeFailure(offset + exc.start)
        if number == 1 and isinstance(line, str):
            line = line.removeprefix("\ufeff")
        yield number, offset, line
        offset += len(raw)
