"""From a raw document to an ``Article``: clean, date, parse once, run the
registered extractors in the order their needs demand."""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from datetime import date

from ..clean import clean_document
from ..clean.pubdate import infer_published
from ..records import Article, RawDocument
from .context import Context
from .memo import release
from .registry import REGISTRY, Extractor
from .resources import Resources

# Modules whose import registers the built-in extractors.
BUILTIN_MODULES = (
    "ceasefire.analyse.actors",
    "ceasefire.analyse.places",
    "ceasefire.analyse.times",
    "ceasefire.analyse.quotes",
    "ceasefire.analyse.figures",
    "ceasefire.analyse.events",
)
DEFAULT_EXTRACTORS = ("actors", "places", "times", "quotes", "figures", "events")


def builtin_extractors() -> list[str]:
    for module in BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a part not built yet is simply absent
            if exc.name != module:
                raise
    return [n for n in DEFAULT_EXTRACTORS if n in REGISTRY.names()]


@dataclass
class Prepared:
    raw: RawDocument
    cleaned: object
    published: date | None
    basis: str
    id: str


class Analyser:
    """Analyses articles with one set of resources and one extractor plan."""

    def __init__(self, resources: Resources, extractors: list[str] | None = None, today: date | None = None):
        names = builtin_extractors() if extractors is None else extractors
        self.resources = resources
        self.plan: list[Extractor] = REGISTRY.plan(list(names))
        self.today = today or date.today()

    def prepare(self, raw: RawDocument) -> "Prepared":
        """Clean and date a document: cheap, and enough to know its id."""
        cleaned = clean_document(raw.text)
        published, basis = infer_published(cleaned.text, given=raw.published, dateline=cleaned.dateline, today=self.today)
        return Prepared(raw, cleaned, published, basis, hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest())

    def analyse(self, raw: RawDocument) -> Article:
        return next(self.analyse_prepared([self.prepare(raw)]))

    def analyse_prepared(self, prepared: list["Prepared"]):
        """Analyse prepared documents, parsing them together with ``nlp.pipe``."""
        docs = self.resources.nlp.pipe([p.cleaned.text for p in prepared])
        for p, doc in zip(prepared, docs):
            yield self._extract(p.raw, p.cleaned, p.published, p.basis, doc)

    def _extract(self, raw, cleaned, published, basis, doc) -> Article:
        ctx = Context(text=cleaned.text, doc=doc, published=published, resources=self.resources)
        try:
            for ext in self.plan:
                ext.run(ctx)
        finally:
            release(doc)  # the per-document tables: some refer back to the document
        return Article(
            id=hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest(),  # spec: sha256 of the cleaned text
            source=raw.source,
            published=published.isoformat() if published else None,
            published_basis=basis,
            text=cleaned.text,
            actors=list(ctx.actors),
            places=list(ctx.places),
            quotes=ctx.quotes,
            events=ctx.events,
            figures=ctx.figures,
            times=ctx.times,
            dateline=cleaned.dateline.text if cleaned.dateline else None,
        )
