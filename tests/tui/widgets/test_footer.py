"""The key footer: the same keys after a refresh that changes nothing, new ones when a key is
enabled, disabled or swapped by a change of focus."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from studyapp.tui.widgets.footer import StableFooter


class Answer(Button):
    """A focusable widget with a key of its own."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("h", "hint", "Hint")]


class KeysScreen(Screen[None]):
    """Two keys of its own, one of which can be turned off."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "skip", "Skip"),
        Binding("r", "rate", "Rate"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.can_rate = True

    def compose(self) -> ComposeResult:
        yield Button("first", id="plain")
        yield Answer("second", id="answer")
        yield StableFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "rate" and not self.can_rate else True


def shown(screen: Screen[None]) -> dict[str, bool]:
    """The keys in the footer, and whether each is enabled."""
    return {key.key: not key.has_class("-disabled") for key in screen.query(FooterKey)}


async def settled(pilot: Pilot[None]) -> None:
    """Let the footer's rebuild (scheduled after a refresh) run."""
    await pilot.pause()
    await pilot.pause()


def test_a_refresh_that_changes_nothing_keeps_the_keys() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            screen = KeysScreen()
            await app.push_screen(screen)
            screen.query_one("#plain").focus()
            await settled(pilot)
            keys = list(screen.query(FooterKey))
            assert shown(screen) == {"s": True, "r": True, "ctrl+p": True}
            for _ in range(3):
                screen.refresh_bindings()
                await settled(pilot)
            assert list(screen.query(FooterKey)) == keys  # the very same widgets

    asyncio.run(play())


def test_a_key_turned_off_or_swapped_by_focus_is_shown() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            screen = KeysScreen()
            await app.push_screen(screen)
            screen.query_one("#plain").focus()
            await settled(pilot)
            screen.can_rate = False
            screen.refresh_bindings()
            await settled(pilot)
            assert shown(screen) == {"s": True, "r": False, "ctrl+p": True}
            screen.query_one("#answer").focus()
            await settled(pilot)
            assert shown(screen) == {"h": True, "s": True, "r": False, "ctrl+p": True}
            screen.query_one("#plain").focus()
            await settled(pilot)
            assert shown(screen) == {"s": True, "r": False, "ctrl+p": True}

    asyncio.run(play())
