"""Adding a card in the app: appended to its deck's file and imported, or stored as made here."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.collection import Collection
from studyapp.decks.errors import DeckError
from studyapp.decks.models import CardSpec
from studyapp.store.added_cards import UnknownDeckError, deck_source_of
from studyapp.store.schema import card_states, cards, decks
from tests.conftest import WriteDeck

DECK = "---\nid: opt\ntitle: Optimizers\n---\n\n## What is Adam?\n\nAn optimizer.\n"
CARD = CardSpec(question="What is SGD?", answer="Stochastic gradient descent.", tags=["sgd"])


def _stored(collection: Collection, deck: str) -> dict[str, tuple[str, bool, bool]]:
    """The deck's cards by id: question, whether active, whether marked as made in the app."""
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(cards.c.key, cards.c.question, card_states.c.active, cards.c.edited_at)
            .join(card_states, card_states.c.card_id == cards.c.id)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(decks.c.key == deck)
        )
        return {
            key: (question, active, edited is not None) for key, question, active, edited in rows
        }


def test_a_card_added_to_a_file_deck_is_appended_and_imported(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("opt.md", DECK)
    collection.import_file(path)
    added = collection.add_card("opt", CARD)
    assert added.path == str(path.resolve())
    assert added.report is not None
    assert added.report.added == 1
    after = path.read_bytes()
    assert after.startswith(DECK.encode())
    assert f"id:: {added.key}".encode() in after
    stored = _stored(collection, "opt")
    assert stored[added.key] == ("What is SGD?", True, False)  # the file's card: not an edit
    assert len(stored) == 2
    # the card keeps its id (and history) when its question is edited in the file
    path.write_bytes(after.replace(b"## What is SGD?", b"## What is plain SGD?"))
    report = collection.import_file(path)
    assert (report.added, report.updated) == (0, 1)
    assert _stored(collection, "opt")[added.key][0] == "What is plain SGD?"


def test_a_failed_import_puts_the_files_bytes_back(
    collection: Collection, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_deck("opt.md", DECK)
    collection.import_file(path)
    before = path.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise DeckError.single(str(path), 3, "refused by the test")

    monkeypatch.setattr(collection, "import_file", refuse)
    with pytest.raises(DeckError, match="refused by the test"):
        collection.add_card("opt", CARD)
    assert path.read_bytes() == before
    assert len(_stored(collection, "opt")) == 1
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_card_the_file_cannot_take_changes_nothing(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("opt.md", DECK)
    collection.import_file(path)
    before = path.read_bytes()
    card = CARD.model_copy(update={"answer": "Steps.\n## Not a heading"})
    with pytest.raises(DeckError, match="export this deck as YAML"):
        collection.add_card("opt", card)
    assert path.read_bytes() == before
    assert len(_stored(collection, "opt")) == 1


def test_a_card_added_to_an_export_deck_is_stored_and_kept_by_its_next_import(
    collection: Collection, tmp_path: Path
) -> None:
    export = tmp_path / "terms.txt"
    export.write_text("Adam\tan optimizer\nSGD\tthe plain one\n", encoding="utf-8")
    report = collection.import_file(export, "quizlet")
    deck = report.deck
    with collection.engine.connect() as connection:
        source = deck_source_of(connection, deck)
    assert source is not None
    assert source.kind == "export"
    added = collection.add_card(deck, CARD)
    assert added.path is None
    assert added.report is None
    assert export.read_text(encoding="utf-8") == "Adam\tan optimizer\nSGD\tthe plain one\n"
    assert _stored(collection, deck)[added.key] == ("What is SGD?", True, True)
    again = collection.import_file(export, "quizlet")
    assert again.retired == 0
    assert _stored(collection, deck)[added.key] == ("What is SGD?", True, True)
    assert collection.deck_summaries()[0].cards == 3


def test_a_card_for_no_such_deck_is_refused(collection: Collection) -> None:
    with pytest.raises(UnknownDeckError):
        collection.add_card("nope", CARD)
