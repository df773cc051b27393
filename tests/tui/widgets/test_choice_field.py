"""The choice field: the word chosen marked, keys and clicks change it, a message each time."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult

from studyapp.tui.widgets.choice_field import ChoiceField


class ChoiceApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        yield ChoiceField([("dark", "dark"), ("light", "light"), ("tag", "tag only")], "dark")

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        self.changes.append(event.value)


def test_keys_and_clicks_change_the_choice_and_say_so() -> None:
    async def play() -> None:
        app = ChoiceApp()
        async with app.run_test(size=(60, 5)) as pilot:
            field = app.query_one(ChoiceField)
            field.focus()
            assert field.render().plain == "● dark   ○ light   ○ tag only"
            await pilot.press("right", "l", "space", "left", "h")
            await pilot.pause()
            assert app.changes == ["light", "tag", "dark", "tag", "light"]
            await pilot.click(ChoiceField, offset=(1 + len("○ dark   ○ light   ") + 2, 0))
            await pilot.pause()
            assert field.value == "tag"
            assert field.render().plain == "○ dark   ○ light   ● tag only"

    asyncio.run(play())


def test_a_field_needs_a_choice() -> None:
    with pytest.raises(ValueError, match="at least one choice"):
        ChoiceField([], "")
