"""What widgets draw, as text, for Pilot tests that check what a student sees."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def drawn_lines(widget: Widget) -> list[str]:
    """The non-blank lines a widget and the widgets in it draw (trailing spaces removed)."""
    lines = []
    for shown in [widget, *widget.walk_children(Widget)]:
        if shown.display and not shown.children:
            for line in shown.render_lines(Region(0, 0, *shown.outer_size)):
                lines.append("".join(segment.text for segment in line).rstrip())
    return [line for line in lines if line.strip()]
