"""Values worked out once per parsed document and kept on the document itself.

Several extractors read the same per-token tables (word forms, the numbers of
the text). They are kept in spaCy's ``Doc.user_data``, so they live and die
with the document: no module state, nothing shared between documents or
threads, nothing to invalidate.
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
