"""Speech carried by a cue's complement, read off the dependency parse.

- ``indirect.ccomp``: "Kuleba said (that) no progress had been achieved" — the
  complement clause (also when the parser hung it as an adverbial clause or on
  the addressee); direct when it speaks in the first person without "that"
  ("Lavrov replied we don't plan ...").
- ``direct.fronted``: "The meeting was an important start. No one should expect
  miracles, Cavusoglu said." — unmarked speech standing before a bare
  attribution; it runs back to the paragraph start when nothing else in the
  paragraph is attributed. An attribution inside the content ("The fighting,
  he said, will continue") is cut out: both parts are quotes, or only the
  longer when the other is a word or two.
- ``indirect.as``: "Hawaii, as one adviser pointed out, does not get ...".
- ``indirect.obj_as`` / ``indirect.obj_of`` / ``indirect.xcomp``: "described X
  as Y", "accused X of Y", "vowed to fight on".
- Off unless ``cues.yaml`` enables them (the records spec does not count them
  as quotes): ``indirect.stance`` ("called for X", "urged X to Y"), and under
  the attribution scheme ``indirect.obj`` ("cited the report"),
  ``indirect.prep`` ("spoke of the legacy"), ``indirect.passive`` ("is expected
  to win"), ``indirect.raising`` ("seems to have vanished") and the noun and
  adjective cues of ``quotes_nouns``.

Content after the cue runs to the end of its sentence unless another act or
attribution starts there; it stops before a trailing participle clause (",
expressing frustration ...", ", adding ..."): that is the speaker's next act,
and a cue participle there yields its own quote. After an object or an
infinitive it also stops before a circumstance of the act ("criticised Obama
[during the debate]", "[to thrill his supporters]", "[because ...]"), and such
a content loses a trailing aside on its last noun (", which makes him an
outlier"); a reported clause loses a description put after a name (", the
presumed favorite"). Cues inside an accepted content are nested speech and
are not quoted again.
"""
from __future__ import annotations

import re

from ..records import Span
from .quotes_cues import (CLAUSE_END, SENTENCE_END, Attribution, ClauseQuote, Cue, CueLexicon, Paragraphs,
                          attribution, cut_content, has_first_person, is_bare, span_of, trim)
from .quotes_nouns import noun_attribution, noun_content
from .tokens import tokens

PRONOUN_SPEAKERS = {"he", "she", "they", "i", "we", "it"}
# A dateline left at the head of a paragraph: "KYIV, Ukraine (AP) – ", "CAIRO (Reuters) - ".
DATELINE = re.compile(r"[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]+\s+")


def complement_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, skip: set[int],
                      blocked: list[Span]) -> list[ClauseQuote]:
    """Quotes carried by the complements of cue verbs, skipping verbs already
    attributed (``skip``) and content overlapping ``blocked`` (marked/colon quotes)."""
    toks = tokens(doc)
    verbs = [(toks[i], c, False) for i, c in enumerate(lex.verb_cues(doc)) if c is not None and i not in skip]
    if lex.attribution:
        verbs += [(toks[i], c, True) for i, c in enumerate(lex.other_cues(doc)) if c is not None and i not in skip]
    # outer cues first, so a cue inside an accepted content is seen as nested
    verbs.sort(key=lambda tc: (_depth(tc[0]), tc[0].i))
    taken: list[Span] = list(blocked)
    out: list[ClauseQuote] = []
    for verb, cue, noun in verbs:
        if any(s <= verb.idx < e for s, e in taken):
            continue
        para = paras.of(verb.idx)
        found = noun_content(verb, text, para, lex) if noun else content_of(verb, cue, text, para, lex)
        if found is None:
            continue
        span, kind, rule = found
        att = noun_attribution(verb, cue) if noun else attribution(verb, cue, lex)
        if rule == "indirect.raising":  # what seems so is nobody's statement
            att = Attribution(verb=verb, cue=cue, speaker=None, speaker_span=None,
                              clause=(verb.idx, verb.idx + len(verb.text)))
        if att.speaker is None and not (noun or rule in ("indirect.passive", "indirect.raising")):
            continue
        if att.speaker is not None and not _speaker_ok(att, cue, lex.attribution):
            continue
        if span[1] - span[0] < 3 or any(_overlap(span, b) > 0.5 * (span[1] - span[0]) for b in blocked):
            continue
        # a speakerless passive ("X was accused of Y") is interrupted by its
        # cue alone, not by an inserted attribution: one quote
        pieces = [span] if att.speaker is None else _around(text, span, att.clause)
        for piece in pieces:
            out.append(ClauseQuote(span=piece, attribution=att, kind=kind, rule=f"{rule}:{cue.id}"))
        taken.append(span)
    return out


def _around(text: str, span: Span, clause: Span) -> list[Span]:
    """The content without an attribution that interrupts it ("The fighting,
    he said, will continue"): both parts as quotes, or only the longer one when
    the other is a word or two."""
    if not (span[0] < clause[0] and clause[1] < span[1]):
        return [span]
    parts = [trim(text, span[0], clause[0], keep_final=False), trim(text, clause[1], span[1], keep_final=False)]
    parts = [p for p in parts if p[1] > p[0]]
    if len(parts) == 2 and min(len(text[p[0]:p[1]].split()) for p in parts) < 3:
        parts = [max(parts, key=lambda p: p[1] - p[0])]
    return parts


def _depth(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_ok(att: Attribution, cue: Cue, broad: bool = False) -> bool:
    """A reported belief needs a named or pronoun holder: "what many believe" is
    no quote (under the attribution scheme any noun phrase holds one:
    "environmentalists worry that"). Expletive "it" ("it is said") never speaks."""
    sp = att.speaker
    if sp.lower_ == "it" and sp.dep_ == "nsubjpass":
        return False
    if sp.lower_ == "it" and cue.kind in ("belief", "stance") and any(
            c.dep_ in ("ccomp", "xcomp") for c in att.verb.children):
        return False  # "it seems that", "it wants to" is no holder
    if cue.kind == "belief":
        return sp.pos_ == "PROPN" or sp.lower_ in PRONOUN_SPEAKERS or sp.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
            or (broad and sp.pos_ in ("NOUN", "PRON", "ADJ", "NUM"))
    return True


def content_of(verb, cue: Cue, text: str, para: Span, lex: CueLexicon) -> tuple[Span, str, str] | None:
    """(content span, kind, rule) of a cue verb, trying its complement types in
    turn; content after the cue runs on to the end of its sentence, without
    the asides that end it (``ASIDES``)."""
    found = _content_rules(verb, cue, text, para, lex)
    if found is None:
        return None
    span, kind, rule = found
    if span[0] > verb.idx:
        span = _with_conjuncts(verb, span, text, para, lex)
        span = _to_sentence_end(verb, span, text, para, lex, rule in PHRASE_RULES)
        span = _without_aside(verb, span, text, lex, ASIDES.get(rule, ()))
    return span, kind, rule


# Contents that are a phrase (an object, an infinitive), not a reported clause:
# what follows them in the sentence is more often the circumstance of the act
# than more of the content (see ``_frames_act``).
PHRASE_RULES = {"indirect.obj", "indirect.xcomp", "indirect.obj_as", "indirect.obj_of", "indirect.prep"}

# Which asides set off by a comma at the end of a content are cut, by rule
# (see ``_aside_at``). A phrase content loses a relative clause or a
# participle added after it ("acknowledged the reality of climate change,
# which makes him an outlier"): the writer's remark on the thing named, or
# the speaker's next act, not what was acknowledged. It keeps an
# appositive, which there mostly names or identifies the object ("criticised
# Alicia Machado, the former beauty queen") or starts a list. A reported
# clause keeps its relative clauses and participles (the speaker may well
# have said them: "said the plant would close, which would cost 300 jobs")
# but not a description put after a name ("said he did not support Mr.
# Trump, the presumed favorite"), which is the writer's gloss for the reader.
ASIDES: dict[str, frozenset[str]] = {
    **{r: frozenset({"relative", "participle"}) for r in PHRASE_RULES},
    "indirect.ccomp": frozenset({"appositive"}),
}
# Words opening a non-restrictive relative clause (", which makes him an outlier").
ASIDE_RELATIVES = {"which", "who", "whom", "whose", "where"}


def _without_aside(verb, span: Span, text: str, lex: CueLexicon, kinds) -> Span:
    """ "acknowledged the reality of climate change[, which makes him an
    outlier]", "said he did not support Mr. Trump[, the presumed favorite]":
    the content stops before an aside of one of ``kinds`` set off by a comma
    after it. Only when nothing of the content follows the aside but at most
    a circumstance of the act ("likened X to Y, which ..., in an
    interview"): "vowed to form a task force, which would include the
    military, to crack down on hackers" keeps it."""
    if not kinds:
        return span
    doc = verb.doc
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None:
        return span
    for tok in toks[1:]:
        prev = doc[tok.i - 1]
        if prev.text != ",":
            continue
        aside = _aside_at(tok, lex, kinds)
        if aside is None or aside.head.i >= prev.i or aside.head.i < toks[0].i:
            continue  # an aside about something before the content
        rest = [t for t in toks if t.i > aside.right_edge.i and not (t.is_punct or t.is_space)]
        if rest and not (rest[0].head.i == verb.i and _circumstance(rest[0])):
            continue  # the content goes on after the aside
        return trim(text, span[0], prev.idx, keep_final=False)
    return span


def _aside_at(tok, lex: CueLexicon, kinds):
    """The head of the aside of one of ``kinds`` that ``tok`` (right after a
    comma) opens, if any:

    - ``relative``: a non-restrictive relative clause (", which ...", ",
      who ..."), unless it says what the thing is (", which is his
      inability to ...": the content names it) or holds a cue (", which
      critics say ...": nested speech stays inside the content it is
      reported in);
    - ``participle``: ", focusing on ...": the speaker's manner or next act;
    - ``appositive``: a description after a name (", the presumed
      favorite"). "his rival, Hillary Clinton" names the rival and stays;
      after a common noun the comma more often goes on with a list ("called
      for tax fairness, the closure of loopholes and ...")."""
    if "relative" in kinds and tok.lower_ in ASIDE_RELATIVES:
        rel = next((a for a in [tok] + list(tok.ancestors) if a.dep_ == "relcl"), None)
        if rel is None or rel.lemma_ == "be" or any(lex.match(t) is not None for t in rel.subtree):
            return None
        return rel
    if "participle" in kinds and tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.left_edge.i == tok.i \
            and not _reports(tok, lex):
        return tok
    if "appositive" in kinds:
        app = next((a for a in [tok] + list(tok.ancestors) if a.dep_ == "appos"), None)
        if app is not None and app.left_edge.i == tok.i and app.pos_ in ("NOUN", "ADJ") \
                and app.head.pos_ == "PROPN" and not _reports(app, lex):
            return app
    return None


def _reports(head, lex: CueLexicon) -> bool:
    """The phrase under ``head`` holds an attribution of its own: a cue with
    a subject ("the mayor, a man critics say ..."). A cue without one (",
    the presumed favorite") is only a word."""
    return any(lex.match(t) is not None and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
               for t in head.subtree)


def _with_conjuncts(verb, span: Span, text: str, para: Span, lex: CueLexicon) -> Span:
    """ "agreed to share a single currency [and rely on one another]", "has
    mentioned refinancing loans [and forcing universities to ...]": a parse
    may hang the second conjunct of the content on the cue verb. A conjunct
    whose form differs from the cue's (an infinitive or a gerund after a
    finite verb) cannot be the speaker's next act, which would share the cue's
    form ("said X and left"); it continues the content."""
    doc = verb.doc
    for c in verb.children:
        if c.dep_ != "conj" or c.idx < span[1] or c.tag_ == verb.tag_ or c.tag_ not in ("VB", "VBG") \
                or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or lex.match(c) is not None \
                or any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children):
            continue
        between = doc.char_span(span[1], c.left_edge.idx, alignment_mode="expand")
        if between is None or not all(t.is_punct or t.dep_ in ("cc", "preconj") or t.is_space or t.idx < span[1]
                                      or t.i >= c.left_edge.i for t in between):
            continue
        if any(t.text in ";:" for t in between):
            continue
        end = min(c.right_edge.idx + len(c.right_edge.text), para[1])
        return trim(text, span[0], end, keep_final=False)
    return span


def _to_sentence_end(verb, span: Span, text: str, para: Span, lex: CueLexicon, phrase: bool = False) -> Span:
    """ "pointed out that one shooting may have more than one victim, [so
    thousands of victims does not ...]": what a parse leaves hanging after the
    content, up to the sentence end, is still the content, unless it starts
    another act (", adding ...", ", according to ...", "and called for ...")
    or holds another cue, or, after a ``phrase`` content (an object, an
    infinitive), a circumstance of the act ("criticised Obama [because ...]")."""
    stop = SENTENCE_END.search(text, span[1], para[1])
    end = stop.start() if stop else para[1]
    if end <= span[1] + 1:
        return span
    toks = verb.doc.char_span(span[1], end, alignment_mode="expand")
    if toks is None:
        return span
    toks = [t for t in toks if t.idx >= span[1]]
    words = [t for t in toks if not (t.is_punct or t.is_space)]
    if not words or any(t.text in ";:—–" or "\n" in t.text for t in toks):
        return span
    # ", implicitly putting his name on the line": look past adverbs to the act
    first = next((t for t in words if t.pos_ != "ADV"), words[0])
    if lex.stops_content(first) or first.lower_ in ("according", "while", "whereas") \
            or (first.tag_ == "VBG" and first.dep_ != "prep"):
        return span
    if phrase and _frames_act(verb, first):
        return span
    for t in toks:
        if (t.dep_ == "conj" and (t.head.i == verb.i or t.lemma_ == verb.lemma_)) or t.i == verb.i:
            return span  # the speaker's next act ("... and called on residents to ...")
        if lex.match(t) is not None and (not lex.attribution or any(c.dep_ == "nsubj" for c in t.children)):
            return span  # another attribution (any cue, under the records spec)
    return trim(text, span[0], end, keep_final=False)


def _content_rules(verb, cue: Cue, text: str, para: Span, lex: CueLexicon) -> tuple[Span, str, str] | None:
    comps = cue.complements
    if "raising" in comps:
        span = _raising(verb, text, para, lex)
        return (span, "indirect", "indirect.raising") if span is not None else None
    if lex.attribution and comps & {"xcomp", "obj_as", "obj_of", "obj_oprd"}:
        span = _bare_passive(verb, comps, text, para, lex)
        if span is not None:
            return span, "indirect", "indirect.passive"
    right = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    left = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if "ccomp" in comps and not right:
        right = _misparsed_complement(verb, cue)
    if "ccomp" in comps and right and not _noun_complement(verb, right, cue):
        span = _clause(verb.doc, right, text, para, lex)
        if span is not None:
            marked = verb.doc[min(c.left_edge.i for c in right)].lower_ == "that"
            direct = not marked and has_first_person(verb.doc, span)
            return span, ("direct" if direct else "indirect"), ("direct.ccomp" if direct else "indirect.ccomp")
    if ("fronted" in comps or "ccomp" in comps) and verb.dep_ == "advcl" and verb.head.i != verb.i \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and is_bare(verb, cue, lex):
        # "Hawaii, as one adviser pointed out, does not get ...", "..., as police have said"
        host = verb.head
        if host.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in host.children):
            span = span_of(verb.doc, host.left_edge.i, host.right_edge.i, text, para)
            if span is not None:
                return span, "indirect", "indirect.as"
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
    if "obj" in comps:
        span = _passive(verb, text, para) or _object(verb, text, para, lex)
        if span is not None:
            return span, "indirect", "indirect.obj"
    if "prep" in comps and cue.preps:
        span = _prep_object(verb, cue, text, para, lex)
        if span is not None:
            return span, "indirect", "indirect.prep"
    return None


# Right-hand dependents that complete an object: "criticised Obama [for not acting]",
# "cited X [as examples]", "asked the candidates [to discuss ...]".
OBJECT_TAIL = {"prep", "oprd", "xcomp", "ccomp", "advcl", "dative", "acomp", "attr", "npadvmod", "advmod"}


def _object(verb, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """ "cited the report", "criticised Obama for not acting": the direct object
    and the dependents after it, up to a comma or a coordination."""
    doc = verb.doc
    kids = [c for c in verb.children if c.i > verb.i]
    objs = [c for c in kids if c.dep_ == "dobj"]
    if not objs:
        return None
    lo, hi = objs[0].left_edge.i, objs[0].right_edge.i
    for c in kids:
        if c.i <= objs[0].i:
            continue
        if c.dep_ not in OBJECT_TAIL or any(t.text in ",;:—–(" for t in doc[hi + 1:c.left_edge.i]) \
                or _circumstance(c):
            break
        hi = max(hi, c.right_edge.i)
    return span_of(doc, lo, cut_content(doc, lo, hi, lex), text, para)


# Prepositions that say when, where or through what the act took place
# ("criticised the blockade [in a televised speech]", "[during the debate]"):
# they frame the act rather than complete its object. (What a parse leaves
# after the object up to the sentence end still joins the content, see
# ``_to_sentence_end``: PolNeAR contents run on; this only matters when
# another act follows.)
CIRCUMSTANCE_PREPS = {"in", "at", "during", "since", "after", "before", "amid", "through", "throughout",
                      "while", "despite", "via", "until", "outside", "inside", "across"}


# Words opening an adverbial clause of the act: purpose, comparison, time,
# cause, condition, concession ("denied the permits [until the work was
# done]", "offered aid [, even if their families ...]").
ACT_SUBORDINATORS = {"to", "as", "when", "while", "because", "so", "until", "after", "before", "since", "once",
                     "unless", "if", "even", "although", "though"}


def _circumstance(tok) -> bool:
    """A dependent of the cue verb that frames the act (time, place, medium,
    purpose) rather than completing its object."""
    if tok.dep_ == "npadvmod" or tok.ent_type_ in ("DATE", "TIME"):
        return True
    if tok.dep_ == "prep" and tok.lower_ in CIRCUMSTANCE_PREPS:
        return True
    # "... to thrill his young supporters", "..., as he did again": purpose and comparison clauses
    return tok.dep_ in ("advcl", "advmod") and tok.left_edge.lower_ in ACT_SUBORDINATORS


# Prepositions of the act's time span ("mentioned Machado [since the
# debate]", "criticised them [during the debates]"). Other circumstance
# prepositions ("in", "at", "after") after an object start as often a part of
# the content the parse hung on the verb ("praised X in his address for Y",
# "a gulf in the way ..."), so the run-on goes past them.
RUN_ON_STOP_PREPS = {"since", "during", "throughout", "until", "amid"}


def _frames_act(verb, tok) -> bool:
    """``tok``, the first word after a phrase content, opens a circumstance of
    the cue verb's act: an adverbial clause (purpose "to help give context",
    "because ...", "when he ran ...", "so X could ...") or a time span
    ("since the debate"). ``_object`` leaves these out; the run-on to the
    sentence end must not put them back."""
    top = next((a for a in [tok] + list(tok.ancestors) if a.head.i == verb.i), None)
    if top is None or top.i == verb.i or top.left_edge.i != tok.i:
        return False
    if top.dep_ == "prep":
        return top.lower_ in RUN_ON_STOP_PREPS
    return top.dep_ in ("advcl", "advmod") and _circumstance(top)


def _passive(verb, text: str, para: Span) -> Span | None:
    """ "Clinton was supported by 42 percent", "a view echoed by everyone I
    interviewed": the subject (or the noun the participle describes) is the
    content; the agent is the speaker."""
    if not any(c.dep_ == "agent" for c in verb.children):
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
    doc = verb.doc
    if subj:
        return span_of(doc, subj[0].left_edge.i, subj[0].right_edge.i, text, para)
    if verb.dep_ == "acl" and verb.head.i < verb.i:
        return span_of(doc, verb.head.left_edge.i, verb.head.i, text, para)
    return None


def _raising(verb, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """ "Melania seems to have vanished from the campaign trail", "drawing on
    home equity seems too risky": what seems so, subject and complement (the
    writer's or nobody's attribution)."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i
            and c.lower_ not in ("it", "there", "this", "that", "which", "who", "what")]
    tail = [c for c in verb.children if c.i > verb.i and c.dep_ in ("xcomp", "acomp", "attr", "oprd", "ccomp")]
    if not subj or not tail:
        return None
    lo = subj[0].left_edge.i
    return span_of(verb.doc, lo, cut_content(verb.doc, lo, max(c.right_edge.i for c in tail), lex), text, para)


def _bare_passive(verb, comps, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """ "One in nine voters is expected to be Latino", "Quiros was accused of
    fraud", "the bill, known as the Justice Act": a passive of a cue with no
    agent; its subject (or the noun the participle describes) and its
    complement are the content, and nobody is named as the source."""
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    preps = {"as"} if "obj_as" in comps else set()
    preps |= {"of"} if "obj_of" in comps else set()
    tail = [c for c in verb.children if c.i > verb.i and (c.dep_ in ("xcomp", "oprd")
            or (c.dep_ == "prep" and c.lower_ in preps and any(o.dep_ in ("pobj", "pcomp") for o in c.children)))]
    if not tail:
        return None  # "is expected to", "is said to be": a raising passive, not "was charged"
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i < verb.i and verb.head.pos_ in ("NOUN", "PROPN") \
            and preps and tail[0].dep_ == "prep":
        lo = verb.head.left_edge.i  # "the bill, known as the Justice Act"
    elif any(c.dep_ == "auxpass" for c in verb.children):
        subj = [c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i
                and c.lower_ not in ("it", "which", "that", "who", "what")]
        if not subj:
            return None
        lo = min(c.left_edge.i for c in subj)
    else:
        return None
    hi = max(c.right_edge.i for c in tail)
    return span_of(verb.doc, lo, cut_content(verb.doc, lo, hi, lex), text, para)


def _prep_object(verb, cue: Cue, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """ "spoke of the legacy of racism", "called for new tariffs", "agreed with
    Matthews": the object of one of the cue's prepositions."""
    doc = verb.doc
    for prep in (c for c in verb.children if c.dep_ in ("prep", "dative", "prt") and c.i > verb.i):
        if prep.lower_ not in cue.preps:
            continue
        objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objs and prep.dep_ == "prt":  # "point to X" parsed as a particle
            objs = [c for c in verb.children if c.dep_ in ("dobj", "pobj") and c.i > prep.i]
        if objs:
            lo = min(o.left_edge.i for o in objs)
            hi = max(o.right_edge.i for o in objs)
            return span_of(doc, lo, cut_content(doc, lo, hi, lex), text, para)
    return None


def _misparsed_complement(verb, cue: Cue) -> list:
    """A complement clause the parser attached elsewhere: "said after the
    convention [he would not accept]" as an adverbial clause, "told a meeting
    of leaders [that few understood]" as a relative clause of the object."""
    for c in verb.children:
        if c.i > verb.i and c.dep_ == "advcl" and any(k.dep_ == "nsubj" for k in c.children):
            marks = [k.lower_ for k in c.children if k.dep_ == "mark"]
            if not marks and cue.kind == "speech" and c.left_edge.i > verb.i:
                return [c]
    if verb.dep_ == "xcomp":  # "continues to insist, in an interview, that ...": hung on "continues"
        for c in verb.head.children:
            if c.dep_ == "ccomp" and c.i > verb.i:
                return [c]
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i):
        for d in obj.subtree:
            if d.dep_ in ("relcl", "acl") and d.left_edge.lower_ == "that" and d.left_edge.dep_ == "mark" \
                    and any(k.dep_ == "nsubj" for k in d.children):
                return [d]
    return []


def _stance(verb, comps, text: str, para: Span, lex: CueLexicon) -> Span | None:
    """Demands and labels (off unless ``cues.yaml`` enables ``stance``):
    "called for an immediate end to hostilities" (``for``), "urged both sides
    to agree" / "called on Israel to protect civilians" (``obj_to``), "called
    the charges fabricated" (``obj_oprd``)."""
    doc = verb.doc
    kids = [c for c in verb.children if c.i > verb.i]
    objs = [c for c in kids if c.dep_ == "dobj"]
    # "called on X to Y": "on" parsed as a preposition or as a particle with its object
    ons = [p for p in kids if p.dep_ in ("prep", "prt") and p.lower_ == "on" and any(c.dep_ == "pobj" for c in p.children)]
    tos = [c for c in kids if c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.lefts)]
    lo = hi = None
    if "obj_to" in comps and (objs or ons) and tos:
        lo, hi = (objs or ons)[0].left_edge.i + (0 if objs else 1), tos[0].right_edge.i
    elif "obj_oprd" in comps and objs and (any(c.dep_ in ("oprd", "ccomp") for c in kids) or len(objs) > 1):
        # "branded the proposal a betrayal": the parser may take the label for a second object
        preds = [c for c in kids if c.dep_ in ("oprd", "ccomp")] + objs[1:]
        lo, hi = objs[0].left_edge.i, max(c.right_edge.i for c in preds)
    elif "for" in comps:
        fors = [p for p in kids if p.dep_ == "prep" and p.lower_ == "for"]
        if fors and fors[0].i == verb.i + 1 and fors[0].right_edge.i > fors[0].i:
            lo, hi = fors[0].i + 1, fors[0].right_edge.i
            # "called for contestants [to wear ...]": the infinitive completes the demand
            for c in kids:
                if c.left_edge.i == hi + 1 and c.dep_ in ("xcomp", "advcl") and c.left_edge.lower_ == "to":
                    hi = c.right_edge.i
    if lo is None or hi < lo:
        return None
    # "called on police to release ... and called on residents to ...": the
    # same act again is the speaker's next demand, a quote of its own
    again = [t for t in doc[lo:hi + 1] if t.dep_ == "conj" and t.lemma_ == verb.lemma_ and t.i > lo]
    if again:
        hi = again[0].i - 1
        while hi > lo and (doc[hi].dep_ == "cc" or doc[hi].is_punct):
            hi -= 1
    hi = cut_content(doc, lo, hi, lex)
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
    hi = cut_content(doc, lo, hi, lex)
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
    if end == att_start:
        end = _continuation(doc, text, att, para, lex) or end
    start = max(start, para[0])
    if end <= start:
        return None
    start = _back_to_paragraph(doc, text, start, para, lex)
    dateline = DATELINE.match(text, start, end)
    if dateline:  # "CAIRO (Reuters) - Egypt and Qatar pressed ..., officials said"
        start = dateline.end()
    span = trim(text, start, end, keep_final=False)
    return span if span[1] - span[0] > 1 else None


def _continuation(doc, text: str, att: Attribution, para: Span, lex: CueLexicon) -> int | None:
    """ "Lenox was a juggernaut, Mr. Clarke said, [until it went bankrupt]":
    under the attribution scheme the sentence going on after a comma behind the
    attribution is the rest of the content (the caller cuts the attribution
    out). Not when it starts another act (", adding ...") or holds another cue."""
    after = att.clause[1]
    if not lex.attribution or not text.startswith(",", after):
        return None  # the records spec quotes the part before the attribution only
    stop = SENTENCE_END.search(text, after, para[1])
    end = stop.start() if stop else para[1]
    toks = doc.char_span(after + 1, end, alignment_mode="contract")
    if toks is None or len(toks) < 2 or any(t.text in '“"«' for t in toks):
        return None
    if lex.stops_content(toks[0]) or toks[0].lower_ in ("according", "who", "which") or toks[0].tag_ == "VBG" \
            or any(lex.match(t) and any(c.dep_ == "nsubj" for c in t.children) for t in toks):
        return None
    return end


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
