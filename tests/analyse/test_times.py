"""Time expressions resolved against a fixed publication date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ceasefire.analyse.context import Context
from ceasefire.analyse.times import TimeRules, Timex, extract_times, resolve_expressions, timex_value
from ceasefire.records import DateRange, TimeExpression

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "seeds"
THU = date(2022, 4, 7)  # a Thursday


@pytest.fixture(scope="module")
def rules() -> TimeRules:
    return TimeRules.load()


def only(text: str, rules: TimeRules, anchor: date | None = THU) -> Timex:
    found = resolve_expressions(text, anchor, rules)
    assert len(found) == 1, [(t.text, t.rule) for t in found]
    return found[0]


def rng(t: TimeExpression) -> tuple[str, str, str] | None:
    return (t.date.start, t.date.end, t.date.precision) if t.date else None


@pytest.mark.parametrize("text, expected", [
    ("The envoy said Thursday he was not optimistic.", ("2022-04-07", "2022-04-07", "day")),
    ("Officials met on Wednesday.", ("2022-04-06", "2022-04-06", "day")),
    ("They met on Friday.", ("2022-04-01", "2022-04-01", "day")),
    ("Talks resume next Monday.", ("2022-04-11", "2022-04-11", "day")),
    ("The vote is today.", ("2022-04-07", "2022-04-07", "day")),
    ("The vote was yesterday.", ("2022-04-06", "2022-04-06", "day")),
    ("The vote is tomorrow.", ("2022-04-08", "2022-04-08", "day")),
    ("He was in Doha earlier this week.", ("2022-04-04", "2022-04-06", "week")),
    ("It happened this week.", ("2022-04-04", "2022-04-10", "week")),
    ("It happened last week.", ("2022-03-28", "2022-04-03", "week")),
    ("Over the past week, convoys were blocked.", ("2022-03-31", "2022-04-07", "week")),
    ("He travels next week.", ("2022-04-11", "2022-04-17", "week")),
    ("He travels next week or two.", ("2022-04-11", "2022-04-24", "week")),
    ("Troops have withdrawn. The last days.", ("2022-03-31", "2022-04-07", "day")),
    ("In recent days the shelling eased.", ("2022-03-31", "2022-04-07", "day")),
    ("The offensive began on February 24th.", ("2022-02-24", "2022-02-24", "day")),
    ("The talks on Thursday (Mar 10) failed.", None),
    ("The talks on Thursday, Mar 10 failed.", ("2022-03-10", "2022-03-10", "day")),
    ("The siege began 10 March.", ("2022-03-10", "2022-03-10", "day")),
    ("The siege began on February 24, 2022.", ("2022-02-24", "2022-02-24", "day")),
    ("The truce held in March.", ("2022-03-01", "2022-03-31", "month")),
    ("The truce held last month.", ("2022-03-01", "2022-03-31", "month")),
    ("Fighting resumed in 2014.", ("2014-01-01", "2014-12-31", "year")),
    ("The war began just over six weeks ago.", ("2022-02-24", "2022-02-24", "week")),
    ("A ceasefire was declared on December 20.", ("2021-12-20", "2021-12-20", "day")),
    ("A ceasefire will start on December 20.", ("2022-12-20", "2022-12-20", "day")),
    ("Talks are due on April 10.", ("2022-04-10", "2022-04-10", "day")),
])
def test_resolution(text, expected, rules):
    found = resolve_expressions(text, THU, rules)
    if expected is None:  # two expressions: the weekday and the date
        assert [t.text for t in found] == ["Thursday", "Mar 10"]
        assert rng(found[1]) == ("2022-03-10", "2022-03-10", "day")
        return
    assert len(found) == 1, [(t.text, t.rule) for t in found]
    assert rng(found[0]) == expected
    assert found[0].rule.startswith("times.")
    s, e = found[0].span
    assert text[s:e] == found[0].text


def test_coordinated_days_give_two_expressions(rules):
    text = "The Assembly called for an end to hostilities in Ukraine on March 2 and 24."
    found = resolve_expressions(text, THU, rules)
    assert [t.text for t in found] == ["March 2", "24"]
    assert [rng(t) for t in found] == [("2022-03-02", "2022-03-02", "day"), ("2022-03-24", "2022-03-24", "day")]
    assert text[found[1].span[0]:found[1].span[1]] == "24"


def test_coordinated_number_that_is_not_a_day(rules):
    found = resolve_expressions("On March 2 and 24 people died.", THU, rules)
    assert [t.text for t in found] == ["March 2"]


def test_next_month_name_moves_a_year(rules):
    assert timex_value(only("They will meet next March.", rules)) == ("DATE", "2023-03")
    assert timex_value(only("They met last March.", rules)) == ("DATE", "2022-03")
    assert timex_value(only("They met last April.", rules)) == ("DATE", "2021-04")


def test_durations_have_no_date(rules):
    t = only("Kuleba said no progress was made on a 24-hour ceasefire.", rules)
    assert t.text == "24-hour" and t.date is None and timex_value(t) == ("DURATION", "PT24H")
    t = only("The siege lasted six weeks.", rules)
    assert t.date is None and timex_value(t) == ("DURATION", "P6W")
    assert timex_value(only("It took two and a half years.", rules)) == ("DURATION", "P2Y6M")
    assert timex_value(only("It took a few days.", rules)) == ("DURATION", "PXD")


def test_clock_time(rules):
    t = only("The pause starts at 9:00 a.m. local time.", rules)
    assert timex_value(t) == ("TIME", "2022-04-07T09:00") and rng(t) == ("2022-04-07", "2022-04-07", "day")
    assert timex_value(only("The curfew starts at 10 p.m.", rules)) == ("TIME", "2022-04-07T22:00")


@pytest.mark.parametrize("text, value", [
    ("He spoke Thursday.", ("DATE", "2022-04-07")),
    ("He spoke earlier this week.", ("DATE", "2022-W14")),
    ("It has been going on for the past week.", ("DURATION", "P1W")),
    ("Prices rose in March.", ("DATE", "2022-03")),
    ("Profits fell in the third quarter.", ("DATE", "2021-Q3")),
    ("The war is now in its second month.", ("DATE", "PRESENT_REF")),
    ("Such talks have recently stalled.", ("DATE", "PAST_REF")),
    ("Convoys leave daily.", ("SET", "P1D")),
    ("The boom of the 1990s ended.", ("DATE", "199")),
    ("It rained this morning.", ("TIME", "2022-04-07TMO")),
    ("The plan was agreed two years ago.", ("DATE", "2020")),
])
def test_timeml_values(text, value, rules):
    assert timex_value(only(text, rules)) == value


@pytest.mark.parametrize("text, day", [
    # the anchor is Thursday 2022-04-07: a bare weekday is the last one unless the clause looks ahead
    ("The envoy said the delegation would travel to Geneva Monday.", "2022-04-11"),
    ("The rebels were planning to withdraw from the town on Saturday.", "2022-04-09"),
    ("The truce was extended until Sunday.", "2022-04-10"),
    ("The parties have until 9 a.m. Tuesday to sign the text.", "2022-04-12"),
    ("Until Tuesday, the two sides had not met.", "2022-04-05"),                          # a clause that opens with it
    ("She hoped he would help the families, where the shelling of Monday had hit.", "2022-04-04"),
    ("They said they would appeal Tuesday's ruling.", "2022-04-05"),                      # a day already named
])
def test_weekday_direction_from_the_clause(text, day, rules):
    found = [t for t in resolve_expressions(text, date(2022, 4, 7), rules) if t.date and t.date.precision == "day"]
    assert found and found[0].date.start == day


def test_without_anchor_only_absolute_dates(rules):
    found = resolve_expressions("On Thursday, March 2, and on February 24, 2022.", None, rules)
    dated = {t.text: t.date for t in found}
    assert dated["February 24, 2022"] == DateRange("2022-02-24", "2022-02-24", "day")
    assert all(d is None for text, d in dated.items() if text != "February 24, 2022")


def test_timex_value_of_plain_time_expression():
    expr = TimeExpression("last week", (0, 9), DateRange("2022-03-28", "2022-04-03", "week"), "x")
    assert timex_value(expr) == ("DATE", "2022-W13")


def test_words_that_are_not_dates(rules):
    assert resolve_expressions("Troops may march on the 6-year-old's school; 2000 people fled.", THU, rules) == []


# ---- seeds, with the spaCy parse ---------------------------------------------------------
@pytest.fixture(scope="module")
def seed_times(resources):
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
        ctx = Context(text=text, doc=resources.nlp(text), published=date.fromisoformat(gold["published"]),
                      resources=resources)
        extract_times(ctx)
        out[path.name[:3]] = {t.text: rng(t) for t in ctx.times}
    return out


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not present")
def test_seed_000_phrases(seed_times):
    t = seed_times["000"]
    assert t["earlier this week"] == ("2022-04-04", "2022-04-06", "week")
    assert t["next week or two"] == ("2022-04-11", "2022-04-24", "week")
    assert t["Over the past week"] == ("2022-03-31", "2022-04-07", "week")
    assert t["March 2"] == ("2022-03-02", "2022-03-02", "day")
    assert t["24"] == ("2022-03-24", "2022-03-24", "day")
    assert t["February 24th"] == ("2022-02-24", "2022-02-24", "day")
    assert t["Thursday"] == ("2022-04-07", "2022-04-07", "day")
    assert t["just over six weeks ago"][2] == "week"


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seeds not present")
def test_seed_001_phrases(seed_times):
    t = seed_times["001"]
    assert t["Thursday"] == ("2022-03-10", "2022-03-10", "day")
    assert t["Mar 10"] == ("2022-03-10", "2022-03-10", "day")
    assert t["Wednesday"] == ("2022-03-09", "2022-03-09", "day")
    assert t["February 24"] == ("2022-02-24", "2022-02-24", "day")
    assert t["24-hour"] is None


# ---- reference time, TimeML conventions ------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # anaphora resolved against the date last spoken of, not the publication date
    ("Profit rose in the third quarter. A year earlier it fell.", ["2021-Q3", "2020-Q3"]),
    ("Net rose in the third quarter, up from $5 million a year ago.", ["2021-Q3", "2020-Q3"]),
    ("The deal closed on Sept. 30. A year earlier, talks had failed.", ["2021-09-30", "2020-09-30"]),
    ("He was promoted on May 22, 1995, and the following year he left.", ["1995-05-22", "1996"]),
    ("The raid came on Oct. 23, 2021. Earlier that day police met.", ["2021-10-23", "2021-10-23"]),
    ("Troops arrived on March 2. He was shot at 10 p.m.", ["2022-03-02", "2022-03-02T22:00"]),
    ("Sales rose in the second quarter. Results for that quarter were restated.", ["2022-Q2", "2022-Q2"]),
    ("Jobs grew 3% on the year-earlier level.", ["2021"]),
])
def test_reference_time(text, expected, rules):
    assert [t.timex_value for t in resolve_expressions(text, THU, rules)] == expected


def test_anaphoric_expressions_do_not_move_the_reference(rules):
    text = "Profit rose in the third quarter. A year earlier it fell. Sales were flat a year earlier."
    assert [t.timex_value for t in resolve_expressions(text, THU, rules)] == ["2021-Q3", "2020-Q3", "2020-Q3"]


@pytest.mark.parametrize("text, value", [
    ("Fighting resumed in June last year.", ("DATE", "2021-06")),
    ("In recent weeks the shelling eased.", ("DATE", "PAST_REF")),
    ("In coming months the talks resume.", ("DATE", "FUTURE_REF")),
    ("In the past, truces collapsed.", ("DATE", "PAST_REF")),
    ("It was the bloodiest war of the 20th century.", ("DATE", "19")),
    ("Prices peaked in the nineties.", ("DATE", "199")),
    ("The hearing is set for the week of March 6.", ("DATE", "2022-W10")),
    ("The offer expires at 5 p.m. EST, Nov. 6.", ("TIME", "2021-11-06T17:00")),
    ("The feud lasted two decades.", ("DURATION", "P20Y")),
    ("Earnings for the fiscal year will rise.", ("DATE", "2022")),
    ("It earned $5 million in the year ended March 31.", ("DURATION", "P1Y")),
    ("It was founded in nineteen ninety-seven.", ("DATE", "1997")),
    ("The plan is for the year two thousand.", ("DATE", "2000")),
    ("Convoys leave every day.", ("SET", "P1D")),
])
def test_more_timeml_values(text, value, rules):
    found = [t for t in resolve_expressions(text, THU, rules) if t.timex_type != "DATE" or t.timex_value]
    assert (found[0].timex_type, found[0].timex_value) == value, [(t.text, t.timex_value) for t in found]


def test_recent_keeps_its_range(rules):
    t = only("In recent weeks the shelling eased.", rules)
    assert timex_value(t) == ("DATE", "PAST_REF") and t.date is not None and t.date.end == "2022-04-07"


def test_future_and_reported_weekdays(rules):
    mon = date(2000, 4, 3)
    assert only("The father could come as soon as Tuesday.", rules, mon).timex_value == "2000-04-04"
    assert only('"We will win," Mr. Smith said Friday.', rules, mon).timex_value == "2000-03-31"
    assert only("Mr. Schwarz will succeed Daniel P. Davison Feb. 1.", rules, date(1989, 10, 26)).timex_value \
        == "1990-02-01"


def test_seven_a_year_ago_is_not_a_compound_number(rules):
    found = resolve_expressions("It has 13 sites, up from seven a year ago.", date(1989, 11, 1), rules)
    assert [(t.text, t.timex_value) for t in found] == [("a year ago", "1988")]


def test_parser_dates_the_rules_miss(resources):
    text = "The 6-year-old boy, 52 years old, arrived in 1898. Election Day comes. Weeks passed."
    ctx = Context(text=text, doc=resources.nlp(text), published=THU, resources=resources)
    extract_times(ctx)
    got = {t.text: timex_value(t) for t in ctx.times}
    assert not any("old" in k for k in got)  # ages are not time expressions
    assert got.get("1898") == ("DATE", "1898")


@pytest.mark.parametrize("text, day", [
    # a future seen from the past points at the nearest such day (anchor: Thursday 2022-04-07)
    ("The accord came hours before the pause was due to lapse on Wednesday night.", "2022-04-06"),
    ("The truce had been expected to end on Tuesday.", "2022-04-05"),
    ("The two ministers were to meet on Saturday.", "2022-04-09"),
    ("The deal was originally scheduled to expire on April 5.", "2022-04-05"),
    # a present or future cue still looks ahead
    ("The talks are due to resume on Wednesday.", "2022-04-13"),
    ("The accord that was signed will take effect on Wednesday.", "2022-04-13"),
])
def test_a_past_tense_future_takes_the_nearest_day(text, day, rules):
    found = [t for t in resolve_expressions(text, THU, rules) if t.date and t.date.precision == "day"]
    assert found and found[0].date.start == day, [(t.text, t.timex_value) for t in found]


# Rules scanned near their words: words far apart, a rule's word inside longer words, words at a
# text's ends, long runs of spaces, and letters a case-insensitive rule reads as ASCII ones
# ("ſ", the Kelvin sign; "İ" folds to two characters, so that text is scanned whole).
WORD_TEXTS = [
    "That year the talks failed." + " Nothing of note happened." * 40 + " The 1990s, a week later.",
    "Yearly reports: the   same \n\n\n  year, yearlong truce; last month,   earlier that day at 4 p.m.",
    "In the ſixties and the 1980s, \u212aabul fell; two days later, every week, 3 o'clock.",
    "\u0130stanbul, that year: the eighties, this month, 10 years ago, for weeks.",
    "week" + "x" * 300 + "the following week" + "y" * 300 + "decades",
]


def test_rules_scanned_near_their_words_find_what_a_whole_scan_finds(rules):
    from ceasefire.analyse.times import RuleScan

    for text in WORD_TEXTS:
        scan = RuleScan(rules, text, text.casefold())
        for order, (rid, _, rx) in enumerate(rules.rules):
            whole = [(m.span(), m.groupdict()) for m in rx.finditer(text, overlapped=False)]
            assert [(m.span(), m.groupdict()) for m in scan.matches(order)] == whole, (rid, text[:30])
    assert RuleScan(rules, WORD_TEXTS[3], WORD_TEXTS[3].casefold())._folded is None
