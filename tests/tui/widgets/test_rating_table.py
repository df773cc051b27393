"""The rating keys and the rating table: a key becomes a Rating, handed up in a message."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.binding import Binding

from studyapp.scheduling.rating import Rating
from studyapp.tui.widgets.rating_table import (
    RATING_RANGE,
    RatingRow,
    RatingTable,
    fitted_widths,
    rating_bindings,
)


def test_the_keys_are_one_footer_entry_worded_by_the_rating_scale() -> None:
    bindings = rating_bindings("spaced")
    assert all(isinstance(binding, Binding) for binding in bindings)
    keys = [binding for binding in bindings if isinstance(binding, Binding)]
    assert [b.key for b in keys] == ["1", "2", "3", "4", "5"]
    assert [b.action for b in keys] == [f"rate({n})" for n in range(1, 6)]
    assert [b.id for b in keys] == [f"spaced.rate{n}" for n in range(1, 6)]
    assert [b.show for b in keys] == [True, False, False, False, False]
    assert RATING_RANGE == "1 Not at all … 5 Perfectly"
    assert keys[0].description == "Rate"  # short, so the footer keeps ? and the way back
    assert (keys[0].key_display, keys[0].tooltip) == (
        "1–5",
        "Rate how well you knew it: 1 Not at all … 5 Perfectly",
    )
    # help lists the whole scale on the first key's line, not "Rate 2", "Rate 3" … again
    assert [b.description for b in keys[1:]] == ["", "", "", ""]
    assert all(b.id is None for b in rating_bindings() if isinstance(b, Binding))


class RatingApp(App[None]):
    """A table of three rows, keeping every rating it is handed."""

    def __init__(self) -> None:
        super().__init__()
        self.rated: list[tuple[int, Rating]] = []

    def compose(self) -> ComposeResult:
        rows = [RatingRow(key, (f"question {key}",)) for key in (7, 8, 9)]
        yield RatingTable(["Question"], rows, id="ratings")

    def on_mount(self) -> None:
        self.query_one(RatingTable).focus()

    def on_rating_table_rated(self, event: RatingTable.Rated) -> None:
        assert event.control is self.query_one(RatingTable)
        self.rated.append((event.key, event.rating))


def test_a_key_rates_the_highlighted_row_and_goes_up_as_a_rating() -> None:
    async def play() -> None:
        app = RatingApp()
        async with app.run_test(size=(60, 12)) as pilot:
            table = app.query_one(RatingTable)
            await pilot.press("4", "1")
            assert app.rated == [(7, Rating.FOUR), (8, Rating.NOT_AT_ALL)]
            assert all(isinstance(rating, Rating) for _, rating in app.rated)
            assert table.ratings == {0: Rating.FOUR, 1: Rating.NOT_AT_ALL}
            assert [str(table.get_row_at(row)[-1]) for row in range(3)] == ["4", "1", "–"]
            assert table.cursor_row == 2
            await pilot.press("5", "2")  # the last row: rated again, the cursor stays
            assert app.rated[2:] == [(9, Rating.PERFECTLY), (9, Rating.TWO)]
            assert str(table.get_row_at(2)[-1]) == "2"
            assert table.cursor_row == 2

    asyncio.run(play())


def test_an_updated_row_keeps_its_new_cells_and_rating_when_the_table_is_laid_out_again() -> None:
    async def play() -> None:
        app = RatingApp()
        async with app.run_test(size=(60, 12)) as pilot:
            table = app.query_one(RatingTable)
            await pilot.press("3")  # the first row rated, the cursor on the second
            table.update_row(0, ("question 7, corrected",))
            assert [str(cell) for cell in table.get_row_at(0)] == ["question 7, corrected", "3"]
            assert table.cursor_row == 1
            await pilot.resize_terminal(40, 12)  # laid out again from the rows it keeps
            await pilot.pause()
            assert [str(cell) for cell in table.get_row_at(0)] == ["question 7, corrected", "3"]
            assert table.cursor_row == 1
            await pilot.press("5")
            assert app.rated == [(7, Rating.THREE), (8, Rating.PERFECTLY)]

    asyncio.run(play())


def test_columns_are_cut_widest_first_until_the_table_fits() -> None:
    rows = [("#", "Question", "Answer"), ("1", "q" * 40, "a" * 20)]
    assert fitted_widths(rows, 0) == [1, 40, 20]  # no width yet: as the cells need
    assert fitted_widths(rows, 80) == [1, 40, 20]  # 61 + 6 of padding fit
    assert fitted_widths(rows, 50) == [1, 23, 20]  # the widest cut to what is left
    assert fitted_widths(rows, 10) == [1, 6, 6]  # never below six
