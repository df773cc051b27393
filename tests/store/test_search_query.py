"""The search language: each term parsed, errors with their place, and no text that crashes it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.store.search_query import (
    AnyTerm,
    DeckTerm,
    FlagTerm,
    NotTerm,
    PropertyTerm,
    RatedTerm,
    SearchError,
    SearchQuery,
    StateTerm,
    TagTerm,
    TextTerm,
    parse_query,
)


def terms(query: str) -> tuple[object, ...]:
    return parse_query(query).terms


def test_an_empty_query_has_no_terms() -> None:
    assert parse_query("   ") == SearchQuery(())


def test_bare_words_are_prefixes_and_quoted_phrases_whole_words() -> None:
    assert terms('adam "weight decay"') == (
        TextTerm(("adam",), prefix=True),
        TextTerm(("weight", "decay"), prefix=False),
    )


def test_a_word_of_several_parts_is_those_words_in_a_row() -> None:
    assert terms("state-of-the-art") == (TextTerm(("state", "of", "the", "art"), prefix=True),)


def test_fts_syntax_in_text_is_only_words() -> None:
    assert terms('NEAR AND ( * "x*" a+b') == (
        TextTerm(("NEAR",), prefix=True),
        TextTerm(("AND",), prefix=True),
        TextTerm(("x",), prefix=False),
        TextTerm(("a", "b"), prefix=True),
    )


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert terms('"learning rat') == (TextTerm(("learning", "rat"), prefix=False),)


def test_keyed_terms() -> None:
    assert terms("deck:optim* tag:#hard is:DUE flag:3 rated:7 rated:2:1") == (
        DeckTerm("optim*"),
        TagTerm("hard"),
        StateTerm("due"),
        FlagTerm(3),
        RatedTerm(7, None),
        RatedTerm(2, 1),
    )


def test_keys_are_case_insensitive_and_values_may_be_quoted() -> None:
    assert terms('DECK:"my deck" Is:Starred') == (DeckTerm("my deck"), StateTerm("starred"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("prop:ease<2", PropertyTerm("ease", "<", 2.0)),
        ("prop:ease>=2.35", PropertyTerm("ease", ">=", 2.35)),
        ("prop:lapses>3", PropertyTerm("lapses", ">", 3)),
        ("prop:ivl>=10", PropertyTerm("ivl", ">=", 10)),
        ("prop:reviews!=5", PropertyTerm("reviews", "!=", 5)),
        ("prop:due<=0", PropertyTerm("due", "<=", 0)),
        ("prop:due=-2", PropertyTerm("due", "=", -2)),
        ("PROP:IVL<=1", PropertyTerm("ivl", "<=", 1)),
    ],
)
def test_properties(query: str, expected: PropertyTerm) -> None:
    assert terms(query) == (expected,)


def test_minus_negates_any_term() -> None:
    assert terms('-adam -"weight decay" -is:new') == (
        NotTerm(TextTerm(("adam",), prefix=True)),
        NotTerm(TextTerm(("weight", "decay"), prefix=False)),
        NotTerm(StateTerm("new")),
    )


def test_or_binds_tighter_than_the_spaces() -> None:
    assert terms("adam is:new OR is:learning or is:review") == (
        TextTerm(("adam",), prefix=True),
        AnyTerm((StateTerm("new"), StateTerm("learning"), StateTerm("review"))),
    )


def test_a_quoted_or_is_a_word() -> None:
    assert terms('a "or" b') == (
        TextTerm(("a",), prefix=True),
        TextTerm(("or",), prefix=False),
        TextTerm(("b",), prefix=True),
    )


def test_punctuation_alone_is_left_out() -> None:
    assert terms("( ) x") == (TextTerm(("x",), prefix=True),)
    assert terms('"" * -(') == ()


@pytest.mark.parametrize(
    ("query", "column", "words"),
    [
        ("adam foo:bar", 6, 'unknown search key "foo:"'),
        ("is:nope", 4, 'unknown "is:nope" (allowed: due, new, learning'),
        ("flag:8", 6, "flag: takes 0 (no flag) to 7"),
        ("flag:x", 6, "flag: takes 0"),
        ("rated:0", 7, "rated: takes a number of days"),
        ("rated:3:9", 9, "rated:N:R takes a rating 1-5"),
        ("prop:speed>1", 6, 'unknown property "speed"'),
        ("prop:ease", 10, "prop:ease needs a comparison"),
        ("prop:ease<x", 11, 'prop:ease is compared with a number, not "x"'),
        ("prop:lapses>1.5", 13, "prop:lapses is compared with a whole number"),
        ("prop:ivl>99999999", 10, "out of range"),
        ("deck:", 6, '"deck:" needs a value'),
        ("a -", 3, '"-" must be followed by a term'),
        ("or a", 1, '"or" needs a term before it'),
        ("a or", 3, '"or" needs a term after it'),
        ("a or or b", 6, '"or" needs a term before it'),
    ],
)
def test_errors_say_where_and_what_is_allowed(query: str, column: int, words: str) -> None:
    with pytest.raises(SearchError) as raised:
        parse_query(query)
    assert words in raised.value.message
    assert raised.value.position == column - 1
    assert str(raised.value).endswith(f"(at column {column})")


def test_a_colon_after_something_other_than_letters_is_text() -> None:
    assert terms("3:2") == (TextTerm(("3", "2"), prefix=True),)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_or_is_a_search_error(query: str) -> None:
    try:
        parsed: SearchQuery | None = parse_query(query)
    except SearchError as error:
        parsed, position = None, error.position
    else:
        position = 0
    assert parsed is None or all(term is not None for term in parsed.terms)
    assert 0 <= position <= len(query)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *'- ":*(<=17x',
                *("deck:", "tag:", "is:", "prop:", "rated:", "flag:"),
                *("or", "ease", "new", "2.5", "NEAR"),
            ]
        ),
        max_size=12,
    )
)
def test_pieces_of_the_syntax_in_any_order_parse_or_are_search_errors(pieces: list[str]) -> None:
    query = "".join(pieces)
    try:
        parse_query(query)
    except SearchError as error:
        position = error.position
    else:
        position = 0
    assert 0 <= position <= len(query)
