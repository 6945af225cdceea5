"""Score tracked events against the tracking corpus's answer key (expected.yaml).

Each source event (one article's event) of each tracked event is assigned to
the key event it fits; then a key event is *split* when its sources lie in
two or more tracked events, and a tracked event is *wrongly merged* when its
sources belong to two or more key events. Run as a script to print the
figures for a database: ``python tests/resolve/corpus_key.py some.db``.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ceasefire.analyse.kb import normalise

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


def score_db(db: Path | str, key: list[KeyEvent] | None = None, types: list[str] | None = None) -> Score:
    if key is None:
        data, key = load_key()
        types = types or data["scored_types"]
    types = types or sorted({k.type for k in key})
    conn = sqlite3.connect(str(db))
    try:
        names = dict(conn.execute("SELECT id, name FROM canonical_actors"))
        tracked = [r[0] for r in conn.execute(
            f"SELECT id FROM tracked_events WHERE type IN ({','.join('?' * len(types))})", types)]
        rows = conn.execute(
            f"SELECT s.event_id, s.record FROM tracked_event_sources s JOIN tracked_events t ON t.id = s.event_id "
            f"WHERE t.type IN ({','.join('?' * len(types))})", types).fetchall()
    finally:
        conn.close()
    score = Score(key_events=len(key), required=sum(not k.optional for k in key), tracked=len(tracked))
    per_key: dict[str, set[int]] = {}
    per_tracked: dict[int, set[str]] = {}
    for event_id, record in rows:
        src = json.loads(record)
        fits = sorted((d, k.id) for k in key if (d := _fits(k, src, names)) is not None)
        if not fits:
            score.unassigned_sources += 1
            continue
        # A vague date ("this week") that fits two key events says nothing about either.
        if len(fits) > 1 and (fits[0][0] == fits[1][0] or src["precision"] != "day"):
            score.ambiguous_sources += 1
            continue
        kid = fits[0][1]
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


if __name__ == "__main__":  # pragma: no cover - a report for people
    print(json.dumps(score_db(sys.argv[1]).summary(), indent=2))
