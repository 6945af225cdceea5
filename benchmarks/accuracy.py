"""Regenerate ``benchmarks/accuracy.md``: each public benchmark, the published anchor's score and ours.

    .venv/bin/python benchmarks/accuracy.py                 # all benchmarks, writes benchmarks/accuracy.md
    .venv/bin/python benchmarks/accuracy.py --only timeml   # one benchmark, table printed, file not written

Each figure comes from ``ceasefire eval ... --json`` run as a separate process,
exactly as a user would run it, so the table cannot drift from the CLI. The
benchmark data are read from ``../shared/benchmarks`` (``--shared`` to change).
The seeds' floors (issue 2) are checked in the same run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polnear_agreement
from corridor_ceiling import ceiling as corridor_ceiling

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ceasefire.cli"]


@dataclass(frozen=True)
class Measure:
    """One row of the table: a key of the benchmark's JSON, the anchor's figure and our target."""

    label: str
    key: str
    anchor: str  # the published system and its figure, as text: they are not always comparable numbers
    target: float | None  # our acceptance floor, when the issue sets one


@dataclass(frozen=True)
class Benchmark:
    name: str
    fmt: str
    data: str  # relative to the shared folder
    measures: tuple[Measure, ...]
    remark: Callable[[Path], str] | None = None  # a line under the table, given the data's path


def _corridor_remark(path: Path) -> str:
    both, rows = corridor_ceiling(path)
    return (f"Ceiling: both coded endpoints appear in the excerpts of only {both} of {rows} rows "
            f"(**{both / rows:.3f}**); the others name a place the excerpts never mention, which no "
            "extractor can find without guessing (`.venv/bin/python benchmarks/corridor_ceiling.py --wrong`).")


def _polnear_remark(path: Path) -> str:
    y = polnear_agreement.yardstick(path)
    human, mine = y.annotators, y.ours or {}
    return (f"Yardstick: on the {y.articles} articles that all six PolNeAR annotators annotated, the annotators "
            f"agree with each other at content {human['content_overlap']:.3f} / source "
            f"{human['source_overlap']:.3f} (overlap F1, same scorer); ours against each of them on those "
            f"articles: content {mine['content_overlap']:.3f} / source {mine['source_overlap']:.3f} "
            "(`.venv/bin/python benchmarks/polnear_agreement.py --ours`).")


BENCHMARKS = (
    Benchmark("Quotes: PolNeAR dev (84 articles)", "polnear", "benchmarks/polnear", (
        Measure("content span, overlap F1", "content_overlap_f1", "Citron 0.833 (PARC 3.0 test)", 0.85),
        Measure("source span, overlap F1", "source_overlap_f1", "Citron 0.820 exact (PARC 3.0 test)", 0.85),
        Measure("content span, exact F1", "content_exact_f1", "-", None),
        Measure("source span, exact F1", "source_exact_f1", "Citron 0.820 (PARC 3.0 test)", None),
    ), remark=_polnear_remark),
    Benchmark("Time: TempEval-3 TimeBank + AQUAINT (256 documents)", "timeml", "benchmarks/tempeval3/dev", (
        Measure("detection, relaxed F1", "relaxed_f1", "HeidelTime 0.907 (TempEval-3)", 0.90),
        Measure("detection, strict F1", "strict_f1", "HeidelTime 0.818 (TempEval-3)", None),
        Measure("value accuracy (correctly detected)", "value_accuracy", "-", 0.85),
        Measure("value accuracy, exact strings (no W7 = W07, 199X = 199)", "value_accuracy_exact", "-", None),
        Measure("value F1", "value_f1", "HeidelTime 0.776 (TempEval-3)", None),
    )),
    Benchmark("Places: LGL (588 articles), gold toponyms", "geo", "benchmarks/geo/lgl.xml", (
        Measure("resolution within 161 km", "accuracy_161km", "Mordecai3 0.827 (LGL portion)", 0.85),
        Measure("resolution, exact GeoNames id", "accuracy_exact", "Mordecai3 0.794 (LGL portion)", None),
        Measure("toponym detection F1", "detection_f1", "-", None),
    )),
    Benchmark("Corridors: PeaceRep Ukraine 2022 (rows with an excerpt)", "corridors", "benchmarks/corridors/dev.csv", (
        Measure("origin and destination both right", "origin_destination_accuracy", "none published", 0.85),
        Measure("the same, a record's two ends only (no route sections)", "origin_destination_ends_accuracy",
                "none published", None),
        Measure("date right", "date_accuracy", "none published", 0.95),
        Measure("proposer right", "proposer_accuracy", "none published", None),
        Measure("status right", "status_accuracy", "none published", None),
    ), remark=_corridor_remark),
)

SEED_FLOORS = (("actors", 0.95), ("places", 0.95), ("quotes", 0.90), ("events", None), ("figures", None))


def run_eval(path: Path, fmt: str) -> dict:
    """``ceasefire eval PATH --format FMT --json`` in a fresh process; its JSON object."""
    cmd = [*CLI, "eval", str(path), "--format", fmt, "--json"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {done.returncode}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _verdict(value: float | None, target: float | None) -> str:
    if target is None or value is None:
        return ""
    return "met" if value >= target else "**not met**"


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else "-"


def benchmark_table(bench: Benchmark, scores: dict, seconds: float, data: Path) -> list[str]:
    extra = f", {scores['rows']} rows" if "rows" in scores else ""
    lines = [f"### {bench.name}", "",
             f"`ceasefire eval ../shared/{bench.data} --format {bench.fmt} --json` ({seconds:.0f} s{extra})", "",
             "| measure | published anchor | ours | target | |", "|---|---|---|---|---|"]
    for m in bench.measures:
        value = scores.get(m.key)
        lines.append(f"| {m.label} | {m.anchor} | **{_fmt(value)}** | "
                     f"{'≥ ' + format(m.target, '.2f') if m.target is not None else '-'} | {_verdict(value, m.target)} |")
    if bench.remark is not None:
        lines += ["", bench.remark(data)]
    return lines + [""]


def seeds_table(scores: dict, seconds: float) -> list[str]:
    lines = ["### Seed articles (issue 2 floors)", "",
             f"`ceasefire eval ../shared/gold/seeds --json` ({seconds:.0f} s, no publication date given)", "",
             "| record | P | R | F1 | floor | |", "|---|---|---|---|---|---|"]
    for key, floor in SEED_FLOORS:
        s = scores[key]
        lines.append(f"| {key} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | **{_fmt(s['f1'])}** | "
                     f"{'≥ ' + format(floor, '.2f') if floor is not None else '-'} | {_verdict(s['f1'], floor)} |")
    lines.append(f"| publication date accuracy | | | **{_fmt(scores.get('published_accuracy'))}** | | |")
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (../shared)")
    parser.add_argument("--only", choices=[b.fmt for b in BENCHMARKS] + ["seeds"],
                        help="run one benchmark and print its table; benchmarks/accuracy.md is not written")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "accuracy.md")
    args = parser.parse_args(argv)
    if not (args.shared / "benchmarks").is_dir():
        parser.error(f"{args.shared}/benchmarks not found: pass --shared with the folder that holds "
                     "benchmarks/ and gold/")

    body: list[str] = []
    unmet = 0
    for bench in BENCHMARKS:
        if args.only and args.only != bench.fmt:
            continue
        print(f"{bench.fmt} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        scores = run_eval(args.shared / bench.data, bench.fmt)
        body += benchmark_table(bench, scores, time.perf_counter() - t, args.shared / bench.data)
        unmet += sum(1 for m in bench.measures if m.target is not None and (scores.get(m.key) or 0) < m.target)
    if args.only in (None, "seeds"):
        print("seeds ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        scores = run_eval(args.shared / "gold" / "seeds", "records")
        body += seeds_table(scores, time.perf_counter() - t)
        unmet += sum(1 for key, floor in SEED_FLOORS if floor is not None and scores[key]["f1"] < floor)

    if args.only:
        print("\n".join(body))
        return 1 if unmet else 0
    header = ["# Accuracy against the field", "",
              f"Regenerated by `.venv/bin/python benchmarks/accuracy.py` on {date.today().isoformat()}. "
              "The published scores come from other data or other versions of these corpora "
              "(see `../shared/benchmarks/README.md`): reference points, not like-for-like comparisons. "
              "Targets are the acceptance floors of issue 4.", ""]
    args.output.write_text("\n".join(header + body), encoding="utf-8")
    print(f"wrote {args.output} ({unmet} target(s) not met)", file=sys.stderr)
    return 1 if unmet else 0


if __name__ == "__main__":
    sys.exit(main())
