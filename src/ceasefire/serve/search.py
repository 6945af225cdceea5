"""Full-text search over article text and quotes: SQLite FTS5, or PostgreSQL's own full-text search.

Migration 5 (``create_search_index``) builds the index and keeps it current:

- SQLite: two FTS5 tables, ``articles_fts`` (title and text) and
  ``quotes_fts``, each holding its own copy of the text with the article id
  (an external-content table would index by rowid, which ``VACUUM`` may
  renumber on tables without an integer key), filled from what is stored and
  kept in step by triggers, so every writer (CLI, watch, the web page)
  updates it in the same transaction as the article.
- PostgreSQL: GIN indexes on ``to_tsvector('english', ...)`` of the same
  columns; queries use the same expressions so the planner takes the index.

This module imports nothing of the web stack: ``store/migrations.py`` imports it.

A snippet marks its hits with ``MARK_START``/``MARK_END``; ``segments`` turns
it into ``[{"text": ..., "hit": bool}]`` so the page builds the highlight
from text nodes, never from markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

MARK_START = "\x02"
MARK_END = "\x03"
MAX_TERMS = 16
TERM = re.compile(r"\w+\*?", re.UNICODE)
PHRASE = re.compile(r'"([^"]*)"')

_SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    f"article_id UNINDEXED, title, text, tokenize='{_SQLITE_TOKENIZER}')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    f"article_id UNINDEXED, local_id UNINDEXED, text, tokenize='{_SQLITE_TOKENIZER}')",
    "DELETE FROM articles_fts",
    "DELETE FROM quotes_fts",
    "INSERT INTO articles_fts(article_id, title, text) SELECT id, coalesce(source_title, ''), text FROM articles",
    "INSERT INTO quotes_fts(article_id, local_id, text) SELECT article_id, local_id, text FROM quotes",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO articles_fts(article_id, title, text) VALUES (new.id, coalesce(new.source_title, ''), new.text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
         DELETE FROM articles_fts WHERE article_id = old.id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF source_title, text ON articles BEGIN
         DELETE FROM articles_fts WHERE article_id = old.id;
         INSERT INTO articles_fts(article_id, title, text) VALUES (new.id, coalesce(new.source_title, ''), new.text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN
         INSERT INTO quotes_fts(article_id, local_id, text) VALUES (new.article_id, new.local_id, new.text);
       END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
         DELETE FROM quotes_fts WHERE article_id = old.article_id AND local_id = old.local_id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
         DELETE FROM quotes_fts WHERE article_id = old.article_id AND local_id = old.local_id;
         INSERT INTO quotes_fts(article_id, local_id, text) VALUES (new.article_id, new.local_id, new.text);
       END""",
)

_PG_ARTICLE_DOC = "to_tsvector('english', coalesce(source_title, '') || ' ' || text)"
_PG_QUOTE_DOC = "to_tsvector('english', text)"
_PG_DDL = (
    f"CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN ({_PG_ARTICLE_DOC})",
    f"CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING GIN ({_PG_QUOTE_DOC})",
)


def create_search_index(conn: Connection) -> None:
    """Migration 5: the full-text index of article text and quotes, filled and kept current."""
    ddl = _SQLITE_DDL if conn.dialect.name == "sqlite" else _PG_DDL
    for statement in ddl:
        conn.exec_driver_sql(statement)


@dataclass
class Query:
    """A user's search words, made safe for the backend's query syntax."""

    terms: list[str]  # words (a trailing * asks for a prefix) and quoted phrases, all required

    @classmethod
    def parse(cls, raw: str) -> Query:
        raw = raw.replace("\x00", " ")[:500]
        terms: list[str] = []
        for phrase in PHRASE.findall(raw):
            words = TERM.findall(phrase)
            if words:
                terms.append(" ".join(w.rstrip("*") for w in words))
        for word in TERM.findall(PHRASE.sub(" ", raw)):
            if word.rstrip("*"):
                terms.append(word)
        return cls(terms[:MAX_TERMS])

    def fts5(self) -> str:
        """FTS5 MATCH syntax: every term a quoted string (no operator can be injected), all required."""
        out = []
        for term in self.terms:
            prefix = term.endswith("*")
            body = term.rstrip("*").replace('"', '""')
            out.append(f'"{body}"' + ("*" if prefix else ""))
        return " ".join(out)

    def tsquery_text(self) -> str:
        """PostgreSQL ``to_tsquery`` syntax: every word a quoted lexeme (no operator can be injected; a
        term holds only word characters), a phrase's words in sequence, a trailing * a prefix, all required."""
        out = []
        for term in self.terms:
            if " " in term:
                out.append("(" + " <-> ".join(f"'{w}'" for w in term.split()) + ")")
            else:
                out.append(f"'{term.rstrip('*')}'" + (":*" if term.endswith("*") else ""))
        return " & ".join(out)


def segments(snippet: str) -> list[dict[str, Any]]:
    """``[{"text", "hit"}]`` from a snippet whose hits are between MARK_START and MARK_END."""
    out: list[dict[str, Any]] = []
    hit = False
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if part == MARK_START:
            hit = True
        elif part == MARK_END:
            hit = False
        elif part:
            out.append({"text": part, "hit": hit})
    return out


def search_articles(conn: Connection, raw: str, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Articles matching every term, best first, with a highlighted snippet; and how many match."""
    query = Query.parse(raw)
    if not query.terms:
        return [], 0
    if conn.dialect.name == "sqlite":
        match = query.fts5()
        total = conn.execute(text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"),
                             {"q": match}).scalar_one()
        rows = conn.execute(text(
            "SELECT f.article_id AS id, a.source_title AS title, a.source_url AS url, a.source_outlet AS outlet, "
            "a.published AS published, "
            "snippet(articles_fts, 2, char(2), char(3), '…', 24) AS snippet "
            "FROM articles_fts f JOIN articles a ON a.id = f.article_id "
            "WHERE articles_fts MATCH :q ORDER BY f.rank LIMIT :limit OFFSET :offset"),
            {"q": match, "limit": limit, "offset": offset}).mappings().all()
    else:
        params = {"q": query.tsquery_text(), "limit": limit, "offset": offset}
        total = conn.execute(text(
            f"SELECT count(*) FROM articles WHERE {_PG_ARTICLE_DOC} @@ to_tsquery('english', :q)"),
            params).scalar_one()
        rows = conn.execute(text(
            "SELECT id, source_title AS title, source_url AS url, source_outlet AS outlet, published, "
            "ts_headline('english', text, tsq, 'StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12') AS snippet "
            f"FROM articles, to_tsquery('english', :q) tsq WHERE {_PG_ARTICLE_DOC} @@ tsq "
            f"ORDER BY ts_rank({_PG_ARTICLE_DOC}, tsq) DESC, id LIMIT :limit OFFSET :offset"),
            params).mappings().all()
    items = [{"article_id": r["id"], "title": r["title"], "url": r["url"], "outlet": r["outlet"],
              "published": r["published"], "snippet": segments(r["snippet"] or "")} for r in rows]
    return items, int(total)


def search_quotes(conn: Connection, raw: str, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Quotes matching every term, best first, with their speaker's canonical name where tracked."""
    query = Query.parse(raw)
    if not query.terms:
        return [], 0
    speaker = (
        "LEFT JOIN actor_links l ON l.article_id = q.article_id AND l.local_id = q.speaker "
        "LEFT JOIN canonical_actors c ON c.id = l.actor_id "
    )
    columns = ("q.article_id AS article_id, q.local_id AS local_id, q.text AS text, q.kind AS kind, "
               "q.span_start AS span_start, q.span_end AS span_end, q.speaker_text AS speaker_text, "
               "c.id AS speaker_id, c.name AS speaker_name, a.published AS published, a.source_title AS title")
    if conn.dialect.name == "sqlite":
        match = query.fts5()
        total = conn.execute(text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH :q"),
                             {"q": match}).scalar_one()
        rows = conn.execute(text(
            f"SELECT {columns}, snippet(quotes_fts, 2, char(2), char(3), '…', 32) AS snippet "
            "FROM quotes_fts f JOIN quotes q ON q.article_id = f.article_id AND q.local_id = f.local_id "
            f"JOIN articles a ON a.id = q.article_id {speaker}"
            "WHERE quotes_fts MATCH :q ORDER BY f.rank LIMIT :limit OFFSET :offset"),
            {"q": match, "limit": limit, "offset": offset}).mappings().all()
    else:
        params = {"q": query.tsquery_text(), "limit": limit, "offset": offset}
        total = conn.execute(text(
            f"SELECT count(*) FROM quotes WHERE {_PG_QUOTE_DOC} @@ to_tsquery('english', :q)"),
            params).scalar_one()
        rows = conn.execute(text(
            f"SELECT {columns}, ts_headline('english', q.text, tsq, 'StartSel=\x02, StopSel=\x03, "
            "HighlightAll=true') AS snippet "
            f"FROM quotes q JOIN articles a ON a.id = q.article_id {speaker}, "
            "to_tsquery('english', :q) tsq "
            "WHERE to_tsvector('english', q.text) @@ tsq "
            "ORDER BY ts_rank(to_tsvector('english', q.text), tsq) DESC, q.article_id, q.local_id "
            "LIMIT :limit OFFSET :offset"), params).mappings().all()
    items = [{
        "article_id": r["article_id"], "local_id": r["local_id"], "text": r["text"], "kind": r["kind"],
        "span": [r["span_start"], r["span_end"]], "speaker_text": r["speaker_text"],
        "speaker": {"id": r["speaker_id"], "name": r["speaker_name"]} if r["speaker_id"] is not None else None,
        "published": r["published"], "title": r["title"], "snippet": segments(r["snippet"] or ""),
    } for r in rows]
    return items, int(total)
