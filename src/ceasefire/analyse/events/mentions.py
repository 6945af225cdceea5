"""From a trigger match to a draft: the checks a match must pass (`needs` in
the data), its status, subtype cues, stated dates and places.

The checks are named in the YAML rules; each reads its word lists from the
family's data, so a new wording is a data change.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...records import Actor
from .frame import Draft, Frame
from .lexicon import FamilyRules, Match, token_in, words
from .syntax import OBJECT_DEPS, ancestors_path, is_verb, np_tokens, objects_of, passive_agent, preps_of, subject_of

Check = Callable[[Frame, Match, FamilyRules], bool]
LIST_WORDS = frozenset({"and", ",", "or", "&"})


def is_body(frame: Frame, actor: Actor) -> bool:
    """A body that votes and resolves (data: resolution.yaml)."""
    rules = frame.lex.families["resolution"].raw
    if actor.kind != "organization":
        return False
    if actor.name in rules.get("bodies", []):
        return True
    return actor.name.split()[-1] in rules.get("body_words", [])


def _with_actor(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    """Someone to talk with: "a call with Macron", "Putin and Erdogan had a phone
    call", "told Putin in a telephone conversation"."""
    head = m.head
    heads = [head] + ([head.head] if head.dep_ in OBJECT_DEPS else [])
    if any(p in ("with", "between") and frame.np_actors(obj) for h in heads for p, obj in preps_of(h)):
        return True
    gov = head.head
    if head.dep_ in OBJECT_DEPS and is_verb(gov) and token_in(gov, fam.status.light_verbs):
        return len(frame.subject_actors(gov)) >= 2 or bool(frame.subject_actors(gov) and objects_of(gov))
    if head.dep_ == "pobj" and token_in(gov, fam.status.participation_preps):
        verb = gov.head
        return is_verb(verb) and bool(frame.subject_actors(verb)) and \
            any(frame.np_actors(o) for o in objects_of(verb) + [c for c in verb.children if c.dep_ == "dative"])
    return False


def _object_actor(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    return any(frame.np_actors(o) for o in objects_of(m.head))


def _no_particle(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    nxt = m.head.doc[m.head.i + 1] if m.head.i + 1 < len(m.head.doc) else None
    return nxt is None or nxt.lower_ not in ("for", "on", "upon", "off", "out", "up", "it", "back")


def _place_or_actor(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    if frame.places(m.head):
        return True
    toks = np_tokens(m.head) + [o for _, o in preps_of(m.head)]
    return bool(frame.actors_in(toks))


def _person_subject(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    """A person travels: "Burhan will travel", "Hamas leaders travelled"."""
    subj = subject_of(m.head)
    if subj is not None and token_in(subj, frame.agent_heads) and frame.np_actors(subj):
        return True
    return any(a.kind == "person" for a in frame.subject_actors(m.head))


def _place_goal(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    """A destination: "travel to Turkey", "arrive in Kyiv", "fly to the region"."""
    if any(p in ("to", "in", "into") and obj.pos_ in ("NOUN", "PROPN") for p, obj in preps_of(m.head)):
        return True
    return any(frame.ctx.places.at(o.idx, o.idx + len(o)) is not None for o in objects_of(m.head))


def _event_verb(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    verbs = fam.words("event_verbs")
    for t in ancestors_path(m.head)[1:4]:
        if is_verb(t):
            return token_in(t, verbs)
    return False


def _aid_object(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    objs = fam.words("aid_objects")
    return any(any(token_in(t, objs) for t in np_tokens(o)) for o in objects_of(m.head))


def _object_target(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    kinds = {w for ws in (fam.raw.get("target_types") or {}).values() for w in words(ws)}
    cands = list(objects_of(m.head)) + [o for p, o in preps_of(m.head) if p in ("on", "at")]
    if m.head.tag_ == "VBN":  # "the hospital was shelled"
        cands += [c for c in m.head.children if c.dep_ == "nsubjpass"]
    for o in cands:
        if frame.np_actors(o) or frame.ctx.places.at(o.idx, o.idx + len(o)) is not None:
            return True
        if any(token_in(t, kinds) for t in np_tokens(o)):
            return True
    return False


def _launch_verb(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    verbs = fam.words("launch_verbs")
    h = m.head
    return h.dep_ in OBJECT_DEPS | {"nsubjpass"} and token_in(h.head, verbs)


def _force_or_actor(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    forces = fam.words("force_nouns")
    toks = np_tokens(m.head)
    return bool(frame.actors_in(toks)) or any(token_in(t, forces) for t in toks)


def _force_subject(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    subj = subject_of(m.head)
    if subj is None:
        return False
    forces = fam.words("force_nouns")
    toks = np_tokens(subj)
    if any(token_in(t, forces) for t in toks):
        return True
    return any(a.kind in ("state", "armed_group") for a in frame.actors_in(toks))


def _troops_object(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    forces = fam.words("force_nouns")
    return any(token_in(o, forces) for o in objects_of(m.head)) or m.end - m.start > 1


def _weapon_object(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    weapons = fam.words("weapons")
    cands = list(objects_of(m.head)) + [o for p, o in preps_of(m.head) if p == "with"]
    return any(any(token_in(t, weapons) for t in np_tokens(o)) for o in cands)


def _body_subject(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    return any(is_body(frame, a) for a in frame.subject_actors(m.head))


def _body_in_sentence(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    sent = m.head.sent
    return any(is_body(frame, a) for _, a in frame.ctx.actors.within(sent.start_char, sent.end_char))


def _not_transport(frame: Frame, m: Match, fam: FamilyRules) -> bool:
    """A humanitarian corridor, not a road or trade one ("the Highway 82
    corridor", "an economic corridor"): no modifier from ``other_corridors``."""
    other = fam.words("other_corridors")
    mods = [c for c in m.head.children if c.dep_ in ("compound", "amod", "nmod")]
    mods += [g for c in mods for g in c.children if g.dep_ in ("compound", "amod", "nmod")]
    return not any(token_in(t, other) for t in mods)


CHECKS: dict[str, Check] = {
    "with_actor": _with_actor, "object_actor": _object_actor, "no_particle": _no_particle,
    "place_or_actor": _place_or_actor, "person_subject": _person_subject, "place_goal": _place_goal,
    "event_verb": _event_verb, "aid_object": _aid_object, "object_target": _object_target,
    "launch_verb": _launch_verb, "force_or_actor": _force_or_actor, "force_subject": _force_subject,
    "troops_object": _troops_object, "weapon_object": _weapon_object, "body_subject": _body_subject,
    "body_in_sentence": _body_in_sentence, "not_transport": _not_transport,
}


def context_tokens(frame: Frame, head: Any, where: str) -> list[Any]:
    """Tokens to look for subtype cues in: the trigger's noun phrase (with the
    noun it is "of": "a series of meetings"), its subject's phrase, or its sentence."""
    if where == "sentence":
        return list(head.sent)
    if where == "agent":
        subj = subject_of(head) if is_verb(head) else (subject_of(head.head) if head.dep_ in OBJECT_DEPS else None)
        return np_tokens(subj) if subj is not None else []
    if is_verb(head) and head.pos_ != "NOUN":  # "spoke by phone with ...": the verb's own phrases
        return [head] + [t for c in head.children if c.dep_ in ("prep", "advmod", "npadvmod", "dobj")
                         for t in c.subtree]
    toks = [t for t in np_tokens(head) if not (t.dep_ == "prep" or t.dep_ == "pobj" and t.head.i != head.i)]
    toks = list(head.lefts) + [head] + [t for t in toks if t.i < head.i]
    if head.dep_ in OBJECT_DEPS and is_verb(head.head):  # "held talks via video link"
        toks += [t for c in head.head.children if c.dep_ == "prep" and c.lower_ in ("via", "by", "over")
                 for t in c.subtree]
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        noun = head.head.head
        toks += [noun] + list(noun.lefts)
    return toks


def draft_for(frame: Frame, family: FamilyRules, m: Match, *, speech: bool = False) -> Draft | None:
    """A draft for a match that passes its checks and is not negated away."""
    head = m.head
    if head.i in frame.claimed:
        return None
    if head.dep_ in ("compound", "amod", "nmod") and head.head.i in frame.claimed:
        return None  # "an evacuation corridor": the corridor is the event
    for need in m.trigger.needs:
        check = CHECKS.get(need)
        if check is None:
            raise KeyError(f"{m.trigger.id}: unknown check {need!r}; known: {', '.join(sorted(CHECKS))}")
        if not check(frame, m, family):
            return None
    st = frame.status(head, family.status)
    if st.status == "drop":
        return None
    sentence = frame.sentence_of(head)
    d = Draft(type=family.type, subtype=m.trigger.subtype, status=st.status, head=head, sentence=sentence,
              rules=[m.trigger.id] + ([st.rule] if st.rule else []), strong_subtype=not m.trigger.weak,
              decided=st.decided, attributes={**m.trigger.attributes, **st.attributes}, outcome=st.outcome,
              evidence=[sentence])
    for cue in family.subtype_cues:
        if any(token_in(t, cue.words) for t in context_tokens(frame, head, cue.where)):
            d.subtype, d.strong_subtype = cue.subtype, True
            d.rules.append(cue.id)
            break
    d.dates = frame.dates(head, speech=speech or st.status == "proposed")
    places = frame.places(head)
    if places:
        d.place = places[0][0]
        d.venues = _venues(frame, places)
    if (frame.common.get("merge") or {}).get(family.type, {}).get("anaphora", True):
        d.anaphoric = frame.is_anaphoric(head)
    frame.claimed.add(head.i)
    return d


def factive_drafts(frame: Frame, family: FamilyRules) -> Iterator[tuple[Match, Draft]]:
    """The family's matches with their drafts, leaving out a trigger inside
    what someone is accused of or denies ("denied shelling the city")."""
    # Lazily, one match at a time: drafting claims the trigger, and the caller
    # fills in each draft before the next match is drafted, as a loop of its own would.
    for m in frame.matches_of(family):
        if frame.under_non_factive(m.head):
            continue
        d = draft_for(frame, family, m)
        if d is not None:
            yield m, d


def _venues(frame: Frame, places: list[tuple[str, Any]]) -> list[str]:
    """Places listed together with the best one ("talks in Moscow and Kiev"),
    read from the surface: the parser often attaches the second elsewhere.
    "Kharkiv, Ukraine" is one place named twice, not two venues."""
    best = places[0][1]
    by_pos = sorted(places, key=lambda p: p[1].i)
    group: list[tuple[str, Any]] = []
    for pid, root in by_pos:
        if group:
            prev = group[-1][1]
            gap = [t for t in root.doc[prev.i + 1:root.i] if not (t.pos_ == "PROPN" and t.head.i == root.i)]
            if not gap or any(t.lower_ not in LIST_WORDS for t in gap):
                if any(r.i == best.i for _, r in group):
                    break
                group = []
        group.append((pid, root))
    ids = list(dict.fromkeys(pid for pid, _ in group))
    found = [frame.ctx.places.get(pid) for pid in ids]
    if any(p is None or p.kind == "country" and any(q is not p and q is not None and q.country == p.country
                                                    for q in found) for p in found):
        return []
    return ids if len(ids) >= 2 and any(r.i == best.i for _, r in group) else []


def agent_actors(frame: Frame, head: Any, preps: tuple[str, ...], launch_verbs: frozenset[str]) -> list[Actor]:
    """Who acts in a trigger: the verb's subject or passive agent; for a noun,
    its possessor or modifier ("Moscow's invasion", "Russian troops'
    withdrawal"), the object of one of ``preps`` ("shelling by Russian
    forces"), or the subject of a ``launch_verbs`` verb that has it as object."""
    out: list[Actor] = []
    if is_verb(head):
        out += frame.subject_actors(head)
        agent = passive_agent(head)
        if agent is not None:
            out += frame.np_actors(agent)
        return out
    for c in head.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            out += frame.np_actors(c)
    for p, obj in preps_of(head):
        if p in preps:
            out += frame.np_actors(obj)
    gov = head.head
    if head.dep_ in OBJECT_DEPS and is_verb(gov) and token_in(gov, launch_verbs):
        out += frame.subject_actors(gov)
    return out


def first_subject_actors(frame: Frame, head: Any, max_up: int = 6) -> tuple[list[Actor], Any | None]:
    """The actors of the nearest subject above a trigger, and its verb
    ("Griffiths said he is looking for ways ... establishing local ceasefires")."""
    for t in ancestors_path(head)[:max_up]:
        if is_verb(t):
            actors = frame.subject_actors(t)
            if actors:
                return actors, t
            if token_in(t, frame.reporting):
                break
    return [], None
