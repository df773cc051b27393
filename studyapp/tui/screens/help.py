"""The help screen: every key of the screen it was opened from, with what it does."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.text import plain

#: How keys are written in help, as the footer writes them (``ctrl+r`` is ``^r``; the rest as
#: Textual names them).
KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "pageup": "PageUp",
    "pagedown": "PageDown",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


class HelpScreen(ModalScreen[None]):
    """Lists the keys of one screen, one line each, wrapped to the dialog; esc, q or ? closes
    it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
    ]

    def __init__(self, title: str, bindings: list[BindingType]) -> None:
        """Help for the screen called ``title``: its bindings that have a description, each
        key and action once (the first binding of a key for an action is the one that acts; a
        key with two actions, as 1 choosing an option or rating, is listed for each)."""
        super().__init__()
        self.title_text = title
        self.keys: list[Binding] = []
        seen: set[tuple[str, str]] = set()
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            key_action = (binding.key, binding.action.partition("(")[0])
            if key_action not in seen:
                self.keys.append(binding)
                seen.add(key_action)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys: {self.title_text}", id="help-title")
            with VerticalScroll(id="help-keys"):
                for binding in self.keys:
                    with Horizontal(classes="help-row"):
                        yield Static(key_names(binding), classes="help-key")
                        yield Static(
                            plain(binding.tooltip or binding.description), classes="help-what"
                        )
            yield Static("esc, q or ? closes this help · ↑ ↓ scroll it · ^ is ctrl", id="help-hint")
        yield StableFooter()

    def action_scroll(self, step: int) -> None:
        """Scroll a long list of keys (arrows, j and k)."""
        keys = self.query_one("#help-keys", VerticalScroll)
        keys.scroll_relative(y=step, animate=False)


def key_names(binding: Binding) -> str:
    """The binding's keys as help writes them (its own display when it has one)."""
    if binding.key_display:
        return binding.key_display
    return ", ".join(_key_name(key.strip()) for key in binding.key.split(","))


def _key_name(key: str) -> str:
    """One key as the footer writes it: ``^r`` for ctrl+r, ``?`` for question_mark."""
    if key.startswith("ctrl+"):
        return "^" + key.removeprefix("ctrl+")
    return KEY_NAMES.get(key, key)
