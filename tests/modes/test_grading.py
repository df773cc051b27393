"""Lenient grading of typed answers: case, punctuation, articles, small typos, exact numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.modes.grading import (
    WrittenGrade,
    allowed_typos,
    expected_answers,
    grade_written,
    normalize_answer,
    plain_text,
    typed_answer,
    wrong_answers,
)
from studyapp.store.cards import CardView


def card(
    question: str = "What does momentum add to plain SGD?",
    answer: str = "A running average of past gradients.",
    *,
    type: str = "basic",
    short: str | None = None,
) -> CardView:
    return CardView(1, "deck", question, answer, type, short, (), (), None)


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("Momentum", "momentum"),
        ("  Learning-rate   decay! ", "learning rate decay"),
        ("The vanishing gradient problem", "vanishing gradient problem"),
        ("an Adam, a step", "adam step"),
        ("**Adam** and `SGD` _now_", "adam and sgd now"),
        ("0.01", "0.01"),
        ("-3", "-3"),
        ("1e-3", "1e-3"),
        ("−3", "-3"),  # a Unicode minus sign
        ("L1 and L2", "l1 and l2"),
        ("x-1", "x 1"),
        ("1,000 steps.", "1000 steps"),
        ("w²", "w2"),
        ("The", "the"),  # only articles: kept rather than emptied
        ("?!", ""),
    ],
)
def test_normalize_answer(text: str, normalized: str) -> None:
    assert normalize_answer(text) == normalized


@settings(deadline=None)  # no timing: a slow machine must not fail
@given(st.text())
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize_answer(text)
    assert normalize_answer(once) == once


@pytest.mark.parametrize(
    ("length", "edits"), [(1, 0), (3, 0), (4, 1), (7, 1), (8, 2), (15, 2), (16, 3), (200, 3)]
)
def test_the_typo_table(length: int, edits: int) -> None:
    assert allowed_typos(length) == edits


def exact(matched: str) -> WrittenGrade:
    return WrittenGrade(correct=True, exact=True, typo=False, matched=matched)


def typo(matched: str) -> WrittenGrade:
    return WrittenGrade(correct=True, exact=False, typo=True, matched=matched)


def wrong(matched: str | None) -> WrittenGrade:
    return WrittenGrade(correct=False, exact=False, typo=False, matched=matched)


@pytest.mark.parametrize(
    ("typed", "expected", "grade"),
    [
        ("Momentum", "momentum", exact("momentum")),
        ("learning-rate decay!", "learning rate decay", exact("learning rate decay")),
        (
            "the vanishing gradient problem",
            "Vanishing gradient problem",
            exact("Vanishing gradient problem"),
        ),
        ("momentun", "Momentum", typo("Momentum")),  # 8 letters: 2 edits allowed
        ("nesterv", "Nesterov", typo("Nesterov")),
        ("adan", "Adam", typo("Adam")),  # 4 letters: 1 edit allowed
        ("adm", "Adam", typo("Adam")),
        ("aadn", "Adam", wrong("Adam")),  # 2 edits
        ("sdg", "SGD", wrong("SGD")),  # 3 letters: no edit allowed, not even a swap
        ("mometnum", "momentum", typo("momentum")),  # a swap is one edit
        ("dropuot regularisation", "dropout regularization", typo("dropout regularization")),
        ("completely different", "momentum", wrong("momentum")),
        ("0.001", "0.01", wrong("0.01")),
        ("10 epochs", "100 epochs", wrong("100 epochs")),
        ("L2 regularization", "L1 regularization", wrong("L1 regularization")),
        ("1e-3", "1e-3", exact("1e-3")),
        ("1E-3", "0.001", exact("0.001")),  # numbers compare by value
        ("lr 0.10", "lr 0.1", exact("lr 0.1")),
        ("lerning rate 0.01", "learning rate 0.01", typo("learning rate 0.01")),
        ("-3", "3", wrong("3")),
        ("", "momentum", wrong("momentum")),
        ("   ", "momentum", wrong("momentum")),
        ("?!", "momentum", wrong("momentum")),
    ],
)
def test_grade_written(typed: str, expected: str, grade: WrittenGrade) -> None:
    assert grade_written(typed, [expected]) == grade


def test_the_best_accepted_answer_is_shown_and_exact_beats_typo() -> None:
    accepted = ["Adam", "Adaptive moment estimation"]
    assert grade_written("bogus", accepted) == wrong("Adam")
    assert grade_written("adaptive moment estimaton", accepted) == typo(
        "Adaptive moment estimation"
    )
    assert grade_written("adan", ["Adan", "Adam"]) == exact("Adan")
    assert grade_written("anything", []) == wrong(None)
    assert grade_written("anything", ["", "?"]) == wrong(None)


def test_a_known_wrong_answer_never_passes_as_a_typo_of_the_right_one() -> None:
    right, wrong_one = ["Until the error decreases"], ["Until the errors decrease"]
    # two slips in two words: a typo of the right answer when no wrong answer is known
    assert grade_written("until errors decrease", right) == typo(right[0])
    assert grade_written("until errors decrease", right, wrong_one) == wrong(right[0])
    # a slip nearer the wrong answer than the right one is wrong too
    assert grade_written("until the erors decrease", right, wrong_one) == wrong(right[0])
    # the right answer, and slips nearer it, still pass
    assert grade_written("until the error decreases", right, wrong_one) == exact(right[0])
    assert grade_written("until the error decreses", right, wrong_one) == typo(right[0])
    # a word turned into another is no slip at all (see test_a_slip_never_turns_...)
    assert grade_written("until error increases", right) == wrong(right[0])
    # a wrong answer far from the typed one changes nothing
    assert grade_written("adan", ["Adam"], ["stochastic gradient descent"]) == typo("Adam")


def test_an_accepted_answer_that_is_also_a_wrong_one_is_still_right_exactly() -> None:
    # the linter's two-right-answers rule reports such a card; grading favours the student
    assert grade_written("adam", ["Adam"], ["Adam"]) == exact("Adam")


def test_wrong_answers_are_the_distractors_as_plain_text() -> None:
    view = CardView(1, "deck", "Q?", "A", "basic", "A", (), ("**L1**", "`L2` penalty"), None)
    assert wrong_answers(view) == ("L1", "L2 penalty")


@settings(deadline=None)  # no timing: a slow machine must not fail
@given(st.text())
def test_an_answer_always_matches_itself(text: str) -> None:
    grade = grade_written(text, [text])
    assert grade.correct == bool(normalize_answer(text))
    assert grade.exact == grade.correct


def test_expected_answers_of_a_basic_card() -> None:
    assert expected_answers(card(short="Average of past gradients")) == (
        "Average of past gradients",
        "A running average of past gradients.",
    )
    # a short that only differs by case, punctuation or an article is not repeated
    assert expected_answers(card(short="running average of past gradients")) == (
        "running average of past gradients",
    )
    assert expected_answers(card(answer="")) == ()


def test_a_long_answer_is_accepted_as_one_line_of_plain_text() -> None:
    answer = (
        "A running (exponentially decaying) **average** of past gradients, so that:\n"
        "\n"
        "- steps keep their direction;\n"
        "- oscillations cancel out.\n"
        "\n"
        "```python\n"
        "v = beta * v + grad\n"
        "```\n"
    )
    accepted = expected_answers(card(answer=answer))
    assert accepted == (
        "A running (exponentially decaying) average of past gradients, so that: "
        "steps keep their direction; oscillations cancel out. v = beta * v + grad",
    )
    assert grade_written(accepted[0].lower(), accepted).exact


def test_expected_answers_of_a_cloze_card() -> None:
    one = card("In {{RMSProp::an optimizer}}, steep dimensions decay faster.", "", type="cloze")
    assert expected_answers(one) == ("RMSProp",)
    assert grade_written("rmsprop", expected_answers(one)).exact
    two = card(
        "{{Momentum}} and {{RMSProp}} combine into {{Adam}}.",
        "It also corrects the bias.",
        type="cloze",
    )
    accepted = expected_answers(two)
    assert accepted == ("Momentum, RMSProp, Adam", "It also corrects the bias.")
    assert grade_written("momentum rmsprop adam", accepted) == exact("Momentum, RMSProp, Adam")
    assert grade_written("Momentum, RMSprop, Adma", accepted) == typo("Momentum, RMSProp, Adam")
    with_short = card("{{Adam}} is adaptive.", "", type="cloze", short="Adam optimizer")
    assert expected_answers(with_short) == ("Adam optimizer", "Adam")


def test_a_reversible_card_is_answered_in_its_normal_direction() -> None:
    adam = card("Adam", "Adaptive Moment Estimation", type="reversible")
    assert expected_answers(adam) == ("Adaptive Moment Estimation",)


def test_plain_text() -> None:
    assert plain_text("## **Bold** and *em* and _em_ and `code` and [a link](http://x)") == (
        "Bold and em and em and code and a link"
    )
    assert plain_text("1. first\n2. second\n> quoted") == "first second quoted"
    assert plain_text("snake_case and a * b and 2*3") == "snake_case and a * b and 2*3"


def test_accepted_answers_count_after_the_short_one() -> None:
    momentum = CardView(
        1, "deck", "Which optimizer keeps a velocity?", "SGD with momentum.", "basic",
        "Momentum", (), (), None, ("heavy ball", "Polyak momentum"),
    )  # fmt: skip
    assert expected_answers(momentum) == (
        "Momentum",
        "heavy ball",
        "Polyak momentum",
        "SGD with momentum.",
    )
    assert grade_written("Heavy-ball", expected_answers(momentum)) == exact("heavy ball")
    assert grade_written("polyak momentun", expected_answers(momentum)) == typo("Polyak momentum")
    assert grade_written("Adam", expected_answers(momentum)) == WrittenGrade(
        correct=False, exact=False, typo=False, matched="Momentum"
    )


def test_the_typed_answer_is_never_a_cut_piece_of_a_long_answer() -> None:
    assert typed_answer(card(short="Average of past gradients")) == "Average of past gradients"
    with_accepted = CardView(1, "d", "Q?", "A long answer.", "basic", None, (), (), None, ("v",))
    assert typed_answer(with_accepted) == "v"
    assert typed_answer(card("{{Adam}} is adaptive.", "", type="cloze")) == "Adam"
    # a whole answer of one short paragraph is typed as it is
    assert typed_answer(card(answer="A *running* average of past gradients.")) == (
        "A running average of past gradients."
    )
    # anything longer has no typed answer: it is revealed and self-rated
    two_paragraphs = "A running average of past gradients.\n\nIt damps oscillations."
    listed = "- steps keep their direction\n- oscillations cancel out"
    code = "Keep a velocity:\n\n```python\nv = beta * v + grad\n```"
    long_line = "A running average of past gradients, " * 3
    for answer in (two_paragraphs, listed, code, long_line):
        assert typed_answer(card(answer=answer)) is None
    assert typed_answer(card(answer="")) is None


# --- answers with math ----------------------------------------------------------------------


def test_plain_text_shows_formulas_as_unicode() -> None:
    assert plain_text(r"Divide by $1-\beta_1^t$ (a \$5 fix)") == "Divide by 1−β₁ᵗ (a $5 fix)"
    assert plain_text("`$x$` stays code") == "$x$ stays code"


def test_a_short_answer_with_math_accepts_its_unicode_and_an_ascii_spelling() -> None:
    bias = card(
        r"What does Adam divide $\hat m_t$ by?", "The bias correction.", short=r"$1-\beta_1^t$"
    )
    accepted = expected_answers(bias)
    assert accepted[0] == "1−β₁ᵗ"
    for typed in ("1-β₁ᵗ", "1 - beta_1^t", "1-beta1^t", "1 − β1^t"):
        assert grade_written(typed, accepted).correct, typed
    for typed in ("1-beta_2^t", "beta_1^t", "1-t"):
        assert not grade_written(typed, accepted).correct, typed


def test_a_formula_answer_accepts_sqrt_for_the_root() -> None:
    he = card("He initialisation: the std of the weights?", r"$\sqrt{2/\mathrm{fan}_{in}}$")
    accepted = expected_answers(he)
    assert accepted == ("√(2/fanᵢₙ)",)  # √ reads as sqrt: the ASCII spelling is the same answer
    assert grade_written("sqrt(2/fan_in)", accepted).exact
    assert grade_written("√(2/fan_in)", accepted).correct
    assert not grade_written("sqrt(1/fan_in)", accepted).correct


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("decays weights inside the adaptive step", "decays weights outside the adaptive step"),
        ("when the validation loss starts improving", "when validation loss stops improving"),
        ("escapes global minima", "escapes shallow local minima"),
        ("multiply by √k", "multiply it by k"),
        ("multiply by sqrt k", "multiply it by k"),
        ("coupled weight decay", "decoupled weight decay"),
        ("it does not converge", "it does converge"),  # a negation is never a slip
    ],
)
def test_a_slip_never_turns_one_word_into_another(typed: str, accepted: str) -> None:
    assert not grade_written(typed, [accepted]).correct


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("multiply by k", "multiply it by k"),  # a short word left out
        ("learningrate decay", "learning rate decay"),  # two words typed as one
        ("drop out regularization", "dropout regularization"),  # one typed as two
        ("decays weigths outside the adaptive step", "decays weights outside the adaptive step"),
        ("regularisation", "regularization"),
    ],
)
def test_slips_within_words_still_pass(typed: str, accepted: str) -> None:
    assert grade_written(typed, [accepted]) == typo(accepted)
