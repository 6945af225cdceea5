"""Stories: MinHash signatures of word shingles tell copies of one report from different reports."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from ceasefire.clean import clean_document
from ceasefire.resolve import stories as st

CORPUS = Path(__file__).resolve().parents[1] / "data" / "tracking_corpus" / "corpus.jsonl"


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r["clean"] = clean_document(r["text"]).text
        r["story"] = r["of"] or r["id"]
    return rows


def test_signature_round_trips_through_bytes():
    mh = st.signature("Envoys of Sudan's army and the Rapid Support Forces met in Jeddah on Saturday.")
    data = st.to_bytes(mh)
    assert len(data) == 4 * st.NUM_PERM
    assert st.from_bytes(data).jaccard(mh) == 1.0


def test_shingles_ignore_case_accents_and_function_words():
    assert st.shingles("The talks in Jeddah") == st.shingles("talks at JEDDAH")
    assert st.shingles("Çavuşoğlu said") == st.shingles("Cavusoglu said")


def test_spinner_keeps_the_named_skeleton():
    a = "Sudan's warring parties agreed Saturday to a seven-day ceasefire in Jeddah, Saudi Arabia said."
    b = "Sudan's feuding factions consented Saturday to a seven-day truce in Jeddah, Saudi Arabia stated."
    named_a, named_b = st.named(a), st.named(b)
    assert named_a == named_b == ["Sudan", "Saturday", "Jeddah", "Saudi", "Arabia"]


def test_copies_rewrites_and_spun_copies_join_their_story_and_nothing_else(corpus):
    """Every pair of the corpus: same story at or above the threshold, different stories well below."""
    sigs = {r["id"]: st.signature(r["clean"]) for r in corpus}
    same, different = [], []
    for a, b in itertools.combinations(corpus, 2):
        sim = sigs[a["id"]].jaccard(sigs[b["id"]])
        (same if a["story"] == b["story"] else different).append(sim)
    assert min(same) >= st.JOIN_THRESHOLD
    assert max(different) < st.JOIN_THRESHOLD - 0.05


def test_index_finds_the_best_copy(corpus):
    index = st.StoryIndex()
    originals = [r for r in corpus if r["kind"] == "original"]
    for n, r in enumerate(originals):
        index.add(r["id"], n, st.signature(r["clean"]), seq=n + 1)
    assert index.seen == len(originals)
    story_of = {r["id"]: n for n, r in enumerate(originals)}
    for r in corpus:
        if r["kind"] == "original":
            continue
        match = index.best(st.signature(r["clean"]))
        assert match is not None and match.story_id == story_of[r["of"]], r["id"]
    unrelated = st.signature("The central bank raised interest rates by half a point on Tuesday to curb inflation.")
    assert index.best(unrelated) is None
