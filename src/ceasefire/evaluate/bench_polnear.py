"""PolNeAR (BRAT standoff attributions) as a benchmark for the quotes extractor.

Reading. A PolNeAR folder holds ``dev/text/<article>.txt`` (or ``text/``
directly), ``dev/attributions/<article>_<annotator>.ann`` and optionally
``metadata.tsv`` (publication dates). Texts are read with ``newline=''`` so
the code-point offsets of the ``.ann`` files hold. ``T`` lines give labelled
spans, discontinuous ones written ``start end;start end``; ``E`` lines tie an
``Attribution`` (or ``Attribution-no-source``) anchor to its ``Source``,
``Cue`` and ``Content`` (a rare ``Content2`` adds pieces to the content).
An attribution without a content span is skipped (there is nothing to find).

Annotators. Two dev articles were annotated by all six annotators. By
default one annotation file per article is scored: the one whose annotator
code sorts first (``<article>_<code>.ann``), so every article weighs once and
the choice is deterministic. ``all_annotators=True`` scores every file as a
separate (text, annotation) pair instead.

Analysis. Each text goes through the analyser as a ``RawDocument`` (published
date from ``metadata.tsv``), with only the extractors the quotes extractor
needs. PolNeAR annotates every attribution (reported beliefs, intentions,
evaluations and findings, "according to" and noun cues), not only speech, so
the quote cues run with the ``attribution`` profile of ``cues.yaml``
(``profile=None`` scores the records-spec default). The analyser cleans the
text, so quote offsets are mapped back to the file text through a character
alignment of the two.

Scores (micro-averaged over documents; P, R and F1 of each). Every span, gold
or predicted, is first stripped of whitespace and punctuation at its edges
(PolNeAR keeps quote marks and separating commas in its spans, the records
spec leaves them out), and gold pieces left empty are dropped.

- ``content_overlap``: the rule of spec/records.md with speakers ignored: a
  gold content is *found* when one predicted quote span covers at least half
  of its characters; a predicted quote is *correct* when at least half of its
  characters lie inside gold content spans (all pieces of all attributions).
- ``source_overlap``: the same rule on sources: the distinct gold ``Source``
  spans against the distinct predicted ``Quote.speaker_span``; a gold source
  is found when one speaker span covers at least half of it, a speaker span is
  correct when at least half of it lies inside gold sources.
- ``content_exact`` / ``source_exact``: identical (stripped) spans. A predicted
  span is correct when it equals a gold piece; a gold item is found when every
  one of its pieces equals a predicted span (a discontinuous content needs one
  quote per piece).
- ``attribution_overlap``: content and source together: a gold attribution
  with a source is found when one prediction covers half of its content (or
  lies half inside it) and its speaker span overlaps the source by the same
  rule; a prediction with a speaker span is correct when it so matches some
  gold attribution.
"""
from __future__ import annotations

import copy
import csv
import difflib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from ..errors import CeasefireError
from ..records import Article, RawDocument, Source, Span

__all__ = ["GoldAttribution", "Prediction", "Tally", "PolnearDocument", "parse_ann", "read_corpus", "normalise",
           "score_document", "predictions_of", "align", "evaluate", "summarise", "agreement",
           "evaluate_documents"]

Pieces = tuple[Span, ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One ``E`` line: content pieces, source pieces (empty without a source), cue pieces."""

    id: str
    content: Pieces
    source: Pieces = ()
    cue: Pieces = ()


@dataclass(frozen=True)
class Prediction:
    """A predicted quote in file-text offsets: its content span and speaker span."""

    content: Span
    source: Optional[Span] = None


@dataclass
class PolnearDocument:
    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution]
    published: Optional[str] = None


@dataclass
class Tally:
    """Hits in two units: found gold items (recall) and correct predictions (precision)."""

    found: int = 0
    gold: int = 0
    correct: int = 0
    predicted: int = 0

    def add(self, other: "Tally") -> None:
        self.found += other.found
        self.gold += other.gold
        self.correct += other.correct
        self.predicted += other.predicted

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# PolNeAR annotates every attribution (beliefs, intentions, evaluations, findings,
# "according to"), not only speech: the quotes extractor runs with the cue
# profile of that scheme (``cues.yaml`` ``profiles.attribution``).
PROFILE = "attribution"

MEASURES = ("content_overlap", "source_overlap", "content_exact", "source_exact", "attribution_overlap")


# -- reading -------------------------------------------------------------------

def parse_ann(data: str, origin: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file's text."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for n, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T"):
            if len(parts) < 2:
                raise CeasefireError(f"{origin}:{n}: a T line needs a tab after its id")
            label, _, offsets = parts[1].partition(" ")
            try:
                pieces = tuple((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))
            except ValueError:
                raise CeasefireError(f"{origin}:{n}: bad offsets {offsets!r}") from None
            spans[parts[0]] = (label, pieces)
        elif line.startswith("E") and len(parts) > 1:
            roles = [tuple(r.split(":", 1)) for r in parts[1].split() if ":" in r]
            events.append((parts[0], roles))  # type: ignore[arg-type]
    out: list[GoldAttribution] = []
    for eid, roles in events:
        found: dict[str, list[Span]] = {"content": [], "source": [], "cue": []}
        for role, tid in roles:
            key = re.sub(r"\d+$", "", role).lower()
            if key in found and tid in spans:
                found[key].extend(spans[tid][1])
        if found["content"]:
            out.append(GoldAttribution(eid, tuple(sorted(found["content"])), tuple(sorted(found["source"])),
                                       tuple(sorted(found["cue"]))))
    return out


def _root(path: Path) -> tuple[Path, Path]:
    """The text and attribution folders under ``path`` (``dev/`` or directly)."""
    for base in (path, path / "dev"):
        if (base / "text").is_dir() and (base / "attributions").is_dir():
            return base / "text", base / "attributions"
    raise CeasefireError(f"{path}: no text/ and attributions/ folders (PolNeAR layout) here or in dev/")


def _metadata(path: Path) -> dict[str, str]:
    """Publication dates by article name, from ``metadata.tsv`` when there is one."""
    for candidate in (path / "metadata.tsv", path.parent / "metadata.tsv"):
        if candidate.is_file():
            with candidate.open(encoding="utf-8", newline="") as fh:
                rows = csv.DictReader(fh, delimiter="\t")
                return {r["filename"]: r.get("publication_date") or "" for r in rows if r.get("filename")}
    return {}


def read_corpus(path: Path, all_annotators: bool = False) -> list[PolnearDocument]:
    """The documents to score, in name order (see the module notes on annotators)."""
    path = Path(path)
    text_dir, ann_dir = _root(path)
    dates = _metadata(path)
    docs: list[PolnearDocument] = []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        anns = sorted(a for a in ann_dir.glob(f"{name}_*.ann") if re.fullmatch(re.escape(name) + r"_[^_]+", a.stem))
        if not anns:
            continue
        with txt.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        published = dates.get(name) or None
        if published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            published = None
        for ann in anns if all_annotators else anns[:1]:
            atts = parse_ann(ann.read_text(encoding="utf-8"), str(ann))
            docs.append(PolnearDocument(name, ann.stem[len(name) + 1:], text, atts, published))
    if not docs:
        raise CeasefireError(f"{path}: no article with both a .txt and an .ann file")
    return docs


# -- scoring -------------------------------------------------------------------

def _length(pieces: Iterable[Span]) -> int:
    return sum(e - s for s, e in pieces)


def _overlap(span: Span, pieces: Iterable[Span]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in pieces)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _covers(span: Span, pieces: Pieces) -> bool:
    """The prediction covers at least half of the gold item's characters."""
    total = _length(pieces)
    return total > 0 and 2 * _overlap(span, pieces) >= total


def _inside(span: Span, pieces: Sequence[Span]) -> bool:
    """At least half of the prediction's characters lie inside ``pieces``."""
    total = span[1] - span[0]
    return total > 0 and 2 * _overlap(span, pieces) >= total


def _overlap_tally(gold: list[Pieces], predicted: list[Span]) -> Tally:
    union = _merge(s for g in gold for s in g)
    return Tally(found=sum(any(_covers(p, g) for p in predicted) for g in gold), gold=len(gold),
                 correct=sum(_inside(p, union) for p in predicted), predicted=len(predicted))


def _strip(text: str, span: Span) -> Span:
    """A span without whitespace or punctuation at its edges."""
    s, e = span
    while s < e and _edge(text[s]):
        s += 1
    while e > s and _edge(text[e - 1]):
        e -= 1
    return (s, e)


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def _exact_tally(text: str, gold: list[Pieces], predicted: list[Span]) -> Tally:
    pred = {_strip(text, p) for p in predicted}
    gold_norm = [[q for q in (_strip(text, s) for s in g) if q[1] > q[0]] for g in gold]
    pieces = {q for g in gold_norm for q in g}
    return Tally(found=sum(bool(g) and all(q in pred for q in g) for g in gold_norm), gold=len(gold),
                 correct=sum(_strip(text, p) in pieces for p in predicted), predicted=len(predicted))


def _linked(p: Prediction, g: GoldAttribution) -> bool:
    if p.source is None or not g.source:
        return False
    content = _covers(p.content, g.content) or _inside(p.content, g.content)
    return content and (_covers(p.source, g.source) or _inside(p.source, g.source))


def normalise(text: str, gold: list[GoldAttribution], predicted: list[Prediction]
              ) -> tuple[list[GoldAttribution], list[Prediction]]:
    """Every span without whitespace and punctuation at its edges: PolNeAR
    spans keep quote marks and separating commas, the records spec leaves them
    out, and neither is the content. Pieces left empty are dropped."""
    def pieces(spans: Pieces) -> Pieces:
        return tuple(q for q in (_strip(text, s) for s in spans) if q[1] > q[0])

    def one(span: Optional[Span]) -> Optional[Span]:
        if span is None:
            return None
        q = _strip(text, span)
        return q if q[1] > q[0] else None

    gold = [GoldAttribution(g.id, pieces(g.content), pieces(g.source), g.cue) for g in gold]
    gold = [g for g in gold if g.content]
    preds = [Prediction(c, one(p.source)) for p in predicted if (c := one(p.content)) is not None]
    return gold, preds


def score_document(text: str, gold: list[GoldAttribution], predicted: list[Prediction]) -> dict[str, Tally]:
    """The tallies of one document, by measure (spans normalised first)."""
    gold, predicted = normalise(text, gold, predicted)
    contents = [g.content for g in gold]
    sources = sorted({g.source for g in gold if g.source})
    quote_spans = [p.content for p in predicted]
    speaker_spans = sorted({p.source for p in predicted if p.source is not None})
    with_source = [g for g in gold if g.source]
    attributed = [p for p in predicted if p.source is not None]
    return {
        "content_overlap": _overlap_tally(contents, quote_spans),
        "source_overlap": _overlap_tally(sources, speaker_spans),
        "content_exact": _exact_tally(text, contents, quote_spans),
        "source_exact": _exact_tally(text, sources, speaker_spans),
        "attribution_overlap": Tally(found=sum(any(_linked(p, g) for p in attributed) for g in with_source),
                                     gold=len(with_source),
                                     correct=sum(any(_linked(p, g) for g in with_source) for p in attributed),
                                     predicted=len(attributed)),
    }


def as_predictions(doc: PolnearDocument) -> list[Prediction]:
    """An annotator's attributions as predictions: a discontinuous span ("X,
    he said, Y") from its first character to its last, as an extractor gives it."""
    return [Prediction((g.content[0][0], g.content[-1][1]), (g.source[0][0], g.source[-1][1]) if g.source else None)
            for g in doc.attributions if g.content]


def agreement(docs: Sequence[PolnearDocument]) -> dict[str, Tally]:
    """The annotators' agreement, scored as we are: on every article more than
    one annotator annotated, each annotation against each other one as if one
    were the gold and the other a prediction, pooled over the ordered pairs.
    A yardstick for the extractor's figures on the same scorer."""
    by_name: dict[str, list[PolnearDocument]] = {}
    for d in docs:
        by_name.setdefault(d.name, []).append(d)
    tallies = {m: Tally() for m in MEASURES}
    for group in by_name.values():
        for gold, other in itertools.permutations(group, 2):
            for measure, tally in score_document(gold.text, gold.attributions, as_predictions(other)).items():
                tallies[measure].add(tally)
    return tallies


# -- offsets between the file text and the analysed (cleaned) text --------------

def align(original: str, cleaned: str) -> Callable[[Span], Optional[Span]]:
    """A function mapping a span of ``cleaned`` to the same characters of
    ``original`` (None when they are not there)."""
    if original == cleaned:
        return lambda span: span
    shift = original.find(cleaned)
    if shift >= 0:
        return lambda span: (span[0] + shift, span[1] + shift)
    to_orig: list[Optional[int]] = [None] * len(cleaned)
    matcher = difflib.SequenceMatcher(None, original, cleaned, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            to_orig[b + k] = a + k

    def mapped(span: Span) -> Optional[Span]:
        inner = [to_orig[i] for i in range(span[0], span[1]) if to_orig[i] is not None]
        if not inner:
            return None
        return (inner[0], inner[-1] + 1)  # type: ignore[operator]
    return mapped


def predictions_of(article: Article, text: str) -> list[Prediction]:
    """The article's quotes as predictions in offsets of the file ``text``."""
    to_file = align(text, article.text)
    out: list[Prediction] = []
    for q in article.quotes:
        content = to_file(tuple(q.span))  # type: ignore[arg-type]
        if content is None:
            continue
        source = to_file(tuple(q.speaker_span)) if q.speaker_span else None  # type: ignore[arg-type]
        out.append(Prediction(content, source))
    return out


# -- running -------------------------------------------------------------------

def _quotes_analyser(analyser: Any, profile: Optional[str]) -> Any:
    """The same analyser restricted to the quotes extractor and what it needs,
    with the quote cues of ``profile`` (``cues.yaml`` ``profiles``)."""
    try:
        from ..analyse.pipeline import Analyser
        resources = analyser.resources
        if profile:
            from ..analyse.quotes_cues import with_profile
            resources = copy.copy(resources)
            resources._cache = dict(analyser.resources._cache)
            resources._cache["cues.yaml"] = with_profile(analyser.resources.data("cues.yaml"), profile)
        plan = {e.name: e for e in analyser.plan}
        if "quotes" not in plan:
            return analyser
        needed, todo = set(), ["quotes"]
        while todo:
            name = todo.pop()
            if name in needed:
                continue
            needed.add(name)
            for e in plan.values():
                if set(e.produces) & set(plan[name].needs):
                    todo.append(e.name)
        return Analyser(resources, extractors=[n for n in plan if n in needed], today=analyser.today)
    except (AttributeError, TypeError):
        return analyser


def evaluate(path: Path, analyser: Any, limit: Optional[int] = None,
             progress: Optional[Callable[[int, int], None]] = None, all_annotators: bool = False,
             profile: Optional[str] = PROFILE) -> dict[str, Any]:
    """Analyse every PolNeAR text under ``path`` and score its quotes (see the module notes)."""
    docs = read_corpus(Path(path), all_annotators=all_annotators)
    names = sorted({d.name for d in docs})
    if limit is not None:
        keep = set(names[:max(0, limit)])
        docs = [d for d in docs if d.name in keep]
    return evaluate_documents(docs, analyser, progress, profile)


def evaluate_documents(docs: Sequence[PolnearDocument], analyser: Any,
                       progress: Optional[Callable[[int, int], None]] = None,
                       profile: Optional[str] = PROFILE) -> dict[str, Any]:
    """Analyse each article of ``docs`` once and score it against each of its annotations."""
    runner = _quotes_analyser(analyser, profile)
    unique: dict[str, PolnearDocument] = {}
    for d in docs:
        unique.setdefault(d.name, d)
    raws = [RawDocument(text=d.text, source=Source(path=d.name), published=d.published, origin=d.name)
            for d in unique.values()]
    predictions: dict[str, list[Prediction]] = {}
    total = len(raws)
    if progress:
        progress(0, total)
    prepared = [runner.prepare(r) for r in raws]
    for n, (d, article) in enumerate(zip(unique.values(), runner.analyse_prepared(prepared)), start=1):
        predictions[d.name] = predictions_of(article, d.text)
        if progress:
            progress(n, total)
    tallies = {m: Tally() for m in MEASURES}
    for d in docs:
        for measure, tally in score_document(d.text, d.attributions, predictions[d.name]).items():
            tallies[measure].add(tally)
    return summarise(tallies, profile=profile or "default", documents=len(unique), annotation_files=len(docs),
                     attributions=sum(len(d.attributions) for d in docs),
                     predicted_quotes=sum(len(predictions[d.name]) for d in docs))


def summarise(tallies: dict[str, Tally], **counts: Any) -> dict[str, Any]:
    """The flat JSON object: ``<measure>_f1`` first, then P/R and the counts."""
    out: dict[str, Any] = {f"{m}_f1": round(t.f1, 4) for m, t in tallies.items()}
    for m, t in tallies.items():
        out[f"{m}_precision"] = round(t.precision, 4)
        out[f"{m}_recall"] = round(t.recall, 4)
    out.update(counts)
    for m, t in tallies.items():
        out[f"{m}_counts"] = {"found": t.found, "gold": t.gold, "correct": t.correct, "predicted": t.predicted}
    return out
