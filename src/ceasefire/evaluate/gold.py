"""Read gold files (``<stem>.gold.json``) into typed records with located spans.

Gold is written by hand (spec/records.md, "Gold files and how they are
scored"): spans are exact substrings, ids are local to the file, some items
are ``optional`` and dates are ``{start, end}`` ranges. This module turns that
into typed records once, so that the scorer never touches dicts, and refuses
malformed gold with a :class:`~ceasefire.errors.GoldError` that names the file
and the field: a silently skipped gold item would make every score a lie.

Substrings are located "first occurrence after the previous one": each record
family (quotes, event evidence, figure evidence) keeps a cursor that moves to
one character past the start of the last match, so a sentence quoted twice in
a row is found twice in a row; when nothing follows the cursor the search
falls back to the start of the text (gold lists are not always in text order,
and two records may cite the same sentence).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ceasefire.errors import GoldError
from ceasefire.records import (
    ActorKind,
    DateRange,
    EventStatus,
    EventType,
    FigureCategory,
    Participant,
    PlaceKind,
    Qualifier,
    QuoteKind,
    Role,
    Span,
)

__all__ = [
    "GoldActor",
    "GoldArticle",
    "GoldEvent",
    "GoldFigure",
    "GoldPlace",
    "GoldQuote",
    "gold_path_for",
    "load_gold",
    "normalise_name",
]

GOLD_SUFFIX = ".gold.json"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def normalise_name(name: str) -> str:
    """The comparison key of a name: case, accents and punctuation ignored.

    NFKD splits accented letters so the combining marks can be dropped
    ("Çavuşoğlu" -> "cavusoglu"); punctuation is dropped ("U.N." -> "un"),
    except dashes, which separate words ("Al-Shabaab" -> "al shabaab");
    whitespace is collapsed and the result casefolded.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", name):
        cat = unicodedata.category(ch)
        if cat.startswith("M"):
            continue
        if cat == "Pd":
            out.append(" ")
        elif cat.startswith("P"):
            continue
        else:
            out.append(ch)
    return " ".join("".join(out).split()).casefold()


@dataclass
class GoldActor:
    id: str
    name: str
    kind: str
    country: str | None = None
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    optional: bool = False

    @property
    def keys(self) -> frozenset[str]:
        """Normalised name and aliases: what a predicted name may equal."""
        return frozenset(normalise_name(n) for n in [self.name, *self.aliases])


@dataclass
class GoldPlace:
    id: str
    name: str
    kind: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = field(default_factory=list)
    optional: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalise_name(n) for n in [self.name, *self.aliases])


@dataclass
class GoldQuote:
    speaker: str | None  # gold actor id
    speaker_text: str | None
    text: str
    span: Span | None  # None only when located non-strictly and not found
    kind: str | None = None
    cue: str | None = None
    optional: bool = False


@dataclass
class GoldEvent:
    type: str
    subtype: str | None
    status: str | None
    date: DateRange | None = None  # a range: a prediction overlapping it matches
    place: str | None = None  # gold place id
    participants: list[Participant] = field(default_factory=list)  # gold actor ids
    outcome: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence_text: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)  # located evidence_text
    optional: bool = False


@dataclass
class GoldFigure:
    category: str
    value: float
    qualifier: str | None = None
    source: str | None = None  # gold actor id
    place: str | None = None  # gold place id
    evidence_text: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    optional: bool = False


@dataclass
class GoldArticle:
    """One gold file, typed, with its spans located in ``text``."""

    path: Path
    text: str
    published: str | None
    actors: list[GoldActor] = field(default_factory=list)
    places: list[GoldPlace] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    figures: list[GoldFigure] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)  # fields not found (non-strict only)

    @property
    def name(self) -> str:
        """A short label for reports: the article stem."""
        n = self.path.name
        return n[: -len(GOLD_SUFFIX)] if n.endswith(GOLD_SUFFIX) else self.path.stem

    def actor(self, actor_id: str | None) -> GoldActor | None:
        return next((a for a in self.actors if a.id == actor_id), None) if actor_id else None

    def place(self, place_id: str | None) -> GoldPlace | None:
        return next((p for p in self.places if p.id == place_id), None) if place_id else None


def gold_path_for(article_path: Path) -> Path:
    """``<stem>.gold.json`` beside the article (``000_x.txt`` -> ``000_x.gold.json``)."""
    article_path = Path(article_path)
    return article_path.with_name(article_path.stem + GOLD_SUFFIX)


class _Reader:
    """Validates one gold file; every error names the file and the field."""

    def __init__(self, path: Path, text: str, strict: bool) -> None:
        self.path = path
        self.text = text
        self.strict = strict
        self.cursors: dict[str, int] = {}
        self.unlocated: list[str] = []

    def fail(self, where: str, message: str) -> GoldError:
        return GoldError(f"{self.path}: {where}: {message}")

    def get(self, item: dict[str, Any], key: str, where: str, types: tuple[type, ...],
            required: bool = False, default: Any = None) -> Any:
        if key not in item or item[key] is None:
            if required:
                raise self.fail(f"{where}.{key}", "is required")
            return default
        value = item[key]
        if isinstance(value, bool) and bool not in types:
            raise self.fail(f"{where}.{key}", f"expected {_names(types)}, got {value!r}")
        if not isinstance(value, types):
            raise self.fail(f"{where}.{key}", f"expected {_names(types)}, got {type(value).__name__}")
        return value

    def choice(self, item: dict[str, Any], key: str, where: str, allowed: tuple[str, ...],
               required: bool = True) -> str | None:
        value = self.get(item, key, where, (str,), required=required)
        if value is not None and value not in allowed:
            raise self.fail(f"{where}.{key}", f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def strings(self, item: dict[str, Any], key: str, where: str) -> list[str]:
        value = self.get(item, key, where, (list,), default=[])
        for i, v in enumerate(value):
            if not isinstance(v, str):
                raise self.fail(f"{where}.{key}[{i}]", f"expected a string, got {v!r}")
        return list(value)

    def items(self, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        value = self.get(data, key, key, (list,), default=[])
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", f"expected an object, got {type(item).__name__}")
            out.append((f"{key}[{i}]", item))
        return out

    def locate(self, substring: str, where: str, family: str) -> Span | None:
        if not substring:
            raise self.fail(where, "is empty")
        start = self.text.find(substring, self.cursors.get(family, 0))
        if start < 0:
            start = self.text.find(substring)
        if start < 0:
            if self.strict:
                raise self.fail(where, f"{_short(substring)!r} is not found in the article text")
            self.unlocated.append(where)
            return None
        self.cursors[family] = start + 1
        return (start, start + len(substring))

    def evidence(self, item: dict[str, Any], where: str, family: str) -> tuple[list[str], list[Span]]:
        raw = item.get("evidence")
        if raw is None:
            return [], []
        texts = [raw] if isinstance(raw, str) else raw
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise self.fail(f"{where}.evidence", "expected a string or a list of strings")
        spans = []
        for i, t in enumerate(texts):
            span = self.locate(t, f"{where}.evidence" + (f"[{i}]" if isinstance(raw, list) else ""), family)
            if span is not None:
                spans.append(span)
        return list(texts), spans

    def optional(self, item: dict[str, Any], where: str) -> bool:
        return bool(self.get(item, "optional", where, (bool,), default=False))

    def ref(self, item: dict[str, Any], key: str, where: str, known: dict[str, Any], what: str) -> str | None:
        value = self.get(item, key, where, (str,))
        if value is not None and value not in known:
            raise self.fail(f"{where}.{key}", f"{value!r} is not a gold {what} id "
                                              f"(known: {', '.join(known) or 'none'})")
        return value

    def date(self, item: dict[str, Any], where: str) -> DateRange | None:
        raw = self.get(item, "date", where, (dict,))
        if raw is None:
            return None
        start = self.get(raw, "start", f"{where}.date", (str,), required=True)
        end = self.get(raw, "end", f"{where}.date", (str,), default=start)
        for key, v in (("start", start), ("end", end)):
            if not _DATE.match(v):
                raise self.fail(f"{where}.date.{key}", f"{v!r} is not an ISO date (YYYY[-MM[-DD]])")
        if date_bounds(start)[0] > date_bounds(end)[1]:
            raise self.fail(f"{where}.date", f"start {start} is after end {end}")
        return DateRange(start=start, end=end)

    def read(self, data: Any) -> GoldArticle:
        if not isinstance(data, dict):
            raise self.fail("top level", f"expected an object, got {type(data).__name__}")
        if "published" not in data:
            raise self.fail("published", "is required (YYYY-MM-DD or null)")
        published = self.get(data, "published", "published", (str,))
        actors = [self.actor(w, i) for w, i in self.items(data, "actors")]
        places = [self.place(w, i) for w, i in self.items(data, "places")]
        actor_ids = _unique(self, "actors", [a.id for a in actors])
        place_ids = _unique(self, "places", [p.id for p in places])
        quotes = [self.quote(w, i, actor_ids) for w, i in self.items(data, "quotes")]
        events = [self.event(w, i, actor_ids, place_ids) for w, i in self.items(data, "events")]
        figures = [self.figure(w, i, actor_ids, place_ids) for w, i in self.items(data, "figures")]
        return GoldArticle(path=self.path, text=self.text, published=published, actors=actors,
                           places=places, quotes=quotes, events=events, figures=figures,
                           unlocated=self.unlocated)

    def actor(self, where: str, item: dict[str, Any]) -> GoldActor:
        return GoldActor(
            id=self.get(item, "id", where, (str,), required=True),
            name=self.get(item, "name", where, (str,), required=True),
            kind=self.choice(item, "kind", where, get_args(ActorKind)),
            country=self.get(item, "country", where, (str,)),
            titles=self.strings(item, "titles", where),
            aliases=self.strings(item, "aliases", where),
            optional=self.optional(item, where))

    def place(self, where: str, item: dict[str, Any]) -> GoldPlace:
        return GoldPlace(
            id=self.get(item, "id", where, (str,), required=True),
            name=self.get(item, "name", where, (str,), required=True),
            kind=self.choice(item, "kind", where, get_args(PlaceKind)),
            country=self.get(item, "country", where, (str,)),
            lat=self.get(item, "lat", where, (int, float)),
            lon=self.get(item, "lon", where, (int, float)),
            aliases=self.strings(item, "aliases", where),
            optional=self.optional(item, where))

    def quote(self, where: str, item: dict[str, Any], actors: dict[str, Any]) -> GoldQuote:
        text = self.get(item, "text", where, (str,), required=True)
        return GoldQuote(
            speaker=self.ref(item, "speaker", where, actors, "actor"),
            speaker_text=self.get(item, "speaker_text", where, (str,)),
            text=text,
            span=self.locate(text, f"{where}.text", "quotes"),
            kind=self.choice(item, "kind", where, get_args(QuoteKind), required=False),
            cue=self.get(item, "cue", where, (str,)),
            optional=self.optional(item, where))

    def event(self, where: str, item: dict[str, Any], actors: dict[str, Any],
              places: dict[str, Any]) -> GoldEvent:
        participants = []
        for i, p in enumerate(self.get(item, "participants", where, (list,), default=[])):
            pw = f"{where}.participants[{i}]"
            if not isinstance(p, dict):
                raise self.fail(pw, "expected an object {actor, role}")
            participants.append(Participant(actor=self.ref(p, "actor", pw, actors, "actor") or "",
                                            role=self.choice(p, "role", pw, get_args(Role))))
            if not participants[-1].actor:
                raise self.fail(f"{pw}.actor", "is required")
        texts, spans = self.evidence(item, where, "events")
        return GoldEvent(
            type=self.choice(item, "type", where, get_args(EventType)),
            subtype=self.get(item, "subtype", where, (str,)),
            status=self.choice(item, "status", where, get_args(EventStatus), required=False),
            date=self.date(item, where),
            place=self.ref(item, "place", where, places, "place"),
            participants=participants,
            outcome=self.get(item, "outcome", where, (str,)),
            attributes=self.get(item, "attributes", where, (dict,), default={}),
            evidence_text=texts, evidence=spans,
            optional=self.optional(item, where))

    def figure(self, where: str, item: dict[str, Any], actors: dict[str, Any],
               places: dict[str, Any]) -> GoldFigure:
        texts, spans = self.evidence(item, where, "figures")
        return GoldFigure(
            category=self.choice(item, "category", where, get_args(FigureCategory)),
            value=self.get(item, "value", where, (int, float), required=True),
            qualifier=self.choice(item, "qualifier", where, get_args(Qualifier), required=False),
            source=self.ref(item, "source", where, actors, "actor"),
            place=self.ref(item, "place", where, places, "place"),
            evidence_text=texts, evidence=spans,
            optional=self.optional(item, where))


def load_gold(path: Path, text: str, *, strict: bool = True) -> GoldArticle:
    """Read and validate the gold file at ``path``, locating its spans in ``text``.

    ``text`` is the text the predictions index into (``Article.text``). With
    ``strict`` (the default) a substring missing from ``text`` is a
    :class:`GoldError`; with ``strict=False`` it is recorded in
    ``GoldArticle.unlocated`` and left without a span, which is what the
    scorer needs when cleaning removed a sentence the gold cites: that is an
    extraction error to count, not a broken gold file.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: gold file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON: {exc}") from None
    return _Reader(path, text, strict).read(data)


def date_bounds(value: str) -> tuple[str, str]:
    """First and last day of a possibly partial ISO date, as comparable strings.

    "2022" -> ("2022-01-01", "2022-12-31"); "2022-03" -> ("2022-03-01",
    "2022-03-31"). A day 31 that does not exist still compares correctly.
    """
    value = value[:10]
    if len(value) == 4:
        return value + "-01-01", value + "-12-31"
    if len(value) == 7:
        return value + "-01", value + "-31"
    return value, value


def _unique(reader: _Reader, key: str, ids: list[str]) -> dict[str, None]:
    seen: dict[str, None] = {}
    for i, id_ in enumerate(ids):
        if id_ in seen:
            raise reader.fail(f"{key}[{i}].id", f"duplicate id {id_!r}")
        seen[id_] = None
    return seen


def _names(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a number", float: "a number", list: "a list",
             dict: "an object", bool: "true or false"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
