"""RSS and Atom feeds: bytes in (as fetched), entries or a ``Rejection`` out.

feedparser reads the feed, but only after the bytes passed three gates:
the size limit, a refusal of every entity declaration (billion laughs,
quadratic blow-up and external entities all need one, and no real feed does),
and defusedxml's parser as a second opinion on the same. feedparser is given
a stream, never the bytes themselves: given bytes or a string it may take
them for a file name or a URL and open it.
"""
from __future__ import annotations

import calendar
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from ..records import RawDocument, Rejection, Source
from .decode import DEFAULT_MAX_BYTES
from .files import too_large_reason
from .html import _paragraphs, extract_page

__all__ = ["FeedEntry", "ParsedFeed", "entry_document", "looks_like_feed", "parse_feed"]

FEED_TYPES = ("rss", "atom", "rdf", "xml")
# Entity declarations, or a DOCTYPE with an internal subset that could hold
# them. NUL bytes are dropped before the search so UTF-16/32 feeds are checked too.
_ENTITY_DECL = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)
BOMB_REASON = "XML entity declarations are not accepted in feeds (a possible XML bomb)"


@dataclass(frozen=True)
class FeedEntry:
    """One item: ``key`` identifies it across polls (guid, else link, else a hash of its content)."""

    key: str
    url: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    content: str | None  # HTML or text given in the feed, used when the item has no link


@dataclass
class ParsedFeed:
    title: str | None
    version: str  # feedparser's name: rss20, atom10...
    entries: list[FeedEntry] = field(default_factory=list)
    warning: str | None = None  # feedparser read it, but the XML was not well-formed


def looks_like_feed(media_type: str, data: bytes) -> bool:
    """Whether a response is a feed (rather than an article page), by type, else by its first bytes."""
    if media_type and "html" in media_type:
        return False
    if media_type and any(kind in media_type for kind in FEED_TYPES):
        return True
    head = data[:2048].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return b"<html" not in head
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def _refusal(data: bytes, origin: str) -> Rejection | None:
    if _ENTITY_DECL.search(data.replace(b"\x00", b"")):
        return Rejection(origin, "feed", BOMB_REASON)
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return Rejection(origin, "feed", BOMB_REASON)
    except (ParseError, ValueError, LookupError, UnicodeError, SyntaxError):
        pass  # not well-formed: feedparser's lenient parser may still read it
    except RecursionError:
        return Rejection(origin, "feed", "malformed feed: nested too deeply")
    return None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc).date().isoformat()
            except (OverflowError, ValueError, OSError):
                return None
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _entry(entry: Any) -> FeedEntry:
    link = _text(entry.get("link"))
    content = None
    for part in entry.get("content") or []:
        content = _text(part.get("value")) if hasattr(part, "get") else None
        if content:
            break
    content = content or _text(entry.get("summary"))
    title = _text(entry.get("title"))
    key = _text(entry.get("id")) or link
    if key is None:
        # No guid and no link: the item is known by what it says.
        key = "sha256:" + hashlib.sha256(f"{title}\x1f{content}".encode("utf-8", "surrogatepass")).hexdigest()
    return FeedEntry(key=key, url=link, title=title, published=_date(entry), content=content)


def parse_feed(data: bytes, origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES, base_url: str | None = None,
               media_type: str | None = None) -> ParsedFeed | Rejection:
    """The feed's entries (relative links resolved against ``base_url``), or why it cannot be read."""
    if len(data) > max_bytes:
        return Rejection(origin, "feed", too_large_reason(len(data), max_bytes))
    if not data.strip():
        return Rejection(origin, "feed", "empty feed")
    refused = _refusal(data, origin)
    if refused:
        return refused
    headers = {"content-location": base_url or "", "content-type": media_type or "application/xml"}
    try:
        result = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    except RecursionError:
        return Rejection(origin, "feed", "malformed feed: nested too deeply")
    except Exception as exc:  # noqa: BLE001 - a feed that breaks the parser is bad input, not a crash
        return Rejection(origin, "feed", f"cannot parse the feed: {type(exc).__name__}")
    warning = None
    if result.get("bozo"):
        problem = result.get("bozo_exception")
        warning = f"{type(problem).__name__}: {problem}" if problem else "not well-formed"
    version = result.get("version") or ""
    if not result.entries and (not version or warning):
        what = f"malformed feed ({warning})" if warning else "not an RSS or Atom feed"
        return Rejection(origin, "feed", what)
    entries: list[FeedEntry] = []
    keys: set[str] = set()
    for raw in result.entries:
        try:
            entry = _entry(raw)
        except (AttributeError, TypeError, ValueError):
            continue  # feedparser gave something not shaped like an entry; nothing to fetch
        if entry.key not in keys:  # the same guid twice in one feed is one item
            keys.add(entry.key)
            entries.append(entry)
    title = _text(result.get("feed", {}).get("title"))
    return ParsedFeed(title=title, version=version or "unknown", entries=entries, warning=warning)


def entry_document(entry: FeedEntry, origin: str, outlet: str | None = None) -> RawDocument | Rejection:
    """The article an item carries in the feed itself (for items with no link to fetch)."""
    if not entry.content:
        return Rejection(origin, "feed", "the item has neither a link nor any content")
    content = entry.content
    if "<" in content:
        try:
            fields = extract_page(f"<html><body><article>{content}</article></body></html>")
        except Exception as exc:  # noqa: BLE001 - content that breaks the parser is bad input
            return Rejection(origin, "read", f"cannot parse the item's content: {type(exc).__name__}")
        if fields is None:
            return Rejection(origin, "read", "no article text found in the item's content")
        text = _paragraphs(fields["text"])
    else:
        text = content
    return RawDocument(text=text, source=Source(url=None, outlet=outlet, title=entry.title),
                       published=entry.published, origin=origin)
