"""HTML pages (.html, .htm): trafilatura finds the article text and its metadata.

Navigation, scripts, comment sections and footers are left out by trafilatura;
a page in which it finds no article text is rejected, not stored empty.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura

from ..records import RawDocument, Rejection, Source
from .dates import normalise_published
from .decode import SNIFF_BYTES, binary_reason, invalid_utf8_reason, normalise_newlines
from .files import read_bytes

# A page that is not valid UTF-8 may declare its charset; that declaration is
# not a guess, so it is honoured. Without one the page is rejected like any
# other input that is not UTF-8.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# htmldate's extensive search guesses dates from anywhere in the page (comments,
# sidebars); only dates the page states as its own count as metadata.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Menus, footers and sidebars are never the article; without pruning them,
# trafilatura's fallback returns a menu ("Home") for a page with no article.
_PRUNE = ["//nav", "//footer", "//aside"]
# Fewer words than this is a caption or a menu, not an article.
MIN_WORDS = 5


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    if not match:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_page(data: bytes, origin: str) -> str | Rejection:
    if not data:
        return Rejection(origin, "read", "empty file")
    reason = binary_reason(data[:SNIFF_BYTES])
    if reason or b"\x00" in data:
        return Rejection(origin, "decode", reason or "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")  # valid UTF-8 is UTF-8, whatever a (often stale) meta tag says
    except UnicodeDecodeError as exc:
        charset = _declared_charset(data)
        if charset is None or charset.startswith(("utf-16", "utf-32")):
            return Rejection(origin, "decode", invalid_utf8_reason(exc.start))
        try:
            # CodecInfo says whether a codec turns bytes into text: "hex" and
            # "zlib" are codecs too, and decoding with them is no answer.
            if not codecs.lookup(charset)._is_text_encoding:
                raise LookupError(charset)
            text = data.decode(charset)
        except LookupError:
            # An unknown name, or a codec that is no text encoding ("hex", "zlib").
            return Rejection(origin, "decode", f"{invalid_utf8_reason(exc.start)} (the page declares charset "
                                               f"{charset!r}, which is no text encoding)")
        except UnicodeDecodeError as exc2:
            return Rejection(origin, "decode", f"invalid {charset} at byte {exc2.start} (the page declares "
                                               f"charset {charset}); re-encode the file as UTF-8")
    return text.removeprefix("\ufeff")


def extract_page(page: str) -> dict[str, Any] | None:
    """trafilatura's text and metadata for a page, or None when it finds no article (under MIN_WORDS words)."""
    document = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=_DATE_PARAMS, prune_xpath=_PRUNE,
    )
    if document is None:
        return None
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return fields if len((fields.get("text") or "").split()) >= MIN_WORDS else None


def _paragraphs(text: str) -> str:
    # trafilatura separates blocks with one newline; the project's texts mark
    # paragraphs with a blank line (quotes end where a paragraph begins).
    lines = [line.rstrip() for line in normalise_newlines(text).split("\n")]
    return "\n\n".join(line for line in lines if line.strip())


def decode_page(data: bytes, origin: str, declared: str | None = None) -> str | Rejection:
    """The page's text: UTF-8, else the charset ``declared`` by the server
    (an HTTP header), else the page's own meta tag."""
    if declared and data and b"\x00" not in data:
        try:
            name: str | None = codecs.lookup(declared).name
        except (LookupError, ValueError):
            name = None
        if name and not name.startswith(("utf-16", "utf-32")):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    return data.decode(name).removeprefix("\ufeff")
                except UnicodeDecodeError as exc:
                    return Rejection(origin, "decode", f"invalid {name} at byte {exc.start} (the server declares "
                                                       f"charset {name})")
                except (LookupError, UnicodeError, ValueError):
                    pass  # "charset=hex" and the like name no text encoding: as if none were declared
    try:
        return _decode_page(data, origin)
    except (UnicodeError, ValueError):  # a meta tag naming a codec that fails in other ways ("idna")
        return Rejection(origin, "decode", "the page declares a charset that is not a text encoding; "
                                           "re-encode it as UTF-8")


def page_to_document(page: str, origin: str, *, path: str | None = None, url: str | None = None,
                     title: str | None = None, published: str | None = None) -> RawDocument | Rejection:
    """The article of a decoded page. ``url`` (where the page came from) wins
    over the page's own; ``title`` and ``published`` fill what the page lacks."""
    try:
        fields = extract_page(page)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the parser is bad input, not a crash
        return Rejection(origin, "read", f"cannot parse the page: {type(exc).__name__}: {exc}")
    if fields is None:
        return Rejection(origin, "read", "no article text found in the page")
    source = Source(path=path, url=url or fields.get("url") or None, outlet=fields.get("sitename") or None,
                    title=fields.get("title") or title)
    return RawDocument(text=_paragraphs(fields["text"]), source=source,
                       published=normalise_published(fields.get("date")) or published, origin=origin)


def read_html(path: Path, max_bytes: int) -> Iterator[RawDocument | Rejection]:
    origin = str(path)
    data = read_bytes(path, max_bytes)
    if isinstance(data, Rejection):
        yield data
        return
    page = decode_page(data, origin)
    yield page if isinstance(page, Rejection) else page_to_document(page, origin, path=origin)
