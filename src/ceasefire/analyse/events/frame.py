"""The shared frame of the event families: the draft record, the conflict's
two sides, and the readings every family makes of a trigger in its sentence:
status (negation, modality, tense, cue words), date, place and the actors of
its arguments.

A ``Frame`` lives for one article; the family modules only decide what is
specific to their event type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ...records import Actor, DateRange, Place, Span
from ..context import Context
from ..gazetteer import distance_km as _km
from ..numbers import Quantity, find_quantities
from ..tokens import sentence_starts, sentences
from .lexicon import Common, FamilyRules, Lexicon, Match, StatusRules, token_in
from .syntax import (
    ancestors_path,
    conjunct_clauses,
    finite_head,
    in_subtree,
    is_finite,
    is_negated,
    is_progressive,
    is_verb,
    np_tokens,
    span_root,
    subject_of,
    tree_distance,
)

FIRST_PERSON = frozenset({"i", "we", "me", "us", "our", "my"})
NON_PERSON_PRONOUNS = frozenset({"it", "its", "they", "their", "them"})
PARTICIPANT_PREPS = frozenset({"between", "with", "among", "by", "against"})
# "KYIV, Ukraine (AP) – ": where the story was filed, not where anything happened.
# "KYIV. March 18 (Interfax-Ukraine) - " too.
DATELINE = re.compile(r"\A\s*[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,40})?"
                      r"(?:[.,]?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,40}\))?"
                      r"\s*[–—-]{1,2}\s")


@dataclass
class Draft:
    """One mention of an event, before mentions of the same event are merged."""

    type: str
    subtype: str | None
    status: str
    head: Any  # the trigger's syntactic head token
    sentence: Span
    rules: list[str] = field(default_factory=list)
    strong_subtype: bool = True  # False: a default the merge may replace
    decided: bool = True  # False: the status is a default, not read from the text
    dates: list[DateRange] = field(default_factory=list)  # stated dates, narrowest first
    place: str | None = None
    venues: list[str] = field(default_factory=list)  # coordinated venues: one event each
    participants: list[tuple[str, str]] = field(default_factory=list)  # (actor id, role)
    attributes: dict[str, Any] = field(default_factory=dict)
    outcome: str | None = None
    anaphoric: bool = False  # "the meeting": refers back, makes no event of its own
    defaults: set[str] = field(default_factory=set)  # actors added by inference, not named for it
    evidence: list[Span] = field(default_factory=list)

    def add(self, actor_id: str, role: str) -> None:
        if (actor_id, role) not in self.participants:
            self.participants.append((actor_id, role))

    def actors(self, *roles: str) -> set[str]:
        return {a for a, r in self.participants if not roles or r in roles}

    def add_default(self, actor_id: str, role: str) -> None:
        if actor_id not in self.actors():
            self.defaults.add(actor_id)
        self.add(actor_id, role)

    def anchored(self) -> bool:
        """Whether the mention names a participant, a place or a date of its own."""
        return bool(self.place or self.dates or (self.actors() - self.defaults))


@dataclass
class Status:
    status: str  # a status of records.md, or "drop"
    decided: bool
    rule: str | None = None
    outcome: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


class Sides:
    """The two sides of the conflict the article is about."""

    def __init__(self, ctx: Context, common: Common):
        self.rule = ""
        self.members: list[set[str]] = [set(), set()]  # actor ids
        self.main: list[Actor | None] = [None, None]
        actors = list(ctx.actors)
        counts = {a.id: len(a.mentions) for a in actors}
        best: tuple[int, list[set[str]], str] | None = None
        for conflict in common.get("conflicts", []):
            sides = [set(), set()]
            for n, keys in enumerate(conflict["sides"][:2]):
                keys = {str(k) for k in keys}
                for a in actors:
                    if a.kb_id in keys or (a.country in keys and a.kind in ("state", "person", "armed_group")):
                        sides[n].add(a.id)
            if sides[0] and sides[1]:
                weight = sum(counts[i] for s in sides for i in s)
                if best is None or weight > best[0]:
                    best = (weight, sides, conflict["id"])
        if best is not None:
            self.members, self.rule = best[1], best[2]
        else:
            ranked = sorted((a for a in actors if a.kind in ("state", "armed_group") and counts[a.id] >= 2),
                            key=lambda a: -counts[a.id])
            chosen: list[Actor] = []
            for a in ranked:
                if all(a.country is None or a.country != c.country for c in chosen):
                    chosen.append(a)
                if len(chosen) == 2:
                    break
            if len(chosen) == 2:
                self.rule = "conflict.most_mentioned"
                for n, a in enumerate(chosen):
                    self.members[n] = {b.id for b in actors if b.id == a.id or
                                       (a.country and b.country == a.country and b.kind in ("state", "person"))}
        for n in range(2):
            cands = [a for a in actors if a.id in self.members[n] and a.kind in ("state", "armed_group")]
            cands.sort(key=lambda a: (a.kind != "state", -counts[a.id]))
            self.main[n] = cands[0] if cands else None

    def __bool__(self) -> bool:
        return all(self.main)

    def side_of(self, actor_id: str) -> int | None:
        for n in range(2):
            if actor_id in self.members[n]:
                return n
        return None

    def other(self, actor_id: str) -> Actor | None:
        n = self.side_of(actor_id)
        return self.main[1 - n] if n is not None else None

    def both(self) -> list[Actor]:
        return [a for a in self.main if a is not None]


class Frame:
    """What the families share for one article."""

    def __init__(self, ctx: Context, lexicon: Lexicon):
        self.ctx = ctx
        self.doc = ctx.doc
        self.lex = lexicon
        self.common = lexicon.common
        self.sides = Sides(ctx, lexicon.common)
        self.claimed: set[int] = set()  # head tokens already made into a draft
        self.matches: list[Match] = lexicon.match(ctx.doc)
        self._quantities: list[Quantity] | None = None
        self._times = []
        for t in ctx.times:
            span = self.doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
            if t.date is not None and span is not None and len(span):
                self._times.append((t, span_root(span)))
        self._places = []
        dateline = DATELINE.match(ctx.text)
        self.dateline_end = dateline_end = dateline.end() if dateline else 0
        for p in ctx.places:
            for s, e in p.mentions:
                if s < dateline_end:
                    continue
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if span is not None and len(span):
                    self._places.append((p, span_root(span)))
        c = self.common
        self.reporting = c.words("reporting_verbs")
        self.non_factive = c.words("non_factive_verbs")
        self.adjunct_preps = c.words("adjunct_preps")
        self.topic_preps = c.words("topic_preps")
        self.negation = c.words("negation")
        self.negative_dets = c.words("negative_determiners")
        self.absence = c.words("absence")
        self.modals = c.words("modals")
        self.future = c.words("future")
        self.conditional = c.words("conditional_marks")
        self.definite = c.words("definite")
        self.new_event = c.words("new_event_words")
        self.agent_heads = c.words("agent_heads")
        self.state_forces = c.words("state_forces")

    # -- matches ---------------------------------------------------------------

    def matches_of(self, family: FamilyRules) -> list[Match]:
        return [m for m in self.matches if m.trigger.type == family.type and m.head.i not in self.claimed]

    def sentence_of(self, tok: Any) -> Span:
        sent = tok.sent
        text = self.ctx.text[sent.start_char:sent.end_char]  # sliced, not joined from the tokens
        return (sent.start_char, sent.start_char + len(text.rstrip()))

    # -- actors ----------------------------------------------------------------

    def actor_at(self, tok: Any) -> Actor | None:
        if tok.lower_ in FIRST_PERSON:
            return self.quote_speaker(tok.idx)
        found = self.ctx.actors.at(tok.idx, tok.idx + len(tok))
        if found is None and tok.lower_ in NON_PERSON_PRONOUNS:
            # "Ukraine said it was ready for talks": "it" is the state speaking.
            speaker = self.quote_speaker(tok.idx)
            if speaker is not None and speaker.kind != "person":
                return speaker
        return found

    def actors_in(self, tokens: list[Any]) -> list[Actor]:
        """The actors the tokens name; "the two sides" names both sides."""
        out: list[Actor] = []
        lows = {t.lower_ for t in tokens}
        both = self.common["both_sides"]
        if lows & set(both["numbers"]) and lows & set(both["heads"]):
            out.extend(self.sides.both())
        for t in tokens:
            found = [self.actor_at(t)]
            # Actors named inside a longer mention: "UN" in "UN Secretary-General
            # Antonio Guterres", "Turkey" in "Turkey's Foreign Minister ...".
            found += [a for _, a in self.ctx.actors.within(t.idx, t.idx + len(t))]
            for a in found:
                if a is not None and a not in out:
                    out.append(a)
        return out

    def np_actors(self, tok: Any | None) -> list[Actor]:
        return self.actors_in(np_tokens(tok)) if tok is not None else []

    def subject_actors(self, verb: Any) -> list[Actor]:
        subj = subject_of(verb)
        if subj is None:
            return []
        if subj.tag_ == "WDT" or subj.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            return self.np_actors(verb.head)  # "the team which met ..."
        return self.np_actors(subj)

    def quote_speaker(self, offset: int) -> Actor | None:
        for q in self.ctx.quotes:
            if q.span[0] <= offset < q.span[1] and q.speaker:
                return self.ctx.actors.get(q.speaker)
        return None

    def announcers(self, tok: Any) -> list[Actor]:
        """Who says what the token's sentence reports: the speaker of its quote
        (with the states named in the speaker's description: "Office of
        President of Ukraine deputy head Kyrylo Tymoshenko"), else the subject
        of a reporting verb above it or at its sentence's root, else the
        nearest such speaker before it in the article (a report goes on
        from "..., Vereshchuk said."). News agencies are left out."""
        found = self._sentence_announcers(tok.sent, tok.idx)
        if not found:
            sents = [s for s in sentences(self.doc) if s.end_char <= tok.sent.start_char]
            for sent in reversed(sents[-3:]):
                found = self._sentence_announcers(sent, None)
                if found:
                    break
        return [a for a in found if not self.is_outlet(a)]

    def _sentence_announcers(self, sent: Any, offset: int | None) -> list[Actor]:
        quotes = [q for q in self.ctx.quotes if q.span[0] < sent.end_char and sent.start_char < q.span[1]]
        if offset is not None:
            quotes = [q for q in quotes if q.span[0] <= offset < q.span[1]] or quotes
        for q in quotes:
            found: list[Actor] = []
            if q.speaker and self.ctx.actors.get(q.speaker) is not None:
                found.append(self.ctx.actors.get(q.speaker))
            if q.speaker_span:
                found += [a for _, a in self.ctx.actors.within(*q.speaker_span) if a.kind == "state"]
            if found:
                return [a for n, a in enumerate(found) if all(b.id != a.id for b in found[:n])]
        verbs = [t for t in sent if is_verb(t) and token_in(t, self.reporting)]
        if offset is not None:
            tok = next((t for t in sent if t.idx <= offset < t.idx + len(t)), None)
            above = [t for t in ancestors_path(tok)[1:] if t in verbs] if tok is not None else []
            verbs = above + [t for t in verbs if t not in above]
        for v in verbs:
            found = self.subject_actors(v)
            subj = subject_of(v)
            if not found and subj is not None:  # "Deputy Head of the Ukrainian Presidential Office ... said"
                found = self._demonym_states(subj.left_edge.i, subj.right_edge.i + 1)
            if not found and subj is not None:  # "Deputy Prime Minister and Minister for ... Iryna Vereshchuk said"
                end = subj.right_edge.idx + len(subj.right_edge)
                found = [a for _, a in self.ctx.actors.within(subj.left_edge.idx, end)]
            if not found and (subj is None or subj.i < v.i):
                # "..., Ukrainian Deputy Prime Minister ... Iryna Vereshchuk said", often misparsed: the words
                # between the last comma and the verb
                start = max(self.ctx.text.rfind(",", sent.start_char, v.idx), sent.start_char)
                found = [a for _, a in self.ctx.actors.within(start, v.idx)]
                first = next((t.i for t in sent if t.idx >= start), v.i)
                found = found or self._demonym_states(first, v.i)
            if found:
                return found
        if quotes and offset is not None:  # "..., he said": the speaker of the sentence before
            before = [s for s in sentences(self.doc) if s.end_char <= quotes[0].span[0]]
            found = self._sentence_announcers(before[-1], None) if before else []
            if not found:  # else the person the report is about
                person = self.ctx.actors.antecedent(quotes[0].span[0]) or next(
                    (a for a in self.ctx.actors if a.kind == "person" and a.country), None)
                found = [person] if person is not None else []
            return found
        return []

    def _demonym_states(self, start: int, end: int) -> list[Actor]:
        """The article's states named by demonyms between two token indices."""
        gaz = self.gazetteer
        if gaz is None:
            return []
        out: list[Actor] = []
        for t in self.doc[start:end]:
            dem = gaz.demonym(t.text) if t.text[:1].isupper() else None
            state = next((a for a in self.ctx.actors if a.kind == "state" and dem is not None and
                          a.country == dem.country), None)
            if state is not None and state not in out:
                out.append(state)
        return out

    def is_outlet(self, actor: Actor) -> bool:
        """A news agency ("Interfax"): it reports events, it takes no part in them."""
        res = self.ctx.resources
        agencies = set((res.data("datelines.yaml") or {}).get("agencies", [])) if res is not None else set()
        return actor.name in agencies or any(a in agencies for a in actor.aliases)

    def state_of(self, actor: Actor) -> Actor | None:
        """The state a person or a state's forces act for, when the article names it."""
        if actor.kind == "state" or not actor.country:
            return None
        if actor.kind == "armed_group" and actor.rule != "actors.demonym_forces" and \
                (actor.kb_id or "") not in self.state_forces:
            return None
        for a in self.ctx.actors:
            if a.kind == "state" and a.country == actor.country:
                return a
        return None

    def with_states(self, draft: Draft) -> None:
        """Add the states of persons and forces with the same role: extra
        participants are harmless and let "Russia" match "Lavrov's" side."""
        for actor_id, role in list(draft.participants):
            actor = self.ctx.actors.get(actor_id)
            state = self.state_of(actor) if actor else None
            if state is not None:
                draft.add(state.id, role)

    # -- status ----------------------------------------------------------------

    def status(self, head: Any, rules: StatusRules) -> Status:
        """Read the status on the path from the trigger upwards.

        The first cue word on the path decides (negated, non-finite or modal
        cues shift it); without one, negation of the trigger's own clause,
        then modality, future and progressive aspect of the verbs up to the
        clause's finite verb, then the family default (not decided).
        """
        path = ancestors_path(head)
        fin = finite_head(head)
        irrealis: str | None = None
        pending = None  # a noun cue ("a proposal for a truce") that a verb above may override
        modal = future = progressive = negated = False
        in_clause = True  # still at or below the clause's finite verb
        through_np = False  # crossed a noun or adjective between trigger and verb
        first_verb = True
        if is_negated(head, self.negation, self.negative_dets) and not is_verb(head):
            negated = True
        # A participle or relative clause on a noun trigger says what became of
        # it ("a truce expired in October", "a ceasefire brokered by Qatar");
        # it decides only when nothing above the trigger does.
        own = None
        if not is_verb(head) or head.pos_ == "NOUN":
            for c in head.children:
                if c.dep_ in ("acl", "relcl") and is_verb(c) and rules.cue_for(c) is not None:
                    own = (c, rules.cue_for(c))
                    break
        for level, node in enumerate(path):
            if level > 0 and (node.pos_ == "ADP" or node.dep_ in ("prep", "advmod", "mark")):
                if node.lower_ in self.absence and level <= 3:
                    return Status("drop", True, "status.absence")
                if node.lower_ in self.adjunct_preps:
                    break
            if level > 0:
                cue = rules.cue_for(node)
                if cue is not None and own is not None and level >= 3:
                    break  # "planned to evacuate ... through a passage agreed by both sides"
                if cue is not None and not (node.pos_ == "ADP"):
                    neg = is_negated(node, self.negation, self.negative_dets)
                    reported = any(token_in(t, self.reporting) for t in path[level + 1:level + 4])
                    # "said it would observe a ceasefire": a reported future, not a hypothesis
                    has_modal = any(a.lower_ in self.modals and not (reported and a.lower_ in ("would", "'d"))
                                    for a in node.children if a.dep_ == "aux")
                    nonfinite = not is_finite(node) and not (node.pos_ == "ADJ")
                    if node.pos_ in ("NOUN", "PROPN") and not neg:
                        pending = pending or cue  # "rejected a proposal for a truce": the verb decides
                        continue
                    if neg:
                        st = cue.negated or rules.negated
                    elif cue.nonfinite and (nonfinite or has_modal):
                        irrealis = irrealis or cue.nonfinite
                        continue
                    elif has_modal and cue.status in ("agreed", "occurred"):
                        st = rules.modal
                    elif cue.status == "occurred" and any(a.lower_ in self.future for a in node.children
                                                          if a.dep_ == "aux"):
                        st = rules.future  # "will open humanitarian corridors": not yet
                    else:
                        st = cue.status
                    return self._contrast(Status(st, True, cue.id, cue.outcome, dict(cue.attributes)), path)
            if is_verb(node):
                auxes = [a for a in node.children if a.dep_ in ("aux", "auxpass")]
                marks = [a for a in node.children if a.dep_ == "mark"]
                if in_clause:
                    # "said it would send": "would" reports a future, it is no hypothesis
                    would = [a for a in auxes if a.lower_ in ("would", "'d")]
                    if would and any(token_in(t, self.reporting) for t in path[level + 1:level + 4]):
                        future = True
                        auxes = [a for a in auxes if a not in would]
                    modal |= any(a.lower_ in self.modals for a in auxes)
                    future |= any(a.lower_ in self.future for a in auxes)
                    progressive |= is_progressive(node)
                    if any(m.lower_ in self.conditional for m in marks):
                        modal = True
                    # "would meet Tshisekedi if the M23 withdrew": a condition on the event
                    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.conditional
                                                     for m in c.children) for c in node.children):
                        modal = True
                    if first_verb and not through_np and is_negated(node, self.negation, self.negative_dets):
                        negated = True
                first_verb = False
                if level > 0 and token_in(node, self.reporting):
                    break
                if node.i == fin.i:
                    in_clause = False
            elif level > 0 and node.pos_ in ("NOUN", "ADJ", "PROPN") and first_verb:
                through_np = True
        if own is not None and not negated:
            node, cue = own
            if is_negated(node, self.negation, self.negative_dets):
                st = cue.negated or rules.negated
            else:
                st = cue.status
            return self._contrast(Status(st, True, cue.id, cue.outcome, dict(cue.attributes)), path)
        if negated:
            if future and rules.negated_future:
                return Status(rules.negated_future, True, "status.negated_future")
            return Status(rules.negated, True, "status.negated")
        if pending is not None:
            st = pending.status
            return self._contrast(Status(st, True, pending.id, pending.outcome, dict(pending.attributes)), path)
        if irrealis:
            return self._contrast(Status(irrealis, True, "status.nonfinite"), path)
        if modal:
            return Status(rules.modal, True, "status.modal")
        if future:
            return Status(rules.future, True, "status.future")
        if progressive:
            return Status(rules.progressive, True, "status.progressive")
        return Status(rules.default, False, None)

    def _contrast(self, st: Status, path: list[Any]) -> Status:
        """"wanted an agreement ... but Lavrov was not in a position to commit"."""
        rule = self.common.get("contrast") or {}
        if st.status not in ("proposed", "agreed"):
            return st
        conj_words = set(rule.get("conjunctions", ()))
        for node in path:
            for cc, clause in conjunct_clauses(node):
                if cc in conj_words and is_negated(clause, self.negation, self.negative_dets):
                    return Status(rule.get("status", "failed"), True, rule.get("id"), st.outcome, st.attributes)
        return st

    def under_non_factive(self, head: Any) -> bool:
        """Whether the trigger is inside what someone is accused of or denies."""
        return any(token_in(t, self.non_factive) for t in ancestors_path(head)[1:])

    def is_anaphoric(self, head: Any) -> bool:
        """"the meeting", "those talks", "his most recent visit": a definite
        noun with no "with"/"between" phrase of its own."""
        if is_verb(head) and head.pos_ != "NOUN":
            return False
        dets = [c for c in head.children if c.dep_ in ("det", "poss")]
        if not any(d.lower_ in self.definite or d.dep_ == "poss" for d in dets):
            return False
        mods = list(head.lefts) + ([head.head] + list(head.head.lefts) if head.dep_ == "pobj" and
                                   head.head.lower_ == "of" else [])
        mods += [t for m in mods if m.dep_ == "pobj" for t in m.lefts]
        if any(token_in(m, self.new_event) for m in mods) or any(token_in(t, self.new_event) for t in
                                                                   head.head.head.lefts if head.dep_ == "pobj"
                                                                   and head.head.lower_ == "of"):
            return False
        own = {c.lower_ for c in head.children if c.dep_ == "prep"}
        return not (own & {"with", "between", "among"})

    def clause_bound(self, head: Any) -> bool:
        """Whether the trigger is an argument of its clause's verbs, so that
        the clause's dates and places are its own: no other noun stands
        between ("travel to Turkey next week for further talks" dates the
        talks, not the ceasefire they aim at). "members of a convoy" counts
        as the convoy."""
        if is_verb(head) and head.pos_ != "NOUN":
            return True
        fin = finite_head(head)
        for t in ancestors_path(head)[1:]:
            if t.i == fin.i:
                return True
            if t.pos_ == "ADJ" and t.dep_ == "acomp":  # "ready for talks", "due to vote"
                continue
            if t.pos_ in ("NOUN", "PROPN", "ADJ") and not token_in(t, self.agent_heads):
                return False
        return True

    def _reaches(self, root: Any, head: Any) -> bool:
        """Whether a place or time word belongs to the trigger's clause: not
        under a background phrase ("after two weeks of talks in Jeddah") or a
        topic ("about the war in Yemen") on its way up to the clause verb."""
        stop = {t.i for t in ancestors_path(head)}
        for t in ancestors_path(root)[1:]:
            if t.i in stop:
                return True
            if t.dep_ == "prep" and (t.lower_ in self.adjunct_preps or t.lower_ in self.topic_preps):
                return False
        return True

    # -- dates -----------------------------------------------------------------

    def dates(self, head: Any, speech: bool = False) -> list[DateRange]:
        """Dates stated for the trigger: time expressions in its phrase or its
        clause; with ``speech``, also those of the reporting verb above it
        (a proposal is dated by when it was made)."""
        fin = finite_head(head)
        bound = self.clause_bound(head)
        path_ids = {t.i for t in ancestors_path(head)}
        found: list[tuple[int, int, DateRange]] = []
        sent_start = sentence_starts(self.doc)
        own_sent = sent_start[head.i]
        for t, root in self._times:
            if sent_start[root.i] != own_sent:
                continue
            own = in_subtree(root, head) and not is_verb(head) or bound and finite_head(root).i == fin.i \
                and self._reaches(root, head)
            said = speech and finite_head(root).i in path_ids and token_in(finite_head(root), self.reporting)
            if own or said:
                width = _days(t.date)
                found.append((width, abs(root.i - head.i), t.date))
        found.sort(key=lambda f: (f[0], f[1]))
        return [f[2] for f in found]

    def fallback_date(self, status: str, etype: str | None = None) -> tuple[DateRange | None, str | None]:
        published = self.ctx.published
        if published is None:
            return None, None
        for rule in self.common.get("fallback_dates", []):
            if rule.get("types") and etype not in rule["types"]:
                continue
            if status in rule["statuses"]:
                start = published - timedelta(days=int(rule.get("before_days", 0)))
                end = published + timedelta(days=int(rule.get("after_days", 0)))
                return DateRange(start.isoformat(), end.isoformat(), rule.get("precision", "week")), rule["id"]
        return None, None

    # -- places ----------------------------------------------------------------

    def places(self, head: Any) -> list[tuple[str, Any]]:
        """Places attached to the trigger, best first: in its own phrase, then
        in its clause; nearer in the tree and more specific first."""
        order = {k: n for n, k in enumerate(self.common.get("place_specificity", []))}
        fin = finite_head(head)
        bound = self.clause_bound(head)
        scored = []
        sent_start = sentence_starts(self.doc)
        own_sent = sent_start[head.i]
        for place, root in self._places:
            if sent_start[root.i] != own_sent:
                continue
            if self.ctx.actors.at(root.idx, root.idx + len(root)) is not None and \
                    root.dep_ in ("poss", "nsubj", "nsubjpass"):
                continue  # "Moscow's invasion": the state, not the place
            # "talks between Russia and Ukraine": a participant, not a venue
            prep = next((t for t in ancestors_path(root)[1:3] if t.dep_ == "prep"), None)
            if prep is not None and prep.lower_ in PARTICIPANT_PREPS:
                continue
            inside = in_subtree(root, head)
            if not inside and (not bound or finite_head(root).i != fin.i or not self._reaches(root, head)):
                continue
            if inside and is_verb(head) and not self._reaches(root, head):
                continue
            score = (0 if inside else 10) + tree_distance(root, head) + order.get(place.kind, 5)
            scored.append((score, place.id, root))
        scored.sort(key=lambda s: s[0])
        seen: list[tuple[str, Any]] = []
        for _, pid, root in scored:
            if pid not in [p for p, _ in seen]:
                seen.append((pid, root))
        return seen

    @property
    def gazetteer(self) -> Any:
        return getattr(self.ctx.resources, "gazetteer", None) if self.ctx.resources is not None else None

    def route_place(self, name: str, span: Span, root: Any, village_km: float, town_km: float) -> str | None:
        """The place a name on a corridor route denotes, added to the article's
        places when the places extractor did not take it ("Andriyivka -
        Zhytomyr" parsed as one organisation): resolved by the gazetteer among
        the article's countries and near its other places, else None."""
        gaz = self.gazetteer
        if gaz is None:
            return None
        known = [p for p in self.ctx.places if p.lat is not None and p.lon is not None]
        countries = {p.country for p in known if p.country} | \
            {a.country for a in self.ctx.actors if a.kind == "state" and a.country}
        near = [c for c in (gaz.by_id(p.geonames_id) for p in known if p.geonames_id) if c is not None]
        cand = gaz.resolve(name, countries, near=near, deep=True)
        if cand is None or countries and cand.country not in countries:
            return None
        points = [(p.lat, p.lon) for p in known if p.kind not in ("country", "region")]
        limit = village_km if cand.population < 5000 else town_km
        if points and not any(_km(cand.lat, cand.lon, la, lo) <= limit for la, lo in points):
            return None
        if not points and cand.population < 5000:
            return None
        table = self.ctx.places
        place = next((p for p in table if cand.geonames_id and p.geonames_id == cand.geonames_id), None)
        if place is None:
            place = Place(id=table.free_id(), name=cand.name, kind=cand.kind,  # type: ignore[arg-type]
                          country=cand.country, lat=round(cand.lat, 5), lon=round(cand.lon, 5),
                          geonames_id=cand.geonames_id, rule="corridor.route.place")
        surface = self.ctx.text[span[0]:span[1]]
        if surface not in place.aliases:
            place.aliases.append(surface)
        table.add(place, span)
        if root is not None:
            self._places.append((place, root))
        return place.id

    # -- numbers ---------------------------------------------------------------

    def quantities(self) -> list[Quantity]:
        if self._quantities is None:
            self._quantities = find_quantities(self.doc)
        return self._quantities

    def sentence_quantities(self, tok: Any) -> list[Quantity]:
        s = tok.sent
        return [q for q in self.quantities() if s.start_char <= q.start and q.end <= s.end_char]


def _days(d: DateRange) -> int:
    try:
        return (date.fromisoformat(d.end[:10]) - date.fromisoformat(d.start[:10])).days
    except ValueError:
        return 9999
