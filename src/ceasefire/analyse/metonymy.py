"""Deciding when a place name stands for its government or side.

One rule set serves both extractors: the places extractor (a metonymic use
is not a place) and the actors extractor (a metonymic capital is an actor
mention of its state). The rules are ``places.metonymy`` with the word lists
of ``places_extra.yaml`` (section ``mention_rules``); this module only adapts
them to a spaCy span.
"""
from __future__ import annotations

from typing import Any

from .places import mention_rules, metonymy


def metonymy_rule(span, resources: Any) -> str | None:
    """The id of the rule by which ``span`` (a spaCy Span naming a place) is
    used as an actor ("meto.possessive", "meto.subject", "meto.according_to",
    "meto.agent", "meto.authority_pp", "meto.compound_actor"), or None when it
    is used as a location."""
    rule = metonymy(span.root, mention_rules(resources))
    return rule.replace("meto_", "meto.", 1) if rule else None


def is_metonymic(span, resources: Any) -> bool:
    return metonymy_rule(span, resources) is not None
