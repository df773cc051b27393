"""A card's detail: the card as study shows it, every field, where it lives, its schedule and
marks, its whole history (a table of ratings, one of answers) and a chart; ``e`` edits it.

A card from a deck file is edited in that file: the TUI steps aside for the user's editor
(:mod:`studyapp.tui.editor`), opened at the card's line, and the file is imported again when
the editor closes, under the usual rules (a file with errors shows them here and imports
nothing). A card with no file to edit (a bundled deck's, an export's, a package's) is edited
in a form (:class:`CardEditScreen`), kept apart from its source's later imports.

The screen closes with whether the card was changed, so a study screen can show it anew.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, Markdown, Static, TextArea

from studyapp.clock import zone_of
from studyapp.decks.card_edit import CardEditError
from studyapp.decks.errors import DeckError
from studyapp.store.database import StoreError
from studyapp.terminal_text import terminal_safe
from studyapp.tui.card_detail_text import (
    answers_table,
    fields_text,
    history_chart,
    reviews_table,
    state_text,
)
from studyapp.tui.editor import EditorError, editor_command, run_editor
from studyapp.tui.screens.base import VIM_BINDINGS, VIM_HELP, StudyDialog, StudyScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.drawing import Drawing
from studyapp.tui.widgets.footer import StableFooter
from studyapp.tui.widgets.text import CardNote, answer_of, plain, question_of

if TYPE_CHECKING:
    from studyapp.store.card_history import CardDetail

#: Said when a card comes back from the editor retired (no card of its id in the file now).
NEW_CARD_NOTE = (
    "This card is no longer in the file, so it is retired (its history kept). If you changed "
    "its question: a card without an id:: line takes its id from its question, so the new "
    "question is a new card, with no history. To change a question and keep the history, give "
    "the card an id:: line first."
)


class CardDetailScreen(StudyScreen[bool]):
    """One card in full; closes with whether the card was changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e",
            "edit",
            "Edit",
            id="detail.edit",
            tooltip="Edit the card: in your editor at its line when its deck is a file of "
            "yours (imported again when you close it), else in a form",
        ),
        Binding("question_mark", "help", "Help", id="detail.help"),
        Binding("escape,q", "leave", "Back", id="detail.back"),
        *VIM_BINDINGS,
    ]

    def __init__(self, card_id: int) -> None:
        super().__init__()
        self.card_id = card_id
        #: Whether the card was changed here (the screen closes with it).
        self.changed = False
        self.detail: CardDetail | None = None

    def compose(self) -> ComposeResult:
        # read before the chart exists, so that its first drawing (when it gets its width)
        # has the card's history
        self.detail = self.collection.card_detail(self.card_id)
        yield Header()
        with VerticalScroll(id="card"):
            yield Static(id="detail-problems")
            yield CardMarkdown(id="question")
            yield CardMarkdown(id="answer")
            yield CardNote(id="card-note")
            yield Static(id="detail-fields", classes="detail-part")
            yield Static(id="detail-state", classes="detail-part")
            yield Label("Ratings", classes="detail-heading")
            yield Static(id="detail-reviews")
            yield Label("Answers in learn, test and matching", classes="detail-heading")
            yield Static(id="detail-answers")
            yield Drawing(self.draw_chart, id="detail-chart", classes="detail-part")
        yield StableFooter()

    def on_mount(self) -> None:
        self.title = "Card"
        self.query_one("#detail-problems", Static).display = False
        self.show_detail(read=False)

    def show_detail(self, *, read: bool = True) -> None:
        """Draw all of the card, read from the store again (``read``) or as last read."""
        detail = self.collection.card_detail(self.card_id) if read else self.detail
        assert detail is not None
        self.detail = detail
        zone = zone_of(self.collection.clock)
        self.sub_title = f"deck {detail.origin.deck}"
        self.query_one("#question", Markdown).update(question_of(detail.card))
        self.query_one("#answer", Markdown).update(answer_of(detail.card))
        self.query_one("#card-note", CardNote).show_note(detail.card)
        self.query_one("#detail-fields", Static).update(fields_text(detail, zone))
        self.query_one("#detail-state", Static).update(state_text(detail, self.collection.today()))
        self.query_one("#detail-reviews", Static).update(reviews_table(detail, zone))
        self.query_one("#detail-answers", Static).update(answers_table(detail, zone))
        chart = self.query_one("#detail-chart", Drawing)
        if chart.content_size.width > 0:
            chart.update(self.draw_chart(chart.content_size.width))

    def draw_chart(self, width: int) -> Text:
        """The interval and ease chart for ``width`` columns."""
        return history_chart(self.detail, width) if self.detail else Text()

    def show_problems(self, text: str) -> None:
        """Say, above the card, what went wrong with the last edit (empty: nothing)."""
        problems = self.query_one("#detail-problems", Static)
        problems.update(plain(text))
        problems.display = bool(text)
        if text:
            self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def action_edit(self) -> None:
        """Edit the card where it lives: its deck file in the editor, else the form."""
        detail = self.detail
        if detail is None:
            return
        if detail.in_file and detail.origin.path is not None:
            self.edit_in_file(Path(detail.origin.path), detail.line)
        else:
            self.app.push_screen(CardEditScreen(detail), self.after_form)

    def edit_in_file(self, path: Path, line: int | None) -> None:
        """Open the deck file in the user's editor (the TUI suspended meanwhile), then import
        it again; errors in it are shown here and nothing of it is imported."""
        if not path.is_file():
            self.notify(
                f"{path} is gone: import the deck's file again, or adopt the deck into a new "
                "file (studyapp deck adopt)",
                severity="error",
            )
            return
        try:
            command = editor_command(os.environ, path, line)
            with self._terminal_for_the_editor():
                status = run_editor(command)
        except EditorError as error:
            self.notify(str(error), severity="error")
            return
        except SuspendNotSupported:
            self.notify("This terminal cannot hand itself to an editor.", severity="error")
            return
        if isinstance(status, EditorError):
            self.notify(str(status), severity="error")
            return
        self.refresh(layout=True)
        if status != 0:
            self.notify(f"The editor ended with status {status}: nothing was imported.")
            return
        self.import_edited_file(path)

    def _terminal_for_the_editor(self) -> AbstractContextManager[object]:
        """The app suspended while the editor runs; a headless app (tests) has no terminal to
        hand over."""
        return nullcontext() if self.app.is_headless else self.app.suspend()

    def import_edited_file(self, path: Path) -> None:
        """Import the edited deck file and show the card as it is now."""
        try:
            report = self.collection.import_file(path)
        except DeckError as error:
            self.show_problems(f"Nothing was imported: the file has errors.\n{error}")
            self.notify("The file has errors: nothing was imported.", severity="error")
            return
        except StoreError as error:
            self.notify(f"Nothing was imported: {error}", severity="error")
            return
        self.changed = self.changed or bool(report.added or report.updated or report.retired)
        self.show_detail()
        assert self.detail is not None
        retired = self.detail.retired_at is not None
        self.show_problems(NEW_CARD_NOTE if retired else "")
        self.notify(
            f"Imported {path.name}: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.retired} retired."
        )

    def after_form(self, saved: bool | None) -> None:
        """Back from the form: show the card as saved."""
        if saved:
            self.changed = True
            self.show_problems("")
            self.show_detail()
            self.notify("Card saved; its history is kept.")

    def action_help(self) -> None:
        keys = [
            Binding("up,down,pageup,pagedown", "scroll", "Scroll through the card"),
            VIM_HELP,
            *self.BINDINGS,
        ]
        self.app.push_screen(HelpScreen("a card's detail", keys))

    def action_leave(self) -> None:
        self.dismiss(self.changed)


class CardEditScreen(StudyDialog[bool]):
    """A card's fields in a form, checked as a deck file's card is; ctrl+s saves (the card
    keeps its history), esc leaves it unchanged. Closes with whether it was saved."""

    HELP_TITLE = "editing a card"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="edit.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
        # ? is typed into the fields: help is f1 here
        Binding("f1", "help", "Help", id="edit.help"),
    ]
    #: The one-line fields: (field, label, how a list is separated or None for text).
    LINE_FIELDS: ClassVar[tuple[tuple[str, str, str | None], ...]] = (
        ("short", "Short answer (typed answers are graded against it)", None),
        ("accepted", "Other accepted answers, separated by ;", ";"),
        ("tags", "Tags, separated by spaces or commas", ","),
        ("distractors", "Wrong choices for multiple choice, separated by ;", ";"),
        ("source", "Source", None),
    )

    def __init__(self, detail: CardDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        card = self.detail.card
        values = {
            "short": card.short or "",
            "accepted": "; ".join(card.accepted),
            "tags": ", ".join(card.tags),
            "distractors": "; ".join(card.distractors),
            "source": self.detail.origin.source or "",
        }
        with Vertical(id="edit-box"):
            yield Static(
                plain(
                    f"Edit the card · deck {self.detail.origin.deck} · ctrl+s saves, esc cancels"
                ),
                id="edit-title",
            )
            yield Static(id="edit-problems")
            with VerticalScroll(id="edit-fields"):
                yield Label("Question")
                yield Input(editable(card.question), id="edit-question", select_on_focus=False)
                yield Label("Answer (Markdown)")
                yield TextArea(editable(card.answer), id="edit-answer", soft_wrap=True)
                for name, label, _ in self.LINE_FIELDS:
                    yield Label(label)
                    yield Input(editable(values[name]), id=f"edit-{name}", select_on_focus=False)
                yield Label("Note (where and why the card departs from its source)")
                yield TextArea(editable(card.note or ""), id="edit-note", soft_wrap=True)
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#edit-problems", Static).display = False
        self.query_one("#edit-question", Input).focus()

    def changes(self) -> dict[str, object]:
        """The form's fields as the card's new values (an empty field clears it)."""
        changes: dict[str, object] = {
            "question": self.query_one("#edit-question", Input).value,
            "answer": self.query_one("#edit-answer", TextArea).text,
            "note": self.query_one("#edit-note", TextArea).text.strip() or None,
        }
        for name, _, separator in self.LINE_FIELDS:
            value = self.query_one(f"#edit-{name}", Input).value.strip()
            if separator is None:
                changes[name] = value or None
            elif name == "tags":
                changes[name] = value.replace(",", " ").split()
            else:
                changes[name] = [item.strip() for item in value.split(separator) if item.strip()]
        return changes

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Save the card, or show what is wrong with it (nothing saved)."""
        try:
            saved = self.collection.edit_card(self.detail.card.id, self.changes())
        except CardEditError as error:
            problems = self.query_one("#edit-problems", Static)
            problems.update(plain("Not saved: " + "; ".join(error.messages)))
            problems.display = True
            return
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error")
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.HELP_TITLE, list(self.BINDINGS)))


def editable(text: str) -> str:
    """Card text to put in a field: as stored (formulas as written), but without control
    characters, which a field would send to the terminal (so saving drops them)."""
    return terminal_safe(text)
