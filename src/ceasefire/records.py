"""The records of ``spec/records.md``: typed, with the spec's field names.

Every stage of the pipeline passes these, never bare dicts. ``to_dict`` gives
the JSON shape of the spec (offsets as ``[start, end]`` lists).
"""
from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Span = tuple[int, int]

ActorKind = Literal["person", "state", "organization", "armed_group", "group"]
PlaceKind = Literal["country", "admin", "city", "town", "region", "water", "facility", "other"]
QuoteKind = Literal["direct", "indirect"]
PublishedBasis = Literal["metadata", "dateline", "inferred", "unknown"]
EventType = Literal["talks", "ceasefire", "corridor", "aid", "attack", "statement", "military", "resolution"]
EventStatus = Literal["occurred", "ongoing", "planned", "proposed", "agreed", "rejected", "failed", "blocked"]
Role = Literal["party", "mediator", "host", "proposer", "guarantor", "perpetrator", "target", "speaker"]
Precision = Literal["day", "week", "month", "year"]
Qualifier = Literal["exact", "more_than", "at_least", "about", "less_than"]
FigureCategory = Literal["refugees", "displaced", "civilians_killed", "killed", "injured", "evacuated", "other"]


@dataclass
class Source:
    """Where an article came from, as far as the input tells."""

    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None


@dataclass
class RawDocument:
    """What a reader yields: text before cleaning plus what the input said about it."""

    text: str
    source: Source
    published: str | None = None  # YYYY-MM-DD when the input gives it
    origin: str = ""  # "path" or "path:line" for error reports


@dataclass
class Rejection:
    """An input that could not be used; stored, counted and reported, never dropped."""

    source: str
    stage: str  # "read", "decode", "clean", "analyse", "store"
    reason: str


@dataclass
class DateRange:
    start: str
    end: str
    precision: Precision = "day"


@dataclass
class TimeExpression:
    """A time expression found in the text and resolved against the publication date."""

    text: str
    span: Span
    date: DateRange | None
    rule: str = ""
    timex_type: str | None = None  # TimeML: DATE, TIME, DURATION, SET
    timex_value: str | None = None  # TimeML value: "2022-04-07", "P1D", "PAST_REF"


@dataclass
class Actor:
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    kb_id: str | None = None  # id in the shipped knowledge base, when known
    rule: str = ""


@dataclass
class Place:
    id: str
    name: str
    kind: PlaceKind
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    rule: str = ""


@dataclass
class Quote:
    speaker: str | None
    speaker_text: str | None
    text: str
    span: Span
    kind: QuoteKind
    cue: str | None = None
    speaker_span: Span | None = None
    rule: str = ""


@dataclass
class Participant:
    actor: str
    role: Role


@dataclass
class Event:
    type: EventType
    subtype: str | None
    status: EventStatus
    date: DateRange | None = None
    place: str | None = None
    participants: list[Participant] = field(default_factory=list)
    outcome: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)
    rule: str = ""


@dataclass
class Figure:
    category: FigureCategory
    value: int
    qualifier: Qualifier = "exact"
    source: str | None = None
    place: str | None = None
    evidence: list[Span] = field(default_factory=list)
    rule: str = ""


@dataclass
class Article:
    id: str
    source: Source
    published: str | None
    published_basis: PublishedBasis
    text: str
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    dateline: str | None = None


_LEAVES = (str, int, float, bool, type(None))
_LEAF_TYPES = frozenset(_LEAVES)


def _is_record(value: Any) -> bool:
    """A dataclass instance (not a dataclass itself), as ``dataclasses.asdict`` takes."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` then tuples-to-lists gave, built in one pass.

    ``asdict`` deep-copies every value on the way, which made storing an
    article cost more than writing it; the values here are immutable leaves
    or containers built anew, so nothing is shared with the record either.
    """
    kind = type(value)
    if kind in _LEAF_TYPES:  # the common cases first, by exact type
        return value
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if kind in _FIELDS:
        return {name: _plain(getattr(value, name)) for name in _FIELDS[kind]}
    if isinstance(value, _LEAVES):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if _is_record(value):
        names = _FIELDS.get(type(value)) or tuple(f.name for f in dataclasses.fields(value))
        return {name: _plain(getattr(value, name)) for name in names}
    return copy.deepcopy(value)  # anything else, as asdict copied it


def to_dict(record: Any) -> dict[str, Any]:
    """The JSON shape of a record: offsets become ``[start, end]`` lists."""
    if not _is_record(record):
        raise TypeError("to_dict() should be called on dataclass instances")  # as asdict says
    return _plain(record)


def to_json(record: Any) -> str:
    """``json.dumps(to_dict(record), ensure_ascii=False)``, without building ``to_dict`` first:
    the encoder writes lists, tuples, dicts and leaves itself and asks ``_json_fields`` only for
    the records, so a stored article is not copied once more on its way to the database."""
    if not _is_record(record):
        raise TypeError("to_json() should be called on dataclass instances")
    return _RECORD_ENCODER.encode(record)


def _json_fields(value: Any) -> dict[str, Any]:
    names = _FIELDS.get(type(value))
    if names is None:
        if not _is_record(value):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")  # json's words
        names = tuple(f.name for f in dataclasses.fields(value))
    return {name: getattr(value, name) for name in names}


# Built once (json.dumps would build one a call). No cycle check: a record is a tree, and
# to_dict would not end on a cycle either.
_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_fields, check_circular=False)

# Field names of the records above, in declaration order (the order asdict keeps).
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls))
    for cls in (Source, RawDocument, Rejection, DateRange, TimeExpression, Actor, Place, Quote, Participant, Event,
                Figure, Article)
}


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record (and its nested records) from ``to_dict`` output."""
    nested = {
        Article: {"source": Source, "actors": Actor, "places": Place, "quotes": Quote,
                  "events": Event, "figures": Figure, "times": TimeExpression},
        Event: {"date": DateRange, "participants": Participant},
        TimeExpression: {"date": DateRange},
    }.get(cls, {})
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        sub = nested.get(key)
        if sub is not None and value is not None:
            value = [from_dict(sub, v) for v in value] if isinstance(value, list) else from_dict(sub, value)
        elif key in ("mentions", "evidence") and value is not None:
            value = [tuple(v) for v in value]
        elif key in ("span", "speaker_span") and value is not None:
            value = tuple(value)
        kwargs[key] = value
    return cls(**kwargs)
