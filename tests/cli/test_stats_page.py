"""``studyapp stats`` as text: card text on one line, the calendar fitted to the width.

The history is the one of :mod:`tests.cli.test_stats_json`; the command's output is checked in
:mod:`tests.cli.test_stats`.
"""

from __future__ import annotations

from studyapp.cli.stats_page import WEEKDAY_LABEL, card_text, render_stats
from studyapp.collection import Collection
from tests.cli.conftest import section


def test_text_helpers() -> None:
    assert card_text("What is\x1b[2J this\n\tcard?") == "What is[2J this card?"


def test_a_narrow_calendar_keeps_the_latest_weeks(
    collection: Collection, ids: dict[str, int]
) -> None:
    out = render_stats(collection.stats(), width=30)
    days = section(out, "Reviews in the last 365 days")[2:9]
    grid = {line[:3]: line[WEEKDAY_LABEL:] for line in days}
    assert len(grid["Tue"]) == 30 - WEEKDAY_LABEL  # 26 of the 53 weeks, the last one today's
    assert (grid["Mon"][-1], grid["Tue"][-1], grid["Thu"][-1]) == ("▒", "▒", "░")
    assert grid["Mon"][-9] == "░"  # 2026-01-05, 9 weeks before 03-09
