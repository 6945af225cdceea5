"""Inputs that cannot be used become rejections that say why; folders read in order."""
from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.ingest import count_inputs, read_paths
from ceasefire.ingest.dates import normalise_published
from ceasefire.records import RawDocument, Rejection


def only(path: Path, **kwargs) -> Rejection:
    [out] = list(read_paths([path], **kwargs))
    assert isinstance(out, Rejection), out
    return out


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    rej = only(path)
    assert rej.reason == "empty file" and rej.stage == "read" and rej.source == str(path)


@pytest.mark.parametrize("name", ["a.txt", "a.html", "a.jsonl", "a.csv"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    rej = only(path)
    assert rej.reason.startswith("binary file") and rej.stage == "decode"


def test_mostly_non_text_without_nul_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 32)) * 20 + b"\xff\xfe\xfd" * 50)
    assert only(path).reason.startswith("binary file")


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Peace talks resumed.".encode("utf-16"))
    assert "UTF-16" in only(path).reason


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Talks in Genève ended.".encode("latin-1"))
    rej = only(path)
    assert rej.stage == "decode"
    assert rej.reason == "invalid UTF-8 at byte 12; re-encode the file as UTF-8"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    rej = only(path, max_bytes=100)
    assert rej.stage == "read" and "too large" in rej.reason and "100 bytes" in rej.reason
    assert isinstance(next(read_paths([path])), RawDocument)  # within the default 5 MB


def test_too_large_row_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "%s"}\n{"text": "short"}\n' % ("x" * 200), encoding="utf-8")
    out = list(read_paths([path], max_bytes=100))
    assert isinstance(out[0], Rejection) and "too large" in out[0].reason and out[0].source == f"{path}:1"
    assert isinstance(out[1], RawDocument)


def test_unknown_extension_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    rej = only(path)
    assert rej.stage == "read" and "unknown file type (.pdf)" in rej.reason
    for ext in (".txt", ".html", ".jsonl", ".csv", ".md", ".ndjson", ".htm", ".text"):
        assert ext in rej.reason


def test_missing_path(tmp_path: Path) -> None:
    assert "no such file" in only(tmp_path / "nope.txt").reason


def test_whitespace_only_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    assert "only whitespace" in only(path).reason


def test_folders_recurse_in_sorted_order_skipping_hidden_and_gold(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/2.txt", "b/1.txt", "a/z.txt", "c.txt", ".hidden/x.txt", ".dot.txt", "a/z.gold.json"):
        (tmp_path / rel).write_text(f"Article {rel}.", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    out = list(read_paths([tmp_path]))
    names = [Path(o.origin if isinstance(o, RawDocument) else o.source).relative_to(tmp_path).as_posix() for o in out]
    assert names == ["a/z.txt", "b/1.txt", "b/2.txt", "c.txt", "notes.xyz"]
    assert isinstance(out[-1], Rejection)
    assert count_inputs([tmp_path]) == 5
    assert count_inputs([tmp_path / "c.txt", tmp_path / "a"]) == 2


def test_a_gold_file_given_by_name_is_accounted_for(tmp_path: Path) -> None:
    path = tmp_path / "x.gold.json"
    path.write_text("{}", encoding="utf-8")
    assert "gold" in only(path).reason


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-03-10", "2022-03-10"),
    ("2022-03-10T23:30:00-05:00", "2022-03-10"),
    ("10 March 2022", "2022-03-10"),
    ("March 10, 2022", "2022-03-10"),
    ("Thu, 10 Mar 2022 14:05:00 GMT", "2022-03-10"),
    ("25/12/2022", "2022-12-25"),
    ("03/04/2022", None),  # March 4 or 3 April: not guessed
    ("March 10", None),  # no year
    ("2022", None),
    ("next Thursday", None),
    ("2022-02-30", None),
    ("", None),
    (None, None),
    (20220310, None),
])
def test_given_dates_are_normalised_or_ignored(value, expected) -> None:
    assert normalise_published(value) == expected
