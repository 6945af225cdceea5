"""Actor rules on sentences written for the tests (other conflicts, other wordings)."""
from __future__ import annotations


def by_name(article):
    return {a.name: a for a in article.actors}


def test_title_and_affiliation_from_demonym_and_possessive(analyse_text):
    art = analyse_text("Sudanese Foreign Minister Ali Youssef met Qatar's Prime Minister Mohammed bin Abdulrahman "
                       "Al Thani in Doha on Tuesday. Youssef said the army was ready for talks.")
    actors = by_name(art)
    youssef = actors["Ali Youssef"]
    assert youssef.kind == "person" and youssef.country == "SD"
    assert "Foreign Minister" in youssef.titles
    # the bare surname is the same actor, not a new one
    assert [a.name for a in art.actors].count("Ali Youssef") == 1
    assert len(youssef.mentions) >= 2
    assert actors["Sudan"].kind == "state"


def test_knowledge_base_organizations_and_armed_groups(analyse_text):
    art = analyse_text("The World Food Programme said the Rapid Support Forces blocked its convoy. "
                       "The African Union and IGAD called for calm, and UNICEF warned of famine.")
    actors = by_name(art)
    assert actors["World Food Programme"].kind == "organization"
    assert actors["Rapid Support Forces"].kind == "armed_group"
    assert actors["Rapid Support Forces"].country == "SD"
    assert {"African Union", "IGAD", "UNICEF"} <= set(actors)


def test_demonyms_and_metonyms_resolve_to_states(analyse_text):
    art = analyse_text("Israeli officials said talks would resume. According to Cairo, the proposal was accepted, "
                       "and Doha's mediators flew in. The talks in Cairo lasted two days.")
    actors = by_name(art)
    assert "Israel" in actors and "Israeli" in actors["Israel"].aliases
    egypt = actors["Egypt"]
    # "according to Cairo" is the state; "talks in Cairo" is a place and not a mention of it
    cairo_mentions = [art.text[s:e] for s, e in egypt.mentions]
    assert cairo_mentions.count("Cairo") == 1
    assert "Qatar" in actors


def test_small_model_mislabels_are_corrected_by_gazetteer(analyse_text):
    art = analyse_text("Residents of Kiev and Mariupol sheltered in basements, the mayor said.")
    assert all(a.kind != "person" for a in art.actors if a.name in {"Kiev", "Mariupol", "Kyiv"})


def test_pronoun_and_title_description_resolve_to_the_person(analyse_text):
    art = analyse_text("The UN envoy said on Monday he was hopeful. Special Envoy Hans Grundberg arrived in Aden "
                       "after meeting Houthi negotiators. He said a truce was within reach.")
    actors = by_name(art)
    hans = actors["Hans Grundberg"]
    surfaces = {art.text[s:e] for s, e in hans.mentions}
    assert "The UN envoy" in surfaces and "He" in surfaces
    assert actors["Houthis"].kind == "armed_group"


def test_no_person_from_month_abbreviation(analyse_text):
    art = analyse_text("Fighting resumed on Thursday (Mar 10) near the border, officials said.")
    assert not [a for a in art.actors if a.kind == "person"]


def test_apposition_names_the_described_person(analyse_text):
    art = analyse_text("Hamas official Basem Naim rejected the plan. The UN relief chief, Martin Griffiths, "
                       "described the situation as dire. He called for a pause.")
    actors = {a.name: a for a in art.actors}
    griffiths = actors["Martin Griffiths"]
    surfaces = {art.text[s:e] for s, e in griffiths.mentions}
    assert "The UN relief chief" in surfaces and "He" in surfaces
