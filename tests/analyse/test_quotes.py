"""Quote rules on sentences written for the tests (Yemen, Sudan, Gaza), and the
seed articles scored by the records.md overlap rule."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.analyse.context import ActorTable, Context
from ceasefire.analyse.quotes import extract_quotes
from ceasefire.records import Actor, Quote

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "gold" / "seeds"
SEED_FLOOR = 0.90  # quotes F1 with speakers over the two seeds


def person_table(doc, names: list[str]) -> ActorTable:
    """A throwaway actor table: each full name and its surname as mentions of
    one person; mentions that are grammatical subjects are salient."""
    text = doc.text
    actors, subjects, taken = [], [], []
    for n, name in enumerate(names, start=1):
        aid = f"a{n}"
        spans = []
        for form in (name, name.split()[-1]):
            for m in re.finditer(re.escape(form), text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    spans.append((m.start(), m.end()))
                    taken.append((m.start(), m.end()))
        actors.append(Actor(id=aid, name=name, kind="person", mentions=sorted(spans)))
        for s, e in spans:
            toks = doc.char_span(s, e, alignment_mode="expand")
            if toks is not None and any(t.dep_ in ("nsubj", "nsubjpass") for t in toks):
                subjects.append((s, aid))
    return ActorTable(actors, subjects=subjects)


@pytest.fixture(scope="module")
def quotes_of(resources):
    def run(text: str, names: tuple[str, ...] = ()) -> list[Quote]:
        doc = resources.nlp(text)
        ctx = Context(text=text, doc=doc, published=None, resources=resources,
                      actors=person_table(doc, list(names)))
        extract_quotes(ctx)
        for q in ctx.quotes:  # offsets are sacred
            assert ctx.text[q.span[0]:q.span[1]] == q.text
            if q.speaker_span:
                assert ctx.text[q.speaker_span[0]:q.speaker_span[1]] == q.speaker_text
        return ctx.quotes
    return run


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, [(q.text, q.rule) for q in quotes]
    return quotes[0]


def test_closed_marks_with_inverted_attribution(quotes_of):
    q = only(quotes_of("“We will not leave Khartoum until the fighting stops,” said Volker Perthes.",
                       ("Volker Perthes",)))
    assert (q.text, q.kind, q.cue, q.speaker, q.speaker_text) == (
        "We will not leave Khartoum until the fighting stops", "direct", "said", "a1", "Volker Perthes")
    assert q.rule == "direct.marked:say"


def test_closed_marks_without_comma_and_pronoun_speaker(quotes_of):
    q = only(quotes_of("Hans Grundberg met both delegations in Muscat.\n\n“The truce is holding” he added.",
                       ("Hans Grundberg",)))
    assert (q.text, q.cue, q.speaker, q.speaker_text) == ("The truce is holding", "added", "a1", "he")


def test_unclosed_mark_ends_at_the_attribution(quotes_of):
    text = ("Hans Grundberg spoke in Muscat.\n\n“The truce is holding. Both sides must now open the roads. "
            "he said.\n\nThe talks resume next week.")
    q = only(quotes_of(text, ("Hans Grundberg",)))
    assert q.text == "The truce is holding. Both sides must now open the roads."
    assert (q.kind, q.cue, q.speaker, q.rule) == ("direct", "said", "a1", "direct.marked.unclosed:say")


def test_unclosed_mark_after_saying_runs_to_paragraph_end(quotes_of):
    text = ("Kamil Idris repeated that the army would fight on, saying “We will not hand over El Fasher, "
            "not today and not tomorrow.\n\nThe RSF did not comment.")
    quotes = quotes_of(text, ("Kamil Idris",))
    marked = [q for q in quotes if q.kind == "direct"]
    assert only(marked).text == "We will not hand over El Fasher, not today and not tomorrow."
    assert (marked[0].cue, marked[0].speaker) == ("saying", "a1")


def test_next_opening_mark_ends_an_unclosed_quote_and_inherits_speaker(quotes_of):
    text = ("“This is a very dangerous moment,” Martin Griffiths said. “The aid must reach Gaza now. "
            "“Every hour counts for the children of Rafah.”")
    quotes = quotes_of(text, ("Martin Griffiths",))
    assert [q.text for q in quotes] == ["This is a very dangerous moment", "The aid must reach Gaza now.",
                                        "Every hour counts for the children of Rafah."]
    assert {q.speaker for q in quotes} == {"a1"}
    assert [q.rule.split(":")[0] for q in quotes] == ["direct.marked", "direct.marked.inherited",
                                                      "direct.marked.inherited"]


def test_straight_and_single_quotes(quotes_of):
    q = only(quotes_of('"We are ready to talk," Hans Grundberg said.', ("Hans Grundberg",)))
    assert (q.text, q.speaker) == ("We are ready to talk", "a1")
    q = only(quotes_of("'We will keep fighting,' the RSF commander said in a statement."))
    assert (q.text, q.speaker_text, q.speaker) == ("We will keep fighting", "the RSF commander", None)


def test_apostrophes_are_not_quotes(quotes_of):
    assert quotes_of("The army’s convoy didn’t reach the Houthis’ checkpoint near Hodeidah.") == []


def test_colon_introduces_unmarked_direct_speech(quotes_of):
    q = only(quotes_of("But Grundberg stressed: All parties must respect the truce in Hodeidah, and we will "
                       "hold them to it.\n\nThe UN did not say more.", ("Hans Grundberg",)))
    assert q.text == "All parties must respect the truce in Hodeidah, and we will hold them to it."
    assert (q.kind, q.cue, q.speaker_text, q.rule) == ("direct", "stressed", "Grundberg", "direct.colon:stress")


def test_colon_after_participle_takes_the_main_subject(quotes_of):
    q = only(quotes_of("Sameh Shoukry ended the talks saying: The crossing at Rafah will reopen tomorrow.",
                       ("Sameh Shoukry",)))
    assert (q.text, q.cue, q.speaker) == ("The crossing at Rafah will reopen tomorrow.", "saying", "a1")


def test_name_colon_headline(quotes_of):
    q = only(quotes_of("Grundberg: The truce must be extended\n\nTalks resumed in Muscat.", ("Hans Grundberg",)))
    assert (q.text, q.speaker, q.rule) == ("The truce must be extended", "a1", "direct.colon.name:colon")


def test_unmarked_speech_before_attribution_spans_the_paragraph(quotes_of):
    q = only(quotes_of("The hospital has no fuel left. We cannot treat the wounded, Mohammed Abu Salmiya said.",
                       ("Mohammed Abu Salmiya",)))
    assert q.text == "The hospital has no fuel left. We cannot treat the wounded"
    assert (q.kind, q.cue, q.speaker, q.rule) == ("direct", "said", "a1", "direct.fronted:say")


def test_told_someone_after_the_content(quotes_of):
    q = only(quotes_of("There is no military solution in Sudan, Antony Blinken told reporters in Jeddah.",
                       ("Antony Blinken",)))
    assert (q.text, q.cue, q.speaker, q.speaker_text) == (
        "There is no military solution in Sudan", "told", "a1", "Antony Blinken")


def test_indirect_with_that(quotes_of):
    q = only(quotes_of("Martin Griffiths said that the aid convoy had reached Khan Younis.", ("Martin Griffiths",)))
    assert (q.text, q.kind, q.cue, q.speaker) == ("the aid convoy had reached Khan Younis", "indirect", "said", "a1")


def test_indirect_without_that_stops_before_participle_clause(quotes_of):
    q = only(quotes_of("Griffiths said the convoy was stopped at the crossing, expressing alarm at the delays.",
                       ("Martin Griffiths",)))
    assert (q.text, q.kind, q.speaker) == ("the convoy was stopped at the crossing", "indirect", "a1")


def test_participle_adding_is_a_second_quote_of_the_same_speaker(quotes_of):
    text = "The ceasefire must hold, Abdel Fattah al-Burhan said on Tuesday, adding he was ready to meet the RSF."
    first, second = quotes_of(text, ("Abdel Fattah al-Burhan",))
    assert (first.text, first.kind, first.cue, first.speaker_text) == (
        "The ceasefire must hold", "direct", "said", "Abdel Fattah al-Burhan")
    assert (second.text, second.kind, second.cue, second.speaker) == (
        "he was ready to meet the RSF", "indirect", "adding", "a1")


def test_pronoun_speaker_resolves_to_the_last_subject(quotes_of):
    text = "Hans Grundberg arrived in Sanaa on Sunday. He said the prisoner exchange would go ahead."
    q = only(quotes_of(text, ("Hans Grundberg",)))
    assert (q.text, q.speaker, q.speaker_text) == ("the prisoner exchange would go ahead", "a1", "He")


def test_apposition_names_the_speaker_and_he_follows_the_last_quote(quotes_of):
    text = ("Hamas official Basem Naim said the group had received the proposal.\n\n"
            "The UN relief chief, Martin Griffiths, described the situation as catastrophic. "
            "“People are starving,” he said.")
    naim, described, starving = quotes_of(text, ("Basem Naim", "Martin Griffiths"))
    assert (naim.speaker, described.speaker, described.speaker_text) == ("a1", "a2", "The UN relief chief")
    assert (starving.text, starving.speaker, starving.speaker_text) == ("People are starving", "a2", "he")


def test_dateline_and_complementiser_are_not_content(quotes_of):
    text = ("CAIRO (Reuters) - Egypt pressed Hamas to accept a truce, officials said, as aid agencies "
            "warned that famine was spreading.")
    first, second = quotes_of(text)
    assert (first.text, first.speaker_text) == ("Egypt pressed Hamas to accept a truce", "officials")
    assert (second.text, second.cue) == ("famine was spreading", "warned")


def test_first_person_after_reply_is_direct(quotes_of):
    q = only(quotes_of("Asked about the talks, Grundberg replied we don’t expect a deal this week.",
                       ("Hans Grundberg",)))
    assert (q.text, q.kind, q.cue) == ("we don’t expect a deal this week", "direct", "replied")


def test_accused_of_and_described_as(quotes_of):
    q = only(quotes_of("He accused the RSF of looting aid warehouses."))
    assert (q.text, q.cue, q.rule) == ("the RSF of looting aid warehouses", "accused", "indirect.obj_of:accuse")
    q = only(quotes_of("Blinken described the talks as constructive.", ("Antony Blinken",)))
    assert (q.text, q.cue, q.speaker) == ("the talks as constructive", "described", "a1")


def test_closing_mark_without_opening_is_ignored(quotes_of):
    quotes = quotes_of('Grundberg acknowledged that the talks were hard" but said that progress was made.',
                       ("Hans Grundberg",))
    assert [(q.text, q.cue, q.kind) for q in quotes] == [("the talks were hard", "acknowledged", "indirect"),
                                                         ("progress was made", "said", "indirect")]


def test_nested_speech_is_part_of_the_outer_quote(quotes_of):
    q = only(quotes_of("He said Grundberg had warned that the truce was fragile."))
    assert (q.text, q.cue) == ("Grundberg had warned that the truce was fragile", "said")


def test_another_speakers_clause_and_according_to_end_the_content(quotes_of):
    quotes = quotes_of("Israel's army said it had opened a corridor, while Hamas denied that any corridor existed.")
    assert [(q.text, q.speaker_text) for q in quotes] == [("it had opened a corridor", "Israel's army"),
                                                         ("any corridor existed", "Hamas")]
    q = only(quotes_of("Mediators in Doha said they were hopeful, according to Qatar's foreign ministry."))
    assert q.text == "they were hopeful"


def test_scare_quotes_and_titles_are_not_quotes(quotes_of):
    assert quotes_of("The so-called “humanitarian pause” began at dawn in Gaza.") == []
    assert quotes_of("Hans Grundberg said on “Good Morning Yemen” that he was hopeful.",
                     ("Hans Grundberg",))[0].text == "he was hopeful"


def test_beliefs_need_a_named_holder(quotes_of):
    assert quotes_of("Troops moved east, ahead of what many believe is a new push on El Fasher.") == []


SENTENCES = [
    "“The truce is holding,” Grundberg said.", "He said the talks would resume.", "“We need fuel.",
    "Aid is blocked, the WFP said.", "The so-called “pause” began.", "They replied: We are ready.",
    "He accused them of shelling Rafah.", "‘No comment,’ he said.", "Talks failed\" but resumed.",
    "Grundberg: Peace is near", "It's the army's \"last offer\", officials said.", "\n\n", "",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.sampled_from([" ", "\n\n", " \n"]))
def test_offsets_round_trip_on_any_mix(quotes_of, parts, sep):
    text = sep.join(parts).strip() or "Nothing."
    for q in quotes_of(text, ("Hans Grundberg",)):
        assert 0 <= q.span[0] < q.span[1] <= len(text)
        assert q.text == q.text.strip() and q.kind in ("direct", "indirect")


def test_seeds_quote_f1_with_speakers(resources):
    from ceasefire.analyse.pipeline import Analyser, builtin_extractors
    from ceasefire.evaluate.scorer import evaluate_directory
    from ceasefire.records import RawDocument, Source

    builtin_extractors()  # register the built-in extractors; run only what quotes need
    analyser = Analyser(resources, extractors=["actors", "quotes"])
    scores = evaluate_directory(SEEDS, lambda p: analyser.analyse(
        RawDocument(text=p.read_text(encoding="utf-8"), source=Source(path=str(p)))))
    assert scores.quotes_ignoring_speaker.f1 >= SEED_FLOOR, scores.details
    assert scores.quotes.f1 >= SEED_FLOOR, scores.details


# -- typewriter marks, dashes, transcripts, headlines ---------------------------------

def test_two_apostrophes_are_a_double_mark(quotes_of):
    q = only(quotes_of("''We are ready to talk,'' said Hans Grundberg.", ("Hans Grundberg",)))
    assert (q.text, q.speaker, q.rule) == ("We are ready to talk", "a1", "direct.marked:say")


def test_dash_and_name_after_a_quote(quotes_of):
    text = "Readers wrote to us.\n\n“We want the shelling to stop.” ― Amal Hassan"
    q = only(quotes_of(text, ("Amal Hassan",)))
    assert (q.text, q.speaker_text, q.speaker, q.rule) == (
        "We want the shelling to stop.", "Amal Hassan", "a1", "direct.marked:dash")


def test_transcript_labels_name_the_speaker(quotes_of):
    text = "PENCE: Well, we are ready for the debate.\n\nWALLACE: Thank you, Governor."
    first, second = quotes_of(text)
    assert (first.text, first.speaker_text) == ("Well, we are ready for the debate.", "PENCE")
    assert (second.text, second.speaker_text) == ("Thank you, Governor.", "WALLACE")


def test_colon_before_a_new_paragraph(quotes_of):
    text = "The governor added:\n\nIt is typical of them. They never listen.\n\nTalks resume today."
    q = only(quotes_of(text))
    assert (q.text, q.speaker_text, q.rule) == ("It is typical of them. They never listen.", "The governor",
                                                "direct.colon:add")


def test_headline_with_a_capitalised_cue(quotes_of):
    text = "Truce In Hodeidah Must Hold, Hans Grundberg Says\n\nThe envoy spoke in Muscat on Sunday."
    q = only(quotes_of(text, ("Hans Grundberg",)))
    assert (q.text, q.speaker_text, q.speaker, q.rule) == (
        "Truce In Hodeidah Must Hold", "Hans Grundberg", "a1", "direct.headline:say")


# -- mixed and interrupted speech, relative pronouns, misparsed complements -----------

def test_marks_inside_an_indirect_clause_quote_the_whole_clause(quotes_of):
    q = only(quotes_of("Griffiths said the convoys “cannot move without guarantees” from both sides.",
                       ("Martin Griffiths",)))
    assert (q.text, q.kind, q.speaker) == ("the convoys “cannot move without guarantees” from both sides",
                                           "indirect", "a1")


def test_unmarked_words_before_marks_belong_to_the_quote(quotes_of):
    q = only(quotes_of("With so many crossings closed, “there is no way in,” Grundberg said.", ("Hans Grundberg",)))
    assert (q.text, q.speaker_text) == ("With so many crossings closed, “there is no way in", "Grundberg")


def test_interrupted_speech_leaves_the_attribution_out(quotes_of):
    q = only(quotes_of("The fighting, he said, will continue until the spring."))
    assert q.text == "will continue until the spring"
    assert "said" not in q.text and q.speaker_text == "he"


def test_relative_pronoun_is_the_nearest_speaker_text(quotes_of):
    q = only(quotes_of("Aid arrived late, according to Martin Griffiths, who said the convoy had been stopped.",
                       ("Martin Griffiths",)))
    assert (q.text, q.speaker_text, q.speaker) == ("the convoy had been stopped", "who", "a1")


def test_complement_parsed_as_adverbial_clause(quotes_of):
    q = only(quotes_of("Lavrov said after the meeting he would not accept the proposal.", ("Sergei Lavrov",)))
    assert q.text.endswith("he would not accept the proposal") and q.speaker == "a1"


# -- the attribution scheme (PolNeAR / PARC), a profile of cues.yaml -----------------

@pytest.fixture(scope="module")
def attributions_of(resources):
    from ceasefire.analyse.quotes import find_quotes
    from ceasefire.analyse.quotes_cues import CueLexicon
    from ceasefire.analyse.resources import read_data

    def run(text: str, profile: str | None = "attribution") -> list[tuple[str, str | None, str]]:
        lex = CueLexicon.from_data(read_data("cues.yaml"), profile=profile)
        out = []
        for c in find_quotes(resources.nlp(text), text, lex):
            sp = c.attribution.speaker_span if c.attribution and c.attribution.speaker is not None else None
            out.append((text[c.span[0]:c.span[1]], text[sp[0]:sp[1]] if sp else None, c.rule.split(":")[0]))
        return out
    return run


def test_profile_switches_and_unknown_profile() -> None:
    from ceasefire.analyse.quotes_cues import CueLexicon, with_profile
    from ceasefire.analyse.resources import read_data

    data = read_data("cues.yaml")
    default, broad = CueLexicon.from_data(data), CueLexicon.from_data(data, profile="attribution")
    assert not (default.attribution or default.stance or default.according_to or default.full_sources)
    assert broad.attribution and broad.stance and broad.according_to and broad.full_sources
    assert len(broad.cues) > len(default.cues) and not default.nouns and broad.nouns
    assert with_profile(data, None) is data
    with pytest.raises(KeyError):
        with_profile(data, "nope")


def test_beliefs_intentions_and_findings_under_the_attribution_scheme(attributions_of):
    text = "The poll shows a close race in Ohio."
    assert attributions_of(text) == [("a close race in Ohio", "The poll", "indirect.obj")]
    assert attributions_of(text, profile=None) == []
    assert attributions_of("Hamas wants to reopen the crossing.") == [
        ("to reopen the crossing", "Hamas", "indirect.xcomp")]
    assert attributions_of("Many residents believe the truce will collapse.") == [
        ("the truce will collapse", "Many residents", "indirect.ccomp")]
    assert attributions_of("Many residents believe the truce will collapse.", profile=None) == []


def test_nouns_adjectives_and_according_to(attributions_of):
    assert attributions_of("Israel's claim that the tunnel was empty was disputed.") == [
        ("the tunnel was empty", "Israel's", "indirect.noun")]
    assert attributions_of("Egypt has been critical of the blockade.") == [
        ("the blockade", "Egypt", "indirect.adjective")]
    assert attributions_of("The convoy was stopped at Rafah, according to the Red Crescent.") == [
        ("The convoy was stopped at Rafah", "the Red Crescent", "indirect.according_to")]


def test_sources_are_whole_noun_phrases_under_the_attribution_scheme(attributions_of):
    text = "Hans Grundberg, the UN envoy for Yemen, said the truce would hold."
    assert attributions_of(text) == [("the truce would hold", "Hans Grundberg, the UN envoy for Yemen",
                                      "indirect.ccomp")]
    assert attributions_of(text, profile=None) == [("the truce would hold", "Hans Grundberg", "indirect.ccomp")]


def test_agentless_passives_of_cues_quote_subject_and_complement(attributions_of):
    text = "The commander was accused of diverting fuel from the hospital."
    assert attributions_of(text) == [(text[:-1], None, "indirect.passive")]
    assert attributions_of(text, profile=None) == []
    assert attributions_of("The plan, known as the Jeddah framework, collapsed within days.") == [
        ("The plan, known as the Jeddah framework", None, "indirect.passive")]


def test_verb_classes_of_the_attribution_scheme(attributions_of):
    text = "The mediators downplayed the clashes near the border."
    assert attributions_of(text) == [("the clashes near the border", "The mediators", "indirect.obj")]
    assert attributions_of(text, profile=None) == []
    assert attributions_of("The minister branded the proposal a betrayal.") == [
        ("the proposal a betrayal", "The minister", "indirect.stance")]


def test_a_repeated_demand_is_a_second_quote(attributions_of):
    text = "The family called on police to release the footage and called on residents to stay calm."
    assert attributions_of(text) == [("police to release the footage", "The family", "indirect.stance"),
                                     ("residents to stay calm", "The family", "indirect.stance")]


def test_a_source_stops_before_its_own_attribution(attributions_of):
    text = "Ahmed Saleh, who insisted that the talks would resume, said the truce was holding."
    assert ("the truce was holding", "Ahmed Saleh", "indirect.ccomp") in attributions_of(text)
    text = "Ahmed Saleh, who heads the council, said the truce was holding."
    assert attributions_of(text) == [("the truce was holding", "Ahmed Saleh, who heads the council", "indirect.ccomp")]


def test_inverted_speaker_after_closing_marks_is_not_the_quotes_last_noun(quotes_of):
    # a parse may make the quote's last noun ("mode") a second subject of "said"
    text = "“The convoy is stuck at the crossing. Full panic mode,” said Amal Hassan, a Red Crescent volunteer."
    q = only(quotes_of(text, ("Amal Hassan",)))
    assert (q.speaker_text, q.speaker) == ("Amal Hassan", "a1")
    assert q.text.startswith("The convoy is stuck")


def test_transcript_label_inside_an_opening_mark(quotes_of):
    text = "The interview, in part:\n\n\"PENCE: Well, we are ready for the debate tomorrow night.\n\n" \
           "\"WALLACE: Thank you, Governor, for your time this morning."
    quotes = quotes_of(text)
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("Well, we are ready for the debate tomorrow night.", "PENCE"),
        ("Thank you, Governor, for your time this morning.", "WALLACE")]


def test_a_month_abbreviation_does_not_end_the_content() -> None:
    from ceasefire.analyse.quotes_cues import SENTENCE_END
    text = "He cited the attacks of Sept. 11 and the raids. Mr. Saleh left."
    assert [m.start() for m in SENTENCE_END.finditer(text)] == [text.index("raids.") + 5, len(text) - 1]


def test_a_second_infinitive_hung_on_the_cue_continues_the_content(attributions_of):
    # the parse hangs "grow" and "open" on "wants", not on "triple"
    text = "The governor wants to triple the aid budget, grow the food program and open new clinics."
    assert attributions_of(text) == [
        ("to triple the aid budget, grow the food program and open new clinics", "The governor", "indirect.xcomp")]
    # the speaker's own next act (same form as the cue) is not content
    text = "The minister agreed to reopen the crossing and flew to Cairo."
    assert attributions_of(text) == [("to reopen the crossing", "The minister", "indirect.xcomp")]


def test_the_time_and_place_of_an_act_are_not_its_object(attributions_of):
    text = "Mr. Saleh criticized the blockade in a televised speech and called for talks."
    assert ("the blockade", "Mr. Saleh", "indirect.obj") in attributions_of(text)
    text = "Mr. Saleh criticized the council for ignoring the famine."
    assert attributions_of(text) == [("the council for ignoring the famine", "Mr. Saleh", "indirect.obj")]


def test_a_circumstance_of_the_act_does_not_run_on_into_an_object(attributions_of):
    # an adverbial clause or a time span after an object frames the act: the
    # run-on to the sentence end stops before it
    text = "The minister criticised the blockade because the convoys were turned back."
    assert attributions_of(text) == [("the blockade", "The minister", "indirect.obj")]
    text = "The mayor has mentioned the curfew since the shelling began."
    assert attributions_of(text) == [("the curfew", "The mayor", "indirect.obj")]
    text = "The court denied the permits until the survey was finished."
    assert attributions_of(text) == [("the permits", "The court", "indirect.obj")]
    # a purpose infinitive after the object is no part of it
    text = "The aid agency cited the flooding to explain the delay in deliveries."
    assert ("the flooding", "The aid agency", "indirect.obj") in attributions_of(text)
    # a reported clause still runs on ("said X, so Y": Y is said too)
    text = "Officials said one convoy may carry aid for many villages, so the numbers are not comparable."
    assert attributions_of(text)[0][0] == \
        "one convoy may carry aid for many villages, so the numbers are not comparable"


def test_an_aside_after_an_object_is_not_the_content(attributions_of):
    # a non-restrictive relative clause on the object is the writer's remark
    text = "The governor has acknowledged the scale of the famine, which sets her apart from her party."
    assert attributions_of(text) == [("the scale of the famine", "The governor", "indirect.obj")]
    # also when a circumstance of the act follows it
    text = "The envoy likened the truce to a bandage, which stops the bleeding, in an interview with a local radio station."
    assert attributions_of(text) == [("the truce to a bandage", "The envoy", "indirect.obj")]
    # ", which is ..." says what the object is: it stays
    text = "The governor has acknowledged a glaring weakness, which is the lack of clean water."
    assert attributions_of(text)[0][0] == "a glaring weakness, which is the lack of clean water"
    # a participle after an infinitive is the speaker's manner, not what is wanted
    text = "The council wants to register 20,000 families, focusing on widows and orphans."
    assert attributions_of(text) == [("to register 20,000 families", "The council", "indirect.xcomp")]


def test_a_reported_clause_loses_a_description_after_a_name_only(attributions_of):
    text = "He said he did not trust Mr. Hemedti, the commander of the paramilitary force."
    assert attributions_of(text)[0][0] == "he did not trust Mr. Hemedti"
    # the name after a description identifies whom: it stays
    text = "He said he did not trust the commander of the paramilitary force, Mr. Hemedti."
    assert attributions_of(text)[0][0] == "he did not trust the commander of the paramilitary force, Mr. Hemedti"
    # a reported clause keeps its relative clause: the speaker may have said it
    text = "She said the plant would close, which would cost 300 jobs."
    assert attributions_of(text)[0][0] == "the plant would close, which would cost 300 jobs"


def test_according_to_sources_a_clause_with_an_attribution_inside(attributions_of):
    text = "According to lawyers for the family, police have said they will not release the footage."
    assert attributions_of(text) == [
        ("police have said they will not release the footage", "lawyers for the family", "indirect.according_to"),
        ("they will not release the footage", "police", "indirect.ccomp")]
    # the full stop after a closing "according to X" is no part of the clause
    text = "Police have refused to release the footage, according to lawyers for the family."
    assert ("Police have refused to release the footage", "lawyers for the family",
            "indirect.according_to") in attributions_of(text)


# -- who holds the view: control, participles, possessives, headers -----------------

def test_object_control_gives_the_infinitive_its_subject(attributions_of):
    # "forced Halvorsen to admit": Halvorsen admits, not the hearing
    text = "The hearing forced Halvorsen to admit that the convoy had been stopped at the border."
    assert attributions_of(text) == [("the convoy had been stopped at the border", "Halvorsen", "indirect.ccomp")]


def test_a_participle_on_a_noun_is_the_work_of_its_clause_subject(attributions_of):
    # the tweets criticize, and Burhan wrote them: not Okafor, the subject of "spoke"
    text = ("Okafor spoke to reporters Friday after Burhan unleashed a series of tweets criticizing the "
            "mediators, the envoys from Jiddah.")
    assert ("the mediators, the envoys from Jiddah", "Burhan", "indirect.obj") in attributions_of(text)


def test_a_participle_clause_skips_a_relative_clause(attributions_of):
    # ", saying ..." continues the main clause (Okafor), not "a driver who said ..."
    text = ("Okafor got defensive when forced to defend not paying a driver who said he was cheated after he "
            "drove a convoy to one of the army’s bases, saying, “Maybe he didn’t do a good job, and I wasn’t "
            "satisfied with his work.”")
    quotes = attributions_of(text)
    assert [s for q, s, _ in quotes if q.startswith("Maybe")] == ["Okafor"]
    # but in "with X — who ... — lambasting" the object of "with" does the lambasting
    text = ("It has become a major issue in the election, with Amina Yusuf — who has called for big tax hikes "
            "on the rich — lambasting Okafor’s plan.")
    assert ("Okafor’s plan", "Amina Yusuf", "indirect.obj") in attributions_of(text)


def test_a_possessive_bound_by_its_clause_subject_names_the_subject(attributions_of):
    text = "Halvorsen laid out her proposals to reopen the crossing at Rafah."
    assert attributions_of(text) == [("to reopen the crossing at Rafah", "Halvorsen", "indirect.noun")]
    # no agreement ("his" cannot be the council), no change
    text = "The council shelved his proposal to reopen the crossing."
    assert ("to reopen the crossing", "his", "indirect.noun") in attributions_of(text)


def test_a_source_phrase_ends_before_its_verb(attributions_of):
    # the parse hangs the trailing apposition on "group"; the source stops at the verb
    text = ("A union representing aid workers endorsed Amina Yusuf for president on Thursday, another example "
            "of organized labor throwing its support behind the nominee.")
    assert [s for _, s, _ in attributions_of(text)] == ["A union representing aid workers"]


def test_a_subject_in_another_paragraph_is_no_speaker() -> None:
    from types import SimpleNamespace as NS

    from ceasefire.analyse.quotes import Candidate, _clip_source
    from ceasefire.analyse.quotes_cues import Attribution, Cue
    text = "The Latest on the talks (all times local):\n\n9 a.m.\n\nThe army is questioning the monitors."
    head, verb = NS(idx=4, text="Latest"), NS(idx=text.index("questioning"), text="questioning")
    att = Attribution(verb=verb, cue=Cue("oppose", frozenset(), frozenset(), frozenset()), speaker=head,
                      speaker_span=(0, text.index(":")), clause=(0, 0))
    _clip_source(Candidate((text.index("the monitors"), len(text) - 1), "indirect", "r", att), text)
    assert att.speaker is None and att.speaker_span is None
    # a subject that a colon carries into a list stays
    text = "Imagine that she:\n\nIs the first candidate to hide her returns."
    head, verb = NS(idx=text.index("she"), text="she"), NS(idx=text.index("hide"), text="hide")
    att = Attribution(verb=verb, cue=Cue("publish", frozenset(), frozenset(), frozenset()), speaker=head,
                      speaker_span=(head.idx, head.idx + 3), clause=(0, 0))
    _clip_source(Candidate((text.index("her returns"), len(text) - 1), "indirect", "r", att), text)
    assert att.speaker_span == (head.idx, head.idx + 3)
