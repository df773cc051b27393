"""Home: drawn at once from the quick deck list (the collection opened in the background), and
its rows of decks and tags each a scope to study."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from textual.widgets import DataTable

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import bundled_deck_files, bundled_fingerprint
from studyapp.paths import bundled_cards_dir
from studyapp.scope import Scope
from studyapp.store.deck_list import quick_deck_summaries
from studyapp.tui.app import create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen
from tests.conftest import WriteDeck
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_table_fits


def test_home_draws_at_once_and_opens_the_collection_in_the_background(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    Collection.open(url, clock).close()  # a ready store with the bundled decks
    digest = bundled_fingerprint(bundled_deck_files(bundled_cards_dir()))
    quick = quick_deck_summaries(url, clock.now().date(), digest)
    assert quick is not None
    assert len(quick) == len(bundled_deck_files(bundled_cards_dir()))  # every bundled deck
    opened: list[Collection] = []

    def opener() -> Collection:
        opened.append(Collection.open(url, clock))
        return opened[-1]

    async def play() -> None:
        app = create_app(opener=opener, first_decks=quick)
        async with app.run_test(size=(120, 35)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            table = home.query_one("#decks", DataTable)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.collection_open
            assert table.row_count > 6  # 5 decks, all decks, then the tags
            await pilot.press("l")
            assert isinstance(app.screen, LearnScreen)

    asyncio.run(play())
    assert len(opened) == 1
    opened[0].close()


def test_home_lists_tags_and_studies_one(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(5))
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await pilot.press("down")
            assert home.selected_scope() == Scope(tag="optimizers")
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            assert screen.session.scope == Scope(tag="optimizers")
            assert len(screen.session.cards) == 6

    asyncio.run(play())


def test_home_lays_the_table_out_again_on_every_resize(collection: Collection, deck: Scope) -> None:

    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(120, 35)) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            widths = []
            for size in ((120, 35), (80, 24), (120, 35)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert_table_fits(table)
                assert_footer_keeps_help_and_leave(app)
                widths.append(table.ordered_columns[0].get_render_width(table))
            assert widths[0] == widths[2]  # widening gives the names their room back
            assert table.get_row_at(0)[0].plain == "Optimizers"  # never cut when it fits

    asyncio.run(play())


def test_j_and_k_move_like_the_arrows(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.screen.query_one("#decks", DataTable)
            await pilot.press("j")
            assert table.cursor_row == 1
            await pilot.press("k")
            assert table.cursor_row == 0

    asyncio.run(play())


def test_the_cursor_stays_on_its_deck_when_a_deck_is_added_before_it(
    collection: Collection, deck: Scope, write_deck: WriteDeck
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert home.selected_key() == "opt"
            scope = home.selected_scope()
            assert scope == Scope(decks=("opt",))
            assert scope is not None
            assert scope.label == "Optimizers"  # screens and summaries name the deck's title
            collection.import_file(
                write_deck("a.md", "---\nid: aaa\ntitle: A first\n---\n## Q\nA\n")
            )
            home.refresh_decks()  # as on coming back from a session
            await pilot.pause()
            assert home.selected_key() == "opt"
            assert home.query_one("#decks", DataTable).cursor_row == 1  # "A first" above it

    asyncio.run(play())


def test_coming_back_reads_the_decks_at_once_and_the_tags_in_a_worker(
    collection: Collection, deck: Scope, write_deck: WriteDeck
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(120, 35)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            table = home.query_one("#decks", DataTable)
            tags_before = table.get_row("tag:optimizers")
            more = "---\nid: more\ntitle: More\n---\n## Q\nA\n\ntags:: optimizers\n"
            collection.import_file(write_deck("more.md", more))
            home.refresh_decks()  # as on coming back from a session
            assert table.get_row("more")[1] == "1"  # the decks' counts at once
            assert table.get_row("tag:optimizers") == tags_before  # until the worker is done
            counting = [worker for worker in app.workers if worker.group == "tag-counts"]
            await counting[-1].wait()
            await pilot.pause()
            assert table.get_row("tag:optimizers")[1] == str(int(tags_before[1]) + 1)

    asyncio.run(play())


def test_a_count_column_widens_to_its_largest_figure() -> None:
    from studyapp.store.deck_list import DeckSummary
    from studyapp.tui.screens.home import OTHER_COLUMNS, count_columns

    small = [DeckSummary(f"d{n}", f"D{n}", 2000, 100, 1400, 76.0) for n in range(3)]
    assert count_columns(small, []) == list(OTHER_COLUMNS)
    big = [DeckSummary(f"d{n}", f"D{n}", 2000, 100, 1400, 76.0) for n in range(55)]
    assert dict(count_columns(big, [])) == {"Cards": 6, "New": 4, "Due today": 9, "Mastery": 7}
