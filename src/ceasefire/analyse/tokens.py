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
