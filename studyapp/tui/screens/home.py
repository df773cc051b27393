"""Home: decks, all decks, and tags with their counts; pick one and a study mode.

Nested decks (``Parent::Child`` titles, as Anki packages have) show as a tree
(:mod:`studyapp.rendering.deck_tree`): a parent's row holds its decks' counts rolled up,
opens and closes with space (or a click on it, → and ←), and studies every deck under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from studyapp.rendering.deck_tree import (
    DeckNode,
    deck_tree,
    find_node,
    is_nested,
    parent_of,
    tree_prefix,
    visible_rows,
)
from studyapp.scope import Scope
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.text import cell

if TYPE_CHECKING:
    from pathlib import Path

    from studyapp.modes.custom import CustomStudy
    from studyapp.store.deck_list import DeckSummary

ALL_DECKS = "*all*"
#: How the all-decks row, and every screen opened from it, names it.
ALL_DECKS_TITLE = "All decks"
TAG_PREFIX = "tag:"
HINT = "l learn · t test · m match · c custom · a add card · b browse · r run it"
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
        #: The nested decks on show, and the parents opened (kept for the session).
        self._tree: list[DeckNode] = []
        self._expanded: set[str] = set()

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
            "space",
            "toggle_parent",
            "Open/close",
            id="home.toggle_parent",
            tooltip="Show or hide the decks under a parent deck",
            show=False,
        ),
        Binding(
            "right",
            "open_parent(True)",
            "Open parent",
            id="home.open_parent",
            show=False,
            priority=True,  # before the table's sideways scrolling (the table fits the width)
        ),
        Binding(
            "left",
            "open_parent(False)",
            "Close parent",
            id="home.close_parent",
            show=False,
            priority=True,
        ),
        Binding(
            "D,delete",
            "remove_deck",
            "Remove deck",
            id="home.remove_deck",
            tooltip="Remove the highlighted deck (a backup of it is written first)",
            show=False,
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            id="home.settings",
            tooltip="Settings: daily limits, learning step, leeches, theme",
        ),
        Binding(
            "b",
            "browse",
            "Browse",
            id="home.browse",
            tooltip="Browse and search the cards",
            show=False,
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
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = "decks"
        table = self.query_one("#decks", DataTable)
        app = self.study_app
        if app.first_decks is not None and not app.collection_open:
            self.fill(app.first_decks, [])  # at once; tags and fresh counts once it is open
            self.run_worker(self._open_collection, thread=True, exclusive=True)
        else:
            collection = self.collection
            self.fill(collection.deck_summaries(), collection.tag_summaries())
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

    def action_browse(self) -> None:
        """Open the card browser."""
        from studyapp.tui.screens.browser import BrowserScreen

        self.app.push_screen(BrowserScreen())

    def on_screen_resume(self) -> None:
        if self.study_app.collection_open:  # else the opening worker fills the table
            self.refresh_decks()

    def refresh_decks(self) -> None:
        """Re-read the counts (after a session they have changed): the decks' at once (one
        quick query), the tags' in a worker (a tag's cards cross decks, so its counts take a
        pass over every tagged card), their rows updated when it is done."""
        decks = self.collection.deck_summaries()
        if self._shown is None or decks != self._shown[0]:  # unchanged: the table is kept
            self.fill(decks, self._shown[1] if self._shown is not None else [])
        self.count_tags()

    @work(thread=True, exclusive=True, group="tag-counts", exit_on_error=False)
    def count_tags(self) -> None:
        """Read the tags' counts off the UI thread, then show them with the decks on show (a
        failure leaves the counts shown: the next return reads them again)."""
        tags = self.collection.tag_summaries()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_tags, tags)

    def _show_tags(self, tags: list[DeckSummary]) -> None:
        if self._shown is not None and tags != self._shown[1]:
            self.fill(self._shown[0], tags)

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
        self._tree = deck_tree(decks)
        rows = self._deck_rows(decks)
        columns = count_columns(decks, tags)
        others = sum(width + 2 for _, width in columns)
        room = self.app.size.width - TABLE_CHROME - others - 2
        names = [prefix + s.title for prefix, s in rows] + [s.title for s in tags]
        longest = max((len(name) for name in names), default=0) + 1
        width = max(8, min(longest, room))
        table.add_column("Deck", width=width)
        for label, column_width in columns:
            table.add_column(label, width=column_width)
        for prefix, summary in rows:
            _add(table, summary, summary.key, width, prefix)
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

    def _deck_rows(self, decks: list[DeckSummary]) -> list[tuple[str, DeckSummary]]:
        """The deck rows shown, each with what goes before its name: each deck as it is, or
        (nested decks) the open part of the tree, names indented and counts rolled up."""
        if not is_nested(self._tree):
            return [("", summary) for summary in decks]
        return [
            (tree_prefix(depth, node, node.key in self._expanded), node.summary)
            for depth, node in visible_rows(self._tree, self._expanded)
        ]

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
        node = find_node(self._tree, key)
        if node is not None and node.children:  # a parent: every deck under it
            return Scope(decks=node.deck_keys, title=node.scope_title)
        titles = {deck.key: deck.title for deck in self._shown[0]} if self._shown else {}
        return Scope(decks=(key,), title=titles.get(key))

    def selected_deck(self) -> DeckSummary | None:
        """The deck of the highlighted row: none for all decks, a tag, or a parent that is
        only a name (a parent that is a deck is that deck, without the decks under it)."""
        key = self.selected_key()
        node = None if key is None else find_node(self._tree, key)
        return node.deck if node is not None else None

    def _selected_parent(self) -> DeckNode | None:
        """The highlighted row's node if it is a parent (has decks under it)."""
        key = self.selected_key()
        node = None if key is None else find_node(self._tree, key)
        return node if node is not None and node.children else None

    def action_toggle_parent(self) -> None:
        """Open the highlighted parent's decks, or close them."""
        node = self._selected_parent()
        if node is not None:
            self._set_open(node, node.key not in self._expanded)

    def action_open_parent(self, opened: bool) -> None:
        """Open (→) or close (←) the highlighted parent; ← on a deck inside a parent (or on
        a closed parent inside one) goes up to that parent."""
        node = self._selected_parent()
        if node is not None and (opened or node.key in self._expanded):
            self._set_open(node, opened)
            return
        key = self.selected_key()
        above = None if opened or key is None else parent_of(self._tree, key)
        if above is not None:
            table = self.query_one("#decks", DataTable)
            table.move_cursor(row=table.get_row_index(above.key))

    def _set_open(self, node: DeckNode, opened: bool) -> None:
        if opened:
            self._expanded.add(node.key)
        else:
            self._expanded.discard(node.key)
        if self._shown is not None:
            self.fill(*self._shown)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row: a parent opens or closes (enter studies)."""
        event.stop()
        self.action_toggle_parent()

    def action_remove_deck(self) -> None:
        """Ask, then remove the highlighted deck after writing its backup."""
        from studyapp.paths import deck_backups_dir
        from studyapp.tui.screens.confirm import RemoveDeckDialog, ask

        key = self.selected_key()
        node = None if key is None else find_node(self._tree, key)
        if node is None or node.deck is None:
            self.notify("Highlight a deck to remove it.")
            return
        size = self.collection.deck_size(node.deck.key)
        folder = deck_backups_dir()

        def answered(answer: str | None) -> None:
            if answer == "remove":
                self._remove_deck(size.key, folder)

        ask(self.app, RemoveDeckDialog(size.title, size.cards, size.reviews, str(folder)), answered)

    def _remove_deck(self, key: str, folder: Path) -> None:
        try:
            backup = self.collection.remove_deck(key, folder)
        except OSError as error:
            self.notify(
                f"Cannot write the backup to {folder}: {error.strerror}; nothing was removed.",
                severity="error",
                markup=False,  # a path is text
            )
            return
        self.notify(f"Removed deck {key}. Backup: {backup}", timeout=10, markup=False)
        self.refresh_decks()

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

        deck = self.selected_deck()
        if deck is None:
            self.app.notify("Highlight a deck to add a card to it.", title="Add a card")
            return
        self.app.push_screen(AddCardScreen(deck.key, deck.title))

    def action_custom_study(self) -> None:
        """Choose cards and a mode to study outside today's queue (from the highlighted deck,
        the decks under a parent, a tag, or every deck), then start it once earlier work is
        saved."""
        from studyapp.tui.screens.custom_study import CustomStudyDialog

        scope = self.selected_scope()
        within = scope if scope is not None and (scope.decks or scope.tag) else None
        app = self.study_app

        def chosen(study: CustomStudy | None) -> None:
            if study is not None:
                app.when_saved(lambda: app.start_custom(study), doing="Starting")

        self.app.push_screen(CustomStudyDialog(within), chosen)

    def action_review_all(self) -> None:
        app = self.study_app
        app.when_saved(
            lambda: app.start_mode("spaced", Scope(title=ALL_DECKS_TITLE)), doing="Starting"
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("decks", [*self.BINDINGS, VIM_HELP, COMMAND_PALETTE_HELP]))


def count_columns(decks: list[DeckSummary], tags: list[DeckSummary]) -> list[tuple[str, int]]:
    """The columns after the deck's name with their widths: :data:`OTHER_COLUMNS`, a count's
    column widened to its largest figure (all decks' sums included), so 110,092 cards show
    whole."""
    rows = [*decks, *tags]
    largest = {
        "Cards": max([sum(s.cards for s in decks), *(s.cards for s in rows)]),
        "New": max([sum(s.new for s in decks), *(s.new for s in rows)]),
        "Due today": max([sum(s.due for s in decks), *(s.due for s in rows)]),
    }
    return [
        (label, max(width, len(str(largest[label]))) if label in largest else width)
        for label, width in OTHER_COLUMNS
    ]


def _add(
    table: DataTable[str | Text], summary: DeckSummary, key: str, width: int, prefix: str = ""
) -> None:
    """A row of counts; ``prefix`` (a tree's indent and marker) goes before the name."""
    name = cell(summary.title, max(1, width - len(prefix)))
    table.add_row(
        Text.assemble(prefix, name, end="") if prefix else name,
        str(summary.cards),
        str(summary.new),
        str(summary.due),
        f"{summary.mastery:.0f}%",
        key=key,
    )
