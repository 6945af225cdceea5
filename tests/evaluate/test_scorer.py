"""The scorer against hand-made gold and predictions, with exact counts."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from ceasefire.errors import GoldError
from ceasefire.evaluate.gold import gold_path_for, load_gold, normalise_name
from ceasefire.evaluate.scorer import (
    Counts,
    Scores,
    evaluate_directory,
    render_table,
    score_article,
    score_articles,
)
from ceasefire.records import (
    Actor,
    Article,
    DateRange,
    Event,
    Figure,
    Participant,
    Place,
    Quote,
    Source,
)

SHARED = Path(__file__).parents[2].parent / "shared"


def write_gold(folder: Path, data: dict[str, Any], stem: str = "doc") -> Path:
    path = folder / f"{stem}.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def gold(folder: Path, text: str, **fields: Any):
    data = {"published": fields.pop("published", "2022-03-10"), **fields}
    return load_gold(write_gold(folder, data), text)


def article(text: str, **fields: Any) -> Article:
    return Article(id="x", source=Source(), published=fields.pop("published", "2022-03-10"),
                   published_basis="unknown", text=text, **fields)


def span(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return (start, start + len(sub))


def quote(speaker: str | None, s: tuple[int, int], text: str) -> Quote:
    return Quote(speaker=speaker, speaker_text=None, text=text[s[0]:s[1]], span=s, kind="direct")


def prf(c: Counts) -> tuple[float, float, float]:
    return (round(c.precision, 4), round(c.recall, 4), round(c.f1, 4))


# -- actors and places ---------------------------------------------------------

def test_normalise_name_ignores_case_accents_punctuation() -> None:
    assert normalise_name("Mevlüt  Çavuşoğlu") == "mevlut cavusoglu"
    assert normalise_name("U.N.") == "un"
    assert normalise_name("Al-Shabaab") == "al shabaab"
    assert normalise_name("France’s") == "frances"


def test_actor_name_alias_accent_punctuation_and_kind(tmp_path: Path) -> None:
    g = gold(tmp_path, "t", actors=[
        {"id": "a1", "name": "Mevlut Cavusoglu", "kind": "person", "aliases": ["Cavusoglu"]},
        {"id": "a2", "name": "United Nations", "kind": "organization", "aliases": ["UN"]},
        {"id": "a3", "name": "Russia", "kind": "state"},
        {"id": "a4", "name": "Volodymyr Zelenskyy", "kind": "person", "aliases": []},
        {"id": "a5", "name": "Kyiv", "kind": "state", "aliases": ["Ukraine"]},
    ])
    p = article("t", actors=[
        Actor(id="x1", name="Mevlüt Çavuşoğlu", kind="person"),   # accents
        Actor(id="x2", name="U.N.", kind="organization"),         # punctuation, alias
        Actor(id="x3", name="RUSSIA", kind="armed_group"),        # kind mismatch
        Actor(id="x4", name="Zelensky", kind="person"),           # not an alias
        Actor(id="x5", name="ukraine", kind="state"),             # alias, case
    ])
    c = score_article(g, p).actors
    assert (c.tp, c.fp, c.fn) == (3, 2, 2)
    assert prf(c) == (0.6, 0.6, 0.6)


def test_actor_matching_is_one_to_one(tmp_path: Path) -> None:
    g = gold(tmp_path, "t", actors=[{"id": "a1", "name": "Russia", "kind": "state"}])
    p = article("t", actors=[Actor(id="x1", name="Russia", kind="state"),
                             Actor(id="x2", name="Russia", kind="state")])
    c = score_article(g, p).actors
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_optional_items_present_and_absent(tmp_path: Path) -> None:
    g = gold(tmp_path, "t", actors=[
        {"id": "a1", "name": "Russia", "kind": "state"},
        {"id": "a2", "name": "Associated Press", "kind": "organization", "optional": True},
        {"id": "a3", "name": "Belarus", "kind": "state", "optional": True},
    ], places=[
        {"id": "p1", "name": "Antalya", "kind": "city"},
        {"id": "p2", "name": "Europe", "kind": "region", "optional": True},
    ])
    p = article("t", actors=[Actor(id="x1", name="Russia", kind="state"),
                             Actor(id="x2", name="AP", kind="organization"),  # not an alias here: fp
                             Actor(id="x3", name="Associated Press", kind="organization")],
                places=[Place(id="y1", name="Europe", kind="region")])
    s = score_article(g, p)
    assert (s.actors.tp, s.actors.fp, s.actors.fn) == (1, 1, 0)
    assert prf(s.actors) == (0.5, 1.0, 0.6667)
    assert (s.places.tp, s.places.fp, s.places.fn) == (0, 0, 1)  # optional Europe: neither


def test_matching_prefers_an_assignment_that_excuses_a_prediction(tmp_path: Path) -> None:
    # "Kyiv" could take the required gold item, but then "Ukraine" would be a
    # false positive; the maximal matching gives Kyiv the optional item.
    g = gold(tmp_path, "t", actors=[
        {"id": "a1", "name": "Ukraine", "kind": "state", "aliases": ["Kyiv"]},
        {"id": "a2", "name": "Kyiv", "kind": "state", "optional": True},
    ])
    p = article("t", actors=[Actor(id="x1", name="Kyiv", kind="state"),
                             Actor(id="x2", name="Ukraine", kind="state")])
    c = score_article(g, p).actors
    assert (c.tp, c.fp, c.fn) == (1, 0, 0)


def test_places_need_same_kind_and_name_or_alias(tmp_path: Path) -> None:
    g = gold(tmp_path, "t", places=[{"id": "p1", "name": "Kyiv", "kind": "city", "aliases": ["Kiev"]},
                                    {"id": "p2", "name": "Mariupol", "kind": "city"}])
    p = article("t", places=[Place(id="y1", name="KIEV", kind="city"),
                             Place(id="y2", name="Mariupol", kind="town")])
    c = score_article(g, p).places
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)


# -- quotes --------------------------------------------------------------------

QTEXT = "He said: alpha bravo charlie echo. Noise noise noise noise noise noise."
GOLD_Q = "alpha bravo charlie echo"  # 24 characters
ACTORS = [{"id": "a1", "name": "Sergei Lavrov", "kind": "person", "aliases": ["Lavrov"]},
          {"id": "a2", "name": "Dmytro Kuleba", "kind": "person"}]
PRED_ACTORS = [Actor(id="x1", name="Lavrov", kind="person"), Actor(id="x2", name="Dmytro Kuleba", kind="person")]


def quote_gold(tmp_path: Path, **extra: Any):
    return gold(tmp_path, QTEXT, actors=ACTORS,
                quotes=[{"speaker": "a1", "text": GOLD_Q, "kind": "direct", **extra}])


def test_quote_covering_exactly_half_of_gold_is_found(tmp_path: Path) -> None:
    g = quote_gold(tmp_path)
    s0 = QTEXT.index(GOLD_Q)
    half = (s0, s0 + 12)
    s = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote("x1", half, QTEXT)]))
    c = s.quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (1, 0, 0, 1)
    assert prf(c) == (1.0, 1.0, 1.0)
    less = (s0, s0 + 11)
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote("x1", less, QTEXT)])).quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (0, 0, 1, 1)  # correct prediction, gold not found
    assert prf(c) == (1.0, 0.0, 0.0)


def test_predicted_quote_half_inside_gold_is_correct(tmp_path: Path) -> None:
    g = quote_gold(tmp_path)
    s0 = QTEXT.index(GOLD_Q)
    inside_half = (s0 + 14, s0 + 34)  # 20 chars, 10 inside the gold quote
    outside_more = (s0 + 15, s0 + 35)  # 20 chars, 9 inside
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[
        quote("x1", inside_half, QTEXT), quote("x1", outside_more, QTEXT)])).quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (0, 1, 1, 1)
    assert prf(c) == (0.5, 0.0, 0.0)


def test_wrong_speaker_counts_in_quotes_not_ignoring_speaker(tmp_path: Path) -> None:
    g = quote_gold(tmp_path)
    full = span(QTEXT, GOLD_Q)
    s = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote("x2", full, QTEXT)]))
    assert (s.quotes.tp, s.quotes.fp, s.quotes.fn, s.quotes.tp_predicted) == (0, 1, 1, 0)
    assert prf(s.quotes) == (0.0, 0.0, 0.0)
    q = s.quotes_ignoring_speaker
    assert (q.tp, q.fp, q.fn, q.tp_predicted) == (1, 0, 0, 1)
    assert prf(q) == (1.0, 1.0, 1.0)
    # a null predicted speaker does not match a named gold speaker either
    s = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote(None, full, QTEXT)]))
    assert (s.quotes.tp, s.quotes.fp) == (0, 1)


def test_null_gold_speaker_matches_null_predicted_speaker(tmp_path: Path) -> None:
    g = gold(tmp_path, QTEXT, actors=ACTORS, quotes=[{"speaker": None, "text": GOLD_Q}])
    full = span(QTEXT, GOLD_Q)
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote(None, full, QTEXT)])).quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (1, 0, 0, 1)
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote("x1", full, QTEXT)])).quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (0, 1, 1, 0)


def test_optional_quote_neither_missed_nor_wrong(tmp_path: Path) -> None:
    g = quote_gold(tmp_path, optional=True)
    full = span(QTEXT, GOLD_Q)
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS, quotes=[quote("x1", full, QTEXT)])).quotes
    assert (c.tp, c.fp, c.fn, c.tp_predicted) == (0, 0, 0, 0)
    c = score_article(g, article(QTEXT, actors=PRED_ACTORS)).quotes
    assert (c.tp, c.fp, c.fn) == (0, 0, 0)
    assert prf(c) == (1.0, 1.0, 1.0)


def test_repeated_substrings_are_located_sequentially(tmp_path: Path) -> None:
    text = "He said: I agree. Later he said: I agree. Then: I agree."
    g = gold(tmp_path, text, actors=ACTORS, quotes=[
        {"speaker": "a1", "text": "I agree."}, {"speaker": "a1", "text": "I agree."},
        {"speaker": "a1", "text": "He said"},  # before the cursor: found from the start
    ], events=[
        {"type": "talks", "status": "occurred", "evidence": ["I agree.", "I agree."]},
        {"type": "talks", "status": "occurred", "evidence": "I agree."},
    ])
    assert [q.span for q in g.quotes] == [(9, 17), (33, 41), (0, 7)]
    assert [e.evidence for e in g.events] == [[(9, 17), (33, 41)], [(48, 56)]]
    # the two gold quotes are two units: one prediction finds only one of them
    c = score_article(g, article(text, actors=PRED_ACTORS, quotes=[quote("x1", (33, 41), text)])).quotes
    assert (c.tp, c.fn, c.tp_predicted, c.fp) == (1, 2, 1, 0)


# -- events --------------------------------------------------------------------

ETEXT = "Lavrov and Kuleba met in Antalya. Erdogan hosted them."
E_ACTORS = ACTORS + [{"id": "a3", "name": "Recep Tayyip Erdogan", "kind": "person", "aliases": ["Erdogan"]},
                     {"id": "a4", "name": "Turkey", "kind": "state"}]
E_PRED_ACTORS = PRED_ACTORS + [Actor(id="x3", name="Erdogan", kind="person"),
                               Actor(id="x4", name="Turkey", kind="state")]
E_PLACES = [{"id": "p1", "name": "Antalya", "kind": "city"}]


def event_gold(tmp_path: Path, *events: dict[str, Any]):
    return gold(tmp_path, ETEXT, actors=E_ACTORS, places=E_PLACES, events=list(events))


def ev(participants: list[tuple[str, str]], **kw: Any) -> Event:
    kw.setdefault("type", "talks")
    kw.setdefault("subtype", "meeting")
    kw.setdefault("status", "occurred")
    return Event(participants=[Participant(actor=a, role=r) for a, r in participants], **kw)


def parts(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"actor": a, "role": r} for a, r in pairs]


def test_events_best_pair_first(tmp_path: Path) -> None:
    # P1 matches G2 (1 of 2 participants) and G1 (2 of 2); P2 matches only G2.
    # Taking P1-G2 because G2 comes first would lose P2; best first does not.
    g = event_gold(tmp_path,
                   {"type": "talks", "subtype": "phone_call", "status": "occurred",
                    "participants": parts(("a1", "party"), ("a3", "party"))},
                   {"type": "talks", "subtype": "meeting", "status": "occurred",
                    "participants": parts(("a1", "party"), ("a2", "party"))})
    p = article(ETEXT, actors=E_PRED_ACTORS, events=[
        ev([("x1", "party"), ("x2", "party")], subtype="meeting"),
        ev([("x3", "party")], subtype="phone_call")])
    s = score_article(g, p)
    assert (s.events.tp, s.events.fp, s.events.fn) == (2, 0, 0)
    assert s.event_attribute_accuracy["subtype"] == 1.0


def test_event_dates_must_overlap_where_gold_has_one(tmp_path: Path) -> None:
    g = event_gold(tmp_path, {"type": "talks", "status": "occurred",
                              "date": {"start": "2022-03-10", "end": "2022-03-12"}})
    for date, matches in [(DateRange("2022-03-12", "2022-03-15"), True),
                          (DateRange("2022-03", "2022-03"), True),
                          (DateRange("2022-03-13", "2022-03-13"), False),
                          (DateRange("2022-03-01", "2022-03-09"), False),
                          (None, False)]:
        c = score_article(g, article(ETEXT, events=[ev([], date=date)])).events
        assert (c.tp, c.fp, c.fn) == ((1, 0, 0) if matches else (0, 1, 1)), date
    g = event_gold(tmp_path, {"type": "talks", "status": "occurred"})  # no gold date: any date
    c = score_article(g, article(ETEXT, events=[ev([], date=DateRange("2021-01-01", "2021-01-01"))])).events
    assert (c.tp, c.fp, c.fn) == (1, 0, 0)


def test_event_place_must_match_where_gold_has_one(tmp_path: Path) -> None:
    g = event_gold(tmp_path, {"type": "talks", "status": "occurred", "place": "p1"})
    places = [Place(id="y1", name="antalya", kind="city"), Place(id="y2", name="Ankara", kind="city")]
    for place, matches in [("y1", True), ("y2", False), (None, False), ("missing", False)]:
        c = score_article(g, article(ETEXT, places=places, events=[ev([], place=place)])).events
        assert (c.tp, c.fp, c.fn) == ((1, 0, 0) if matches else (0, 1, 1)), place


def test_event_type_must_be_equal(tmp_path: Path) -> None:
    g = event_gold(tmp_path, {"type": "talks", "status": "occurred"})
    c = score_article(g, article(ETEXT, events=[ev([], type="ceasefire")])).events
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)


def test_event_participant_threshold_exactly_half_passes(tmp_path: Path) -> None:
    g = event_gold(tmp_path, {"type": "talks", "status": "occurred", "participants": parts(
        ("a1", "party"), ("a2", "party"), ("a3", "mediator"), ("a4", "host"))})
    half = ev([("x1", "party"), ("x3", "mediator")])
    wrong_role = ev([("x1", "party"), ("x3", "party")])
    unknown_actor = ev([("x1", "party"), ("nobody", "mediator")])
    for event, matches in [(half, True), (wrong_role, False), (unknown_actor, False)]:
        c = score_article(g, article(ETEXT, actors=E_PRED_ACTORS, events=[event])).events
        assert (c.tp, c.fp, c.fn) == ((1, 0, 0) if matches else (0, 1, 1))


def test_optional_events_and_attribute_accuracies(tmp_path: Path) -> None:
    g = event_gold(
        tmp_path,
        {"type": "talks", "subtype": "meeting", "status": "occurred", "outcome": "no_breakthrough",
         "participants": parts(("a1", "party"))},
        {"type": "ceasefire", "subtype": "general", "status": "failed", "participants": parts(("a4", "party"))},
        {"type": "statement", "subtype": "denial", "status": "occurred", "optional": True},
        {"type": "military", "status": "occurred", "optional": True},  # absent: not missed
    )
    p = article(ETEXT, actors=E_PRED_ACTORS, events=[
        ev([("x1", "party")], subtype="meeting", status="planned", outcome="agreement"),
        ev([("x4", "party")], type="ceasefire", subtype="local", status="failed"),
        ev([], type="statement", subtype="denial", status="occurred"),   # optional: neither tp nor fp
        ev([], type="aid", subtype="convoy", status="occurred"),         # fp
    ])
    s = score_article(g, p)
    assert (s.events.tp, s.events.fp, s.events.fn) == (2, 1, 0)
    assert prf(s.events) == (0.6667, 1.0, 0.8)
    # matched pairs include the optional statement: subtype 2/3, status 2/3, outcome 0/1
    assert s.attribute_counts == {"subtype": [2, 3], "status": [2, 3], "outcome": [0, 1]}
    acc = s.event_attribute_accuracy
    assert acc["outcome"] == 0.0 and round(acc["subtype"], 4) == 0.6667 and round(acc["status"], 4) == 0.6667
    assert score_article(g, article(ETEXT)).event_attribute_accuracy == {
        "subtype": None, "status": None, "outcome": None}


# -- figures, published, aggregation ---------------------------------------------

def test_figures_within_one_percent(tmp_path: Path) -> None:
    g = gold(tmp_path, "t", figures=[{"category": "refugees", "value": 1000},
                                     {"category": "killed", "value": 100},
                                     {"category": "injured", "value": 7, "optional": True}])
    p = article("t", figures=[Figure(category="refugees", value=1010),   # 1%: match
                              Figure(category="killed", value=102),      # 2%: no
                              Figure(category="injured", value=100)])    # wrong category
    c = score_article(g, p).figures
    assert (c.tp, c.fp, c.fn) == (1, 2, 1)
    c = score_article(g, article("t", figures=[Figure(category="refugees", value=1011)])).figures
    assert (c.tp, c.fp, c.fn) == (0, 1, 2)


def test_published_accuracy_and_micro_average(tmp_path: Path) -> None:
    g1 = gold(tmp_path, "t", published="2022-03-10", actors=[{"id": "a1", "name": "Russia", "kind": "state"}])
    g2 = load_gold(write_gold(tmp_path, {"published": "2022-04-07", "actors": [
        {"id": "a1", "name": "Ukraine", "kind": "state"}, {"id": "a2", "name": "Turkey", "kind": "state"}]},
        stem="two"), "t")
    p1 = article("t", published="2022-03-10", actors=[Actor(id="x", name="Russia", kind="state")])
    p2 = article("t", published=None, actors=[Actor(id="x", name="Ukraine", kind="state"),
                                              Actor(id="y", name="France", kind="state")])
    s = score_articles([(g1, p1), (g2, p2)])
    assert s.articles == 2 and s.published_accuracy == 0.5
    assert (s.actors.tp, s.actors.fp, s.actors.fn) == (2, 1, 1)
    assert prf(s.actors) == (0.6667, 0.6667, 0.6667)
    assert len(s.per_article) == 2 and [d["article"] for d in s.details] == ["doc", "two"]
    assert s.details[1]["actors"] == {"missed": ["Turkey (state)"], "false_positives": ["France (state)"]}


def test_to_json_shape(tmp_path: Path) -> None:
    s = score_article(quote_gold(tmp_path), article(QTEXT))
    out = s.to_json()
    assert {"actors", "places", "quotes", "quotes_ignoring_speaker", "events", "figures",
            "published_accuracy", "event_attribute_accuracy"} <= set(out)
    assert "details" not in out and "details" in s.to_json(detail=True)
    assert set(out["actors"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert out["quotes"]["fn"] == 1 and out["event_attribute_accuracy"] == {
        "subtype": None, "status": None, "outcome": None}
    json.dumps(s.to_json(detail=True))


def test_counts_zero_denominators() -> None:
    assert prf(Counts()) == (1.0, 1.0, 1.0)
    assert prf(Counts(fn=2)) == (0.0, 0.0, 0.0)
    assert prf(Counts(fp=2)) == (0.0, 0.0, 0.0)
    assert prf(Counts(tp=1, fp=1, fn=3)) == (0.5, 0.25, 0.3333)


def test_render_table() -> None:
    s = Scores.combine([Scores(actors=Counts(3, 1, 0), published_correct=1, articles=1)])
    console = Console(record=True, width=140)
    console.print(render_table(s))
    out = console.export_text()
    assert "overall" in out and "quotes ignoring speaker" in out and "published accuracy 1.000" in out


# -- gold files ----------------------------------------------------------------

@pytest.mark.parametrize("data, field", [
    ({"published": None, "actors": [{"id": "a1", "kind": "person"}]}, "actors[0].name"),
    ({"published": None, "actors": [{"id": "a1", "name": "X", "kind": "alien"}]}, "actors[0].kind"),
    ({"published": None, "quotes": [{"speaker": "a9", "text": "t"}]}, "quotes[0].speaker"),
    ({"published": None, "quotes": [{"text": "not in the text"}]}, "quotes[0].text"),
    ({"published": None, "events": [{"type": "talks", "date": {"start": "March"}}]}, "events[0].date.start"),
    ({"published": None, "events": [{"type": "talks", "place": "p1"}]}, "events[0].place"),
    ({"published": None, "figures": [{"category": "killed", "value": "3"}]}, "figures[0].value"),
    ({"published": None, "figures": [{"category": "killed", "value": 3, "evidence": ["t", 4]}]},
     "figures[0].evidence"),
    ({"actors": []}, "published"),
])
def test_malformed_gold_names_file_and_field(tmp_path: Path, data: dict[str, Any], field: str) -> None:
    path = write_gold(tmp_path, data, stem="bad")
    with pytest.raises(GoldError) as err:
        load_gold(path, "t is the text")
    assert "bad.gold.json" in str(err.value) and field in str(err.value)


def test_unreadable_gold_raises(tmp_path: Path) -> None:
    path = tmp_path / "broken.gold.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="broken.gold.json"):
        load_gold(path, "t")
    with pytest.raises(GoldError, match="missing.gold.json"):
        load_gold(tmp_path / "missing.gold.json", "t")


def test_gold_path_for() -> None:
    assert gold_path_for(Path("/x/000_ab.txt")) == Path("/x/000_ab.gold.json")


def test_evaluate_directory(tmp_path: Path) -> None:
    text = "Lavrov said: we did not attack Ukraine. Leave a Reply"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "lonely.txt").write_text("no gold", encoding="utf-8")
    write_gold(tmp_path, {"published": "2022-03-10", "actors": ACTORS[:1], "quotes": [
        {"speaker": "a1", "text": "we did not attack Ukraine"}, {"speaker": "a1", "text": "Leave a Reply"}]},
        stem="a")
    seen = []

    def analyse(path: Path) -> Article:
        seen.append(path.name)
        cleaned = path.read_text(encoding="utf-8").replace(" Leave a Reply", "")  # cleaning drops it
        q = span(cleaned, "we did not attack Ukraine")
        return article(cleaned, published=None, actors=[Actor(id="x", name="Sergei Lavrov", kind="person")],
                       quotes=[quote("x", q, cleaned)])

    s = evaluate_directory(tmp_path, analyse)
    assert seen == ["a.txt"]
    assert (s.quotes.tp, s.quotes.fn, s.actors.tp) == (1, 1, 1) and s.published_accuracy == 0.0
    assert s.details[0]["unlocated"] == ["quotes[1].text"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GoldError, match="empty"):
        evaluate_directory(empty, analyse)


@pytest.mark.skipif(not (SHARED / "gold" / "seeds").is_dir(), reason="shared gold not present")
def test_real_gold_files_locate_every_span() -> None:
    pairs = sorted((SHARED / "gold" / "seeds").glob("*.gold.json"))
    assert pairs
    for path in pairs:
        text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        g = load_gold(path, text)
        assert not g.unlocated
        for q in g.quotes:
            assert q.span is not None and text[q.span[0]:q.span[1]] == q.text
        for record in [*g.events, *g.figures]:
            assert [text[s:e] for s, e in record.evidence] == record.evidence_text
        assert g.published and g.actors and g.quotes and g.events and g.figures
