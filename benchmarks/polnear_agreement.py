"""How far PolNeAR's own annotators agree, scored the way ``ceasefire eval
--format polnear`` scores us: a yardstick for the quote figures.

Two dev articles were annotated by all six annotators. Each annotation is
scored against each other one with the same overlap rules
(``bench_polnear.agreement``); with ``--ours`` the extractor is scored on the
same articles against each annotator in turn (``bench_polnear.evaluate_documents``),
so both figures come from the same text.

    .venv/bin/python benchmarks/polnear_agreement.py [--ours] [POLNEAR_FOLDER]
"""
from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ceasefire.evaluate import bench_polnear as polnear

SHARED = Path(__file__).resolve().parents[2] / "shared"
MEASURES = ("content_overlap", "source_overlap")


@dataclass(frozen=True)
class Yardstick:
    articles: int  # annotated by more than one annotator
    annotators: dict[str, float]  # overlap F1 of annotator against annotator, by measure
    ours: dict[str, float] | None  # ours against each annotator on the same articles


def yardstick(path: Path, with_ours: bool = True) -> Yardstick:
    """The figures on the articles more than one annotator annotated (the corpus read once)."""
    docs = polnear.read_corpus(path, all_annotators=True)
    count = Counter(d.name for d in docs)
    shared = [d for d in docs if count[d.name] > 1]
    human = polnear.agreement(shared)
    mine = None
    if with_ours:
        from ceasefire.analyse.pipeline import Analyser
        from ceasefire.analyse.resources import Resources

        scores = polnear.evaluate_documents(shared, Analyser(Resources.load(), today=date.today()))
        mine = {m: scores[f"{m}_f1"] for m in MEASURES}
    return Yardstick(len({d.name for d in shared}), {m: human[m].f1 for m in MEASURES}, mine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("polnear", type=Path, nargs="?", default=SHARED / "benchmarks" / "polnear")
    parser.add_argument("--ours", action="store_true", help="also score the extractor on the same articles")
    args = parser.parse_args()
    y = yardstick(args.polnear, with_ours=args.ours)
    print(f"annotators against each other, {y.articles} articles: content overlap F1 "
          f"{y.annotators['content_overlap']:.3f}, source overlap F1 {y.annotators['source_overlap']:.3f}")
    if y.ours is not None:
        print(f"ours against each annotator, same articles: content overlap F1 {y.ours['content_overlap']:.3f}, "
              f"source overlap F1 {y.ours['source_overlap']:.3f}")


if __name__ == "__main__":
    main()
