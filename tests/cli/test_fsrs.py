"""``studyapp fsrs optimize``: FSRS fitted to the store's own review log and kept with the day
and the number of reviews, every memory worked out again under it; too few reviews keep the
defaults and say so."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.analytics.fsrs_evaluation import evaluate_models
from studyapp.analytics.fsrs_fit import fit_parameters
from studyapp.analytics.fsrs_memory import memories_from_recalls
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS
from studyapp.scheduling.rating import Rating
from studyapp.store.review_import import ImportedRating, replay_ratings
from studyapp.store.schema import card_states
from tests.analytics.test_fsrs_fit import simulated_learner
from tests.cli.conftest import run
from tests.store_copies import build_store, copy_store

CARDS = 120


def fill_learner(collection: Collection, folder: Path) -> None:
    """Cards carrying a simulated learner's ten months of spaced reviews."""
    deck = folder / "d.md"
    deck.write_text(
        "".join(f"## Question {n}\nAnswer {n}\n\n" for n in range(CARDS)), encoding="utf-8"
    )
    collection.import_file(deck)
    with collection.engine.connect() as connection:
        cards = sorted(connection.scalars(select(card_states.c.card_id)))
    assert len(cards) == CARDS
    ratings = [
        ImportedRating(cards[card], datetime.combine(day, time(9), UTC), Rating(rating))
        for card, history in simulated_learner(CARDS, seed=5)
        for day, rating in history
    ]
    with collection.writer.begin() as connection:
        replay_ratings(connection, collection.scheduler, ratings, UTC)


@pytest.fixture(scope="module")
def learner_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The learner's store, built once per test process."""
    path, _ = build_store(tmp_path_factory.mktemp("learner"), fill_learner)
    return path


@pytest.fixture
def learner_db(db: str, learner_store: Path) -> str:
    """A store whose cards carry a simulated learner's ten months of spaced reviews (a copy of
    the one built once)."""
    copy_store(learner_store, Path(db))
    return db


def test_optimize_fits_keeps_and_works_out_every_memory_again(
    learner_db: str, clock: FixedClock
) -> None:
    dues_before = _fsrs_dues(learner_db, clock)
    assert None not in dues_before.values()
    code, out, err = run(["fsrs", "optimize"], learner_db, clock)
    assert code == 0, err
    assert _fsrs_dues(learner_db, clock) == dues_before  # the due days FSRS gave stay
    collection = Collection.open(f"sqlite:///{learner_db}", clock, bundled=False)
    try:
        histories = collection.recall_histories()
        expected = fit_parameters(histories)
        record = collection.fsrs_fitted()
        assert record is not None
        assert record.parameters == expected.parameters != DEFAULT_FSRS_PARAMETERS
        assert (record.fitted_on, record.reviews, record.items) == (
            clock.now().date(),
            expected.recalls,
            expected.items,
        )
        assert collection.scheduler.fsrs.parameters == record.parameters
        memories = memories_from_recalls(histories, record.parameters)
        with collection.engine.connect() as connection:
            stored = {
                card: (stability, difficulty)
                for card, stability, difficulty in connection.execute(
                    select(
                        card_states.c.card_id,
                        card_states.c.fsrs_stability,
                        card_states.c.fsrs_difficulty,
                    )
                )
            }
        assert len(memories) == CARDS
        for card, memory in memories.items():
            assert stored[card] == (memory.stability, memory.difficulty)
    finally:
        collection.close()
    assert (
        f"FSRS fitted to {expected.recalls:,} spaced reviews ({expected.items:,} predictions)"
        in out
    )
    assert f"{CARDS} cards' memories worked out again" in out
    assert "The scheduler is SM-2: studyapp config scheduler fsrs to use them." in out
    assert "Fitting FSRS to" in err


def _fsrs_dues(db: str, clock: FixedClock) -> dict[int, object]:
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        with collection.engine.connect() as connection:
            rows = connection.execute(select(card_states.c.card_id, card_states.c.fsrs_due))
            return dict(rows.all())
    finally:
        collection.close()


def test_too_few_reviews_keep_the_defaults_and_say_so(db: str, clock: FixedClock) -> None:
    code, out, _err = run(["fsrs", "optimize"], db, clock)
    assert code == 0
    assert out.startswith("Too few reviews to fit FSRS: 0 spaced reviews give 0 predictions")
    assert "FSRS runs on its default parameters." in out
    collection = Collection.open(f"sqlite:///{db}", clock, bundled=False)
    try:
        assert collection.fsrs_fitted() is None
    finally:
        collection.close()


def test_simulate_prints_each_retention_and_marks_the_recommended_one(
    db: str, clock: FixedClock, learner_db: str
) -> None:
    code, out, err = run(["fsrs", "simulate", "--days", "60"], learner_db, clock)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{CARDS} cards over 60 days, 20 new and at most 200 reviews a day"
    rows = [line for line in lines if line.strip()[:4] in {"0.70", "0.75", "0.80", "0.85",
                                                            "0.90", "0.95", "0.97"}]  # fmt: skip
    assert len(rows) == 7
    assert sum("◀ recommended" in row for row in rows) == 1
    reviews = [float(row.split()[1]) for row in rows]
    assert reviews == sorted(reviews)  # more retention, more reviews
    assert "Simulated with FSRS's default parameters; your desired retention is 0.90" in out
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--days", "0"], "days are 1 to 3650, not '0'"),
        (["--days", "x"], "days are 1 to 3650, not 'x'"),
    ],
)
def test_simulate_refuses_bad_days(
    db: str, clock: FixedClock, args: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["fsrs", "simulate", *args], db, clock)
    assert exited.value.code == 2
    assert problem in capsys.readouterr().err


def test_simulate_with_no_cards_says_so(db: str, clock: FixedClock) -> None:
    code, out, err = run(["fsrs", "simulate"], db, clock)
    assert (code, out) == (2, "")
    assert err.endswith("there are no cards to study: import a deck first\n")


def test_evaluate_scores_every_model_on_the_same_predictions(
    learner_db: str, clock: FixedClock
) -> None:
    code, out, err = run(["fsrs", "evaluate"], learner_db, clock)
    assert code == 0, err
    collection = Collection.open(f"sqlite:///{learner_db}", clock, bundled=False)
    try:
        expected = evaluate_models(collection.recall_histories(), 0.9)
    finally:
        collection.close()
    assert expected.enough
    lines = out.splitlines()
    assert lines[0].startswith(f"Judged on your {expected.recalls:,} spaced reviews: ")
    header = lines.index(f"{'model':<26}{'log loss':>10}{'RMSE (bins)':>13}")
    table = {line[:26].strip(): line[26:].split() for line in lines[header + 1 : header + 4]}
    assert list(table) == ["FSRS, fitted", "FSRS, default parameters", "SM-2 (read at 0.90)"]
    for model, (loss, rmse) in zip(expected.models, table.values(), strict=True):
        assert loss.rstrip("*") == f"{model.log_loss:.4f}"
        assert rmse.rstrip("*") == f"{model.rmse_bins:.2%}"
    assert sum(cells[0].endswith("*") for cells in table.values()) >= 1
    assert max(len(line) for line in lines) <= 78


def test_evaluate_with_too_few_reviews_says_what_it_needs(db: str, clock: FixedClock) -> None:
    code, out, _err = run(["fsrs", "evaluate"], db, clock)
    assert code == 0
    assert out.startswith("Too few reviews to judge the schedulers: 0 spaced reviews give 0 ")
    assert "judging needs 2,400" in out
