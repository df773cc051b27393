"""A deck backup written before schema 10 (by the code of schema 9, kept in
``past_versions``) restores: its schedules were SM-2's, so SM-2's due days are its due days,
and a collection on FSRS works the deck's memories out from its history."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.analytics.fsrs_memory import memories_from_recalls
from studyapp.collection import Collection
from studyapp.scheduling.fsrs_scheduler import FSRSScheduler
from studyapp.store.deck_backup import read_backup
from studyapp.store.recall_history import recall_histories
from studyapp.store.schema import card_states, reviews

OLD_BACKUP = Path(__file__).parent / "past_versions" / "v9-deck-backup.studyapp-deck.json"


@pytest.fixture
def old_backup(tmp_path: Path) -> Path:
    return Path(shutil.copy(OLD_BACKUP, tmp_path / OLD_BACKUP.name))


def test_a_schema_9_backup_reads_with_sm2_due_days(old_backup: Path) -> None:
    backup = read_backup(old_backup.read_bytes(), str(old_backup))
    for row in backup.rows["card_states"]:
        assert row["sm2_due"] == row["due"] == date(2026, 11, 10)
        assert row["fsrs_stability"] is row["fsrs_due"] is None
    for row in backup.rows["reviews"]:
        assert row["sm2_due_before"] == row["due_before"]
        assert row["fsrs_stability_before"] is None


def test_it_restores_into_a_collection_on_sm2(collection: Collection, old_backup: Path) -> None:
    collection.restore_deck(old_backup)
    with collection.engine.connect() as connection:
        states = connection.execute(select(card_states.c.due, card_states.c.sm2_due)).all()
        logged = connection.execute(select(reviews.c.due_before, reviews.c.sm2_due_before)).all()
    assert states == [(date(2026, 11, 10), date(2026, 11, 10))] * 2
    assert len(logged) == 6
    assert all(due == sm2_due for due, sm2_due in logged)


def test_it_restores_into_a_collection_on_fsrs(collection: Collection, old_backup: Path) -> None:
    collection.scheduler_name = "fsrs"
    collection.restore_deck(old_backup)
    with collection.engine.connect() as connection:
        memories = memories_from_recalls(recall_histories(connection))
        states = connection.execute(
            select(
                card_states.c.card_id,
                card_states.c.due,
                card_states.c.fsrs_due,
                card_states.c.fsrs_stability,
            )
        ).all()
    assert len(memories) == len(states) == 2
    for card, due, fsrs_due, stability in states:
        assert stability == memories[card].stability
        assert due == fsrs_due == FSRSScheduler().due_day(memories[card])
