"""``studyapp add``: a card added to a deck file (the rest unchanged), or a clear refusal."""

from __future__ import annotations

from pathlib import Path

from studyapp.clock import FixedClock
from tests.cli.conftest import DECK, run
from tests.conftest import WriteDeck


def test_a_card_is_appended_to_the_decks_file(
    db: str, clock: FixedClock, write_deck: WriteDeck
) -> None:
    path = write_deck("optimizers.md", DECK)
    assert run(["import", str(path)], db, clock)[0] == 0
    code, out, err = run(
        ["add", "optimizers", "-q", "What is Adam?", "-a", "Momentum with RMS scaling.",
         "--tag", "adam", "--tag", "optimizers"],
        db, clock,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("added card what-is-adam-")
    assert out.endswith(f" to {path.resolve()}\n")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(DECK)
    assert after[len(DECK) :].startswith("\n## What is Adam?\n\nMomentum with RMS scaling.\n")
    assert after.endswith("\ntags:: adam, optimizers\n")
    _, decks, _ = run(["decks"], db, clock)
    assert "3" in decks.splitlines()[-1]


def test_a_bad_card_or_deck_is_refused_in_one_line(
    db: str, clock: FixedClock, write_deck: WriteDeck, tmp_path: Path
) -> None:
    path = write_deck("optimizers.md", DECK)
    run(["import", str(path)], db, clock)
    code, out, err = run(["add", "optimizers", "-q", "Q?", "-a", " "], db, clock)
    assert (code, out, err) == (2, "", "studyapp: the card was not added: The answer is empty\n")
    code, _, err = run(["add", "nope", "-q", "Q?", "-a", "A"], db, clock)
    assert (code, err) == (2, 'studyapp: no deck "nope" (see studyapp decks)\n')
    code, _, err = run(["add", "optimizers", "-q", "Q?", "-a", "one\n## two"], db, clock)
    assert code == 2
    assert "export this deck as YAML" in err
    assert path.read_text(encoding="utf-8") == DECK
