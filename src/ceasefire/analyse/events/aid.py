"""Aid: convoys, evacuations and deliveries, blocked, detained or delivered,
with the organizations involved and the number of people concerned."""
from __future__ import annotations

from typing import Any

from .frame import Draft, Frame
from .lexicon import FamilyRules, token_in, words
from .mentions import draft_for
from .syntax import OBJECT_DEPS, ancestors_path, auxiliaries, is_finite, is_verb, np_tokens, passive_agent


def find(frame: Frame) -> list[Draft]:
    fam = frame.lex.families["aid"]
    out: list[Draft] = []
    for m in frame.matches_of(fam):
        if frame.under_non_factive(m.head):
            continue
        if m.trigger.subtype == "evacuation" and any(t.i in frame.claimed for t in m.head.subtree if t.i != m.head.i):
            continue  # "evacuate 5,000 people through a safe passage": the corridor carries it
        if _corridor_carries(frame, m.head):
            continue
        if _unrealised(frame, fam, m.head):
            continue
        d = draft_for(frame, fam, m)
        if d is None:
            continue
        head = m.head
        # "a Red Cross convoy", "the ICRC evacuated ...", "WFP delivered aid"
        for a in frame.actors_in([t for t in np_tokens(head) if t.i <= head.i]):
            d.add(a.id, "party")
        if is_verb(head):
            for a in frame.subject_actors(head):
                d.add(a.id, "party")
        elif head.dep_ in OBJECT_DEPS and is_verb(head.head) and d.status != "blocked":
            for a in frame.subject_actors(head.head):
                d.add(a.id, "party")
        # Who blocked it: "prevented by X", "X blocked an aid convoy".
        blockers = []
        for t in ancestors_path(head)[1:5]:
            if is_verb(t):
                agent = passive_agent(t)
                if agent is not None:
                    blockers = frame.np_actors(agent)
                elif d.status == "blocked" and head.dep_ in OBJECT_DEPS and t.i == head.head.i:
                    blockers = frame.subject_actors(t)
                break
        d.participants = [(a, r) for a, r in d.participants if a not in {b.id for b in blockers}]
        for a in blockers:
            d.add(a.id, "perpetrator")
        if not any(_is_org(frame, a) for a, r in d.participants if r == "party"):
            # "A convoy reached the capital, the ICRC said": an agency reporting a convoy reports its own.
            for a in frame._sentence_announcers(head.sent, head.idx):
                if a.kind == "organization" and not frame.is_outlet(a):
                    d.add(a.id, "party")
        people = _people(frame, head)
        if people is not None:
            d.attributes["people"] = people
        frame.with_states(d)
        out.append(d)
    return out


def _people(frame: Frame, head: Any) -> int | None:
    """People counted in the trigger's sentence, else in the next one when it
    goes on about the same group ("They ... ended up accompanying about 1000 people")."""
    nouns = frame.common.words("people_nouns")
    sent = head.sent
    sentences = [sent]
    nxt = frame.doc[sent.end] if sent.end < len(frame.doc) else None
    if nxt is not None:
        following = nxt.sent
        if any(t.lower_ in ("they", "it", "the convoy") and t.dep_ in ("nsubj", "nsubjpass") for t in following):
            sentences.append(following)
    for s in sentences:
        for q in frame.quantities():
            if s.start_char <= q.start and q.end <= s.end_char and q.kind == "count" and q.head is not None \
                    and token_in(q.head, nouns):
                return q.value
    return None


def _is_org(frame: Frame, actor_id: str) -> bool:
    actor = frame.ctx.actors.get(actor_id)
    return actor is not None and actor.kind == "organization"


def _corridor_carries(frame: Frame, head: Any) -> bool:
    """A noun of aid under the verb that provides a corridor is that corridor's
    purpose, not a delivery: "the deal provides for humanitarian corridors so
    that aid can reach civilians and for the evacuation of the wounded", "for
    the wounded to be evacuated". A finite verb of its own ("... and 500
    people were evacuated") reports what happened."""
    if is_finite(head):
        return False
    above = {t.i for t in ancestors_path(head)[1:]}
    for m in frame.matches:
        if m.trigger.type != "corridor" or m.head.sent.start != head.sent.start:
            continue
        verb = next((t for t in ancestors_path(m.head)[1:] if is_verb(t)), None)
        if verb is not None and verb.i in above:
            return True
    return False


def _infinitive(verb: Any) -> bool:
    """"to allow", "for aid to be delivered", "let aid enter": a clause with no tense of its own."""
    if any(a.lower_ == "to" for a in auxiliaries(verb)):
        return True
    return verb.tag_ == "VB" and not auxiliaries(verb) and verb.dep_ not in ("ROOT", "conj")


def _unrealised(frame: Frame, fam: FamilyRules, head: Any) -> bool:
    """Aid that a text only wants, promises or enables is no delivery: the
    purpose of a pledge, an appeal or an arrangement ("signed a pledge to
    allow humanitarian aid into the country", "urged the parties to allow the
    delivery of aid", "the extension would allow more time for aid to be
    delivered", "a truce could allow aid deliveries"). An infinitive that a
    verb of the aid's own status words governs ("began to", "managed to",
    "plans to", "failed to") is read by the status rules as usual."""
    data = fam.raw.get("unrealised") or {}
    realis = words(data.get("realis_verbs"))
    for cue in fam.status.cues:
        if cue.status != "proposed":
            realis |= cue.words
    enabling = words(data.get("enabling_verbs"))
    verb = next((t for t in ancestors_path(head) if is_verb(t) and t.pos_ != "NOUN"), None)
    seen_infinitive = False
    while verb is not None:
        top = verb
        while top.dep_ == "conj" and is_verb(top.head):  # "to stop the violations and to allow aid"
            top = top.head
        if is_finite(top) or top.dep_ == "ROOT":
            if seen_infinitive:  # "signed a pledge to ... allow aid", "urged them to allow aid"
                return True
            # "a truce could allow aid deliveries", "said it would let aid in": an enabling verb's modal
            return token_in(verb, enabling) and any(a.lower_ in frame.modals for a in auxiliaries(top))
        if not _infinitive(top):
            return False  # "a convoy carrying aid", "prevented from delivering": read as usual
        seen_infinitive = True
        gov = top.head
        if token_in(gov, realis):
            return False
        if not is_verb(gov) or gov.pos_ in ("NOUN", "PROPN", "ADJ"):
            return True  # the purpose of a noun: "a pledge to allow aid", "time for aid to be delivered"
        verb = gov
    return False
