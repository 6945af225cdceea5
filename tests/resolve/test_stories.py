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


EDGE_TEXTS = ["", "   ", "Jeddah", "talks in Jeddah", "Çavuşoğlu said 3 times: Ⅻ ǅemal ﬁnal 42", "a\nb\tc ß İstanbul"]


def _shingles_one_by_one(text: str, size: int = st.SHINGLE) -> set[bytes]:
    """``shingles`` as first written: each shingle joined and encoded alone."""
    def pairs(tokens: list[str]) -> list[str]:
        if len(tokens) < size:
            return [" ".join(tokens)] if tokens else []
        return [" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]

    folded = st._fold(text)
    out = {b"w:" + g.encode("utf-8") for g in pairs(st.words(text, folded))}
    for g in pairs([w.casefold() for w in st.named(text, folded)]):
        for i in range(st.NAMED_WEIGHT):
            out.add(f"n{i}:{g}".encode("utf-8"))
    return out


def test_shingles_encoded_together_are_those_encoded_one_by_one(corpus):
    for text in [r["clean"] for r in corpus] + EDGE_TEXTS:
        for size in (1, 2, 3):
            assert st.shingles(text, size) == _shingles_one_by_one(text, size)


def test_signature_holds_the_values_datasketch_gives(corpus):
    """Worked out with array operations, the signature must not differ in one value from
    datasketch's own: stored signatures are compared with new ones across versions."""
    from datasketch import MinHash

    for text in [r["clean"] for r in corpus] + EDGE_TEXTS:
        grams = st.shingles(text)
        reference = MinHash(num_perm=st.NUM_PERM, seed=st.SEED, scheme=st.SCHEME)
        if grams:
            reference.update_batch(grams)
        mh = st.signature(text, grams)
        assert mh.hashvalues.dtype == reference.hashvalues.dtype
        assert mh.hashvalues.tolist() == reference.hashvalues.tolist()
        assert st.to_bytes(mh) == st.to_bytes(reference)
