"""Number reading: values, hedges, counted nouns and what is not a count."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.analyse.numbers import QUALIFIERS, find_quantities, parse_quantity


@pytest.mark.parametrize("text, expected", [
    ("three", (3, "exact")),
    ("1,400", (1400, "exact")),
    ("1000", (1000, "exact")),
    ("4 million", (4_000_000, "exact")),
    ("1.5 million", (1_500_000, "exact")),
    ("2.3m", (2_300_000, "exact")),
    ("twenty-five", (25, "exact")),
    ("two hundred and fifty thousand", (250_000, "exact")),
    ("a dozen", (12, "exact")),
    ("a million", (1_000_000, "exact")),
    ("half a million", (500_000, "exact")),
    ("dozens", (12, "more_than")),
    ("hundreds", (100, "more_than")),
    ("millions", (1_000_000, "more_than")),
    ("tens of thousands", (10_000, "more_than")),
    ("hundreds of thousands", (100_000, "more_than")),
    ("several thousand", (1_000, "more_than")),
    ("more than 4 million", (4_000_000, "more_than")),
    ("over 8 million", (8_000_000, "more_than")),
    ("at least three", (3, "at_least")),
    ("no fewer than 40", (40, "at_least")),
    ("about 1000", (1000, "about")),
    ("around 300", (300, "about")),
    ("some 5,000", (5000, "about")),
    ("an estimated 150,000", (150_000, "about")),
    ("nearly 2 million", (2_000_000, "less_than")),
    ("almost 900", (900, "less_than")),
    ("up to 300", (300, "less_than")),
    ("fewer than 50", (50, "less_than")),
    ("1,000 or more", (1000, "at_least")),
    ("500-plus", (500, "more_than")),
])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "several", "a", "the people", "$", "3 4", "one two"])
def test_parse_quantity_rejects_non_numbers(text):
    assert parse_quantity(text) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_and_without_commas_round_trip(n):
    assert parse_quantity(str(n)) == (n, "exact")
    assert parse_quantity(f"{n:,}") == (n, "exact")


@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(sorted(QUALIFIERS)))
def test_every_hedge_gives_its_qualifier(n, hedge):
    assert parse_quantity(f"{hedge} {n:,}") == (n, QUALIFIERS[hedge])


@pytest.fixture(scope="module")
def quantities(resources):
    nlp = resources.nlp

    def run(text: str):
        return find_quantities(nlp(text))
    return run


def test_quantities_carry_hedge_and_counted_noun(quantities):
    qs = quantities("The fighting in Darfur has displaced millions of people and forced more than "
                    "1.5 million Sudanese to seek refuge abroad.")
    assert [(q.text, q.value, q.qualifier, q.head.text, q.kind) for q in qs] == [
        ("millions", 1_000_000, "more_than", "people", "count"),
        ("more than 1.5 million", 1_500_000, "more_than", "Sudanese", "count"),
    ]
    # offsets index the text of the Doc
    assert all(q.span.doc.text[q.start:q.end] == q.text for q in qs)


def test_bare_numbers_have_no_counted_noun(quantities):
    [q] = quantities("Gunmen in Ituri opened fire, killing 14.")
    assert (q.value, q.head, q.kind) == (14, None, "count")


@pytest.mark.parametrize("text, kind", [
    ("The World Bank pledged $1.5 billion for Yemen.", "money"),
    ("Donors gave 40 million dollars to UNRWA.", "money"),
    ("Prices in Khartoum rose 20% in a month.", "percent"),
    ("Nearly 80 percent of Gaza's people have left their homes.", "percent"),
    ("The Houthis seized the port in 2015.", "date"),
    ("The truce began on March 24.", "date"),
    ("The parties agreed a 72-hour truce.", "modifier"),
    ("The 15-member Security Council met on Sudan.", "modifier"),
    ("A 12-year-old boy was hurt.", "age"),
    ("A boy, 12, was hurt.", "age"),
    ("The council adopted Resolution 2254.", "label"),
    ("Talks lasted three days.", "time"),
])
def test_non_counts_are_told_apart(quantities, text, kind):
    kinds = [q.kind for q in quantities(text)]
    assert kind in kinds and "count" not in kinds


def test_one_of_is_no_count(quantities):
    qs = quantities("One of the convoys reached Goma with 200 evacuees.")
    assert [(q.value, q.head.text) for q in qs] == [(200, "evacuees")]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["at", "least", "3", "1,400", "million", "hundreds", "of", "people", "a", "dozen",
                                 "$", "5", "%", "-", "hour", "killed", "in", "2023", "about", "twenty", "-five",
                                 ",", "tens", "thousands", "half", "more", "than"]), max_size=15))
def test_find_quantities_never_crashes_and_spans_are_in_order(quantities, words):
    qs = quantities(" ".join(words))
    starts = [q.start for q in qs]
    assert starts == sorted(starts)
    assert all(q.value >= 0 and q.qualifier in {"exact", "more_than", "at_least", "about", "less_than"} for q in qs)


def test_hedges_looked_up_by_word_match_every_hedge_in_order():
    from ceasefire.analyse import numbers as N

    hedge_words = sorted({w for table in (N.QUALIFIERS, N.TRAILING) for p in table for w in p.split()})
    vocabulary = hedge_words + ["4,000", "people", "a"]
    seqs = [[vocabulary[(i * 7 + k * 3) % len(vocabulary)] for k in range(n)] for i in range(120) for n in (1, 2, 3, 4)]
    seqs += [p.split() + ["500"] for p in N.QUALIFIERS] + [["500", *p.split()] for p in N.TRAILING]
    for words in seqs:
        qualifier = next(((N.QUALIFIERS[p], words[len(ps):]) for p, ps in N._QUALIFIERS_LONGEST_FIRST
                          if words[:len(ps)] == ps and len(words) > len(ps)), ("exact", words))
        trailing = next(((N.TRAILING[p], words[:-len(ps)]) for p, ps in N._TRAILING_LONGEST_FIRST
                         if len(words) > len(ps) and words[-len(ps):] == ps), (None, words))
        assert N._split_qualifier(words) == qualifier
        assert N._split_trailing(words) == trailing
        for i in range(len(words) + 1):  # the hedge before / after a number at each position
            before = next(((i - len(ps), N.QUALIFIERS[p]) for p, ps in N._QUALIFIERS_LONGEST_FIRST
                           if i - len(ps) >= 0 and words[i - len(ps):i] == ps), (i, "exact"))
            assert N._qualifier_start(None, i, words) == before


def test_trailing_hedges_looked_up_by_word_match_every_hedge(resources):
    from ceasefire.analyse import numbers as N

    doc = resources.nlp("About 500 or more fled, 300-plus stayed, 20 plus aid, 40 odd, 7 or so and 9 or fewer +")
    lowers = [t.lower_ for t in doc]

    def plain(j: int) -> tuple[int, str | None]:
        for phrase, parts in N._TRAILING_LONGEST_FIRST:
            if j + len(parts) <= len(doc) and lowers[j:j + len(parts)] == parts:
                if phrase == "plus" and (j + 1 >= len(doc) or doc[j].whitespace_):
                    continue
                return j + len(parts), N.TRAILING[phrase]
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "plus":
            return j + 2, "more_than"
        return j, None

    assert [N._trailing(doc, j, lowers) for j in range(len(doc) + 1)] == [plain(j) for j in range(len(doc) + 1)]
