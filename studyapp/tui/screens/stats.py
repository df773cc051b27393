"""The stats screen: a scope's mastery figures as tables and terminal charts, by deck or tag.

The figures (:meth:`studyapp.collection.Collection.stats`) are computed in a thread worker, so
the screen stays live while a big store is read; the list at the top picks the scope (all
decks, one deck or one tag) and recomputes. The charts are drawn as text for the width they
get and redrawn when it changes: bars for the latest ratings and the due forecast, plotext
lines for mastery, test scores and matching times, and the calendar heatmap of the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Final

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Header, Label, LoadingIndicator, Select, Static
from textual.worker import get_current_worker

from studyapp.analytics.calendar import calendar
from studyapp.analytics.calibration import MIN_ANSWERS
from studyapp.rendering.card_text import question_line
from studyapp.rendering.fsrs_workload import workload_table, workload_title
from studyapp.rendering.retention import desired_retention_line
from studyapp.rendering.words import (
    calibration_cells,
    counted,
    game_time,
    rating_name,
    scope_name,
    share_percent,
    spoken_duration,
)
from studyapp.scope import Scope
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.charts import bar, forecast_chart, line_chart, meter
from studyapp.tui.widgets.drawing import Drawing
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.heatmap import heatmap_text
from studyapp.tui.widgets.text import cell

if TYPE_CHECKING:
    from textual.theme import Theme

    from studyapp.analytics.fsrs_workload import WorkloadSimulation
    from studyapp.analytics.report import StatsReport
    from studyapp.collection import Collection

#: Tests and matching games listed (the most recent).
RECENT_ROWS: Final = 8
#: Width of the labels of the summary lines ("Mastery", "Studied").
SUMMARY_LABEL: Final = 9
#: Longest bar of the rating distribution.
RATING_BAR_WIDTH: Final = 60
#: Width of a deck id in the card tables.
DECK_WIDTH: Final = 16


# --- the screen --------------------------------------------------------------------------------


class StatsScreen(StudyScreen[None]):
    """Mastery, ratings, retention, due forecast, history, heatmap and calibration of a scope."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f", "choose_scope", "Deck or tag", id="stats.filter", tooltip="Pick a deck or tag"
        ),
        # priority: help works in the open deck/tag picker too
        Binding(
            "w",
            "simulate_workload",
            "Workload",
            id="stats.workload",
            tooltip="Simulate the reviews a day of each desired retention under FSRS",
        ),
        Binding("question_mark", "help", "Help", id="stats.help", priority=True),
        Binding("escape,q", "leave", "Back", id="stats.back"),
        *VIM_BINDINGS,
    ]
    #: What the help screen lists: the scrolling keys, then the screen's own, then the picker's.
    HELP_KEYS: ClassVar[list[BindingType]] = [
        Binding("up,down,pageup,pagedown,home,end", "scroll", "Scroll through the figures"),
        VIM_HELP,
        *BINDINGS,
        Binding(
            "up,down,enter",
            "pick",
            "Pick",
            key_display="↑, ↓, enter",
            tooltip="In the deck/tag picker: move, and choose",
        ),
        Binding("escape", "close", "Close", tooltip="In the deck/tag picker: close it"),
    ]

    class Computed(Message):
        """The worker's report (and on the first load, the scopes to offer)."""

        def __init__(self, report: StatsReport, choices: list[tuple[str, Scope]] | None) -> None:
            super().__init__()
            self.report = report
            self.choices = choices

    class Simulated(Message):
        """The workload of each desired retention was simulated (or could not be: why)."""

        def __init__(self, simulation: WorkloadSimulation | None, problem: str = "") -> None:
            super().__init__()
            self.simulation = simulation
            self.problem = problem

    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope or Scope()
        #: The scopes the list offers, by :attr:`Scope.key`, with their names.
        self.choices: dict[str, tuple[str, Scope]] = {
            self.scope.key: (self.scope.label, self.scope)
        }
        #: The report on screen and the width its tables were laid out for.
        self.shown: tuple[StatsReport, int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stats-bar"):  # the list of scopes joins once they are read
            yield Label("Figures of", id="stats-bar-label")
        yield LoadingIndicator(id="stats-loading")
        yield VerticalScroll(id="stats-body")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Stats"
        self.sub_title = self.scope.label
        self.query_one("#stats-body").focus()
        self.load(self.scope, with_choices=True)
        self.app.theme_changed_signal.subscribe(self, self.redraw)

    @work(thread=True, exclusive=True, group="stats")
    def load(self, scope: Scope, with_choices: bool = False) -> None:
        """Compute the figures of ``scope`` (and the scopes to offer) in a thread; show them."""
        collection = self.collection
        choices = scope_choices(collection) if with_choices else None
        report = collection.stats(scope)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Computed(report, choices))

    async def on_stats_screen_computed(self, message: Computed) -> None:
        """Draw a computed report (one for a scope no longer chosen is dropped).

        Messages are handled one at a time, so one report's widgets are gone before the next
        report's are mounted. The same report again (for a new width) keeps the scroll place.
        """
        if message.choices is not None:
            self._offer(message.choices)
        report = message.report
        if report.scope != self.scope:
            return
        self.query_one("#stats-loading").display = False
        body = self.query_one("#stats-body", VerticalScroll)
        again = self.shown is not None and self.shown[0] is report
        place = body.scroll_y
        await body.remove_children()
        name = self.choices.get(report.scope.key, (report.scope.label, report.scope))[0]
        width = self.size.width
        dark = self.app.current_theme.dark
        await body.mount_all(report_widgets(report, name, width, dark=dark))
        self.shown = (report, width)
        if again:
            self.call_after_refresh(body.scroll_to, y=place, animate=False)
        else:
            body.scroll_home(animate=False)

    def redraw(self, _theme: Theme | None = None) -> None:
        """Draw the report on screen again (in the theme's colours, after a change of theme)."""
        if self.shown is not None:
            self.post_message(self.Computed(self.shown[0], None))

    def on_resize(self, event: Resize) -> None:
        """Lay the tables out again for a new width (the charts redraw themselves)."""
        if self.shown is not None and event.size.width != self.shown[1]:
            self.post_message(self.Computed(self.shown[0], None))

    def _offer(self, choices: list[tuple[str, Scope]]) -> None:
        """Show the list of these scopes (the current one kept even if not among them)."""
        if self.scope.key not in {scope.key for _, scope in choices}:
            choices = [(self.scope.label, self.scope), *choices]
        self.choices = {scope.key: (name, scope) for name, scope in choices}
        self.query_one("#stats-bar").mount(
            Select(
                [(name, scope.key) for name, scope in choices],
                value=self.scope.key,
                allow_blank=False,
                compact=True,
                type_to_search=False,  # keys stay keys in the open picker: ? is help
                id="stats-scope",
            )
        )
        self.sub_title = self.choices[self.scope.key][0]

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = self.choices.get(str(event.value))
        if chosen is None or chosen[1] == self.scope:
            return
        self.scope = chosen[1]
        self.sub_title = chosen[0]
        self.query_one("#stats-loading").display = True
        self.query_one("#stats-body").focus()  # the keys scroll the figures again
        self.load(self.scope)

    def action_choose_scope(self) -> None:
        """Open the list of scopes (once it is there)."""
        for select in self.query("#stats-scope").results(Select):
            select.focus()
            select.action_show_overlay()

    def action_simulate_workload(self) -> None:
        """Simulate the workload of each desired retention (a few seconds, off the UI
        thread), then show it at the end of the figures."""
        body = self.query_one("#stats-body", VerticalScroll)
        for old in body.query(".stats-workload"):
            old.remove()
        body.mount(_title("FSRS workload: simulating…", classes="stats-workload"))
        body.scroll_end(animate=False)
        self.simulate_workload()

    @work(thread=True, exclusive=True, group="workload")
    def simulate_workload(self) -> None:
        """Run the collection's workload simulation in a thread and post its result."""
        try:
            simulation = self.collection.fsrs_workload()
        except ValueError as error:
            self.post_message(self.Simulated(None, str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Simulated(simulation))

    async def on_stats_screen_simulated(self, message: Simulated) -> None:
        """Show a simulated workload (charts and table) in place of the "simulating" line."""
        body = self.query_one("#stats-body", VerticalScroll)
        await body.query(".stats-workload").remove()
        await body.mount_all(workload_widgets(message.simulation, message.problem))
        body.scroll_end(animate=False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("stats", self.HELP_KEYS))

    def action_leave(self) -> None:
        self.dismiss()


def scope_choices(collection: Collection) -> list[tuple[str, Scope]]:
    """All decks, each deck (by title), then each tag: what the stats can be filtered by."""
    choices = [("All decks", Scope())]
    choices += [(deck.title, Scope(decks=(deck.key,))) for deck in collection.deck_summaries()]
    choices += [(tag.title, Scope(tag=tag.key)) for tag in collection.tag_summaries()]
    return choices


# --- the report as widgets ---------------------------------------------------------------------


def report_widgets(
    report: StatsReport, name: str, width: int, *, dark: bool = True
) -> list[Widget]:
    """Every section of the report; ``width`` (the screen's) sizes the card text in tables;
    meters and the calendar are in the greys and greens of a ``dark`` theme or a light one."""
    worked = sum(day.count for day in report.heatmap)
    if not report.cards.cards and not worked and not report.test_scores and not report.match_times:
        return [
            _empty(
                f"No cards in {name} yet. Import a deck (studyapp import PATH) and study it: "
                "the figures appear here.",
                id="stats-summary",
            )
        ]
    days = sum(day.count > 0 for day in report.heatmap)
    return [
        Drawing(lambda w: summary_text(report, w, dark=dark), id="stats-summary"),
        _title("Latest rating of each card"),
        Drawing(lambda w: rating_bars(report, w), id="stats-ratings"),
        _title("Retention: spaced reviews rated 3 or more"),
        Static(retention_text(report, dark=dark), id="stats-retention"),
        _title("Due in the next 30 days"),
        Drawing(lambda w: forecast_chart(report.forecast, w), id="stats-forecast"),
        _title("Mastery over the last 12 weeks"),
        Drawing(lambda w: mastery_chart(report, w), id="stats-mastery"),
        _title(f"Reviews in the last year: {worked} on {counted(days, 'day')}"),
        Drawing(lambda w: heatmap_text(calendar(report.heatmap), w, dark=dark), id="stats-heatmap"),
        _title("Hardest cards: most lapses, then lowest easiness"),
        *_hardest(report, width),
        _title("Test scores"),
        *_tests(report),
        _title("Matching times"),
        *_games(report),
        _title("Calibration: self-ratings against answers"),
        *_calibration(report, width),
    ]


def _title(text: str, classes: str = "") -> Static:
    return Static(text, classes=f"stats-title {classes}".strip())


def workload_widgets(simulation: WorkloadSimulation | None, problem: str = "") -> list[Widget]:
    """The workload section: what was simulated, reviews a day and cards remembered by desired
    retention (the recommended one marked ◀ on the axis), and the table; or why there is none."""
    if simulation is None:
        return [
            _title("FSRS workload by desired retention", classes="stats-workload"),
            Static(problem, classes="stats-empty stats-workload"),
        ]
    return [
        _title(
            f"FSRS workload by desired retention: {workload_title(simulation)}",
            classes="stats-workload",
        ),
        Drawing(lambda w: workload_chart(simulation, w), classes="stats-workload"),
        Static(Text(workload_table(simulation), end=""), classes="stats-workload"),
    ]


def workload_chart(simulation: WorkloadSimulation, width: int) -> Text:
    """Reviews a day, and the share of studied cards remembered at the end, for each desired
    retention tried; the recommended one's label marked with ◀."""
    labels = [
        f"{workload.desired_retention:.2f}"
        + ("◀" if workload.desired_retention == simulation.recommended else "")
        for workload in simulation.workloads
    ]
    chart = Text("Reviews a day\n", style="bold", end="")
    chart.append_text(
        line_chart(
            [("reviews a day", [w.average_reviews for w in simulation.workloads])], labels, width
        )
    )
    chart.append("\nRemembered at the end (of the cards studied)\n", style="bold")
    chart.append_text(
        line_chart(
            [("remembered", [100 * w.retention_at_end for w in simulation.workloads])],
            labels,
            width,
            percent_axis=True,
        )
    )
    return chart


def _empty(text: str, id: str | None = None) -> Static:
    return Static(text, id=id, classes="stats-empty")


def _table(
    id: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str | Text]],
    right: frozenset[int] = frozenset(),
) -> DataTable[str | Text]:
    """A table to read (never focused: the keys scroll the screen); ``right``: numeric columns."""
    table: DataTable[str | Text] = DataTable(
        id=id, show_cursor=False, zebra_stripes=True, classes="stats-table"
    )
    table.can_focus = False
    table.add_columns(
        *(Text(h, justify="right" if i in right else "left") for i, h in enumerate(headers))
    )
    table.add_rows(
        [
            [
                Text(v, justify="right", end="") if i in right and isinstance(v, str) else v
                for i, v in enumerate(row)
            ]
            for row in rows
        ]
    )
    return table


def text_room(width: int, *others: int) -> int:
    """How wide a table's text column can be beside columns ``others`` wide, in ``width``.

    The screen's padding (4) and scrollbar (2) and a spare 2 take 8 columns; a table pads each
    cell by one column each side.
    """
    return max(16, width - 8 - sum(other + 2 for other in others) - 2)


def _deck_column(report: StatsReport) -> bool:
    """Whether card tables need a deck column (not in the stats of one deck)."""
    return report.scope.decks is None or len(report.scope.decks) > 1


# --- the sections ------------------------------------------------------------------------------


def summary_text(report: StatsReport, width: int, *, dark: bool = True) -> Text:
    """Mastery, cards by stage, streaks and time studied, as labelled lines ``width`` wide."""
    counts = report.cards
    streaks = report.streaks
    names = {1: "today", 7: "7 days", 30: "30 days", 365: "365 days", None: "in all"}
    text = Text(end="", no_wrap=True)
    text.append(f"{'Mastery':<{SUMMARY_LABEL}}", style="bold")
    text.append(f"{counts.mastery:>3.0f}%  ", style="bold")
    text.append_text(meter(counts.mastery / 100, 30, dark=dark))
    cards = [f"{counts.cards}: {counts.new} new", f"{counts.learning} learning"]
    cards.append(f"{counts.mastered} mastered")
    text.append_text(_flowing("Cards", cards, width))
    streak = counted(streaks.current, "day")
    text.append_text(_flowing("Streak", [f"{streak}, longest {streaks.longest}"], width))
    times = [
        f"{names.get(t.days, t.days)} {spoken_duration(t.milliseconds)}"
        for t in report.time_studied
    ]
    text.append_text(_flowing("Studied", times, width))
    return text


def _flowing(label: str, items: Sequence[str], width: int) -> Text:
    """A new line: a bold label, then the items joined by `` · ``, wrapped between items."""
    text = Text("\n", end="")
    text.append(f"{label:<{SUMMARY_LABEL}}", style="bold")
    column = SUMMARY_LABEL
    for index, item in enumerate(items):
        joint = " · " if index else ""
        if index and column + len(joint) + len(item) > width:
            text.append("\n" + " " * SUMMARY_LABEL)
            column, joint = SUMMARY_LABEL, ""
        text.append(joint + item)
        column += len(joint) + len(item)
    return text


def rating_bars(report: StatsReport, width: int) -> Text:
    """A bar per latest rating 1–5 and one for the cards not rated yet."""
    counts = report.cards
    rows = [(rating_name(rating), count) for rating, count in enumerate(counts.ratings, start=1)]
    rows.append(("not rated", counts.new))
    top = max(count for _, count in rows)
    label_width = max(len(label) for label, _ in rows) + 2
    bar_width = max(4, min(RATING_BAR_WIDTH, width - label_width - 12))
    text = Text(end="", no_wrap=True)
    for index, (label, count) in enumerate(rows):
        share = f"{count / counts.cards * 100:.0f}%" if counts.cards else "–"
        text.append(f"{label:<{label_width}}", style="dim" if index == 5 else "")
        text.append(
            bar(count / top if top else 0, bar_width), style="dim" if index == 5 else "green"
        )
        text.append(f" {count:>5} {share:>5}" + ("\n" if index < 5 else ""))
    return text


def retention_text(report: StatsReport, *, dark: bool = True) -> Text:
    """Retention over 7, 30 and 365 days, with how many reviews each share is of."""
    text = Text(end="", no_wrap=True)
    for period in report.retention:
        text.append(f"Last {period.days} days".ljust(16))
        text.append(f"{share_percent(period.rate):>4}  ", style="bold")
        text.append_text(meter(period.rate or 0, 20, dark=dark))
        reviews = (
            f"  {period.passed} of {period.reviews} reviews" if period.reviews else "  no reviews"
        )
        text.append(reviews + "\n", style="dim")
    text.append(desired_retention_line(report), style="dim")
    return text


def mastery_chart(report: StatsReport, width: int) -> Text:
    """Mastery % at the end of each of the last 12 weeks."""
    points = report.mastery_history
    labels = [point.day.strftime("%b %-d") for point in points]
    return line_chart([("mastery", [p.mastery for p in points])], labels, width, percent_axis=True)


def _hardest(report: StatsReport, width: int) -> list[Widget]:
    if not report.hardest:
        return [_empty("None yet: no card has lapsed (a spaced rating below 3).")]
    decks = _deck_column(report)
    room = text_room(width, *([DECK_WIDTH] if decks else []), 6, 8, 11)
    rows: list[tuple[str | Text, ...]] = [
        (
            *([cell(card.deck, DECK_WIDTH)] if decks else []),
            cell(question_line(card.question), room),
            str(card.lapses),
            f"{card.easiness:.2f}",
            "–" if card.last_rating is None else str(card.last_rating),
        )
        for card in report.hardest
    ]
    headers = [*(["Deck"] if decks else []), "Question", "Lapses", "Easiness", "Last rating"]
    first = len(headers) - 3
    return [_table("stats-hardest", headers, rows, frozenset(range(first, first + 3)))]


def _tests(report: StatsReport) -> list[Widget]:
    scores = report.test_scores
    if not scores:
        return [_empty("No tests yet: press t on a deck to take one.")]
    widgets: list[Widget] = []
    if len(scores) > 1:
        labels = [score.day.strftime("%b %-d") for score in scores]
        points = [score.score for score in scores]
        widgets.append(
            Drawing(
                lambda w: line_chart([("score", points)], labels, w, percent_axis=True),
                id="stats-tests-chart",
            )
        )
    overall = report.scope == Scope()
    rows = [
        (
            score.day.isoformat(),
            *([scope_name(score.scope)] if overall else []),
            f"{score.correct} of {score.questions}",
            f"{score.score:.0f}%",
        )
        for score in reversed(scores[-RECENT_ROWS:])
    ]
    headers = ["Day", *(["On"] if overall else []), "Right", "Score"]
    right = frozenset({len(headers) - 2, len(headers) - 1})
    widgets.append(_table("stats-tests", headers, rows, right))
    return widgets


def _games(report: StatsReport) -> list[Widget]:
    games = report.match_times
    if not games:
        return [_empty("No matching games yet: press m on a deck to play one.")]
    widgets: list[Widget] = []
    if len(games) > 1:
        labels = [game.day.strftime("%b %-d") for game in games]
        lines = [
            ("time (s)", [game.total_ms / 1000 for game in games]),
            ("best so far", [game.best_ms / 1000 for game in games]),
        ]
        widgets.append(Drawing(lambda w: line_chart(lines, labels, w), id="stats-games-chart"))
    overall = report.scope == Scope()
    rows = [
        (
            game.day.isoformat(),
            *([scope_name(game.scope)] if overall else []),
            str(game.pairs),
            game_time(game.total_ms),
            game_time(game.best_ms),
        )
        for game in reversed(games[-RECENT_ROWS:])
    ]
    headers = ["Day", *(["On"] if overall else []), "Pairs", "Time", "Best so far"]
    first = len(headers) - 3
    widgets.append(_table("stats-games", headers, rows, frozenset(range(first, first + 3))))
    return widgets


def _calibration(report: StatsReport, width: int) -> list[Widget]:
    calibration = report.calibration
    summary = calibration.summary
    if not summary.cards:
        return [
            _empty(
                "No card to compare yet: a card needs a self-rating and at least "
                f"{MIN_ANSWERS} answers in learn, test or matching.",
                id="stats-calibration",
            )
        ]
    text = Text(end="")
    cards = f"{summary.cards} card{'' if summary.cards == 1 else 's'}"
    text.append(f"{cards} compared: ", style="bold")
    text.append(
        f"your ratings promise {share_percent(summary.mean_expected)} right, "
        f"your answers were {share_percent(summary.mean_objective)} right.\n"
    )
    text.append(f"{summary.overconfident} overrated", style="bold")
    text.append(f" (rated higher than answered) · {summary.underconfident} underrated · ")
    text.append(f"{summary.calibrated} about right")
    levels = [calibration_cells(level) for level in calibration.levels]
    headers = ["Latest rating", "Promises", "Cards", "Answered right"]
    widgets: list[Widget] = [
        Static(text, id="stats-calibration"),
        _table("stats-reliability", headers, levels, frozenset({1, 2, 3})),
    ]
    if calibration.overrated:
        decks = _deck_column(report)
        room = text_room(width, *([DECK_WIDTH] if decks else []), 6, 8, 8, 6)
        rows: list[tuple[str | Text, ...]] = [
            (
                *([cell(card.deck, DECK_WIDTH)] if decks else []),
                cell(question_line(card.question), room),
                f"{card.mean_rating:.1f}",
                share_percent(card.expected),
                f"{card.right} of {card.answers}",
                share_percent(card.objective),
            )
            for card in calibration.overrated
        ]
        headers = [*(["Deck"] if decks else []), "Overrated card", "Rating", "Promises"]
        headers += ["Right", "Actual"]
        first = len(headers) - 4
        right = frozenset(range(first, first + 4))
        widgets.append(_table("stats-overrated", headers, rows, right))
    return widgets
