"""The tables of the store, as SQLAlchemy Core objects shared by SQLite and PostgreSQL.

``articles.record`` holds the whole article as ``to_dict`` JSON: it is what
``get_article`` reads, so an article round-trips exactly. The other tables
spread the records out for queries and display; local ids are only unique
within an article, hence the (article_id, local_id) keys. Offsets lists are
JSON text rather than a dialect JSON type so both backends store the same.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
)

metadata = MetaData()


def _article_id() -> Column:  # type: ignore[type-arg]
    return Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", Text, primary_key=True),  # sha256 of the cleaned text
    Column("source_path", Text),
    Column("source_url", Text),
    Column("source_outlet", Text),
    Column("source_title", Text),
    Column("published", Text),
    Column("published_basis", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("dateline", Text),
    Column("ingested_at", Text, nullable=False),
    Column("record", Text, nullable=False),
    Index("ix_articles_published", "published"),
)

actors = Table(
    "actors", metadata,
    _article_id(),
    Column("local_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("titles", Text, nullable=False),
    Column("aliases", Text, nullable=False),
    Column("mentions", Text, nullable=False),
    Column("kb_id", Text),
    Column("rule", Text, nullable=False),
    Index("ix_actors_name", "name"),
)

places = Table(
    "places", metadata,
    _article_id(),
    Column("local_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", BigInteger),
    Column("aliases", Text, nullable=False),
    Column("mentions", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Index("ix_places_name", "name"),
)

quotes = Table(
    "quotes", metadata,
    _article_id(),
    Column("local_id", Text, primary_key=True),
    Column("speaker", Text),
    Column("speaker_text", Text),
    Column("text", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("cue", Text),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("rule", Text, nullable=False),
)

events = Table(
    "events", metadata,
    _article_id(),
    Column("local_id", Text, primary_key=True),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("status", Text, nullable=False),
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text),
    Column("place", Text),
    Column("outcome", Text),
    Column("attributes", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Index("ix_events_type_date", "type", "date_start"),
)

event_participants = Table(
    "event_participants", metadata,
    Column("article_id", Text, primary_key=True),
    Column("event_id", Text, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False),
    ForeignKeyConstraint(["article_id", "event_id"], ["events.article_id", "events.local_id"], ondelete="CASCADE"),
)

figures = Table(
    "figures", metadata,
    _article_id(),
    Column("local_id", Text, primary_key=True),
    Column("category", Text, nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("qualifier", Text, nullable=False),
    Column("source", Text),
    Column("place", Text),
    Column("evidence", Text, nullable=False),
    Column("rule", Text, nullable=False),
)

rejections = Table(
    "rejections", metadata,
    Column("id", Integer, primary_key=True),
    # sha256 of (source, stage, reason): a unique index on long free text would
    # hit PostgreSQL's btree row limit, a hash does not.
    Column("fingerprint", Text, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# Parents before children: the order to insert in.
RECORD_TABLES = (articles, actors, places, quotes, events, event_participants, figures)
DATA_TABLES = {t.name: t for t in (*RECORD_TABLES, rejections)}
# Columns holding JSON text, decoded for display (articles.record stays a string).
JSON_COLUMNS = frozenset({"titles", "aliases", "mentions", "attributes", "evidence"})
