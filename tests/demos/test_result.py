"""A demo result's chart lines: non-finite points dropped, a diverged run cut at a ceiling."""

from __future__ import annotations

import dataclasses

from studyapp.demos.result import (
    DIVERGED_MARK,
    LINEAR_HEADROOM,
    LOG_HEADROOM,
    Chart,
    DemoResult,
    Run,
)

LOSS = Chart("Loss per step", "loss", "step", "loss", log_y=True)


def _result(*runs: Run, chart: Chart = LOSS) -> DemoResult:
    return DemoResult(
        name="toy",
        title="Toy",
        params={},
        runs=runs,
        charts=(chart,),
        claim="c",
        claim_holds=True,
        finding="f",
        look_for="l",
    )


STEADY = Run("steady", {"loss": (4.0, 2.0, 8.0, 1.0)}, {})
BLOWN = Run("blown", {"loss": (4.0, 50.0, 1e5, 1e118, float("inf"))}, {}, diverged=True)


def test_a_diverged_run_ends_at_the_ceiling_above_the_finite_runs() -> None:
    (steady, _, steady_ys), (blown, xs, ys) = _result(STEADY, BLOWN).chart_lines(LOSS)
    assert (steady, steady_ys) == ("steady", [4.0, 2.0, 8.0, 1.0])
    assert blown == "blown" + DIVERGED_MARK
    ceiling = 8.0 * LOG_HEADROOM
    assert (xs, ys) == ([0.0, 1.0, 2.0], [4.0, 50.0, ceiling])  # cut at its first point above


def test_on_a_linear_chart_the_headroom_is_smaller() -> None:
    linear = dataclasses.replace(LOSS, log_y=False)
    (_, _, _), (_, _, ys) = _result(STEADY, BLOWN, chart=linear).chart_lines(linear)
    assert ys == [4.0, 8.0 * LINEAR_HEADROOM]


def test_with_no_finite_run_a_diverged_run_is_drawn_whole() -> None:
    [(label, _, ys)] = _result(BLOWN).chart_lines(LOSS)
    assert label == "blown" + DIVERGED_MARK
    assert ys == [4.0, 50.0, 1e5, 1e118]  # only the non-finite point is dropped


def test_a_diverged_run_below_the_ceiling_is_drawn_whole() -> None:
    early = Run("early", {"loss": (4.0, 9.0)}, {}, diverged=True)
    [_, (_, _, ys)] = _result(STEADY, early).chart_lines(LOSS)
    assert ys == [4.0, 9.0]
