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

# Dependency labels of a cue verb's children that still leave it a "bare"
# attribution ("he said on Thursday", "said Griffiths in an interview").
BARE_CHILD_DEPS = {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "prep",
                   "punct", "cc", "agent", "prt", "dep", "mark", "advcl", "conj", "intj"}
# Words that may stand between a clause and its attribution: ", he said".
CLAUSE_END = set(",.;:?!…—–-\"“”'‘’«»)")
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
    kind: str = "speech"  # "speech" or "belief"
    addressee: bool = False
    particle: str | None = None  # "out" for "point out"


class CueLexicon:
    """Reporting verbs and the complements they take, from ``cues.yaml``."""

    def __init__(self, cues: Iterable[Cue], participle_stops: Iterable[str] = (), person_nouns: Iterable[str] = ()):
        self.cues = list(cues)
        self._by_word: dict[str, Cue] = {}
        for cue in self.cues:
            for word in cue.lemmas | cue.forms:
                self._by_word.setdefault(word, cue)
        self.participle_stops = frozenset(participle_stops)
        self.person_nouns = frozenset(person_nouns)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "CueLexicon":
        cues = [Cue(id=c["id"], lemmas=frozenset(c.get("lemmas", [])), forms=frozenset(c.get("forms", [])),
                    complements=frozenset(c.get("complements", [])), kind=c.get("kind", "speech"),
                    addressee=bool(c.get("addressee", False)), particle=c.get("particle"))
                for c in data.get("cues", [])]
        return cls(cues, data.get("participle_stops", []), data.get("person_nouns", []))

    def match(self, tok) -> Cue | None:
        """The cue of a verb token, by lemma or (when tagging fails) surface form."""
        if not (tok.tag_.startswith("VB") or tok.pos_ == "VERB"):
            return None
        cue = self._by_word.get(tok.lemma_.lower()) or self._by_word.get(tok.lower_)
        if cue is None:
            return None
        if cue.particle and not any(c.dep_ == "prt" and c.lower_ == cue.particle for c in tok.children):
            return None
        return cue

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
    cue verb, else of the sentence root: parsers often hang it from the last
    verb of the content ("... will not give in, saying"), but in news it
    continues the main clause."""
    own = _own_subject(verb)
    if own is not None:
        return own
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "dep", "pcomp", "xcomp", "conj"):
        root = None
        for anc in verb.ancestors:
            subj = _own_subject(anc)
            if subj is not None and is_cue is not None and is_cue(anc):
                return subj
            root = anc
        return _own_subject(root) if root is not None else None
    tok = verb
    for _ in range(8):
        if tok.dep_ == "relcl":  # "Griffiths, who said ..."
            return tok.head
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head.i == tok.i:
            return None
        tok = tok.head
        own = _own_subject(tok)
        if own is not None:
            return own
    return None


def _own_subject(verb) -> Any | None:
    """The nsubj nearest the verb ("KYIV, Ukraine (AP) – The UN humanitarian
    chief said": the chief, not the dateline), else the agent of a passive."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in SPEAKER_POS]
    if subjects:
        # the nearest on the left; one on the right only when inverted ("said Griffiths")
        left = [c for c in subjects if c.i < verb.i]
        return _unrelative(max(left, key=lambda c: c.i) if left else min(subjects, key=lambda c: c.i))
    for child in verb.children:
        if child.dep_ == "agent":  # "was quoted by X"
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
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
    # a leading "Host" or "," from a bad parse is fine; a leading punct is not.
    while left.i < head.i and left.is_punct:
        left = left.doc[left.i + 1]
    return (left.idx, right.idx + len(right.text))


def attribution(verb, cue: Cue, lex: "CueLexicon") -> Attribution:
    subj = subject_of(verb, lambda t: lex.match(t) is not None)
    span = phrase_span(subj) if subj is not None else None
    clause = _clause_span(verb, subj)
    return Attribution(verb=verb, cue=cue, speaker=subj, speaker_span=span, clause=clause)


def _clause_span(verb, subj) -> Span:
    """Chars of "he said on Thursday": the subject (when it is a direct child) and
    the verb with its bare modifiers, without content or following clauses."""
    toks = [verb]
    if subj is not None and subj.head.i == verb.i:
        toks.extend(subj.subtree)
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "advmod", "npadvmod", "prt") and abs(child.i - verb.i) <= 4:
            toks.extend(child.subtree)
    lo = min(t.i for t in toks)
    hi = max(t.i for t in toks)
    doc = verb.doc
    return (doc[lo].idx, doc[hi].idx + len(doc[hi].text))


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
