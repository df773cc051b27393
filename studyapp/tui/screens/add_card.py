"""Adding a card to a deck: a form checked as a deck file's card is, saved where the deck lives.

The fields are read into a :class:`~studyapp.decks.models.CardSpec`, so the form refuses what
a deck file would (an empty answer, a cloze card without a blank, a tag with a space), each
problem named under the form. Saving asks the collection to add the card: appended to the
deck's file and imported again, or stored for a deck with no file; a file that refuses the
card is named with what is wrong, and nothing changes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from studyapp.decks.errors import DeckError
from studyapp.decks.new_card import NewCardError, new_card, split_tags
from studyapp.tui.screens.base import StudyScreen
from studyapp.tui.screens.confirm import HELP, KEEP_GOING, ConfirmDialog, ask
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.footer import StableFooter

#: The card types the form offers (a numeric card needs a calculator: write it in its file).
FORM_CARD_TYPES = (
    ("Basic", "basic"),
    ("Cloze (fill the {{blank}})", "cloze"),
    ("Reversible", "reversible"),
)


class AddCardScreen(StudyScreen[str | None]):
    """A form for one new card of a deck; closes with the added card's id, or None (esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="add.save", priority=True),
        Binding("escape", "cancel", "Back", id="add.cancel", tooltip="Back, adding nothing"),
        Binding(
            "question_mark,f1", "help", "Help", id="add.help", tooltip="These keys (f1 in a field)"
        ),
    ]

    def __init__(self, deck: str, title: str | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.deck_title = title or deck

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="add-form"):
            yield Label("Question", classes="add-label")
            yield Input(id="add-question", placeholder="The front of the card (one line)")
            yield Label("Answer", classes="add-label")
            yield TextArea(id="add-answer", soft_wrap=True, show_line_numbers=False)
            yield Label(
                "Short answer (optional: what a typed answer is graded against)",
                classes="add-label",
            )
            yield Input(id="add-short")
            yield Label("Tags (optional, separated by spaces or commas)", classes="add-label")
            yield Input(id="add-tags")
            yield Label("Type", classes="add-label")
            yield Select(FORM_CARD_TYPES, value="basic", allow_blank=False, id="add-type")
            yield Static("", id="add-errors")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Add a card"
        self.sub_title = self.deck_title
        self.query_one("#add-question", Input).focus()

    def action_save(self) -> None:
        """Check the card and add it to the deck; say what is wrong instead, if anything."""
        from studyapp.store.errors import StoreError

        try:
            card = new_card(
                self.query_one("#add-question", Input).value,
                self.query_one("#add-answer", TextArea).text,
                short=self.query_one("#add-short", Input).value,
                tags=split_tags(self.query_one("#add-tags", Input).value),
                card_type=str(self.query_one("#add-type", Select).value),
            )
        except NewCardError as error:
            self.show_errors(error.problems)
            return
        try:
            added = self.collection.add_card(self.deck, card)
        except DeckError as error:
            self.show_errors([str(problem) for problem in error.problems])
            return
        except (StoreError, OSError, LookupError) as error:
            self.show_errors([str(error)])
            return
        where = f"{added.path}" if added.path else f"deck {self.deck_title} (it has no deck file)"
        self.app.notify(f"Card added to {where}.", title="Added")
        self.dismiss(added.key)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field goes on to the next field (ctrl+s saves)."""
        event.stop()
        self.focus_next()

    def show_errors(self, messages: list[str]) -> None:
        """Show what stops the card from being added, one problem a line (as text)."""
        errors = self.query_one("#add-errors", Static)
        errors.update(Content("\n".join(messages)))
        self.query_one("#add-form", VerticalScroll).scroll_end(animate=False)

    def action_cancel(self) -> None:
        """Go back; with something typed, first ask whether to add the card, drop it, or stay."""
        typed = [
            self.query_one("#add-question", Input).value,
            self.query_one("#add-answer", TextArea).text,
            self.query_one("#add-short", Input).value,
            self.query_one("#add-tags", Input).value,
        ]
        if not any(text.strip() for text in typed):
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self.dismiss(None)

        ask(self.app, LeaveAddCardDialog(), answered)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("add a card", list(self.BINDINGS)))


class LeaveAddCardDialog(ConfirmDialog):
    """Leaving the add form with something typed: keep typing, add the card, or drop it."""

    HELP_TITLE = "leave without adding?"
    BINDINGS: ClassVar[list[BindingType]] = [
        KEEP_GOING,
        Binding("s", "choose('save')", "Add the card", id="leave-add.save"),
        Binding("d", "choose('discard')", "Leave, adding nothing", id="leave-add.discard"),
        HELP,
    ]

    def __init__(self) -> None:
        super().__init__("Leave without adding?", "The card you typed is not added yet.")
