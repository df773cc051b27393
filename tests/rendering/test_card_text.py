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


def test_a_numeric_cards_placeholders_read_as_an_ellipsis_in_a_list() -> None:
    question = "ExponentialLR(gamma={gamma}) starts at lr₀ = {lr0}: the lr after {step} steps?"
    assert (
        question_line(question) == "ExponentialLR(gamma=…) starts at lr₀ = …: the lr after … steps?"
    )
    # a formula's braces are converted before, never taken for placeholders
    assert (
        question_line(r"Why divide by $\sqrt{\hat v_t}$ at step {t}?")
        == "Why divide by √v̂ₜ at step …?"
    )
