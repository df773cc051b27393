"""Test mode: choose the questions, answer them all, then the score, the marks and the time."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    Markdown,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from studyapp.modes.answer_diff import answer_diff
from studyapp.modes.grading import numeric_prompt
from studyapp.modes.questions import (
    SHUFFLED_AT_ONCE,
    MatchingSet,
    why_no_matching,
    why_no_matching_drawn,
)
from studyapp.modes.test import (
    KIND_LABELS,
    MAX_QUESTIONS,
    MIN_MATCHING_PAIRS,
    QUESTION_KINDS,
    Response,
    TestMark,
    TestQuestion,
    TestSession,
    askable_cards,
    scope_askable,
)
from studyapp.modes.test_progress import keep_test, resume_test, saved_test_summary
from studyapp.modes.unfinished import UnusableStateError
from studyapp.numeric.grading import typed_number_shown
from studyapp.rendering.words import counted, spoken_ago, spoken_duration
from studyapp.tui.screens.base import (
    CARD_SCROLL_BINDINGS,
    CARD_SCROLL_HELP,
    VIM_BINDINGS,
    VIM_HELP,
    StudyDialog,
    StudyScreen,
    SummaryDialog,
    choice_bindings,
)
from studyapp.tui.screens.confirm import (
    LeaveTestDialog,
    ResumeTestDialog,
    SubmitTestDialog,
    ask,
)
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.answer_diff import AnswerDiffView
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.rating_table import RATING_RANGE, RatingRow, RatingTable
from studyapp.tui.widgets.text import CardNote, cell, numbered, safe, safe_markdown

if TYPE_CHECKING:
    from studyapp.scope import Scope
    from studyapp.tui.app import StudyApp

LETTERS = "abcdefgh"
#: The most of a text a results cell keeps (on one line), wider than any terminal.
LONGEST_CELL = 300
#: Under the question once every question has an answer.
ALL_ANSWERED = "All answered: ctrl+s submits (answers can still be changed)."


def matching_picks(
    text: str, matching: MatchingSet, *, whole: bool
) -> tuple[int | None, ...] | None:
    """The answer letters typed for a matching question, one per prompt in order (``?`` for
    one not known; unless ``whole``, prompts not reached yet count as ``?``); None when the
    letters can not be an answer."""
    letters = text.lower().replace(" ", "").replace(",", "")
    prompts, valid = len(matching.prompts), LETTERS[: len(matching.answers)] + "?"
    if len(letters) > prompts or (whole and len(letters) < prompts):
        return None
    if any(letter not in valid for letter in letters):
        return None
    picks: list[int | None] = [None if it == "?" else LETTERS.index(it) for it in letters]
    return tuple(picks + [None] * (prompts - len(picks)))


def matching_letters(response: Response | None) -> str:
    """A matching answer as the letters typed for it ("" for none)."""
    if not isinstance(response, tuple):
        return ""
    return "".join("?" if pick is None else LETTERS[pick] for pick in response)


def matching_help(matching: MatchingSet) -> str:
    """What to type for a matching question (said when the letters typed can not be one)."""
    return (
        f"Type {len(matching.prompts)} letters from a to {LETTERS[len(matching.answers) - 1]}, "
        "one per question in order (? for one you don't know)."
    )


def matching_mistake(text: str, matching: MatchingSet, *, whole: bool) -> str:
    """What is wrong with the letters typed for a matching question, in a few words, to fix
    (see :func:`matching_picks`; "" when nothing is)."""
    letters = text.lower().replace(" ", "").replace(",", "")
    prompts, valid = len(matching.prompts), LETTERS[: len(matching.answers)] + "?"
    stray = next((letter for letter in letters if letter not in valid), None)
    if stray is not None:
        return f"{safe(stray)} is not one of the letters a to {valid[-2]}"
    if len(letters) > prompts or (whole and len(letters) < prompts):
        return f"{counted(len(letters), 'letter')} for {counted(prompts, 'question')}"
    return ""


def shown_answer(text: str) -> Table:
    """A true/false question's answer to judge, after "Answer:", wrapping under itself."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("Answer:", Text(safe(text), style="bold", end=""))
    return grid


def lettered(matching: MatchingSet, letter_style: str) -> Table:
    """A matching question's questions (1, 2, …) then its answers (a, b, …, in
    ``letter_style``), each text wrapping under itself, never under its number or letter."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    for number, text in enumerate(matching.prompts, start=1):
        grid.add_row(str(number), Text(" ".join(safe(text).split()), end=""))
    grid.add_row("", "")
    for index, text in enumerate(matching.answers):
        grid.add_row(Text(LETTERS[index], style=letter_style), Text(safe(text), end=""))
    return grid


class CountField(Input):
    """The number of questions: digits only, so ``?`` stays the key for help."""

    def check_consume_key(self, key: str, character: str | None) -> bool:  # noqa: ARG002
        """Digits (and the editing keys) are the field's; everything else is the dialog's."""
        return character is not None and character.isdigit()


class TestSetupScreen(StudyDialog[None]):
    """How many questions, and of which kinds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "start",
            "Start",
            id="test-setup.start",
            priority=True,
            tooltip="Start the test (ctrl+s too)",
        ),
        Binding("ctrl+s", "start", "", show=False, priority=True),
        Binding("space", "toggle_kind", "Tick", tooltip="Tick or untick the focused kind"),
        Binding(
            "tab,down",
            "app.focus_next",
            "Next field",
            tooltip="Next field (shift+tab or ↑ goes back; j and k as ↓ and ↑)",
        ),
        Binding("shift+tab,up", "app.focus_previous", "", show=False),
        # before the number field, which would take the letters and drop them
        Binding("j", "app.focus_next", "", show=False, priority=True),
        Binding("k", "app.focus_previous", "", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="test-setup.help", priority=True),
        Binding("escape", "cancel", "Cancel", id="test-setup.cancel"),
    ]

    def __init__(self, scope: Scope, cards: int, *, replacing: bool = False) -> None:
        """The setup of a test over ``scope`` (``cards`` in it); ``replacing``: the scope's
        unfinished test is forgotten once this one starts (not if the setup is cancelled)."""
        super().__init__()
        self.scope = scope
        self.cards = cards
        self.replacing = replacing
        #: How many of the cards a test can ask (see :func:`askable_cards`).
        self.askable = cards

    @property
    def most(self) -> int:
        """The most questions the test can have (one card each at least)."""
        return min(self.askable, MAX_QUESTIONS)

    def compose(self) -> ComposeResult:
        no_matching = ""
        if self.cards <= SHUFFLED_AT_ONCE:
            scope_cards = self.collection.scope_cards(self.scope)
            self.cards, self.askable = len(scope_cards), len(askable_cards(scope_cards))
            no_matching = why_no_matching(scope_cards, self.scope.label, MIN_MATCHING_PAIRS)
        # else a big scope (as counted on opening): what a test can ask of it is found in a
        # worker (see on_mount), and the dialog updated
        with Vertical(id="setup-box"):
            yield Static(
                Content.styled(
                    f"Test · {self.scope.label} ({counted(self.cards, 'card')})", "bold"
                ),
                id="setup-title",
            )
            if self.cards - self.askable:
                yield Static(self._left_out_note(), id="setup-note")
            yield Static(self._count_label(), id="setup-count-label")
            yield CountField(str(min(10, self.most)), type="integer", id="count", compact=True)
            yield Static("Kinds of question:")
            for kind in QUESTION_KINDS:
                off = kind == "matching" and bool(no_matching)
                yield Checkbox(
                    KIND_LABELS[kind], value=not off, disabled=off, id=f"kind-{kind}", compact=True
                )
            if no_matching:
                yield Static(no_matching, id="setup-no-matching")
            with Horizontal(id="setup-buttons"):
                yield Button("Start", variant="primary", id="start", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static("tab or ↓ ↑ move · space ticks a kind · enter starts", id="help-hint")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#count", Input).focus()
        if self.cards > SHUFFLED_AT_ONCE:
            self.count_askable()

    def _left_out_note(self) -> str:
        left_out = self.cards - self.askable
        return (
            f"{counted(left_out, 'card')} {'has' if left_out == 1 else 'have'} a long "
            f"answer and no short one: a test can't ask {'it' if left_out == 1 else 'them'}."
        )

    def _count_label(self) -> str:
        if not self.most:
            return "Number of questions: none can be asked."
        return f"Number of questions (up to {self.most}):"

    @work(thread=True, exclusive=True, group="test-setup", exit_on_error=False)
    def count_askable(self) -> None:
        """Count the cards a test can ask off the UI thread (a big scope's short answers are
        read), and whether they make a matching question, then say it as a small scope's
        setup does at once."""
        collection, label = self.collection, self.scope.label
        cards, askable = scope_askable(collection, self.scope)
        card_ids = collection.scope_card_set(self.scope)
        no_matching = why_no_matching_drawn(card_ids, collection.cards, label, MIN_MATCHING_PAIRS)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_askable, cards, askable, no_matching)

    def _show_askable(self, cards: int, askable: int, no_matching: str) -> None:
        if no_matching:
            matching = self.query_one("#kind-matching", Checkbox)
            matching.value, matching.disabled = False, True
            self.query_one("#setup-box").mount(
                Static(no_matching, id="setup-no-matching"), before="#setup-buttons"
            )
        count = self.query_one("#count", Input)
        untouched = count.value == str(min(10, self.most))
        self.cards, self.askable = cards, askable
        if untouched:  # the default the field was given, for what can be asked
            count.value = str(min(10, self.most))
        self.query_one("#setup-count-label", Static).update(self._count_label())
        if cards - askable:
            self.query_one("#setup-box").mount(
                Static(self._left_out_note(), id="setup-note"), after="#setup-title"
            )

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """Space ticks a kind only while one has the focus (in the count field, it is typed)."""
        if action == "toggle_kind":
            return isinstance(self.focused, Checkbox)
        return True

    def action_toggle_kind(self) -> None:
        """Tick or untick the focused kind of question."""
        if isinstance(self.focused, Checkbox):
            self.focused.toggle()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("test setup", list(self.BINDINGS)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        """Start the test as set up (enter on the Cancel button cancels instead)."""
        focused = self.focused
        if isinstance(focused, Button) and focused.id == "cancel":
            self.action_cancel()
            return
        most = self.most
        if not most:
            self.notify(
                "None of these cards can be asked in a test: they have long answers and no "
                "short one (learn asks them, revealed and self-rated).",
                severity="error",
            )
            return
        text = self.query_one("#count", Input).value.strip()
        count = int(text) if text.isdigit() else 0
        if not 1 <= count <= most:
            self.notify(f"Choose 1 to {most} questions.", severity="error")
            return
        kinds = [k for k in QUESTION_KINDS if self.query_one(f"#kind-{k}", Checkbox).value]
        if not kinds:
            self.notify("Choose at least one kind of question.", severity="error")
            return
        app = self.study_app
        session = TestSession.start(
            app.collection, self.scope, count, kinds, app.rng, saver=app.saver
        )
        if not session.questions:
            self.notify(
                "None of these cards can be asked so: they have no short answer to type and "
                "nothing to choose from. Choose another kind of question.",
                severity="error",
            )
            return
        keep_test(session, replacing=self.replacing)
        self.app.switch_screen(TestScreen(session, notice=fewer_questions(session, count)))

    def action_cancel(self) -> None:
        self.dismiss()


def fewer_questions(session: TestSession, asked: int) -> str:
    """Why the test has fewer questions than ``asked`` for ("" when it has them all)."""
    questions = len(session.questions)
    if questions >= asked:
        return ""
    matching = sum(question.matching is not None for question in session.questions)
    why = (
        "each matching question asks 3 or 4 cards, and a card is asked only once"
        if matching
        else "a card is asked only once"
    )
    return f"{counted(questions, 'question')}, not {asked}: {why}."


class TestScreen(StudyScreen[None]):
    """One question at a time; answers can be changed until the test is submitted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *choice_bindings(),
        Binding("t", "true_false(True)", "True", id="test.true"),
        Binding("f", "true_false(False)", "False", id="test.false"),
        Binding(
            "ctrl+b",
            "move(-1)",
            "Prev",
            id="test.previous",
            priority=True,
            tooltip="Previous question (← too, outside the answer field)",
        ),
        Binding(
            "ctrl+n",
            "move(1)",
            "Next",
            id="test.next",
            priority=True,
            tooltip="Next question, skipping this one (→ too, outside the answer field)",
        ),
        Binding("left", "move(-1)", "", show=False),
        Binding("right", "move(1)", "", show=False),
        Binding(
            "ctrl+s",
            "submit",
            "Submit",
            id="test.submit",
            priority=True,
            tooltip="Submit the test (asks first when a question has no answer)",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="test.help",
            tooltip="Help (f1 in an answer field, where ? is typed)",
        ),
        Binding(
            "escape",
            "leave",
            "Leave",
            id="test.back",
            tooltip="Leave the test (asks first: keep going, save to resume later, or leave)",
        ),
        *CARD_SCROLL_BINDINGS,
        *VIM_BINDINGS,
    ]

    def __init__(self, session: TestSession, number: int = 1, *, notice: str = "") -> None:
        """The test on screen, showing question ``number`` first, with ``notice`` (about the
        whole test) under its instructions."""
        super().__init__()
        self.session = session
        self.number = number
        self.notice = notice
        #: Matching letters that could not be an answer, refused once: the same key again
        #: leaves them (the answer saved before stays).
        self.refused: str | None = None

    @property
    def question(self) -> TestQuestion:
        """The question on screen."""
        return self.session.questions[self.number - 1]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield CardMarkdown(id="question")
            yield Static(id="shown")
        yield OptionList(id="choices")
        yield Input(id="written", select_on_focus=False)  # typing goes on from the end
        yield Static(id="prompt")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Test"
        self.sub_title = self.session.scope.label
        self.set_interval(1, self.show_progress)
        self.show()

    def show_progress(self) -> None:
        """Question number, answers given and the time so far."""
        session = self.session
        seconds = (session.collection.clock.now() - session.started_at).total_seconds()
        self.query_one("#progress", Static).update(
            f"Question {self.number} of {len(session.questions)} · "
            f"{session.answered} answered · {spoken_duration(max(0, round(seconds * 1000)))}"
        )

    def show(self) -> None:
        """Draw the current question with the answer given so far, if any."""
        question = self.question
        given = self.session.responses.get(question.number)
        self.show_progress()
        kind_label = KIND_LABELS[question.kind]
        prompt = safe_markdown(question.prompt)
        self.query_one("#question", Markdown).update(f"*{kind_label}*\n\n{prompt}")
        shown = self.query_one("#shown", Static)
        choices = self.query_one("#choices", OptionList)
        written = self.query_one("#written", Input)
        shown.display = question.kind in ("true_false", "matching")
        choices.display = question.kind in ("choice", "true_false")
        written.display = question.kind in ("written", "matching")
        choices.clear_options()
        if question.choice is not None:
            choices.add_options(
                Option(numbered(number, text))
                for number, text in enumerate(question.choice.options, start=1)
            )
            choices.highlighted = given if isinstance(given, int) else 0
            choices.focus()
            instructions = "Pick the answer: 1–4, or arrows and enter."
        elif question.true_false is not None:
            shown.update(shown_answer(question.true_false.shown))
            choices.add_options([Option("True  (t)"), Option("False  (f)")])
            choices.highlighted = 1 if given is False else 0
            choices.focus()
            instructions = "Is this the right answer? t true · f false"
        elif question.matching is not None:
            matching = question.matching
            accent = self.app.get_css_variables().get("accent", "")
            shown.update(lettered(matching, f"bold {accent}".strip()))
            written.placeholder = (
                f"Letters for 1–{len(matching.prompts)} in order, e.g. "
                + (LETTERS[: len(matching.answers)][::-1])
            )
            written.value = matching_letters(given)
            written.focus()
            instructions = "Type the answer letters in the order of the questions, then enter."
        else:
            written.placeholder = "Type the answer, then enter"
            written.value = given if isinstance(given, str) else ""
            written.focus()
            instructions = numeric_prompt(question.cards[0]) or (
                "Type the answer; case, punctuation and small typos don't count."
            )
        self.query_one("#prompt", Static).update(
            Content.assemble(instructions, "\n", Content.styled(self.notice, "bold"))
            if self.notice
            else instructions
        )
        self.notice = ""  # said once, with the first question shown
        if self.session.answered == len(self.session.questions):
            self.say(ALL_ANSWERED)
        written.cursor_position = len(written.value)  # an answer given is typed on from its end
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def say(self, text: str, *, error: bool = False) -> None:
        """Tell the student something in the line under the question (a toast would cover
        the options); the next question drawn puts its own instructions back."""
        self.query_one("#prompt", Static).update(
            Content.styled(text, "bold $text-error" if error else "bold")
        )

    def keep_typed(self, key: str) -> bool:
        """Take what is in the answer field as the question's answer (an emptied field takes
        the answer back): nothing typed is lost by moving away, submitting or leaving.

        Matching letters that can not be an answer are refused once (False), saying what is
        wrong under the question; ``key`` (the key that acts) pressed again with the letters
        unchanged drops them, and the answer saved before (if any) stays."""
        question = self.question
        if question.kind not in ("written", "matching"):
            return True
        field = self.query_one("#written", Input)
        text = field.value
        given = self.session.responses.get(question.number)
        response: Response | None = text if text.strip() else None
        if question.matching is not None and response is not None:
            response = matching_picks(text, question.matching, whole=False)
            if response is None and self.refused == text:
                field.value = matching_letters(given)
                return True
            if response is None:
                self.refused = text
                saved = matching_letters(given)
                kept = (
                    f"your saved answer {saved} stays"
                    if saved
                    else "this question stays unanswered"
                )
                self.say(
                    f"Not an answer: {matching_mistake(text, question.matching, whole=False)}. "
                    f"{matching_help(question.matching)} Or press {key} again to drop what is "
                    f"typed ({kept}).",
                    error=True,
                )
                return False
        if response is None and given is not None:
            self.session.withdraw(question.number)
        elif response is not None and response != given:
            self.session.answer(question.number, response)
        self.show_progress()
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that apply to the question on screen."""
        question = self.question
        if action == "choose":
            return question.choice is not None and int(str(parameters[0])) < len(
                question.choice.options
            )
        if action == "true_false":
            return question.true_false is not None
        if action == "move":
            step = int(str(parameters[0]))
            return 1 <= self.number + step <= len(self.session.questions)
        return True

    def answered(self, response: Response) -> None:
        """Keep the answer and go to the next question; on the last one, say what is left
        (the test is submitted only with ctrl+s, so every answer can be looked over first)."""
        self.session.answer(self.number, response)
        last = self.number == len(self.session.questions)
        if not last:
            self.number += 1
        self.show()
        missing = len(self.session.questions) - self.session.answered
        if last and missing:
            self.say(
                f"{counted(missing, 'question')} without an answer: ctrl+b goes back, "
                "ctrl+s submits."
            )

    def action_choose(self, index: int) -> None:
        self.answered(index)

    def action_true_false(self, value: bool) -> None:
        self.answered(value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.question.true_false is not None:
            self.answered(event.option_index == 0)
        else:
            self.answered(event.option_index)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        matching = self.question.matching
        if matching is None:
            if not event.value.strip():
                self.say("Type an answer, or ctrl+n to skip it.")
                return
            self.answered(event.value)
            return
        picks = matching_picks(event.value, matching, whole=True)
        if picks is None:
            mistake = matching_mistake(event.value, matching, whole=True)
            self.say(f"Not an answer: {mistake}. {matching_help(matching)}", error=True)
            return
        self.answered(picks)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Letters refused once are refused again once changed (see :meth:`keep_typed`)."""
        event.stop()
        if event.value != self.refused:
            self.refused = None

    def after_typing(self, then: Callable[[], object]) -> None:
        """Call ``then`` once the answer field has taken every key typed before: ctrl+n,
        ctrl+b and ctrl+s act at once, before the keys still queued for the field (typed
        fast, or pasted)."""
        self.query_one("#written", Input).call_later(then)

    def action_move(self, step: int) -> None:
        """Go ``step`` questions on, keeping what was typed as the answer."""
        self.after_typing(partial(self.move, step))

    def move(self, step: int) -> None:
        """Go ``step`` questions on now (see :meth:`action_move`)."""
        if not self.keep_typed("ctrl+n" if step > 0 else "ctrl+b"):
            return
        self.number = min(len(self.session.questions), max(1, self.number + step))
        self.show()

    def action_submit(self) -> None:
        """Submit the test, asking first when some questions have no answer (keep going
        then shows the first of them)."""
        self.after_typing(self.ask_to_submit)

    def ask_to_submit(self) -> None:
        """Submit now, or ask first (see :meth:`action_submit`)."""
        if not self.keep_typed("ctrl+s"):
            return
        session = self.session
        unanswered = [q.number for q in session.questions if q.number not in session.responses]
        if not unanswered:
            self.submit()
            return

        def chosen(answer: str | None) -> None:
            if answer == "submit":
                self.submit()
            else:
                self.number = unanswered[0]
                self.show()

        ask(self.app, SubmitTestDialog(len(unanswered)), chosen)

    def submit(self) -> None:
        """Grade the test and show its results."""
        result = self.session.finish()
        self.app.clear_notifications()
        self.app.switch_screen(TestResultsScreen(self.session, result.marks))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("test", [*self.BINDINGS, VIM_HELP, CARD_SCROLL_HELP]))

    def action_leave(self) -> None:
        """Leave at once if nothing was answered (what is typed in the answer field counts);
        else ask first (see :class:`LeaveTestDialog`)."""
        if not self.keep_typed("esc"):
            return
        session = self.session
        if not session.answered:
            session.leave(resume_later=False)
            self.notify("Test left; nothing was saved.")
            self.dismiss()
            return

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            session.leave(resume_later=answer == "later")
            if answer == "later":
                self.app.notify(
                    f"Test saved: press t on {session.scope.label} to resume it.",
                    title="Resume later",
                )
            else:
                self.app.notify("Test left; your answers were not saved.")
            self.dismiss()

        ask(self.app, LeaveTestDialog(session.answered), chosen)


class TestResultsScreen(StudyScreen[None]):
    """The score and time, and every question marked right or wrong with the right answer.

    Like a session's summary, for :attr:`SummaryDialog.SETTLE_SECONDS` after it opens its
    keys are shown dimmed and do nothing (the table takes the focus, and its rating keys,
    only then): a key typed for the test (the ``s`` that submitted it, pressed twice) never
    acts on the results."""

    #: The table takes the focus once the results have settled, not at once.
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "override",
            "I was right",
            id="test-results.override",
            tooltip="I was right: a written answer graded wrong counts as right, in the score "
            "and in the saved test",
        ),
        Binding("s", "stats", "Stats", id="test-results.stats"),
        Binding("question_mark", "help", "Help", id="test-results.help"),
        Binding("escape,q", "close", "Back", tooltip="Back to decks", id="test-results.close"),
        *VIM_BINDINGS,
    ]
    #: What help says of the keys the table and the detail pane have themselves.
    HELP_KEYS: ClassVar[list[BindingType]] = [
        Binding(
            "up,down",
            "cursor",
            "Pick",
            key_display="↑, ↓",
            tooltip="Pick a question: it shows in full below the table",
        ),
        VIM_HELP,
        Binding(
            "1",
            "rate",
            "Rate",
            key_display="1–5",
            tooltip=f"Rate the highlighted question ({RATING_RANGE}) and move to the next row",
        ),
        Binding(
            "tab",
            "focus",
            "Detail",
            key_display="tab",
            tooltip="Focus the detail pane (tab again: back to the table)",
        ),
        Binding(
            "pageup,pagedown",
            "scroll",
            "Scroll",
            key_display="PageUp, PageDown",
            tooltip="Scroll the detail pane once it has the focus (j and k too)",
        ),
    ]

    def __init__(self, session: TestSession, marks: tuple[TestMark, ...]) -> None:
        super().__init__()
        self.session = session
        self.marks = marks
        self.settled = SummaryDialog.SETTLE_SECONDS <= 0

    def _score_text(self) -> Content:
        result = self.session.result
        assert result is not None
        return Content.assemble(
            Content.styled(
                f"Score {result.correct} of {result.total} ({result.percent:.0f}%)", "bold"
            ),
            f"   ·   time {spoken_duration(round(result.seconds * 1000))}   ·   "
            f"rate each question 1–5 if you like ({RATING_RANGE})",
        )

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._score_text(), id="score")
        rows = [RatingRow(mark.question.number, mark_cells(mark)) for mark in self.marks]
        yield RatingTable(["#", "", "Question", "Your answer", "Right answer"], rows, id="marks")
        with VerticalScroll(id="detail-box"):
            yield CardMarkdown(id="detail")
            yield AnswerDiffView(id="answer-diff")
            yield CardNote(id="card-note")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Test results"
        self.sub_title = self.session.scope.label
        self.show_detail(0)
        if self.settled:
            self.settle()
        else:
            self.set_timer(SummaryDialog.SETTLE_SECONDS, self.settle)

    def settle(self) -> None:
        """From now on the results take keys: the table has the focus."""
        self.settled = True
        self.query_one("#marks", RatingTable).focus()
        self.refresh_bindings()

    def on_rating_table_rated(self, event: RatingTable.Rated) -> None:
        """A question rated in the table: the session logs it for each of its cards."""
        self.session.rate(event.key, event.rating)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)
        self.refresh_bindings()

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """Every key but help waits (dimmed) until the results have settled; then ``o`` only
        on a written answer graded wrong."""
        if not self.settled:
            return action == "help" or None
        if action == "override":
            index = self.query_one("#marks", RatingTable).cursor_row
            return 0 <= index < len(self.marks) and self.session.can_override(
                self.marks[index].question.number
            )
        return True

    def action_override(self) -> None:
        """ "I was right": the highlighted written answer counts as right, here and stored."""
        table = self.query_one("#marks", RatingTable)
        index = table.cursor_row
        self.session.override(self.marks[index].question.number)
        result = self.session.result
        assert result is not None
        self.marks = result.marks
        table.update_row(index, mark_cells(self.marks[index]))
        self.query_one("#score", Static).update(self._score_text())
        self.show_detail(index)
        self.refresh_bindings()

    def show_detail(self, index: int) -> None:
        """The highlighted question in full, with its right answer."""
        if not 0 <= index < len(self.marks):
            return
        self.query_one("#detail-box", VerticalScroll).scroll_home(animate=False)
        mark = self.marks[index]
        question = mark.question
        verdict = "Right" if mark.correct else "Wrong"
        if mark.overridden:
            verdict += " (you said you were right)"
        elif self.session.can_override(question.number):
            verdict += " · press o if you were right after all"
        wrong_typed = (
            question.kind == "written"
            and not mark.correct
            and bool(mark.given.strip())
            and question.cards[0].drawn is None  # a number is wrong by value, not by letter
        )
        self.query_one("#answer-diff", AnswerDiffView).show_diff(
            answer_diff(mark.given, mark.right) if wrong_typed else None
        )
        if question.matching is not None:
            lines = [
                f"{number}. {safe_markdown(prompt)} → **{safe(question.matching.answers[right])}**"
                for number, (prompt, right) in enumerate(
                    zip(question.matching.prompts, question.matching.solution, strict=True),
                    start=1,
                )
            ]
            body = "\n".join(lines)
            verdict += f" ({mark.pairs_right} of {len(lines)} pairs)"
        else:
            body = f"{safe_markdown(question.prompt)}\n\n**Right answer:** {safe(mark.right)}"
            if question.true_false is not None:
                body += f"\n\nShown: {safe(question.true_false.shown)}"
        typed = mark.given
        if question.kind == "written" and question.cards[0].drawn is not None:
            typed = typed_number_shown(typed)
        given = safe(typed) if typed else "(no answer)"
        self.query_one("#detail", Markdown).update(
            f"**Question {question.number}** · {KIND_LABELS[question.kind]} · {verdict}\n\n"
            f"{body}\n\n**Your answer:** {given}"
        )
        self.query_one("#card-note", CardNote).show_note(*question.cards)

    def action_cursor(self, step: int) -> None:
        """j and k: the next or previous question in the table, or scroll the detail pane
        when it has the focus."""
        detail = self.query_one("#detail-box", VerticalScroll)
        if self.focused is detail:
            detail.scroll_relative(y=step, animate=False)
        else:
            super().action_cursor(step)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("test results", [*self.HELP_KEYS, *self.BINDINGS]))

    def action_stats(self) -> None:
        scope = self.session.scope
        self.study_app.when_saved(lambda: self.app.push_screen(StatsScreen(scope)))

    def action_close(self) -> None:
        self.study_app.when_saved(self.dismiss)


def mark_cells(mark: TestMark) -> tuple[Text, ...]:
    """A graded question's row in the results table, whole: the table cuts it to its width
    at every resize."""
    question = mark.question
    return (
        cell(str(question.number)),
        cell("✓" if mark.correct else "✗"),
        cell(question.prompt, LONGEST_CELL),
        cell(mark.given or "(no answer)", LONGEST_CELL),
        cell(mark.right, LONGEST_CELL),
    )


def open_test(app: StudyApp, scope: Scope, cards: int) -> None:
    """Open a test over ``scope``: its unfinished test offered first (resume it, or start a new
    one), else the setup of a new one. A saved test that can not be resumed is said in one line
    and forgotten, and a new one is set up."""
    collection = app.collection
    saved = collection.unfinished_session("test", scope)
    if saved is None:
        app.push_screen(TestSetupScreen(scope, cards))
        return

    def refuse(error: UnusableStateError) -> None:
        collection.discard_unfinished("test", scope)
        app.notify(f"{str(error).capitalize()}.", title="Starting a new test", severity="warning")
        app.push_screen(TestSetupScreen(scope, cards))

    try:
        summary = saved_test_summary(saved)
    except UnusableStateError as error:
        refuse(error)
        return

    def chosen(answer: str | None) -> None:
        if answer == "new":  # the saved test is forgotten once the new one starts
            app.push_screen(TestSetupScreen(scope, cards, replacing=True))
        elif answer == "resume" and saved is not None:
            try:
                resumed = resume_test(collection, scope, saved, saver=app.saver)
            except UnusableStateError as error:
                refuse(error)
                return
            session = resumed.session
            unanswered = [q.number for q in session.questions if q.number not in session.responses]
            left_out = (
                f"{counted(resumed.left_out, 'question')} left out: their cards were changed "
                "or removed since."
                if resumed.left_out
                else ""
            )
            app.push_screen(
                TestScreen(session, unanswered[0] if unanswered else 1, notice=left_out)
            )

    ago = spoken_ago(round((collection.clock.now() - summary.saved_at).total_seconds() * 1000))
    progress = f"{summary.answered} of {summary.questions} answered, saved {ago}"
    ask(app, ResumeTestDialog(scope.label, progress), chosen)
