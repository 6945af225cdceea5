"""Merging events across articles: the rules, on hand-built source events."""
from __future__ import annotations

from ceasefire.resolve.events_xdoc import SourceEvent, aggregate, history, lifecycle, match_score, reconcile_dates

ANTALYA = {"key": "gn:323777", "name": "Antalya", "kind": "city", "country": "TR", "lat": 36.9, "lon": 30.7}
TURKEY = {"key": "gn:298795", "name": "Turkey", "kind": "country", "country": "TR", "lat": 39.0, "lon": 35.0}
MOSCOW = {"key": "gn:524901", "name": "Moscow", "kind": "city", "country": "RU", "lat": 55.75, "lon": 37.6}
KHARTOUM = {"key": "gn:379252", "name": "Khartoum", "kind": "city", "country": "SD", "lat": 15.55, "lon": 32.53}
OMDURMAN = {"key": "gn:365137", "name": "Omdurman", "kind": "city", "country": "SD", "lat": 15.64, "lon": 32.48}

_n = 0


def src(type="talks", status="occurred", start=None, end=None, precision="day", place=None, parts=(),
        story=None, published="2022-03-11", subtype=None, **attributes) -> SourceEvent:
    global _n
    _n += 1
    return SourceEvent(
        article_id=f"art{_n}", local_id="e1", story_id=story if story is not None else _n, published=published,
        type=type, subtype=subtype, status=status, date_start=start, date_end=end or start, precision=precision,
        place_key=place["key"] if place else None, place=place, participants=[[a, "party"] for a in parts],
        sides=list(parts), outcome=None, attributes=attributes)


def tracked(*sources: SourceEvent):
    return aggregate(list(sources))


def test_thursday_and_march_10_are_one_talks_event():
    # One article's "Thursday" resolved against its date, another's "March 10": the same day.
    a = src(start="2022-03-10", place=ANTALYA, parts=(1, 2), published="2022-03-10")
    b = src(start="2022-03-10", place=ANTALYA, parts=(1, 2, 3), published="2022-03-12")
    assert match_score(tracked(a), b) is not None


def test_a_vague_week_joins_the_day_inside_it_and_a_country_its_city():
    a = src(start="2022-04-05", place=MOSCOW, parts=(1, 2))
    b = src(start="2022-04-04", end="2022-04-06", precision="week", place=None, parts=(1,))
    assert match_score(tracked(a), b) is not None
    c = src(start="2022-03-10", place=TURKEY, parts=(1, 2))
    assert match_score(tracked(src(start="2022-03-10", place=ANTALYA, parts=(1, 2))), c) is not None


def test_different_days_places_or_parties_are_different_talks():
    t = tracked(src(start="2022-03-10", place=ANTALYA, parts=(1, 2)))
    assert match_score(t, src(start="2022-03-14", place=ANTALYA, parts=(1, 2))) is None
    assert match_score(t, src(start="2022-03-10", place=MOSCOW, parts=(1, 2))) is None
    assert match_score(t, src(start="2022-03-10", parts=(7, 8))) is None


def test_a_district_near_its_city_is_the_same_place():
    t = tracked(src(type="attack", start="2023-06-17", place=KHARTOUM, subtype="strike"))
    assert match_score(t, src(type="attack", start="2023-06-17", place=OMDURMAN, subtype="strike")) is not None


def test_planned_then_held_talks_are_one_event_with_a_history():
    planned = src(status="planned", start="2023-05-06", place=KHARTOUM, parts=(1, 2), published="2023-05-05")
    held = src(status="occurred", start="2023-05-06", place=KHARTOUM, parts=(1, 2), published="2023-05-06")
    assert match_score(tracked(planned), held) is not None
    agg = tracked(planned, held)
    assert [h.stage for h in agg.history] == ["planned", "occurred"]
    assert agg.status == "occurred" and agg.sources == 2 and agg.stories == 2


def test_ceasefire_life_proposed_agreed_violated_collapsed():
    proposed = src("ceasefire", "proposed", "2023-05-12", parts=(1, 2), published="2023-05-12")
    agreed = src("ceasefire", "agreed", "2023-05-20", parts=(1, 2), published="2023-05-20", duration_hours=168)
    violated = src("ceasefire", "failed", "2023-05-23", parts=(1, 2), published="2023-05-23", violated=True)
    collapsed = src("ceasefire", "failed", "2023-06-01", parts=(1, 2), published="2023-06-01")
    sources = [proposed]
    for nxt in (agreed, violated, collapsed):
        t = tracked(*sources)
        assert match_score(t, nxt, life=lifecycle(sources)) is not None, nxt.status
        sources.append(nxt)
    agg = tracked(*sources)
    assert [(h.stage, h.reported) for h in agg.history] == [
        ("proposed", "2023-05-12"), ("agreed", "2023-05-20"), ("violated", "2023-05-23"), ("collapsed", "2023-06-01")]
    # The declaration date is the agreement's; the event runs to the last report.
    assert (agg.date_start, agg.date_end) == ("2023-05-20", "2023-06-01")


def test_a_new_agreement_or_other_terms_are_a_new_ceasefire():
    first = [src("ceasefire", "agreed", "2023-06-09", parts=(1, 2), duration_hours=24),
             src("ceasefire", "failed", "2023-06-11", parts=(1, 2))]
    life = lifecycle(first)
    # Agreed a week later, after the first ended: a new arrangement.
    assert match_score(tracked(*first), src("ceasefire", "agreed", "2023-06-17", parts=(1, 2)), life=life) is None
    # Agreed the same days but for 72 hours instead of 24: other terms.
    assert match_score(tracked(first[0]), src("ceasefire", "agreed", "2023-06-09", parts=(1, 2), duration_hours=72),
                       life=lifecycle(first[:1])) is None
    # An end reported before it was agreed belongs to an earlier truce.
    assert match_score(tracked(first[0]), src("ceasefire", "failed", "2023-05-30", parts=(1, 2)),
                       life=lifecycle(first[:1])) is None


def test_a_copy_with_a_misread_date_stays_with_its_story():
    agreed = src("ceasefire", "agreed", "2023-05-29", parts=(1, 2), story=7)
    misread = src("ceasefire", "agreed", "2023-06-05", parts=(1, 2), story=7)
    life = lifecycle([agreed])
    assert match_score(tracked(agreed), misread, life=life) is None
    assert match_score(tracked(agreed), misread, life=life, story_statuses=frozenset({"agreed"})) is not None


def test_copies_vote_once_and_disagreements_are_kept_as_claims():
    # Three copies of one story say the 9th, two independent reports the 10th.
    copies = [src(start="2022-03-09", story=1) for _ in range(3)]
    others = [src(start="2022-03-10", story=2), src(start="2022-03-10", story=3)]
    start, end, precision, claim = reconcile_dates(copies + others)
    assert (start, end, precision) == ("2022-03-10", "2022-03-10", "day")
    assert claim["field"] == "date"
    assert [(v["value"], v["stories"], len(v["sources"])) for v in claim["values"]] == [
        (["2022-03-10", "2022-03-10"], 2, 2), (["2022-03-09", "2022-03-09"], 1, 3)]
    toll = aggregate([src("attack", start="2023-06-17", killed=17, story=1),
                      src("attack", start="2023-06-17", killed=20, story=2)])
    claim = next(c for c in toll.claims if c["field"] == "attributes.killed")
    assert sorted(v["value"] for v in claim["values"]) == [17, 20]


def test_a_report_of_an_earlier_stage_is_no_step_back():
    entries = history([src("ceasefire", "agreed", "2023-05-20", published="2023-05-20"),
                       src("ceasefire", "proposed", "2023-05-18", published="2023-05-22")])
    assert [e.stage for e in entries] == ["agreed"]
