"""The fast deck list: the same figures as the full store, or None when it can't be sure."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from studyapp.analytics.mastery import card_counts
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.decks.files import bundled_deck_files, bundled_fingerprint
from studyapp.scope import Scope
from studyapp.store.deck_list import quick_deck_summaries, sqlite_file
from tests.conftest import WriteDeck

pytestmark = pytest.mark.sqlite_only  # the deck list read from the SQLite file with sqlite3


@pytest.fixture
def bundled(write_deck: WriteDeck, tmp_path: Path) -> Path:
    write_deck("bundled/alpha.md", "".join(f"## A{i}\nanswer {i}\n\n" for i in range(6)))
    write_deck("bundled/beta.md", "## B1\nb\n\n## B2\nb\n")
    return tmp_path / "bundled"


def test_the_quick_list_equals_the_full_one(
    db_url: str, clock: FixedClock, bundled: Path, write_deck: WriteDeck
) -> None:
    collection = Collection.open(db_url, clock, bundled=bundled)
    queue = collection.due_queue()
    for card_id, rating in zip(queue.new, [5, 4, 2, 3, 1], strict=False):
        collection.rate(card_id, rating)
    collection.rate(queue.new[5], 5, mode="learn")
    clock.advance(days=1)  # the first rated cards are due again
    write_deck("bundled/alpha.md", "".join(f"## A{i}\nanswer {i}\n\n" for i in range(4)))
    collection.import_file(bundled / "alpha.md", bundled=True)  # retires two cards
    digest = bundled_fingerprint(bundled_deck_files(bundled))
    with sqlite3.connect(sqlite_file(db_url)) as raw:  # as a later start would have recorded
        raw.execute("UPDATE meta SET value = ? WHERE key = 'bundled_decks_digest'", (digest,))
    full = collection.deck_summaries()
    quick = quick_deck_summaries(db_url, clock.now().date(), digest)
    assert quick == full
    # alpha keeps A0-A3, each rated once in spaced mode (interval 1: due today); A4, A5 retired
    assert [(s.key, s.cards, s.new, s.due) for s in full] == [("alpha", 4, 0, 4), ("beta", 2, 2, 0)]
    beta = collection.due_queue().new[0]
    collection.rate(beta, 2)  # relearning today: due today too, not only from tomorrow
    assert quick_deck_summaries(db_url, clock.now().date(), digest) == (
        full := collection.deck_summaries()
    )
    assert [(s.key, s.new, s.due) for s in full] == [("alpha", 0, 4), ("beta", 1, 1)]
    # a suspended card and one buried until tomorrow are cards of the deck, but not due or new
    alpha_due = collection.due_queue().reviews[:2]
    beta_new = collection.due_queue().new[0]
    tomorrow = (clock.now() + timedelta(days=1)).date().isoformat()
    with sqlite3.connect(sqlite_file(db_url)) as raw:
        raw.execute("UPDATE card_states SET suspended = 1 WHERE card_id = ?", (alpha_due[0],))
        raw.execute(
            "UPDATE card_states SET buried_until = ? WHERE card_id IN (?, ?)",
            (tomorrow, alpha_due[1], beta_new),
        )
    full = collection.deck_summaries()
    assert quick_deck_summaries(db_url, clock.now().date(), digest) == full
    assert [(s.key, s.cards, s.new, s.due) for s in full] == [("alpha", 4, 0, 2), ("beta", 2, 0, 1)]
    clock.advance(days=1)  # the buried cards are back; the suspended one is not
    full = collection.deck_summaries()
    assert quick_deck_summaries(db_url, clock.now().date(), digest) == full
    assert [(s.key, s.new, s.due) for s in full] == [("alpha", 0, 3), ("beta", 1, 1)]
    collection.close()


def test_it_declines_what_it_cannot_vouch_for(
    db_url: str, clock: FixedClock, bundled: Path, tmp_path: Path
) -> None:
    today = clock.now().date()
    digest = bundled_fingerprint(bundled_deck_files(bundled))
    assert quick_deck_summaries(db_url, today, digest) is None  # no store yet
    Collection.open(db_url, clock, bundled=bundled).close()
    assert quick_deck_summaries(db_url, today, digest) is not None
    assert quick_deck_summaries(db_url, today, "other bundled decks") is None
    with sqlite3.connect(sqlite_file(db_url)) as raw:
        raw.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    assert quick_deck_summaries(db_url, today, digest) is None  # needs an upgrade
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    assert quick_deck_summaries(f"sqlite:///{junk}", today, digest) is None
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql://u@h/db", f"{db_url}?mode=ro"):
        assert quick_deck_summaries(url, today, digest) is None


def test_sqlite_file_urls() -> None:
    assert sqlite_file("sqlite:////tmp/a%20b.db") == Path("/tmp/a b.db")
    assert sqlite_file("sqlite:///relative.db") == Path("relative.db")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("mysql://x/y") is None


def test_new_means_the_same_in_the_deck_list_and_the_stats(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "---\nid: d\n---\n## A\na\n\n## B\nb\n\n## C\nc\n"))
    first, second, _ = collection.due_queue().new
    collection.rate(first, 4)  # spaced review
    collection.rate(second, 3, mode="learn")  # learn only: rated, though not scheduled
    [summary] = collection.deck_summaries()
    with collection.engine.connect() as connection:
        counts = card_counts(connection, Scope(decks=("d",)))
    assert summary.new == counts.new == 1  # never rated in any mode: only C


def test_new_and_due_today_add_up_to_what_a_spaced_review_holds(
    db_url: str, clock: FixedClock, bundled: Path
) -> None:
    collection = Collection.open(db_url, clock, bundled=bundled)
    first, second, third, *_ = collection.due_queue(Scope(decks=("alpha",))).new
    collection.rate(first, 4, mode="learn")  # practised, never reviewed: its first review is due
    collection.rate(second, 2)  # relearning today
    collection.rate(third, 5)  # scheduled for tomorrow: neither new nor due
    digest = bundled_fingerprint(bundled_deck_files(bundled))
    full = collection.deck_summaries()
    assert quick_deck_summaries(db_url, clock.now().date(), digest) == full
    alpha = next(summary for summary in full if summary.key == "alpha")
    assert (alpha.cards, alpha.new, alpha.due) == (6, 3, 2)
    queue = collection.due_queue(Scope(decks=("alpha",)))
    assert len(queue.card_ids) == alpha.new + alpha.due == 5
    assert first in queue.new
    collection.close()
