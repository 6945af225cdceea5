"""The tables of the store, as SQLAlchemy Core objects shared by SQLite and PostgreSQL.

``articles.record`` holds the whole article as ``to_dict`` JSON: it is what
``get_article`` reads, so an article round-trips exactly. The other tables
spread the records out for queries and display; local ids are only unique
within an article, hence the (article_id, local_id) keys. Offsets lists are
JSON text rather than a dialect JSON type so both backends store the same;
text columns are ``StoredText``, which PostgreSQL accepts whatever the string.
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
)

from .types import Key, StoredText, row_id

metadata = MetaData()


def _article_id() -> Column:  # type: ignore[type-arg]
    return Column("article_id", StoredText, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", StoredText, nullable=False),
    Column("applied_at", StoredText, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", StoredText, primary_key=True),  # sha256 of the cleaned text
    Column("source_path", StoredText),
    Column("source_url", StoredText),
    Column("source_outlet", StoredText),
    Column("source_title", StoredText),
    Column("published", StoredText),
    Column("published_basis", StoredText, nullable=False),
    Column("text", StoredText, nullable=False),
    Column("dateline", StoredText),
    Column("ingested_at", StoredText, nullable=False),
    Column("record", StoredText, nullable=False),
    Index("ix_articles_published", "published"),
)

actors = Table(
    "actors", metadata,
    _article_id(),
    Column("local_id", StoredText, primary_key=True),
    Column("name", StoredText, nullable=False),
    Column("kind", StoredText, nullable=False),
    Column("country", StoredText),
    Column("titles", StoredText, nullable=False),
    Column("aliases", StoredText, nullable=False),
    Column("mentions", StoredText, nullable=False),
    Column("kb_id", StoredText),
    Column("rule", StoredText, nullable=False),
    Index("ix_actors_name", "name"),
)

places = Table(
    "places", metadata,
    _article_id(),
    Column("local_id", StoredText, primary_key=True),
    Column("name", StoredText, nullable=False),
    Column("kind", StoredText, nullable=False),
    Column("country", StoredText),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", BigInteger),
    Column("aliases", StoredText, nullable=False),
    Column("mentions", StoredText, nullable=False),
    Column("rule", StoredText, nullable=False),
    Index("ix_places_name", "name"),
)

quotes = Table(
    "quotes", metadata,
    _article_id(),
    Column("local_id", StoredText, primary_key=True),
    Column("speaker", StoredText),
    Column("speaker_text", StoredText),
    Column("text", StoredText, nullable=False),
    Column("kind", StoredText, nullable=False),
    Column("cue", StoredText),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("rule", StoredText, nullable=False),
)

events = Table(
    "events", metadata,
    _article_id(),
    Column("local_id", StoredText, primary_key=True),
    Column("type", StoredText, nullable=False),
    Column("subtype", StoredText),
    Column("status", StoredText, nullable=False),
    Column("date_start", StoredText),
    Column("date_end", StoredText),
    Column("date_precision", StoredText),
    Column("place", StoredText),
    Column("outcome", StoredText),
    Column("attributes", StoredText, nullable=False),
    Column("evidence", StoredText, nullable=False),
    Column("rule", StoredText, nullable=False),
    Index("ix_events_type_date", "type", "date_start"),
)

event_participants = Table(
    "event_participants", metadata,
    Column("article_id", StoredText, primary_key=True),
    Column("event_id", StoredText, primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("actor", StoredText, nullable=False),
    Column("role", StoredText, nullable=False),
    ForeignKeyConstraint(["article_id", "event_id"], ["events.article_id", "events.local_id"], ondelete="CASCADE"),
)

figures = Table(
    "figures", metadata,
    _article_id(),
    Column("local_id", StoredText, primary_key=True),
    Column("category", StoredText, nullable=False),
    Column("value", BigInteger, nullable=False),
    Column("qualifier", StoredText, nullable=False),
    Column("source", StoredText),
    Column("place", StoredText),
    Column("evidence", StoredText, nullable=False),
    Column("rule", StoredText, nullable=False),
)

rejections = Table(
    "rejections", metadata,
    row_id(),
    # sha256 of (source, stage, reason): a unique index on long free text would
    # hit PostgreSQL's btree row limit, a hash does not.
    Column("fingerprint", StoredText, nullable=False, unique=True),
    Column("source", StoredText, nullable=False),
    Column("stage", StoredText, nullable=False),
    Column("reason", StoredText, nullable=False),
    Column("created_at", StoredText, nullable=False),
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
    row_id(),
    Column("title", StoredText),
    Column("first_article_id", StoredText, nullable=False),
    Column("first_published", StoredText),
    Column("last_published", StoredText),
    Column("articles", Integer, nullable=False),
)

story_members = Table(
    "story_members", metadata,
    # seq grows with every insert: a run reloads only the signatures added since it last looked.
    row_id("seq"),
    Column("article_id", StoredText, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("story_id", Key, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("matched_article_id", StoredText),  # the stored copy it was found similar to; null for a story's first
    Column("similarity", Float),  # estimated Jaccard similarity of word shingles to that copy
    Column("published", StoredText),
    Column("minhash", LargeBinary, nullable=False),  # the MinHash signature's hash values (resolve/stories.py)
    Index("ix_story_members_story", "story_id"),
)

canonical_actors = Table(
    "canonical_actors", metadata,
    row_id(),
    Column("key", StoredText, nullable=False, unique=True),  # "kb:<kb id>" or "<kind>:<normalised name>"
    Column("name", StoredText, nullable=False),
    Column("norm", StoredText, nullable=False),  # normalised name, for look-up by name
    Column("kind", StoredText, nullable=False),
    Column("country", StoredText),
    Column("kb_id", StoredText),
    Column("surname", StoredText),  # persons: normalised last name, to merge spelling variants and bare surnames
    Column("aliases", StoredText, nullable=False),  # JSON list of surface forms seen
    Column("titles", StoredText, nullable=False),  # JSON [{title, first, last, articles}]: titles over time
    Column("articles", Integer, nullable=False),
    Column("first_seen", StoredText),
    Column("last_seen", StoredText),
    Index("ix_canonical_actors_norm", "norm"),
    Index("ix_canonical_actors_surname", "surname"),
)

canonical_actor_names = Table(
    "canonical_actor_names", metadata,
    # Every normalised name and alias an organisation or group was seen under,
    # so "UN" finds "United Nations" whichever article came first.
    Column("norm", StoredText, primary_key=True),
    Column("actor_id", Key, ForeignKey("canonical_actors.id", ondelete="CASCADE"), primary_key=True),
)

actor_links = Table(
    "actor_links", metadata,
    Column("article_id", StoredText, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", StoredText, primary_key=True),
    Column("actor_id", Key, ForeignKey("canonical_actors.id", ondelete="CASCADE"), nullable=False),
    Column("published", StoredText),
    Index("ix_actor_links_actor", "actor_id", "published"),
)

tracked_events = Table(
    "tracked_events", metadata,
    row_id(),
    Column("type", StoredText, nullable=False),
    Column("subtype", StoredText),
    Column("status", StoredText, nullable=False),
    Column("stage", StoredText, nullable=False),  # status in the words of the field: proposed, agreed, violated, collapsed...
    Column("date_start", StoredText),
    Column("date_end", StoredText),
    Column("date_precision", StoredText),
    Column("place_key", StoredText),  # "gn:<geonames id>" or "name:<normalised name>"
    Column("place_norm", StoredText),  # normalised place name, what --place filters on
    Column("place_country", StoredText),  # ISO code: --place with a country name finds the places in it
    Column("place", StoredText),  # JSON object: name, kind, country, lat, lon, geonames_id
    Column("outcome", StoredText),
    Column("attributes", StoredText, nullable=False),  # JSON
    Column("participants", StoredText, nullable=False),  # JSON [{actor: canonical id, role}]
    Column("claims", StoredText, nullable=False),  # JSON: conflicting values with their sources
    Column("evidence", StoredText, nullable=False),  # JSON [{article_id, text}]: a sentence from each of the first stories
    Column("sources", Integer, nullable=False),  # articles
    Column("stories", Integer, nullable=False),  # distinct stories: copies count once
    Column("first_reported", StoredText),
    Column("last_reported", StoredText),
    Index("ix_tracked_events_type_date", "type", "date_start"),
    Index("ix_tracked_events_date", "date_start"),
    Index("ix_tracked_events_place", "place_norm"),
    Index("ix_tracked_events_country", "place_country"),
    Index("ix_tracked_events_reported", "last_reported"),
)

tracked_event_actors = Table(
    "tracked_event_actors", metadata,
    Column("event_id", Key, ForeignKey("tracked_events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Key, ForeignKey("canonical_actors.id", ondelete="CASCADE"), primary_key=True),
    Column("role", StoredText, primary_key=True),
    Index("ix_tracked_event_actors_actor", "actor_id"),
)

tracked_event_sources = Table(
    "tracked_event_sources", metadata,
    Column("article_id", StoredText, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", StoredText, primary_key=True),  # the event's id in its article (e1, e2...)
    Column("event_id", Key, ForeignKey("tracked_events.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", Key),
    Column("published", StoredText),
    Column("score", Float),  # how well it matched the tracked event (null: it started it)
    Column("record", StoredText, nullable=False),  # JSON: the event in canonical terms, what aggregation reads
    Index("ix_tracked_event_sources_event", "event_id", "story_id"),
)

status_history = Table(
    "status_history", metadata,
    Column("event_id", Key, ForeignKey("tracked_events.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("status", StoredText, nullable=False),
    Column("stage", StoredText, nullable=False),
    Column("reported", StoredText),  # publication date of the first article reporting this stage
    Column("article_id", StoredText),
    Column("sources", Integer, nullable=False),
)

TRACKING_TABLES = (stories, story_members, canonical_actors, canonical_actor_names, actor_links, tracked_events,
                   tracked_event_actors, tracked_event_sources, status_history)


# -- copies of articles (migration 6) ---------------------------------------
# The same text found again on another URL or path: stored once (same hash,
# same article), each copy is one more source of every tracked event of its
# article, of the same story. The copy's sources are not rows of their own:
# readers derive them from these rows joined to the article's
# tracked_event_sources (store/event_sources.py, resolve/timeline.py).

article_copies = Table(
    "article_copies", metadata,
    Column("article_id", StoredText, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    # sha256 of location: a unique index on a long URL would hit PostgreSQL's btree row limit, a hash does not.
    Column("location_id", StoredText, primary_key=True),
    Column("location", StoredText, nullable=False),  # the copy's URL, else its path
    Column("url", StoredText),  # null for a copy found at a path
    Column("title", StoredText),  # the copy's title, else the article's: what its source shows
    Column("outlet", StoredText),
    Column("published", StoredText),  # the copy's date, else the article's
    Column("first_seen", StoredText),  # ISO UTC; null for copies recorded before migration 6
)


# -- feed polling state (migration 3) ---------------------------------------
# What `ceasefire watch` must remember across restarts: per feed the
# validators for conditional requests and the back-off, per feed item whether
# it is done. An item row is written in the same transaction as its article or
# rejection, so a crash never leaves an item marked done without its result.

feeds = Table(
    "feeds", metadata,
    Column("url", StoredText, primary_key=True),
    Column("etag", StoredText),
    Column("last_modified", StoredText),
    Column("last_poll", StoredText),  # ISO UTC of the last attempt, successful or not
    Column("last_status", StoredText),  # "ok", "not modified", or the error
    Column("failures", Integer, nullable=False),  # consecutive failed polls; 0 after a success
    Column("next_poll", StoredText),  # ISO UTC before which the feed is left alone (interval or back-off)
    Column("added_at", StoredText, nullable=False),
)

feed_items = Table(
    "feed_items", metadata,
    Column("feed_url", StoredText, ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    # sha256 of the item key (guid, else link): a unique index on long free text
    # would hit PostgreSQL's btree row limit, a hash does not.
    Column("item_id", StoredText, primary_key=True),
    Column("item_key", StoredText, nullable=False),
    Column("url", StoredText),  # the article page, fetched again when the item is retried
    Column("title", StoredText),
    Column("published", StoredText),
    Column("status", StoredText, nullable=False),  # stored, already, rejected (done) or retry (not yet)
    Column("attempts", Integer, nullable=False),
    Column("article_id", StoredText),
    Column("last_error", StoredText),
    Column("updated_at", StoredText, nullable=False),
    Index("ix_feed_items_status", "feed_url", "status"),
)

FEED_TABLES = (feeds, feed_items)


# -- full-text search (migration 5) -----------------------------------------
# Not SQLAlchemy tables: serve/search.py creates them with their dialect's DDL.
# SQLite: FTS5 tables articles_fts(article_id, title, text) and
# quotes_fts(article_id, local_id, text), kept current by triggers on articles
# and quotes. PostgreSQL: GIN indexes ix_articles_search and ix_quotes_search
# on to_tsvector('english', ...) of the same columns.
