"""Spread an ``Article`` into table rows: pure functions, no database."""
from __future__ import annotations

import json
from typing import Any

from ..errors import StoreError
from ..records import Article, Span, to_json

Row = dict[str, Any]


def local_ids(prefix: str, count: int) -> list[str]:
    """Ids for records the spec gives no id (quotes q1.., events e1.., figures f1..), by position."""
    return [f"{prefix}{i}" for i in range(1, count + 1)]


# Built once: json.dumps builds an encoder for every call whose options differ from its defaults,
# which cost as much as encoding the short lists stored here.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def dump_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``."""
    return _ENCODER.encode(value)


def _spans(spans: list[Span]) -> str:
    return dump_json([list(s) for s in spans])


def article_rows(article: Article, ingested_at: str) -> dict[str, list[Row]]:
    """Rows per table name, parents first; raises StoreError when a value is not JSON."""
    try:
        return _rows(article, ingested_at)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"article {article.id}: a record holds a value that cannot be stored as JSON: {exc}") from exc


def _rows(a: Article, ingested_at: str) -> dict[str, list[Row]]:
    aid = a.id
    rows: dict[str, list[Row]] = {
        "articles": [{
            "id": aid, "source_path": a.source.path, "source_url": a.source.url,
            "source_outlet": a.source.outlet, "source_title": a.source.title,
            "published": a.published, "published_basis": a.published_basis, "text": a.text,
            "dateline": a.dateline, "ingested_at": ingested_at, "record": to_json(a),
        }],
        "actors": [{
            "article_id": aid, "local_id": x.id, "name": x.name, "kind": x.kind, "country": x.country,
            "titles": dump_json(x.titles), "aliases": dump_json(x.aliases), "mentions": _spans(x.mentions),
            "kb_id": x.kb_id, "rule": x.rule,
        } for x in a.actors],
        "places": [{
            "article_id": aid, "local_id": p.id, "name": p.name, "kind": p.kind, "country": p.country,
            "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id, "aliases": dump_json(p.aliases),
            "mentions": _spans(p.mentions), "rule": p.rule,
        } for p in a.places],
        "quotes": [{
            "article_id": aid, "local_id": qid, "speaker": q.speaker, "speaker_text": q.speaker_text,
            "text": q.text, "kind": q.kind, "cue": q.cue, "span_start": q.span[0], "span_end": q.span[1],
            "speaker_start": q.speaker_span[0] if q.speaker_span else None,
            "speaker_end": q.speaker_span[1] if q.speaker_span else None, "rule": q.rule,
        } for qid, q in zip(local_ids("q", len(a.quotes)), a.quotes)],
        "events": [],
        "event_participants": [],
        "figures": [{
            "article_id": aid, "local_id": fid, "category": f.category, "value": f.value,
            "qualifier": f.qualifier, "source": f.source, "place": f.place,
            "evidence": _spans(f.evidence), "rule": f.rule,
        } for fid, f in zip(local_ids("f", len(a.figures)), a.figures)],
    }
    for eid, e in zip(local_ids("e", len(a.events)), a.events):
        rows["events"].append({
            "article_id": aid, "local_id": eid, "type": e.type, "subtype": e.subtype, "status": e.status,
            "date_start": e.date.start if e.date else None, "date_end": e.date.end if e.date else None,
            "date_precision": e.date.precision if e.date else None, "place": e.place, "outcome": e.outcome,
            "attributes": dump_json(e.attributes), "evidence": _spans(e.evidence), "rule": e.rule,
        })
        rows["event_participants"].extend(
            {"article_id": aid, "event_id": eid, "seq": i, "actor": p.actor, "role": p.role}
            for i, p in enumerate(e.participants)
        )
    return rows
