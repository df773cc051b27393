"""``studyapp`` with no command, out of a terminal: the overview."""

from __future__ import annotations

from studyapp.clock import FixedClock
from tests.cli.conftest import run


def test_plain_studyapp_says_how_to_use_it(db: str, clock: FixedClock) -> None:
    code, out, _ = run([], db, clock)
    assert code == 0
    assert "studyapp import PATH..." in out
    assert "No decks yet" in out
