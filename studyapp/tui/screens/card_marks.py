"""A card's marks in the study screens: Anki's keys to suspend (@), bury (-), star (*) and
flag the card shown, how its star and flag show, and what a leech makes the screen say.

Terminals do not tell ctrl+1 … ctrl+7 from the plain digits (Anki's flag keys), so ``f`` opens
a small dialog of Anki's seven colours, on the keys 1–7 (0 takes the flag away).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from studyapp.store.version import FLAG_COLOURS
from studyapp.tui.screens.confirm import HELP, ConfirmDialog

if TYPE_CHECKING:
    from studyapp.store.marks import CardMarks

#: The actions of :func:`mark_bindings`.
MARK_ACTIONS = ("suspend", "bury", "star", "flag")

#: What the screen says when a rating made the card a leech (the leech action's two ways).
LEECH_SUSPENDED = "This card is a leech: suspended. Rewrite it or unsuspend it in the browser (b)."
LEECH_MARKED = "This card is a leech (marked). Consider rewriting it: find it in the browser (b)."


def marks_shown(marks: CardMarks) -> str:
    """The card's star and flag as the progress line shows them: `` · ★ · ⚑ red``."""
    parts = (["★"] if marks.starred else []) + ([f"⚑ {marks.flag_colour}"] if marks.flag else [])
    return "".join(f" · {part}" for part in parts)


def mark_bindings(screen: str, actions: Sequence[str] = MARK_ACTIONS) -> list[BindingType]:
    """The keys that mark the card shown (ids ``<screen>.suspend`` …; only those of
    ``actions``), kept out of the footer and listed in help. Not priority keys: while an
    answer is typed they are text."""
    bindings: list[BindingType] = [
        Binding(
            "at",
            "suspend",
            "Suspend",
            key_display="@",
            id=f"{screen}.suspend",
            show=False,
            tooltip="Suspend the card: never due until unsuspended in the browser (b)",
        ),
        Binding(
            "minus",
            "bury",
            "Bury",
            key_display="-",
            id=f"{screen}.bury",
            show=False,
            tooltip="Bury the card until tomorrow",
        ),
        Binding(
            "asterisk",
            "star",
            "Star",
            key_display="*",
            id=f"{screen}.star",
            show=False,
            tooltip="Star the card, or unstar it",
        ),
        Binding(
            "f",
            "flag",
            "Flag",
            id=f"{screen}.flag",
            show=False,
            tooltip="Flag the card with a colour (then 1–7, or 0 for none)",
        ),
    ]
    return [
        binding
        for binding in bindings
        if isinstance(binding, Binding) and binding.action in actions
    ]


def choose_flag(screen: Screen[Any], current: str | None, chosen: Callable[[int], None]) -> None:
    """Open the flag colours over ``screen``; ``chosen`` gets the flag picked (not called when
    the dialog is left)."""

    def answered(answer: str | None) -> None:
        if answer is not None:
            chosen(int(answer))

    screen.app.push_screen(FlagDialog(current), answered)


def _flag_bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding(str(number), f"choose('{number}')", colour.capitalize(), id=f"flag.{colour}")
        for number, colour in enumerate(FLAG_COLOURS, start=1)
    ]
    bindings.append(Binding("0", "choose('0')", "No flag", id="flag.none"))
    return bindings


class FlagDialog(ConfirmDialog):
    """The flag colours on their keys; closes with the digit chosen as text (esc: None)."""

    HELP_TITLE = "flag the card"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_flag_bindings(),
        Binding("escape", "keep_going", "Back", id="flag.back"),
        HELP,
    ]

    def __init__(self, current: str | None) -> None:
        now = f"It is flagged {current}." if current else "It has no flag."
        super().__init__("Flag the card", f"{now} Choose a colour:")
