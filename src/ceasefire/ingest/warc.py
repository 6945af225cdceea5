"""Web archives (.warc, .warc.gz): each HTML or plain-text response is an article.

The archive is streamed record by record with warcio, so its size is not
limited, only each record's. HTML goes through the same extraction as an
.html file (trafilatura); the record's target URI becomes the source URL.
Requests, metadata and responses that are not text (images, scripts, style
sheets) are skipped without a word; a response that should be an article but
cannot be read is a rejection naming ``path#record-offset``. An archive with
no article in it at all is one rejection, so every file given yields something.
"""
from __future__ import annotations

import codecs
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..records import RawDocument, Rejection, Source
from .decode import decode_document
from .html import decode_page, page_to_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
ARTICLE_RECORDS = ("response", "resource", "conversion")


def _content_type(record: Any) -> tuple[str, str | None]:
    """(media type, declared charset) of a record's payload."""
    raw = ""
    if record.http_headers is not None:
        raw = record.http_headers.get_header("Content-Type") or ""
    if not raw:
        raw = record.rec_headers.get_header("Content-Type") or ""
    parts = [p.strip() for p in raw.split(";")]
    media = parts[0].lower() if parts else ""
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value:
            try:
                charset = codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                charset = None
    return media, charset


def _read_payload(record: Any, max_bytes: int) -> bytes | str:
    """The payload, or why it cannot be used: over ``max_bytes`` (read no further) or cut short."""
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return f"too large: more than {max_bytes} bytes, the limit is {max_bytes} bytes per document"
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        return f"the record is cut short ({missing} bytes missing): the WARC file is truncated"
    return data


def _html_document(data: bytes, charset: str | None, origin: str, url: str | None,
                   date: str | None) -> RawDocument | Rejection:
    page = decode_page(data, origin, charset)
    if isinstance(page, Rejection):
        return page
    return page_to_document(page, origin, path=origin, url=url, published=date)


def _text_document(data: bytes, origin: str, url: str | None) -> RawDocument | Rejection:
    text = decode_document(data, origin)
    if isinstance(text, Rejection):
        return text
    if not text.strip():
        return Rejection(origin, "read", "no text (the record holds only whitespace)")
    return RawDocument(text=text, source=Source(path=origin, url=url), published=None, origin=origin)


def _record_document(record: Any, where: Callable[[], str], max_bytes: int) -> RawDocument | Rejection | None:
    if record.rec_type not in ARTICLE_RECORDS:
        return None
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return None  # redirects and errors are not articles
    media, charset = _content_type(record)
    if media not in HTML_TYPES and media not in TEXT_TYPES:
        return None
    data = _read_payload(record, max_bytes)
    origin = where()  # asking warcio for the offset reads the record to its end: only after the payload
    if isinstance(data, str):
        return Rejection(origin, "read", data)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    if media in HTML_TYPES:
        return _html_document(data, charset, origin, url, None)
    return _text_document(data, origin, url)


def _looks_like_warc(head: bytes) -> bool:
    """Whether a file's first bytes (gzip-compressed or not) open a WARC record."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    """Articles of a WARC file (gzip-compressed per record or not), in archive order."""
    where = str(path)
    found = 0
    try:
        with path.open("rb") as handle:
            # warcio reads almost anything as records of some kind: check the header first.
            if not _looks_like_warc(handle.read(4096)):
                yield Rejection(where, "read", "not a readable WARC file (it does not begin with a WARC/1.x record)")
                return
            handle.seek(0)
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                def origin() -> str:
                    return f"{where}#{records.get_record_offset()}"
                try:
                    item = _record_document(record, origin, max_bytes)
                except Exception as exc:  # noqa: BLE001 - a broken record is bad input
                    item = Rejection(origin(), "read", f"cannot read the record: {type(exc).__name__}: {exc}")
                if item is not None:
                    found += 1
                    yield item
    except ArchiveLoadFailed as exc:
        found += 1
        yield Rejection(where, "read", f"not a readable WARC file: {' '.join(str(exc).split())}")
    except OSError as exc:
        found += 1
        yield Rejection(where, "read", f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a truncated or corrupt archive ends the file, not the run
        found += 1
        yield Rejection(where, "read", f"the WARC file is damaged after {found - 1} article(s): "
                                       f"{type(exc).__name__}: {exc}")
    if found == 0:
        yield Rejection(where, "read", "no HTML or plain-text response in the WARC file")
