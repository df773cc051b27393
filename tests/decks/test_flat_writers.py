"""Flat writers: JSON keeps card text exactly; CSV cells never start a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.decks.flat_writers import (
    CARD_FIELDS,
    FORMULA_STARTS,
    spreadsheet_cell,
    write_csv,
    write_json,
)
from studyapp.decks.models import CardSpec, DeckSpec


def deck(*cards: CardSpec) -> DeckSpec:
    return DeckSpec(id="d", title="T", cards=list(cards))


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [
        ('=HYPERLINK("http://evil", "click")', '\'=HYPERLINK("http://evil", "click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("What is 1 = 1?", "What is 1 = 1?"),
        ("", ""),
        ("'already quoted", "'already quoted"),
    ],
)
def test_a_cell_that_could_start_a_formula_gets_a_quote(cell: str, guarded: str) -> None:
    assert spreadsheet_cell(cell) == guarded


@given(st.text())
def test_no_guarded_cell_starts_a_formula(cell: str) -> None:
    guarded = spreadsheet_cell(cell)
    assert not guarded.startswith(FORMULA_STARTS)
    assert guarded.removeprefix("'") == cell or guarded == cell


def test_every_csv_cell_is_guarded_and_the_header_is_not() -> None:
    cards = (
        CardSpec(question="=1+1 is what?", answer="@two", short="-2", tags=["x"]),
        CardSpec(question="+ is plus", answer="plain"),
    )
    rows = list(csv.reader(io.StringIO(write_csv([deck(*cards)]))))
    assert rows[0] == list(CARD_FIELDS)
    assert [row[2:6] for row in rows[1:]] == [
        ["'=1+1 is what?", "'@two", "basic", "'-2"],
        ["'+ is plus", "plain", "basic", ""],
    ]


def test_json_keeps_card_text_exactly() -> None:
    card = CardSpec(question="=1+1 \x1b[2J \u202e?", answer="@two")
    [record] = json.loads(write_json([deck(card)]))
    assert (record["question"], record["answer"]) == ("=1+1 \x1b[2J \u202e?", "@two")


def test_accepted_answers_are_a_list_in_json_and_joined_in_csv() -> None:
    card = CardSpec(
        id="m", question="Q", answer="A", short="Momentum", accepted=["heavy ball", "=velocity"]
    )
    [record] = json.loads(write_json([deck(card)]))
    assert record["accepted"] == ["heavy ball", "=velocity"]
    [row] = csv.DictReader(io.StringIO(write_csv([deck(card)])))
    assert row["accepted"] == "heavy ball | =velocity"
    [plain_row] = csv.DictReader(io.StringIO(write_csv([deck(CardSpec(question="Q", answer="A"))])))
    assert plain_row["accepted"] == ""


def test_a_note_is_text_in_json_and_a_guarded_cell_in_csv() -> None:
    card = CardSpec(
        id="m", question="Q", answer="A", note="-The seed said AdaGrad.\n\nIt is RMSprop."
    )
    [record] = json.loads(write_json([deck(card)]))
    assert record["note"] == "-The seed said AdaGrad.\n\nIt is RMSprop."
    [row] = csv.DictReader(io.StringIO(write_csv([deck(card)])))
    assert row["note"] == "'-The seed said AdaGrad.\n\nIt is RMSprop."
    [plain_row] = csv.DictReader(io.StringIO(write_csv([deck(CardSpec(question="Q", answer="A"))])))
    assert plain_row["note"] == ""
    [plain_record] = json.loads(write_json([deck(CardSpec(question="Q", answer="A"))]))
    assert plain_record["note"] is None


def test_a_numeric_cards_spec_is_data_in_json_and_one_line_in_csv() -> None:
    card = CardSpec(
        id="n", question="StepLR at epoch {epoch}?", answer="{answer}", compute="step-lr",
        params={"lr0": [0.1], "step_size": [10, 20], "gamma": [0.5], "epoch": "0..60"},
    )  # fmt: skip
    [record] = json.loads(write_json([deck(card)]))
    assert record["type"] == "numeric"
    assert record["numeric"] == {
        "compute": "step-lr",
        "params": {"lr0": [0.1], "step_size": [10, 20], "gamma": [0.5], "epoch": "0..60"},
        "tolerance": "1%",
    }
    [row] = csv.DictReader(io.StringIO(write_csv([deck(card)])))
    assert row["numeric"] == "step-lr lr0=0.1 step_size=10,20 gamma=0.5 epoch=0..60 tolerance=1%"
    [plain_row] = csv.DictReader(io.StringIO(write_csv([deck(CardSpec(question="Q", answer="A"))])))
    assert plain_row["numeric"] == ""
