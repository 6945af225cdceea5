"""LGL and GeoWebNews (XML) as a benchmark for the places extractor.

Reading. One XML file, ``<articles>`` of ``<article>``; two layouts are read
and may be mixed:

- LGL (Lieberman et al., as redistributed by Gritta et al.): ``<article
  docid>`` with ``<feedid>``, ``<title>``, ``<domain>``, ``<url>``, ``<text>``
  and ``<toponyms>``; each ``<toponym>`` has ``<start>``/``<end>`` offsets into
  the text, ``<phrase>`` and, when resolved, ``<gaztag geonameid>`` with
  ``<name>``, ``<fcode>``, ``<lat>``, ``<lon>``, ``<country>``, ``<admin1>``.
- GeoWebNews (Gritta et al. 2019): ``<article>`` with ``<text>`` and
  ``<toponyms>``; each ``<toponym>`` has ``<extractedName>``, ``<type>``,
  ``<start>``/``<end>`` and, when resolved, ``<geonamesID>``, ``<latitude>``,
  ``<longitude>``. Toponyms whose type ends in ``Expression``
  (``Literal_Expression``, ``Non_Lit_Expression``: common nouns such as
  "the city") are not named places and count nowhere. Articles have no id:
  they are numbered from 1 in file order.

Resolution given the gold toponyms (``accuracy_exact``, ``accuracy_161km``).
Only toponyms with a gold GeoNames id and coordinates count (LGL: a gaztag).
The gold phrases of one article are resolved together, exactly as the places
extractor resolves its mentions (``places.resolve_names``): each phrase is
context for the others, and so are the countries of the state actors the
analyser finds in the article (none when no analyser is given). A toponym is
right within 161 km when the great-circle distance from the chosen place to
the gold point is at most 161 km (100 miles), exactly right when the GeoNames
ids are equal; an unresolved toponym is wrong in both.

Outlet prior (reported separately, ``*_outlet_prior*``). Local outlets
write about one state or province, and their readers know which ("Paris" in a
Paris, Tennessee paper). ``places.OutletLexicon`` learns this from the
articles of one run: the first-level divisions of each article's resolved
towns and counties (resolved with the article's own context) are counted per
outlet (the ``<domain>``, else ``<feedid>``, else the URL's host: what a user
gives as ``Source.outlet``), and an outlet whose towns fall mostly in one
division (at least 3 towns and 30%) gives that division as context to its
articles. ``*_outlet_prior`` learns from all the file's articles first (a
batch run in two passes); ``*_outlet_prior_online`` only from the articles
before each one, in file order (a stream). No gold is used. The places
extractor applies the online form when its context carries the article's
source (``ctx.source.outlet``); the pipeline does not pass it yet, so the
product does not use the prior today, and the headline ``accuracy_*`` figures
are without it.

Detection (``detection_*``). Each text goes through the analyser (actors and
places only) and the predicted place mentions (``Place.mentions``, mapped
back to the file's offsets) are matched to every gold toponym span, resolved
or not, by overlap: a gold toponym is found when some mention overlaps it; a
mention is correct when it overlaps some gold toponym. Precision, recall and
F1 are micro-averaged over articles. The places extractor leaves out place
names used as actors ("Moscow said") and countries not used as locations,
which LGL and GeoWebNews annotate: recall is bounded by that design.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlparse

from ..analyse.gazetteer import distance_km
from ..errors import CeasefireError
from ..records import RawDocument, Source, Span

__all__ = ["GoldToponym", "GeoArticle", "read_corpus", "outlet_of", "resolve_articles", "score_resolution",
           "score_detection", "evaluate"]

RADIUS_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    span: Span
    phrase: str
    geonames_id: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None

    @property
    def resolved(self) -> bool:
        return self.geonames_id is not None and self.lat is not None and self.lon is not None


@dataclass
class GeoArticle:
    docid: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    feed: Optional[str] = None
    domain: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None

    @property
    def gold(self) -> list[GoldToponym]:
        """The toponyms that count for resolution."""
        return [t for t in self.toponyms if t.resolved]


# -- reading ---------------------------------------------------------------------

def _text(el: Optional[ET.Element], tag: str) -> Optional[str]:
    if el is None:
        return None
    value = el.findtext(tag)
    value = value.strip() if value is not None else None
    return value or None


def _number(value: Optional[str], kind: type) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        return None


def _toponym(el: ET.Element, text: str, where: str) -> Optional[GoldToponym]:
    start, end = _number(_text(el, "start"), int), _number(_text(el, "end"), int)
    if start is None or end is None or not 0 <= start < end <= len(text):
        raise CeasefireError(f"{where}: toponym without valid <start>/<end> offsets")
    gaz = el.find("gaztag")
    if gaz is not None:  # LGL
        return GoldToponym((start, end), _text(el, "phrase") or text[start:end],
                           _number(gaz.get("geonameid"), int), _number(_text(gaz, "lat"), float),
                           _number(_text(gaz, "lon"), float))
    kind = _text(el, "type") or ""
    if kind.endswith("Expression"):  # GeoWebNews common nouns ("the city")
        return None
    phrase = _text(el, "phrase") or _text(el, "extractedName") or text[start:end]
    return GoldToponym((start, end), phrase, _number(_text(el, "geonamesID"), int),
                       _number(_text(el, "latitude"), float), _number(_text(el, "longitude"), float))


def read_corpus(path: Path) -> list[GeoArticle]:
    """Every article of an LGL or GeoWebNews XML file (see the module notes)."""
    path = Path(path)
    if path.is_dir():
        raise CeasefireError(f"{path}: give the XML file itself (e.g. lgl.xml), not a folder")
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise CeasefireError(f"{path}: not a readable LGL / GeoWebNews XML file ({exc})") from exc
    articles: list[GeoArticle] = []
    for n, art in enumerate(root.iter("article"), start=1):
        text = art.findtext("text")
        if text is None:
            raise CeasefireError(f"{path}: article {n} has no <text>")
        docid = art.get("docid") or art.get("id") or str(n)
        where = f"{path}: article {docid}"
        tops = [t for el in art.iter("toponym") if (t := _toponym(el, text, where)) is not None]
        articles.append(GeoArticle(docid, text, tops, _text(art, "feedid"), _text(art, "domain"),
                                   _text(art, "url"), _text(art, "title")))
    if not articles:
        raise CeasefireError(f"{path}: no <article> elements")
    return articles


def outlet_of(article: GeoArticle) -> Optional[str]:
    """The outlet as a user would name it: the domain, else the feed, else the URL's host."""
    if article.domain:
        return article.domain.lower().removeprefix("www.")
    if article.feed:
        return f"feed:{article.feed}"
    if article.url:
        host = urlparse(article.url).netloc.lower().removeprefix("www.")
        return host or None
    return None


# -- resolution given the gold toponyms -----------------------------------------

def resolve_articles(gaz: Any, articles: list[GeoArticle], countries: Optional[list[set[str]]] = None,
                     outlet_prior: Optional[str] = None) -> list[list[Any]]:
    """For each article, the place each of its gold toponyms resolves to (None when none).

    ``outlet_prior``: None (each article on its own), ``"run"`` (the outlet's
    division learned from all the run's articles, then applied: a batch run in
    two passes) or ``"online"`` (learned from the articles before this one, in
    file order: a stream)."""
    from ..analyse.places import OutletLexicon, resolve_names

    countries = countries or [set() for _ in articles]
    names = [[t.phrase for t in a.gold] for a in articles]
    own = [resolve_names(gaz, n, c) for n, c in zip(names, countries)]
    if outlet_prior not in (None, "run", "online"):
        raise ValueError(f"outlet_prior: None, 'run' or 'online', not {outlet_prior!r}")
    lexicon = OutletLexicon()
    if outlet_prior == "run":
        for a, res in zip(articles, own):
            lexicon.add(outlet_of(a), res.values())
    out = []
    for a, n, c, res in zip(articles, names, countries, own):
        admin1 = lexicon.context(outlet_of(a)) if outlet_prior else set()
        if outlet_prior == "online":
            lexicon.add(outlet_of(a), res.values())
        if admin1:
            res = resolve_names(gaz, n, c, admin1)
        out.append([res.get(t.phrase) for t in a.gold])
    return out


def score_resolution(articles: list[GeoArticle], resolved: list[list[Any]]) -> dict[str, Any]:
    """Exact-id and 161 km accuracy, with the median and mean error of resolved toponyms."""
    total = exact = near = unresolved = 0
    errors: list[float] = []
    for a, places in zip(articles, resolved):
        for gold, cand in zip(a.gold, places):
            total += 1
            if cand is None:
                unresolved += 1
                continue
            d = distance_km(cand.lat, cand.lon, gold.lat, gold.lon)
            errors.append(d)
            near += d <= RADIUS_KM
            exact += cand.geonames_id is not None and cand.geonames_id == gold.geonames_id
    errors.sort()
    return {
        "accuracy_exact": round(exact / total, 4) if total else 0.0,
        "accuracy_161km": round(near / total, 4) if total else 0.0,
        "median_error_km": round(errors[len(errors) // 2], 1) if errors else None,
        "mean_error_km": round(sum(errors) / len(errors), 1) if errors else None,
        "toponyms_scored": total,
        "toponyms_unresolved": unresolved,
    }


# -- detection -------------------------------------------------------------------

def score_detection(gold: Iterable[Span], predicted: Iterable[Span]) -> tuple[int, int, int, int]:
    """(found gold, gold, correct predicted, predicted) by span overlap."""
    gold, predicted = sorted(set(gold)), sorted(set(predicted))

    def hits(a: Span, spans: list[Span]) -> bool:
        return any(s < a[1] and a[0] < e for s, e in spans)
    return (sum(hits(g, predicted) for g in gold), len(gold),
            sum(hits(p, gold) for p in predicted), len(predicted))


def _places_analyser(analyser: Any) -> Any:
    """The same analyser restricted to the actors and places extractors."""
    try:
        from ..analyse.pipeline import Analyser
        names = [e.name for e in analyser.plan if e.name in ("actors", "places")]
        return Analyser(analyser.resources, extractors=names, today=analyser.today)
    except (AttributeError, TypeError):
        return analyser


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _analyse(analyser: Any, articles: list[GeoArticle], progress: Optional[Callable[[int, int], None]]
             ) -> tuple[list[set[str]], list[list[Span]]]:
    """The countries of each article's state actors (``places.actor_countries``,
    with the gold phrases as the names), and its place mentions in file offsets."""
    from ..analyse.places import actor_countries
    from .bench_polnear import align

    runner = _places_analyser(analyser)
    raws = [RawDocument(text=a.text, source=Source(url=a.url, outlet=outlet_of(a), title=a.title),
                        origin=a.docid) for a in articles]
    countries: list[set[str]] = []
    mentions: list[list[Span]] = []
    total = len(raws)
    if progress:
        progress(0, total)
    prepared = [runner.prepare(r) for r in raws]
    for n, (a, art) in enumerate(zip(articles, runner.analyse_prepared(prepared)), start=1):
        countries.append(actor_countries(art.actors, [t.phrase for t in a.gold], art.text))
        to_file = align(a.text, art.text)
        spans = [to_file(tuple(m)) for p in art.places for m in p.mentions]
        mentions.append([s for s in spans if s is not None])
        if progress:
            progress(n, total)
    return countries, mentions


def evaluate(path: Path, analyser: Any, limit: Optional[int] = None,
             progress: Optional[Callable[[int, int], None]] = None) -> dict[str, Any]:
    """Score toponym resolution (given the gold toponyms) and detection; see the module notes.

    With ``analyser`` None only resolution is scored, with the toponyms alone as context."""
    articles = read_corpus(Path(path))
    if limit is not None:
        articles = articles[:max(0, limit)]
    if analyser is not None:
        gaz = analyser.resources.gazetteer
        countries, mentions = _analyse(analyser, articles, progress)
    else:
        from ..analyse.gazetteer import Gazetteer
        gaz = Gazetteer.load(None)
        countries, mentions = [set() for _ in articles], []
    out: dict[str, Any] = {}
    out.update(score_resolution(articles, resolve_articles(gaz, articles, countries)))
    if mentions:
        found = gold_n = correct = pred_n = 0
        for a, spans in zip(articles, mentions):
            f, g, c, p = score_detection([t.span for t in a.toponyms], spans)
            found, gold_n, correct, pred_n = found + f, gold_n + g, correct + c, pred_n + p
        precision = correct / pred_n if pred_n else 0.0
        recall = found / gold_n if gold_n else 0.0
        out = {"accuracy_exact": out.pop("accuracy_exact"), "accuracy_161km": out.pop("accuracy_161km"),
               "detection_f1": round(_f1(precision, recall), 4), "detection_precision": round(precision, 4),
               "detection_recall": round(recall, 4), **out,
               "detection_counts": {"found": found, "gold": gold_n, "correct": correct, "predicted": pred_n}}
    for mode, suffix in (("run", ""), ("online", "_online")):
        prior = score_resolution(articles, resolve_articles(gaz, articles, countries, outlet_prior=mode))
        out[f"accuracy_exact_outlet_prior{suffix}"] = prior["accuracy_exact"]
        out[f"accuracy_161km_outlet_prior{suffix}"] = prior["accuracy_161km"]
    out["articles"] = len(articles)
    out["outlets"] = len({outlet_of(a) for a in articles} - {None})
    out["toponyms"] = sum(len(a.toponyms) for a in articles)
    return out
