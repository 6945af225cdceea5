"""Fetching over HTTP, defensively, and article pages to documents.

Every way a server can misbehave ends in a value, never an exception: a
``Fetched`` response or a ``FetchFailure`` that says whether trying again
later may help (a timeout, a 503) or not (a 404, a redirect loop, a body over
the size limit). Article pages then go through the same trafilatura
extraction as local HTML files.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import httpx

from ..records import RawDocument, Rejection, Source
from .decode import DEFAULT_MAX_BYTES, decode_document
from .files import too_large_reason
# The page helpers of the HTML reader: a fetched page is read exactly as a saved one.
from .html import decode_page, page_to_document

__all__ = ["DEFAULT_MAX_REDIRECTS", "DEFAULT_TIMEOUT", "FetchFailure", "Fetched", "fetch", "is_http_url",
           "make_client", "page_document"]

DEFAULT_TIMEOUT = 10.0  # seconds: connect, and between bytes; the whole response gets 3 times that
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "ceasefire/0.1 (news tracker; polite: conditional requests, rate-limited)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# Statuses after which a later try may well succeed.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """A response worth reading: 200 with its body, or 304 (not modified) without."""

    url: str  # after redirects
    status: int
    content: bytes
    media_type: str  # lowercased, without parameters; "" when the server sent none
    charset: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FetchFailure:
    """Why a URL could not be fetched; ``transient`` when trying later may help."""

    url: str
    reason: str
    transient: bool
    retry_after: float | None = None  # seconds, when the server said so


def is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def make_client(timeout: float = DEFAULT_TIMEOUT, max_redirects: int = DEFAULT_MAX_REDIRECTS) -> httpx.Client:
    """A client for one run: redirects followed up to a limit, every wait bounded."""
    return httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=httpx.Timeout(timeout),
                        headers={"User-Agent": USER_AGENT})


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


def _retry_after(value: str | None) -> float | None:
    # Only the delta-seconds form: an HTTP date would need the server's clock to be right.
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def fetch(client: httpx.Client, url: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
          headers: Mapping[str, str] | None = None, deadline: float | None = None) -> Fetched | FetchFailure:
    """GET ``url`` with ``headers`` (e.g. If-None-Match); the body is cut off at ``max_bytes``.

    ``deadline`` bounds the whole response in seconds (default: 3 read
    timeouts), so a server that drips one byte at a time cannot hold a run.
    """
    if not is_http_url(url):
        return FetchFailure(url, "not an http(s) URL", transient=False)
    read_timeout = client.timeout.read or DEFAULT_TIMEOUT
    limit = deadline if deadline is not None else 3 * read_timeout
    started = time.monotonic()
    try:
        with client.stream("GET", url, headers=dict(headers or {})) as response:
            return _read(response, url, max_bytes, started, limit)
    except httpx.TooManyRedirects:
        return FetchFailure(url, f"too many redirects (more than {client.max_redirects}; a redirect loop?)",
                            transient=False)
    except httpx.TimeoutException:
        return FetchFailure(url, f"timed out (no answer within {read_timeout:g} s)", transient=True)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return FetchFailure(url, f"cannot fetch: {exc}", transient=False)
    except httpx.TransportError as exc:  # refused, reset, DNS, protocol violations
        return FetchFailure(url, f"cannot connect: {type(exc).__name__}", transient=True)
    except (httpx.HTTPError, UnicodeError, ValueError) as exc:  # e.g. a Location header that is not a URL
        return FetchFailure(url, f"cannot fetch: {type(exc).__name__}: {exc}", transient=False)


def _read(response: httpx.Response, url: str, max_bytes: int, started: float, limit: float) -> Fetched | FetchFailure:
    status = response.status_code
    media_type, charset = _media_type(response.headers.get("content-type"))
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    final = str(response.url)
    if status == 304:
        return Fetched(final, 304, b"", media_type, charset, etag, modified)
    if status != 200:
        phrase = response.reason_phrase or ""
        return FetchFailure(url, f"HTTP {status} {phrase}".rstrip(), transient=status in TRANSIENT_STATUSES,
                            retry_after=_retry_after(response.headers.get("retry-after")))
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:  # refused before a byte of the body is read
        return FetchFailure(url, too_large_reason(int(declared), max_bytes), transient=False)
    body = bytearray()
    # Decoded bytes are counted: a small gzip body that inflates past the limit is cut off too.
    for chunk in response.iter_bytes(_CHUNK):
        body.extend(chunk)
        if len(body) > max_bytes:
            return FetchFailure(url, f"too large: more than {max_bytes} bytes, the limit per document",
                                transient=False)
        if time.monotonic() - started > limit:
            return FetchFailure(url, f"timed out (the response took longer than {limit:g} s)", transient=True)
    return Fetched(final, 200, bytes(body), media_type, charset, etag, modified)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--"))


def page_document(fetched: Fetched, origin: str, *, title: str | None = None,
                  published: str | None = None) -> RawDocument | Rejection:
    """The article of a fetched page; ``title`` and ``published`` (from a feed) fill what the page lacks."""
    kind = fetched.media_type
    if not kind:
        kind = "text/html" if _looks_like_html(fetched.content) else "text/plain"
    if kind in TEXT_TYPES:
        text = decode_document(fetched.content, origin)
        if isinstance(text, Rejection):
            return text
        if not text.strip():
            return Rejection(origin, "read", "no text (the page holds only whitespace)")
        return RawDocument(text=text, source=Source(url=origin, title=title), published=published, origin=origin)
    if kind not in HTML_TYPES:
        return Rejection(origin, "read", f"not an article page (content type {kind}); "
                                         f"accepted: {', '.join(sorted(HTML_TYPES | TEXT_TYPES))}")
    page = decode_page(fetched.content, origin, fetched.charset)
    if isinstance(page, Rejection):
        return page
    return page_to_document(page, origin, url=origin, title=title, published=published)
