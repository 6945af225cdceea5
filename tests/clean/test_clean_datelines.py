"""Datelines at the start of a story are reported, and stay in the text."""
from __future__ import annotations

import pytest

from ceasefire.clean import clean_document, find_dateline


@pytest.mark.parametrize(("text", "place", "country", "agency", "month_day", "dateline"), [
    ("KYIV, Ukraine (AP) – The UN humanitarian chief said", "KYIV", "Ukraine", "AP", None, "KYIV, Ukraine (AP) –"),
    ("MOSCOW (Reuters) - Russia said on Monday", "MOSCOW", None, "Reuters", None, "MOSCOW (Reuters) -"),
    ("GENEVA, March 3 (Reuters) - The United Nations", "GENEVA", None, "Reuters", (3, 3), "GENEVA, March 3 (Reuters) -"),
    ("ANTALYA, Turkey — Russia and Ukraine", "ANTALYA", "Turkey", None, None, "ANTALYA, Turkey —"),
    ("Kyiv (AFP) - Ukraine said", "Kyiv", None, "AFP", None, "Kyiv (AFP) -"),
    ("UNITED NATIONS (AP) —The Security Council", "UNITED NATIONS", None, "AP", None, "UNITED NATIONS (AP) —"),
    ("KHARTOUM, 15 April (Reuters) - Fighting", "KHARTOUM", None, "Reuters", (4, 15), "KHARTOUM, 15 April (Reuters) -"),
    ("WASHINGTON: The US said", "WASHINGTON", None, None, None, "WASHINGTON:"),
])
def test_dateline_forms(text, place, country, agency, month_day, dateline) -> None:
    found = find_dateline(text)
    assert found is not None
    assert (found.text, found.place, found.country, found.agency) == (dateline, place, country, agency)
    assert text[found.span[0]:found.span[1]] == dateline
    assert ((found.month, found.day) if found.month else None) == month_day


@pytest.mark.parametrize("text", [
    "Russia and Ukraine on Thursday (Mar 10) failed to find a breakthrough.",
    "UN Secretary-General Antonio Guterres has sent Griffiths to Moscow.",
    "US-backed forces advanced - officials said.",
    "BREAKING: talks collapse in Antalya.",
    "",
])
def test_no_dateline(text) -> None:
    assert find_dateline(text) is None


def test_dateline_after_a_headline_is_found_and_kept_in_the_text() -> None:
    text = "Talks fail in Turkey\n\nANTALYA, Turkey, March 10, 2022 (AP) — Russia and Ukraine failed."
    cleaned = clean_document(text)
    assert cleaned.text == text
    line = cleaned.dateline
    assert line is not None and line.text == "ANTALYA, Turkey, March 10, 2022 (AP) —"
    assert cleaned.text[line.span[0]:line.span[1]] == line.text
    assert (line.year, line.month, line.day) == (2022, 3, 10)
