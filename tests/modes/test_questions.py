"""Questions made from cards: multiple choice, true/false, and matching games."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.modes.grading import normalize_answer
from studyapp.modes.questions import (
    LOAD_CHUNK,
    SHUFFLED_AT_ONCE,
    MatchingSet,
    MultipleChoice,
    TrueFalse,
    answer_label,
    draw_cards_with_distinct_answers,
    make_matching,
    make_multiple_choice,
    make_true_false,
    pick_cards_with_distinct_answers,
    prompt_of,
    random_order,
    why_no_matching,
)
from studyapp.store.cards import CardView


def card(
    id: int,
    short: str | None = None,
    *,
    question: str | None = None,
    answer: str = "",
    type: str = "basic",
    deck: str = "optimizers",
    tags: tuple[str, ...] = (),
    distractors: tuple[str, ...] = (),
) -> CardView:
    return CardView(
        id, deck, question or f"Question {id}?", answer, type, short, tags, distractors, None
    )


MOMENTUM = card(
    1,
    "An exponentially decaying average of past gradients",
    question="What does momentum add to plain SGD?",
    tags=("momentum",),
    distractors=(
        "A per-parameter learning rate from squared gradients",
        "Normalising each layer's inputs over the mini-batch",
    ),
)
POOL = [
    MOMENTUM,
    card(2, "Momentum plus RMSProp-style scaling, with bias correction", question="Adam?"),
    card(3, "Randomly zeroes some neurons' outputs", deck="regularization", tags=("momentum",)),
    card(4, "Stop training when the validation loss stops improving", deck="regularization"),
    card(5, "Adds a penalty on large weights to the loss", deck="regularization"),
]


def keys(options: tuple[str, ...]) -> list[str]:
    return [normalize_answer(option) for option in options]


def test_answer_label() -> None:
    assert answer_label(MOMENTUM) == "An exponentially decaying average of past gradients"
    cloze = card(6, question="{{Momentum}} and {{RMSProp::an optimizer}} make Adam.", type="cloze")
    assert answer_label(cloze) == "Momentum, RMSProp"
    long = card(
        7,
        answer=(
            "\n**Empirical risk minimization (ERM):** minimize the average loss over the\n"
            "training set (the empirical risk) in place of the expected loss on the true\n"
            "distribution.\n\n- Pure ERM is rarely used as-is.\n"
        ),
    )
    assert answer_label(long) == ""  # a cut first paragraph would be a wrong answer
    listed = card(8, answer="- first item\n- second item\n")
    assert answer_label(listed) == "first item; second item"
    assert answer_label(card(9, answer="Short answer.")) == "Short answer."
    code_first = card(10, answer="```python\n# the update\nv = beta * v\n```\nThen *step*.\n")
    assert answer_label(code_first) == ""
    only_code = card(11, answer="```\n\nv = beta * v + grad\n```\n")
    assert answer_label(only_code) == "v = beta * v + grad"
    steps = card(
        13, answer="```python\noptimizer.zero_grad()\nloss.backward()\noptimizer.step()\n```"
    )
    assert answer_label(steps) == ""  # never its first line alone
    lead_in = card(
        14, answer="The size of each step along the negative gradient:\n\n- too big: diverges\n"
    )
    assert answer_label(lead_in) == ""
    assert answer_label(card(15, answer="word " * 30)) == ""  # too long to be an option
    assert answer_label(card(12)) == ""


def test_prompt_of() -> None:
    cloze = card(6, question="In {{RMSProp::an optimizer}}, the {{rate}} decays.", type="cloze")
    assert prompt_of(cloze) == "In [an optimizer], the [...] decays."
    assert prompt_of(MOMENTUM) == "What does momentum add to plain SGD?"
    adam = card(2, "Adaptive Moment Estimation", question="Adam", type="reversible")
    assert prompt_of(adam) == "Adam"


def test_multiple_choice_prefers_the_cards_own_distractors() -> None:
    question = make_multiple_choice(MOMENTUM, POOL, random.Random(1), options=3)
    assert question is not None
    assert question.card_id == 1
    assert question.prompt == "What does momentum add to plain SGD?"
    assert sorted(question.options) == sorted([MOMENTUM.short or "", *MOMENTUM.distractors])
    assert question.options[question.answer] == MOMENTUM.short


def test_other_cards_fill_in_same_deck_first_then_shared_tags() -> None:
    question = make_multiple_choice(MOMENTUM, POOL, random.Random(2), options=5)
    assert question is not None
    assert set(question.options) == {
        MOMENTUM.short,
        *MOMENTUM.distractors,
        POOL[1].short,  # the same deck
        POOL[2].short,  # another deck, but a shared tag
    }
    everything = make_multiple_choice(MOMENTUM, POOL, random.Random(2), options=10)
    assert everything is not None
    assert len(everything.options) == 7  # the right answer, 2 distractors, 4 other cards


def test_a_card_without_distractors_uses_other_cards_shorts() -> None:
    bare = card(10, "Randomly zeroes some outputs", deck="regularization")
    question = make_multiple_choice(bare, POOL, random.Random(3))
    assert question is not None
    assert len(question.options) == 4
    assert question.options[question.answer] == "Randomly zeroes some outputs"
    wrong = set(question.options) - {bare.short}
    # the other cards of the same deck come first
    assert wrong == {POOL[2].short, POOL[3].short, POOL[4].short}


def test_the_right_answer_never_appears_twice() -> None:
    target = card(
        1,
        "Early stopping",
        distractors=("early-stopping!", "The early stopping", "Dropout", "EARLY STOPPING"),
    )
    pool = [
        target,
        card(2, "early stopping."),
        card(3, "`Early` stopping"),
        card(4, "Dropout"),  # the same as a distractor already chosen
        card(5, "Weight decay"),
    ]
    for seed in range(20):
        question = make_multiple_choice(target, pool, random.Random(seed))
        assert question is not None
        assert sorted(question.options) == ["Dropout", "Early stopping", "Weight decay"]
        assert question.options[question.answer] == "Early stopping"


def test_no_question_without_a_wrong_option() -> None:
    alone = card(1, "Early stopping")
    assert make_multiple_choice(alone, [alone], random.Random(0)) is None
    twin = card(2, "early stopping!")
    assert make_multiple_choice(alone, [alone, twin], random.Random(0)) is None
    true_false = make_true_false(alone, [alone, twin], random.Random(0))
    assert true_false == TrueFalse(1, "Question 1?", "Early stopping", is_true=True)


def test_the_same_seed_gives_the_same_question() -> None:
    first = make_multiple_choice(MOMENTUM, POOL, random.Random(42))
    again = make_multiple_choice(MOMENTUM, list(reversed(POOL)), random.Random(42))
    assert first == again
    seen = {make_multiple_choice(MOMENTUM, POOL, random.Random(seed)) for seed in range(30)}
    assert len(seen) > 1  # the order of the options does change from seed to seed


def test_true_false_shows_the_right_answer_or_a_wrong_one() -> None:
    questions = [make_true_false(MOMENTUM, POOL, random.Random(seed)) for seed in range(40)]
    right = [q for q in questions if q.is_true]
    wrong = [q for q in questions if not q.is_true]
    assert right
    assert wrong
    assert all(q.shown == MOMENTUM.short for q in right)
    assert all(q.shown in MOMENTUM.distractors for q in wrong)
    for question in questions:
        assert question.prompt == "What does momentum add to plain SGD?"


def test_matching() -> None:
    cards = [*POOL, card(6, "momentum plus RMSProp style scaling with bias correction")]
    matching = make_matching(cards, random.Random(5))
    assert matching.card_ids == (1, 2, 3, 4, 5)  # card 6's label collides with card 2's
    assert matching.prompts == tuple(prompt_of(c) for c in POOL)
    assert sorted(matching.answers) == sorted(answer_label(c) for c in POOL)
    for prompt_index, card_id in enumerate(matching.card_ids):
        label = answer_label(next(c for c in POOL if c.id == card_id))
        assert matching.answers[matching.solution[prompt_index]] == label


def test_matching_nothing() -> None:
    assert make_matching([], random.Random(0)) == MatchingSet((), (), (), ())


def test_pick_cards_with_distinct_answers() -> None:
    cards = [card(i, f"answer {i % 4}") for i in range(1, 13)]
    picked = pick_cards_with_distinct_answers(cards, 6, random.Random(7))
    assert len(picked) == 4  # only 4 distinct labels exist
    assert len({answer_label(c) for c in picked}) == 4
    three = pick_cards_with_distinct_answers(cards, 3, random.Random(7))
    assert len(three) == 3
    assert three == pick_cards_with_distinct_answers(list(reversed(cards)), 3, random.Random(7))
    assert pick_cards_with_distinct_answers([], 6, random.Random(7)) == []


def test_drawing_cards_loads_only_the_chunks_it_reads() -> None:
    cards = {i: card(i, f"answer {i % 40}") for i in range(1, 201)}
    loads: list[list[int]] = []

    def load(ids: Sequence[int]) -> dict[int, CardView]:
        loads.append(list(ids))
        return {i: cards[i] for i in ids}

    drawn = draw_cards_with_distinct_answers(list(cards), 6, random.Random(3), load=load)
    assert len(drawn) == 6
    assert len({answer_label(c) for c in drawn}) == 6
    assert [len(ids) for ids in loads] == [LOAD_CHUNK]  # one chunk of the 200 was enough
    # the same draw as picking from all the cards loaded (a small scope is shuffled whole)
    assert drawn == pick_cards_with_distinct_answers(list(cards.values()), 6, random.Random(3))
    assert draw_cards_with_distinct_answers([], 6, random.Random(3), load=load) == []


def test_a_card_gone_since_its_id_was_read_is_not_drawn() -> None:
    cards = {i: card(i, f"answer {i}") for i in range(1, 5)}
    drawn = draw_cards_with_distinct_answers(
        [*cards, 99], 6, random.Random(3), load=lambda ids: {i: cards[i] for i in ids if i in cards}
    )
    assert sorted(c.id for c in drawn) == [1, 2, 3, 4]


def test_a_random_order_of_many_ids_is_drawn_as_it_is_read() -> None:
    ids = list(range(SHUFFLED_AT_ONCE * 2, 0, -1))
    rng = random.Random(11)
    drawn = random_order(ids, rng)
    first = [next(drawn) for _ in range(5)]
    state = rng.getstate()
    assert len(set(first)) == 5
    assert first == list(islice(random_order(ids, random.Random(11)), 5))  # a seed, a draw
    rest = list(drawn)
    assert sorted(first + rest) == sorted(ids)  # every id once
    assert rng.getstate() != state  # drawing on consumed the generator only as it was read
    few = list(range(10, 0, -1))
    shuffled = sorted(few)
    random.Random(2).shuffle(shuffled)
    assert list(random_order(few, random.Random(2))) == shuffled  # a few: shuffled at once


labels = st.text(alphabet="aAbB .,!-_*", max_size=6)


@settings(deadline=None)  # no timing: a slow machine must not fail
@given(
    right=labels,
    distractors=st.lists(labels, max_size=5),
    others=st.lists(labels, max_size=8),
    options=st.integers(min_value=2, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_options_are_always_distinct_and_hold_the_answer_once(
    right: str, distractors: list[str], others: list[str], options: int, seed: int
) -> None:
    target = card(0, right, distractors=tuple(distractors))
    pool = [target, *(card(i + 1, label) for i, label in enumerate(others))]
    question = make_multiple_choice(target, pool, random.Random(seed), options)
    right_key = normalize_answer(answer_label(target))
    if question is None:
        candidates = [*distractors, *others]
        assert not right_key or all(normalize_answer(c) in ("", right_key) for c in candidates)
        return
    assert isinstance(question, MultipleChoice)
    found = keys(question.options)
    assert 2 <= len(found) <= options
    assert len(set(found)) == len(found)
    assert "" not in found
    assert found.count(right_key) == 1
    assert found[question.answer] == right_key


@settings(deadline=None)  # no timing: a slow machine must not fail
@given(
    shorts=st.lists(st.text(alphabet="abcAB -", max_size=4), max_size=10),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_matching_is_always_solvable(shorts: list[str], seed: int) -> None:
    cards = [card(i + 1, short) for i, short in enumerate(shorts)]
    rng = random.Random(seed)
    matching = make_matching(pick_cards_with_distinct_answers(cards, 6, rng), rng)
    found = keys(matching.answers)
    assert len(set(found)) == len(found) <= 6
    assert sorted(matching.solution) == list(range(len(found)))


def _numeric(id: int) -> CardView:
    spec = {"compute": "dropout-scale", "params": {"p": [0.1, 0.5]}, "tolerance": "1%"}
    return replace(card(id, question="p = {p}: the scale?", answer="{answer}"), numeric=spec)


def test_why_no_matching_is_silent_when_enough_cards_have_different_answers() -> None:
    assert why_no_matching(POOL, "Optimizers", 3) == ""
    assert why_no_matching([*POOL[:2], _numeric(9)], "Optimizers", 2) == ""


def test_why_no_matching_says_numeric_cards_are_not_matched() -> None:
    numbers = [_numeric(id) for id in range(1, 10)]
    assert why_no_matching(numbers, "Training by the numbers", 2) == (
        "Matching needs 2 cards with different answers; numeric cards are not matched, so "
        "Training by the numbers has none."
    )
    assert why_no_matching([*numbers, MOMENTUM, POOL[1]], "all decks", 3) == (
        "Matching needs 3 cards with different answers; numeric cards are not matched, so "
        "all decks has only 2."
    )


def test_why_no_matching_without_numeric_cards_counts_the_different_answers() -> None:
    same = [card(1, "Adam"), card(2, "adam"), card(3, "ADAM.")]
    assert why_no_matching(same, "Optimizers", 2) == (
        "Matching needs 2 cards with different answers; Optimizers has only 1."
    )
    assert why_no_matching([], "Empty", 2) == (
        "Matching needs 2 cards with different answers; Empty has none."
    )
