"""A workload simulation as a plain-text table, the same in the CLI and the TUI: for each
desired retention tried, reviews and minutes a day and cards remembered at the end, the
recommended retention marked. Plain characters, no colour; under 80 columns."""

from __future__ import annotations

from typing import Final

from studyapp.analytics.fsrs_workload import RetentionWorkload, WorkloadSimulation
from studyapp.rendering.words import counted, share_percent

#: Set after the recommended retention's row.
RECOMMENDED_MARK: Final = "◀ recommended"
#: The table's columns: heading and width.
_COLUMNS: Final = (("retention", 9), ("reviews/day", 11), ("minutes/day", 11), ("remembered", 16))


def workload_title(simulation: WorkloadSimulation) -> str:
    """What was simulated, in a line: ``10,000 cards over 365 days, 20 new and at most 200
    reviews a day``."""
    cards = f"{simulation.card_count:,} card{'' if simulation.card_count == 1 else 's'}"
    return (
        f"{cards} over {counted(simulation.days, 'day')}, {simulation.new_per_day} new and "
        f"at most {simulation.reviews_per_day} reviews a day"
    )


def workload_row(workload: RetentionWorkload) -> tuple[str, str, str, str]:
    """A retention's cells: the retention, reviews a day, minutes a day, cards remembered at
    the end with their share of the cards studied."""
    share = share_percent(workload.retention_at_end)
    remembered = f"{round(workload.memorized_at_end):,} ({share})"
    return (
        f"{workload.desired_retention:.2f}",
        f"{workload.average_reviews:.1f}",
        f"{workload.average_minutes:.1f}",
        remembered,
    )


def workload_table(simulation: WorkloadSimulation) -> str:
    """The simulation as lines of text: a title, a table with one row a retention (the
    recommended one marked ◀), and what the recommendation minimises."""
    header = "  ".join(heading.rjust(width) for heading, width in _COLUMNS)
    lines = [workload_title(simulation), "", header.rstrip()]
    for workload in simulation.workloads:
        cells = workload_row(workload)
        row = "  ".join(cell.rjust(width) for cell, (_, width) in zip(cells, _COLUMNS, strict=True))
        if workload.desired_retention == simulation.recommended:
            row = f"{row}  {RECOMMENDED_MARK}"
        lines.append(row)
    lines += [
        "",
        f"Recommended: {simulation.recommended:.2f}, the fewest minutes of study per card "
        "remembered at the end.",
        "Minutes assume a typical learner's answer times; remembered counts expected",
        "recalls on the last day (in brackets: as a share of the cards studied).",
    ]
    return "\n".join(lines)
