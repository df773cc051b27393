"""The words the stats command and screen share."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studyapp.rendering.words import (
    counted,
    game_time,
    rating_name,
    scope_name,
    share_percent,
    short_interval,
    spoken_ago,
    spoken_duration,
)


def test_scope_names() -> None:
    assert [scope_name(key) for key in ("all", "deck:a", "deck:a,b", "tag:t")] == [
        "all decks",
        "a",
        "a, b",
        "#t",
    ]


def test_durations() -> None:
    milliseconds = (0, 42_400, 60_000, 187_000, 3_600_000, 7_500_000, 45_900_000)
    assert [spoken_duration(ms) for ms in milliseconds] == [
        "0 s",
        "42 s",
        "1 min 00 s",
        "3 min 07 s",
        "1 h 00 min",
        "2 h 05 min",
        "12 h 45 min",
    ]


def test_shares() -> None:
    assert share_percent(None) == "–"
    assert share_percent(2 / 3) == "67%"
    assert share_percent(0.0) == "0%"


@pytest.mark.parametrize(
    ("milliseconds", "shown"),
    [(0, "0.0 s"), (9_870, "9.8 s"), (59_999, "59.9 s"), (62_500, "1:02.5"), (600_000, "10:00.0")],
)
def test_times_are_shown_to_a_tenth_of_a_second(milliseconds: int, shown: str) -> None:
    assert game_time(milliseconds) == shown


def test_ratings_read_with_the_scales_words() -> None:
    assert [rating_name(r) for r in range(1, 6)] == ["1 Not at all", "2", "3", "4", "5 Perfectly"]
    with pytest.raises(ValueError, match="1 \\(Not at all\\) to 5"):
        rating_name(6)


@pytest.mark.parametrize(
    ("milliseconds", "words"),
    [
        (-5, "just now"),
        (59_999, "just now"),
        (12 * 60_000 + 59_000, "12 min ago"),
        (3 * 3_600_000 + 1, "3 h ago"),
        (24 * 3_600_000, "1 day ago"),
        (4 * 24 * 3_600_000, "4 days ago"),
    ],
)
def test_how_long_ago_is_said_in_whole_units(milliseconds: int, words: str) -> None:
    assert spoken_ago(milliseconds) == words


@pytest.mark.parametrize(
    ("wait", "shown"),
    [
        (timedelta(seconds=59), "now"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=59), "59m"),
        (timedelta(hours=3, minutes=40), "3h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=6), "6d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=63), "2.1mo"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_intervals_read_compactly(wait: timedelta, shown: str) -> None:
    assert short_interval(wait) == shown


def test_a_count_of_one_takes_the_singular() -> None:
    assert counted(1, "day") == "1 day"
    assert [counted(n, "review") for n in (0, 2)] == ["0 reviews", "2 reviews"]


def test_a_calibration_row_reads_the_same_in_both_faces() -> None:
    from studyapp.analytics.calibration import CalibrationLevel
    from studyapp.rendering.words import calibration_cells

    assert calibration_cells(CalibrationLevel(5, 1.0, 3, 2 / 3)) == (
        "5 Perfectly",
        "100%",
        "3",
        "67%",
    )
    assert calibration_cells(CalibrationLevel(2, 0.25, 0, None)) == ("2", "25%", "0", "–")
