"""Cleaning: the text every offset indexes into, its dateline, and its publication date.

``clean_document`` removes boilerplate (rules in ``data/boilerplate.yaml``) and
reports the dateline (``data/datelines.yaml``); ``infer_published`` dates the
article (``data/anchor_events.yaml``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .boilerplate import BoilerplateRules, remove_boilerplate
from .datelines import Dateline, DatelinePatterns, find_dateline
from .pubdate import infer_published

__all__ = ["Cleaned", "Dateline", "clean_document", "find_dateline", "infer_published", "remove_boilerplate"]


@dataclass
class Cleaned:
    text: str
    dateline: Dateline | None
    removed: list[str] = field(default_factory=list)  # the text of each removed block or line
    rules: list[str] = field(default_factory=list)  # the id of the rule that removed it, same order


def _tidy(text: str) -> str:
    # Unify line endings and drop trailing spaces of each line, so a blank line
    # is always "" and a paragraph break always "\n\n"; nothing else changes.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def clean_document(text: str, rules: BoilerplateRules | None = None,
                   dateline_patterns: DatelinePatterns | None = None) -> Cleaned:
    """The article text without boilerplate, and its dateline (kept in the text)."""
    body, removals = remove_boilerplate(_tidy(text), rules)
    body = body.strip()
    return Cleaned(
        text=body,
        dateline=find_dateline(body, dateline_patterns),
        removed=[r.text for r in removals],
        rules=[r.rule for r in removals],
    )
