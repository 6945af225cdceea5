"""Speech carried by a cue verb's complement, read off the dependency parse.

- ``indirect.ccomp``: "Kuleba said (that) no progress had been achieved" — the
  complement clause; direct when it speaks in the first person without "that"
  ("Lavrov replied we don't plan ...").
- ``direct.fronted``: "The meeting was an important start. No one should expect
  miracles, Cavusoglu said." — unmarked speech standing before a bare
  attribution; it runs back to the paragraph start when nothing else in the
  paragraph is attributed.
- ``indirect.obj_as`` / ``indirect.obj_of`` / ``indirect.xcomp``: "described X
  as Y", "accused X of Y", "vowed to fight on".

A content clause stops before a trailing participle clause (", expressing
frustration ...", ", adding ..."): that is the speaker's next act, and a cue
participle there yields its own quote. Cue verbs inside an accepted content are
nested speech and are not quoted again.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Span
from .quotes_cues import (CLAUSE_END, Attribution, Cue, CueLexicon, Paragraphs, attribution,
                          has_first_person, is_bare, trim)

PRONOUN_SPEAKERS = {"he", "she", "they", "i", "we", "it"}


@dataclass
class ClauseQuote:
    span: Span
    attribution: Attribution
    kind: str
    rule: str


def complement_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, skip: set[int],
                      blocked: list[Span]) -> list[ClauseQuote]:
    verbs = [(t, lex.match(t)) for t in doc]
    verbs = [(t, c) for t, c in verbs if c is not None and t.i not in skip]
    # outer verbs first, so a cue inside an accepted content is seen as nested
    verbs.sort(key=lambda tc: (_depth(tc[0]), tc[0].i))
    taken: list[Span] = list(blocked)
    out: list[ClauseQuote] = []
    for verb, cue in verbs:
        if any(s <= verb.idx < e for s, e in taken):
            continue
        found = _content(verb, cue, text, paras, lex)
        if found is None:
            continue
        span, kind, rule = found
        att = attribution(verb, cue, lex)
        if att.speaker is None or not _speaker_ok(att, cue):
            continue
        if span[1] - span[0] < 3 or any(_overlap(span, b) > 0.5 * (span[1] - span[0]) for b in blocked):
            continue
        out.append(ClauseQuote(span=span, attribution=att, kind=kind, rule=f"{rule}:{cue.id}"))
        taken.append(span)
    return out


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_ok(att: Attribution, cue: Cue) -> bool:
    """A reported belief needs a named or pronoun holder: "what many believe" is
    no quote. Expletive "it" ("it is said") never speaks."""
    sp = att.speaker
    if sp.lower_ == "it" and sp.dep_ == "nsubjpass":
        return False
    if cue.kind == "belief":
        return sp.pos_ == "PROPN" or sp.lower_ in PRONOUN_SPEAKERS or sp.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    return True


def _content(verb, cue: Cue, text: str, paras: Paragraphs, lex: CueLexicon):
    para = paras.of(verb.idx)
    comps = cue.complements
    right = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    left = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if "ccomp" in comps and right and not _noun_complement(verb, right, cue):
        span = _clause(verb.doc, right, text, para, lex)
        if span is not None:
            marked = verb.doc[right[0].left_edge.i].lower_ == "that"
            direct = not marked and has_first_person(verb.doc, span)
            return span, ("direct" if direct else "indirect"), ("direct.ccomp" if direct else "indirect.ccomp")
    if "fronted" in comps and is_bare(verb, cue, lex):
        span = _fronted(verb, left, text, para, lex)
        if span is not None:
            return span, "direct", "direct.fronted"
    if "obj_as" in comps or "obj_of" in comps:
        span = _object_phrase(verb, comps, text, para)
        if span is not None:
            return span, "indirect", "indirect.obj_as" if "obj_as" in comps else "indirect.obj_of"
    if "xcomp" in comps:
        xs = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if xs:
            span = _clause(verb.doc, xs, text, para, lex)
            if span is not None:
                return span, "indirect", "indirect.xcomp"
    return None


def _noun_complement(verb, right, cue: Cue) -> bool:
    """ "repeated his vow that ...": an object noun stands between the verb and
    the clause, which completes the noun, not the speech verb ("told reporters
    that" is fine: the object there is the addressee)."""
    if cue.addressee:
        return False
    first = min(c.left_edge.i for c in right)
    return any(c.dep_ == "dobj" and verb.i < c.i < first for c in verb.children)


def _clause(doc, heads, text: str, para: Span, lex: CueLexicon) -> Span | None:
    lo = min(h.left_edge.i for h in heads)
    hi = max(h.right_edge.i for h in heads)
    hi = _absorb_right(doc, heads[0].head, hi)
    if doc[lo].lower_ == "that" and doc[lo].dep_ == "mark":
        lo += 1  # the records spec leaves the complementiser out
    # stop before ", expressing frustration ..." / ", adding ..."
    for tok in doc[lo + 1:hi + 1]:
        if lex.stops_content(tok) and doc[tok.i - 1].text in (",", "—", "–"):
            hi = tok.i - 2
            break
    if hi < lo:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start, end = max(start, para[0]), min(end, para[1])
    span = trim(text, start, end, keep_final=False)
    return span if span[1] > span[0] else None


def _absorb_right(doc, verb, hi: int) -> int:
    """Take in what a broken parse hangs from the cue verb right after the
    clause ("replied we do | n't | plan to attack ...": "plan" became the verb's
    advcl), up to a comma or a coordination."""
    while hi + 1 < len(doc):
        tok = doc[hi + 1]
        if tok.head.i != verb.i:
            break
        if tok.dep_ == "punct" and not tok.is_punct:  # "n’t" mis-tagged as punct
            hi += 1
        elif tok.dep_ in ("advcl", "xcomp", "ccomp") and tok.left_edge.i == hi + 1:
            hi = tok.right_edge.i
        elif tok.dep_ in ("advcl", "xcomp", "ccomp", "prep", "npadvmod", "dobj") and tok.left_edge.i == hi + 1 \
                and any(c.dep_ in ("aux", "nsubj") for c in tok.children):
            hi = tok.right_edge.i
        else:
            break
    return hi


def _fronted(verb, left, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """Content before "..., X said": from its clause (or the paragraph) start to
    the attribution."""
    doc = verb.doc
    att = attribution(verb, lex.match(verb), lex)
    att_start = att.clause[0]
    if left:
        lo = min(c.left_edge.i for c in left)
        start = doc[lo].idx
        end = att_start
    elif verb.dep_ in ("parataxis", "advcl", "conj", "ccomp") and verb.head.i < verb.i:
        start = verb.head.left_edge.idx
        end = att_start
    elif verb.dep_ == "parataxis" and verb.head.i > verb.i:
        # "The fighting, he said, will continue": the whole clause around it
        head = verb.head
        start = head.left_edge.idx
        r = head.right_edge
        end = r.idx + len(r.text)
    else:
        return None
    between = text[max(start, att_start - 3):att_start]
    if end == att_start and not any(ch in CLAUSE_END for ch in between):
        return None  # "X said" with no separator is not a fronted quote
    start = max(start, para[0])
    if end <= start:
        return None
    start = _back_to_paragraph(doc, text, start, para, lex)
    span = trim(text, start, end, keep_final=False)
    return span if span[1] - span[0] > 1 else None


def _back_to_paragraph(doc, text: str, start: int, para: Span, lex: CueLexicon) -> int:
    """Extend fronted speech back to the paragraph start when it begins a parsed
    sentence and the sentences before it in the paragraph carry no cue verb and
    no quotation marks: one paragraph ending in ", X said" is X's speech."""
    if start == para[0]:
        return start
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None or not tok[0].is_sent_start:
        return start
    before = text[para[0]:start]
    if any(ch in before for ch in '“”"«»'):
        return start
    span = doc.char_span(para[0], start, alignment_mode="contract")
    if span is None or any(lex.match(t) for t in span):
        return start
    return para[0]


def _object_phrase(verb, comps, text: str, para: Span) -> Span | None:
    """ "described the meeting as difficult", "accused the EU of backing ...",
    "warned of a catastrophe"."""
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i
             and (("obj_as" in comps and c.lower_ == "as") or ("obj_of" in comps and c.lower_ == "of"))]
    if not preps:
        return None
    prep = preps[0]
    if objs and objs[0].i < prep.i:
        lo = objs[0].left_edge.i
    elif not objs:
        lo = prep.i + 1
    else:
        return None
    hi = prep.right_edge.i
    if hi < lo:
        return None
    start, end = max(doc[lo].idx, para[0]), min(doc[hi].idx + len(doc[hi].text), para[1])
    span = trim(text, start, end, keep_final=False)
    return span if span[1] > span[0] else None
