"""Talks: meetings, negotiation rounds, calls, visits, summits.

Who took part comes from the trigger's arguments: the subject of "met", of a
light verb ("held talks", "concluding talks"), of the verb a trigger serves
("seeking to broker a solution through talks"), "with"/"between" phrases,
and agents of participles ("talks joined by X"). A participant outside the
conflict's two sides is a mediator when a side takes part; an international
official or body always is.
"""
from __future__ import annotations

from typing import Any

from ...records import Actor
from .frame import Draft, Frame
from .lexicon import FamilyRules, token_in, words
from .mentions import draft_for
from .syntax import OBJECT_DEPS, ancestors_path, auxiliaries, is_verb, np_tokens, objects_of, passive_agent, preps_of

PARTY_PREPS = ("with", "between", "among")


def find(frame: Frame) -> list[Draft]:
    fam = frame.lex.families["talks"]
    out: list[Draft] = []
    for m in frame.matches_of(fam):
        if _body_session(frame, fam, m.head) or _process_summary(frame, fam, m.head):
            continue
        d = draft_for(frame, fam, m)
        if d is None:
            continue
        _participants(frame, fam, m.head, d)
        _continuation(frame, fam, m.head, d)
        # The agency in the dateline ("JEDDAH (Reuters) - Envoys met ...") reports the talks, it takes no part.
        d.participants = [(a, r) for a, r in d.participants
                          if not (frame.ctx.actors.get(a) and frame.is_outlet(frame.ctx.actors.get(a)))]
        _classify(frame, fam, d)
        out.append(d)
    return out


def _rule(fam: FamilyRules, name: str) -> dict[str, Any]:
    return (fam.raw.get("not_new_events") or {}).get(name) or {}


def _body_session(frame: Frame, fam: FamilyRules, head: Any) -> bool:
    """"A monitoring committee is meeting in Jeddah", "the council met on
    Monday": a body sitting on its own names nobody who meets whom."""
    if not (is_verb(head) and head.pos_ != "NOUN"):
        return False
    bodies = words(_rule(fam, "body_session").get("bodies"))
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:  # a reduced relative read as the verb ("A committee set up under the deal is meeting")
        subj = next((t for t in head.subtree if t.i < head.i and t.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not token_in(subj, bodies) or frame.np_actors(subj):
        return False
    return not objects_of(head) and not any(p in PARTY_PREPS for p, _ in preps_of(head))


def _process_summary(frame: Frame, fam: FamilyRules, head: Any) -> bool:
    """"(agreed ...) after two weeks of talks in Jeddah": the length of a
    process already under way, given as background, is no new round; with
    its own participants ("after two days of talks between X and Y") it is."""
    units = words(_rule(fam, "process_summary").get("units"))
    if not (head.dep_ == "pobj" and head.head.lower_ == "of" and token_in(head.head.head, units)):
        return False
    unit = head.head.head
    # "two weeks", "a week", "several days", "months" of talks measure them; "the week of talks" names one
    counted = any(c.dep_ == "nummod" or c.lower_ in ("a", "an", "several", "many", "few") for c in unit.children)
    if not (counted or unit.lower_ != unit.lemma_.lower()):
        return False
    if not (unit.dep_ == "pobj" and unit.head.lower_ in frame.adjunct_preps):
        return False
    return not frame.actors_in(np_tokens(head)) and \
        not any(frame.np_actors(o) for p, o in preps_of(head) if p in PARTY_PREPS)


def _continuation(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    """"talks would go on in the coming days", "negotiations will continue":
    the talks under way, looked at ahead; a reference to them (joining the
    talks the article reports), not a new round, and the time given is how
    long they go on, not when they were held."""
    rule = _rule(fam, "continuation")
    if not rule:
        return
    single = {w for w in rule.get("words", []) if " " not in w}
    phrasal = {tuple(w.split()[:2]) for w in rule.get("words", []) if " " in w}
    verb = head if is_verb(head) and head.pos_ != "NOUN" else None
    if verb is None and head.dep_ in ("nsubj", "nsubjpass", "dobj") and is_verb(head.head):
        verb = head.head
    if verb is None:
        return
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
    governor = verb.head if verb.dep_ == "xcomp" else None  # "will continue to negotiate"
    if not (token_in(verb, frozenset(single)) or any((verb.lemma_.lower(), p) in phrasal for p in particles)
            or governor is not None and token_in(governor, frozenset(single))):
        return
    ahead = frame.modals | frame.future
    top = governor if governor is not None else verb
    if d.status != "planned" and not any(a.lower_ in ahead for a in auxiliaries(top)):
        return  # "talks continued on Monday": a day of talks held; "ready to continue talks": an offer
    # The talks are under way: what "would go on" is no plan of its own.
    d.anaphoric, d.dates, d.status, d.decided = True, [], fam.status.progressive, False
    d.rules.append(rule["id"])


def _status_words(fam: FamilyRules, key: str) -> frozenset[str]:
    return words((fam.raw.get("status") or {}).get(key))


def _role_for(fam: FamilyRules, verb: Any) -> str:
    roles = fam.raw.get("roles", {})
    if token_in(verb, words(roles.get("host_verbs"))):
        return "host"
    if token_in(verb, words(roles.get("mediator_verbs"))):
        return "mediator"
    return "party"


def _add_all(d: Draft, actors: list[Actor], role: str) -> None:
    for a in actors:
        d.add(a.id, role)


def _participants(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    st = fam.status
    if is_verb(head) and head.pos_ != "NOUN":
        _add_all(d, frame.subject_actors(head), "party")
        for o in objects_of(head):
            _add_all(d, frame.np_actors(o), "party")
        agent = passive_agent(head)
        if agent is not None:
            _add_all(d, frame.np_actors(agent), "party")
    else:
        # "Putin's visit", "Ukrainian and Russian delegations' meeting"
        mods = [c for c in head.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        for c in mods:
            _add_all(d, frame.np_actors(c), "party")
        # "held a series of meetings": the series stands for the meetings.
        noun = head
        while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head.head
        gov = noun.head
        if noun.dep_ in OBJECT_DEPS | {"nsubjpass"} and is_verb(gov) and token_in(gov, st.light_verbs):
            _add_all(d, frame.subject_actors(gov), _role_for(fam, gov))
            for p, obj in preps_of(gov):
                if p in PARTY_PREPS:
                    _add_all(d, frame.np_actors(obj), "party")
        elif noun.dep_ == "pobj" and (token_in(gov, st.participation_preps) or
                                      token_in(gov, _status_words(fam, "purpose_preps"))):
            verb = next((t for t in ancestors_path(gov)[1:] if is_verb(t)), None)
            # "for talks" makes the subject a participant after "held", "met",
            # "travel" or "ready" ("was ready for a meeting with Putin").
            purpose_only = not token_in(gov, st.participation_preps)
            if purpose_only and verb is not None and not (
                    token_in(verb, st.light_verbs) or token_in(verb, _status_words(fam, "travel_verbs"))
                    or gov.head.pos_ == "ADJ" and gov.head.dep_ == "acomp"):
                verb = None
            if verb is not None:
                _add_all(d, frame.subject_actors(verb), _role_for(fam, verb))
                if not purpose_only:  # "told Putin in a telephone conversation"
                    for o in objects_of(verb) + [c for c in verb.children if c.dep_ == "dative"]:
                        _add_all(d, frame.np_actors(o), "party")
        for c in head.subtree:  # "talks joined by X", "talks between A and B mediated by X"
            if c.dep_ in ("acl", "relcl") and is_verb(c):
                agent = passive_agent(c)
                if agent is not None:
                    _add_all(d, frame.np_actors(agent), _role_for(fam, c))
    for p, obj in preps_of(head):
        if p in PARTY_PREPS or (p == "by" and not is_verb(head)):
            _add_all(d, frame.np_actors(obj), "party")


def _international(actor: Actor | None) -> bool:
    """International officials and bodies: people with no state, organizations."""
    return actor is not None and (actor.kind == "organization" or (actor.kind == "person" and not actor.country))


def _classify(frame: Frame, fam: FamilyRules, d: Draft) -> None:
    """Parties outside the conflict become mediators when a side takes part."""
    sides = frame.sides
    actors = {a: frame.ctx.actors.get(a) for a, _ in d.participants}
    any_side = any(sides.side_of(a) is not None for a, r in d.participants if r == "party")
    new: list[tuple[str, str]] = []
    for a, r in d.participants:
        actor = actors[a]
        if r == "party" and (_international(actor) or (any_side and sides and sides.side_of(a) is None)):
            r = "mediator"
            if "talks.role.outside_mediator" not in d.rules:
                d.rules.append("talks.role.outside_mediator")
        if (a, r) not in new:
            new.append((a, r))
    d.participants = new


def _level_of(actor: Actor | None, levels: dict[str, list[str]]) -> str | None:
    if actor is None:
        return None
    titles = {t.lower() for t in actor.titles}
    for level in ("head_of_state", "ministerial", "envoy"):
        names = {w.lower() for w in levels.get(level, [])}
        if titles & names or any(t.split()[-1] in names for t in titles if t):
            return level
    return None


def _sentences_lower(frame: Frame, d: Draft) -> str:
    return " ".join(frame.ctx.text[s:e].lower() for s, e in d.evidence)


def _lemmas(frame: Frame, d: Draft) -> list[list[str]]:
    out = []
    for s, e in d.evidence:
        span = frame.doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.append([t.lemma_.lower() for t in span])
    return out


def _has_phrase(seqs: list[list[str]], phrase: str) -> bool:
    want = phrase.lower().split()
    n = len(want)
    return any(seq[i:i + n] == want for seq in seqs for i in range(len(seq) - n + 1))


def finish(frame: Frame, d: Draft) -> None:
    """Attributes of a merged talks event: subtype summit, level, format,
    track, agenda, outcome."""
    fam = frame.lex.families["talks"]
    levels = frame.common.get("levels", {})
    parties = [frame.ctx.actors.get(a) for a in d.actors("party")]
    mediators = [frame.ctx.actors.get(a) for a in d.actors("mediator")]
    people = [p for p in parties if p is not None and p.kind == "person"]
    if not d.strong_subtype and sum(_level_of(p, levels) == "head_of_state" for p in people) >= 2:
        d.subtype, d.strong_subtype = "summit", True
        d.rules.append("talks.sub.heads_of_state")
    text = _sentences_lower(frame, d)
    # Level: a delegation meeting, else the envoy who runs the talks, else the
    # highest title among the parties.
    if any(w in text.split() for w in ("delegation", "delegations", "negotiators")):
        d.attributes.setdefault("level", "delegation")
    elif any(_level_of(m, levels) == "envoy" or _international(m) and m.kind == "person" for m in mediators):
        d.attributes.setdefault("level", "envoy")
    else:
        found = {_level_of(p, levels) for p in parties + mediators} - {None}
        for level in ("head_of_state", "ministerial", "envoy"):
            if level in found:
                d.attributes.setdefault("level", level)
                break
    tokens = set(text.replace(",", " ").replace(".", " ").split())
    for cue in fam.raw.get("format", []):
        if tokens & words(cue["words"]):
            d.attributes.setdefault("format", cue["format"])
            d.rules.append(cue["id"])
            break
    else:
        countries = {a.country for a in parties + mediators if a is not None and a.country}
        if len(countries) >= 2:
            d.attributes.setdefault("format", {2: "bilateral", 3: "trilateral"}.get(len(countries), "multilateral"))
    agenda = []
    for item, ws in (fam.raw.get("agenda") or {}).items():
        if any((w.lower() in tokens) if " " not in w else (w.lower() in text) for w in ws):
            agenda.append(item)
    if agenda:
        d.attributes["agenda"] = list(dict.fromkeys(list(d.attributes.get("agenda") or []) + agenda))
    _track(frame, fam, d)
    if d.outcome is None and d.status in ("occurred", "ongoing"):
        seqs = _lemmas(frame, d)
        for cue in fam.raw.get("outcome", []):
            if any(_has_phrase(seqs, p) for p in cue["phrases"]):
                d.outcome = cue["outcome"]
                d.rules.append(cue["id"])
                break


def _track(frame: Frame, fam: FamilyRules, d: Draft) -> None:
    """"the Russian-Ukrainian format in Belarus" names the track of the talks in Belarus."""
    if d.place is None or "track" in d.attributes:
        return
    place = frame.ctx.places.get(d.place)
    track_words = words((fam.raw.get("track") or {}).get("words"))
    for s, e in place.mentions if place else []:
        tok = frame.doc.char_span(s, e, alignment_mode="expand")
        if tok is None:
            continue
        t = tok.root
        if t.dep_ == "pobj" and t.head.lower_ == "in" and token_in(t.head.head, track_words):
            d.attributes["track"] = f"{place.name} {t.head.head.lower_}"
            d.rules.append("talks.track.in_place")
            return
        if t.dep_ == "compound" and token_in(t.head, track_words):
            d.attributes["track"] = f"{place.name} {t.head.lower_}"
            d.rules.append("talks.track.compound")
            return
