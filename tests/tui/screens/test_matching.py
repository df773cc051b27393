"""Pilot tests of the matching game: a whole game played with keys, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import func, select
from textual.content import Content

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.matching import MatchGame
from studyapp.scope import Scope
from studyapp.store.schema import answers, match_games, reviews
from studyapp.tui.app import create_app
from studyapp.tui.screens.confirm import LeaveMatchDialog
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.matching import TILE_KEYS, MatchDoneScreen, MatchScreen
from studyapp.tui.widgets.match_tile import MatchTile
from studyapp.tui.widgets.rating_table import RatingTable
from tests.store_rows import one_row
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
            await pilot.press("k")  # keep going
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
