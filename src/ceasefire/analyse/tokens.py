"""Per-token attributes of a parsed document, read once and shared.

``for tok in doc`` and ``doc[i]`` make a new spaCy ``Token`` object each
time, and each string attribute is looked up anew; several extractors walk
the whole document for the same few attributes (lower-case forms, texts,
offsets). A column is a plain list by token index, made on first use and
kept on the document (``memo.per_doc``), so later readers index a list.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any

import numpy
from spacy.attrs import HEAD

from .memo import per_doc


def tokens(doc: Any) -> list[Any]:
    """The document's ``Token`` objects, by index, made once (read it, never change it)."""
    return per_doc(doc, "tokens", lambda: list(doc))


# The columns the extractors read: asked for one, all are made from the one list of tokens.
STANDARD = ("text", "lower_", "idx", "lemma_", "pos_", "tag_", "dep_")


def _standard(doc: Any) -> dict[str, list[Any]]:
    toks = tokens(doc)
    return {attr: list(map(attrgetter(attr), toks)) for attr in STANDARD}


def column(doc: Any, attr: str) -> list[Any]:
    """``getattr(tok, attr)`` for every token of ``doc``, by token index (made once per document).

    The list is shared: read it, never change it."""
    if attr in STANDARD:
        return per_doc(doc, "columns", lambda: _standard(doc))[attr]
    return per_doc(doc, "column:" + attr, lambda: list(map(attrgetter(attr), tokens(doc))))


def doc_text(doc: Any) -> str:
    """``doc.text``, made once per document: spaCy joins it from the tokens on every access."""
    return per_doc(doc, "text", lambda: doc.text)


def sentence_starts(doc: Any) -> list[int]:
    """The index of the first token of each token's sentence, by token index
    (``doc[i].sent.start``, which walks the sentence and makes two spans per call)."""
    def build() -> list[int]:
        out = [0] * len(doc)
        for sent in sentences(doc):
            out[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
        return out
    return per_doc(doc, "sentence_starts", build)


def entities(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, made once per document: spaCy builds the spans anew on every access
    (and six extractors ask)."""
    return per_doc(doc, "ents", lambda: doc.ents)


def sentences(doc: Any) -> list[Any]:
    """``list(doc.sents)``, made once per document: spaCy walks the whole document for it
    on every access (read it, never change it)."""
    return per_doc(doc, "sents", lambda: list(doc.sents))


def heads(doc: Any) -> list[int]:
    """``doc[i].head.i`` for every token, by token index (made once per document):
    read off spaCy's arrays, with no ``Token`` made."""
    def build() -> list[int]:
        rel = doc.to_array(HEAD).astype(numpy.int64)  # offsets to the head, stored unsigned
        return (rel + numpy.arange(len(doc))).tolist()
    return per_doc(doc, "heads", build)


# The dependency labels of English noun chunks (spaCy's ``lang/en/syntax_iterators.py``).
NP_DEPS = frozenset({"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"})


def noun_chunks(doc: Any) -> list[tuple[int, int, int]]:
    """``(chunk.start, chunk.end, chunk.root.i)`` for each of ``doc.noun_chunks``, in order
    (made once per document).

    spaCy's English chunker makes a ``Token`` for every word and a ``Span`` for every
    chunk; this is the same walk over the token columns and the head array, asking spaCy
    only for the left edges of nouns."""
    def build() -> list[tuple[int, int, int]]:
        pos, dep, head = column(doc, "pos_"), column(doc, "dep_"), heads(doc)
        out: list[tuple[int, int, int]] = []
        prev_end = -1
        for i, p in enumerate(pos):
            if p != "NOUN" and p != "PROPN" and p != "PRON":
                continue
            d = dep[i]
            if d not in NP_DEPS:
                if d != "conj":
                    continue
                h = head[i]
                while dep[h] == "conj" and head[h] < h:
                    h = head[h]
                if dep[h] not in NP_DEPS:  # coordinated to a noun phrase: one too
                    continue
            # spaCy reads the left edge first, but a word that heads no chunk changes nothing
            left = doc[i].left_edge.i
            if left <= prev_end:  # no chunk nested in another
                continue
            prev_end = i
            out.append((left, i + 1, _root(doc, head, left, i)))
        return out
    return per_doc(doc, "noun_chunks", build)


def _root(doc: Any, head: list[int], start: int, last: int) -> int:
    """``doc[start:last + 1].root.i`` for a chunk ending at its noun ``last``: the noun itself
    when every other word of the chunk hangs inside it (as in a projective parse); else
    spaCy's own answer."""
    for t in range(start, last):
        h = head[t]
        if h == t or h < start or h > last:
            return doc[start:last + 1].root.i
    return last
