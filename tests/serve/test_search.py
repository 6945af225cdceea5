"""Full-text search (migration 5): the query made safe, and the index kept current on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib

from sqlalchemy import delete

from ceasefire.records import Actor, Article, Quote, Source
from ceasefire.serve.search import Query, search_articles, search_quotes, segments
from ceasefire.store import Store
from ceasefire.store import schema as s

TEXT = ('GENEVA (Reuters) - Envoys resumed negotiations on a humanitarian corridor from Mariupol. '
        '"We are close to an agreement on evacuations," Martin Griffiths said.')


def article(text: str = TEXT, title: str = "Corridor talks resume") -> Article:
    quote = "We are close to an agreement on evacuations,"
    start = text.index(quote)
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest(), source=Source(title=title, url="https://example.org/x"),
        published="2022-04-01", published_basis="metadata", text=text,
        actors=[Actor(id="a1", name="Martin Griffiths", kind="person",
                      mentions=[(text.index("Martin"), text.index("Martin") + len("Martin Griffiths"))])],
        quotes=[Quote(speaker="a1", speaker_text="Martin Griffiths", text=quote, span=(start, start + len(quote)),
                      kind="direct", cue="said")])


def test_query_terms_are_quoted_so_no_operator_gets_through() -> None:
    q = Query.parse('corridor "humanitarian pause" evac* AND NEAR(x) -y col:z')
    assert q.terms == ["humanitarian pause", "corridor", "evac*", "AND", "NEAR", "x", "y", "col", "z"]
    assert q.fts5() == '"humanitarian pause" "corridor" "evac"* "AND" "NEAR" "x" "y" "col" "z"'
    assert q.tsquery_text() == ("('humanitarian' <-> 'pause') & 'corridor' & 'evac':* & 'AND' & 'NEAR' & 'x' & 'y' "
                                "& 'col' & 'z'")
    assert Query.parse('"" * --- \x00').terms == []
    assert len(Query.parse(" ".join(f"w{i}" for i in range(100))).terms) == 16


def test_segments_mark_hits() -> None:
    assert segments("a \x02b\x03 c") == [{"text": "a ", "hit": False}, {"text": "b", "hit": True},
                                        {"text": " c", "hit": False}]
    assert segments("") == []


def check_index_follows_the_store(store: Store) -> None:
    with store.engine.connect() as conn:
        assert search_articles(conn, "corridor", 10, 0) == ([], 0)
    a = article()
    assert store.add_article(a)
    with store.engine.connect() as conn:
        items, total = search_articles(conn, "negotiation Mariupol", 10, 0)  # stemmed: negotiations
        assert total == 1 and items[0]["article_id"] == a.id and items[0]["title"] == "Corridor talks resume"
        assert any(seg["hit"] for seg in items[0]["snippet"])
        assert search_articles(conn, "resume talks", 10, 0)[1] == 1  # the title is searched too
        quotes, total = search_quotes(conn, "evacuations", 10, 0)
        assert total == 1 and quotes[0]["text"].startswith("We are close")
        assert search_articles(conn, '"corridor from Mariupol"', 10, 0)[1] == 1
        assert search_articles(conn, '"Mariupol corridor"', 10, 0)[1] == 0
        assert search_articles(conn, "negot*", 10, 0)[1] == 1  # a prefix, on either backend
        assert search_articles(conn, "negot", 10, 0)[1] == 0  # a word, and not one of the text
    with store.engine.begin() as conn:
        conn.execute(delete(s.articles).where(s.articles.c.id == a.id))
    with store.engine.connect() as conn:
        assert search_articles(conn, "corridor", 10, 0)[1] == 0
        assert search_quotes(conn, "evacuations", 10, 0)[1] == 0


def test_index_follows_the_store(db_url: str) -> None:
    with Store.open(db_url) as store:
        check_index_follows_the_store(store)


# What migration 5 made, per backend: an older database lacks it.
SEARCH_INDEX = {"sqlite": ("DROP TABLE articles_fts", "DROP TABLE quotes_fts"),
                "postgresql": ("DROP INDEX ix_articles_search", "DROP INDEX ix_quotes_search")}


def test_index_of_an_older_database_is_built_from_what_it_holds(db_url: str) -> None:
    from ceasefire.serve.search import create_search_index
    with Store.open(db_url) as store:
        store.add_article(article())
        with store.engine.begin() as conn:  # as if stored before migration 5
            for statement in SEARCH_INDEX[conn.dialect.name]:
                conn.exec_driver_sql(statement)
            create_search_index(conn)
        with store.engine.connect() as conn:
            assert search_articles(conn, "corridor", 10, 0)[1] == 1
            assert search_quotes(conn, "agreement", 10, 0)[1] == 1
