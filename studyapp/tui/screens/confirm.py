"""Asking before anything is lost: a small dialog of a question and a few answers on keys.

Each dialog declares its answers as ``Binding``s to ``choose('<answer>')`` and closes with
that answer; esc always takes the answer that loses nothing (keep going, or back), closing
with None, so a stray key never discards work. The keys show in the dialog, in its footer and
in its ``?`` help.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from studyapp.rendering.words import counted
from studyapp.tui.screens.base import StudyDialog
from studyapp.tui.screens.help import HelpScreen, key_names
from studyapp.tui.widgets.footer import StableFooter

KEEP_GOING = Binding("escape", "keep_going", "Keep going", id="confirm.keep_going")
HELP = Binding("question_mark", "help", "Help", id="confirm.help")


def ask(app: App[Any], dialog: ConfirmDialog, answered: Callable[[str | None], None]) -> None:
    """Open ``dialog``, calling ``answered`` with its answer; toasts are cleared first, so
    none (a save, a resume) covers the question."""
    app.clear_notifications()
    app.push_screen(dialog, answered)


class ConfirmDialog(StudyDialog[str | None]):
    """A question and its answers, each on a key; closes with the answer chosen (esc: None)."""

    #: What the help screen calls the dialog.
    HELP_TITLE: ClassVar[str] = "question"
    BINDINGS: ClassVar[list[BindingType]] = [KEEP_GOING, HELP]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content.styled(self.title_text, "bold"), id="confirm-title")
            yield Static(Content(self.message), id="confirm-message")
            yield Static(self._answers_line(), id="confirm-keys")
        yield StableFooter()

    def _answers_line(self) -> Content:
        """Every answer with its key, one a line, as the dialog shows them under the question."""
        parts: list[Content] = []
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding) or binding.action == "help":
                continue
            if parts:
                parts.append(Content("\n"))
            keys = key_names(binding)
            parts += [Content.styled(keys, "bold $accent"), Content(f" {binding.description}")]
        return Content.assemble(*parts)

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)

    def action_keep_going(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP_TITLE, list(self.BINDINGS)))


class LeaveTestDialog(ConfirmDialog):
    """Leaving a test with answers given: keep going, save it for later, or leave it."""

    HELP_TITLE = "leave the test?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("s", "choose('later')", "Save and resume later", id="leave-test.later"),
        Binding("l", "choose('leave')", "Leave, answers not saved", id="leave-test.leave"),
        HELP,
    ]

    def __init__(self, answered: int) -> None:
        answers = "answer" if answered == 1 else "answers"
        super().__init__(
            "Leave the test?",
            f"Your {answered} {answers} will not be saved, unless you save the test to "
            "resume it later (open a test on the same decks).",
        )


class SubmitTestDialog(ConfirmDialog):
    """Submitting a test with questions unanswered: submit it, or keep going (to the first
    unanswered question)."""

    HELP_TITLE = "submit the test?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("s,enter", "choose('submit')", "Submit", id="submit-test.submit"),
        HELP,
    ]

    def __init__(self, unanswered: int) -> None:
        super().__init__(
            f"Submit with {unanswered} unanswered?",
            f"{counted(unanswered, 'question')} without an answer will count as wrong.",
        )


class LeaveMatchDialog(ConfirmDialog):
    """Leaving a game under way: keep going, or leave it (a game is not saved unfinished)."""

    HELP_TITLE = "leave the game?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("l", "choose('leave')", "Leave, game not saved", id="leave-match.leave"),
        HELP,
    ]

    def __init__(self, pairs: int) -> None:
        found = {0: "no pair yet", 1: "1 pair"}.get(pairs, f"{pairs} pairs")
        super().__init__(
            "Leave the game?", f"You have found {found}; an unfinished game is not saved."
        )


class ResumeTestDialog(ConfirmDialog):
    """An unfinished test on these decks: resume it, or start a new one (which forgets it)."""

    HELP_TITLE = "unfinished test"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,r", "choose('resume')", "Resume", id="resume-test.resume"),
        Binding("n", "choose('new')", "Start a new test", id="resume-test.new"),
        Binding("escape", "keep_going", "Back", id="resume-test.back"),
        HELP,
    ]

    def __init__(self, scope_label: str, progress: str) -> None:
        super().__init__(
            f"Unfinished test · {scope_label}",
            f"Resume it ({progress}), or start a new test (the unfinished one is forgotten)?",
        )


class StartOverDialog(ConfirmDialog):
    """Learning a scope afresh: every card back at the start."""

    HELP_TITLE = "start over?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("r", "choose('over')", "Start over", id="start-over.confirm"),
        HELP,
    ]

    def __init__(self, learned: int, cards: int) -> None:
        super().__init__(
            "Start over?",
            f"Every card goes back to the start ({learned} of {cards} learned now). Answers "
            "and ratings already given stay in your history.",
        )


class RemoveDeckDialog(ConfirmDialog):
    """Removing a deck from home: a backup of it is written first (``studyapp import`` restores
    it)."""

    HELP_TITLE = "remove the deck?"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep_going", "Keep the deck", id="remove-deck.keep"),
        Binding("y", "choose('remove')", "Remove it (backup first)", id="remove-deck.confirm"),
        HELP,
    ]

    def __init__(self, title: str, cards: int, reviews: int, folder: str) -> None:
        super().__init__(
            f"Remove deck {title}?",
            f"Its {counted(cards, 'card')} and {counted(reviews, 'review')} go. A backup is "
            f"written to {folder} first: studyapp import brings it back.",
        )
