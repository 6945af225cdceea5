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
    LargeBinary,
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


# -- tracking across articles (migration 2) ---------------------------------
# Stories group copies of one text (syndicated, rewritten, spun); canonical
# actors and tracked events join what several articles say about one person
# or one event. Rows point back at articles, so deleting an article cascades.

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("first_article_id", Text, nullable=False),
    Column("first_published", Text),
    Column("last_published", Text),
    Column("articles", Integer, nullable=False),
)

story_members = Table(
    "story_members", metadata,
    # seq grows with every insert: a run reloads only the signatures added since it last looked.
    Column("seq", Integer, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("matched_article_id", Text),  # the stored copy it was found similar to; null for a story's first
    Column("similarity", Float),  # estimated Jaccard similarity of word shingles to that copy
    Column("published", Text),
    Column("minhash", LargeBinary, nullable=False),  # the MinHash signature's hash values (resolve/stories.py)
    Index("ix_story_members_story", "story_id"),
)

canonical_actors = Table(
    "canonical_actors", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),  # "kb:<kb id>" or "<kind>:<normalised name>"
    Column("name", Text, nullable=False),
    Column("norm", Text, nullable=False),  # normalised name, for look-up by name
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("kb_id", Text),
    Column("surname", Text),  # persons: normalised last name, to merge spelling variants and bare surnames
    Column("aliases", Text, nullable=False),  # JSON list of surface forms seen
    Column("titles", Text, nullable=False),  # JSON [{title, first, last, articles}]: titles over time
    Column("articles", Integer, nullable=False),
    Column("first_seen", Text),
    Column("last_seen", Text),
    Index("ix_canonical_actors_norm", "norm"),
    Index("ix_canonical_actors_surname", "surname"),
)

canonical_actor_names = Table(
    "canonical_actor_names", metadata,
    # Every normalised name and alias an organisation or group was seen under,
    # so "UN" finds "United Nations" whichever article came first.
    Column("norm", Text, primary_key=True),
    Column("actor_id", Integer, ForeignKey("canonical_actors.id", ondelete="CASCADE"), primary_key=True),
)

actor_links = Table(
    "actor_links", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", Text, primary_key=True),
    Column("actor_id", Integer, ForeignKey("canonical_actors.id", ondelete="CASCADE"), nullable=False),
    Column("published", Text),
    Index("ix_actor_links_actor", "actor_id", "published"),
)

tracked_events = Table(
    "tracked_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("type", Text, nullable=False),
    Column("subtype", Text),
    Column("status", Text, nullable=False),
    Column("stage", Text, nullable=False),  # status in the words of the field: proposed, agreed, violated, collapsed...
    Column("date_start", Text),
    Column("date_end", Text),
    Column("date_precision", Text),
    Column("place_key", Text),  # "gn:<geonames id>" or "name:<normalised name>"
    Column("place_norm", Text),  # normalised place name, what --place filters on
    Column("place_country", Text),  # ISO code: --place with a country name finds the places in it
    Column("place", Text),  # JSON object: name, kind, country, lat, lon, geonames_id
    Column("outcome", Text),
    Column("attributes", Text, nullable=False),  # JSON
    Column("participants", Text, nullable=False),  # JSON [{actor: canonical id, role}]
    Column("claims", Text, nullable=False),  # JSON: conflicting values with their sources
    Column("evidence", Text, nullable=False),  # JSON [{article_id, text}]: a sentence from each of the first stories
    Column("sources", Integer, nullable=False),  # articles
    Column("stories", Integer, nullable=False),  # distinct stories: copies count once
    Column("first_reported", Text),
    Column("last_reported", Text),
    Index("ix_tracked_events_type_date", "type", "date_start"),
    Index("ix_tracked_events_date", "date_start"),
    Index("ix_tracked_events_place", "place_norm"),
    Index("ix_tracked_events_country", "place_country"),
    Index("ix_tracked_events_reported", "last_reported"),
)

tracked_event_actors = Table(
    "tracked_event_actors", metadata,
    Column("event_id", Integer, ForeignKey("tracked_events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("canonical_actors.id", ondelete="CASCADE"), primary_key=True),
    Column("role", Text, primary_key=True),
    Index("ix_tracked_event_actors_actor", "actor_id"),
)

tracked_event_sources = Table(
    "tracked_event_sources", metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", Text, primary_key=True),  # the event's id in its article (e1, e2...)
    Column("event_id", Integer, ForeignKey("tracked_events.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", Integer),
    Column("published", Text),
    Column("score", Float),  # how well it matched the tracked event (null: it started it)
    Column("record", Text, nullable=False),  # JSON: the event in canonical terms, what aggregation reads
    Index("ix_tracked_event_sources_event", "event_id", "story_id"),
)

status_history = Table(
    "status_history", metadata,
    Column("event_id", Integer, ForeignKey("tracked_events.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("status", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("reported", Text),  # publication date of the first article reporting this stage
    Column("article_id", Text),
    Column("sources", Integer, nullable=False),
)

TRACKING_TABLES = (stories, story_members, canonical_actors, canonical_actor_names, actor_links, tracked_events,
                   tracked_event_actors, tracked_event_sources, status_history)


# -- feed polling state (migration 3) ---------------------------------------
# What `ceasefire watch` must remember across restarts: per feed the
# validators for conditional requests and the back-off, per feed item whether
# it is done. An item row is written in the same transaction as its article or
# rejection, so a crash never leaves an item marked done without its result.

feeds = Table(
    "feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_poll", Text),  # ISO UTC of the last attempt, successful or not
    Column("last_status", Text),  # "ok", "not modified", or the error
    Column("failures", Integer, nullable=False),  # consecutive failed polls; 0 after a success
    Column("next_poll", Text),  # ISO UTC before which the feed is left alone (interval or back-off)
    Column("added_at", Text, nullable=False),
)

feed_items = Table(
    "feed_items", metadata,
    Column("feed_url", Text, ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    # sha256 of the item key (guid, else link): a unique index on long free text
    # would hit PostgreSQL's btree row limit, a hash does not.
    Column("item_id", Text, primary_key=True),
    Column("item_key", Text, nullable=False),
    Column("url", Text),  # the article page, fetched again when the item is retried
    Column("title", Text),
    Column("published", Text),
    Column("status", Text, nullable=False),  # stored, already, rejected (done) or retry (not yet)
    Column("attempts", Integer, nullable=False),
    Column("article_id", Text),
    Column("last_error", Text),
    Column("updated_at", Text, nullable=False),
    Index("ix_feed_items_status", "feed_url", "status"),
)

FEED_TABLES = (feeds, feed_items)


# -- full-text search (migration 5) -----------------------------------------
# Not SQLAlchemy tables: serve/search.py creates them with their dialect's DDL.
# SQLite: FTS5 tables articles_fts(article_id, title, text) and
# quotes_fts(article_id, local_id, text), kept current by triggers on articles
# and quotes. PostgreSQL: GIN indexes ix_articles_search and ix_quotes_search
# on to_tsvector('english', ...) of the same columns.
