"""Publication dates: given, from the dateline, or inferred from weekdays and anchors."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ceasefire.clean import clean_document, infer_published
from ceasefire.clean.datelines import Dateline

TODAY = date(2026, 11, 22)
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def seed_text(stem: str) -> str:
    path = SEEDS / f"{stem}.txt"
    return (path if path.exists() else EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("stem", "expected"), [
    ("000_1c9a86e49f4f39f5", date(2022, 4, 7)),  # "said Thursday" + just over six weeks after February 24
    ("001_2657d7bd166fc1ab", date(2022, 3, 10)),  # "Thursday (Mar 10)" + the February 24 invasion
])
def test_seeds_give_the_gold_dates(stem: str, expected: date) -> None:
    cleaned = clean_document(seed_text(stem))
    assert infer_published(cleaned.text, dateline=cleaned.dateline, today=TODAY) == (expected, "inferred")
    gold = SEEDS / f"{stem}.gold.json"
    if gold.exists():
        assert json.loads(gold.read_text(encoding="utf-8"))["published"] == expected.isoformat()


def test_without_anchor_events_the_most_recent_consistent_year_wins() -> None:
    cleaned = clean_document(seed_text("000_1c9a86e49f4f39f5"))
    # Every year has a Thursday 42..48 days after February 24; without knowing the
    # invasion's year, the newest one not after today is taken.
    assert infer_published(cleaned.text, today=TODAY, events=()) == (date(2026, 4, 9), "inferred")


def test_metadata_wins() -> None:
    text = "Russia and Ukraine on Thursday (Mar 10) failed to agree."
    assert infer_published(text, given="2022-03-11", today=TODAY) == (date(2022, 3, 11), "metadata")
    assert infer_published(text, given=date(2022, 3, 12), today=TODAY) == (date(2022, 3, 12), "metadata")


def test_unusable_given_date_is_ignored() -> None:
    text = "Russia and Ukraine on Thursday (Mar 10) failed to agree."
    assert infer_published(text, given="not a date", today=TODAY) == (date(2022, 3, 10), "inferred")


def test_weekday_and_date_in_another_conflict() -> None:
    text = ("JERUSALEM — Hamas militants crossed into southern Israel on Saturday (Oct 7), and Israel "
            "declared war on the group the same day.")
    assert infer_published(text, today=TODAY) == (date(2023, 10, 7), "inferred")


@pytest.mark.parametrize("phrase", ["on Thursday, March 10", "Thursday, 10 March", "Thursday March 10th"])
def test_weekday_date_forms(phrase: str) -> None:
    assert infer_published(f"The talks ended {phrase} without a deal.", today=TODAY) == (date(2022, 3, 10), "inferred")


def test_weekday_date_with_year_is_taken_as_written() -> None:
    text = "The ceasefire began on Sunday, January 19, 2025, after months of talks."
    assert infer_published(text, today=TODAY) == (date(2025, 1, 19), "inferred")


def test_a_future_year_is_never_chosen() -> None:
    # Thursday 10 March falls in 2022 and in 2033; today is 2026.
    assert infer_published("Talks on Thursday (Mar 10).", today=TODAY)[0] == date(2022, 3, 10)
    assert infer_published("Talks on Thursday (Mar 10).", today=date(2022, 3, 9))[0] == date(2016, 3, 10)


def test_anchor_event_excludes_years_before_it() -> None:
    # Saturday 15 April: 2017 and 2023; the Sudan war began on April 15, 2023 -> not before it.
    text = ("Fighting between the army and the RSF, which erupted on April 15, continued in Khartoum "
            "on Saturday (Apr 15).")
    assert infer_published(text, today=date(2026, 11, 22))[0] == date(2023, 4, 15)


def test_exact_day_distance_without_weekday() -> None:
    text = "Sudan's war began three days ago, on April 15, when fighting erupted in Khartoum."
    assert infer_published(text, today=TODAY) == (date(2023, 4, 18), "inferred")


def test_dateline_date() -> None:
    text = "GENEVA, March 3 (Reuters) - The United Nations said aid convoys reached the city."
    cleaned = clean_document(text)
    assert infer_published(cleaned.text, dateline=cleaned.dateline, today=TODAY) == (date(2026, 3, 3), "dateline")
    with_year = Dateline(text="GENEVA, March 3, 2022 (Reuters) -", place="GENEVA", country=None, agency="Reuters",
                         span=(0, 33), month=3, day=3, year=2022)
    assert infer_published(text, dateline=with_year, today=TODAY) == (date(2022, 3, 3), "dateline")


def test_dateline_year_respects_named_events() -> None:
    text = ("GENEVA, March 3 (Reuters) - Aid agencies said the fighting since Russia launched its invasion "
            "on February 24 had displaced a million people.")
    cleaned = clean_document(text)
    assert infer_published(cleaned.text, dateline=cleaned.dateline, today=date(2022, 3, 5)) == (date(2022, 3, 3), "dateline")


def test_nothing_gives_unknown() -> None:
    assert infer_published("Talks went on for a second day.", today=TODAY) == (None, "unknown")
    assert infer_published("", today=TODAY) == (None, "unknown")
    # A weekday alone, or a hedged distance without a weekday, fixes no day.
    assert infer_published("Officials met on Thursday.", today=TODAY) == (None, "unknown")
    assert infer_published("It began about six weeks ago, on February 24.", today=TODAY) == (None, "unknown")


def test_a_written_future_date_is_not_the_publication_date() -> None:
    text = "Talks are planned for Thursday, March 10, 2033, officials said."
    assert infer_published(text, today=TODAY) == (None, "unknown")
