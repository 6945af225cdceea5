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

import re
from dataclasses import dataclass

from ..records import Span
from .quotes_cues import Attribution, Cue, CueLexicon, Paragraphs, attribution, is_bare, trim
from .quotes_indirect import content_of
from .tokens import column, tokens

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
        # a closing mark typed for an opening one: ”Mr. Trump embodies ...
        return "open" if (before in "\n" or i == 0) and after.isalnum() else "close"
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
    skip_to = para[0]
    for i in range(para[0], para[1]):
        ch = text[i]
        if i < skip_to:
            continue
        if text.startswith("''", i) and not text.startswith("'''", i):
            role = _double_apostrophe_role(text, i)  # ''typewriter double marks''
            skip_to = i + 2
            if role is None:
                continue
        elif ch not in '“”«»"':
            continue
        else:
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


def _double_apostrophe_role(text: str, i: int) -> str | None:
    """Two apostrophes standing for a double mark (''like this''), as some
    newspapers print them: 'open', 'close' or None."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 2] if i + 2 < len(text) else " "
    if before in OPENERS_BEFORE and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)—–-\"”" or i + 2 == len(text)):
        return "close"
    return None


def _mark_width(text: str, i: int) -> int:
    return 2 if text.startswith("''", i) else 1


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
        inside = [(s, e + _mark_width(text, e)) for s, e, _ in pairs]
        pairs += _pair_single(text, para, inside)
        for open_at, end, closed in sorted(pairs):
            span = trim(text, open_at + 1, end)
            if span[1] <= span[0] or (closed and _is_title(text[span[0]:span[1]])):
                continue
            m = Marked(span=span, closed=closed, rule="direct.marked" if closed else "direct.marked.unclosed")
            if not closed:
                _cut_at_attribution(doc, text, m, lex)
            if m.attribution is None:
                _attribute(doc, text, m, lex, para, paras)
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
        if not before or before[-1] not in ",.;:?!…—–-\"”'":
            continue  # "“We said nothing" — the verb is inside the speech
        m.span = trim(text, m.span[0], start)
        m.attribution = att
        return


def _attribute(doc, text: str, m: Marked, lex: CueLexicon, para: Span, paras: Paragraphs) -> None:
    """Find the cue verb that introduces a marked span."""
    toks = _tokens(doc, m.span)
    if not toks:
        return
    colon = next((t for t in toks[:6] if t.text == ":"), None)
    named = name_colon(colon, para, lex) if colon is not None else None
    if named is not None and named.speaker_span[0] >= m.span[0]:  # “PENCE: Well, look, ...”
        m.attribution = named
        m.span = trim(text, colon.idx + 1, m.span[1])
        return
    lo, hi = toks[0].i, toks[-1].i
    inside = range(lo, hi + 1)
    # 1. the span's words hang from a cue verb outside it ("“X” he added", "saying “X”")
    for tok in toks:
        head = tok.head
        if head.i in inside or head.i == tok.i:
            continue
        if not (para[0] <= head.idx < para[1]) or head.is_punct:
            continue  # a word hung on the quotation mark itself is a broken parse, not a fragment of a clause
        cue = lex.match(head)
        if cue is not None and "marked" in cue.complements and _carries_content(tok, cue):
            if _fragment_of_content(head, cue, text, m, para, lex):
                m.embedded = True  # “mixed” quote: the clause rules take the whole content
                return
            m.attribution = attribution(head, cue, lex)
            m.embedded = False
            _extend_mixed(text, m, para)
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
            _extend_mixed(text, m, para)
            return
    if m.embedded:
        return
    dashed = _dash_attribution(doc, text, m, para)
    if dashed is not None:
        m.attribution = dashed
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
            if all(ch in " ,.;:?!…—–-\"”’»'" for ch in gap):
                m.attribution = att
                _extend_mixed(text, m, para)
                return
            break
    # 4. an attribution before it: "saying “X”", "he added:\n\n“X”" (a colon may
    # close the paragraph before), with the cue's own modifiers in between
    window = para
    prev = paras.spans[paras.index(para[0]) - 1] if paras.index(para[0]) > 0 else None
    if prev is not None and not text[para[0]:m.span[0]].strip(" “\"«‘'") and text[:prev[1]].rstrip().endswith(":"):
        window = (prev[0], para[1])
    for tok in reversed(doc[max(0, lo - 16):lo]):
        if not (window[0] <= tok.idx < window[1]):
            break
        if tok.text == ":":
            named = name_colon(tok, paras.of(tok.idx), lex)
            if named is not None and not text[tok.idx + 1:m.span[0]].strip(" “\"«‘\n"):
                m.attribution = named
                return
        cue = lex.match(tok)
        if cue is not None and ("marked" in cue.complements or "colon" in cue.complements):
            att = attribution(tok, cue, lex)
            between = doc[tok.i + 1:lo]
            own = all(t.is_punct or t.is_space or tok in t.ancestors for t in between)
            gap = text[tok.idx + len(tok.text):m.span[0]]
            if att.speaker is not None and (all(ch in " \n,:;—–-\"“«‘'" for ch in gap)
                                            or (own and gap.rstrip(" “\"«‘'")[-1:] in (",", ":"))):
                m.attribution = att
                return
            break


# "“...” ― Jacklyn Ashley": a dash and a name closing the paragraph.
DASH_NAME = re.compile(r"[\"”'’»]?\s*[―—–]{1,2}\s*|[\"”'’»]?\s*--\s*")
DASH_CUE = Cue(id="dash", lemmas=frozenset(), forms=frozenset(), complements=frozenset({"marked"}))


def _dash_attribution(doc, text: str, m: Marked, para: Span) -> Attribution | None:
    """A closed quote followed by a dash and a name that ends the paragraph
    (readers' comments, epigraphs): the name is the speaker."""
    if not m.closed:
        return None
    dash = DASH_NAME.match(text, m.span[1], para[1])
    if dash is None:
        return None
    rest = text[dash.end():para[1]]
    name_end = dash.end() + len(rest.split(",")[0].rstrip(" ."))
    toks = doc.char_span(dash.end(), name_end, alignment_mode="expand")
    if toks is None or not 1 <= len(toks) <= 6 or not all(t.text[:1].isupper() or t.is_punct for t in toks):
        return None
    head = [t for t in toks if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
    if not head:
        return None
    return Attribution(verb=head[-1], cue=DASH_CUE, speaker=head[-1], speaker_span=(toks[0].idx, name_end),
                       clause=(dash.start(), name_end))


def _fragment_of_content(verb, cue, text: str, m: Marked, para: Span, lex: CueLexicon) -> bool:
    """Whether the marks quote only part of what the cue's clause rules take:
    "said the tax breaks “do nothing to boost the economy”", "called Wells
    Fargo's behaviour “outrageous”" (when those rules are on)."""
    found = content_of(verb, cue, text, para, lex)
    if found is None:
        return False
    start, end = found[0]
    if start > m.span[0] + 2 or end < m.span[1] - 2:
        return False
    outside = text[start:max(start, m.span[0])] + " " + text[min(end, m.span[1]):end]
    return len(re.findall(r"\w+", outside)) >= 2


# Where a sentence (or a previous quotation) ends, looking back from a quote.
SENTENCE_BREAK = re.compile(r"[.?!…:;][\"”’'»)]*(?:\s+|$)|[”»]\s*|''\s*")


def _extend_mixed(text: str, m: Marked, para: Span) -> None:
    """ "With thousands of systems, “there is no single point of failure,” he
    said", "“You squeezed employees” to drive up the price, she said": the
    unmarked words of the sentence belong to the quote its attribution follows."""
    att = m.attribution
    if att is None or att.verb.idx < m.span[1] or att.clause[0] < m.span[1]:
        return
    k = m.span[0]
    while k > para[0] and text[k - 1] in " “\"«‘'":
        k -= 1
    cut = para[0]
    for found in SENTENCE_BREAK.finditer(text, para[0], k):
        cut = found.end()
    start = cut if re.search(r"\w", text[cut:k]) else m.span[0]
    tail = text[m.span[1]:att.clause[0]]
    end = att.clause[0] if re.search(r"\w", tail) and not re.search(r"[.?!…;]\s", tail) else m.span[1]
    if (start, end) != m.span:
        m.span = trim(text, start, end, keep_final=False)
        m.rule = "direct.marked.mixed"


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
    toks = tokens(doc)
    for i, cue in enumerate(lex.verb_cues(doc)):
        if cue is None or i in skip or "colon" not in cue.complements:
            continue
        tok = toks[i]
        colon = _colon_after(tok)
        if colon is None:
            continue
        para = paras.of(colon.idx)
        start = colon.idx + 1
        rest = text[start:para[1]].lstrip()
        k = paras.index(colon.idx)
        if not rest and k + 1 < len(paras.spans):  # "The governor added:\n\nIt's typical ..."
            para = paras.spans[k + 1]
            start, rest = para[0], text[para[0]:para[1]]
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
    toks = tokens(doc)
    for i in [i for i, word in enumerate(column(doc, "text")) if word == ":"]:
        tok = toks[i]
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
    start = words[0].idx if words else colon.idx  # where the phrase starts, opening marks included
    while words and words[0].text in '“"«‘\'':  # "“PENCE: Well, ...": a transcript quoted whole
        words = words[1:]
    if not 1 <= len(words) <= 5 or words[0].is_punct:
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.text in ",;:" for t in words):
        return None
    inside = {t.i for t in words}
    heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    head = heads[-1] if heads else words[-1]
    lemma = head.lemma_.lower()
    if lemma in lex.not_speakers or words[-1].lower_ in lex.not_speakers:
        return None  # a label: "UPDATE:", "Editor's note:"
    # a speaker, not a headline's topic ("Stealth Over Health:"): a name, a
    # person or document noun ("Poll:"), or a transcript's capitalised label ("PENCE:")
    # (a transcript quoted whole keeps its opening mark: "“PENCE: Well, ...")
    label = start == para[0] and len(words) <= 3 and all(t.text.isupper() and t.is_alpha for t in words)
    if not (head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or lemma in lex.person_nouns
            or lemma in lex.document_nouns or label):
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


# Complements that carry content (a cue with none of these only attributes marks or colons).
CONTENT_COMPLEMENTS = frozenset({"ccomp", "obj", "xcomp", "prep", "for", "obj_oprd", "obj_as", "obj_of", "obj_to"})
PARTICLES = {"up", "out", "off", "down", "in"}
# Endings a headline's capitalised verb may carry ("Says", "Calls", "Vows", "Hammers").
HEADLINE_ENDINGS = ("", "s", "es", "d", "ed", "ing")


def headline_quotes(doc, text: str, paras: Paragraphs, lex: CueLexicon, taken: list[Span]) -> list[ColonQuote]:
    """A title as the first paragraph: "Lindsey Graham Says Trump Could Address
    Clean Energy", "Trump ‘The Dealmaker’ Could Address Clean Energy, Lindsey
    Graham Says". Title case defeats the parser, so the cue is found by its
    surface form: the words before it name the speaker, the words after it (or
    before the comma, when it ends the title) are the content."""
    if len(paras.spans) < 2:
        return []  # a title stands above a body
    para = paras.spans[0]
    toks = [t for t in tokens(doc) if para[0] <= t.idx < para[1] and not t.is_space]
    words = [t for t in toks if t.is_alpha]
    if not 3 <= len(words) <= 25 or any(s < para[1] and para[0] < e for s, e in taken) \
            or re.search(r"[.?!]\s+\S", text[para[0]:para[1]].rstrip(" .\"”’'")) \
            or 2 * sum(t.text[0].isupper() for t in words) < len(words):
        return []  # one short line in title case, not a sentence of a lead paragraph
    inside = _inside_marks(text, para)
    for k, tok in enumerate(toks[1:], start=1):
        cue = lex.match(tok) or _surface_cue(tok, lex)
        if cue is None or any(s <= tok.idx < e for s, e in inside) or not toks[0].text[:1].isupper() \
                or not cue.complements & CONTENT_COMPLEMENTS:
            continue
        if k + 1 < len(toks) and toks[k + 1].lower_ in PARTICLES and not cue.particle:
            continue  # "Trump Shows Up at Debate"
        before, after = toks[:k], toks[k + 1:]
        colon = max((i for i, t in enumerate(before) if t.text == ":"), default=None)
        if colon is not None:  # "The Latest: Trump urges ..."
            before = before[colon + 1:]
        comma = max((i for i, t in enumerate(before) if t.text == ","), default=None)
        if comma is not None and all(t.is_punct for t in after):  # "..., Lindsey Graham Says."
            speaker, content = before[comma + 1:], (para[0], before[comma].idx)
        else:
            speaker, content = before, (tok.idx + len(tok.text), para[1])
            if speaker and speaker[-1].text == ":":
                continue
        speaker = [t for t in speaker if not t.is_punct] if speaker else []
        if not 1 <= len(speaker) <= 6 or not speaker[0].text[:1].isupper() or speaker[0].pos_ in ("AUX", "VERB"):
            continue
        span = trim(text, *content, keep_final=False)
        if len(text[span[0]:span[1]].split()) < 2:
            continue
        sp = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text))
        att = Attribution(verb=tok, cue=cue, speaker=speaker[-1], speaker_span=sp, clause=(min(sp[0], tok.idx),
                                                                                        max(sp[1], tok.idx + len(tok.text))))
        return [ColonQuote(span=span, attribution=att, rule="direct.headline")]
    return []


def _surface_cue(tok, lex: CueLexicon) -> Cue | None:
    """A capitalised verb the tagger took for a name ("Says", "Vows")."""
    if not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "VERB"):
        return None
    word = tok.lower_
    for ending in HEADLINE_ENDINGS:
        if ending and not word.endswith(ending):
            continue
        cue = lex.cue_for_word(word[:len(word) - len(ending)] if ending else word)
        if cue is not None and not cue.particle:
            return cue
    return None


def _inside_marks(text: str, para: Span) -> list[Span]:
    return [(s + 1, e) for s, e, _ in _pair(text, para)] + [(s + 1, e) for s, e, _ in _pair_single(text, para, [])]
