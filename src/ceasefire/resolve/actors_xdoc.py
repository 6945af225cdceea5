"""Actors across articles: one canonical actor however each article names it.

Within an article the actor extractor already joins "Russian Foreign
Minister Sergei Lavrov", "Lavrov" and "he". Across articles the keys are:

- the knowledge-base id when the extractor found one (states, international
  bodies, armed groups and well-known people: their spelling variants are in
  the knowledge base);
- otherwise, for people, the surname with a compatible first name ("Sergey"
  and "Sergei", "Mohamed" and "Mohammed", an initial, or none: a bare
  surname joins the one person of that surname already known);
- for people named only by a role ("Russia's top diplomat"), the person of
  that country who holds an equivalent title at the article's date;
- otherwise the normalised name, or an alias shared with a known actor of
  the same family (organisations, armed groups and groups form one family:
  extractors disagree about which of them a militia is).

These are pure functions over ``Candidate`` rows; ``store/tracking.py``
fetches the rows and writes the links.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from ..analyse.kb import normalise
from ..records import Actor

# Words before a name that are not part of it: two articles differ in them.
HONORIFICS = frozenset("""
mr mrs ms dr prof gen general lt col colonel maj major brig sheikh sheik prince princess king queen
president minister sir lord emir crown imam pope field marshal adm admiral capt captain sgt sergeant
""".split())
# Roles by which a person is named without a name, and the title each stands for.
ROLE_TITLES = {
    "top diplomat": "foreign minister",
    "chief diplomat": "foreign minister",
    "foreign minister": "foreign minister",
    "foreign secretary": "foreign minister",
    "secretary of state": "foreign minister",
    "defence minister": "defence minister",
    "defense minister": "defence minister",
    "prime minister": "prime minister",
    "premier": "prime minister",
    "president": "president",
    "head of state": "president",
    "army chief": "army chief",
    "military chief": "army chief",
    "military ruler": "army chief",
}
ORG_FAMILY = frozenset({"organization", "armed_group", "group"})


@dataclass
class Candidate:
    """A stored canonical actor, as the matcher needs it."""

    id: int
    key: str
    name: str
    kind: str
    country: str | None
    kb_id: str | None
    titles: list[dict[str, Any]] = field(default_factory=list)


def family(kind: str) -> str:
    return "org" if kind in ORG_FAMILY else kind


def name_tokens(name: str) -> list[str]:
    """Normalised tokens of a person's name without honorifics ("Gen. Abdel-Fattah Burhan" → abdel fattah burhan)."""
    tokens = normalise(name).split()
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


def surname(name: str) -> str | None:
    tokens = name_tokens(name)
    return tokens[-1] if tokens else None


def is_role_only(actor: Actor) -> bool:
    """A person named only by a role: "Russia's top diplomat", "the foreign minister"."""
    if actor.kind != "person" or actor.kb_id:
        return False
    return role_title(actor.name) is not None


def role_title(text: str) -> str | None:
    norm = normalise(text)
    norm = re.sub(r"^(the|a|an)\s+", "", norm)
    for role, title in ROLE_TITLES.items():
        # "russia top diplomat" (normalise drops the 's), "sudan army chief"
        if norm == role or norm.endswith(" " + role):
            if len(norm.split()) <= len(role.split()) + 2:
                return title
    return None


def key_for(actor: Actor) -> str:
    """The key a new canonical actor is stored under."""
    if actor.kb_id:
        return f"kb:{actor.kb_id}"
    if actor.kind == "person":
        return "person:" + " ".join(name_tokens(actor.name))
    return f"{family(actor.kind)}:{normalise(actor.name)}"


def lookup_norms(actor: Actor) -> list[str]:
    """Normalised names under which a stored actor may already be known.

    People are looked up by full name only: an alias of a person is often a
    role ("the minister") that would join unrelated people.
    """
    if actor.kind == "person":
        return [" ".join(name_tokens(actor.name))]
    names = [actor.name, *(a for a in actor.aliases if _name_like(a))]
    return list(dict.fromkeys(normalise(n) for n in names if normalise(n)))


def _name_like(alias: str) -> bool:
    # "UN", "Rapid Support Forces": capitalised; "the group", "militia": not names.
    words = [w for w in re.findall(r"[^\W\d_]+", alias) if w.lower() not in ("the", "of", "and", "for")]
    return bool(words) and all(w[0].isupper() for w in words)


def first_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given tokens of two names with the same surname: can they be one person?"""
    fa, fb = a[:-1], b[:-1]
    if not fa or not fb:
        return True  # a bare surname
    x, y = fa[0], fb[0]
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    # Transliteration variants: Sergei/Sergey, Dmitry/Dmitri, Mohamed/Mohammed.
    return SequenceMatcher(None, x, y).ratio() >= 0.75


def match_person(actor: Actor, same_surname: list[Candidate]) -> Candidate | None:
    """The stored person this actor is, among those with the same surname."""
    tokens = name_tokens(actor.name)
    fitting = []
    for c in same_surname:
        if c.kind != "person":
            continue
        if actor.country and c.country and actor.country != c.country:
            continue
        if first_names_compatible(tokens, name_tokens(c.name)):
            fitting.append(c)
    exact = [c for c in fitting if name_tokens(c.name) == tokens]
    if exact:
        return exact[0]
    if len(fitting) == 1:
        return fitting[0]
    if len(tokens) > 1:
        full = [c for c in fitting if len(name_tokens(c.name)) > 1]
        if len(full) == 1:  # one full name and bare-surname entries: the full name is the person
            return full[0]
    return None


def match_role(actor: Actor, country_people: list[Candidate], on: str | None) -> Candidate | None:
    """The person of the actor's country holding the title its role stands for, at date ``on``."""
    wanted = role_title(actor.name)
    if wanted is None:
        return None
    holders = []
    for c in country_people:
        for t in c.titles:
            if role_title(t.get("title", "")) != wanted:
                continue
            first, last = t.get("first"), t.get("last")
            if on is None or first is None or (first <= on and (last is None or on <= _plus_days(last, 365))):
                holders.append((last or "", c))
    if not holders:
        return None
    holders.sort(key=lambda h: h[0], reverse=True)  # the most recent holder
    return holders[0][1]


def match_other(actor: Actor, by_norm: list[Candidate]) -> Candidate | None:
    """A stored organisation or group sharing a name or alias with the actor."""
    fam = family(actor.kind)
    same = [c for c in by_norm if family(c.kind) == fam]
    if not same:
        return None
    if actor.country:
        same.sort(key=lambda c: c.country != actor.country)
    return same[0]


def merge_titles(titles: list[dict[str, Any]], new: list[str], on: str | None) -> list[dict[str, Any]]:
    """Record that the actor held ``new`` titles at date ``on``: titles over time."""
    out = [dict(t) for t in titles]
    for title in new:
        if not title or not title.strip():
            continue
        norm = normalise(title)
        for t in out:
            if normalise(t["title"]) == norm:
                t["articles"] = int(t.get("articles", 0)) + 1
                if on and (t.get("first") is None or on < t["first"]):
                    t["first"] = on
                if on and (t.get("last") is None or on > t["last"]):
                    t["last"] = on
                break
        else:
            out.append({"title": title.strip(), "first": on, "last": on, "articles": 1})
    out.sort(key=lambda t: (t.get("first") or "", t["title"]))
    return out


def merge_aliases(aliases: list[str], actor: Actor, limit: int = 40, seen: set[str] | None = None) -> list[str]:
    """``aliases`` with the actor's names not among them yet. ``seen``, when given, is the set of
    the normalised ``aliases`` (kept by the caller, so not worked out again): it is brought up
    to date with the names added."""
    seen = {normalise(a) for a in aliases} if seen is None else seen
    out = list(aliases)
    for alias in [actor.name, *actor.aliases]:
        n = normalise(alias)
        if n and n not in seen and len(out) < limit:
            seen.add(n)
            out.append(alias)
    return out


def better_name(current: str, new: str, kind: str) -> str:
    """The fuller of two names of one person ("Lavrov" then "Sergei Lavrov")."""
    if kind != "person":
        return current
    return new if len(name_tokens(new)) > len(name_tokens(current)) else current


def _plus_days(day: str, n: int) -> str:
    from datetime import date, timedelta
    try:
        return (date.fromisoformat(day) + timedelta(days=n)).isoformat()
    except ValueError:
        return day
