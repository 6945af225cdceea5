"""How far PolNeAR's own annotators agree, scored the way ``ceasefire eval
--format polnear`` scores us: a yardstick for the quote figures.

Two dev articles were annotated by all six annotators. Each annotation is
scored against each other one with the same overlap rules
(``bench_polnear.agreement``); with ``--ours`` the extractor is scored on the
same articles against each annotator in turn, so both figures come from the
same text.

    .venv/bin/python benchmarks/polnear_agreement.py [--ours] [POLNEAR_FOLDER]
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from datetime import date
from pathlib import Path

from ceasefire.evaluate import bench_polnear as polnear

SHARED = Path(__file__).resolve().parents[2] / "shared"
MEASURES = ("content_overlap", "source_overlap")


def shared_documents(path: Path) -> dict[str, list[polnear.PolnearDocument]]:
    """The articles more than one annotator annotated, each with its annotations."""
    by_name: dict[str, list[polnear.PolnearDocument]] = defaultdict(list)
    for doc in polnear.read_corpus(path, all_annotators=True):
        by_name[doc.name].append(doc)
    return {name: docs for name, docs in by_name.items() if len(docs) > 1}


def agreement(path: Path) -> dict[str, float]:
    """Overlap F1 of annotator against annotator on the shared articles."""
    tallies = polnear.agreement([d for docs in shared_documents(path).values() for d in docs])
    return {m: tallies[m].f1 for m in MEASURES}


def ours(path: Path) -> dict[str, float]:
    """Our extractor's overlap F1 on the shared articles, against every annotator."""
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.analyse.resources import Resources

    runner = polnear._quotes_analyser(Analyser(Resources.load(), today=date.today()), polnear.PROFILE)
    tallies = {m: polnear.Tally() for m in MEASURES}
    for docs in shared_documents(path).values():
        first = docs[0]
        raw = polnear.RawDocument(text=first.text, source=polnear.Source(path=first.name),
                                  published=first.published, origin=first.name)
        predicted = polnear.predictions_of(runner.analyse(raw), first.text)
        for gold in docs:
            scores = polnear.score_document(gold.text, gold.attributions, predicted)
            for m in MEASURES:
                tallies[m].add(scores[m])
    return {m: tallies[m].f1 for m in MEASURES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("polnear", type=Path, nargs="?", default=SHARED / "benchmarks" / "polnear")
    parser.add_argument("--ours", action="store_true", help="also score the extractor on the same articles")
    args = parser.parse_args()
    n = len(shared_documents(args.polnear))
    human = agreement(args.polnear)
    print(f"annotators against each other, {n} articles: content overlap F1 {human['content_overlap']:.3f}, "
          f"source overlap F1 {human['source_overlap']:.3f}")
    if args.ours:
        mine = ours(args.polnear)
        print(f"ours against each annotator, same articles: content overlap F1 {mine['content_overlap']:.3f}, "
              f"source overlap F1 {mine['source_overlap']:.3f}")


if __name__ == "__main__":
    main()
