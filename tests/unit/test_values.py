"""Tests of the value grammar: dates and counts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevare_kg.errors import ValueGrammarError
from sevare_kg.extraction.values import (
    Count,
    DateValue,
    find_dates,
    parse_count,
    parse_date,
    parse_number_word,
)

# ------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("April 22, 2023", "2023-04-22", "2023-04-22", "day"),
        ("22 April 2023", "2023-04-22", "2023-04-22", "day"),
        ("4 March 2022", "2022-03-04", "2022-03-04", "day"),
        ("22/04/2023", "2023-04-22", "2023-04-22", "day"),
        ("05/04/2023", "2023-04-05", "2023-04-05", "day"),  # day first
        ("04/22/2023", "2023-04-22", "2023-04-22", "day"),  # only month-first is a date
        ("2023-04-22", "2023-04-22", "2023-04-22", "day"),
        ("2022-03-27", "2022-03-27", "2022-03-27", "day"),
        ("10–18 January 2013", "2013-01-10", "2013-01-18", "day"),
        ("10–18 January 2013, ()", "2013-01-10", "2013-01-18", "day"),
        ("9–11 February 2013, ()", "2013-02-09", "2013-02-11", "day"),
        ("21–24 September 2013", "2013-09-21", "2013-09-24", "day"),
        ("15–16 January 2016", "2016-01-15", "2016-01-16", "day"),
        ("5-6 May 2014", "2014-05-05", "2014-05-06", "day"),
        ("5 to 6 May 2014", "2014-05-05", "2014-05-06", "day"),
        ("September 29 – October 1, 2019", "2019-09-29", "2019-10-01", "day"),
        ("29 September – 1 October 2019", "2019-09-29", "2019-10-01", "day"),
        ("December 30, 2019 – January 2, 2020", "2019-12-30", "2020-01-02", "day"),
        ("30 December 2019 — 2 January 2020", "2019-12-30", "2020-01-02", "day"),
        ("December 30 – January 2, 2020", "2019-12-30", "2020-01-02", "day"),
        ("November 10–14, 2023", "2023-11-10", "2023-11-14", "day"),
        ("April 24, 2022", "2022-04-24", "2022-04-24", "day"),
        ("5 May 2014", "2014-05-05", "2014-05-05", "day"),
        ("9 January 2020", "2020-01-09", "2020-01-09", "day"),
        ("24 August 2024", "2024-08-24", "2024-08-24", "day"),
        ("20 November 2015", "2015-11-20", "2015-11-20", "day"),
        ("5 May 2014 (UTC+1)", "2014-05-05", "2014-05-05", "day"),
        ("January 2013", "2013-01", "2013-01", "month"),
        ("Jan. 2013", "2013-01", "2013-01", "month"),
        ("January 2022 – September 2022", "2022-01", "2022-09", "month"),
        ("January–March 2013", "2013-01", "2013-03", "month"),
        ("2015", "2015", "2015", "year"),
        ("2015–2022", "2015", "2022", "year"),
        ("1st March 2020", "2020-03-01", "2020-03-01", "day"),
        ("between 3 January and 7 January 2015", "2015-01-03", "2015-01-07", "day"),
        ("29 February 2024", "2024-02-29", "2024-02-29", "day"),
        # days listed before the dated one: from the first to the last (issue 16)
        ("15 June, 27 June, 11 July 2015", "2015-06-15", "2015-07-11", "day"),
        ("June 15, June 27 and July 11, 2015", "2015-06-15", "2015-07-11", "day"),
        ("3, 5 and 9 May 2015", "2015-05-03", "2015-05-09", "day"),
        # a list across the new year is not read back into the year before
        ("28 December, 2 January 2016", "2016-01-02", "2016-01-02", "day"),
    ],
)
def test_parse_date(text: str, start: str, end: str, precision: str) -> None:
    d = parse_date(text)
    assert (d.start, d.end, d.precision) == (start, end, precision)
    assert d.text == text
    assert not d.night_of


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [
        ("23 August 2015 – present, ()", "2015-08-23", "day"),
        ("23 August 2015 – present", "2015-08-23", "day"),
        ("2017–present", "2017", "year"),
        ("March 2012 – present", "2012-03", "month"),
        ("2015 to present", "2015", "year"),
    ],
)
def test_parse_date_present(text: str, start: str, precision: str) -> None:
    d = parse_date(text)
    assert d.start == start and d.end is None and d.precision == precision


def test_night_of() -> None:
    d = parse_date("night of 5–6 May 2014")
    assert (d.start, d.end, d.night_of, d.circa) == ("2014-05-05", "2014-05-06", True, False)


@pytest.mark.parametrize("text", ["c. 2015", "circa 2015", "around 2015", "about March 2015"])
def test_circa(text: str) -> None:
    d = parse_date(text)
    assert d.circa and d.start.startswith("2015")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "3– | time-begin = | time-end =",
        "19:30 – ~next morning",
        "30 February 2020",
        "31/02/2020",
        "31 June 2021",
        "Unknown",
        "February 9",
    ],
)
def test_parse_date_errors(text: str) -> None:
    with pytest.raises(ValueGrammarError) as ei:
        parse_date(text)
    assert ei.value.kind == "date"


def test_find_dates_prose() -> None:
    text = "On April 22, 2023, jihadists from Katiba Macina launched a triple suicide bombing attack."
    found = find_dates(text)
    assert len(found) == 1
    d, s, e = found[0]
    assert d.start == "2023-04-22" and text[s:e] == "April 22, 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On the night of 5–6 May 2014, Boko Haram militants attacked", [("2014-05-05", "2014-05-06")]),
        ("between 3 January and 7 January 2015.", [("2015-01-03", "2015-01-07")]),
        ("took place between September 30 and October 1, 2019.", [("2019-09-30", "2019-10-01")]),
        ("between 27 and 31 March 2022, in the town", [("2022-03-27", "2022-03-31")]),
        ("On Sunday, February 10, 2013 Islamic rebels", [("2013-02-10", "2013-02-10")]),
        ("On Saturday, February 9, a would-be suicide bomber", []),
        ("Katiba Macina is based in central Mali since 2015.", [("2015", "2015")]),
        ("In early 2023, the Malian junta", [("2023", "2023")]),
        ("killed 2000 people", []),
        ("a total of 1,200 fighters and 2.06 million displaced", []),
        (
            "Roch Kabore (2015–2022), Ibrahim Traoré (September 2022–present)",
            [("2015", "2022"), ("2022-09", None)],
        ),
        ("The attack began at 6am local time and killed 15 people within 20 km.", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    got = [(d.start, d.end) for d, _s, _e in find_dates(text)]
    assert got == expected


def test_find_dates_night_span() -> None:
    text = "On the night of 5–6 May 2014, Boko Haram"
    ((d, s, e),) = find_dates(text)
    assert d.night_of and text[s:e].endswith("5–6 May 2014")


# ------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("thirteen", 13),
        ("Twenty", 20),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a dozen", 12),
        ("dozen", 12),
        ("one hundred", 100),
        ("a hundred", 100),
        ("two hundred and fifty", 250),
        ("1,200", 1200),
        ("1 200", 1200),
        ("20,000", 20000),
        ("2.06 million", 2_060_000),
        ("three thousand four hundred and twelve", 3412),
        ("Eleven", 11),
        ("FIFTEEN", 15),
        ("one", 1),
        ("zero", 0),
        ("ninety-nine", 99),
        ("2 million", 2_000_000),
        ("0", 0),
        ("nine hundred thousand", 900_000),
    ],
)
def test_parse_number_word(text: str, n: int) -> None:
    assert parse_number_word(text) == n


@pytest.mark.parametrize("text", ["", "dozens", "hundreds", "several", "a", "thirteenth", "1.5", "x12"])
def test_parse_number_word_none(text: str) -> None:
    assert parse_number_word(text) is None


# ------------------------------------------------------------------------------------ counts


def C(
    exact: int | None = None, low: int | None = None, high: int | None = None, approximate: bool = False
) -> tuple[int | None, int | None, int | None, bool]:
    return (exact, low, high, approximate)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("34", C(34)),
        ("1,200", C(1200)),
        ("1 200", C(1200)),
        ("thirteen", C(13)),
        ("a dozen", C(12)),
        ("over 60", C(low=60)),
        ("more than 60", C(low=60)),
        ("at least 40", C(low=40)),
        ("At least 300", C(low=300)),
        ("at least a hundred", C(low=100)),
        ("~100", C(100, approximate=True)),
        ("about 100", C(100, approximate=True)),
        ("around 25", C(25, approximate=True)),
        ("approximately 200", C(200, approximate=True)),
        ("an estimated 1,200", C(1200, approximate=True)),
        ("Estimated 1,200 fighters", C(1200, approximate=True)),
        ("some 40", C(40, approximate=True)),
        ("15+", C(low=15)),
        ("60 +", C(low=60)),
        ("56+ (including some hostages during the rescue)", C(low=56)),
        ("200+", C(low=200)),
        (": 2+", C(low=2)),
        ("40 or more", C(low=40)),
        ("nearly 50", C(high=50)),
        ("up to 50", C(high=50)),
        ("fewer than 50", C(high=50)),
        ("under 50", C(high=50)),
        ("no more than 150", C(high=150)),
        ("40–50", C(low=40, high=50)),
        ("40-50", C(low=40, high=50)),
        ("40 to 50", C(low=40, high=50)),
        ("between 40 and 85", C(low=40, high=85)),
        ("between 40-50", C(low=40, high=50)),
        ("45 to 85", C(low=45, high=85)),
        ("40–50+", C(low=40, high=50)),
        ("150–2,000+", C(low=150, high=2000)),
        ("50–150 dead", C(low=50, high=150)),
        ("6–7", C(low=6, high=7)),
        ("two or three", C(low=2, high=3)),
        ("None", C(0)),
        ("none", C(0)),
        ("no", C(0)),
        ("zero", C(0)),
        ("34 (including four attackers)", C(34)),
        ("20 hostages, 2 gunmen", C(20)),
        ("7 and at least two Malian Special Forces", C(7)),
        ("Total: 149 killed overall", C(149)),
        ("2.06 million displaced", C(2_060_000)),
        ("36+ terrorists", C(low=36)),
        ("Twenty", C(20)),
    ],
)
def test_parse_count(text: str, expected: tuple[int | None, int | None, int | None, bool]) -> None:
    c = parse_count(text)
    assert c is not None
    assert (c.exact, c.low, c.high, c.approximate) == expected
    assert c.text == text


@pytest.mark.parametrize(
    "text",
    [
        "Unknown",
        "unknown",
        "N/A",
        "n/a",
        "?",
        "dozens",
        "Dozens",
        "scores",
        "hundreds",
        "Several hundred",
        "several",
        "many",
        "Unknown ",
    ],
)
def test_parse_count_no_figure(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize("text", ["", "heavy casualties", "Malian victory", "rescued"])
def test_parse_count_error(text: str) -> None:
    with pytest.raises(ValueGrammarError) as ei:
        parse_count(text)
    assert ei.value.kind == "number"


def test_count_value() -> None:
    assert Count(exact=5).value == 5
    assert Count(exact=None, low=40, high=50).value == 40
    assert Count(exact=None, low=None, high=50).value == 50


# ------------------------------------------------------------------------------------ properties

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words_below_1000(n: int, use_and: bool) -> str:
    parts = []
    h, r = divmod(n, 100)
    if h:
        parts.append(f"{_UNITS[h]} hundred")
    if r or not h:
        if r < 20:
            tail = _UNITS[r]
        else:
            t, u = divmod(r, 10)
            tail = _TENS[t] + (f"-{_UNITS[u]}" if u else "")
        if h and use_and:
            parts.append("and")
        if r or not parts:
            parts.append(tail)
    return " ".join(parts)


def to_words(n: int, use_and: bool = True) -> str:
    th, r = divmod(n, 1000)
    if th:
        s = f"{_words_below_1000(th, use_and)} thousand"
        if r:
            s += " " + _words_below_1000(r, use_and)
        return s
    return _words_below_1000(n, use_and)


def test_to_words_renderer() -> None:
    assert to_words(250) == "two hundred and fifty"
    assert to_words(13) == "thirteen"
    assert to_words(2045, use_and=False) == "two thousand forty-five"


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=999_999), st.booleans(), st.sampled_from(["lower", "title", "upper"])
)
def test_number_words_round_trip(n: int, use_and: bool, case: str) -> None:
    w = to_words(n, use_and)
    w = {"lower": w, "title": w.title(), "upper": w.upper()}[case]
    assert parse_number_word(w) == n
    c = parse_count(w)
    assert c is not None and c.exact == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", " ", "\u00a0", ""]))
def test_digits_round_trip(n: int, sep: str) -> None:
    s = f"{n:,}".replace(",", sep)
    assert parse_number_word(s) == n
    c = parse_count(s)
    assert c is not None and c.exact == n


_FULL_MONTHS = [
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
]


def _render(d: dt.date, fmt: int) -> str:
    m = _FULL_MONTHS[d.month - 1]
    return [
        f"{m} {d.day}, {d.year}",
        f"{d.day} {m} {d.year}",
        f"{d.year:04d}-{d.month:02d}-{d.day:02d}",
        f"{d.day:02d}/{d.month:02d}/{d.year:04d}",
        f"{d.day} {m[:3]} {d.year}",
        f"On {m} {d.day}, {d.year}, gunmen attacked",
    ][fmt]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)), st.integers(0, 5))
def test_dates_round_trip(d: dt.date, fmt: int) -> None:
    text = _render(d, fmt)
    v = parse_date(text)
    assert v.start == v.end == d.isoformat()
    assert v.precision == "day"
    found = find_dates(text)
    assert found and found[0][0].start == d.isoformat()


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
    st.integers(min_value=1, max_value=400),
)
def test_date_ranges_round_trip(d: dt.date, days: int) -> None:
    e = d + dt.timedelta(days=days)
    m1, m2 = _FULL_MONTHS[d.month - 1], _FULL_MONTHS[e.month - 1]
    for text in (
        f"{d.day} {m1} {d.year} – {e.day} {m2} {e.year}",
        f"{m1} {d.day}, {d.year} – {m2} {e.day}, {e.year}",
    ):
        v = parse_date(text)
        assert (v.start, v.end) == (d.isoformat(), e.isoformat())


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_date_total(text: str) -> None:
    try:
        v = parse_date(text)
    except ValueGrammarError:
        return
    assert isinstance(v, DateValue)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_count_total(text: str) -> None:
    try:
        v = parse_count(text)
    except ValueGrammarError:
        return
    assert v is None or isinstance(v, Count)
    if v is not None:
        assert isinstance(v.value, int)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–/+~abtoMayJuneDecemberpresnt()")), max_size=40))
def test_grammar_total_on_dense_text(text: str) -> None:
    for fn in (parse_date, parse_count):
        try:
            fn(text)
        except ValueGrammarError:
            pass
    for d, s, e in find_dates(text):
        assert isinstance(d, DateValue) and 0 <= s < e <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_find_dates_total(text: str) -> None:
    for d, s, e in find_dates(text):
        assert isinstance(d, DateValue) and 0 <= s < e <= len(text)


def test_a_tilde_between_two_numbers_is_a_range() -> None:
    # issue 16, written from fresh7: "172~200 dead, 91~150 wounded"; "~100" alone is about 100
    from sevare_kg.extraction.values import find_counts

    assert [c.describe() for c, _s, _e in find_counts("172~200 dead, 91~150 wounded, ~100 men")] == [
        "172–200",
        "91–150",
        "100",
    ]
