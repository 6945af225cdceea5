"""Ceasefires and humanitarian corridors.

Roles come from the verbs above the trigger (data: ``roles`` in
ceasefire.yaml and corridor.yaml): the subject of "proposed", "hoped for",
"called for" proposes; of "agreed", "rejected", "violated" is a party; of
"brokered" mediates; of "guarantee" guarantees. A ceasefire is between the
conflict's two sides unless the text names others, so both sides are
parties. Duration, time window, area, purpose, arrangement (ceasefires) and
origin, destination, route and evacuees (corridors) are read from the
trigger's phrase and sentence.

Corridors are one record per route: the route grammar (``routes.py``,
data ``routes`` in corridor.yaml) reads "from A, B and C to D", "A - B - C",
"left A for B" and the like, splits a trigger whose sentence lists routes
into them and makes records of routes that no trigger word names ("4,972
people were evacuated from Mariupol to Zaporizhzhya"). A corridor that
nobody is said to propose is proposed by whoever announces it.
"""
from __future__ import annotations

import re
from typing import Any

from .frame import Draft, Frame
from .lexicon import FamilyRules, token_in, words
from .mentions import draft_for, first_subject_actors
from .routes import Route, RouteReader, verb_of
from .syntax import ancestors_path, conjunct_clauses, in_subtree, is_verb, np_tokens, passive_agent, preps_of
from ..tokens import sentences

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "thirty": 30, "forty-eight": 48,
                "seventy-two": 72, "twenty-four": 24}
UNIT_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 720}
DURATION = re.compile(r"\b(\d+|[a-z]+(?:-[a-z]+)?)[- ](hour|day|week|month)s?(?:-long)?\b", re.I)
HYPHEN_DURATION = re.compile(r"\b(?:\d+|[a-z]+)\s?-\s?(?:hour|day|week|month)\b", re.I)
HYPHEN_SPAN = re.compile(r"\s?-\s?")
WEEK_LONG = re.compile(r"\b(week|month|day)\s?-?\s?long\b", re.I)
CLOCK = r"(\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?|noon|midnight)"
WINDOW = re.compile(r"\bfrom\s+" + CLOCK + r"\s+(?:to|until|till|and)\s+" + CLOCK, re.I)
# Where a place stands to a corridor: "from Mariupol to Zaporizhzhia via Berdyansk".
CORRIDOR_PREPS = {"from": "origin", "out": "origin", "to": "destination", "towards": "destination",
                  "toward": "destination", "into": "destination", "via": "route", "through": "route"}


def find(frame: Frame) -> list[Draft]:
    out: list[Draft] = []
    for name in ("ceasefire", "corridor"):
        fam = frame.lex.families[name]
        drafts: list[Draft] = []
        for m in frame.matches_of(fam):
            d = draft_for(frame, fam, m)
            if d is None:
                continue
            _participants(frame, fam, m.head, d)
            if name == "ceasefire":
                _ceasefire_attributes(frame, fam, m.head, d)
            else:
                _corridor_attributes(frame, fam, m.head, d)
            drafts.append(d)
        if name == "corridor":
            drafts = _with_routes(frame, fam, drafts)
            for d in drafts:
                _announcer(frame, d)
        for d in drafts:  # the agency in the dateline reports the event, it takes no part in it
            d.participants = [(a, r) for a, r in d.participants
                              if not (frame.ctx.actors.get(a) and frame.is_outlet(frame.ctx.actors.get(a)))]
        out += drafts
    return out


# -- routes -----------------------------------------------------------------------


def _with_routes(frame: Frame, fam: FamilyRules, drafts: list[Draft]) -> list[Draft]:
    """One corridor per route read from the text (``routes.py``). A trigger
    whose sentence states routes ("nine corridors opened, from A and B to
    C ...") is split into them; a route with no trigger in its sentence
    ("4,972 people were evacuated from Mariupol to Zaporizhzhya") is read
    from the verb above it."""
    reader = RouteReader(frame, fam, [d.head for d in drafts])
    routes = reader.read()
    if not routes:
        return drafts
    by_sentence: dict[int, list[Route]] = {}
    for r in routes:
        by_sentence.setdefault(r.sentence, []).append(r)
    out = [d for d in drafts if d.head.sent.start_char not in by_sentence]
    for sent, rs in by_sentence.items():
        triggers = [d for d in drafts if d.head.sent.start_char == sent]
        for r in rs:
            d = _route_draft(frame, fam, reader, r, triggers)
            if d is not None:
                out.append(d)
    return out


def _route_draft(frame: Frame, fam: FamilyRules, reader: RouteReader, r: Route,
                 triggers: list[Draft]) -> Draft | None:
    slot = r.origin if reader.place_of(r.origin) else r.destination
    head = slot.root if slot is not None else None
    if head is None:
        return None
    own = frame.status(head, reader.status_rules)
    if not own.decided and slot is r.origin and r.destination is not None and r.destination.root is not None:
        # "2,000 residents of Mariupol were able to reach Zaporizhzhya": the verb is above the destination
        other = frame.status(r.destination.root, reader.status_rules)
        own = other if other.decided else own
    base = min(triggers, key=lambda d: abs(d.head.idx - r.span[0]), default=None)
    if base is None:
        if own.status == "drop":
            return None
        if not own.decided:  # "On April 9, 4,532 people were evacuated. By bus, 192 people from A to B."
            own = _status_before(frame, reader, head) or own
        sentence = frame.sentence_of(head)
        d = Draft(type=fam.type, subtype="evacuation", status=own.status, head=head, sentence=sentence,
                  rules=[own.rule] if own.rule else [], strong_subtype=False, decided=own.decided,
                  attributes=dict(own.attributes), outcome=own.outcome, evidence=[sentence])
        d.dates = frame.dates(verb_of(head) or head, speech=own.status == "proposed")
        _participants(frame, fam, head, d)
    else:
        d = Draft(**{**base.__dict__})
        d.participants, d.rules, d.evidence = list(base.participants), list(base.rules), list(base.evidence)
        d.dates, d.defaults, d.venues = list(base.dates), set(base.defaults), []
        d.attributes = {k: v for k, v in base.attributes.items() if k not in ("origin", "destination", "route")}
        inside = any(t.i == base.head.i for t in ancestors_path(head))
        if not inside and own.decided and own.status not in ("drop", base.status):
            d.status, d.decided = own.status, True
            d.rules += [own.rule] if own.rule else []
        if not d.dates:
            d.dates = frame.dates(verb_of(head) or head, speech=d.status == "proposed")
    d.anaphoric = False  # "the corridor from Kharkiv to Vovchansk" names its own route
    d.rules.append(r.rule)
    if r.inherited:
        d.rules.append("corridor.route.destination_before")
    origin, destination = reader.place_of(r.origin), reader.place_of(r.destination)
    d.attributes.pop("evacuees_planned", None)
    d.attributes.pop("evacuees_actual", None)
    if origin:
        d.attributes["origin"] = origin
    if destination:
        d.attributes["destination"] = destination
    via = [p for p in (reader.place_of(v) for v in r.via) if p and p not in (origin, destination)]
    if via:
        d.attributes["route"] = list(dict.fromkeys(via))
    d.place = origin or destination
    people = frame.common.words("people_nouns")
    counts = [q for q in frame.sentence_quantities(head) if q.kind == "count" and q.head is not None and
              token_in(q.head, people) and (r.span[0] - 60 <= q.start <= r.span[1])]
    if counts and not r.shared:  # a number for "from A, B and C" is not each one's
        q = min(counts, key=lambda q: abs(q.start - r.span[0]))
        key = "evacuees_planned" if d.status in ("proposed", "agreed", "planned") else "evacuees_actual"
        d.attributes[key] = q.value
    return d


def _status_before(frame: Frame, reader: RouteReader, head: Any) -> Any:
    """The status of a sentence with no verb of its own, a list that goes on
    from the sentence before: that sentence's main verb's reading."""
    sent = head.sent
    if any(is_verb(t) for t in sent):
        return None
    before = [s for s in sentences(frame.doc) if s.end_char <= sent.start_char]
    if not before:
        return None
    root = before[-1].root
    child = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "prep")), None)
    if not is_verb(root) or child is None:
        return None
    st = frame.status(child, reader.status_rules)  # read from the verb down, as for its own argument
    return st if st.decided and st.status != "drop" else None


def _announcer(frame: Frame, d: Draft) -> None:
    """A corridor nobody is said to propose was proposed by whoever announces
    it (``Frame.announcers``): Ukraine's Deputy Prime Minister reporting the
    routes of the day speaks for Ukraine."""
    if d.actors("proposer"):
        return
    added = False
    for a in frame.announcers(d.head):
        if a.kind in ("person", "state", "organization", "armed_group") and a.country:
            d.add(a.id, "proposer")
            added = True
    if added:
        d.rules.append("corridor.role.announcer")
        frame.with_states(d)


def _participants(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    roles = fam.raw.get("roles", {})
    table = [("proposer", words(roles.get("proposer_verbs"))), ("party", words(roles.get("party_verbs"))),
             ("mediator", words(roles.get("mediator_verbs"))), ("guarantor", words(roles.get("guarantor_verbs")))]
    path = ancestors_path(head)
    for node in path[1:9]:
        role = next((r for r, ws in table if token_in(node, ws)), None) if is_verb(node) else None
        if role is not None:
            actors = frame.subject_actors(node)
            for a in actors:
                d.add(a.id, role)
            if actors:
                d.rules.append(f"{fam.type}.role.{role}_verb")
                break
        if is_verb(node) and token_in(node, frame.reporting):
            break
    # "a Saudi proposal for a truce": who made the proposal.
    proposal = words(roles.get("proposal_nouns"))
    for node in path[1:4]:
        if token_in(node, proposal):
            for c in node.children:
                if c.dep_ in ("poss", "amod", "compound", "nmod"):
                    for a in frame.np_actors(c):
                        d.add(a.id, "proposer")
    # "a ceasefire between X and Y", "a truce brokered by Qatar"
    for p, obj in preps_of(head):
        if p in ("between", "among", "with"):
            for a in frame.np_actors(obj):
                d.add(a.id, "party")
    # (anywhere in the trigger's phrase: the parser may hang "brokered by" on a party)
    for c in head.subtree:
        if c.dep_ in ("acl", "relcl") and is_verb(c):
            agent = passive_agent(c)
            if agent is not None:
                role = next((r for r, ws in table if token_in(c, ws)), "party")
                for a in frame.np_actors(agent):
                    d.add(a.id, role)
    if d.status in ("proposed", "rejected") and not d.actors("proposer", "party"):
        # Who said it: "..., Netanyahu said"; "Griffiths said he is looking for ...".
        actors, _ = first_subject_actors(frame, head)
        speaker = frame.quote_speaker(head.idx)
        role = "proposer" if d.status == "proposed" else "party"
        for a in actors or ([speaker] if speaker else []):
            d.add(a.id, role)
    # The side that would not commit, in "... but Lavrov was not in a position to commit".
    for node in path:
        for cc, clause in conjunct_clauses(node):
            if cc in ("but", "however", "yet"):
                for a in frame.subject_actors(clause):
                    d.add(a.id, "party")
    if fam.type == "corridor":
        names = set(fam.raw.get("guarantor_names", []))
        sent = head.sent
        for _, a in frame.ctx.actors.within(sent.start_char, sent.end_char):
            if a.name in names and a.id not in d.actors():
                d.add(a.id, "guarantor")
    frame.with_states(d)
    for a in frame.sides.both():
        if a.id not in d.actors():
            d.add_default(a.id, "party")


def _hours(text: str) -> int | None:
    m = DURATION.search(text)
    if m:
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
        if n is not None:
            return n * UNIT_HOURS[m.group(2).lower()]
    m = WEEK_LONG.search(text)
    if m:
        return UNIT_HOURS[m.group(1).lower()]
    return None


def _clock(value: str) -> str:
    v = value.lower().replace(".", ":").replace(" ", "")
    if v == "noon":
        return "12:00"
    if v == "midnight":
        return "00:00"
    pm = "p" in v
    am = "a" in v
    digits = re.match(r"(\d{1,2})(?::(\d{2}))?", v)
    if not digits:
        return value
    h, mnt = int(digits.group(1)), int(digits.group(2) or 0)
    if pm and h < 12:
        h += 12
    if am and h == 12:
        h = 0
    return f"{h:02d}:{mnt:02d}"


def _ceasefire_attributes(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    sent = head.sent
    # In text order ("a fragile week-long truce" is "a fragile week long truce": the hyphen is punctuation).
    phrase = " ".join(t.text for t in sorted(np_tokens(head), key=lambda t: t.i))
    # A hyphenated duration elsewhere in the sentence ("agreed to a truce that
    # will last 72-hour") belongs to this ceasefire only if it names no other.
    alone = sum(1 for m in frame.matches if m.trigger.type == "ceasefire" and m.head.sent.start == sent.start) <= 1
    hours = _extension_hours(head) or _hours(phrase) or (
        _hours(HYPHEN_SPAN.sub("-", sent.text)) if alone and HYPHEN_DURATION.search(sent.text) else None)
    if hours:
        d.attributes["duration_hours"] = hours
    w = WINDOW.search(sent.text)
    if w:
        d.attributes["window"] = {"from": _clock(w.group(1)), "to": _clock(w.group(2))}
    area = [p for p, root in frame.places(head) if in_subtree(root, head)]
    if area:
        d.attributes["area"] = area
    lower = sent.text.lower()
    toks = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    purposes = []
    for purpose, ws in (fam.raw.get("purpose") or {}).items():
        if any((w.lower() in toks) if " " not in w else (w.lower() in lower) for w in ws):
            purposes.append(purpose)
    if purposes:
        d.attributes["purpose"] = purposes
    for arrangement, ws in (fam.raw.get("arrangement") or {}).items():
        if any((w.lower() in toks) if " " not in w else (w.lower() in lower) for w in ws):
            d.attributes["arrangement"] = arrangement
            break


def _extension_hours(head: Any) -> int | None:
    """"agreed to extend the week-long truce by five days": the extension lasts
    five days, whatever the truce it extends lasted."""
    for node in ancestors_path(head)[1:4]:
        if is_verb(node) and node.lemma_.lower() == "extend":
            for p, obj in preps_of(node):
                if p == "by":
                    return _hours("".join(t.text_with_ws for t in obj.subtree))
            return None
    return None


def _corridor_attributes(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    verb = next((t for t in ancestors_path(head)[1:] if is_verb(t)), None)
    for place_id, root in frame.places(head):
        if root.i == head.i:
            continue
        prep = next((t for t in ancestors_path(root)[1:5] if t.dep_ in ("prep", "prt") or t.pos_ == "ADP"), None)
        # "a corridor from Mariupol", "evacuate people from Mariupol ... through a passage"
        if prep is None or not (in_subtree(prep, head) or prep.head.i == head.head.i or
                                verb is not None and prep.head.i == verb.i):
            continue
        slot = CORRIDOR_PREPS.get(prep.lower_)
        if slot == "route":
            d.attributes.setdefault("route", [])
            if place_id not in d.attributes["route"]:
                d.attributes["route"].append(place_id)
        elif slot is not None:
            d.attributes.setdefault(slot, place_id)
    w = WINDOW.search(head.sent.text)
    if w:
        d.attributes["window"] = {"from": _clock(w.group(1)), "to": _clock(w.group(2))}
    people = frame.common.words("people_nouns")
    for q in frame.sentence_quantities(head):
        if q.kind == "count" and q.head is not None and token_in(q.head, people):
            key = "evacuees_planned" if d.status in ("proposed", "agreed", "planned") else "evacuees_actual"
            d.attributes.setdefault(key, q.value)
    if "origin" in d.attributes and d.place is None:
        d.place = d.attributes["origin"]
