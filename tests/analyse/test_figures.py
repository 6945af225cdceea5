"""Figure rules on sentences written for the tests (Gaza, Sudan, Yemen, DRC):
category, value, qualifier, the actor that reported it and the place it is about;
and numbers that are no figures."""
from __future__ import annotations

import pytest

from ceasefire.analyse.figures import FigureRules
from ceasefire.records import RawDocument, Source


@pytest.fixture(scope="module")
def figures(resources):
    """Analyse a text with the extractors figures needs, built once for the module."""
    from ceasefire.analyse.pipeline import Analyser, builtin_extractors

    builtin_extractors()  # registers the built-in extractors
    analyser = Analyser(resources, extractors=["actors", "places", "figures"])

    def run(text: str):
        art = analyser.analyse(RawDocument(text=text, source=Source(), published="2024-05-02"))
        actors = {a.id: a.name for a in art.actors}
        places = {p.id: p.name for p in art.places}
        for f in art.figures:  # offsets are sacred
            assert all(0 <= s < e <= len(art.text) for s, e in f.evidence)
            assert f.rule.startswith("figures.")
        return art, [(f.category, f.value, f.qualifier, actors.get(f.source), places.get(f.place))
                     for f in art.figures]
    return run


def only(run, text):
    _, figs = run(text)
    assert len(figs) == 1, figs
    return figs[0]


# -- categories, values, qualifiers, sources, places -----------------------------------------

def test_killed_people_in_an_attack_are_civilians_killed_with_reporter_and_place(figures):
    assert only(figures, "An RSF drone strike on a market in Omdurman killed at least 27 people, "
                         "including nine children, according to UNICEF.") == \
        ("civilians_killed", 27, "at_least", "UNICEF", "Omdurman")


def test_soldiers_killed_stay_killed(figures):
    assert only(figures, "Houthi fighters killed three soldiers near Marib on Tuesday.") == \
        ("killed", 3, "exact", None, "Ma'rib")


def test_displaced_with_reporter_after_the_figure(figures):
    assert only(figures, "The war in Sudan has displaced more than 10 million people, "
                         "the International Organization for Migration said.") == \
        ("displaced", 10_000_000, "more_than", "International Organization for Migration", "Sudan")


def test_refugees_fled_abroad(figures):
    assert only(figures, "Nearly 2 million Sudanese have fled to neighbouring countries, "
                         "the UN refugee agency says.") == \
        ("refugees", 2_000_000, "less_than", "UNHCR", None)


def test_refugee_noun_and_crossing_place(figures):
    assert only(figures, "Some 5,000 refugees crossed into Chad this week.") == \
        ("refugees", 5000, "about", None, "Chad")


def test_vague_plural_forced_from_homes(figures):
    assert only(figures, "M23 rebels seized Goma, forcing tens of thousands of people to flee their homes, "
                         "the United Nations said.") == \
        ("displaced", 10_000, "more_than", "United Nations", "Goma")


def test_killed_and_injured_in_one_clause(figures):
    _, figs = figures("About 3,000 people were killed and 2,880 injured in the fighting in Goma, "
                      "the United Nations said.")
    assert figs == [
        ("civilians_killed", 3000, "about", "United Nations", "Goma"),
        ("injured", 2880, "exact", "United Nations", "Goma"),
    ]


def test_wounded_a_dozen_according_to(figures):
    assert only(figures, "According to UNICEF, a dozen children were wounded in the shelling of Aden.") == \
        ("injured", 12, "exact", "UNICEF", "Aden")


def test_evacuated_by_an_organization(figures):
    # the Red Cross did the evacuating; it is no reporting source
    assert only(figures, "The Red Cross evacuated 150 patients from a hospital in Khartoum on Tuesday.") == \
        ("evacuated", 150, "exact", None, "Khartoum")


def test_escaped_through_a_corridor_reported_by_an_organization(figures):
    assert only(figures, "Hundreds of civilians have escaped from Sanaa through a humanitarian corridor, "
                         "according to Doctors Without Borders.") == \
        ("evacuated", 100, "more_than", "Doctors Without Borders", "Sanaa")


def test_death_toll_rose_to_a_bare_number(figures):
    assert only(figures, "The death toll in Goma rose to 47 on Monday.") == ("killed", 47, "exact", None, "Goma")


def test_a_total_of_passes_to_the_verb(figures):
    assert only(figures, "A total of 4,972 people were evacuated from Aden last week, Human Rights Watch said.") == \
        ("evacuated", 4972, "exact", "Human Rights Watch", "Aden")


def test_internally_displaced_copula(figures):
    assert only(figures, "In Yemen, 4.5 million people are internally displaced, according to UNHCR.") == \
        ("displaced", 4_500_000, "exact", "UNHCR", "Yemen")


def test_relative_clause_takes_the_place_of_the_attack(figures):
    assert only(figures, "The outrage followed a drone strike on a market in the city of Goma which, "
                         "according to Kinshasa, killed at least 16 people.") == \
        ("civilians_killed", 16, "at_least", "Democratic Republic of the Congo", "Goma")


def test_same_figure_twice_is_one_figure(figures):
    _, figs = figures("At least 14 civilians were killed in Aden. The 14 killed were buried on Friday.")
    assert [(c, v) for c, v, *_ in figs] == [("civilians_killed", 14)]


# -- numbers that are no figures -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The World Bank pledged $1.5 billion for Yemen and 300 million dollars for Sudan.",
    "Fighting in Khartoum has raged since 2023, and prices rose 40% in Darfur.",
    "A 12-year-old boy and a woman aged 70 were among those detained in Gaza.",
    "The parties agreed a 72-hour truce, the first in two years.",
    "The 15-member Security Council called for a ceasefire in Gaza on March 24.",
    "Each minister was accompanied by two officials to the three-way talks in Jeddah.",
    "The first round of talks in Doha lasted six days.",
    "Two soldiers said they had killed civilians in Kivu.",
    "The two leaders discussed the evacuation of civilians from Rafah.",
    "Three gunmen killed a farmer in Ituri.",
    "Thirty missiles were fired at Sanaa overnight, destroying 20 homes.",
    "The council adopted Resolution 2254 by 14 votes.",
])
def test_no_figure(figures, text):
    _, figs = figures(text)
    assert figs == []


def test_subset_and_agent_counts_are_left_out(figures):
    _, figs = figures("Three gunmen killed 12 villagers, including five children, in Ituri province.")
    assert [(c, v) for c, v, *_ in figs] == [("civilians_killed", 12)]


def test_evidence_is_the_figure_clause(figures):
    art, _ = figures("Aid convoys reached Goma. The fighting has displaced 700,000 people in North Kivu.")
    [f] = art.figures
    assert art.text[f.evidence[0][0]:f.evidence[0][1]] == "The fighting has displaced 700,000 people in North Kivu"
    assert f.rule == "figures.displaced.verb"


def test_rules_file_is_well_formed(resources):
    rules = FigureRules.of(resources)
    ids = [c.rule for c in rules.cues]
    assert ids and all(r.split(".")[0] in {"refugees", "displaced", "civilians_killed", "killed", "injured",
                                           "evacuated"} for r in ids)
    assert {"people", "civilians", "soldiers"} & rules.people
