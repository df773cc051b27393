"""Tests for studyapp.decks.models: what a valid card and deck are, ids, cloze helpers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from studyapp.decks.models import (
    _COMMON_LISTS,
    _COMMON_TEXT,
    CARD_FIELDS,
    DECK_FIELDS,
    MAX_ACCEPTED,
    MAX_NOTE_LENGTH,
    CardSpec,
    DeckSpec,
    _common_card,
    clean_block,
    cloze_blanks,
    default_card_type,
    derive_card_id,
    note_text,
    slugify,
    validate_card,
)
from tests.decks.timing import time_limit


def messages(exc: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) of each error, without pydantic's "Value error, " prefix."""
    return [
        (tuple(error["loc"]), str(error["msg"]).removeprefix("Value error, "))
        for error in exc.errors(include_url=False)
    ]


def card_error(**fields: Any) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as info:
        CardSpec(**fields)
    return messages(info.value)


# --- card validation -------------------------------------------------------------------------


def test_minimal_basic_card_defaults() -> None:
    card = CardSpec(question="What is SGD?", answer="Stochastic gradient descent.")
    assert card.id is None
    assert card.type == "basic"
    assert card.short is None
    assert card.tags == []
    assert card.distractors == []
    assert card.demo is None
    assert card.source is None


def test_question_and_answer_are_cleaned() -> None:
    card = CardSpec(question="\n\n  What is SGD?  \n", answer="\n  \n  indented\nline two  \n\n")
    assert card.question == "What is SGD?"
    # leading blank lines go, the first line keeps its indentation, trailing space goes
    assert card.answer == "  indented\nline two"


def test_answer_crlf_is_normalised() -> None:
    assert CardSpec(question="Q", answer="a\r\nb\r\n").answer == "a\nb"


@pytest.mark.parametrize("question", ["", "   ", "\n\n", " \t\n "])
def test_empty_question_rejected(question: str) -> None:
    assert card_error(question=question, answer="A") == [(("question",), "the question is empty")]


@pytest.mark.parametrize("answer", ["", "   ", "\n  \n"])
def test_empty_answer_rejected_for_basic_card(answer: str) -> None:
    assert card_error(question="Q", answer=answer) == [((), "the answer is empty")]


def test_empty_answer_rejected_for_reversible_card() -> None:
    assert card_error(question="Q", type="reversible") == [((), "the answer is empty")]


def test_missing_question_reported() -> None:
    errors = card_error(answer="A")
    assert [loc for loc, _ in errors] == [("question",)]


def test_cloze_card_may_have_no_answer() -> None:
    card = CardSpec(question="Adam adds {{bias correction}}.", type="cloze")
    assert card.answer == ""
    assert card.type == "cloze"


def test_cloze_card_needs_a_blank() -> None:
    assert card_error(question="No blank here", type="cloze") == [
        ((), "a cloze card needs at least one blank in its question, written {{answer}}")
    ]


@pytest.mark.parametrize("question", ["An {{}} blank", "A {{  }} blank", "A {{::hint}} blank"])
def test_cloze_blank_may_not_be_empty(question: str) -> None:
    assert card_error(question=question, type="cloze") == [
        ((), "a cloze blank is empty: write the hidden words inside {{…}}")
    ]


def test_cloze_blank_empty_even_if_another_is_filled() -> None:
    errors = card_error(question="{{one}} and {{}}", type="cloze")
    assert errors == [((), "a cloze blank is empty: write the hidden words inside {{…}}")]


def test_basic_card_may_contain_braces_without_being_cloze() -> None:
    card = CardSpec(
        question="What does {{x}} render as in Jinja?", answer="x's value", type="basic"
    )
    assert card.type == "basic"


@pytest.mark.parametrize("short", ["two\nlines", "carriage\rreturn"])
def test_short_must_be_one_line(short: str) -> None:
    assert card_error(question="Q", answer="A", short=short) == [
        (("short",), "must be a single line")
    ]


def test_short_is_stripped() -> None:
    assert CardSpec(question="Q", answer="A", short="  the gist  ").short == "the gist"


@pytest.mark.parametrize("short", ["", "   "])
def test_empty_short_rejected(short: str) -> None:
    assert card_error(question="Q", answer="A", short=short) == [
        (("short",), "is empty; leave the field out instead")
    ]


@pytest.mark.parametrize("source", ["", " \t "])
def test_empty_card_source_rejected(source: str) -> None:
    assert card_error(question="Q", answer="A", source=source) == [
        (("source",), "is empty; leave the field out instead")
    ]


def test_source_must_be_one_line() -> None:
    assert card_error(question="Q", answer="A", source="book\npage 3") == [
        (("source",), "must be a single line")
    ]


def test_tag_with_space_rejected_with_dashed_suggestion() -> None:
    assert card_error(question="Q", answer="A", tags=["ok", "machine learning"]) == [
        (
            ("tags", 1),
            'tag "machine learning" has a space or comma in it; use dashes: "machine-learning"',
        )
    ]


def test_tag_with_comma_rejected_with_dashed_suggestion() -> None:
    assert card_error(question="Q", answer="A", tags=["deep, learning"]) == [
        (
            ("tags", 0),
            'tag "deep, learning" has a space or comma in it; use dashes: "deep-learning"',
        )
    ]


@pytest.mark.parametrize("tag", ["", "  ", "#", "##"])
def test_empty_tag_rejected(tag: str) -> None:
    assert card_error(question="Q", answer="A", tags=[tag]) == [
        (("tags", 0), "a tag cannot be empty")
    ]


def test_tags_lose_hash_and_surrounding_space() -> None:
    card = CardSpec(question="Q", answer="A", tags=[" #optimizers ", "lr#2"])
    assert card.tags == ["optimizers", "lr#2"]


def test_distractor_equal_to_short_rejected() -> None:
    errors = card_error(
        question="Q", answer="A", short="Momentum", distractors=["Adam", "momentum"]
    )
    assert errors == [((), 'distractor "momentum" is the right answer')]


def test_duplicate_distractor_rejected() -> None:
    errors = card_error(question="Q", answer="A", distractors=["Adam", "RMSProp", "adam"])
    assert errors == [((), 'distractor "adam" is listed twice')]


@pytest.mark.parametrize("distractor", ["", "   "])
def test_empty_distractor_rejected(distractor: str) -> None:
    with pytest.raises(ValidationError):
        CardSpec(question="Q", answer="A", short="S", distractors=[distractor])


def test_distractor_must_be_one_line() -> None:
    assert card_error(question="Q", answer="A", distractors=["a\nb"]) == [
        (("distractors", 0), "must be a single line")
    ]


def test_distractors_kept_in_order() -> None:
    card = CardSpec(question="Q", answer="A", short="SGD", distractors=[" Adam ", "RMSProp"])
    assert card.distractors == ["Adam", "RMSProp"]


def test_unknown_card_type_rejected() -> None:
    errors = card_error(question="Q", answer="A", type="flip")
    assert [loc for loc, _ in errors] == [("type",)]


def test_unknown_card_field_rejected() -> None:
    errors = card_error(question="Q", answer="A", colour="red")
    assert [loc for loc, _ in errors] == [("colour",)]


@pytest.mark.parametrize("card_id", ["has space", "-leading-dash", "é", "x" * 121])
def test_bad_card_ids_rejected(card_id: str) -> None:
    errors = card_error(question="Q", answer="A", id=card_id)
    assert [loc for loc, _ in errors] == [("id",)]


@pytest.mark.parametrize("card_id", ["adam-definition", "A1", "deck.card:3_x", "x" * 120])
def test_good_card_ids_accepted(card_id: str) -> None:
    assert CardSpec(question="Q", answer="A", id=card_id).id == card_id


def test_cards_are_frozen() -> None:
    card = CardSpec(question="Q", answer="A")
    with pytest.raises(ValidationError):
        card.question = "other"  # type: ignore[misc]


def test_field_name_lists() -> None:
    assert CARD_FIELDS == (
        "id",
        "question",
        "answer",
        "type",
        "short",
        "accepted",
        "tags",
        "distractors",
        "demo",
        "source",
        "note",
        "compute",
        "params",
        "tolerance",
    )
    assert DECK_FIELDS == ("id", "title", "description", "tags", "source")


def test_clean_block() -> None:
    assert clean_block("\n \t\n  x\r\n  y \n\n") == "  x\n  y"
    assert clean_block("") == ""


# --- derived ids -----------------------------------------------------------------------------


def test_derive_card_id_is_a_pinned_hash() -> None:
    # the first 12 hex digits of sha1("<deck id>\n<lowercased, whitespace-collapsed question>")
    expected = hashlib.sha1(b"optimizers\nwhat does momentum add to sgd?").hexdigest()[:12]
    assert expected == "f0f286518ea6"
    assert derive_card_id("optimizers", "What does momentum add to SGD?") == "f0f286518ea6"


def test_derive_card_id_is_stable_across_calls() -> None:
    ids = {derive_card_id("d", "What is a learning rate?") for _ in range(5)}
    assert len(ids) == 1


@pytest.mark.parametrize(
    "variant",
    [
        "what does momentum add to sgd?",
        "WHAT DOES MOMENTUM ADD TO SGD?",
        "  What   does momentum\nadd to\tSGD?  ",
        "What does\r\nmomentum add to SGD?",
    ],
)
def test_derive_card_id_ignores_case_and_whitespace(variant: str) -> None:
    assert derive_card_id("optimizers", variant) == "f0f286518ea6"


@pytest.mark.parametrize(
    "variant",
    [
        "What does momentum add to Adam?",
        "What does momentum add to SGD",
        "Whatdoes momentum add to SGD?",
    ],
)
def test_derive_card_id_changes_with_the_words(variant: str) -> None:
    assert derive_card_id("optimizers", variant) != "f0f286518ea6"


def test_derive_card_id_depends_on_deck_id() -> None:
    assert derive_card_id("optimizers2", "What does momentum add to SGD?") != "f0f286518ea6"
    assert derive_card_id("a", "b c") != derive_card_id("a b", "c")


def test_derived_id_is_a_valid_card_id() -> None:
    card_id = derive_card_id("d", "Q")
    assert len(card_id) == 12
    assert CardSpec(question="Q", answer="A", id=card_id).id == card_id


def test_derive_card_id_ignores_the_unicode_form() -> None:
    composed, decomposed = "Caf\u00e9?", "Cafe\u0301?"
    assert derive_card_id("d", composed) == derive_card_id("d", decomposed)


# --- unicode form and NUL --------------------------------------------------------------------


def test_every_text_field_is_stored_in_nfc() -> None:
    nfd = "Cafe\u0301"
    card = CardSpec(
        question=f"{nfd}?",
        answer=nfd,
        short=nfd,
        tags=[nfd],
        distractors=[f"{nfd} 1"],
        source=nfd,
    )
    nfc = "Caf\u00e9"
    assert (card.question, card.answer, card.short, card.source) == (f"{nfc}?", nfc, nfc, nfc)
    assert (card.tags, card.distractors) == ([nfc], [f"{nfc} 1"])
    deck = DeckSpec(id="d", title=nfd, description=nfd, tags=[nfd], cards=[card])
    assert (deck.title, deck.description, deck.tags) == (nfc, nfc, [nfc])


def test_the_same_question_in_two_unicode_forms_is_one_card_id() -> None:
    with pytest.raises(ValidationError, match="two cards have the id"):
        DeckSpec(
            id="d",
            title="T",
            cards=[
                CardSpec(question="Caf\u00e9?", answer="a"),
                CardSpec(question="Cafe\u0301?", answer="b"),
            ],
        )


@pytest.mark.parametrize("field", ["question", "answer", "short", "source"])
def test_a_nul_character_is_refused_in_card_text(field: str) -> None:
    fields = {"question": "Q?", "answer": "A"} | {field: "bad\x00text"}
    assert card_error(**fields) == [((field,), "contains a NUL character (\\0); remove it")]


def test_a_nul_character_is_refused_in_deck_fields_and_lists() -> None:
    with pytest.raises(ValidationError) as info:
        DeckSpec(id="d", title="T\x00", tags=["a\x00"])
    assert [loc for loc, _ in messages(info.value)] == [("title",), ("tags",)]
    assert card_error(question="Q?", answer="A", distractors=["x\x00"])[0][0] == ("distractors",)


# --- cloze helpers ---------------------------------------------------------------------------


def test_cloze_blanks_texts_and_hints_in_order() -> None:
    assert cloze_blanks("In {{RMSProp::an optimizer}}, {{the step}} shrinks {{fast::how?}}.") == [
        ("RMSProp", "an optimizer"),
        ("the step", None),
        ("fast", "how?"),
    ]


def test_cloze_blanks_none() -> None:
    assert cloze_blanks("no blanks { here } {{ unclosed") == []


def test_cloze_blanks_empty_hint_is_empty_string() -> None:
    assert cloze_blanks("a {{b::}} c") == [("b", "")]


def test_cloze_prompt_and_text() -> None:
    card = CardSpec(question="In {{RMSProp::an optimizer}}, {{the rate}} decays.", type="cloze")
    assert card.cloze_prompt() == "In [an optimizer], [...] decays."
    assert card.cloze_text() == "In RMSProp, the rate decays."


def test_cloze_prompt_strips_hint_and_shows_dots_for_empty_hint() -> None:
    card = CardSpec(question="{{a:: a hint }} and {{b::}}", type="cloze")
    assert card.cloze_prompt() == "[a hint] and [...]"
    assert card.cloze_text() == "a and b"


def test_cloze_prompt_whitespace_hint_shows_dots() -> None:
    card = CardSpec(question="{{b::  }} is hidden", type="cloze")
    assert card.cloze_prompt() == "[...] is hidden"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is SGD?", "basic"),
        ("{{SGD}} is stochastic", "cloze"),
        ("With a {{hint::h}}", "cloze"),
        ("Empty {{}} still looks like a blank", "cloze"),
        ("Half {{open", "basic"),
        ("Single {braces}", "basic"),
    ],
)
def test_default_card_type(question: str, expected: str) -> None:
    assert default_card_type(question) == expected


# --- slugify ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Optimizers", "optimizers"),
        ("Hello, World!", "hello-world"),
        ("  --Deep   Learning 101--  ", "deep-learning-101"),
        ("snake_case_name", "snake-case-name"),
        ("already-a-slug", "already-a-slug"),
        ("!!!", "deck"),
        ("", "deck"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugify_limits_length_without_trailing_dash() -> None:
    assert slugify("a" * 100) == "a" * 80
    assert slugify("x" * 79 + " yz") == "x" * 79  # cut after the dash, which is then dropped


# --- decks -----------------------------------------------------------------------------------


def test_deck_resolves_missing_card_ids() -> None:
    deck = DeckSpec(
        id="optimizers",
        title="Optimizers",
        cards=[
            CardSpec(question="What does momentum add to SGD?", answer="A running average"),
            CardSpec(id="adam-definition", question="Adam", answer="Adaptive moments"),
        ],
    )
    assert [card.id for card in deck.cards] == ["f0f286518ea6", "adam-definition"]


def test_deck_rejects_duplicate_explicit_ids() -> None:
    with pytest.raises(ValidationError) as info:
        DeckSpec(
            id="d",
            title="T",
            cards=[
                CardSpec(id="same", question="Q1", answer="A"),
                CardSpec(id="same", question="Q2", answer="A"),
            ],
        )
    assert messages(info.value) == [((), 'two cards have the id "same"')]


def test_deck_rejects_questions_with_the_same_derived_id() -> None:
    expected = derive_card_id("d", "what is sgd?")
    with pytest.raises(ValidationError) as info:
        DeckSpec(
            id="d",
            title="T",
            cards=[
                CardSpec(question="What is SGD?", answer="A"),
                CardSpec(question="what  is  SGD?", answer="B"),
            ],
        )
    assert messages(info.value) == [((), f'two cards have the id "{expected}"')]


def test_deck_rejects_explicit_id_clashing_with_derived_id() -> None:
    derived = derive_card_id("d", "Q1")
    with pytest.raises(ValidationError) as info:
        DeckSpec(
            id="d",
            title="T",
            cards=[
                CardSpec(question="Q1", answer="A"),
                CardSpec(id=derived, question="Q2", answer="A"),
            ],
        )
    assert messages(info.value) == [((), f'two cards have the id "{derived}"')]


@pytest.mark.parametrize("deck_id", ["Optimizers", "has space", "-x", "a.b", "x" * 81])
def test_bad_deck_ids_rejected(deck_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        DeckSpec(id=deck_id, title="T")
    assert [loc for loc, _ in messages(info.value)] == [("id",)]


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_bad_deck_titles_rejected(title: str) -> None:
    with pytest.raises(ValidationError) as info:
        DeckSpec(id="d", title=title)
    assert [loc for loc, _ in messages(info.value)] == [("title",)]


def test_deck_title_is_stripped_and_tags_checked() -> None:
    deck = DeckSpec(id="d_1", title="  Deck  ", tags=["#ml"])
    assert deck.title == "Deck"
    assert deck.tags == ["ml"]
    assert deck.cards == []
    with pytest.raises(ValidationError) as info:
        DeckSpec(id="d", title="T", tags=["deep learning"])
    assert messages(info.value) == [
        (("tags", 0), 'tag "deep learning" has a space or comma in it; use dashes: "deep-learning"')
    ]


# --- speed on hostile input ------------------------------------------------------------------


def test_many_complete_blanks_are_fast() -> None:
    with time_limit():
        card = CardSpec(question="{{a}} " * 20000, answer="A")
    assert len(cloze_blanks(card.question)) == 20000


def test_unclosed_blank_openers_are_fast() -> None:
    with time_limit():
        card = CardSpec(question="{{" * 50_000, answer="A")  # quadratic: hours
    assert card.type == "basic"


# --- accepted answers ------------------------------------------------------------------------


def test_accepted_answers_are_one_line_each_stripped_and_in_nfc() -> None:
    card = CardSpec(
        question="Q",
        answer="A",
        short="Momentum",
        accepted=["  heavy ball ", "Polyak's me\u0301thod"],
    )
    assert card.accepted == ["heavy ball", "Polyak's méthod"]


@pytest.mark.parametrize(
    ("accepted", "message"),
    [
        (["a\nb"], "must be a single line"),
        (["  "], "is empty; leave it out instead"),
        (["MOMENTUM"], 'accepted answer "MOMENTUM" is the short answer already'),
        (["heavy ball", "Heavy Ball"], 'accepted answer "Heavy Ball" is listed twice'),
    ],
)
def test_bad_accepted_answers_are_refused(accepted: list[str], message: str) -> None:
    errors = card_error(question="Q", answer="A", short="Momentum", accepted=accepted)
    assert [text for _, text in errors] == [message]


def test_accepted_answers_have_a_cap() -> None:
    many = [f"answer {number}" for number in range(MAX_ACCEPTED + 1)]
    assert CardSpec(question="Q", answer="A", accepted=many[:-1]).accepted == many[:-1]
    errors = card_error(question="Q", answer="A", accepted=many)
    assert errors[0][0] == ("accepted",)
    assert f"at most {MAX_ACCEPTED} items" in errors[0][1]


def test_a_distractor_may_not_be_an_accepted_answer() -> None:
    errors = card_error(question="Q", answer="A", accepted=["velocity"], distractors=["Velocity"])
    assert [text for _, text in errors] == ['distractor "Velocity" is also an accepted answer']


# --- notes -----------------------------------------------------------------------------------


def test_a_note_is_paragraphs_of_joined_lines_in_nfc() -> None:
    card = CardSpec(
        question="Q",
        answer="A",
        note="  The original said\n  AdaGrad's  rule.\r\n \n\n\tRMSprop's average  forge\u0301ts. ",
    )
    assert card.note == "The original said AdaGrad's rule.\n\nRMSprop's average forgéts."
    assert CardSpec(question="Q", answer="A").note is None


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "is empty; leave the field out instead"),
        (" \n\t\n ", "is empty; leave the field out instead"),
        ("a \x1b[2J b", "contains U+001B, a control character or line separator; remove it"),
        ("a\x85b", "contains U+0085, a control character or line separator; remove it"),
        ("a\u2028b", "contains U+2028, a control character or line separator; remove it"),
        ("a\x00b", "contains a NUL character (\\0); remove it"),
    ],
)
def test_bad_notes_are_refused(note: str, message: str) -> None:
    assert card_error(question="Q", answer="A", note=note) == [(("note",), message)]


def test_a_note_has_a_cap() -> None:
    longest = "x" * MAX_NOTE_LENGTH
    assert CardSpec(question="Q", answer="A", note=longest).note == longest
    [(where, message)] = card_error(question="Q", answer="A", note=longest + "x")
    assert where == ("note",)
    assert message.startswith(f"is {MAX_NOTE_LENGTH + 1} characters long; keep it to ")


def test_note_text_is_the_same_note_however_it_was_wrapped() -> None:
    wrapped = "The original export said\nthe rate decays.\n\nThat is AdaGrad."
    assert note_text(wrapped) == note_text(
        "The original export said the rate decays.\n\n\n That is AdaGrad."
    )
    assert note_text(note_text(wrapped)) == note_text(wrapped)  # already normal: unchanged


# --- the common card's one-step validation ---------------------------------------------------


def _blank_lines_regex(text: str) -> str:
    """clean_block as first written, with a regular expression: the reference for the test."""
    text = text.replace("\r\n", "\n").rstrip()
    return re.sub(r"\A(?:[ \t]*\n)+", "", text) if text[:1].isspace() else text


@settings(max_examples=200)
@given(st.text(alphabet=" \t\n\r\x0b\xa0x#"))
def test_clean_block_is_the_regex_it_replaced(text: str) -> None:
    assert clean_block(text) == _blank_lines_regex(text)


def _general(data: dict[str, Any]) -> CardSpec | list[tuple[tuple[str | int, ...], str]]:
    try:
        return CardSpec.model_validate(data)
    except ValidationError as exc:
        return messages(exc)


def _one_step(data: dict[str, Any]) -> CardSpec | list[tuple[tuple[str | int, ...], str]]:
    try:
        return validate_card(data)
    except ValidationError as exc:
        return messages(exc)


# Cards whose fields are each mostly valid, else one of the kinds of trouble the validators
# catch: spaces and line breaks around and inside, a NUL, composed and decomposed accents
# (and a character that NFC changes), tag marks and separators, empty cloze blanks, answers
# that casefold() makes equal, bad ids and types, values that are not text.
_WORDS = ["a", "A", "b", "x1", "{{a}}", "{{b::h}}", ".", ":", "-", "é", "e\u0301", "ß", "\u212b"]
_SPACES = st.sampled_from(["", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\xa0"])
_NOT_TEXT = st.sampled_from([None, 1, ["a"], ("a",)])


def _texts(spaces: st.SearchStrategy[str], last: str) -> st.SearchStrategy[str]:
    parts = st.lists(st.tuples(st.sampled_from(["", " "]), st.sampled_from(_WORDS)), max_size=4)
    spaced = st.tuples(spaces, parts, spaces)
    return spaced.map(lambda p: p[0] + "".join(s + word for s, word in p[1]) + last + p[2])


def _field(fine: st.SearchStrategy[object], *bad: object) -> st.SearchStrategy[object]:
    """Mostly ``fine``, sometimes one of ``bad`` or not text at all."""
    trouble = st.sampled_from(bad) | _NOT_TEXT if bad else _NOT_TEXT
    return st.integers(0, 9).flatmap(lambda draw: fine if draw else trouble)


_LINE = _texts(st.sampled_from(["", " ", "\t"]), "s")
_BLOCK = _texts(_SPACES, "s")
_ITEMS = st.lists(st.sampled_from(["a", "b", "c", "ß", "é", "e\u0301", " t "]), max_size=3)
_BAD_ITEMS = ["A", "SS", "t,u", "", "x\ny", "\x00", "#", "{{ }}"]
_LIST = _field(_ITEMS, *([item] for item in _BAD_ITEMS), [f"a{n}" for n in range(21)])
_COMMON_CARDS = st.fixed_dictionaries(
    {"question": _field(_BLOCK, "", " \n", "{{ }}", "Q\x00"), "answer": _field(_BLOCK, "", "\n")},
    optional={
        "id": _field(st.sampled_from(["sgd", " adam-1 ", "a.b:c_d"]), "x" * 121, "a b", "-x"),
        "type": _field(st.sampled_from(["basic", "cloze", "reversible"]), "numeric", "Basic"),
        "short": _field(_LINE, "", " ", "a\nb", "A\x00"),
        "source": _field(_LINE, "", "a\rb"),
        "note": _field(_BLOCK, "", " \n\n ", "a\x1bb", "a\u2028b", "x" * 2001),
        "accepted": _LIST, "tags": _LIST, "distractors": _LIST,
    },
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_COMMON_CARDS)
def test_one_step_validation_is_model_validate(data: dict[str, Any]) -> None:
    general = _general(data)
    assert _one_step(data) == general
    fast = _common_card(data)
    if fast is not None:  # when taken, the one step made the same card pydantic makes
        assert isinstance(general, CardSpec)
        _assert_same_card(fast, general)


def _assert_same_card(card: CardSpec, model: CardSpec) -> None:
    """``card`` is ``model`` in every way a model can be told apart (fields, their order,
    which were given, extra and private data)."""
    assert card == model
    assert repr(card) == repr(model)
    assert list(card.__dict__.items()) == list(model.__dict__.items())
    assert card.model_fields_set == model.model_fields_set
    assert card.__pydantic_extra__ == model.__pydantic_extra__
    assert card.__pydantic_private__ == model.__pydantic_private__


@pytest.mark.parametrize(
    "data",
    [
        {"question": "What is SGD?", "answer": "\n\nStochastic gradient descent.\n"},
        {"id": "sgd", "question": "  Q  ", "answer": "A", "type": "reversible", "short": " s ",
         "accepted": ["t", "u"], "tags": ["#x", "y"], "distractors": ["d"], "source": "book"},
        {"question": "In {{RMSProp::an optimizer}}, steps are scaled.", "type": "cloze"},
        {"question": "cafe\u0301?", "answer": "A", "short": None, "id": None},
        {"question": "Q", "answer": "A", "note": "The source said\nthis.\n\nIt said that."},
    ],
)  # fmt: skip
def test_common_cards_take_the_one_step(data: dict[str, Any]) -> None:
    fast = _common_card(data)
    assert fast is not None
    _assert_same_card(fast, CardSpec.model_validate(data))
    assert fast.model_fields_set == set(data)
    again = _common_card(data)  # a default list is each card's own
    assert again is not None
    assert again.tags is not fast.tags


@pytest.mark.parametrize(
    "data",
    [
        {"question": "Q", "answer": "A", "note": "why\x00"},
        {"question": "Q", "answer": "A", "demo": {"name": "momentum"}},
        {"question": "Q", "answer": "A", "type": "numeric"},
        {"question": "Q", "answer": "A", "tags": ("a",)},
        {"question": "Q", "answer": "A\x00"},
        {"question": "Q", "answer": ""},
        {"question": "Q", "answer": "A", "id": "no spaces"},
        {"question": "Q", "answer": "A", "id": "x" * 121},
        {"question": "Q", "answer": "A", "type": "Basic"},
        {"question": "Q", "answer": "A", "accepted": [f"a{n}" for n in range(21)]},
        {"answer": "A"},
    ],
)
def test_other_cards_are_left_to_the_validators(data: dict[str, Any]) -> None:
    assert _common_card(data) is None


def _functions(schema: object) -> list[str]:
    """The names of the Python validator functions in a pydantic core schema, outside in."""
    if isinstance(schema, dict):
        is_function = str(schema.get("type")).startswith("function-")
        own = [schema["function"]["function"].__name__] if is_function else []
        return own + [name for value in schema.values() for name in _functions(value)]
    if isinstance(schema, list | tuple):
        return [name for item in schema for name in _functions(item)]
    return []


def test_the_one_step_knows_every_validator_of_the_common_fields() -> None:
    """A validator added to CardSpec (or to a field's type) that the one step would skip must
    be added to it too (:func:`studyapp.decks.models._common_card`): these are what it does."""
    schema = CardSpec.__pydantic_core_schema__
    model_validators = []
    while schema["type"] != "model":
        model_validators.append(schema["function"]["function"].__name__)
        schema = schema["schema"]
    fields_schema = schema["schema"]
    model_validators.append(fields_schema["function"]["function"].__name__)
    fields = fields_schema["schema"]["fields"]
    assert model_validators == ["_consistent", "_computed_is_numeric"]
    assert {name: _functions(fields[name]) for name in _COMMON_TEXT | _COMMON_LISTS} == {
        "id": ["_normal_text"],
        "question": ["_question_text", "_normal_text"],
        "answer": ["_answer_text", "_normal_text"],
        "type": ["_normal_text"],
        "short": ["_not_numeric", "_not_empty", "_normal_text", "_one_line"],
        "source": ["_not_empty", "_normal_text", "_one_line"],
        "accepted": ["_distinct_accepted", "_not_numeric", "_normal_text", "_filled_line"],
        "tags": ["_normal_text", "_tag"],
        "distractors": ["_not_numeric", "_normal_text", "_filled_line"],
        "note": ["_normal_text", "note_text"],
    }


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x1c\x85\xa0\u1680\u2028\u3000\u200baB.é")))
def test_derived_ids_compare_questions_by_their_words(question: str) -> None:
    words = " ".join(unicodedata.normalize("NFC", question).lower().split())
    expected = hashlib.sha1(f"deck\n{words}".encode()).hexdigest()[:12]
    assert derive_card_id("deck", question) == expected
