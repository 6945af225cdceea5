"""Reading a file's bytes with the size limit applied before the read."""
from __future__ import annotations

from pathlib import Path

from ..records import Rejection


def too_large_reason(size: int, max_bytes: int) -> str:
    return f"too large: {size} bytes, the limit is {max_bytes} bytes per document"


def read_bytes(path: Path, max_bytes: int) -> bytes | Rejection:
    """The file's bytes, or a ``read`` rejection (missing, unreadable, too large)."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:  # checked before reading: never load a huge file
            return Rejection(origin, "read", too_large_reason(size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        return Rejection(origin, "read", f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Rejection(origin, "read", too_large_reason(len(data), max_bytes))
    return data
