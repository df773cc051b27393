"""Waiting for the saves before leaving: a dialog that says what it waits for.

The study modes hand their writes to the app's :class:`~studyapp.modes.saving.Saver` and move
on at once (while a write is slow, the saving line says so: see
:mod:`studyapp.tui.widgets.saving_line`). Leaving a session or quitting waits for what is
still to write, on a screen that says what it is waiting for; if it takes long or fails, the
student chooses to keep waiting or go on (when quitting: quit anyway, told how much would be
lost).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from studyapp.modes.saving import Saver, count_text, status_text
from studyapp.tui.widgets.footer import StableFooter

if TYPE_CHECKING:
    from textual.app import App


class SavingScreen(ModalScreen[bool]):
    """Waits until everything is written (then closes itself with True).

    After ``patience`` seconds, or at once on an error that is not a lock, it asks: keep
    waiting, or go on (when quitting: quit anyway, saying what would be lost), closing with
    False.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "keep_waiting", "Keep waiting", id="saving.wait"),
        Binding("enter", "go_on", "Go on", id="saving.go_on"),
        Binding("q", "quit_anyway", "Quit anyway", id="saving.quit"),
    ]

    def __init__(
        self, saver: Saver, *, quitting: bool, patience: float, doing: str = "Leaving"
    ) -> None:
        """Wait for ``saver``; ``doing`` says what happens once it is done ("Leaving")."""
        super().__init__()
        self.saver = saver
        self.quitting = quitting
        self.doing = "Quitting" if quitting else doing
        self.patience = patience
        self.asking = False
        self._waiting_since = time.monotonic()
        self._answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="saving-box"):
            yield Static(id="saving-message")
            yield Static(id="saving-choice")
        yield StableFooter()

    def on_mount(self) -> None:
        self.set_interval(0.1, self.check)
        self.check()

    def check(self) -> None:
        """Close once everything is written; else say why not, and ask if it is taking long."""
        if self._answered or not self.is_current:
            return
        status = self.saver.status()
        if status.saved:
            self._finish(True)
            return
        self.query_one("#saving-message", Static).update(
            f"{self.doing} once your work is saved.\n\n{status_text(status)}"
        )
        waited = time.monotonic() - self._waiting_since
        asking = status.error is not None or waited >= self.patience
        if asking != self.asking:
            self.asking = asking
            self.refresh_bindings()
        choice = self.query_one("#saving-choice", Static)
        choice.display = asking
        if asking:
            choice.update(self._choice_text(count_text(status.kinds), waited))

    def _choice_text(self, things: str, waited: float) -> str:
        head = f"Not saved after {waited:.0f} s."
        if self.quitting:
            return f"{head}\nw keep waiting · q quit anyway ({things} will be lost)"
        return f"{head}\nw keep waiting · enter go on (saving goes on in the background)"

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """The choice shows only once it is asked: go on, or (when quitting) quit anyway."""
        if action == "keep_waiting":
            return self.asking
        if action == "go_on":
            return self.asking and not self.quitting
        if action == "quit_anyway":
            return self.asking and self.quitting
        return True

    def action_keep_waiting(self) -> None:
        self._waiting_since = time.monotonic()
        self.asking = False
        self.refresh_bindings()
        self.check()

    def action_go_on(self) -> None:
        self._finish(False)

    def action_quit_anyway(self) -> None:
        self._finish(False)

    def _finish(self, saved: bool) -> None:
        self._answered = True
        self.dismiss(saved)


def after_saving(
    app: App[Any],
    saver: Saver | None,
    then: Callable[[], object],
    *,
    quitting: bool = False,
    patience: float = 10.0,
    doing: str = "Leaving",
) -> None:
    """Run ``then`` once everything is written: at once if it is, else after a
    :class:`SavingScreen` (which may also end with the student choosing not to wait)."""
    if saver is None or saver.status().saved:
        then()
        return
    waiting = SavingScreen(saver, quitting=quitting, patience=patience, doing=doing)

    def done(_saved: bool | None) -> None:
        then()

    app.push_screen(waiting, callback=done)
