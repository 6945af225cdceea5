"""Record shards: what a worker made of one partition, as a Parquet file.

One row per input item, in input order: the item itself (a raw document or a
rejection, as JSON), the id of its cleaned text, and either the analysed
article (the ``to_dict`` JSON that the store also keeps) or the error that
analysis raised. A row with neither was not analysed (empty, already stored,
off topic, not English): the merge decides again, exactly as a local run does.

A shard is self-contained, so merging needs nothing but the shards and the
store: ``merge_shard`` replays the items through ``runner.ingest`` with an
analyser that hands back the workers' articles instead of parsing again.
Every check, count and write of a local run happens the same way, which is
what makes a distributed run give the same records, record for record.
"""
from __future__ import annotations

import dataclasses
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..analyse.pipeline import Analyser, Prepared
from ..analyse.resources import Resources
from ..clean import Cleaned
from ..records import Article, RawDocument, Rejection, Source, from_dict, to_json

SCHEMA = pa.schema([
    pa.field("seq", pa.int32(), nullable=False),
    pa.field("kind", pa.string(), nullable=False),  # "document" or "rejection"
    pa.field("item", pa.string(), nullable=False),  # the RawDocument or Rejection as JSON
    pa.field("id", pa.string()),  # sha256 of the cleaned text (documents)
    pa.field("article", pa.string()),  # the analysed Article, to_dict JSON
    pa.field("error_type", pa.string()),  # when analysis raised: the exception's class name...
    pa.field("error", pa.string()),  # ...and its message
])
ShardSource = bytes | str | os.PathLike[str]


@dataclass
class ShardRow:
    item: RawDocument | Rejection
    id: str | None = None
    article: Article | None = None
    error_type: str | None = None
    error: str | None = None


def _item_json(item: RawDocument | Rejection) -> tuple[str, str]:
    kind = "rejection" if isinstance(item, Rejection) else "document"
    return kind, json.dumps(dataclasses.asdict(item), ensure_ascii=False)


def _item_from(kind: str, data: str) -> RawDocument | Rejection:
    value = json.loads(data)
    if kind == "rejection":
        return Rejection(**value)
    value["source"] = Source(**value["source"])
    return RawDocument(**value)


@dataclass(frozen=True)
class RunSpec:
    """What a merge must know of the run that wrote a shard; kept in the shard's metadata."""

    model: str = "en_core_web_sm"
    today: str = ""  # ISO date: it dates articles whose text gives only a weekday
    relevance: bool = True
    extractors: tuple[str, ...] | None = None


def to_table(rows: Iterable[ShardRow], spec: RunSpec | None = None) -> pa.Table:
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
    for seq, row in enumerate(rows):
        kind, item = _item_json(row.item)
        columns["seq"].append(seq)
        columns["kind"].append(kind)
        columns["item"].append(item)
        columns["id"].append(row.id)
        columns["article"].append(to_json(row.article) if row.article else None)
        columns["error_type"].append(row.error_type)
        columns["error"].append(row.error)
    table = pa.table(columns, schema=SCHEMA)
    if spec is not None:
        table = table.replace_schema_metadata({b"ceasefire": json.dumps(dataclasses.asdict(spec)).encode()})
    return table


def write_shard(rows: Iterable[ShardRow], path: str | os.PathLike[str] | None = None,
                spec: RunSpec | None = None) -> bytes | str:
    """Write a shard to ``path`` (returned as a string) or, without one, return its Parquet bytes."""
    table = to_table(rows, spec)
    if path is not None:
        tmp = f"{os.fspath(path)}.part"
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)  # a shard is whole or absent
        return os.fspath(path)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def read_shard(source: ShardSource) -> Iterator[ShardRow]:
    """The rows of a shard (Parquet bytes or a file), in input order."""
    where: Any = pa.BufferReader(source) if isinstance(source, bytes) else os.fspath(source)
    table = pq.read_table(where, schema=SCHEMA).sort_by("seq")
    for rec in table.to_pylist():
        article = from_dict(Article, json.loads(rec["article"])) if rec["article"] else None
        yield ShardRow(item=_item_from(rec["kind"], rec["item"]), id=rec["id"], article=article,
                       error_type=rec["error_type"], error=rec["error"])


def read_spec(source: ShardSource) -> RunSpec | None:
    """The run spec a shard was written with, if any."""
    where: Any = pa.BufferReader(source) if isinstance(source, bytes) else os.fspath(source)
    meta = pq.read_schema(where).metadata or {}
    if b"ceasefire" not in meta:
        return None
    value = json.loads(meta[b"ceasefire"])
    if value.get("extractors") is not None:
        value["extractors"] = tuple(value["extractors"])
    return RunSpec(**value)


def shard_paths(directory: str | os.PathLike[str]) -> list[Path]:
    """The shards of a folder in partition order (their names are zero-padded partition numbers)."""
    return sorted(Path(directory).glob("part-*.parquet"))


class ReplayedError(Exception):
    """Base of the errors re-raised from a shard, named as the original was."""


def replayed_error(type_name: str, message: str) -> Exception:
    # The runner records "<class name>: <message>": a subclass of the same name keeps the rejection identical.
    cls = type(type_name, (ReplayedError,), {})
    return cls(message)


class ReplayAnalyser(Analyser):
    """An ``Analyser`` that returns the articles workers made, by text id.

    A document a worker analysed is not cleaned or checked again: its
    ``Prepared`` is made from the article (whose text is the cleaned text, and
    whose id its hash), and ``vetted`` tells the runner that the worker found
    it in English and on topic. Other documents (not analysed there: empty,
    stored, off topic, another language) are prepared as any analyser does,
    so the runner decides about them as in a local run. A document the shard
    has no article for (say the store lost it since the worker looked) is
    analysed here after all, with the model loaded on first need.
    """

    def __init__(self, model: str, today: date, extractors: list[str] | None = None) -> None:
        super().__init__(Resources(nlp=None, model_name=model), extractors, today)
        self._articles: dict[str, Article] = {}
        self._errors: dict[str, tuple[str, str]] = {}
        self._analysed: dict[int, ShardRow] = {}  # id() of a row's item → the row, for rows analysed there
        self.analysed_here = 0

    def load(self, rows: Iterable[ShardRow]) -> None:
        self._articles.clear()
        self._errors.clear()
        self._analysed.clear()
        for row in rows:
            if row.id is None:
                continue
            if row.article is not None:
                self._articles[row.id] = row.article
                self._analysed[id(row.item)] = row
            elif row.error_type is not None:
                self._errors[row.id] = (row.error_type, row.error or "")

    def prepare(self, raw: RawDocument) -> Prepared:
        row = self._analysed.get(id(raw))
        if row is None or row.item is not raw or row.article is None or row.id is None:
            return super().prepare(raw)
        article = row.article
        published = date.fromisoformat(article.published) if article.published else None
        # No dateline object: only analysis reads it, and this document's analysis is done.
        return Prepared(raw, Cleaned(text=article.text, dateline=None), published, article.published_basis, row.id)

    def vetted(self, prepared: Prepared) -> bool:
        """Whether a worker found this text in English and on topic (it analysed it, or tried)."""
        return prepared.id in self._articles or prepared.id in self._errors

    def analyse_prepared(self, prepared: list[Prepared]) -> Iterator[Article]:
        for p in prepared:
            # Not popped: after an error the runner asks again, one document at a time.
            if p.id in self._articles:
                yield self._articles[p.id]
            elif p.id in self._errors:
                raise replayed_error(*self._errors[p.id])
            else:
                yield from self._analyse_here(p)

    def _analyse_here(self, p: Prepared) -> Iterator[Article]:
        if self.resources.nlp is None:
            from ..analyse.nlp import load_model
            self.resources.nlp = load_model(self.resources.model_name)
        self.analysed_here += 1
        yield from super().analyse_prepared([p])


def merge_shard(source: ShardSource | list[ShardRow], store: Any, replay: ReplayAnalyser, *,
                relevance: bool = True, batch_size: int = 16,
                on_item: Callable[[RawDocument | Rejection], None] | None = None) -> Any:
    """Load one shard into ``store`` through the local ingest; returns its ``IngestSummary``."""
    from ..runner import ingest

    rows = source if isinstance(source, list) else list(read_shard(source))
    replay.load(rows)
    try:
        return ingest((r.item for r in rows), store, replay, batch_size=batch_size, on_item=on_item,
                      relevance=relevance, vetted=replay.vetted)
    finally:
        replay.load([])


def add_summary(total: Any, part: Any) -> None:
    """Add one ``IngestSummary`` into another."""
    total.inputs += part.inputs
    total.added += part.added
    total.already += part.already
    total.seen += part.seen
    total.rejected.extend(part.rejected)


def merge_shards(sources: Iterable[ShardSource], store: Any, *, batch_size: int = 16,
                 on_item: Callable[[RawDocument | Rejection], None] | None = None) -> Any:
    """Load shards (in the order given) into ``store`` with the settings of the run
    that wrote them (model, date, relevance filter); idempotent like any ingest."""
    from ..runner import IngestSummary

    total = IngestSummary()
    replay: ReplayAnalyser | None = None
    for source in sources:
        spec = read_spec(source) or RunSpec(today=date.today().isoformat())
        if replay is None or (replay.resources.model_name, replay.today.isoformat()) != (spec.model, spec.today):
            extractors = list(spec.extractors) if spec.extractors is not None else None
            replay = ReplayAnalyser(spec.model, date.fromisoformat(spec.today), extractors)
        add_summary(total, merge_shard(source, store, replay, relevance=spec.relevance, batch_size=batch_size,
                                       on_item=on_item))
    return total
