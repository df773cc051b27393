"""A card edited in the app: validated like a deck file's card, kept by later imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection, ImportTarget
from studyapp.decks.card_edit import CardEditError
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import cards
from tests.conftest import WriteDeck

EXPORT = "What is an epoch?,One pass over the data\nWhat is a batch?,Examples of one step\n"


def _stored(collection: Collection, card_id: int) -> tuple[str, str | None, list[str], bool]:
    with collection.engine.connect() as connection:
        row = connection.execute(
            select(cards.c.answer, cards.c.short, cards.c.tags, cards.c.edited_at).where(
                cards.c.id == card_id
            )
        ).one()
    return row.answer, row.short, list(row.tags), row.edited_at is not None


@pytest.fixture
def epoch(collection: Collection, write_deck: WriteDeck) -> int:
    """The id of the first card of an imported CSV export (a deck with no file to edit)."""
    collection.import_file(write_deck("export.csv", EXPORT))
    return collection.scope_cards(Scope())[0].id


def test_an_edit_changes_the_content_and_keeps_the_history(
    collection: Collection, clock: FixedClock, epoch: int
) -> None:
    collection.rate(epoch, Rating(4))
    clock.advance(hours=1)
    changed = collection.edit_card(
        epoch, {"answer": "One pass over the training data", "short": "one pass", "tags": ["a"]}
    )
    assert changed
    assert _stored(collection, epoch) == (
        "One pass over the training data",
        "one pass",
        ["a"],
        True,
    )
    detail = collection.card_detail(epoch)
    assert detail.edited_at == clock.now()
    assert [review.rating for review in detail.reviews] == [4]
    assert collection.cards([epoch])[epoch].short == "one pass"


def test_an_edit_that_changes_nothing_is_not_recorded(collection: Collection, epoch: int) -> None:
    assert not collection.edit_card(epoch, {"answer": "One pass over the data"})
    assert _stored(collection, epoch)[3] is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer": ""}, "the answer is empty"),
        ({"question": "  "}, "the question is empty"),
        ({"tags": ["two words"]}, "has a space or comma"),
        ({"short": "x", "distractors": ["x"]}, 'distractor "x" is the right answer'),
        ({"type": "cloze"}, '"type" is not a field the app edits'),
    ],
)
def test_an_invalid_edit_says_why_and_changes_nothing(
    collection: Collection, epoch: int, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(CardEditError, match=message):
        collection.edit_card(epoch, changes)
    assert _stored(collection, epoch) == ("One pass over the data", None, [], False)


def test_an_edit_of_an_unknown_card_is_an_error(collection: Collection) -> None:
    with pytest.raises(UnknownCardError):
        collection.edit_card(404, {"answer": "x"})


def test_reimporting_the_source_keeps_the_edit_and_replace_takes_it_back(
    collection: Collection, write_deck: WriteDeck, epoch: int
) -> None:
    collection.edit_card(epoch, {"answer": "Edited in the app"})
    path = write_deck("export.csv", EXPORT.replace("Examples", "The examples"))
    report = collection.import_file(path)
    assert (report.updated, report.kept_edits) == (1, 1)
    assert _stored(collection, epoch)[0] == "Edited in the app"
    collection.import_file(path, target=ImportTarget(replace=True))
    answer, _, _, edited = _stored(collection, epoch)
    assert (answer, edited) == ("One pass over the data", False)


def test_a_bundled_cards_edit_outlives_an_update_of_the_bundled_decks(
    tmp_path: Path, clock: FixedClock
) -> None:
    folder = tmp_path / "bundled"
    folder.mkdir()
    deck = "---\nid: shipped\n---\n## What is an epoch?\nOne pass\n\n## What is a batch?\nSome\n"
    (folder / "shipped.md").write_text(deck, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    collection = Collection.open(url, clock, bundled=folder)
    try:
        epoch = collection.scope_cards(Scope())[0].id
        collection.edit_card(epoch, {"answer": "One full pass, edited"})
    finally:
        collection.close()
    (folder / "shipped.md").write_text(deck.replace("Some", "Several examples"), encoding="utf-8")
    collection = Collection.open(url, clock, bundled=folder)
    try:
        answers = [card.answer for card in collection.scope_cards(Scope())]
    finally:
        collection.close()
    assert answers == ["One full pass, edited", "Several examples"]
