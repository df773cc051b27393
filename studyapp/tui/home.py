"""Home: the decks with their counts; pick one (or all) to review."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from studyapp.tui.help import HelpScreen

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp

ALL_DECKS = "*all*"


class HomeScreen(Screen[None]):
    """The deck list: cards, new, due today and mastery per deck."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "review_selected", "Review deck", id="home.review", priority=True),
        Binding("a", "review_all", "Review all decks", id="home.review_all"),
        Binding("question_mark", "help", "Help", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Pick a deck and press enter to review what is due today.", id="home-hint")
        table: DataTable[str] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = "decks"
        table = self.query_one("#decks", DataTable)
        table.add_columns("Deck", "Cards", "New", "Due today", "Mastery")
        self.refresh_decks()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_decks()

    def refresh_decks(self) -> None:
        """Re-read the deck counts (after a session they have changed)."""
        table = self.query_one("#decks", DataTable)
        row = table.cursor_row
        table.clear()
        summaries = self.study_app.collection.deck_summaries()
        for summary in summaries:
            table.add_row(
                summary.title,
                str(summary.cards),
                str(summary.new),
                str(summary.due),
                f"{summary.mastery:.0f}%",
                key=summary.key,
            )
        if len(summaries) > 1:
            table.add_row(
                "All decks",
                str(sum(s.cards for s in summaries)),
                str(sum(s.new for s in summaries)),
                str(sum(s.due for s in summaries)),
                "",
                key=ALL_DECKS,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @property
    def study_app(self) -> StudyApp:
        from studyapp.tui.app import StudyApp

        assert isinstance(self.app, StudyApp)
        return self.app

    def action_review_selected(self) -> None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.study_app.start_review(None if key == ALL_DECKS else [str(key)])

    def action_review_all(self) -> None:
        self.study_app.start_review(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("decks", list(self.BINDINGS)))
