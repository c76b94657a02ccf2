"""The value grammar: dates and counts as written in Wikipedia infoboxes and prose.

Pure Python, no RDF. Two families of values:

* **Dates** (:func:`parse_date`, :func:`find_dates`) -> :class:`DateValue`, an ISO prefix
  (``2023-04-22``, ``2023-04`` or ``2023``) for the first and last day, with a precision.
* **Counts** (:func:`parse_count`, :func:`parse_number_word`) -> :class:`Count`, an exact figure
  or a lower/upper bound, written in digits or in words.

Decisions on ambiguous input (documented here once):

* ``dd/mm/yyyy``: slashes are read **day first** (Wikipedia's non-US convention and the convention
  of the sources of this project). When the first number is > 12 the reading is forced anyway; when
  day-first is not a real date but month-first is (``04/22/2023``) the month-first reading is used.
* A range with no year on its first part takes the year of the second part
  (``September 29 – October 1, 2019``); if that puts the start after the end, the start moves one
  year back (``December 30 – January 2, 2020``).
* ``and`` is a range separator in dates (``between 3 January and 7 January 2015``).
* A bare four-digit year in running prose (``in 2019``) is a date of precision ``year`` when it is
  between 1800 and 2099 and is not directly followed by a casualty noun (``2000 people``).
* Counts: ``40–50+`` is read as the range low 40, high 50 (the ``+`` marks the estimate as open,
  the stated range is kept); ``15+`` / ``over 60`` / ``at least 40`` give ``low``; ``nearly 50`` /
  ``up to 50`` / ``fewer than 50`` give ``high``; ``about 100`` gives ``exact`` with
  ``approximate=True``.
* Vague quantity words without a figure (``dozens``, ``scores``, ``hundreds``, ``several``,
  ``many``) give **no figure**: :func:`parse_count` returns ``None`` for them, as for ``Unknown``.
  ``a dozen`` / ``dozen`` is the figure 12.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from sevare_kg.errors import ValueGrammarError

__all__ = [
    "Count",
    "DateValue",
    "Precision",
    "COUNT_PATTERN",
    "MONTH_PATTERN",
    "find_counts",
    "find_dates",
    "match_count",
    "parse_count",
    "parse_date",
    "parse_number_word",
]

Precision = Literal["day", "month", "year"]

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateValue:
    """A date or date range; ``start``/``end`` are ISO prefixes of the given precision."""

    start: str
    end: str | None
    precision: Precision
    circa: bool = False
    night_of: bool = False
    text: str = ""


_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    start=1,
):
    _MONTHS[_name.lower()] = _i
    _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![A-Za-z])"
)
MONTH_PATTERN = _MONTH_ALT  # a month's name or abbreviation, as written in dates
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SEP = rf"\s*(?:[{_DASHES}]|\bto\b|\band\b|\buntil\b|\bthrough\b|\bthru\b)\s*"


def _d(n: int) -> str:
    return rf"(?P<d{n}>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9A-Za-z])"


def _m(n: int) -> str:
    return rf"(?P<m{n}>{_MONTH_ALT})"


def _y(n: int) -> str:
    return rf"(?P<y{n}>[0-9]{{4}})(?![0-9]|[.,][0-9])"


_LB = r"(?<![0-9A-Za-z.,/])"  # left boundary for a number that starts a date

_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "dmy_dmy",
        re.compile(rf"{_LB}{_d(1)}\s+{_m(1)}(?:,?\s+{_y(1)})?{_SEP}{_d(2)}\s+{_m(2)},?\s+{_y(2)}"),
    ),
    # "12/13 July 1943": a night across two days, written with a slash
    ("dmy_range", re.compile(rf"{_LB}{_d(1)}(?:{_SEP}|/){_d(2)}\s+{_m(2)},?\s+{_y(2)}")),
    ("dmy", re.compile(rf"{_LB}{_d(1)}\s+{_m(1)},?\s+{_y(1)}")),
    (
        "mdy_mdy",
        re.compile(rf"\b{_m(1)}\s+{_d(1)}(?:,?\s+{_y(1)})?{_SEP}{_m(2)}\s+{_d(2)},?\s+{_y(2)}"),
    ),
    ("mdy_range", re.compile(rf"\b{_m(1)}\s+{_d(1)}(?:{_SEP}|/){_d(2)},?\s+{_y(2)}")),
    ("mdy", re.compile(rf"\b{_m(1)}\s+{_d(1)},?\s+{_y(1)}")),
    ("my_my", re.compile(rf"\b{_m(1)}(?:,?\s+{_y(1)})?{_SEP}{_m(2)},?\s+{_y(2)}")),
    ("my", re.compile(rf"\b{_m(1)},?\s+{_y(1)}")),
    (
        "iso",
        re.compile(rf"{_LB}(?P<y1>[0-9]{{4}})-(?P<m1>[0-9]{{1,2}})-(?P<d1>[0-9]{{1,2}})(?![0-9])"),
    ),
    (
        "slash",
        re.compile(rf"{_LB}(?P<d1>[0-9]{{1,2}})/(?P<m1>[0-9]{{1,2}})/(?P<y1>[0-9]{{4}})(?![0-9])"),
    ),
    ("y_y", re.compile(rf"{_LB}{_y(1)}{_SEP}{_y(2)}")),
    ("y", re.compile(rf"{_LB}{_y(1)}")),
]
_PRESENT_RE = re.compile(rf"{_SEP}(?:the\s+)?(?:present|ongoing|now|today)\b", re.I)
_NIGHT_RE = re.compile(r"(?:\b(?:on|during|in)\s+)?(?:\bthe\s+)?\bnight\s+(?:of|between)\s+$", re.I)
_CIRCA_RE = re.compile(r"(?:\bc\.|\bca\.|\bcirca|\baround|\babout|\bapproximately|\bapprox\.)\s*$", re.I)
_YEAR_NOUN_RE = re.compile(
    r"\s*\+?\s*(?:people|persons|civilians|soldiers|troops|militants|fighters|men|killed|dead|deaths"
    r"|wounded|injured|casualties|hostages|residents|others|refugees|displaced)\b",
    re.I,
)


class _Invalid(Exception):
    """Internal: a date-shaped match that is not a real calendar date."""


def _month_num(raw: str) -> int:
    raw = raw.rstrip(".").lower()
    if raw.isdigit():
        return int(raw)
    return _MONTHS[raw]


def _iso(y: int, m: int | None, d: int | None) -> str:
    if not 1 <= y <= 9999:
        raise _Invalid(f"year {y} out of range")
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        raise _Invalid(f"month {m} out of range")
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        _dt.date(y, m, d)
    except ValueError as exc:
        raise _Invalid(f"{y:04d}-{m:02d}-{d:02d} is not a calendar date") from exc
    return f"{y:04d}-{m:02d}-{d:02d}"


_Groups = dict[str, str | None]
_Built = tuple[str, str | None, Precision]


def _num(g: _Groups, key: str) -> int | None:
    v = g.get(key)
    return int(v) if v is not None else None


def _mon(g: _Groups, key: str) -> int | None:
    v = g.get(key)
    return _month_num(v) if v is not None else None


def _build(kind: str, g: _Groups) -> _Built:
    """Turn the groups of one pattern match into (start, end, precision); raise _Invalid."""
    if kind in ("iso", "slash"):
        return _build_numeric(kind, g)
    if kind in ("y", "y_y"):
        return _build_years(kind, g)
    if kind in ("my", "my_my"):
        return _build_months(kind, g)
    return _build_days(kind, g)


def _build_numeric(kind: str, g: _Groups) -> _Built:
    """2023-04-22, or 22/04/2023 (day and month told apart by their values)."""
    y, m, d = _num(g, "y1"), _num(g, "m1"), _num(g, "d1")
    assert y is not None and m is not None and d is not None
    if kind == "slash":
        return _slash(y, d, m)
    s = _iso(y, m, d)
    return s, s, "day"


def _build_years(kind: str, g: _Groups) -> _Built:
    """2023, or 2012–2015."""
    y1 = _num(g, "y1")
    assert y1 is not None
    if kind == "y":
        s = _iso(y1, None, None)
        return s, s, "year"
    y2 = _num(g, "y2")
    assert y2 is not None
    if y2 < y1:
        raise _Invalid("range ends before it starts")
    return _iso(y1, None, None), _iso(y2, None, None), "year"


def _build_months(kind: str, g: _Groups) -> _Built:
    """April 2023, or March–May 2023 (a start month after the end's is in the year before)."""
    m1, y1 = _mon(g, "m1"), _num(g, "y1")
    if kind == "my":
        assert m1 is not None and y1 is not None
        s = _iso(y1, m1, None)
        return s, s, "month"
    m2, y2 = _mon(g, "m2"), _num(g, "y2")
    assert m1 is not None and m2 is not None and y2 is not None
    if y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    s, e = _iso(y1, m1, None), _iso(y2, m2, None)
    if e < s:
        raise _Invalid("range ends before it starts")
    return s, e, "month"


def _build_days(kind: str, g: _Groups) -> _Built:
    """22 April 2023, April 22, 2023, or a range of days (the start's month and year from the end's
    when it gives none; a start after the end with its year inferred is in the year before)."""
    d1, d2 = _num(g, "d1"), _num(g, "d2")
    m1, m2 = _mon(g, "m1"), _mon(g, "m2")
    y1, y2 = _num(g, "y1"), _num(g, "y2")
    if kind in ("dmy", "mdy"):
        assert d1 is not None and m1 is not None and y1 is not None
        s = _iso(y1, m1, d1)
        return s, s, "day"
    if m1 is None:
        m1 = m2
    if m2 is None:
        m2 = m1
    assert d2 is not None and m2 is not None and m1 is not None and y2 is not None and d1 is not None
    inferred = y1 is None
    if y1 is None:
        y1 = y2
    e = _iso(y2, m2, d2)
    s = _iso(y1, m1, d1)
    if s > e and inferred and kind in ("dmy_dmy", "mdy_mdy"):
        s = _iso(y1 - 1, m1, d1)
    if s > e:
        raise _Invalid("range ends before it starts")
    return s, e, "day"


def _slash(y: int, a: int, b: int) -> tuple[str, str, Precision]:
    """``a/b/y``: day first; month first only when day-first is impossible and month-first is not."""
    try:
        s = _iso(y, b, a)
    except _Invalid:
        if a <= 12 < b:
            s = _iso(y, a, b)
        else:
            raise
    return s, s, "day"


@dataclass
class _Cand:
    start: int
    end: int
    value: DateValue | None
    reason: str


# "22 November [O.S. 10 November] 1803": the Julian date beside the Gregorian one, blanked
_OLD_STYLE_RE = re.compile(
    r"[\[(]\s*(?:O\.\s?S\.|N\.\s?S\.|Old\s+Style|New\s+Style|Julian)[^\])\[(]*[\])]", re.I
)


def _candidates(text: str) -> list[_Cand]:
    read = _OLD_STYLE_RE.sub(lambda m: " " * len(m.group()), text)  # offsets kept
    out: list[_Cand] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(read):
            s, e = m.start(), m.end()
            if kind == "y":
                year = int(m.group("y1"))
                if not 1800 <= year <= 2099 or _YEAR_NOUN_RE.match(read, e):
                    continue
            groups = m.groupdict()
            try:
                start, end, prec = _build(kind, groups)
            except (_Invalid, KeyError, ValueError) as exc:
                out.append(_Cand(s, e, None, str(exc) or "invalid date"))
                continue
            end_v: str | None = end
            if kind in ("dmy", "mdy", "my", "y", "iso", "slash"):
                pm = _PRESENT_RE.match(read, e)
                if pm:
                    end_v = None
                    e = pm.end()
            w0 = max(0, s - 40)
            before = read[w0:s]
            night = False
            circa = False
            nm = _NIGHT_RE.search(before)
            if nm:
                night = True
                s = w0 + nm.start()
            else:
                cm = _CIRCA_RE.search(before)
                if cm:
                    circa = True
                    s = w0 + cm.start()
            out.append(
                _Cand(
                    s,
                    e,
                    DateValue(start, end_v, prec, circa=circa, night_of=night, text=text[s:e]),
                    "",
                )
            )
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Earliest-longest, non-overlapping."""
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start), c.value is None))
    chosen: list[_Cand] = []
    last_end = -1
    for c in cands:
        if c.start >= last_end:
            chosen.append(c)
            last_end = c.end
    return chosen


def find_dates(text: str) -> list[tuple[DateValue, int, int]]:
    """Every valid date expression in running prose, with its (start, end) character offsets.

    The span includes a leading ``night of`` / ``c.`` qualifier. Expressions without a year
    (``February 9``) are not dates here: they cannot be given an ISO value.
    """
    valid = [c for c in _candidates(text) if c.value is not None]
    out: list[tuple[DateValue, int, int]] = []
    for c in _select(valid):
        assert c.value is not None
        out.append((c.value, c.start, c.end))
    return out


# "8:20 AM, October 13, – 2:00 PM, October 14, 2005": times of day between the days, and the comma
# before the dash, blanked
_CLOCK_RE = re.compile(
    r"\b\d{1,2}(?::\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?|\.\d{2}\s*[AaPp]\.?[Mm]\.?)(?![\d.])(?:\s*,)?|,(?=\s*[–—-])"
)


def parse_date(text: str) -> DateValue:
    """Parse an infobox-style date value; trailing junk (``, ()``, ``(UTC+1)``) is ignored.

    Raises ValueGrammarError("date", text, reason) when the text holds no date or the first
    date-shaped expression is not a real calendar date (``30 February 2020``).
    """
    blanked = _CLOCK_RE.sub(lambda m: " " * len(m.group()), text)
    cands = _candidates(blanked)
    if not cands:
        raise ValueGrammarError("date", text, "no date found")
    chosen = _select(cands)
    first = chosen[0]
    if first.value is None:
        raise ValueGrammarError("date", text, first.reason)
    v = first.value
    start = _listed_first_day(text[: first.start], v) or v.start
    end = _last_listed_end(blanked, chosen, v.end)
    return DateValue(start, end, v.precision, circa=v.circa, night_of=v.night_of, text=text)


# between two dates of one list: separators, a bracketed time zone, blanked times ("26 February 1993,
# 04:10 (GMT), 20 March 1993"; "March 8, 2022 – May 2023")
_BETWEEN_LISTED_RE = re.compile(rf"(?:\s|,|;|\([A-Za-z+\-−:0-9 ]{{0,12}}\)|{_SEP})*")


def _last_listed_end(text: str, chosen: list[_Cand], end: str | None) -> str | None:
    """The end of the last date a list of dates gives after the first, when it is later."""
    last = chosen[0]
    for c in chosen[1:]:
        if c.value is None or not _BETWEEN_LISTED_RE.fullmatch(text, last.end, c.start):
            break
        if end is not None and c.value.end is not None and c.value.end > end:
            end = c.value.end
        last = c
    return end


_LISTED_DAY = rf"(?:\d{{1,2}}(?:\s+{MONTH_PATTERN})?|{MONTH_PATTERN}\s+\d{{1,2}})"
_LIST_SEP = r"\s*(?:,|;|&|\band\b)\s*"
# "15 June, 27 June, " before "11 July 2015"; "3, " before "5 and 9 May 2015"
_DAYS_LISTED_BEFORE_RE = re.compile(
    rf"(?i)\s*(?P<first>{_LISTED_DAY})(?:{_LIST_SEP}{_LISTED_DAY})*{_LIST_SEP}"
)
_DAY_MONTH_RE = re.compile(
    rf"(?i)(?P<d>\d{{1,2}})(?:\s+(?P<m>{MONTH_PATTERN}))?|(?P<m2>{MONTH_PATTERN})\s+(?P<d2>\d{{1,2}})"
)


# "The massacre began with ISIL attacking … Sinjar … on 3 August": the day it began, no year written
_BEGAN_ON_A_DAY_RE = re.compile(
    rf"(?i)\b(?:began|begun|started|commenced|opened)\b[^.;]*?\bon\s+"
    rf"(?:(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_PATTERN})|(?P<m2>{MONTH_PATTERN})\s+(?P<d2>\d{{1,2}}))\b(?!,?\s*\d)"
)


def day_it_began(text: str, month: DateValue) -> DateValue | None:
    """The month-precision ``month`` narrowed to the day a sentence says the event began on, when
    that day is written without a year in that month ("… began … on 3 August" within August 2014);
    the end stays the month's. None when the sentence says no such day."""
    m = _BEGAN_ON_A_DAY_RE.search(text)
    if (
        m is None
        or month.precision != "month"
        or _month_num(m.group("m") or m.group("m2")) != int(month.start[5:7])
    ):
        return None
    try:
        day = _dt.date(int(month.start[:4]), int(month.start[5:7]), int(m.group("d") or m.group("d2")))
    except ValueError:
        return None
    written = text[
        m.start("d") if m.group("d") else m.start("m2") : m.end("m") if m.group("m") else m.end("d2")
    ]
    return replace(month, start=day.isoformat(), end=month.end or month.start, precision="day", text=written)


def _listed_first_day(before: str, v: DateValue) -> str | None:
    """The first of days listed before a date ("15 June, 27 June, 11 July 2015" starts on 15 June),
    in that date's year (and month, when the day is written without one); None when no list is, or
    the first day would not fall before the date."""
    lm = _DAYS_LISTED_BEFORE_RE.fullmatch(before)
    if lm is None or v.precision != "day":
        return None
    dm = _DAY_MONTH_RE.fullmatch(lm.group("first"))
    if dm is None:
        return None
    day = int(dm.group("d") or dm.group("d2"))
    raw_month = dm.group("m") or dm.group("m2")
    month = _month_num(raw_month) if raw_month else int(v.start[5:7])
    try:
        first = _dt.date(int(v.start[:4]), month, day).isoformat()
    except ValueError:
        return None
    return first if first < v.start else None


# --------------------------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A figure: ``exact``, or bounds ``low``/``high`` (``exact`` is None when only bounds are known)."""

    exact: int | None
    low: int | None = None
    high: int | None = None
    approximate: bool = False
    text: str = ""

    @property
    def value(self) -> int:
        """The figure to show: exact, else low, else high."""
        for v in (self.exact, self.low, self.high):
            if v is not None:
                return v
        raise ValueError("empty Count")  # never built by this module

    def describe(self) -> str:
        """The figure written out: "13", "40–50", "15+", "up to 50"."""
        if self.exact is not None:
            return str(self.exact)
        if self.low is not None and self.high is not None:
            return f"{self.low}–{self.high}"
        if self.low is not None:
            return f"{self.low}+"
        return f"up to {self.high}"


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_U = "|".join(sorted(_UNITS, key=len, reverse=True))
_T = "|".join(sorted(_TENS, key=len, reverse=True))
_TU = rf"(?:(?:{_T})(?:[-\s](?:{_U})(?![A-Za-z]))?|(?:{_U}))(?![A-Za-z])"
_H = rf"(?:(?:{_TU}|a)\s+hundred(?:\s+(?:and\s+)?{_TU})?(?![A-Za-z])|{_TU})"
_TH = rf"(?:(?:{_H}|a)\s+thousand(?:,?\s+(?:and\s+)?{_H})?(?![A-Za-z])|{_H})"
_MIL = rf"(?:(?:{_TH}|a)\s+million(?:,?\s+(?:and\s+)?{_TH})?(?![A-Za-z])|{_TH})"
_DOZEN = rf"(?:(?:a|{_TU})\s+)?dozen(?![A-Za-z])"
# "two-thirds", "three quarters": a fraction, no count
_FRACTION_AFTER = r"(?:\s*-\s*|\s+)(?:third|quarter|fifth|sixth|eighth|tenth)s?\b|\s*-\s*halves\b"
_WORD_NUM = rf"(?i:\b(?:{_DOZEN}|{_MIL})(?!{_FRACTION_AFTER}))"
_DIGIT_NUM = (
    r"(?<![0-9A-Za-z.,])(?:"
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?:\s+(?i:million|thousand))?"
    r"|[0-9]{1,12}\.[0-9]{1,6}\s+(?i:million|thousand)"
    r"|[0-9]{1,12}\s+(?i:million|thousand)"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?![0-9])"
    r"|[0-9]{1,15}"
    r")(?![0-9]|[.,][0-9]|[A-Za-z])"
)
_NUM = rf"(?:{_DIGIT_NUM}|{_WORD_NUM})"

_APPROX = r"~|\u2248|about|around|approximately|approx\.|an\s+estimated|estimated|some|roughly|circa|c\.|ca\.|an\s+approximate"
_LOW = (
    r"over|more\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|no\s+fewer\s+than|no\s+less\s+than"
    r"|not\s+less\s+than|a\s+minimum\s+of|>|\u2265"
)
_HIGH = (
    r"nearly|almost|up\s+to|fewer\s+than|less\s+than|under|no\s+more\s+than|not\s+more\s+than"
    r"|at\s+most|as\s+many\s+as|a\s+maximum\s+of|<|\u2264"
)
_RSEP = rf"\s*(?:[{_DASHES}~]|\bto\b|\bor\b)\s*"  # "172~200": a tilde between two numbers too
COUNT_PATTERN = (
    rf"(?:(?P<approx>(?i:{_APPROX}))\s*)?"
    rf"(?:(?P<low>(?i:{_LOW}))\s*)?"
    rf"(?:(?P<high>(?i:{_HIGH}))\s*)?"
    rf"(?:(?P<between>(?i:between))\s+(?P<b1>{_NUM})(?:\s+(?i:and)\s+|{_RSEP})(?P<b2>{_NUM})"
    rf"|(?P<n1>{_NUM})(?:{_RSEP}(?P<n2>{_NUM}))?)"
    rf"(?P<plus>\s*\+|\s+(?i:or\s+more|plus)\b)?"
)
_COUNT_RE = re.compile(COUNT_PATTERN)


def _first_words(*alternations: str) -> set[str]:
    """The words a count can begin with: the first token of every qualifier alternative."""
    return {re.split(r"\\s\+|\s", alt, maxsplit=1)[0] for alts in alternations for alt in alts.split("|")}


# where a count can begin: a digit, a number word, a qualifier's first word, "between", or a sign;
# the big pattern is tried only there (the same matches as finditer over every position, faster)
_COUNT_START_RE = re.compile(
    r"\b(?=[0-9])|[~\u2248<>\u2265\u2264]|(?i:\b(?:"
    + "|".join(
        sorted(
            w
            for w in _first_words(_APPROX, _LOW, _HIGH) | {"between", "a", "dozen", *_SCALES, *_UNITS, *_TENS}
            if w[:1].isalpha()
        )
    )
    + r")(?![A-Za-z]))"
)

_UNKNOWN_RE = re.compile(
    r"^\W*(?:unknown|unk\.?|n/?a|\?+|-+|[\u2013\u2014]|none\s+known|not\s+known|unclear|undisclosed"
    r"|dozens|scores|hundreds|thousands|several|many|numerous|multiple|some|few|heavy|light|tens)\W*$",
    re.I,
)
_ZERO_RE = re.compile(r"^\W*(?:none|no|zero|nil|0)\W*$|^\W*(?:none|no|zero|nil)\b", re.I)
_VAGUE_START_RE = re.compile(
    r"^\W*(?:dozens|scores|hundreds|thousands|tens\s+of\s+thousands|several|many|numerous|multiple)\b",
    re.I,
)


def parse_number_word(text: str) -> int | None:
    """The integer written by ``text`` as a whole (digits or English number words), else None.

    ``"thirteen"`` -> 13, ``"twenty-five"`` -> 25, ``"a dozen"`` -> 12, ``"two hundred and fifty"``
    -> 250, ``"1,200"`` / ``"1 200"`` -> 1200, ``"2.06 million"`` -> 2060000.
    """
    t = text.strip()
    m = re.fullmatch(_NUM, t)
    if not m:
        return None
    return _num_value(t)


def _num_value(raw: str) -> int | None:
    t = raw.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if not t:
        return None
    if t[0].isdigit():
        scale = 1
        for word, mult in (("million", 1_000_000), ("thousand", 1000)):
            if t.endswith(word):
                scale = mult
                t = t[: -len(word)].strip()
        t = t.replace(",", "").replace(" ", "")
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", t):
            return None
        if "." in t:
            if scale == 1:
                return None
            return int((Decimal(t) * scale).to_integral_value())
        return int(t) * scale
    words = re.split(r"[\s\-,]+", t)
    total = 0
    current = 0
    seen = False
    for w in words:
        if w in ("and", ""):
            continue
        if w == "a":
            current = max(current, 1)
            continue
        if w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w in ("thousand", "million"):
            total += (current or 1) * _SCALES[w]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def match_count(text: str, pos: int = 0) -> tuple[Count, int, int] | None:
    """The count expression starting exactly at ``pos`` (modifiers included): (Count, start, end)."""
    m = _COUNT_RE.match(text, pos)
    if not m or m.end() == m.start():
        return None
    c = _count_from_match(m)
    if c is None:
        return None
    return c, m.start(), m.end()


def find_counts(text: str) -> list[tuple[Count, int, int]]:
    """Every count expression in ``text`` with its offsets (left to right, non-overlapping)."""
    out: list[tuple[Count, int, int]] = []
    end = 0
    for start in _COUNT_START_RE.finditer(text):
        if start.start() < end:
            continue
        m = _COUNT_RE.match(text, start.start())
        if not m or m.end() == m.start():
            continue
        c = _count_from_match(m)
        if c is not None:
            out.append((c, m.start(), m.end()))
            end = m.end()
    return out


def _count_from_match(m: re.Match[str]) -> Count | None:
    text = m.group(0)
    approx = m.group("approx") is not None
    lowq = m.group("low") is not None
    highq = m.group("high") is not None
    plus = m.group("plus") is not None
    if m.group("between"):
        a, b = _num_value(m.group("b1")), _num_value(m.group("b2"))
    else:
        a = _num_value(m.group("n1"))
        b = _num_value(m.group("n2")) if m.group("n2") else None
    if a is None:
        return None
    if b is not None:
        if b < a:
            # "2014-15" style shorthand or nonsense: keep the first figure only
            return (
                Count(exact=None, low=a, high=None, approximate=approx, text=text)
                if plus
                else Count(exact=a, approximate=approx, text=text)
            )
        return Count(exact=None, low=a, high=b, approximate=approx, text=text)
    if lowq or plus:
        return Count(exact=None, low=a, high=None, approximate=approx, text=text)
    if highq:
        return Count(exact=None, low=None, high=a, approximate=approx, text=text)
    return Count(exact=a, approximate=approx, text=text)


def parse_count(text: str) -> Count | None:
    """Parse a count value (infobox field or phrase); the first count expression in ``text`` is used.

    Returns None for "no figure" values (``Unknown``, ``N/A``, ``?``, and vague words such as
    ``dozens``/``hundreds``/``several``), ``Count(exact=0)`` for ``None``/``no``/``zero``.
    Raises ValueGrammarError("number", text) when the text holds no number at all.
    """
    t = text.strip()
    if _UNKNOWN_RE.match(t):
        return None
    if _ZERO_RE.match(t) and not _COUNT_RE.search(t):
        return Count(exact=0, text=text)
    if re.fullmatch(r"\W*(?:none|no|zero|nil)\W*", t, re.I):
        return Count(exact=0, text=text)
    for m in _COUNT_RE.finditer(t):
        if m.end() == m.start():
            continue
        c = _count_from_match(m)
        if c is not None:
            return Count(c.exact, c.low, c.high, c.approximate, text=text)
    if _VAGUE_START_RE.match(t):
        return None
    raise ValueGrammarError("number", text, "no number found")
