"""One record of a JSONL or CSV file (``text`` plus optional metadata) to a document.

Shared by both readers so the two formats accept exactly the same fields.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from ..records import RawDocument, Rejection, Source
from .dates import normalise_published
from .decode import SNIFF_BYTES, binary_reason, normalise_newlines
from .files import too_large_reason

TEXT_FIELD = "text"
OPTIONAL_FIELDS = ("title", "url", "published", "outlet")


def _optional(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def row_to_document(row: Mapping[str, Any], path: str, line: int, max_bytes: int) -> RawDocument | Rejection:
    """A document for a good row; a ``read`` rejection naming ``path:line`` otherwise."""
    origin = f"{path}:{line}"
    text = row.get(TEXT_FIELD)
    if text is None:
        return Rejection(origin, "read", f"no '{TEXT_FIELD}' field (fields: {', '.join(map(str, row)) or 'none'})")
    if not isinstance(text, str):
        return Rejection(origin, "read", f"'{TEXT_FIELD}' is a {type(text).__name__}, not a string")
    text = normalise_newlines(text.removeprefix("\ufeff"))
    if not text.strip():
        return Rejection(origin, "read", f"empty '{TEXT_FIELD}'")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return Rejection(origin, "read", too_large_reason(size, max_bytes))
    if "\x00" in text:
        return Rejection(origin, "decode", "binary data (NUL characters) in the text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # JSON "\ud800" escapes decode to lone surrogates
        return Rejection(origin, "decode", "the text holds lone surrogate characters (bad \\u escapes)")
    source = Source(path=path, url=_optional(row, "url"), outlet=_optional(row, "outlet"), title=_optional(row, "title"))
    published = normalise_published(row.get("published"))
    return RawDocument(text=text, source=source,
                       published=published, origin=origin)


RecordReader = Callable[[BinaryIO, str, int], Iterator[RawDocument | Rejection]]


def read_record_file(path: Path, max_bytes: int, records: RecordReader) -> Iterator[RawDocument | Rejection]:
    """Open a file of records (JSONL, CSV): an empty or binary file is one
    rejection; otherwise ``records`` reads it row by row."""
    origin = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            if not head:
                yield Rejection(origin, "read", "empty file")
                return
            reason = binary_reason(head)
            if reason:
                yield Rejection(origin, "decode", reason)
                return
            handle.seek(0)
            yield from records(handle, origin, max_bytes)
    except OSError as exc:
        yield Rejection(origin, "read", f"cannot read: {exc.strerror or exc}")
