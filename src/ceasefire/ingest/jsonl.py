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
from .decode import DecodeFailure, invalid_utf8_reason, iter_lines
from .rows import read_record_file, row_to_document


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    return read_record_file(path, max_bytes, _records)


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
