"""Pilot tests of the settings screen: opened from home, every field changed and saved to the
store, wrong values said under their field and never saved, esc asking before changes are
lost, the theme shown at once and kept, at both sizes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from studyapp.cli import main
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import card_states
from studyapp.store.settings import SETTINGS, Settings
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.settings import LeaveSettingsDialog, SettingsScreen
from studyapp.tui.widgets.choice_field import ChoiceField
from tests.tui.fit import assert_footer_keeps_help_and_leave, assert_within_width

DEFAULTS = Settings(20, 200, 10, 8, "suspend", "dark", "sm2", 90, 36500)


async def _open(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def _save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _error(screen: SettingsScreen, name: str) -> str:
    said = screen.query_one(f"#error-{name}", Static)
    return str(said.render()) if said.has_class("-shown") else ""


def test_every_setting_is_shown_with_its_value_meaning_and_default(
    collection: Collection, deck: Scope
) -> None:
    collection.change_settings({"new-per-day": 7, "leech-action": "tag"})

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(120, 35)) as pilot:
            screen = await _open(pilot)
            assert screen.query_one("#setting-new-per-day", Input).value == "7"
            assert screen.query_one("#setting-learning-steps", Input).value == "10"
            assert screen.query_one("#setting-leech-action", ChoiceField).value == "tag"
            assert screen.query_one("#setting-scheduler", ChoiceField).words == ["sm2", "fsrs"]
            helps = [str(help_line.render()) for help_line in screen.query(".settings-help")]
            assert helps[0] == "New cards a spaced review brings in each day. Default 20."
            assert helps[2].endswith("Default 10, at most 1440 minutes (a day).")
            assert len(helps) == len(SETTINGS)
            assert screen.focused is screen.query_one("#setting-new-per-day")

    asyncio.run(play())


def test_each_field_changed_and_saved_is_in_the_store(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            await pilot.press("3", "0", "down")  # a focused box's text is selected: replaced
            await pilot.press("1", "5", "0", "j")
            await pilot.press("2", "5", "tab")
            await pilot.press("0", "down")
            await pilot.press("right", "down")  # tag only
            await pilot.press("l", "k", "space")  # light; back up: tag → suspend
            assert screen.has_changes()
            await _save(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.settings() == Settings(30, 150, 25, 0, "suspend", "light", "sm2", 90, 36500)
    assert collection.new_per_day == 30
    assert collection.theme == "light"


def test_fsrs_is_chosen_with_its_desired_retention_and_the_due_days_follow(
    collection: Collection, deck: Scope
) -> None:
    for card_id in collection.due_queue().new:
        collection.rate(card_id, 4)

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            screen.query_one("#setting-scheduler", ChoiceField).focus()
            await pilot.press("right")
            screen.query_one("#setting-desired-retention", Input).focus()
            await pilot.press("8", "5")
            assert _error(screen, "desired-retention") == ""
            await _save(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert (collection.scheduler_name, collection.settings().desired_retention) == ("fsrs", 85)
    with collection.engine.connect() as connection:
        dues = connection.execute(select(card_states.c.due, card_states.c.fsrs_due)).all()
    assert dues
    assert all(due == fsrs_due for due, fsrs_due in dues)


def test_a_retention_out_of_range_is_said_under_its_field(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            screen.query_one("#setting-desired-retention", Input).focus()
            await pilot.press("9", "9")
            await pilot.pause()
            assert _error(screen, "desired-retention") == "The desired retention is 70 to 97 %."

    asyncio.run(play())


def test_choices_change_with_the_arrows_h_l_and_space_round_the_row(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            action = screen.query_one("#setting-leech-action", ChoiceField)
            action.focus()
            await pilot.press("right")
            assert action.value == "tag"
            await pilot.press("right")  # round the row
            assert action.value == "suspend"
            await pilot.press("h")
            assert action.value == "tag"
            await pilot.press("space")
            assert action.value == "suspend"
            await _save(pilot)

    asyncio.run(play())
    assert collection.settings() == DEFAULTS  # back where it was: nothing changed


@pytest.mark.parametrize(
    ("name", "typed", "error"),
    [
        ("new-per-day", "-5", "The number of new cards a day cannot be negative."),
        ("reviews-per-day", "lots", "The number of reviews a day is a whole number, not 'lots'."),
        ("learning-steps", "1441", "The learning step is at most 1440 minutes (a day)."),
        ("learning-steps", "", "The learning step is a whole number, not ''."),
        ("leech-threshold", "2.5", "The leech threshold is a whole number, not '2.5'."),
        ("leech-threshold", "1001", "The leech threshold is at most 1000."),
    ],
)
def test_a_wrong_value_is_said_under_its_field_and_nothing_is_saved(
    collection: Collection, name: str, typed: str, error: str
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            screen.query_one("#setting-reviews-per-day", Input).focus()
            await pilot.press("9")  # a good change beside the wrong one: not saved either
            field = screen.query_one(f"#setting-{name}", Input)
            field.focus()
            await pilot.press("ctrl+u", *typed)
            await pilot.pause()
            assert _error(screen, name) == error
            assert field.has_class("-invalid")
            assert not any(_error(screen, s.name) for s in SETTINGS if s.name != name)
            screen.query_one("#setting-theme", ChoiceField).focus()
            await _save(pilot)
            assert app.screen is screen  # still here, the wrong field focused
            assert screen.focused is field
            await pilot.press("ctrl+u", "1", "2")
            await pilot.pause()
            assert _error(screen, name) == ""
            assert not field.has_class("-invalid")

    asyncio.run(play())
    assert collection.settings() == DEFAULTS


def test_esc_without_changes_goes_back_at_once(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot)
            await pilot.press("5", "backspace")  # typed and taken back: no change
            await pilot.press("ctrl+u", "2", "0")
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_esc_with_changes_asks_keep_editing_discard_or_save(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            await pilot.press("4", "escape")
            assert isinstance(app.screen, LeaveSettingsDialog)
            await pilot.press("escape")  # keep editing: nothing lost
            assert app.screen is screen
            assert screen.query_one("#setting-new-per-day", Input).value == "4"
            await pilot.press("escape", "d")  # leave, not saved
            assert isinstance(app.screen, HomeScreen)
            assert collection.new_per_day == 20
            screen = await _open(pilot)
            await pilot.press("6", "escape", "s")  # save, then leave
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.new_per_day == 6


def test_a_wrong_value_is_a_change_esc_asks_about_and_save_there_refuses(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            await pilot.press("x", "escape")
            assert isinstance(app.screen, LeaveSettingsDialog)
            await pilot.press("s")  # save: refused, the field said wrong
            assert app.screen is screen
            assert _error(screen, "new-per-day").startswith("The number of new cards a day is")

    asyncio.run(play())
    assert collection.settings() == DEFAULTS


def test_the_theme_shows_at_once_and_goes_back_unless_saved(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.theme == "textual-dark"
            screen = await _open(pilot)
            screen.query_one("#setting-theme", ChoiceField).focus()
            await pilot.press("right")
            assert app.theme == "textual-light"  # at once
            await pilot.press("escape", "d")
            assert app.theme == "textual-dark"  # not kept
            screen = await _open(pilot)
            screen.query_one("#setting-theme", ChoiceField).focus()
            await pilot.press("right")
            await _save(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert app.theme == "textual-light"

    asyncio.run(play())
    assert collection.theme == "light"


def test_a_theme_the_command_palette_chose_stays_unless_one_is_chosen_here(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = "nord"  # for this run only, as the command palette sets it
            await _open(pilot)
            await pilot.press("5", "ctrl+s")  # another setting saved: the theme is left alone
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.theme == "nord"

    asyncio.run(play())
    assert (collection.new_per_day, collection.theme) == (5, "dark")


def test_the_app_starts_in_the_stored_theme(collection: Collection) -> None:
    collection.theme = "light"

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)):
            assert app.theme == "textual-light"

    asyncio.run(play())


def test_a_setting_changed_on_the_command_line_shows_in_the_tui_opened_after(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-bundled"
    empty.mkdir()
    monkeypatch.setattr("studyapp.collection.bundled_cards_dir", lambda: empty)
    db = str(tmp_path / "shared.sqlite3")
    for args in (["theme", "light"], ["learning-steps", "45"], ["leech-action", "tag"]):
        assert main(["--db", db, "config", *args], clock=clock) == 0
    collection = Collection.open(f"sqlite:///{db}", clock)  # another process, later

    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.theme == "textual-light"
            screen = await _open(pilot)
            assert screen.query_one("#setting-learning-steps", Input).value == "45"
            assert screen.query_one("#setting-leech-action", ChoiceField).value == "tag"
            assert screen.query_one("#setting-theme", ChoiceField).value == "light"

    try:
        asyncio.run(play())
    finally:
        collection.close()


def test_an_app_opening_its_collection_late_starts_in_the_theme_read_first(
    tmp_path: Path, clock: FixedClock
) -> None:
    url = f"sqlite:///{tmp_path / 'late.sqlite3'}"
    first = Collection.open(url, clock, bundled=False)
    first.theme = "light"
    first.close()
    themes: list[str] = []

    def opener() -> Collection:
        themes.append(app.theme)  # as the home screen draws, before the collection is open
        return Collection.open(url, clock, bundled=False)

    app: StudyApp = create_app(opener=opener, first_decks=[], first_theme="light")

    async def play() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.theme == "textual-light"

    try:
        asyncio.run(play())
    finally:
        if app.collection_open:
            app.collection.close()
    assert themes == ["textual-light"]


def test_help_lists_the_keys_and_j_k_move_like_the_arrows(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _open(pilot)
            await pilot.press("j")
            assert screen.focused is screen.query_one("#setting-reviews-per-day")
            await pilot.press("down", "down")
            assert screen.focused is screen.query_one("#setting-leech-threshold")
            await pilot.press("k", "up")
            assert screen.focused is screen.query_one("#setting-reviews-per-day")
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            listed = {binding.description for binding in help_screen.keys}
            assert {"Save", "Next", "Back", "Help", "Choose"} <= listed
            await pilot.press("escape")
            assert app.screen is screen

    asyncio.run(play())


def test_home_opens_the_settings_and_its_help_lists_the_key(
    collection: Collection, deck: Scope
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            keys = {binding.key: binding.description for binding in help_screen.keys}
            assert keys["comma"] == "Settings"
            await pilot.press("escape")
            await _open(pilot)

    asyncio.run(play())


@pytest.mark.parametrize("size", [(120, 35), (80, 24)], ids=["120x35", "80x24"])
def test_the_screen_fits_with_every_setting_and_its_help_in_view(
    collection: Collection, size: tuple[int, int]
) -> None:
    async def play() -> None:
        app = create_app(collection)
        async with app.run_test(size=size) as pilot:
            screen = await _open(pilot)
            assert_footer_keeps_help_and_leave(app, leave="esc")
            shown = [*screen.query(".settings-row"), *screen.query(".settings-help")]
            assert_within_width(app, shown)
            form = screen.query_one("#settings-form")
            if size == (80, 24):  # one line each, but the learning step and the FSRS bounds
                heights = [widget.region.height for widget in screen.query(".settings-help")]
                assert heights == [1, 1, 2, 1, 1, 1, 1, 2, 2]
            for row in screen.query(".settings-row"):  # each comes into view as it is reached
                await pilot.press("down")
                await pilot.pause()
                focused = screen.focused
                assert focused is not None
                assert form.region.y <= focused.region.y
                assert focused.region.bottom <= form.region.bottom, row

    asyncio.run(play())
