"""Cleaning and dating never fail on arbitrary text."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.clean import clean_document, infer_published

WORDS = ["Leave a Reply", "Share this:", "Thursday", "(Mar 10)", "March", "31", "February 29", "six weeks ago,",
         "on", "just over", "KYIV, Ukraine (AP) –", "Russia launched its offensive", "\n", "\n\n", " ", ".",
         "Related", "Twitter", "2022", "Putin", "Feb. 24", "three days ago"]
texts = st.one_of(st.text(max_size=400), st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join))


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_clean_and_date_any_text(text: str) -> None:
    cleaned = clean_document(text)
    assert "\r" not in cleaned.text and cleaned.text == cleaned.text.strip()
    if cleaned.dateline is not None:
        start, end = cleaned.dateline.span
        assert cleaned.text[start:end] == cleaned.dateline.text
    published, basis = infer_published(cleaned.text, dateline=cleaned.dateline, today=date(2026, 11, 22))
    assert basis in ("dateline", "inferred", "unknown")
    assert (published is None) == (basis == "unknown")
    assert published is None or published <= date(2026, 11, 22)
