"""Score analysed articles against gold files, by the rules of spec/records.md.

Precision, recall and F1 per record type, micro-averaged over articles (tp,
fp and fn are summed before the ratios are taken, so long articles weigh
more). The rules, and the choices the spec leaves open, in one place:

- Names (actors, places) are compared with :func:`normalise_name`: a
  predicted record's ``name`` (not its aliases) must equal the gold name or a
  gold alias, and the kinds must be equal. Matching is one to one and
  maximal: the most required gold items are matched first, then the most
  predictions, so that a prediction is only a false positive when no
  assignment could excuse it.
- Optional gold items are neither missed when absent nor wrong when present:
  a prediction matched to one counts as neither tp nor fp.
- Quotes count two different units. Recall: a gold quote is *found* when a
  predicted quote with the matching speaker covers at least half of its
  characters; ``tp`` is the number of found gold quotes and ``fn`` the rest.
  Precision: a predicted quote is *correct* when at least half of its
  characters lie inside gold quotes of the same speaker; that number is
  ``tp_predicted`` and precision is ``tp_predicted / (tp_predicted + fp)``.
  A prediction mostly inside optional gold quotes (of the same speaker) is
  not a false positive. Speakers match when the predicted speaker's actor
  matches the gold speaker's actor by the actor rule, or both are null.
- Events are paired best first (see :func:`_match_events`); optional gold
  events take part in the pairing like the others.
- Zero denominators: with nothing to find and nothing predicted, P = R = F1
  = 1; otherwise an empty denominator gives 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ceasefire.errors import GoldError
from ceasefire.evaluate.gold import (
    GoldActor,
    GoldArticle,
    GoldEvent,
    GoldPlace,
    date_bounds,
    gold_path_for,
    load_gold,
    normalise_name,
)
from ceasefire.records import Actor, Article, DateRange, Event, Place, Span

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["Counts", "Scores", "evaluate_directory", "render_table", "score_article", "score_articles"]

RECORD_TYPES = ("actors", "places", "quotes", "quotes_ignoring_speaker", "events", "figures")
OVERALL_TYPES = ("actors", "places", "quotes", "events", "figures")
EVENT_ATTRIBUTES = ("subtype", "status", "outcome")


@dataclass
class Counts:
    """tp/fp/fn of one record type.

    ``tp_predicted`` is set only where precision and recall count different
    units (quotes): it is the number of correct predictions, and precision
    uses it in place of ``tp``.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_predicted: int | None = None

    @property
    def correct_predicted(self) -> int:
        return self.tp if self.tp_predicted is None else self.tp_predicted

    @property
    def precision(self) -> float:
        predicted = self.correct_predicted + self.fp
        if predicted == 0:
            return 1.0 if self.tp + self.fn == 0 else 0.0
        return self.correct_predicted / predicted

    @property
    def recall(self) -> float:
        gold = self.tp + self.fn
        if gold == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Counts) -> Counts:
        both_plain = self.tp_predicted is None and other.tp_predicted is None
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn,
                      None if both_plain else self.correct_predicted + other.correct_predicted)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                               "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if self.tp_predicted is not None:
            out["tp_predicted"] = self.tp_predicted
        return out


@dataclass
class Scores:
    """Scores of one article or, summed, of many (micro-average).

    ``published_correct`` and ``attribute_counts`` (name -> [correct, total])
    are kept as counts so that sums stay exact; the accuracies are derived.
    ``details`` holds one dict per article with its misses and false
    positives, for debugging extractors; ``to_json`` leaves it out unless
    asked.
    """

    actors: Counts = field(default_factory=Counts)
    places: Counts = field(default_factory=Counts)
    quotes: Counts = field(default_factory=lambda: Counts(tp_predicted=0))
    quotes_ignoring_speaker: Counts = field(default_factory=lambda: Counts(tp_predicted=0))
    events: Counts = field(default_factory=Counts)
    figures: Counts = field(default_factory=Counts)
    published_correct: int = 0
    articles: int = 0
    attribute_counts: dict[str, list[int]] = field(
        default_factory=lambda: {name: [0, 0] for name in EVENT_ATTRIBUTES})
    per_article: list[Scores] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def published_accuracy(self) -> float:
        return self.published_correct / self.articles if self.articles else 0.0

    @property
    def event_attribute_accuracy(self) -> dict[str, float | None]:
        """Accuracy per attribute over matched event pairs; None when nothing was compared."""
        return {name: (c / t if t else None) for name, (c, t) in self.attribute_counts.items()}

    @property
    def overall(self) -> Counts:
        """Micro-average over actors, places, quotes (with speaker), events and figures."""
        total = Counts(tp_predicted=0)
        for name in OVERALL_TYPES:
            total = total + getattr(self, name)
        return total

    def to_json(self, detail: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name).to_json() for name in RECORD_TYPES}
        out["published_accuracy"] = self.published_accuracy
        out["event_attribute_accuracy"] = self.event_attribute_accuracy
        out["overall"] = self.overall.to_json()
        out["articles"] = self.articles
        if detail:
            out["details"] = self.details
        return out

    @classmethod
    def combine(cls, items: Iterable[Scores]) -> Scores:
        """Sum per-article scores: the micro-average over articles."""
        total = cls()
        for s in items:
            for name in RECORD_TYPES:
                setattr(total, name, getattr(total, name) + getattr(s, name))
            total.published_correct += s.published_correct
            total.articles += s.articles
            for name, (c, t) in s.attribute_counts.items():
                slot = total.attribute_counts.setdefault(name, [0, 0])
                slot[0] += c
                slot[1] += t
            total.per_article.extend(s.per_article or [s])
            total.details.extend(s.details)
        return total


# -- matching rules ---------------------------------------------------------

def actor_matches(predicted: Actor | None, gold: GoldActor | None) -> bool:
    """The actor rule: same kind, predicted name equal to the gold name or an alias."""
    if predicted is None or gold is None:
        return False
    return predicted.kind == gold.kind and normalise_name(predicted.name) in gold.keys


def place_matches(predicted: Place | None, gold: GoldPlace | None) -> bool:
    """The place rule, the same as the actor rule (kind included)."""
    if predicted is None or gold is None:
        return False
    return predicted.kind == gold.kind and normalise_name(predicted.name) in gold.keys


def dates_overlap(predicted: DateRange, gold: DateRange) -> bool:
    p_start, p_end = date_bounds(predicted.start)[0], date_bounds(predicted.end or predicted.start)[1]
    g_start, g_end = date_bounds(gold.start)[0], date_bounds(gold.end or gold.start)[1]
    return p_start <= g_end and g_start <= p_end


def _match_one_to_one(n_pred: int, optional: Sequence[bool],
                      compatible: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum bipartite matching (predicted index -> gold index).

    First augmenting paths over required gold only (most tp), then over all
    gold (most predictions excused). An augmenting path never unmatches a
    gold item, so the second phase keeps every required match of the first.
    """
    edges = [[j for j in range(len(optional)) if compatible(i, j)] for i in range(n_pred)]
    gold_of: dict[int, int] = {}  # gold index -> predicted index

    def augment(i: int, allowed: Callable[[int], bool], seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen or not allowed(j):
                continue
            seen.add(j)
            if j not in gold_of or augment(gold_of[j], allowed, seen):
                gold_of[j] = i
                return True
        return False

    for allowed in (lambda j: not optional[j], lambda j: True):
        matched = set(gold_of.values())
        for i in range(n_pred):
            if i not in matched:
                augment(i, allowed, set())
                matched = set(gold_of.values())
    return {i: j for j, i in gold_of.items()}


def _count(pairs: dict[int, int], n_pred: int, optional: Sequence[bool]) -> tuple[Counts, list[int], list[int]]:
    """Counts from a matching, plus the unmatched predicted and required gold indices."""
    tp = sum(1 for j in pairs.values() if not optional[j])
    false_pos = [i for i in range(n_pred) if i not in pairs]
    matched_gold = set(pairs.values())
    missed = [j for j in range(len(optional)) if not optional[j] and j not in matched_gold]
    return Counts(tp=tp, fp=len(false_pos), fn=len(missed)), false_pos, missed


# -- spans --------------------------------------------------------------------

def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _overlap(span: Span, merged: Iterable[Span]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in merged)


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- record types -----------------------------------------------------------

def _score_names(gold_items: Sequence[GoldActor] | Sequence[GoldPlace],
                 predicted: Sequence[Actor] | Sequence[Place],
                 rule: Callable[[Any, Any], bool]) -> tuple[Counts, dict[str, Any]]:
    optional = [g.optional for g in gold_items]
    pairs = _match_one_to_one(len(predicted), optional, lambda i, j: rule(predicted[i], gold_items[j]))
    counts, false_pos, missed = _count(pairs, len(predicted), optional)
    return counts, {"missed": [f"{gold_items[j].name} ({gold_items[j].kind})" for j in missed],
                    "false_positives": [f"{predicted[i].name} ({predicted[i].kind})" for i in false_pos]}


def _score_quotes(gold: GoldArticle, predicted: Article,
                  use_speaker: bool) -> tuple[Counts, dict[str, Any]]:
    actors = {a.id: a for a in predicted.actors}

    def same_speaker(pq_speaker: str | None, gq_speaker: str | None) -> bool:
        if not use_speaker:
            return True
        if gq_speaker is None or pq_speaker is None:
            return gq_speaker is None and pq_speaker is None
        return actor_matches(actors.get(pq_speaker), gold.actor(gq_speaker))

    found, missed = 0, []
    for gq in gold.quotes:
        if gq.optional:
            continue
        span = gq.span
        if span is not None and any(
                same_speaker(pq.speaker, gq.speaker) and 2 * _overlap(pq.span, [span]) >= span[1] - span[0]
                for pq in predicted.quotes):
            found += 1
        else:
            missed.append({"text": _short(gq.text), "speaker": _actor_name(gold.actor(gq.speaker))})

    correct, false_pos = 0, []
    for pq in predicted.quotes:
        length = pq.span[1] - pq.span[0]
        same = [gq for gq in gold.quotes if gq.span is not None and same_speaker(pq.speaker, gq.speaker)]
        required = _merge(gq.span for gq in same if not gq.optional and gq.span)
        everything = _merge(gq.span for gq in same if gq.span)
        if length > 0 and 2 * _overlap(pq.span, required) >= length:
            correct += 1
        elif length > 0 and 2 * _overlap(pq.span, everything) >= length:
            continue  # mostly inside optional gold quotes: neither right nor wrong
        else:
            speaker = actors.get(pq.speaker) if pq.speaker else None
            false_pos.append({"text": _short(pq.text), "span": list(pq.span),
                              "speaker": speaker.name if speaker else pq.speaker})
    return (Counts(tp=found, fp=len(false_pos), fn=len(missed), tp_predicted=correct),
            {"missed": missed, "false_positives": false_pos})


def _actor_name(actor: GoldActor | None) -> str | None:
    return actor.name if actor else None


def _event_pair_score(gold: GoldArticle, predicted: Article, p: Event,
                      g: GoldEvent) -> tuple[float, ...] | None:
    """None when the pair does not match; else a score, higher is better.

    The score orders, lexicographically: matching participants, date
    agreement (2 when the ranges are equal, 1 when they overlap), place
    agreement, share of the gold evidence covered by the predicted evidence,
    subtype equality, status equality, and last a required gold event before
    an optional one.
    """
    if p.type != g.type:
        return None
    date_score = 0
    if g.date is not None:
        if p.date is None or not dates_overlap(p.date, g.date):
            return None
        date_score = 2 if (p.date.start, p.date.end) == (g.date.start, g.date.end) else 1
    place_score = 0
    if g.place is not None:
        places = {pl.id: pl for pl in predicted.places}
        if not place_matches(places.get(p.place) if p.place else None, gold.place(g.place)):
            return None
        place_score = 1
    actors = {a.id: a for a in predicted.actors}
    n = sum(1 for gp in g.participants
            if any(pp.role == gp.role and actor_matches(actors.get(pp.actor), gold.actor(gp.actor))
                   for pp in p.participants))
    if 2 * n < len(g.participants):
        return None
    gold_chars = sum(e - s for s, e in _merge(g.evidence))
    evidence = _overlap_merged(_merge(g.evidence), _merge(p.evidence)) / gold_chars if gold_chars else 0.0
    return (n, date_score, place_score, evidence, float(p.subtype == g.subtype),
            float(p.status == g.status), float(not g.optional))


def _overlap_merged(a: list[Span], b: list[Span]) -> int:
    return sum(_overlap(span, b) for span in a)


def _match_events(gold: GoldArticle, predicted: Article) -> dict[int, int]:
    """Pair predicted and gold events one to one, best first.

    Every matching pair is scored (:func:`_event_pair_score`); the best
    remaining pair is taken until none is left (ties: lower predicted, then
    gold index). Greedy by design, as the spec asks: a prediction goes to the
    gold event it agrees with most, even if that one is optional.
    """
    candidates = []
    for i, p in enumerate(predicted.events):
        for j, g in enumerate(gold.events):
            score = _event_pair_score(gold, predicted, p, g)
            if score is not None:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in candidates:
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _event_label(event: Event | GoldEvent, text: str) -> str:
    date = f" {event.date.start}..{event.date.end}" if event.date else ""
    people = ", ".join(f"{p.actor}:{p.role}" for p in event.participants)
    spans = event.evidence
    quote = f" «{_short(text[spans[0][0]:spans[0][1]], 60)}»" if spans else ""
    return f"{event.type}/{event.subtype} {event.status}{date} place={event.place} [{people}]{quote}"


def _score_events(gold: GoldArticle, predicted: Article) -> tuple[Counts, dict[str, list[int]], dict[str, Any]]:
    """Counts and attribute accuracies of events.

    Attribute accuracies are taken on every matched pair, optional gold
    events included (a matched optional event was still found, and its
    attributes are still right or wrong); ``subtype`` and ``outcome`` only
    where gold gives one, ``status`` always.
    """
    pairs = _match_events(gold, predicted)
    optional = [g.optional for g in gold.events]
    counts, false_pos, missed = _count(pairs, len(predicted.events), optional)
    attributes = {name: [0, 0] for name in EVENT_ATTRIBUTES}
    errors = []
    for i, j in sorted(pairs.items()):
        p, g = predicted.events[i], gold.events[j]
        for name in EVENT_ATTRIBUTES:
            want = getattr(g, name)
            if want is None:
                continue
            got = getattr(p, name)
            attributes[name][1] += 1
            if got == want:
                attributes[name][0] += 1
            else:
                errors.append({"event": _event_label(g, gold.text), "field": name, "gold": want, "predicted": got})
    detail = {"missed": [_event_label(gold.events[j], gold.text) for j in missed],
              "false_positives": [_event_label(predicted.events[i], predicted.text) for i in false_pos],
              "attribute_errors": errors}
    return counts, attributes, detail


def _score_figures(gold: GoldArticle, predicted: Article) -> tuple[Counts, dict[str, Any]]:
    def compatible(i: int, j: int) -> bool:
        p, g = predicted.figures[i], gold.figures[j]
        return p.category == g.category and abs(p.value - g.value) <= 0.01 * abs(g.value)

    optional = [g.optional for g in gold.figures]
    pairs = _match_one_to_one(len(predicted.figures), optional, compatible)
    counts, false_pos, missed = _count(pairs, len(predicted.figures), optional)
    return counts, {
        "missed": [f"{gold.figures[j].category}={gold.figures[j].value}" for j in missed],
        "false_positives": [f"{predicted.figures[i].category}={predicted.figures[i].value}" for i in false_pos]}


# -- public API ----------------------------------------------------------------

def score_article(gold: GoldArticle, predicted: Article) -> Scores:
    """Score one analysed article against its gold.

    The gold must have been located in ``predicted.text`` (``load_gold(path,
    article.text)``): offsets into two different texts cannot be compared.
    """
    if gold.text != predicted.text:
        raise ValueError(f"{gold.path}: gold spans were located in another text than the "
                         "prediction's; load the gold with the article's text")
    actors, actor_detail = _score_names(gold.actors, predicted.actors, actor_matches)
    places, place_detail = _score_names(gold.places, predicted.places, place_matches)
    quotes, quote_detail = _score_quotes(gold, predicted, use_speaker=True)
    loose, loose_detail = _score_quotes(gold, predicted, use_speaker=False)
    events, attributes, event_detail = _score_events(gold, predicted)
    figures, figure_detail = _score_figures(gold, predicted)
    correct = predicted.published == gold.published
    detail = {
        "article": gold.name,
        "published": {"gold": gold.published, "predicted": predicted.published, "correct": correct},
        "unlocated": list(gold.unlocated),
        "actors": actor_detail, "places": place_detail, "quotes": quote_detail,
        "quotes_ignoring_speaker": loose_detail, "events": event_detail, "figures": figure_detail,
    }
    scores = Scores(actors=actors, places=places, quotes=quotes, quotes_ignoring_speaker=loose,
                    events=events, figures=figures, published_correct=int(correct), articles=1,
                    attribute_counts=attributes, details=[detail])
    detail["counts"] = {name: getattr(scores, name).to_json() for name in RECORD_TYPES}
    return scores


def score_articles(pairs: list[tuple[GoldArticle, Article]]) -> Scores:
    """Score many articles; counts are summed (micro-average)."""
    return Scores.combine(score_article(gold, article) for gold, article in pairs)


def evaluate_directory(folder: Path, analyse: Callable[[Path], Article]) -> Scores:
    """Analyse and score every ``*.txt`` in ``folder`` that has a ``<stem>.gold.json``.

    All gold files are checked before the first (slow) analysis. Gold spans
    are located in the analysed article's cleaned text; a span that cleaning
    removed counts as missed, and only a span found in neither the cleaned
    nor the raw file text is a :class:`GoldError`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder")
    found = [(t, gold_path_for(t)) for t in sorted(folder.glob("*.txt")) if gold_path_for(t).is_file()]
    if not found:
        raise GoldError(f"{folder}: no article with a gold file "
                        f"(expected <stem>.txt beside <stem>.gold.json)")
    raw_texts = {}
    for article_path, gold_path in found:
        try:
            raw_texts[article_path] = article_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldError(f"{article_path}: cannot read the article of {gold_path.name}: {exc}") from None
        load_gold(gold_path, raw_texts[article_path], strict=False)  # structure only, fail fast
    scored = []
    for article_path, gold_path in found:
        article = analyse(article_path)
        gold = load_gold(gold_path, article.text, strict=False)
        if gold.unlocated:
            in_raw = load_gold(gold_path, raw_texts[article_path], strict=False)
            broken = [where for where in gold.unlocated if where in in_raw.unlocated]
            if broken:
                raise GoldError(f"{gold_path}: {broken[0]}: not found in the article text")
        scored.append((gold, article))
    return score_articles(scored)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_table(scores: Scores) -> Table:
    """A rich table: P, R, F1, tp, fp, fn per record type and overall.

    Published and event attribute accuracies go in the caption, with the
    reminder that quote tp counts found gold quotes while quote precision
    counts correct predicted quotes.
    """
    from rich.table import Table

    table = Table(title=f"Scores over {scores.articles} article{'s' if scores.articles != 1 else ''}")
    table.add_column("record")
    for name in ("P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(name, justify="right")

    def row(label: str, c: Counts, **style: Any) -> None:
        table.add_row(label, _fmt(c.precision), _fmt(c.recall), _fmt(c.f1),
                      str(c.tp), str(c.fp), str(c.fn), **style)

    for name in RECORD_TYPES:
        row(name.replace("_", " "), getattr(scores, name))
    table.add_section()
    row("overall", scores.overall, style="bold")
    acc = scores.event_attribute_accuracy
    table.caption = (f"published accuracy {_fmt(scores.published_accuracy)} · event subtype "
                     f"{_fmt(acc.get('subtype'))} · status {_fmt(acc.get('status'))} · outcome "
                     f"{_fmt(acc.get('outcome'))}\nquotes: tp = gold quotes found; "
                     f"P = correct predicted quotes / predicted quotes")
    return table
