"""What lives at start-up is set aside from the garbage collector: after collecting what is
garbage then, once, and only in the program's own app (the one ``studyapp`` opens)."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from studyapp.cli.home import run_tui
from studyapp.collection import Collection
from studyapp.tui import long_lived
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.long_lived import set_aside_long_lived


class _Node:
    """Something that can be part of a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def nothing_frozen() -> Iterator[None]:
    """A test that starts with nothing set aside, and gives back what it set aside."""
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.mark.usefixtures("nothing_frozen")
def test_garbage_is_collected_first_and_what_lives_is_set_aside() -> None:
    garbage = _cycle()
    kept = _Node()
    kept.other = kept  # alive: set aside
    assert garbage() is not None  # a cycle: reference counting alone does not free it
    set_aside_long_lived()
    assert garbage() is None
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert not any(found is kept for found in gc.get_objects())  # out of every generation
    set_aside_long_lived()  # once: what was made since stays with the collector
    assert gc.get_freeze_count() == frozen


@pytest.mark.usefixtures("nothing_frozen")
def test_only_the_programs_app_sets_aside_and_once_started(
    collection: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def frozen_after(app: StudyApp, wait: float, seconds: float) -> int:
        monkeypatch.setattr(long_lived, "SET_ASIDE_AFTER", wait)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(seconds)
            return gc.get_freeze_count()

    assert asyncio.run(frozen_after(create_app(collection), 0.05, 0.3)) == 0
    program = create_app(collection, set_aside_at_start=True)
    assert asyncio.run(frozen_after(program, 60, 0.3)) == 0  # not before its time
    program = create_app(collection, set_aside_at_start=True)
    assert asyncio.run(frozen_after(program, 0.05, 0.3)) > 0


def test_the_program_opens_the_app_that_sets_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[dict[str, object]] = []

    class OpenedApp:
        return_code = 0
        collection_open = False

        def run(self) -> None:
            """Opened (not drawn here)."""

    def fake_create_app(*args: object, **options: object) -> OpenedApp:
        made.append(options)
        return OpenedApp()

    class Command:
        def quick_deck_list(self) -> list[object]:
            return []

        def open_collection(self) -> None:
            raise AssertionError("opened by the app, in the background")

    monkeypatch.setattr("studyapp.tui.app.create_app", fake_create_app)
    monkeypatch.setattr("studyapp.cli.home._quick_theme", lambda command: None)
    assert run_tui(Command()) == 0  # type: ignore[arg-type]
    assert [options["set_aside_at_start"] for options in made] == [True]
