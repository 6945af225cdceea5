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
        "origin_destination": True, "date": True, "proposer": True, "status": True}
    russia_row = CorridorRow(id="8", date="2022-03-10", proposal="Russia", status="unsuccessful/disrupted",
                             origin=row.origin, destination=row.destination, excerpts=["..."])
    assert score_row(russia_row, [(art, right)]) == {
        "origin_destination": True, "date": False, "proposer": False, "status": False}
    assert score_row(row, []) == {"origin_destination": False, "date": False, "proposer": False, "status": False}


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
