"""Recall and speed of the relevance filter on a labelled corpus from make_corpus.py.

    python benchmarks/relevance_recall.py /tmp/mixed.jsonl

Prints, per source group, how many articles the filter keeps; the recall on
the articles labelled relevant (seeds and corridor reports: it must be 1.0);
and the filter's speed on cleaned texts. Exits 1 when a relevant article is
dropped.
"""
from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from ceasefire.clean import clean_document
from ceasefire.relevance import RelevanceFilter


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with Path(argv[0]).open(encoding="utf-8", newline="\n") as fh:  # only \n ends a JSONL line
        rows = [json.loads(line) for line in fh if line.strip()]
    texts = [clean_document(r["text"]).text for r in rows]
    relevance = RelevanceFilter.load()
    start = time.perf_counter()
    verdicts = [relevance.judge(t) for t in texts]
    seconds = time.perf_counter() - start
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, verdict in zip(rows, verdicts):
        groups[row.get("group", "?")][0] += 1
        groups[row.get("group", "?")][1] += verdict.relevant
    labelled = [v for r, v in zip(rows, verdicts) if r.get("relevant")]
    others = [v for r, v in zip(rows, verdicts) if not r.get("relevant")]
    recall = sum(v.relevant for v in labelled) / len(labelled) if labelled else 1.0
    report = {
        "articles": len(rows),
        "relevant": len(labelled),
        "recall": round(recall, 4),
        "kept_of_others": round(sum(v.relevant for v in others) / len(others), 4) if others else 0.0,
        "kept_overall": round(sum(v.relevant for v in verdicts) / len(verdicts), 4) if verdicts else 0.0,
        "filter_docs_per_s": round(len(texts) / seconds, 1) if seconds else None,
        "by_group": {g: {"articles": n, "kept": k} for g, (n, k) in sorted(groups.items())},
        "lexicon": relevance.version,
    }
    print(json.dumps(report, indent=2))
    return 0 if recall == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
