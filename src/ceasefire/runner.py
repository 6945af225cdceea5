"""Ingest runs: read inputs, skip what the store has, analyse the rest in
batches, store each article in one transaction, record every rejection.

The CLI and (later) the HTTP API call this; it knows nothing of either.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .analyse.pipeline import Analyser, Prepared
from .ingest import read_paths
from .ingest.language import language_rejection
from .records import RawDocument, Rejection, Source
from .relevance import RelevanceGate
from .store.tracking import add_and_track, copy_location, record_copy, track_untracked


@dataclass
class IngestSummary:
    inputs: int = 0
    added: int = 0
    already: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    seen: int = 0  # off topic (relevance filter): stored as seen, not analysed

    @property
    def ok(self) -> bool:
        return not self.rejected


def ingest(items: Iterable[RawDocument | Rejection], store, analyser: Analyser, *, batch_size: int = 16,
           on_item: Callable[[RawDocument | Rejection], None] | None = None,
           relevance: bool = True, vetted: Callable[[Prepared], bool] | None = None) -> IngestSummary:
    """Store the articles of ``items``; idempotent by the cleaned text's hash.

    With ``relevance`` the articles the filter judges off topic are stored as
    seen, not analysed (relevance.py). ``vetted`` names the documents already
    found in English and on topic (a distributed run's workers checked them:
    scale/shards.py), which are not checked again."""
    summary = IngestSummary()
    # An article is stored and tracked in one transaction, but a database written by an older
    # version (which tracked in a second one: a run killed between the two) or an article
    # whose tracking failed may hold untracked articles: track them first, oldest first.
    track_untracked(store)
    gate = RelevanceGate(store, analyser.resources) if relevance else None
    batch: list[Prepared] = []
    batch_ids: set[str] = set()
    # Same text as an article stored or in the batch, on another URL: (article id, URL or path) → its
    # source and date, the first seen. Recorded at the end of the run, as a retrack records them; only
    # these few fields are kept (not the document), and a re-read of the article's own URL not at all.
    copies: dict[tuple[str, str], tuple[Source, str | None]] = {}

    def reject(rejection: Rejection) -> None:
        summary.rejected.append(rejection)
        store.add_rejection(rejection)

    def flush() -> None:
        if not batch:
            return
        try:
            articles = list(analyser.analyse_prepared(batch))
        except Exception:
            # One bad document must not sink the batch: analyse one by one.
            articles = []
            for p in batch:
                try:
                    articles.extend(analyser.analyse_prepared([p]))
                except Exception as exc:  # noqa: BLE001 - recorded as a rejection, the run goes on
                    reject(Rejection(p.raw.origin, "analyse", f"{type(exc).__name__}: {exc}"))
        for article in articles:
            # Stored and tracked (stories, canonical actors, tracked events) in one transaction.
            added, _ = add_and_track(store, article)
            if added:
                summary.added += 1
            else:
                summary.already += 1
        batch.clear()
        batch_ids.clear()

    for item in items:
        summary.inputs += 1
        if isinstance(item, Rejection):
            reject(item)
        else:
            prepared = analyser.prepare(item)
            checked = vetted is not None and vetted(prepared)
            if not prepared.cleaned.text.strip():
                reject(Rejection(item.origin, "clean", "no article text left after removing boilerplate"))
            elif not checked and (foreign := language_rejection(prepared.cleaned.text, item.origin)) is not None:
                reject(foreign)  # the extractors know English only: never mis-analyse another language
            elif prepared.id in batch_ids:
                summary.already += 1
                if where := item.source.url or item.source.path:  # its own URL is known once it is stored
                    copies.setdefault((prepared.id, where), (item.source, item.published))
            elif store.has_article(prepared.id):
                summary.already += 1
                if where := copy_location(store, prepared.id, item.source):
                    copies.setdefault((prepared.id, where), (item.source, item.published))
            elif gate is not None and not checked and not gate.admit(prepared, summary):
                pass  # off topic: stored as seen (or already seen), not analysed
            else:
                batch.append(prepared)
                batch_ids.add(prepared.id)
                if len(batch) >= batch_size:
                    flush()
        if on_item:
            on_item(item)
    flush()
    for (article_id, _), (source, published) in copies.items():  # one more source (store/tracking.py)
        record_copy(store, article_id, source, published)
    return summary


def ingest_paths(paths: list[Path], store, analyser: Analyser, **kwargs) -> IngestSummary:
    return ingest(read_paths(paths), store, analyser, **kwargs)
