"""Pilot's waits, ended by the app having nothing left to do instead of by 20 ms naps.

After each key, and in ``pause()``, Textual's Pilot calls ``wait_for_idle``: it naps 20 ms at a
time until one nap passes with the process's CPU almost still. Every key of a test so costs at
least 40 ms of sleep, about half the wall time of the TUI tests. :func:`install` puts
:func:`until_settled` in its place for the test run: it returns as soon as

- every message queue of the app and its screen is drained (Pilot's own ``_wait_for_screen``),
- the screen has no layout, repaint, recompose or after-refresh callback waiting for its next
  frame (Textual draws at most 60 frames a second: the wait lets that frame come, as a real
  terminal would, rather than drawing one of its own),
- no resize (Textual waits 1/120 s for the next) or batch of updates is under way, and the
  app's saver has no write waiting (unless a lock or an error holds it up, as tests do on
  purpose),
- and a 2 ms nap then passes with the process's CPU still, as ``wait_for_idle`` asks of a 20 ms
  one (so a worker thread at work is waited for, as before).

Like ``wait_for_idle`` it gives up after ``max_sleep`` seconds of waiting. Timers are not waited
for, as they were not (a test that needs one waits for it). The TUI tests take about a third
less time this way. ``STUDYAPP_TEST_PILOT_NAPS=1`` keeps Textual's own waits (to tell whether a
failing test depends on them).
"""

from __future__ import annotations

import asyncio
from time import monotonic, process_time
from typing import Any

import textual._wait
import textual.app
import textual.pilot
from textual._context import active_app
from textual.app import App
from textual.pilot import Pilot

#: The nap after which a still CPU means idle, and the CPU allowed during it (wait_for_idle's
#: ratio: 1/20 of the nap).
NAP = 0.002
STILL_CPU = NAP / 20


def _screen_has_updates(app: App[Any]) -> bool:
    """Whether the current screen has an update or callbacks waiting for its next frame."""
    screen = app.screen
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


def _app_is_busy(app: App[Any]) -> bool:
    """Whether a resize or a batch of updates is under way, or a write the app made is still
    queued and going in (a write held up by a lock or an error is not waited for)."""
    if app._resize_timer is not None or app._batch_count:
        return True
    saver = getattr(app, "_saver", None)
    if saver is None:
        return False
    status = saver.status()
    return status.pending > 0 and not status.busy and status.error is None


async def until_settled(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Wait until the active app has nothing left to do (see the module), at most
    ``max_sleep`` s; ``min_sleep`` is kept for ``wait_for_idle``'s signature (and honoured)."""
    start = monotonic()
    app = active_app.get()
    pilot = Pilot(app)
    while monotonic() - start < max_sleep:
        if not app.is_running or app._closing or not app._screen_stack:
            await asyncio.sleep(NAP)  # starting or shutting down: a nap, as before
            return
        if _app_is_busy(app):
            await asyncio.sleep(NAP)
            continue
        await pilot._wait_for_screen()
        if _screen_has_updates(app):
            await asyncio.sleep(NAP)  # until the next frame takes them
            continue
        cpu = process_time()
        await asyncio.sleep(NAP)
        still = process_time() - cpu < STILL_CPU and monotonic() - start >= min_sleep
        if still and not _screen_has_updates(app) and not _app_is_busy(app):
            return


def install() -> None:
    """Make Pilot (and the key presses it sends) wait with :func:`until_settled`."""
    for module in (textual.app, textual.pilot):
        if getattr(module, "wait_for_idle", None) is not textual._wait.wait_for_idle:
            raise RuntimeError(f"{module.__name__} waits otherwise now: see {__name__}")
        module.wait_for_idle = until_settled  # type: ignore[attr-defined]
