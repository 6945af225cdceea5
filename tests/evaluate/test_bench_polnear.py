"""The PolNeAR reader and scorer on small hand-made BRAT files, with exact counts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.errors import CeasefireError
from ceasefire.evaluate import bench_polnear as B
from ceasefire.evaluate.bench_polnear import GoldAttribution, Prediction
from ceasefire.records import Article, Quote

TEXT = ("Officials said the talks failed.\n\n"
        "\u201cWe are ready,\u201d he said, \u201cto meet again.\u201d\n\n"
        "Aid will flow, according to the UN.\n")


def span(text: str, sub: str, start: int = 0) -> tuple[int, int]:
    i = text.index(sub, start)
    return (i, i + len(sub))


def t_line(tid: str, label: str, text: str, *subs: str) -> str:
    spans = [span(text, s) for s in subs]
    offsets = ";".join(f"{a} {b}" for a, b in spans)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[a:b] for a, b in spans)}\n"


def ann_for(text: str) -> str:
    return "".join([
        t_line("T1", "Source", text, "Officials"),
        t_line("T2", "Cue", text, "said"),
        t_line("T3", "Content", text, "the talks failed"),
        t_line("T4", "Attribution", text, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        # a discontinuous content around "he said", roles in another order
        t_line("T5", "Content", text, "\u201cWe are ready,\u201d", "\u201cto meet again.\u201d"),
        t_line("T6", "Source", text, "he"),
        t_line("T7", "Cue", text, "said,"),
        t_line("T8", "Attribution", text, "said,"),
        "E2\tSource:T6 Cue:T7 Attribution:T8 Content:T5\n",
        # no source
        t_line("T9", "Content", text, "Aid will flow"),
        t_line("T10", "Cue", text, "according to"),
        t_line("T11", "Attribution-no-source", text, "according to"),
        "E3\tAttribution-no-source:T11 Cue:T10 Content:T9\n",
        # an anchor with nothing to find, and notes that are no attributions
        "E4\tAttribution-no-source:T11 \n",
        t_line("T12", "Discard", text, "the UN"),
    ])


def write_corpus(root: Path, docs: dict[str, tuple[str, dict[str, str]]], metadata: str | None = None) -> Path:
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    for name, (text, anns) in docs.items():
        with open(root / "dev" / "text" / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        for annotator, ann in anns.items():
            (root / "dev" / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    if metadata is not None:
        (root / "metadata.tsv").write_text(metadata, encoding="utf-8")
    return root


# -- reading -------------------------------------------------------------------

def test_parse_ann_ties_roles_and_keeps_discontinuous_pieces() -> None:
    atts = B.parse_ann(ann_for(TEXT))
    assert [a.id for a in atts] == ["E1", "E2", "E3"]  # E4 has no content
    e1, e2, e3 = atts
    assert e1.content == (span(TEXT, "the talks failed"),) and e1.source == (span(TEXT, "Officials"),)
    assert e2.content == (span(TEXT, "\u201cWe are ready,\u201d"), span(TEXT, "\u201cto meet again.\u201d"))
    assert e2.source == (span(TEXT, "he"),) and e2.cue == (span(TEXT, "said,"),)
    assert e3.source == () and e3.cue == (span(TEXT, "according to"),)


def test_parse_ann_merges_a_second_content_and_rejects_bad_offsets() -> None:
    ann = ("T1\tContent 0 9\tOfficials\nT2\tContent 15 24\tthe talks\nT3\tCue 10 14\tsaid\n"
           "E1\tAttribution:T9 Cue:T3 Content:T2 Content2:T1\n")
    (att,) = B.parse_ann(ann)
    assert att.content == ((0, 9), (15, 24))
    with pytest.raises(CeasefireError, match="bad offsets"):
        B.parse_ann("T1\tContent 0 x\tOfficials\n")


def test_read_corpus_reads_without_newline_translation_and_picks_one_annotator(tmp_path: Path) -> None:
    text = TEXT.replace("\n", "\r\n", 1)  # a CR must stay a character of its own
    ann = ann_for(text)
    meta = "compartment\tfilename\tpublication_date\ndev\ta1\t2016-09-12\n"
    root = write_corpus(tmp_path, {"a1": (text, {"zz99": "", "ab12": ann}),
                                   "b2": (TEXT, {"cd34": ann_for(TEXT)})}, meta)
    docs = B.read_corpus(root)
    assert [(d.name, d.annotator, d.published) for d in docs] == [("a1", "ab12", "2016-09-12"), ("b2", "cd34", None)]
    assert docs[0].text == text and len(docs[0].attributions) == 3
    everyone = B.read_corpus(root, all_annotators=True)
    assert [(d.name, d.annotator, len(d.attributions)) for d in everyone] == [
        ("a1", "ab12", 3), ("a1", "zz99", 0), ("b2", "cd34", 3)]


def test_read_corpus_needs_the_layout(tmp_path: Path) -> None:
    with pytest.raises(CeasefireError, match="no text/ and attributions/"):
        B.read_corpus(tmp_path)


# -- scoring -------------------------------------------------------------------

def test_scores_overlap_and_exact_numbers() -> None:
    text = TEXT
    gold = B.parse_ann(ann_for(text))
    preds = [
        Prediction(span(text, "the talks failed"), span(text, "Officials")),      # exact content and source
        Prediction(span(text, "to meet again."), span(text, "he")),               # the longer piece of E2
        Prediction(span(text, "Aid will"), None),                                 # 8 of 13 chars of E3
        Prediction(span(text, "the UN"), span(text, "the UN")),                   # nothing of the kind
    ]
    t = B.score_document(text, gold, preds)
    c = t["content_overlap"]
    assert (c.found, c.gold, c.correct, c.predicted) == (3, 3, 3, 4)
    assert (round(c.precision, 4), round(c.recall, 4), round(c.f1, 4)) == (0.75, 1.0, 0.8571)
    s = t["source_overlap"]  # distinct gold sources: Officials, he
    assert (s.found, s.gold, s.correct, s.predicted) == (2, 2, 2, 3)
    e = t["content_exact"]  # E1 exact; E2 needs both pieces; "to meet again." equals a piece
    assert (e.found, e.gold, e.correct, e.predicted) == (1, 3, 2, 4)
    se = t["source_exact"]
    assert (se.found, se.gold, se.correct, se.predicted) == (2, 2, 2, 3)
    a = t["attribution_overlap"]  # gold with a source: E1, E2; predictions with a speaker: 3
    assert (a.found, a.gold, a.correct, a.predicted) == (2, 2, 2, 3)


def test_half_rules_and_edge_stripping() -> None:
    text = "\u201cabcdefghij,\u201d xyz"
    gold = [GoldAttribution("E1", (span(text, "\u201cabcdefghij,\u201d"),))]  # 10 letters once stripped
    covers_half = B.score_document(text, gold, [Prediction((1, 6))])["content_overlap"]
    assert (covers_half.found, covers_half.correct) == (1, 1)
    too_little = B.score_document(text, gold, [Prediction((1, 5))])["content_overlap"]
    assert too_little.found == 0
    half_outside = B.score_document(text, gold, [Prediction((8, 17))])["content_overlap"]  # "hij,” xyz"
    assert (half_outside.found, half_outside.correct) == (0, 0)
    exact = B.score_document(text, gold, [Prediction((0, 13))])["content_exact"]  # marks and comma stripped
    assert (exact.found, exact.correct) == (1, 1)


def test_agreement_scores_annotators_against_each_other(tmp_path: Path) -> None:
    full = ann_for(TEXT)
    first_only = "".join(line for line in full.splitlines(keepends=True)
                         if line.split("\t")[0] in ("T1", "T2", "T3", "T4", "E1"))
    root = write_corpus(tmp_path, {"a1": (TEXT, {"ab12": full, "cd34": full, "ef56": first_only}),
                                   "b2": (TEXT, {"gh78": full})})
    docs = B.read_corpus(root, all_annotators=True)
    same = B.agreement([d for d in docs if d.annotator in ("ab12", "cd34")])
    assert same["content_overlap"].f1 == 1.0 and same["source_overlap"].f1 == 1.0
    # E2's two pieces enter as one span that still lies inside them, so exact agreement needs both pieces
    assert same["content_exact"].found == 4 and same["content_exact"].gold == 6
    three = B.agreement(docs)  # b2 has one annotator: nothing to compare
    c = three["content_overlap"]  # 6 ordered pairs; ef56 has 1 of the 3 attributions the others have,
    assert (c.gold, c.found, c.predicted, c.correct) == (14, 10, 14, 10)  # a miss one way, a wrong one the other


def test_empty_document_scores_one_and_summary_keys() -> None:
    t = B.score_document("No quotes here.", [], [])
    assert t["content_overlap"].f1 == 1.0
    out = B.summarise(t, documents=1)
    assert list(out)[:4] == ["content_overlap_f1", "source_overlap_f1", "content_exact_f1", "source_exact_f1"]
    assert out["documents"] == 1 and out["content_overlap_counts"]["gold"] == 0


def test_align_maps_cleaned_offsets_back() -> None:
    original = "  Head\u00a0line\n\nHe said  it failed.\n"
    cleaned = "Head line\n\nHe said it failed."
    to_file = B.align(original, cleaned)
    s = span(cleaned, "it failed")
    assert original[slice(*to_file(s))] == "it failed"
    assert B.align("abc", "abc")((0, 2)) == (0, 2)
    assert B.align(" abc ", "abc")((1, 3)) == (2, 4)


# -- running ---------------------------------------------------------------------

class FakeAnalyser:
    """Cleans by trimming the text and quotes every "said" complement."""

    def prepare(self, raw):
        return raw

    def analyse_prepared(self, prepared):
        for raw in prepared:
            text = raw.text.strip()
            quotes = [Quote(speaker=None, speaker_text="Officials", text="the talks failed",
                            span=span(text, "the talks failed"), kind="indirect",
                            speaker_span=span(text, "Officials"))]
            yield Article(id="x", source=raw.source, published=raw.published, published_basis="metadata",
                          text=text, quotes=quotes)


def test_evaluate_maps_offsets_counts_and_reports_progress(tmp_path: Path) -> None:
    root = write_corpus(tmp_path, {"a1": ("\n" + TEXT, {"ab12": ann_for("\n" + TEXT)}),
                                   "b2": (TEXT, {"cd34": ann_for(TEXT)})})
    ticks: list[tuple[int, int]] = []
    out = B.evaluate(root, FakeAnalyser(), progress=lambda d, t: ticks.append((d, t)))
    assert ticks[0] == (0, 2) and ticks[-1] == (2, 2)
    assert (out["documents"], out["attributions"], out["predicted_quotes"]) == (2, 6, 2)
    assert out["content_overlap_counts"] == {"found": 2, "gold": 6, "correct": 2, "predicted": 2}
    assert out["content_overlap_precision"] == 1.0 and out["content_overlap_recall"] == round(2 / 6, 4)
    assert out["source_overlap_counts"] == {"found": 2, "gold": 4, "correct": 2, "predicted": 2}
    json.dumps(out)  # --json prints it
    limited = B.evaluate(root, FakeAnalyser(), limit=1)
    assert limited["documents"] == 1


def test_evaluate_with_the_real_analyser(tmp_path: Path, analyser) -> None:
    text = "Officials said the talks failed.\n\nThe envoy left Doha on Friday.\n"
    ann = "".join([t_line("T1", "Source", text, "Officials"), t_line("T2", "Cue", text, "said"),
                   t_line("T3", "Content", text, "the talks failed"), t_line("T4", "Attribution", text, "said"),
                   "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"])
    root = write_corpus(tmp_path, {"a1": (text, {"ab12": ann})})
    out = B.evaluate(root, analyser)
    assert out["profile"] == "attribution"
    assert (out["content_overlap_f1"], out["source_overlap_f1"], out["content_exact_f1"]) == (1.0, 1.0, 1.0)
