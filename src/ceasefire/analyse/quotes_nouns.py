"""Attributions carried by nouns, adjectives and "according to" (the
attribution scheme of PolNeAR / PARC, and the ``according_to`` switch).

- ``indirect.noun``: "Trump's claim [that there have been thousands of
  shootings]", "expressed concern [about the policy]", "Obama's decision [to
  jump-start relations]": an attribution noun's that-clause, or (when the noun
  has a holder) its prepositional object or infinitive.
- ``indirect.adjective``: "Graham has been critical [of Trump]", "Many
  Democrats are afraid [that ...]": a stance adjective's complement, held by
  the copula's subject.
- ``indirect.according_to``: "More than 4 million have fled, according to the
  UN": the clause (or sentence) the phrase qualifies, with its object as source.
"""
from __future__ import annotations

from ..records import Span
from .quotes_cues import (SENTENCE_END, Attribution, ClauseQuote, Cue, CueLexicon, Paragraphs, cut_content,
                          phrase_span, span_of, trim)

RELATIVE_PRONOUNS = {"who", "which", "that"}


def noun_content(noun, text: str, para: Span, lex: CueLexicon) -> tuple[Span, str, str] | None:
    """ "Trump's claim [that there have been thousands of shootings]": the
    that-clause of an attribution noun (not a relative clause: "the claim that
    he made")."""
    for c in noun.children:
        if c.i < noun.i or c.dep_ not in ("acl", "ccomp", "relcl", "appos"):
            continue
        first = c.left_edge
        if first.lower_ == "that" and first.dep_ == "mark" and any(k.dep_ in ("nsubj", "nsubjpass", "expl")
                                                                   for k in c.children):
            span = span_of(noun.doc, first.i + 1, cut_content(noun.doc, first.i + 1, c.right_edge.i, lex), text, para)
            if span is not None:
                return span, "indirect", "indirect.noun"
    if noun.pos_ == "ADJ":  # "is critical of Trump", "are afraid that ...", "was sure Trump would win"
        return _adjective_content(noun, text, para, lex)
    # "Trump's decision [to jump-start relations]", "expressed concern [about the policy]"
    if not _held(noun):
        return None
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ == "prep" and c.lower_ in NOUN_PREPS:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs and not (c.lower_ == "of" and objs[0].pos_ in ("PROPN", "PRON")):
                span = span_of(noun.doc, objs[0].left_edge.i, cut_content(noun.doc, objs[0].left_edge.i, c.right_edge.i, lex),
                             text, para)
                if span is not None:
                    return span, "indirect", "indirect.noun"
        if c.dep_ in ("acl", "relcl") and c.left_edge.lower_ == "to" and c.left_edge.i == noun.i + 1:
            span = span_of(noun.doc, c.left_edge.i, cut_content(noun.doc, c.left_edge.i, c.right_edge.i, lex), text, para)
            if span is not None:
                return span, "indirect", "indirect.noun"
    return None


NOUN_PREPS = {"of", "about", "on", "over", "into", "to", "against", "for"}
ADJECTIVE_PREPS = {"of", "about", "with", "on", "over", "at", "to", "that"}


def _held(noun) -> bool:
    """An attribution noun with a holder: a possessor, or the object of a verb
    with a subject ("Republicans have expressed concern")."""
    if any(c.dep_ == "poss" for c in noun.children):
        return True
    return noun.dep_ in ("dobj", "attr") and any(c.dep_ == "nsubj" for c in noun.head.children)


def _adjective_content(adj, text: str, para: Span, lex: CueLexicon) -> tuple[Span, str, str] | None:
    if adj.dep_ not in ("acomp", "oprd") or not any(c.dep_ == "nsubj" for c in adj.head.children):
        return None
    for c in adj.children:
        if c.i < adj.i:
            continue
        if c.dep_ in ("ccomp", "xcomp"):
            lo = c.left_edge.i + (1 if c.left_edge.lower_ == "that" and c.left_edge.dep_ == "mark" else 0)
        elif c.dep_ == "prep" and c.lower_ in ADJECTIVE_PREPS and any(o.dep_ in ("pobj", "pcomp") for o in c.children):
            lo = c.i + 1
        else:
            continue
        span = span_of(adj.doc, lo, cut_content(adj.doc, lo, c.right_edge.i, lex), text, para)
        if span is not None:
            return span, "indirect", "indirect.adjective"
    return None


def noun_attribution(noun, cue: Cue) -> Attribution:
    """Whose claim: the possessor ("Trump's claim"), a name before it ("Trump
    claims that", a verb the parser took for a noun), the object of "from" /
    "by" ("warnings from his attorney"), or the subject of the verb the noun
    completes ("made the claim that")."""
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None:
        holder = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if holder is None:
        for p in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
            holder = next((o for o in p.children if o.dep_ == "pobj" and (o.pos_ in ("PROPN", "PRON")
                                                                         or o.ent_type_)), None)
            if holder is not None:
                break
    if holder is None and noun.pos_ == "ADJ":  # "Graham has been critical of": the copula's subject
        holder = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if holder is not None and holder.lower_ in RELATIVE_PRONOUNS:
            span = (holder.idx, holder.idx + len(holder.text))
            return Attribution(verb=noun, cue=cue, speaker=holder.head.head if holder.head.dep_ == "relcl" else holder,
                               speaker_span=span, clause=(span[0], noun.idx + len(noun.text)))
    if holder is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        holder = next((c for c in noun.head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN")),
                      None)
    if holder is None:
        return Attribution(verb=noun, cue=cue, speaker=None, speaker_span=None, clause=(noun.idx, noun.idx))
    if holder.dep_ == "poss":
        holder = _bound_possessor(holder, noun)
    span = phrase_span(holder)
    if holder.dep_ == "compound":
        span = (holder.left_edge.idx, holder.idx + len(holder.text))
    if holder.dep_ == "poss":  # "Donald Trump's": the name with its possessive ending
        span = (span[0], max(span[1], holder.right_edge.idx + len(holder.right_edge.text)))
    return Attribution(verb=noun, cue=cue, speaker=holder, speaker_span=span, clause=(min(span[0], noun.idx),
                                                                                      noun.idx + len(noun.text)))


# A possessive pronoun and the kinds of subject that can bind it.
POSSESSIVE_AGREEMENT = {"his": "person", "her": "person", "its": "thing", "their": "plural"}


def _bound_possessor(poss, noun):
    """ "Clinton laid out her proposals to ...", "Trump is doubling down on his
    attacks": a possessive pronoun bound by the subject of its own clause
    names the same holder, and the subject is the name the text gives it
    (the pronoun only points back). It must agree with the pronoun ("his"
    with a person, "its" with an organisation or a country, "their" with a
    plural or a group); otherwise the pronoun stays."""
    want = POSSESSIVE_AGREEMENT.get(poss.lower_)
    if want is None:
        return poss
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < noun.i), None)
    if subj is None or subj.pos_ not in ("PROPN", "NOUN"):
        return poss
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    person = subj.ent_type_ == "PERSON"
    org = subj.ent_type_ in ("ORG", "GPE", "NORP")
    agrees = (want == "person" and person and not plural) or (want == "thing" and org and not plural) \
        or (want == "plural" and (plural or org))
    return subj if agrees else poss


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
        if pobj is None:
            continue
        para = paras.of(tok.idx)
        phrase_lo, phrase_hi = tok.i, tok.right_edge.i
        if tok.head.pos_ in ("VERB", "AUX"):
            head = tok.head
            lo, hi = head.left_edge.i, head.right_edge.i
        else:  # hung on a noun by the parse: the sentence around it
            lo, hi = _sentence(doc, text, tok, para)
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):  # the full stop (and line end) after it
            hi -= 1
        if phrase_lo <= lo + 1:  # "According to X, ..." opens the clause
            lo = phrase_hi + 1
        elif phrase_hi >= hi - 1:  # "..., according to X." closes it
            hi = phrase_lo - 1
        if hi <= lo:
            continue
        span = trim(text, max(doc[lo].idx, para[0]), min(doc[hi].idx + len(doc[hi].text), para[1]), keep_final=False)
        # "Police have said they ..., according to attorneys for the family": an
        # attribution nested inside the clause is part of what the phrase sources;
        # one the clause only partly overlaps (or lies inside) is another's
        if span[1] - span[0] < 3 or any(_crosses(span, b) for b in blocked):
            continue
        sp = phrase_span(pobj)
        att = Attribution(verb=tok, cue=ACCORDING_CUE, speaker=pobj, speaker_span=sp, clause=(tok.idx, sp[1]))
        out.append(ClauseQuote(span=span, attribution=att, kind="indirect", rule="indirect.according_to"))
    return out


def _crosses(span: Span, other: Span) -> bool:
    """``other`` overlaps ``span`` without lying wholly inside it."""
    overlap = other[0] < span[1] and span[0] < other[1]
    return overlap and not (span[0] <= other[0] and other[1] <= span[1] and other != span)


def _sentence(doc, text: str, tok, para: Span) -> tuple[int, int]:
    """Token bounds of the sentence around ``tok``, by its punctuation."""
    start = para[0]
    for found in SENTENCE_END.finditer(text, para[0], tok.idx):
        start = found.end()
    stop = SENTENCE_END.search(text, tok.idx, para[1])
    end = stop.start() if stop else para[1]
    toks = doc.char_span(start, end, alignment_mode="expand")
    if toks is None or not len(toks):
        return tok.i, tok.i
    first = next((t for t in toks if not (t.is_space or t.is_punct)), toks[0])
    return first.i, toks[-1].i


ACCORDING_CUE = Cue(id="according_to", lemmas=frozenset(), forms=frozenset(), complements=frozenset())
