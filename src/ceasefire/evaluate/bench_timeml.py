"""TimeML (TempEval-3) as a benchmark for the times extractor.

Reading. A ``.tml`` file is parsed with the standard-library XML parser. The
anchor is the ``value`` of the ``TIMEX3`` inside ``<DCT>`` (the document
creation time; its date part). The text is the character content of
``<TEXT>`` with all tags removed (nothing is cleaned or trimmed), and each
inline ``TIMEX3`` becomes a gold span over that text with its ``type`` and
``value``; an empty one (no characters) is skipped, as the official scorer
skips it. A folder is searched recursively for ``*.tml`` (sorted paths).

Prediction. With an analyser, each text goes through the analyser's own
``times`` extractor on the spaCy parse of the text
(``analyser.resources.nlp(text)``, once per document), the DCT as the
publication date: the spans, types and values users get, including the
parser's confirmation of ambiguous rules and the parser's DATE/TIME entities
the rules could not resolve (scored with an empty value). The text is not
news-cleaned first. Without an analyser (``analyser=None``) the rules run
alone: ``resolve_expressions(text, anchor)``.

Scores, micro-averaged over documents, as the TempEval-3 scorer computes
them (UzZaman et al. 2013), with one-to-one pairing of gold and predicted
expressions:

- ``strict_*``: a pair needs exactly the same extent (character offsets);
- ``relaxed_*``: a pair needs any overlap; pairs are formed greedily, exact
  extents first, then the largest overlap, so that no expression is used twice;
- ``value_accuracy``: among the relaxed pairs, the share whose values are
  equal; ``value_f1``: P = pairs with equal value / predicted, R = the same
  / gold (TempEval-3's attribute F1); ``type_accuracy`` likewise for ``type``.

Value comparison. The official scorer compares the ``value`` strings
exactly; ``value_accuracy_exact`` and ``value_f1_exact`` are that figure.
``value_accuracy`` and ``value_f1`` compare values after a normalisation that
only rewrites one written form into another written form *of the same
referent*, never a different granularity or a different date:

- surrounding white space is dropped and letters are upper-cased;
- a week, month or day number is zero-padded to two digits: the gold data
  write some ISO weeks unpadded (``2000-W7``), which ISO 8601 writes
  ``2000-W07``; both name the same week;
- a bare year with trailing ``X`` digits is the decade or century it writes:
  ``199X`` is TimeML's ``199`` (the 1990s), ``19XX`` its ``19``; the gold data
  use both spellings.

Not normalised (a mismatch stays a mismatch): different granularities
(``1998`` vs ``1998-XX`` or ``1998-Q1``), ``T24:00`` vs the next day's
``T00:00``, ``P1Y`` vs ``P12M``, durations vs points, reference words
(``PRESENT_REF``) vs dates, and anything else the official scorer would count
wrong.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from ..errors import CeasefireError
from ..records import Span

__all__ = ["GoldTimex", "TimemlDocument", "Predicted", "Tally", "parse_tml", "find_tml", "normalise_value",
           "pair", "score_document", "predict", "evaluate"]


@dataclass(frozen=True)
class GoldTimex:
    span: Span
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class TimemlDocument:
    name: str
    text: str
    anchor: Optional[date]
    dct_value: str
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True)
class Predicted:
    span: Span
    type: str
    value: str
    text: str = ""
    rule: str = ""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _anchor(value: str) -> Optional[date]:
    m = re.match(r"(\d{4})-?(\d\d)-?(\d\d)", value or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_tml(path: Path | str) -> TimemlDocument:
    """One TimeML document: the ``<TEXT>`` content, its TIMEX3 spans and the DCT."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise CeasefireError(f"{path}: not a readable TimeML file ({exc})") from exc
    dct_value = ""
    for el in root.iter():
        if _local(el.tag) == "DCT":
            tx = next((t for t in el.iter() if _local(t.tag) == "TIMEX3"), None)
            if tx is not None:
                dct_value = tx.get("value", "")
            break
    if not dct_value:  # no <DCT>: a TIMEX3 marked as the creation time anywhere
        tx = next((t for t in root.iter() if _local(t.tag) == "TIMEX3"
                   and t.get("functionInDocument") == "CREATION_TIME"), None)
        dct_value = tx.get("value", "") if tx is not None else ""
    body = next((el for el in root.iter() if _local(el.tag) == "TEXT"), None)
    if body is None:
        raise CeasefireError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    size = 0

    def walk(el: ET.Element) -> None:
        nonlocal size
        if el.text:
            parts.append(el.text)
            size += len(el.text)
        for child in el:
            start = size
            walk(child)
            if _local(child.tag) == "TIMEX3" and size > start:
                surface = "".join(parts)[start:size]
                gold.append(GoldTimex((start, size), child.get("type", ""), child.get("value", ""), surface))
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    walk(body)
    return TimemlDocument(path.stem, "".join(parts), _anchor(dct_value), dct_value, tuple(gold))


def find_tml(path: Path | str) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(path.rglob("*.tml"))
    if not files:
        raise CeasefireError(f"{path}: no .tml files")
    return files


# ---- values --------------------------------------------------------------------------------
def normalise_value(value: str | None) -> str:
    """A TIMEX3 value in one written form per referent (see the module doc)."""
    v = (value or "").strip().upper()
    v = re.sub(r"(?<=-W)(\d)(?!\d)", r"0\1", v)          # 2000-W7 -> 2000-W07
    v = re.sub(r"(?<=^\d{4}-)(\d)(?=-|$|T)", r"0\1", v)   # 1998-3 -> 1998-03
    v = re.sub(r"(?<=^\d{4}-\d\d-)(\d)(?=$|T)", r"0\1", v)  # 1998-03-5 -> 1998-03-05
    m = re.fullmatch(r"(\d{2,3})X{1,2}", v)                # 199X -> 199, 19XX -> 19
    if m and len(v) == 4:
        v = m.group(1)
    return v


# ---- pairing and tallies -------------------------------------------------------------------
def pair(gold: Sequence[Span], pred: Sequence[Span], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index): exact extents only when
    ``strict``, else any overlap, exact extents first, then the largest overlap."""
    candidates = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(pred):
            overlap = min(ge, pe) - max(gs, ps)
            exact = (gs, ge) == (ps, pe)
            if exact or (not strict and overlap > 0):
                candidates.append((not exact, -overlap, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return sorted(out)


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value_exact: int = 0
    value_norm: int = 0
    type_ok: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in ("gold", "predicted", "strict", "relaxed", "value_exact", "value_norm", "type_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


def score_document(gold: Sequence[GoldTimex], pred: Sequence[Predicted], *, keep_errors: bool = False,
                   name: str = "") -> Tally:
    t = Tally(gold=len(gold), predicted=len(pred))
    g_spans = [g.span for g in gold]
    p_spans = [p.span for p in pred]
    t.strict = len(pair(g_spans, p_spans, strict=True))
    relaxed = pair(g_spans, p_spans, strict=False)
    t.relaxed = len(relaxed)
    paired_g = {gi for gi, _ in relaxed}
    paired_p = {pi for _, pi in relaxed}
    for gi, pi in relaxed:
        g, p = gold[gi], pred[pi]
        t.type_ok += g.type == p.type
        t.value_exact += g.value == p.value
        ok = normalise_value(g.value) == normalise_value(p.value)
        t.value_norm += ok
        if keep_errors and not ok:
            t.errors.append({"document": name, "kind": "value", "gold_text": g.text, "gold_value": g.value,
                             "text": p.text, "value": p.value, "rule": p.rule, "span": list(p.span)})
    if keep_errors:
        t.errors += [{"document": name, "kind": "missed", "gold_text": g.text, "gold_value": g.value,
                      "span": list(g.span)} for i, g in enumerate(gold) if i not in paired_g]
        t.errors += [{"document": name, "kind": "spurious", "text": p.text, "value": p.value, "rule": p.rule,
                      "span": list(p.span)} for i, p in enumerate(pred) if i not in paired_p]
    return t


# ---- prediction ----------------------------------------------------------------------------
def _uses_times_extractor(analyser: Any) -> bool:
    return analyser is not None and any(getattr(e, "name", "") == "times" for e in getattr(analyser, "plan", ()))


def predict(doc: TimemlDocument, analyser: Any = None) -> list[Predicted]:
    """The expressions found in ``doc.text``: the analyser's ``times`` extractor on
    the spaCy parse when there is an analyser, else the rules alone."""
    from ..analyse.times import resolve_expressions, timex_value

    if _uses_times_extractor(analyser):
        from ..analyse.context import Context
        from ..analyse.times import extract_times

        resources = analyser.resources
        ctx = Context(text=doc.text, doc=resources.nlp(doc.text), published=doc.anchor, resources=resources)
        extract_times(ctx)
        found: Iterable[Any] = ctx.times
    else:
        found = resolve_expressions(doc.text, doc.anchor)
    out = []
    for t in found:
        ttype, value = timex_value(t)
        out.append(Predicted(tuple(t.span), ttype, value, t.text, t.rule))  # type: ignore[arg-type]
    return out


# ---- the benchmark -------------------------------------------------------------------------
def _prf(tp_p: int, tp_r: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp_p / predicted if predicted else 0.0
    r = tp_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarise(t: Tally, documents: int) -> dict[str, Any]:
    sp, sr, sf = _prf(t.strict, t.strict, t.predicted, t.gold)
    rp, rr, rf = _prf(t.relaxed, t.relaxed, t.predicted, t.gold)
    _, _, vf = _prf(t.value_norm, t.value_norm, t.predicted, t.gold)
    _, _, vfx = _prf(t.value_exact, t.value_exact, t.predicted, t.gold)
    _, _, tf = _prf(t.type_ok, t.type_ok, t.predicted, t.gold)
    acc = (lambda n: n / t.relaxed if t.relaxed else 0.0)  # noqa: E731
    return {
        "strict_f1": sf, "relaxed_f1": rf, "value_accuracy": acc(t.value_norm), "value_f1": vf,
        "value_accuracy_exact": acc(t.value_exact), "value_f1_exact": vfx,
        "type_accuracy": acc(t.type_ok), "type_f1": tf,
        "strict_precision": sp, "strict_recall": sr, "relaxed_precision": rp, "relaxed_recall": rr,
        "documents": documents, "gold": t.gold, "predicted": t.predicted,
        "strict_matches": t.strict, "relaxed_matches": t.relaxed,
        "value_matches": t.value_norm, "value_matches_exact": t.value_exact,
    }


def evaluate(path: Path | str, analyser: Any = None, limit: Optional[int] = None,
             progress: Optional[Callable[[int, int], None]] = None, *, details: bool = False) -> dict[str, Any]:
    """Score the times extractor on the ``.tml`` files under ``path`` (see the module doc).
    With ``details`` the result also lists every value error, miss and spurious expression."""
    files = find_tml(path)
    if limit is not None:
        files = files[:max(0, limit)]
    total = Tally()
    for i, f in enumerate(files):
        doc = parse_tml(f)
        total.add(score_document(doc.timexes, predict(doc, analyser), keep_errors=details, name=doc.name))
        if progress:
            progress(i + 1, len(files))
    out = summarise(total, len(files))
    out["extractor"] = "times (analyser, spaCy support)" if _uses_times_extractor(analyser) else "time rules alone"
    if details:
        out["details"] = total.errors
    return out
