"""SM-2 and FSRS judged on a learner's own recalls, out of sample: SM-2's prediction worked out
by hand, fsrs-rs's bins, the figures equal to the engine's own (its time-series evaluation and
its ``evaluate``), fitted parameters beating the defaults on a learner who forgets faster than
they expect, too few items, and the same figures for the same recalls."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from fsrs_rs_python import FSRS, evaluate_with_time_series_splits

from studyapp.analytics.fsrs_evaluation import (
    FSRS_DEFAULT,
    FSRS_FITTED,
    MIN_EVALUATION_ITEMS,
    SM2,
    Evaluation,
    evaluate_models,
    fsrs_predictions,
    recall_targets,
    scores,
    sm2_predictions,
)
from studyapp.analytics.fsrs_fit import parameters_fitted_to
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS
from studyapp.store.recall_history import Recalls
from tests.analytics.test_fsrs_fit import simulated_learner

START = date(2025, 1, 6)
#: Ratings 4, 5, 3, 1, 4 on days 0, 1, 8, 20, 21.
HISTORY: Recalls = [
    (START + timedelta(days=day), rating)
    for day, rating in [(0, 4), (1, 5), (8, 3), (20, 1), (21, 4)]
]
#: FSRS-6's default decay, the forgetting curve SM-2's intervals are read on.
DECAY = 0.1542


def sm2_recall(elapsed: int, interval: int, retention: float) -> float:
    """The power curve through (0, 1) and (interval, retention), at ``elapsed`` days."""
    return (1 + (retention ** (-1 / DECAY) - 1) * elapsed / interval) ** -DECAY


def test_sm2_predicts_the_desired_retention_at_its_interval_on_the_power_curve() -> None:
    targets, recalls = recall_targets([(1, HISTORY)])
    assert recalls == 5
    # By hand: q 4 → n 1, I 1, EF 2.5; q 5 → n 2, I 6, EF 2.6; q 3 → n 3, I ceil(6 × 2.6) = 16,
    # EF 2.46; q 1 → a lapse, I 1.
    assert [target.sm2_interval for target in targets] == [1, 6, 16, 1]
    assert [target.elapsed for target in targets] == [1, 7, 12, 1]
    assert [target.recalled for target in targets] == [True, True, False, True]
    predicted = sm2_predictions(targets)
    assert predicted[0] == pytest.approx(0.9)  # due that day: the desired retention
    assert predicted[3] == pytest.approx(0.9)
    assert predicted[1] == pytest.approx(sm2_recall(7, 6, 0.9), rel=1e-6)  # a day late
    assert predicted[2] == pytest.approx(sm2_recall(12, 16, 0.9), rel=1e-6)  # 4 days early
    assert 0.88 < predicted[1] < 0.9
    assert predicted[2] > 0.9
    # The same intervals read at another retention.
    assert sm2_predictions(targets, 0.8)[0] == pytest.approx(0.8)
    assert sm2_predictions(targets, 0.8)[1] == pytest.approx(sm2_recall(7, 6, 0.8), rel=1e-6)


def test_sm2_intervals_stop_at_the_longest_interval() -> None:
    # SM-2's interval grows by EF (2.6, 2.7, …) with each 5: after ten it is over 100 years.
    history = [(START + timedelta(days=day), 5) for day in range(40)]
    history.append((START + timedelta(days=41), 1))
    targets, _ = recall_targets([(1, history)])
    assert targets[-1].sm2_interval == 36500
    log_loss, _ = scores(sm2_predictions(targets), targets)
    assert sm2_predictions(targets)[-1] == pytest.approx(sm2_recall(2, 36500, 0.9), rel=1e-9)
    assert sm2_predictions(targets)[-1] < 1
    assert math.isfinite(log_loss)


def test_each_recall_is_in_fsrs_rs_bin_of_days_recalls_and_lapses() -> None:
    targets, _ = recall_targets([(1, HISTORY)])
    # round(248 · 3.62^k), k = floor(log_3.62 t); round(1.99 · 1.89^k) of the recalls + 1;
    # round(1.65 · 1.73^k) of the lapses before (0 alone).
    assert [target.bin for target in targets] == [
        (248, 4, 0),
        (898, 4, 0),
        (898, 7, 0),
        (248, 7, 2),
    ]


def test_the_figures_of_predictions_in_bins_of_one() -> None:
    targets, _ = recall_targets([(1, HISTORY)])
    predicted = [0.95, 0.8, 0.7, 0.6]  # recalled, recalled, forgotten, recalled
    log_loss, rmse_bins = scores(predicted, targets)
    assert log_loss == pytest.approx(
        -(math.log(0.95) + math.log(0.8) + math.log(0.3) + math.log(0.6)) / 4
    )
    # Each recall alone in its bin: the bins' errors are the recalls' own.
    assert rmse_bins == pytest.approx(math.sqrt((0.05**2 + 0.2**2 + 0.7**2 + 0.4**2) / 4))
    # Two cards of the same history: bins of two, whose mean predictions are set against the
    # share recalled (1, 1, 0, 1) before squaring.
    twice, _ = recall_targets([(1, HISTORY), (2, HISTORY)])  # day by day, card 1 then 2
    predicted = [0.95, 0.85, 0.8, 0.9, 0.7, 0.5, 0.6, 0.7]
    _, rmse_bins = scores(predicted, twice)
    assert rmse_bins == pytest.approx(math.sqrt((0.1**2 + 0.15**2 + 0.6**2 + 0.35**2) / 4))


def test_same_day_recalls_are_not_predicted() -> None:
    day = START + timedelta(days=3)
    targets, recalls = recall_targets([(1, [(START, 4), (day, 1), (day, 4)])])
    assert recalls == 3
    assert [(target.elapsed, target.recalled) for target in targets] == [(3, False)]


def test_too_few_items_give_no_figures() -> None:
    cards = MIN_EVALUATION_ITEMS // 4 - 1  # 4 items each: 4 short
    result = evaluate_models([(card, HISTORY) for card in range(cards)])
    assert result == Evaluation((), MIN_EVALUATION_ITEMS - 4, 5 * cards, 5, 0.9)
    assert not result.enough
    assert evaluate_models([]).items == 0


def test_the_desired_retention_is_one_fsrs_allows() -> None:
    with pytest.raises(ValueError, match="desired retention"):
        evaluate_models([(1, HISTORY)], desired_retention=0.5)


@pytest.fixture(scope="module")
def learner() -> list[tuple[int, Recalls]]:
    """A learner who forgets faster than FSRS's defaults expect, with items enough."""
    return simulated_learner(cards=60, seed=1)


@pytest.fixture(scope="module")
def evaluation(learner: list[tuple[int, Recalls]]) -> Evaluation:
    """The learner's evaluation."""
    return evaluate_models(learner)


def test_fitted_fsrs_beats_the_defaults_out_of_sample(evaluation: Evaluation) -> None:
    assert evaluation.enough
    assert evaluation.items >= MIN_EVALUATION_ITEMS
    assert evaluation.default_fits == 0
    fitted, default, sm2 = evaluation.models
    assert (fitted.name, default.name, sm2.name) == (FSRS_FITTED, FSRS_DEFAULT, SM2)
    # The same items for all three: every one after the first sixth.
    scored = evaluation.items - evaluation.items // 6
    assert fitted.items == default.items == sm2.items == scored
    assert fitted.log_loss < default.log_loss
    assert fitted.rmse_bins < default.rmse_bins
    assert all(0 < model.rmse_bins < 1 and model.log_loss > 0 for model in evaluation.models)


def test_fitted_figures_are_the_engines_time_series_evaluation(
    learner: list[tuple[int, Recalls]], evaluation: Evaluation
) -> None:
    targets, _ = recall_targets(learner)
    engine = evaluate_with_time_series_splits(
        [target.item for target in targets], enable_short_term=False
    )
    fitted = evaluation.models[0]
    # The engine adds up its log loss in 32-bit floats, item after item: a few parts in 10⁵
    # off over thousands of items (the figure here is summed in 64 bits).
    assert fitted.log_loss == pytest.approx(engine.log_loss, rel=1e-4)
    assert fitted.rmse_bins == pytest.approx(engine.rmse_bins, rel=1e-5)


def test_figures_are_the_engines_evaluate_with_its_recency_weights(
    learner: list[tuple[int, Recalls]],
) -> None:
    targets, _ = recall_targets(learner)
    items = [target.item for target in targets]
    # FSRS.evaluate weighs the i-th of n items 0.25 + 0.75 (i / (n - 1))³.
    weights = [0.25 + 0.75 * (index / (len(items) - 1)) ** 3 for index in range(len(items))]
    for parameters in (DEFAULT_FSRS_PARAMETERS, parameters_fitted_to(items)):
        engine = FSRS(list(parameters)).evaluate(items)
        log_loss, rmse_bins = scores(fsrs_predictions(targets, parameters), targets, weights)
        assert log_loss == pytest.approx(engine.log_loss, rel=1e-4)
        assert rmse_bins == pytest.approx(engine.rmse_bins, rel=1e-5)


def test_the_same_recalls_give_the_same_figures(
    learner: list[tuple[int, Recalls]], evaluation: Evaluation
) -> None:
    assert evaluate_models(learner) == evaluation
