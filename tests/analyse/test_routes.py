"""Corridor routes read from the text (``analyse/events/routes.py``): wordings
of a route, ends nobody can place, and the article's place table."""
from __future__ import annotations

from ceasefire.analyse.context import PlaceTable
from ceasefire.records import Place


def _routes(art) -> list[tuple[str | None, str | None, list[str]]]:
    places = {p.id: p for p in art.places}

    def name(pid):
        return places[pid].name if pid in places else None

    return [(name(e.attributes.get("origin")), name(e.attributes.get("destination")),
             [name(p) for p in e.attributes.get("route", [])]) for e in art.events if e.type == "corridor"]


def _place(art, name: str) -> Place:
    return next(p for p in art.places if p.name == name)


def test_a_village_missing_from_the_gazetteer_is_kept_as_an_end_with_no_coordinates(analyse_text):
    art = analyse_text("On Monday 800 people were evacuated from the village of Zelenobrody to Kyiv, "
                       "the regional administration said.")
    assert ("Zelenobrody", "Kyiv", []) in _routes(art)
    village = _place(art, "Zelenobrody")
    assert village.lat is None and village.geonames_id is None and village.mentions
    assert village.rule == "corridor.route.unlocated"


def test_an_unknown_name_with_no_known_other_end_is_no_route(analyse_text):
    art = analyse_text("On Monday 800 people were evacuated from Zelenobrody to Stepovyi Yar, officials said.")
    assert not any(p.name in ("Zelenobrody", "Stepovyi Yar") for p in art.places)


def test_an_unknown_stop_of_a_route_chain_stays_on_the_route(analyse_text):
    art = analyse_text("The convoy's route will be Melitopol - Zelenobrody - Vasylivka - Zaporizhzhia, "
                       "the deputy prime minister said.")
    assert ("Melitopol", "Zaporizhzhia", ["Zelenobrody", "Vasylivka"]) in _routes(art)


def test_pairs_of_a_list_of_corridors_with_unknown_villages(analyse_text):
    art = analyse_text("On Tuesday green corridors will work in the Kyiv region: Zelenobrody - Kyiv, "
                       "Makariv - Zhytomyr.")
    routes = _routes(art)
    assert ("Zelenobrody", "Kyiv", []) in routes and ("Makariv", "Zhytomyr", []) in routes


def test_controlled_territory_before_a_destination(analyse_text):
    art = analyse_text("Buses will take residents of Melitopol to Ukrainian-controlled Zaporizhzhia, the governor said.")
    assert ("Melitopol", "Zaporizhzhia", []) in _routes(art)
    art = analyse_text("Civilians were evacuated from Russian-held Kherson to Mykolaiv on Sunday.")
    assert ("Kherson", "Mykolayiv", []) in _routes(art)  # GeoNames spells it so


def test_people_who_fled_one_town_for_another(analyse_text):
    art = analyse_text("Some 300 people fled Irpin for Kyiv along a humanitarian corridor on Saturday.")
    assert _routes(art) == [("Irpin", "Kyiv", [])]


def test_transliterations_resolve_to_one_place(analyse_text):
    art = analyse_text("Evacuation buses departed from Energodar toward Zaporozhye on Thursday, "
                       "and more left Berdiansk for Zaporizhzhya.")
    routes = _routes(art)
    assert ("Enerhodar", "Zaporizhzhia", []) in routes and ("Berdyansk", "Zaporizhzhia", []) in routes


def test_a_stopped_convoy_ends_where_it_is_held(analyse_text):
    art = analyse_text("A convoy of buses evacuating people from Mariupol remains in Manhush, the Red Cross said.")
    assert ("Mariupol", "Manhush", []) in _routes(art)


def test_a_large_city_outside_the_articles_countries_is_still_placed(analyse_text):
    # The story names only Russia, so the context alone would refuse Kharkiv, a city of Ukraine
    art = analyse_text("Russia said it would open a Kharkiv-Belgorod corridor for civilians on Tuesday.")
    assert ("Kharkiv", "Belgorod", []) in _routes(art)
    assert _place(art, "Kharkiv").geonames_id is not None


def test_place_table_add_indexes_a_new_place_and_a_new_mention():
    first = Place(id="p1", name="Kyiv", kind="city", mentions=[(0, 4)])
    given = [first]
    table = PlaceTable(given)
    village = table.add(Place(id=table.free_id(), name="Zelenobrody", kind="other"), (10, 21))
    assert village.id == "p2" and table.get("p2") is village and table.at(12, 13) is village
    table.add(first, (30, 34))
    assert table.at(31, 32) is first and first.mentions == [(0, 4), (30, 34)]
    assert [p.id for p in table] == ["p1", "p2"] and given == [first]  # the caller's list is left alone
