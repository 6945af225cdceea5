"""Score tracked events against the tracking corpus's answer key (expected.yaml).

Each source event (one article's event) of each tracked event is assigned to
the key event it fits; then a key event is *split* when its sources lie in
two or more tracked events, and a tracked event is *wrongly merged* when its
sources belong to two or more key events. Run as a script to print the
figures for a database: ``python tests/resolve/corpus_key.py some.db``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import bindparam, text

from ceasefire.analyse.kb import normalise
from ceasefire.store.engine import make_engine

CORPUS = Path(__file__).resolve().parents[1] / "data" / "tracking_corpus"


@dataclass
class KeyEvent:
    id: str
    type: str
    start: date
    end: date
    life: tuple[date, date] | None
    places: list[str]
    participants: list[list[str]]  # each: the names one participant may go by
    duration: int | None
    optional: bool


@dataclass
class Score:
    key_events: int = 0
    required: int = 0
    tracked: int = 0  # tracked events of the scored types
    found: list[str] = field(default_factory=list)  # key events with a tracked event
    missed: list[str] = field(default_factory=list)  # required key events with none
    split: dict[str, list[int]] = field(default_factory=dict)  # key event → its tracked events
    merged: dict[int, list[str]] = field(default_factory=dict)  # tracked event → its key events
    spurious: list[int] = field(default_factory=list)  # tracked events that fit no key event
    unassigned_sources: int = 0
    ambiguous_sources: int = 0

    def summary(self) -> dict[str, Any]:
        return {"key_events": self.key_events, "required": self.required, "tracked_events": self.tracked,
                "found": len(self.found), "missed": self.missed, "split": self.split,
                "wrongly_merged": self.merged, "spurious_tracked": len(self.spurious),
                "unassigned_sources": self.unassigned_sources, "ambiguous_sources": self.ambiguous_sources}


def _d(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_key(path: Path = CORPUS / "expected.yaml") -> tuple[dict[str, Any], list[KeyEvent]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    events = []
    for e in data["events"]:
        life = e.get("life")
        events.append(KeyEvent(
            id=e["id"], type=e["type"], start=_d(e["date"]["start"]), end=_d(e["date"]["end"]),
            life=(_d(life["start"]), _d(life["end"])) if life else None,
            places=[normalise(p) for p in e.get("place", [])],
            participants=[[normalise(n) for n in p.split("|")] for p in e.get("participants", [])],
            duration=e.get("duration_hours"), optional=bool(e.get("optional"))))
    return data, events


def _fits(k: KeyEvent, src: dict[str, Any], names: dict[int, str]) -> float | None:
    """Distance in days between the source's date and the key event's, or None when it does not fit."""
    if src["type"] != k.type or not src["date_start"]:
        return None
    s, e = _d(src["date_start"]), _d(src["date_end"] or src["date_start"])
    lo, hi = k.life or (k.start, k.end)
    tolerance = timedelta(days=0 if k.life else 1)
    if e < lo - tolerance or s > hi + tolerance:
        return None
    # A plan or proposal published after a one-off event took place is not a report of it
    # ("talks will go on in the coming days" the day after the declaration was signed).
    published = src.get("published")
    if not k.life and src["status"] in ("planned", "proposed") and published and _d(published[:10]) > k.end:
        return None
    place = src.get("place")
    if k.places and place:
        if normalise(place["name"]) not in k.places and place.get("kind") != "country":
            return None
    parts = {normalise(names.get(a, "")) for a, _ in src["participants"]}
    if k.participants and parts and not any(set(alts) & parts for alts in k.participants):
        return None
    hours = src["attributes"].get("duration_hours")
    if k.duration and hours and int(hours) != k.duration:
        return None
    mid_src = s + (e - s) / 2
    mid_key = k.start + (k.end - k.start) / 2
    return abs((mid_src - mid_key).days)


def _share(k: KeyEvent, src: dict[str, Any], names: dict[int, str]) -> float:
    """The share of the key event's participants that the source names (0 when either names none)."""
    parts = {normalise(names.get(a, "")) for a, _ in src["participants"]}
    if not k.participants or not parts:
        return 0.0
    return round(sum(bool(set(alts) & parts) for alts in k.participants) / len(k.participants), 3)


def _fetch(db: Path | str, *queries: str, types: list[str]) -> list[list[tuple[Any, ...]]]:
    """Rows of each query on a store (a SQLite path or a database URL); ``:types`` is the list of event types."""
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            return [[tuple(r) for r in conn.execute(
                text(sql).bindparams(bindparam("types", expanding=True)) if ":types" in sql else text(sql),
                {"types": types} if ":types" in sql else {})] for sql in queries]
    finally:
        engine.dispose()


def score_db(db: Path | str, key: list[KeyEvent] | None = None, types: list[str] | None = None) -> Score:
    if key is None:
        data, key = load_key()
        types = types or data["scored_types"]
    types = types or sorted({k.type for k in key})
    name_rows, tracked_rows, rows = _fetch(
        db, "SELECT id, name FROM canonical_actors", "SELECT id FROM tracked_events WHERE type IN :types",
        "SELECT s.event_id, s.record FROM tracked_event_sources s JOIN tracked_events t ON t.id = s.event_id "
        "WHERE t.type IN :types", types=types)
    names = dict(name_rows)  # type: ignore[arg-type]
    tracked = [r[0] for r in tracked_rows]
    score = Score(key_events=len(key), required=sum(not k.optional for k in key), tracked=len(tracked))
    per_key: dict[str, set[int]] = {}
    per_tracked: dict[int, set[str]] = {}
    for event_id, record in rows:
        src = json.loads(record)
        fits = sorted((-_share(k, src, names), d, k.id) for k in key if (d := _fits(k, src, names)) is not None)
        if not fits:
            score.unassigned_sources += 1
            continue
        # A vague date ("this week") that fits two key events says nothing about either, unless
        # the source's participants fit one of them better (Griffiths and the UN: their meeting).
        if len(fits) > 1 and (fits[0][:2] == fits[1][:2] or (src["precision"] != "day" and
                                                              fits[0][0] == fits[1][0])):
            score.ambiguous_sources += 1
            continue
        kid = fits[0][2]
        per_key.setdefault(kid, set()).add(event_id)
        per_tracked.setdefault(event_id, set()).add(kid)
    for k in key:
        if k.id in per_key:
            score.found.append(k.id)
            if len(per_key[k.id]) > 1:
                score.split[k.id] = sorted(per_key[k.id])
        elif not k.optional:
            score.missed.append(k.id)
    score.merged = {t: sorted(ks) for t, ks in per_tracked.items() if len(ks) > 1}
    score.spurious = [t for t in tracked if t not in per_tracked]
    return score


def build_db(db: Path | str) -> None:  # pragma: no cover - for the report below
    """Ingest the whole corpus (held-back items last, as test_corpus.py does) into a new database."""
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.analyse.resources import Resources
    from ceasefire.records import RawDocument, Source
    from ceasefire.runner import ingest
    from ceasefire.store import Store

    rows = [json.loads(line) for line in (CORPUS / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    held = ("w04", "s02")
    docs = [RawDocument(text=r["text"], source=Source(url=r["url"], outlet=r["outlet"], title=r["title"]),
                        published=r["published"], origin=f"corpus:{r['id']}")
            for r in sorted(rows, key=lambda r: r["id"] in held)]
    analyser = Analyser(Resources.load(), today=date(2026, 11, 22))
    with Store.open(str(db)) as store:
        ingest(docs[:-len(held)], store, analyser)
        for d in docs[-len(held):]:
            ingest([d], store, analyser)


def explain(db: Path | str) -> str:  # pragma: no cover - a report for people
    """Each tracked event of the scored types with its sources: corpus id, the key event each fits, evidence."""
    data, key = load_key()
    types = data["scored_types"]
    by_url = {json.loads(line)["url"]: json.loads(line)["id"]
              for line in (CORPUS / "corpus.jsonl").read_text(encoding="utf-8").splitlines()}
    name_rows, events, rows = _fetch(
        db, "SELECT id, name FROM canonical_actors",
        "SELECT id, type, status, stage, date_start, date_end, place, participants FROM tracked_events "
        "WHERE type IN :types ORDER BY type, date_start, id",
        "SELECT s.event_id, s.local_id, s.record, a.source_url FROM tracked_event_sources s "
        "JOIN articles a ON a.id = s.article_id ORDER BY s.published, s.article_id", types=types)
    names = dict(name_rows)  # type: ignore[arg-type]
    sources: dict[int, list[tuple[str, dict[str, Any], str]]] = {}
    for event_id, local_id, record, url in rows:
        sources.setdefault(event_id, []).append((local_id, json.loads(record), url))
    lines = []
    for eid, etype, status, stage, start, end, place, parts in events:
        pname = json.loads(place)["name"] if place else None
        actors = ", ".join(f"{names.get(p['actor'])}/{p['role']}" for p in json.loads(parts))
        lines.append(f"T{eid} {etype} {stage} {start}..{end} @{pname} [{actors}]")
        for local_id, src, url in sources.get(eid, []):
            fits = sorted((d, k.id) for k in key if (d := _fits(k, src, names)) is not None)
            who = ", ".join(f"{names.get(a)}/{r}" for a, r in src["participants"])
            where = (src.get("place") or {}).get("name")
            lines.append(f"   {by_url.get(src.get('url') or url, '?')}:{local_id} → {[k for _, k in fits] or '-'}"
                         f" {src['status']} {src['date_start']}..{src['date_end']} ({src['precision']}) @{where}"
                         f" [{who}] {src['attributes'].get('duration_hours', '')}")
            lines.append(f"      “{src['evidence'][:220]}”")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a report for people
    # python tests/resolve/corpus_key.py [--build] [--explain] some.db
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--build" in sys.argv:
        Path(args[0]).unlink(missing_ok=True)
        build_db(args[0])
    if "--explain" in sys.argv:
        print(explain(args[0]))
    print(json.dumps(score_db(args[0]).summary(), indent=2))
