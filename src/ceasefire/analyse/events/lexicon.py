"""The event rules of ``data/events/*.yaml``, compiled for matching.

Rules are data so that a new conflict's vocabulary is a data change: a
trigger is a list of phrases (words separated by spaces, alternatives by
``|``, each compared with a token's lower-case text and its lemma), with an
id that ends up in the provenance (``Event.rule``) of every record it makes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..memo import per_doc
from ..tokens import column

# One file per family; the order is the order in which families claim
# trigger tokens ("called for" by a body is a resolution before it can be a
# statement; "ceasefire" is a ceasefire before it can be a talks agenda word).
FAMILY_FILES: tuple[tuple[str, str], ...] = (
    ("resolution", "events/resolution.yaml"),
    ("ceasefire", "events/ceasefire.yaml"),
    ("corridor", "events/corridor.yaml"),
    ("talks", "events/talks.yaml"),
    ("aid", "events/aid.yaml"),
    ("attack", "events/attack.yaml"),
    ("military", "events/military.yaml"),
    ("statement", "events/statement.yaml"),
)
COMMON_FILE = "events/common.yaml"

Pattern = tuple[frozenset[str], ...]


def words(values: Iterable[str] | None) -> frozenset[str]:
    """A set of lower-case words (multi-word entries kept whole)."""
    return frozenset(str(v).lower() for v in (values or ()))


def compile_phrase(phrase: str) -> Pattern:
    return tuple(frozenset(alt for alt in part.lower().split("|") if alt) for part in phrase.split())


def _forms(tok: Any) -> tuple[str, ...]:
    return _forms_of(tok.lower_, tok.lemma_, tok.tag_)


def _forms_of(low: str, lemma: str, tag: str) -> tuple[str, ...]:
    """``_forms`` from a token's lower-case text, lemma and tag."""
    out = [low, lemma.lower()]
    if tag in ("VBD", "VBN") and low.endswith("ed"):
        out += [low[:-2], low[:-1]] + ([low[:-3] + "y"] if low.endswith("ied") else [])
    elif tag == "VBG" and low.endswith("ing"):
        out += [low[:-3], low[:-3] + "e"]
    elif tag in ("NNS", "VBZ") and low.endswith("s"):
        out.append(low[:-1])
        if low.endswith("es"):
            out.append(low[:-2])
        if low.endswith("ies"):
            out.append(low[:-3] + "y")
    return tuple(out)


# The forms of every token of the last document asked about. The event rules
# ask for the same tokens' forms again and again (each family, each route
# check), and spaCy makes a new Token object each time, so they are computed
# once per document. A strong reference to the document keeps its identity
# from being reused; the pair is replaced whole, so threads never mix tables.
def doc_forms(doc: Any) -> list[tuple[str, ...]]:
    """``forms`` of each token of ``doc``, by token index (computed once per document)."""
    return per_doc(doc, "forms", lambda: list(map(_forms_of, column(doc, "lower_"), column(doc, "lemma_"),
                                                  column(doc, "tag_"))))


def forms(tok: Any) -> tuple[str, ...]:
    """The forms a rule word is compared with: text and lemma, lower-case, and
    the text without its inflection, because the small model's lemmatiser
    slips ("hoped" -> "hop")."""
    return doc_forms(tok.doc)[tok.i]


def token_in(tok: Any, vocabulary: frozenset[str]) -> bool:
    fs = doc_forms(tok.doc)[tok.i]
    try:
        return not vocabulary.isdisjoint(fs)
    except AttributeError:  # a list or a dict of words
        return any(f in vocabulary for f in fs)


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    patterns: tuple[Pattern, ...]
    pos: frozenset[str] | None
    subtype: str | None
    weak: bool
    needs: tuple[str, ...]
    attributes: dict[str, Any]


@dataclass(frozen=True)
class Cue:
    """A word on the path above a trigger that decides the event's status."""

    id: str
    status: str
    words: frozenset[str]
    phrasal: frozenset[tuple[str, str]]  # ("rule", "out"): verb + particle or preposition
    negated: str | None = None  # status when the cue word is negated ("drop": no event)
    nonfinite: str | None = None  # status when the cue is not finite ("reaching a ceasefire")
    outcome: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubtypeCue:
    id: str
    subtype: str
    words: frozenset[str]
    where: str  # np, agent, sentence


@dataclass
class StatusRules:
    default: str
    modal: str
    future: str
    progressive: str
    negated: str
    cues: list[Cue]
    negated_future: str | None
    light_verbs: frozenset[str]
    participation_preps: frozenset[str]

    def cue_for(self, tok: Any) -> Cue | None:
        fs = forms(tok)
        particles = {c.lower_ for c in tok.children}
        for cue in self.cues:
            if any(f in cue.words for f in fs):
                return cue
            if any((f, p) in cue.phrasal for f in fs for p in particles):
                return cue
        return None


@dataclass
class FamilyRules:
    """The rules of one event family; ``raw`` keeps the family's own lexicons."""

    type: str
    triggers: list[Trigger]
    subtype_cues: list[SubtypeCue]
    status: StatusRules
    raw: dict[str, Any]
    # ``words`` by key, made once: the rules live for the run, the families ask per article
    _words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def words(self, key: str) -> frozenset[str]:
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = words(self.raw.get(key))
        return found


@dataclass
class Common:
    raw: dict[str, Any]
    _words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def words(self, key: str) -> frozenset[str]:
        """``words`` of an entry, made once (the rules live for the run)."""
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = words(self.raw.get(key))
        return found

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)


def compile_cue(item: dict[str, Any]) -> Cue:
    """A status cue from its data entry (``status.cues`` of a family file)."""
    single, phrasal = set(), set()
    for w in item.get("words", []):
        parts = str(w).lower().split()
        if len(parts) >= 2:  # "rule out", "take effect", "come into force": verb + its first dependent word
            phrasal.add((parts[0], parts[1]))
        else:
            single.add(parts[0])
    return Cue(id=item["id"], status=item["status"], words=frozenset(single), phrasal=frozenset(phrasal),
               negated=item.get("negated"), nonfinite=item.get("nonfinite"), outcome=item.get("outcome"),
               attributes=dict(item.get("attributes") or {}))


def _family(name: str, data: dict[str, Any]) -> FamilyRules:
    etype = data.get("type", name)
    triggers = [
        Trigger(id=t["id"], type=etype, patterns=tuple(compile_phrase(p) for p in t["phrases"]),
                pos=frozenset(t["pos"]) if t.get("pos") else None, subtype=t.get("subtype"),
                weak=bool(t.get("weak", False)), needs=tuple(t.get("needs", ())),
                attributes=dict(t.get("attributes") or {}))
        for t in data.get("triggers", [])
    ]
    cues = [SubtypeCue(id=c["id"], subtype=c["subtype"], words=words(c["words"]), where=c.get("where", "np"))
            for c in data.get("subtype_cues", [])]
    st = data.get("status", {})
    status = StatusRules(default=st.get("default", "occurred"), modal=st.get("modal", "proposed"),
                         future=st.get("future", "planned"), progressive=st.get("progressive", "ongoing"),
                         negated=st.get("negated", "drop"), cues=[compile_cue(c) for c in st.get("cues", [])],
                         negated_future=st.get("negated_future"),
                         light_verbs=words(st.get("light_verbs")),
                         participation_preps=words(st.get("participation_preps")))
    return FamilyRules(type=etype, triggers=triggers, subtype_cues=cues, status=status, raw=data)


@dataclass
class Match:
    trigger: Trigger
    start: int  # token indices [start, end)
    end: int
    head: Any  # the syntactic head of the matched tokens


class Lexicon:
    """All event rules; ``match`` finds trigger phrases in a parsed document."""

    def __init__(self, common: Common, families: dict[str, FamilyRules]):
        self.common = common
        self.families = families
        self._by_first: dict[str, list[tuple[Pattern, Trigger]]] = {}
        for fam in families.values():
            for trig in fam.triggers:
                for pat in trig.patterns:
                    for first in pat[0]:
                        self._by_first.setdefault(first, []).append((pat, trig))

    @classmethod
    def load(cls, resources: Any) -> Lexicon:
        common = Common(resources.data(COMMON_FILE))
        families = {name: _family(name, resources.data(path)) for name, path in FAMILY_FILES}
        return cls(common, families)

    def match(self, doc: Any) -> list[Match]:
        """Every trigger match, longest first at each position, per family no
        overlap (a longer phrase hides the words inside it)."""
        found: list[Match] = []
        table = doc_forms(doc)
        by_first = self._by_first
        n = len(table)
        for i, fs in enumerate(table):
            if by_first.keys().isdisjoint(fs):
                continue  # most tokens start no trigger
            cands: dict[tuple[str, Pattern], tuple[Pattern, Trigger]] = {}
            for form in set(fs):
                for pat, trig in by_first.get(form, ()):
                    cands[(trig.id, pat)] = (pat, trig)
            for pat, trig in cands.values():
                end = i + len(pat)
                if end > n:
                    continue
                if all(not alts.isdisjoint(table[i + k]) for k, alts in enumerate(pat)):
                    head = _head(doc[i:end])
                    if trig.pos and head.pos_ not in trig.pos:
                        continue
                    found.append(Match(trig, i, end, head))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        covered: dict[str, set[int]] = {}
        for m in found:
            cov = covered.setdefault(m.trigger.type, set())
            if any(t in cov for t in range(m.start, m.end)):
                continue
            cov.update(range(m.start, m.end))
            kept.append(m)
        return kept


def _head(span: Any) -> Any:
    """The token of ``span`` whose head lies outside it (the span's root)."""
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i:
            return tok
    return span[-1]
