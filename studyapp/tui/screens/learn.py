"""Learn mode: rounds of multiple choice then written recall, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, Markdown, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from studyapp.modes.answer_diff import answer_diff
from studyapp.modes.grading import cloze_words, numeric_prompt
from studyapp.modes.learn import Feedback, LearnSession, LearnSummary
from studyapp.modes.marking import CardMarker
from studyapp.numeric.grading import typed_number_shown
from studyapp.rendering.card_text import question_line
from studyapp.rendering.words import spoken_ago, spoken_duration
from studyapp.scheduling.rating import RATING_SCALE, Rating
from studyapp.tui.screens.base import (
    CARD_SCROLL_BINDINGS,
    CARD_SCROLL_HELP,
    VIM_BINDINGS,
    VIM_HELP,
    StudyScreen,
    SummaryDialog,
    choice_bindings,
)
from studyapp.tui.screens.card_marks import choose_flag, mark_bindings, marks_shown
from studyapp.tui.screens.confirm import StartOverDialog, ask
from studyapp.tui.screens.demo import demo_of, open_card_demo
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.widgets.answer_diff import AnswerDiffView
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.rating_table import rating_bindings
from studyapp.tui.widgets.text import CardNote, answer_of, numbered, one_line, plain, safe_markdown

if TYPE_CHECKING:
    from studyapp.store.cards import CardView


class LearnScreen(StudyScreen[None]):
    """A learn session; every answer and rating is saved when given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *choice_bindings(),
        *rating_bindings("learn"),
        Binding("o", "override", "I was right", id="learn.override"),
        Binding("r", "run_demo", "Run it", id="learn.run", tooltip="Run this card's experiment"),
        Binding("space,enter", "reveal", "Show answer", id="learn.reveal"),
        Binding("enter,space", "go_on", "Continue", id="learn.continue"),
        Binding(
            "ctrl+r",
            "start_over",
            "Start over",
            id="learn.start_over",
            tooltip="Start over: every card back at the start (asks first)",
        ),
        Binding(
            "question_mark,f1",
            "help",
            "Help",
            id="learn.help",
            tooltip="Help (f1 in the answer field, where ? is typed)",
        ),
        Binding("escape,q", "leave", "Back", id="learn.back"),
        # a card leaves no learn session: star and flag it here, suspend it in spaced review
        *mark_bindings("learn", ("star", "flag")),
        *CARD_SCROLL_BINDINGS,
        *VIM_BINDINGS,
    ]

    def __init__(self, session: LearnSession) -> None:
        super().__init__()
        self.session = session
        #: The session's answers when this visit began: a visit that answers nothing ends
        #: without a summary (even when it took up kept progress).
        self.answers_at_open = session.answers
        #: A note for the progress line (taken up, started over) and the answers count it
        #: was given at: it goes at the next answer.
        self.note: tuple[str, int] | None = None
        #: The stars and flags given here, written through the session's saver.
        self.marker = CardMarker(session.collection, session.saver)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield ProgressBar(total=100, show_eta=False, id="learn-bar")
        with VerticalScroll(id="card"):
            yield CardMarkdown(id="question")
            yield CardMarkdown(id="answer")
            yield CardNote(id="card-note")
        yield OptionList(id="choices")
        yield Input(placeholder="Type the answer, then enter", id="written")
        yield Static(id="feedback")
        yield AnswerDiffView(id="answer-diff")
        yield Static(id="prompt")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Learn"
        self.sub_title = self.session.scope.label
        self.show()
        self.tell_resumed()

    def tell_resumed(self) -> None:
        """Say that the session took up kept progress (or why it could not)."""
        session = self.session
        if session.resume_problem is not None:
            self.notify(
                f"{session.resume_problem.capitalize()}; starting afresh.", severity="warning"
            )
        if session.resumed_from is None:
            return
        saved = session.collection.clock.now() - session.resumed_from
        ago = spoken_ago(round(saved.total_seconds() * 1000))
        self.tell(f"resumed, saved {ago} · ^r starts over")

    def tell(self, note: str) -> None:
        """Say ``note`` on the progress line (not over the card) until the next answer."""
        self.note = (note, self.session.answers)
        self.show()

    # --- drawing ---------------------------------------------------------------------------

    def show(self) -> None:
        """Draw the session's state: a question, its feedback, or the end of a round."""
        session = self.session
        if session.done and session.feedback is None:
            self.finish()
            return
        total = max(1, len(session.cards))
        self.query_one("#learn-bar", ProgressBar).update(progress=session.progress * 100)
        if self.note is not None and session.answers > self.note[1]:
            self.note = None
        note = f" · {self.note[0]}" if self.note is not None else ""
        question = session.question
        marks = marks_shown(self.marker.marks(question.card.id)) if question else ""
        self.query_one("#progress", Static).update(
            f"Round {session.round_number} · {session.learned} of {total} learned{marks}{note}"
        )
        choices = self.query_one("#choices", OptionList)
        written = self.query_one("#written", Input)
        feedback = self.query_one("#feedback", Static)
        prompt = self.query_one("#prompt", Static)
        markdown = self.query_one("#question", Markdown)
        if question is None:  # the round is over
            markdown.update(self._round_text())
            self.query_one("#answer", Markdown).display = False
            self.query_one("#card-note", CardNote).show_note()
            choices.display = written.display = feedback.display = False
            self._show_diff(None)  # the last answer's comparison belongs to its question
            prompt.update("Press enter for the next round.")
            self.set_focus(None)
            self.refresh_bindings()
            return
        answered = session.feedback is not None
        markdown.update(safe_markdown(question.prompt))
        answer = self.query_one("#answer", Markdown)  # once answered, the card's whole answer
        if answered:  # (hidden until then: what it held is not rebuilt just to be cleared)
            answer.update(answer_of(question.card))
        answer.display = answered
        # the note says how the card departs from its source: only once it is answered
        self.query_one("#card-note", CardNote).show_note(*([question.card] if answered else []))
        # once answered, the feedback names the answer (and the pick): the card gets the room
        choices.display = question.kind == "choice" and not answered
        written.display = question.kind == "written"
        feedback.display = answered
        self._show_diff(session.feedback)
        if question.kind == "choice" and question.choice is not None and not answered:
            choices.clear_options()
            choices.add_options(
                Option(numbered(number, text))
                for number, text in enumerate(question.choice.options, start=1)
            )
            choices.highlighted = 0
            choices.disabled = False
            choices.focus()
            prompt.update("Pick the answer: 1–4, or arrows and enter.")
        elif question.kind == "written" and not answered:
            written.value = ""
            written.disabled = False
            written.focus()
            prompt.update(self._written_prompt(question.card))
        elif question.kind == "reveal" and not answered:
            self.set_focus(None)
            prompt.update("Recall the answer, then press space to show it and rate yourself.")
        if session.feedback is not None:
            choices.disabled = True
            written.disabled = True
            self.set_focus(None)
            feedback.update(self._feedback_text(session.feedback))
            prompt.update(
                f"How well did you know it?   {RATING_SCALE}"
                if session.needs_rating
                else "Press enter to go on."
            )
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @staticmethod
    def _written_prompt(card: CardView) -> str:
        """What to type: the hidden parts of a cloze with several, separated by commas."""
        numeric = numeric_prompt(card)
        if numeric is not None:
            return numeric
        blanks = len(cloze_words(card))
        if blanks > 1:
            return f"Type the {blanks} hidden parts, in order, separated by commas."
        return "Type the answer (typos don't count); enter with nothing typed: don't know."

    def _show_diff(self, feedback: Feedback | None) -> None:
        """Under a written answer graded wrong, what was typed against what was expected."""
        wrong = feedback is not None and feedback.kind == "written" and not feedback.correct
        wrong = wrong and not self._numeric()  # a number is right or wrong by value, not by letter
        diff_view = self.query_one("#answer-diff", AnswerDiffView)
        if feedback is not None and wrong and feedback.given.strip():
            diff_view.show_diff(answer_diff(feedback.given, feedback.right_answer))
        else:
            diff_view.show_diff(None)

    def _numeric(self) -> bool:
        """Whether the question asked is a drawn numeric card."""
        question = self.session.question
        return question is not None and question.card.drawn is not None

    def _feedback_text(self, feedback: Feedback) -> Content:
        if feedback.kind == "reveal":
            return Content("The answer is shown above.")
        if feedback.kind == "written" and not feedback.correct and not self._numeric():
            return Content.assemble(
                Content.styled("✗ Not quite", "bold $error"),
                " · press o if you were right after all",
            )
        if feedback.correct:
            grade = feedback.grade
            note = " (with a small typo)" if grade is not None and grade.typo else ""
            head = Content.styled(f"✓ Correct{note}", "bold $success")
            if grade is not None and (not grade.exact or grade.matched != feedback.right_answer):
                return Content.assemble(head, "\nThe answer: ", plain(feedback.right_answer))
            return head
        lines = [Content.styled("✗ Not quite", "bold $error"), Content("\nThe answer: ")]
        lines.append(plain(feedback.right_answer, "bold"))
        if feedback.given:
            given = typed_number_shown(feedback.given) if self._numeric() else feedback.given
            lines += [Content("\nYou answered: "), plain(given)]
        return Content.assemble(*lines)

    def _round_text(self) -> str:
        session = self.session
        return (
            f"**Round {session.round_number} done**: {session.round_correct} of "
            f"{len(session.round_cards)} answered right.\n\n"
            f"{session.learned} of {len(session.cards)} cards learned so far."
        )

    # --- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that apply now."""
        session = self.session
        question, feedback = session.question, session.feedback
        if action == "choose":
            choosing = question is not None and question.kind == "choice" and feedback is None
            if choosing and question is not None and question.choice is not None:
                return int(str(parameters[0])) < len(question.choice.options)
            return False
        if action == "rate":
            return session.needs_rating
        if action == "override":  # not for "don't know", nor a computed number
            return session.can_override()
        revealing = question is not None and question.kind == "reveal" and feedback is None
        if action == "reveal":
            return revealing
        if action == "go_on":
            return (feedback is not None and not session.needs_rating) or question is None
        if action in ("star", "flag"):
            return question is not None
        if action == "run_demo":  # once answered, so the keys never land in the answer field
            return feedback is not None and question is not None and bool(demo_of(question.card))
        return True

    def action_star(self) -> None:
        """Star the card asked, or unstar it (the ★ on the progress line says which)."""
        if self.session.question is not None:
            self.marker.toggle_star(self.session.question.card.id)
            self.show()

    def action_flag(self) -> None:
        """Choose the flag of the card asked (a dialog of the colours)."""
        question = self.session.question
        if question is None:
            return
        card_id = question.card.id

        def chosen(flag: int) -> None:
            self.marker.set_flag(card_id, flag)
            self.show()

        choose_flag(self, self.marker.marks(card_id).flag_colour, chosen)

    def action_choose(self, index: int) -> None:
        """Answer the multiple-choice question with option ``index`` (0-based)."""
        self.session.answer_choice(index)
        self.show()

    def action_rate(self, key: int) -> None:
        """Rate the answered card with the rating the key pressed (1–5) stands for."""
        self.session.rate(Rating.of(key))
        self.session.advance()
        self.show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.session.feedback is None and self.session.question is not None:
            self.session.answer_choice(event.option_index)
            self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session.feedback is None:  # nothing typed: "don't know", the answer shown
            self.session.answer_written(event.value)
            self.show()

    def action_override(self) -> None:
        self.session.override()
        self.show()

    def action_reveal(self) -> None:
        """Show the answer of a card asked as "recall, reveal, rate yourself"."""
        self.session.reveal()
        self.show()

    def action_go_on(self) -> None:
        session = self.session
        if session.question is None:
            session.next_round()
        else:
            session.advance()
        self.show()

    def action_run_demo(self) -> None:
        if self.session.question is not None:
            open_card_demo(self, self.session.question.card)

    def action_help(self) -> None:
        question = self.session.question
        keys = [*self.BINDINGS, VIM_HELP, CARD_SCROLL_HELP]
        if question is None or demo_of(question.card) is None:  # no experiment to run here
            keys = [key for key in keys if not isinstance(key, Binding) or key.action != "run_demo"]
        self.app.push_screen(HelpScreen("learn", keys))

    def action_start_over(self) -> None:
        """Ask, then learn the scope afresh (the kept progress is forgotten)."""
        session = self.session

        def chosen(answer: str | None) -> None:
            if answer == "over":
                self.session = session.start_over()
                self.answers_at_open = 0
                self.tell("started over: every card is back at the start")

        ask(self.app, StartOverDialog(session.learned, len(session.cards)), chosen)

    def action_leave(self) -> None:
        self.finish()

    def finish(self) -> None:
        """End the session with its summary (none when this visit answered nothing)."""
        summary = self.session.summary()
        if summary.answers == self.answers_at_open:
            self.dismiss()
            return
        self.app.switch_screen(LearnSummaryScreen(summary, self.session))


class LearnSummaryScreen(SummaryDialog[None]):
    """What the learn session did."""

    HELP_TITLE = "summary of the learn session"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,space,q",
            "close",
            "Back",
            tooltip="Back to decks (the keys wait a moment after the summary opens)",
            id="learn-summary.close",
        ),
        Binding("s", "stats", "Stats", id="learn-summary.stats"),
    ]

    def __init__(self, summary: LearnSummary, session: LearnSession) -> None:
        super().__init__()
        self.summary = summary
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.summary
        title = "All cards learned!" if s.learned == s.cards else "Learn session over"
        share = f"{100 * s.correct / s.answers:.0f}%" if s.answers else "–"
        ratings = (
            "   ".join(f"{rating}: {count}" for rating, count in s.ratings.items())
            if any(s.ratings.values())
            else "none yet (you rate yourself after written answers)"
        )
        parts = [
            Content.styled(f"{title} · {self.session.scope.label}\n\n", "bold"),
            Content(
                f"Learned         {s.learned} of {s.cards}\n"
                f"Answers         {s.answers} ({s.correct} right, {share})\n"
                f"Rounds          {s.rounds}\n"
                f"Time            {spoken_duration(round(s.seconds * 1000))}\n"
                f"Your ratings    {ratings}"
            ),
        ]
        if s.learned < s.cards:
            parts.append(Content("\n\nYour progress is kept: learn these cards again to go on."))
        if s.hardest:
            by_id = self.session.by_id
            parts.append(Content("\n\nMissed most:"))
            for card_id in s.hardest:
                parts.append(Content("\n  · "))
                parts.append(plain(one_line(question_line(by_id[card_id].question), 60)))
        yield Static(Content.assemble(*parts), id="summary-box")
        yield StableFooter()

    def action_stats(self) -> None:
        scope = self.session.scope
        self.study_app.when_saved(lambda: self.app.push_screen(StatsScreen(scope)))

    def action_close(self) -> None:
        self.study_app.when_saved(self.dismiss)
