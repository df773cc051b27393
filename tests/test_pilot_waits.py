"""The tests' Pilot wait: after a key or a pause, what the key set going is done (a resize, an
after-refresh callback, a worker's work, a queued write), without a 20 ms nap per key."""

from __future__ import annotations

import asyncio
import time

import textual.app
import textual.pilot
from textual.app import App, ComposeResult
from textual.widgets import Static

from studyapp.modes.saving import Saver
from tests.pilot_waits import until_settled


class Line(Static):
    """A line as wide as the screen, which says when the screen's resize reached it."""

    def on_resize(self) -> None:
        app = self.app
        assert isinstance(app, Recorder)
        app.done.append(f"laid out at {self.size.width} wide")


class Recorder(App[None]):
    """An app whose keys start work of each kind the wait must see the end of."""

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []
        self._saver = Saver(settle=0.0)

    def compose(self) -> ComposeResult:
        yield Line("")

    def key_a(self) -> None:
        self.call_after_refresh(self.done.append, "after refresh")

    def key_w(self) -> None:
        self.run_worker(self.busy_work, thread=True)

    def busy_work(self) -> None:
        end = time.process_time() + 0.05
        while time.process_time() < end:  # CPU, as a worker that reads the store
            pass
        self.call_from_thread(self.done.append, "worker")

    def key_s(self) -> None:
        def write() -> None:
            time.sleep(0.05)  # no CPU: a write waiting on the disk
            self.done.append("written")

        self._saver.submit("rating", write)


def test_installed_for_the_run() -> None:
    assert textual.app.wait_for_idle is until_settled  # type: ignore[attr-defined]
    assert textual.pilot.wait_for_idle is until_settled  # type: ignore[attr-defined]


def test_each_kind_of_work_is_done_when_the_key_returns() -> None:
    async def play() -> None:
        app = Recorder()
        async with app.run_test(size=(80, 24)) as pilot:
            for width in range(79, 40, -1):
                await pilot.resize_terminal(width, 20)
                assert app.done[-1] == f"laid out at {width} wide"
            for key, done in (("a", "after refresh"), ("w", "worker"), ("s", "written")):
                await pilot.press(key)
                assert app.done[-1] == done

    asyncio.run(play())
