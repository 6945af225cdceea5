"""Write stored articles out as JSON Lines (one article a line) or CSV (one record a row)."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from .errors import CeasefireError
from .records import Article, to_json
from .store.rows import local_ids

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("jsonl", "csv")

# One row per actor, place, quote, event and figure. `type` holds the kind, event
# type or figure category; `name` the name or quoted text; `speaker` the actor a
# quote or figure is attributed to; `start`/`end` the quote span or the first
# mention/evidence span; `participants` "actor:role" joined by ";".
CSV_COLUMNS = (
    "article_id", "record_type", "local_id", "type", "name", "subtype", "status", "outcome",
    "date_start", "date_end", "place", "country", "participants", "value", "qualifier",
    "speaker", "start", "end", "rule",
)


class ExportError(CeasefireError, ValueError):
    """An export that cannot be made, such as an unknown format."""


def export_articles(store: Store, fmt: str, out: TextIO) -> int:
    """Write every stored article to ``out`` in ``fmt``; return how many articles were written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    count = 0
    if fmt == "jsonl":
        for article in store.iter_articles():
            out.write(to_json(article) + "\n")
            count += 1
        return count
    # "\n" rather than csv's "\r\n": `out` is often stdout, opened without newline="".
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for article in store.iter_articles():
        writer.writerows(csv_rows(article))
        count += 1
    return count


def csv_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The flattened rows of one article, in CSV_COLUMNS; absent values are empty."""
    def row(record_type: str, local_id: str, span: tuple[int, int] | None, **fields: Any) -> dict[str, Any]:
        values = {"article_id": article.id, "record_type": record_type, "local_id": local_id,
                  "start": span[0] if span else None, "end": span[1] if span else None, **fields}
        return {c: "" if values.get(c) is None else values[c] for c in CSV_COLUMNS}

    for a in article.actors:
        yield row("actor", a.id, _first(a.mentions), type=a.kind, name=a.name, country=a.country, rule=a.rule)
    for p in article.places:
        yield row("place", p.id, _first(p.mentions), type=p.kind, name=p.name, country=p.country, rule=p.rule)
    for qid, q in zip(local_ids("q", len(article.quotes)), article.quotes):
        yield row("quote", qid, q.span, type=q.kind, name=q.text, speaker=q.speaker, rule=q.rule)
    for eid, e in zip(local_ids("e", len(article.events)), article.events):
        yield row("event", eid, _first(e.evidence), type=e.type, subtype=e.subtype, status=e.status,
                  outcome=e.outcome, date_start=e.date.start if e.date else None,
                  date_end=e.date.end if e.date else None, place=e.place, rule=e.rule,
                  participants=";".join(f"{p.actor}:{p.role}" for p in e.participants) or None)
    for fid, f in zip(local_ids("f", len(article.figures)), article.figures):
        yield row("figure", fid, _first(f.evidence), type=f.category, value=f.value, qualifier=f.qualifier,
                  speaker=f.source, place=f.place, rule=f.rule)


def _first(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return spans[0] if spans else None
