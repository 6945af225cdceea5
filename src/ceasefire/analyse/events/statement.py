"""Statements: demands, accusations, denials, appeals, offers, rejections and
assessments, with speaker and target.

Only speech acts that carry the sentence count ("Kuleba renewed his
country's demand", "He also accused the European Union"), not participles
hanging off another clause ("..., accusing his counterpart of ..."), and a
statement whose content is another event (a call for a ceasefire, an offer
of talks) is left to that event.
"""
from __future__ import annotations

from typing import Any

from .frame import Draft, Frame
from .lexicon import words
from .mentions import draft_for
from .syntax import OBJECT_DEPS, is_finite, is_verb, objects_of, preps_of

MAIN_DEPS = frozenset({"ROOT", "ccomp", "conj"})
CONTENT_SUBTYPES = frozenset({"demand", "appeal", "offer", "rejection"})


def _main_clause(head: Any) -> Any | None:
    """The verb that makes the statement, if it heads a main clause."""
    verb = head if is_verb(head) and head.pos_ != "NOUN" else head.head
    if head is not verb and head.dep_ not in OBJECT_DEPS | {"nsubj", "nsubjpass"}:
        return None
    if not is_verb(verb) or verb.dep_ not in MAIN_DEPS:
        return None
    if verb.dep_ == "conj" and verb.tag_ == "VBG" and not is_finite(verb):
        return None
    return verb


def find(frame: Frame, claimed_before: set[int]) -> list[Draft]:
    fam = frame.lex.families["statement"]
    target_preps = words((fam.raw.get("roles") or {}).get("target_preps"))
    out: list[Draft] = []
    for m in frame.matches_of(fam):
        head = m.head
        verb = _main_clause(head)
        if verb is None:
            continue
        # A demand, appeal, offer or rejection whose content is another event
        # (a ceasefire, talks) is that event, proposed or rejected.
        if m.trigger.subtype in CONTENT_SUBTYPES and \
                any(t.i in claimed_before for t in head.subtree if t.i != head.i):
            continue
        d = draft_for(frame, fam, m, speech=True)
        if d is None:
            continue
        speakers = frame.subject_actors(verb)
        if not is_verb(head):
            for c in head.children:
                if c.dep_ == "poss":
                    speakers += frame.np_actors(c)
        for a in speakers:
            d.add(a.id, "speaker")
        if not speakers:
            frame.claimed.discard(head.i)
            continue
        targets = []
        if is_verb(head):
            targets += [a for o in objects_of(head) for a in frame.np_actors(o)]
        for p, obj in list(preps_of(head)) + (list(preps_of(verb)) if verb is not head else []):
            if p in target_preps:
                targets += frame.np_actors(obj)
        for a in targets:
            if a.id not in d.actors("speaker"):
                d.add(a.id, "target")
        frame.with_states(d)
        out.append(d)
    return out
