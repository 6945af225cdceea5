"""The shared per-token tables (``analyse/tokens.py``) and the fast paths that
read them give what spaCy's own attributes give."""
from ceasefire.analyse.actors import MAX_ALIAS_TOKENS, _kb_hits, _prefer
from ceasefire.analyse.events.lexicon import _forms, doc_forms
from ceasefire.analyse.tokens import column, doc_text, heads, noun_chunks, sentence_starts

TEXT = ("KYIV, Ukraine (AP) - Ukrainian Foreign Minister Dmytro Kuleba met UN Secretary-General "
        "Antonio Guterres in Geneva on Friday.\n\nThe talks were hoped to open corridors from "
        "Mariupol to Zaporizhzhia. Russia's Defence Ministry said 1,400 civilians left.")
# Coordinated nouns, chained conjuncts, appositions, pronouns, a fragment and stray punctuation.
PARSES = [TEXT,
          "The UN relief chief, Martin Griffiths, and his deputy met rebels, soldiers and the mayor of Aleppo.",
          "She said they, the envoys of Qatar and Egypt, would return; talks? yes - soon!!",
          "Aid convoys , trucks and buses , reached Kharkiv , Sumy and Mykolaiv .\n\n  Medics too."]


def test_columns_match_token_attributes(resources):
    doc = resources.nlp(TEXT)
    for attr in ("text", "lower_", "idx", "pos_", "dep_", "lemma_", "tag_"):
        assert column(doc, attr) == [getattr(t, attr) for t in doc]
    assert column(doc, "text") is column(doc, "text")  # made once per document
    assert doc_text(doc) == doc.text
    assert sentence_starts(doc) == [t.sent.start for t in doc]
    assert doc_forms(doc) == [_forms(t) for t in doc]


def test_kb_hits_match_the_longest_alias_search(resources):
    doc = resources.nlp(TEXT)
    kb = resources.kb
    # The search as it was: every run length from the longest down, at each start.
    expected, i, n = [], 0, len(doc)
    while i < n:
        found = None
        if doc[i].text in kb.starts:
            for j in range(min(n, i + MAX_ALIAS_TOKENS), i, -1):
                span_text = doc[i:j].text
                if "\n" not in span_text and kb.surface.get(span_text):
                    found = (i, j, _prefer(kb.surface[span_text]))
                    break
        if found:
            expected.append(found)
            i = found[1]
        else:
            i += 1
    assert _kb_hits(doc, kb, TEXT) == expected
    assert expected  # the text names some


def test_heads_and_noun_chunks_match_spacy(resources):
    for text in PARSES:
        doc = resources.nlp(text)
        assert heads(doc) == [t.head.i for t in doc]
        assert noun_chunks(doc) == [(c.start, c.end, c.root.i) for c in doc.noun_chunks]
    assert noun_chunks(doc) is noun_chunks(doc)  # made once per document
