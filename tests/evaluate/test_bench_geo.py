"""The LGL / GeoWebNews benchmark on tiny hand-made XML files, with exact scores."""
from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.analyse.gazetteer import Candidate
from ceasefire.errors import CeasefireError
from ceasefire.evaluate.bench_geo import (
    GoldToponym,
    GeoArticle,
    evaluate,
    outlet_of,
    read_corpus,
    score_detection,
    score_resolution,
)

KYIV = (703448, 50.45466, 30.5238)
MOSCOW_RU = (524901, 55.75204, 37.61781)
MOSCOW_IDAHO = (5601538, 46.73239, -117.00017)
PARIS_FR = (2988507, 48.85341, 2.3488)
PARIS_TN = (4647963, 36.302, -88.32671)


def gaztag(gid: int, lat: float, lon: float) -> str:
    return f'<gaztag geonameid="{gid}"><name>x</name><fcode>PPL</fcode><lat>{lat}</lat><lon>{lon}</lon></gaztag>'


def lgl_article(docid: str, text: str, toponyms: list[tuple[str, tuple | None]], domain: str = "example.com",
                feed: str = "1") -> str:
    """An LGL ``<article>``; each toponym is (phrase, (geonameid, lat, lon) or None), found in order."""
    tops, pos = [], 0
    for phrase, gold in toponyms:
        start = text.index(phrase, pos)
        pos = start + len(phrase)
        tag = gaztag(*gold) if gold else ""
        tops.append(f"<toponym><start>{start}</start><end>{pos}</end><phrase>{phrase}</phrase>{tag}</toponym>")
    return (f'<article docid="{docid}"><feedid>{feed}</feedid><title>t</title><domain>{domain}</domain>'
            f"<url>http://{domain}/{docid}</url><text><![CDATA[{text}]]></text>"
            f"<toponyms>{''.join(tops)}</toponyms></article>")


def write(tmp_path: Path, *articles: str, name: str = "lgl.xml") -> Path:
    path = tmp_path / name
    path.write_text("<?xml version='1.0' encoding='utf-8'?>\n<articles>" + "".join(articles) + "</articles>",
                    encoding="utf-8")
    return path


def cand(gid: int | None, lat: float, lon: float) -> Candidate:
    return Candidate("x", "city", "XX", lat, lon, gid)


# ---- reading ---------------------------------------------------------------------------------
def test_reads_lgl(tmp_path):
    text = "Talks in Kyiv went on. Moscow said no."
    path = write(tmp_path, lgl_article("7", text, [("Kyiv", KYIV), ("Moscow", None)], domain="www.kyivpost.com"))
    (art,) = read_corpus(path)
    assert art.docid == "7" and art.feed == "1" and art.domain == "www.kyivpost.com"
    assert art.url == "http://www.kyivpost.com/7" and art.title == "t" and art.text == text
    kyiv, moscow = art.toponyms
    assert kyiv == GoldToponym((9, 13), "Kyiv", 703448, 50.45466, 30.5238) and kyiv.resolved
    assert moscow.span == (23, 29) and not moscow.resolved
    assert [t.phrase for t in art.gold] == ["Kyiv"]
    assert outlet_of(art) == "kyivpost.com"


def test_reads_geowebnews_and_skips_common_nouns(tmp_path):
    text = "The city of Kyiv and the Irish embassy."
    xml = ("<article><text>" + text + "</text><toponyms>"
           "<toponym><extractedName>city</extractedName><type>Literal_Expression</type>"
           "<start>4</start><end>8</end></toponym>"
           "<toponym><extractedName>Kyiv</extractedName><type>Literal</type><start>12</start><end>16</end>"
           "<geonamesID>703448</geonamesID><latitude>50.45466</latitude><longitude>30.5238</longitude></toponym>"
           "<toponym><extractedName>Irish</extractedName><type>Non_Literal_Modifier</type>"
           "<start>25</start><end>30</end><geonamesID/></toponym>"
           "</toponyms></article>")
    (art,) = read_corpus(write(tmp_path, xml, name="gwn.xml"))
    assert art.docid == "1" and outlet_of(art) is None
    assert [(t.phrase, t.span, t.resolved) for t in art.toponyms] == [("Kyiv", (12, 16), True),
                                                                       ("Irish", (25, 30), False)]


def test_rejects_bad_input(tmp_path):
    with pytest.raises(CeasefireError, match="not a folder|XML file itself"):
        read_corpus(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(CeasefireError, match="not a readable"):
        read_corpus(bad)
    art = "<article><text>Kyiv</text><toponyms><toponym><start>0</start><end>9</end></toponym></toponyms></article>"
    with pytest.raises(CeasefireError, match="offsets"):
        read_corpus(write(tmp_path, art, name="offsets.xml"))
    with pytest.raises(CeasefireError, match="no <article>"):
        read_corpus(write(tmp_path, name="empty.xml"))


# ---- scoring ----------------------------------------------------------------------------------
def test_score_resolution_counts_exact_near_and_unresolved():
    art = GeoArticle("1", "", [GoldToponym((0, 1), "a", *KYIV), GoldToponym((2, 3), "b", *PARIS_FR),
                               GoldToponym((4, 5), "c", *MOSCOW_IDAHO), GoldToponym((6, 7), "d", *KYIV),
                               GoldToponym((8, 9), "e")])  # e has no gold: it does not count
    predicted = [cand(*KYIV),  # exact
                 cand(None, 48.9, 2.4),  # same place, no id: within 161 km only
                 cand(*MOSCOW_RU),  # wrong
                 None]  # unresolved
    scores = score_resolution([art], [predicted])
    assert scores["accuracy_exact"] == 0.25 and scores["accuracy_161km"] == 0.5
    assert scores["toponyms_scored"] == 4 and scores["toponyms_unresolved"] == 1
    assert scores["median_error_km"] == pytest.approx(6.0, abs=1.0)


def test_score_detection_by_overlap():
    gold = [(0, 4), (10, 15), (20, 25)]
    predicted = [(0, 4), (12, 18), (30, 35)]
    assert score_detection(gold, predicted) == (2, 3, 2, 3)
    assert score_detection([], [(0, 1)]) == (0, 0, 0, 1)


# ---- end to end ---------------------------------------------------------------------------------
def test_resolution_given_gold_toponyms(tmp_path):
    path = write(
        tmp_path,
        lgl_article("1", "Kyiv and Moscow traded blows.", [("Kyiv", KYIV), ("Moscow", MOSCOW_RU)]),
        lgl_article("2", "A fair in Moscow, Idaho.", [("Moscow", MOSCOW_IDAHO)]),  # alone, Moscow is Russia's
        lgl_article("3", "Paris hosted it.", [("Paris", (1, PARIS_FR[1], PARIS_FR[2]))]),  # right place, other id
    )
    scores = evaluate(path, None)
    assert scores["accuracy_exact"] == 0.5 and scores["accuracy_161km"] == 0.75
    assert scores["toponyms_scored"] == 4 and scores["articles"] == 3 and scores["toponyms"] == 4
    assert "detection_f1" not in scores  # no analyser: resolution only
    assert evaluate(path, None, limit=1)["accuracy_exact"] == 1.0


def test_outlet_prior_is_reported_separately(tmp_path):
    """A Tennessee paper: three articles place it; a fourth says only "Paris"."""
    tn = "Nashville, Memphis and Knoxville and Chattanooga"
    towns = [("Nashville", (4644585, 36.16589, -86.78444)), ("Memphis", (4641239, 35.14953, -90.04898)),
             ("Knoxville", (4634946, 35.96064, -83.92074)), ("Chattanooga", (4612862, 35.04563, -85.30968))]
    articles = [lgl_article(str(i), f"{tn} met.", towns, domain="parispi.net") for i in range(3)]
    articles.append(lgl_article("9", "Paris council met.", [("Paris", PARIS_TN)], domain="parispi.net"))
    scores = evaluate(write(tmp_path, *articles), None)
    assert scores["accuracy_161km"] == round(12 / 13, 4)  # without the prior, "Paris" alone is the French capital
    assert scores["accuracy_161km_outlet_prior"] == 1.0
    assert scores["accuracy_exact_outlet_prior"] == 1.0
    assert scores["accuracy_161km_outlet_prior_online"] == 1.0  # learned from the three before it
    assert scores["outlets"] == 1


def test_detection_with_the_analyser(tmp_path, analyser):
    text = "Negotiators met in Istanbul on Tuesday. Later they travelled to Lviv."
    path = write(tmp_path, lgl_article("1", text, [("Istanbul", (745044, 41.01384, 28.94966)),
                                                   ("Lviv", (702550, 49.83826, 24.02324))]))
    scores = evaluate(path, analyser, progress=lambda done, total: None)
    assert scores["detection_f1"] == 1.0
    assert scores["detection_counts"] == {"found": 2, "gold": 2, "correct": 2, "predicted": 2}
    assert scores["accuracy_exact"] == 1.0 and scores["accuracy_161km"] == 1.0
