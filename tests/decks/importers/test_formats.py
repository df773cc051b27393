"""An export's format is told from its beginning, so a long one is told as fast as a short one."""

from __future__ import annotations

import gc
import importlib

import pytest

from studyapp.decks.errors import DeckError
from studyapp.decks.importers.formats import (
    SAMPLE_CHARACTERS,
    detect_format,
    read_other_app_export,
    sample,
)
from studyapp.decks.models import DeckSpec
from tests.fresh_process import run_fresh


def test_a_short_text_is_its_own_sample() -> None:
    assert sample("Q\tA\n") == "Q\tA\n"


def test_a_long_text_is_sampled_to_a_whole_line() -> None:
    text = "".join(f"What is term {n}?\tIts definition {n}\n" for n in range(20_000))
    beginning = sample(text)
    assert len(beginning) <= SAMPLE_CHARACTERS
    assert text.startswith(beginning)
    assert text[len(beginning)] == "\n"
    assert detect_format(text, "long.txt").name == "quizlet"


def test_a_long_line_without_an_end_is_cut_at_the_limit() -> None:
    assert sample("x" * (SAMPLE_CHARACTERS + 10)) == "x" * SAMPLE_CHARACTERS


def test_an_export_is_read_with_the_collector_paused_and_resumed_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    quizlet = importlib.import_module("studyapp.decks.importers.delimited")
    parse = quizlet.parse_quizlet

    def watched(text: str, path: str, **options: str) -> DeckSpec:
        seen.append(gc.isenabled())
        return parse(text, path, **options)

    monkeypatch.setattr(quizlet, "parse_quizlet", watched)
    assert gc.isenabled()
    deck, fmt = read_other_app_export(
        "What is SGD?\tA descent\nWhat is Adam?\tAn optimizer\n", "q.txt"
    )
    assert (fmt.name, len(deck.cards), seen, gc.isenabled()) == ("quizlet", 2, [False], True)
    with pytest.raises(DeckError):
        read_other_app_export("What is SGD?\t\n\tno term\n", "q.txt", "quizlet")
    assert (seen[1:], gc.isenabled()) == ([False], True)


def test_telling_a_format_loads_neither_pydantic_nor_the_models() -> None:
    code = (
        "from studyapp.decks.errors import DeckError\n"
        "from studyapp.decks.importers.formats import detect_format\n"
        "text = 'What is SGD?\\tA descent\\nWhat is Adam?\\tAn optimizer\\n'\n"
        "print(detect_format(text, 'q.txt').name)\n"
        "try:\n"
        "    detect_format('just a line of prose', 'p.txt')\n"
        "except DeckError:\n"
        "    print('unsure')\n"
    )
    heavy = ("pydantic", "studyapp.decks.models", "studyapp.decks.importers.html")
    assert run_fresh(code, heavy) == (["quizlet", "unsure"], [])
