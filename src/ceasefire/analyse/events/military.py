"""Military events: offensives, withdrawals, deployments, arms supplies.

An offensive's target, when the text does not say it ("launched the
operation on February 24"), is the other side of the conflict
(``mil.target.other_side``).
"""
from __future__ import annotations

from typing import Any

from ...records import Actor
from .frame import Draft, Frame
from .lexicon import FamilyRules, words
from .mentions import agent_actors, factive_drafts
from .syntax import is_verb, objects_of, preps_of

# "the country": a state named earlier stands for it.
BACK_REFERENCES = frozenset({"country", "nation", "state"})


def find(frame: Frame) -> list[Draft]:
    fam = frame.lex.families["military"]
    out: list[Draft] = []
    for m, d in factive_drafts(frame, fam):
        if d.subtype == "offensive":
            _offensive(frame, fam, m.head, d)
        elif d.subtype == "arms_supply":
            _supply(frame, fam, m.head, d)
        else:
            _actor_roles(frame, fam, m.head, d, "party")
        frame.with_states(d)
        out.append(d)
    return out


def _actor_roles(frame: Frame, fam: FamilyRules, head: Any, d: Draft, role: str) -> None:
    for a in agent_actors(frame, head, ("by", "of"), fam.status.light_verbs):
        d.add(a.id, role)


def _offensive(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    _actor_roles(frame, fam, head, d, "perpetrator")
    preps = words((fam.raw.get("roles") or {}).get("target_preps"))
    targets: list[Actor] = []
    for p, obj in preps_of(head):
        if p in preps:
            targets += frame.np_actors(obj)
    if is_verb(head):
        for o in objects_of(head):
            targets += frame.np_actors(o)
    for a in targets:
        if a.id not in d.actors("perpetrator"):
            d.add(a.id, "target")
    if not d.actors("target") and frame.sides:
        # in the order the perpetrators were named, not a set's order (which changes with the hash seed)
        for a in [actor for actor, role in d.participants if role == "perpetrator"]:
            other = frame.sides.other(a)
            if other is not None:
                d.add_default(other.id, "target")
                d.rules.append("mil.target.other_side")
                break


def _supply(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    _actor_roles(frame, fam, head, d, "party")
    cands = [o for p, o in preps_of(head) if p == "to"]
    if is_verb(head):
        cands += [o for o in objects_of(head)]
    for obj in cands:
        actors = frame.np_actors(obj)
        if not actors and obj.lemma_.lower() in BACK_REFERENCES:
            actors = _previous_state(frame, obj, d)
        for a in actors:
            if a.id not in d.actors("party"):
                d.add(a.id, "target")


def _previous_state(frame: Frame, tok: Any, d: Draft) -> list[Actor]:
    """The last state named before "the country" that is not the supplier."""
    before = frame.ctx.actors.within(tok.sent.start_char, tok.idx)
    for _, actor in reversed(before):
        if actor.kind == "state" and actor.id not in d.actors("party"):
            return [actor]
    return []
