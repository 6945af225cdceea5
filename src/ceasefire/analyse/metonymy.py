"""Deciding when a place name stands for its government or side.

The same rules serve the actors extractor (a metonymic capital is an actor
mention of its state) and the places extractor (it is then not a place).
"""
from __future__ import annotations

from typing import Any

POSSESSIVE = {"'s", "’s", "'"}


def metonymy_rule(span, resources: Any) -> str | None:
    """The id of the rule by which ``span`` (a spaCy Span naming a place) is
    used as an actor, or None when it is used as a location."""
    rules = resources.data("metonymy.yaml")
    doc = span.doc
    root = span.root
    if span.end < len(doc) and doc[span.end].text in POSSESSIVE:
        return "meto.possessive"
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ not in rules["locative_verbs"]:
        return "meto.subject"
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return "meto.according_to"
    if root.dep_ == "pobj" and root.head.lower_ == "in" and root.head.head.lower_ in rules["people_nouns"]:
        return "meto.people_in"
    return None


def is_metonymic(span, resources: Any) -> bool:
    return metonymy_rule(span, resources) is not None
