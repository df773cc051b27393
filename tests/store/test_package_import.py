"""Importing an Anki package into a collection: decks, history, the report, one transaction."""

from __future__ import annotations

import itertools
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Connection, func, select

from studyapp.clock import zone_of
from studyapp.collection import Collection
from studyapp.decks.anki.notes import PackageDecks
from studyapp.decks.anki.records import ReviewLog
from studyapp.decks.errors import DeckError
from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.store.importer import DeckPlan, ImportReport
from studyapp.store.package_import import _histories, plan_package, write_package
from studyapp.store.packed_rows import PackedRows
from studyapp.store.replay_columns import LOG_COLUMNS
from studyapp.store.review_import import ANKI_BUTTON_RATINGS as BUTTONS
from studyapp.store.review_import import NEW_CARD, ImportedRating, replay_card
from studyapp.store.schema import card_states, cards, decks, reviews
from tests.decks.anki.builders import (
    answer_cards,
    build_collection_package,
    build_package,
    study_sample,
)


def _studied(collection) -> None:  # type: ignore[no-untyped-def]
    study_sample(collection)
    answer_cards(collection, "Neural nets::Optimizers", [1, 3, 3, 4, 2])


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("studied"), _studied, legacy=False)


def _counts(collection: Collection) -> tuple[int, int, int]:
    with collection.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.scalar(select(func.count()).select_from(table))
            for table in (decks, cards, reviews)
        )


def test_a_package_imports_its_decks_cards_and_history(
    collection: Collection, package: Path
) -> None:
    batch = collection.import_paths([package])
    assert batch.errors == []
    assert [(r.deck, r.added, r.format) for r in batch.reports] == [
        ("neural-nets-optimizers", 5, "Anki package"),
        ("neural-nets", 1, "Anki package"),
    ]
    assert batch.reports[-1].remarks == (
        "5 of 5 reviews from Anki's history replayed into the schedule",
        "2 media files not imported (the terminal shows no images or sounds; cards name them): "
        "curve.png, say.mp3",
    )
    assert _counts(collection) == (2, 6, 5)
    with collection.engine.connect() as connection:
        reviewed, scheduled = connection.execute(
            select(func.sum(card_states.c.reviews), func.count(card_states.c.due))
        ).one()
    assert (reviewed, scheduled) == (5, len(_reviewed_cards(collection)))


def _reviewed_cards(collection: Collection) -> list[int]:
    with collection.engine.connect() as connection:
        return list(connection.scalars(select(reviews.c.card_id).distinct()))


def test_importing_the_same_package_again_changes_nothing(
    collection: Collection, package: Path
) -> None:
    collection.import_paths([package])
    again = collection.import_paths([package])
    assert [(r.added, r.updated, r.unchanged) for r in again.reports] == [(0, 0, 5), (0, 0, 1)]
    assert again.reports[-1].remarks[0] == (
        "0 of 5 reviews from Anki's history replayed into the schedule "
        "(5 were here already, or older than a card's history)"
    )
    assert _counts(collection) == (2, 6, 5)


def test_a_failure_part_way_imports_nothing(
    collection: Collection, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.store import package_import

    written: list[str] = []
    real_write_deck = package_import.write_deck

    def broken(connection: Connection, plan: DeckPlan) -> ImportReport:
        if written:  # the first deck is written; the second fails
            raise DeckError.single(str(package), None, "the history could not be written")
        written.append(plan.key)
        return real_write_deck(connection, plan)

    monkeypatch.setattr(package_import, "write_deck", broken)
    batch = collection.import_paths([package])
    assert [str(error) for error in batch.errors] == [
        f"{package}: the history could not be written"
    ]
    assert batch.reports == []
    assert _counts(collection) == (0, 0, 0)


def test_a_bad_package_is_an_error_and_imports_nothing(
    collection: Collection, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.colpkg"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("readme.txt", "no collection here")
    batch = collection.import_paths([bad])
    assert [str(error) for error in batch.errors] == [
        f"{bad}: holds no Anki collection (collection.anki21b, collection.anki21 or "
        "collection.anki2): is it an Anki package?"
    ]
    assert _counts(collection) == (0, 0, 0)


def test_the_format_can_be_named_for_a_package_with_another_name(
    collection: Collection, package: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "download.zip"
    renamed.write_bytes(package.read_bytes())
    batch = collection.import_paths([renamed], "apkg")
    assert [r.deck for r in batch.reports] == ["neural-nets-optimizers", "neural-nets"]


def test_a_package_without_usable_notes_says_why(collection: Collection, tmp_path: Path) -> None:
    def only_empty(anki) -> None:  # type: ignore[no-untyped-def]
        from tests.decks.anki.builders import add_note

        add_note(anki, "Cloze", "Default", {"Text": "no deletions at all"})

    path = build_package(tmp_path, only_empty, legacy=True)
    [error] = collection.import_paths([path]).errors
    assert str(error).startswith(f"{path}: has no notes that can be cards\n  note ")
    assert str(error).endswith(
        '"no deletions at all": a cloze note with no {{c1::…}} deletion in its text'
    )


def test_a_whole_collection_backup_imports_like_a_package(
    collection: Collection, tmp_path: Path
) -> None:
    backup = build_collection_package(tmp_path, _studied)
    batch = collection.import_paths([backup])
    assert batch.errors == []
    assert [(r.deck, r.added) for r in batch.reports] == [
        ("neural-nets-optimizers", 5),
        ("neural-nets", 1),
    ]
    assert batch.reports[-1].remarks[0] == (
        "5 of 5 reviews from Anki's history replayed into the schedule"
    )


def _question_ids(collection: Collection) -> dict[str, int]:
    with collection.engine.connect() as connection:
        return dict(connection.execute(select(cards.c.question, cards.c.id)).all())


@pytest.mark.parametrize("legacy", [False, True])
def test_suspended_flagged_and_marked_notes_bring_their_marks(
    collection: Collection, tmp_path: Path, legacy: bool
) -> None:
    def marked(anki) -> None:  # type: ignore[no-untyped-def]
        study_sample(anki)
        anki.sched.suspend_cards(anki.find_cards("Front:lr"))
        anki.set_user_flag_for_cards(3, anki.find_cards("Front:EF"))
        note = anki.get_note(anki.find_notes("Front:SM-2")[0])
        note.add_tag("marked")
        anki.update_note(note)

    path = build_package(tmp_path, marked, legacy=legacy)
    batch = collection.import_paths([path])
    assert batch.errors == []
    assert batch.reports[-1].remarks[-1] == (
        "1 note suspended in Anki is suspended here too (unsuspend it in the browser; a card "
        "imported before keeps the marks it has here)"
    )
    ids = _question_ids(collection)
    assert collection.card_marks(ids["lr"]).suspended
    assert ids["lr"] not in collection.due_queue().card_ids
    assert collection.card_marks(ids["EF"]).flag_colour == "green"
    assert collection.card_marks(ids["SM-2"]).starred
    assert "marked" not in collection.cards([ids["SM-2"]])[ids["SM-2"]].tags
    unmarked = collection.card_marks(ids["What does **SGD** stand for?"])
    assert (unmarked.suspended, unmarked.flag, unmarked.starred) == (False, 0, False)


def _imported_with_lr_suspended(collection: Collection, tmp_path: Path) -> tuple[Path, int]:
    """The sample package, its "lr" note suspended in Anki, imported; its path and lr's id."""

    def suspended(anki) -> None:  # type: ignore[no-untyped-def]
        study_sample(anki)
        anki.sched.suspend_cards(anki.find_cards("Front:lr"))

    path = build_package(tmp_path, suspended, legacy=False)
    collection.import_paths([path])
    return path, _question_ids(collection)["lr"]


def test_a_card_imported_before_keeps_its_marks_here(
    collection: Collection, tmp_path: Path
) -> None:
    path, lr = _imported_with_lr_suspended(collection, tmp_path)
    collection.suspend([lr], on=False)  # the student wants it back
    again = collection.import_paths([path])
    assert again.errors == []
    assert not collection.card_marks(lr).suspended


def _long_history(reviews: int, cards: int) -> PackageDecks:
    """A package of one deck whose cards share a long review history (a review a minute)."""
    deck = DeckSpec(
        id="long-history",
        title="Long history",
        cards=[
            CardSpec(id=f"card-{n}", question=f"Question {n}?", answer="Answer")
            for n in range(cards)
        ],
    )
    rows = np.arange(reviews, dtype=np.int64)
    log = ReviewLog(
        card_ids=1000 + rows % cards,
        times_ms=1_600_000_000_000 + rows * 60_000,
        buttons=(1 + rows % 4).astype(np.int8),
        durations_ms=(rows % 7 * 1000).astype(np.int32),
    )
    keys = {1000 + n: ("long-history", f"card-{n}") for n in range(cards)}
    return PackageDecks([deck], keys, log, media=())


@pytest.mark.sqlite_only  # the SQLite file's size
@pytest.mark.parametrize(
    ("loose_rows", "bytes_a_review"),
    [(0, 250), (PackedRows.LOOSE_ROWS, 400)],
    ids=["packed", "held as converted"],
)
def test_replaying_a_long_history_keeps_a_few_dozen_bytes_a_review(
    collection: Collection, monkeypatch: pytest.MonkeyPatch, loose_rows: int, bytes_a_review: int
) -> None:
    # packed: measured 2.7 MB for 20,000 reviews; held as converted (up to LOOSE_ROWS rows,
    # so at most 100 MB) 7.4 MB; an object a review (a dict or a tuple of its 17 values) would
    # be 30 MB or more
    monkeypatch.setattr(PackedRows, "CHUNK_ROWS", 1000)  # rows converted but not yet packed
    monkeypatch.setattr(PackedRows, "LOOSE_ROWS", loose_rows)
    package = _long_history(20_000, 50)
    zone = zone_of(collection.clock)
    with collection.engine.connect() as connection:
        tracemalloc.start()
        try:
            plan = plan_package(
                connection,
                package,
                origin="long.apkg",
                now=collection.clock.now(),
                zone=zone,
                scheduler=collection.scheduler,
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(plan.log) == 20_000
    assert peak < 20_000 * bytes_a_review
    with collection.writer.begin() as connection:
        assert write_package(connection, plan)[1] == 20_000
        assert connection.scalar(select(func.count()).select_from(reviews)) == 20_000


def test_the_history_is_written_in_the_order_it_was_given_each_card_as_replayed_alone(
    collection: Collection,
) -> None:
    package = _long_history(600, 7)  # the cards' ratings interleave: a review a minute
    zone = zone_of(collection.clock)
    with collection.writer.begin() as connection:
        plan = plan_package(
            connection, package, origin="long.apkg", now=collection.clock.now(), zone=zone,
            scheduler=collection.scheduler,
        )  # fmt: skip
        write_package(connection, plan)
        written = connection.execute(
            select(cards.c.key, *[reviews.c[key] for key in LOG_COLUMNS])
            .join(cards, cards.c.id == reviews.c.card_id)
            .order_by(reviews.c.id)
        ).all()
    times = [row.reviewed_at for row in written]
    assert times == sorted(times)
    for number in range(7):
        history = [
            ImportedRating(0, datetime.fromtimestamp(at / 1000, UTC), BUTTONS[b], d or None)
            for at, b, d, card in zip(
                package.reviews.times_ms.tolist(), package.reviews.buttons.tolist(),
                package.reviews.durations_ms.tolist(), package.reviews.card_ids.tolist(),
                strict=True,
            )
            if card == 1000 + number
        ]  # fmt: skip
        alone, _ = replay_card(collection.scheduler, history, NEW_CARD, zone)
        assert [tuple(row)[1:] for row in written if row.key == f"card-{number}"] == [
            tuple(row[key] for key in LOG_COLUMNS) for row in alone
        ]


def test_histories_come_card_by_card_in_the_order_of_each_cards_first_answer() -> None:
    # Anki cards 1 and 2 became one card here (a shared GUID); card 9 is not imported
    keys = {1: ("d", "a"), 2: ("d", "a"), 3: ("d", "b"), 4: ("d", "c")}
    log = ReviewLog(
        card_ids=np.array([3, 9, 1, 4, 2, 3, 1, 4], dtype=np.int64),
        times_ms=np.arange(8, dtype=np.int64),
        buttons=np.array([3, 3, 1, 0, 4, 2, 3, 0], dtype=np.int8),  # 0: not an answer
        durations_ms=np.zeros(8, dtype=np.int32),
    )
    package = PackageDecks([], keys, log, media=())
    cards, rows, bounds = _histories(package)
    assert cards == [("d", "b"), ("d", "a")]  # c has no answers
    assert [rows[start:stop].tolist() for start, stop in itertools.pairwise(bounds)] == [
        [0, 5],
        [2, 4, 6],
    ]


def test_a_card_tagged_anki_suspended_before_schema_8_is_suspended_by_the_next_import(
    collection: Collection, tmp_path: Path
) -> None:
    path, lr = _imported_with_lr_suspended(collection, tmp_path)
    # as an import before schema 8 left it: active, tagged instead of suspended
    collection.suspend([lr], on=False)
    with collection.writer.begin() as connection:
        connection.execute(
            cards.update()
            .where(cards.c.id == lr)
            .values(tags=["anki-suspended"], content_hash="tagged before schema 8")
        )
    again = collection.import_paths([path])
    assert again.errors == []
    assert collection.card_marks(lr).suspended
    assert collection.cards([lr])[lr].tags == ()
