"""The article parser: structure, offsets, and errors of our own type on any input."""

from __future__ import annotations

import pytest
from cli_support import SEVARE
from hypothesis import given, settings
from hypothesis import strategies as st

from sevare_kg.errors import ArticleFormatError, InputError
from sevare_kg.extraction.article import parse_article, parse_article_bytes, split_sentences


def test_sevare_structure_and_offsets() -> None:
    article = parse_article(SEVARE.read_text(encoding="utf-8"), source=str(SEVARE))
    assert article.title == "2023 Sévaré attack"
    assert [f.key for f in article.infobox] == [
        "Conflict",
        "Place",
        "Partof",
        "Date",
        "Result",
        "Combatant1",
        "Combatant2",
        "Casualties1",
        "Casualties2",
        "Casualties3",
    ]
    assert [s.title for s in article.sections] == [None, "Background", "Bombing"]
    assert len(article.sentences) == 18
    for f in article.infobox:
        assert article.text[f.start : f.end] == f.value
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    assert article.field("casualties 2").value == "28 killed (per Mali)"
    assert article.infobox[0].line == 4


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dr. Smith arrived. He left.", ["Dr. Smith arrived.", "He left."]),
        ("It was c. 5 pm. Then U.S. troops came.", ["It was c. 5 pm.", "Then U.S. troops came."]),
        ('He said "stop." Nobody did.', ['He said "stop."', "Nobody did."]),
        (
            "At 8:30 a.m. on 3 May fighting began. It ended.",
            ["At 8:30 a.m. on 3 May fighting began.", "It ended."],
        ),
        ("The J. Smith unit left in 2019. It returned.", ["The J. Smith unit left in 2019.", "It returned."]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_errors_name_file_and_line() -> None:
    with pytest.raises(ArticleFormatError, match=r"^a\.txt:3: expected a title line"):
        parse_article("\n\nInfobox\n- Date: 1 May 2020\n", source="a.txt")
    with pytest.raises(InputError, match=r"^b\.txt:2: not UTF-8"):
        parse_article_bytes(b"= T =\n\xe9\n", source="b.txt")
    with pytest.raises(InputError, match="binary"):
        parse_article_bytes(b"= T =\x00", source="c.txt")


def test_duplicate_keys_are_kept_with_a_warning() -> None:
    article = parse_article(
        "= T =\n\nInfobox\n- Date: 1 May 2020\n- Date: 2 May 2020\n\nText.\n", source="t.txt"
    )
    assert [f.value for f in article.infobox] == ["1 May 2020", "2 May 2020"]
    assert any("duplicate infobox key 'Date'" in w for w in article.warnings)


lines = st.one_of(
    st.text(max_size=40),
    st.builds(lambda t: f"= {t} =", st.text(min_size=1, max_size=20)),
    st.builds(lambda t: f"== {t} ==", st.text(min_size=1, max_size=20)),
    st.just("Infobox"),
    st.builds(lambda k, v: f"- {k}: {v}", st.text(max_size=10), st.text(max_size=30)),
    st.just(""),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=12).map("\n".join))
def test_any_text_parses_or_raises_our_error(text: str) -> None:
    try:
        article = parse_article(text)
    except ArticleFormatError:
        return
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    for f in article.infobox:
        assert article.text[f.start : f.end] == f.value


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_our_error(data: bytes) -> None:
    try:
        parse_article_bytes(data)
    except (ArticleFormatError, InputError):
        pass
