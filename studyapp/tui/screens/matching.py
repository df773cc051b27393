"""The matching game: a grid of twelve tiles, a running timer, and the best time per scope."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from studyapp.modes.matching import MatchGame, Pick
from studyapp.rendering.words import game_time
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyScreen, SummaryDialog
from studyapp.tui.screens.confirm import LeaveMatchDialog, ask
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.match_tile import MatchTile
from studyapp.tui.widgets.rating_table import RATING_RANGE, RatingRow, RatingTable
from studyapp.tui.widgets.text import cell

TILE_KEYS = "abcdefghijkl"
#: What the status line says when a second question (or answer) replaces the first.
SAME_SIDE = "Pick a question and an answer"
#: The line under the board: how to play (and, when tiles are out of view, how to see them).
HOW_TO_PLAY = "Press two letters: a question and its answer."
#: The narrowest terminal that gets four tiles a row (narrower ones get three).
WIDE_BOARD = 100
#: The fewest lines the results table keeps: its header and two rows.
SHORTEST_TABLE = 3


class MatchScreen(StudyScreen[None]):
    """A game: pick a question and its answer; a wrong pair adds a second."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"pick({index})", f"Pick tile {key}", show=False)
            for index, key in enumerate(TILE_KEYS)
        ),
        Binding("enter,space", "pick_focused", "Pick the focused tile", show=False),
        # before the board's own scroll keys: the arrows move between tiles (the focused
        # tile is scrolled into view), PageUp and PageDown scroll
        Binding("left,up", "move(-1)", "Previous tile", show=False, priority=True),
        Binding("right,down", "move(1)", "Next tile", show=False, priority=True),
        Binding("pageup", "scroll_board(-1)", "", show=False),
        Binding("pagedown", "scroll_board(1)", "", show=False),
        Binding("question_mark", "help", "Help", id="match.help"),
        Binding("escape,q", "leave", "Leave", id="match.back"),
    ]
    #: What the help screen lists (the twelve letter keys as one line).
    HELP_KEYS: ClassVar[list[BindingType]] = [
        Binding(
            "a–l",
            "pick",
            "Pick a tile by its letter",
            tooltip=(
                "Pick a tile by its letter: a question and its answer, in either order (a wrong "
                "pair adds 1 s). A second question (or answer) is picked instead of the first, "
                f'and the status line says "{SAME_SIDE}".'
            ),
        ),
        Binding("enter,space", "pick_focused", "Pick the focused tile"),
        Binding("left,up,right,down", "move", "Move between tiles (tab works too)"),
        Binding(
            "pageup,pagedown",
            "scroll_board",
            "Scroll the board (when its tiles need more room: the line under it says so)",
        ),
        Binding("question_mark", "help", "Help"),
        Binding("escape,q", "leave", "Leave (asks first: an unfinished game is not saved)"),
    ]
    #: The first tile has the focus from the start: enter picks it, the arrows move on.
    AUTO_FOCUS = ".tile"
    #: How long the status line says what a wrong pair cost.
    FLASH_SECONDS: ClassVar[float] = 1.5

    def __init__(self, game: MatchGame) -> None:
        super().__init__()
        self.game = game
        self._timer: Timer | None = None
        #: What the status line flashes (a wrong pair's cost) until ``_flash_timer`` ends it.
        self._flash: str | None = None
        self._flash_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="match-status")
        with VerticalScroll(id="board-scroll", can_focus=False), Grid(id="board"):
            for index, tile in enumerate(self.game.tiles):
                yield MatchTile(index, tile, TILE_KEYS[index])
        yield Static(id="prompt")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Match"
        self.sub_title = self.game.scope.label
        self.on_resize()
        self._timer = self.set_interval(0.1, self.show_status)
        self.show_status()
        self.show_prompt()
        self.watch(self.query_one("#board-scroll"), "scroll_y", self.show_prompt, init=False)

    def action_scroll_board(self, pages: int) -> None:
        """Scroll a board taller than the screen by a page."""
        board = self.query_one("#board-scroll", VerticalScroll)
        board.scroll_page_down() if pages > 0 else board.scroll_page_up()

    def on_resize(self) -> None:
        """Four tiles a row when the width holds them, else three (each text wraps whole)."""
        columns = 4 if self.app.size.width >= WIDE_BOARD else 3
        self.query_one("#board", Grid).styles.grid_size_columns = columns
        self.call_after_refresh(self.show_prompt)  # once the board has its new height

    def show_prompt(self) -> None:
        """How to play, under the board; when tiles are out of view above or below, which key
        shows them (instead of the penalty, which the status line counts)."""
        board = self.query_one("#board-scroll", VerticalScroll)
        above, below = board.scroll_y > 0, board.scroll_y < board.max_scroll_y
        if above and below:
            more = "More tiles: PageUp, PageDown"
        elif above:
            more = "More tiles above: PageUp"
        elif below:
            more = "More tiles below: PageDown"
        else:
            more = ""
        prompt = self.query_one("#prompt", Static)
        if more:
            prompt.update(Content.assemble(f"{HOW_TO_PLAY}  ", Content.styled(more, "bold")))
        else:
            prompt.update(f"{HOW_TO_PLAY} A wrong pair adds 1 s.")

    def on_screen_suspend(self) -> None:
        """A dialog or help covers the board: the game's clock stops."""
        self.game.pause()
        self.show_status()

    def on_screen_resume(self) -> None:
        """The board is back on top: the clock runs again (the pause does not count)."""
        self.game.resume()
        self.show_status()

    def show_status(self) -> None:
        """The running time and penalties, then the pairs found and the best time (or, for a
        moment after a wrong pair, what it cost: said here, where no toast covers a tile)."""
        game = self.game
        best = game.previous_best_ms
        time = f"Time {game_time(game.total_ms())}" + (" (paused)" if game.paused else "")
        parts = [Content(time), Content(f"penalties {game.mistakes} s")]
        if self._flash is not None:
            parts.append(Content.styled(self._flash, "bold"))
        else:
            parts += [
                Content(f"{len(game.matched) // 2} of {game.pairs} pairs"),
                Content(f"best {game_time(best)}" if best is not None else "no best time yet"),
            ]
        status = self.query_one("#match-status", Static)
        status.update(Content("  ·  ").join(parts))
        status.set_class(self._flash is not None, "-flash")

    def flash(self, message: str) -> None:
        """Say ``message`` in the status line for :attr:`FLASH_SECONDS`."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash = message
        self._flash_timer = self.set_timer(self.FLASH_SECONDS, self.end_flash)
        self.show_status()

    def end_flash(self) -> None:
        """The status line goes back to the game's figures (when the flash's time is up)."""
        self._flash = None
        self.show_status()

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
        """Move the focus to the next (``step`` 1) or previous (-1) tile still in play."""
        tiles = list(self.query(MatchTile))
        current = self.focused
        if isinstance(current, MatchTile):
            position = tiles.index(current)
        else:  # no tile focused: forward starts at the first tile, back at the last
            position = -1 if step > 0 else len(tiles)
        for offset in range(1, len(tiles) + 1):
            tile = tiles[(position + step * offset) % len(tiles)]
            if tile.index not in self.game.matched:
                tile.focus()
                return

    def pick(self, index: int) -> None:
        """Pick a tile and show what happened."""
        previous = self.game.selected
        outcome = self.game.pick(index)
        tiles = list(self.query(MatchTile))
        for tile in tiles:
            tile.set_class(tile.index == self.game.selected, "-selected")
            tile.set_class(tile.index in self.game.matched, "-matched")
        tiles[index].scroll_visible(animate=False)  # a letter may pick a tile out of view
        if outcome is Pick.MISMATCHED and previous is not None:
            for wrong in (tiles[previous], tiles[index]):
                wrong.add_class("-wrong")
                self.set_timer(0.6, lambda w=wrong: w.remove_class("-wrong"))
            self.flash("Not a pair: +1 s")
        elif outcome is Pick.SELECTED and previous is not None:  # two of one side
            self.flash(SAME_SIDE)
        focused = self.focused
        if isinstance(focused, MatchTile) and focused.index in self.game.matched:
            self.action_move(1)  # the focus moves on to a tile still in play
        self.show_status()
        if self.game.done:
            if self._timer is not None:
                self._timer.stop()
            self.app.switch_screen(MatchDoneScreen(self.game))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("match", self.HELP_KEYS))

    def action_leave(self) -> None:
        """Leave at once if nothing was picked yet; else ask first (the clock stops while
        the dialog asks)."""
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
        *VIM_BINDINGS,
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
        rows = [  # whole texts: the table cuts them to the dialog's width, at every size
            RatingRow(
                card_id,
                (
                    "✗" if card_id in game.missed_cards else "✓",
                    _one_line_cell(questions[card_id]),
                    _one_line_cell(answers[card_id]),
                ),
            )
            for card_id in questions
        ]
        matched = "Both pairs matched" if game.pairs == 2 else f"All {game.pairs} pairs matched"
        missed = "✗: one of the pair's two tiles was in a wrong pick" if game.missed_cards else ""
        with Vertical(id="summary-box"):
            yield Static(
                Content.assemble(
                    Content.styled(f"{matched} · {game.scope.label}\n\n", "bold"),
                    f"Time {game_time(game.total_ms())}"
                    f"  ({game_time(game.elapsed_ms())} + {game.mistakes} s penalties)\n",
                    Content.styled(best, "bold $success" if game.is_new_best else ""),
                    f"\n\nRate how well you knew each pair (optional): {RATING_RANGE}",
                    missed and f"\n{missed}",
                ),
                id="summary-text",
            )
            yield RatingTable(["", "Question", "Answer"], rows, id="ratings")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#ratings", RatingTable).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_table)  # once the text has wrapped to the new width

    def fit_table(self) -> None:
        """Give the table the dialog's height left under the text: on a short terminal it
        scrolls, keeping its cursor row in view, rather than run past the dialog's edge."""
        box = self.query_one("#summary-box", Vertical)
        limit = box.styles.max_height
        if limit is None:
            return
        text = self.query_one("#summary-text", Static)
        table = self.query_one("#ratings", RatingTable)
        # the box's max-height is a share of the screen less its docked footer
        area = self.size - Size(0, self.query_one(Footer).outer_size.height)
        room = (
            int(limit.resolve(area, self.app.size))
            - box.styles.gutter.height
            - text.outer_size.height
            - table.styles.margin.height
        )
        table.styles.max_height = max(room, SHORTEST_TABLE)

    def on_rating_table_rated(self, event: RatingTable.Rated) -> None:
        """A pair rated in the table: the game logs it for its card."""
        self.game.rate(event.key, event.rating)

    def action_help(self) -> None:
        keys = [*self.query_one("#ratings", RatingTable).BINDINGS, *self.BINDINGS, VIM_HELP]
        self.app.push_screen(HelpScreen(self.HELP_TITLE, keys))

    def action_stats(self) -> None:
        scope = self.game.scope
        self.study_app.when_saved(lambda: self.app.push_screen(StatsScreen(scope)))

    def action_close(self) -> None:
        self.study_app.when_saved(self.dismiss)


def _one_line_cell(text: str) -> Text:
    """A tile's whole text on one line, as a table cell (the table cuts it to fit)."""
    return cell(" ".join(text.split()))
