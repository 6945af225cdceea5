"""The shortcuts taken for single-core throughput give the answers of the plain way.

Each one (a rule skipped when the text cannot match it, a per-document cache,
an index by first word) is checked against the straightforward computation
on sentences written for the purpose.
"""
from __future__ import annotations

import unicodedata
from datetime import date

from ceasefire.analyse import times as T
from ceasefire.analyse.events import lexicon
from ceasefire.analyse.figures import SKIP_WORDS, FigureRules
from ceasefire.analyse.numbers import find_quantities
from ceasefire.resolve import stories

TEXTS = [
    "The envoy met both delegations on 3 March and again on Friday, two weeks ago.",
    "No month or weekday here, only a truce that held for 72 hours until the shelling resumed.",
    "Talks resumed in the spring of 2023; a year earlier the guns had fallen silent that day.",
    "In 1998 the rebels, nearly 4,000 fighters, signed; every Monday since, monitors have met.",
    "\u201cWe waited,\u201d said Jos\u00e9 Mar\u00eda, na\u00efvely, in Bogot\u00e1 on Tuesday night.",
]


def _all_rules(text: str, rules: T.TimeRules) -> list[tuple]:
    """Every rule run over the whole text: what ``resolve_expressions`` does without its gates."""
    saved_required, saved_words = rules.required, rules.words
    rules.required, rules.words = [()] * len(rules.rules), [None] * len(rules.rules)
    try:
        return [(t.span, t.rule, t.timex_value) for t in T.resolve_expressions(text, date(2024, 3, 10), rules)]
    finally:
        rules.required, rules.words = saved_required, saved_words


def test_time_rules_skipped_only_when_they_cannot_match():
    rules = T.TimeRules.load()
    month_rules = [rid for (rid, _, _), req in zip(rules.rules, rules.required) if "MONTHX" in req or "MONTH" in req]
    assert month_rules, "the date rules that need a month name should be known to need it"
    for text in TEXTS:
        gated = [(t.span, t.rule, t.timex_value) for t in T.resolve_expressions(text, date(2024, 3, 10), rules)]
        assert gated == _all_rules(text, rules)


def test_a_required_part_is_told_from_an_optional_one():
    assert not T._can_match(r"\bin\s+(?!)\b")
    assert T._can_match(r"\bin(?:\s+(?!))?\b")
    assert T._can_match(r"(?:(?!)|March)\s+\d")
    assert T._required_word(r"\b(?:that|the same)\s+year\b") == "year"
    assert T._required_word(r"\b(?:that|the same)(?:\s+year)?\b") is None


def test_token_forms_are_per_document(resources):
    nlp = resources.nlp
    a, b = nlp("Negotiators agreed a ceasefire."), nlp("Rebels hoped for talks.")
    for doc in (a, b, a):  # switching documents must not serve the other's table
        for tok in doc:
            assert lexicon.forms(tok) == lexicon._forms(tok)
            assert lexicon.token_in(tok, frozenset(lexicon._forms(tok)[:1]))
    assert lexicon.token_in(b[1], frozenset({"hope"}))  # "hoped" without its inflection
    assert lexicon.token_in(b[1], ["hope"])  # a list of words too


def test_quantities_found_once_per_document_each_caller_its_own_list(resources):
    doc = resources.nlp("More than 4,000 people fled and about 300 stayed.")
    first = find_quantities(doc)
    first.clear()
    again = find_quantities(doc)
    assert [(q.text, q.value, q.qualifier) for q in again] == [("More than 4,000", 4000, "more_than"),
                                                               ("about 300", 300, "about")]
    other = resources.nlp("Twelve were hurt.")
    assert [q.value for q in find_quantities(other)] == [12]


def test_figure_cues_indexed_by_first_word_match_like_every_cue_everywhere(resources):
    rules = FigureRules.of(resources)
    doc = resources.nlp("The shelling killed 12 civilians and wounded 30 people, and 5,000 people were displaced.")
    tokens = list(doc)
    seq = [t for t in tokens if not (t.pos_ == "DET" or t.tag_ in ("PRP$", "POS") or t.is_punct
                                     or t.lower_ in SKIP_WORDS)]
    brute = []
    for cue in rules.cues:  # every cue at every position, longest cues first
        n = len(cue.words)
        for i in range(len(seq) - n + 1):
            window = seq[i:i + n]
            if all(w in rules._forms(t) for w, t in zip(cue.words, window)) and \
                    all(y.i - x.i <= 4 for x, y in zip(window, window[1:])):
                brute.append((cue, [t.i for t in window]))
    got = [(c, [t.i for t in w]) for c, w in rules.match(tokens)]
    assert got  # the sentence names the killed and the displaced
    assert got == brute


def test_accent_folding_drops_only_combining_marks():
    for text in TEXTS + ["\u1e9b\u0323 \ufb01 \u00c5ngstr\u00f6m \u0130stanbul"]:
        nfkd = unicodedata.normalize("NFKD", text)
        assert stories._fold(text) == "".join(c for c in nfkd if not unicodedata.combining(c))
    assert stories.signature(TEXTS[0]).jaccard(stories.signature(TEXTS[0], stories.shingles(TEXTS[0]))) == 1.0
    assert stories._fold("Bogot\u00e1") == "Bogota"
