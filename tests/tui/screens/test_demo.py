"""Pilot tests of the "run it" screen: from a card, predict, run in a worker, rerun, errors."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Iterator

import pytest
from textual.app import App
from textual.binding import Binding
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static

from studyapp.collection import Collection
from studyapp.demos.registry import DemoSpec, ParamSpec, Prediction, register, unregister
from studyapp.demos.result import Chart, DemoResult, Run
from studyapp.tui.app import create_app
from studyapp.tui.screens.demo import DemoListScreen, DemoScreen, fit_columns
from studyapp.tui.screens.help import HelpScreen, key_names
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.spaced import SpacedScreen
from studyapp.tui.widgets.drawing import Drawing
from tests.conftest import WriteDeck
from tests.tui.fit import (
    assert_footer_keeps_help_and_leave,
    assert_table_fits,
    assert_within_width,
    footer_keys,
    resize_round_trip,
)

DECK = """---
id: lab
title: Lab
---
## What does momentum do in a ravine?
It averages out the zig-zag.

demo:: momentum lr=0.05 steps=200
"""


def text_of(screen: DemoScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def test_a_card_runs_its_demo_with_a_prediction_then_reruns(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("lab.md", DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            spaced = app.screen
            assert isinstance(spaced, SpacedScreen)
            assert "r run it: momentum" in str(spaced.query_one("#progress", Static).render())
            await pilot.press("r")
            screen = app.screen
            assert isinstance(screen, DemoScreen)
            assert screen.query_one("#param-lr", Input).value == "0.05"
            assert screen.query_one("#param-steps", Input).value == "200"
            assert screen.query_one("#param-momentum", Input).value == "0.9"  # the default
            assert "What does momentum do in a ravine?" in text_of(screen, "#demo-intro")
            assert screen.result is None  # nothing runs before the prediction

            await pilot.press("2")  # predict: with momentum
            await app.workers.wait_for_complete()
            await pilot.pause()
            result = screen.result
            assert result is not None
            assert dict(result.params) == {"lr": 0.05, "momentum": 0.9, "steps": 200, "seed": 0}
            assert text_of(screen, "#demo-verdict") == (
                "✓ Your prediction was right: with momentum."
            )
            table = screen.query_one("#demo-table", DataTable)
            assert table.row_count == 2
            assert [str(c) for c in table.get_row_at(1)] == ["with momentum", "5.554e-08", "78"]
            assert "momentum 0.9 in 78 steps" in text_of(screen, "#demo-text")
            charts = list(screen.query(Drawing))
            assert len(charts) == 2  # the path over the contours, then the loss curve
            assert "Paths on the" in str(charts[0].render())

            field = screen.query_one("#param-momentum", Input)
            field.value = "0"
            await pilot.press("ctrl+r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            rerun = screen.result
            assert rerun is not None
            assert rerun is not result
            assert rerun.params["momentum"] == 0.0
            assert not rerun.claim_holds
            assert "✗ This run does not show it" in text_of(screen, "#demo-text")
            assert "this run says" not in text_of(screen, "#demo-verdict")  # a tie: no answer

            await pilot.press("escape")
            assert app.screen is spaced  # back on the same card, still unanswered
            assert spaced.session.current is not None

    asyncio.run(play())


def test_bad_settings_are_refused_and_nothing_runs(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = DemoScreen("momentum")
            await app.push_screen(screen)
            await pilot.pause()
            screen.query_one("#param-lr", Input).value = "fast"
            screen.query_one("#param-steps", Input).value = "5000"
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert screen.result is None
            assert not screen.running
            error = text_of(screen, "#demo-error")
            assert "lr must be a number, not 'fast'" in error
            await pilot.press("escape")  # esc leaves the bad field the refusal put the cursor in
            screen2 = DemoScreen("momentum", {"lr": 99.0, "bogus": 1})
            await app.push_screen(screen2)
            await pilot.pause()
            assert screen2.query_one("#param-lr", Input).value == "0.03"
            message = text_of(screen2, "#demo-error")
            assert "reset to the defaults" in message
            assert "lr must be at most 0.1" in message

    asyncio.run(play())


RELEASE = threading.Event()


def blocking_demo(*, seed: int) -> DemoResult:
    """A demo that waits until the test releases it (to show the screen stays live)."""
    assert RELEASE.wait(10)
    runs = tuple(Run(label, {"loss": (1.0, 0.5)}, {"final loss": 0.5}) for label in "ab")
    return DemoResult(
        name="slowtoy",
        title="Slow toy",
        params={"seed": seed},
        runs=runs,
        charts=(Chart("Loss", "loss", "step", "loss"),),
        claim="c",
        claim_holds=True,
        finding="f",
        look_for="l",
        answer=0,
    )


@pytest.fixture
def slow_demo() -> Iterator[None]:
    RELEASE.clear()
    register(
        DemoSpec(
            name="slowtoy",
            title="Slow toy",
            summary="waits",
            runner=f"{__name__}:blocking_demo",
            params={"seed": ParamSpec(int, 0, 0, 10, help="seed")},
            prediction=Prediction("Which?", ("a", "b")),
        )
    )
    yield
    RELEASE.set()
    unregister("slowtoy")


def test_the_screen_stays_live_while_a_demo_runs(collection: Collection, slow_demo: None) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = DemoScreen("slowtoy")
            await app.push_screen(screen)
            await pilot.pause()
            await pilot.press("2")  # predict b, which starts the run
            await pilot.pause()
            assert screen.running
            assert screen.query_one("#demo-running").display
            await pilot.click("#param-seed")
            await pilot.press("end", "backspace", "7")  # typing works while it runs
            assert screen.query_one("#param-seed", Input).value == "7"
            await pilot.press("ctrl+r")  # no second run while one is going
            RELEASE.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not screen.running
            assert screen.result is not None
            assert screen.result.params == {"seed": 0}
            assert text_of(screen, "#demo-verdict") == "✗ Your prediction: b; this run says a."

    asyncio.run(play())


def test_home_r_lists_every_demo_and_opens_one(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("r")
            assert isinstance(app.screen, DemoListScreen)
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, DemoScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, DemoListScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())


def test_learn_offers_the_demo_once_a_card_is_answered(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("lab.md", DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("l")
            learn = app.screen
            assert isinstance(learn, LearnScreen)
            question = learn.session.question
            assert question is not None
            assert question.kind == "written"  # a one-card deck has no wrong options to offer
            await pilot.press("r")  # before the answer, r is just a letter in the answer field
            assert app.screen is learn
            await pilot.press("backspace", *"zig-zag", "enter")
            assert learn.session.feedback is not None
            await pilot.press("r")
            assert isinstance(app.screen, DemoScreen)
            await pilot.press("escape")
            assert app.screen is learn

    asyncio.run(play())


def test_a_setting_with_fixed_choices_is_a_list(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = DemoScreen("vanishing-gradients", {"init": "he"})
            await app.push_screen(screen)
            await pilot.pause()
            init = screen.query_one("#param-init", Select)
            assert init.value == "he"
            screen.query_one("#param-epochs", Input).value = "2"
            await pilot.press("ctrl+r")  # run without predicting
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.result is not None
            assert screen.result.params["init"] == "he"
            assert screen.result.params["epochs"] == 2
            assert not screen.query_one("#demo-predict").display
            screen.set_focus(None)
            await pilot.press("d")
            assert init.value == "xavier"
            assert screen.query_one("#param-epochs", Input).value == "30"

    asyncio.run(play())


def test_the_demo_list_wraps_descriptions_in_their_rows_and_has_help(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            listing = app.screen
            assert isinstance(listing, DemoListScreen)
            assert_footer_keeps_help_and_leave(app, leave="esc")
            options = listing.query_one("#demo-list", OptionList)
            assert options.get_option_at_index(0).id == "adadelta"
            lines = options.render_lines(Region(0, 1, options.size.width, 2))  # under the border
            first, second = ("".join(s.text for s in line).strip(" ▊▎") for line in lines)
            assert first.startswith("adadelta")
            assert second.split()[0] == "against"  # the description's rest, in its column
            await pilot.press("j")
            assert options.highlighted == 1
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape", "enter")
            assert isinstance(app.screen, DemoScreen)
            assert app.screen.spec.name == "adagrad"

    asyncio.run(play())


def test_the_settings_wrap_to_the_width(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("cyclic-lr")  # six settings
            await app.push_screen(screen)
            await pilot.pause()
            fields = list(screen.query(".demo-param"))
            assert len(fields) == 6

            def check(width: int) -> None:
                assert_within_width(app, fields)
                assert len({field.region.y for field in fields}) == (1 if width >= 120 else 2)
                assert_footer_keeps_help_and_leave(app, leave="esc")

            await resize_round_trip(pilot, check)

    asyncio.run(play())


def assert_highlight_in_view(options: OptionList) -> None:
    """The highlighted option's every line is inside the list's window, and the list itself
    lies wholly inside the dialog (nothing of it clipped away)."""
    index = options.highlighted
    assert index is not None
    top = options._index_to_line[index]  # where the option's lines start (no public API)
    bottom = top + options._heights[index]
    first = round(options.scroll_offset.y)
    assert first <= top, (index, top, first)
    assert bottom <= first + options.scrollable_content_region.height, (index, bottom, first)
    box = options.screen.query_one("#demo-list-box")
    assert box.region.contains_region(options.region), (box.region, options.region)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_demo_list_keeps_the_highlighted_row_in_view(
    collection: Collection, size: tuple[int, int]
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=size) as pilot:
            await pilot.press("r")
            options = app.screen.query_one("#demo-list", OptionList)
            keys = ["down"] * 12 + ["j"] * 3 + ["up"] * 9 + ["k"] * 6
            keys += ["pagedown", "pagedown", "pageup", "end", "up", "home", "pagedown", "pageup"]
            seen = set()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                assert_highlight_in_view(options)
                seen.add(options.highlighted)
            assert {0, options.option_count - 1, 15} <= seen
            await pilot.press("end", *["up"] * 10)
            tenth_from_the_end = options.get_option_at_index(options.option_count - 11).id
            await pilot.press("enter")  # opens the one highlighted, in view
            screen = app.screen
            assert isinstance(screen, DemoScreen)
            assert screen.spec.name == tenth_from_the_end

    asyncio.run(play())


def test_the_demo_list_shows_every_name_whole(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            options = app.screen.query_one("#demo-list", OptionList)
            for name in ("lr-too-large-too-small", "performance-schedule", "vanishing-gradients"):
                options.highlighted = options.get_option_index(name)
                await pilot.pause()
                lines = options.render_lines(Region(0, 0, *options.outer_size))
                shown = "\n".join("".join(segment.text for segment in line) for line in lines)
                assert f" {name} " in shown, shown

    asyncio.run(play())


def focus_field(screen: DemoScreen, key: str) -> Input:
    field = screen.query_one(f"#param-{key}", Input)
    field.focus()
    return field


def test_in_a_field_f1_helps_and_esc_leaves_the_field_before_the_demo(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            listing = app.screen
            screen = DemoScreen("momentum")
            await app.push_screen(screen)
            await pilot.pause()
            options = screen.query_one("#demo-options", OptionList)
            seed = focus_field(screen, "seed")
            await pilot.pause()
            keys = footer_keys(app)
            assert keys.get("f1") is True, keys  # help, where ? is typed
            assert keys.get("esc") is True, keys
            assert "d" not in keys  # d is typed here: the footer does not offer Defaults
            await pilot.press("end", "backspace", "?", "d", "7")
            assert seed.value == "?d7"
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert app.screen is screen
            assert screen.focused is seed
            await pilot.press("escape")  # leaves the field: back to the pending prediction
            assert app.screen is screen
            assert screen.focused is options
            assert_footer_keeps_help_and_leave(app, leave="esc")
            await pilot.press("d")  # outside the field d puts the defaults back
            assert seed.value == "0"
            await pilot.press("escape")  # a second esc leaves the demo
            assert app.screen is listing

    asyncio.run(play())


def test_after_the_run_esc_in_a_field_leaves_it_for_the_page(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("momentum")
            await app.push_screen(screen)
            await pilot.press("1")
            await app.workers.wait_for_complete()
            await pilot.pause()
            lr = focus_field(screen, "lr")
            await pilot.press("end", "backspace", "backspace", "backspace", "backspace", *"0.01")
            await pilot.press("escape")
            assert app.screen is screen
            assert screen.focused is None
            await pilot.press("ctrl+r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert lr.value == "0.01"
            assert screen.result is not None
            assert screen.result.params["lr"] == 0.01
            body = screen.query_one("#demo-body")
            await pilot.press("j", "j")  # with no list, j and k scroll the page
            assert body.scroll_offset.y == 2
            await pilot.press("k")
            assert body.scroll_offset.y == 1

    asyncio.run(play())


def test_j_and_k_move_in_the_prediction_list(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("adam")  # three options
            await app.push_screen(screen)
            await pilot.pause()
            options = screen.query_one("#demo-options", OptionList)
            await pilot.press("j", "j", "k")
            assert options.highlighted == 1
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.guess == 1
            assert screen.spec.prediction is not None
            picked = screen.spec.prediction.options[1]
            assert picked in text_of(screen, "#demo-verdict")

    asyncio.run(play())


def help_lines(app: App[None]) -> list[str]:
    help_screen = app.screen
    assert isinstance(help_screen, HelpScreen)
    return [
        f"{key_names(binding)} {binding.tooltip or binding.description}"
        for binding in help_screen.keys
    ]


def test_help_lists_the_keys_that_act_now_with_this_demos_count(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("momentum")  # two options
            await app.push_screen(screen)
            await pilot.pause()
            await pilot.press("question_mark")
            lines = help_lines(app)
            assert "1–2 Pick that prediction option, 1–2 (or ↑ ↓ / j k, then enter)" in lines
            assert not any("1–4" in line or "Run again" in line for line in lines), lines
            assert [line.split()[0] for line in lines] == [
                "^r", "1–2", "d", "tab,", "PageUp,", "j,", "?,", "esc,",
            ]  # fmt: skip
            await pilot.press("escape", "1")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("question_mark")
            assert not any(line.startswith("1–") for line in help_lines(app))  # predicted

    asyncio.run(play())


def test_the_list_and_home_call_them_training_experiments(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            home = app.screen
            tooltips = [b.tooltip for b in home.BINDINGS if isinstance(b, Binding)]
            assert "Run it: the training experiments" in tooltips
            await pilot.press("r", "question_mark")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert help_screen.title_text == "run it: the training experiments"

    asyncio.run(play())


def test_the_result_table_fits_80_columns(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            for name, guess in (("adagrad", "2"), ("lr-range-test", "1"), ("diffgrad", "1")):
                screen = DemoScreen(name)
                await app.push_screen(screen)
                await pilot.pause()
                await pilot.press(guess)
                await app.workers.wait_for_complete()
                await pilot.pause()
                table = screen.query_one("#demo-table", DataTable)
                headers = [str(column.label) for column in table.columns.values()]

                def check(width: int, table: DataTable[object] = table) -> None:
                    assert_table_fits(table)
                    assert table.region.right <= width

                await resize_round_trip(pilot, check)
                if name == "adagrad":  # at 120 the headers are on one line, at 80 they wrap
                    assert "final lr across (y)" in headers
                    await pilot.resize_terminal(80, 24)
                    await pilot.pause()
                    await pilot.pause()
                    wrapped = [str(column.label) for column in table.columns.values()]
                    assert "final lr\nacross (y)" in wrapped
                    assert table.row_count == 2
                    await pilot.resize_terminal(120, 35)
                await pilot.press("escape")

    asyncio.run(play())


def test_the_prediction_options_are_in_view_at_80x24(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            card = "Why do the first layers of a deep sigmoid network learn so slowly?"
            screen = DemoScreen("vanishing-gradients", card=card)  # six settings, four options
            await app.push_screen(screen)
            await pilot.pause()
            body = screen.query_one("#demo-body")
            options = screen.query_one("#demo-options", OptionList)

            def check(width: int) -> None:
                assert body.content_region.contains_region(options.region), (
                    width,
                    body.content_region,
                    options.region,
                )

            await resize_round_trip(pilot, check)
            await pilot.resize_terminal(80, 24)
            screen.query_one("#param-seed", Input).focus()  # tab to the last setting…
            await pilot.pause()
            await pilot.press("escape")  # …and esc: back to the options, in view
            await pilot.pause()
            assert screen.focused is options
            check(80)

    asyncio.run(play())


def test_result_tables_wrap_headers_then_the_first_column_only_as_needed() -> None:
    header = ["run", "final loss", "steps to 0.001"]
    rows = [["plain gradient descent", "1e-11", "74"], ["Adagrad", "1e-22", "38"]]
    assert fit_columns(header, rows, 60) == (header, [row[0] for row in rows])
    wrapped, first = fit_columns(header, rows, 50)
    assert wrapped == ["run", "final loss", "steps to\n0.001"]
    assert first == ["plain gradient descent", "Adagrad"]
    wrapped, first = fit_columns(header, rows, 30)
    assert wrapped == ["run", "final\nloss", "steps\nto\n0.001"]
    assert first == ["plain gradient\ndescent", "Adagrad"]  # 14 wide: what the others leave


async def tab_stops(pilot: Pilot[None], screen: DemoScreen, count: int) -> list[str]:
    """Press tab ``count`` times; the id of what has the focus after each press, each
    checked to be on screen (a tab never lands on something invisible)."""
    stops = []
    body = screen.query_one("#demo-body")
    for _ in range(count):
        await pilot.press("tab")
        await pilot.pause()
        focused = screen.focused
        assert focused is not None
        assert focused.id is not None
        assert focused.region.height > 0, focused
        assert body.content_region.overlaps(focused.region), (focused, focused.region)
        stops.append(focused.id)
    return stops


@pytest.mark.parametrize(
    ("name", "size", "fields"),
    [
        ("nesterov", (120, 35), ["lr", "momentum", "steps", "seed"]),
        ("lr-range-test", (80, 24), ["steps", "end_lr", "epochs", "seed"]),
    ],
)
def test_tab_cycles_through_the_prediction_the_fields_and_the_result(
    collection: Collection, name: str, size: tuple[int, int], fields: list[str]
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=size) as pilot:
            screen = DemoScreen(name)
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.focused is screen.query_one("#demo-options")
            settings = [f"param-{key}" for key in fields]
            stops = await tab_stops(pilot, screen, 2 * (len(fields) + 1))
            assert stops == [*settings, "demo-options"] * 2

            await pilot.press("1")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.result is not None
            stops = await tab_stops(pilot, screen, 2 * (len(fields) + 1))
            assert stops == [*settings, "demo-results"] * 2  # the page scrolls: a stop
            panel = screen.query_one("#demo-results")
            assert screen.focused is panel
            await pilot.press("shift+tab")
            assert screen.focused is not None
            assert screen.focused.id == settings[-1]
            assert panel.styles.border_left[0] != "thick"
            await pilot.press("tab")
            assert screen.focused is panel
            assert panel.styles.border_left[0] == "thick"  # marked while it has the focus
            body = screen.query_one("#demo-body")
            start = body.scroll_offset.y
            await pilot.press("down", "j", "j", "k")
            assert body.scroll_offset.y == start + 2
            await pilot.press("end")
            assert body.scroll_offset.y == body.max_scroll_y
            await pilot.press("home")
            assert body.scroll_offset.y == 0
            await pilot.press("tab")
            assert screen.focused is not None
            assert screen.focused.id == settings[0]
            assert panel.styles.border_left[0] != "thick"

    asyncio.run(play())


def test_the_result_is_no_tab_stop_while_the_page_fits(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("nesterov")
            await app.push_screen(screen)
            await pilot.press("1")
            await app.workers.wait_for_complete()
            await pilot.pause()
            body = screen.query_one("#demo-body")
            await pilot.resize_terminal(120, body.virtual_size.height + 10)
            await pilot.pause()
            assert body.max_scroll_y == 0
            stops = await tab_stops(pilot, screen, 8)
            assert stops == ["param-lr", "param-momentum", "param-steps", "param-seed"] * 2

    asyncio.run(play())


def label_of(screen: DemoScreen, key: str) -> str:
    field = screen.query_one(f"#param-{key}")
    assert field.parent is not None
    return str(field.parent.query_one(".demo-param-name", Label).render())


def test_each_setting_shows_what_it_accepts_at_80x24(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = DemoScreen("nesterov")
            await app.push_screen(screen)
            await pilot.pause()
            assert label_of(screen, "lr") == "lr\n1e-05–0.1"
            assert label_of(screen, "momentum") == "momentum\n0.01–0.999"
            assert label_of(screen, "seed") == "seed\n0–2147483647"
            labels = list(screen.query(".demo-param-name").results(Label))
            assert_within_width(app, labels)
            for label in labels:  # every line whole, within the label's own width
                lines = str(label.render()).split("\n")
                assert max(map(len, lines)) <= label.content_region.width, lines
            await pilot.press("escape")
            cyclic = DemoScreen("cyclic-lr")
            await app.push_screen(cyclic)
            await pilot.pause()
            # the parameter's own name, as the questions and notes write it (not "base lr")
            assert label_of(cyclic, "base_lr") == "base_lr\n1e-05–0.5"
            assert label_of(cyclic, "mode") == "mode\nchoose one"  # a list shows its choices
            await pilot.press("escape")
            sgdr = DemoScreen("sgdr")
            await app.push_screen(sgdr)
            await pilot.pause()
            assert label_of(sgdr, "t_0") == "t_0\n1–40"
            assert label_of(sgdr, "t_mult") == "t_mult\n1–3"

    asyncio.run(play())


def test_a_field_turns_red_while_its_value_would_be_refused(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("nesterov")
            await app.push_screen(screen)
            await pilot.pause()
            lr = focus_field(screen, "lr")
            await pilot.press("end", "backspace", "backspace", "backspace", "backspace", *"0.3")
            assert lr.value == "0.3"
            assert lr.has_class("-invalid")
            await pilot.press("backspace", *"05")
            assert lr.value == "0.05"
            assert not lr.has_class("-invalid")
            await pilot.press("backspace", "backspace", *"x")
            assert lr.has_class("-invalid")
            await pilot.press("escape", "d")  # the defaults are good again
            assert lr.value == "0.03"
            assert not lr.has_class("-invalid")

    asyncio.run(play())


def test_a_refused_run_keeps_the_prediction_and_says_so(collection: Collection) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = DemoScreen("nesterov")
            await app.push_screen(screen)
            await pilot.pause()
            lr = focus_field(screen, "lr")
            await pilot.press("end", "backspace", "backspace", "backspace", "backspace", *"0.3")
            await pilot.press("escape")  # back to the prediction
            await pilot.press("j", "enter")  # predict: Nesterov momentum
            await pilot.pause()
            assert screen.result is None
            assert not screen.running
            assert text_of(screen, "#demo-error") == "Can't run: lr must be at most 0.1, not 0.3"
            hint = text_of(screen, "#demo-hint")
            assert hint == "Your prediction (2) is kept; fix the setting in red, then enter runs."
            assert "Predict first" not in hint
            assert screen.focused is lr  # the bad field, to fix
            assert screen.guess == 1

            await pilot.press("end", "backspace", *"05", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.result is not None
            assert screen.result.params["lr"] == 0.05
            assert text_of(screen, "#demo-verdict") == (
                "✓ Your prediction was right: Nesterov momentum."
            )
            assert text_of(screen, "#demo-hint").startswith("Change a setting above")
            assert not screen.query_one("#demo-error").display

    asyncio.run(play())


def test_a_refused_run_before_predicting_leaves_the_prediction_open(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            screen = DemoScreen("nesterov")
            await app.push_screen(screen)
            await pilot.pause()
            screen.query_one("#param-steps", Input).value = "5"
            await pilot.press("ctrl+r")  # run without predicting: refused
            await pilot.pause()
            assert screen.result is None
            assert screen.guess is None
            assert screen.focused is screen.query_one("#param-steps")
            assert text_of(screen, "#demo-hint") == (
                "Fix the setting in red, then enter runs (esc, then 1–2: predict first)."
            )
            assert screen.query_one("#demo-predict").display
            await pilot.press("escape")
            assert screen.focused is screen.query_one("#demo-options")
            await pilot.press("2")  # still refused: the prediction is kept
            await pilot.pause()
            assert screen.guess == 1
            assert screen.result is None
            assert text_of(screen, "#demo-hint").startswith("Your prediction (2) is kept")

    asyncio.run(play())


def test_the_demo_list_keeps_the_highlighted_row_in_view_after_a_resize(
    collection: Collection,
) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(0))
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.press("r")
            listing = app.screen
            options = listing.query_one("#demo-list", OptionList)
            options.highlighted = options.get_option_index("nesterov")
            await pilot.pause()
            await pilot.press("enter")
            assert isinstance(app.screen, DemoScreen)
            await pilot.resize_terminal(80, 24)  # while the demo is open
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is listing
            assert options.highlighted == options.get_option_index("nesterov")
            assert_highlight_in_view(options)

            await resize_round_trip(pilot, lambda _width: assert_highlight_in_view(options))

    asyncio.run(play())
