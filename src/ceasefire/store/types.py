"""Column types that store the same values on SQLite and PostgreSQL."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, Text, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# PostgreSQL's text type refuses NUL. There NUL is stored as ESCAPE + "0" and
# ESCAPE itself doubled; ESCAPE is a noncharacter, so text that means anything
# is stored as it is.
_NUL, _ESCAPE = "\x00", "\uffff"
_ESCAPED = re.compile(f"{_ESCAPE}(.)", re.S)


class StoredText(TypeDecorator[str]):
    """TEXT that stores any string on either backend and reads it back unchanged.

    SQLite takes every string. PostgreSQL refuses NUL, so there a string
    holding NUL (or the escape character) is escaped on the way in and
    unescaped on the way out; SQL that reads the column raw (search, LIKE)
    sees the escaped form, which only strings with NUL have.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name == "postgresql" and isinstance(value, str) and (_NUL in value or _ESCAPE in value):
            return value.replace(_ESCAPE, _ESCAPE * 2).replace(_NUL, _ESCAPE + "0")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name == "postgresql" and isinstance(value, str) and _ESCAPE in value:
            return _ESCAPED.sub(lambda m: _NUL if m[1] == "0" else m[1], value)
        return value

    # Elsewhere than on PostgreSQL the two above return every value unchanged: no processor
    # at all then, rather than a call for each value written or read (an article has hundreds).
    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return super().bind_processor(dialect)
        return self.impl_instance.bind_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name == "postgresql":
            return super().result_processor(dialect, coltype)
        return self.impl_instance.result_processor(dialect, coltype)


# An integer key, and a column pointing at one: SQLite's INTEGER is 64 bits, PostgreSQL's 32, so
# PostgreSQL takes BIGINT. A look-up by any id a client may send (up to the API's limit) is then
# "not found" on both, never an out-of-range error on one. (SQLite must keep the name INTEGER: only
# an INTEGER PRIMARY KEY is the rowid.)
Key = Integer().with_variant(BigInteger(), "postgresql")


def row_id(name: str = "id") -> Column[int]:
    """An integer primary key numbered ``max + 1`` by the inserting transaction, on every backend.

    SQLite numbers a rowid key that way; a PostgreSQL sequence instead hands
    out numbers outside transactions, so a transaction rolled back or killed
    leaves a gap and the same input stored after a crash would get other ids
    than in a clean run. Writers take turns (``write_transaction``), so the
    maximum they read is theirs until they commit. Several rows in one
    statement are numbered one after another.
    """
    return Column(name, Key, primary_key=True, default=_next_id)


def _next_id(context: Any) -> int:
    table = context.compiled.statement.table
    key = table.primary_key.columns.values()[0]
    numbered: dict[str, int] = context.__dict__.setdefault("_ceasefire_row_ids", {})
    if table.name not in numbered:
        numbered[table.name] = int(context.connection.execute(select(func.coalesce(func.max(key), 0))).scalar_one())
    numbered[table.name] += 1
    return numbered[table.name]
