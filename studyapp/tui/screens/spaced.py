"""Spaced review (SM-2): the question, space reveals the answer, 1–5 rates it.

A numeric card shows its numbers drawn for this showing and a box to type a number in: enter
reveals the computed answer and says whether the number typed was within the card's
tolerance; the rating is the student's as for any card."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Input, Markdown, Static

from studyapp.modes.grading import WrittenGrade, grade_answer, numeric_prompt
from studyapp.modes.spaced import GivenRating, SessionStep, SessionSummary, SetAside, SpacedSession
from studyapp.numeric.grading import typed_number_shown
from studyapp.rendering.words import short_interval, spoken_duration
from studyapp.scheduling.rating import RATING_SCALE, Rating
from studyapp.scope import Scope
from studyapp.tui.screens.base import (
    CARD_SCROLL_BINDINGS,
    CARD_SCROLL_HELP,
    VIM_BINDINGS,
    VIM_HELP,
    StudyScreen,
    SummaryDialog,
)
from studyapp.tui.screens.card_marks import (
    LEECH_MARKED,
    LEECH_SUSPENDED,
    choose_flag,
    mark_bindings,
    marks_shown,
)
from studyapp.tui.screens.demo import demo_of, open_card_demo
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.number_input import NumberInput
from studyapp.tui.widgets.rating_table import rating_bindings
from studyapp.tui.widgets.text import CardNote, answer_of, one_line, question_of

if TYPE_CHECKING:
    from studyapp.store.cards import CardView


def undone_note(undone: SessionStep) -> str:
    """What the progress line says after an undo."""
    if isinstance(undone, SetAside):
        return "suspend undone" if undone.how == "suspended" else "bury undone"
    return "last rating undone"


class RatingWritten(Message):
    """A rating of the session is in the store (posted from the saver's thread)."""

    def __init__(self, given: GivenRating) -> None:
        super().__init__()
        self.given = given


class SpacedScreen(StudyScreen[None]):
    """One review session; every rating is saved the moment it is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer", id="spaced.reveal", priority=True),
        *rating_bindings("spaced"),
        # priority, so that they work while a number is typed (see NumberInput)
        Binding(
            "u",
            "undo",
            "Undo rating",
            id="spaced.undo",
            priority=True,
            tooltip="Undo the last rating, or the card suspended or buried last",
        ),
        Binding("r", "run_demo", "Run it", id="spaced.run", tooltip="Run this card's experiment"),
        *mark_bindings("spaced"),
        Binding(
            "i",
            "card_info",
            "Card info",
            id="spaced.info",
            tooltip="The card's detail (its answer revealed first): every field, where it "
            "lives, its history; e edits it",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="spaced.help",
            priority=True,
            tooltip="Help (also while a number is typed)",
        ),
        Binding("escape,q", "leave", "Back", id="spaced.back"),
        *CARD_SCROLL_BINDINGS,
        *VIM_BINDINGS,
    ]

    def __init__(self, session: SpacedSession, scope: Scope, note: str = "") -> None:
        super().__init__()
        self.session = session
        self.scope = scope
        #: Said on the progress line (not over the card) until the next rating.
        self.note = note
        #: A number typed for the numeric card shown, and its grade (once revealed).
        self.typed: tuple[str, WrittenGrade] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield CardMarkdown(id="question")
            yield NumberInput(placeholder="Type the number, then enter", id="typed-number")
            yield Static(id="typed-grade")
            yield CardMarkdown(id="answer")
            yield CardNote(id="card-note")
        yield Static(id="prompt")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Custom study" if self.session.custom else "Spaced review"
        self.sub_title = self.scope.label.removeprefix("Custom: ")  # the title says it
        self.show_card()

    def show_card(self) -> None:
        """Draw the current card (question, and the answer once revealed)."""
        card = self.session.current
        if card is None:
            self.finish()
            return
        self.query_one("#question", Markdown).update(question_of(card))
        answer = self.query_one("#answer", Markdown)
        answer.update(answer_of(card) if self.session.revealed else "")
        answer.display = self.session.revealed
        self._show_typed_number(card)
        # the note says how the card departs from its source: only once the answer shows
        self.query_one("#card-note", CardNote).show_note(*([card] if self.session.revealed else []))
        rated = self.session.summary().ratings
        link = demo_of(card)
        run_it = f" · r run it: {link[0]}" if link else ""
        note = f" · {self.note}" if self.note else ""
        marks = marks_shown(self.session.marks())
        head, tail = f"{self.waiting_count()} · {rated} rated", f"{marks}{run_it}{note}"
        # the card's deck, when the title (one deck's) does not say it already, cut to keep
        # the line one line
        one_deck = self.scope.decks is not None and len(self.scope.decks) == 1
        room = self.app.size.width - PROGRESS_MARGIN - len(head) - len(tail) - len(" · deck ")
        deck = "" if one_deck or room < MIN_DECK_SHOWN else f" · deck {one_line(card.deck, room)}"
        self.query_one("#progress", Static).update(f"{head}{deck}{tail}")
        self.query_one("#prompt", Static).update(
            f"How well did you know it?   {RATING_SCALE}\n{self.next_due_bar()}"
            if self.session.revealed
            else numeric_prompt(card) or "Recall the answer, then press space to see it."
        )
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def waiting_count(self) -> str:
        """The cards still to show, a card shown among them: ``4 to go · 1 to repeat`` (the
        repeats come after the others; a part that is 0 is left out)."""
        repeats = self.session.to_repeat
        parts = [(self.session.remaining - repeats, "to go"), (repeats, "to repeat")]
        return " · ".join(f"{count} {word}" for count, word in parts if count)

    def _show_typed_number(self, card: CardView) -> None:
        """A numeric card's box to type a number in (before the answer shows), and how the
        number typed was graded (after)."""
        numeric = card.drawn is not None
        box = self.query_one("#typed-number", Input)
        box.display = numeric and not self.session.revealed
        if box.display and not box.has_focus:
            box.value = ""
            box.focus()
        grade = self.query_one("#typed-grade", Static)
        grade.display = numeric and self.session.revealed and self.typed is not None
        if self.typed is not None and grade.display:
            given, graded = self.typed
            verdict = "✓ right" if graded.correct else "✗ wrong"
            typed = typed_number_shown(given)
            grade.update(f"You typed {typed}: {verdict}; the answer is {graded.matched}")

    def next_due_bar(self) -> str:
        """When the card comes back after each rating: ``Due again  1 10m · … · 4 6d``."""
        if not self.session.moves_schedules:
            return CUSTOM_NOT_RESCHEDULED
        now = self.session.collection.clock.now()
        shown = []
        for rating, after in self.session.next_reviews().items():
            wait = after.wait(now)
            shown.append(f"{int(rating)} {'–' if wait is None else short_interval(wait)}")
        return "Due again in   " + " · ".join(shown)

    def check_action(self, action: str, _parameters: tuple[object, ...]) -> bool | None:
        """Keys that apply now: reveal before the answer shows, ratings after."""
        if action == "reveal":
            if self._typing():  # enter is the box's: it reveals once what was typed is in
                return False
            return not self.session.revealed and not self.session.done
        if action == "rate":
            return self.session.revealed
        if action == "run_demo":
            return demo_of(self.session.current) is not None
        return True

    def _typing(self) -> bool:
        """Whether a number is being typed for a numeric card (its box has the keys)."""
        box = self.query_one("#typed-number", Input)
        return bool(box.display and box.has_focus)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.session.revealed and not self.session.done:
            self.action_reveal()

    def action_reveal(self) -> None:
        card = self.session.current
        typed = self.query_one("#typed-number", Input).value.strip()
        self.typed = None
        if card is not None and card.drawn is not None and typed:
            self.typed = (typed, grade_answer(card, typed))
        self.session.reveal()
        self.set_focus(None)
        self.show_card()

    def action_rate(self, key: int) -> None:
        """Rate the card with the rating the key pressed (1–5) stands for."""
        given = self.session.rate(Rating.of(key))
        self.note = ""
        self.show_card()
        if given.saved.done():
            self._tell_if_leech(given)
        else:  # written later, on the saver's thread: posting a message is thread-safe
            given.saved.add_done_callback(lambda _: self.post_message(RatingWritten(given)))

    def on_rating_written(self, message: RatingWritten) -> None:
        """A rating written after the next card showed: a leech it suspended leaves now."""
        given = message.given
        if given not in self.session.given:  # undone meanwhile
            return
        showing = self.session.order.current
        self.session.settle()
        if self.session.order.current != showing:
            self.show_card()
        self._tell_if_leech(given)

    def _tell_if_leech(self, given: GivenRating) -> None:
        """Say so when the rating made its card a leech."""
        saved = given.saved
        if saved.cancelled() or saved.exception() is not None:
            return
        leech = saved.result().leech
        if leech == "suspended":
            self.notify(LEECH_SUSPENDED, title="Leech", severity="warning", timeout=12)
        elif leech == "marked":
            self.notify(LEECH_MARKED, title="Leech", severity="warning", timeout=12)

    def action_suspend(self) -> None:
        """Suspend the card shown: it leaves the session (u brings it back)."""
        self._set_aside("suspended")

    def action_bury(self) -> None:
        """Bury the card shown until tomorrow: it leaves the session (u brings it back)."""
        self._set_aside("buried")

    def _set_aside(self, how: str) -> None:
        if self.session.done:
            return
        self.session.set_aside(how)
        self.note = f"card {how} (u: undo)"
        self.show_card()

    def action_star(self) -> None:
        """Star the card shown, or unstar it (the ★ on the progress line says which)."""
        if self.session.done:
            return
        self.session.toggle_star()
        self.show_card()

    def action_flag(self) -> None:
        """Choose the flag of the card shown (a dialog of the colours)."""
        if self.session.done:
            return

        def chosen(flag: int) -> None:
            if not self.session.done:
                self.session.set_flag(flag)
                self.show_card()

        choose_flag(self, self.session.marks().flag_colour, chosen)

    def action_undo(self) -> None:
        """Take back the last rating or card set aside, or say there is none to take back."""
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo in this session.")
            return
        self.note = undone_note(undone)
        self.show_card()

    def action_run_demo(self) -> None:
        open_card_demo(self, self.session.current)

    def action_card_info(self) -> None:
        """Open the card's detail once the ratings given are saved (they are its history); a
        card edited there shows as edited. The detail shows the answer, so the card's is
        revealed first."""
        from studyapp.tui.screens.card_detail import CardDetailScreen

        card = self.session.current
        if card is None:
            return
        card_id = card.id
        if not self.session.revealed:  # the detail shows the answer: rated as seen
            self.action_reveal()

        def edited(changed: bool | None) -> None:
            if changed:
                self.session.reload_card(card_id)
                self.show_card()

        self.study_app.when_saved(
            lambda: self.app.push_screen(CardDetailScreen(card_id), edited),
            doing="Opening the card",
        )

    def action_help(self) -> None:
        keys = [*self.BINDINGS, VIM_HELP, CARD_SCROLL_HELP]
        if demo_of(self.session.current) is None:  # no experiment to run on this card
            keys = [key for key in keys if not isinstance(key, Binding) or key.action != "run_demo"]
        self.app.push_screen(HelpScreen("spaced review", keys))

    def action_leave(self) -> None:
        self.finish()

    def finish(self) -> None:
        """End the session: show its summary (none when nothing was rated), then go back."""
        summary = self.session.summary()
        if not summary.ratings:
            self.dismiss()
            return
        self.app.switch_screen(SummaryScreen(summary, self.session, self.scope))


#: What a custom study session that leaves schedules alone shows in place of due days.
#: What the progress line's margins take from the screen's width.
PROGRESS_MARGIN = 4
#: The fewest characters of a deck's id worth showing (else the progress line leaves it out).
MIN_DECK_SHOWN = 8
CUSTOM_NOT_RESCHEDULED = "Custom study: your ratings are logged; no card's schedule moves"


def custom_lines(summary: SessionSummary) -> list[str]:
    """How a custom study session's summary ends: the cards it did not reach, and whether
    its ratings moved schedules."""
    lines = [f"Not reached     {summary.left}"] if summary.left else []
    moved = "moved by the ratings" if summary.rescheduled else "as they were (not rescheduled)"
    lines.append(f"Schedules       {moved}")
    if summary.back_at is not None:  # rescheduled, and some failed: they relearn today
        lines.append(
            f"To repeat       {summary.relearning} in today's review from {summary.back_at:%H:%M}"
        )
    return lines


class SummaryScreen(SummaryDialog[None]):
    """What the session did: cards, ratings, time."""

    HELP_TITLE = "summary of the review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,space,q",
            "close",
            "Back",
            tooltip="Back to decks (the keys wait a moment after the summary opens)",
            id="summary.close",
        ),
        Binding("s", "stats", "Stats", id="summary.stats"),
        Binding(
            "u",
            "undo",
            "Undo rating",
            id="summary.undo",
            tooltip="Undo the last rating and go back to that card",
        ),
    ]

    def __init__(self, summary: SessionSummary, session: SpacedSession, scope: Scope) -> None:
        super().__init__()
        self.summary = summary
        self.session = session
        self.scope = scope

    def compose(self) -> ComposeResult:
        s = self.summary
        ratings = "   ".join(f"{rating}: {count}" for rating, count in s.by_rating.items())
        lines = [
            f"Session over · {self.scope.label}",
            "",
            f"Cards reviewed  {s.cards}",
            f"Ratings given   {s.ratings} (repeats included)",
            f"Time            {spoken_duration(round(s.seconds * 1000))}",
            f"Ratings         {ratings}",
        ]
        set_aside = [
            f"{n} {how}" for n, how in ((s.suspended, "suspended"), (s.buried, "buried")) if n
        ]
        if set_aside:
            lines.append(f"Set aside       {' · '.join(set_aside)}")
        if s.custom:
            lines += custom_lines(s)
        elif s.left:
            lines += self.waiting_lines()
        yield Static("\n".join(lines), id="summary-box")
        yield StableFooter()

    def waiting_lines(self) -> list[str]:
        """The cards still waiting, as home counts them: ``20 today: 17 new · 1 due · 2 to
        repeat``; then when the ones to repeat (rated below 4: SM-2 repeats a card the same
        day until it is rated 4 or 5) are back, rounded up to the minute, and that a session
        before then shows them after the rest."""
        s = self.summary
        due = s.left - s.left_new - s.relearning
        parts = [
            f"{count} {word}"
            for count, word in ((s.left_new, "new"), (due, "due"), (s.relearning, "to repeat"))
            if count
        ]
        lines = [f"Still waiting   {s.left} today: {' · '.join(parts)}"]
        if s.back_at is None:
            return lines
        if s.back_at <= self.collection.clock.now():
            return [*lines, "                to repeat: due again now"]
        back = s.back_at  # to the minute, rounded up: never a time it is not yet due at
        if back.second or back.microsecond:
            back = back.replace(second=0, microsecond=0) + timedelta(minutes=1)
        them = "it" if s.relearning == 1 else "them"
        first = "back at" if s.relearning == 1 else "back from"
        day = "tomorrow " if back.date() > self.collection.clock.now().date() else ""
        return [
            *lines,
            f"                to repeat: {first} {day}{back:%H:%M}",
            f"                (a session before then shows {them} after the rest)",
        ]

    def action_stats(self) -> None:
        scope = self.scope
        self.study_app.when_saved(lambda: self.app.push_screen(StatsScreen(scope)))

    def action_close(self) -> None:
        self.study_app.when_saved(self.dismiss)

    def action_undo(self) -> None:
        """Take back the session's last rating and review that card again."""
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo in this session.")
            return
        self.app.switch_screen(SpacedScreen(self.session, self.scope, undone_note(undone)))
