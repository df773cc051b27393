"""The words the stats command and screen share."""

from __future__ import annotations

from studyapp.stats_text import scope_name, share_percent, spoken_duration


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
