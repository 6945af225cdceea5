"""CSV files (.csv): a header row with a ``text`` column, then one article per row.

Fields may be quoted and span several lines; a row's ``path:line`` names the
line it starts on. A bad row is a rejection and the rest of the file goes on;
text that is not UTF-8 stops the file there, since CSV quoting cannot be
resynchronised after an undecodable stretch.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..records import RawDocument, Rejection
from .decode import DecodeFailure, invalid_utf8_reason, iter_lines
from .rows import TEXT_FIELD, read_record_file, row_to_document


class _StopAtBadBytes(Exception):
    def __init__(self, failure: DecodeFailure, line: int):
        self.failure, self.line = failure, line


def _decoded(handle: BinaryIO) -> Iterator[str]:
    for number, _, line in iter_lines(handle):
        if isinstance(line, DecodeFailure):
            raise _StopAtBadBytes(line, number)
        yield line


def read_csv(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    # csv's default field limit (128 KiB) is below a long article; the limit is
    # process-wide, so only ever raise it. Oversized texts are rejected per row.
    if csv.field_size_limit() < 4 * max_bytes + 1:
        csv.field_size_limit(4 * max_bytes + 1)
    return read_record_file(path, max_bytes, _rows)


def _rows(handle: BinaryIO, origin: str, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    reader = csv.reader(_decoded(handle))
    header: list[str] | None = None
    seen = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except _StopAtBadBytes as stop:
            yield Rejection(f"{origin}:{stop.line}", "decode",
                            f"{invalid_utf8_reason(stop.failure.offset)} (rows from line {stop.line} on were not read)")
            return
        except csv.Error as exc:
            yield Rejection(f"{origin}:{start}", "read", f"malformed CSV: {exc} (rows from line {start} on were not read)")
            return
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if header is None:
            header = [cell.strip().removeprefix("\ufeff").lower() for cell in row]
            if TEXT_FIELD not in header:
                yield Rejection(origin, "read", f"no '{TEXT_FIELD}' column in the header (columns: {', '.join(header)})")
                return
            continue
        seen += 1
        yield row_to_document(dict(zip(header, row)), origin, start, max_bytes)
    if header is None:
        yield Rejection(origin, "read", "no header row (the file holds only blank lines)")
    elif seen == 0:
        yield Rejection(origin, "read", "no records (the file has a header but no rows)")
