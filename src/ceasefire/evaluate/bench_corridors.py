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
  the geocoded ``from_name``/``to_name``; villages count for a name no town
  has), or when it lies within 25 km of the row's geocoded coordinates. Two
  readings go beyond ids and distance, both because the coder's coordinates
  cannot say what the name does:

  - an area: when the name as written reads first as a division or country
    ("Zaporizhzhya region", "Russia"), a place in it is right (the same
    GeoNames admin1 code or country; the division itself included);
  - a name nobody can place: a place we could not locate (no GeoNames id, no
    coordinates: a village missing from the gazetteer, or whose namesakes
    all lie far away) is right when its name is the row's, accents, case and
    hyphens aside; the coder's coordinates for such names are often guesses.

  A record's route (``origin``, the ``route`` stops in order, ``destination``)
  also stands for its sections: a row from one stop to a later one is that
  corridor ("Mariupol - Manhush - Berdyansk - Zaporizhzhya": coders record
  each pick-up point of a convoy as a corridor of its own).
  ``origin_destination_ends_accuracy`` counts the record's two ends only.
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
from ..records import Article, Event, Place, RawDocument, Source
from ..analyse.gazetteer import distance_km, normalize

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
    origin_written: str = ""  # the name as the coder wrote it, up to a bracket or comma ("Zaporizhzhya region")
    destination_written: str = ""


def excerpts_of(text: str) -> list[str]:
    """The news excerpts of a row's ``text``, without the coder's label and links."""
    body = _SOURCES.sub("", _LABEL.sub("", text, count=1))
    return [e.strip() for e in _SEPARATOR.split(body) if len(e.strip()) > 20]


_NAME_END = re.compile(r"\s*[(\[,;]|\s+(?:region|district|oblast)\b", re.I)
_WRITTEN_END = re.compile(r"\s*[(\[,;]")


def _written(row: dict[str, str], column: str) -> str:
    return _WRITTEN_END.split(row.get(column, "") or "", maxsplit=1)[0].strip()


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
                                destination_names=_names(r, "To", "to_name"),
                                origin_written=_written(r, "From"), destination_written=_written(r, "To"))
                    for r in reader]
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from exc


@dataclass
class End:
    """What a row says about one end of its corridor, in the terms the scorer matches."""

    point: tuple[float, float] | None
    ids: set[int]
    areas: set[tuple[str, str | None]]  # (country, admin1) of a division, (country, None) of a country
    names: set[str]  # normalised, for a place we could not locate


def row_end(gazetteer: Any, names: tuple[str, ...], written: str, point: tuple[float, float] | None) -> End:
    return End(point, name_ids(gazetteer, names), area_of_name(gazetteer, written), {normalize(n) for n in names})


def area_of_name(gazetteer: Any, written: str) -> set[tuple[str, str | None]]:
    """The division or country a name denotes when that is its first reading
    ("Zaporizhzhya region", "Russia"; not "Zaporizhzhya", a city first)."""
    if gazetteer is None or not written:
        return set()
    cands = gazetteer.lookup(written)
    if not cands or cands[0].kind not in ("admin", "country") or getattr(cands[0], "county", False):
        return set()
    top = cands[0]
    return {(top.country, top.admin1 if top.kind == "admin" else None)} if top.country else set()


def _areas_of_place(gazetteer: Any, place: Place) -> set[tuple[str, str | None]]:
    """The divisions a predicted place lies in: its own admin1 code (a town by
    its GeoNames entry, a division by its name) and its country."""
    out: set[tuple[str, str | None]] = {(place.country, None)} if place.country else set()
    if gazetteer is None:
        return out
    cand = gazetteer.by_id(place.geonames_id) if place.geonames_id is not None and hasattr(gazetteer, "by_id") else None
    if cand is not None and cand.admin1 and cand.kind != "country":
        out.add((cand.country, cand.admin1))
    elif place.kind == "admin":
        out |= {(c.country, c.admin1) for c in gazetteer.lookup(place.name) if c.kind == "admin" and c.admin1}
    return out


def _place_right(article: Article, place_id: str | None, end: End, gazetteer: Any = None) -> bool:
    if place_id is None:
        return False
    place = next((p for p in article.places if p.id == place_id), None)
    if place is None:
        return False
    if place.geonames_id is not None and place.geonames_id in end.ids:
        return True
    if end.areas and end.areas & _areas_of_place(gazetteer, place):
        return True
    if place.geonames_id is None and place.lat is None and \
            end.names & {normalize(n) for n in [place.name, *place.aliases]}:
        return True
    if end.point is None or place.lat is None or place.lon is None:
        return False
    return distance_km(place.lat, place.lon, end.point[0], end.point[1]) <= MATCH_KM


def name_ids(gazetteer: Any, names: tuple[str, ...]) -> set[int]:
    """Every GeoNames id the gazetteer knows for these names (no context: any
    namesake); villages (its deep tier) for a name it knows no town by."""
    if gazetteer is None:
        return set()
    deep = getattr(gazetteer, "deep_lookup", lambda n: [])
    return {c.geonames_id for n in names for c in (gazetteer.lookup(n) or deep(n)) if c.geonames_id is not None}


def _route_right(article: Article, event: Event, origin: End, destination: End, gazetteer: Any
                 ) -> tuple[bool, bool, bool]:
    """(origin right, destination right, both right on one section of the route)."""
    attrs = event.attributes
    stops = [attrs.get("origin"), *(attrs.get("route") or []), attrs.get("destination")]
    o_hits = [_place_right(article, p, origin, gazetteer) for p in stops]
    d_hits = [_place_right(article, p, destination, gazetteer) for p in stops]
    section = any(o_hits[i] and any(d_hits[i + 1:]) for i in range(len(stops) - 1))
    return o_hits[0], d_hits[-1], section


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


MEASURES = ("origin_destination", "origin_destination_ends", "date", "proposer", "status")


def score_row(row: CorridorRow, found: list[tuple[Article, Event]], gazetteer: Any = None) -> dict[str, bool]:
    """The measures for one row against its best-agreeing corridor record."""
    best = dict.fromkeys(MEASURES, False)
    best_key: tuple[int, ...] = (-1,)
    origin = row_end(gazetteer, row.origin_names, row.origin_written, row.origin)
    destination = row_end(gazetteer, row.destination_names, row.destination_written, row.destination)
    ends = False
    for article, event in found:
        o, d, section = _route_right(article, event, origin, destination, gazetteer)
        ends = ends or o and d
        result = {
            "origin_destination": o and d or section,
            "origin_destination_ends": o and d,
            "date": _date_ok(article, event, row),
            "proposer": _proposer_ok(article, event, row),
            "status": event.status in STATUS_MAP.get(row.status, set()),
        }
        key = (2 if result["origin_destination"] else int(o) + int(d), int(result["date"]),
               int(result["proposer"]), int(result["status"]))
        if key > best_key:
            best, best_key = result, key
    best["origin_destination_ends"] = ends  # on any record, not only the best-agreeing one
    return best


def evaluate(path: Path, analyser, limit: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    rows = [r for r in read_rows(path) if r.excerpts]
    if limit is not None:
        rows = rows[:limit]
    cache: dict[tuple[str, str], Article] = {}
    totals = dict.fromkeys(MEASURES, 0)
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
        "origin_destination_ends_accuracy": totals["origin_destination_ends"] / n_rows,
        "date_accuracy": totals["date"] / n_rows,
        "proposer_accuracy": totals["proposer"] / n_rows,
        "status_accuracy": totals["status"] / n_rows,
        "rows": len(rows),
        "rows_with_a_corridor": sum(1 for r in per_row if r["corridors_found"]),
        "per_row": per_row,
    }

