"""Extractors registered by name, with what they need and what they produce.

The built-in extractors register themselves exactly as a third-party one
would: ``@extractor("quotes", needs=("actors",), produces=("quotes",))`` on a
function ``(ctx: Context) -> None`` that fills its part of the context.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import PipelineError


@dataclass(frozen=True)
class Extractor:
    name: str
    needs: tuple[str, ...]
    produces: tuple[str, ...]
    run: Callable


class Registry:
    def __init__(self) -> None:
        self._extractors: dict[str, Extractor] = {}

    def register(self, name: str, *, needs: tuple[str, ...] = (), produces: tuple[str, ...] = ()):
        def wrap(fn: Callable) -> Callable:
            self._extractors[name] = Extractor(name, tuple(needs), tuple(produces), fn)
            return fn
        return wrap

    def names(self) -> list[str]:
        return list(self._extractors)

    def get(self, name: str) -> Extractor:
        try:
            return self._extractors[name]
        except KeyError:
            raise PipelineError(f"unknown extractor {name!r}; known: {', '.join(sorted(self._extractors))}") from None

    def plan(self, names: list[str]) -> list[Extractor]:
        """Order the named extractors so each runs after what it needs; refuse
        to build when a need is produced by none of them."""
        chosen = [self.get(n) for n in names]
        produced = {p for e in chosen for p in e.produces}
        for e in chosen:
            missing = [n for n in e.needs if n not in produced]
            if missing:
                raise PipelineError(f"extractor {e.name!r} needs {missing}, which no chosen extractor produces")
        ordered: list[Extractor] = []
        done: set[str] = set()
        pending = list(chosen)
        while pending:
            ready = [e for e in pending if all(n in done for n in e.needs)]
            if not ready:
                raise PipelineError(f"cyclic needs among {[e.name for e in pending]}")
            for e in ready:
                ordered.append(e)
                done.update(e.produces)
                pending.remove(e)
        return ordered


REGISTRY = Registry()
extractor = REGISTRY.register
