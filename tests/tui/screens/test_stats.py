"""The stats screen over a small fabricated history; every expected figure worked out by hand.

Today is Tuesday 2026-03-10 (UTC+01:00, the clock at 09:00). Deck ``alpha`` has cards a b c d
(a and b tagged ``t``), deck ``beta`` cards x and y. Spaced reviews (10 s each), with SM-2:

==================  ====  ======  ==============================================
when                card  rating  afterwards
==================  ====  ======  ==============================================
2026-02-20 10:00    x     2       lapse: EF 2.18, due 02-21
2026-03-08 10:00    a     5       EF 2.6, n 1, due 03-09
2026-03-08 10:00    b     2       lapse: EF 2.18, due 03-09
2026-03-09 10:00    a     4       EF 2.6, n 2, interval 6: due 03-15
2026-03-09 10:00    b     3       EF 2.04, n 1: due 03-10
2026-03-10 08:00    c     1       lapse: EF 1.96, due 03-11
2026-03-10 08:00    x     5       EF 2.28, n 1: due 03-11
==================  ====  ======  ==============================================

Also on 03-09: three learn answers on a (one right), a test on alpha (3 of 4 right) and a
matching game on alpha (30 s + 2 s of penalties).

Latest ratings: a 4, b 3, c 1, x 5; d and y are new. Nothing is mastered (no interval of 21
days), so all decks: 6 cards, 2 new, 4 learning, mastery 13 / 30 = 43%; alpha: 4 cards (d new),
8 / 20 = 40%; tag t: a and b, 7 / 10 = 70%.
"""

from __future__ import annotations

import asyncio
import random
from datetime import datetime

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.rendering.fsrs_workload import workload_title
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from studyapp.tui.app import create_app
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnSummaryScreen
from studyapp.tui.screens.matching import TILE_KEYS, MatchDoneScreen, MatchScreen
from studyapp.tui.screens.spaced import SpacedScreen, SummaryScreen
from studyapp.tui.screens.stats import StatsScreen, text_room
from studyapp.tui.screens.test import TestResultsScreen, TestScreen
from studyapp.tui.widgets.charts import LIGHT_TRACK, TRACK
from studyapp.tui.widgets.heatmap import LIGHT_SHADE_COLORS, SHADE_COLORS
from tests.conftest import LOCAL, START, WriteDeck
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_within_width, resize_round_trip

ALPHA = """---
id: alpha
title: Alpha
---
## Question a
Answer a

id:: a
tags:: t

## Question b
Answer b

id:: b
tags:: t

## Question c
Answer c

id:: c

## Question d
Answer d

id:: d
"""

BETA = """---
id: beta
title: Beta
---
## Question x
Answer x

id:: x

## Question y
Answer y

id:: y
"""


def at(clock: FixedClock, when: str) -> datetime:
    """Set the clock to a local time ``YYYY-MM-DD HH:MM`` and return it."""
    clock.moment = datetime.fromisoformat(when).replace(tzinfo=LOCAL)
    return clock.moment


@pytest.fixture
def history(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> Collection:
    """The collection with the history of the module docstring, the clock back at START."""
    collection.import_file(write_deck("alpha.md", ALPHA))
    collection.import_file(write_deck("beta.md", BETA))
    ids = {
        view.question.removeprefix("Question "): view.id for view in collection.scope_cards(Scope())
    }
    for when, key, rating in [
        ("2026-02-20 10:00", "x", 2),
        ("2026-03-08 10:00", "a", 5),
        ("2026-03-08 10:00", "b", 2),
        ("2026-03-09 10:00", "a", 4),
        ("2026-03-09 10:00", "b", 3),
        ("2026-03-10 08:00", "c", 1),
        ("2026-03-10 08:00", "x", 5),
    ]:
        at(clock, when)
        collection.rate(ids[key], rating, response_ms=10_000)
    answered = at(clock, "2026-03-09 11:00")
    for correct in (True, False, False):
        collection.record_answer(AnswerRecord(ids["a"], "learn", "written", correct, answered))
    alpha = Scope(decks=("alpha",))
    at(clock, "2026-03-09 12:02")
    collection.record_test(
        alpha, datetime(2026, 3, 9, 12, 0, tzinfo=LOCAL), ["choice"], [], questions=4, correct=3
    )
    finished = at(clock, "2026-03-09 13:00")
    collection.record_match_game(MatchResult(alpha, finished, 4, 2, 30_000, 2_000), [])
    clock.moment = START
    return collection


def text_of(screen: StatsScreen, selector: str) -> str:
    """The plain text a Static of the screen shows."""
    return str(screen.query_one(selector, Static).content)


def rows_of(screen: StatsScreen, selector: str) -> list[list[str]]:
    """A table's cells as plain text."""
    table: DataTable[object] = screen.query_one(selector, DataTable)
    return [[str(value) for value in table.get_row_at(row)] for row in range(table.row_count)]


def test_all_decks_from_home(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("down", "down", "s")  # alpha, beta, all decks
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            assert screen.scope == Scope()
            summary = text_of(screen, "#stats-summary")
            assert "Mastery   43%" in summary
            assert "Cards    6: 2 new · 4 learning · 0 mastered" in summary
            # study days 02-20, 03-08, 03-09, 03-10
            assert "Streak   3 days, longest 3" in summary
            assert "today 20 s" in summary  # c and x, 10 s each
            retention = text_of(screen, "#stats-retention").splitlines()
            # 7 days (from 03-04): a 5 4, b 2 3, c 1, x 5: 4 of 6; 30 days: and x 2
            assert retention[0].startswith("Last 7 days      67%")
            assert retention[0].endswith("4 of 6 reviews")
            assert retention[1].startswith("Last 30 days     57%")
            assert retention[1].endswith("4 of 7 reviews")
            ratings = text_of(screen, "#stats-ratings").splitlines()
            assert ratings[0].startswith("1 Not at all")
            assert ratings[0].split()[-2:] == ["1", "17%"]  # c: 1 of 6 cards
            assert ratings[5].split()[-2:] == ["2", "33%"]  # d and y not rated
            forecast = text_of(screen, "#stats-forecast")
            # b today, and c relearning after its 1 of 08:00 (home's "Due today" too); c and x
            # tomorrow; a on 03-15
            assert "today 2 · tomorrow 2 · next 7 days 5 · next 30 days 5" in forecast
            assert str(list(screen.query(".stats-title").results(Static))[4].content) == (
                "Reviews in the last year: 7 on 4 days"
            )
            # lapsed once each: c (EF 1.96), b (2.04), x (2.28)
            hardest = rows_of(screen, "#stats-hardest")
            assert [row[:2] for row in hardest] == [
                ["alpha", "Question c"],
                ["alpha", "Question b"],
                ["beta", "Question x"],
            ]
            assert hardest[0][2:] == ["1", "1.96", "1"]
            assert rows_of(screen, "#stats-tests") == [["2026-03-09", "alpha", "3 of 4", "75%"]]
            assert rows_of(screen, "#stats-games") == [
                ["2026-03-09", "alpha", "4", "32.0 s", "32.0 s"]
            ]
            # a: ratings 5 and 4 promise (4.5 - 1) / 4 = 87.5%; one answer of three right
            calibration = text_of(screen, "#stats-calibration")
            assert "1 card compared" in calibration
            assert "promise 88% right, your answers were 33% right" in calibration
            assert rows_of(screen, "#stats-reliability")[3] == ["4", "75%", "1", "33%"]
            assert rows_of(screen, "#stats-overrated") == [
                ["alpha", "Question a", "4.5", "88%", "1 of 3", "33%"]
            ]

    asyncio.run(play())


def test_a_deck_row_then_a_tag_from_the_list(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")  # the first row: alpha
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            assert screen.scope == Scope(decks=("alpha",))
            assert screen.sub_title == "Alpha"
            summary = text_of(screen, "#stats-summary")
            assert "Mastery   40%" in summary
            assert "Cards    4: 1 new · 3 learning · 0 mastered" in summary
            # one deck: no deck column
            assert rows_of(screen, "#stats-hardest") == [
                ["Question c", "1", "1.96", "1"],
                ["Question b", "1", "2.04", "3"],
            ]
            select = screen.query_one("#stats-scope", Select)
            assert select.value == "deck:alpha"
            await pilot.press("f")  # the list opens on Alpha: All decks, Alpha, Beta, #t
            await pilot.press("down", "down", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.scope == Scope(tag="t")
            assert screen.sub_title == "#t"
            assert app.focused is screen.query_one("#stats-body")
            summary = text_of(screen, "#stats-summary")
            assert "Mastery   70%" in summary
            assert "Cards    2: 0 new · 2 learning · 0 mastered" in summary
            # a and b were studied on 03-08 and 03-09: the streak still stands today
            assert "Streak   2 days, longest 2" in summary
            # 7 days: a 5 4, b 2 3
            assert "75%" in text_of(screen, "#stats-retention").splitlines()[0]
            assert "No tests yet" in str(screen.query(".stats-empty").first(Static).content)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_j_and_k_scroll_the_figures_and_move_in_the_picker(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")  # alpha
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            body = screen.query_one("#stats-body", VerticalScroll)
            await pilot.press("j", "j", "j")
            await pilot.pause()
            assert body.scroll_y == 3
            await pilot.press("k")
            await pilot.pause()
            assert body.scroll_y == 2
            await pilot.press("f", "j", "j", "enter")  # All decks, Alpha, Beta, #t: to #t
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.scope == Scope(tag="t")

    asyncio.run(play())


def test_a_new_width_lays_the_tables_out_again(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            body = screen.query_one("#stats-body")
            body.scroll_to(y=10, animate=False)
            await pilot.pause()
            table = screen.query_one("#stats-hardest")
            await pilot.resize_terminal(100, 35)
            await pilot.pause()
            assert screen.shown is not None
            assert screen.shown[1] == 100
            assert screen.query_one("#stats-hardest") is not table  # built for 100 columns
            assert body.scroll_y == 10  # still in the same place
            assert text_room(100, 6) == 100 - 8 - 8 - 2
            assert text_room(30, 6, 8) == 16  # never narrower than 16

    asyncio.run(play())


def test_stats_after_a_spaced_session(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("enter")  # review alpha: c relearning (failed at 08:00) first
            assert isinstance(app.screen, SpacedScreen)
            await pilot.press("space", "5", "escape")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            assert screen.scope == Scope(decks=("alpha",))
            # c, rated 5 now: a 4, b 3, c 5 of 4 cards is 12 / 20
            assert "Mastery   60%" in text_of(screen, "#stats-summary")
            await pilot.press("escape")
            assert isinstance(app.screen, SummaryScreen)

    asyncio.run(play())


def test_stats_after_learn_test_and_matching(history: Collection) -> None:
    alpha = Scope(decks=("alpha",))

    async def stats_and_back(pilot: Pilot[None], summary: type[Screen[None]]) -> None:
        assert isinstance(pilot.app.screen, summary)
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.scope == alpha
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, summary)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, HomeScreen)

    async def play() -> None:
        app = create_app(history, random.Random(1))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("l", "1", "escape")  # learn alpha: one answer (none: no summary)
            await stats_and_back(pilot, LearnSummaryScreen)
            await pilot.press("t", "enter")  # a test of alpha's four cards
            assert isinstance(app.screen, TestScreen)
            await pilot.press("ctrl+s", "s")  # submitted unanswered (s: past the question)
            await stats_and_back(pilot, TestResultsScreen)
            await pilot.press("m")
            game = app.screen
            assert isinstance(game, MatchScreen)
            tiles = game.game.tiles
            for index, tile in enumerate(tiles):
                if tile.side == "question":
                    partner = next(
                        j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != index
                    )
                    await pilot.press(TILE_KEYS[index], TILE_KEYS[partner])
            await stats_and_back(pilot, MatchDoneScreen)

    asyncio.run(play())


def test_an_empty_collection(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            assert screen.scope == Scope()
            assert text_of(screen, "#stats-summary").startswith("No cards in All decks yet.")

    asyncio.run(play())


def test_help_opens_from_the_deck_picker_and_the_page_fits_every_size(
    history: Collection,
) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)

            def check(width: int) -> None:
                assert_within_width(app, [screen.query_one("#stats-body")])
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)
            await pilot.press("f")  # the deck/tag picker opens
            await pilot.pause()
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert "Pick" in {key.description for key in app.screen.keys}

    asyncio.run(play())


def test_meters_and_the_calendar_follow_the_theme(history: Collection) -> None:
    def styles(screen: StatsScreen, selector: str) -> set[str]:
        drawn = screen.query_one(selector, Static).content
        assert isinstance(drawn, Text)
        return {str(span.style) for span in drawn.spans}

    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            assert f"on {TRACK}" in styles(screen, "#stats-retention")
            assert SHADE_COLORS[0] in styles(screen, "#stats-heatmap")
            app.theme = "textual-light"  # as the settings, or the command palette, change it
            await pilot.pause()
            assert f"on {LIGHT_TRACK}" in styles(screen, "#stats-retention")
            assert f"on {TRACK}" not in styles(screen, "#stats-retention")
            assert LIGHT_SHADE_COLORS[0] in styles(screen, "#stats-heatmap")

    asyncio.run(play())


def test_w_simulates_the_workload_of_each_desired_retention(history: Collection) -> None:
    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "down", "s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            await pilot.press("w")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = [
                str(widget.render()) for widget in screen.query(".stats-workload").results(Static)
            ]
            expected = history.fsrs_workload()
            assert shown[0] == f"FSRS workload by desired retention: {workload_title(expected)}"
            chart = shown[1]
            assert chart.startswith("Reviews a day")
            assert "Remembered at the end" in chart
            assert f"{expected.recommended:.2f}◀" in chart
            assert shown[2].splitlines()[0] == workload_title(expected)
            assert sum("◀ recommended" in line for line in shown[2].splitlines()) == 1
            await pilot.press("w")  # again: the section is made afresh, not added twice
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(screen.query(".stats-workload")) == 3

    asyncio.run(play())


def test_w_with_no_new_card_a_day_says_why(history: Collection) -> None:
    history.new_per_day = 0

    async def play() -> None:
        app = create_app(history)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "down", "s")
            await app.workers.wait_for_complete()
            await pilot.press("w")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            shown = [
                str(widget.render()) for widget in screen.query(".stats-workload").results(Static)
            ]
            assert shown[0] == "FSRS workload by desired retention"
            assert shown[1].startswith("new-per-day is 0: the simulation studies the cards")

    asyncio.run(play())
