"""The relevance filter keeps every gold and benchmark article about conflict
diplomacy, passes over local news, and stores what it passes over as seen."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ceasefire.analyse.resources import read_data
from ceasefire.ingest import read_paths
from ceasefire.records import RawDocument, Source
from ceasefire.relevance import DATA_FILE, RelevanceFilter
from ceasefire.runner import ingest
from ceasefire.store import Store
from ceasefire.store.seen import count_seen, list_seen

sys.path.insert(0, str(Path(__file__).parent))
from conftest import corridor_texts, local_news, seed_texts  # noqa: E402


@pytest.fixture(scope="module")
def relevance_filter() -> RelevanceFilter:
    return RelevanceFilter.load()


def test_lexicon_terms_have_unique_ids():
    data = read_data(DATA_FILE)
    ids = [t["id"] for t in data["terms"]]
    assert len(ids) == len(set(ids)) and all(i.startswith("relevance.") for i in ids)


def test_keeps_every_gold_and_benchmark_article(relevance_filter):
    kept = [t for t in seed_texts() + corridor_texts()]
    assert len(kept) >= 30
    dropped = [t[:80] for t in kept if not relevance_filter.judge(t).relevant]
    assert dropped == []


def test_passes_over_local_news(relevance_filter):
    verdicts = [relevance_filter.judge(t) for t in local_news(20)]
    assert sum(v.relevant for v in verdicts) <= 2


def test_verdict_names_the_terms_that_matched(relevance_filter):
    verdict = relevance_filter.judge("The two sides agreed a ceasefire after talks in Doha.")
    assert verdict.relevant and "relevance.ceasefire" in verdict.rules
    assert verdict.score >= relevance_filter.threshold
    plain = relevance_filter.judge("The school board met on Tuesday to discuss the new library budget.")
    assert not plain.relevant and plain.rules == []


def test_single_word_repeated_is_not_enough(relevance_filter):
    text = "The war on drugs. " * 20
    assert relevance_filter.judge(text).hits == {"relevance.war": relevance_filter.cap}
    assert not relevance_filter.judge(text).relevant


def test_off_topic_article_is_stored_as_seen_not_analysed(analyser, db_url):
    local = RawDocument(text=local_news(1)[0], source=Source(path="lgl/1.txt", title="Fire"), origin="lgl/1.txt")
    talks = RawDocument(text=seed_texts()[0], source=Source(path="seed.txt"), origin="seed.txt")
    with Store.open(db_url) as store:
        first = ingest([local, talks], store, analyser)
        assert (first.added, first.seen, first.already) == (1, 1, 0)
        assert store.counts()["articles"] == 1
        [seen] = list_seen(store)
        assert seen.source.title == "Fire" and seen.lexicon.startswith("relevance.yaml")
        assert not store.has_article(seen.id)
        again = ingest([local, talks], store, analyser)
        assert (again.added, again.seen, again.already) == (0, 0, 2)
        assert count_seen(store) == 1
        # Without the filter the same article is analysed after all.
        full = ingest([local], store, analyser, relevance=False)
        assert (full.added, full.seen) == (1, 0) and store.has_article(seen.id)


def test_mixed_corpus_seen_and_added_add_up(analyser, mixed_corpus, db_url):
    with Store.open(db_url) as store:
        summary = ingest(read_paths([mixed_corpus]), store, analyser)
    assert summary.inputs == summary.added + summary.already + summary.seen + len(summary.rejected)
    assert summary.added >= 6 and summary.seen >= 5
