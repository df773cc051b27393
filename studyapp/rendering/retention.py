"""The retention the scheduler aims at, said beside the retention the student reached (the
stats of the command line and of the TUI say it alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.rendering.words import share_percent

if TYPE_CHECKING:
    from studyapp.analytics.report import StatsReport


def desired_retention_line(report: StatsReport) -> str:
    """A short line: the desired retention FSRS schedules for, and whether FSRS is chosen."""
    desired = share_percent(report.desired_retention)
    if report.scheduler == "fsrs":
        return f"Desired retention {desired} (FSRS schedules for it)"
    return f"Desired retention {desired} if FSRS schedules (now SM-2)"
