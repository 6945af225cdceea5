"""Canonical actors held in memory by a run (resolve/actor_index.py) answer as the database would:
across articles of one run, after another writer tracked articles, and after a rollback."""
from __future__ import annotations

from ceasefire.records import Actor
from ceasefire.resolve import actors_xdoc as ax
from ceasefire.resolve.actor_index import ActorIndex, ActorRow
from ceasefire.store import Store
from ceasefire.store.tracking import track_article

HASSAN = {"name": "Ahmed Hassan", "kind": "person", "country": "SD"}
HASSAN_BARE = {"name": "Hassan", "kind": "person", "country": "SD", "mention": "Hassan"}
MILITIA = {"name": "Northern Defence Brigades", "kind": "armed_group", "country": "SD",
           "aliases": ["NDB"], "mention": "Northern Defence Brigades"}
MILITIA_SHORT = {"name": "NDB", "kind": "armed_group", "country": "SD", "mention": "NDB"}

FIRST = ("KHARTOUM - Ahmed Hassan, who leads the Northern Defence Brigades, said on Monday that his fighters would "
         "observe a local truce around the market town.")
SECOND = ("A spokesman for the NDB said on Wednesday that Hassan had ordered the brigades back to their barracks, "
          "two days after the truce was announced.")
THIRD = ("Hassan told reporters in Port Sudan on Friday that the NDB would join talks next month if the army "
         "withdrew its artillery from the town.")


def canonical(store: Store) -> list[tuple[int, str, int]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, name, articles FROM canonical_actors ORDER BY id")]


def test_one_run_links_later_mentions_to_the_actors_it_created(store, make, ingest):
    one = ingest(store, make(FIRST, "2024-05-06", actors=[HASSAN, MILITIA]))
    two = ingest(store, make(SECOND, "2024-05-08", actors=[MILITIA_SHORT, HASSAN_BARE]))
    assert two.actors["a1"] == one.actors["a2"]  # "NDB" is the brigades' alias
    assert two.actors["a2"] == one.actors["a1"]  # the bare surname joins the one Hassan
    assert [articles for _, _, articles in canonical(store)] == [2, 2]


def test_a_run_sees_the_actors_another_writer_tracked_meanwhile(store, db_url, make, ingest):
    ingest(store, make(FIRST, "2024-05-06", actors=[HASSAN, MILITIA]))
    with Store.open(db_url) as other:  # another process on the same database
        two = ingest(other, make(SECOND, "2024-05-08", actors=[MILITIA_SHORT, HASSAN_BARE]))
        created = ingest(other, make(THIRD, "2024-05-10", actors=[
            {"name": "Port Sudan Council", "kind": "organization", "country": "SD", "mention": "Port Sudan"}]))
    # The first store's run goes on: it must find what the other one wrote, not make it again.
    again = make(THIRD + " He said so twice.", "2024-05-11", actors=[
        HASSAN_BARE, {"name": "Port Sudan Council", "kind": "organization", "country": "SD", "mention": "Port Sudan"}])
    assert store.add_article(again)
    report = track_article(store, again)
    assert report.actors["a1"] == two.actors["a2"]
    assert report.actors["a2"] == created.actors["a1"]
    rows = canonical(store)
    assert len(rows) == 3 and dict((i, n) for i, _, n in rows)[two.actors["a2"]] == 3


def test_a_failed_article_leaves_no_actor_behind_in_memory(store, make, ingest, monkeypatch):
    from ceasefire.store import tracking

    def broken(*args, **kwargs):
        raise ValueError("unreadable event")

    monkeypatch.setattr(tracking, "_attach", broken)
    doomed = make(FIRST, "2024-05-06", actors=[HASSAN, MILITIA],
                  events=[{"type": "ceasefire", "evidence": "observe a local truce"}])
    assert store.add_article(doomed)
    assert track_article(store, doomed) is None  # kept as a rejection, rolled back
    monkeypatch.undo()
    assert canonical(store) == []
    report = ingest(store, make(SECOND, "2024-05-08", actors=[MILITIA_SHORT]))
    assert [cid for cid, _, _ in canonical(store)] == [report.actors["a1"]] == [1]  # numbered as if alone


def _row(i: int, name: str, kind: str = "person", country: str | None = "SD", kb_id: str | None = None) -> ActorRow:
    actor = Actor(id="x", name=name, kind=kind, country=country, kb_id=kb_id)
    return ActorRow(id=i, key=ax.key_for(actor), name=name, norm=name.lower(), kind=kind, country=country,
                    kb_id=kb_id, surname=ax.surname(name) if kind == "person" else None)


def test_index_lists_candidates_in_id_order_and_follows_changes():
    index = ActorIndex([_row(5, "Omar Hassan"), _row(2, "Ahmed Hassan"), _row(9, "Hassan", kb_id="per.hassan")],
                       names=[("ndb", 7), ("ndb", 3)])
    assert [c.id for c in index.with_surname("hassan")] == [2, 5, 9]
    assert [c.id for c in index.with_surname("hassan", without_kb=True)] == [2, 5]
    assert [c.id for c in index.people_of("SD")] == [2, 5, 9]
    index.add(_row(7, "Northern Defence Brigades", kind="armed_group"))
    index.add(_row(3, "NDB", kind="armed_group"))
    assert [c.id for c in index.with_names(["ndb", "unknown"])] == [3, 7]
    row = index.rows[5]
    index.change(row, country="ER", surname="hassan-omar", key="person:omar hassan-omar")
    assert [c.id for c in index.people_of("SD")] == [2, 9] and [c.id for c in index.people_of("ER")] == [5]
    assert [c.id for c in index.with_surname("hassan")] == [2, 9]
    assert index.by_key("person:omar hassan") is None and index.by_key("person:omar hassan-omar") == 5
    assert index.add_names(3, ["ndb", "brigades"]) == ["brigades"]
    assert index.max_id == 9


def test_merge_aliases_with_kept_norms_is_merge_aliases():
    actor = Actor(id="a1", name="Rapid Support Forces", kind="armed_group", aliases=["RSF", "the R.S.F.", "rsf"])
    aliases = ["R.S.F", "Rapid Support Forces"]
    kept = {ax.normalise(a) for a in aliases}
    assert ax.merge_aliases(aliases, actor, seen=kept) == ax.merge_aliases(aliases, actor)
    assert kept == {ax.normalise(a) for a in ax.merge_aliases(aliases, actor)}


def test_a_run_survives_tracking_rebuilt_by_another_process(store, db_url, make, ingest):
    from ceasefire.store.tracking import retrack

    one = make(FIRST, "2024-05-06", actors=[HASSAN, MILITIA])
    ingest(store, one)
    ingest(store, make(SECOND, "2024-05-08", actors=[MILITIA_SHORT, HASSAN_BARE]))
    with Store.open(db_url) as other:
        with other.engine.begin() as conn:  # forget the second article, then rebuild the tracking
            conn.exec_driver_sql(f"DELETE FROM articles WHERE id <> '{one.id}'")
        assert retrack(other) == 1
    third = make(THIRD, "2024-05-10", actors=[HASSAN_BARE, MILITIA_SHORT])
    assert store.add_article(third)
    report = track_article(store, third)  # not a clash with the rebuilt rows: they are read again
    assert report is not None and sorted(report.actors.values()) == [1, 2]
    assert [articles for _, _, articles in canonical(store)] == [2, 2]
