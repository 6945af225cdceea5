"""The relevance filter: a cheap first pass that decides which articles get
the full analysis.

Most news is not about wars, ceasefires or talks. A lexicon of weighted terms
(``data/relevance.yaml``, each term with an id) is matched over the cleaned
text with a few regular expressions, no parse; an article scores the sum of
its terms' weights (each term counted at most ``cap`` times). Off-topic
articles are stored as "seen, not analysed" (``store/seen.py``) with the ids of
the terms that matched, and a re-run skips them as already seen.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .analyse.resources import read_data
from .errors import CeasefireError
from .store.seen import SeenArticle, mark_seen

if TYPE_CHECKING:
    from .analyse.pipeline import Prepared
    from .store import Store

DATA_FILE = "relevance.yaml"
__all__ = ["DATA_FILE", "RelevanceFilter", "RelevanceGate", "Term", "Verdict"]


class _Counts(Protocol):
    seen: int
    already: int


@dataclass(frozen=True)
class Term:
    id: str
    weight: float
    decisive: bool
    pattern: str  # a regex alternation, without word boundaries


@dataclass
class Verdict:
    relevant: bool
    score: float
    hits: dict[str, int] = field(default_factory=dict)  # term id -> matches counted

    @property
    def rules(self) -> list[str]:
        return sorted(self.hits)


def _fragment(phrase: str) -> str:
    """A lexicon phrase as a regex: spaces match whitespace or hyphens, a final * any word ending."""
    phrase = phrase.strip().lower()
    star = phrase.endswith("*")
    words = phrase.rstrip("*").split()
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    return body + (r"[\w\-]*" if star else "")


def compile_term(tid: str, patterns: list[str]) -> str:
    """The term's patterns as one regex alternation (checked to compile)."""
    if not patterns:
        raise CeasefireError(f"{DATA_FILE}: term {tid} has no patterns")
    # Longest first, so "peace talks" wins over "talks" inside one alternation.
    alts = sorted({_fragment(p) for p in patterns}, key=len, reverse=True)
    source = "|".join(alts)
    re.compile(source)
    return source


class RelevanceFilter:
    """Scores a text against the lexicon; ``judge`` says whether it goes on to analysis."""

    def __init__(self, terms: list[Term], threshold: float, cap: int, version: str,
                 per_1000_words: float = 0.0, min_terms: int = 0, min_terms_words: int = 0) -> None:
        self.terms = terms
        self.min_terms = min_terms
        self.min_terms_words = min_terms_words
        self.threshold = threshold
        self.per_1000_words = per_1000_words
        self.cap = cap
        self.version = version
        # One pass over the text: each term is a named group of one alternation.
        self._by_group = {f"t{i}": t for i, t in enumerate(terms)}
        self._scanner = re.compile(r"(?<!\w)(?:" + "|".join(
            f"(?P<{g}>{t.pattern})" for g, t in self._by_group.items()) + r")(?!\w)")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RelevanceFilter:
        try:
            terms = [Term(id=str(t["id"]), weight=float(t["weight"]), decisive=bool(t.get("decisive", False)),
                          pattern=compile_term(str(t["id"]), list(t["patterns"])))
                     for t in data["terms"]]
            ids = [t.id for t in terms]
            if len(set(ids)) != len(ids):
                raise CeasefireError(f"{DATA_FILE}: term ids must be unique ({', '.join(ids)})")
            return cls(terms, float(data["threshold"]), int(data.get("cap", 3)),
                       f"{DATA_FILE} v{data.get('version', 1)}", float(data.get("per_1000_words", 0.0)),
                       int(data.get("min_terms", 0)), int(data.get("min_terms_words", 0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise CeasefireError(f"{DATA_FILE}: malformed lexicon ({type(exc).__name__}: {exc}); "
                                 "each term needs id, weight and patterns") from exc

    @classmethod
    def load(cls, resources: Any = None) -> RelevanceFilter:
        """The shipped lexicon, read through ``resources`` (cached there) when given."""
        data = resources.data(DATA_FILE) if resources is not None else read_data(DATA_FILE)
        return cls.from_data(data)

    def judge(self, text: str) -> Verdict:
        low = text.lower()
        counts: Counter[str] = Counter()
        for m in self._scanner.finditer(low):
            counts[m.lastgroup or ""] += 1
        hits: dict[str, int] = {}
        score = 0.0
        decisive = False
        for group, n in counts.items():
            term = self._by_group[group]
            n = min(n, self.cap)
            hits[term.id] = n
            score += n * term.weight
            decisive = decisive or term.decisive
        words = low.count(" ") + 1  # roughly: cheaper than splitting
        threshold = max(self.threshold, self.per_1000_words * words / 1000)
        several = 0 < self.min_terms <= len(hits) and (not self.min_terms_words or words <= self.min_terms_words)
        relevant = decisive or score >= threshold or several
        return Verdict(relevant=relevant, score=score, hits=dict(sorted(hits.items())))


class RelevanceGate:
    """The filter inside an ingest run: lets relevant articles through to analysis
    and stores the others as seen (counted in the run's summary)."""

    def __init__(self, store: Store, resources: Any = None, filter: RelevanceFilter | None = None) -> None:
        self.store = store
        self.filter = filter or RelevanceFilter.load(resources)

    def admit(self, prepared: Prepared, counts: _Counts) -> bool:
        """True when ``prepared`` goes on to analysis; otherwise it is stored as seen
        (``counts.seen``) or was already (``counts.already``)."""
        verdict = self.filter.judge(prepared.cleaned.text)
        if verdict.relevant:
            return True
        if mark_seen(self.store, seen_record(prepared, verdict, self.filter.version)):
            counts.seen += 1
        else:
            counts.already += 1
        return False


def seen_record(prepared: Prepared, verdict: Verdict, lexicon: str) -> SeenArticle:
    published = prepared.published.isoformat() if prepared.published else None
    return SeenArticle(id=prepared.id, source=prepared.raw.source, published=published,
                       score=verdict.score, rules=verdict.rules, lexicon=lexicon)
