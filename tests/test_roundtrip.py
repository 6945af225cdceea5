"""An analysed article reads back from the store exactly as it was analysed."""
from __future__ import annotations

from pathlib import Path

from ceasefire.records import RawDocument, Source, to_dict
from ceasefire.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_analysed_article_round_trips_through_the_store(analyser, db_url: str):
    for path in sorted(EXAMPLES.glob("*.txt")):
        article = analyser.analyse(RawDocument(text=path.read_text(encoding="utf-8"), source=Source(path=str(path))))
        assert article.times and article.times[0].timex_value  # the TimeML fields are part of the record
        with Store.open(db_url) as store:
            store.add_article(article)
            assert to_dict(store.get_article(article.id)) == to_dict(article)
