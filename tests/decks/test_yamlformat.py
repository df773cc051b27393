"""Tests for the YAML deck format: parse_yaml, write_yaml and deck_to_data."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.files import parse_deck_text
from studyapp.decks.markdown import parse_markdown, write_markdown
from studyapp.decks.models import CardSpec, DeckSpec, derive_card_id
from studyapp.decks.yamlformat import deck_to_data, parse_yaml, write_yaml

CARD_FIELD_LIST = (
    "id, question, answer, type, short, accepted, tags, distractors, demo, source, note, "
    "compute, params, tolerance"
)

MAPPING_DECK = """\
id: optimizers
title: Optimizers
description: How optimizers move the weights.
tags: [optimization]
source: Lecture 10
cards:
  - question: What does momentum add to plain SGD?
    answer: |
      A running average of past gradients.

      ```python
      v = beta * v + grad
      ```
    short: An exponentially decaying average of past gradients
    tags: [optimizers, momentum]
    distractors:
      - A per-parameter learning rate
    source: "seeds/000 #4"
  - question: In {{RMSProp::an optimizer}}, steps shrink along steep directions.
  - id: adam-definition
    question: Adam
    answer: Adaptive Moment Estimation
    type: reversible
"""


def parse(text: str, path: str = "cards/deck.yaml") -> DeckSpec:
    return parse_deck_text(text, path, "yaml")


def problems_of(text: str, path: str = "cards/deck.yaml") -> list[tuple[int | None, str]]:
    with pytest.raises(DeckError) as info:
        parse(text, path)
    return [(p.line, p.message) for p in info.value.problems]


def test_mapping_form() -> None:
    deck = parse(MAPPING_DECK)
    assert deck == DeckSpec(
        id="optimizers",
        title="Optimizers",
        description="How optimizers move the weights.",
        tags=["optimization"],
        source="Lecture 10",
        cards=[
            CardSpec(
                id=derive_card_id("optimizers", "What does momentum add to plain SGD?"),
                question="What does momentum add to plain SGD?",
                answer=(
                    "A running average of past gradients.\n\n```python\nv = beta * v + grad\n```"
                ),
                short="An exponentially decaying average of past gradients",
                tags=["optimizers", "momentum"],
                distractors=["A per-parameter learning rate"],
                source="seeds/000 #4",
            ),
            CardSpec(
                id=derive_card_id(
                    "optimizers",
                    "In {{RMSProp::an optimizer}}, steps shrink along steep directions.",
                ),
                question="In {{RMSProp::an optimizer}}, steps shrink along steep directions.",
                type="cloze",
            ),
            CardSpec(
                id="adam-definition",
                question="Adam",
                answer="Adaptive Moment Estimation",
                type="reversible",
            ),
        ],
    )


def test_bare_list_form_takes_id_and_title_from_file_name() -> None:
    text = "- question: What is SGD?\n  answer: Gradient descent\n- question: '{{Adam}} adapts'\n"
    deck = parse(text, "decks/learning_rates.yml")
    assert (deck.id, deck.title) == ("learning-rates", "Learning rates")
    assert [(c.id, c.question, c.answer, c.type) for c in deck.cards] == [
        (
            derive_card_id("learning-rates", "What is SGD?"),
            "What is SGD?",
            "Gradient descent",
            "basic",
        ),
        (derive_card_id("learning-rates", "{{Adam}} adapts"), "{{Adam}} adapts", "", "cloze"),
    ]


def test_mapping_without_cards_is_an_empty_deck() -> None:
    assert parse("id: empty\ntitle: Empty\n") == DeckSpec(id="empty", title="Empty")


def test_parse_yaml_uses_given_default_id() -> None:
    assert parse_yaml("[]", "x.yaml", "My Deck").id == "my-deck"


def test_multi_line_question() -> None:
    deck = parse("cards:\n  - question: |\n      Line one\n      line two\n    answer: A\n")
    assert deck.cards[0].question == "Line one\nline two"


def test_timestamps_stay_text() -> None:
    deck = parse("cards:\n  - question: 2024-01-02\n    answer: A\n    source: 2024-01-02 10:00\n")
    assert (deck.cards[0].question, deck.cards[0].source) == ("2024-01-02", "2024-01-02 10:00")


# --- errors and their lines ------------------------------------------------------------------


def test_unknown_key_in_a_card_on_its_line() -> None:
    text = (
        "id: d\n"  # 1
        "title: T\n"  # 2
        "cards:\n"  # 3
        "  - question: Q1\n"  # 4
        "    answer: A\n"  # 5
        "  - question: Q2\n"  # 6
        "    colour: red\n"  # 7
        "    answer: B\n"  # 8
    )
    with pytest.raises(DeckError) as info:
        parse(text, "cards/d.yaml")
    assert info.value.problems == (
        Problem(
            "cards/d.yaml", 7, f'unknown field "colour" (card fields: {CARD_FIELD_LIST})', "Q2"
        ),
    )
    assert str(info.value) == (
        f'cards/d.yaml:7: card "Q2": unknown field "colour" (card fields: {CARD_FIELD_LIST})'
    )


def test_unknown_key_with_suggestion() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    distractor: x\n"
    assert problems_of(text) == [(4, 'unknown field "distractor" (did you mean "distractors"?)')]


def test_every_problem_in_the_file_with_its_line() -> None:
    text = (
        "id: optimizers\n"  # 1
        "titel: Optimizers\n"  # 2
        "cards:\n"  # 3
        "  - question: What is SGD?\n"  # 4
        "    answer: Gradient descent\n"  # 5
        "  - question: What is Adam?\n"  # 6
        "    colour: red\n"  # 7
        "    answer: Adaptive moments\n"  # 8
        "    tags: [ok, two words]\n"  # 9
        "    type: flip\n"  # 10
        "    short: |\n"  # 11
        "      two\n"  # 12
        "      lines\n"  # 13
        "  - just text\n"  # 14
        "  - question: ''\n"  # 15
        "    answer: A\n"  # 16
        "  - answer: no question\n"  # 17
        "  - question: Empty\n"  # 18
        "    id: bad id\n"  # 19
        "  - question: what  is sgd?\n"  # 20
        "    answer: again\n"  # 21
    )
    sgd_id = derive_card_id("optimizers", "What is SGD?")
    assert problems_of(text) == [
        (2, 'unknown deck field "titel" (did you mean "title"?)'),
        (7, f'unknown field "colour" (card fields: {CARD_FIELD_LIST})'),
        (9, 'tags.1: tag "two words" has a space or comma in it; use dashes: "two-words"'),
        (10, "type \"flip\" is not one of 'basic', 'cloze', 'reversible' or 'numeric'"),
        (11, "short: must be a single line"),
        (14, "each card must be a mapping (question: …, answer: …)"),
        (15, "the question is empty"),
        (17, '"question" is missing'),
        (
            19,
            'id "bad id" may only use letters, digits and . _ : -, starting with a letter or digit',
        ),
        (
            20,
            f'has the same id "{sgd_id}" as the card on line 4 (the same question); '
            "give one of them an id",
        ),
    ]


def test_duplicate_of_an_invalid_card_is_reported_too() -> None:
    # (a card repeating the question of an invalid card used to go unreported)
    text = (
        "cards:\n  - question: Q\n    answer: A\n    colour: red\n  - question: q\n    answer: B\n"
    )
    card_id = derive_card_id("deck", "Q")
    assert problems_of(text) == [
        (4, f'unknown field "colour" (card fields: {CARD_FIELD_LIST})'),
        (
            5,
            f'has the same id "{card_id}" as the card on line 2 (the same question); '
            "give one of them an id",
        ),
    ]


def test_value_errors_point_at_the_value() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    tags:\n      - fine\n      - not fine\n"
    assert problems_of(text) == [
        (6, 'tags.1: tag "not fine" has a space or comma in it; use dashes: "not-fine"')
    ]


def test_card_rule_errors_point_at_the_card() -> None:
    text = (
        "cards:\n"
        "  - question: Q1\n"
        "    answer: A\n"
        "  - question: Q2\n"
        "    answer: A\n"
        "    short: Adam\n"
        "    distractors: [SGD, adam]\n"
    )
    assert problems_of(text) == [(4, 'distractor "adam" is the right answer')]


def test_wrong_shapes() -> None:
    assert problems_of("") == [(1, "the file is empty: write the deck's cards under cards:")]
    assert problems_of("# just a comment\n") == [
        (1, "the file is empty: write the deck's cards under cards:")
    ]
    assert problems_of("just text\n") == [
        (1, "a YAML deck is a mapping with a cards: list (or a list of cards)")
    ]
    assert problems_of("id: d\ncards:\n  question: Q\n") == [(2, "cards: must be a list of cards")]


def test_deck_field_errors() -> None:
    text = "id: Bad Id\ntitle: T\nauthor: me\ncards: []\n"
    assert problems_of(text) == [
        (
            1,
            'id "Bad Id" may only use lowercase letters, digits, - and _, '
            "starting with a letter or digit",
        ),
        (3, 'unknown deck field "author" (deck fields: id, title, description, tags, source)'),
    ]


def test_bare_list_errors_have_lines() -> None:
    text = "- question: Q\n  answer: A\n- not a card\n- question: Q2\n"
    assert problems_of(text) == [
        (3, "each card must be a mapping (question: …, answer: …)"),
        (4, "the answer is empty"),
    ]


def test_yaml_syntax_error() -> None:
    assert problems_of("cards:\n  - question: [Q\n    answer: A\n") == [
        (3, "YAML syntax error: did not find expected ',' or ']'")
    ]


def test_duplicate_key_in_a_card() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    answer: B\n"
    assert problems_of(text) == [(4, '"answer" is given twice')]


def test_numbers_and_yes_no_in_text_fields_are_text() -> None:
    # (they used to be rejected with "Input should be a valid string")
    text = (
        "id: 2024\n"
        "title: 1984\n"
        "description: yes\n"
        "tags: [2024, on]\n"
        "source: 3.10\n"
        "cards:\n"
        "  - question: 007\n"
        "    answer: 42.0\n"
        "    short: No\n"
        "    tags: [1, true]\n"
        "    distractors: [41, 43.50, off]\n"
        "    source: 2024-01-02\n"
        "    id: 12\n"
    )
    deck = parse(text)
    assert (deck.id, deck.title, deck.description, deck.tags, deck.source) == (
        "2024",
        "1984",
        "yes",
        ["2024", "on"],
        "3.10",
    )
    (card,) = deck.cards
    assert (card.id, card.question, card.answer, card.short) == ("12", "007", "42.0", "No")
    assert (card.tags, card.distractors, card.source) == (
        ["1", "true"],
        ["41", "43.50", "off"],
        "2024-01-02",
    )


def test_type_is_not_text_kept() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    type: 1\n"
    assert problems_of(text) == [
        (4, "type \"1\" is not one of 'basic', 'cloze', 'reversible' or 'numeric'")
    ]


# --- writing ---------------------------------------------------------------------------------


def sample_deck() -> DeckSpec:
    return DeckSpec(
        id="optimizers",
        title="Optimizers",
        description="How optimizers move the weights.\nSecond paragraph.",
        tags=["optimization"],
        source="Lecture 10",
        cards=[
            CardSpec(
                question="What does momentum add?",
                answer="A running average.\n\n```python\n## code\nv = beta * v\n```\n  indented",
                short="An average",
                tags=["momentum"],
                distractors=["A learning rate", "yes"],
                source="seeds/000 #4",
            ),
            CardSpec(question="Two\nlines", answer="## not a heading in YAML\nk:: v"),
            CardSpec(id="pinned", question="{{Adam}} adapts: 2024-01-02", type="cloze"),
            CardSpec(question="What is {{x}}?", answer="true", type="basic"),
            CardSpec(question="Flip me", answer="3.5", type="reversible"),
        ],
    )


def test_write_yaml_round_trip() -> None:
    deck = sample_deck()
    text = write_yaml(deck)
    assert parse(text, "other.yaml") == deck
    assert write_yaml(parse(text)) == text


def test_write_yaml_round_trip_of_parsed_deck() -> None:
    deck = parse(MAPPING_DECK)
    assert parse(write_yaml(deck), "x.yaml") == deck


def test_write_yaml_multi_line_text_as_literal_blocks() -> None:
    text = write_yaml(sample_deck())
    assert "description: |-\n  How optimizers move the weights.\n  Second paragraph.\n" in text
    assert (
        "  answer: |-\n"
        "    A running average.\n"
        "\n"
        "    ```python\n"
        "    ## code\n"
        "    v = beta * v\n"
        "    ```\n"
        "      indented\n"
    ) in text
    assert "- question: |-\n    Two\n    lines\n" in text


def test_write_yaml_exact_text() -> None:
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="Q1", answer="line 1\nline 2", tags=["a"]),
            CardSpec(id="p", question="{{x}} y", type="cloze", short="s", distractors=["no"]),
        ],
    )
    assert write_yaml(deck) == (
        "id: d\n"
        "title: T\n"
        "cards:\n"
        "- question: Q1\n"
        "  answer: |-\n"
        "    line 1\n"
        "    line 2\n"
        "  tags:\n"
        "  - a\n"
        "- id: p\n"
        "  question: '{{x}} y'\n"
        "  short: s\n"
        "  distractors:\n"
        "  - 'no'\n"
    )


def test_deck_to_data_leaves_out_defaults() -> None:
    data = deck_to_data(sample_deck())
    assert data["cards"] == [
        {
            "question": "What does momentum add?",
            "answer": "A running average.\n\n```python\n## code\nv = beta * v\n```\n  indented",
            "short": "An average",
            "tags": ["momentum"],
            "distractors": ["A learning rate", "yes"],
            "source": "seeds/000 #4",
        },
        {"question": "Two\nlines", "answer": "## not a heading in YAML\nk:: v"},
        {"id": "pinned", "question": "{{Adam}} adapts: 2024-01-02"},
        {"question": "What is {{x}}?", "answer": "true", "type": "basic"},
        {"question": "Flip me", "answer": "3.5", "type": "reversible"},
    ]
    assert deck_to_data(DeckSpec(id="e", title="E")) == {"id": "e", "title": "E", "cards": []}


def test_written_yaml_is_plain_yaml() -> None:
    loaded = yaml.safe_load(write_yaml(sample_deck()))
    assert loaded == deck_to_data(sample_deck())


@pytest.mark.parametrize(
    "answer", ["a\x85b", "first\nsecond\x85third", "x\u2028y", "p\n\u2029q", "cr\rlf"]
)
def test_write_yaml_round_trips_unusual_line_breaks(answer: str) -> None:
    # (U+0085 used to be written raw and read back as a line break: 'a\x85b' became 'a b')
    deck = DeckSpec(id="d", title="T", cards=[CardSpec(question="Q", answer=answer)])
    assert parse(write_yaml(deck), "d.yaml") == deck


def test_accepted_answers_are_a_list_of_text() -> None:
    text = (
        "cards:\n  - question: What is the default Adam epsilon?\n    answer: 1e-8\n"
        "    short: 1e-8\n    accepted: [0.00000001, 10^-8]\n"
    )
    [card] = parse(text).cards
    assert card.accepted == ["0.00000001", "10^-8"]  # numbers stay as written
    deck = parse(text)
    assert deck_to_data(deck)["cards"] == [
        {
            "question": "What is the default Adam epsilon?",
            "answer": "1e-8",
            "short": "1e-8",
            "accepted": ["0.00000001", "10^-8"],
        }
    ]
    assert parse(write_yaml(deck)) == deck


def test_accepted_must_be_a_list() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    accepted: velocity\n"
    [(line, message)] = problems_of(text)
    assert line == 4
    assert "accepted" in message
    assert "list" in message


def test_a_note_is_text_its_wrapped_lines_joined() -> None:
    text = (
        "cards:\n  - question: What does RMSprop divide by?\n    answer: A running RMS.\n"
        "    note: |\n      The original export said\n      the rate decays.\n\n"
        "      That describes AdaGrad.\n"
        "  - question: Q\n    answer: A\n    note: 1e-3\n"
    )
    first, second = parse(text).cards
    assert first.note == "The original export said the rate decays.\n\nThat describes AdaGrad."
    assert second.note == "1e-3"  # text, as written
    written = write_yaml(parse(text))
    assert (
        "  note: |-\n    The original export said the rate decays.\n\n    That describes" in written
    )
    assert "  note: '1e-3'\n" in written
    assert parse(written) == parse(text)


def test_a_bad_note_is_reported_on_its_line() -> None:
    text = "cards:\n  - question: Q\n    answer: A\n    note: ''\n"
    assert problems_of(text) == [(4, "note: is empty; leave the field out instead")]


NUMERIC_YAML = """id: numbers
title: Numbers
cards:
  - id: he
    question: "fan_in = {fan_in}: the He std?"
    answer: "√(2/{fan_in}) = {answer}"
    compute: he-std
    params: {fan_in: [256, 512]}
    tolerance: 0.001
  - id: steplr
    question: "StepLR at epoch {epoch}?"
    answer: "{answer}"
    type: numeric
    compute: step-lr
    params:
      lr0: 0.1
      step_size: [10]
      gamma: [0.5]
      epoch: 0..60
"""


def test_numeric_cards_in_yaml_round_trip_through_both_formats() -> None:
    deck = parse(NUMERIC_YAML)
    he, step = deck.cards
    assert (he.type, he.params, he.tolerance) == ("numeric", {"fan_in": [256, 512]}, "±0.001")
    assert step.params == {"lr0": [0.1], "step_size": [10], "gamma": [0.5], "epoch": "0..60"}
    assert parse(write_yaml(deck)) == deck
    assert parse_markdown(write_markdown(deck), "x.md", "numbers") == deck


def test_numeric_problems_in_yaml_point_at_their_lines() -> None:
    text = NUMERIC_YAML.replace("epoch: 0..60", "epoch: 0..6000").replace(
        "params: {fan_in: [256, 512]}", "params: {fan_in: [256, 0.5]}"
    )
    assert problems_of(text) == [
        (8, 'params: param "fan_in" must be a whole number, not 0.5'),
        (19, 'params: param "epoch" must be from 0–1000, not 6000'),
    ]


_P_VALUES = st.floats(min_value=0.01, max_value=0.95, allow_nan=False).map(lambda x: round(x, 6))


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(_P_VALUES, min_size=1, max_size=8, unique=True),
    tolerance=st.sampled_from(["1%", "0.5%", "±0.001", "±0.25"]),
    typed=st.booleans(),
)
def test_any_numeric_card_round_trips_through_both_formats(
    values: list[float], tolerance: str, typed: bool
) -> None:
    card = CardSpec(
        id="scale",
        question="Dropout with p = {p}: the scale of kept units?",
        answer="1/(1 − {p}) = 1/{keep} = {answer}",
        compute="dropout-scale",
        params={"p": values},
        tolerance=tolerance,
        **({"type": "numeric"} if typed else {}),
    )
    spec = DeckSpec(id="numbers", title="Numbers", cards=[card])
    assert parse(write_yaml(spec)) == spec
    assert parse_markdown(write_markdown(spec), "x.md", "numbers") == spec
