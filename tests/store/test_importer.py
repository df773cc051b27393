"""Importing decks: idempotency, updates, retirement and restoration, one transaction per file."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from studyapp.collection import Collection, ImportTarget
from studyapp.decks.errors import DeckError
from studyapp.decks.files import load_deck
from studyapp.scope import Scope
from studyapp.store.deck_source import DeckTakenError
from studyapp.store.schema import card_states, cards, decks, reviews
from tests.conftest import WriteDeck, temporary_demo
from tests.store_rows import get_row

THREE_CARDS = """---
id: basics
title: Basics
---
## What is a learning rate?
The step size of each update.

short:: The step size

## What is an epoch?
One pass over the training data.

## What is a batch?
The examples used for one gradient step.
"""


def _cards(collection: Collection) -> dict[str, tuple[str, bool]]:
    with collection.engine.connect() as connection:
        return {
            key: (answer, retired is not None)
            for key, answer, retired in connection.execute(
                select(cards.c.question, cards.c.answer, cards.c.retired_at)
            )
        }


def test_first_import_adds_every_card(collection: Collection, write_deck: WriteDeck) -> None:
    report = collection.import_file(write_deck("basics.md", THREE_CARDS))
    assert (report.deck, report.format) == ("basics", "md")
    assert (report.added, report.updated, report.unchanged, report.retired) == (3, 0, 0, 0)
    assert report.summary().endswith("3 added, 0 updated, 0 unchanged, 0 retired")
    with collection.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(card_states)) == 3


def test_reimporting_an_unchanged_file_changes_nothing(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    with collection.engine.connect() as connection:
        before = connection.execute(
            select(cards.c.id, cards.c.updated_at, cards.c.content_hash)
        ).all()
    report = collection.import_file(path)
    assert (report.added, report.updated, report.unchanged, report.retired) == (0, 0, 3, 0)
    with collection.engine.connect() as connection:
        assert (
            connection.execute(select(cards.c.id, cards.c.updated_at, cards.c.content_hash)).all()
            == before
        )


def test_an_edited_answer_updates_the_card_and_keeps_its_history(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    card_id = collection.due_queue().new[0]
    collection.rate(card_id, 4)
    write_deck("basics.md", THREE_CARDS.replace("The step size of each update.", "How far."))
    report = collection.import_file(path)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    assert _cards(collection)["What is a learning rate?"] == ("How far.", False)
    with collection.engine.connect() as connection:
        assert connection.scalars(select(reviews.c.card_id)).all() == [card_id]
        assert get_row(connection, card_states, card_id).repetitions == 1


def test_a_card_removed_from_its_file_is_retired_then_restored_with_its_history(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    epoch_id = collection.due_queue().new[1]
    collection.rate(epoch_id, 5)
    without_epoch = THREE_CARDS.replace(
        "## What is an epoch?\nOne pass over the training data.\n\n", ""
    )
    write_deck("basics.md", without_epoch)
    report = collection.import_file(path)
    assert (report.unchanged, report.retired) == (2, 1)
    assert _cards(collection)["What is an epoch?"] == ("One pass over the training data.", True)
    assert epoch_id not in collection.due_queue().card_ids
    assert [s.cards for s in collection.deck_summaries()] == [2]
    exported = collection.export_deck("basics")
    assert exported is not None
    assert [c.question for c in exported.cards] == ["What is a learning rate?", "What is a batch?"]

    write_deck("basics.md", THREE_CARDS)
    report = collection.import_file(path)
    assert (report.restored, report.unchanged, report.retired, report.added) == (1, 2, 0, 0)
    assert _cards(collection)["What is an epoch?"] == ("One pass over the training data.", False)
    with collection.engine.connect() as connection:
        state = get_row(connection, card_states, epoch_id)
        assert state is not None
        assert (state.repetitions, state.last_rating) == (1, 5)
        assert connection.scalars(select(reviews.c.rating)).all() == [5]


def test_a_file_with_errors_imports_nothing(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("basics.md", THREE_CARDS))
    broken = THREE_CARDS.replace("How far", "x") + "## Broken\n\nshrot:: x\n"
    broken = broken.replace("One pass over the training data.", "Changed answer.")
    with pytest.raises(DeckError) as caught:
        collection.import_file(write_deck("basics.md", broken))
    # line 15 is "## Broken" (no answer), line 17 its misspelt field
    assert [p.line for p in caught.value.problems] == [15, 17]
    assert _cards(collection)["What is an epoch?"] == ("One pass over the training data.", False)


def test_reordering_cards_is_not_an_update(collection: Collection, write_deck: WriteDeck) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    head, *cards = THREE_CARDS.split("## ")
    write_deck("basics.md", head + "## " + "## ".join(reversed(cards)).replace("\n## ", "\n\n## "))
    report = collection.import_file(path)
    assert (report.updated, report.unchanged) == (0, 3)
    exported = collection.export_deck("basics")
    assert exported is not None
    assert exported.cards[0].question == "What is a batch?"


def test_import_paths_reports_each_file_and_keeps_going_past_errors(
    collection: Collection, write_deck: WriteDeck, tmp_path
) -> None:
    write_deck("decks/a.md", "## Q1\nA1\n")
    write_deck("decks/sub/b.yaml", "- question: Q2\n  answer: A2\n")
    write_deck("decks/c.md", "## Q3\n\ntype:: clozee\nA\n")
    write_deck("decks/README.md", "# not a deck\nprose")
    batch = collection.import_paths([tmp_path / "decks"])
    assert [(r.deck, r.added) for r in batch.reports] == [("a", 1), ("b", 1)]
    assert len(batch.errors) == 1
    assert str(batch.errors[0]).endswith(
        "type \"clozee\" is not one of 'basic', 'cloze', 'reversible' or 'numeric' "
        '(did you mean "cloze"?)'
    )
    assert collection.deck_keys() == ["a", "b"]


def test_the_same_deck_from_another_file_is_refused_unless_it_replaces_and_then_noted(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("one/basics.md", THREE_CARDS))
    with pytest.raises(DeckTakenError, match='deck id "basics" belongs to the deck file'):
        collection.import_file(write_deck("two/basics.md", THREE_CARDS))
    report = collection.import_file(
        write_deck("two/basics.md", THREE_CARDS), target=ImportTarget(replace=True)
    )
    assert report.previous_origin is not None
    assert report.previous_origin.endswith("basics.md")
    assert report.unchanged == 3


def test_bundled_decks_are_imported_once_and_again_when_they_change(
    db_url: str, clock, write_deck: WriteDeck, tmp_path
) -> None:
    write_deck("bundled/basics.md", THREE_CARDS)
    first = Collection.open(db_url, clock, bundled=tmp_path / "bundled")
    assert first.deck_keys() == ["basics"]
    assert first.sync_bundled_decks(tmp_path / "bundled").reports == []
    first.close()
    write_deck("bundled/basics.md", THREE_CARDS + "\n## New card\nNew answer.\n")
    again = Collection.open(db_url, clock, bundled=tmp_path / "bundled")
    assert [s.cards for s in again.deck_summaries()] == [4]
    again.close()


def test_a_broken_bundled_deck_is_reported_and_the_others_still_load(
    db_url: str, clock, write_deck: WriteDeck, tmp_path
) -> None:
    write_deck("bundled/basics.md", THREE_CARDS)
    write_deck("bundled/broken.md", "## Q\n\nshrot:: x\n")
    opened = Collection.open(db_url, clock, bundled=tmp_path / "bundled")
    assert opened.deck_keys() == ["basics"]
    assert [str(e).splitlines()[0] for e in opened.bundled_errors] == [
        f'{tmp_path / "bundled" / "broken.md"}:1: card "Q": the answer is empty'
    ]
    opened.close()
    write_deck("bundled/broken.md", "## Q\n\nfixed\n")
    fixed = Collection.open(db_url, clock, bundled=tmp_path / "bundled")
    assert (fixed.deck_keys(), fixed.bundled_errors) == (["basics", "broken"], [])
    fixed.close()


def test_an_identical_file_is_not_parsed_again_but_any_change_is(
    collection: Collection, write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    with collection.engine.connect() as connection:
        imported_at = connection.scalars(select(decks.c.imported_at)).one()

    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an identical file was parsed again")

    monkeypatch.setattr("studyapp.decks.files.parse_deck_text", must_not_parse)
    report = collection.import_file(path)
    assert (report.deck, report.path, report.format) == ("basics", str(path), "md")
    assert (report.added, report.updated, report.unchanged, report.retired) == (0, 0, 3, 0)
    with collection.engine.connect() as connection:
        assert connection.scalars(select(decks.c.imported_at)).one() == imported_at
    monkeypatch.undo()

    write_deck("basics.md", THREE_CARDS + "\n")  # one byte more: read it again
    report = collection.import_file(path)
    assert (report.unchanged, report.updated) == (3, 0)


def test_a_file_is_read_again_after_another_file_changed_its_deck(
    collection: Collection, write_deck: WriteDeck
) -> None:
    full = write_deck("a/basics.md", THREE_CARDS)
    collection.import_file(full)
    only_one = THREE_CARDS.split("## What is an epoch?")[0]
    replace = ImportTarget(replace=True)
    collection.import_file(write_deck("b/basics.md", only_one), target=replace)
    assert [s.cards for s in collection.deck_summaries()] == [1]
    # same bytes as before, but the deck has moved on
    report = collection.import_file(full, target=replace)
    assert (report.restored, report.unchanged) == (2, 1)
    assert [s.cards for s in collection.deck_summaries()] == [3]


def test_a_file_is_checked_again_when_the_demos_change(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", THREE_CARDS.replace("short:: The step size", "demo:: toy"))
    with temporary_demo("toy"):
        assert collection.import_file(path).added == 3
        assert collection.import_file(path).unchanged == 3
    with pytest.raises(DeckError, match='demo "toy" is not a known demo'):
        collection.import_file(path)


def test_accepted_answers_are_stored_and_an_edit_of_them_is_an_update(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("basics.md", THREE_CARDS)
    collection.import_file(path)
    with collection.engine.connect() as connection:
        before = connection.execute(select(cards.c.key, cards.c.content_hash)).all()
    accepted = THREE_CARDS.replace(
        "short:: The step size\n", "short:: The step size\naccept:: lr\n"
    )
    report = collection.import_file(write_deck("basics.md", accepted))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    with collection.engine.connect() as connection:
        stored = dict(connection.execute(select(cards.c.question, cards.c.accepted)).all())
        after = connection.execute(select(cards.c.key, cards.c.content_hash)).all()
    assert stored["What is a learning rate?"] == ["lr"]
    assert stored["What is an epoch?"] == []
    assert len(set(before) & set(after)) == 2  # the cards without accepted answers kept theirs
    report = collection.import_file(write_deck("basics.md", accepted.replace("lr\n", "LR\n")))
    assert (report.updated, report.unchanged) == (1, 2)
    assert collection.export_deck("basics").cards[0].accepted == ["LR"]  # type: ignore[union-attr]


def test_a_note_is_stored_and_an_edit_of_it_is_an_update_that_keeps_the_history(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("basics.md", THREE_CARDS))
    with collection.engine.connect() as connection:
        before = connection.execute(select(cards.c.key, cards.c.content_hash)).all()
    first = collection.due_queue().new[0]
    collection.rate(first, 4)
    noted = THREE_CARDS.replace(
        "short:: The step size\n",
        "short:: The step size\nnote:: The seed said the rate.\nnote:: It is the step's size.\n",
    )
    report = collection.import_file(write_deck("basics.md", noted))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    with collection.engine.connect() as connection:
        stored = dict(connection.execute(select(cards.c.question, cards.c.note)).all())
        after = connection.execute(select(cards.c.key, cards.c.content_hash)).all()
        rated = connection.execute(select(reviews.c.card_id)).scalars().all()
    assert stored == {
        "What is a learning rate?": "The seed said the rate.\n\nIt is the step's size.",
        "What is an epoch?": None,
        "What is a batch?": None,
    }
    assert len(set(before) & set(after)) == 2  # the cards without a note kept their digest
    assert rated == [first]  # the same card, its rating kept
    [view] = collection.cards([first]).values()
    assert view.note == "The seed said the rate.\n\nIt is the step's size."
    assert collection.import_file(write_deck("basics.md", noted)).unchanged == 3
    report = collection.import_file(write_deck("basics.md", noted.replace("size.", "length.")))
    assert (report.updated, report.unchanged) == (1, 2)
    exported = collection.export_deck("basics")
    assert exported is not None
    assert exported.cards[0].note == "The seed said the rate.\n\nIt is the step's length."
    assert exported.cards[1].note is None
    report = collection.import_file(write_deck("basics.md", THREE_CARDS))  # the note removed
    assert (report.updated, report.unchanged) == (1, 2)
    with collection.engine.connect() as connection:
        assert connection.execute(select(cards.c.note).where(cards.c.id == first)).scalar() is None


NUMERIC_DECK = """---
id: numbers
title: Numbers
---

## What is a learning rate?

The step size.

short:: The step size

## A ReLU layer has fan_in = {fan_in}: the He std?

√(2/{fan_in}) = {answer}

id:: he
compute:: he-std
param:: fan_in = 256, 512
tolerance:: 2%
"""


def test_a_numeric_card_is_stored_exported_and_an_edit_of_its_spec_is_an_update(
    collection: Collection, write_deck: WriteDeck
) -> None:
    path = write_deck("numbers.md", NUMERIC_DECK)
    collection.import_file(path)
    with collection.engine.connect() as connection:
        stored = dict(connection.execute(select(cards.c.key, cards.c.numeric_spec)).all())
    assert stored["he"] == {
        "compute": "he-std", "params": {"fan_in": [256, 512]}, "tolerance": "2%"
    }  # fmt: skip
    assert [spec for key, spec in stored.items() if key != "he"] == [None]
    [he] = [card for card in collection.scope_cards(Scope(decks=("numbers",))) if card.numeric]
    assert he.numeric == stored["he"]
    assert he.drawn is None
    collection.rate(he.id, 4)
    exported = collection.export_deck("numbers")
    assert exported is not None
    assert exported.cards == load_deck(path).cards
    report = collection.import_file(write_deck("numbers.md", NUMERIC_DECK.replace("512", "1024")))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    with collection.engine.connect() as connection:
        rated = connection.execute(select(reviews.c.card_id)).scalars().all()
    assert rated == [he.id]  # the same card, its rating kept
