"""Readers: files and folders in, ``RawDocument`` or ``Rejection`` out.

One reader per format, chosen by extension. Bad input is a value: every file
given (or found in a folder) yields at least one document or rejection.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..records import RawDocument, Rejection
from .csv import read_csv
from .decode import DEFAULT_MAX_BYTES
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

__all__ = ["DEFAULT_MAX_BYTES", "READERS", "accepted_extensions", "count_inputs", "read_paths"]

Reader = Callable[[Path, int], Iterator[RawDocument | Rejection]]

READERS: dict[str, Reader] = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".html": read_html, ".htm": read_html,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".warc": read_warc, ".warc.gz": read_warc,
}
GOLD_SUFFIX = ".gold.json"  # annotations that sit next to the articles they describe


def accepted_extensions() -> list[str]:
    return sorted(READERS)


def _skipped_in_folder(path: Path) -> bool:
    # Hidden files (.git, .DS_Store, editor swap files) and gold annotations are
    # not articles; inside a folder they are skipped without a word.
    return path.name.startswith(".") or path.name.lower().endswith(GOLD_SUFFIX)


def _walk(paths: Iterable[Path]) -> Iterator[Path]:
    """Every input file in order: given files as given, folders recursed sorted by name."""
    seen_dirs: set[Path] = set()

    def folder(directory: Path) -> Iterator[Path]:
        try:
            real = directory.resolve()
        except OSError:
            real = directory
        if real in seen_dirs:  # a symlink loop or the same folder given twice
            return
        seen_dirs.add(real)
        try:
            entries = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError:
            yield directory  # read_paths turns it into a rejection
            return
        for entry in entries:
            if _skipped_in_folder(entry):
                continue
            if entry.is_dir():
                yield from folder(entry)
            else:
                yield entry

    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from folder(path)
        else:
            yield path


def count_inputs(paths: Iterable[Path]) -> int:
    """How many files ``read_paths`` will open (a JSONL or CSV file counts once)."""
    return sum(1 for _ in _walk(paths))


def read_paths(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | Rejection]:
    """Documents and rejections for the given files and folders, in a stable order."""
    for path in _walk(paths):
        origin = str(path)
        if path.is_dir():
            yield Rejection(origin, "read", "cannot list the folder")
            continue
        if not path.exists():
            yield Rejection(origin, "read", "no such file or folder")
            continue
        if path.name.lower().endswith(GOLD_SUFFIX):
            yield Rejection(origin, "read", "a gold annotation file, not an article")
            continue
        reader = READERS.get("".join(path.suffixes[-2:]).lower()) or READERS.get(path.suffix.lower())
        if reader is None:
            shown = path.suffix or "no extension"
            yield Rejection(origin, "read", f"unknown file type ({shown}); accepted extensions: "
                                            f"{', '.join(accepted_extensions())}")
            continue
        yield from reader(path, max_bytes)
