"""The quotes extractor: direct and indirect speech with its speaker.

Rules, in the order they claim text (ids appear in ``Quote.rule``):

1. ``direct.marked[.unclosed|.inherited|.mixed]`` — quotation-marked spans
   (“…”, "…", ‘…’, «…», ''…'') (``quotes_direct``), attributed to the cue verb
   they hang from, to a bare "he said" beside them, to "Name:" inside them or
   to "― Name" after them; unmarked words of the same sentence before an
   attribution that follows make a mixed quote; an unattributed one inherits
   the attribution of the quote before it in its paragraph (or of the
   paragraph before), and a short one with none is a scare quote, not a quote.
   Marks inside a cue's complement clause leave the whole clause to rule 3.
2. ``direct.colon`` / ``direct.colon.name`` / ``direct.headline`` — "he
   emphasised: We are ready ...", "Kuleba: We will not surrender", a
   title-case headline "..., Lindsey Graham Says" (``quotes_direct``).
3. ``indirect.ccomp`` / ``direct.ccomp`` / ``direct.fronted`` / ``indirect.as``
   / ``indirect.obj_as`` / ``indirect.obj_of`` / ``indirect.xcomp`` — cue
   verbs' complements (``quotes_indirect``); an attribution inside the content
   ("The fighting, he said, will continue") is cut out of it.
4. Only under switches of ``data/cues.yaml`` (off for the records spec, on in
   the ``attribution`` profile that PolNeAR / PARC scoring uses):
   ``indirect.stance`` (demands, labels), ``indirect.according_to``, and the
   attribution scheme's ``indirect.obj`` / ``indirect.prep`` /
   ``indirect.passive`` / ``indirect.raising`` (beliefs, findings, intentions,
   evaluations) and ``indirect.noun`` / ``indirect.adjective`` (``quotes_nouns``).

The speaker is the subject of the cue verb (of the governing verb for
"saying"/"adding"), resolved to an actor through ``ctx.actors``: the mention at
the speaker's head word, else the antecedent of a pronoun or of a definite
title ("the minister"). A relative pronoun ("Griffiths, who said") is the
speaker's surface form (``speaker_text``) and resolves through its antecedent.
The cue lexicon is ``data/cues.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Quote, Span
from .context import Context
from .quotes_cues import PRONOUN_KINDS, Attribution, CueLexicon, Paragraphs
from .quotes_direct import Marked, colon_quotes, headline_quotes, marked_spans, name_colon_quotes
from .quotes_indirect import complement_quotes
from .quotes_nouns import according_quotes
from .registry import extractor

__all__ = ["extract_quotes", "find_quotes", "Candidate", "CueLexicon"]

# A marked span with no attribution and fewer words than this is a scare quote
# ("so-called “humanitarian corridors”"), not somebody's speech.
MIN_ORPHAN_WORDS = 6
MIN_INHERITED_WORDS = 3


@dataclass
class Candidate:
    """A quote before speaker resolution."""

    span: Span
    kind: str
    rule: str
    attribution: Attribution | None


@extractor("quotes", needs=("actors",), produces=("quotes",))
def extract_quotes(ctx: Context) -> None:
    lex = CueLexicon.from_data(ctx.resources.data("cues.yaml"))
    quotes: list[Quote] = []
    for c in find_quotes(ctx.doc, ctx.text, lex):
        quotes.append(_to_quote(ctx, c, lex, quotes[-1] if quotes else None))
    ctx.quotes = quotes


def find_quotes(doc, text: str, lex: CueLexicon) -> list[Candidate]:
    """Every quote of a parsed text, in text order, with its attribution."""
    paras = Paragraphs(text)
    marked = marked_spans(doc, text, paras, lex)
    used = {m.attribution.verb.i for m in marked if m.attribution is not None}
    colon = colon_quotes(doc, text, paras, lex, skip=used) + name_colon_quotes(doc, text, paras, lex)
    # a quotation inside a longer colon quote is a fragment of it ("Caddell: Voters
    # Worried ...; It's ‘in Their Heads’"); a colon quote around a longer one is no quote
    colon = [c for c in colon if not any(_overlaps(c.span, m.span) and 2 * _length(m.span) > _length(c.span)
                                         for m in marked)]
    used |= {c.attribution.verb.i for c in colon}
    colon = _dedupe(colon)
    colon += headline_quotes(doc, text, paras, lex, [m.span for m in marked if m.attribution is not None]
                             + [c.span for c in colon])
    used |= {c.attribution.verb.i for c in colon}
    blocked = [m.span for m in marked if not m.embedded] + [c.span for c in colon]
    clauses = complement_quotes(doc, text, paras, lex, skip=used, blocked=blocked)
    if lex.according_to:
        clauses += according_quotes(doc, text, paras, lex, blocked + [c.span for c in clauses])

    out: list[Candidate] = [Candidate(c.span, "direct", f"{c.rule}:{c.attribution.cue.id}", c.attribution)
                            for c in colon]
    out += [Candidate(c.span, c.kind, c.rule, c.attribution) for c in clauses]
    clause_spans = [c.span for c in clauses] + [c.span for c in colon]
    for m in _inherit(marked, text, paras, out):
        # a marked fragment inside an indirect clause is part of that quote
        if any(s <= m.span[0] and m.span[1] <= e for s, e in clause_spans):
            continue
        rule = m.rule + (":" + m.attribution.cue.id if m.attribution else "")
        out.append(Candidate(m.span, "direct", rule, m.attribution))
    out.sort(key=lambda c: c.span)
    for c in out:
        if lex.full_sources:
            _widen_source(c, text, lex)
        _clip_source(c, text)
    return out


def _clip_source(c: Candidate, text: str) -> None:
    """A speaker phrase stays in its head word's paragraph: a parse that runs
    a headline into the next paragraph's first name ("... Our Schools.\\n\\nAmelize
    Joseph") does not make the headline part of the name."""
    att = c.attribution
    if att is None or att.speaker is None or att.speaker_span is None:
        return
    s, e = att.speaker_span
    between = text[min(att.speaker.idx, att.verb.idx):max(att.speaker.idx, att.verb.idx)]
    head_end = att.speaker.idx + len(att.speaker.text)
    if "\n" in between and not (att.speaker.idx < att.verb.idx and text[head_end:].lstrip().startswith(":")):
        # "The Latest on the presidential race / 7 p.m. / Donald Trump is
        # questioning ...": a parse that runs a header into the paragraph below
        # found no subject in the verb's own paragraph; nobody is named. (A
        # subject that a colon carries on into a list, "Imagine that she: / Is
        # the first candidate ...", stays.)
        att.speaker = att.speaker_span = None
        return
    if "\n" not in text[s:e]:
        return
    head = att.speaker.idx
    start = text.rfind("\n", s, head) + 1 if text.rfind("\n", s, head) >= 0 else s
    end = text.find("\n", head, e)
    att.speaker_span = (start, e if end < 0 else end)


def _widen_source(c: Candidate, text: str, lex: CueLexicon) -> None:
    """The attribution scheme's source: the speaker's whole noun phrase, with
    its apposition or relative clause ("Kenneth Baer, a former Obama
    administration official who runs Crosscut Strategies"), not only the name."""
    att = c.attribution
    if att is None or att.speaker is None or att.speaker_span is None:
        return
    head = att.speaker
    if att.speaker_span[0] != head.left_edge.idx and att.speaker_span[0] > head.idx:
        return  # a relative pronoun standing for it ("who said")
    left = min(head.left_edge.idx, att.speaker_span[0])
    last = _source_end(head, lex, att.verb.i if att.verb.i > head.i else None)
    right = max(last.idx + len(last.text), att.speaker_span[1])
    # a phrase stays in its head's paragraph (a parse may hang the end of the
    # paragraph before on it)
    para_start = text.rfind("\n", 0, head.idx) + 1
    para_end = text.find("\n", head.idx)
    left = max(left, para_start)
    right = min(right, len(text) if para_end < 0 else para_end)
    while left < head.idx and not (text[left].isalnum() or text[left] in "“\"'‘"):
        left += 1
    while right > left and text[right - 1] in " ,;:—–-(":
        right -= 1
    if left <= att.verb.idx < right or (left < c.span[1] and c.span[0] < right) or "\n" in text[left:right]:
        return
    att.speaker_span = (left, right)


def _source_end(head, lex: CueLexicon, verb_i: int | None = None):
    """The last token of a source phrase: the head's subtree, relative clauses
    and appositions included ("Luis Rubio, who heads the Center ..."), up to a
    clause that is an attribution of its own ("Mr. Kamin, who emphasized that
    ...", "Trump, citing the report"): each token belongs to one attribution.
    A subject ends before its verb (``verb_i``): what a parse hangs on it from
    after the verb ("A union ... endorsed Clinton, another example of ..."
    as an apposition of "union") is not part of it."""
    doc = head.doc
    last = head
    for child in head.rights:
        if verb_i is not None and child.right_edge.i >= verb_i:
            break
        if child.dep_ in ("relcl", "acl") and doc[child.left_edge.i - 1].text == "," \
                and lex.match(child) is not None:
            break
        if child.dep_ == "punct" and child.i == head.right_edge.i:
            continue
        last = child.right_edge
    return last


def _inherit(marked: list[Marked], text: str, paras: Paragraphs, others: list[Candidate]) -> list[Marked]:
    """Give unattributed marked quotes the attribution of the quote before them
    in the paragraph (or after, or the previous paragraph's last one); drop
    scare quotes and embedded fragments."""
    kept: list[Marked] = []
    attributed = sorted([(m.span, m.attribution) for m in marked if m.attribution is not None]
                        + [(c.span, c.attribution) for c in others if c.attribution is not None],
                        key=lambda sa: sa[0])
    for m in marked:
        if m.attribution is not None:
            kept.append(m)
            continue
        words = len(text[m.span[0]:m.span[1]].split())
        if m.embedded or words < MIN_INHERITED_WORDS:
            continue
        if not (_starts_sentence(text, m, paras) or _goes_on(text, m, attributed)):
            continue
        p = paras.index(m.span[0])
        same = [(s, a) for s, a in attributed if paras.index(s[0]) == p]
        before = [a for s, a in same if s[0] < m.span[0]]
        after = [a for s, a in same if s[0] > m.span[0]]
        prev_para = [a for s, a in attributed if paras.index(s[0]) == p - 1]
        source = (before[-1] if before else after[0] if after else prev_para[-1] if prev_para else None)
        if source is not None:
            m.attribution = source
            m.rule = "direct.marked.inherited"
            kept.append(m)
        elif words >= MIN_ORPHAN_WORDS:
            m.rule = "direct.marked.orphan"
            kept.append(m)
    return kept


def _starts_sentence(text: str, m: Marked, paras: Paragraphs) -> bool:
    """Speech that goes on in a new quotation starts a sentence (or follows a
    colon); a scare quote sits inside one."""
    para = paras.of(m.span[0])
    before = text[para[0]:m.span[0]].rstrip(" “\"«‘'")
    return not before or before[-1] in ".?!:…”\"»—–"


def _goes_on(text: str, m: Marked, attributed: list) -> bool:
    """ "“I love Larry,” he said, but “when it comes to energy ...”": speech
    resumed right after the attribution of the quote before it."""
    clauses = [a.clause[1] for s, a in attributed if s[1] <= m.span[0] and a.clause[1] <= m.span[0]]
    if not clauses:
        return False
    gap = text[max(clauses):m.span[0]].strip(" “\"«‘'")
    return gap in (",", ", but", ", and", "but", "and", ", adding", "")


def _dedupe(quotes: list) -> list:
    """One quote per span (a colon after a cue verb can also end a name)."""
    seen: set[Span] = set()
    out = []
    for q in quotes:
        if q.span not in seen:
            seen.add(q.span)
            out.append(q)
    return out


def _length(span: Span) -> int:
    return span[1] - span[0]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _to_quote(ctx: Context, c: Candidate, lex: CueLexicon, previous: Quote | None) -> Quote:
    att = c.attribution
    speaker_id: str | None = None
    speaker_text = speaker_span = cue = None
    if att is not None:
        cue = att.cue_text
        if att.speaker is not None and att.speaker_span is not None:
            speaker_span = att.speaker_span
            speaker_text = ctx.text[speaker_span[0]:speaker_span[1]]
            speaker_id = _resolve(ctx, att, min(c.span[0], speaker_span[0]), lex, previous)
    return Quote(speaker=speaker_id, speaker_text=speaker_text, text=ctx.text[c.span[0]:c.span[1]],
                 span=c.span, kind=c.kind, cue=cue, speaker_span=speaker_span, rule=c.rule)


def _resolve(ctx: Context, att: Attribution, before: int, lex: CueLexicon, previous: Quote | None) -> str | None:
    """The actor id of a speaker: the mention at its head word, in its phrase or
    in an apposition ("The UN relief chief, Martin Griffiths,"); for a pronoun or
    a definite title ("the minister"), the most salient actor before the quote,
    or the previous quote's speaker when it was named more recently."""
    head = att.speaker
    actor = None
    # an apposition names the speaker outright: "The UN relief chief, Martin Griffiths,"
    for appos in (c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"):
        actor = ctx.actors.at(appos.left_edge.idx, appos.right_edge.idx + len(appos.right_edge.text))
        if actor is not None:
            break
    if actor is None:
        actor = ctx.actors.at(head.idx, head.idx + len(head.text))
    if actor is None and att.speaker_span is not None:
        actor = ctx.actors.at(*att.speaker_span)
    if actor is not None:
        return actor.id
    kinds = PRONOUN_KINDS.get(head.lower_)
    if kinds is None and head.lemma_.lower() in lex.person_nouns and head.tag_ == "NN" \
            and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.children):
        kinds = ("person",)
    if kinds is None:
        return None
    # search before the quote and its attribution, so names inside the quote
    # ("“Putin is lying,” he said") are not taken for the speaker
    found = ctx.actors.antecedent(before, kinds)
    prev = ctx.actors.get(previous.speaker) if previous is not None else None
    if prev is not None and prev.kind in kinds and previous.speaker_span is not None \
            and (found is None or _last_mention(ctx, found.id, before) < previous.speaker_span[0] < before):
        return prev.id  # "The UN relief chief, Martin Griffiths, described ... “...” he said"
    return found.id if found else None


def _last_mention(ctx: Context, actor_id: str, before: int) -> int:
    starts = [s for (s, _), a in ctx.actors.within(0, before) if a.id == actor_id]
    return max(starts, default=-1)
