"""Loading the cleaning rules shipped in ``ceasefire/data``."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import CeasefireError


@lru_cache(maxsize=None)  # shipped files never change while the process runs: a constant, not state
def load_data(name: str) -> Any:
    """The parsed YAML file ``ceasefire/data/<name>``."""
    try:
        text = resources.files("ceasefire.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CeasefireError(f"missing data file ceasefire/data/{name}; reinstall the package") from None
    return yaml.safe_load(text)
