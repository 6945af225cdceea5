"""The TimeML benchmark: reading .tml, pairing, value normalisation and exact scores
on a hand-made document."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ceasefire.errors import CeasefireError
from ceasefire.evaluate.bench_timeml import (
    GoldTimex,
    Predicted,
    evaluate,
    normalise_value,
    pair,
    parse_tml,
    predict,
    score_document,
)

DOC = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>doc1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-05" temporalFunction="false" functionInDocument="CREATION_TIME">03/05/98</TIMEX3></DCT>
<TEXT>
The talks <EVENT eid="e1" class="OCCURRENCE">began</EVENT> <TIMEX3 tid="t1" type="TIME" value="1998-03-04TAF">mid-afternoon yesterday</TIMEX3> after a truce agreed <TIMEX3 tid="t2" type="DATE" value="1998-W9">last week</TIMEX3>.
Convoys now leave daily. Fighting lasted <TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3> in <TIMEX3 tid="t4" type="DATE" value="1998-02">February</TIMEX3>, the worst since <TIMEX3 tid="t5" type="DATE" value="199X">the 1990s</TIMEX3> &amp; <TIMEX3 tid="t6" type="DATE" value="1997-11-27">Thanksgiving</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
</TimeML>
"""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc1.tml").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_parse_offsets_anchor_and_entities(corpus):
    doc = parse_tml(corpus / "sub" / "doc1.tml")
    assert doc.name == "doc1" and doc.anchor == date(1998, 3, 5) and doc.dct_value == "1998-03-05"
    assert doc.text.startswith("\nThe talks began mid-afternoon yesterday after")
    assert "the 1990s & Thanksgiving." in doc.text  # entities decoded, tags dropped
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("mid-afternoon yesterday", "TIME", "1998-03-04TAF"), ("last week", "DATE", "1998-W9"),
        ("three days", "DURATION", "P3D"), ("February", "DATE", "1998-02"), ("the 1990s", "DATE", "199X"),
        ("Thanksgiving", "DATE", "1997-11-27")]
    for g in doc.timexes:
        assert doc.text[g.span[0]:g.span[1]] == g.text


def test_unreadable_and_empty_inputs(tmp_path):
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(CeasefireError):
        parse_tml(bad)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CeasefireError):
        evaluate(empty, None)


@pytest.mark.parametrize("value, same", [
    ("2000-W7", "2000-W07"), ("199X", "199"), ("19XX", "19"), (" 1998-q3 ", "1998-Q3"), ("1998-3", "1998-03"),
])
def test_normalised_values_that_are_the_same(value, same):
    assert normalise_value(value) == normalise_value(same)


@pytest.mark.parametrize("value, other", [
    ("1998", "1998-XX"), ("1998", "1998-Q1"), ("1989-10-27T24:00", "1989-10-28T00:00"), ("P1Y", "P12M"),
    ("PRESENT_REF", "1998-03-05"), ("1998-XX", "1998"), ("P10Y", "P1E"),
])
def test_values_that_stay_different(value, other):
    assert normalise_value(value) != normalise_value(other)


def test_pairing_is_one_to_one_exact_first():
    gold = [(0, 5), (6, 10)]
    assert pair(gold, [(0, 10)], strict=False) == [(0, 0)]  # one prediction covers two gold: one pair
    assert pair(gold, [(0, 10)], strict=True) == []
    assert pair(gold, [(2, 8), (6, 10)], strict=False) == [(0, 0), (1, 1)]  # the exact extent wins (6, 10)
    assert pair([(0, 5)], [(5, 9)], strict=False) == []  # touching is not overlapping


def test_score_document_counts():
    gold = [GoldTimex((0, 9), "DATE", "1998-W9", "last week"), GoldTimex((10, 20), "DATE", "1998", "x"),
            GoldTimex((30, 35), "DATE", "1998-02", "y")]
    pred = [Predicted((0, 9), "DATE", "1998-W09"), Predicted((12, 18), "DATE", "1998"),
            Predicted((40, 45), "SET", "P1D")]
    t = score_document(gold, pred)
    assert (t.gold, t.predicted, t.strict, t.relaxed, t.value_exact, t.value_norm, t.type_ok) == (3, 3, 1, 2, 1, 2, 2)


def test_exact_scores_with_the_rules(corpus):
    """Gold 6, predicted 7 (the rules also find "now" and "daily"); strict pairs 4 ("last week",
    "three days", "February", "the 1990s"), relaxed 5 (+ "yesterday" in "mid-afternoon yesterday",
    whose value lacks TAF); "Thanksgiving" is missed. Values: equal as strings for "three days" and
    "February" (2); W9/W09 and 199X/199 are equal after normalisation (4)."""
    done = []
    r = evaluate(corpus, None, progress=lambda d, n: done.append((d, n)))
    assert done == [(1, 1)]
    assert (r["gold"], r["predicted"], r["strict_matches"], r["relaxed_matches"]) == (6, 7, 4, 5)
    assert (r["value_matches"], r["value_matches_exact"]) == (4, 2)
    assert r["strict_f1"] == pytest.approx(8 / 13)
    assert r["relaxed_f1"] == pytest.approx(10 / 13)
    assert r["relaxed_precision"] == pytest.approx(5 / 7) and r["relaxed_recall"] == pytest.approx(5 / 6)
    assert r["value_accuracy"] == pytest.approx(4 / 5) and r["value_accuracy_exact"] == pytest.approx(2 / 5)
    assert r["value_f1"] == pytest.approx(8 / 13) and r["value_f1_exact"] == pytest.approx(4 / 13)
    assert r["type_accuracy"] == pytest.approx(4 / 5)
    assert r["extractor"] == "time rules alone" and "details" not in r


def test_details_and_limit(corpus):
    (corpus / "sub" / "doc2.tml").write_text(DOC.replace("doc1", "doc2"), encoding="utf-8")
    assert evaluate(corpus, None, limit=1)["documents"] == 1
    r = evaluate(corpus, None, details=True)
    assert r["documents"] == 2 and r["gold"] == 12
    kinds = sorted({(d["kind"], d.get("gold_text") or d.get("text")) for d in r["details"]})
    assert kinds == [("missed", "Thanksgiving"), ("spurious", "daily"), ("spurious", "now"),
                     ("value", "mid-afternoon yesterday")]


def test_with_the_analyser_uses_the_times_extractor(corpus, analyser):
    from ceasefire.analyse.context import Context
    from ceasefire.analyse.times import extract_times

    doc = parse_tml(corpus / "sub" / "doc1.tml")
    ctx = Context(text=doc.text, doc=analyser.resources.nlp(doc.text), published=doc.anchor,
                  resources=analyser.resources)
    extract_times(ctx)
    assert [p.span for p in predict(doc, analyser)] == [t.span for t in ctx.times]
    r = evaluate(corpus, analyser)
    assert r["extractor"] == "times (analyser, spaCy support)" and r["gold"] == 6
