"""Checks that what a screen shows fits the terminal: for the resize and 80×24 tests."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey


def footer_keys(app: App[None]) -> dict[str, bool]:
    """Each key the footer of the screen on top offers, and whether it is wholly on screen."""
    width = app.size.width
    return {
        key.key_display or key.key: key.region.right <= width and key.region.width > 0
        for key in app.screen.query(FooterKey)
    }


def assert_footer_keeps_help_and_leave(
    app: App[None], leave: str = "q", help_key: str = "?"
) -> None:
    """The footer shows the help key (``?``; ``f1`` where ``?`` is typed) and the key that
    leaves the screen, within its width."""
    keys = footer_keys(app)
    assert keys.get(help_key) is True, keys
    assert keys.get(leave) is True, keys


def assert_footer_keys_apart(app: App[None]) -> None:
    """No key the footer shows is drawn over another."""
    shown = [key.region for key in app.screen.query(FooterKey) if key.region.width > 0]
    regions = sorted(shown, key=lambda region: region.x)
    for left, right in itertools.pairwise(regions):
        assert left.right <= right.x, regions


def assert_table_fits(table: DataTable[object]) -> None:
    """Every column of the table lies within the table's own width (nothing pushed off)."""
    right = sum(column.get_render_width(table) for column in table.columns.values())
    assert right <= table.scrollable_content_region.width, (right, table.size)


async def resize_round_trip(pilot: Pilot[None], check: Callable[[int], None]) -> None:
    """Resize the terminal 120×35 → 80×24 → 120×35, calling ``check(width)`` at each size."""
    for width, height in ((120, 35), (80, 24), (120, 35)):
        await pilot.resize_terminal(width, height)
        await pilot.pause()
        check(width)


def assert_within_width(app: App[None], widgets: Iterable[Widget]) -> None:
    """Each of the widgets lies wholly within the terminal's width."""
    for widget in widgets:
        assert widget.region.x >= 0, widget
        assert widget.region.right <= app.size.width, widget
