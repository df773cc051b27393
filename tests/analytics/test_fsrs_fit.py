"""FSRS fitted to a learner's recalls: the training items the review log makes, the defaults
when there are too few, and parameters fitted to a simulated learner that predict that learner
better than the defaults do (the engine's own log loss)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from fsrs_rs_python import FSRS

from studyapp.analytics.fsrs_fit import (
    MIN_TRAINING_ITEMS,
    fit_parameters,
    recall_steps,
    training_items,
)
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS, FSRSScheduler, FSRSState
from studyapp.scheduling.rating import Rating
from studyapp.store.recall_history import Recalls

START = date(2025, 1, 6)


def test_each_recall_after_a_cards_first_is_an_item_of_the_recalls_up_to_it() -> None:
    history = [(START, 4), (START + timedelta(days=2), 2), (START + timedelta(days=3), 5)]
    assert recall_steps(history) == [(3, 0), (1, 2), (4, 1)]  # Good; Again 2 days on; Easy
    items, recalls = training_items([(7, history), (8, [(START, 1)])])
    assert recalls == 4
    assert [len(item.reviews) for item in items] == [2, 3]  # one recall alone makes no item
    assert [item.long_term_review_cnt() for item in items] == [1, 2]


def simulated_learner(cards: int, seed: int) -> list[tuple[int, Recalls]]:
    """Recalls of a learner who forgets faster than FSRS's defaults expect, reviewed on the
    days FSRS schedules."""
    rng = random.Random(seed)
    scheduler = FSRSScheduler()
    histories = []
    for card in range(cards):
        state, day, history = FSRSState(), START + timedelta(days=rng.randrange(20)), []
        while day < START + timedelta(days=300):
            if state.stability is None or state.last_review is None:
                rating = rng.choice([1, 3, 4, 4, 5])
            else:
                elapsed = (day - state.last_review).days
                recall = (1 + elapsed / (3 * state.stability)) ** -1  # a steeper curve
                rating = rng.choice([3, 4, 4, 5]) if rng.random() < recall else 1
            history.append((day, rating))
            outcome = scheduler.review(state, Rating(rating), day)
            state, day = outcome.state, outcome.due
        histories.append((card, history))
    return histories


def test_too_few_recalls_keep_the_defaults() -> None:
    history = [(START + timedelta(days=day), 4) for day in (0, 1, 4, 12)]
    few = [(card, history) for card in range(MIN_TRAINING_ITEMS // 3 - 1)]
    result = fit_parameters(few)
    assert not result.fitted
    assert result.items < MIN_TRAINING_ITEMS
    assert result.parameters == DEFAULT_FSRS_PARAMETERS


def test_fitted_parameters_predict_the_learner_better_than_the_defaults() -> None:
    learner = simulated_learner(cards=300, seed=2)
    result = fit_parameters(learner)
    assert result.fitted
    assert len(result.parameters) == len(DEFAULT_FSRS_PARAMETERS)
    assert result.parameters != DEFAULT_FSRS_PARAMETERS
    items, _ = training_items(learner)
    fitted = FSRS(list(result.parameters)).evaluate(items)
    default = FSRS(list(DEFAULT_FSRS_PARAMETERS)).evaluate(items)
    assert fitted.log_loss < default.log_loss
    assert fit_parameters(learner) == result  # the same recalls, the same parameters


def test_defaults_given_back_by_the_engine_are_not_called_fitted() -> None:
    """40 cards make thousands of items, but the engine sets aside each first rating fewer
    than 20 cards share, and with too few items left gives its defaults back."""
    learner = simulated_learner(cards=40, seed=2)
    result = fit_parameters(learner)
    assert result.items >= MIN_TRAINING_ITEMS
    assert result.parameters == DEFAULT_FSRS_PARAMETERS
    assert not result.fitted
