"""``studyapp config``: the daily limits."""

from __future__ import annotations

from studyapp.clock import FixedClock
from tests.cli.conftest import run


def test_config_daily_limits(db: str, clock: FixedClock) -> None:
    assert run(["config"], db, clock)[1] == (
        "new-per-day = 20\nreviews-per-day = 200\nlearning-steps = 10\n"
    )
    assert run(["config", "new-per-day", "7"], db, clock)[1] == "new-per-day = 7\n"
    assert run(["config", "reviews-per-day", "50"], db, clock)[1] == "reviews-per-day = 50\n"
    assert run(["config"], db, clock)[1] == (
        "new-per-day = 7\nreviews-per-day = 50\nlearning-steps = 10\n"
    )
    code, _, err = run(["config", "new-per-day", "-1"], db, clock)
    assert (code, err) == (2, "studyapp: new-per-day cannot be negative\n")


def test_config_learning_steps(db: str, clock: FixedClock) -> None:
    assert run(["config", "learning-steps"], db, clock)[1] == "learning-steps = 10\n"
    assert run(["config", "learning-steps", "25"], db, clock)[1] == "learning-steps = 25\n"
    code, _, err = run(["config", "learning-steps", "1441"], db, clock)
    assert (code, err) == (
        2,
        "studyapp: learning-steps: the learning step is at most 1440 minutes (a day)\n",
    )
    assert run(["config", "learning-steps"], db, clock)[1] == "learning-steps = 25\n"
