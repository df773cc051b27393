"""Pilot tests of the matching game: a whole game played with keys, then the store checked."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.matching import MatchGame
from studyapp.scope import Scope
from studyapp.store.schema import answers, match_games, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.base import VIM_HELP
from studyapp.tui.screens.confirm import LeaveMatchDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.matching import TILE_KEYS, MatchDoneScreen, MatchScreen
from studyapp.tui.widgets.match_tile import MatchTile
from studyapp.tui.widgets.rating_table import RatingTable
from tests.conftest import WriteDeck
from tests.store_rows import all_rows, one_row
from tests.tui.fit import (
    assert_footer_keeps_help_and_leave,
    assert_table_fits,
    assert_within_width,
    resize_round_trip,
)


def test_a_whole_matching_game(collection: Collection, deck: Scope, clock: FixedClock) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game: MatchGame = screen.game
            tiles = game.tiles
            partner = {
                i: next(j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != i)
                for i, tile in enumerate(tiles)
            }
            first = next(i for i, t in enumerate(tiles) if t.side == "question")
            wrong = next(
                j for j, t in enumerate(tiles) if t.side == "answer" and j != partner[first]
            )
            await pilot.press(TILE_KEYS[first], TILE_KEYS[wrong])  # a wrong pair: +1 s
            for index, tile in enumerate(tiles):
                if tile.side == "question":
                    clock.advance(seconds=3)
                    await pilot.press(TILE_KEYS[index], TILE_KEYS[partner[index]])
            assert isinstance(app.screen, MatchDoneScreen)
            await pilot.press("3")  # rate the first pair
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.best_match_ms(Scope(decks=("opt",))) == 19_000
    with collection.engine.connect() as db:
        game = one_row(db, match_games)
        assert (game.pairs, game.mistakes, game.elapsed_ms, game.penalty_ms) == (
            6,
            1,
            18_000,
            1_000,
        )
        assert db.scalar(select(func.count()).select_from(answers)) == 6
        assert db.execute(select(reviews.c.mode, reviews.c.rating)).all() == [("matching", 3)]


def test_esc_in_a_game_under_way_asks_first(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            tiles = screen.game.tiles
            question = next(i for i, t in enumerate(tiles) if t.side == "question")
            answer = next(
                i
                for i, t in enumerate(tiles)
                if t.side == "answer" and t.card_id == tiles[question].card_id
            )
            await pilot.press(TILE_KEYS[question], TILE_KEYS[answer])
            await pilot.press("escape")
            dialog = app.screen
            assert isinstance(dialog, LeaveMatchDialog)
            assert "1 pair" in dialog.message
            await pilot.press("escape")  # keep going
            assert app.screen is screen
            assert len(screen.game.matched) == 2
            await pilot.press("q", "l")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(match_games)) == 0


def test_the_board_re_lays_out_and_tiles_show_their_whole_text(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            tiles = list(screen.query(MatchTile))

            def check(width: int) -> None:
                assert_within_width(app, tiles)
                rows = {tile.region.y for tile in tiles}
                assert len(rows) == (3 if width >= 100 else 4)  # 4 or 3 tiles a row
                for tile in tiles:  # the whole text, on as many lines as it takes
                    text = tile.render()
                    assert isinstance(text, Content)
                    lines = text.wrap(tile.content_region.width)
                    assert tile.content_region.height >= len(lines)
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)

    asyncio.run(play())


def test_the_results_table_fits_its_dialog_at_every_size(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            tiles = screen.game.tiles
            for index, tile in enumerate(tiles):
                if tile.side == "question":
                    partner = next(
                        j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != index
                    )
                    await pilot.press(TILE_KEYS[index], TILE_KEYS[partner])
            assert isinstance(app.screen, MatchDoneScreen)
            table = app.screen.query_one("#ratings", RatingTable)
            await pilot.press("4")

            def check(width: int) -> None:
                assert_table_fits(table)
                assert str(table.get_row_at(0)[-1]) == "4"  # a rating given stays shown
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)

    asyncio.run(play())


def _partner(game: MatchGame, index: int) -> int:
    """The other tile of the card whose tile is at ``index``."""
    card_id = game.tiles[index].card_id
    return next(j for j, t in enumerate(game.tiles) if t.card_id == card_id and j != index)


def _wrong_answer(game: MatchGame, question: int) -> int:
    """An answer tile that is not the partner of the question at ``question``."""
    card_id = game.tiles[question].card_id
    return next(j for j, t in enumerate(game.tiles) if t.side == "answer" and t.card_id != card_id)


def _questions(game: MatchGame) -> list[int]:
    return [i for i, t in enumerate(game.tiles) if t.side == "question"]


def _status(screen: MatchScreen) -> str:
    return str(screen.query_one("#match-status", Static).render())


def _long_deck(cards: int) -> str:
    """A deck whose questions and short answers are longer than a results row has room for."""
    parts = ["---\nid: long\ntitle: Long\n---\n"]
    for number in range(cards):
        parts.append(
            f"## What are the general guidelines for choosing hyperparameter {number} when "
            "training a deep network from scratch?\n"
            f"Long answer {number}.\n\n"
            f"short:: Start from the defaults of the paper, then tune setting {number} on a "
            "log scale\n"
        )
    return "\n".join(parts)


def test_help_and_the_leave_dialog_stop_the_games_clock(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            clock.advance(seconds=2)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            assert game.paused
            assert "Time 2.0 s (paused)" in _status(screen)
            clock.advance(seconds=30)  # reading help: not counted
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            assert not game.paused
            first = _questions(game)[0]
            await pilot.press(TILE_KEYS[first], TILE_KEYS[_wrong_answer(game, first)])
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LeaveMatchDialog)
            assert game.paused
            clock.advance(seconds=40)  # thinking about leaving: not counted
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            for index in _questions(game):
                clock.advance(seconds=1)
                await pilot.press(TILE_KEYS[index], TILE_KEYS[_partner(game, index)])
            assert isinstance(app.screen, MatchDoneScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        game = one_row(db, match_games)
        assert (game.elapsed_ms, game.penalty_ms) == (2_000 + 6_000, 1_000)


def test_a_wrong_pair_is_said_in_the_status_line_not_in_a_toast(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MatchScreen, "FLASH_SECONDS", 600.0)  # the test ends it: timing-free

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            first = _questions(game)[0]
            await pilot.press(TILE_KEYS[first], TILE_KEYS[_wrong_answer(game, first)])
            status = screen.query_one("#match-status", Static)
            assert "penalties 1 s  ·  Not a pair: +1 s" in _status(screen)
            assert status.has_class("-flash")
            assert status.region.height == 1  # one line at 80 columns: the board stays put
            assert list(app._notifications) == []
            screen.end_flash()  # as its timer does
            await pilot.pause()
            assert "Not a pair" not in _status(screen)
            assert "0 of 6 pairs" in _status(screen)
            assert not status.has_class("-flash")

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(match_games)) == 0


def test_the_first_tile_has_the_focus_and_enter_picks_it(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            focused = screen.focused
            assert isinstance(focused, MatchTile)
            assert focused.index == 0
            await pilot.press("enter")
            assert game.selected == 0
            await pilot.press(TILE_KEYS[_partner(game, 0)])
            assert game.matched == {0, _partner(game, 0)}
            focused = screen.focused  # the focus moved on to a tile still in play
            assert isinstance(focused, MatchTile)
            assert focused.index not in game.matched
            await pilot.press("enter")
            assert game.selected == focused.index

    asyncio.run(play())


def test_esc_reads_leave_in_the_footer_help_and_dialog(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            footer = {key.key: key.description for key in app.screen.query(FooterKey)}
            assert footer["escape"] == "Leave"
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            said = {key.key: key.description for key in help_screen.keys}
            assert said["escape,q"] == "Leave (asks first: an unfinished game is not saved)"
            await pilot.press("escape", "a", "escape")
            dialog = app.screen
            assert isinstance(dialog, LeaveMatchDialog)
            assert dialog.title_text == "Leave the game?"
            assert "l Leave, game not saved" in str(
                dialog.query_one("#confirm-keys", Static).render()
            )

    asyncio.run(play())


def test_a_two_pair_game_is_both_pairs_and_a_wrong_pick_marks_the_cards_it_involved(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", _long_deck(2)))

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            assert game.pairs == 2
            first = _questions(game)[0]
            # the question of one card and the answer of the other: both cards were mistaken
            await pilot.press(TILE_KEYS[first], TILE_KEYS[_wrong_answer(game, first)])
            for index in _questions(game):
                await pilot.press(TILE_KEYS[index], TILE_KEYS[_partner(game, index)])
            done = app.screen
            assert isinstance(done, MatchDoneScreen)
            said = str(done.query_one("#summary-box Static", Static).render())
            assert said.startswith("Both pairs matched · ")
            assert "✗: one of the pair's two tiles was in a wrong pick" in said
            table = done.query_one("#ratings", RatingTable)
            assert [str(table.get_row_at(row)[0]) for row in range(2)] == ["✗", "✗"]

    asyncio.run(play())
    with collection.engine.connect() as db:
        assert [a.correct for a in all_rows(db, answers)] == [False, False]


def test_the_results_use_the_dialogs_width_mark_only_the_mistaken_and_move_with_j_k(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", _long_deck(6)))
    second_row: list[int] = []  # the card of the row rated

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            first = _questions(game)[0]
            wrong = _wrong_answer(game, first)
            blamed = {game.tiles[first].card_id, game.tiles[wrong].card_id}
            await pilot.press(TILE_KEYS[first], TILE_KEYS[wrong])
            for index in _questions(game):
                await pilot.press(TILE_KEYS[index], TILE_KEYS[_partner(game, index)])
            done = app.screen
            assert isinstance(done, MatchDoneScreen)
            table = done.query_one("#ratings", RatingTable)
            marks = {
                row.key: str(table.get_row_at(i)[0]) for i, row in enumerate(table.rating_rows)
            }
            assert {card for card, mark in marks.items() if mark == "✗"} == blamed

            def check(width: int) -> None:  # cut texts fill the table: no column left empty
                used = sum(column.get_render_width(table) for column in table.columns.values())
                assert used == table.scrollable_content_region.width, width

            await resize_round_trip(pilot, check)
            await pilot.press("j", "j")
            assert table.cursor_row == 2
            await pilot.press("k")
            assert table.cursor_row == 1
            second_row.append(table.rating_rows[1].key)
            await pilot.press("4")  # rates the row j and k moved to
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert VIM_HELP in help_screen.keys

    asyncio.run(play())
    with collection.engine.connect() as db:
        rated = db.execute(select(reviews.c.card_id, reviews.c.mode, reviews.c.rating)).all()
    assert rated == [(second_row[0], "matching", 4)]


def test_the_arrows_move_between_tiles_and_keep_the_focused_one_in_view(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", _long_deck(6)))

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            board = screen.query_one("#board-scroll")
            assert board.max_scroll_y > 0  # the board is taller than the screen
            for step in range(1, 12):
                await pilot.press("down")
                await pilot.pause()
                focused = screen.focused
                assert isinstance(focused, MatchTile)
                assert focused.index == step
                assert board.region.contains_region(focused.region)  # scrolled into view
            await pilot.press("up")
            focused = screen.focused
            assert isinstance(focused, MatchTile)
            assert focused.index == 10

    asyncio.run(play())


def _long_titled_deck(cards: int) -> str:
    """:func:`_long_deck` under a title that wraps in the results dialog at 80 columns."""
    title = "A deck whose title is long enough to wrap in the results dialog at 80 columns"
    return _long_deck(cards).replace("title: Long", f"title: {title}")


async def _finish_with_a_wrong_pick(pilot: Pilot[None]) -> MatchDoneScreen:
    """Play the game on screen: one wrong pair, then every pair; the results dialog."""
    await pilot.press("m")
    screen = pilot.app.screen
    assert isinstance(screen, MatchScreen)
    game = screen.game
    first = _questions(game)[0]
    await pilot.press(TILE_KEYS[first], TILE_KEYS[_wrong_answer(game, first)])
    for index in _questions(game):
        await pilot.press(TILE_KEYS[index], TILE_KEYS[_partner(game, index)])
    await pilot.pause()
    done = pilot.app.screen
    assert isinstance(done, MatchDoneScreen)
    return done


def _cursor_row_shown(done: MatchDoneScreen) -> bool:
    """Whether the results table lies inside its dialog and its cursor row is in view."""
    table = done.query_one("#ratings", RatingTable)
    box = done.query_one("#summary-box")
    rows_shown = table.scrollable_content_region.height - table.header_height
    top = round(table.scroll_y)
    return (
        box.content_region.contains_region(table.region)
        and top <= table.cursor_row < top + rows_shown
    )


def test_the_results_table_scrolls_in_a_short_dialog_and_rates_the_row_in_view(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", _long_titled_deck(6)))
    rated: list[int] = []  # the card of each row, in order

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            done = await _finish_with_a_wrong_pick(pilot)
            table = done.query_one("#ratings", RatingTable)
            assert table.row_count == 6
            assert table.max_scroll_y > 0  # more rows than room: the table scrolls
            assert _cursor_row_shown(done)
            for row in range(1, 6):  # every row reachable, and in view when the cursor is on it
                await pilot.press("down")
                await pilot.pause()
                assert table.cursor_row == row
                assert _cursor_row_shown(done)
            await pilot.press(*"kkkkk")
            await pilot.pause()
            assert table.cursor_row == 0
            assert table.scroll_y == 0
            for row in range(6):  # each rating lands on the row in view, the next comes in view
                assert _cursor_row_shown(done)
                rated.append(table.rating_rows[table.cursor_row].key)
                await pilot.press(str(row % 5 + 1))
                await pilot.pause()
                assert str(table.get_row_at(row)[-1]) == str(row % 5 + 1)
            assert table.cursor_row == 5
            assert _cursor_row_shown(done)
            await pilot.resize_terminal(120, 35)  # room again: the whole table, no scrolling
            await pilot.pause()
            await pilot.pause()
            assert table.max_scroll_y == 0
            assert _cursor_row_shown(done)

    asyncio.run(play())
    with collection.engine.connect() as db:
        given = db.execute(select(reviews.c.card_id, reviews.c.mode, reviews.c.rating)).all()
    assert given == [(card, "matching", row % 5 + 1) for row, card in enumerate(rated)]


def _prompt(screen: MatchScreen) -> str:
    return str(screen.query_one("#prompt", Static).render())


def test_a_tile_picked_out_of_view_scrolls_in_and_the_prompt_says_when_tiles_are_hidden(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("long.md", _long_deck(6)))

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("m")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            board = screen.query_one("#board-scroll")
            tiles = list(screen.query(MatchTile))
            assert not board.region.contains_region(tiles[11].region)  # l starts out of view
            assert _prompt(screen).endswith("More tiles below: PageDown")
            await pilot.press("l")
            await pilot.pause()
            assert screen.game.selected == 11
            assert board.region.contains_region(tiles[11].region)  # picked: scrolled into view
            assert _prompt(screen).endswith("More tiles above: PageUp")
            await pilot.press("a")
            await pilot.pause()
            assert board.region.contains_region(tiles[0].region)
            assert _prompt(screen).endswith("More tiles below: PageDown")
            await pilot.press("pagedown")
            await pilot.pause()
            assert "More tiles" in _prompt(screen)
            assert "PageUp" in _prompt(screen)
            assert screen.query_one("#prompt").region.height == 1  # one line at 80 columns

    asyncio.run(play())


def test_a_board_that_fits_says_the_penalty_under_it(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            assert screen.query_one("#board-scroll").max_scroll_y == 0
            assert _prompt(screen) == (
                "Press two letters: a question and its answer. A wrong pair adds 1 s."
            )

    asyncio.run(play())


def test_a_second_question_or_answer_is_said_in_the_status_line_and_in_help(
    collection: Collection, deck: Scope, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MatchScreen, "FLASH_SECONDS", 600.0)  # the test ends it: timing-free

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game = screen.game
            first, second = _questions(game)[:2]
            await pilot.press(TILE_KEYS[first], TILE_KEYS[second])
            status = screen.query_one("#match-status", Static)
            assert "penalties 0 s  ·  Pick a question and an answer" in _status(screen)
            assert status.has_class("-flash")
            assert status.region.height == 1
            assert game.selected == second  # the second question is the one picked
            assert list(app._notifications) == []
            screen.end_flash()  # as its timer does
            await pilot.pause()
            assert "Pick a question" not in _status(screen)
            await pilot.press(TILE_KEYS[_partner(game, second)])
            answers = [
                i for i, t in enumerate(game.tiles) if t.side == "answer" and i not in game.matched
            ]
            await pilot.press(TILE_KEYS[answers[0]], TILE_KEYS[answers[1]])  # two answers
            assert "Pick a question and an answer" in _status(screen)
            assert game.mistakes == 0
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            said = {key.key: key.tooltip for key in help_screen.keys}
            assert said["a–l"] is not None
            assert "A second question (or answer) is picked instead of the first" in said["a–l"]
            assert 'the status line says "Pick a question and an answer"' in said["a–l"]

    asyncio.run(play())


def test_a_deck_of_numeric_cards_says_why_it_has_no_game(collection: Collection) -> None:
    collection.import_file(Path(__file__).parents[3] / "cards" / "training-by-the-numbers.md")

    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("m")
            assert isinstance(app.screen, HomeScreen)
            [said] = list(app._notifications)
            assert said.message == (
                "Matching needs 2 cards with different answers; numeric cards are not matched, "
                "so Training by the numbers has none."
            )

    asyncio.run(play())
