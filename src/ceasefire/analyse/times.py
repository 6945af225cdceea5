"""Time expressions, found by the rules of ``data/time_rules.yaml`` and
resolved against the publication date.

``resolve_expressions(text, anchor)`` needs no parse: it returns ``Timex``
records (a ``TimeExpression`` that also carries its TimeML type and value,
see ``timex_value``). The ``times`` extractor runs it over the article and
uses spaCy's DATE/TIME entities to confirm the ambiguous rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources as importlib_resources
from typing import Any

import regex
import yaml

from ..records import Span, TimeExpression
from .context import Context
from .registry import extractor
from .times_handlers import HANDLERS, week_value

RULES_FILE = "time_rules.yaml"


@dataclass
class Timex(TimeExpression):
    """A time expression with its TimeML type (DATE, TIME, DURATION, SET) and value."""

    timex_type: str = "DATE"
    timex_value: str = ""


class TimeRules:
    """The lexicon and compiled rules of ``time_rules.yaml``."""

    def __init__(self, data: dict[str, Any]):
        lex = data["lexicon"]
        self.months = {k.lower(): int(v) for k, v in lex["months"].items()}
        self.weekdays = {k.lower(): int(v) for k, v in lex["weekdays"].items()}
        self.numbers = {str(k).lower(): float(v) for k, v in lex["numbers"].items()}
        self.fuzzy = {str(k).lower() for k in lex["fuzzy_numbers"]}
        self.units = {k.lower(): str(v) for k, v in lex["units"].items()}
        self.seasons = {k.lower(): str(v) for k, v in lex["seasons"].items()}
        self.ordinals = {str(k).lower(): int(v) for k, v in lex["ordinals"].items()}
        self.after_ok = {str(w).lower() for w in lex["after_number_ok"]}
        self.need_support = set(data.get("need_support") or [])
        subs = self._placeholders(lex)
        self.rules: list[tuple[str, str, Any]] = []
        for rule in data["rules"]:
            pattern = rule["pattern"]
            for key, value in subs.items():
                pattern = pattern.replace("{" + key + "}", value)
            self.rules.append((rule["id"], rule["handler"], regex.compile(pattern, regex.I | regex.V0)))

    def _placeholders(self, lex: dict[str, Any]) -> dict[str, str]:
        def alt(words, case_sensitive=False):
            ws = sorted({str(w) for w in words}, key=len, reverse=True)
            body = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ws)
            return f"(?-i:{body})" if case_sensitive else f"(?:{body})"
        full_months = [m for m in lex["months"] if len(m) > 3 and m != "Sept"]
        caps = lambda ws: list(ws) + [w.upper() for w in ws]  # noqa: E731  datelines: "MARCH 2"
        num_words = [str(k) for k in lex["numbers"]]
        return {
            "MONTHX": f"(?P<month>{alt(caps(lex['months']), True)})",
            "MONTH": f"(?P<month>{alt(caps(full_months), True)})",
            "WEEKDAY": f"(?P<weekday>{alt(caps(lex['weekdays']), True)})",
            "DAY": r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d])",
            "YEAR": r"(?P<year>(?:19|20)\d\d)(?![\d])",
            "NUM": rf"(?:\d{{1,3}}(?:\.\d+)?(?!\d)|{alt(num_words)}(?:[- ]{alt(num_words)})?)",
            "FUZZY": alt(lex["fuzzy_numbers"]),
            "UNIT": alt(lex["units"]),
            "SEASON": f"(?P<season>{alt(lex['seasons'])})",
            "ORD": f"(?P<ord>{alt(lex['ordinals'])})",
            "MOD": r"(?:(?:the\s+)?(?:early|late|mid|end|beginning|start|middle|close|first\s+half|second\s+half|"
                   r"latter\s+part)(?:\s+of)?(?:\s+the)?(?:\s+|-)|mid-)",
        }

    @classmethod
    def load(cls, resources: Any = None) -> "TimeRules":
        if resources is not None and hasattr(resources, "_cache"):
            key = "_time_rules"
            if key not in resources._cache:
                resources._cache[key] = cls(resources.data(RULES_FILE))
            return resources._cache[key]
        text = importlib_resources.files("ceasefire.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
        return cls(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))

    def number(self, word: str | None) -> float | None:
        """A number in digits or words ("six", "twenty-four", "2"); None when fuzzy."""
        if not word:
            return None
        w = " ".join(word.lower().replace("-", " ").split())
        if regex.fullmatch(r"\d+(?:\.\d+)?", w):
            return float(w)
        if w in self.numbers:
            return self.numbers[w]
        parts = w.split()
        if len(parts) == 2 and parts[0] in ("a", "an"):
            return self.numbers.get(parts[1])
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            a, b = self.numbers[parts[0]], self.numbers[parts[1]]
            return a * b if b >= 100 else a + b
        return None

    def unit(self, word: str) -> str:
        w = word.lower().rstrip("s")
        if w == "centurie":
            w = "century"
        return self.units.get(w, self.units.get(word.lower(), "D"))


LEADING_PREPS = regex.compile(
    r"(?:in|on|at|since|until|till|by|from|through|during|before|after|for|within|throughout)\s+", regex.I)


def _strip(text: str, span: Span) -> Span:
    """Trim spaces, trailing punctuation and a leading preposition ("in 2014" -> "2014")."""
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    lead = LEADING_PREPS.match(text, s, e)
    if lead and lead.end() < e:
        s = lead.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


def resolve_expressions(text: str, anchor: date | None, rules: TimeRules | None = None, *,
                        support: list[Span] | None = None) -> list[Timex]:
    """Every time expression of ``text``, resolved against ``anchor``.

    Overlapping matches keep the longest (then the earlier rule). With
    ``support`` (spans a parser marked as DATE/TIME) the rules listed under
    ``need_support`` only count where they overlap a supported span.
    """
    rules = rules or TimeRules.load()
    found: list[tuple[int, int, int, str, str, Any]] = []
    for order, (rid, handler, rx) in enumerate(rules.rules):
        for m in rx.finditer(text, overlapped=False):
            s, e = _strip(text, m.span())
            if e <= s:
                continue
            if support is not None and rid in rules.need_support and not any(
                    a < e and s < b for a, b in support):
                continue
            found.append((s, e, order, rid, handler, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    chosen: list[tuple[int, int, int, str, str, Any]] = []
    for f in found:
        if all(f[1] <= c[0] or c[1] <= f[0] for c in chosen):
            chosen.append(f)
    out: list[Timex] = []
    for s, e, _, rid, handler, m in sorted(chosen, key=lambda c: c[0]):
        results = HANDLERS[handler](rules, m, anchor, text)
        for span, ttype, value, rng in results or []:
            span = _strip(text, span)
            if any(x.span[0] < span[1] and span[0] < x.span[1] for x in out):
                continue
            out.append(Timex(text=text[span[0]:span[1]], span=span, date=rng, rule=f"times.{rid}",
                             timex_type=ttype, timex_value=value))
    out.sort(key=lambda t: t.span)
    return out


def timex_value(expr: TimeExpression) -> tuple[str, str]:
    """The TimeML (type, value) of an expression: ("DATE", "2022-04-07"),
    ("DATE", "2022-W14"), ("DURATION", "P6W"), ("DATE", "PRESENT_REF")..."""
    if isinstance(expr, Timex) and expr.timex_value:
        return expr.timex_type, expr.timex_value
    rng = expr.date
    if rng is None:
        return "DATE", ""
    start = date.fromisoformat(rng.start)
    if rng.precision == "day":
        return "DATE", start.isoformat()
    if rng.precision == "week":
        return "DATE", week_value(start)
    if rng.precision == "month":
        return "DATE", f"{start.year}-{start.month:02d}"
    return "DATE", str(start.year)


@extractor("times", produces=("times",))
def extract_times(ctx: Context) -> None:
    """Fill ``ctx.times``: the rules over the article text, ambiguous ones
    confirmed by spaCy's DATE/TIME entities."""
    rules = TimeRules.load(ctx.resources)
    support = [(e.start_char, e.end_char) for e in ctx.doc.ents if e.label_ in ("DATE", "TIME")] \
        if ctx.doc is not None else None
    found: list[TimeExpression] = list(resolve_expressions(ctx.text, ctx.published, rules, support=support))
    words = set(rules.months) | set(rules.weekdays) | set(rules.units) | set(rules.seasons)
    for ent in ctx.doc.ents if ctx.doc is not None else ():
        if ent.label_ not in ("DATE", "TIME") or any(t.span[0] < ent.end_char and ent.start_char < t.span[1]
                                                     for t in found):
            continue
        tokens = {w.lower().rstrip("s") for w in regex.findall(r"[A-Za-z]+", ent.text)}
        if tokens & words or regex.search(r"\d", ent.text):  # a date the rules missed: kept, unresolved
            found.append(Timex(text=ent.text, span=(ent.start_char, ent.end_char), date=None,
                               rule="times.spacy_entity", timex_type=ent.label_, timex_value=""))
    ctx.times = sorted(found, key=lambda t: t.span)
