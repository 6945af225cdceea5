"""Figures: counts of refugees, displaced, killed, injured and evacuated people,
with their hedge, the actor that reported them and the place they are about.

Numbers come from ``analyse.numbers``; what they count is decided by the cue
rules of ``data/figures.yaml`` (see the comments there), looked for in the
counted noun's phrase first, then in the words governing it, then in their
subject. A number that counts anything other than people ("30 missiles",
"$1.5 billion", "193-member", "24-hour", "March 24") is no figure, nor is a
count of people that no cue puts in a category ("two other officials").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records import Figure, Span
from .context import Context
from .numbers import Quantity, find_quantities
from .registry import extractor
from .tokens import doc_text

DATA_FILE = "figures.yaml"
SKIP_WORDS = {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "this", "that", "these",
              "those"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
# Branches of the governing word that say something else than the figure.
OTHER_BRANCHES = ("conj", "cc", "advcl", "punct", "mark", "parataxis", "preconj", "dep", "meta", "relcl")
ACTOR_KINDS = ("person", "organization", "state", "armed_group", "group")


@dataclass(frozen=True)
class Cue:
    rule: str  # rule id of figures.yaml
    category: str
    words: tuple[str, ...]
    affected_object: bool  # a transitive cue: its active subject is no count of the affected
    modifier: bool = True  # may stand as an adjective before the counted noun


class FigureRules:
    """The rules of ``figures.yaml``, compiled once per resources."""

    def __init__(self, data: dict[str, Any]):
        self.cues: list[Cue] = []
        for rule in data.get("rules", []):
            for cue in rule["cues"]:
                words = tuple(w for w in str(cue).lower().split() if w not in SKIP_WORDS)
                self.cues.append(Cue(rule["id"], rule["category"], words, bool(rule.get("affected") == "object"),
                                     bool(rule.get("modifier", True))))
        self.cues.sort(key=lambda c: -len(c.words))
        # Cue indices by first word, so a run is only compared with the cues it can start.
        self._by_first: dict[str, list[int]] = {}
        for n, cue in enumerate(self.cues):
            if cue.words:
                self._by_first.setdefault(cue.words[0], []).append(n)
        self._empty = [n for n, cue in enumerate(self.cues) if not cue.words]
        self.people = {w.lower() for w in data.get("people_nouns", [])}
        self.civilians = {w.lower() for w in data.get("civilian_nouns", [])}
        self.subset_preps = {w.lower() for w in data.get("subset_preps", [])}
        self.source_verbs = {w.lower() for w in data.get("source_verbs", [])}
        self.transparent = {w.lower() for w in data.get("transparent_nouns", [])}

    @classmethod
    def of(cls, resources: Any) -> "FigureRules":
        """The rules of a run's resources (the file is read once by them;
        compiling its few hundred cues costs less than a parse)."""
        if hasattr(resources, "cached"):
            return resources.cached("figures.rules", lambda: cls(resources.data(DATA_FILE)))
        return cls(resources.data(DATA_FILE))

    # -- matching ---------------------------------------------------------------------------------
    @staticmethod
    def _forms(tok: Any) -> tuple[str, str]:
        return tok.lower_, tok.lemma_.lower()

    def match(self, tokens: list[Any]) -> list[tuple[Cue, list[Any]]]:
        """Every cue found as a run of ``tokens`` (in text order, skipping
        determiners and possessives), longest cues first."""
        seq = [t for t in tokens if not (t.pos_ == "DET" or t.tag_ in ("PRP$", "POS") or t.is_punct
                                          or t.lower_ in SKIP_WORDS)]
        forms = [self._forms(t) for t in seq]
        hits: list[tuple[int, int]] = []  # (cue index, start in seq): the order of cues, then of text
        for i, (lower, lemma) in enumerate(forms):
            for n in {*self._by_first.get(lower, ()), *self._by_first.get(lemma, ())}:
                words = self.cues[n].words
                if i + len(words) <= len(seq) and all(w in forms[i + k] for k, w in enumerate(words)) \
                        and _close(seq[i:i + len(words)]):
                    hits.append((n, i))
        hits += [(n, i) for n in self._empty for i in range(len(seq) + 1)]
        hits.sort()
        return [(self.cues[n], seq[i:i + len(self.cues[n].words)]) for n, i in hits]

    def is_people(self, tok: Any) -> bool:
        """Whether a counted noun counts people."""
        lower, lemma = self._forms(tok)
        if lower in self.people or lemma in self.people:
            return True
        compound = " ".join(t.lower_ for t in tok.lefts if t.dep_ == "compound") + " " + lower
        if compound.strip() in self.people:
            return True
        if tok.ent_type_ == "NORP" or (tok.pos_ == "PROPN" and lower.endswith(("ans", "ians", "ese", "is"))
                                        and tok.tag_ == "NNPS"):
            return True  # "4 million Ukrainians", "Palestinians", "Sudanese"
        return False

    def is_civilian(self, tok: Any) -> bool:
        """Whether a counted noun counts people who were not fighting."""
        lower, lemma = self._forms(tok)
        if lower in self.civilians or lemma in self.civilians:
            return True
        compound = " ".join(t.lower_ for t in tok.lefts if t.dep_ in ("compound", "amod")) + " " + lemma
        return compound.strip() in self.civilians or any(
            t.lemma_.lower() == "civilian" for t in tok.lefts if t.dep_ in ("amod", "compound"))


def _close(window: list[Any]) -> bool:
    """A cue's words must stand near one another (at most three tokens apart)."""
    return all(b.i - a.i <= 4 for a, b in zip(window, window[1:]))


def _governor(root: Any, transparent: set[str] = frozenset()) -> Any | None:
    """The word the counted phrase depends on: the verb it is subject or object
    of, the verb or noun of its preposition ("rose to 47", "evacuation of 500").
    A ``transparent`` noun passes the phrase on: "a total of 4,972 people were
    evacuated" depends on "evacuated"."""
    tok = root
    while True:
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return None
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.i != head.i:
            head = head.head
            if head.lemma_.lower() in transparent and head.pos_ == "NOUN" and tok.head.lower_ == "of":
                tok = head
                continue
        return head


PATIENT_DEPS = ("dobj", "nsubjpass", "obj", "dative", "oprd", "attr")


def _is_patient(root: Any, verb: Any) -> bool:
    """Whether the counted phrase undergoes ``verb`` (a transitive cue such as
    "kill" or "evacuate"): its object ("killed 12 villagers"), its passive
    subject ("were evacuated"), the noun it modifies as a participle
    ("civilians killed", "displaced people"), or the subject of a headline
    participle ("30 killed in strike"); not its doer ("three gunmen killed",
    "the three are accused of killing")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return True
    phrase = [root]
    while phrase[-1].head.i != phrase[-1].i:
        last = phrase[-1]
        if last.dep_ in ("conj", "appos"):
            phrase.append(last.head)
        elif last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.pos_ == "NOUN" \
                and last.head.head.i != verb.i:
            phrase.append(last.head.head)  # "a total of 4,972 people were evacuated"
        else:
            break
    for x in phrase:
        if x.head.i == verb.i and x.dep_ in PATIENT_DEPS:
            return True
        if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.i == verb.i:
            return True  # "the killing of seven aid workers"
        if verb.head.i == x.i and verb.dep_ in ("acl", "amod") and verb.tag_ in ("VBN", "JJ"):
            return True
        if verb.head.i == x.i and verb.dep_ == "relcl":
            return not any(c.dep_ == "nsubj" for c in verb.children)
        if x.head.i == verb.i and x.dep_ == "nsubj" and verb.tag_ == "VBN" \
                and not any(c.dep_ == "dobj" for c in verb.children):
            return True  # "30 killed in Israeli strike", "left 2,000 people injured"
        if verb.dep_ in ("acomp", "oprd", "attr") and x.head.i == verb.head.i and x.dep_ in ("nsubj", "nsubjpass"):
            return True  # "3.7 million people are internally displaced"
        if verb.dep_ in ("xcomp", "ccomp") and any(c.dep_ == "auxpass" for c in verb.children) \
                and x.head.i == verb.head.i and x.dep_ == "dobj":
            return True  # "allowed 5,000 people to be evacuated"
    return False


def _undergoes(root: Any, verb: Any, subject: list[Any] | None) -> bool:
    """``_is_patient`` for the counted phrase, or, when the cue was found in
    the governing word's subject ("the number of people killed rose to
    30,000"), for a noun of that subject."""
    if subject is None:
        return _is_patient(root, verb)
    return any(_is_patient(t, verb) for t in subject if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"))


def _predicate_cue(first: Any, gov: Any) -> bool:
    """A cue among the governing word's complements must be that word or hang
    from it through verbs, particles and prepositions only: "forced ... to seek
    refuge abroad", "fled to neighbouring countries", not the object noun of
    "discussed the evacuation of civilians"."""
    if first.i == gov.i:
        return True
    if first.pos_ not in ("VERB", "ADJ", "ADV", "AUX"):
        return False
    tok = first.head
    while tok.i != gov.i:
        if tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _partitive(q: Quantity) -> bool:
    """"four of the 14 passengers", "three of them": a part of another count."""
    doc = q.span.doc
    i = q.number.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return False
    nxt = doc[i + 1]
    if nxt.lower_ in ("them", "whom", "those", "these", "us"):
        return True
    if nxt.lower_ == "the":
        window = doc[i + 2:min(len(doc), i + 5)]
        return any(t.like_num or t.pos_ == "NUM" for t in window)
    return False


@dataclass
class Found:
    quantity: Quantity
    cue: Cue
    cue_tokens: list[Any]
    scope: list[Any]
    governor: Any | None


def _categorise(q: Quantity, rules: FigureRules) -> Found | None:
    """The cue that puts a count of people in a category, looked for in the
    noun phrase, then the governing word, then its subject; None for a subset,
    the doers of an act, or a count no cue explains."""
    root = q.root
    number = set(range(q.span.start, q.span.end))
    if root.dep_ == "pobj" and root.head.lower_ in rules.subset_preps:
        return None  # "including five children": a subset of another count
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        return None  # "killed by 30 soldiers": the doers
    if root.dep_ in ("dobj", "attr") and root.head.lemma_.lower() in rules.subset_preps:
        return None  # "the 20 killed included four children"
    if _partitive(q):
        return None  # "four of the 14 passengers", "three of them": a part of another count
    gov = _governor(root, rules.transparent)
    # 1. The counted noun and its modifiers: "displaced people", "civilians killed".
    noun_scope: list[Any] = []
    for tok in dict.fromkeys(t for t in (root, q.head) if t is not None):
        if tok.i not in number:
            noun_scope.append(tok)
        for child in tok.children:
            if child.i in number:
                continue
            if child.dep_ in ("amod", "compound", "nmod"):
                noun_scope.append(child)
            elif child.dep_ in ("acl", "relcl"):
                noun_scope.extend(child.subtree)
    if q.head is None:
        # "25 dead", "500-plus injured": an adjective or participle after a bare number
        nxt = q.span.end
        doc = q.span.doc
        if nxt < len(doc) and doc[nxt].pos_ in ("ADJ", "VERB", "NOUN") and doc[nxt].tag_ in ("JJ", "VBN", "NN", "NNS"):
            noun_scope.append(doc[nxt])
    scopes: list[list[Any]] = [sorted(noun_scope, key=lambda t: t.i)]
    # 2. The governing word and its complements, without the counted phrase itself.
    if gov is not None:
        inside = {t.i for t in root.subtree} | number
        pred = [gov]
        for child in gov.children:
            if child.dep_ in OTHER_BRANCHES or child.dep_ in SUBJECT_DEPS:
                continue
            if child.dep_ == "ccomp" and any(c.dep_ in SUBJECT_DEPS for c in child.children):
                continue  # "two soldiers said they had killed ...": another clause
            if child.i in inside or any(t.i in inside for t in child.subtree):
                # the branch that holds the figure: keep its path words ("rose to")
                pred.extend(t for t in child.subtree if t.i not in inside and t.head.i not in inside
                            and (t.i == child.i or t.head.i == child.i))
                continue
            pred.extend(child.subtree)
        scopes.append(sorted(pred, key=lambda t: t.i))
        # 3. Its subject: "the death toll rose to 47".
        subj = [c for c in gov.children if c.dep_ in SUBJECT_DEPS and c.i not in inside]
        if subj:
            scopes.append(sorted(subj[0].subtree, key=lambda t: t.i))
    for n, scope in enumerate(scopes):
        matches = [(c, toks) for c, toks in rules.match(scope)
                   if not (c.affected_object and not _undergoes(root, toks[0], scope if n == 2 else None))
                   and (c.modifier or not any(t.dep_ == "amod" and t.i < t.head.i for t in toks))
                   and (n != 1 or _predicate_cue(toks[0], gov))]
        if matches:
            cue, toks = matches[0]
            return Found(q, cue, toks, scope, gov)
    return None


def _category(found: Found, rules: FigureRules) -> str:
    cat = found.cue.category
    if cat == "killed":
        head = found.quantity.head
        if (head is not None and rules.is_civilian(head)) or any(
                t.lemma_.lower() == "civilian" for t in found.cue_tokens):
            return "civilians_killed"
    return cat


def _actor_of(ctx: Context, tok: Any) -> Any | None:
    """The actor named by the phrase headed by ``tok``: the one named by the
    head word itself, else the person the phrase names ("Ukraine's deputy
    prime minister, Iryna Vereshchuk"), else its longest actor mention."""
    if tok.pos_ == "PRON":
        hit = ctx.actors.at(tok.idx, tok.idx + len(tok))
        return hit or ctx.actors.antecedent(tok.idx, kinds=ACTOR_KINDS)
    hit = ctx.actors.at(tok.idx, tok.idx + len(tok))
    if hit is not None:
        return hit
    sub = list(tok.subtree)
    inside = ctx.actors.within(sub[0].idx, sub[-1].idx + len(sub[-1]))
    people = [(span, a) for span, a in inside if a.kind == "person"]
    if people:
        return min(people, key=lambda h: abs(h[0][0] - tok.idx))[1]
    if inside:
        return max(inside, key=lambda h: h[0][1] - h[0][0])[1]
    owners = [t for t in sub if t.dep_ == "poss" and t.pos_ == "PRON"]
    if owners:  # "according to her posts"
        return ctx.actors.antecedent(owners[0].idx, kinds=ACTOR_KINDS)
    return None


def _source(ctx: Context, found: Found, rules: FigureRules) -> tuple[Any | None, Span | None]:
    """The actor that reported a figure and the span that names it."""
    root = found.quantity.root
    sent = root.sent
    # "according to Kyiv"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(sent.doc) and tok.nbor(1).lower_ == "to":
            objs = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
            if objs:
                actor = _actor_of(ctx, objs[0])
                if actor is not None:
                    sub = list(objs[0].subtree)
                    return actor, (sub[0].idx, sub[-1].idx + len(sub[-1]))
    # the subject of a reporting verb the figure hangs from: "X has recorded ...", "... X said"
    tok = root
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        if tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in rules.source_verbs or tok.lower_ in rules.source_verbs):
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            agent = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            for who in (agent if subj and subj[0].dep_ == "nsubjpass" else subj) or agent:
                if who.i in range(found.quantity.span.start, found.quantity.span.end) or who.i == root.i:
                    continue
                actor = _actor_of(ctx, who)
                if actor is not None:
                    sub = list(who.subtree)
                    return actor, (sub[0].idx, sub[-1].idx + len(sub[-1]))
        if tok.head.i == tok.i:
            break
        tok = tok.head
    # "..., X said." parsed beside the figure's clause rather than above it
    for tok in sent:
        if tok.dep_ in ("ROOT", "parataxis") and tok.lower_ in rules.source_verbs and tok.i > root.i:
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj:
                actor = _actor_of(ctx, subj[0])
                if actor is not None:
                    sub = list(subj[0].subtree)
                    return actor, (sub[0].idx, sub[-1].idx + len(sub[-1]))
    return None, None


def _place(ctx: Context, found: Found, source_span: Span | None) -> str | None:
    """The place a figure is about; never one inside the reporter's name."""
    root = found.quantity.root
    sent = root.sent

    def usable(span: Span) -> bool:
        return not (source_span and span[0] < source_span[1] and source_span[0] < span[1])

    # 1. In the figure's own words: "out of Mariupol", "fled Khartoum".
    tokens = {t.i for t in found.scope} | {t.i for t in found.cue_tokens}
    tokens |= {t.i for t in root.subtree}
    for span, place in ctx.places.within(sent.start_char, sent.end_char):
        tok = sent.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tok is not None and any(t.i in tokens for t in tok) and usable(span):
            return place.id
    # 2. A relative clause hangs from the attack or place it tells of:
    #    "an attack on a hospital in Mariupol which killed three people".
    for t in [*found.cue_tokens, found.governor]:
        if t is None:
            continue
        v = t
        while v.dep_ not in ("relcl", "acl") and v.head.i != v.i and v.dep_ in ("conj", "xcomp", "ccomp"):
            v = v.head
        if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
            noun = v.head
            rel = {x.i for x in v.subtree}
            words = [x for x in noun.subtree if x.i not in rel]
            start, end = words[0].idx, words[-1].idx + len(words[-1])
            hits = [(s, p) for s, p in ctx.places.within(start, end) if usable(s)]
            if hits:
                return hits[-1][1].id
    # 3. A place of the figure's clause, its subject and adjuncts included
    #    ("The war in Sudan has displaced ...", "In Yemen, fighters killed ..."),
    #    nearest the figure; never one of a coordinated clause.
    clause = _clause(found.governor or root)
    hits = []
    for span, place in ctx.places.within(sent.start_char, sent.end_char):
        tok = sent.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tok is not None and any(t.i in clause for t in tok) and usable(span):
            hits.append((span, place))
    if hits:
        at = found.quantity.start
        return min(hits, key=lambda h: abs(h[0][0] - at))[1].id
    return None


def _clause(tok: Any) -> set[int]:
    """Token indices of the clause around ``tok``: its nearest verb's subtree
    without coordinated clauses; an adverbial clause takes in the clause it
    modifies ("M23 seized Goma, forcing thousands to flee")."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ == "advcl" and verb.head.i != verb.i:
        verb = verb.head
    out = {verb.i}
    for child in verb.children:
        if child.dep_ in ("conj", "cc") and child.pos_ in ("VERB", "AUX", "CCONJ"):
            continue
        out.update(t.i for t in child.subtree)
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i and not any(
            c.dep_ in SUBJECT_DEPS for c in first.children):
        first = first.head  # "The fighting in Khartoum has killed ... and displaced ...": a shared subject
        for child in first.children:
            if child.dep_ in SUBJECT_DEPS:
                out.update(t.i for t in child.subtree)
    return out


def _evidence(found: Found, source_span: Span | None) -> Span:
    """The figure's clause: counted phrase, cue, governing word, its subject
    and the reporter when the same sentence names it."""
    root = found.quantity.root
    sent = root.sent
    toks = set(found.scope) | set(found.cue_tokens) | set(root.subtree) | set(found.quantity.span)
    gov = found.governor
    if gov is not None and gov.pos_ in ("VERB", "AUX"):
        for c in gov.children:
            if c.dep_ in SUBJECT_DEPS:
                toks |= set(c.subtree)
    toks = [t for t in toks if sent.start <= t.i < sent.end]
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    if source_span and sent.start_char <= source_span[0] < sent.end_char:
        start, end = min(start, source_span[0]), max(end, source_span[1])
    text = doc_text(sent.doc)  # spaCy joins doc.text from its tokens on every access
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return (start, end)


# Categories that count the same people: one number reported twice in an
# article is one figure, in its more specific category.
FAMILY = {"civilians_killed": "killed"}


@extractor("figures", needs=("actors", "places"), produces=("figures",))
def extract_figures(ctx: Context) -> None:
    rules = FigureRules.of(ctx.resources)
    figures: list[Figure] = []
    seen: dict[tuple[str, int], Figure] = {}
    for q in find_quantities(ctx.doc):
        if q.kind != "count" or q.value <= 0:
            continue
        if q.head is not None and not rules.is_people(q.head):
            continue
        found = _categorise(q, rules)
        if found is None:
            continue
        category = _category(found, rules)
        actor, source_span = _source(ctx, found, rules)
        evidence = _evidence(found, source_span)
        key = (FAMILY.get(category, category), q.value)
        if key in seen:  # the same figure repeated ("the 14 killed in the crash")
            earlier = seen[key]
            if category != earlier.category and category in FAMILY:
                earlier.category = category
            if evidence not in earlier.evidence:
                earlier.evidence.append(evidence)
            if earlier.source is None and actor is not None:
                earlier.source = actor.id
            continue
        fig = Figure(category=category, value=q.value, qualifier=q.qualifier,
                     source=actor.id if actor is not None else None,
                     place=_place(ctx, found, source_span), evidence=[evidence],
                     rule=f"figures.{found.cue.rule}")
        seen[key] = fig
        figures.append(fig)
    ctx.figures = figures
