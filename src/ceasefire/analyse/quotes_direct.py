"""Direct speech: quotation-marked spans and colon-introduced unmarked speech.

Marks are paired inside a paragraph. An opening mark that never closes ends
where an attribution ("he said.") or the next opening mark or the paragraph
end comes, as the records spec says. A closing mark with no opening one is
dropped (it is a typo, not a quote). A marked span is attributed to the cue
verb its words hang from in the parse, or to a bare "he said" right next to
it; one that is embedded in a cue's clause ("said the goal was “too far”") is
left to the indirect rules, which take the whole clause.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Span
from .quotes_cues import Attribution, Cue, CueLexicon, Paragraphs, attribution, is_bare, trim

# (open, close) families; straight marks are told apart by their neighbours.
CURLY_DOUBLE = ("“", "”")
GUILLEMETS = ("«", "»")
CURLY_SINGLE = ("‘", "’")
STRAIGHT = ('"', "'")
OPENERS_BEFORE = set(" \t\n([{—–-/:")
# The pseudo-cue of "Name: speech".
COLON_CUE = Cue(id="colon", lemmas=frozenset(), forms=frozenset(), complements=frozenset({"colon", "marked"}))
# Dependencies by which quoted words hang from a cue verb without being its content.
NOT_CONTENT = {"prep", "pobj", "dative", "nsubj", "nsubjpass", "agent", "compound", "punct", "aux",
               "prt", "mark", "cc", "det", "amod", "poss", "npadvmod"}


@dataclass
class Marked:
    """A quotation-marked span: content offsets (marks excluded)."""

    span: Span
    closed: bool
    attribution: Attribution | None = None
    embedded: bool = False  # a fragment inside a cue's complement clause
    rule: str = "direct.marked"


def _mark_role(text: str, i: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe) for the mark at i."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“«":
        return "open"
    if ch in "”»":
        return "close"
    if ch in "‘":
        return "open" if (before in OPENERS_BEFORE or before in "\"“") and not after.isspace() else None
    if ch in "’'":
        # an apostrophe sits between letters ("don't") or after a plural s ("countries'")
        if before.isalnum() and after.isalnum():
            return None
        if ch == "'" and before in OPENERS_BEFORE and after.isalnum():
            return "open"
        if not before.isspace() and (after.isspace() or after in ".,;:!?)—–-\"”" or i + 1 == len(text)):
            return "close-single"
        return None
    if ch == '"':
        if before in OPENERS_BEFORE and not after.isspace():
            return "open"
        if not before.isspace() and (after.isspace() or after in ".,;:!?)—–-'’" or i + 1 == len(text)):
            return "close"
        return "either"
    return None


def _pair(text: str, para: Span) -> list[tuple[int, int, bool]]:
    """(open mark offset, end offset, closed) of the double-quoted spans of a
    paragraph; end is the closing mark's offset or where an unclosed span stops."""
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for i in range(para[0], para[1]):
        ch = text[i]
        if ch not in '“”«»"':
            continue
        role = _mark_role(text, i)
        if role == "either":
            role = "close" if open_at is not None else "open"
        if role == "open":
            if open_at is not None:  # a new opening mark ends an unclosed quote
                out.append((open_at, i, False))
            open_at = i
        elif role == "close" and open_at is not None:
            out.append((open_at, i, True))
            open_at = None
        # a closing mark with nothing open is a stray: ignored
    if open_at is not None:
        out.append((open_at, para[1], False))
    return out


def _pair_single(text: str, para: Span, inside: list[Span]) -> list[tuple[int, int, bool]]:
    """Single-quoted spans (‘...’ or '...') outside double-quoted ones; only
    closed pairs count, since a lone ’ is almost always an apostrophe."""
    out: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for i in range(para[0], para[1]):
        if text[i] not in "‘’'" or any(s <= i < e for s, e in inside):
            continue
        role = _mark_role(text, i)
        if role == "open" and open_at is None:
            open_at = i
        elif role == "close-single" and open_at is not None and i - open_at > 1:
            out.append((open_at, i, True))
            open_at = None
    return out


def marked_spans(doc, text: str, paras: Paragraphs, lex: CueLexicon) -> list[Marked]:
    found: list[Marked] = []
    for para in paras.spans:
        pairs = _pair(text, para)
        inside = [(s, e + 1) for s, e, _ in pairs]
        pairs += _pair_single(text, para, inside)
        for open_at, end, closed in sorted(pairs):
            span = trim(text, open_at + 1, end)
            if span[1] <= span[0] or (closed and _is_title(text[span[0]:span[1]])):
                continue
            m = Marked(span=span, closed=closed, rule="direct.marked" if closed else "direct.marked.unclosed")
            if not closed:
                _cut_at_attribution(doc, text, m, lex)
            if m.attribution is None:
                _attribute(doc, text, m, lex, para)
            found.append(m)
    return found


def _carries_content(tok, cue) -> bool:
    """Whether the quoted words fill the cue's content slot: not "said on
    “Fox and Friends”", not the addressee of "tells “Morning Joe”"."""
    if tok.dep_ in NOT_CONTENT:
        return False
    return not (cue.addressee and tok.dep_ in ("dobj", "dative"))


def _is_title(text: str) -> bool:
    """ “State of the Union”, “Coal Isn't the Villain.”: a capitalised title of
    a show, book or article, not speech."""
    words = [w for w in text.strip(" .,!?").split() if w[:1].isalpha()]
    if not words or len(words) > 8:
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "is"}
    return all(w[0].isupper() or w.lower() in small for w in words) and words[0][0].isupper() \
        and not (len(words) > 1 and all(w.isupper() for w in words))


def _tokens(doc, span: Span):
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    return list(toks) if toks is not None else []


def _cut_at_attribution(doc, text: str, m: Marked, lex: CueLexicon) -> None:
    """An unclosed quote ends where a bare "he said" begins inside it."""
    for tok in _tokens(doc, m.span):
        cue = lex.match(tok)
        if cue is None or "marked" not in cue.complements or not is_bare(tok, cue, lex):
            continue
        att = attribution(tok, cue, lex)
        start = att.clause[0]
        if start <= m.span[0]:
            continue
        before = text[m.span[0]:start].rstrip()
        if not before or before[-1] not in ",.;:?!…—–-\"”":
            continue  # "“We said nothing" — the verb is inside the speech
        m.span = trim(text, m.span[0], start)
        m.attribution = att
        return


def _attribute(doc, text: str, m: Marked, lex: CueLexicon, para: Span) -> None:
    """Find the cue verb that introduces a marked span."""
    toks = _tokens(doc, m.span)
    if not toks:
        return
    lo, hi = toks[0].i, toks[-1].i
    inside = range(lo, hi + 1)
    # 1. the span's words hang from a cue verb outside it ("“X” he added", "saying “X”")
    for tok in toks:
        head = tok.head
        if head.i in inside or head.i == tok.i:
            continue
        if not (para[0] <= head.idx < para[1]):
            continue
        cue = lex.match(head)
        if cue is not None and "marked" in cue.complements and _carries_content(tok, cue):
            m.attribution = attribution(head, cue, lex)
            m.embedded = False
            return
        # an ancestor cue further up: the marks quote a fragment of its clause
        anc = head
        for _ in range(6):
            if anc.head.i == anc.i:
                break
            anc = anc.head
            c = lex.match(anc)
            if c is not None and anc.i not in inside and c.kind == "speech":
                m.embedded = True
                break
    # 2. a cue verb outside hangs from the span's words ("“X,” he said, “Y”" parsed as parataxis)
    for tok in doc[max(0, lo - 12):min(len(doc), hi + 12)]:
        if tok.i in inside or not (para[0] <= tok.idx < para[1]) or tok.head.i not in inside:
            continue
        cue = lex.match(tok)
        if cue is not None and "marked" in cue.complements and is_bare(tok, cue, lex):
            m.attribution = attribution(tok, cue, lex)
            m.embedded = False
            return
    if m.embedded:
        return
    # 3. a bare attribution right next to the span, in another parsed sentence
    after_start = m.span[1]
    for tok in doc[hi + 1:min(len(doc), hi + 10)]:
        if not (para[0] <= tok.idx < para[1]):
            break
        cue = lex.match(tok)
        if cue is not None and "marked" in cue.complements and is_bare(tok, cue, lex):
            att = attribution(tok, cue, lex)
            gap = text[after_start:att.clause[0]]
            if all(ch in " ,.;:?!…—–-\"”’»" for ch in gap):
                m.attribution = att
                return
            break
    for tok in reversed(doc[max(0, lo - 10):lo]):
        if not (para[0] <= tok.idx < para[1]):
            break
        if tok.text == ":":
            named = name_colon(tok, para, lex)
            if named is not None and not text[tok.idx + 1:m.span[0]].strip(" “\"«‘"):
                m.attribution = named
                return
        cue = lex.match(tok)
        if cue is not None and ("marked" in cue.complements or "colon" in cue.complements):
            att = attribution(tok, cue, lex)
            gap = text[tok.idx + len(tok.text):m.span[0]]
            if att.speaker is not None and all(ch in " ,:;—–-\"“«‘" for ch in gap):
                m.attribution = att
                return
            break


@dataclass
class ColonQuote:
    span: Span
    attribution: Attribution
    rule: str = "direct.colon"


def colon_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, skip: set[int]) -> list[ColonQuote]:
    """ "he emphasised: We are ready ..." — unmarked speech after a cue and a
    colon runs to the end of the paragraph. A colon followed by a quotation mark
    is left to the marked rule."""
    out: list[ColonQuote] = []
    for tok in doc:
        if tok.i in skip:
            continue
        cue = lex.match(tok)
        if cue is None or "colon" not in cue.complements:
            continue
        colon = _colon_after(tok)
        if colon is None:
            continue
        para = paras.of(colon.idx)
        start = colon.idx + 1
        rest = text[start:para[1]].lstrip()
        if not rest or rest[0] in '“"«‘\'':
            continue
        span = trim(text, start, para[1])
        att = attribution(tok, cue, lex)
        if span[1] > span[0] and att.speaker is not None:
            out.append(ColonQuote(span=span, attribution=att))
    return out


def name_colon_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon) -> list[ColonQuote]:
    """ "Kuleba: We will not surrender" — a name standing alone before a colon
    at the start of a sentence (headlines, interview transcripts)."""
    out: list[ColonQuote] = []
    for tok in doc:
        if tok.text != ":":
            continue
        para = paras.of(tok.idx)
        named = name_colon(tok, para, lex)
        if named is None:
            continue
        rest = text[tok.idx + 1:para[1]].lstrip()
        if not rest or rest[0] in '“"«‘\'':
            continue  # the marked rule takes it, with this attribution
        span = trim(text, tok.idx + 1, para[1])
        if span[1] > span[0]:
            out.append(ColonQuote(span=span, attribution=named, rule="direct.colon.name"))
    return out


def name_colon(colon, para: Span, lex: CueLexicon) -> Attribution | None:
    """The attribution of "Name:" when the colon ends a short verbless phrase
    that starts a sentence and holds a proper name or a person noun."""
    doc = colon.doc
    words = [t for t in doc[colon.sent.start:colon.i] if not t.is_space and t.idx >= para[0]]
    if not 1 <= len(words) <= 5 or words[0].is_punct:
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.text in ",;:" for t in words):
        return None
    inside = {t.i for t in words}
    heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    head = heads[-1] if heads else words[-1]
    # a speaker, not a headline's topic ("Stealth Over Health:") or a label ("Editor's note:")
    if not (head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or head.lemma_.lower() in lex.person_nouns):
        return None
    span = (words[0].idx, words[-1].idx + len(words[-1].text))
    return Attribution(verb=colon, cue=COLON_CUE, speaker=head, speaker_span=span,
                       clause=(span[0], colon.idx + 1))


def _colon_after(verb):
    """The colon that closes "he said:", "told reporters on Friday:" (within a
    few words, with no verb or clause punctuation in between)."""
    doc = verb.doc
    for tok in doc[verb.i + 1:min(len(doc), verb.i + 7)]:
        if tok.text == ":":
            return tok
        if tok.is_punct or tok.pos_ in ("VERB", "AUX") or "\n" in tok.text:
            return None
    return None
