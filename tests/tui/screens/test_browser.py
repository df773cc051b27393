"""The card browser: opened with b, a search typed (live and with enter), the count, sorting by
key and by a click on a heading, pages read as the cursor moves, errors under the box, a row
refreshed after a change, enter on a row, and every size."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, update
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from studyapp.collection import Collection
from studyapp.store.errors import StoreBusyError
from studyapp.store.schema import card_states, cards
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens import browser
from studyapp.tui.screens.browser import BrowserScreen, shown_columns
from studyapp.tui.screens.browser_columns import ColumnsDialog
from studyapp.tui.screens.card_detail import CardDetailScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from tests.conftest import WriteDeck
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_table_fits
from tests.tui.keys import keys_for

#: 30 cards: "Adam question n" for even n, "Momentum question n" for odd n.
DECK = "---\nid: many\ntitle: Many cards\n---\n" + "".join(
    f"## {'Adam' if n % 2 == 0 else 'Momentum'} question {n:02d}\nAnswer {n}\n\nid:: c{n:02d}\n\n"
    for n in range(30)
)


@pytest.fixture
def ids(collection: Collection, write_deck: WriteDeck) -> dict[str, int]:
    """The 30-card deck imported; card ids by key."""
    collection.import_file(write_deck("many.md", DECK))
    with collection.engine.connect() as connection:
        return {
            key: card_id for card_id, key in connection.execute(select(cards.c.id, cards.c.key))
        }


@pytest.fixture(autouse=True)
def searches_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing searches after a pause of 10 ms (no longer pause to wait for in tests)."""
    monkeypatch.setattr(browser, "DEBOUNCE_SECONDS", 0.01)


async def settle(app: StudyApp, pilot: Pilot[None]) -> None:
    """Let timers fire, the search workers finish and their rows be shown."""
    for _ in range(3):
        await asyncio.sleep(0)
        await app.workers.wait_for_complete()
    await pilot.pause()


async def open_browser(app: StudyApp, pilot: Pilot[None]) -> BrowserScreen:
    """Press b on home; the browser, with its first search shown."""
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("b")
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    await settle(app, pilot)
    assert isinstance(app.focused, Input), "the search box has the keys: type at once"
    return screen


def status(screen: BrowserScreen) -> str:
    return str(screen.query_one("#browser-status", Static).render())


def questions(screen: BrowserScreen) -> list[str]:
    table = screen.query_one("#browser-cards", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def mark(collection: Collection, card: int | None, **values: object) -> None:
    """Set a card's marks in the store, as the marks' keys will."""
    with collection.engine.begin() as connection:
        connection.execute(
            update(card_states).where(card_states.c.card_id == card).values(**values)
        )


def row_texts(screen: BrowserScreen, card: int | None) -> list[str]:
    """The cells of a card's row as text."""
    return [str(value) for value in screen.query_one(DataTable).get_row(str(card))]


def test_b_opens_the_browser_a_typed_search_finds_cards_and_esc_goes_back(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            assert status(screen) == "30 cards · sorted by due, ascending"
            await pilot.press(*keys_for("adam"))
            for _ in range(50):  # until the pause after typing has passed (bounded)
                await pilot.pause(0.02)
                await settle(app, pilot)
                if not status(screen).startswith("30 cards"):
                    break
            await pilot.pause()
            assert status(screen).startswith("15 cards")
            assert all(question.startswith("Adam") for question in questions(screen))
            await pilot.press(*keys_for(" -question"), "enter")  # enter: at once, to the table
            await settle(app, pilot)
            assert status(screen).startswith("0 cards")
            assert isinstance(app.focused, DataTable)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_a_bad_query_is_shown_under_the_box_and_the_rows_stay(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_browser(app, pilot)
            screen.query_one(Input).value = "is:nope"  # pasted (typed, its first letters search)
            await pilot.press("enter")
            await settle(app, pilot)
            error = screen.query_one("#browser-error", Static)
            assert error.display
            assert 'unknown "is:nope"' in str(error.render())
            assert len(questions(screen)) == 30  # the last good search's rows
            await pilot.press("slash", *keys_for("is:new"), "enter")  # / selects the old query
            await settle(app, pilot)
            assert screen.query_one(Input).value == "is:new"
            assert not error.display
            assert status(screen).startswith("30 cards")

    asyncio.run(play())


def test_o_cycles_the_sort_r_reverses_and_a_heading_click_sorts(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down")  # from the search box to the cards
            await pilot.press("o")  # due → interval
            await settle(app, pilot)
            assert (screen.sort, screen.descending) == ("interval", False)
            assert status(screen).endswith("sorted by interval, ascending")
            await pilot.press("r")
            await settle(app, pilot)
            assert status(screen).endswith("sorted by interval, descending")
            table = screen.query_one("#browser-cards", DataTable)
            await pilot.click(table, offset=(3, 0))  # the Question heading
            await settle(app, pilot)
            assert (screen.sort, screen.descending) == ("question", False)
            assert questions(screen)[:2] == ["Adam question 00", "Adam question 02"]
            assert str(table.ordered_columns[0].label) == "Question▲"
            await pilot.click(table, offset=(3, 0))  # again: the other way
            await settle(app, pilot)
            assert screen.descending
            assert questions(screen)[:2] == ["Momentum question 29", "Momentum question 27"]
            assert str(table.ordered_columns[0].label) == "Question▼"

    asyncio.run(play())


def test_pages_are_read_as_the_cursor_moves(
    collection: Collection, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser, "PAGE_ROWS", 8)
    monkeypatch.setattr(browser, "READ_AHEAD", 2)

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 12)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down")  # from the search box to the cards
            table = screen.query_one("#browser-cards", DataTable)
            assert table.row_count == 8
            assert status(screen) == "30 cards (8 loaded) · sorted by due, ascending"
            for _ in range(6):
                await pilot.press("j")
            await settle(app, pilot)
            assert table.row_count == 16
            assert table.cursor_row == 6
            await pilot.press("ctrl+end", "ctrl+end", "ctrl+end")
            await settle(app, pilot)
            await pilot.press("ctrl+end")
            await settle(app, pilot)
            assert table.row_count == 30
            assert status(screen) == "30 cards · sorted by due, ascending"
            keys = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(30)]
            assert sorted(map(int, keys)) == sorted(ids.values())  # each card once

    asyncio.run(play())


def test_refresh_rows_shows_a_change_and_keeps_the_cursor_on_its_card(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down")  # from the search box to the cards
            await pilot.press("j", "j", "j")
            card = screen.selected_card()
            assert card is not None
            mark(collection, card, suspended=True, starred=True, flag=1)
            screen.refresh_rows()
            await settle(app, pilot)
            assert screen.selected_card() == card
            row = row_texts(screen, card)
            assert row[2] == "suspended"
            assert "★ red" in row

    asyncio.run(play())


def test_enter_on_a_row_opens_its_card_and_a_change_shows_on_return(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down")  # from the search box to the cards
            await pilot.press("j")
            card = screen.selected_card()
            await pilot.press("enter")
            await pilot.pause()
            detail = app.screen
            assert isinstance(detail, CardDetailScreen)
            assert detail.card_id == card
            mark(collection, card, starred=True)
            detail.dismiss(True)  # as the detail screen closes after a change
            await settle(app, pilot)
            assert app.screen is screen
            assert screen.selected_card() == card
            assert "★" in row_texts(screen, card)

    asyncio.run(play())


def test_every_size_fits_and_help_lists_the_keys(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down")  # from the search box to the cards
            table = screen.query_one("#browser-cards", DataTable)
            for size in ((120, 35), (80, 24), (120, 35)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert_table_fits(table)
                assert_footer_keeps_help_and_leave(app, leave="esc", help_key="f1")
                assert [c.sort for c in screen._columns] == [c.sort for c in shown_columns(size[0])]
                assert table.row_count == 30
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            described = {binding.description for binding in app.screen.keys}
            assert {"Search", "Sort by", "Reverse", "Back", "Move"} <= described

    asyncio.run(play())


def test_the_question_keeps_its_room_and_more_columns_come_with_width() -> None:
    narrow, wide = shown_columns(80), shown_columns(200)
    assert narrow[0].sort == wide[0].sort == "question"
    assert narrow[0].width >= 24
    assert {c.sort for c in narrow} < {c.sort for c in wide}
    assert {c.sort for c in wide} == {
        *("question", "deck", "state", "due", "flag", "ease", "interval", "lapses"),
        *("rating", "reviews", "tags", "recall"),
    }
    for width in (80, 100, 120, 160):
        taken = sum(column.width + 2 for column in shown_columns(width))
        assert taken <= width - browser.TABLE_CHROME + 2


def test_the_sorted_column_and_the_chosen_ones_are_shown_first() -> None:
    assert "lapses" not in {c.sort for c in shown_columns(120)}
    assert "lapses" in {c.sort for c in shown_columns(120, sort="lapses")}
    assert "flag" in {c.sort for c in shown_columns(80, sort="starred")}  # the star is a mark
    for sort in ("rating", "lapses", "reviews", "ease"):  # room for the heading's ▲ or ▼
        (column,) = [c for c in shown_columns(80, sort=sort) if c.sort == sort]
        assert column.width > len(column.label)
    screen = BrowserScreen()
    screen.sort = "starred"
    assert screen._heading(browser.Column("Marks", "flag", 11)) == "Marks▲"
    chosen = [c.sort for c in shown_columns(120, ("lapses", "reviews", "rating", "tags"))]
    assert chosen == ["question", "lapses", "reviews", "rating", "tags"]  # in table order
    for width in (80, 120):
        for sort in ("tags", "reviews", "card"):
            taken = sum(c.width + 2 for c in shown_columns(width, ("deck",), sort))
            assert taken <= width - browser.TABLE_CHROME + 2


def test_v_chooses_the_columns_and_the_choice_is_kept(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            table = screen.query_one("#browser-cards", DataTable)
            assert "Lapses" not in [str(c.label) for c in table.ordered_columns]
            await pilot.press("down", "v")  # to the cards; the chooser, every column ticked
            dialog = app.screen
            assert isinstance(dialog, ColumnsDialog)
            await pilot.press("space", "j", "space", "j", "space")  # untick Deck, State, Due
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is screen
            labels = [str(c.label) for c in table.ordered_columns]
            assert labels[:3] == ["Question", "Due▲", "Ivl"]  # sorted by due: it stays
            assert "Lapses" in labels
            assert "Deck" not in labels
            assert_table_fits(table)
            assert collection.browser_columns == tuple(c.sort for c in browser.COLUMNS[4:])
            await pilot.press("v", "escape")  # nothing changed: nothing stored again
            assert app.screen is screen

    asyncio.run(play())


def test_a_mark_changes_the_row_where_it_is_without_sorting_again(
    collection: Collection, ids: dict[str, int]
) -> None:
    """Sorted by state, a suspended card would move to the end: it stays, as does the cursor,
    until the next search (then it moves)."""

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await open_browser(app, pilot)
            screen.sort_by("state")
            await settle(app, pilot)
            await pilot.press("down", "j")
            card = screen.selected_card()
            before = [row.card_id for row in screen.loaded]
            await pilot.press("at")
            await settle(app, pilot)
            table = screen.query_one("#browser-cards", DataTable)
            assert (table.cursor_row, screen.selected_card()) == (1, card)
            assert [row.card_id for row in screen.loaded] == before
            assert "suspended" in row_texts(screen, card)
            screen.search()
            await settle(app, pilot)
            assert screen.loaded[-1].card_id == card  # searched again: sorted by state

    asyncio.run(play())


def test_a_store_failure_is_shown_under_the_box(
    collection: Collection, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_browser(app, pilot)

            def busy(*_args: object, **_kwargs: object) -> None:
                raise StoreBusyError("the database is busy: try again")

            monkeypatch.setattr(collection, "search_cards", busy)
            await pilot.press("a", "enter")
            await settle(app, pilot)
            error = screen.query_one("#browser-error", Static)
            assert error.display
            assert str(error.render()) == "the database is busy: try again"
            assert isinstance(app.screen, BrowserScreen)

    asyncio.run(play())


def test_the_marks_keys_suspend_bury_star_and_flag_the_highlighted_card(
    collection: Collection, ids: dict[str, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_browser(app, pilot)
            await pilot.press("down", "j")
            card = screen.selected_card()
            assert card is not None
            await pilot.press("at", "asterisk", "f", "3")
            await settle(app, pilot)
            marks = collection.card_marks(card)
            assert (marks.suspended, marks.starred, marks.flag) == (True, True, 3)
            assert screen.selected_card() == card
            assert row_texts(screen, card)[2] == "suspended"
            await pilot.press("at", "minus")  # unsuspend, then bury until tomorrow
            await settle(app, pilot)
            marks = collection.card_marks(card)
            assert not marks.suspended
            assert marks.buried_on(collection.today())
            await pilot.press("minus", "asterisk", "f", "0")  # and each taken back
            await settle(app, pilot)
            marks = collection.card_marks(card)
            assert (marks.buried_until, marks.starred, marks.flag) == (None, False, 0)
            await pilot.press("escape", "escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
