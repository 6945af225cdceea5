"""The ETH/PeaceRep humanitarian-corridor CSV as a benchmark for corridor records.

Each row is one corridor coded by hand from news excerpts. The row's ``text``
is ``Status: <label>; <excerpt> ;;;; <excerpt> ... see source: <urls>``: the
label is the answer and the links are metadata, so both are removed and the
excerpts are analysed, each as one article, with the row's date as the
publication date. Rows with no excerpt left are not scored.

One excerpt often announces several corridors (and repeats across rows), so a
row is scored against the corridor record, among those found in its
excerpts, that agrees with it best (origin and destination first, then date,
proposer and status). A row with no corridor found counts as wrong on every
measure. The measures:

- ``origin_destination_accuracy``: both ends right. A predicted place is right
  when its GeoNames id is one the row's place name has in the gazetteer (the
  name as the coder wrote it in ``From``/``To``, up to a bracket or comma, or
  the geocoded ``from_name``/``to_name``), or when it lies within 25 km of the
  row's geocoded coordinates.
- ``date_accuracy``: the corridor's date range contains the row's date; an
  undated corridor takes the excerpt's publication date, since news reports a
  corridor on the day it opens or is announced.
- ``proposer_accuracy``: the proposer's country (``UA``/``RU``) equals the
  row's ``proposal``; a row marked ``Agreed`` wants the status ``agreed`` or
  proposers from both sides.
- ``status_accuracy``: the coder's outcome against ours, mapped as
  ``STATUS_MAP`` says (``disputed`` rows accept ``failed``/``blocked``, where
  one side says the corridor did not work, and ``agreed``/``occurred``, where
  the other says it did; the excerpts carry both claims).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..records import Article, Event, RawDocument, Source
from ..analyse.gazetteer import distance_km

MATCH_KM = 25.0
STATUS_MAP: dict[str, set[str]] = {
    "successful": {"occurred", "ongoing"},
    "proposed route/outcome unknown": {"proposed", "planned", "agreed"},
    "unsuccessful/disrupted": {"failed", "blocked", "rejected"},
    "disputed": {"failed", "blocked", "agreed", "occurred", "ongoing"},
}
_LABEL = re.compile(r"^\s*Status:[^;]*;")
_SOURCES = re.compile(r"\bsee source:.*$", re.S)
_SEPARATOR = re.compile(r";{3,}")


@dataclass
class CorridorRow:
    id: str
    date: str
    proposal: str
    status: str
    origin: tuple[float, float] | None
    destination: tuple[float, float] | None
    excerpts: list[str]
    origin_names: tuple[str, ...] = ()
    destination_names: tuple[str, ...] = ()


def excerpts_of(text: str) -> list[str]:
    """The news excerpts of a row's ``text``, without the coder's label and links."""
    body = _SOURCES.sub("", _LABEL.sub("", text, count=1))
    return [e.strip() for e in _SEPARATOR.split(body) if len(e.strip()) > 20]


_NAME_END = re.compile(r"\s*[(\[,;]|\s+(?:region|district|oblast)\b", re.I)


def _names(row: dict[str, str], written: str, geocoded: str) -> tuple[str, ...]:
    """The place names of one end: as written (up to a bracket or comma) and as geocoded."""
    names = [_NAME_END.split(row.get(written, "") or "", maxsplit=1)[0].strip(), (row.get(geocoded) or "").strip()]
    return tuple(dict.fromkeys(n for n in names if n))


def _coords(row: dict[str, str], prefix: str) -> tuple[float, float] | None:
    try:
        return float(row[f"{prefix}_latitude"]), float(row[f"{prefix}_longitude"])
    except (KeyError, ValueError):
        return None


def read_rows(path: Path) -> list[CorridorRow]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"HC_ID", "date", "proposal", "status_result", "text"} - set(reader.fieldnames or [])
            if missing:
                raise GoldError(f"{path}: not the PeaceRep corridor CSV (missing columns {sorted(missing)})")
            return [CorridorRow(id=r["HC_ID"], date=r["date"], proposal=r["proposal"].strip(),
                                status=r["status_result"].strip(), origin=_coords(r, "from"),
                                destination=_coords(r, "to"), excerpts=excerpts_of(r["text"]),
                                origin_names=_names(r, "From", "from_name"),
                                destination_names=_names(r, "To", "to_name")) for r in reader]
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _place_right(article: Article, place_id: str | None, target: tuple[float, float] | None,
                 name_ids: set[int]) -> bool:
    if place_id is None:
        return False
    place = next((p for p in article.places if p.id == place_id), None)
    if place is None:
        return False
    if place.geonames_id is not None and place.geonames_id in name_ids:
        return True
    if target is None or place.lat is None or place.lon is None:
        return False
    return distance_km(place.lat, place.lon, target[0], target[1]) <= MATCH_KM


def name_ids(gazetteer: Any, names: tuple[str, ...]) -> set[int]:
    """Every GeoNames id the gazetteer knows for these names (no context: any namesake)."""
    if gazetteer is None:
        return set()
    return {c.geonames_id for n in names for c in gazetteer.lookup(n) if c.geonames_id is not None}


def _proposer_ok(article: Article, event: Event, row: CorridorRow) -> bool:
    countries = set()
    for p in event.participants:
        if p.role == "proposer":
            actor = next((a for a in article.actors if a.id == p.actor), None)
            if actor is not None and actor.country:
                countries.add(actor.country)
    if row.proposal == "Agreed":
        return event.status == "agreed" or {"UA", "RU"} <= countries
    wanted = {"Ukraine": "UA", "Russia": "RU"}.get(row.proposal)
    return wanted in countries


def _date_ok(article: Article, event: Event, row: CorridorRow) -> bool:
    if event.date is not None:
        return event.date.start <= row.date <= event.date.end
    return article.published == row.date


def score_row(row: CorridorRow, found: list[tuple[Article, Event]], gazetteer: Any = None) -> dict[str, bool]:
    """The measures for one row against its best-agreeing corridor record."""
    best = {"origin_destination": False, "date": False, "proposer": False, "status": False}
    best_key: tuple[int, ...] = (-1,)
    origin_ids = name_ids(gazetteer, row.origin_names)
    destination_ids = name_ids(gazetteer, row.destination_names)
    for article, event in found:
        origin = _place_right(article, event.attributes.get("origin"), row.origin, origin_ids)
        dest = _place_right(article, event.attributes.get("destination"), row.destination, destination_ids)
        result = {
            "origin_destination": origin and dest,
            "date": _date_ok(article, event, row),
            "proposer": _proposer_ok(article, event, row),
            "status": event.status in STATUS_MAP.get(row.status, set()),
        }
        key = (int(origin) + int(dest), int(result["date"]), int(result["proposer"]), int(result["status"]))
        if key > best_key:
            best, best_key = result, key
    return best


def evaluate(path: Path, analyser, limit: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    rows = [r for r in read_rows(path) if r.excerpts]
    if limit is not None:
        rows = rows[:limit]
    cache: dict[tuple[str, str], Article] = {}
    totals = {"origin_destination": 0, "date": 0, "proposer": 0, "status": 0}
    per_row = []
    for n, row in enumerate(rows, 1):
        found: list[tuple[Article, Event]] = []
        for excerpt in row.excerpts:
            key = (excerpt, row.date)
            if key not in cache:
                raw = RawDocument(text=excerpt, source=Source(path=f"{path}#HC{row.id}"), published=row.date,
                                  origin=f"{path}:HC_ID={row.id}")
                cache[key] = analyser.analyse(raw)
            article = cache[key]
            found.extend((article, e) for e in article.events if e.type == "corridor")
        result = score_row(row, found, analyser.resources.gazetteer)
        for k, v in result.items():
            totals[k] += int(v)
        per_row.append({"id": row.id, "corridors_found": len(found), **result})
        if progress:
            progress(n, len(rows))
    n_rows = len(rows) or 1
    return {
        "origin_destination_accuracy": totals["origin_destination"] / n_rows,
        "date_accuracy": totals["date"] / n_rows,
        "proposer_accuracy": totals["proposer"] / n_rows,
        "status_accuracy": totals["status"] / n_rows,
        "rows": len(rows),
        "rows_with_a_corridor": sum(1 for r in per_row if r["corridors_found"]),
        "per_row": per_row,
    }

