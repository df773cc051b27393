"""``studyapp stats`` as text: every figure of a :class:`StatsReport` in sections, drawn with Rich.

Cards and mastery, retention, time studied and streaks, the due forecast, the review calendar
of the last year, the hardest cards, mastery week by week, test scores, matching times and
calibration. Card text is data: control characters are removed and long questions are cut to
the width. Colours (bold titles, green bars, the calendar's shades) only when asked for.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Final

from rich.table import Table
from rich.text import Text

from studyapp.cli.drawing import Cell, render, safe_text, table
from studyapp.rendering.card_text import question_line
from studyapp.rendering.retention import desired_retention_line
from studyapp.rendering.words import (
    calibration_cells,
    counted,
    rating_name,
    scope_name,
    share_percent,
    spoken_duration,
)
from studyapp.terminal_text import one_line

if TYPE_CHECKING:
    from studyapp.analytics.calendar import Calendar
    from studyapp.analytics.report import StatsReport

#: Longest bar of a bar column, in characters.
BAR_WIDTH: Final = 20
#: How many of the latest tests and matching games are listed.
RECENT_RESULTS: Final = 10
#: The calendar's characters: a day without reviews, then shades 1 (few) to 4 (many).
CALENDAR_SHADES: Final = "·░▒▓█"
#: Width of the weekday labels in front of the calendar ("Mon ").
WEEKDAY_LABEL: Final = 4

_BOLD, _GREEN, _DIM = "bold", "green", "dim"


def render_stats(report: StatsReport, *, width: int | None = None, color: bool = False) -> str:
    """Every figure of ``report`` as sections of text; questions cut to ``width`` if given.

    With ``color``, titles, bars and the calendar's shades are coloured for a terminal (the
    codes marked as the command line's own: :func:`studyapp.cli.drawing.render`).
    """
    page = _Page(width)
    page.parts.append(
        Text.assemble(
            safe_text(f"Statistics: {report.scope.label}", _BOLD),
            safe_text(f" · today {report.today:%a %Y-%m-%d}"),
        )
    )
    _cards_section(page, report)
    _retention_section(page, report)
    _activity_section(page, report)
    _forecast_section(page, report)
    _calendar_section(page, report)
    _hardest_section(page, report)
    _mastery_history_section(page, report)
    _results_section(page, report)
    _calibration_section(page, report)
    return render(*page.parts, color=color)


class _Page:
    """What is drawn so far, one part (a line of text, a table) below the other, and the width
    to fit."""

    def __init__(self, width: int | None) -> None:
        self.width = width
        self.parts: list[Text | Table] = []

    def line(self, text: str = "", style: str = "") -> None:
        """One line of text, as it is."""
        self.parts.append(safe_text(text, style))

    def say(self, *sentences: str) -> None:
        """Lines of prose, each wrapped to the width."""
        for sentence in sentences:
            if self.width is None or not sentence:
                self.line(sentence)
            else:
                for line in textwrap.wrap(sentence, max(20, self.width), subsequent_indent="  "):
                    self.line(line)

    def heading(self, title: str) -> None:
        """A section's title, underlined (cut with "…" to the width)."""
        if self.width is not None and len(title) > self.width:
            title = title[: max(1, self.width - 1)] + "…"
        self.line()
        self.line(title, _BOLD)
        self.line("─" * len(title))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        right: set[int] | None = None,
        bars: Sequence[float] | None = None,
    ) -> None:
        """A table; with ``bars`` (0–1, one per row) a bar after each row (never cut)."""
        if bars is None:
            self.parts.append(table(header, rows, right or (), width=self.width))
            return
        barred: list[list[Cell]] = [
            [*row, safe_text(bar, _GREEN if bar else "")]
            for row, bar in zip(rows, map(_bar, bars), strict=True)
        ]
        self.parts.append(table([*header, ""], barred, right or ()))


def _cards_section(page: _Page, report: StatsReport) -> None:
    cards = report.cards
    page.heading("Cards and mastery")
    if not cards.cards:
        page.say("No active cards here yet: studyapp import PATH adds decks.")
        return
    page.say(
        f"Mastery {_percent(cards.mastery)}: each card's latest rating out of 5, unseen cards 0",
        f"{counted(cards.cards, 'active card')}: {cards.new} new · {cards.learning} learning · "
        f"{cards.mastered} mastered",
        "",
    )
    rows = [
        [rating_name(rating), str(count)] for rating, count in enumerate(cards.ratings, start=1)
    ]
    rows.append(["not yet rated", str(cards.new)])
    most = max([*cards.ratings, cards.new, 1])
    shares = [count / most for count in [*cards.ratings, cards.new]]
    page.table(["LATEST RATING", "CARDS"], rows, right={1}, bars=shares)


def _retention_section(page: _Page, report: StatsReport) -> None:
    page.heading("Retention: spaced reviews rated 3 or more")
    rows = [
        [
            f"last {period.days} days",
            "–" if period.rate is None else _percent(period.rate * 100),
            str(period.passed),
            str(period.reviews),
        ]
        for period in report.retention
    ]
    page.table(["PERIOD", "RETENTION", "PASSED", "REVIEWS"], rows, right={1, 2, 3})
    page.say(desired_retention_line(report))


def _activity_section(page: _Page, report: StatsReport) -> None:
    page.heading("Time studied and streaks")
    rows = [
        [_period_name(period.days), spoken_duration(period.milliseconds)]
        for period in report.time_studied
    ]
    page.table(["PERIOD", "TIME"], rows, right={1})
    streaks = report.streaks
    page.say(
        "",
        f"Current streak {counted(streaks.current, 'day')} · "
        f"longest {counted(streaks.longest, 'day')}",
    )


def _period_name(days: int | None) -> str:
    if days is None:
        return "all time"
    return "today" if days == 1 else f"last {days} days"


def _forecast_section(page: _Page, report: StatsReport) -> None:
    forecast = report.forecast
    total = sum(day.count for day in forecast)
    page.heading(f"Due in the next {len(forecast)} days: {counted(total, 'review')}")
    if not total:
        page.say("Nothing is due: new cards are not counted until first reviewed.")
        return
    rows: list[list[str]] = []
    counts: list[int] = []
    for number, day in enumerate(forecast[:7]):
        name = ("today", "tomorrow")[number] if number < 2 else f"{day.day:%a}"
        rows.append([f"{name} {_short_day(day.day)}", str(day.count)])
        counts.append(day.count)
    for start in range(7, len(forecast), 7):
        week = forecast[start : start + 7]
        rows.append([_day_range(week[0].day, week[-1].day), str(sum(d.count for d in week))])
        counts.append(sum(day.count for day in week))
    most = max(counts)
    page.table(["WHEN", "DUE"], rows, right={1}, bars=[count / most for count in counts])


def _short_day(day: date) -> str:
    return f"{day:%b} {day.day}"


def _day_range(first: date, last: date) -> str:
    if first == last:
        return _short_day(first)
    end = str(last.day) if last.month == first.month else _short_day(last)
    return f"{_short_day(first)}–{end}"


def _calendar_section(page: _Page, report: StatsReport) -> None:
    from studyapp.analytics.calendar import calendar

    total = sum(day.count for day in report.heatmap)
    active = sum(1 for day in report.heatmap if day.count)
    page.heading(f"Reviews in the last {len(report.heatmap)} days")
    if not total:
        page.say("No reviews in the last year.")
        return
    page.say(
        f"{counted(total, 'review')} on {counted(active, 'day')} "
        f"(busiest: {max(day.count for day in report.heatmap)})"
    )
    page.parts += calendar_lines(calendar(report.heatmap), page.width)


def calendar_lines(grid: Calendar, width: int | None) -> list[Text]:
    """The calendar as lines: month labels, a row per weekday (Monday first), a legend; days
    with reviews in green, days without dim.

    Each week is a column of one character (with a space after it when ``width`` allows); when
    ``width`` is too narrow for every week, the oldest weeks are left out.
    """
    from studyapp.analytics.calendar import WEEKDAYS

    weeks = list(grid.weeks)
    cell = 2 if width is not None and WEEKDAY_LABEL + 2 * len(weeks) <= width else 1
    if width is not None:
        weeks = weeks[-max(1, (width - WEEKDAY_LABEL) // cell) :]
    months: list[str] = []
    for column, week in enumerate(weeks):
        first = next((day for day in week if day is not None and day.day.day == 1), None)
        position = column * cell
        if first is not None and (not months or position > len(months)):  # a space between
            months += [" "] * (position - len(months)) + list(f"{first.day:%b}")
    labels = " " * WEEKDAY_LABEL + "".join(months)
    lines = [safe_text((labels if width is None else labels[:width]).rstrip())]
    for row, name in enumerate(WEEKDAYS):
        line = safe_text(f"{name:<{WEEKDAY_LABEL}}")
        for week in weeks:
            day = week[row]
            if day is None:
                line.append(" ")
            else:
                line.append(CALENDAR_SHADES[day.shade], _GREEN if day.shade > 0 else _DIM)
            line.append(" " * (cell - 1))
        line.rstrip()
        lines.append(line)
    legend = [safe_text(f"{CALENDAR_SHADES[0]} none")]
    for shade, low in enumerate(grid.thresholds, start=1):
        high = grid.thresholds[shade] - 1 if shade < len(grid.thresholds) else None
        amount = f"{low}+" if high is None else str(low) if high == low else f"{low}–{high}"
        legend.append(Text.assemble(safe_text(CALENDAR_SHADES[shade], _GREEN), f" {amount}"))
    lines.append(safe_text(" " * WEEKDAY_LABEL) + safe_text("  ").join(legend))
    return lines


def _hardest_section(page: _Page, report: StatsReport) -> None:
    page.heading("Hardest cards: most lapses, then lowest easiness")
    if not report.hardest:
        page.say("None yet: no card has lapsed or lost easiness in spaced review.")
        return
    rows = [
        [
            str(card.lapses),
            f"{card.easiness:.2f}",
            "–" if card.last_rating is None else str(card.last_rating),
            card_text(card.deck),
            card_text(question_line(card.question)),
        ]
        for card in report.hardest
    ]
    page.table(["LAPSES", "EASINESS", "LAST", "DECK", "QUESTION"], rows, right={0, 1, 2})


def _mastery_history_section(page: _Page, report: StatsReport) -> None:
    points = report.mastery_history
    page.heading("Mastery over time, week by week")
    if not any(point.mastery for point in points):
        page.say(f"0% at the end of each of the last {counted(len(points), 'week')}.")
        return
    rows = [
        [
            f"{point.day:%Y-%m-%d}" + (" (today)" if point.day == report.today else ""),
            _percent(point.mastery),
        ]
        for point in points
    ]
    page.table(["END OF", "MASTERY"], rows, right={1}, bars=[p.mastery / 100 for p in points])


def _results_section(page: _Page, report: StatsReport) -> None:
    from studyapp.rendering.words import game_time

    tests = report.test_scores
    page.heading("Test scores")
    if tests:
        page.say(_how_many(len(tests), "test"))
        rows = [
            [
                f"{test.day:%Y-%m-%d}",
                _percent(test.score),
                f"{test.correct}/{test.questions}",
                card_text(scope_name(test.scope)),
            ]
            for test in tests[-RECENT_RESULTS:]
        ]
        page.table(["DATE", "SCORE", "RIGHT", "ON"], rows, right={1, 2})
    else:
        page.say("No test taken yet.")
    games = report.match_times
    page.heading("Matching times")
    if not games:
        page.say("No matching game played yet.")
        return
    page.say(_how_many(len(games), "game") + "; the best so far is per deck or tag played")
    rows = [
        [
            f"{game.day:%Y-%m-%d}",
            str(game.pairs),
            game_time(game.total_ms),
            game_time(game.best_ms),
            card_text(scope_name(game.scope)),
        ]
        for game in games[-RECENT_RESULTS:]
    ]
    page.table(["DATE", "PAIRS", "TIME", "BEST SO FAR", "ON"], rows, right={1, 2, 3})


def _how_many(count: int, noun: str) -> str:
    """``3 tests`` or ``14 tests, the latest 10 below``."""
    latest = f", the latest {RECENT_RESULTS} below" if count > RECENT_RESULTS else ""
    return counted(count, noun) + latest


def _calibration_section(page: _Page, report: StatsReport) -> None:
    from studyapp.analytics.calibration import CONFIDENCE_GAP, MIN_ANSWERS

    calibration = report.calibration
    summary = calibration.summary
    page.heading("Calibration: self-ratings against answers")
    if not summary.cards:
        page.say(
            f"No card compared yet: a card needs a self-rating and {MIN_ANSWERS} or more "
            "answers in learn, test or matching."
        )
        return
    page.say(
        f"{counted(summary.cards, 'card')} compared: {summary.overconfident} overconfident · "
        f"{summary.underconfident} underconfident · {summary.calibrated} calibrated",
        f"Ratings promise {share_percent(summary.mean_expected)} right on average; "
        f"the answers were {share_percent(summary.mean_objective)} right.",
        "",
    )
    rows = [list(calibration_cells(level)) for level in calibration.levels]
    page.table(["LATEST RATING", "PROMISES", "CARDS", "ANSWERED RIGHT"], rows, right={1, 2, 3})
    page.line()
    if not calibration.overrated:
        page.say("No overrated card: none is rated well above how it is answered.")
        return
    gap = f"{CONFIDENCE_GAP * 100:.0f}"
    page.line(f"Overrated cards: promise {gap}+ points more than answered", _BOLD)
    rows = [
        [
            f"{card.gap * 100:+.0f}",
            f"{card.mean_rating:.1f} ({share_percent(card.expected)})",
            f"{card.right}/{card.answers} ({share_percent(card.objective)})",
            card_text(card.deck),
            card_text(question_line(card.question)),
        ]
        for card in calibration.overrated
    ]
    page.table(["GAP", "RATED", "RIGHT", "DECK", "QUESTION"], rows, right={0})


def card_text(text: str) -> str:
    """Card or deck text on one line, with control characters (escape sequences) removed."""
    return one_line(text)


def _bar(share: float) -> str:
    """A bar of up to :data:`BAR_WIDTH` blocks for a share 0–1 (at least one block above 0)."""
    return "█" * max(1 if share > 0 else 0, round(share * BAR_WIDTH))


def _percent(value: float) -> str:
    return f"{value:.0f}%"
