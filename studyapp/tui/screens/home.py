"""Home: decks, all decks, and tags with their counts; pick one and a study mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from studyapp.scope import Scope
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.text import cell

if TYPE_CHECKING:
    from rich.text import Text

    from studyapp.modes.custom import CustomStudy
    from studyapp.store.deck_list import DeckSummary

ALL_DECKS = "*all*"
#: How the all-decks row, and every screen opened from it, names it.
ALL_DECKS_TITLE = "All decks"
TAG_PREFIX = "tag:"
HINT = "enter review · l learn · t test · m match · c custom · a add card · r run it"
#: What the columns after the deck's name take: their widths and each cell's padding (2).
OTHER_COLUMNS = (("Cards", 5), ("New", 3), ("Due today", 9), ("Mastery", 7))
#: What the table's margins and scrollbar take from the screen's width.
TABLE_CHROME = 4 + 2


#: How help lists the command palette (its key is not in the footer, to leave room).
COMMAND_PALETTE_HELP = Binding(
    "ctrl+p",
    "command_palette",
    "Commands",
    tooltip="The command palette: change the theme, and more",
)


class HomeScreen(StudyScreen[None]):
    """The deck list: cards, new, due today and mastery per deck and per tag."""

    def __init__(self) -> None:
        super().__init__()
        #: The decks and tags on show, to lay out again on a resize.
        self._shown: tuple[list[DeckSummary], list[DeckSummary]] | None = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study('spaced')", "Spaced review", id="home.review", priority=True),
        Binding("l", "study('learn')", "Learn", id="home.learn"),
        Binding("t", "study('test')", "Test", id="home.test"),
        Binding("m", "study('matching')", "Match", id="home.match"),
        Binding(
            "s", "stats", "Stats", id="home.stats", tooltip="Stats of the highlighted deck or tag"
        ),
        Binding(
            "a",
            "add_card",
            "Add",
            id="home.add_card",
            tooltip="Add a card to the highlighted deck",
            show=False,
        ),
        Binding(
            "c",
            "custom_study",
            "Custom",
            id="home.custom_study",
            tooltip="Custom study: starred cards, a flag, cards due soon, a search",
            show=False,
        ),
        Binding(
            "A",
            "review_all",
            "Review all",
            id="home.review_all",
            tooltip="Review all decks",
            show=False,
        ),
        Binding(
            "r",
            "demos",
            "Run it",
            id="home.demos",
            tooltip="Run it: the training experiments",
            show=False,
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            id="home.settings",
            tooltip="Settings: daily limits, learning step, leeches, theme",
        ),
        *VIM_BINDINGS,
        Binding("question_mark", "help", "Help", id="home.help"),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(HINT, id="home-hint")
        table: DataTable[str | Text] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = "decks"
        table = self.query_one("#decks", DataTable)
        app = self.study_app
        if app.first_decks is not None and not app.collection_open:
            self.fill(app.first_decks, [])  # at once; tags and fresh counts once it is open
            self.run_worker(self._open_collection, thread=True, exclusive=True)
        else:
            self.refresh_decks()
        table.focus()

    def _open_collection(self) -> None:
        """Open the collection off the UI thread, then redraw with everything."""
        from studyapp.store.database import StoreError

        try:
            collection = self.study_app.collection
        except StoreError as error:
            message = f"studyapp: {error}"
            self.app.call_from_thread(lambda: self.app.exit(return_code=1, message=message))
            return
        decks, tags = collection.deck_summaries(), collection.tag_summaries()
        theme = collection.theme  # the setting's, in case the quick read could not tell it
        self.app.call_from_thread(self.study_app.use_theme, theme)
        self.app.call_from_thread(self.fill, decks, tags)

    def action_demos(self) -> None:
        """Open the list of training experiments."""
        from studyapp.tui.screens.demo import DemoListScreen

        self.app.push_screen(DemoListScreen())

    def action_settings(self) -> None:
        """Open the settings (the counts are read again on return)."""
        from studyapp.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def on_screen_resume(self) -> None:
        if self.study_app.collection_open:  # else the opening worker fills the table
            self.refresh_decks()

    def refresh_decks(self) -> None:
        """Re-read the counts (after a session they have changed)."""
        collection = self.collection
        self.fill(collection.deck_summaries(), collection.tag_summaries())

    def on_resize(self) -> None:
        """Lay the table out again for the new width (the deck names take what is left)."""
        if self._shown is not None:
            self.fill(*self._shown)

    def fill(self, decks: list[DeckSummary], tags: list[DeckSummary]) -> None:
        """Show these decks, an all-decks row, and these tags; the cursor stays on the same
        deck or tag (a deck imported meanwhile does not take its place), else on its row.

        The deck column takes the width the other columns leave (no more than the longest
        name needs), so every column fits the screen at any size.
        """
        self._shown = (decks, tags)
        table = self.query_one("#decks", DataTable)
        row = table.cursor_row
        selected = self.selected_key()
        table.clear(columns=True)
        others = sum(width + 2 for _, width in OTHER_COLUMNS)
        room = self.app.size.width - TABLE_CHROME - others - 2
        longest = max((len(s.title) for s in [*decks, *tags]), default=0) + 1
        width = max(8, min(longest, room))
        table.add_column("Deck", width=width)
        for label, column_width in OTHER_COLUMNS:
            table.add_column(label, width=column_width)
        for summary in decks:
            _add(table, summary, summary.key, width)
        if len(decks) > 1:
            cards = sum(s.cards for s in decks)
            rated = sum(s.mastery * s.cards for s in decks)
            table.add_row(
                ALL_DECKS_TITLE,
                str(cards),
                str(sum(s.new for s in decks)),
                str(sum(s.due for s in decks)),
                f"{rated / cards:.0f}%" if cards else "",
                key=ALL_DECKS,
            )
        for summary in tags:
            _add(table, summary, TAG_PREFIX + summary.key, width)
        if table.row_count:
            if selected is not None and selected in table.rows:
                row = table.get_row_index(selected)
            table.move_cursor(row=min(row, table.row_count - 1))

    def selected_key(self) -> str | None:
        """The key of the highlighted row: a deck's key, :data:`ALL_DECKS` or a tag's
        (None when the table is empty)."""
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def selected_scope(self) -> Scope | None:
        """The scope of the highlighted row (None when the table is empty)."""
        key = self.selected_key()
        if key is None:
            return None
        if key == ALL_DECKS:
            return Scope(title=ALL_DECKS_TITLE)
        if key.startswith(TAG_PREFIX):
            return Scope(tag=key.removeprefix(TAG_PREFIX))
        titles = {deck.key: deck.title for deck in self._shown[0]} if self._shown else {}
        return Scope(decks=(key,), title=titles.get(key))

    def action_study(self, mode: str) -> None:
        """Start a mode over the highlighted row, once earlier work is saved (so today's
        queue counts every rating)."""
        scope = self.selected_scope()
        if scope is not None:
            app = self.study_app
            app.when_saved(lambda: app.start_mode(mode, scope), doing="Starting")

    def action_stats(self) -> None:
        """Open the stats of the highlighted deck or tag (all decks when there is none)."""
        from studyapp.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.selected_scope()))

    def action_add_card(self) -> None:
        """Open the form that adds a card to the highlighted deck (a deck's row, not a tag's
        or all decks')."""
        from studyapp.tui.screens.add_card import AddCardScreen

        scope = self.selected_scope()
        if scope is None or scope.decks is None:
            self.app.notify("Highlight a deck to add a card to it.", title="Add a card")
            return
        self.app.push_screen(AddCardScreen(scope.decks[0], scope.title))

    def action_custom_study(self) -> None:
        """Choose cards and a mode to study outside today's queue (of the highlighted deck,
        or of all decks), then start it once earlier work is saved."""
        from studyapp.tui.screens.custom_study import CustomStudyDialog

        scope = self.selected_scope()
        deck = scope.decks[0] if scope is not None and scope.decks is not None else None
        title = scope.title if scope is not None and deck is not None else None
        app = self.study_app

        def chosen(study: CustomStudy | None) -> None:
            if study is not None:
                app.when_saved(lambda: app.start_custom(study), doing="Starting")

        self.app.push_screen(CustomStudyDialog(deck, title), chosen)

    def action_review_all(self) -> None:
        app = self.study_app
        app.when_saved(
            lambda: app.start_mode("spaced", Scope(title=ALL_DECKS_TITLE)), doing="Starting"
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("decks", [*self.BINDINGS, VIM_HELP, COMMAND_PALETTE_HELP]))


def _add(table: DataTable[str | Text], summary: DeckSummary, key: str, width: int) -> None:
    table.add_row(
        cell(summary.title, width),
        str(summary.cards),
        str(summary.new),
        str(summary.due),
        f"{summary.mastery:.0f}%",
        key=key,
    )
