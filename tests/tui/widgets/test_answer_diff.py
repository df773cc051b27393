"""Drawing a typed answer against the expected one: colours, strike, underline, text as text."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.content import Content

from studyapp.modes.answer_diff import answer_diff
from studyapp.tui.widgets.answer_diff import AnswerDiffView, diff_content


def _styled(content: Content, cue: str) -> list[str]:
    return [content.plain[s.start : s.end] for s in content.spans if cue in str(s.style)]


def test_wrong_characters_are_struck_and_missing_ones_underlined() -> None:
    content = diff_content(answer_diff("momentom", "Momentum"))
    assert content.plain == "You typed  momentom\nExpected   Momentum"
    assert _styled(content, "strike") == ["o"]
    assert _styled(content, "underline") == ["u"]
    assert _styled(content, "$text-success") == ["moment", "m", "Moment", "m"]


def test_card_text_is_shown_as_text() -> None:
    content = diff_content(answer_diff("[bold]x\x1b[31m", "[b]y"))
    assert content.plain == "You typed  [bold]x[31m\nExpected   [b]y"
    assert "\x1b" not in content.plain


def test_nothing_typed_says_so() -> None:
    assert diff_content(answer_diff("", "Adam")).plain == "You typed  (nothing)\nExpected   Adam"


def test_the_view_hides_without_a_diff() -> None:
    class Shown(App[None]):
        def compose(self) -> ComposeResult:
            yield AnswerDiffView()

    async def run() -> None:
        app = Shown()
        async with app.run_test(size=(60, 10)):
            view = app.query_one(AnswerDiffView)
            view.show_diff(None)
            assert not view.display
            view.show_diff(answer_diff("adma", "Adam"))
            assert view.display
            assert isinstance(view.content, Content)
            assert view.content.plain == "You typed  adma\nExpected   Adam"

    asyncio.run(run())
