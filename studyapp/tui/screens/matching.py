"""The matching game: a grid of twelve tiles, a running timer, and the best time per scope."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from studyapp.modes.matching import MatchGame, Pick
from studyapp.rendering.words import game_time
from studyapp.tui.screens.base import StudyScreen, SummaryDialog
from studyapp.tui.screens.confirm import LeaveMatchDialog, ask
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.match_tile import MatchTile
from studyapp.tui.widgets.rating_table import RATING_RANGE, RatingRow, RatingTable
from studyapp.tui.widgets.text import cell

TILE_KEYS = "abcdefghijkl"
#: The narrowest terminal that gets four tiles a row (narrower ones get three).
WIDE_BOARD = 100


class MatchScreen(StudyScreen[None]):
    """A game: pick a question and its answer; a wrong pair adds a second."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"pick({index})", f"Pick tile {key}", show=False)
            for index, key in enumerate(TILE_KEYS)
        ),
        Binding("enter,space", "pick_focused", "Pick the focused tile", show=False),
        Binding("left,up", "move(-1)", "Previous tile", show=False),
        Binding("right,down", "move(1)", "Next tile", show=False),
        Binding("pageup", "scroll_board(-1)", "", show=False),
        Binding("pagedown", "scroll_board(1)", "", show=False),
        Binding("question_mark", "help", "Help", id="match.help"),
        Binding("escape,q", "leave", "Give up", id="match.back"),
    ]
    #: What the help screen lists (the twelve letter keys as one line).
    HELP_KEYS: ClassVar[list[BindingType]] = [
        Binding("a–l", "pick", "Pick a tile by its letter"),
        Binding("enter,space", "pick_focused", "Pick the focused tile"),
        Binding("left,up,right,down", "move", "Move between tiles (tab works too)"),
        Binding(
            "pageup,pagedown", "scroll_board", "Scroll the board (when its tiles need more room)"
        ),
        Binding("question_mark", "help", "Help"),
        Binding("escape,q", "leave", "Give up (asks first: an unfinished game is not saved)"),
    ]

    def __init__(self, game: MatchGame) -> None:
        super().__init__()
        self.game = game
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="match-status")
        with VerticalScroll(id="board-scroll"), Grid(id="board"):
            for index, tile in enumerate(self.game.tiles):
                yield MatchTile(index, tile, TILE_KEYS[index])
        yield Static(
            "Press two letters: a question and its answer. A wrong pair adds 1 s.",
            id="prompt",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Match"
        self.sub_title = self.game.scope.label
        self.on_resize()
        self._timer = self.set_interval(0.1, self.show_status)
        self.show_status()

    def action_scroll_board(self, pages: int) -> None:
        """Scroll a board taller than the screen by a page."""
        board = self.query_one("#board-scroll", VerticalScroll)
        board.scroll_page_down() if pages > 0 else board.scroll_page_up()

    def on_resize(self) -> None:
        """Four tiles a row when the width holds them, else three (each text wraps whole)."""
        columns = 4 if self.app.size.width >= WIDE_BOARD else 3
        self.query_one("#board", Grid).styles.grid_size_columns = columns

    def show_status(self) -> None:
        """The running time, penalties, pairs found and the best time."""
        game = self.game
        best = game.previous_best_ms
        parts = [
            f"Time {game_time(game.total_ms())}",
            f"penalties {game.mistakes} s",
            f"{len(game.matched) // 2} of {game.pairs} pairs",
            f"best {game_time(best)}" if best is not None else "no best time yet",
        ]
        self.query_one("#match-status", Static).update("  ·  ".join(parts))

    def action_pick(self, index: int) -> None:
        if index < len(self.game.tiles):
            self.pick(index)

    def on_match_tile_picked(self, event: MatchTile.Picked) -> None:
        event.stop()
        self.pick(event.tile.index)

    def action_pick_focused(self) -> None:
        if isinstance(self.focused, MatchTile):
            self.pick(self.focused.index)

    def action_move(self, step: int) -> None:
        """Move the focus to the next (or previous) tile still in play."""
        tiles = [tile for tile in self.query(MatchTile) if tile.index not in self.game.matched]
        if not tiles:
            return
        current = self.focused
        position = (
            tiles.index(current) if isinstance(current, MatchTile) and current in tiles else -1
        )
        tiles[(position + step) % len(tiles)].focus()

    def pick(self, index: int) -> None:
        """Pick a tile and show what happened."""
        previous = self.game.selected
        outcome = self.game.pick(index)
        tiles = list(self.query(MatchTile))
        for tile in tiles:
            tile.set_class(tile.index == self.game.selected, "-selected")
            tile.set_class(tile.index in self.game.matched, "-matched")
        if outcome is Pick.MISMATCHED and previous is not None:
            for wrong in (tiles[previous], tiles[index]):
                wrong.add_class("-wrong")
                self.set_timer(0.6, lambda w=wrong: w.remove_class("-wrong"))
            self.notify("Not a pair: +1 s", severity="warning", timeout=1.5)
        self.show_status()
        if self.game.done:
            if self._timer is not None:
                self._timer.stop()
            self.app.switch_screen(MatchDoneScreen(self.game))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("match", self.HELP_KEYS))

    def action_leave(self) -> None:
        """Leave at once if nothing was picked yet; else ask first."""
        game = self.game
        if not game.matched and not game.mistakes and game.selected is None:
            self.dismiss()
            return

        def chosen(answer: str | None) -> None:
            if answer == "leave":
                self.dismiss()

        ask(self.app, LeaveMatchDialog(len(game.matched) // 2), chosen)


class MatchDoneScreen(SummaryDialog[None]):
    """The game's time and the best time; each pair can be rated 1–5."""

    HELP_TITLE = "results of the game"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,q",
            "close",
            "Back",
            tooltip="Back to decks (the keys wait a moment after the summary opens)",
            id="match-done.close",
        ),
        Binding("s", "stats", "Stats", id="match-done.stats"),
        Binding("question_mark", "help", "Help", id="match-done.help"),
    ]

    def __init__(self, game: MatchGame) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        game = self.game
        best = (
            "New best time!"
            if game.is_new_best
            else f"Best {game_time(game.previous_best_ms or 0)}"
        )
        questions = {t.card_id: t.text for t in game.tiles if t.side == "question"}
        answers = {t.card_id: t.text for t in game.tiles if t.side == "answer"}
        rows = [
            RatingRow(
                card_id,
                (
                    "✗" if card_id in game.missed_cards else "✓",
                    cell(questions[card_id], 40),
                    cell(answers[card_id], 30),
                ),
            )
            for card_id in questions
        ]
        with Vertical(id="summary-box"):
            yield Static(
                Content.assemble(
                    Content.styled(
                        f"All {game.pairs} pairs matched · {game.scope.label}\n\n", "bold"
                    ),
                    f"Time {game_time(game.total_ms())}"
                    f"  ({game_time(game.elapsed_ms())} + {game.mistakes} s penalties)\n",
                    Content.styled(best, "bold $success" if game.is_new_best else ""),
                    f"\n\nRate how well you knew each pair (optional): {RATING_RANGE}",
                )
            )
            yield RatingTable(["", "Question", "Answer"], rows, id="ratings")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ratings", RatingTable).focus()

    def on_rating_table_rated(self, event: RatingTable.Rated) -> None:
        """A pair rated in the table: the game logs it for its card."""
        self.game.rate(event.key, event.rating)

    def action_help(self) -> None:
        keys = [*self.query_one("#ratings", RatingTable).BINDINGS, *self.BINDINGS]
        self.app.push_screen(HelpScreen(self.HELP_TITLE, keys))

    def action_stats(self) -> None:
        scope = self.game.scope
        self.study_app.when_saved(lambda: self.app.push_screen(StatsScreen(scope)))

    def action_close(self) -> None:
        self.study_app.when_saved(self.dismiss)
