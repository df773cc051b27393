"""Tests for the Markdown deck format: parse_markdown and write_markdown."""

from __future__ import annotations

import pytest

from studyapp.decks.errors import DeckError, Problem
from studyapp.decks.files import parse_deck_text
from studyapp.decks.markdown import fence_after, parse_markdown, write_markdown
from studyapp.decks.models import CardSpec, DeckSpec, derive_card_id
from tests.decks.timing import time_limit

TEXT_BEFORE = (
    "text before the first card: each card starts with a '## ' heading "
    "(deck fields go in the --- front matter)"
)
UNCLOSED = (
    "this code block is never closed, so everything after it would be code; "
    "close it with a matching fence line"
)

FULL_DECK = """\
---
id: optimizers
title: Optimizers
description: How gradient-based optimizers move the weights.
tags: [optimization, training]
source: Lecture 10
---

## What does momentum add to plain SGD?

A running average of past gradients, so that:

- steps keep their direction;
- oscillations cancel out.

```python
## not a card
x:: y
v = beta * v + grad
```

### A sub-heading stays answer text

short:: An exponentially decaying average of past gradients
tags:: optimizers, momentum
distractor:: A per-parameter learning rate
distractor:: Layer normalisation
source:: seeds/000 #4

## In {{RMSProp::an optimizer}}, steps shrink along {{steep}} directions.

~~~
## inside tildes
type:: basic
```
still code
~~~

## Adam

id:: adam-definition
type:: reversible

Adaptive Moment Estimation.
"""


def parse(text: str, path: str = "cards/deck.md") -> DeckSpec:
    return parse_deck_text(text, path, "md")


def problems_of(text: str, path: str = "cards/deck.md") -> list[tuple[int | None, str]]:
    with pytest.raises(DeckError) as info:
        parse(text, path)
    return [(p.line, p.message) for p in info.value.problems]


def test_full_deck_parses_to_exact_cards() -> None:
    deck = parse(FULL_DECK, "cards/optimizers.md")
    assert deck == DeckSpec(
        id="optimizers",
        title="Optimizers",
        description="How gradient-based optimizers move the weights.",
        tags=["optimization", "training"],
        source="Lecture 10",
        cards=[
            CardSpec(
                id=derive_card_id("optimizers", "What does momentum add to plain SGD?"),
                question="What does momentum add to plain SGD?",
                answer=(
                    "A running average of past gradients, so that:\n"
                    "\n"
                    "- steps keep their direction;\n"
                    "- oscillations cancel out.\n"
                    "\n"
                    "```python\n"
                    "## not a card\n"
                    "x:: y\n"
                    "v = beta * v + grad\n"
                    "```\n"
                    "\n"
                    "### A sub-heading stays answer text"
                ),
                type="basic",
                short="An exponentially decaying average of past gradients",
                tags=["optimizers", "momentum"],
                distractors=["A per-parameter learning rate", "Layer normalisation"],
                source="seeds/000 #4",
            ),
            CardSpec(
                question="In {{RMSProp::an optimizer}}, steps shrink along {{steep}} directions.",
                answer="~~~\n## inside tildes\ntype:: basic\n```\nstill code\n~~~",
                type="cloze",
            ),
            CardSpec(
                id="adam-definition",
                question="Adam",
                answer="Adaptive Moment Estimation.",
                type="reversible",
            ),
        ],
    )
    assert [card.id for card in deck.cards] == [
        "3d80756190f7",
        "896ca4df06a6",
        "adam-definition",
    ]


def test_minimal_deck_defaults_from_file_name() -> None:
    deck = parse("## What is SGD?\nStochastic gradient descent.\n", "some/dir/Deep Learning.md")
    assert deck.id == "deep-learning"
    assert deck.title == "Deep learning"
    assert deck.description == ""
    assert deck.tags == []
    assert deck.cards == [
        CardSpec(
            id=derive_card_id("deep-learning", "What is SGD?"),
            question="What is SGD?",
            answer="Stochastic gradient descent.",
        )
    ]


def test_empty_file_is_an_empty_deck() -> None:
    assert parse("", "x.md") == DeckSpec(id="x", title="X")


def test_hash_title_sets_the_title() -> None:
    deck = parse("# Learning Rates\n\n## Q\nA\n")
    assert deck.title == "Learning Rates"
    assert deck.id == "deck"


def test_hash_title_after_front_matter_without_title() -> None:
    deck = parse("---\nid: lr\n---\n\n# Learning Rates\n\n## Q\nA\n")
    assert (deck.id, deck.title) == ("lr", "Learning Rates")


def test_hash_title_equal_to_front_matter_title_is_fine() -> None:
    deck = parse("---\ntitle: Learning Rates\n---\n# Learning Rates\n## Q\nA\n")
    assert deck.title == "Learning Rates"


def test_front_matter_title_conflicts_with_hash_title() -> None:
    text = "---\ntitle: Front\n---\n\n# Other\n\n## Q\nA\n"
    assert problems_of(text) == [
        (5, 'the # title "Other" differs from the title already given ("Front"); keep one')
    ]


def test_two_hash_titles_conflict() -> None:
    # (this message used to claim a "front matter title" in a file without front matter)
    assert problems_of("# One\n# Two\n\n## Q\nA\n") == [
        (2, 'the # title "Two" differs from the title already given ("One"); keep one')
    ]


def test_same_hash_title_twice_is_fine() -> None:
    assert parse("# One\n# One\n## Q\nA\n").title == "One"


def test_hash_heading_inside_a_card_is_answer_text() -> None:
    deck = parse("## Q\n# Big heading\ntext\n")
    assert deck.cards[0].answer == "# Big heading\ntext"


def test_text_before_first_card_reported_once_at_its_first_line() -> None:
    text = "# Title\n\nSome intro.\n\nMore intro.\n## Q\nA\n"
    assert problems_of(text) == [(3, TEXT_BEFORE)]


def test_text_before_first_card_after_front_matter() -> None:
    text = "---\nid: d\n---\n\nstray\n## Q\nA\n"
    assert problems_of(text) == [(5, TEXT_BEFORE)]


def test_code_block_before_first_card() -> None:
    text = "```\ncode\n```\n\n## Q\nA\n"
    assert problems_of(text) == [(1, TEXT_BEFORE)]


def test_unclosed_code_block_before_first_card() -> None:
    assert problems_of("```\n## Q\nA\n") == [(1, UNCLOSED), (1, TEXT_BEFORE)]


def test_unclosed_code_block_in_a_card_is_reported() -> None:
    # (it used to swallow the rest of the file silently: card Q2 and short:: vanished)
    text = "## Q1\nA\n\n~~~~\ncode\n~~~\n\n## Q2\nA\nshort:: s\n"
    assert problems_of(text) == [(4, UNCLOSED)]


def test_heading_without_space_is_not_a_card() -> None:
    assert problems_of("##Q\nA\n") == [(1, TEXT_BEFORE)]


def test_heading_text_is_the_whole_line() -> None:
    deck = parse("## What is SGD? ##\nA\n## C# or F#\nB\n##   padded   \nC\n")
    assert [card.question for card in deck.cards] == ["What is SGD? ##", "C# or F#", "padded"]


def test_unknown_field_with_suggestion_and_line() -> None:
    text = "## Q1\nA\n\n## What is SGD?\n\nGradient descent on mini-batches.\n\nshrot:: SGD\n"
    with pytest.raises(DeckError) as info:
        parse(text, "cards/optimizers.md")
    assert info.value.problems == (
        Problem(
            "cards/optimizers.md",
            8,
            'unknown field "shrot::" (did you mean "short"?)',
            "What is SGD?",
        ),
    )
    assert str(info.value) == (
        'cards/optimizers.md:8: card "What is SGD?": '
        'unknown field "shrot::" (did you mean "short"?)'
    )


def test_unknown_field_without_suggestion_lists_fields() -> None:
    assert problems_of("## Q\nA\ncolour:: red\n") == [
        (
            3,
            'unknown field "colour::" '
            "(fields: id, type, short, accept, tags, distractor, demo, source, note, compute, "
            "param, tolerance)",
        )
    ]


def test_plural_distractors_field_suggests_singular() -> None:
    assert problems_of("## Q\nA\ndistractors:: x\n") == [
        (3, 'unknown field "distractors::" (did you mean "distractor"?)')
    ]


def test_field_given_twice() -> None:
    text = "## Q\nA\nshort:: one\ntags:: a\nshort:: two\n"
    assert problems_of(text) == [(5, '"short::" is given twice (also on line 3)')]


def test_distractor_may_repeat() -> None:
    deck = parse("## Q\nA\nshort:: right\ndistractor:: wrong 1\ndistractor:: wrong 2\n")
    assert deck.cards[0].distractors == ["wrong 1", "wrong 2"]


def test_duplicate_distractor_reported_on_card_heading() -> None:
    text = "## Q1\nA\n\n## Q2\nA\ndistractor:: x\ndistractor:: X\n"
    assert problems_of(text) == [(4, 'distractor "X" is listed twice')]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("question:: Why?", "a Markdown card's question is its ## heading, not a field"),
        (
            "answer:: Because.",
            "a Markdown card's answer is the text under its heading, not a field",
        ),
    ],
)
def test_question_and_answer_field_lines_rejected(line: str, message: str) -> None:
    assert problems_of(f"## Q\nA\n{line}\n") == [(3, message)]


def test_fields_anywhere_in_the_card_outside_code() -> None:
    deck = parse("## Q\nshort:: s\nfirst line\n\nsecond line\ntags:: a b,c\n")
    card = deck.cards[0]
    assert card.answer == "first line\n\nsecond line"
    assert card.short == "s"
    assert card.tags == ["a", "b", "c"]


def test_field_values_are_stripped_and_spaced_keys_are_text() -> None:
    deck = parse("## Q\nA\nshort::    padded   \nnot a field :: value\nstd::vector\n")
    card = deck.cards[0]
    assert card.short == "padded"
    assert card.answer == "A\nnot a field :: value\nstd::vector"


def test_field_errors_point_at_their_line() -> None:
    text = "## Q\n\nA\n\nshort:: \nid:: has space\ntype:: Cloze\n"
    assert problems_of(text) == [
        (5, "short: is empty; leave the field out instead"),
        (
            6,
            'id "has space" may only use letters, digits and . _ : -, '
            "starting with a letter or digit",
        ),
        (
            7,
            "type \"Cloze\" is not one of 'basic', 'cloze', 'reversible' or 'numeric' "
            '(did you mean "cloze"?)',
        ),
    ]


def test_card_level_errors_point_at_the_heading() -> None:
    text = "## Q1\nA\n\n## Q2\n\nshort:: x\n"
    assert problems_of(text) == [(4, "the answer is empty")]


def test_empty_question() -> None:
    assert problems_of("## Q\nA\n## \nB\n") == [(3, "the question is empty")]


def test_cloze_card_without_answer_and_type_basic_override() -> None:
    deck = parse(
        "## {{Adam}} adds bias correction\n\n## What is {{x}} in Jinja?\nA\ntype:: basic\n"
    )
    assert [(card.type, card.answer) for card in deck.cards] == [
        ("cloze", ""),
        ("basic", "A"),
    ]


def test_duplicate_questions() -> None:
    text = "## What is SGD?\nA\n\n## what  is  SGD?\nB\n"
    card_id = derive_card_id("deck", "What is SGD?")
    assert problems_of(text) == [
        (
            4,
            f'has the same id "{card_id}" as the card on line 1 (the same question); '
            "give one of them an id",
        )
    ]


def test_duplicate_explicit_ids() -> None:
    text = "## Q1\nA\nid:: same\n\n## Q2\nB\nid:: same\n"
    assert problems_of(text) == [(5, 'has the same id "same" as the card on line 1')]


def test_front_matter_problems_have_their_lines() -> None:
    text = "---\nid: Bad Id\ntitel: x\n---\n## Q\nA\n"
    assert problems_of(text) == [
        (
            2,
            'id "Bad Id" may only use lowercase letters, digits, - and _, '
            "starting with a letter or digit",
        ),
        (3, 'unknown deck field "titel" (did you mean "title"?)'),
    ]


def test_front_matter_must_be_a_mapping() -> None:
    assert problems_of("---\n- a\n- b\n---\n## Q\nA\n") == [
        (2, "front matter must be deck fields (id: …, title: …)")
    ]


def test_front_matter_yaml_error_has_file_line() -> None:
    assert problems_of("---\nid: d\ntitle: [unclosed\n---\n## Q\nA\n") == [
        (4, "YAML syntax error: did not find expected ',' or ']'")
    ]


def test_empty_front_matter_and_dots_closing() -> None:
    assert parse("---\n---\n## Q\nA\n", "x.md").id == "x"
    assert parse("---\nid: dotted\n...\n## Q\nA\n").id == "dotted"


def test_unclosed_front_matter() -> None:
    with pytest.raises(DeckError) as info:
        parse("---\nid: d\ntitle: T\n\n## Q\nA\n", "cards/d.md")
    assert info.value.problems == (
        Problem("cards/d.md", 1, "front matter starts with --- but has no closing ---"),
    )


MULTI = """\
---
id: optimizers
titel: Optimizers
---
Some intro text.

## What is SGD?

Stochastic gradient descent.
shrot:: SGD
short:: one
short:: two

## Empty answer?

## What is Adam?

Adaptive moments.
answer:: Adam
tags:: ok
type:: flip

## What  is sgd?

Duplicate.
"""


def test_every_problem_reported_at_once() -> None:
    with pytest.raises(DeckError) as info:
        parse(MULTI, "cards/optimizers.md")
    found = [(p.line, p.card, p.message) for p in info.value.problems]
    sgd_id = derive_card_id("optimizers", "What is SGD?")
    assert found == [
        (3, None, 'unknown deck field "titel" (did you mean "title"?)'),
        (5, None, TEXT_BEFORE),
        (10, "What is SGD?", 'unknown field "shrot::" (did you mean "short"?)'),
        (12, "What is SGD?", '"short::" is given twice (also on line 11)'),
        (14, "Empty answer?", "the answer is empty"),
        (
            19,
            "What is Adam?",
            "a Markdown card's answer is the text under its heading, not a field",
        ),
        (
            21,
            "What is Adam?",
            "type \"flip\" is not one of 'basic', 'cloze', 'reversible' or 'numeric'",
        ),
        (
            23,
            "What  is sgd?",
            f'has the same id "{sgd_id}" as the card on line 7 (the same question); '
            "give one of them an id",
        ),
    ]
    assert all(p.path == "cards/optimizers.md" for p in info.value.problems)
    lines = str(info.value).split("\n")
    assert len(lines) == 8
    assert lines[0] == 'cards/optimizers.md:3: unknown deck field "titel" (did you mean "title"?)'
    assert lines[7].startswith('cards/optimizers.md:23: card "What is sgd?": has the same id')


def test_parse_markdown_uses_given_default_id() -> None:
    deck = parse_markdown("## Q\nA\n", "anything.md", "My Deck")
    assert (deck.id, deck.title) == ("my-deck", "My deck")


# --- code fences -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fence", "line", "after"),
    [
        (None, "```", "```"),
        (None, "```python", "```"),
        (None, "   ~~~~", "~~~~"),
        (None, "    ```", None),  # four spaces: an indented code line, not a fence
        (None, "text ```", None),
        ("```", "```", None),
        ("```", "````", None),
        ("````", "```", "````"),  # a shorter fence does not close
        ("```", "~~~", "```"),  # nor does the other kind
        ("```", "``` python", "```"),  # a closing fence has no info string
        ("~~~", "  ~~~  ", None),
        ("```", "## heading", "```"),
    ],
)
def test_fence_after(fence: str | None, line: str, after: str | None) -> None:
    assert fence_after(fence, line) == after


def test_longer_fence_holds_shorter_one() -> None:
    text = "## Q\n````\n```\n## still code\n```\n````\nafter\n"
    assert parse(text).cards[0].answer == "````\n```\n## still code\n```\n````\nafter"


# --- writing ---------------------------------------------------------------------------------


def sample_deck() -> DeckSpec:
    return DeckSpec(
        id="optimizers",
        title="Optimizers: a tour",
        description="How optimizers move the weights.\nSecond line: with a colon.",
        tags=["optimization"],
        source="Lecture 10",
        cards=[
            CardSpec(
                question="What does momentum add to plain SGD?",
                answer="A running average:\n\n- one\n- two\n\n```python\n## code\nx:: y\n```",
                short="An average of past gradients",
                tags=["optimizers", "momentum"],
                distractors=["A learning rate", "Batch norm"],
                source="seeds/000 #4",
            ),
            CardSpec(question="In {{RMSProp::an optimizer}}, steps shrink.", type="cloze"),
            CardSpec(
                id="adam-definition",
                question="Adam",
                answer="    indented first line\nsecond",
                type="reversible",
            ),
            CardSpec(question="What does {{x}} mean in Jinja?", answer="A variable", type="basic"),
        ],
    )


def test_write_markdown_exact_text() -> None:
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="Q1", answer="A1\n\nmore", short="s", tags=["a", "b"]),
            CardSpec(id="pinned", question="{{Q2}} blank", distractors=["x"], type="cloze"),
        ],
    )
    assert write_markdown(deck) == (
        "---\n"
        "id: d\n"
        "title: T\n"
        "---\n"
        "\n"
        "## Q1\n"
        "\n"
        "A1\n"
        "\n"
        "more\n"
        "\n"
        "short:: s\n"
        "tags:: a, b\n"
        "\n"
        "## {{Q2}} blank\n"
        "\n"
        "id:: pinned\n"
        "distractor:: x\n"
    )


def test_write_markdown_round_trip() -> None:
    deck = sample_deck()
    text = write_markdown(deck)
    assert parse(text, "elsewhere.md") == deck
    assert write_markdown(parse(text)) == text


def test_write_markdown_round_trip_of_full_deck() -> None:
    deck = parse(FULL_DECK, "cards/optimizers.md")
    assert parse(write_markdown(deck), "other.md") == deck


def test_write_markdown_omits_derived_ids_and_default_types() -> None:
    text = write_markdown(sample_deck())
    assert "id:: adam-definition" in text
    assert "type:: reversible" in text
    assert "type:: basic" in text  # the Jinja card would otherwise default to cloze
    assert text.count("id::") == 1
    assert text.count("type::") == 2


def test_write_markdown_rejects_multi_line_question() -> None:
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="Fine", answer="A"),
            CardSpec(question="Line one\nline two", answer="A"),
        ],
    )
    with pytest.raises(DeckError) as info:
        write_markdown(deck)
    assert info.value.problems == (
        Problem(
            "deck d",
            None,
            "the question has several lines, which a Markdown heading can't hold; "
            "export this deck as YAML",
            "Line one\nline two",
        ),
    )


@pytest.mark.parametrize("line", ["## Not a heading", "short:: not a field", "note::"])
def test_write_markdown_rejects_answer_lines_that_would_change_meaning(line: str) -> None:
    deck = DeckSpec(id="d", title="T", cards=[CardSpec(question="Q", answer=f"A\n{line}\nB")])
    with pytest.raises(DeckError) as info:
        write_markdown(deck)
    (problem,) = info.value.problems
    assert problem.card == "Q"
    assert problem.message == (
        f'the answer line "{line}" would read as a new card or a field in Markdown; '
        "export this deck as YAML"
    )


def test_write_markdown_reports_every_unwritable_card() -> None:
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="One\nTwo", answer="A"),
            CardSpec(question="Q", answer="## H"),
        ],
    )
    with pytest.raises(DeckError) as info:
        write_markdown(deck)
    assert [p.card for p in info.value.problems] == ["One\nTwo", "Q"]


def test_write_markdown_allows_headings_and_fields_inside_code() -> None:
    deck = DeckSpec(
        id="d", title="T", cards=[CardSpec(question="Q", answer="~~~\n## H\nk:: v\n~~~")]
    )
    assert parse(write_markdown(deck), "d.md") == deck


def test_write_markdown_round_trips_question_ending_in_hash() -> None:
    # (the heading parser used to drop a trailing " #" as closing hashes)
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="Is it C #", answer="a"),
            CardSpec(question="Count ## ##", answer="b"),
        ],
    )
    assert parse(write_markdown(deck), "d.md") == deck


def test_write_markdown_rejects_answer_with_unclosed_fence() -> None:
    # (it used to write it, and the card's fields and every later card read back as code)
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[
            CardSpec(question="Q1", answer="```python\nx = 1", short="s"),
            CardSpec(question="Q2", answer="~~~~\ncode\n~~~\nmore"),
            CardSpec(question="Q3", answer="```\nclosed\n```"),
        ],
    )
    with pytest.raises(DeckError) as info:
        write_markdown(deck)
    message = (
        "the answer opens a code block it never closes, which would swallow the rest "
        "of a Markdown deck; export this deck as YAML"
    )
    assert [(p.path, p.line, p.message, p.card) for p in info.value.problems] == [
        ("deck d", None, message, "Q1"),
        ("deck d", None, message, "Q2"),
    ]


def test_write_markdown_description_with_rule_line() -> None:
    # (front matter used to end at an indented '---' continuation line written by safe_dump)
    deck = DeckSpec(
        id="d",
        title="T",
        description="above\n---\nbelow\n...\nend",
        cards=[CardSpec(question="Q", answer="A")],
    )
    assert parse(write_markdown(deck), "d.md") == deck


@pytest.mark.parametrize("description", ["Ends with a no-break space\xa0", "\xa0", "wide\u3000"])
def test_write_markdown_keeps_trailing_unicode_space_of_description(description: str) -> None:
    deck = DeckSpec(id="d", title="T", description=description)
    assert parse(write_markdown(deck), "d.md") == deck


@pytest.mark.parametrize("field", ["title", "description", "source"])
def test_write_markdown_round_trips_next_line_character_in_deck_fields(field: str) -> None:
    deck = DeckSpec.model_validate({"id": "d", "title": "T", field: "a\x85b"})
    assert parse(write_markdown(deck), "d.md") == deck


def test_front_matter_closes_only_at_column_zero() -> None:
    text = "---\ndescription: |\n  a\n  ---\n  b\n---\n## Q\nA\n"
    assert parse(text).description == "a\n---\nb\n"


def test_front_matter_numbers_are_text() -> None:
    deck = parse("---\nid: 2024\ntitle: 1984\ndescription: yes\n---\n# 1984\n## Q\nA\n")
    assert (deck.id, deck.title, deck.description) == ("2024", "1984", "yes")


# --- speed on hostile input ------------------------------------------------------------------


def test_long_lines_of_spaces_in_answers_and_fields_are_fast() -> None:
    text = "## Q\n" + " " * 100_000 + "x\nshort::" + " " * 100_000 + "y\n"
    with time_limit():
        deck = parse(text)
    assert (deck.cards[0].answer, deck.cards[0].short) == (" " * 100_000 + "x", "y")


def test_heading_with_long_run_of_spaces_is_fast() -> None:
    # (the old heading regex backtracked quadratically: 60,000 spaces took about a minute)
    with time_limit():
        deck = parse("## " + " " * 300_000 + "x\nA\n" + "## " + " " * 300_000 + "#\nB\n")
    assert [card.question for card in deck.cards] == ["x", "#"]


def test_many_cards_parse_in_order() -> None:
    text = "".join(f"## Question {n}\n\nAnswer {n}\n\nshort:: s{n}\n\n" for n in range(5000))
    deck = parse(text)
    assert len(deck.cards) == 5000
    assert (deck.cards[-1].question, deck.cards[-1].answer, deck.cards[-1].short) == (
        "Question 4999",
        "Answer 4999",
        "s4999",
    )


def test_accept_lines_are_the_cards_accepted_answers_in_order() -> None:
    text = (
        "## Which optimizer keeps a velocity?\nSGD with momentum.\n\n"
        "short:: Momentum\naccept:: heavy ball\naccept:: Polyak momentum\n"
    )
    [card] = parse(text).cards
    assert card.accepted == ["heavy ball", "Polyak momentum"]
    written = write_markdown(parse(text))
    assert "short:: Momentum\naccept:: heavy ball\naccept:: Polyak momentum\n" in written
    assert parse(written) == parse(text)


def test_a_bad_accept_line_is_reported_on_its_line() -> None:
    text = "## Q\nA\n\nshort:: Momentum\naccept:: velocity\naccept:: momentum\n"
    assert problems_of(text) == [
        (5, 'accepted answer "momentum" is the short answer already'),
    ]


def test_note_lines_are_the_paragraphs_of_the_cards_note() -> None:
    text = (
        "## What does RMSprop divide by?\nA running RMS of recent gradients.\n\n"
        "note:: The original export said the rate decays faster along steeper dimensions.\n"
        "tags:: rmsprop\n"
        "note:: That describes AdaGrad,   not RMSprop.\n"
    )
    [card] = parse(text).cards
    assert card.note == (
        "The original export said the rate decays faster along steeper dimensions.\n\n"
        "That describes AdaGrad, not RMSprop."
    )
    written = write_markdown(parse(text))
    assert written.endswith(
        "tags:: rmsprop\n"
        "note:: The original export said the rate decays faster along steeper dimensions.\n"
        "note:: That describes AdaGrad, not RMSprop.\n"
    )
    assert parse(written) == parse(text)


def test_a_note_from_yaml_is_written_as_note_lines() -> None:
    deck = DeckSpec(
        id="d",
        title="T",
        cards=[CardSpec(question="Q", answer="A", note="one\nparagraph\n\nanother one")],
    )
    written = write_markdown(deck)
    assert "note:: one paragraph\nnote:: another one\n" in written
    assert parse(written) == deck


def test_bad_note_lines_are_reported_on_their_lines() -> None:
    text = "## Q\nA\n\nnote:: fine\nnote::\n\n## R\nB\n\nnote:: a \x1b[2J b\n"
    assert problems_of(text) == [
        (5, '"note::" is empty; write the note or leave the line out'),
        (10, "note: contains U+001B, a control character or line separator; remove it"),
    ]


# --- numeric cards ---------------------------------------------------------------------------

NUMERIC = """# Numbers

## StepLR(step_size={step_size}, gamma={gamma}), lr₀ = {lr0}: what is the lr at epoch {epoch}?

lr = lr₀·γ^⌊epoch/step_size⌋ = {lr0}·{gamma}^{decays} = {answer}.

id:: steplr-at-epoch
type:: numeric
compute:: step-lr
param:: lr0 = 0.1
param:: gamma = 0.5, 0.1
param:: step_size = 5, 10, 20
param:: epoch = 0..60
tolerance:: 1%
"""


def test_a_numeric_card_parses_and_writes_back() -> None:
    deck = parse(NUMERIC)
    [card] = deck.cards
    assert (card.type, card.compute, card.tolerance) == ("numeric", "step-lr", "1%")
    assert card.params == {
        "lr0": [0.1], "gamma": [0.5, 0.1], "step_size": [5, 10, 20], "epoch": "0..60"
    }  # fmt: skip
    written = write_markdown(deck)
    assert "param:: step_size = 5, 10, 20\nparam:: epoch = 0..60\ntolerance:: 1%\n" in written
    assert parse(written) == deck


def test_compute_makes_a_card_numeric_and_the_tolerance_defaults_to_one_percent() -> None:
    deck = parse(NUMERIC.replace("type:: numeric\n", "").replace("tolerance:: 1%\n", ""))
    [card] = deck.cards
    assert card.type == "numeric"
    assert card.tolerance is None
    assert card.numeric is not None
    assert card.numeric.tolerance == "1%"
    assert "type:: numeric" in write_markdown(deck)


NUMERIC_PROBLEMS = """# Bad

## StepLR {step_size} at {epoch}

{answer} {working}

compute:: step-lr
param:: lr0 = 0.1
param:: gamma = 0.5, 2
param:: step_size = 5, x
param:: epoch = 0..60
tolerance:: 0%

## Q2 {fan_in}

a

compute:: he-stdd
param:: fan_in = 512

## Q3 {p}

a

type:: numeric
param:: p = 0.5

## Q4 {p}

a

compute:: dropout-scale
param:: p = 0.5
short:: 2
distractor:: 0.5

## Q5 {p}

a

compute:: dropout-scale
param:: p = 0.5
param:: p = 0.1
param:: oops

## Q6

a

compute:: dropout-scale
param:: p = 0.5

## Q7 {lambda_max}

{answer}

compute:: stability-limit
param:: lambda_min = 1, 5
param:: lambda_max = 2..4

## Q8 {fan_in}

a

compute:: he-std
param:: fan_in = 512
param:: fan_out = 3

## Q9

a

tolerance:: 1%
"""


def test_every_numeric_problem_is_reported_with_its_line() -> None:
    """Each at the line of what is wrong: a short::, accept:: or distractor:: on a numeric
    card at that field's line, not the heading's."""
    assert problems_of(NUMERIC_PROBLEMS) == [
        (10, "params.step_size: 'x' is not a number"),
        (12, 'tolerance: "0%" must be more than 0'),
        (18, 'compute: "he-stdd" is not a known calculator (did you mean "he-std"?)'),
        (21, "a numeric card names its calculator: add compute:: (e.g. step-lr)"),
        (34, "a numeric card computes its answer, so it has no short answer: leave out short::"),
        (
            35,
            "a numeric card computes its wrong choices, so it has no distractors: "
            "leave out distractor::",
        ),
        (43, 'param "p" is given twice (also on line 42)'),
        (44, 'param:: is written "name = 5, 10, 20" or "name = 0..60"'),
        (
            46,
            "the question shows no drawn parameter: write at least one, e.g. {p}, so it is "
            "drawn afresh each time",
        ),
        (
            58,
            'params: every "lambda_min" must be at most every "lambda_max" (lambda_min up to 5, '
            "lambda_max from 2)",
        ),
        (67, 'params: calculator "he-std" has no parameter "fan_out" (did you mean "fan_in"?)'),
        (69, "tolerance:: belong to numeric cards; add type:: numeric or leave them out"),
    ]


def test_a_value_out_of_bounds_and_an_unknown_placeholder() -> None:
    text = NUMERIC.replace("gamma = 0.5, 0.1", "gamma = 0.5, 2").replace("{decays}", "{decay}")
    assert problems_of(text) == [(11, 'params: param "gamma" must be from 0.01–0.99, not 2')]
    assert problems_of(NUMERIC.replace("{decays}", "{decay}")) == [
        (
            3,
            'the answer has the placeholder "{decay}"; it may use answer, decays, epoch, '
            "gamma, lr0, step_size",
        ),
    ]


def test_an_accepted_answer_on_a_numeric_card_is_reported_at_its_first_accept_line() -> None:
    text = "## Scale {p}?\n\n{answer}\n\ncompute:: dropout-scale\nparam:: p = 0.5\n"
    assert problems_of(text + "accept:: 2.0\naccept:: two\n") == [
        (
            7,
            "a numeric card grades a typed number by its value, so it has no accepted "
            "answers: leave out accept::",
        )
    ]
