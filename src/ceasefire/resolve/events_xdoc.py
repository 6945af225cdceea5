"""Events across articles: the same talks or ceasefire, reported many times, become one tracked event.

Each article's event is first put in canonical terms (``SourceEvent``:
canonical actor ids, a place key, dates as the article resolved them). A
source event joins the tracked event it fits best when

- the types are equal;
- the dates are compatible: for one-off events (talks, attacks, statements)
  the ranges overlap, a day either way, so an article's "Thursday" and
  another's "March 10" meet, and a vague "earlier this week" joins the day
  inside it; a ceasefire or corridor has a life (proposed in March,
  collapsed in April), so its reports may lie weeks apart, but a new
  proposal after one collapsed is a new arrangement;
- the places agree (same GeoNames id or name; a city and its country are
  compatible, as is a missing place);
- the participants overlap, people counted also as their state (Lavrov
  stands for Russia when another article says "Russia and Ukraine met");
- and the evidence adds up (``match_score``).

Copies of one story vote once: every aggregate (date, place, subtype,
attributes) counts stories, not articles, so twenty syndicated copies of one
agency report do not outvote two independent reports. Where independent
reports disagree (a date, a death toll, an outcome) both claims are kept
with their sources. The status history orders the reports by publication
date: proposed → agreed → violated → collapsed.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

# Types whose reports follow one arrangement through its life.
LIFECYCLE_WINDOW_DAYS = {"ceasefire": 60, "corridor": 30}
# Statuses in the order an event's life goes through them; a later report of an
# earlier stage ("the proposed truce") is not a step back in the history.
STATUS_RANK = {"planned": 0, "proposed": 0, "agreed": 1, "ongoing": 2, "occurred": 2,
               "rejected": 3, "failed": 3, "blocked": 3}
TERMINAL = frozenset({"rejected", "failed", "blocked"})
PAST_STATUSES = frozenset({"occurred", "agreed", "rejected", "failed", "blocked"})
# A one-off event planned or proposed for after one that took place (or failed) is another event.
FORWARD = frozenset({"planned", "proposed"})
DONE = frozenset({"occurred", "failed"})
# Types whose subtypes are different events, not different words for one.
STRICT_SUBTYPE = frozenset({"statement", "attack", "military", "resolution"})
# A place of these kinds says more than one of the others.
PLACE_DETAIL = {"facility": 4, "town": 3, "city": 3, "admin": 2, "region": 2, "water": 2, "other": 1, "country": 0}
# Attributes that are lists of labels: their union is the tracked value, not a conflict.
SET_ATTRIBUTES = frozenset({"agenda", "purpose", "area", "route"})
# Free text: every source's text is kept.
TEXT_ATTRIBUTES = frozenset({"claims"})
MATCH_THRESHOLD = 2.0
# What an arrangement's life can add to a match (an agreement within days of the
# tracked one): a first pass without the life must not drop a report this would carry.
LIFE_BONUS = 1.5
# A copy of a report already in the tracked event: the same status is that report;
# another status is another event of the story as often as the same one restated.
SAME_STORY_BONUS = 2.0
STORY_BONUS = 0.5
# Two places this close are one place for matching (a district and its city).
NEAR_KM = 30.0
# Reports of one agreement date it by its signing or by its start ("agreed
# Saturday to a truce that takes effect Monday"): this many days apart at most.
AGREED_SLACK_DAYS = 3
# After its agreed duration, an arrangement is still reported ended or violated for this long.
AFTERLIFE_DAYS = 7


@dataclass
class SourceEvent:
    """One article's event in canonical terms."""

    article_id: str
    local_id: str
    story_id: int
    published: str | None
    type: str
    subtype: str | None
    status: str
    date_start: str | None
    date_end: str | None
    precision: str | None
    place_key: str | None
    place: dict[str, Any] | None
    participants: list[list[Any]]  # [[canonical actor id, role], ...]
    sides: list[int]  # participants plus the states of the people among them
    outcome: str | None
    attributes: dict[str, Any]
    evidence: str = ""
    url: str | None = None
    title: str | None = None
    # Set on the source an identical copy of the article found on another URL or path adds (that
    # URL or path; store/copies.py): the copy is one more source, of the same story.
    copy: str | None = None

    def to_json(self) -> str:
        # The fields as they are (asdict would deep-copy them only for json to read).
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SourceEvent:
        return cls(**json.loads(text))

    @property
    def stage(self) -> str:
        return stage_of(self.type, self.status, self.attributes)


@dataclass
class HistoryEntry:
    status: str
    stage: str
    reported: str | None
    article_id: str
    sources: int = 1


@dataclass
class Tracked:
    """A tracked event's aggregate: what is stored in ``tracked_events`` and matched against."""

    type: str
    subtype: str | None
    status: str
    stage: str
    date_start: str | None
    date_end: str | None
    precision: str | None
    place_key: str | None
    place: dict[str, Any] | None
    outcome: str | None
    attributes: dict[str, Any]
    participants: list[dict[str, Any]]  # [{actor: canonical id, role}]
    claims: list[dict[str, Any]]
    history: list[HistoryEntry]
    sources: int
    stories: int
    first_reported: str | None
    last_reported: str | None
    sides: set[int] = field(default_factory=set)


def stage_of(etype: str, status: str, attributes: dict[str, Any]) -> str:
    """The status in the words of the field: a failed ceasefire was violated or collapsed."""
    if etype == "ceasefire" and status == "failed":
        return "violated" if attributes.get("violated") else "collapsed"
    return status


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two ranges; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _overlap_share(a: tuple[date, date], b: tuple[date, date]) -> float:
    """The share of the shorter range that the two ranges have in common (days counted inclusively)."""
    common = (min(a[1], b[1]) - max(a[0], b[0])).days + 1
    shorter = min((a[1] - a[0]).days, (b[1] - b[0]).days) + 1
    return max(0.0, min(1.0, common / shorter))


def _range(start: str | None, end: str | None) -> tuple[date, date] | None:
    s, e = _day(start), _day(end or start)
    if s is None or e is None:
        return None
    return (s, e) if s <= e else (e, s)


def _km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    try:
        lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (a["lat"], a["lon"], b["lat"], b["lon"]))
    except (KeyError, TypeError, ValueError):
        return None
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def places_relation(a_key: str | None, a: dict[str, Any] | None, b_key: str | None,
                    b: dict[str, Any] | None) -> str:
    """``same``, ``near`` (within NEAR_KM), ``within`` (a city and its country),
    ``unknown`` (one missing) or ``conflict``."""
    if not a_key or not b_key:
        return "unknown"
    if a_key == b_key:
        return "same"
    a, b = a or {}, b or {}
    for outer, inner in ((a, b), (b, a)):
        if outer.get("kind") == "country" and outer.get("country") and outer.get("country") == inner.get("country"):
            return "within"
    if "country" not in (a.get("kind"), b.get("kind")):
        km = _km(a, b)
        if km is not None and km <= NEAR_KM:
            return "near"
    return "conflict"


@dataclass
class Lifecycle:
    """What the reports of an arrangement (ceasefire, corridor) say about its life so far."""

    agreed: tuple[date, date] | None = None  # when it was agreed (signed or started)
    ended: date | None = None  # the earliest report of its end (collapse, rejection; not a violation)
    duration_hours: int | None = None


def lifecycle(sources: list[SourceEvent]) -> Lifecycle:
    life = Lifecycle()
    agreed = [r for r in (_range(s.date_start, s.date_end) for s in sources
                          if s.status == "agreed" and s.precision == "day") if r]
    if agreed:
        life.agreed = (min(r[0] for r in agreed), max(r[1] for r in agreed))
    for s in sources:
        r = _range(s.date_start, s.date_end)
        if r and s.status in TERMINAL and s.stage != "violated":
            life.ended = r[1] if life.ended is None else min(life.ended, r[1])
        hours = s.attributes.get("duration_hours")
        if isinstance(hours, (int, float)) and life.duration_hours is None:
            life.duration_hours = int(hours)
    return life


def _lifecycle_fits(life: Lifecycle, s: SourceEvent, sr: tuple[date, date]) -> bool:
    """Whether a report fits the life of a tracked arrangement: one agreement,
    proposals before it, its end after it and within its duration."""
    if life.ended and s.status in ("proposed", "agreed") and sr[0] > life.ended:
        return False  # proposed or agreed after the tracked one ended: a new arrangement
    if life.agreed:
        lo, hi = life.agreed
        if s.status == "agreed" and _gap_days(sr, life.agreed) > AGREED_SLACK_DAYS:
            return False  # two agreements on different days are two arrangements
        if s.status == "proposed" and sr[0] > hi + timedelta(days=AGREED_SLACK_DAYS):
            return False
        if s.status in TERMINAL or s.status == "ongoing":
            if sr[1] < lo - timedelta(days=1):
                return False  # over before it was agreed
            if life.duration_hours is not None:
                last = hi + timedelta(hours=life.duration_hours) + timedelta(days=AFTERLIFE_DAYS)
                if sr[0] > last:
                    return False
    return True


def match_score(t: Tracked, s: SourceEvent, *, story_statuses: frozenset[str] = frozenset(),
                life: Lifecycle | None = None, same_article: bool = False,
                threshold: float = MATCH_THRESHOLD) -> float | None:
    """How well ``s`` fits ``t``; None when it cannot be the same event.

    ``story_statuses`` are the statuses of the sources of ``t`` that come
    from the story of ``s`` (copies of the article ``s`` is from); ``life``
    summarises the sources of a tracked ceasefire or corridor;
    ``same_article``: ``t`` already holds an event of the article of ``s``;
    ``threshold``: the least score that matches (a first pass over candidates
    without their life lowers it by LIFE_BONUS).
    """
    same_story = bool(story_statuses)
    distinct_principals = False
    if t.type != s.type:
        return None
    window = LIFECYCLE_WINDOW_DAYS.get(s.type)
    score = 0.0
    tr, sr = _range(t.date_start, t.date_end), _range(s.date_start, s.date_end)
    if tr and sr:
        gap = _gap_days(tr, sr)
        if window is None:
            if gap > 1:
                return None
            if s.status in FORWARD and t.status in DONE and sr[0] > tr[1] and s.status not in story_statuses:
                return None  # "talks will go on in the coming days" after the talks that were held
            both_days = t.precision == "day" and s.precision == "day" and tr[0] == tr[1] and sr[0] == sr[1]
            if both_days:
                score += 3.0 if gap == 0 else 1.5
            else:
                # "This week" holding the other's day says more than two weeks that share their last day.
                score += _overlap_share(tr, sr) if gap == 0 else 0.5
        else:
            if gap > window:
                return None
            score += 1.5 if gap == 0 else max(0.0, 1.0 - gap / window)
    if window is not None:
        # A copy of a report already in the tracked arrangement, with the same
        # status, is that report, whatever date the extractor read in the copy.
        if life is not None and sr and s.status not in story_statuses and not _lifecycle_fits(life, s, sr):
            return None
        ta, sa = t.attributes.get("duration_hours"), s.attributes.get("duration_hours")
        if ta is not None and sa is not None:
            if ta != sa:
                return None
            score += 1.5  # "a 72-hour truce" in both: the terms identify the arrangement
        if life is not None and life.agreed and sr and s.status == "agreed":
            score += 1.5  # agreed within days of the tracked agreement (checked above)
    relation = places_relation(t.place_key, t.place, s.place_key, s.place)
    if relation == "same":
        score += 2.0
    elif relation == "near":
        score += 1.0
    elif relation == "within":
        score += 0.5
    elif relation == "conflict":
        if window is None:
            return None
        # A truce is signed in one place, holds in another and is reported with a third: weak evidence.
        score -= 0.5
    ts, ss = t.sides, set(s.sides)
    if ts and ss:
        overlap = len(ts & ss) / len(ts | ss)
        if overlap == 0:
            if s.type == "statement":
                return None
            # Different principals are different events; one report naming only
            # the mediators and another only the parties are not.
            if _principals(t.participants) and _principals(s.participants):
                score -= 2.0
                distinct_principals = True
        else:
            score += 3.0 * overlap
    if t.subtype and s.subtype:
        if t.subtype == s.subtype:
            score += 0.5
        elif s.type in STRICT_SUBTYPE:
            return None
        else:
            score -= 0.5
    if same_article and _new_mediators(t.participants, s.participants):
        # The article's extractor kept them apart and this one has a go-between the other lacks:
        # "Griffiths met both delegations this week" is not the signing the article leads with.
        return None
    if same_story:
        # A copy's event joins its original's; another event of the story (the
        # original's talks, the copy's "talks will go on") gets no more than a nudge.
        score += SAME_STORY_BONUS if s.status in story_statuses else STORY_BONUS
    if same_article and not distinct_principals:
        # What passed the rules above in one article is one event mentioned twice ("agreed to a
        # truce", "the truce will take effect"): the extractor does not always join them. Two
        # events the article gives different principals (the ICRC's convoy, the WFP's food) are two.
        score += 1.0
    return score if score >= threshold else None


# Share of the shorter evidence's words that two reports of one story must have in common to be one
# report (a spun copy swaps words for synonyms; another sentence of the story shares few).
SAME_REPORT_WORDS = 0.4


def same_report(a: str, b: str) -> bool:
    """Whether two evidence sentences of one story are the same report, reworded."""
    wa, wb = set(re.findall(r"[\w'-]+", a.lower())), set(re.findall(r"[\w'-]+", b.lower()))
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= SAME_REPORT_WORDS


PRINCIPAL_ROLES = frozenset({"party", "perpetrator", "target", "speaker"})


def _with_role(participants: list[Any], role: str) -> set[int]:
    out = set()
    for p in participants:
        actor, r = (p["actor"], p["role"]) if isinstance(p, dict) else (p[0], p[1])
        if r == role:
            out.add(actor)
    return out


def _new_mediators(tracked: list[Any], source: list[Any]) -> bool:
    """Whether the source names a mediator that takes no part in the tracked event."""
    return bool(_with_role(source, "mediator") - {p["actor"] if isinstance(p, dict) else p[0] for p in tracked})


def _principals(participants: list[Any]) -> bool:
    for p in participants:
        role = p["role"] if isinstance(p, dict) else p[1]
        if role in PRINCIPAL_ROLES:
            return True
    return False


# -- aggregation --------------------------------------------------------------


def _order(sources: list[SourceEvent]) -> list[SourceEvent]:
    return sorted(sources, key=lambda s: (s.published or "9999", STATUS_RANK.get(s.status, 0), s.article_id, s.local_id))


_SCALARS = (str, int, float, bool, type(None))


def _vote_key(value: Any) -> Any:
    """A value as a vote's key: a scalar with its type (1, 1.0 and True stay three values, as
    in JSON), anything else as sorted JSON (a fresh copy for each winner, never a source's own)."""
    if isinstance(value, _SCALARS):
        return (type(value), value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _vote_value(key: Any) -> Any:
    return key[1] if isinstance(key, tuple) else json.loads(key)


class _Votes:
    """Values voted by stories: each story counts once per value."""

    def __init__(self) -> None:
        self.stories: dict[Any, set[int]] = {}
        self.articles: dict[Any, dict[str, None]] = {}  # in order of first vote (a set would lose it)
        self.first: dict[Any, int] = {}
        self.demerit: dict[Any, int] = {}  # breaks ties between values that as many stories give

    def add(self, value: Any, s: SourceEvent, order: int, demerit: int = 0) -> None:
        key = _vote_key(value)
        self.demerit[key] = min(self.demerit.get(key, demerit), demerit)
        self.stories.setdefault(key, set()).add(s.story_id)
        self.articles.setdefault(key, {})[s.article_id] = None
        self.first.setdefault(key, order)

    def ranked(self) -> list[Any]:
        return sorted(self.stories, key=lambda k: (-len(self.stories[k]), self.demerit.get(k, 0), self.first[k]))

    def winner(self) -> Any:
        ranked = self.ranked()
        return _vote_value(ranked[0]) if ranked else None

    def claim(self, name: str) -> dict[str, Any] | None:
        """The values side by side with their sources, when reports disagree."""
        if len(self.stories) < 2:
            return None
        return {"field": name, "values": [
            {"value": _vote_value(k), "stories": len(self.stories[k]), "sources": list(self.articles[k])}
            for k in self.ranked()]}


def reconcile_dates(sources: list[SourceEvent]) -> tuple[str | None, str | None, str | None, dict[str, Any] | None]:
    """One date from many reports: the day most stories give, else the range all agree on.

    Returns (start, end, precision, claim).
    """
    dated = [s for s in sources if _range(s.date_start, s.date_end)]
    if not dated:
        return None, None, None, None
    exact = _Votes()
    for i, s in enumerate(dated):
        if s.precision == "day":
            # Something that happened (was agreed, failed) cannot be dated after the
            # report of it: on a tie, such a date (a weekday read forward) loses.
            future = s.status in PAST_STATUSES and bool(s.published) and (s.date_start or "") > (s.published or "")
            exact.add([s.date_start, s.date_end or s.date_start], s, i, demerit=int(future))
    if exact.stories:
        start, end = exact.winner()
        return start, end, "day", exact.claim("date")
    ranges = [(_range(s.date_start, s.date_end), s) for s in dated]
    lo = max(r[0] for r, _ in ranges)  # type: ignore[index]
    hi = min(r[1] for r, _ in ranges)  # type: ignore[index]
    narrowest = min(ranges, key=lambda rs: ((rs[0][1] - rs[0][0]).days, rs[1].published or ""))  # type: ignore[index]
    precision = narrowest[1].precision
    if lo <= hi:
        return lo.isoformat(), hi.isoformat(), precision, None
    r = narrowest[0]
    return r[0].isoformat(), r[1].isoformat(), precision, None  # type: ignore[index]


def history(sources: list[SourceEvent]) -> list[HistoryEntry]:
    """Stages in order of publication; a step back to an earlier stage is not a new stage."""
    entries: list[HistoryEntry] = []
    for s in _order(sources):
        stage = s.stage
        if entries:
            last = entries[-1]
            if stage == last.stage:
                last.sources += 1
                continue
            if STATUS_RANK.get(s.status, 0) < STATUS_RANK.get(last.status, 0):
                continue
            if any(e.stage == stage for e in entries):
                # Reports of one stage interleaved with another's: count it where it began.
                next(e for e in entries if e.stage == stage).sources += 1
                continue
        entries.append(HistoryEntry(s.status, stage, s.published, s.article_id))
    return entries


def _pick_place(sources: list[SourceEvent]) -> tuple[str | None, dict[str, Any] | None]:
    votes: dict[str, set[int]] = {}
    objects: dict[str, dict[str, Any]] = {}
    for s in sources:
        if s.place_key:
            votes.setdefault(s.place_key, set()).add(s.story_id)
            objects.setdefault(s.place_key, s.place or {})
    if not votes:
        return None, None
    # Most stories first; among equals, the more precise place (Antalya over Turkey).
    key = max(votes, key=lambda k: (len(votes[k]), PLACE_DETAIL.get(objects[k].get("kind", "other"), 1)))
    # A country loses to a place inside it that any story names.
    if objects[key].get("kind") == "country":
        inner = [k for k in votes if places_relation(key, objects[key], k, objects[k]) == "within" and k != key]
        if inner:
            key = max(inner, key=lambda k: (len(votes[k]), PLACE_DETAIL.get(objects[k].get("kind", "other"), 1)))
    return key, objects[key]


def aggregate(sources: list[SourceEvent]) -> Tracked:
    """The tracked event that its source events add up to."""
    ordered = _order(sources)
    first = ordered[0]
    claims: list[dict[str, Any]] = []

    subtypes = _Votes()
    roles: dict[int, _Votes] = {}
    order_of_actor: dict[int, int] = {}
    attrs: dict[str, _Votes] = {}
    sets: dict[str, list[Any]] = {}
    texts: dict[str, list[str]] = {}
    outcomes = _Votes()
    sides: set[int] = set()
    for i, s in enumerate(ordered):
        if s.subtype:
            subtypes.add(s.subtype, s, i)
        for actor, role in s.participants:
            roles.setdefault(actor, _Votes()).add(role, s, i)
            order_of_actor.setdefault(actor, len(order_of_actor))
        sides.update(s.sides)
        if s.outcome and s.outcome != "unknown":
            outcomes.add(s.outcome, s, i)
        for k, v in s.attributes.items():
            if k in SET_ATTRIBUTES and isinstance(v, list):
                for item in v:
                    if item not in sets.setdefault(k, []):
                        sets[k].append(item)
            elif k in TEXT_ATTRIBUTES:
                if v not in texts.setdefault(k, []):
                    texts[k].append(v)
            else:
                attrs.setdefault(k, _Votes()).add(v, s, i)

    attributes: dict[str, Any] = {k: v.winner() for k, v in attrs.items()}
    for k, v in attrs.items():
        c = v.claim(f"attributes.{k}")
        if c:
            claims.append(c)
    attributes.update(sets)
    attributes.update({k: v[0] if len(v) == 1 else v for k, v in texts.items()})

    # The outcome of the talks as last reported; earlier differing accounts stay as claims.
    outcome = None
    for s in ordered:
        if s.outcome and s.outcome != "unknown":
            outcome = s.outcome
    c = outcomes.claim("outcome")
    if c:
        claims.append(c)

    lifecycle = first.type in LIFECYCLE_WINDOW_DAYS
    if lifecycle:
        # The date of an arrangement is its declaration; it then runs to the last report.
        declared = ([s for s in ordered if s.status == "agreed"] or [s for s in ordered if s.status == "proposed"]
                    or ordered)
        start, end, precision, date_claim = reconcile_dates(declared)
        ends = [r[1] for r in (_range(s.date_start, s.date_end) for s in ordered) if r]
        if end and ends and max(ends).isoformat() > end:
            end = max(ends).isoformat()
    else:
        start, end, precision, date_claim = reconcile_dates(ordered)
    if date_claim:
        claims.append(date_claim)

    place_key, place = _pick_place(ordered)
    participants = []
    for actor in sorted(roles, key=lambda a: order_of_actor[a]):
        participants.append({"actor": actor, "role": roles[actor].winner()})
    entries = history(ordered)
    published = [s.published for s in ordered if s.published]
    return Tracked(
        type=first.type, subtype=subtypes.winner(), status=entries[-1].status, stage=entries[-1].stage,
        date_start=start, date_end=end, precision=precision, place_key=place_key, place=place,
        outcome=outcome, attributes=attributes, participants=participants, claims=claims, history=entries,
        sources=len({(s.article_id, s.copy) for s in ordered}), stories=len({s.story_id for s in ordered}),
        first_reported=min(published) if published else None, last_reported=max(published) if published else None,
        sides=sides,
    )
