"""The key footer: the same keys after a refresh that changes nothing, new ones when a key is
enabled, disabled or swapped by a change of focus."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import pytest
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


@asynccontextmanager
async def on_keys_screen() -> AsyncIterator[tuple[Pilot[None], KeysScreen]]:
    """A bare app showing a keys screen, its plain button focused and its footer built."""
    app: App[None] = App()
    async with app.run_test(size=(80, 12)) as pilot:
        screen = KeysScreen()
        await app.push_screen(screen)
        screen.query_one("#plain").focus()
        await settled(pilot)
        yield pilot, screen


def test_a_refresh_that_changes_nothing_keeps_the_keys() -> None:
    async def play() -> None:
        async with on_keys_screen() as (pilot, screen):
            keys = list(screen.query(FooterKey))
            assert shown(screen) == {"s": True, "r": True, "ctrl+p": True}
            for _ in range(3):
                screen.refresh_bindings()
                await settled(pilot)
            assert list(screen.query(FooterKey)) == keys  # the very same widgets

    asyncio.run(play())


def test_a_key_turned_off_or_swapped_by_focus_is_shown() -> None:
    async def play() -> None:
        async with on_keys_screen() as (pilot, screen):
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


def bound_keys(screen: Screen[None]) -> list[FooterKey]:
    """The footer's keys that follow its compact setting (all but the command palette's)."""
    return list(screen.query(FooterKey).exclude(".-command-palette"))


class CompactScreen(KeysScreen):
    """The keys screen with a compact footer."""

    def compose(self) -> ComposeResult:
        yield Button("first", id="plain")
        yield StableFooter(compact=True)


def test_keys_are_as_compact_as_the_footer_from_the_start_and_follow_it() -> None:
    async def play() -> None:
        app: App[None] = App()
        async with app.run_test(size=(80, 12)) as pilot:
            for screen, compact in ((KeysScreen(), False), (CompactScreen(), True)):
                await app.push_screen(screen)
                await settled(pilot)
                keys = bound_keys(screen)
                assert keys
                assert all(key.compact == key.has_class("-compact") == compact for key in keys)
            footer = screen.query_one(StableFooter)
            footer.compact = False  # bound: the keys follow
            await settled(pilot)
            assert not any(key.has_class("-compact") for key in bound_keys(screen))

    asyncio.run(play())


def test_a_new_key_is_not_restyled_compact_and_back_as_it_mounts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    added: list[tuple[str, ...]] = []
    add_class = FooterKey.add_class

    def recorded(key: FooterKey, *names: str, update: bool = True) -> FooterKey:
        if not key.has_class("-command-palette"):
            added.append(names)
        return add_class(key, *names, update=update)

    monkeypatch.setattr(FooterKey, "add_class", recorded)

    async def play() -> None:
        async with on_keys_screen() as (pilot, screen):
            screen.query_one("#answer").focus()  # new keys: the answer's own
            await settled(pilot)
            assert shown(screen) == {"h": True, "s": True, "r": True, "ctrl+p": True}

    asyncio.run(play())
    assert ("-compact",) not in added
