"""JSON Lines (.jsonl, .ndjson): one JSON object per line, each an article.

A bad line is a rejection naming ``path:line``; the rest of the file goes on.
The file is streamed, so its size is not limited, only each record's text.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import RawDocument, Rejection
from .decode import SNIFF_BYTES, DecodeFailure, binary_reason, invalid_utf8_reason, iter_lines
from .rows import row_to_document


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
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
            yield from _records(handle, origin, max_bytes)
    except OSError as exc:
        yield Rejection(origin, "read", f"cannot read: {exc.strerror or exc}")


def _records(handle: BinaryIO, origin: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    seen = 0
    for number, _, line in iter_lines(handle):
        if isinstance(line, DecodeFailure):
            seen += 1
            yield Rejection(f"{origin}:{number}", "decode", invalid_utf8_reason(line.offset))
            continue
        if not line.strip():
            continue  # blank lines carry nothing in JSONL; skipping them loses nothing
        seen += 1
        yield _parse_line(line, origin, number, max_bytes)
    if seen == 0:
        yield Rejection(origin, "read", "no records (the file holds only blank lines)")


def _parse_line(line: str, origin: str, number: int, max_bytes: int) -> RawDocument | Rejection:
    where = f"{origin}:{number}"
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejection(where, "read", f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Rejection(where, "read", "invalid JSON: nested too deeply")
    if not isinstance(value, dict):
        return Rejection(where, "read", f"not a JSON object (got {type(value).__name__}); "
                                        "each line must be an object with a 'text' field")
    return row_to_document(value, origin, number, max_bytes)
