"""What the quote rules share: the cue lexicon of ``data/cues.yaml``, paragraph
spans, and the attribution of a cue verb (who speaks, where the "he said" clause
lies).

Everything works on one spaCy ``Doc`` and character offsets into its text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..records import Span
from .memo import per_doc
from .tokens import column, tokens

# Words that may stand between a clause and its attribution: ", he said".
CLAUSE_END = set(",.;:?!…—–-\"“”'‘’«»)")
# Marks that close a quotation before its inverted attribution ("…,” said X).
_QUOTE_CLOSE = {",", "”", '"', "’", "'", "»", "''"}
RELATIVE = {"who", "that", "which", "whom"}
# Parts of speech a speaker's head word can have (not "'s" or a stray mark).
SPEAKER_POS = {"PROPN", "NOUN", "PRON", "NUM", "DET", "ADJ", "X"}
FIRST_PERSON = {"i", "we", "my", "our", "me", "us", "ours", "mine", "myself", "ourselves"}
PRONOUN_KINDS: dict[str, tuple[str, ...]] = {
    "he": ("person",), "she": ("person",), "him": ("person",), "her": ("person",),
    "they": ("person", "organization", "state", "group", "armed_group"),
    "it": ("organization", "state", "group", "armed_group"),
}


@dataclass(frozen=True)
class Cue:
    id: str
    lemmas: frozenset[str]
    forms: frozenset[str]
    complements: frozenset[str]
    kind: str = "speech"  # "speech", "belief", "evidence" or "stance"
    addressee: bool = False
    particle: str | None = None  # "out" for "point out"
    preps: frozenset[str] = frozenset()  # prepositions of the "prep" complement


SWITCHES = ("according_to", "stance", "attribution", "full_sources")


def with_profile(data: dict[str, Any], profile: str | None) -> dict[str, Any]:
    """``cues.yaml`` data with the switches of a named profile turned on or off."""
    if not profile:
        return data
    settings = (data.get("profiles") or {}).get(profile)
    if settings is None:
        raise KeyError(f"cues.yaml has no profile {profile!r}")
    out = dict(data)
    for switch, value in settings.items():
        out[switch] = {**(data.get(switch) or {}), "enabled": bool(value)}
    return out


def _cue(c: dict[str, Any], attribution: bool) -> Cue | None:
    """A cue entry of the data, or None when its scheme is off."""
    if c.get("scheme", "quote") == "attribution" and not attribution:
        return None
    comps = set(c.get("complements", []))
    if attribution:
        comps |= set(c.get("attribution_complements", []))
    return Cue(id=c["id"], lemmas=frozenset(c.get("lemmas", [])), forms=frozenset(c.get("forms", [])),
               complements=frozenset(comps), kind=c.get("kind", "speech"),
               addressee=bool(c.get("addressee", False)), particle=c.get("particle"),
               preps=frozenset(c.get("preps", [])))


class CueLexicon:
    """Reporting verbs and nouns and the complements they take, from ``cues.yaml``."""

    def __init__(self, cues: Iterable[Cue], participle_stops: Iterable[str] = (), person_nouns: Iterable[str] = (),
                 according_to: bool = False, stance: bool = False, nouns: Iterable[Cue] = (),
                 document_nouns: Iterable[str] = (), attribution: bool = False, not_speakers: Iterable[str] = (),
                 full_sources: bool = False):
        self.cues = list(cues)
        self._by_word: dict[str, Cue] = {}
        for cue in self.cues:
            for word in cue.lemmas | cue.forms:
                self._by_word.setdefault(word, cue)
        self.nouns = list(nouns)
        self._by_noun = {lemma: n for n in self.nouns for lemma in n.lemmas}
        self.participle_stops = frozenset(participle_stops)
        self.person_nouns = frozenset(person_nouns)
        self.document_nouns = frozenset(document_nouns)
        self.not_speakers = frozenset(not_speakers)
        self._by_adjective: dict[str, Cue] = {}
        self.according_to = according_to  # quote "X, according to Y" (off by default)
        self.stance = stance  # quote demands and labels: "called for X", "urged X to Y" (off by default)
        self.attribution = attribution  # the broader PolNeAR / PARC scheme (off by default)
        self.full_sources = full_sources  # speaker spans with appositions and relative clauses (off by default)

    @classmethod
    def from_data(cls, data: dict[str, Any], profile: str | None = None) -> "CueLexicon":
        data = with_profile(data, profile)
        on = {s: bool((data.get(s) or {}).get("enabled", False)) for s in SWITCHES}
        cues = [c for c in (_cue(d, on["attribution"]) for d in data.get("cues", [])) if c is not None]
        nouns = [c for c in (_cue({**d, "complements": ["that"]}, on["attribution"]) for d in data.get("nouns", []))
                 if c is not None]
        adjectives = [c for c in (_cue({**d, "complements": ["that"], "kind": "belief"}, on["attribution"])
                                  for d in data.get("adjectives", [])) if c is not None]
        lex = cls(cues, data.get("participle_stops", []), data.get("person_nouns", []), nouns=nouns,
                  document_nouns=data.get("document_nouns", []), not_speakers=data.get("not_speakers", []), **on)
        lex._by_adjective = {lemma: a for a in adjectives for lemma in a.lemmas}
        return lex

    def cue_for_word(self, word: str) -> Cue | None:
        """The cue of a lemma or listed form, without a token."""
        return self._by_word.get(word)

    # The rules take a token's attributes as values, so that a token and a document's
    # columns (``verb_cues``, ``other_cues``) are judged by the same code.
    def _noun_cue(self, pos: str, lemma: str) -> Cue | None:
        return self._by_noun.get(lemma.lower()) if pos == "NOUN" else None

    def _adjective_cue(self, pos: str, lemma: str, lower: str) -> Cue | None:
        if pos != "ADJ":
            return None
        return self._by_adjective.get(lemma.lower()) or self._by_adjective.get(lower)

    def _verb_cue(self, tag: str, pos: str, lemma: str, lower: str, tok) -> Cue | None:
        if not (tag.startswith("VB") or pos == "VERB"):
            return None
        cue = self._by_word.get(lemma.lower()) or self._by_word.get(lower)
        if cue is None:
            return None
        if cue.particle and not any(c.dep_ == "prt" and c.lower_ == cue.particle for c in tok.children):
            return None
        return cue

    def match_noun(self, tok) -> Cue | None:
        """The cue of an attribution noun ("claim", "warning")."""
        return self._noun_cue(tok.pos_, tok.lemma_)

    def match_adjective(self, tok) -> Cue | None:
        """The cue of a stance adjective ("critical of", "afraid that")."""
        return self._adjective_cue(tok.pos_, tok.lemma_, tok.lower_)

    def match(self, tok) -> Cue | None:
        """The cue of a verb token, by lemma or (when tagging fails) surface form."""
        return self._verb_cue(tok.tag_, tok.pos_, tok.lemma_, tok.lower_, tok)

    def verb_cues(self, doc) -> list[Cue | None]:
        """``match`` for every token of ``doc``, by token index: made once per document (two
        rules walk the whole document for cue verbs) from the shared token columns."""
        def build() -> list[Cue | None]:
            cols = [column(doc, a) for a in ("tag_", "pos_", "lemma_", "lower_")]
            return [self._verb_cue(*values, tok) for *values, tok in zip(*cols, tokens(doc))]
        return per_doc(doc, f"verb_cues:{id(self)}", build)

    def other_cues(self, doc) -> list[Cue | None]:
        """``match_noun`` or else ``match_adjective`` for every token of ``doc``, by token index."""
        poss, lemmas, lowers = (column(doc, a) for a in ("pos_", "lemma_", "lower_"))
        return [self._noun_cue(pos, lemma) or self._adjective_cue(pos, lemma, lower)
                for pos, lemma, lower in zip(poss, lemmas, lowers)]

    def stops_content(self, tok) -> bool:
        """A participle that ends a content clause (", expressing ...", ", adding ...")."""
        return tok.tag_ == "VBG" and (tok.lemma_.lower() in self.participle_stops or self.match(tok) is not None)


class Paragraphs:
    """Paragraph spans of a text: a line break ends a paragraph."""

    def __init__(self, text: str):
        self.spans: list[Span] = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        self._starts = [s for s, _ in self.spans]

    def of(self, offset: int) -> Span:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return (0, 0)
        return self.spans[i]

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1


@dataclass
class Attribution:
    """A cue verb with its speaker: "he said", "said Griffiths", "saying"."""

    verb: Any  # spacy Token
    cue: Cue
    speaker: Any | None  # head Token of the speaker phrase
    speaker_span: Span | None
    clause: Span  # chars of the attribution clause (speaker + verb + adverbials)

    @property
    def cue_text(self) -> str:
        return self.verb.text


def subject_of(verb, is_cue: Callable[[Any], bool] | None = None) -> Any | None:
    """The grammatical subject of a cue verb. A conjunct or infinitive ("and
    claimed", "refused to say") takes its head's subject. A participle clause
    (", saying ...", ", adding ...") takes the subject of the nearest governing
    cue verb, else of the highest governing verb whose subject precedes it:
    parsers often hang it from the last verb of the content ("... will not
    give in, saying"), but in news it continues the main clause."""
    own = _own_subject(verb)
    if own is not None:
        return own
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "dep", "pcomp", "xcomp", "conj"):
        reduced = _reduced_relative(verb)
        if reduced is not None:
            return reduced
        # candidates: governing verbs whose subject stands before the participle
        # (not the content after "saying:", which a parse may make the root)
        best = None
        for anc in verb.ancestors:
            subj = _own_subject(anc)
            if subj is None or subj.i > verb.i:
                continue
            if anc.dep_ == "relcl" and verb.dep_ == "advcl":
                # "... an architect who said he was stiffed, saying ...": a
                # participle clause adds to the main clause, never to a relative
                # clause inside it (the parse hangs it on the nearest verb);
                # but in "with Clinton — who has ... — lambasting the plan" the
                # object of "with" is the participle's own subject
                noun = anc.head
                if noun.dep_ == "pobj" and noun.head.lower_ == "with":
                    return noun
                continue
            if is_cue is not None and is_cue(anc):
                return subj
            best = subj
        return best
    tok = verb
    for _ in range(8):
        if tok.dep_ == "relcl":  # "Griffiths, who said ..."
            return tok.head
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head.i == tok.i:
            break
        if tok.dep_ == "xcomp":
            controller = _object_controller(tok)
            if controller is not None:
                return controller
        tok = tok.head
        own = _own_subject(tok)
        if own is not None:
            return own
    return _adjacent_subject(verb)


def _reduced_relative(verb) -> Any | None:
    """A participle that describes the noun before it, with no comma between
    ("a series of tweets criticizing X", "footage of Clinton asking"): a noun
    that can speak is the speaker itself; a thing that speaks for someone
    (tweets, an ad) is the work of the subject of the clause it stands in."""
    head = verb.head
    if verb.dep_ != "acl" or head.i >= verb.i or head.pos_ not in ("NOUN", "PROPN", "PRON") \
            or any(t.is_punct for t in verb.doc[head.i + 1:verb.i]):
        return None
    if _can_hold(head):
        return head
    for anc in head.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            subj = _own_subject(anc)
            if subj is not None and subj.i < verb.i:
                return subj
            if anc.dep_ not in ("conj", "xcomp"):
                break
    return None


# Pronouns that cannot stand for the person who holds an attitude or speaks.
_NOT_HOLDERS = {"it", "this", "that", "which", "what", "there"}


def _object_controller(xcomp) -> Any | None:
    """Object control: in "forced Stumpf to admit that ...", "led the journalist
    to fear ...", "asked him to explain ..." the infinitive's understood subject
    is the object of the verb above it, not that verb's subject; in the passive
    ("Stumpf was forced to admit") it is the passive subject. Only a noun phrase
    that can hold a view counts (a name, a personal pronoun, a plural or
    titled noun): "used the speech to argue" is a purpose clause whose subject
    stays the speaker's."""
    head = xcomp.head
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
        return None
    for c in head.children:
        if c.i < xcomp.i and (c.dep_ == "dobj" and c.i > head.i or c.dep_ == "nsubjpass" and c.i < head.i) \
                and _can_hold(c):
            return _unrelative(c)
    return None


def _can_hold(tok) -> bool:
    """A noun phrase head that can name a speaker or holder of a view."""
    if tok.lower_ in _NOT_HOLDERS:
        return False
    if tok.pos_ in ("PROPN", "PRON"):
        return True
    return tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _adjacent_subject(verb) -> Any | None:
    """A name or pronoun right before a finite verb that the parser attached
    elsewhere ("... with the editorial board of the Washington Post Trump said
    that ..."): the subject of "X said"."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    k = verb.i - 1
    while k >= 0 and verb.doc[k].dep_ in ("advmod", "aux", "neg") and verb.doc[k].head.i == verb.i:
        k -= 1
    if k < 0:
        return None
    prev = verb.doc[k]
    if prev.pos_ in ("PROPN", "PRON") and prev.lower_ not in RELATIVE and prev.dep_ not in ("nsubj", "dobj") \
            and not prev.is_punct:
        return prev
    return None


def _own_subject(verb) -> Any | None:
    """The nsubj nearest the verb ("KYIV, Ukraine (AP) – The UN humanitarian
    chief said": the chief, not the dateline), else the agent of a passive."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in SPEAKER_POS]
    if subjects:
        # the nearest on the left; one on the right only when inverted ("said Griffiths")
        left = [c for c in subjects if c.i < verb.i]
        right = [c for c in subjects if c.i > verb.i]
        if left and right and any(t.text in _QUOTE_CLOSE for t in verb.doc[max(c.i for c in left) + 1:verb.i]):
            # "“... Full panic mode,” said Leslie Wimes": a parse that also makes
            # the quote's last noun a subject; the speaker is the inverted one
            left = []
        if left:
            return _unrelative(max(left, key=lambda c: c.i))
        first = min(right, key=lambda c: c.i)
        # inverted "said Griffiths" is next to its verb, not behind a colon
        if not any(t.text in ":;" or "\n" in t.text for t in verb.doc[verb.i + 1:first.i]):
            return first
        return None
    for child in verb.children:
        if child.dep_ == "agent":  # "was quoted by X"
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def relative_subject(verb) -> Any | None:
    """The relative pronoun that is the subject of a verb's clause ("who said",
    "who said ... and added"), if any."""
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i and c.lower_ in RELATIVE and tok.dep_ == "relcl":
                return c
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _unrelative(tok):
    if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def phrase_span(head) -> Span:
    """The noun phrase of a speaker head, without appositions, relative clauses
    or anything after a comma: "France's Europe Minister Clement Beaune"."""
    left = head.left_edge
    right = head
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "nmod", "nummod", "pobj", "cc", "conj", "case") \
                and not any(t.text == "," for t in head.doc[right.i + 1:child.i]):
            right = child.right_edge
        else:
            break
    doc = head.doc
    # a name the parser split ("Abdel Fattah al-Burhan": al, -, Burhan as three subjects)
    while left.i > 0 and (doc[left.i - 1].tag_ in ("NNP", "NNPS", "HYPH") or doc[left.i - 1].text == "-") \
            and not doc[left.i - 1].is_space \
            and (left.i - 1 <= doc[left.i - 1].head.i <= head.i or doc[left.i - 1].head.i == head.head.i):
        left = doc[left.i - 1]
    # a leading punctuation mark from a bad parse is not part of the name
    while left.i < head.i and left.is_punct:
        left = doc[left.i + 1]
    return (left.idx, right.idx + len(right.text))


def attribution(verb, cue: Cue, lex: "CueLexicon") -> Attribution:
    subj = subject_of(verb, lambda t: lex.match(t) is not None)
    span = phrase_span(subj) if subj is not None else None
    rel = relative_subject(verb)
    if rel is not None and subj is not None and _unrelative(rel).i == subj.i:
        # "Brunner, who said ...": the pronoun is the surface form nearest the
        # quote (speaker_text), the antecedent the speaker it resolves to
        span = (rel.idx, rel.idx + len(rel.text))
    clause = _clause_span(verb, subj)
    return Attribution(verb=verb, cue=cue, speaker=subj, speaker_span=span, clause=clause)


def _clause_span(verb, subj) -> Span:
    """Chars of "he said on Thursday": the subject phrase (when it is the verb's
    own) and the verb with its bare modifiers, without content or later clauses."""
    toks = [verb]
    starts = []
    if subj is not None and subj.head.i == verb.i:
        toks.extend(subj.subtree)
        starts.append(phrase_span(subj)[0])  # includes a name the parser split
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "advmod", "npadvmod", "prt") and abs(child.i - verb.i) <= 4:
            toks.extend(child.subtree)
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return (min([first.idx] + starts), last.idx + len(last.text))


def is_bare(verb, cue: Cue, lex: "CueLexicon") -> bool:
    """A cue verb with a subject and no content of its own after it: "he said.",
    ", Cavusoglu said", "he told France Inter radio"."""
    if subject_of(verb, lambda t: lex.match(t) is not None) is None:
        return False
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in ("ccomp", "xcomp", "parataxis", "oprd", "attr", "acomp"):
            return False
        if child.dep_ in ("dobj", "dative") and not cue.addressee:
            return False
        if child.dep_ == "punct" and child.text == ":":
            return False
    return True


def has_first_person(doc, span: Span) -> bool:
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    return toks is not None and any(t.lower_ in FIRST_PERSON for t in toks)


def trim(text: str, start: int, end: int, keep_final: bool = True) -> Span:
    """Strip spaces, quote marks and separating commas from the edges of a span;
    a final full stop is kept ("... right away.")."""
    lead = " \t\n,;:—–-\"“”«»‘'"
    tail = " \t\n,;:—–-\"“”«»‘'" if keep_final else " \t\n,;:—–-\"“”«»‘'.!?"
    while start < end and text[start] in lead:
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return (start, end)


@dataclass
class ClauseQuote:
    span: Span
    attribution: Attribution
    kind: str
    rule: str


def span_of(doc, lo: int, hi: int, text: str, para: Span) -> Span | None:
    if hi < lo:
        return None
    start, end = max(doc[lo].idx, para[0]), min(doc[hi].idx + len(doc[hi].text), para[1])
    span = trim(text, start, end, keep_final=False)
    return span if span[1] > span[0] else None


# Subordinators of another speaker's statement set against the content ("while Hamas denied").
CONTRAST = {"while", "whereas", "although", "though"}


def cut_content(doc, lo: int, hi: int, lex: CueLexicon) -> int:
    """Where a content clause stops: before ", expressing frustration ..." or
    ", adding ..." (the speaker's next act), before ", according to X" (the
    source of the report) and before ", while Hamas denied ..." (another
    speaker's attribution hung on the clause)."""
    for tok in doc[lo + 1:hi + 1]:
        prev = doc[tok.i - 1]
        if prev.text in (",", "—", "–") and (lex.stops_content(tok) or tok.lower_ == "according"):
            return tok.i - 2
        cue = lex.match(tok) if tok.dep_ == "advcl" else None
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        if cue is not None and cue.kind == "speech" and tok.left_edge.i > lo and (not marks or marks & CONTRAST) \
                and any(c.dep_ == "nsubj" for c in tok.children):
            end = tok.left_edge.i - 1
            return end - 1 if doc[end].is_punct else end
    return hi


# The full stop of a title or month abbreviation ("Mr. Clarke", "after the
# Sept. 11 attacks") ends no sentence.
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Prof",
                 "Rev", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
# (the mark is matched first, so the look-behinds run only at candidate marks)
SENTENCE_END = re.compile(r"[.?!…]" + "".join(rf"(?<!\b{a}\.)" for a in ABBREVIATIONS) + r"(?=[\s\"”’'»)]|$)")
