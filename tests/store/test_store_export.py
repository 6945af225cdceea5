from __future__ import annotations

import csv
import io
import json

import pytest

from ceasefire.export import CSV_COLUMNS, ExportError, export_articles
from ceasefire.records import to_dict


@pytest.fixture
def two_articles(store, make_article):
    first = make_article()
    second = make_article(text=first.text + " More later.")
    store.add_article(first)
    store.add_article(second)
    return [first, second]


def test_jsonl_lines_parse_back(store, two_articles):
    out = io.StringIO()
    assert export_articles(store, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [to_dict(a) for a in two_articles]


def test_csv_one_row_per_record(store, two_articles):
    out = io.StringIO()
    export_articles(store, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(csv.DictReader(io.StringIO(out.getvalue())).fieldnames) == CSV_COLUMNS
    per_article = sum(len(getattr(two_articles[0], k)) for k in ("actors", "places", "quotes", "events", "figures"))
    assert len(rows) == 2 * per_article
    quote = next(r for r in rows if r["record_type"] == "quote")
    text = two_articles[0].text
    assert text[int(quote["start"]):int(quote["end"])] == quote["name"] == "No progress was achieved,"
    assert quote["speaker"] == "a2"
    event = next(r for r in rows if r["record_type"] == "event")
    assert (event["type"], event["subtype"], event["date_start"], event["participants"]) == (
        "talks", "meeting", "2022-03-10", "a1:party;a2:party")
    figure = next(r for r in rows if r["record_type"] == "figure")
    assert (figure["type"], figure["value"], figure["qualifier"]) == ("refugees", "4000000", "more_than")


def test_empty_store_csv_has_header(store):
    out = io.StringIO()
    assert export_articles(store, "csv", out) == 0
    assert out.getvalue().strip().split(",") == list(CSV_COLUMNS)


def test_unknown_format_names_valid_ones(store):
    out = io.StringIO()
    with pytest.raises(ExportError, match="jsonl, csv"):
        export_articles(store, "parquet", out)
    assert out.getvalue() == ""
