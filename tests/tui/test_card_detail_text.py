"""The card detail's text: where a card lives, its fields, its state and marks, its history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from rich.console import Console

from studyapp.decks.models import derive_card_id
from studyapp.store.card_history import CardDetail, CardOrigin, CardState, ReviewEntry
from studyapp.store.cards import CardView
from studyapp.tui.card_detail_text import (
    fields_text,
    history_chart,
    reviews_table,
    state_text,
    where_it_lives,
)

MOMENT = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
QUESTION = "What is an epoch?"
STATE = CardState(
    active=True, due=date(2026, 3, 12), interval=2, easiness=Decimal("2.36"), repetitions=2,
    lapses=1, reviews=3, answers=2, answers_right=1, last_rating=4, last_reviewed_at=MOMENT,
    suspended=False, buried_until=None, starred=False, flag=0, leech=False,
    sm2_due=date(2026, 3, 12), fsrs_stability=3.17, fsrs_difficulty=5.28,
    fsrs_reviewed_on=date(2026, 3, 9), fsrs_due=date(2026, 3, 13),
)  # fmt: skip
DETAIL = CardDetail(
    card=CardView(1, "basics", QUESTION, "One pass", "basic", None, (), (), None),
    origin=CardOrigin(
        "basics", "Basics", "file", "/decks/basics.md", derive_card_id("basics", QUESTION), None
    ),
    state=STATE,
    created_at=MOMENT,
    updated_at=MOMENT,
    edited_at=None,
    retired_at=None,
    reviews=(),
    answers=(),
    line=12,
)


def _shown(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return " ".join(console.export_text().split())


def test_where_a_card_lives_says_how_it_is_edited() -> None:
    assert (
        where_it_lives(DETAIL) == "deck file /decks/basics.md, line 12: e opens it in your editor"
    )
    bundled = replace(DETAIL, origin=replace(DETAIL.origin, kind="bundled"))
    assert where_it_lives(bundled).startswith("a deck that comes with studyapp: e edits the card")
    export = replace(DETAIL, origin=replace(DETAIL.origin, kind="export", path="/x/a.csv"))
    assert where_it_lives(export) == "another app's export /x/a.csv: e edits the card here"


def test_a_derived_id_warns_that_a_new_question_is_a_new_card() -> None:
    assert "change the question in the file and it is a new card" in _shown(
        fields_text(DETAIL, UTC)
    )
    pinned = replace(DETAIL, origin=replace(DETAIL.origin, key="epoch"))
    assert "epoch (written in the deck)" in _shown(fields_text(pinned, UTC))


def test_the_state_with_its_marks() -> None:
    shown = _shown(state_text(replace(DETAIL, recall=0.934), date(2026, 3, 10)))
    assert "Schedule due 2026-03-12 (in 2 days), by SM-2" in shown
    assert "SM-2 interval 2 days · ease 2.36 · due 2026-03-12" in shown
    assert (
        "FSRS recall today 93% · stability 3.2 days · difficulty 5.3 of 10 · due 2026-03-13"
        in shown
    )
    on_fsrs = replace(DETAIL, scheduler="fsrs", state=replace(STATE, due=date(2026, 3, 13)))
    assert "due 2026-03-13 (in 3 days), by FSRS" in _shown(state_text(on_fsrs, date(2026, 3, 10)))
    unknown = replace(STATE, fsrs_stability=None, fsrs_difficulty=None, fsrs_due=None)
    shown_unknown = _shown(state_text(replace(DETAIL, state=unknown), date(2026, 3, 10)))
    assert "FSRS memory worked out from the card's history when FSRS is chosen" in shown_unknown
    shown = _shown(state_text(DETAIL, date(2026, 3, 10)))
    assert "3 ratings · 1 lapse · 2 answers in learn, test and matching (1 right)" in shown
    assert "Marks none" in shown
    marked = replace(STATE, suspended=True, starred=True, flag=4, leech=True)
    shown = _shown(state_text(replace(DETAIL, state=marked), date(2026, 3, 10)))
    assert "Marks suspended · starred · flag blue · leech" in shown


def test_the_history_table_and_when_the_chart_shows() -> None:
    review = ReviewEntry(
        MOMENT, date(2026, 3, 10), "spaced", 5, 1200, True, 0, Decimal("2.5"), 1,
        Decimal("2.6"), date(2026, 3, 11),
    )  # fmt: skip
    one = replace(DETAIL, reviews=(review,))
    shown = _shown(reviews_table(one, UTC))
    assert "When Mode Rating Took Interval Ease Due" in shown
    assert "2026-03-10 08:00 spaced 5 1 s 0→1 d 2.50→2.60 2026-03-11" in shown
    assert "from the card's second scheduled rating" in history_chart(one, 60).plain
    two = replace(DETAIL, reviews=(review, replace(review, interval_after=6)))
    assert history_chart(two, 60).plain.startswith("Interval after each spaced rating")
