"""Corridor routes read from the surface of the text: "from Mariupol,
Berdyansk and Melitopol to Zaporizhzhia", "Kremenna-Liman, Rubizhne-Slaviansk",
"left Borodianka, Kyiv region, for Zhytomyr", "2,000 residents of Mariupol
were able to reach Zaporizhzhya", "to leave Mariupol and Volnovakha".

Place names are replaced by slots (``⟨T3⟩``) and the route grammar of
``corridor.yaml`` (section ``routes``) is matched over the result, so a new
wording is a data change. A slot is a place the places extractor found
(``T`` a town, ``A`` a division, region or country), a name the gazetteer
knows that it did not accept (``N``: route lists are often parsed as one
organisation, "Andriyivka - Zhytomyr") or a capitalised name nobody knows
(``U``: it keeps a list whole but is no endpoint). ``N`` slots are resolved
only when a rule uses them, near the article's other places.

A name nobody can place (a village missing from the gazetteer, or whose
namesakes all lie far from the article's places) is still an end of a route
whose other end is a known place, when a rule listed in ``unlocated_rules``
states it ("from the village of Bobrik to Brovary", "Kozarovychi - Kyiv"): it
becomes a place with no coordinates, so the record keeps the name the text
gives rather than losing the end.

Each match gives one route per origin ("from A, B and C to D" is three
corridors); an origin with no destination takes one stated for the same verb
in its sentence, or, when the sentence continues the one before ("720 from
Polohy and Vasylivka"), the single destination of that sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any

from ...records import Place
from ..gazetteer import normalize
from .frame import Frame
from .lexicon import FamilyRules, StatusRules, compile_cue, doc_forms, words
from .syntax import ancestors_path, is_verb
from ..tokens import sentences

UNLOCATED_RULE = "corridor.route.unlocated"
BIG_CITY = 100_000  # a route end this large is placed even outside the article's countries
SLOT = re.compile(r"⟨([TANU])(\d+)⟩")
PARAGRAPH = re.compile(r"\n\s*\n")
QUOTES = str.maketrans({c: " " for c in "\"“”«»"})
NAME_KINDS = ("T", "A", "N")


@dataclass
class Slot:
    kind: str  # T town (found place), A division/region/country (found place), N gazetteer name, U unknown
    start: int
    end: int
    text: str
    place_id: str | None = None
    root: Any = None
    resolved: bool = False
    unlocated_ok: bool = False  # an end (or stop) of a stated route: kept as a name if it cannot be placed


@dataclass
class Route:
    rule: str
    sentence: int  # char offset of the sentence start
    span: tuple[int, int]
    origin: Slot | None
    destination: Slot | None
    via: list[Slot] = field(default_factory=list)
    inherited: bool = False
    shared: bool = False  # one of several routes of one phrase ("from A, B and C to D")


class RouteReader:
    """The routes of one article, from the grammar of one family (corridor)."""

    def __init__(self, frame: Frame, fam: FamilyRules, triggers: list[Any]):
        """``triggers``: the head tokens of the family's trigger mentions that
        passed their checks; their sentences are about corridors."""
        self.frame = frame
        self.ctx = frame.ctx
        # The compiled grammar is the same for every article: made once per run.
        g: RouteGrammar = frame.ctx.resources.cached(
            "events.routes.grammar", lambda: RouteGrammar.compile(fam, frame.common.words("people_nouns")))
        self.data, self.macros, self.rules = g.data, g.macros, g.rules
        self.dest_cues, self.p_main = g.dest_cues, g.p_main
        self.context_words, self.vehicle_words, self.route_words = g.context_words, g.vehicle_words, g.route_words
        self.people, self.not_names, self.region_words, self.bracket_words = \
            g.people, g.not_names, g.region_words, g.bracket_words
        self.list_item, self.unlocated_rules, self.status_rules = g.list_item, g.unlocated_rules, g.status_rules
        self.trigger_sents = {t.sent.start_char for t in triggers}
        self.slots: list[Slot] = []

    # -- slots -----------------------------------------------------------------

    def _in_context(self, sent: Any, table: list[tuple[str, ...]]) -> bool:
        """Whether a sentence is about corridors or evacuation: a corridor
        trigger or a context word in it, or a vehicle with people in it.
        ``table``: the forms of the document's tokens (``doc_forms``)."""
        rows = table[sent.start:sent.end]
        if sent.start_char in self.trigger_sents or _any_in(rows, self.context_words):
            return True
        return _any_in(rows, self.vehicle_words) and _any_in(rows, self.people)

    def _slots(self, start: int, end: int) -> list[Slot]:
        """Slots of the text between ``start`` and ``end``."""
        ctx = self.ctx
        out: list[Slot] = []
        taken: list[tuple[int, int]] = []
        for (s, e), place in ctx.places.within(start, end):
            if s < self.frame.dateline_end:
                continue
            kind = "A" if place.kind in ("admin", "region", "country", "water") else "T"
            span = self.frame.doc.char_span(s, e, alignment_mode="expand")
            out.append(Slot(kind, s, e, ctx.text[s:e], place.id, span.root if span is not None else None, True))
            taken.append((s, e))
        doc = self.frame.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        toks = list(span) if span is not None else []
        group: list[Any] = []

        gaz = self.frame.gazetteer

        def flush() -> None:
            if not group:
                return
            s, e = group[0].idx, group[-1].idx + len(group[-1])
            name = ctx.text[s:e]
            known = gaz is not None and (gaz.lookup(name) or gaz.deep_lookup(name))
            root = doc.char_span(s, e, alignment_mode="expand")
            out.append(Slot("N" if known else "U", s, e, name, None, root.root if root is not None else None))
            group.clear()

        for t in toks:
            s, e = t.idx, t.idx + len(t)
            name_like = self._name_like(t) and not any(a < e and s < b for a, b in taken)
            if name_like and group and (len(group) >= 3 or ctx.text[group[-1].idx + len(group[-1]):s] != " "):
                flush()  # names run to three words, joined by single spaces
            if name_like:
                group.append(t)
            else:
                flush()
        flush()
        out.sort(key=lambda sl: sl.start)
        return out

    def _name_like(self, t: Any) -> bool:
        """A capitalised word that may be (part of) a place name: no demonym
        ("Ukrainian"), no stop word, not in the dateline, not a known person
        or organisation, not a capitalised common word opening a sentence."""
        gaz = self.frame.gazetteer
        s, e = t.idx, t.idx + len(t)
        return t.text[:1].isupper() and t.text.replace("'", "").replace("’", "").isalpha() and \
            t.lower_ not in self.not_names and not (gaz is not None and gaz.is_demonym(t.text)) and \
            s >= self.frame.dateline_end and self._not_an_actor(s, e) and not (t.is_sent_start and t.pos_ != "PROPN")

    def _not_an_actor(self, start: int, end: int) -> bool:
        """A known person or organisation is no place; a state ("Kyiv" for
        Ukraine) or a name the actors extractor took for an unknown person
        ("Nyzhne") may be one."""
        actor = self.ctx.actors.at(start, end)
        return actor is None or actor.kind == "state" or actor.kb_id is None and actor.kind == "person" and \
            not actor.titles

    def _symbols(self, start: int, end: int, base: int) -> tuple[str, list[int]]:
        """The text with slots for names; ``pos`` maps each character back to the text."""
        text = self.ctx.text
        parts: list[str] = []
        pos: list[int] = []
        at = start
        for n, sl in enumerate(self.slots[base:], base):
            if sl.start < at or sl.end > end:
                continue
            parts.append(text[at:sl.start])
            pos.extend(range(at, sl.start))
            mark = f"⟨{sl.kind}{n}⟩"
            parts.append(mark)
            pos.extend([sl.start] * len(mark))
            at = sl.end
        parts.append(text[at:end])
        pos.extend(range(at, end))
        sym = "".join(parts).translate(QUOTES)
        return self._brackets(sym), pos

    def _brackets(self, sym: str) -> str:
        """Brackets after a name ("(Donetsk region)", "[Zaporizhzhya region]",
        "(training center)") describe it: blanked. "[to]" is a word of the
        route; other brackets lose only their marks. Lengths are kept."""
        def after_name(m: re.Match) -> str:
            inner = m.group(2)[1:-1]
            if inner.strip().lower() in self.bracket_words:  # "Tokmak [to] Zaporizhzhya"
                return m.group(1) + " " + inner + " "
            lows = set(re.findall(r"[a-z]+", inner.lower()))
            if lows & self.region_words or not SLOT.search(inner):
                return m.group(1) + " " * len(m.group(2))
            return m.group(1) + " " + inner + " "
        sym = re.sub(r"(⟩\s*)(\([^()]{0,80}\)|\[[^\[\]]{0,80}\])", after_name, sym)
        return re.sub(r"[\[\]()]", " ", sym)

    # -- places ----------------------------------------------------------------

    def _is_region(self, slot: Slot) -> bool:
        pid = self.place_of(slot)  # first: resolving a name may add its place to the article's table
        place = self.ctx.places.get(pid)
        return place is not None and place.kind in ("country", "admin", "region", "water")

    def place_of(self, slot: Slot | None) -> str | None:
        """The place a slot names (an ``N`` slot is resolved now), else None."""
        if slot is None:
            return None
        if not slot.resolved and slot.kind != "U":
            slot.resolved = True
            slot.place_id = self.frame.route_place(slot.text, (slot.start, slot.end), slot.root,
                                                   self.data.get("village_max_km", 100),
                                                   self.data.get("town_max_km", 700)) or self._big_city(slot)
        if slot.place_id is None and slot.unlocated_ok:
            slot.place_id = self._unlocated(slot)
        return slot.place_id

    def located(self, slot: Slot | None) -> bool:
        """Whether a slot names a place the places extractor or the gazetteer knows."""
        if slot is None or slot.kind == "U":
            return False
        pid = self.place_of(slot)  # first: resolving a name may add its place to the article's table
        place = self.ctx.places.get(pid)
        return place is not None and place.rule != UNLOCATED_RULE

    def _unlocated(self, slot: Slot) -> str:
        """A place with no coordinates for a route end nobody can place: one per
        name in the article, its surface as its name."""
        table = self.ctx.places
        name = " ".join(slot.text.split())
        key = normalize(name)
        place = next((p for p in table if p.lat is None and p.geonames_id is None and p.rule == UNLOCATED_RULE
                      and normalize(p.name) == key), None)
        if place is None:
            place = Place(id=table.free_id(), name=name, kind="other", rule=UNLOCATED_RULE)
        if name not in place.aliases:
            place.aliases.append(name)
        table.add(place, (slot.start, slot.end))
        return place.id

    def _big_city(self, slot: Slot) -> str | None:
        """A route end that names a large city with no namesake of its size
        ("Kharkiv" in a story that names only Russia, whose demonym makes Russia
        the article's country): placed although the article's countries do not
        include its own."""
        gaz = self.frame.gazetteer
        name = " ".join(slot.text.split())
        cands = gaz.lookup(name) if gaz is not None else []
        city = cands[0] if cands else None
        if city is None or city.kind != "city" or city.population < BIG_CITY or gaz.is_ambiguous(name):
            return None
        table = self.ctx.places
        place = next((p for p in table if p.geonames_id == city.geonames_id), None) or \
            Place(id=table.free_id(), name=city.name, kind=city.kind, country=city.country,  # type: ignore[arg-type]
                  lat=round(city.lat, 5), lon=round(city.lon, 5), geonames_id=city.geonames_id,
                  rule="corridor.route.place")
        if name not in place.aliases:
            place.aliases.append(name)
        table.add(place, (slot.start, slot.end))
        return place.id

    # -- reading ---------------------------------------------------------------

    def read(self) -> list[Route]:
        text = self.ctx.text
        routes: list[Route] = []
        doc = self.frame.doc
        table = doc_forms(doc)  # read by token index: no Token objects made per check
        sents = sentences(doc)  # each paragraph below picks its own
        in_context = {s.start_char: self._in_context(s, table) for s in sents}
        article = any(in_context.values())
        for p_start, p_end in _paragraphs(text):
            previous: list[Route] = []
            for sent in (s for s in sents if p_start <= s.start_char < p_end):
                # A sentence about corridors, or one that goes on with the routes of the one before
                own = in_context[sent.start_char] or bool(previous)
                routed = own or _any_in(table[sent.start:sent.end], self.route_words)
                # An item of a list of routes ("The Sumy region: from Sumy, Lebedyn and Konotop to Poltava")
                s0, s1 = sent.start_char, sent.end_char  # sliced from the text, not joined from tokens
                verbless = bool(self.list_item.search(text, s0, s1)) and not any(is_verb(t) for t in sent)
                if not (routed or article or verbless):
                    previous = []
                    continue
                base = len(self.slots)
                self.slots.extend(self._slots(s0, s1))
                sym, pos = self._symbols(s0, s1, base)
                found = self._match(sym, pos, sent, own, routed)
                self._destinations(found, sym, pos, previous)
                routes += found
                previous = found
        return routes

    def _main_slots(self, group: str | None) -> list[Slot]:
        """The names a matched group lists, without the regions after them."""
        if not group:
            return []
        return [self.slots[int(m.group("main")[2:-1])] for m in self.p_main.finditer(group)]

    def _match(self, sym: str, pos: list[int], sent: Any, own: bool, routed: bool) -> list[Route]:
        claimed: list[tuple[int, int]] = []
        out: list[Route] = []
        for rule_id, rx, context in self.rules:
            if context == "sentence" and not own or context == "route" and not routed:
                continue
            for m in rx.finditer(sym):
                if any(a < m.end() and m.start() < b for a, b in claimed):
                    continue
                gd = m.groupdict()
                if gd.get("chain"):
                    chain = self._main_slots(gd["chain"])
                    named = [sl for sl in chain if sl.kind in NAME_KINDS]
                    ends = [sl for sl in (chain[0], chain[-1]) if sl.kind in NAME_KINDS]
                    if not ends or len(chain) - len(named) > 1 or len(named) < 2 and ends[0].kind == "A":
                        continue  # "Interfax-Ukraine": an unknown name and a country
                    if all(sl.kind == "A" or self._is_region(sl) for sl in ends):
                        continue  # "Russia-Ukraine": countries or regions side by side, no route
                    origins, dests, via = [chain[0]], [chain[-1]], chain[1:-1]
                else:
                    origins = self._main_slots(gd.get("origins"))
                    dests = self._main_slots(gd.get("destinations"))
                    via = self._main_slots(gd.get("via"))
                # A rule that states both ends may take a name nobody knows for one of them
                kinds = NAME_KINDS + ("U",) if rule_id in self.unlocated_rules else NAME_KINDS
                origins = [o for o in origins if o.kind in kinds]
                dests = [d for d in dests if d.kind in kinds]
                if len(origins) > 1 and len(dests) > 1:
                    dests = []  # "from A and B to C and D": who goes where is not said
                if not origins and not dests:
                    continue
                span = (pos[m.start()], pos[min(m.end(), len(pos)) - 1] + 1)
                made = []
                for o in origins or [None]:
                    for d in dests[:1] or [None]:
                        if o is not None and d is not None and o.text.lower() == d.text.lower():
                            continue
                        made.append(Route(rule_id, sent.start_char, span, o, d, list(via)))
                made = [r for r in made if self.located(r.origin) or self.located(r.destination)]
                for r in made:
                    r.shared = len(made) > 1
                    if rule_id in self.unlocated_rules and r.origin is not None and r.destination is not None:
                        for sl in (r.origin, r.destination, *(r.via if gd.get("chain") else ())):
                            sl.unlocated_ok = True  # the other end is placed; stops of a chain lie between
                if made:
                    claimed.append((m.start(), m.end()))
                    out += made
        return out

    def _destinations(self, found: list[Route], sym: str, pos: list[int], previous: list[Route]) -> None:
        """An origin with no destination: one stated for the same verb in the
        sentence and used by no other route, else the single destination of
        the sentence before."""
        lonely = [r for r in found if r.destination is None and r.origin is not None]
        if not lonely:
            return
        used = {id(r.destination) for r in found if r.destination is not None}
        used |= {id(r.origin) for r in found if r.origin is not None}
        cands: list[Slot] = []
        for rx in self.dest_cues:
            for m in rx.finditer(sym):
                for sl in self._main_slots(m.group("destinations")):
                    if sl.kind in NAME_KINDS and id(sl) not in used and sl not in cands:
                        cands.append(sl)
        earlier = {self.place_of(r.destination) for r in previous if r.destination is not None} - {None}
        for r in lonely:
            verb = verb_of(r.origin.root)
            same = [c for c in cands if verb is not None and getattr(verb_of(c.root), "i", None) == verb.i and
                    self.place_of(c)]
            if not same and len(cands) == 1 and cands[0].start > r.origin.start and self.place_of(cands[0]):
                same = cands  # the one destination stated after it ("Buses with evacuees from A ... arrived in B")
            if same:
                r.destination = same[0]
            elif not cands and len(earlier) == 1 and r.rule in self.data.get("ellipsis_rules", []):
                r.destination = next(x.destination for x in previous if x.destination is not None)
                r.inherited = True


@dataclass(frozen=True)
class RouteGrammar:
    """The route grammar of a family (``routes`` in its data), compiled once per run."""

    data: dict[str, Any]
    context_words: frozenset[str]
    vehicle_words: frozenset[str]
    route_words: frozenset[str]
    people: frozenset[str]
    not_names: frozenset[str]
    region_words: frozenset[str]
    bracket_words: frozenset[str]
    list_item: re.Pattern
    unlocated_rules: frozenset[str]
    macros: dict[str, str]
    rules: list[tuple[str, re.Pattern, str]]
    dest_cues: list[re.Pattern]
    p_main: re.Pattern
    status_rules: StatusRules

    @classmethod
    def compile(cls, fam: FamilyRules, people: frozenset[str]) -> "RouteGrammar":
        data = fam.raw.get("routes") or {}
        macros = dict(data.get("macros") or {})
        macros["NOT_BEFORE"] = "|".join(re.escape(w) for w in data.get("chain_not_before", [])) or "(?!)"
        macros = {k: _expand(v, macros) for k, v in macros.items()}
        st = fam.status
        return cls(
            data=data,
            context_words=words(data.get("context_words")),
            vehicle_words=words(data.get("vehicle_words")),
            route_words=words(data.get("route_words")),
            people=people,
            not_names=words(data.get("not_names")),
            region_words=words(data.get("region_words")),
            bracket_words=words(data.get("bracket_words")),
            list_item=re.compile(data.get("list_item") or "(?!)", re.I),
            unlocated_rules=frozenset(data.get("unlocated_rules") or ()),
            macros=macros,
            rules=[(r["id"], re.compile(_expand(r["pattern"], macros), re.I), r.get("context", "sentence"))
                   for r in data.get("rules", [])],
            dest_cues=[re.compile(_expand(p, macros), re.I) for p in data.get("destination_cues", [])],
            p_main=re.compile(_expand("{DESC}(?P<main>⟨[TANU]\\d+⟩){SUFFIX}", macros), re.I),
            # Arrival verbs first: "reached Zaporizhzhya from Mariupol" happened.
            status_rules=replace(st, cues=[compile_cue(c) for c in data.get("status_cues", [])] + list(st.cues)),
        )


def _any_in(rows: list[tuple[str, ...]], vocabulary: frozenset[str]) -> bool:
    """Whether a token of ``rows`` (forms, as ``token_in`` compares them) is in ``vocabulary``."""
    # One pass over all the forms inside ``isdisjoint``, not a generator step per token.
    return not vocabulary.isdisjoint(chain.from_iterable(rows))


def verb_of(tok: Any) -> Any:
    """The nearest verb above a token."""
    if tok is None:
        return None
    return next((t for t in ancestors_path(tok)[1:] if is_verb(t)), None)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for m in PARAGRAPH.finditer(text):
        out.append((at, m.start()))
        at = m.end()
    out.append((at, len(text)))
    return [(a, b) for a, b in out if b > a]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(5):
        new = re.sub(r"\{([A-Z_]+)\}", lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern
