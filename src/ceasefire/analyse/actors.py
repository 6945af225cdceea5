"""Actors: people with titles and affiliation, states (with demonyms and
metonyms), organizations and armed groups, resolved within the article.

The small spaCy model mislabels names ("Lavrov" as ORG, "Kiev" as PERSON), so
entity labels are only one vote: the knowledge base and the gazetteer decide
what a name is. Surnames, title descriptions ("the UN humanitarian chief")
and pronouns are resolved to the full actor here, once, for every later
extractor.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Actor, Span
from .context import ActorTable, Context
from .kb import AliasHit, KBEntry, KnowledgeBase, normalise
from .metonymy import is_metonymic
from .registry import extractor
from .tokens import column, entities, noun_chunks, sentences

MAX_ALIAS_TOKENS = 8
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ORG_WORDS = {"ministry", "council", "office", "agency", "committee", "front", "army", "brigade", "brigades",
             "party", "movement", "forces", "group", "company", "bank", "news", "radio", "times", "post",
             "commission", "organization", "organisation", "authority", "guard", "battalion", "regiment",
             "court", "parliament", "government", "service", "fund", "foundation", "institute", "union"}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
          "january", "february", "march", "april", "june", "july", "august", "september", "october",
          "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@dataclass
class Draft:
    """An actor being assembled: a key that identifies it within the article."""

    key: str
    name: str
    kind: str
    country: str | None = None
    kb: KBEntry | None = None
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    rule: str = ""

    def add(self, span: Span, surface: str, alias: bool = True) -> None:
        if span not in self.mentions:
            self.mentions.append(span)
        if alias and surface and surface not in self.aliases and surface != self.name:
            self.aliases.append(surface)


class Drafts:
    def __init__(self) -> None:
        self.by_key: dict[str, Draft] = {}

    def get(self, key: str, **kwargs) -> Draft:
        if key not in self.by_key:
            self.by_key[key] = Draft(key=key, **kwargs)
        return self.by_key[key]


def _kb_hits(doc, kb: KnowledgeBase, text: str) -> list[tuple[int, int, AliasHit]]:
    """Longest knowledge-base alias matches over token sequences, not overlapping
    (``text``: the document's text, ``doc.text``)."""
    hits: list[tuple[int, int, AliasHit]] = []
    i = 0
    n = len(doc)
    starts = kb.starts
    # A span's text is the document's text from its first token's start to its
    # last token's end: sliced from these, not built token by token.
    words = column(doc, "text")
    begins = column(doc, "idx")
    prefixes = kb.surface_prefixes
    while i < n:
        if words[i] not in starts:
            i += 1
            continue
        # The longest run of tokens from i whose text is an alias. Runs grow by
        # whole tokens; once a run's text leads to no alias (or crosses a line)
        # no longer run can be one.
        found = None
        begin = begins[i]
        for j in range(i + 1, min(n, i + MAX_ALIAS_TOKENS) + 1):
            span_text = text[begin:begins[j - 1] + len(words[j - 1])]
            if "\n" in span_text or span_text not in prefixes:
                break
            cands = kb.surface.get(span_text)
            if cands:
                found = (i, j, cands)
        if found:
            hits.append((found[0], found[1], _prefer(found[2])))
            i = found[1]
        else:
            i += 1
    return hits


def _prefer(cands: list[AliasHit]) -> AliasHit:
    order = {"organization": 0, "armed_group": 1, "state": 2, "person": 3}
    return sorted(cands, key=lambda h: (h.alias_kind != "name", order.get(h.entry.kind, 9)))[0]


def _title_before(doc, start: int, wanted: frozenset[str], kb: KnowledgeBase,
                  text: str) -> tuple[str | None, str | None, int]:
    """The title phrase right before token ``start`` and the affiliation it states:
    ("Foreign Minister", "UA", first token index) for "Ukrainian Foreign Minister".
    ``wanted`` holds the titles in lower case; ``text`` is the document's text."""
    best: tuple[str, int] | None = None
    texts, begins = column(doc, "text"), column(doc, "idx")

    def run(k: int, j: int) -> str:  # the text of tokens [k, j), sliced from the document's text
        return text[begins[k]:begins[j - 1] + len(texts[j - 1])]
    # Compare the text of token runs (not joined tokens): "Secretary-General"
    # is three tokens.
    for k in range(start - 1, max(-1, start - 7), -1):
        if run(k, start).lower() in wanted:
            best = (run(k, start), k)
    # "Undersecretary of State Martin Griffiths": a title with an "of X" tail.
    if best is None and start >= 3 and column(doc, "lower_")[start - 2] == "of":
        if texts[start - 3].lower() in wanted:
            best = (run(start - 3, start), start - 3)
    if best is None:
        return None, None, start
    title, k = best
    country = None
    j = k - 1
    # "Ukrainian Foreign Minister", "Turkey's Foreign Minister", "UN Secretary-General"
    if j >= 0 and texts[j] in ("'s", "’s"):
        j -= 1
    if j >= 0:
        hits = kb.surface.get(texts[j]) or kb.lookup(texts[j])
        if hits:
            e = _prefer(hits).entry
            if e.kind == "state":
                country = e.country
            k = j if texts[j + 1] not in ("'s", "’s") else j
    return title, country, k


def _is_person_like(span, gazetteer) -> bool:
    text = span.text.strip()
    if not text or not text[0].isupper() or len(text) < 3:
        return False
    if text.lower().rstrip(".") in MONTHS:
        return False
    if any(t.is_digit or t.like_num for t in span):
        return False
    if len(span) == 1 and gazetteer is not None and gazetteer.lookup(text):
        return False  # "Kiev" tagged PERSON by the small model
    return True


@extractor("actors", produces=("actors",))
def extract_actors(ctx: Context) -> None:
    doc = ctx.doc
    kb: KnowledgeBase = ctx.resources.kb
    gazetteer = getattr(ctx.resources, "gazetteer", None)
    title_rules = ctx.resources.data("titles.yaml")
    # built once per run, not per article or per name
    titles = ctx.resources.cached("titles-lower", lambda: frozenset(t.lower() for t in title_rules["titles"]))
    drafts = Drafts()
    taken = [False] * len(doc)  # tokens already assigned to an actor mention
    subjects: list[tuple[int, str]] = []

    def take(i: int, j: int) -> None:
        for t in range(i, j):
            taken[t] = True

    def note_subject(span, key: str) -> None:
        if span.root.dep_ in SUBJECT_DEPS or (span.root.dep_ == "compound" and span.root.head.dep_ in SUBJECT_DEPS):
            subjects.append((span.start_char, key))

    # 1. Knowledge-base names: organizations, armed groups, states, people.
    for i, j, hit in _kb_hits(doc, kb, ctx.text):
        span = doc[i:j]
        e = hit.entry
        if hit.alias_kind == "metonym" and e.kind == "state" and not is_metonymic(span, ctx.resources):
            continue  # "talks in Moscow": a place, left to the places extractor
        if hit.alias_kind == "demonym" and j < len(doc) and doc[j].lower_ in title_rules["force_nouns"]:
            force = drafts.get(f"forces:{e.country}", name=f"{span.text} armed forces", kind="armed_group",
                               country=e.country, rule="actors.demonym_forces")
            force.add((span.start_char, doc[j].idx + len(doc[j])), doc[i:j + 1].text)
        d = drafts.get(e.id, name=e.name, kind=e.kind, country=e.country, kb=e, rule=f"kb:{e.id}")
        d.add((span.start_char, span.end_char), span.text)
        if e.kind == "person":
            title, country, k = _title_before(doc, i, titles, kb, ctx.text)
            if title and title not in d.titles:
                d.titles.append(title)
                d.add((doc[k].idx, span.end_char), doc[k:j].text)
        note_subject(span, e.id)
        take(i, j)

    # 2. People the model finds (or mislabels) that the knowledge base does not know.
    person_spans = []
    for ent in entities(doc):
        if any(taken[t] for t in range(ent.start, ent.end)):
            continue
        if ent.label_ == "PERSON" and _is_person_like(ent, gazetteer):
            person_spans.append(ent)
    # Surname → the actor named in full: people from the knowledge base first,
    # then full names the model found.
    surnames: dict[str, str] = {}
    for key, d in drafts.by_key.items():
        if d.kind == "person":
            surnames.setdefault(d.name.split()[-1], key)
    full_names = {}
    for ent in person_spans:
        if len(ent) >= 2:
            full_names.setdefault(ent[-1].text, ent.text)
    # Single tokens the model labelled otherwise but that are the surname of a
    # person named in full elsewhere in the article ("Cavusoglu" as ORG).
    for i, word in enumerate(column(doc, "text")):
        if not taken[i] and (word in full_names or word in surnames):
            tok = doc[i]
            if tok.ent_type_ != "PERSON" and tok.pos_ == "PROPN":
                person_spans.append(doc[i:i + 1])
    person_spans.sort(key=lambda s: s.start)
    for ent in person_spans:
        text = ent.text
        kb_person = kb.person_by_surname(ent[-1].text) if len(ent) == 1 else None
        full = full_names.get(ent[-1].text, text)
        key = f"person:{normalise(full)}" if not kb_person else kb_person.id
        if len(ent) == 1 and ent.text in surnames:
            key = surnames[ent.text]
        d = drafts.get(key, name=kb_person.name if kb_person else full, kind="person",
                       country=kb_person.country if kb_person else None, kb=kb_person, rule="actors.ner_person")
        d.add((ent.start_char, ent.end_char), text)
        title, country, k = _title_before(doc, ent.start, titles, kb, ctx.text)
        if title and title not in d.titles:
            d.titles.append(title)
            d.add((doc[k].idx, ent.end_char), doc[k:ent.end].text)
        if country and not d.country:
            d.country = country
        note_subject(ent, key)
        take(ent.start, ent.end)

    # 3. Organizations the knowledge base lacks: only names that say they are one.
    for ent in entities(doc):
        if ent.label_ != "ORG" or any(taken[t] for t in range(ent.start, ent.end)):
            continue
        words = {t.lower_ for t in ent}
        if words & ORG_WORDS and not (gazetteer is not None and gazetteer.lookup(ent.text)):
            d = drafts.get(f"org:{normalise(ent.text)}", name=ent.text.removeprefix("the "), kind="organization",
                           rule="actors.ner_org")
            d.add((ent.start_char, ent.end_char), ent.text)
            note_subject(ent, d.key)
            take(ent.start, ent.end)

    # 4. Title descriptions ("the UN humanitarian chief") and pronouns.
    _resolve_descriptions(ctx, drafts, subjects, title_rules, kb, taken)

    actors = _finalise(drafts)
    ids = {d.key: a.id for d, a in actors}
    ctx.actors = ActorTable([a for _, a in actors], subjects=[(o, ids[k]) for o, k in subjects if k in ids])


def _resolve_descriptions(ctx: Context, drafts: Drafts, subjects, title_rules, kb: KnowledgeBase, taken) -> None:
    doc = ctx.doc
    heads = set(title_rules["description_heads"])
    people = {k: d for k, d in drafts.by_key.items() if d.kind == "person"}
    if not people:
        return
    first_sent_end = sentences(doc)[0].end_char if len(doc) else 0
    events: list[tuple[int, str, object]] = []  # (offset, "desc"|"pron", span)
    lower = column(doc, "lower_")
    for start, end, root in noun_chunks(doc):
        # Most chunks are not headed by a title word: the spaCy objects only for those that are.
        if lower[root] not in heads or doc[root].ent_type_ == "PERSON":
            continue
        chunk = doc[start:end]
        if chunk[0].lower_ != "the" or any(taken[t.i] and kb.surface.get(t.text) and
                                          _prefer(kb.surface[t.text]).entry.kind == "person" for t in chunk):
            continue
        # "The UN relief chief, Martin Griffiths, said": an apposition names
        # the person right there.
        k = chunk.end + (1 if chunk.end < len(doc) and doc[chunk.end].text == "," else 0)
        named = next((key for key, d in people.items()
                      if k < len(doc) and any(s == doc[k].idx for s, _ in d.mentions)), None)
        if named is not None:
            events.append((chunk.start_char, f"appos:{named}", chunk))
            continue
        if k < len(doc) and doc[k].ent_type_ == "PERSON":
            continue
        events.append((chunk.start_char, "desc", chunk))
    pos, begins = column(doc, "pos_"), column(doc, "idx")
    for i, low in enumerate(lower):
        if low in PERSON_PRONOUNS and pos[i] == "PRON":
            events.append((begins[i], "pron", doc[i:i + 1]))
    events.sort(key=lambda e: e[0])

    def mention_positions(key: str) -> list[int]:
        return sorted(s for s, _ in drafts.by_key[key].mentions)

    for offset, what, span in events:
        target = None
        if what.startswith("appos:"):
            target = what.split(":", 1)[1]
            what = "desc"
        elif what == "desc":
            affil = [kb.surface.get(t.text) for t in span if kb.surface.get(t.text)]
            affil_ids = {h.entry.id for hs in affil for h in hs} | {h.entry.country for hs in affil for h in hs}
            prior = [(max((p for p in mention_positions(k) if p < offset), default=-1), k) for k in people]
            prior = [(p, k) for p, k in prior if p >= 0]
            matching = [(p, k) for p, k in prior if people[k].country in affil_ids or
                        (people[k].kb and people[k].kb.id in affil_ids)]
            if matching:
                target = max(matching)[1]
            elif offset < first_sent_end:
                # A news lead names its subject by title first; the next
                # sentences give the name, as a grammatical subject.
                later = sorted((o, k) for o, k in subjects if o > offset and k in people)
                target = later[0][1] if later else None
            else:
                before = [(o, k) for o, k in subjects if o < offset and k in people]
                target = max(before)[1] if before else None
        else:
            before = [(o, k) for o, k in subjects if o < offset and k in people]
            target = max(before)[1] if before else None
        if target is None:
            continue
        d = drafts.by_key[target]
        surface = span.text
        d.add((span.start_char, span.end_char), surface, alias=(what == "desc"))
        if what == "desc":
            title = span.text[4:] if span.text.lower().startswith("the ") else span.text
            if title not in d.titles:
                d.titles.append(title)
        if span.root.dep_ in SUBJECT_DEPS:
            subjects.append((span.start_char, target))
            subjects.sort()


def _finalise(drafts: Drafts) -> list[tuple[Draft, Actor]]:
    ordered = sorted(drafts.by_key.values(), key=lambda d: min(s for s, _ in d.mentions))
    out = []
    for n, d in enumerate(ordered, 1):
        out.append((d, Actor(id=f"a{n}", name=d.name, kind=d.kind, country=d.country, titles=d.titles,
                             aliases=d.aliases, mentions=sorted(d.mentions), kb_id=d.kb.id if d.kb else None,
                             rule=d.rule)))
    return out
