"""What analysis loads once per run and passes in: the spaCy model, the actor
knowledge base, the gazetteer and the rule lexicons of ``data/``."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from typing import Any, Callable

import yaml

from .nlp import load_model


def read_data(name: str) -> Any:
    """A YAML file of ``ceasefire/data`` (rules and lexicons as data)."""
    text = importlib_resources.files("ceasefire.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass
class Resources:
    nlp: Any
    model_name: str
    _cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, model: str = "en_core_web_sm") -> "Resources":
        return cls(nlp=load_model(model), model_name=model)

    def data(self, name: str) -> Any:
        """A data file, read once for the lifetime of these resources."""
        if name not in self._cache:
            self._cache[name] = read_data(name)
        return self._cache[name]

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        """What ``build`` makes, made once for the lifetime of these resources
        (compiled lexicons: built per run, not per article)."""
        key = f"built:{name}"
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @functools.cached_property
    def kb(self):
        from .kb import KnowledgeBase
        return KnowledgeBase.load(self)

    @functools.cached_property
    def gazetteer(self):
        from .gazetteer import Gazetteer
        return Gazetteer.load(self)
