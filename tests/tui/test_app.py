"""The app's toasts: one at a time, gone before a study screen opens, never read as markup."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.tui.app import create_app
from studyapp.tui.screens.learn import LearnScreen


def _toasts(app: object) -> list[str]:
    from studyapp.tui.app import StudyApp

    assert isinstance(app, StudyApp)
    return [str(toast.render()) for toast in app.screen.query("Toast").results(Static)]


def test_a_toast_replaces_the_one_shown_and_card_text_is_not_markup(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            app.notify("first")
            await pilot.pause()
            app.notify("second [b]not bold[/b]")
            await pilot.pause()
            shown = _toasts(app)
            assert len(shown) == 1
            assert "second [b]not bold[/b]" in shown[0]

    asyncio.run(play())


def test_opening_a_study_mode_clears_the_toasts_of_home(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            app.notify("a note from home")
            await pilot.pause()
            assert _toasts(app)
            await pilot.press("l")
            assert isinstance(app.screen, LearnScreen)
            await pilot.pause()
            assert _toasts(app) == []

    asyncio.run(play())


def test_the_saving_line_timer_firing_with_no_screen_shown_does_nothing(
    collection: Collection,
) -> None:
    # its interval timer can fire while the app shuts down, its screens gone: that once ended
    # a run with ScreenStackError
    app = create_app(collection)

    async def run() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.screen_stack
            assert app.saver.status().saved  # (the saver made, as a session's first save does)
            app.show_save_status()

    asyncio.run(run())
    assert not app.screen_stack
    app.show_save_status()
    assert app.save_indicator.widget is None
