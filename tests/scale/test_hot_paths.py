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
    saved = rules.required, rules.words, rules.factors, rules.reach
    n = len(rules.rules)
    rules.required, rules.words, rules.factors, rules.reach = [()] * n, [None] * n, [None] * n, [None] * n
    try:
        return [(t.span, t.rule, t.timex_value) for t in T.resolve_expressions(text, date(2024, 3, 10), rules)]
    finally:
        rules.required, rules.words, rules.factors, rules.reach = saved


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
    assert T._required_factors(r"\b(?:this|next)\s+(?:Months|years)\b") == ("months", "years")  # the longer
    assert T._required_factors(r"\b(?:this|next)(?:\s+(?:month|year))?\b") == ("next", "this")
    assert T._required_factors(r"(?:\d+|two)\s+days") == ("days",)
    assert T._required_factors(r"\d+(?=\s+days)") is None  # a look-ahead's words are not in the match


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


# -- round 2: time rules scanned near their placeholders, language, records, the runner ---------

# Month names far apart, a month inside a longer word at a window's edge, long whitespace runs
# (which widen a match), matches that end where a window would be cut.
WINDOW_TEXTS = [
    "Fighting resumed on 3 March." + " Nothing of note happened." * 40 + " Talks are due on Tuesday, 12 May 2025.",
    "The Marchers left on 14" + " " * 50 + "March, and marched until 2 April\n\n\n\n   2024 in the spring of 2023.",
    "From June" + "\n" * 30 + "2021 to mid-July 2022, then three     weeks      ago on Monday morning, 4 pm.",
    "Marchers " * 30 + "MARCH 2 " + "Mayday " * 30 + "on 1 May, two years earlier, last September.",
    "x" * 200 + "Sept. 30, 2020" + "y" * 200 + " in August " + "z" * 5,
]


def _whole_scans(rules: T.TimeRules, text: str) -> list[list[tuple]]:
    return [[(m.span(), m.groupdict()) for m in rx.finditer(text, overlapped=False)] for _, _, rx in rules.rules]


def test_time_rules_scanned_near_their_placeholders_find_what_a_whole_scan_finds():
    rules = T.TimeRules.load()
    assert sum(r is not None for r in rules.reach) >= 10  # the month, weekday, year and unit rules
    for text in WINDOW_TEXTS + TEXTS:
        assert _all_rules(text, rules) == [(t.span, t.rule, t.timex_value)
                                           for t in T.resolve_expressions(text, date(2024, 3, 10), rules)]
        scan = T.RuleScan(rules, text)
        windowed = [[(m.span(), m.groupdict()) for m in scan.matches(i)] for i in range(len(rules.rules))]
        assert windowed == _whole_scans(rules, text), text[:40]
    assert T.RuleScan(rules, WINDOW_TEXTS[0]).matches  # the first text is mostly far from any month


def test_a_rules_reach_grows_with_the_texts_longest_whitespace():
    reach = T._reach(r"\bon\s+(?:the\s+)?(?P<month>May)\b(?!\s*\d)", "MONTH")
    assert reach is not None and dict(reach.width) == {"": 8, "[\\s]": 2}  # on, the, May and two runs
    assert dict(reach.ahead) == {"": 3, "[\\s]": 1}  # the look-ahead reads past the match, \b one more
    assert T._reach(r"(?P<a>x)(?P=a)+", "MONTH") is None  # a repeat no run can bound


def test_script_counts_without_naming_every_character_match_the_plain_count():
    from ceasefire.ingest import language as L

    for text in TEXTS + ["Прекращение огня в Донецке", "停火 ceasefire 停火", "ab" + "вг", "вг" + "ab", ""]:
        fast = L._script_counts_fast(text)
        plain = L._script_counts(text)
        if fast is None:  # a tie, decided by which script comes first
            top = plain.most_common(2)
            assert len(top) == 2 and top[0][1] == top[1][1]
        else:
            assert fast == plain
    assert L.detect_language("ab" + "вг").language is None  # the tie goes to Latin, as it first appears
    assert L.detect_language("вг" + "ab").language == "ru"


def test_records_to_dict_is_asdict_with_lists_for_tuples():
    import dataclasses

    from ceasefire.records import Actor, Article, DateRange, Event, Participant, Source, to_dict

    def plain(value):
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    article = Article(id="x", source=Source(url="https://e.example/a"), published="2024-03-01",
                      published_basis="metadata", text="Envoys met.",
                      actors=[Actor(id="a1", name="Envoy", kind="person", mentions=[(0, 6)], titles=["envoy"])],
                      events=[Event(type="talks", subtype=None, status="occurred",
                                    date=DateRange("2024-03-01", "2024-03-01"),
                                    participants=[Participant("a1", "party")], evidence=[(0, 11)],
                                    attributes={"agenda": ("aid", "prisoners"), "nested": {"span": (1, 2)}})])
    out = to_dict(article)
    assert out == plain(dataclasses.asdict(article))
    assert out["events"][0]["attributes"]["agenda"] == ["aid", "prisoners"]
    out["actors"][0]["titles"].append("changed")  # nothing shared with the record
    assert article.actors[0].titles == ["envoy"]


def test_a_re_read_of_a_stored_text_keeps_no_copy_but_another_url_does(tmp_path, monkeypatch):
    import hashlib

    from ceasefire import runner
    from ceasefire.analyse.pipeline import Analyser
    from ceasefire.analyse.resources import Resources
    from ceasefire.clean import clean_document
    from ceasefire.records import Article, RawDocument, Source
    from ceasefire.store import Store
    from ceasefire.store.tracking import copy_location

    text = "GENEVA - Envoys of both sides met in Geneva on Monday for a second round of talks."
    cleaned = clean_document(text).text
    article = Article(id=hashlib.sha256(cleaned.encode()).hexdigest(), source=Source(url="https://a.example/1"),
                      published="2024-03-04", published_basis="metadata", text=cleaned)
    recorded: list[tuple[str, str | None]] = []
    monkeypatch.setattr(runner, "record_copy", lambda store, aid, source, published: recorded.append((aid, source.url)))
    with Store.open(tmp_path / "s.db") as store:
        assert store.add_article(article)
        assert copy_location(store, article.id, Source(url="https://a.example/1")) is None  # its own URL
        assert copy_location(store, article.id, Source()) is None  # nowhere
        assert copy_location(store, article.id, Source(url="https://b.example/2")) == "https://b.example/2"
        docs = [RawDocument(text, Source(url=url)) for url in
                ("https://a.example/1", "https://b.example/2", "https://a.example/1", "https://b.example/2")]
        # Every document is stored already: nothing is parsed, so no model is needed.
        summary = runner.ingest(docs, store, Analyser(Resources(nlp=None, model_name="none")), relevance=False)
    assert (summary.added, summary.already) == (0, 4)
    assert recorded == [(article.id, "https://b.example/2")]  # once, and not the re-read of its own URL


def test_the_merge_does_not_clean_or_check_again_what_a_worker_analysed(analyser, tmp_path, monkeypatch):
    from ceasefire import runner
    from ceasefire.analyse import pipeline
    from ceasefire.records import RawDocument, Source
    from ceasefire.scale.dask_runner import analyse_items
    from ceasefire.scale.shards import ReplayAnalyser, merge_shard
    from ceasefire.store import Store

    items = [RawDocument(text=t, source=Source(path=f"d{i}"), origin=f"d{i}") for i, t in enumerate([
        "Mediators said talks on a ceasefire in Gaza would resume in Cairo on Monday.",
        "Die Gespräche über eine Waffenruhe im Gazastreifen werden am Montag in Kairo fortgesetzt, sagten die "
        "Vermittler, und die Delegationen sind bereits angereist.",
        "Mediators said talks on a ceasefire in Gaza would resume in Cairo on Monday.",  # a copy in the partition
    ])]
    with Store.open(tmp_path / "local.db") as store:
        local = runner.ingest(list(items), store, analyser, relevance=False)
        expected = [a.id for a in store.iter_articles()]
    rows = analyse_items(list(items), analyser, None, frozenset(), batch_size=4)
    assert [r.article is not None for r in rows] == [True, False, False]
    cleaned, checked = [], []
    clean, check = pipeline.clean_document, runner.language_rejection
    monkeypatch.setattr(pipeline, "clean_document", lambda text, *a: cleaned.append(text) or clean(text, *a))
    monkeypatch.setattr(runner, "language_rejection", lambda text, origin: checked.append(origin) or check(text, origin))
    with Store.open(tmp_path / "merged.db") as store:
        merged = merge_shard(rows, store, ReplayAnalyser(analyser.resources.model_name, analyser.today),
                             relevance=False)
        assert [a.id for a in store.iter_articles()] == expected
    assert (merged.added, merged.already, [r.stage for r in merged.rejected]) == \
        (local.added, local.already, [r.stage for r in local.rejected]) == (1, 1, ["language"])
    assert cleaned == [items[1].text, items[2].text]  # the document analysed there is taken as it was made
    assert checked == ["d1"]  # the copy has the analysed text: found in English there
