"""Places mentioned as locations, resolved against the gazetteer.

Candidates come from spaCy's GPE/LOC/FAC entities, from single-token
ORG/PERSON entities the small model mislabels ("Kiev", "Mariupol"), from
bare proper nouns naming large cities, and from the dateline. A candidate
used as an actor (metonymy) is dropped: a possessive ("Moscow's invasion"),
a subject ("Kyiv has deployed"), the agent of a passive, the object of
"according to", or a place in a phrase attached to people in power
("officials in Moscow"). A country counts as a place only where the text uses
it locatively ("meeting in Belarus", "travel to Turkey"). The rule lists are
data (``places_extra.yaml``, section ``mention_rules``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any, Iterable

import yaml

from ..records import Place, Span
from .context import Context, PlaceTable
from .gazetteer import Candidate, Gazetteer, normalize
from .registry import extractor
from .tokens import column, entities

RULES_FILE = "places_extra.yaml"
PLACE_LABELS = ("GPE", "LOC", "FAC")
MISLABELS = ("ORG", "PERSON", "NORP")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
LOCATIVE_FRAMES = ("locative", "motion", "part_of", "motion_object", "directional")
DIVISION_WORDS = ("region", "oblast", "province", "governorate")
STREET_WORDS = ("street", "avenue", "road", "square", "boulevard", "lane", "prospekt", "highway", "bridge")
LIST_TAIL = re.compile(r"(?:,?\s+(?:and\s+|or\s+)?[A-Z][\w'’-]*)*\s+([A-Za-z]+)\b")
DATELINE = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,2}))?"
    r"(?:[.,]?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # "MOSCOW. March 5 (Interfax) -"
    r"\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]")


@dataclass(frozen=True)
class MentionRules:
    locative_preps: frozenset[str]
    directional_preps: frozenset[str]
    motion_words: frozenset[str]
    part_nouns: frozenset[str]
    motion_verbs: frozenset[str]
    authority_nouns: frozenset[str]
    compound_actor_nouns: frozenset[str]
    locative_verbs: frozenset[str]
    mislabel_min_population: int
    propn_min_population: int
    foreign_min_population: int

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "MentionRules":
        r = data["mention_rules"]
        sets = {k: frozenset(str(w).lower() for w in r[k]) for k in (
            "locative_preps", "directional_preps", "motion_words", "part_nouns", "motion_verbs",
            "authority_nouns", "compound_actor_nouns", "locative_verbs")}
        return cls(**sets, mislabel_min_population=int(r["mislabel_min_population"]),
                   propn_min_population=int(r["propn_min_population"]),
                   foreign_min_population=int(r["foreign_min_population"]))


@dataclass
class Mention:
    span: Span
    text: str
    source: str  # rule id of where the candidate came from
    root: Any = None  # spaCy token, None for the dateline


def _rules(ctx: Context) -> MentionRules:
    return mention_rules(ctx.resources)


def mention_rules(res: Any) -> MentionRules:
    """The rules of ``places_extra.yaml`` (section ``mention_rules``), read once per resources."""
    if res is not None and hasattr(res, "cached"):
        return res.cached("places.rules", lambda: MentionRules.from_data(res.data(RULES_FILE)))
    text = importlib_resources.files("ceasefire.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return MentionRules.from_data(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def _gazetteer(ctx: Context) -> Gazetteer:
    res = ctx.resources
    if res is not None and getattr(res, "gazetteer", None) is not None:
        return res.gazetteer
    raise ValueError("places need resources with a gazetteer (Resources.gazetteer)")


# Compiled once: each entity's name is cleaned, and ``re.sub`` looks a pattern up on every call.
POSSESSIVE = re.compile(r"[’']s$")
LEADING_THE = re.compile(r"^(?:the|The)\s+")
GLUED_BEFORE, GLUED_AFTER = re.compile(r"\w-"), re.compile(r"-\w")


def _clean_name(text: str) -> str:
    s = text.strip()
    s = POSSESSIVE.sub("", s)
    s = LEADING_THE.sub("", s)
    return s.strip(" ,.;:")


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def _head_words(tok) -> set[str]:
    """The lower-cased text and lemma of a token, and of the last part of a
    hyphenated compound ("decision-makers" -> "makers", "maker")."""
    words = {tok.text.lower(), _lemma(tok)}
    return words


def _effective(tok):
    """Climb conjunctions and appositions: "in Moscow and Kiev" gives Kiev the
    role of Moscow, "in Antalya, Turkey" gives Turkey the role of Antalya."""
    seen = 0
    while tok.dep_ in ("conj", "appos") and tok.head is not tok and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def _mentions(ctx: Context, gaz: Gazetteer, rules: MentionRules) -> list[Mention]:
    doc = ctx.doc
    out: list[Mention] = []
    taken: list[Span] = []
    m = DATELINE.match(ctx.text)
    if m and m.group("city").isupper() and len(m.group("city")) > 2:
        for group in ("city", "region"):
            value = (m.group(group) or "").rstrip(".")
            if value and gaz.lookup(value):
                span = (m.start(group), m.start(group) + len(value))
                out.append(Mention(span, value, "dateline"))
                taken.append(span)
    ent_tokens: set[int] = set()
    for ent in entities(doc):
        ent_tokens.update(range(ent.start, ent.end))
        for part in _conjuncts(ent):
            mention = _entity_mention(ctx, gaz, part, ent.label_, taken)
            if mention is not None:
                out.append(mention)
    texts = column(doc, "text")
    for i, pos in enumerate(column(doc, "pos_")):  # lists by token index: no Token made for most words
        if pos != "PROPN" or i in ent_tokens or not texts[i][:1].isupper():
            continue
        tok = doc[i]
        if tok.is_sent_start:
            continue
        if tok.dep_ == "compound" or any(c.dep_ == "compound" for c in tok.children):
            continue  # part of a longer name the entity recogniser did not mark
        span = (tok.idx, tok.idx + len(tok.text))
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        division = _division(ctx.text, span[1], tok.text, gaz)
        if division:  # "the Donetsk and Luhansk regions"
            out.append(Mention((span[0], division[1]), division[0], "propn_division", tok))
        else:
            out.append(Mention(span, tok.text, "propn", tok))
    return out


def _conjuncts(ent):
    """An entity split at its coordinations: "Zaporizhzhya and Bakhmut" gives two."""
    parts, cur = [], []
    deps, texts = column(ent.doc, "dep_"), column(ent.doc, "text")
    for i in range(ent.start, ent.end):
        if deps[i] in ("cc", "punct") and texts[i] in ("and", "or", ",", "&"):
            if cur:
                parts.append(ent.doc[cur[0]:cur[-1] + 1])
            cur = []
        else:
            cur.append(i)
    if cur:
        parts.append(ent.doc[cur[0]:cur[-1] + 1])
    return parts if len(parts) > 1 else [ent]


def _entity_mention(ctx: Context, gaz: Gazetteer, ent, label: str, taken: list[Span]) -> Mention | None:
    span = (ent.start_char, ent.end_char)
    if any(s < span[1] and span[0] < e for s, e in taken):
        return None
    ent_text = ctx.text[span[0]:span[1]]  # sliced: a span's text is joined from its tokens
    name = _clean_name(ent_text)
    if not name or gaz.is_demonym(name):
        return None
    if label in PLACE_LABELS:
        source = "ent_" + label.lower()
    elif label in MISLABELS and len(ent) == 1 and ent[0].text[:1].isupper():
        source = "ent_mislabel"
    else:
        return None
    start = ent.start_char + ent_text.index(name) if name in ent_text else ent.start_char
    end = start + len(name)
    if _glued(ctx.text, start, end):
        return None  # "Interfax-Ukraine", "Russia-Ukraine": part of another name or a modifier
    tail = _list_tail(ctx.text, end)
    if tail and tail[0].rstrip("s") in STREET_WORDS:
        return None  # "Shevchenko Street", "Kyivska and Sosyura Streets"
    division = _division(ctx.text, end, name, gaz)
    if division:
        name, end = division
    return Mention((start, end), name, source, ent.root)


def _glued(text: str, start: int, end: int) -> bool:
    before = text[start - 2:start] if start >= 2 else ""
    after = text[end:end + 2]
    return bool(GLUED_BEFORE.fullmatch(before) or GLUED_AFTER.fullmatch(after))


def _list_tail(text: str, end: int) -> tuple[str, int] | None:
    """The common noun closing a list of names that starts here, and where it ends:
    "Luhansk and Zaporizhzhya regions" -> ("regions", ...), "Shevchenko Street" -> ("street", ...)."""
    m = LIST_TAIL.match(text, end)
    return (m.group(1).lower(), m.end()) if m else None


def _division(text: str, end: int, name: str, gaz: Gazetteer) -> tuple[str, int] | None:
    """ "Luhansk region", "the Donetsk and Luhansk regions": the division, when the
    gazetteer knows it, rather than the city."""
    tail = _list_tail(text, end)
    if tail is None or tail[0].rstrip("s") not in DIVISION_WORDS:
        return None
    word = tail[0].rstrip("s")
    for longer in (f"{name} {word}", f"{name} Oblast"):
        if any(c.kind in ("admin", "region") for c in gaz.lookup(longer)):
            adjacent = re.match(r"\s+" + tail[0] + r"\b", text[end:], re.I)
            return f"{name} {word}", (end + adjacent.end() if adjacent else end)
    return None


def _prep_frame(tok, rules: MentionRules) -> tuple[str | None, str | None]:
    """(accept rule, reject rule) from the preposition governing ``tok``."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ not in ("prep", "agent", "dative") and prep.pos_ != "ADP":
        return None, None
    p = prep.text.lower()
    head = prep.head
    if p == "to" and head.text.lower() == "according":
        return None, "meto_according_to"
    if prep.dep_ == "agent" or p == "by":
        return None, "meto_agent"
    if head.pos_ in ("NOUN", "PROPN", "PRON") and _head_words(head) & rules.authority_nouns and p != "of":
        return None, "meto_authority_pp"
    if head.lemma_ == "be" and any(c.dep_ in ("attr", "nsubj") and _head_words(c) & rules.authority_nouns
                                   for c in head.children):
        return None, "meto_authority_pp"  # "there are other decision-makers ... in Russia"
    if p in rules.locative_preps:
        return "locative", None
    if p in rules.directional_preps:
        if _head_words(head) & rules.motion_words:
            return "motion", None
        if p == "from" and head.pos_ in ("VERB", "AUX"):
            return "motion", None
        return "directional", None  # a location for a city, not for a country ("threat to Russia")
    if p == "of" and _head_words(head) & rules.part_nouns:
        return "part_of", None
    return None, None


def metonymy(tok, rules: MentionRules) -> str | None:
    """The rule by which a place name (its head token) stands for its government
    or side - a possessive ("Moscow's invasion"), the subject of a verb other
    than a locative one ("Kyiv has deployed", not "Kyiv lies on the Dnieper"),
    the object of "according to" or of an agent "by", a phrase attached to
    people in power ("officials in Moscow"), a compound with them ("Moscow
    officials") - or None when it may be a location. The actors extractor
    uses the same rules (``metonymy.metonymy_rule``)."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if tok.dep_ == "poss" or (nxt is not None and nxt.tag_ == "POS"):
        return "meto_possessive"
    eff = _effective(tok)
    if eff.dep_ in SUBJECT_DEPS and _lemma(eff.head) not in rules.locative_verbs:
        return "meto_subject"
    if eff is not tok and eff.dep_ == "poss":
        return "meto_subject"
    _, reject = _prep_frame(eff, rules)
    if reject:
        return reject
    if eff.dep_ in ("compound", "nmod", "amod") and _head_words(eff.head) & rules.compound_actor_nouns:
        return "meto_compound_actor"
    return None


def classify(mention: Mention, cand: Candidate, rules: MentionRules) -> tuple[bool, str]:
    """Whether a mention is a location (True) or an actor/other use, and why."""
    if mention.root is None:
        return True, "dateline"
    meto = metonymy(mention.root, rules)
    if meto:
        return False, meto
    eff = _effective(mention.root)
    country = cand.kind == "country"
    accept, _ = _prep_frame(eff, rules)
    if accept == "directional" and country:
        return False, "country_not_locative"
    if accept:
        return True, accept
    if eff.dep_ in ("compound", "nmod", "amod"):
        return (not country), ("compound" if not country else "country_not_locative")
    if eff.dep_ == "dobj" and _lemma(eff.head) in rules.motion_verbs:
        return True, "motion_object"
    if country:
        return False, "country_not_locative"
    return True, "default"


def actor_countries(actors: Iterable[Any], names: Iterable[str], text: str = "") -> set[str]:
    """The countries of the article's state actors, as context for its place
    names. A state named only by names that are themselves being resolved
    ("Georgia" in a story from Atlanta, "Palestine" in one from Texas) is left
    to the joint resolution: its country is what is in question, not a clue.
    ``text`` is the text the actors' mention offsets index."""
    keys = {normalize(n) for n in names}
    out: set[str] = set()
    for actor in actors or []:
        if getattr(actor, "kind", None) != "state" or not actor.country:
            continue
        surfaces = [text[s:e] for s, e in getattr(actor, "mentions", None) or []] if text else []
        surfaces = surfaces or [actor.name, *(getattr(actor, "aliases", None) or [])]
        if any(normalize(_clean_name(x)) not in keys for x in surfaces if x):
            out.add(actor.country)
    return out


def _context_countries(ctx: Context, gaz: Gazetteer, names: Iterable[str] = ()) -> set[str]:
    countries = actor_countries(getattr(ctx.actors, "actors", []), names, ctx.text)
    for ent in entities(ctx.doc):
        if ent.label_ in ("NORP", "GPE"):
            dem = gaz.demonym(_clean_name(ent.text))
            if dem is not None and dem.country:
                countries.add(dem.country)
    return countries


def resolve_names(gaz: Gazetteer, names: list[str], countries: Iterable[str] = (),
                  admin1: Iterable[tuple[str, str]] = ()) -> dict[str, Candidate | None]:
    """The places the names of one article denote, resolved together (each
    name is context for the others) with the article's countries and, when
    known, first-level divisions as further context. The places extractor and
    the geo benchmark both resolve through here."""
    return gaz.resolve_all(names, countries, context_admin1=admin1, demonyms=True, deep=True)


class OutletLexicon:
    """Where an outlet's articles are, learned across the articles of one run:
    the first-level division (state, province) in which most of the towns they
    mention lie. A local paper's "Paris" is the Paris of its state; this gives
    that state as context to each of its articles."""

    def __init__(self, min_towns: int = 3, min_share: float = 0.3):
        self.min_towns = min_towns
        self.min_share = min_share
        self._counts: dict[str, Counter] = {}

    def add(self, outlet: str | None, places: Iterable[Candidate | None]) -> None:
        """Count the divisions of one article's resolved towns and counties."""
        if not outlet:
            return
        counts = self._counts.setdefault(outlet, Counter())
        for c in {id(p): p for p in places if p is not None}.values():
            if c.kind in ("city", "town") or c.county:
                if c.country and c.admin1:
                    counts[(c.country, c.admin1)] += 1

    def context(self, outlet: str | None) -> set[tuple[str, str]]:
        """The outlet's home division as a set of one (country, admin1) pair, or empty."""
        counts = self._counts.get(outlet or "")
        if not counts:
            return set()
        key, n = counts.most_common(1)[0]
        if n >= self.min_towns and n >= self.min_share * sum(counts.values()):
            return {key}
        return set()


def _outlet(ctx: Context) -> tuple[str | None, OutletLexicon | None]:
    """The article's outlet and the run's ``OutletLexicon``, when the context
    carries the article's source (``ctx.source.outlet``); else (None, None).
    The lexicon lives in the run's resources, so it learns across articles."""
    source = getattr(ctx, "source", None)
    outlet = getattr(source, "outlet", None) or None
    res = ctx.resources
    if not outlet or res is None or not hasattr(res, "cached"):
        return None, None
    return outlet, res.cached("places.outlet_lexicon", OutletLexicon)


def place_mentions(ctx: Context) -> list[tuple[Span, Candidate, str]]:
    """Every span of ``ctx.text`` used as a location, with its resolved place and rule id."""
    gaz = _gazetteer(ctx)
    rules = _rules(ctx)
    mentions = _mentions(ctx, gaz, rules)
    names = [m.text for m in mentions if gaz.lookup(m.text)]
    if not names:
        return []
    countries = _context_countries(ctx, gaz, names)
    resolved = resolve_names(gaz, names, countries)
    outlet, lexicon = _outlet(ctx)
    if lexicon is not None:  # the outlet's home division, learned from the run's earlier articles
        home = lexicon.context(outlet)
        lexicon.add(outlet, resolved.values())
        if home:
            resolved = resolve_names(gaz, names, countries, home)
    # The countries the article is about: its state actors and demonyms, and
    # the countries its places resolve to (each counted once per name).
    place_countries = Counter(c.country for c in resolved.values() if c is not None and c.country)
    out: list[tuple[Span, Candidate, str]] = []
    for m in mentions:
        cand = resolved.get(m.text)
        if cand is None:
            continue
        if _foreign_namesake(cand, countries, place_countries, rules):
            continue
        if m.text.lower() == m.text or normalize(m.text) in gaz.stop_names and cand.kind in ("city", "town"):
            continue
        if m.source == "propn_division":
            ok, why = classify(m, cand, rules)
            if not ok:
                continue
        elif m.source in ("ent_mislabel", "propn"):
            # the entity recogniser said it is no place: accept it only in a locative frame,
            # or as a large city
            ok, why = classify(m, cand, rules)
            framed = why in LOCATIVE_FRAMES
            floor = rules.mislabel_min_population if m.source == "ent_mislabel" else rules.propn_min_population
            if not ok or cand.kind not in ("city", "town", "admin", "region", "water") and not framed:
                continue
            if not framed and (m.source == "propn" or cand.population < floor):
                continue
        else:
            ok, why = classify(m, cand, rules)
            if not ok:
                continue
        out.append((m.span, cand, f"places.{m.source}+{why}"))
    out.sort(key=lambda x: x[0])
    return out


def _foreign_namesake(cand: Candidate, countries: set[str], place_countries: Counter,
                      rules: "MentionRules") -> bool:
    """A small town in a country nothing else in the article names
    (rule ``places.foreign_namesake``): when the text is clearly about other
    countries, it is a local name the gazetteer lacks, not that town."""
    if cand.kind not in ("city", "town") or cand.capital or not cand.country:
        return False
    if cand.population >= rules.foreign_min_population:
        return False
    others = set(countries) | {c for c, n in place_countries.items() if c != cand.country or n > 1}
    return bool(others) and cand.country not in others


def build_places(mentions: list[tuple[Span, Candidate, str]], text: str) -> list[Place]:
    """Group mentions by resolved place into ``Place`` records, in order of first mention."""
    places: dict[tuple, Place] = {}
    for (s, e), cand, rule in mentions:
        key = (cand.geonames_id,) if cand.geonames_id else (cand.name, cand.kind, cand.country)
        place = places.get(key)
        if place is None:
            place = Place(id=f"p{len(places) + 1}", name=cand.name, kind=cand.kind,  # type: ignore[arg-type]
                          country=cand.country, lat=round(cand.lat, 5), lon=round(cand.lon, 5),
                          geonames_id=cand.geonames_id, rule=rule)
            places[key] = place
        surface = text[s:e]
        if surface not in place.aliases:
            place.aliases.append(surface)
        if (s, e) not in place.mentions:
            place.mentions.append((s, e))
    return list(places.values())


@extractor("places", produces=("places",))
def extract_places(ctx: Context) -> None:
    ctx.places = PlaceTable(build_places(place_mentions(ctx), ctx.text))
