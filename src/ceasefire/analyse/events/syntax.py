"""Questions about the dependency parse that every event family asks: is a
verb finite, which clause does a word belong to, what is a verb's subject,
which tokens make up a noun phrase.

These are facts of English grammar over spaCy's labels, not rules about
events, so they are code; the words that decide events are data.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
# Clauses inside a noun phrase that are not part of what it names.
NP_STOP_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "parataxis", "mark"})
# Prepositions inside a noun phrase that still name who it is:
# "representatives of the two countries", "delegations from Kyiv".
NP_KEEP_PREPS = frozenset({"of", "from"})
# Deps through which a controlled verb takes its subject from its head:
# "expects to travel", "ready to meet", "seeking to broker".
CONTROL_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acomp", "prep"})


def is_verb(tok: Any) -> bool:
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.tag_ == "MD":
        return True
    # "offered to host talks": the small model tags "host" a noun, but "to" and
    # the clause label say it is a verb.
    return tok.dep_ in ("xcomp", "ccomp", "advcl") and any(c.dep_ == "aux" for c in tok.children)


def auxiliaries(tok: Any) -> list[Any]:
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass")]


def is_finite(tok: Any) -> bool:
    """A verb that carries tense itself or through its auxiliaries."""
    if not is_verb(tok):
        return False
    if tok.tag_ in FINITE_TAGS:
        return True
    return any(a.tag_ in FINITE_TAGS for a in auxiliaries(tok))


def is_progressive(tok: Any) -> bool:
    """"is seeking", "have been meeting"."""
    return tok.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxiliaries(tok))


def ancestors_path(tok: Any) -> list[Any]:
    """``tok`` and its heads up to the root, nearest first."""
    path = [tok]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def finite_head(tok: Any) -> Any:
    """The finite verb of the clause ``tok`` belongs to (non-finite verbs such
    as "to travel", "reaching" belong to the clause above them)."""
    for t in ancestors_path(tok):
        if is_finite(t):
            return t
    return ancestors_path(tok)[-1]


def subject_of(verb: Any, depth: int = 0) -> Any | None:
    """The subject of ``verb``; a controlled verb takes its head's subject."""
    subs = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subs and any(c.dep_ == "expl" for c in verb.children):
        return None  # "there had been no breakthrough": no one
    if subs:
        # The nearest one: a dateline ("CAIRO (Reuters) –") is often parsed as a second subject.
        return min(subs, key=lambda s: abs(verb.i - s.i))
    if depth < 5 and verb.dep_ in CONTROL_DEPS and verb.head.i != verb.i:
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "accused Russia of shelling": Russia shells
            objs = [c for c in verb.head.head.children if c.dep_ in ("dobj", "obj")]
            if objs and is_verb(verb.head.head):
                return objs[0]
        if verb.dep_ == "xcomp":  # "urging both sides to agree": the object does it
            objs = [c for c in verb.head.children if c.dep_ in ("dobj", "obj")]
            if objs:
                return objs[0]
        return subject_of(verb.head, depth + 1)
    return None


def passive_agent(verb: Any) -> Any | None:
    """X of "was prevented by X", "talks joined by X"."""
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def objects_of(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in OBJECT_DEPS]


def preps_of(tok: Any) -> Iterator[tuple[str, Any]]:
    """(preposition, object) pairs attached to ``tok``, with their conjuncts."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    yield c.lower_, g
                    for conj in g.conjuncts:
                        yield c.lower_, conj


def np_tokens(tok: Any) -> list[Any]:
    """The tokens of the noun phrase headed by ``tok``: its modifiers,
    conjuncts and "of"/"from" phrases, without clauses or other phrases."""
    out: list[Any] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in NP_STOP_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ not in NP_KEEP_PREPS:
                continue
            if c.dep_ == "cc":
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def is_negated(tok: Any, negation: frozenset[str], negative_dets: frozenset[str]) -> bool:
    """"not", "never", or "no" on the word or on its subject or object
    ("no progress had been achieved")."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in negation):
            return True
        if c.dep_ in SUBJECT_DEPS | OBJECT_DEPS:
            if any(d.dep_ in ("det", "neg") and d.lower_ in negative_dets for d in c.children):
                return True
            if c.lower_ in ("nothing", "none", "nobody"):
                return True
    return False


def conjunct_clauses(verb: Any) -> Iterator[tuple[str | None, Any]]:
    """Clauses coordinated with ``verb``, with their conjunction ("but")."""
    ccs = [c.lower_ for c in verb.children if c.dep_ == "cc"]
    for c in verb.children:
        if c.dep_ == "conj" and is_verb(c):
            yield (ccs[0] if ccs else None), c


def in_subtree(tok: Any, root: Any) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i and any(a.i == root.i for a in ancestors_path(tok))


def tree_distance(a: Any, b: Any) -> int:
    pa = {t.i: n for n, t in enumerate(ancestors_path(a))}
    for n, t in enumerate(ancestors_path(b)):
        if t.i in pa:
            return pa[t.i] + n
    return 99


def span_root(span: Any) -> Any:
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i:
            return tok
    return span[-1]
