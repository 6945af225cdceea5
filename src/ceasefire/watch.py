"""``ceasefire watch``: poll feeds and article URLs, unattended, for months.

Each poll of a URL sends the validators of the last one (ETag,
Last-Modified), waits its turn per host, and reads at most ``max_bytes``.
A feed's items are fetched, extracted and ingested one by one; each item is
marked done in the same transaction as its article or rejection
(``store/feeds.py``), so a restart resumes exactly where the last run stopped.
A URL that fails (timeout, 500, redirect loop, malformed or hostile XML) is
recorded as a rejection and polled again after an exponential back-off; an
item whose page fails for a passing reason is retried on later polls, a few
times, before it is rejected.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml
from sqlalchemy import Connection

from .analyse.pipeline import Analyser
from .errors import CeasefireError, InputError
from .ingest.decode import DEFAULT_MAX_BYTES
from .ingest.feed import FeedEntry, entry_document, looks_like_feed, parse_feed
from .ingest.url import (DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT, FetchFailure, Fetched, fetch, is_http_url,
                         make_client, page_document)
from .records import Article, RawDocument, Rejection
from .runner import ingest
from .store import Store
from .store.feeds import ALREADY, DONE, RETRY, STORED, FeedRow, FeedState, ItemRef

__all__ = ["HostRateLimiter", "PollReport", "WatchSettings", "Watcher", "load_feed_config"]

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class WatchSettings:
    interval: float = 900.0  # seconds between polls of one URL
    timeout: float = DEFAULT_TIMEOUT  # seconds to connect, and between bytes of a response
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_bytes: int = DEFAULT_MAX_BYTES  # per response, feed or page
    host_delay: float = 1.0  # seconds between two requests to one host: a polite crawler
    max_backoff: float = 6 * 3600.0  # a failing URL is still tried at least this often
    item_attempts: int = 3  # tries of an item's page (timeouts, 5xx) before it is rejected


@dataclass
class PollReport:
    """What one poll of one URL did."""

    url: str
    status: str  # ok, not modified, done (an article URL stored before), failed, waiting (backing off)
    error: str | None = None
    items: int = 0  # items the feed lists
    added: int = 0
    already: int = 0
    retry: int = 0  # items whose page failed for now; tried again on a later poll
    rejected: list[Rejection] = field(default_factory=list)
    next_poll: datetime | None = None

    @property
    def ok(self) -> bool:
        # Backing off is not a new failure: that was reported when the poll failed.
        return self.status != "failed" and not self.rejected


class HostRateLimiter:
    """At most one request per ``delay`` seconds to each host."""

    def __init__(self, delay: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._delay, self._clock, self._sleep = delay, clock, sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        now = self._clock()
        last = self._last.get(host)
        if last is not None and now - last < self._delay:
            self._sleep(self._delay - (now - last))
            now = self._clock()
        self._last[host] = now


class _ItemSink:
    """The store as ``runner.ingest`` sees it while one feed item is ingested: every
    write also marks ``item`` done, in the same transaction. Anything else (the
    engine, for tracking across articles) is the store's own.

    One sink lives as long as its ``Watcher``, so what is cached per store
    object for a run (the tracking index) is built once, not once per item.
    """

    def __init__(self, state: FeedState, store: Store) -> None:
        self._state, self._store = state, store
        self.item: ItemRef | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _current(self) -> ItemRef:
        if self.item is None:  # a programming error: ingest runs only inside Watcher._item
            raise RuntimeError("no feed item is being ingested")
        return self.item

    def has_article(self, article_id: str) -> bool:
        return self._store.has_article(article_id)

    def add_article(self, article: Article, *, then: Callable[[Connection], None] | None = None) -> bool:
        return self._state.store_article(self._current(), article, then=then)

    def add_rejection(self, rejection: Rejection) -> bool:
        return self._state.store_rejection(self._current(), rejection)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class Watcher:
    """Polls URLs into one store; owns the HTTP client (close it, or use ``with``)."""

    def __init__(self, store: Store, analyser: Analyser, settings: WatchSettings | None = None, *,
                 client: httpx.Client | None = None, clock: Clock = _utcnow,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or WatchSettings()
        self.store, self.analyser = store, analyser
        self.state = FeedState(store)
        self._own_client = client is None
        self._client = client or make_client(self.settings.timeout, self.settings.max_redirects)
        self._now, self._sleep = clock, sleep
        self._limiter = HostRateLimiter(self.settings.host_delay, sleep=sleep)
        self._sink = _ItemSink(self.state, store)

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop -------------------------------------------------------

    def run(self, urls: Iterable[str], *, once: bool = False, stop: threading.Event | None = None,
            on_report: Callable[[PollReport], None] | None = None) -> list[PollReport]:
        """Poll each due URL; with ``once`` a single pass, else until ``stop`` is set."""
        urls = list(dict.fromkeys(urls))
        for url in urls:
            self.state.ensure(url)
        reports: list[PollReport] = []
        while True:
            for url in urls:
                if stop is not None and stop.is_set():
                    return reports
                report = self.poll(url) if self.is_due(url, once=once) else self._waiting(url)
                if report.status != "waiting" or once:
                    reports.append(report)
                    if on_report:
                        on_report(report)
            if once:
                return reports
            pause = self._seconds_to_next(urls)
            if stop is not None:
                if stop.wait(pause):
                    return reports
            else:
                self._sleep(pause)

    def is_due(self, url: str, *, once: bool = False) -> bool:
        """Due when never polled or its next poll time has come. A single pass (``once``, run
        from cron) ignores the regular interval but still respects a failing URL's back-off."""
        feed = self.state.get(url)
        if feed is None or feed.next_poll is None:
            return True
        if once and feed.failures == 0:
            return True
        next_poll = _parse_time(feed.next_poll)
        return next_poll is None or self._now() >= next_poll

    def _waiting(self, url: str) -> PollReport:
        feed = self.state.get(url)
        return PollReport(url, "waiting", error=feed.last_status if feed else None,
                          next_poll=_parse_time(feed.next_poll) if feed else None)

    def _seconds_to_next(self, urls: list[str]) -> float:
        now = self._now()
        waits = [(t - now).total_seconds() for t in
                 (_parse_time(f.next_poll) for f in self.state.all() if f.url in urls) if t is not None]
        return min(max(min(waits, default=self.settings.interval), 1.0), self.settings.interval)

    # -- one URL --------------------------------------------------------

    def poll(self, url: str) -> PollReport:
        """Fetch ``url`` once (conditionally) and ingest what is new: a feed's items, or the page."""
        feed = self.state.ensure(url)
        started = self._now()
        report = PollReport(url, "ok")
        page_item = ItemRef(url, key=url, url=url)
        seen = self.state.status(page_item)
        if seen and seen[0] in (STORED, ALREADY):  # an article URL stored before: nothing to ask the server
            return self._succeeded(feed, report, "done", feed.etag, feed.last_modified, started)
        headers: dict[str, str] = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        self._limiter.wait(url)
        got = fetch(self._client, url, max_bytes=self.settings.max_bytes, headers=headers)
        if isinstance(got, FetchFailure):
            return self._failed(feed, report, Rejection(url, "fetch", got.reason), started, got.retry_after)
        done_keys: set[str] = set()
        if got.status == 304:
            report.status = "not modified"
            etag, modified = feed.etag, feed.last_modified  # a 304 need not repeat them
        elif looks_like_feed(got.media_type, got.content):
            parsed = parse_feed(got.content, url, max_bytes=self.settings.max_bytes, base_url=got.url,
                                media_type=got.media_type)
            if isinstance(parsed, Rejection):
                return self._failed(feed, report, parsed, started, None)
            report.items = len(parsed.entries)
            # Feeds list the newest first; oldest first stores articles in the order they appeared.
            for entry in reversed(parsed.entries):
                item = ItemRef(url, entry.key, entry.url, entry.title, entry.published)
                done_keys.add(entry.key)
                self._item(item, report, entry=entry, outlet=parsed.title)
            etag, modified = got.etag, got.last_modified
        elif self.state.was_feed(url):
            # A feed that answers with a page (an error page served as 200, a login wall)
            # is a failing feed, not an article: taking it for one would stop its polling.
            return self._failed(feed, report, Rejection(url, "feed", f"not a feed this time (got "
                                                        f"{got.media_type or 'no content type'})"), started, None)
        else:
            done_keys.add(page_item.key)
            self._item(page_item, report, fetched=got)
            etag, modified = got.etag, got.last_modified
        # Items whose page failed before are retried even when the feed no longer lists them
        # (or answered 304): their link is kept in the state.
        for item in self.state.pending(url):
            if item.key not in done_keys:
                self._item(item, report)
        return self._succeeded(feed, report, report.status, etag, modified, started)

    def _succeeded(self, feed: FeedRow, report: PollReport, status: str, etag: str | None,
                   modified: str | None, started: datetime) -> PollReport:
        report.status = status
        report.next_poll = started + timedelta(seconds=self.settings.interval)
        # Written last: validators saved before the items were done would make a restarted
        # watcher get "304 not modified" and never see the items it had not stored.
        self.state.record_success(feed.url, status=status, etag=etag, last_modified=modified,
                                  polled=started, next_poll=report.next_poll)
        return report

    def _failed(self, feed: FeedRow, report: PollReport, rejection: Rejection, started: datetime,
                retry_after: float | None) -> PollReport:
        failures = feed.failures + 1
        # Exponential back-off on top of the interval, capped; a server's Retry-After is honoured.
        delay = min(self.settings.max_backoff, self.settings.interval * 2 ** (failures - 1))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.settings.max_backoff))
        report.status, report.error = "failed", rejection.reason
        report.next_poll = started + timedelta(seconds=delay)
        self.store.add_rejection(rejection)  # once per distinct reason: a feed down for days is one row
        report.rejected.append(rejection)
        self.state.record_failure(feed.url, error=rejection.reason, polled=started, next_poll=report.next_poll)
        return report

    # -- one item -------------------------------------------------------

    def _item(self, item: ItemRef, report: PollReport, *, entry: FeedEntry | None = None,
              fetched: Fetched | None = None, outlet: str | None = None) -> None:
        seen = self.state.status(item)
        if seen and seen[0] in DONE:
            return
        attempts = seen[1] if seen else 0
        doc: RawDocument | Rejection
        if fetched is None and item.url is not None:
            if is_http_url(item.url) and self.state.url_done(item.url):
                self.state.mark(item, ALREADY)  # the same link came through another feed
                report.already += 1
                return
            got = self._fetch_item(item.url)
            if isinstance(got, FetchFailure):
                if got.transient and attempts + 1 < self.settings.item_attempts:
                    self.state.mark(item, RETRY, error=got.reason)
                    report.retry += 1
                    return
                reason = f"{got.reason} ({attempts + 1} attempts)" if got.transient else got.reason
                self._reject(item, Rejection(item.url, "fetch", reason), report)
                return
            fetched = got
        if fetched is not None:
            doc = page_document(fetched, item.url or item.feed_url, title=item.title, published=item.published)
        elif entry is not None:
            doc = entry_document(entry, f"{item.feed_url} item {item.key}", outlet=outlet)
        else:  # a retried item always has a link; this is a state row written by hand
            doc = Rejection(f"{item.feed_url} item {item.key}", "feed", "the item has no link to fetch")
        if isinstance(doc, Rejection):
            self._reject(item, doc, report)
            return
        self._sink.item = item
        try:
            summary = ingest([doc], self._sink, self.analyser, batch_size=1)
        except CeasefireError as exc:  # e.g. an extractor's offsets outside the text: the item is rejected
            self._reject(item, Rejection(doc.origin, "store", str(exc)), report)
            return
        except Exception as exc:  # noqa: BLE001 - one article must not stop months of polling
            # A bug met by one article would otherwise stop the watcher on that item at every restart.
            self._reject(item, Rejection(doc.origin, "analyse", f"{type(exc).__name__}: {exc}"), report)
            return
        finally:
            self._sink.item = None
        report.added += summary.added
        report.rejected.extend(summary.rejected)
        seen = self.state.status(item)
        if seen is None or seen[0] not in DONE:
            # Stored before, or passed over without a write of its own: nothing
            # new to store, so marking it done is a transaction of its own.
            self.state.mark(item, ALREADY)
            report.already += 1

    def _fetch_item(self, url: str) -> Fetched | FetchFailure:
        if not is_http_url(url):
            return FetchFailure(url, "not an http(s) URL", transient=False)
        self._limiter.wait(url)
        got = fetch(self._client, url, max_bytes=self.settings.max_bytes)
        if isinstance(got, Fetched) and got.status != 200:
            return FetchFailure(url, f"HTTP {got.status} without a body", transient=False)
        return got

    def _reject(self, item: ItemRef, rejection: Rejection, report: PollReport) -> None:
        self.state.store_rejection(item, rejection)
        report.rejected.append(rejection)


def load_feed_config(path: Path) -> list[str]:
    """The URLs a YAML file lists: a list, or ``feeds:`` holding one; each a URL or ``{url: ...}``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the feed list: {exc.strerror or exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a YAML file: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("feeds")
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of feed URLs, or 'feeds:' followed by one")
    urls: list[str] = []
    for number, entry in enumerate(data, start=1):
        url = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(url, str) or not is_http_url(url.strip()):
            raise InputError(f"{path}: feed {number} ({entry!r}) is not an http(s) URL; "
                             "give a URL or a mapping with 'url:'")
        urls.append(url.strip())
    return urls
