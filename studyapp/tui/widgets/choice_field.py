"""A field that holds one of a few words, shown in a row: ``● suspend  ○ tag only``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

#: Between two choices.
SEPARATOR = "   "


class ChoiceField(Widget, can_focus=True):
    """One choice among a few, all shown on one line; ← and → (or h and l, or space) change it,
    a click picks the one clicked. Posts :class:`ChoiceField.Changed` when it changes."""

    DEFAULT_CSS = """
    ChoiceField {
        height: 1;
        width: auto;
        padding: 0 1;
        text-wrap: nowrap;
    }
    ChoiceField:focus {
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Previous choice", show=False),
        Binding("right,l,space", "step(1)", "Next choice", show=False),
    ]

    #: The word chosen.
    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The choice changed (by a key or a click)."""

        def __init__(self, field: ChoiceField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            """The field that changed."""
            return self.field

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """A field over ``choices`` (each a word and how it is shown), holding ``value``."""
        super().__init__(id=id, classes=classes)
        if not choices:
            raise ValueError("a choice field needs at least one choice")
        self.choices = list(choices)
        self.set_reactive(ChoiceField.value, value)

    @property
    def words(self) -> list[str]:
        """The words it can hold, in order."""
        return [word for word, _ in self.choices]

    def render(self) -> Content:
        text, chosen = "", (0, 0)
        for word, shown in self.choices:
            if text:
                text += SEPARATOR
            if word == self.value:
                chosen = (len(text), len(text) + len(shown) + 2)
                text += f"● {shown}"
            else:
                text += f"○ {shown}"
        return Content(text).stylize("bold $accent", *chosen)

    def action_step(self, step: int) -> None:
        """Choose the next word (``step`` 1) or the one before, round the row."""
        words = self.words
        index = words.index(self.value) if self.value in words else 0
        self.value = words[(index + step) % len(words)]

    def on_click(self, event: Click) -> None:
        """Choose the word clicked (between two words, the one before)."""
        x, chosen = self.gutter.left, self.value
        for word, shown in self.choices:
            if event.x >= x:
                chosen = word
            x += len(f"○ {shown}{SEPARATOR}")
        self.value = chosen

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))
