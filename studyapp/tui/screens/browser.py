"""The card browser: search every card (the search language of :mod:`studyapp.store.search_query`)
and list what it finds, sortable by any column; enter opens a card.

The search runs as you type (after a short pause) or on enter, in a thread worker, so the screen
never waits for the store. Only a page of rows is in the table at first; the next page is read
when the cursor comes near the end of what is loaded, so a search that finds 100,000 cards
builds a few hundred rows, not 100,000. A query that cannot be read is shown under the search
box; the rows of the last good search stay.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static
from textual.widgets.data_table import ColumnKey

from studyapp.rendering.card_text import question_line
from studyapp.rendering.marks import marks_text
from studyapp.store.errors import StoreError
from studyapp.store.search_query import SORT_COLUMNS, SearchError
from studyapp.store.version import FLAG_COLOURS
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyScreen
from studyapp.tui.screens.card_marks import choose_flag, mark_bindings
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.text import cell

if TYPE_CHECKING:
    from studyapp.store.search import CardRow, SearchPage

#: Rows read at a time.
PAGE_ROWS: Final = 200
#: The next page is read when the cursor is this close to the last row loaded.
READ_AHEAD: Final = 50
#: How long typing must pause before the search runs (seconds).
DEBOUNCE_SECONDS: Final = 0.3
#: What the table's margins and scrollbar take from the screen's width.
TABLE_CHROME: Final = 4 + 2
#: The question's column is never narrower than this.
QUESTION_WIDTH: Final = 24
PLACEHOLDER: Final = 'Search: words, "a phrase", deck:ID tag:NAME is:due is:new prop:ease<2 -term'


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its heading, the sort column it shows, its width."""

    label: str
    sort: str
    width: int


#: The columns, the question first; those after it are shown while there is room, in order of
#: :data:`ROOM_ORDER`.
COLUMNS: Final = (
    Column("Question", "question", QUESTION_WIDTH),
    Column("Deck", "deck", 16),
    Column("State", "state", 9),
    Column("Due", "due", 10),
    Column("Ivl", "interval", 5),
    Column("Ease", "ease", 4),
    Column("Lapses", "lapses", 6),
    Column("Reviews", "reviews", 7),
    Column("Rating", "rating", 6),
    Column("Recall", "recall", 6),
    Column("Marks", "flag", 11),
    Column("Tags", "tags", 18),
)
ROOM_ORDER: Final = (
    "deck", "state", "due", "flag", "recall", "ease", "interval", "lapses", "rating",
)  # fmt: skip
ROOM_ORDER_LAST: Final = ("reviews", "tags")
#: The share of the screen's width the question keeps before other columns are shown.
QUESTION_SHARE: Final = 0.35
#: The column that shows each sort that has none of its own name (the star is a mark).
SHOWN_BY_SORT: Final = {"starred": "flag"}


def shown_columns(
    width: int, chosen: Container[str] | None = None, sort: str | None = None
) -> list[Column]:
    """The columns that fit a screen ``width`` wide, in table order; the question takes what
    is left. First the column the cards are sorted by, then those ``chosen`` (None: every
    column) in :data:`ROOM_ORDER`, while there is room."""
    question = max(QUESTION_WIDTH, int(width * QUESTION_SHARE))
    room = width - TABLE_CHROME - question - 2
    by_sort = {column.sort: column for column in COLUMNS}
    wanted = [name for name in (*ROOM_ORDER, *ROOM_ORDER_LAST) if chosen is None or name in chosen]
    sorted_by = SHOWN_BY_SORT.get(sort or "", sort)
    if sorted_by in by_sort and sorted_by != "question":
        wanted = [sorted_by, *(name for name in wanted if name != sorted_by)]
    # the sorted column is wide enough for its heading and the ▲ or ▼ after it
    widths = {
        name: max(column.width, len(column.label) + 1) if name == sorted_by else column.width
        for name, column in by_sort.items()
    }
    shown = {"question"}
    for name in wanted:
        needed = widths[name] + 2
        if needed <= room:
            shown.add(name)
            room -= needed
    widths["question"] = question + max(room, 0)
    return [
        Column(column.label, column.sort, widths[column.sort])
        for column in COLUMNS
        if column.sort in shown
    ]


def row_cells(row: CardRow, columns: list[Column]) -> list[str | Text]:
    """A card's cells for the shown columns (card text made safe, cut to its width)."""
    values = {
        "question": question_line(row.question),
        "deck": row.deck_key,
        "state": row.state,
        "due": row.due.isoformat() if row.due else "",
        "interval": str(row.interval),
        "ease": f"{row.ease:.2f}",
        "lapses": str(row.lapses),
        "reviews": str(row.reviews),
        "rating": str(row.last_rating or ""),
        "recall": "" if row.recall is None else f"{row.recall:.0%}",
        "flag": marks_text(row.starred, row.flag, star="★"),
        "tags": " ".join(row.tags),
    }
    return [cell(values[column.sort], column.width) for column in columns]


class BrowserScreen(StudyScreen[None]):
    """Search the cards; the table of what is found, sorted by any column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="browser.search",
            key_display="/",
            tooltip="Type a search (enter runs it and goes to the cards)",
        ),
        Binding("down", "to_cards", "To the cards", id="browser.to_cards", show=False),
        *mark_bindings("browser"),
        Binding("o", "cycle_sort", "Sort by", id="browser.sort", tooltip="Sort by the next column"),
        Binding("r", "reverse_sort", "Reverse", id="browser.reverse", tooltip="Reverse the order"),
        Binding(
            "v", "choose_columns", "Columns", id="browser.columns", tooltip="Choose the columns"
        ),
        Binding("question_mark,f1", "help", "Help", id="browser.help", key_display="f1"),
        Binding("escape,q", "leave", "Back", id="browser.back"),
        *VIM_BINDINGS,
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.sort = "due"
        self.descending = False
        #: The last search shown: its rows (in table order) and how many it found.
        self.loaded: list[CardRow] = []
        self.total = 0
        #: Each search (and each refresh) a new number: a page read for an older one is dropped.
        self.generation = 0
        self.reading_more = False
        self._debounce: Timer | None = None
        self._columns: list[Column] = []
        #: The columns the student chose to see (None: every one that fits).
        self.chosen_columns: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(self.query_text, placeholder=PLACEHOLDER, id="browser-search")
        yield Static("", id="browser-error", markup=False)
        table: DataTable[str | Text] = DataTable(
            id="browser-cards", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static("", id="browser-status", markup=False)
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = "cards"
        self.query_one("#browser-error", Static).display = False
        self.chosen_columns = self.collection.browser_columns
        self._lay_out()
        table = self.query_one("#browser-cards", DataTable)
        self.query_one("#browser-search", Input).focus()  # type at once, as in Anki's browser
        self.watch(table, "scroll_y", self.scrolled, init=False)
        self.search()

    # --- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#browser-search")
    def typed(self, event: Input.Changed) -> None:
        """Search once typing pauses."""
        self.query_text = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.search)

    @on(Input.Submitted, "#browser-search")
    def submitted(self, event: Input.Submitted) -> None:
        """Search now, and go to the results."""
        if self._debounce is not None:
            self._debounce.stop()
        self.query_text = event.value
        self.search()
        self.query_one("#browser-cards", DataTable).focus()

    def search(self, *, keep_rows: int = 0) -> None:
        """Run the search in the box with the chosen order (``keep_rows``: read at least that
        many rows, to refresh what is loaded)."""
        self.generation += 1
        self.reading_more = False
        self._read(
            self.generation, self.query_text, self.sort, self.descending, max(keep_rows, PAGE_ROWS)
        )

    @work(thread=True, exclusive=True, group="browser-search")
    def _read(self, generation: int, query: str, sort: str, descending: bool, rows: int) -> None:
        try:
            page = self.collection.search_cards(
                query, sort=sort, descending=descending, offset=0, limit=rows
            )
        except (SearchError, StoreError) as error:  # a bad query; the store busy or gone
            self.app.call_from_thread(self._show_error, generation, str(error))
            return
        self.app.call_from_thread(self._show, generation, page)

    def _show_error(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        error = self.query_one("#browser-error", Static)
        error.update(message)
        error.display = True

    def _show(self, generation: int, page: SearchPage) -> None:
        """Show a search's first rows (the cursor stays on the same card when it is there)."""
        if generation != self.generation:
            return
        self.query_one("#browser-error", Static).display = False
        table = self.query_one("#browser-cards", DataTable)
        selected = self.selected_card()
        row_index = table.cursor_row
        self.loaded = list(page.rows)
        self.total = page.total
        table.clear()
        self._add_rows(self.loaded)
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)), animate=False)
        elif table.row_count:
            table.move_cursor(row=min(row_index, table.row_count - 1), animate=False)
        self._show_status()

    def _add_rows(self, rows: list[CardRow]) -> None:
        table = self.query_one("#browser-cards", DataTable)
        for row in rows:
            table.add_row(*row_cells(row, self._columns), key=str(row.card_id))

    def _show_status(self) -> None:
        found = f"{self.total:,} card{'' if self.total == 1 else 's'}"
        shown = f" ({len(self.loaded):,} loaded)" if len(self.loaded) < self.total else ""
        order = f"sorted by {self.sort}, {'descending' if self.descending else 'ascending'}"
        self.query_one("#browser-status", Static).update(f"{found}{shown} · {order}")

    @on(DataTable.RowHighlighted, "#browser-cards")
    def moved(self) -> None:
        """The cursor moved: read the next page if it nears the end of what is loaded."""
        self.read_ahead()

    def scrolled(self) -> None:
        """The table scrolled (the wheel, End): read the next page if the view nears the end."""
        self.read_ahead()

    def read_ahead(self) -> None:
        """Read the next page when the cursor or the bottom of the view is near the last row
        loaded (one page at a time)."""
        table = self.query_one("#browser-cards", DataTable)
        seen = max(table.cursor_row, int(table.scroll_y) + table.size.height)
        near_the_end = seen >= len(self.loaded) - READ_AHEAD
        if near_the_end and len(self.loaded) < self.total and not self.reading_more:
            self.reading_more = True
            self._read_more(
                self.generation, self.query_text, self.sort, self.descending, len(self.loaded)
            )

    @work(thread=True, group="browser-more")
    def _read_more(
        self, generation: int, query: str, sort: str, descending: bool, offset: int
    ) -> None:
        try:
            page = self.collection.search_cards(
                query, sort=sort, descending=descending, offset=offset, limit=PAGE_ROWS
            )
        except (SearchError, StoreError) as error:  # the query was read before: the store
            self.app.call_from_thread(self._show_error, generation, str(error))
            return
        self.app.call_from_thread(self._append, generation, offset, page)

    def _append(self, generation: int, offset: int, page: SearchPage) -> None:
        if generation != self.generation or offset != len(self.loaded):
            return
        self.reading_more = False
        known = {row.card_id for row in self.loaded}
        fresh = [row for row in page.rows if row.card_id not in known]
        self.loaded += fresh
        self.total = page.total
        self._add_rows(fresh)
        self._show_status()
        self.read_ahead()  # the view may still be near the end (End was pressed)

    def refresh_rows(self) -> None:
        """Read the loaded rows again (after a card was changed: marks, an edit), keeping the
        cursor on its card; a card the search no longer finds leaves the table."""
        self.search(keep_rows=len(self.loaded))

    # --- the table -----------------------------------------------------------------------------

    def selected_card(self) -> int | None:
        """The id of the highlighted card (None when the table is empty)."""
        table = self.query_one("#browser-cards", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else int(key)

    def on_resize(self) -> None:
        """Lay the columns out again for the new width."""
        self._lay_out()

    def _lay_out(self) -> None:
        """Columns for the screen's width (the sorted one marked ▲ or ▼), rows redrawn."""
        table = self.query_one("#browser-cards", DataTable)
        row = table.cursor_row
        self._columns = shown_columns(self.app.size.width, self.chosen_columns, self.sort)
        table.clear(columns=True)
        for column in self._columns:
            table.add_column(self._heading(column), width=column.width, key=column.sort)
        self._add_rows(self.loaded)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def _heading(self, column: Column) -> str:
        """A column's heading, marked ▲ or ▼ when the cards are sorted by it (or by what it
        shows: the star, in the marks)."""
        if column.sort != SHOWN_BY_SORT.get(self.sort, self.sort):
            return column.label
        return column.label + ("▼" if self.descending else "▲")

    @on(DataTable.RowSelected, "#browser-cards")
    def open_card(self, event: DataTable.RowSelected) -> None:
        """Open the chosen card."""
        if event.row_key.value is not None:
            self.open_detail(int(event.row_key.value))

    def open_detail(self, card_id: int) -> None:
        """Show a card whole, with its history; its row is read again if it was changed."""
        from studyapp.tui.screens.card_detail import CardDetailScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_rows()

        self.app.push_screen(CardDetailScreen(card_id), closed)

    @on(DataTable.HeaderSelected, "#browser-cards")
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        """Sort by the clicked column; clicked again, the other way."""
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str, *, descending: bool | None = None) -> None:
        """Sort by ``column`` (the same column again: the other way) and search again."""
        if descending is None:
            descending = not self.descending if column == self.sort else False
        self.sort, self.descending = column, descending
        self._relabel()
        self.search()

    def _relabel(self) -> None:
        """The headings marked for the order; the columns laid out again if the sorted one
        was not on show (the cards are never sorted by a column out of sight)."""
        if [column.sort for column in self._columns] != [
            column.sort
            for column in shown_columns(self.app.size.width, self.chosen_columns, self.sort)
        ]:
            self._lay_out()
            return
        table = self.query_one("#browser-cards", DataTable)
        for shown in self._columns:
            table.columns[ColumnKey(shown.sort)].label = Text(self._heading(shown))
        table.refresh()

    def action_choose_columns(self) -> None:
        """Choose the columns to show (kept in the store for the next time)."""
        from studyapp.tui.screens.browser_columns import ColumnsDialog

        every = tuple(column.sort for column in COLUMNS[1:])
        current = self.chosen_columns if self.chosen_columns is not None else every

        def chosen(columns: tuple[str, ...] | None) -> None:
            if columns is None:
                return
            self.collection.browser_columns = columns
            self.chosen_columns = columns
            self._lay_out()
            hidden = [name for name in columns if name not in {c.sort for c in self._columns}]
            if hidden:
                self.app.notify(
                    f"{len(hidden)} of the columns chosen don't fit this window; widen it to "
                    "see them.",
                    title="Columns",
                )

        self.app.push_screen(ColumnsDialog(COLUMNS[1:], current), chosen)

    def action_cycle_sort(self) -> None:
        """Sort by the next column of :data:`SORT_COLUMNS`."""
        after = SORT_COLUMNS[(SORT_COLUMNS.index(self.sort) + 1) % len(SORT_COLUMNS)]
        self.sort_by(after, descending=False)

    def action_reverse_sort(self) -> None:
        """Reverse the order."""
        self.sort_by(self.sort, descending=not self.descending)

    def action_focus_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    # --- marks ----------------------------------------------------------------------------------

    def action_suspend(self) -> None:
        """Suspend the highlighted card, or unsuspend it."""
        self._toggle_mark("suspended", self.collection.suspend, "suspended", "unsuspended")

    def action_bury(self) -> None:
        """Bury the highlighted card until tomorrow, or unbury it."""
        card_id = self.selected_card()
        if card_id is None:
            return
        if self.collection.card_marks(card_id).buried_on(self.collection.today()):
            self.collection.unbury([card_id])
            self._marked("unburied: studied again today")
        else:
            self.collection.bury([card_id])
            self._marked("buried until tomorrow")

    def action_star(self) -> None:
        """Star the highlighted card, or unstar it."""
        self._toggle_mark("starred", self.collection.star, "starred", "unstarred")

    def action_flag(self) -> None:
        """Choose the highlighted card's flag colour (0 takes it away)."""
        card_id = self.selected_card()
        if card_id is None:
            return

        def chosen(flag: int) -> None:
            self.collection.flag([card_id], flag)
            self._marked(f"flag {FLAG_COLOURS[flag - 1]}" if flag else "flag taken away")

        choose_flag(self, self.collection.card_marks(card_id).flag_colour, chosen)

    def _toggle_mark(
        self, mark: str, change: Callable[..., object], on_text: str, off_text: str
    ) -> None:
        card_id = self.selected_card()
        if card_id is None:
            return
        on = not getattr(self.collection.card_marks(card_id), mark)
        change([card_id], on=on)
        self._marked(on_text if on else off_text)

    def _marked(self, what: str) -> None:
        """Say what a mark did and show the marked card's row anew where it is: the rows are
        not sorted or searched again until the next search (the cursor stays put, as does
        the card under it)."""
        self.notify(f"Card {what}", timeout=3)
        card_id = self.selected_card()
        row = None if card_id is None else self.collection.card_row(card_id)
        if row is None:
            self.refresh_rows()
            return
        self.loaded = [row if each.card_id == row.card_id else each for each in self.loaded]
        table = self.query_one("#browser-cards", DataTable)
        for column, value in zip(self._columns, row_cells(row, self._columns), strict=True):
            table.update_cell(str(row.card_id), column.sort, value)

    def action_to_cards(self) -> None:
        """From the search box down to the cards."""
        self.query_one("#browser-cards", DataTable).focus()

    def action_leave(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        keys = [*self.BINDINGS, VIM_HELP, *HELP_EXTRA]
        self.app.push_screen(HelpScreen("the card browser", keys))


#: What help adds to the screen's keys.
HELP_EXTRA: Final = [
    Binding("enter", "open", "Open the card (in the search box: search now)"),
    Binding("tab", "focus", "Between the search box and the table"),
]
