"""The "run it" screen: predict, run a demo in a worker, read its table and charts, tweak, rerun.

The demo runs in a thread worker so the screen stays live; its parameters (learning rate,
momentum, steps…) are editable fields checked against the demo's bounds before each run. A
demo with a prediction question asks it before the first run and grades it from the result.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    LoadingIndicator,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from studyapp.demos.registry import (
    DemoParamError,
    DemoSpec,
    ParamSpec,
    ParamValue,
    demo_names,
    format_param,
    get_demo,
)
from studyapp.demos.result import DemoResult, format_metric
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyDialog, StudyScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.drawing import Drawing
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.text import numbered, plain

if TYPE_CHECKING:
    from studyapp.store.cards import CardView

CHART_HEIGHT = 20
MAX_METRIC_COLUMNS = 5  # more metrics than this and the table turns: a row per metric


#: The width a setting's field takes, its gap included, and the page's margins.
PARAM_WIDTH, PAGE_MARGIN = 17, 6

#: How help lists the keys that scroll a demo's page.
SCROLL_HELP = Binding(
    "pageup,pagedown",
    "scroll_card",
    "Scroll",
    key_display="PageUp, PageDown",
    tooltip="Scroll through the settings and the result (on the result also ↑ ↓, Home, End)",
)
#: How help lists the way into the settings.
SETTINGS_HELP = Binding(
    "tab,shift+tab",
    "focus_next",
    "Settings",
    key_display="tab, shift+tab",
    tooltip="Move between the prediction, the settings and the result (esc leaves a field)",
)

#: How help lists the demo list's keys that move by more than a row.
LIST_PAGE_HELP = Binding(
    "pageup,pagedown",
    "page",
    "Page",
    key_display="PageUp, PageDown",
    tooltip="Move a page up or down (Home, End: the first or the last experiment)",
)


class DemoScreen(StudyScreen[None]):
    """One demo: its settings, an optional prediction, and the result of the last run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "run",
            "Run",
            id="demo.run",
            priority=True,
            tooltip="Run with the settings above (in a field, enter does it too)",
        ),
        Binding(
            "d",
            "defaults",
            "Defaults",
            id="demo.defaults",
            tooltip="Put every setting back to its default (outside a field)",
        ),
        Binding("1", "predict(0)", "", show=False),
        Binding("2", "predict(1)", "", show=False),
        Binding("3", "predict(2)", "", show=False),
        Binding("4", "predict(3)", "", show=False),
        Binding("pagedown", "scroll_card(1, 1)", "", show=False),
        Binding("pageup", "scroll_card(-1, 1)", "", show=False),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="demo.help",
            priority=True,
            tooltip="Help (f1 in a field, where ? is typed)",
        ),
        Binding("escape", "leave_field", "Leave field", id="demo.leave_field"),
        Binding(
            "escape,q",
            "leave",
            "Back",
            id="demo.back",
            tooltip="Back (in a field, esc first leaves the field; a second esc goes back)",
        ),
        *VIM_BINDINGS,
    ]

    def __init__(
        self, name: str, params: Mapping[str, ParamValue] | None = None, card: str = ""
    ) -> None:
        super().__init__()
        spec = get_demo(name)
        if spec is None:
            raise LookupError(f"no demo called {name!r}")
        self.spec: DemoSpec = spec
        self.card_question = card
        self.start_params: dict[str, ParamValue] = dict(params or {})
        self.guess: int | None = None
        self.asked = spec.prediction is None
        self.result: DemoResult | None = None
        self.running = False

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield Header()
        with VerticalScroll(id="demo-body", can_focus=False):  # the results are the tab stop
            yield Static(self._intro(), id="demo-intro")
            with Horizontal(id="demo-params"):
                for key, param in spec.params.items():
                    with Vertical(classes="demo-param"):
                        yield Label(_param_label(key, param), classes="demo-param-name")
                        yield _param_field(key, param, self.start_params.get(key, param.default))
            yield Static(id="demo-error")
            if spec.prediction is not None:
                with Vertical(id="demo-predict"):
                    yield Static(
                        Content.assemble(
                            ("Predict first: ", "bold"), plain(spec.prediction.question)
                        ),
                        id="demo-question",
                    )
                    yield HighlightInView(
                        *(
                            Option(numbered(number, option))
                            for number, option in enumerate(spec.prediction.options, 1)
                        ),
                        id="demo-options",
                    )
            yield LoadingIndicator(id="demo-running")
            with ResultPanel(id="demo-results"):
                yield Static(id="demo-verdict")
                table: DataTable[Text] = DataTable(
                    id="demo-table", show_cursor=False, zebra_stripes=True
                )
                table.can_focus = False  # no cursor: the panel around it is the tab stop
                yield table
                yield Static(id="demo-text")
                yield Vertical(id="demo-charts")
        yield Static(id="demo-hint")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Run it"
        self.sub_title = self.spec.title or self.spec.name
        self.on_resize()
        for hidden in ("error", "running", "results"):
            self.query_one(f"#demo-{hidden}").display = False
        problems = self._check_start_params()
        if problems:
            self._show_error(f"This card's settings were reset to the defaults: {problems}")
        if self.spec.prediction is not None:
            options = self.query_one("#demo-options", OptionList)
            options.highlighted = 0
            options.focus()
            count = len(self.spec.prediction.options)
            self._hint(f"Predict first: 1–{count} (or ↑ ↓ / j k and enter); ctrl+r runs without.")
        else:
            self.action_run()

    def on_resize(self) -> None:
        """Lay the settings out in as many columns as the width holds (the rest wrap), keep a
        pending prediction in view and fit the result's table to the new width."""
        params = self.query_one("#demo-params")
        fits = max(1, (self.app.size.width - PAGE_MARGIN) // PARAM_WIDTH)
        params.styles.grid_size_columns = max(1, min(len(self.spec.params), fits))
        self.call_after_refresh(self._after_layout)

    def _after_layout(self) -> None:
        """Once laid out: scroll a pending prediction into view; refit the result's table."""
        if not self.asked and self.focused is self.query_one("#demo-options"):
            self.query_one("#demo-predict").scroll_visible(animate=False)
        if self.result is not None:
            self._draw_table(self.result)

    def _intro(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = [
            (self.spec.title or self.spec.name, "bold"),
            "\n",
            self.spec.summary,
            ".",
        ]
        if self.card_question:
            parts += ["\n", ("Card: ", "dim"), plain(" ".join(self.card_question.split()))]
        return Content.assemble(*parts)

    def _check_start_params(self) -> str:
        """Reset card-given parameters the demo no longer accepts; what was wrong, if any."""
        try:
            self.spec.resolve(self.start_params)
        except DemoParamError as error:
            for key, param in self.spec.params.items():
                self._set_field(key, param.default)
            return "; ".join(error.problems)
        return ""

    # --- running -------------------------------------------------------------------------

    def read_params(self) -> dict[str, ParamValue] | None:
        """The parameters typed in the fields, checked; None if any is bad: then the error is
        shown and the focus goes to the first bad field (unless it is in one already)."""
        given: dict[str, ParamValue] = {}
        problems = []
        bad_fields = []
        for key, param in self.spec.params.items():
            field = self.query_one(f"#param-{key}")
            text = str(field.value).strip() if isinstance(field, Input | Select) else ""
            problem = field_problem(param, text)
            if problem is None:
                given[key] = param.parse(text)
            else:
                problems.append(f"{key} {problem}")
                bad_fields.append(field)
        if not problems:
            return self.spec.resolve(given)
        self._show_error("Can't run: " + "; ".join(problems))
        if self.focused not in bad_fields:
            bad_fields[0].focus()
        return None

    def action_run(self) -> None:
        """Run the demo with the fields' settings (in a worker thread)."""
        if self.running:
            return
        values = self.read_params()
        if values is None:
            self._hint(self._refused_hint())
            return
        if not self.asked:  # running without predicting: the question is skipped
            self.asked = True
            self.query_one("#demo-predict").display = False
        self._show_error("")
        self.running = True
        self.query_one("#demo-running").display = True
        self._hint("Running… (the screen stays live; esc goes back)")
        self.refresh_bindings()
        self.compute(values)

    @work(thread=True, exclusive=True, group="demo")
    def compute(self, values: dict[str, ParamValue]) -> None:
        """Run the demo off the UI thread and hand the result back."""
        from studyapp.demos.run import run_demo

        worker = get_current_worker()
        try:
            result = run_demo(self.spec.name, values)
        except Exception as error:  # a demo bug must not take the app down
            if not worker.is_cancelled:
                self.app.call_from_thread(self.failed, f"{type(error).__name__}: {error}")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_result, result)

    def failed(self, message: str) -> None:
        """The run raised: say so and let the user try other settings."""
        self.running = False
        self.query_one("#demo-running").display = False
        self._show_error(f"The demo failed: {message}")
        kept = self._kept_prediction()
        self._hint(
            f"Your prediction ({kept}) is kept; change a setting, then ctrl+r runs again."
            if kept
            else "Change a setting and press ctrl+r to run again."
        )
        self.refresh_bindings()

    def show_result(self, result: DemoResult) -> None:
        """Draw a finished run: verdict, table, texts and charts."""
        self.result = result
        self.running = False
        self.query_one("#demo-running").display = False
        self.query_one("#demo-results").display = True
        self._draw_verdict(result)
        self._draw_table(result)
        text = self.query_one("#demo-text", Static)
        mark = ("✓ This run shows it: ", "bold $success")
        if not result.claim_holds:
            mark = ("✗ This run does not show it: ", "bold $warning")
        parts: list[Content | str | tuple[str, str]] = [
            result.finding,
            "\n\n",
            mark,
            result.claim,
            "\n\n",
            ("Look for: ", "bold"),
            result.look_for,
        ]
        for note in result.notes:
            parts += ["\n", ("Note: ", "bold"), note]
        text.update(Content.assemble(*parts))
        text.display = True
        self._draw_charts(result)
        self._hint("Change a setting above, then ctrl+r (or enter in a field) to run again.")
        self.refresh_bindings()

    def _draw_verdict(self, result: DemoResult) -> None:
        verdict = self.query_one("#demo-verdict", Static)
        prediction = self.spec.prediction
        if prediction is None or self.guess is None:
            verdict.display = False
            return
        right = None if result.answer is None else prediction.options[result.answer]
        guessed = prediction.options[self.guess]
        if result.answer == self.guess:
            line = Content.assemble(
                ("✓ Your prediction was right: ", "bold $success"), guessed, "."
            )
        else:
            answer = f"this run says {right}" if right else "in this run none of the options was"
            line = Content.assemble(("✗ Your prediction: ", "bold $error"), guessed, f"; {answer}.")
        verdict.update(line)
        verdict.display = True

    def _draw_table(self, result: DemoResult) -> None:
        """The result's figures as a table that fits the page's width (headers wrap first,
        then the first column)."""
        table: DataTable[Text] = self.query_one("#demo-table", DataTable)
        table.clear(columns=True)
        header, rows = result_cells(result)
        body = self.query_one("#demo-body", VerticalScroll)
        scrollbar = body.styles.scrollbar_size_vertical
        width = body.scrollable_content_region.width  # leaving room for a scrollbar to come
        width -= 0 if body.show_vertical_scrollbar else scrollbar
        width -= self.query_one("#demo-results").styles.gutter.width  # its focus mark
        header, first = fit_columns(header, rows, width, table.cell_padding)
        table.header_height = max(label.count("\n") + 1 for label in header)
        table.add_column(Text(header[0]))
        for label in header[1:]:
            table.add_column(Text(label, justify="right"))
        for label, row in zip(first, rows, strict=True):
            table.add_row(
                Text(label), *(Text(cell, justify="right") for cell in row[1:]), height=None
            )
        table.display = True

    def _draw_charts(self, result: DemoResult) -> None:
        from studyapp.rendering.charts import line_chart, path_chart

        holder = self.query_one("#demo-charts", Vertical)
        holder.remove_children()
        views = [_chart(partial(path_chart, result))] if result.surface else []
        views.extend(_chart(partial(line_chart, result, chart)) for chart in result.charts)
        holder.mount_all(views)

    # --- keys and events -----------------------------------------------------------------

    @on(OptionList.OptionSelected, "#demo-options")
    def predicted(self, event: OptionList.OptionSelected) -> None:
        self.action_predict(event.option_index)

    def action_predict(self, option: int) -> None:
        """The prediction is made: hide the question and run."""
        if self.asked or self.running:
            return
        self.guess = option
        self.asked = True
        self.query_one("#demo-predict").display = False
        self.action_run()

    def action_scroll_card(self, step: int, pages: int) -> None:
        """Scroll the demo's page by ``step`` pages (``pages`` 1) or lines (``pages`` 0)."""
        body = self.query_one("#demo-body", VerticalScroll)
        if pages:
            body.scroll_page_down() if step > 0 else body.scroll_page_up()
        else:
            body.scroll_relative(y=step, animate=False)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_run()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that apply now: no second run while one is going; predictions before the run;
        esc leaves a settings field before it leaves the screen."""
        if action == "run":
            return not self.running
        if action == "predict":
            return int(str(parameters[0])) < self._pending_options()
        if action == "leave_field":
            return self.in_field
        return True

    @property
    def in_field(self) -> bool:
        """Whether a settings field (or its list of choices) has the focus."""
        focused = self.focused
        return focused is not None and self.query_one("#demo-params") in focused.ancestors

    def _kept_prediction(self) -> int:
        """The number of the option predicted, while the run that grades it is still to come
        (it was refused or failed); 0 if there is none."""
        if self.guess is None or self.result is not None:
            return 0
        return self.guess + 1

    def _refused_hint(self) -> str:
        """What the hint line says after a run was refused for a bad setting."""
        kept, count = self._kept_prediction(), self._pending_options()
        if kept:
            return f"Your prediction ({kept}) is kept; fix the setting in red, then enter runs."
        if count:
            return f"Fix the setting in red, then enter runs (esc, then 1–{count}: predict first)."
        return "Fix the setting in red, then enter (or ctrl+r) runs again."

    def _pending_options(self) -> int:
        """How many prediction options can be picked now (0 once predicted or running)."""
        prediction = self.spec.prediction
        if prediction is None or self.asked or self.running:
            return 0
        return len(prediction.options)

    def action_defaults(self) -> None:
        """Put every field back to the demo's default."""
        for key, param in self.spec.params.items():
            self._set_field(key, param.default)
        self._show_error("")

    def action_help(self) -> None:
        """List the keys that act now (the prediction's with this demo's count of options)."""
        own = {b.action: b for b in self.BINDINGS if isinstance(b, Binding) and b.description}
        keys: list[BindingType] = [own["run"]]
        count = self._pending_options()
        if count:
            keys.append(
                Binding(
                    "1",
                    "predict",
                    "Predict",
                    key_display=f"1–{count}",
                    tooltip=f"Pick that prediction option, 1–{count} (or ↑ ↓ / j k, then enter)",
                )
            )
        keys += [own["defaults"], SETTINGS_HELP, SCROLL_HELP, VIM_HELP, own["help"], own["leave"]]
        self.app.push_screen(HelpScreen("run it", keys))

    def action_leave_field(self) -> None:
        """Leave the settings field: back to a pending prediction's options, else the page."""
        if self._pending_options():
            self.query_one("#demo-options").focus()
        else:
            self.set_focus(None)

    def action_leave(self) -> None:
        self.app.workers.cancel_group(self, "demo")
        self.dismiss()

    def _set_field(self, key: str, value: ParamValue) -> None:
        field = self.query_one(f"#param-{key}")
        if isinstance(field, Input | Select):
            field.value = format_param(value)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#demo-error", Static)
        error.update(Content.styled(message, "bold $error") if message else "")
        error.display = bool(message)

    def _hint(self, message: str) -> None:
        self.query_one("#demo-hint", Static).update(message)


class HighlightInView(OptionList):
    """An option list that keeps its highlighted option in view when its size changes (its
    options wrap anew), also when its screen comes back after the terminal was resized."""

    def on_resize(self) -> None:
        self.call_after_refresh(self.scroll_to_highlight)


class ResultPanel(Vertical):
    """The last run's result. While the page is longer than the screen the panel is a tab stop
    (marked at its left edge), and the arrow keys, j/k, Home and End scroll the page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "scroll_down", "", show=False),
        Binding("up", "scroll_up", "", show=False),
        Binding("home", "scroll_home", "", show=False),
        Binding("end", "scroll_end", "", show=False),
    ]

    @property
    def page(self) -> Widget:
        """The scrolling page the panel is on."""
        page = self.parent
        if not isinstance(page, Widget):
            raise TypeError("a result panel lies on a scrolling page")
        return page

    def allow_focus(self) -> bool:
        """A tab stop only while the page scrolls (else there is nothing to do there)."""
        return self.page.max_scroll_y > 0

    def action_scroll_down(self) -> None:
        """Scroll the page a line down."""
        self.page.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        """Scroll the page a line up."""
        self.page.scroll_relative(y=-1, animate=False)

    def action_scroll_home(self) -> None:
        """Scroll to the top of the page."""
        self.page.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        """Scroll to the end of the page."""
        self.page.scroll_end(animate=False)


class DemoListScreen(StudyDialog[None]):
    """Every bundled demo, its description wrapped beside its name; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="demo-list.open", priority=True),
        Binding("question_mark", "help", "Help", id="demo-list.help"),
        Binding("escape,q", "dismiss", "Back", id="demo-list.back"),
        *VIM_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="demo-list-box"):
            yield Static("Run it: the training experiments", id="demo-list-title")
            names = demo_names()
            name_width = max(map(cell_len, names), default=0)
            options = []
            for name in names:
                spec = get_demo(name)
                if spec is not None:
                    options.append(Option(_demo_row(name, spec.summary, name_width), id=name))
            yield HighlightInView(*options, id="demo-list")
        yield StableFooter()

    def action_open(self) -> None:
        """Open the highlighted demo."""
        self.query_one("#demo-list", OptionList).action_select()

    @on(OptionList.OptionSelected, "#demo-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen demo."""
        if event.option.id is not None:
            self.app.push_screen(DemoScreen(event.option.id))

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                "run it: the training experiments", [*self.BINDINGS, VIM_HELP, LIST_PAGE_HELP]
            )
        )


def _demo_row(name: str, summary: str, name_width: int) -> Table:
    """A row of the demo list: the name whole in a column ``name_width`` wide, and the summary
    wrapped in its own column."""
    row = Table.grid(padding=(0, 2))
    row.add_column(width=name_width, style="bold", no_wrap=True)
    row.add_column(ratio=1)
    row.add_row(Text(name), Text(summary))
    return row


def result_cells(result: DemoResult) -> tuple[list[str], list[list[str]]]:
    """A result's figures as a header and rows of text: a row per run, or, with more than
    :data:`MAX_METRIC_COLUMNS` metrics, a row per metric and a column per run."""
    names = result.metric_names()
    labels = [run.label + (" (diverged)" if run.diverged else "") for run in result.runs]
    if len(names) <= MAX_METRIC_COLUMNS:
        rows = [
            [label, *(format_metric(run.metrics.get(name)) for name in names)]
            for label, run in zip(labels, result.runs, strict=True)
        ]
        return ["run", *names], rows
    rows = [
        [name, *(format_metric(run.metrics.get(name)) for run in result.runs)] for name in names
    ]
    return ["", *labels], rows


def fit_columns(
    header: list[str], rows: list[list[str]], width: int, padding: int = 1
) -> tuple[list[str], list[str]]:
    """The header and the first column's cells, wrapped at spaces so the table is at most
    ``width`` cells wide if it can be: the headers wrap first, all to one narrowing width but
    none narrower than its column's widest value, then the first column takes what is left."""
    first = [row[0] for row in rows]
    values = [_widest(row[index] for row in rows) for index in range(1, len(header))]

    def headers_within(cap: int) -> list[str]:
        return [
            header[0],
            *(_wrapped(h, max(cap, v)) for h, v in zip(header[1:], values, strict=True)),
        ]

    def total(labels: list[str], first_cells: list[str]) -> int:
        widths = [_widest([labels[0], *first_cells])]
        widths += [
            max(_widest([label]), value) for label, value in zip(labels[1:], values, strict=True)
        ]
        return sum(widths) + 2 * padding * len(widths)

    for cap in range(_widest(header[1:]), 0, -1):
        labels = headers_within(cap)
        if total(labels, first) <= width:
            return labels, first
    labels = headers_within(0)
    room = width - total(labels, []) + _widest([labels[0]])  # what the other columns leave
    return [_wrapped(labels[0], room), *labels[1:]], [_wrapped(cell, room) for cell in first]


def _widest(texts: Iterable[str]) -> int:
    """The width of the widest line among ``texts``."""
    return max((cell_len(line) for text in texts for line in text.split("\n")), default=0)


def _wrapped(text: str, width: int) -> str:
    """``text`` wrapped at spaces into lines at most ``width`` wide (a longer word keeps a line
    of its own)."""
    return "\n".join(textwrap.wrap(text, max(width, 1), break_long_words=False)) or text


def _chart(draw: Callable[[int, int], str]) -> Drawing:
    """A plotext chart (``draw(width, height)``, ANSI colours) that redraws to fit its width."""
    return Drawing(
        lambda width: Text.from_ansi(draw(width, CHART_HEIGHT), no_wrap=True, end=""),
        classes="chart",
    )


def field_problem(param: ParamSpec, text: str) -> str | None:
    """What is wrong with ``text`` typed for ``param`` (e.g. "must be at most 0.1, not 0.3"),
    or None if the setting accepts it."""
    try:
        value = param.parse(text)
    except ValueError as error:
        return f"{error}, not {text!r}"
    problem = param.check(value)
    return f"{problem}, not {value!r}" if problem else None


def _param_label(key: str, param: ParamSpec) -> Content:
    """A setting's label: its name as the demo's texts write it (``max_lr``, ``t_0``), and
    below it the values it accepts (a list's choices are in the list)."""
    accepted = "choose one" if param.kind is str and param.choices else param.describe()
    return Content.assemble(key, "\n", (accepted, "dim"))


def _param_field(key: str, param: ParamSpec, value: ParamValue) -> Input | Select[str]:
    """The field for one setting: a list for a fixed set of choices, else a text field that
    turns red while what is typed would be refused."""
    tooltip = f"{param.help} ({param.describe()})"
    if param.kind is str and param.choices:
        current = format_param(value)
        return Select(
            [(choice, choice) for choice in param.choices],
            value=current if current in param.choices else param.choices[0],
            allow_blank=False,
            id=f"param-{key}",
            tooltip=tooltip,
            classes="demo-param-input",
        )
    return Input(
        format_param(value),
        id=f"param-{key}",
        tooltip=tooltip,
        classes="demo-param-input",
        validators=[
            Function(
                lambda text: field_problem(param, text.strip()) is None,
                f"{key} takes {param.describe()}",
            )
        ],
    )


def demo_of(card: CardView | None) -> tuple[str, dict[str, ParamValue]] | None:
    """A card's demo link as (name, parameters), if it has one the registry knows."""
    if card is None or not card.demo:
        return None
    name = str(card.demo.get("name", ""))
    if get_demo(name) is None:
        return None
    return name, dict(card.demo.get("params") or {})


def open_card_demo(screen: Screen[None], card: CardView | None) -> None:
    """Open the demo screen for ``card``'s "run it" link (nothing if it has none)."""
    link = demo_of(card)
    if card is not None and link is not None:
        name, params = link
        screen.app.push_screen(DemoScreen(name, params, card=card.question))
