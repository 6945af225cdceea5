"""Assemble a news-like benchmark corpus as JSONL from the local benchmark data.

Sources (all under ``shared/``, read-only, nothing fetched):

- ``gold/seeds/*.txt``                 conflict-diplomacy articles with gold records
- ``benchmarks/corridors/dev.csv``     humanitarian-corridor news excerpts (Ukraine 2022)
- ``benchmarks/polnear/dev/text``      US election news (2016)
- ``benchmarks/tempeval3/dev``         TimeBank/AQUAINT newswire (1990s)
- ``benchmarks/geo/lgl.xml``           local US news (2009)

Kinds:

- ``news``  every article once (about 1,020); ``--size`` larger than that adds
            variants: an article followed by the first paragraph of another, so
            each text (and so each content hash) is new.
- ``mixed`` one article in ten about conflict diplomacy (seeds and corridor
            excerpts) and nine from the other sources, interleaved.

Each line: ``{"text", "title", "url", "published", "group", "relevant"}``;
``relevant`` is true for the seeds and corridor excerpts (the articles the
relevance filter must keep). The readers ignore the two extra fields.

    python benchmarks/corpus/make_corpus.py --kind news -o /tmp/news.jsonl
    python benchmarks/corpus/make_corpus.py --kind news --size 10000 -o /tmp/news10k.jsonl
    python benchmarks/corpus/make_corpus.py --kind mixed -o /tmp/mixed.jsonl
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
RELEVANT_GROUPS = ("seed", "corridor")


@dataclass
class Item:
    text: str
    group: str
    title: str | None = None
    url: str | None = None
    published: str | None = None

    @property
    def relevant(self) -> bool:
        return self.group in RELEVANT_GROUPS


def seeds(shared: Path) -> Iterator[Item]:
    for path in sorted((shared / "gold" / "seeds").glob("*.txt")):
        yield Item(path.read_text(encoding="utf-8"), "seed")


_SEE_SOURCE = re.compile(r"(?:see source:\s*)?https?://\S+", re.I)
MIN_EXCERPT_WORDS = 20  # rows holding only a link or a street list are not articles


def corridors(shared: Path) -> Iterator[Item]:
    seen: set[str] = set()
    with (shared / "benchmarks" / "corridors" / "dev.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            # Excerpts from several reports are joined with ";;;": one paragraph each, links dropped.
            parts = [_SEE_SOURCE.sub("", p) for p in re.split(r";{3,}|:::", row["text"])]
            parts = [re.sub(r"^\s*Status: [^;]*;", "", p) for p in parts]
            parts = [" ".join(p.split()) for p in parts]
            text = "\n\n".join(p for p in parts if len(p.split()) >= 3)
            if len(text.split()) < MIN_EXCERPT_WORDS or text in seen:
                continue
            seen.add(text)
            yield Item(text, "corridor", url=row.get("Link") or None, published=row.get("date") or None)


def polnear(shared: Path) -> Iterator[Item]:
    base = shared / "benchmarks" / "polnear"
    meta: dict[str, dict[str, str]] = {}
    with (base / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    for path in sorted((base / "dev" / "text").glob("*.txt")):
        row = meta.get(path.stem, {})
        yield Item(path.read_text(encoding="utf-8"), "polnear", title=row.get("title"),
                   published=row.get("publication_date"))


_TAG = re.compile(r"<[^>]+>")


def tempeval(shared: Path) -> Iterator[Item]:
    for path in sorted((shared / "benchmarks" / "tempeval3" / "dev").rglob("*.tml")):
        raw = path.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
        if not body:
            continue
        text = html.unescape(_TAG.sub("", body[1])).strip()
        text = re.sub(r"\n\s*\n+", "\n\n", text)
        dct = re.search(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})', raw)
        title = re.search(r"<TITLE>(.*?)</TITLE>", raw, re.S)
        yield Item(text, "tempeval", title=title[1].strip() if title else None, published=dct[1] if dct else None)


def lgl(shared: Path) -> Iterator[Item]:
    raw = (shared / "benchmarks" / "geo" / "lgl.xml").read_text(encoding="utf-8")
    for art in re.finditer(r"<article [^>]*>(.*?)</article>", raw, re.S):
        body = art[1]
        text = re.search(r"<text><!\[CDATA\[(.*?)\]\]></text>", body, re.S)
        if not text or not text[1].strip():
            continue
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        url = re.search(r"<url>(.*?)</url>", body, re.S)
        when = re.search(r"<dltime>(\d{4}-\d{2}-\d{2})", body)
        yield Item(text[1].strip(), "lgl", title=html.unescape(title[1]) if title else None,
                   url=html.unescape(url[1]) if url else None, published=when[1] if when else None)


def base_items(shared: Path) -> tuple[list[Item], list[Item]]:
    """(relevant, other) articles, each in a stable order."""
    relevant = [*seeds(shared), *corridors(shared)]
    other = [*polnear(shared), *tempeval(shared), *lgl(shared)]
    # Interleave the other sources so any prefix of the corpus is a mix of them.
    by_group: dict[str, list[Item]] = {}
    for item in other:
        by_group.setdefault(item.group, []).append(item)
    mixed: list[Item] = []
    iters = [iter(v) for v in by_group.values()]
    while iters:
        for it in list(iters):
            nxt = next(it, None)
            if nxt is None:
                iters.remove(it)
            else:
                mixed.append(nxt)
    return relevant, mixed


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].strip()


def variants(items: list[Item], size: int) -> Iterator[Item]:
    """``size`` items: the list once, then each article followed by another's first paragraph."""
    for i, item in enumerate(items[:size]):
        yield item
    n = len(items)
    k = 0
    while n and k < size - n:
        item = items[k % n]
        other = items[(k * 7 + 1 + k // n) % n]
        tail = _first_paragraph(other.text)
        yield Item(f"{item.text.rstrip()}\n\n{tail}", item.group, item.title, item.url, item.published)
        k += 1


def build(kind: str, size: int | None, shared: Path) -> Iterator[Item]:
    relevant, other = base_items(shared)
    if kind == "news":
        # Spread the relevant articles through the corpus rather than in front.
        step = max(1, (len(relevant) + len(other)) // max(1, len(relevant)))
        ordered = other[:]
        for j, item in enumerate(relevant):
            ordered.insert(min(len(ordered), j * step), item)
        yield from variants(ordered, size or len(ordered))
        return
    if kind == "mixed":
        total = size or 1000
        n_rel = max(1, total // 10)
        rel = list(variants(relevant, n_rel))
        oth = list(variants(other, total - n_rel))
        others = iter(oth)
        for item in rel:
            yield item
            for _ in range(9):
                nxt = next(others, None)
                if nxt is not None:
                    yield nxt
        yield from others
        return
    raise SystemExit(f"unknown kind {kind!r}: choose news or mixed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("news", "mixed"), default="news")
    parser.add_argument("--size", type=int, default=None, help="number of articles (default: each base article once)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared/ folder with gold/ and benchmarks/")
    args = parser.parse_args(argv)
    n = rel = words = 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for item in build(args.kind, args.size, args.shared):
            row = asdict(item)
            row["relevant"] = item.relevant
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
            rel += item.relevant
            words += len(item.text.split())
    print(f"{args.output}: {n} articles ({rel} about conflict diplomacy), {words} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
