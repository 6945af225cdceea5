"""Attacks: target type, place, killed and injured, perpetrator, and the
claims that dispute them.

When the text names no perpetrator and the attack hit a place of one side of
the conflict, the other side is the alleged perpetrator (rule
``attack.perpetrator.other_side``): news about an attack on Mariupol that
says "according to Kyiv" reports an attack blamed on Russia.
"""
from __future__ import annotations

from typing import Any

from .frame import Draft, Frame
from .lexicon import FamilyRules, token_in, words
from .mentions import agent_actors, factive_drafts
from .syntax import ancestors_path, is_verb, np_tokens, objects_of, preps_of
from ..tokens import sentences

TARGET_PREPS = ("on", "against", "at", "in")


def find(frame: Frame) -> list[Draft]:
    fam = frame.lex.families["attack"]
    out: list[Draft] = []
    for m, d in factive_drafts(frame, fam):
        _roles(frame, fam, m.head, d)
        d.subtype = _target_type(fam, m.head) or d.subtype or m.head.lemma_.lower()
        _casualties(frame, fam, m.head, d)
        out.append(d)
    return out


def _target_nouns(head: Any) -> list[Any]:
    cands = [o for p, o in preps_of(head) if p in TARGET_PREPS]
    if is_verb(head):
        cands += objects_of(head) + [c for c in head.children if c.dep_ == "nsubjpass"]
    return cands


def _target_type(fam: FamilyRules, head: Any) -> str | None:
    types = fam.raw.get("target_types") or {}
    for noun in _target_nouns(head) + [head]:
        toks = np_tokens(noun) if noun is not head else [head] + list(head.lefts)
        for t in sorted(toks, key=lambda t: t.i):  # "administration building": the modifier tells
            for kind, ws in types.items():
                if token_in(t, words(ws)):
                    return str(kind)
    return None


def _roles(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    launch_verbs = fam.status.light_verbs | {"launch", "carry", "conduct", "mount"}
    for a in agent_actors(frame, head, ("by",), launch_verbs):
        d.add(a.id, "perpetrator")
    for noun in _target_nouns(head):
        for a in frame.np_actors(noun):
            if a.id not in d.actors("perpetrator"):
                d.add(a.id, "target")
    frame.with_states(d)
    if not d.actors("perpetrator") and frame.sides and d.place:
        place = frame.ctx.places.get(d.place)
        hit = next((n for n, a in enumerate(frame.sides.main) if a is not None and place is not None
                    and a.country == place.country), None)
        if hit is not None:
            other = frame.sides.main[1 - hit]
            if other is not None:
                d.add_default(other.id, "perpetrator")
                d.rules.append("attack.perpetrator.other_side")


def _casualties(frame: Frame, fam: FamilyRules, head: Any, d: Draft) -> None:
    killed, injured = fam.words("killed"), fam.words("injured")
    people = frame.common.words("people_nouns")
    for q in frame.sentence_quantities(head):
        if q.kind != "count":
            continue
        root = q.root
        # The nearest word decides: "killed 40 and injured 75" gives 75 injured.
        near = [root.head] + list(root.children) + ([q.head] if q.head is not None else [])
        near += [t for t in ancestors_path(root)[2:3]]
        slot = None
        for t in near:
            if token_in(t, killed):
                slot = "killed"
            elif token_in(t, injured):
                slot = "injured"
            if slot:
                break
        if slot is None or (q.head is not None and not token_in(q.head, people | killed | injured)):
            continue
        d.attributes.setdefault(slot, {"value": q.value, "qualifier": q.qualifier})


def finish(frame: Frame, d: Draft) -> None:
    """Disputed claims: "Lavrov claimed the hospital was serving as a military
    base" says something contested about the attacked hospital."""
    fam = frame.lex.families["attack"]
    verbs = fam.words("claim_verbs")
    target = d.subtype
    types = fam.raw.get("target_types") or {}
    nouns = words(types.get(target, [])) if target else frozenset()
    if not nouns:
        return
    start = min(s for s, _ in d.evidence)
    for sent in sentences(frame.doc):
        if sent.start_char < start:
            continue
        for tok in sent:
            if not (is_verb(tok) and token_in(tok, verbs) and tok.lemma_.lower() != "say"):
                continue
            for c in tok.children:
                if c.dep_ != "ccomp":
                    continue
                subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                if subj and any(token_in(t, nouns) for t in np_tokens(subj[0])) and \
                        any(t.lower_ in ("the", "this", "that") for t in subj[0].children):
                    d.attributes.setdefault("claims", frame.doc[tok.sent.start:c.right_edge.i + 1].text)
                    span = (sent.start_char, sent.start_char + len(sent.text.rstrip()))
                    if span not in d.evidence:
                        d.evidence.append(span)
                    d.rules.append("attack.claims")
                    return
