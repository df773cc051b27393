"""The workload each desired retention brings, simulated by FSRS's engine (small decks and
spans, so the whole file runs in about a second)."""

from __future__ import annotations

import inspect
import re

import fsrs_rs_python
import pytest

from studyapp.analytics.fsrs_workload import (
    DEFAULT_RETENTIONS,
    WorkloadSimulation,
    simulate_workload,
)
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS, RETENTION_RANGE

CARDS, NEW, REVIEWS, DAYS = 1000, 10, 100, 120


@pytest.fixture(scope="module")
def simulation() -> WorkloadSimulation:
    return simulate_workload(DEFAULT_FSRS_PARAMETERS, CARDS, NEW, REVIEWS, days=DAYS, seed=7)


def test_every_default_retention_is_simulated_lowest_first(
    simulation: WorkloadSimulation,
) -> None:
    assert DEFAULT_RETENTIONS[0] == RETENTION_RANGE[0]
    assert DEFAULT_RETENTIONS[-1] == RETENTION_RANGE[1]
    assert [w.desired_retention for w in simulation.workloads] == list(DEFAULT_RETENTIONS)
    assert (simulation.card_count, simulation.days) == (CARDS, DAYS)
    for workload in simulation.workloads:
        assert len(workload.reviews_per_day) == DAYS
        assert len(workload.memorized_per_day) == DAYS
        assert len(workload.seconds_per_day) == DAYS


def test_a_higher_retention_asks_for_more_reviews(simulation: WorkloadSimulation) -> None:
    averages = [w.average_reviews for w in simulation.workloads]
    assert averages == sorted(averages)
    assert len(set(averages)) == len(averages)
    assert averages[0] > 0


def test_the_recommended_retention_is_the_cheapest_per_card_remembered(
    simulation: WorkloadSimulation,
) -> None:
    assert simulation.recommended in DEFAULT_RETENTIONS
    cheapest = min(simulation.workloads, key=lambda w: w.seconds_per_memorized)
    assert simulation.recommended == cheapest.desired_retention
    assert simulation.recommended_workload is cheapest


def test_new_cards_come_at_the_daily_limit_until_none_is_left(
    simulation: WorkloadSimulation,
) -> None:
    for workload in simulation.workloads:
        assert workload.learned_per_day == (NEW,) * 100 + (0,) * 20  # 1000 cards, 10 a day
        assert workload.studied == CARDS
        assert 0 < workload.memorized_at_end < workload.studied
        assert 0 < workload.retention_at_end < 1
        assert workload.average_minutes > 0


def test_reviews_never_pass_the_daily_limit_and_new_cards_ignore_it() -> None:
    tight = simulate_workload(
        DEFAULT_FSRS_PARAMETERS, 500, 10, 15, days=90, retentions=[0.97], seed=1
    )
    assert max(tight.workloads[0].reviews_per_day) == 15
    none = simulate_workload(DEFAULT_FSRS_PARAMETERS, 100, 10, 0, days=30, retentions=[0.9])
    assert set(none.workloads[0].reviews_per_day) == {0}
    assert none.workloads[0].studied == 100


def test_a_small_deck_is_all_learned_then_only_reviewed() -> None:
    result = simulate_workload(DEFAULT_FSRS_PARAMETERS, 50, 20, 200, days=30, retentions=[0.9])
    assert result.workloads[0].learned_per_day[:4] == (20, 20, 10, 0)
    assert result.workloads[0].studied == 50


def test_the_same_seed_gives_the_same_simulation() -> None:
    def run(seed: int) -> WorkloadSimulation:
        return simulate_workload(
            DEFAULT_FSRS_PARAMETERS, 200, 10, 100, days=60, retentions=[0.8, 0.9], seed=seed
        )

    assert run(3) == run(3)
    assert run(3).workloads != run(4).workloads


def test_retentions_are_tried_once_each_in_order() -> None:
    result = simulate_workload(
        DEFAULT_FSRS_PARAMETERS, 100, 10, 100, days=20, retentions=[0.9, 0.8, 0.9]
    )
    assert [w.desired_retention for w in result.workloads] == [0.8, 0.9]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"retentions": [0.9, 0.98]}, "desired retention is 0.70 to 0.97, not 0.98"),
        ({"retentions": [0.69]}, "desired retention is 0.70 to 0.97, not 0.69"),
        ({"retentions": []}, "no desired retention to simulate"),
        ({"days": 0}, "a workload is simulated for 1 day or more, not 0"),
        ({"card_count": 0}, "a workload is simulated for 1 card or more, not 0"),
        ({"new_per_day": 0}, "new cards a day is at least 1 to simulate"),
        ({"reviews_per_day": -1}, "reviews a day is 0 or more, not -1"),
        ({"maximum_interval": 0}, "the maximum interval is at least 1 day, not 0"),
        ({"seed": -1}, "the seed is 0 to 2**64 - 1, not -1"),
        ({"parameters": (1.0, 2.0)}, "FSRS refuses these parameters (2 numbers"),
        ({"parameters": (float("nan"),) * 21}, "FSRS refuses these parameters (21 numbers"),
    ],
)
def test_what_cannot_be_simulated_is_refused(change: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "parameters": DEFAULT_FSRS_PARAMETERS,
        "card_count": 100,
        "new_per_day": 10,
        "reviews_per_day": 100,
        "days": 30,
    } | change
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        simulate_workload(**arguments)  # type: ignore[arg-type]


def test_the_engine_simulates_no_existing_cards() -> None:
    """The binding's simulate takes no cards (fsrs-rs's does): a simulation starts from new
    cards only. If this fails, the binding grew the argument and the collection's memory
    states could be fed in."""
    arguments = inspect.signature(fsrs_rs_python.simulate).parameters
    assert list(arguments) == ["w", "desired_retention", "config", "seed"]
    assert "cards" in inspect.signature(fsrs_rs_python.optimal_retention).parameters


def test_the_engines_own_optimum_stops_short_of_the_top_retention() -> None:
    """fsrs-rs's optimal_retention searches 0.70–0.95 only (Brent's method), so it can never
    recommend 0.96 or 0.97 even when a higher retention always scores better."""
    config = fsrs_rs_python.default_simulator_config()
    config.deck_size, config.learn_limit, config.learn_span = 100, 10, 365

    def prefer_higher(result: fsrs_rs_python.SimulationResult, _: object) -> float:
        return -(result.average_desired_retention or 0.0)

    best = fsrs_rs_python.optimal_retention(
        config, list(DEFAULT_FSRS_PARAMETERS), None, prefer_higher
    )
    assert 0.9 < best <= 0.95
