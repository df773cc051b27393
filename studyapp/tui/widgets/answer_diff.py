"""A typed answer compared with the expected one, drawn character by character.

The comparison is made in the core (:func:`studyapp.modes.answer_diff.answer_diff`); this
widget only draws it: right characters in the success colour, wrong typed ones in the error
colour and struck through, expected characters that were missing in the warning colour and
underlined. The strike and the underline carry the meaning where colours don't (either theme,
a monochrome terminal). Card text is shown as text, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Static

from studyapp.modes.answer_diff import AnswerDiff, PartKind
from studyapp.tui.widgets.text import plain

#: How each kind of character is drawn: a colour and a cue that needs none.
PART_STYLES: dict[PartKind, str] = {
    "right": "$text-success",
    "wrong": "bold $text-error strike",
    "missing": "bold $text-warning underline",
}


def diff_content(diff: AnswerDiff) -> Content:
    """The two lines of a comparison: what was typed, then what was expected."""
    typed = [plain(part.text, PART_STYLES[part.kind]) for part in diff.typed]
    expected = [plain(part.text, PART_STYLES[part.kind]) for part in diff.expected]
    return Content.assemble(
        Content.styled("You typed  ", "dim"),
        *(typed or [Content.styled("(nothing)", "dim")]),
        "\n",
        Content.styled("Expected   ", "dim"),
        *expected,
    )


class AnswerDiffView(Static):
    """The comparison of a typed answer with the expected one (hidden when there is none)."""

    DEFAULT_CSS: ClassVar[str] = """
    AnswerDiffView {
        height: auto;
    }
    """

    def show_diff(self, diff: AnswerDiff | None) -> None:
        """Draw ``diff``, or hide the widget when None."""
        self.display = diff is not None
        if diff is not None:
            self.update(diff_content(diff))
