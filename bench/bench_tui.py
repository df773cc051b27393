"""The TUI benchmark: what the student waits for on the study screens of a big collection.

Run ``python bench/bench_tui.py [--size full|tiny] [--store FILE] [--repeat N]``.

It opens the real app (``create_app``) on :mod:`bench_core`'s synthetic collection (full:
100,000 cards in 50 decks, 1,000,000 reviews) under Textual's test driver (``run_test``, 120×35)
and times, from the call to the screen drawn and every message handled (``pilot.pause()``),
coming back to the home screen after a card was rated (target ≤ 100 ms; the tags' counts
then arrive from a worker) and a test's setup on "All decks" (≤ 200 ms); then, in process,
starting a learn session, a test and a matching game on "All decks" (each ≤ 200 ms), and the
same from the key to the screen drawn (no target: Textual's drawing included), and the CPU time
of one key in a learn session (no target). The app sets aside what lives at start-up from
garbage collection, as the ``studyapp`` program's does. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Final

from textual.pilot import Pilot
from textual.screen import Screen

from studyapp.collection import Collection
from studyapp.modes.learn import LearnSession
from studyapp.modes.matching import MatchGame
from studyapp.modes.test import QUESTION_KINDS, TestSession
from studyapp.scope import Scope
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.home import ALL_DECKS_TITLE, HomeScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.matching import MatchScreen
from studyapp.tui.screens.test import TestScreen, TestSetupScreen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import Measurement, Size, kept_store, print_report, store_arguments, timed
from bench_core import _load as load_average

HOME: Final = "back to home: the UI thread's part"
LEARN: Final = "learn on All decks: the session"
TEST_SETUP: Final = "test on All decks: opening the setup"
TEST: Final = "test on All decks: the session"
MATCH: Final = "match on All decks: the game"
#: Seconds the median may take (issue 20 part 3: home ≤ 100 ms, a mode's start ≤ 200 ms).
TARGETS: Final = {HOME: 0.100, LEARN: 0.200, TEST_SETUP: 0.200, TEST: 0.200, MATCH: 0.200}
TEST_KINDS: Final = list(QUESTION_KINDS)
ALL_DECKS: Final = Scope(title=ALL_DECKS_TITLE)
SIZE: Final = (120, 35)


class Blank(Screen[None]):
    """A screen to come back from (a session's screen, without the session)."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    return store_arguments(argv, __doc__.splitlines()[0] if __doc__ else None, repeat=5)


def prepare(_collection: Collection, _size: Size, _seed: int) -> str:
    """Nothing to add to bench_core's collection."""
    return "the collection as bench_core builds it"


async def _settled(app: StudyApp, pilot: Pilot[None]) -> None:
    """Every worker done and every message handled (untimed, between measurements)."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _timed(
    repeat: int,
    pilot: Pilot[None],
    action: Callable[[], object],
    check: Callable[[], None],
    after: Callable[[], Awaitable[None]],
) -> list[float]:
    """Time ``action`` and the app handling what it set off, ``repeat`` times; ``check`` the
    outcome, then ``after`` (untimed) puts the app back."""
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        action()
        await pilot.pause()
        times.append(time.perf_counter() - started)
        check()
        await after()
    return times


async def keys_cpu(app: StudyApp, pilot: Pilot[None], count: int) -> list[float]:
    """The process's CPU time (all threads: drawing, the saver's writes) for each of up to
    ``count`` keys of a learn session in progress, until its first written question: the right
    option of a question, or the key that goes on from its feedback (the pilot's waits between
    keys are not counted)."""
    screen = app.screen
    assert isinstance(screen, LearnScreen), screen
    session = screen.session
    times = []
    while len(times) < count and not session.done:
        question = session.question
        if session.feedback is not None or question is None:
            key = "enter"  # on from the feedback, or to the next round
        elif question.choice is not None:
            key = str(question.choice.answer + 1)
        else:
            break  # a written question: its keys type, not answer
        await _settled(app, pilot)
        started = time.process_time()
        await pilot.press(key)
        await _settled(app, pilot)
        times.append(time.process_time() - started)
    return times


async def measure(collection: Collection, repeat: int) -> list[Measurement]:
    """Open the app on the collection and time each row."""
    # as the program runs it: what lives at start-up is set aside from garbage collection
    app = create_app(collection, random.Random(20), set_aside_at_start=True)
    results: list[Measurement] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        assert isinstance(app.screen, HomeScreen)

        def on_home() -> None:
            assert isinstance(app.screen, HomeScreen), app.screen

        async def back_home() -> None:
            while not isinstance(app.screen, HomeScreen):
                app.pop_screen()
                await pilot.pause()
            collection.discard_unfinished("test", ALL_DECKS)
            await _settled(app, pilot)

        async def away() -> None:
            """A screen over home, and a card rated meanwhile (its deck's and tags' counts
            change, as after a session)."""
            await app.push_screen(Blank())
            collection.rate(collection.due_queue().card_ids[0], 4)
            await _settled(app, pilot)

        await away()
        tags_done: list[float] = []

        async def tags_counted() -> None:
            started = time.perf_counter()
            await _settled(app, pilot)
            tags_done.append(time.perf_counter() - started)
            await away()

        home = await _timed(repeat, pilot, app.pop_screen, on_home, tags_counted)
        results.append(
            Measurement(
                "  back to home, drawn (workers too)",
                home,
                "a card rated meanwhile; pilot.pause() also waits for the tags' worker",
            )
        )
        await back_home()
        screen = app.screen
        assert isinstance(screen, HomeScreen)

        async def blocking(
            action: Callable[[], object], after: Callable[[], Awaitable[None]]
        ) -> list[float]:
            """The time ``action`` holds the UI thread (what it sets off, drawing included,
            runs after), ``repeat`` times, ``after`` it (untimed) each time."""
            times = []
            for _ in range(repeat):
                gc.collect()
                started = time.perf_counter()
                action()
                times.append(time.perf_counter() - started)
                await after()
            return times

        async def rated() -> None:
            await _settled(app, pilot)
            collection.rate(collection.due_queue().card_ids[0], 4)

        await rated()
        ui_thread = await blocking(screen.on_screen_resume, rated)
        results.insert(
            0,
            Measurement(
                HOME,
                ui_thread,
                "on_screen_resume() after a rating: the decks' counts read, the table filled",
            ),
        )
        await _settled(app, pilot)

        def shown(kind: type[Screen[None]]) -> Callable[[], None]:
            def check() -> None:
                assert isinstance(app.screen, kind), app.screen

            return check

        learn = await _timed(
            repeat, pilot, lambda: app.start_mode("learn", ALL_DECKS), shown(LearnScreen), back_home
        )
        results.append(Measurement("  learn: first question drawn", learn, "from the key"))
        app.start_mode("learn", ALL_DECKS)
        await _settled(app, pilot)
        results.append(
            Measurement(
                "  learn: CPU of one key (answer or go on)",
                await keys_cpu(app, pilot, repeat * 4),
                "the process's CPU time, drawing and saving included",
            )
        )
        await back_home()

        async def shown_then_home() -> None:
            await _settled(app, pilot)
            assert isinstance(app.screen, TestSetupScreen), app.screen
            await back_home()

        opening = await blocking(lambda: app.start_mode("test", ALL_DECKS), shown_then_home)
        results.append(
            Measurement(TEST_SETUP, opening, "app.start_mode: what the UI thread reads first")
        )
        setup = await _timed(
            repeat,
            pilot,
            lambda: app.start_mode("test", ALL_DECKS),
            shown(TestSetupScreen),
            back_home,
        )
        results.append(
            Measurement("  test: setup drawn (workers too)", setup, "its worker counts the cards")
        )

        async def open_setup() -> None:
            await back_home()
            app.start_mode("test", ALL_DECKS)
            await _settled(app, pilot)

        await open_setup()

        def start_test() -> None:
            screen = app.screen
            assert isinstance(screen, TestSetupScreen)
            screen.action_start()

        test = await _timed(repeat, pilot, start_test, shown(TestScreen), open_setup)
        results.append(Measurement("  test: first question drawn", test, "from the key"))
        await back_home()

        match = await _timed(
            repeat,
            pilot,
            lambda: app.start_mode("matching", ALL_DECKS),
            shown(MatchScreen),
            back_home,
        )
        results.append(Measurement("  match: board drawn", match, "from the key"))
    rng = random.Random(21)
    results += [
        Measurement(
            LEARN,
            timed(repeat, lambda: LearnSession.open(collection, ALL_DECKS, rng)),
            "LearnSession.open: the first round and its first question",
        ),
        Measurement(
            TEST,
            timed(repeat, lambda: TestSession.start(collection, ALL_DECKS, 10, TEST_KINDS, rng)),
            "TestSession.start: 10 questions of the four kinds",
        ),
        Measurement(
            MATCH,
            timed(repeat, lambda: MatchGame.start(collection, ALL_DECKS, rng)),
            "MatchGame.start: six pairs",
        ),
    ]
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Build (or reuse), measure, print; exit status 0 unless something crashed."""
    args = parse_args(argv)
    with kept_store(args, "tui", prepare) as collection:
        measurements = asyncio.run(measure(collection, args.repeat))
    what = f"{args.repeat} repeats each; median judged against the target"
    print_report(measurements, what, args.size == "full", TARGETS)
    print(f"load average {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
