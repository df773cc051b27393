"""``studyapp stats``: every figure as text, deck and tag views, user errors, width and colour.

The history is the one of :mod:`tests.cli.test_stats_json` (its docstring has the table); every
number below is worked out from that table.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest

from studyapp.cli import main
from studyapp.cli.stats_page import (
    BAR_WIDTH,
    WEEKDAY_LABEL,
    render_stats,
)
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from tests.cli.conftest import Terminal, section
from tests.conftest import WriteDeck

Stats = Callable[..., tuple[int, str, str]]


@pytest.fixture
def stats(
    collection: Collection,
    db_url: str,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Stats:
    """Run ``studyapp stats ARGS`` on the test's collection: (exit status, stdout, stderr)."""
    monkeypatch.setattr("studyapp.collection.bundled_cards_dir", lambda: tmp_path / "none")
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, out: TextIO | None = None) -> tuple[int, str, str]:
        shown = out or io.StringIO()
        err = io.StringIO()
        code = main(["--db", db_url, "stats", *args], clock=clock, stdout=shown, stderr=err)
        printed = shown.getvalue() if isinstance(shown, io.StringIO) else ""
        return code, printed, err.getvalue()

    return run


def rows(out: str, title: str) -> list[list[str]]:
    """A section's lines split into words."""
    return [line.split() for line in section(out, title)]


def test_an_empty_collection_prints_every_section_without_errors(stats: Stats) -> None:
    code, out, err = stats()
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Statistics: all decks · today Tue 2026-03-10"
    assert section(out, "Cards and mastery") == [
        "No active cards here yet: studyapp import PATH adds decks."
    ]
    assert rows(out, "Retention") == [
        ["PERIOD", "RETENTION", "PASSED", "REVIEWS"],
        ["last", "7", "days", "–", "0", "0"],
        ["last", "30", "days", "–", "0", "0"],
        ["last", "365", "days", "–", "0", "0"],
        ["Desired", "retention", "90%", "if", "FSRS", "schedules", "(now", "SM-2)"],
    ]
    assert "Current streak 0 days · longest 0 days" in out
    assert section(out, "Reviews in the last 365 days") == ["No reviews in the last year."]
    assert section(out, "Mastery over time") == ["0% at the end of each of the last 12 weeks."]
    assert section(out, "Test scores") == ["No test taken yet."]
    assert section(out, "Matching times") == ["No matching game played yet."]
    assert section(out, "Calibration")[0].startswith("No card compared yet")
    code, out, _ = stats("--json")
    assert code == 0
    assert json.loads(out)["retention"][0] == {"days": 7, "reviews": 0, "passed": 0, "rate": None}


def test_the_overall_view_of_a_history(stats: Stats, ids: dict[str, int]) -> None:
    code, out, err = stats()
    assert (code, err) == (0, "")
    cards = section(out, "Cards and mastery")
    # 23 of 40 rating points: 57.5 %, shown whole as in studyapp decks (which says 57%)
    assert cards[0].startswith("Mastery 57%: ")
    assert cards[1] == "8 active cards: 2 new · 5 learning · 1 mastered"
    # latest ratings c2 f3 a4 b4 d5 e5, g and h never rated; bars out of the largest count, 2
    assert cards[3:] == [
        "LATEST RATING  CARDS",
        "1 Not at all       0",
        "2                  1  " + "█" * (BAR_WIDTH // 2),
        "3                  1  " + "█" * (BAR_WIDTH // 2),
        "4                  2  " + "█" * BAR_WIDTH,
        "5 Perfectly        2  " + "█" * BAR_WIDTH,
        "not yet rated      2  " + "█" * BAR_WIDTH,
    ]
    # the week's and the month's scheduled spaced reviews: d5 b1 c2; the year: and a5 5 5 4, f3
    assert rows(out, "Retention")[1:] == [
        ["last", "7", "days", "33%", "1", "3"],
        ["last", "30", "days", "33%", "1", "3"],
        ["last", "365", "days", "75%", "6", "8"],
        ["Desired", "retention", "90%", "if", "FSRS", "schedules", "(now", "SM-2)"],
    ]
    # 27000 ms today; 242000 in the week and the month; 247000 in the year and in all
    assert section(out, "Time studied and streaks")[1:6] == [
        "today                27 s",
        "last 7 days    4 min 02 s",
        "last 30 days   4 min 02 s",
        "last 365 days  4 min 07 s",
        "all time       4 min 07 s",
    ]
    assert "\nCurrent streak 2 days · longest 3 days\n" in out


def test_the_forecast_lists_a_week_then_week_totals(stats: Stats, ids: dict[str, int]) -> None:
    _, out, _ = stats()
    # b, d and f today, with c (relearning) and e (practised in learn): home's "Due today";
    # c tomorrow, a on Wednesday 03-18; bars out of 5
    assert section(out, "Due in the next 30 days: 7 reviews") == [
        "WHEN             DUE",
        "today Mar 10       5  " + "█" * BAR_WIDTH,
        "tomorrow Mar 11    1  " + "█" * round(BAR_WIDTH / 5),
        "Thu Mar 12         0",
        "Fri Mar 13         0",
        "Sat Mar 14         0",
        "Sun Mar 15         0",
        "Mon Mar 16         0",
        "Mar 17–23          1  " + "█" * round(BAR_WIDTH / 5),
        "Mar 24–30          0",
        "Mar 31–Apr 6       0",
        "Apr 7–8            0",
    ]


def test_the_calendar_has_a_column_per_week_and_a_row_per_weekday(
    stats: Stats, ids: dict[str, int]
) -> None:
    _, out, _ = stats()
    lines = section(out, "Reviews in the last 365 days")
    assert lines[0] == "10 reviews on 8 days (busiest: 2)"
    months, *days, legend = lines[1:]
    grid = {line[:3]: line[WEEKDAY_LABEL:] for line in days}
    assert list(grid) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    # 2025-03-11 is a Tuesday: 53 week columns, the first one's Monday outside the year
    assert len(grid["Tue"]) == 53
    assert grid["Mon"][0] == " "
    # the days with reviews count 1 or 2 (quartile shades 1 and 2); the last column is the
    # week of Monday 03-09 (2 reviews), today (2); 03-05 a Thursday the week before (1)
    assert (grid["Mon"][52], grid["Tue"][52], grid["Thu"][51]) == ("▒", "▒", "░")
    assert len(grid["Wed"]) == len(grid["Thu"]) == 52  # today is Tuesday: no later cell
    # the week of 2026-01-05 is 9 weeks earlier: Mon 01-05, Tue 01-06, Wed 01-07
    assert (grid["Mon"][43], grid["Tue"][43], grid["Wed"][43]) == ("░", "░", "░")
    assert grid["Mon"][44] == "░"  # 01-12
    assert grid["Thu"][46] == "░"  # 01-29
    assert sum(row.count("░") + row.count("▒") for row in grid.values()) == 8  # 8 study days
    assert set("".join(grid.values())) <= set(" ·░▒")
    # 2026-03-01 is a Sunday, in the column of Monday 02-23 (51st); 2025-04-01 in the 4th
    assert months[WEEKDAY_LABEL + 50 : WEEKDAY_LABEL + 53] == "Mar"
    assert months[WEEKDAY_LABEL + 3 : WEEKDAY_LABEL + 6] == "Apr"
    assert legend.split() == ["·", "none", "░", "1", "▒", "2", "▓", "3", "█", "4+"]


def test_hard_cards_progress_results_and_calibration(stats: Stats, ids: dict[str, int]) -> None:
    _, out, _ = stats()
    assert rows(out, "Hardest cards") == [
        ["LAPSES", "EASINESS", "LAST", "DECK", "QUESTION"],
        ["1", "1.96", "4", "alpha", "Question", "b"],
        ["1", "2.18", "2", "alpha", "Question", "c"],
        ["0", "2.36", "3", "beta", "Question", "f"],
    ]
    # sums out of 40 of 0 0 5 8 8 8 7 7 7 7 7 23 points
    history = rows(out, "Mastery over time")
    assert [row[:2] for row in history[1:3]] == [["2025-12-23", "0%"], ["2025-12-30", "0%"]]
    assert history[4][:2] == ["2026-01-13", "20%"]
    assert history[-1][:3] == ["2026-03-10", "(today)", "57%"]
    assert rows(out, "Test scores")[1:] == [
        ["DATE", "SCORE", "RIGHT", "ON"],
        ["2026-03-07", "75%", "3/4", "alpha"],
    ]
    assert rows(out, "Matching times")[1:] == [
        ["DATE", "PAIRS", "TIME", "BEST", "SO", "FAR", "ON"],
        ["2026-03-09", "6", "32.0", "s", "32.0", "s", "alpha"],
        ["2026-03-10", "6", "21.0", "s", "21.0", "s", "#t"],
    ]
    # a: expects 0.9375, right 3/4; c: 0.25, 3/3; e: 1, 1/3
    calibration = out[out.index("Calibration") :].splitlines()
    assert calibration[2:4] == [
        "3 cards compared: 1 overconfident · 1 underconfident · 1 calibrated",
        "Ratings promise 73% right on average; the answers were 69% right.",
    ]
    assert [line.split() for line in calibration[5:11]] == [
        ["LATEST", "RATING", "PROMISES", "CARDS", "ANSWERED", "RIGHT"],
        ["1", "Not", "at", "all", "0%", "0", "–"],
        ["2", "25%", "1", "100%"],
        ["3", "50%", "0", "–"],
        ["4", "75%", "1", "75%"],
        ["5", "Perfectly", "100%", "1", "33%"],
    ]
    assert calibration[12:] == [
        "Overrated cards: promise 25+ points more than answered",
        "GAP  RATED       RIGHT      DECK  QUESTION",
        "+67  5.0 (100%)  1/3 (33%)  beta  Question e",
    ]


def test_a_deck_several_decks_and_a_tag(stats: Stats, ids: dict[str, int]) -> None:
    code, out, _ = stats("alpha")
    assert code == 0
    assert out.startswith("Statistics: alpha · ")
    # a4 b4 c2 d5: 15 of 20 points
    assert section(out, "Cards and mastery")[:2] == [
        "Mastery 75%: each card's latest rating out of 5, unseen cards 0",
        "4 active cards: 0 new · 3 learning · 1 mastered",
    ]
    assert [row[-1] for row in rows(out, "Matching times")[2:]] == ["alpha"]  # not the #t game
    _, both, _ = stats("alpha", "beta")
    assert both.startswith("Statistics: alpha, beta · ")
    assert "8 active cards: 2 new · 5 learning · 1 mastered" in both
    for tag in ("t", "#t"):
        code, out, _ = stats("--tag", tag)
        assert code == 0
        assert out.startswith("Statistics: #t · ")
        assert "2 active cards: 0 new · 1 learning · 1 mastered" in out
        # b's lapse is the only spaced review of a or b this month: 0%, not "–"
        assert rows(out, "Retention")[1] == ["last", "7", "days", "0%", "0", "1"]
        assert section(out, "Test scores") == ["No test taken yet."]


def test_unknown_decks_and_tags_are_one_line_errors(stats: Stats, ids: dict[str, int]) -> None:
    assert stats("alpah") == (2, "", 'studyapp: no deck "alpah" (did you mean "alpha"?)\n')
    assert stats("alpha", "zzz") == (2, "", 'studyapp: no deck "zzz" (decks: alpha, beta)\n')
    assert stats("--tag", "tt") == (
        2,
        "",
        'studyapp: no card has the tag "tt" (did you mean "t"?)\n',
    )
    assert stats("--tag", "optimizers") == (
        2,
        "",
        'studyapp: no card has the tag "optimizers" (tags: t)\n',
    )
    assert stats("alpha", "--tag", "t") == (2, "", "studyapp: give decks or --tag, not both\n")


def test_long_questions_are_cut_to_the_width(
    stats: Stats,
    collection: Collection,
    write_deck: WriteDeck,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    question = "Why does " + "a very long question " * 8 + "end here?"
    collection.import_file(write_deck("long.md", f"---\nid: long\n---\n\n## {question}\nA\n"))
    [card] = collection.scope_cards(collection.stats().scope)
    collection.rate(card.id, 1)  # a lapse: the card is among the hardest
    _, out, _ = stats()
    assert rows(out, "Hardest cards")[1][4:] == question.split()  # piped: nothing is cut
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = stats()
    [_, row] = section(out, "Hardest cards")
    assert len(row) == 60
    assert row.endswith("…")
    assert row.split()[:5] == ["1", "1.96", "1", "long", "Why"]
    assert max(len(line) for line in out.splitlines()) <= 60


def test_colour_only_on_a_terminal_without_no_color(
    stats: Stats, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = stats(out=Terminal())
    assert out.startswith("\x1b[1mStatistics: all decks\x1b[0m")
    assert "\x1b[32m░\x1b[0m" in out  # a shaded day of the calendar
    assert "\x1b[" not in stats()[1]  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = stats(out=Terminal())
    assert "\x1b[" not in out
    # a terminal 120 wide gives each week a cell and a space
    calendar = section(out, "Reviews in the last 365 days")
    assert calendar[3][WEEKDAY_LABEL:].startswith("· · ")


def test_render_stats_is_the_command_s_text(
    stats: Stats, collection: Collection, ids: dict[str, int]
) -> None:
    assert stats()[1] == render_stats(collection.stats()) + "\n"


def test_a_reader_that_leaves_early_is_no_error(stats: Stats, ids: dict[str, int]) -> None:
    read, write = os.pipe()
    os.close(read)  # like `studyapp stats | head` once head has its lines
    with open(write, "w", encoding="utf-8") as out:
        code, _, err = stats(out=out)
    assert (code, err) == (0, "")


def test_a_listed_question_is_plain_text_and_never_shows_its_cloze_answer(
    stats: Stats, collection: Collection, write_deck: WriteDeck
) -> None:
    deck = "---\nid: plain\n---\n\n## {{Early stopping}} halts **training** early.\n\n"
    collection.import_file(write_deck("plain.md", deck))
    [card] = collection.scope_cards(collection.stats().scope)
    collection.rate(card.id, 1)  # a lapse: the card is among the hardest
    _, out, _ = stats()
    [row] = rows(out, "Hardest cards")[1:]
    assert " ".join(row[4:]) == "[...] halts training early."
    assert "Early stopping" not in out
