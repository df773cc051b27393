"""A question in a list: plain, on one line, its cloze answers hidden."""

from __future__ import annotations

from studyapp.rendering.card_text import question_line


def test_markdown_markers_go_and_cloze_answers_stay_hidden() -> None:
    assert question_line("What does the **learning rate** control?") == (
        "What does the learning rate control?"
    )
    assert question_line(
        "{{Early stopping}} halts training when the {{validation::which}} loss rises"
    ) == ("[...] halts training when the [which] loss rises")
    assert question_line("Two lines:\n\n- `lr` first\n- then *decay*") == (
        "Two lines: lr first then decay"
    )


def test_formulas_read_as_unicode_in_a_list() -> None:
    assert question_line(r"What does Adam divide $\hat m_t$ by, at step $t$?") == (
        "What does Adam divide m̂ₜ by, at step t?"
    )
    assert question_line(r"Dropout scales by {{$\frac{1}{1-p}$::a factor}}") == (
        "Dropout scales by [a factor]"
    )
