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
- ``indirect.stance`` ("called for X", "urged X to Y") and
  ``indirect.according_to`` ("X, according to Y"): off unless ``cues.yaml``
  enables them; the records spec does not count them as quotes.

A content clause stops before a trailing participle clause (", expressing
frustration ...", ", adding ..."): that is the speaker's next act, and a cue
participle there yields its own quote. Cue verbs inside an accepted content are
nested speech and are not quoted again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span
from .quotes_cues import (CLAUSE_END, Attribution, Cue, CueLexicon, Paragraphs, attribution,
                          has_first_person, is_bare, phrase_span, trim)

PRONOUN_SPEAKERS = {"he", "she", "they", "i", "we", "it"}
# A dateline left at the head of a paragraph: "KYIV, Ukraine (AP) – ", "CAIRO (Reuters) - ".
DATELINE = re.compile(r"[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]+\s+")


@dataclass
class ClauseQuote:
    span: Span
    attribution: Attribution
    kind: str
    rule: str


def complement_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, skip: set[int],
                      blocked: list[Span]) -> list[ClauseQuote]:
    """Quotes carried by the complements of cue verbs, skipping verbs already
    attributed (``skip``) and content overlapping ``blocked`` (marked/colon quotes)."""
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


def _content(verb, cue: Cue, text: str, paras: Paragraphs, lex: CueLexicon) -> tuple[Span, str, str] | None:
    """(content span, kind, rule) of a cue verb, trying its complement types in turn."""
    para = paras.of(verb.idx)
    comps = cue.complements
    right = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    left = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if "ccomp" in comps and right and not _noun_complement(verb, right, cue):
        span = _clause(verb.doc, right, text, para, lex)
        if span is not None:
            marked = verb.doc[min(c.left_edge.i for c in right)].lower_ == "that"
            direct = not marked and has_first_person(verb.doc, span)
            return span, ("direct" if direct else "indirect"), ("direct.ccomp" if direct else "indirect.ccomp")
    if "fronted" in comps and is_bare(verb, cue, lex):
        span = _fronted(verb, left, text, para, lex)
        if span is not None:
            return span, "direct", "direct.fronted"
    if "obj_as" in comps or "obj_of" in comps:
        found = _object_phrase(verb, comps, text, para)
        if found is not None:
            return found[0], "indirect", f"indirect.obj_{found[1]}"
    if lex.stance:
        span = _stance(verb, comps, text, para, lex)
        if span is not None:
            return span, "indirect", "indirect.stance"
    if "xcomp" in comps:
        xs = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
        if xs:
            span = _clause(verb.doc, xs, text, para, lex)
            if span is not None:
                return span, "indirect", "indirect.xcomp"
    return None


def _stance(verb, comps, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """Demands and labels (off unless ``cues.yaml`` enables ``stance``):
    "called for an immediate end to hostilities" (``for``), "urged both sides
    to agree" / "called on Israel to protect civilians" (``obj_to``), "called
    the charges fabricated" (``obj_oprd``)."""
    doc = verb.doc
    kids = [c for c in verb.children if c.i > verb.i]
    objs = [c for c in kids if c.dep_ == "dobj"]
    ons = [p for p in kids if p.dep_ == "prep" and p.lower_ == "on" and any(c.dep_ == "pobj" for c in p.children)]
    tos = [c for c in kids if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.lefts)]
    lo = hi = None
    if "obj_to" in comps and (objs or ons) and tos:
        lo, hi = (objs or ons)[0].left_edge.i + (0 if objs else 1), tos[0].right_edge.i
    elif "obj_oprd" in comps and objs and any(c.dep_ in ("oprd", "ccomp") for c in kids):
        lo, hi = objs[0].left_edge.i, max(c.right_edge.i for c in kids if c.dep_ in ("oprd", "ccomp"))
    elif "for" in comps:
        fors = [p for p in kids if p.dep_ == "prep" and p.lower_ == "for"]
        if fors and fors[0].i == verb.i + 1 and fors[0].right_edge.i > fors[0].i:
            lo, hi = fors[0].i + 1, fors[0].right_edge.i
    if lo is None or hi < lo:
        return None
    hi = _cut(doc, lo, hi, lex)
    start, end = max(doc[lo].idx, para[0]), min(doc[hi].idx + len(doc[hi].text), para[1])
    span = trim(text, start, end, keep_final=False)
    return span if span[1] > span[0] else None


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
    if doc[lo].lower_ == "that" and (doc[lo].dep_ == "mark" or doc[lo].tag_ == "IN") and lo < hi:
        lo += 1  # the records spec leaves the complementiser out
    hi = _cut(doc, lo, hi, lex)
    if hi < lo:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start, end = max(start, para[0]), min(end, para[1])
    span = trim(text, start, end, keep_final=False)
    return span if span[1] > span[0] else None


def _cut(doc, lo: int, hi: int, lex: CueLexicon) -> int:
    """Where a content clause stops: before ", expressing frustration ..." or
    ", adding ..." (the speaker's next act), before ", according to X" (the
    source of the report) and before ", while Hamas denied ..." (another
    speaker's attribution hung on the clause)."""
    for tok in doc[lo + 1:hi + 1]:
        prev = doc[tok.i - 1]
        if prev.text in (",", "—", "–") and (lex.stops_content(tok) or tok.lower_ == "according"):
            return tok.i - 2
        if tok.dep_ == "advcl" and lex.match(tok) is not None and tok.left_edge.i > lo \
                and any(c.dep_ == "nsubj" for c in tok.children):
            end = tok.left_edge.i - 1
            return end - 1 if doc[end].is_punct else end
    return hi


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
    dateline = DATELINE.match(text, start, end)
    if dateline:  # "CAIRO (Reuters) - Egypt and Qatar pressed ..., officials said"
        start = dateline.end()
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


def _object_phrase(verb, comps, text: str, para: Span) -> tuple[Span, str] | None:
    """ "described the meeting as difficult", "accused the EU of backing ...",
    "warned of a catastrophe"."""
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    # the parse may hang "of ..." from the object ("accused [the RSF of looting]")
    holders = [verb] + objs[:1]
    preps = [c for h in holders for c in h.children if c.dep_ == "prep" and c.i > verb.i
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
    return (span, prep.lower_) if span[1] > span[0] else None


def according_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, blocked: list[Span]) -> list[ClauseQuote]:
    """ "More than 4 million have fled, according to the UN": the clause the
    phrase modifies, with the phrase's object as the source. Off unless
    ``cues.yaml`` enables it (``according_to.enabled``): in conflict news it
    mostly sources figures, which the figures extractor records."""
    out: list[ClauseQuote] = []
    for tok in doc:
        if tok.lower_ != "according" or tok.dep_ != "prep":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        head = tok.head
        para = paras.of(tok.idx)
        lo, hi = head.left_edge.i, head.right_edge.i
        phrase_lo, phrase_hi = tok.i, tok.right_edge.i
        if phrase_lo <= lo + 1:  # "According to X, ..." opens the clause
            lo = phrase_hi + 1
        elif phrase_hi >= hi - 1:  # "..., according to X." closes it
            hi = phrase_lo - 1
        if hi <= lo:
            continue
        span = trim(text, max(doc[lo].idx, para[0]), min(doc[hi].idx + len(doc[hi].text), para[1]), keep_final=False)
        if span[1] - span[0] < 3 or any(s <= span[0] < e or s < span[1] <= e for s, e in blocked):
            continue
        sp = phrase_span(pobj)
        att = Attribution(verb=tok, cue=ACCORDING_CUE, speaker=pobj, speaker_span=sp, clause=(tok.idx, sp[1]))
        out.append(ClauseQuote(span=span, attribution=att, kind="indirect", rule="indirect.according_to"))
    return out


ACCORDING_CUE = Cue(id="according_to", lemmas=frozenset(), forms=frozenset(), complements=frozenset())
