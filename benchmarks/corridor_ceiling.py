"""How many corridor rows a fair extractor could get right: the rows whose two
coded endpoints both appear in the row's own excerpts.

The PeaceRep coders wrote each corridor's origin and destination from the
whole source article and their knowledge of the war; the benchmark gives only
excerpts. A row whose destination ("Zaporizhzhya", "Belgorod") is nowhere in
its excerpts cannot be got right from them without guessing, so this share is
the ceiling of ``origin_destination_accuracy``. A name counts as present when
it (as written by the coder or as geocoded), accents and case aside, occurs in
the excerpts, allowing a changed ending of up to three letters (Zaporizhzhia /
Zaporizhzhya, Berdyansk / Berdiansk): a generous reading, so the ceiling is if
anything too high.

    .venv/bin/python benchmarks/corridor_ceiling.py            # the ceiling
    .venv/bin/python benchmarks/corridor_ceiling.py --wrong    # and the rows we get wrong, with the absent ends
"""
from __future__ import annotations

import argparse
import unicodedata
from datetime import date
from pathlib import Path

from ceasefire.evaluate import bench_corridors as corridors

SHARED = Path(__file__).resolve().parents[2] / "shared"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def present(names: tuple[str, ...], text: str) -> bool:
    folded = fold(text)
    return any(fold(n)[:max(5, len(n) - 3)] in folded for n in names if n)


def endpoints_present(row: corridors.CorridorRow) -> tuple[bool, bool]:
    """(origin, destination): does each coded end appear in the row's excerpts."""
    text = " ".join(row.excerpts)
    return (present((*row.origin_names, row.origin_written), text),
            present((*row.destination_names, row.destination_written), text))


def ceiling(path: Path) -> tuple[int, int]:
    """(rows whose two ends both appear in their excerpts, rows with an excerpt)."""
    rows = [r for r in corridors.read_rows(path) if r.excerpts]
    return sum(1 for r in rows if all(endpoints_present(r))), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv", type=Path, nargs="?", default=SHARED / "benchmarks" / "corridors" / "dev.csv")
    parser.add_argument("--wrong", action="store_true", help="also run the extractor and list the rows it gets wrong")
    args = parser.parse_args()
    rows = [r for r in corridors.read_rows(args.csv) if r.excerpts]
    ends = {r.id: endpoints_present(r) for r in rows}
    both = sum(1 for o, d in ends.values() if o and d)
    print(f"{len(rows)} rows with an excerpt; both coded endpoints appear in the excerpts of {both}: "
          f"ceiling {both / len(rows):.3f}")
    if not args.wrong:
        return
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.analyse.resources import Resources

    result = corridors.evaluate(args.csv, Analyser(Resources.load(), today=date.today()))
    wrong = [row for row in result["per_row"] if not row["origin_destination"]]
    by_id = {r.id: r for r in rows}
    for row in wrong:
        r, (o, d) = by_id[row["id"]], ends[row["id"]]
        print(f"  HC {r.id:>4}: {r.origin_written} ({'in' if o else 'NOT in'} the excerpts) -> "
              f"{r.destination_written} ({'in' if d else 'NOT in'}), {row['corridors_found']} corridors found")
    fair = sum(1 for row in wrong if all(ends[row["id"]]))
    print(f"ours {result['origin_destination_accuracy']:.3f}: {len(wrong)} rows wrong, "
          f"{len(wrong) - fair} of them with an endpoint absent from the excerpts")


if __name__ == "__main__":
    main()
