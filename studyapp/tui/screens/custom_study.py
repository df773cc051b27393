"""The custom study dialog: which cards (starred, a flag, due soon, every card, a search), in
which mode, and whether the ratings may move schedules (off unless ticked).

It closes with the :class:`~studyapp.modes.custom.CustomStudy` chosen once the collection has
found cards for it; a search it cannot read, or one that finds nothing, is said in the dialog.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from studyapp.modes.custom import CUSTOM_KINDS, FLAG_NAMES, CustomKind, CustomStudy
from studyapp.scope import Scope
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyDialog
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.footer import StableFooter

#: The modes offered, as the dialog names them.
MODE_CHOICES = (
    ("Spaced review (rate 1–5)", "spaced"),
    ("Learn", "learn"),
    ("Test", "test"),
    ("Match", "matching"),
)


class CustomStudyDialog(StudyDialog[CustomStudy | None]):
    """Choose the cards and the mode of a custom study session; None when cancelled."""

    HELP_TITLE: ClassVar[str] = "custom study"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="custom.start", priority=True),
        Binding("escape", "cancel", "Back", id="custom.cancel", tooltip="Back, studying nothing"),
        Binding("question_mark", "help", "Help", id="custom.help"),
        *VIM_BINDINGS,
    ]

    def __init__(self, within: Scope | None = None) -> None:
        """The dialog over all decks, or over the decks or tag of ``within`` (its cards only,
        unless unticked)."""
        super().__init__()
        self.within = within

    def compose(self) -> ComposeResult:
        with Vertical(id="custom-box"):
            yield Static(Content.styled("Custom study", "bold"), id="custom-title")
            with RadioSet(id="custom-kind", compact=True):
                for number, (kind, label) in enumerate(CUSTOM_KINDS.items()):
                    yield RadioButton(label, value=number == 0, id=f"kind-{kind}", compact=True)
            with Horizontal(classes="custom-row"):
                yield Static("Flag", classes="custom-label")
                flags = [(f"{n} {name}", n) for n, name in enumerate(FLAG_NAMES, start=1)]
                yield Select(flags, value=1, allow_blank=False, id="custom-flag", compact=True)
            with Horizontal(classes="custom-row"):
                yield Static("Days ahead", classes="custom-label")
                yield Input("7", type="integer", id="custom-days", compact=True)
            with Horizontal(classes="custom-row"):
                yield Static("Search", classes="custom-label")
                yield Input(id="custom-query", placeholder="is:starred flag:1 …", compact=True)
            with Horizontal(classes="custom-row"):
                yield Static("Mode", classes="custom-label")
                yield Select(
                    MODE_CHOICES, value="spaced", allow_blank=False, id="custom-mode", compact=True
                )
            if self.within is not None:
                yield Checkbox(
                    f"Only {self.within.label}", value=True, id="custom-deck-only", compact=True
                )
            yield Checkbox(
                "Reschedule cards (spaced review moves their schedules)",
                value=False,
                id="custom-reschedule",
                compact=True,
            )
            yield Static("", id="custom-error")
            with Horizontal(id="custom-buttons"):
                yield Button("Start", variant="primary", id="custom-start", compact=True)
                yield Button("Cancel", id="custom-cancel", compact=True)
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#custom-kind", RadioSet).focus()

    def choice(self) -> CustomStudy:
        """What the dialog holds (ValueError for a value out of range)."""
        pressed = self.query_one("#custom-kind", RadioSet).pressed_button
        kind: CustomKind = "starred"
        for candidate in CUSTOM_KINDS:
            if pressed is not None and pressed.id == f"kind-{candidate}":
                kind = candidate
        days_text = self.query_one("#custom-days", Input).value.strip()
        if kind == "ahead" and not days_text.lstrip("-").isdigit():
            raise ValueError("type how many days ahead")
        only_there = self.within is not None and self.query_one("#custom-deck-only", Checkbox).value
        flag = self.query_one("#custom-flag", Select).value
        mode = self.query_one("#custom-mode", Select).value
        return CustomStudy(
            kind,
            mode=str(mode),
            reschedule=self.query_one("#custom-reschedule", Checkbox).value,
            within=self.within if only_there else None,
            flag=flag if isinstance(flag, int) else 1,
            days=int(days_text) if kind == "ahead" else 7,
            query=self.query_one("#custom-query", Input).value,
        )

    def action_start(self) -> None:
        """Start with the cards chosen, or say why not (a bad choice, a search not
        understood, no cards found)."""
        try:
            study = self.choice()
            scope = study.scope()
            cards = self.collection.scope_cards(scope)
        except ValueError as error:
            self.show_error(str(error))
            return
        if not cards:
            self.show_error(f"No cards to study: {study.title.removeprefix('Custom: ')}.")
            return
        self.dismiss(study)

    def show_error(self, message: str) -> None:
        """Say what stops the session (as text: a search is the student's own words)."""
        self.query_one("#custom-error", Static).update(Content(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "custom-start":
            self.action_start()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_cursor(self, step: int) -> None:
        """j and k: the next or previous kind of cards in the list of kinds, as ↓ and ↑."""
        focused = self.focused
        if isinstance(focused, RadioSet):
            focused.action_next_button() if step > 0 else focused.action_previous_button()
            return
        super().action_cursor(step)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP_TITLE, [*self.BINDINGS, VIM_HELP]))
