"""A workload simulation as a plain-text table."""

from __future__ import annotations

import pytest

from studyapp.analytics.fsrs_workload import (
    RetentionWorkload,
    WorkloadSimulation,
    simulate_workload,
)
from studyapp.rendering.fsrs_workload import (
    RECOMMENDED_MARK,
    workload_row,
    workload_table,
    workload_title,
)
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS


def _workload(retention: float, reviews: int, memorized: float) -> RetentionWorkload:
    return RetentionWorkload(
        desired_retention=retention,
        reviews_per_day=(reviews, reviews),
        learned_per_day=(20, 20),
        memorized_per_day=(20.0, memorized),
        seconds_per_day=(600.0, 1200.0),
        studied=40,
    )


@pytest.fixture
def simulation() -> WorkloadSimulation:
    workloads = (_workload(0.7, 5, 30.0), _workload(0.85, 9, 34.4), _workload(0.97, 30, 38.9))
    return WorkloadSimulation(
        workloads, 0.85, card_count=12345, days=2, new_per_day=20, reviews_per_day=200
    )


def test_a_row_gives_reviews_minutes_and_cards_remembered(
    simulation: WorkloadSimulation,
) -> None:
    assert workload_row(simulation.workloads[1]) == ("0.85", "9.0", "15.0", "34 (86%)")


def test_the_title_says_what_was_simulated(simulation: WorkloadSimulation) -> None:
    assert workload_title(simulation) == (
        "12,345 cards over 2 days, 20 new and at most 200 reviews a day"
    )


def test_the_table_marks_the_recommended_row_only(simulation: WorkloadSimulation) -> None:
    lines = workload_table(simulation).splitlines()
    assert lines[2].split() == ["retention", "reviews/day", "minutes/day", "remembered"]
    rows = lines[3:6]
    assert [row.split()[0] for row in rows] == ["0.70", "0.85", "0.97"]
    assert [RECOMMENDED_MARK in row for row in rows] == [False, True, False]
    assert rows[1].endswith("◀ recommended")
    assert lines[7].startswith("Recommended: 0.85, the fewest minutes of study per card")


def test_a_simulated_table_fits_80_columns_in_plain_characters() -> None:
    result = simulate_workload(DEFAULT_FSRS_PARAMETERS, 300, 10, 100, days=60)
    text = workload_table(result)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text
    assert text.count(RECOMMENDED_MARK) == 1
    assert f"Recommended: {result.recommended:.2f}" in text
