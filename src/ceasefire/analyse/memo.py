"""Values worked out once per parsed document and kept on the document itself.

Several extractors read the same per-token tables (word forms, the numbers of
the text). They are kept in spaCy's ``Doc.user_data``, so they live and die
with the document: no module state, nothing shared between documents or
threads, nothing to invalidate. A table of the document's own tokens or
spans refers back to it, so ``release`` drops them all once the document is
analysed: otherwise each document (its arrays too) waits for the cyclic
garbage collector, and the collections that free them slow everything else.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def per_doc(doc: Any, name: str, build: Callable[[], T]) -> T:
    """``build()`` made once for ``doc`` under ``name``."""
    store = doc.user_data
    key = ("ceasefire", name)
    if key not in store:
        store[key] = build()
    return store[key]


def release(doc: Any) -> None:
    """Drop every table kept on ``doc`` (when its analysis is done)."""
    for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == ("ceasefire",)]:
        del doc.user_data[key]
