"""The two seed articles together, then a rewritten copy of the Antalya one, through the real pipeline."""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ceasefire.export_tracking import export_any
from ceasefire.ingest import read_paths
from ceasefire.resolve.timeline import timeline
from ceasefire.runner import ingest
from ceasefire.store import Store

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seeds"
REWRITE = Path(__file__).resolve().parents[1] / "data" / "tracking_corpus" / "seed_antalya_rewrite.txt"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not available")


@pytest.fixture(scope="module")
def seeded(analyser, session_dbs) -> dict[str, Any]:
    db = session_dbs.new("seeds")
    out: dict[str, Any] = {"db": db}
    with Store.open(db) as store:
        out["summary"] = ingest(read_paths(sorted(SEEDS.glob("*.txt"))), store, analyser)
        out["before"] = timeline(store)
        out["rewrite"] = ingest(read_paths([REWRITE]), store, analyser)
        out["after"] = timeline(store)
        buf = io.StringIO()
        export_any(store, "places-geojson", buf)
        out["geojson"] = json.loads(buf.getvalue())
    return out


def _query(db: str, sql: str, **params: Any) -> list[tuple]:
    with Store.open(db) as store, store.engine.connect() as raw:
        return [tuple(r) for r in raw.execute(text(sql), params)]


@pytest.mark.parametrize("name", ["Sergei Lavrov", "Dmytro Kuleba"])
def test_one_canonical_actor_across_both_seeds(seeded, name):
    rows = _query(seeded["db"], "SELECT id FROM canonical_actors WHERE name = :name", name=name)
    assert len(rows) == 1
    linked = _query(seeded["db"], "SELECT count(DISTINCT article_id) FROM actor_links WHERE actor_id = :id",
                    id=rows[0][0])
    assert linked[0][0] == 3  # both seeds and the rewrite


def test_one_mariupol(seeded):
    features = [f for f in seeded["geojson"]["features"] if f["properties"]["name"] == "Mariupol"]
    assert len(features) == 1 and features[0]["properties"]["articles"] == 3


def test_antalya_and_moscow_talks_dated_on_the_timeline(seeded):
    talks = [e for e in seeded["before"] if e.type == "talks"]
    antalya = [e for e in talks if (e.place or {}).get("name") == "Antalya"]
    moscow = [e for e in talks if (e.place or {}).get("name") == "Moscow" and e.status == "occurred"]
    assert len(antalya) == 1 and len(moscow) == 1
    assert (antalya[0].date_start, antalya[0].date_end) == ("2022-03-10", "2022-03-10")
    # "earlier this week" in an article of Thursday 7 April 2022: 4-6 April.
    assert "2022-04-04" <= moscow[0].date_start <= moscow[0].date_end <= "2022-04-06"
    order = [e.id for e in seeded["before"]]
    assert order.index(antalya[0].id) < order.index(moscow[0].id)


def test_a_rewritten_copy_adds_a_source_to_the_story_and_its_events(seeded):
    assert seeded["rewrite"].added == 1
    before = {e.id: e for e in seeded["before"]}
    after = {e.id: e for e in seeded["after"]}
    assert set(after) == set(before)  # no new tracked event
    antalya = next(e for e in after.values() if e.type == "talks" and (e.place or {}).get("name") == "Antalya")
    assert (antalya.sources_count, antalya.stories_count) == (before[antalya.id].sources_count + 1,
                                                              before[antalya.id].stories_count)
    stories = _query(seeded["db"], "SELECT story_id, count(*) FROM story_members GROUP BY story_id ORDER BY 2")
    assert [n for _, n in stories] == [1, 2]
