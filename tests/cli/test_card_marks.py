"""``studyapp card suspend|unsuspend|bury|unbury|star|unstar|flag``: marks by card name, all or
nothing, and what changed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.store.marks import CardMarks
from studyapp.store.schema import cards, decks
from tests.cli.conftest import DECK, run
from tests.conftest import WriteDeck


@pytest.fixture
def names(db: str, clock: FixedClock, write_deck: WriteDeck) -> list[str]:
    assert run(["import", str(write_deck("opt.md", DECK))], db, clock)[0] == 0
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        with collection.engine.connect() as connection:
            keys = connection.execute(
                select(decks.c.key, cards.c.key).join(decks).order_by(cards.c.position)
            ).all()
    finally:
        collection.close()
    return [f"{deck}/{card}" for deck, card in keys]


def _marks(db: str, clock: FixedClock, name: str) -> CardMarks:
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        return collection.card_marks(collection.card_ids([name])[name])
    finally:
        collection.close()


def test_suspend_and_unsuspend(db: str, clock: FixedClock, names: list[str]) -> None:
    first, second = names
    assert run(["card", "suspend", first, second], db, clock)[1] == "2 cards suspended\n"
    assert run(["card", "suspend", first], db, clock)[1] == "0 cards suspended (1 already)\n"
    assert _marks(db, clock, first).suspended
    assert "optimizers" in run(["decks"], db, clock)[1]
    assert run(["card", "unsuspend", first], db, clock)[1] == "1 card unsuspended\n"
    assert not _marks(db, clock, first).suspended
    assert _marks(db, clock, second).suspended


def test_bury_star_and_flag(db: str, clock: FixedClock, names: list[str]) -> None:
    first, _ = names
    assert run(["card", "bury", first], db, clock)[1] == "1 card buried until tomorrow\n"
    assert _marks(db, clock, first).buried_until == date(2026, 3, 11)
    assert run(["card", "unbury", first], db, clock)[1] == "1 card unburied\n"
    assert run(["card", "star", first], db, clock)[1] == "1 card starred\n"
    assert run(["card", "flag", "Purple", first], db, clock)[1] == "1 card flagged purple\n"
    assert run(["card", "flag", "2", first], db, clock)[1] == "1 card flagged orange\n"
    marks = _marks(db, clock, first)
    assert (marks.starred, marks.flag) == (True, 2)
    assert run(["card", "flag", "none", first], db, clock)[1] == "1 card left with no flag\n"
    assert run(["card", "unstar", first], db, clock)[1] == "1 card unstarred\n"
    marks = _marks(db, clock, first)
    assert (marks.starred, marks.flag) == (False, 0)


def test_an_unknown_card_marks_nothing(db: str, clock: FixedClock, names: list[str]) -> None:
    code, out, err = run(["card", "suspend", names[0], "optimizers/nope"], db, clock)
    assert (code, out) == (2, "")
    assert err == "studyapp: no such card: optimizers/nope; nothing was marked\n"
    assert not _marks(db, clock, names[0]).suspended
    code, _, err = run(["card", "star", "optimizers"], db, clock)
    assert code == 2
    assert err == (
        "studyapp: 'optimizers' is not a card: name a card DECK/CARD (deck id, card id) or by "
        "its number\n"
    )


def test_a_bad_flag_is_a_usage_error(
    db: str, clock: FixedClock, names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["card", "flag", "8", names[0]], db, clock)
    assert exited.value.code == 2
    assert "'8' is not a flag: 1-7, one of red, orange" in capsys.readouterr().err
    assert _marks(db, clock, names[0]).flag == 0


def test_a_card_named_by_its_number(db: str, clock: FixedClock, names: list[str]) -> None:
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        number = collection.card_ids([names[1]])[names[1]]
    finally:
        collection.close()
    assert run(["card", "star", str(number)], db, clock)[1] == "1 card starred\n"
    assert _marks(db, clock, names[1]).starred
    code, _, err = run(["card", "star", "99999"], db, clock)
    assert (code, err) == (2, "studyapp: no such card: 99999; nothing was marked\n")
