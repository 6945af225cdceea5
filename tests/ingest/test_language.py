"""The language check: articles not in English are rejected before analysis, English ones never."""
from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.ingest.language import detect_language, language_rejection
from ceasefire.records import Rejection

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "gold" / "seeds"

FOREIGN = {
    "de": "Die Außenminister Russlands und der Ukraine haben sich am Donnerstag in Antalya getroffen. Nach dem "
          "Treffen sagte Kuleba, es habe keine Fortschritte bei den Gesprächen über eine Waffenruhe gegeben.",
    "fr": "Les ministres des Affaires étrangères de la Russie et de l'Ukraine se sont rencontrés jeudi à Antalya. "
          "Après la réunion, Kuleba a déclaré qu'aucun progrès n'avait été réalisé sur un cessez-le-feu.",
    "es": "Los ministros de Exteriores de Rusia y Ucrania se reunieron el jueves en Antalya. Después de la reunión, "
          "Kuleba dijo que no se había logrado ningún avance sobre un alto el fuego.",
    "it": "I ministri degli Esteri di Russia e Ucraina si sono incontrati giovedì ad Antalya. Dopo l'incontro, "
          "Kuleba ha detto che non sono stati fatti progressi sul cessate il fuoco.",
    "ru": "Министры иностранных дел России и Украины встретились в четверг в Анталье. После встречи Кулеба сказал, "
          "что никакого прогресса в переговорах о прекращении огня достигнуто не было.",
    "uk": "Міністри закордонних справ Росії та України зустрілися в четвер в Анталії. Після зустрічі Кулеба сказав, "
          "що жодного прогресу щодо припинення вогню не було досягнуто.",
    "ar": "التقى وزيرا خارجية روسيا وأوكرانيا يوم الخميس في أنطاليا. وقال كوليبا بعد الاجتماع إنه لم يتم إحراز أي "
          "تقدم بشأن وقف إطلاق النار.",
    "zh": "俄罗斯和乌克兰外长周四在安塔利亚会面。会后，库列巴表示，在停火问题上没有取得任何进展。",
    "ja": "ロシアとウクライナの外相は木曜日にアンタルヤで会談した。会談後、クレバ氏は停戦について進展はなかったと述べた。",
}


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_foreign_articles_are_rejected_naming_the_language(code: str):
    assert language_rejection(FOREIGN[code], "x.txt") == Rejection("x.txt", "language",
                                                                   f"not English (looks like {code})")


@pytest.mark.parametrize("text", [
    "Lavrov met Kuleba in Antalya.",  # too short to judge: let through
    "Kyiv, Kharkiv, Odesa, Mariupol, Kherson, Donetsk, Luhansk, Zaporizhzhia, Mykolaiv, Chernihiv, Sumy",
    "Russian Foreign Minister Sergei Lavrov met Ukraine's Dmytro Kuleba in Antalya on Thursday. \"No progress was "
    "achieved,\" Kuleba said, adding that a 24-hour ceasefire had been discussed with the Turkish hosts.",
    "The Kremlin said on Monday that the \"Spezialoperation\", as Moscow calls it, would go on; Kyiv called the "
    "statement \"absurd\" and said talks with Russia's delegation in Istanbul would resume next week.",
])
def test_english_is_never_rejected(text: str):
    assert language_rejection(text, "x") is None


def test_gold_articles_are_english():
    texts = sorted(SEEDS.glob("*.txt"))
    if not texts:
        pytest.skip("no gold seeds beside the repository")
    for path in texts:
        assert detect_language(path.read_text(encoding="utf-8")).language == "en", path.name


def test_a_long_latin_text_without_english_words_is_not_recognised():
    swahili_like = " ".join(["Mazungumzo ya amani kati ya pande zinazopigana yalianza Jumatatu mjini"] * 6)
    rejection = language_rejection(swahili_like, "x")
    assert rejection is not None and rejection.stage == "language"
