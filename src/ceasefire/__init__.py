"""ceasefire: news about wars and peace talks → records of talks, ceasefires,
corridors, aid, attacks, statements, quotes and figures, each with evidence.

The public API is small and explicit::

    from ceasefire import Analyser, Resources, RawDocument, Source, Store
    analyser = Analyser(Resources.load("en_core_web_sm"))
    article = analyser.analyse(RawDocument(text=..., source=Source(url=...)))
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name → module; imported on first use so that `import ceasefire` stays cheap
# (spaCy is only loaded by what needs it).
_EXPORTS = {
    "Analyser": "ceasefire.analyse.pipeline",
    "Resources": "ceasefire.analyse.resources",
    "Store": "ceasefire.store",
    "Article": "ceasefire.records",
    "Actor": "ceasefire.records",
    "Place": "ceasefire.records",
    "Quote": "ceasefire.records",
    "Event": "ceasefire.records",
    "Figure": "ceasefire.records",
    "RawDocument": "ceasefire.records",
    "Rejection": "ceasefire.records",
    "Source": "ceasefire.records",
    "to_dict": "ceasefire.records",
    "read_paths": "ceasefire.ingest",
    "ingest": "ceasefire.runner",
    "CeasefireError": "ceasefire.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'ceasefire' has no attribute {name!r}")
