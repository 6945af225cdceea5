"""Removing what is not article text (comment forms, share blocks...), rules in ``data/boilerplate.yaml``.

Only whole lines are removed and nothing else in the text changes, because
every offset the analysers produce indexes into the cleaned text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import load_data


@dataclass(frozen=True)
class LineRule:
    id: str
    pattern: re.Pattern[str]
    max_chars: int
    anywhere: bool = False  # cut rules only: may cut from the first half of a long article


@dataclass(frozen=True)
class BoilerplateRules:
    cut_tail: tuple[LineRule, ...]
    drop_lines: tuple[LineRule, ...]
    long_article_chars: int
    min_keep_chars: int


@dataclass
class Removal:
    text: str
    rule: str


def _rule(raw: dict, default_max: int) -> LineRule:
    try:
        pattern = re.compile(raw["pattern"])
    except re.error as exc:
        raise ValueError(f"boilerplate rule {raw.get('id')!r}: bad pattern: {exc}") from None
    return LineRule(id=str(raw["id"]), pattern=pattern, max_chars=int(raw.get("max_chars", default_max)),
                    anywhere=bool(raw.get("anywhere", False)))


def parse_rules(data: dict) -> BoilerplateRules:
    settings = data.get("settings", {})
    drop_max = int(settings.get("drop_max_chars", 160))
    return BoilerplateRules(
        # A cut marker is a heading-like line; 200 characters is generous for one.
        cut_tail=tuple(_rule(r, 200) for r in data.get("cut_tail", [])),
        drop_lines=tuple(_rule(r, drop_max) for r in data.get("drop_lines", [])),
        long_article_chars=int(settings.get("long_article_chars", 2000)),
        min_keep_chars=int(settings.get("min_keep_chars", 200)),
    )


@lru_cache(maxsize=1)  # shipped rules: a constant once read
def default_rules() -> BoilerplateRules:
    return parse_rules(load_data("boilerplate.yaml"))


def _matches(rule: LineRule, line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= rule.max_chars and rule.pattern.fullmatch(stripped) is not None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def find_tail_cut(text: str, rules: BoilerplateRules) -> tuple[int, str] | None:
    """Offset and rule id of the earliest allowed tail cut, or None."""
    long_article = len(text) >= rules.long_article_chars
    lines = text.split("\n")
    for start, line in zip(_line_starts(text), lines):
        if start < rules.min_keep_chars:
            continue  # a cut here would leave (almost) nothing: the marker is page chrome above the article
        for rule in rules.cut_tail:
            if not _matches(rule, line):
                continue
            if long_article and start < len(text) / 2 and not rule.anywhere:
                continue  # a marker in the first half of a long article is more likely a mid-page box
            return start, rule.id
    return None


def drop_lines(text: str, rules: BoilerplateRules) -> tuple[str, list[Removal]]:
    """The text without lines any drop rule matches, and what was removed."""
    kept: list[str] = []
    removed: list[Removal] = []
    skip_blank = False  # drop the blank line a removed paragraph leaves, so breaks stay single
    for line in text.split("\n"):
        rule = next((r for r in rules.drop_lines if _matches(r, line)), None)
        if rule is not None:
            removed.append(Removal(line, rule.id))
            skip_blank = not kept or not kept[-1].strip()
            continue
        if skip_blank and not line.strip():
            continue
        skip_blank = False
        kept.append(line)
    return "\n".join(kept), removed


def remove_boilerplate(text: str, rules: BoilerplateRules | None = None) -> tuple[str, list[Removal]]:
    """Cut the tail at the earliest marker, then drop boilerplate lines; returns text and removals."""
    rules = rules or default_rules()
    removed: list[Removal] = []
    cut = find_tail_cut(text, rules)
    if cut is not None:
        start, rule_id = cut
        removed.append(Removal(text[start:], rule_id))
        text = text[:start]
    text, dropped = drop_lines(text, rules)
    return text, removed + dropped
