"""``studyapp cards``: the table, --json, sorting and limits, negated terms as arguments, bad
queries, hostile text and a closed pipe."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

from studyapp.cli import main
from studyapp.clock import FixedClock
from tests.cli.conftest import DECK, HOSTILE, HOSTILE_DECK, Terminal, run
from tests.conftest import WriteDeck

MORE = """---
id: regularization
title: Regularization
---
## What does weight decay add to the loss?
An L2 penalty on the weights.

tags:: regularization

## What does dropout do at test time?
Nothing: every unit is kept, scaled.

tags:: regularization, dropout
"""


@pytest.fixture
def imported(db: str, clock: FixedClock, write_deck: WriteDeck) -> str:
    """The store with the momentum/RMSProp deck and the regularization deck."""
    assert run(["import", str(write_deck("optimizers.md", DECK))], db, clock)[0] == 0
    assert run(["import", str(write_deck("regularization.md", MORE))], db, clock)[0] == 0
    return db


def questions(out: str) -> list[str]:
    """The QUESTION column of a table, row by row."""
    header, *rows = out.splitlines()
    start = header.index("QUESTION")
    return [row[start:] for row in rows]


def test_every_card_without_a_query(imported: str, clock: FixedClock) -> None:
    code, out, err = run(["cards", "--sort", "card"], imported, clock)
    assert (code, err) == (0, "")
    header = out.splitlines()[0].split()
    assert header == [
        *("CARD", "DECK", "STATE", "DUE", "IVL", "EASE", "LAPSES", "REVIEWS", "RATING"),
        *("MARKS", "TAGS", "QUESTION"),
    ]
    assert questions(out) == [
        "What does momentum add to SGD?",
        "In [...], the step shrinks along steep dimensions.",  # a cloze blank stays hidden
        "What does weight decay add to the loss?",
        "What does dropout do at test time?",
    ]
    first = out.splitlines()[1].split()
    assert first[:6] == ["1", "optimizers", "new", "0", "2.50", "0"]


def test_words_over_several_arguments_and_a_negated_term(imported: str, clock: FixedClock) -> None:
    code, out, _ = run(
        ["cards", "what", "does", "-tag:dropout", "--sort", "question"], imported, clock
    )
    assert code == 0
    assert questions(out) == [
        "What does momentum add to SGD?",
        "What does weight decay add to the loss?",
    ]
    assert questions(run(["cards", "-deck:optimizers", "-dropout"], imported, clock)[1]) == [
        "What does weight decay add to the loss?"
    ]


def test_sort_descending_and_limit(imported: str, clock: FixedClock) -> None:
    code, out, err = run(["cards", "--sort", "question", "--desc", "--limit", "2"], imported, clock)
    assert code == 0
    assert questions(out) == [
        "What does weight decay add to the loss?",
        "What does momentum add to SGD?",
    ]
    assert err == "studyapp: 2 of 4 cards listed (--limit N for more)\n"
    assert len(questions(run(["cards", "--limit", "0"], imported, clock)[1])) == 4


def test_json_is_a_list_of_objects(imported: str, clock: FixedClock) -> None:
    code, out, err = run(["cards", "momentum", "--json"], imported, clock)
    assert (code, err) == (0, "")
    [card] = json.loads(out)
    ref = card.pop("ref")
    assert ref.startswith("optimizers/")  # the card's name in its deck, as studyapp card takes
    assert card == {
        "id": 1,
        "deck": "optimizers",
        "deck_title": "Optimizers",
        "question": "What does momentum add to SGD?",
        "tags": ["optimizers", "momentum"],
        "state": "new",
        "due": None,
        "interval": 0,
        "ease": 2.5,
        "lapses": 0,
        "reviews": 0,
        "last_rating": None,
        "starred": False,
        "flag": 0,
    }
    assert json.loads(run(["cards", "nothing-like-this", "--json"], imported, clock)[1]) == []
    assert run(["card", "star", ref], imported, clock)[0] == 0
    assert json.loads(run(["cards", "is:starred", "--json"], imported, clock)[1])[0]["id"] == 1


def test_nothing_found(imported: str, clock: FixedClock) -> None:
    assert run(["cards", '"momentum dropout"'], imported, clock) == (0, "No card matches.\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["colour:red"], "studyapp: cannot search 'colour:red': unknown search key \"colour:\""),
        (["is:hard"], "studyapp: cannot search 'is:hard': unknown \"is:hard\" (allowed: due,"),
        (["prop:ease<<2"], 'prop:ease is compared with a number, not "<2" (at column 11)'),
    ],
)
def test_a_bad_query_is_one_line_and_exit_2(
    imported: str, clock: FixedClock, args: list[str], message: str
) -> None:
    code, out, err = run(["cards", *args], imported, clock)
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_bad_options_are_argparse_errors(
    imported: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (["--sort", "colour"], ["--limit", "-1"], ["--limit", "x"]):
        with pytest.raises(SystemExit) as exited:
            run(["cards", *args], imported, clock)
        assert exited.value.code == 2, args
        assert "studyapp cards: error:" in capsys.readouterr().err


def test_a_terminal_gets_a_bold_header_and_every_row_fits(
    imported: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    terminal = Terminal()
    assert (
        main(["--db", imported, "cards"], clock=clock, stdout=terminal, stderr=io.StringIO()) == 0
    )
    lines = terminal.getvalue().splitlines()
    assert "\x1b[1m" in lines[0]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    assert all(len(line) <= 80 for line in plain), plain
    header = plain[0].split()  # the least needed columns left out, to leave the question room
    assert header[:3] == ["CARD", "DECK", "STATE"]
    assert header[-1] == "QUESTION"
    assert "TAGS" not in header
    assert plain[1].endswith("What does momentum add to SGD?")


def test_hostile_card_text_is_sanitised(db: str, clock: FixedClock, write_deck: WriteDeck) -> None:
    run(["import", str(write_deck("hostile.yaml", HOSTILE_DECK))], db, clock)
    for args in (["cards"], ["cards", "--json"]):
        code, out, _ = run(args, db, clock)
        assert code == 0
        assert "Question" in out
        assert not any(char in out for char in "\x1b\x07\x9b\u202e"), repr(out)
    assert HOSTILE not in run(["cards", "question"], db, clock)[1]


def test_a_closed_pipe_ends_quietly(imported: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--db", imported, "cards", "--limit", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        assert process.stderr.read() == b""
        assert process.wait() == 0
