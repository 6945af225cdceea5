"""Shared fixtures: the spaCy model and resources are loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "gold" / "seeds"


@pytest.fixture(scope="session")
def resources():
    from ceasefire.analyse.resources import Resources
    return Resources.load()


@pytest.fixture(scope="session")
def analyser(resources):
    from datetime import date

    from ceasefire.analyse.pipeline import Analyser
    # A fixed "today" so that inferred dates do not move with the calendar.
    return Analyser(resources, today=date(2026, 11, 22))


@pytest.fixture(scope="session")
def analyse_text(analyser):
    from ceasefire.records import RawDocument, Source

    def run(text: str, published: str | None = "2024-05-02"):
        return analyser.analyse(RawDocument(text=text, source=Source(), published=published))
    return run
