"""Plain text files (.txt, .text, .md): the whole file is one article."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..records import RawDocument, Rejection, Source
from .files import read_bytes
from .decode import decode_document


def read_text(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    origin = str(path)
    data = read_bytes(path, max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    text = decode_document(data, origin)
    if isinstance(text, Rejection):
        yield text
    elif not text.strip():
        yield Rejection(origin, "read", "no text (the file holds only whitespace)")
    else:
        yield RawDocument(text=text, source=Source(path=origin), published=None, origin=origin)
