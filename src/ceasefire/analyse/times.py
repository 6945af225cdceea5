"""Time expressions, found by the rules of ``data/time_rules.yaml`` and
resolved against the publication date.

``resolve_expressions(text, anchor)`` needs no parse: it returns ``Timex``
records (a ``TimeExpression`` that also carries its TimeML type and value,
see ``timex_value``). The ``times`` extractor runs it over the article and
uses spaCy's DATE/TIME entities to confirm the ambiguous rules.

Deictic expressions ("last week", "Friday", "a year ago") are resolved against
the anchor (the publication date); anaphoric ones ("a year earlier", "that
day", "the following year", "the quarter", "at 10 p.m.") against the
reference time: the calendar value last spoken of in the text, which only
expressions that are not themselves anaphoric set.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources as importlib_resources
from typing import Any

import regex
import yaml

from ..records import DateRange, Span, TimeExpression
from .context import Context
from .registry import extractor
from .tokens import entities
from .times_handlers import HANDLERS, PARTS, Result, calendar_value, duration_value, week_value

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
        self.support_only = set(data.get("support_only") or [])
        subs = self._placeholders(lex)
        self.rules: list[tuple[str, str, Any]] = []
        # Per rule, the placeholders every match of it contains ("{MONTH}"): a text
        # without any match of one of them cannot match the rule, which is then
        # not run over it (each rule is a scan of the whole text).
        self.required: list[tuple[str, ...]] = []
        self.words: list[str | None] = []  # and a word every match contains, compared case-folded
        self.factors: list[tuple[str, ...] | None] = []  # or words one of which every match contains
        # Per rule, how far a match can reach (``Reach``), for rules scanned only near their
        # placeholder's matches (``RuleScan``); None: scanned whole.
        self.reach: list[Reach | None] = []
        for rule in data["rules"]:
            pattern = _expand(rule["pattern"], subs)
            self.rules.append((rule["id"], rule["handler"], regex.compile(pattern, regex.I | regex.V0)))
            self.required.append(tuple(key for key in subs if "{" + key + "}" in rule["pattern"]
                                       and not _can_match(_expand(rule["pattern"], {**subs, key: "(?!)"}))))
            self.words.append(_required_word(pattern))
            self.factors.append(_required_factors(pattern))
            anchors = [k for k in ANCHOR_ORDER if k in self.required[-1]]
            anchored = anchors or self.words[-1] is not None or self.factors[-1] is not None
            self.reach.append(_reach(pattern, anchors[0] if anchors else None) if anchored else None)
        self.placeholders = {key: regex.compile(value, regex.I | regex.V0) for key, value in subs.items()}
        # Runs of two or more: single characters (a space between words) are many, and a run
        # length of 1 bounds them.
        self.runs = {cls: regex.compile(f"{cls}{{2,}}", regex.I | regex.V0)
                     for r in self.reach if r is not None for cls in r.classes}

    def _placeholders(self, lex: dict[str, Any]) -> dict[str, str]:
        def alt(words, case_sensitive=False):
            ws = sorted({str(w) for w in words}, key=len, reverse=True)
            body = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ws)
            return f"(?-i:{body})" if case_sensitive else f"(?:{body})"
        full_months = [m for m in lex["months"] if len(m) > 3 and m != "Sept"]
        caps = lambda ws: list(ws) + [w.upper() for w in ws]  # noqa: E731  datelines: "MARCH 2"
        num_words = [str(k) for k in lex["numbers"]]
        # the second word of a compound number: "twenty-four", "two hundred", never "seven a (year)"
        second = [w for w in num_words if w.split()[0] not in ("a", "an", "half", "couple", "dozen")]
        return {
            "MONTHX": f"(?P<month>{alt(caps(lex['months']), True)})",
            "MONTH": f"(?P<month>{alt(caps(full_months), True)})",
            "WEEKDAY": f"(?P<weekday>{alt(caps(lex['weekdays']), True)})",
            "DAY": r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d])",
            "YEAR": rf"(?P<year>(?:19|20)\d\d(?![\d])|{SPOKEN_YEAR}|two\s+thousand(?=\s*[,.;:!?)]))",
            "SPOKEN_YEAR": SPOKEN_YEAR,
            "NUM": rf"(?:\d{{1,3}}(?:\.\d+)?(?!\d)|{alt(num_words)}(?:[- ]{alt(second)})?)",
            "FUZZY": alt(lex["fuzzy_numbers"]),
            "UNIT": alt(lex["units"]),
            "SEASON": f"(?P<season>{alt(lex['seasons'])})",
            "ORD": f"(?P<ord>{alt(lex['ordinals'])})",
            "MOD": r"(?:(?:the\s+)?(?:early|late|mid|end|beginning|start|middle|close|first\s+half|second\s+half|"
                   r"latter\s+part)(?:\s+of)?(?:\s+the)?(?:\s+|-)|mid-)",
        }

    @classmethod
    def load(cls, resources: Any = None) -> "TimeRules":
        if resources is not None and hasattr(resources, "cached"):
            return resources.cached("times.rules", lambda: cls(resources.data(RULES_FILE)))
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

    def year(self, word: str) -> int:
        """A year in digits or spoken ("nineteen ninety-seven", "two thousand")."""
        w = " ".join(word.lower().replace("-", " ").split())
        if w.isdigit():
            return int(w)
        if w.startswith("two thousand"):
            rest = w[len("two thousand"):].strip().removeprefix("and ").strip()
            return 2000 + int(self.number(rest) or 0)
        head, _, rest = w.partition(" ")
        tail = 0 if rest in ("hundred", "") else int(self.number(rest.removeprefix("hundred and ").strip()) or 0)
        return int(self.numbers[head]) * 100 + tail

    def unit(self, word: str) -> str:
        w = word.lower().rstrip("s")
        if w == "centurie":
            w = "century"
        return self.units.get(w, self.units.get(word.lower(), "D"))


def _expand(pattern: str, subs: dict[str, str]) -> str:
    for key, value in subs.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def _parse(pattern: str) -> Any:
    """The standard library's parse of a rule (it reads the syntax these rules use), or None."""
    from re import _parser as P

    seen: dict[str, int] = {}

    def rename(m: Any) -> str:  # a name may repeat across alternatives: not for the standard parser
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        return f"(?P<{m.group(1)}_{seen[m.group(1)]}>"

    try:
        return P.parse(regex.sub(r"\(\?P<(\w+)>", rename, pattern), 0)
    except Exception:  # noqa: BLE001 - syntax the standard parser lacks
        return None


def _required_word(pattern: str) -> str | None:
    """The longest run of letters every match of ``pattern`` contains ("year" in
    "that year"), lower-case; None when there is none (or when unsure)."""
    from re import _constants as C

    tree = _parse(pattern)
    if tree is None:
        return None
    runs: list[str] = []

    def walk(items: Any) -> None:
        run = ""
        for op, av in items:
            if op is C.LITERAL and chr(av).isascii() and chr(av).isalpha():
                run += chr(av)
                continue
            runs.append(run)
            run = ""
            if op is C.SUBPATTERN:
                walk(av[3])
            elif op is C.ATOMIC_GROUP:
                walk(av)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
                walk(av[2])
        runs.append(run)

    walk(tree)
    best = max(runs, key=len, default="")
    return best.lower() if len(best) >= 3 else None


def _required_factors(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of ``pattern`` contains, lower-case ("month", "year" for
    "(this|next) (month|year)"), to be looked for in the case-folded text; None when unsure.

    Only runs of ASCII letters, digits and spaces count: those case-fold as a case-insensitive
    match reads them, whatever the case of the text."""
    from re import _constants as C

    tree = _parse(pattern)
    if tree is None:
        return None

    def better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
        if a is None or b is None:
            return a if b is None else b
        # the longer shortest word, then the fewer words: the rarer in a text
        return a if (-min(map(len, a)), len(a)) <= (-min(map(len, b)), len(b)) else b

    def seq(items: Any) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        run = ""
        for op, av in [*items, (None, None)]:
            if op is C.LITERAL and chr(av).isascii() and (chr(av).isalnum() or chr(av) == " "):
                run += chr(av)
                continue
            if run.strip():
                best = better(best, frozenset([run.lower()]))
            run = ""
            if op is C.SUBPATTERN:
                best = better(best, seq(av[3]))
            elif op is C.ATOMIC_GROUP:
                best = better(best, seq(av))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
                best = better(best, seq(av[2]))
            elif op is C.BRANCH:
                alts = [seq(alt) for alt in av[1]]
                if all(a is not None for a in alts):
                    best = better(best, frozenset().union(*alts))
        return best

    found = seq(tree)
    return tuple(sorted(found)) if found else None


def _can_match(pattern: str) -> bool:
    """Whether some text could match ``pattern``; True whenever unsure. Only a
    branch that has to pass a never-matching ``(?!)`` is known to be dead."""
    from re import _constants as C

    tree = _parse(pattern)
    if tree is None:
        return True

    def seq(items: Any) -> bool:
        return all(item(op, av) for op, av in items)

    def item(op: Any, av: Any) -> bool:
        if op is C.ASSERT_NOT:
            return bool(list(av[1]))  # (?!) : a negative look-ahead at nothing never passes
        if op is C.SUBPATTERN:
            return seq(av[3])
        if op is C.ATOMIC_GROUP:
            return seq(av)
        if op is C.BRANCH:
            return any(seq(alt) for alt in av[1])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return av[0] == 0 or seq(av[2])
        return True

    return seq(tree)


# ---- scanning a rule only near its placeholder ------------------------------------------------
# Each rule is a scan of the whole text, and most of a text is far from any month name. A rule
# every match of which holds a month name (its ``required`` placeholder) is scanned only in
# windows around the month names found, giving exactly the matches of a whole scan:
#
# - a match is at most W characters long, where W is read off the pattern with every unbounded
#   repeat of one character class (``\s+``) bounded by the longest run of that class in this
#   text; so it lies within W of each of its placeholder's positions;
# - a window is scanned from W before its first placeholder position (``pos`` hides nothing:
#   look-behinds and ``\b`` still see the text before it), and matches starting after its last
#   placeholder position are dropped;
# - the scan ends (``endpos``) far enough past the last kept start that no kept match, nor a
#   look-ahead of it, reaches the cut: those matches are the whole scan's;
# - windows are disjoint, and a whole scan finds no match between them, so the non-overlapping
#   matches of the windows, in order, are those of the whole scan.
#
# A rule's required word (``TimeRules.words``) or its words one of which every match holds
# (``TimeRules.factors``) anchor it the same way: ``str.find`` over the case-folded text finds
# them far faster than a rule's scan (the regex module finds them no faster), and each rule is
# scanned near whichever of its anchors the text holds fewest of.
#
# Placeholders that may anchor a rule, the rarest in news text first.
ANCHOR_ORDER = ("MONTHX", "MONTH", "SEASON", "WEEKDAY", "YEAR", "UNIT")
# Scanning windows that cover more than this share of a text costs more than one whole scan.
WINDOW_SHARE = 0.6
# A word found more often than once in this many characters anchors windows covering the text.
WORD_SPACING = 40
# As many positions of a rule's words as this are few enough not to look for its placeholder.
FEW_WORDS = 3
Form = dict[str, int]  # an upper bound: constant ("") + sum of coefficient × longest run of a class


@dataclass(frozen=True)
class Reach:
    """How far a rule's match can reach, as forms over the text's longest character runs."""

    anchor: str | None  # the placeholder every match holds, if any
    width: tuple[tuple[str, int], ...]  # the match's length
    ahead: tuple[tuple[str, int], ...]  # what its look-aheads read past its end
    classes: tuple[str, ...]  # the character classes whose runs bound the unbounded repeats


def _reach(pattern: str, anchor: str) -> Reach | None:
    """The ``Reach`` of a rule, or None when some repeat is unbounded in a way runs cannot bound."""
    from re import _constants as C

    tree = _parse(pattern)
    if tree is None:
        return None
    ahead: Form = {}

    def add(a: Form, b: Form, k: int = 1) -> Form:
        out = dict(a)
        for key, n in b.items():
            out[key] = out.get(key, 0) + k * n
        return out

    def seq(items: Any) -> Form | None:
        total: Form = {}
        for op, av in items:
            w = item(op, av)
            if w is None:
                return None
            total = add(total, w)
        return total

    def item(op: Any, av: Any) -> Form | None:
        nonlocal ahead
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY):
            return {"": 1}
        if op is C.AT:
            return {}
        if op is C.SUBPATTERN:
            return seq(av[3])
        if op is C.ATOMIC_GROUP:
            return seq(av)
        if op is C.BRANCH:
            out: Form = {}
            for alt in av[1]:
                w = seq(alt)
                if w is None:
                    return None
                out = {key: max(out.get(key, 0), w.get(key, 0)) for key in out.keys() | w.keys()}
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, sub = av
            if high != C.MAXREPEAT:
                w = seq(sub)
                return None if w is None else add({}, w, high)
            cls = _char_class(sub)
            return None if cls is None else {cls: 1}
        if op in (C.ASSERT, C.ASSERT_NOT):
            w = seq(av[1])
            if w is None:
                return None
            if av[0] == 1:  # a look-ahead reads past where it stands; a look-behind only what pos leaves visible
                ahead = add(ahead, w)
            return {}
        return None  # back-references and the like

    width = seq(tree)
    if width is None:
        return None
    ahead = add(ahead, {"": 2})  # a final \b reads the next character
    classes = tuple(sorted((width.keys() | ahead.keys()) - {""}))
    return Reach(anchor, tuple(sorted(width.items())), tuple(sorted(ahead.items())), classes)


def _char_class(items: Any) -> str | None:
    """The repeated item as a class of the regex module (a space class for ``\\s+``), when it is one character class."""
    from re import _constants as C

    if len(items) != 1:
        return None
    op, av = items[0]
    if op is C.LITERAL:
        return "[" + regex.escape(chr(av)) + "]"
    if op is not C.IN:
        return None
    parts = []
    for o, a in av:
        if o is C.LITERAL:
            parts.append(regex.escape(chr(a)))
        elif o is C.RANGE:
            parts.append(regex.escape(chr(a[0])) + "-" + regex.escape(chr(a[1])))
        elif o is C.CATEGORY and a in _CATEGORIES:
            parts.append(_CATEGORIES[a])
        elif o is C.NEGATE:
            parts.append("^")
        else:
            return None
    return "[" + "".join(parts) + "]"


def _categories() -> dict[Any, str]:
    from re import _constants as C

    return {C.CATEGORY_SPACE: r"\s", C.CATEGORY_DIGIT: r"\d", C.CATEGORY_WORD: r"\w",
            C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_WORD: r"\W"}


_CATEGORIES = _categories()


class RuleScan:
    """The matches of the rules over one text, scanning near placeholders where that is cheaper."""

    def __init__(self, rules: TimeRules, text: str, folded: str | None = None) -> None:
        self.rules, self.text = rules, text
        self._runs: dict[str, int] = {}
        self._anchors: dict[str, list[int]] = {}
        # Words are found in the case-folded text, whose offsets are the text's only when folding
        # kept each character one character (a case-insensitive rule reads an ASCII letter in no
        # character that folds longer but "İ", which lengthens the fold).
        self._folded = folded if folded is not None and len(folded) == len(text) else None
        self._words: dict[tuple[str, ...], list[int]] = {}

    def _run(self, cls: str) -> int:
        """The longest run of ``cls`` in the text, or 1 when none is longer (a bound is enough)."""
        if cls not in self._runs:
            self._runs[cls] = max(map(len, self.rules.runs[cls].findall(self.text)), default=1)
        return self._runs[cls]

    def _value(self, form: tuple[tuple[str, int], ...]) -> int:
        return sum(n if key == "" else n * self._run(key) for key, n in form)

    def _positions(self, key: str) -> list[int]:
        if key not in self._anchors:
            found = self.rules.placeholders[key].finditer(self.text, overlapped=True)
            self._anchors[key] = [m.start() for m in found]
        return self._anchors[key]

    def _word_positions(self, words: tuple[str, ...]) -> list[int] | None:
        """Where any of ``words`` starts in the folded text, in order (overlapping ones too);
        None when they are too common to anchor a scan (windows would cover the text)."""
        if words not in self._words:
            folded, found, cap = self._folded, set(), len(self.text) // WORD_SPACING
            for w in words:
                i = folded.find(w)
                while i >= 0 and len(found) <= cap:
                    found.add(i)
                    i = folded.find(w, i + 1)
            self._words[words] = sorted(found) if len(found) <= cap else None
        return self._words[words]

    def _fewest(self, order: int, reach: Reach) -> list[int] | None:
        """The positions of an anchor of the rule that the text holds few of (None: no anchor).

        Words are found first: when they are few, the placeholder (a scan of the whole text)
        is not looked for unless another rule has already found it."""
        best = None
        if self._folded is not None:
            word, factors = self.rules.words[order], self.rules.factors[order]
            found = [self._word_positions(w) for w in ((word,) if word else None, factors) if w]
            best = min((o for o in found if o is not None), key=len, default=None)
        if reach.anchor is not None and (best is None or len(best) > FEW_WORDS or reach.anchor in self._anchors):
            held = self._positions(reach.anchor)
            best = held if best is None or len(held) < len(best) else best
        return best

    def matches(self, order: int) -> Iterator[Any]:
        """What ``rx.finditer(text)`` gives for rule ``order``, in order."""
        rx, reach, text = self.rules.rules[order][2], self.rules.reach[order], self.text
        positions = None if reach is None else self._fewest(order, reach)
        if reach is None or positions is None:
            yield from rx.finditer(text, overlapped=False)
            return
        width, margin = self._value(reach.width), self._value(reach.ahead)
        windows: list[list[int]] = []  # [first start, last kept start, end of scan]
        for j in positions:
            if windows and j - width <= windows[-1][2]:
                windows[-1][1], windows[-1][2] = j, j + width + margin
            else:
                windows.append([max(0, j - width), j, j + width + margin])
        if sum(min(end, len(text)) - start for start, _, end in windows) > WINDOW_SHARE * len(text):
            yield from rx.finditer(text, overlapped=False)
            return
        for start, last, end in windows:
            for m in rx.finditer(text, start, min(end, len(text)), overlapped=False):
                if m.start() > last:
                    break
                yield m


# ---- resolvers that lean on the reference time (the rest are in times_handlers) ---------------
def _ref_year(ref: str | None) -> int | None:
    c = calendar_value(ref)
    return int(c["y"]) if c else None


def _h_year_ref(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"that year" (the year last spoken of), "the year", "the fiscal year", "year end" (the
    anchor's); "the year ended Sept. 30" is a period of a year."""
    if regex.match(r"\s+(?:ended|ending)\b", text[m.end():]):
        return [(m.span(), "DURATION", "P1Y", None)]
    y = _ref_year(ref) if _g(m, "rel") else None
    if y is None and a is not None:
        y = a.year
    if y is None:
        return [(m.span(), "DATE", "XXXX", None)]
    return [(m.span(), "DATE", str(y), DateRange(f"{y}-01-01", f"{y}-12-31", "year"))]


def _h_day_ref(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"that day", "later that night", "earlier in the day": the day last spoken of."""
    c = calendar_value(ref)
    d = date(int(c["y"]), int(c["m"]), int(c["d"])) if c and c["d"] else a
    part = PARTS.get(m["unit"].lower())
    if d is None:
        return [(m.span(), "TIME" if part else "DATE", "XXXX-XX-XX" + (f"T{part}" if part else ""), None)]
    rng = DateRange(d.isoformat(), d.isoformat(), "day")
    return [(m.span(), "TIME", f"{d.isoformat()}T{part}", rng) if part else (m.span(), "DATE", d.isoformat(), rng)]


def _h_century(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"the 20th century" is TimeML's "19"; "this century" the anchor's."""
    if _g(m, "cent"):
        c = int(m["cent"]) - 1
    elif a is not None:
        c = a.year // 100 + {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
    else:
        return [(m.span(), "DATE", "XX", None)]
    return [(m.span(), "DATE", f"{c:02d}", DateRange(f"{c * 100:04d}-01-01", f"{c * 100 + 99:04d}-12-31", "year"))]


def _h_recent(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"recent weeks", "past years" (PAST_REF), "coming months", "future quarters" (FUTURE_REF),
    with the date range of "the past/next few weeks"."""
    period = HANDLERS["past_period"](r, m, a, text) or []
    value = "PAST_REF" if m["dir"].lower() in ("recent", "past") else "FUTURE_REF"
    return [(span, "DATE", value, rng) for span, _, _, rng in period]


def _h_week_of(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"the week of March 6": the ISO week of that day."""
    day = (HANDLERS["month_day"](r, m, a, text) or [None])[0]
    if day is None or day[3] is None:
        return [(m.span(), "DATE", "XXXX-WXX", None)]
    d = date.fromisoformat(day[3].start)
    if d.weekday() == 6:  # "the week of (Sunday) March 6" starts that Sunday: the ISO week after
        d += timedelta(days=1)
    monday = d - timedelta(days=d.weekday())
    return [(m.span(), "DATE", week_value(d),
             DateRange(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week"))]


def _h_decade(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"the 1990s" and "the '90s" (TimeML "199"); "the nineties" is the latest such decade."""
    if _g(m, "century"):
        first = int(m["century"]) * 100 + int(m["dec"]) * 10
    else:
        tens = DECADE_WORDS.index(m["decword"].lower()) + 2 if _g(m, "decword") else int(m["short"])
        century = (a.year // 100) * 100 if a else 1900
        first = century + tens * 10
        if a and first > a.year:
            first -= 100
    return [(m.span(), "DATE", str(first // 10), DateRange(f"{first}-01-01", f"{first + 9}-12-31", "year"))]


DECADE_WORDS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]


def _h_ref(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"now" (PRESENT_REF), "recently" (PAST_REF), "in the future" (FUTURE_REF)."""
    rid = "PRESENT_REF"
    word = m["word"].lower()
    if any(w in word for w in ("recent", "past", "previous", "lately", "formerly")):
        rid = "PAST_REF"
    elif any(w in word for w in ("future", "soon", "term", "coming", "ahead")):
        rid = "FUTURE_REF"
    return [(m.span(), "DATE", rid, DateRange(a.isoformat(), a.isoformat(), "day") if a and rid == "PRESENT_REF"
             else None)]


def _h_set(r: TimeRules, m: Any, a: date | None, text: str, ref: str | None = None) -> list[Result] | None:
    """"daily" (P1D), "every Monday" (XXXX-WXX-1), "each year" (P1Y): TimeML sets."""
    word = (_g(m, "word") or "").lower()
    if word:
        code = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "hourly": "PT1H", "quarterly": "P1Q"}[word]
        return [(m.span(), "SET", code, None)]
    if _g(m, "weekday"):
        return [(m.span(), "SET", f"XXXX-WXX-{r.weekdays[m['weekday'].lower()] + 1}", None)]
    if _g(m, "month"):
        return [(m.span(), "SET", f"XXXX-{r.months[m['month'].lower()]:02d}", None)]
    n = r.number(_g(m, "num")) or 1.0
    return [(m.span(), "SET", duration_value(n, r.unit(m["unit"])), None)]


def _g(m: Any, name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


ALL_HANDLERS = {**HANDLERS, "year_ref": _h_year_ref, "day_ref": _h_day_ref, "century": _h_century,
                "recent": _h_recent, "week_of": _h_week_of,
                "decade": _h_decade, "ref": _h_ref, "set": _h_set}


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
# a year read out (broadcast transcripts): "nineteen ninety-seven", "nineteen hundred", "two thousand and one"
SPOKEN_YEAR = (rf"(?:nineteen|eighteen)\s+(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|hundred|ten|eleven|twelve|thirteen|"
               rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b|two\s+thousand\s+(?:and\s+)?(?:{_ONES})\b")

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


# expressions placed relative to another time ("a year earlier", "that day") do not become the reference
ANAPHORIC = regex.compile(r"\b(?:earlier|before|later|after|ago|that|same|following|previous|prior)\b", regex.I)


def resolve_expressions(text: str, anchor: date | None, rules: TimeRules | None = None, *,
                        support: list[Span] | None = None) -> list[Timex]:
    """Every time expression of ``text``, resolved against ``anchor``.

    Overlapping matches keep the longest (then the earlier rule). With
    ``support`` (spans a parser marked as DATE/TIME) the rules listed under
    ``need_support`` only count where they overlap a supported span.
    """
    rules = rules or TimeRules.load()
    found: list[tuple[int, int, int, str, str, Any]] = []
    present: dict[str, bool] = {}  # placeholder → whether the text has a match of it
    folded = text.casefold()
    scan = RuleScan(rules, text, folded)

    def has(key: str) -> bool:
        if key not in present:
            present[key] = rules.placeholders[key].search(text) is not None
        return present[key]

    for order, (rid, handler, rx) in enumerate(rules.rules):
        word, factors = rules.words[order], rules.factors[order]
        # the words first: a placeholder is looked for by a scan of the whole text
        if (word is not None and word not in folded) or \
                (factors is not None and not any(f in folded for f in factors)) or \
                not all(has(key) for key in rules.required[order]):
            continue
        for m in scan.matches(order):
            s, e = _strip(text, m.span())
            if e <= s:
                continue
            if (support is not None or rid in rules.support_only) and \
                    rid in rules.need_support | rules.support_only and not any(a < e and s < b for a, b in support or ()):
                continue
            found.append((s, e, order, rid, handler, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    chosen: list[tuple[int, int, int, str, str, Any]] = []
    for f in found:
        if all(f[1] <= c[0] or c[1] <= f[0] for c in chosen):
            chosen.append(f)
    out: list[Timex] = []
    ref: str | None = None  # the calendar value last spoken of: "a year earlier", "that day" refer to it
    for s, e, _, rid, handler, m in sorted(chosen, key=lambda c: c[0]):
        results = ALL_HANDLERS[handler](rules, m, anchor, text, ref)
        for span, ttype, value, rng in results or []:
            span = _strip(text, span)
            if any(x.span[0] < span[1] and span[0] < x.span[1] for x in out):
                continue
            out.append(Timex(text=text[span[0]:span[1]], span=span, date=rng, rule=f"times.{rid}",
                             timex_type=ttype, timex_value=value))
            if ttype in ("DATE", "TIME") and calendar_value(value) and not ANAPHORIC.search(text, *span):
                ref = value
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
    support = [(e.start_char, e.end_char) for e in entities(ctx.doc) if e.label_ in ("DATE", "TIME")] \
        if ctx.doc is not None else None
    found: list[TimeExpression] = list(resolve_expressions(ctx.text, ctx.published, rules, support=support))
    for ent in entities(ctx.doc) if ctx.doc is not None else ():
        if ent.label_ not in ("DATE", "TIME") or any(t.span[0] < ent.end_char and ent.start_char < t.span[1]
                                                     for t in found):
            continue
        extra = _unresolved_entity(rules, ent.text, (ent.start_char, ent.end_char), ent.label_)
        if extra is not None:
            found.append(extra)
    ctx.times = sorted(found, key=lambda t: t.span)


AGE = regex.compile(r"\bold\b|\baged?\b|\d[- ](?:year|month|week|day)s?-", regex.I)
YEAR_ONLY = regex.compile(r"(?:the\s+year\s+)?(?P<year>1[6-9]\d\d|20\d\d)")


def _unresolved_entity(rules: TimeRules, text: str, span: Span, label: str) -> Timex | None:
    """A DATE/TIME entity of the parser that no rule matched: a year is resolved, a
    phrase with a time word is kept unresolved, ages ("6-year-old", "52 years old")
    and bare numbers are not time expressions."""
    if AGE.search(text):
        return None
    year = YEAR_ONLY.fullmatch(text.strip())
    if year:
        y = int(year["year"])
        return Timex(text=text, span=span, date=DateRange(f"{y}-01-01", f"{y}-12-31", "year"),
                     rule="times.spacy_entity", timex_type="DATE", timex_value=str(y))
    words = set(rules.months) | set(rules.weekdays) | set(rules.units) | set(rules.seasons)
    tokens = {w.lower().rstrip("s") for w in regex.findall(r"[A-Za-z]+", text)}
    if tokens & words or regex.search(r"\d[:.]\d\d|\d\s*[ap]\.?m\b", text, regex.I):
        return Timex(text=text, span=span, date=None, rule="times.spacy_entity", timex_type=label,
                     timex_value="")
    return None
