"""The corridor-CSV benchmark reader: label and links removed, rows scored
against their best-agreeing corridor record."""
from __future__ import annotations

from pathlib import Path

from ceasefire.evaluate.bench_corridors import CorridorRow, excerpts_of, read_rows, score_row
from ceasefire.records import Actor, Article, DateRange, Event, Participant, Place, Source

HEADER = ("HC_ID,Date,date,month,day,year,proposal,status_result,text,Link,article_source_id,status_extra,"
          "From,from_name,from_latitude,from_longitude,from_adm1_code_full,from_adm1_nr,from_adm1_name,"
          "from_country_code,To,to_name,to_latitude,to_longitude,to_adm1_code_full,to_adm1_nr,to_adm1_name,"
          "to_country_code")


def test_excerpts_drop_the_label_and_the_links():
    text = ("Status: successful; KYIV. March 9 (Interfax) - Buses left Sumy for Poltava. ;;;; "
            "A second convoy of 60 buses followed later in the day.  see source: https://x.example/1 ;;;; "
            "https://x.example/2")
    assert excerpts_of(text) == ["KYIV. March 9 (Interfax) - Buses left Sumy for Poltava.",
                                 "A second convoy of 60 buses followed later in the day."]
    assert excerpts_of("Status: proposed route/outcome unknown;   see source: https://x.example") == []


def test_read_rows(tmp_path: Path):
    path = tmp_path / "c.csv"
    row = ('7,09.03.22,2022-03-09,3,9,2022,Ukraine,successful,"Status: successful; Buses left Sumy for '
           'Poltava on Wednesday, officials said. see source: https://x",https://x,src-1,successful,Sumy,Sumy,'
           '50.9216,34.80029,UA.21,21,Sumy,UA,Poltava,Poltava,49.59373,34.54073,UA.18,18,Poltava,UA')
    path.write_text(HEADER + "\r\n" + row + "\r\n", encoding="utf-8")
    [r] = read_rows(path)
    assert (r.id, r.date, r.proposal, r.status) == ("7", "2022-03-09", "Ukraine", "successful")
    assert r.origin == (50.9216, 34.80029) and r.excerpts == ["Buses left Sumy for Poltava on Wednesday, officials said."]


def _article(places, actors, events, published="2022-03-09") -> Article:
    return Article(id="x", source=Source(), published=published, published_basis="metadata", text="",
                   actors=actors, places=places, events=events)


def test_score_row_picks_the_best_corridor_and_checks_each_measure():
    sumy = Place(id="p1", name="Sumy", kind="city", country="UA", lat=50.92, lon=34.80)
    poltava = Place(id="p2", name="Poltava", kind="city", country="UA", lat=49.59, lon=34.55)
    kyiv = Place(id="p3", name="Kyiv", kind="city", country="UA", lat=50.45, lon=30.52)
    ukraine = Actor(id="a1", name="Ukraine", kind="state", country="UA")
    wrong = Event(type="corridor", subtype="evacuation", status="proposed", attributes={"origin": "p3", "destination": "p2"})
    right = Event(type="corridor", subtype="evacuation", status="occurred",
                  date=DateRange("2022-03-09", "2022-03-09"), participants=[Participant("a1", "proposer")],
                  attributes={"origin": "p1", "destination": "p2"})
    art = _article([sumy, poltava, kyiv], [ukraine], [wrong, right])
    row = CorridorRow(id="7", date="2022-03-09", proposal="Ukraine", status="successful",
                      origin=(50.9216, 34.80029), destination=(49.59373, 34.54073), excerpts=["..."])
    assert score_row(row, [(art, wrong), (art, right)]) == {
        "origin_destination": True, "origin_destination_ends": True, "date": True, "proposer": True, "status": True}
    russia_row = CorridorRow(id="8", date="2022-03-10", proposal="Russia", status="unsuccessful/disrupted",
                             origin=row.origin, destination=row.destination, excerpts=["..."])
    assert score_row(russia_row, [(art, right)]) == {
        "origin_destination": True, "origin_destination_ends": True, "date": False, "proposer": False,
        "status": False}
    assert not any(score_row(row, []).values())


def test_a_place_is_right_by_its_geonames_id_even_when_the_coders_coordinates_are_far():
    class Gazetteer:  # the one look-up the scorer needs, as the real gazetteer answers it
        def lookup(self, name):
            from types import SimpleNamespace
            return [SimpleNamespace(geonames_id=696643)] if name == "Poltava" else []

    sumy = Place(id="p1", name="Sumy", kind="city", country="UA", lat=50.92, lon=34.80, geonames_id=692194)
    poltava = Place(id="p2", name="Poltava", kind="city", country="UA", lat=49.59, lon=34.55, geonames_id=696643)
    event = Event(type="corridor", subtype="evacuation", status="occurred",
                  attributes={"origin": "p1", "destination": "p2"})
    art = _article([sumy, poltava], [], [event])
    far = (47.0, 30.0)  # a geocoding error hundreds of km away
    row = CorridorRow(id="9", date="2022-03-09", proposal="Ukraine", status="successful", origin=(50.9216, 34.80029),
                      destination=far, excerpts=["..."], origin_names=("Sumy",), destination_names=("Poltava",))
    assert score_row(row, [(art, event)])["origin_destination"] is False
    assert score_row(row, [(art, event)], Gazetteer())["origin_destination"] is True


def _row(origin_names, destination_names, origin=None, destination=None, origin_written="", destination_written=""):
    return CorridorRow(id="9", date="2022-03-09", proposal="Ukraine", status="successful", origin=origin,
                       destination=destination, excerpts=["..."], origin_names=origin_names,
                       destination_names=destination_names, origin_written=origin_written,
                       destination_written=destination_written)


def _corridor(*places, route=()):
    ids = [p.id for p in places]
    attrs = {"origin": ids[0], "destination": ids[-1]}
    if route:
        attrs["route"] = list(route)
    return Event(type="corridor", subtype="evacuation", status="occurred", attributes=attrs)


def test_a_place_in_a_rows_region_is_right_and_a_region_is_not_a_town(resources):
    gaz = resources.gazetteer
    tokmak = Place(id="p1", name="Tokmak", kind="town", country="UA", lat=47.26, lon=35.71, geonames_id=691469)
    oblast = Place(id="p2", name="Zaporizhzhia Oblast", kind="admin", country="UA", lat=47.5, lon=35.5)
    city = Place(id="p3", name="Zaporizhzhia", kind="city", country="UA", lat=47.85, lon=35.12, geonames_id=687700)
    donetsk = Place(id="p4", name="Donetsk Oblast", kind="admin", country="UA", lat=48.0, lon=37.5)
    region_row = _row(("Zaporizhzhia",), ("Zaporizhzhia",), origin_written="Zaporizhzhia region",
                      destination_written="Zaporizhzhia")
    for origin in (tokmak, oblast):
        event = _corridor(origin, city)
        assert score_row(region_row, [(_article([origin, city], [], [event]), event)], gaz)["origin_destination"]
    event = _corridor(donetsk, city)
    assert not score_row(region_row, [(_article([donetsk, city], [], [event]), event)], gaz)["origin_destination"]
    # A row that names the city wants the city: the division around it is not it
    event = _corridor(tokmak, oblast)
    city_row = _row(("Tokmak",), ("Zaporizhzhia",), origin_written="Tokmak", destination_written="Zaporizhzhia")
    assert not score_row(city_row, [(_article([tokmak, oblast], [], [event]), event)], gaz)["origin_destination"]


def test_a_place_we_could_not_locate_is_right_by_its_name_only():
    kyiv = Place(id="p1", name="Kyiv", kind="city", country="UA", lat=50.45, lon=30.52, geonames_id=703448)
    village = Place(id="p2", name="Zelenobrody", kind="other", aliases=["Zelenobrody"])
    event = _corridor(village, kyiv)
    art = _article([village, kyiv], [], [event])
    near_kyiv = (50.5, 30.5)
    assert score_row(_row(("Zelenobrody",), ("Kyiv",), (50.7, 30.3), near_kyiv), [(art, event)])["origin_destination"]
    assert not score_row(_row(("Hostomel",), ("Kyiv",), (50.7, 30.3), near_kyiv), [(art, event)])["origin_destination"]


def test_a_row_may_be_a_section_of_a_longer_route_but_not_a_reversed_one():
    a = Place(id="p1", name="Mariupol", kind="city", country="UA", lat=47.10, lon=37.54)
    b = Place(id="p2", name="Berdyansk", kind="city", country="UA", lat=46.76, lon=36.79)
    c = Place(id="p3", name="Tokmak", kind="town", country="UA", lat=47.26, lon=35.71)
    d = Place(id="p4", name="Zaporizhzhia", kind="city", country="UA", lat=47.85, lon=35.12)
    event = _corridor(a, d, route=["p2", "p3"])
    art = _article([a, b, c, d], [], [event])
    section = score_row(_row((), (), (46.76, 36.79), (47.85, 35.12)), [(art, event)])
    assert section["origin_destination"] and not section["origin_destination_ends"]
    assert score_row(_row((), (), (47.10, 37.54), (47.26, 35.71)), [(art, event)])["origin_destination"]
    assert not score_row(_row((), (), (47.85, 35.12), (46.76, 36.79)), [(art, event)])["origin_destination"]
