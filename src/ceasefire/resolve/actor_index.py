"""Canonical actors held in memory for one run: the rows tracking reads and
changes, indexed by what ``actors_xdoc`` looks them up by.

Linking an article's actors asked the database ~9 statements per actor (look
up, re-read the row, update it, look up and add its names); building those
statements cost more than the rest of tracking. ``store/tracking.py`` now
loads the canonical actors once, looks them up here, changes them here and
writes what one article changed in a few batched statements.

The index answers exactly as the database did: every look-up gives its
candidates in id order, the order SQLite gives them (a table or index scan
by rowid), which the matchers' tie-breaks depend on. It holds only what this
process has read or written: ``store/tracking.py`` drops it when another
writer has tracked articles since (their actors are not in it).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..analyse.kb import normalise
from . import actors_xdoc as ax

# The columns of a canonical actor row, in the order ``ActorRow`` takes them.
COLUMNS = ("id", "key", "name", "norm", "kind", "country", "kb_id", "surname", "aliases", "titles", "articles",
           "first_seen", "last_seen")


@dataclass
class ActorRow:
    """A ``canonical_actors`` row; ``aliases`` and ``titles`` decoded from their JSON."""

    id: int
    key: str
    name: str
    norm: str
    kind: str
    country: str | None
    kb_id: str | None
    surname: str | None
    aliases: list[str] = field(default_factory=list)
    titles: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    first_seen: str | None = None
    last_seen: str | None = None

    def candidate(self) -> ax.Candidate:
        # The matchers only read the titles: no copy needed.
        return ax.Candidate(self.id, self.key, self.name, self.kind, self.country, self.kb_id, self.titles)


class ActorIndex:
    """Canonical actors by id, key, surname, (kind, country) and stored name."""

    def __init__(self, rows: Iterable[ActorRow] = (), names: Iterable[tuple[str, int]] = ()) -> None:
        self.rows: dict[int, ActorRow] = {}
        self._by_key: dict[str, int] = {}
        self._by_surname: dict[str, set[int]] = {}
        self._by_country: dict[tuple[str, str | None], set[int]] = {}
        self._names: dict[str, set[int]] = {}  # canonical_actor_names: norm → actor ids
        self._alias_norms: dict[int, set[str]] = {}  # actor id → its aliases normalised, once asked for
        self.max_id = 0
        for row in rows:
            self.add(row)
        for norm, actor_id in names:
            self._names.setdefault(norm, set()).add(actor_id)

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: ActorRow) -> None:
        self.rows[row.id] = row
        self.max_id = max(self.max_id, row.id)
        self._enter(row)

    def alias_norms(self, row: ActorRow) -> set[str]:
        """The normalised aliases of a row, for ``actors_xdoc.merge_aliases`` (which keeps them up to date)."""
        if row.id not in self._alias_norms:
            self._alias_norms[row.id] = {normalise(a) for a in row.aliases}
        return self._alias_norms[row.id]

    def change(self, row: ActorRow, **values: Any) -> None:
        """Set columns of a held row, keeping the indexes right (aliases only through ``merge_aliases``
        with ``alias_norms``)."""
        self._leave(row)
        for name, value in values.items():
            setattr(row, name, value)
        self._enter(row)

    def _enter(self, row: ActorRow) -> None:
        self._by_key[row.key] = row.id
        if row.surname is not None:
            self._by_surname.setdefault(row.surname, set()).add(row.id)
        self._by_country.setdefault((row.kind, row.country), set()).add(row.id)

    def _leave(self, row: ActorRow) -> None:
        if self._by_key.get(row.key) == row.id:
            del self._by_key[row.key]
        if row.surname is not None:
            self._by_surname.get(row.surname, set()).discard(row.id)
        self._by_country.get((row.kind, row.country), set()).discard(row.id)

    def _candidates(self, ids: Iterable[int]) -> list[ax.Candidate]:
        return [self.rows[i].candidate() for i in sorted(ids)]

    # -- the look-ups of ``store/tracking.py`` ---------------------------------

    def by_key(self, key: str) -> int | None:
        return self._by_key.get(key)

    def people_of(self, country: str) -> list[ax.Candidate]:
        """People of a country (a role such as "the foreign minister" is one of them)."""
        return self._candidates(self._by_country.get(("person", country), ()))

    def with_surname(self, surname: str, without_kb: bool = False) -> list[ax.Candidate]:
        ids = self._by_surname.get(surname, ())
        if without_kb:
            ids = [i for i in ids if self.rows[i].kb_id is None]
        return self._candidates(ids)

    def with_names(self, norms: Iterable[str], without_kb: bool = False) -> list[ax.Candidate]:
        """Actors stored under any of the normalised names."""
        ids: set[int] = set()
        for norm in norms:
            ids |= self._names.get(norm, set())
        if without_kb:
            ids = {i for i in ids if self.rows[i].kb_id is None}
        return self._candidates(ids)

    def add_names(self, actor_id: int, norms: Iterable[str]) -> list[str]:
        """Record names of an actor; returns those it was not stored under yet."""
        new = []
        for norm in norms:
            held = self._names.setdefault(norm, set())
            if actor_id not in held:
                held.add(actor_id)
                new.append(norm)
        return new
