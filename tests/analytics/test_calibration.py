"""Calibration: self-ratings against answers, on a history whose figures are worked out by hand.

Expected success of a card = mean over its ratings of (rating − 1) / 4; objective = right / answers;
gap = expected − objective. Compared: ≥ 1 rating and ≥ 3 answers. Over/under: gap ≥ 0.25 / ≤ −0.25.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from studyapp.analytics.calibration import (
    CONFIDENCE_GAP,
    MIN_ANSWERS,
    CalibrationLevel,
    CalibrationReport,
    calibration_report,
    expected_success,
)
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from tests.conftest import OPTIMIZERS, WriteDeck, optimizer_deck

QUESTIONS = list(OPTIMIZERS)
TAGGED = Scope(tag="optimizers")  # the deck's first six cards


def report(
    collection: Collection, scope: Scope, since: datetime | None = None, limit: int = 20
) -> CalibrationReport:
    with collection.engine.connect() as connection:
        return calibration_report(connection, scope, since=since, limit=limit)


def answer(
    collection: Collection,
    clock: FixedClock,
    card_id: int,
    correct: bool,
    mode: str = "learn",
    kind: str = "choice",
) -> int:
    clock.advance(minutes=1)
    return collection.record_answer(AnswerRecord(card_id, mode, kind, correct, clock.now()))


def rate(collection: Collection, clock: FixedClock, card_id: int, *ratings: int) -> None:
    for rating in ratings:
        clock.advance(minutes=1)
        collection.rate(card_id, rating)


@pytest.fixture
def history(collection: Collection, clock: FixedClock, deck: Scope) -> list[int]:
    """Ratings and answers on the optimizer deck; the card ids in file order (c0 … c9)."""
    c = [card.id for card in collection.scope_cards(deck)]
    # c0: rated 5, 5 (expected 1); right 1 of 4: a test, a learn answer, a matching game
    rate(collection, clock, c[0], 5, 5)
    started = clock.now()
    clock.advance(minutes=2)
    tested = [
        AnswerRecord(c[0], "test", "choice", True, clock.now()),
        AnswerRecord(c[0], "test", "written", False, clock.now()),
        AnswerRecord(c[3], "test", "true_false", True, clock.now()),
    ]
    collection.record_test(deck, started, ["choice"], tested, questions=3, correct=2)
    answer(collection, clock, c[0], False, kind="written")
    pairs = [AnswerRecord(c[0], "matching", "matching", False, clock.now())]
    collection.record_match_game(MatchResult(deck, clock.now(), 6, 1, 20_000, 1_000), pairs)
    # c1: rated 4 in learn mode (0.75); right 3 of 3, one of them an "I was right" override
    clock.advance(minutes=1)
    collection.rate(c[1], 4, mode="learn")
    collection.mark_answer_right(answer(collection, clock, c[1], False, kind="written"))
    answer(collection, clock, c[1], True)
    answer(collection, clock, c[1], True, mode="test", kind="true_false")
    # c2: rated 2, then 4 in test mode (mean 3: 0.5); right 2 of 4
    rate(collection, clock, c[2], 2)
    collection.rate(c[2], 4, mode="test")
    for correct in (True, False, False, True):
        answer(collection, clock, c[2], correct)
    # c3: rated 5, 4 (mean 4.5: 0.875); right 1 (in the test above) of 3
    rate(collection, clock, c[3], 5, 4)
    answer(collection, clock, c[3], False)
    answer(collection, clock, c[3], False)
    # c4: rated 3, only 2 answers: not compared
    rate(collection, clock, c[4], 3)
    answer(collection, clock, c[4], True)
    answer(collection, clock, c[4], True)
    # c5: 3 answers, never rated: not compared
    for _ in range(3):
        answer(collection, clock, c[5], False)
    # c6: rated 1 (0); right 3 of 3
    rate(collection, clock, c[6], 1)
    for _ in range(3):
        answer(collection, clock, c[6], True)
    # c7: rated 4 (0.75); right 2 of 4: gap exactly 0.25, just overconfident
    rate(collection, clock, c[7], 4)
    for correct in (True, True, False, False):
        answer(collection, clock, c[7], correct)
    # c8: rated 5 (1); right 0 of 3: gap 1, the worst card (until it is retired)
    rate(collection, clock, c[8], 5)
    for _ in range(3):
        answer(collection, clock, c[8], False)
    # c9: rated 5, never answered: not compared
    rate(collection, clock, c[9], 5)
    return c


def retire_c8(collection: Collection, write_deck: WriteDeck) -> None:
    text = optimizer_deck().replace("## What schedule restarts a cosine curve?", "## Gone?")
    collection.import_file(write_deck("opt.md", text))


def test_the_rule_and_its_thresholds() -> None:
    assert [expected_success(r) for r in (1, 2, 3, 4, 5)] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert (MIN_ANSWERS, CONFIDENCE_GAP) == (3, 0.25)


def test_no_data_gives_an_empty_report(collection: Collection, deck: Scope) -> None:
    empty = report(collection, Scope())
    assert (empty.summary.cards, empty.summary.mean_expected, empty.summary.mean_objective) == (
        0,
        None,
        None,
    )
    assert (empty.summary.overconfident, empty.summary.underconfident) == (0, 0)
    assert empty.summary.calibrated == 0
    assert [(level.rating, level.cards, level.actual) for level in empty.levels] == [
        (1, 0, None),
        (2, 0, None),
        (3, 0, None),
        (4, 0, None),
        (5, 0, None),
    ]
    assert empty.overrated == ()


def test_ratings_without_answers_compare_nothing(
    collection: Collection, clock: FixedClock, deck: Scope
) -> None:
    for card in collection.scope_cards(deck):
        rate(collection, clock, card.id, 5)
    assert report(collection, deck).summary.cards == 0


def test_the_summary_of_the_whole_collection(collection: Collection, history: list[int]) -> None:
    summary = report(collection, Scope()).summary
    # compared: c0 c1 c2 c3 c6 c7 c8 (c4: 2 answers; c5: no rating; c9: no answer)
    assert summary.cards == 7
    # expected 1 + 0.75 + 0.5 + 0.875 + 0 + 0.75 + 1 = 4.875, over 7
    assert summary.mean_expected == pytest.approx(4.875 / 7)
    # objective 0.25 + 1 + 0.5 + 1/3 + 1 + 0.5 + 0 = 3.5833…, over 7
    assert summary.mean_objective == pytest.approx((0.25 + 1 + 0.5 + 1 / 3 + 1 + 0.5 + 0) / 7)
    # gaps: c0 0.75, c1 −0.25, c2 0, c3 0.5417, c6 −1, c7 0.25, c8 1
    assert (summary.overconfident, summary.underconfident, summary.calibrated) == (4, 2, 1)


def test_the_overrated_cards_by_gap(collection: Collection, history: list[int]) -> None:
    c = history
    overrated = report(collection, Scope()).overrated
    assert [card.card_id for card in overrated] == [c[8], c[0], c[3], c[7]]
    worst, first, third, seventh = overrated
    assert (worst.deck, worst.question) == ("opt", QUESTIONS[8])
    assert (worst.ratings, worst.mean_rating, worst.answers, worst.right) == (1, 5.0, 3, 0)
    assert (worst.expected, worst.objective, worst.gap) == (1.0, 0.0, 1.0)
    # c0: ratings 5, 5; answers: test right, test wrong, learn wrong, matching wrong
    assert (first.ratings, first.mean_rating, first.answers, first.right) == (2, 5.0, 4, 1)
    assert (first.expected, first.objective, first.gap) == (1.0, 0.25, 0.75)
    # c3: mean 4.5 → 0.875; 1 of 3 right → gap 0.875 − 1/3 = 13/24
    assert (third.ratings, third.mean_rating, third.answers, third.right) == (2, 4.5, 3, 1)
    assert third.expected == 0.875
    assert third.objective == pytest.approx(1 / 3)
    assert third.gap == pytest.approx(13 / 24)
    # c7: exactly on the threshold
    assert seventh.gap == pytest.approx(CONFIDENCE_GAP)


def test_the_list_is_cut_at_the_limit_but_the_count_is_not(
    collection: Collection, history: list[int]
) -> None:
    cut = report(collection, Scope(), limit=2)
    assert [card.card_id for card in cut.overrated] == [history[8], history[0]]
    assert cut.summary.overconfident == 4


def test_the_reliability_table_by_latest_rating(collection: Collection, history: list[int]) -> None:
    levels = report(collection, Scope()).levels
    # latest ratings: c0 5, c1 4, c2 4 (the test-mode rating), c3 4, c6 1, c7 4, c8 5
    assert levels[:3] == (
        CalibrationLevel(1, 0.0, 1, 1.0),  # c6: 3 of 3
        CalibrationLevel(2, 0.25, 0, None),
        CalibrationLevel(3, 0.5, 0, None),
    )
    assert levels[4] == CalibrationLevel(5, 1.0, 2, 0.125)  # c0 0.25 and c8 0: mean 0.125
    four = levels[3]  # c1 1, c2 0.5, c3 1/3, c7 0.5: mean 7/12
    assert (four.rating, four.expected, four.cards) == (4, 0.75, 4)
    assert four.actual == pytest.approx(7 / 12)


def test_an_override_counts_as_right(collection: Collection, history: list[int]) -> None:
    # c1: rated 4 (0.75) and 3 of 3 right thanks to the override: gap −0.25, underconfident;
    # without it 2 of 3 (gap 0.083) would be calibrated
    assert report(collection, TAGGED).summary.underconfident == 1


def test_retired_cards_are_left_out(
    collection: Collection, history: list[int], write_deck: WriteDeck
) -> None:
    retire_c8(collection, write_deck)
    after = report(collection, Scope())
    assert after.summary.cards == 6
    assert after.summary.mean_expected == pytest.approx(3.875 / 6)
    assert [card.card_id for card in after.overrated] == [history[0], history[3], history[7]]
    assert after.levels[4] == CalibrationLevel(5, 1.0, 1, 0.25)


def test_a_tag_scope(collection: Collection, history: list[int]) -> None:
    tagged = report(collection, TAGGED)
    # c0 … c5 carry the tag; compared: c0 c1 c2 c3
    assert tagged.summary.cards == 4
    assert tagged.summary.mean_expected == pytest.approx((1 + 0.75 + 0.5 + 0.875) / 4)
    assert tagged.summary.mean_objective == pytest.approx((0.25 + 1 + 0.5 + 1 / 3) / 4)
    assert (tagged.summary.overconfident, tagged.summary.underconfident) == (2, 1)
    assert [card.card_id for card in tagged.overrated] == [history[0], history[3]]
    assert [level.cards for level in tagged.levels] == [0, 0, 0, 3, 1]


def test_a_deck_scope(collection: Collection, history: list[int]) -> None:
    assert report(collection, Scope(decks=("opt",))).summary.cards == 7
    assert report(collection, Scope(decks=("elsewhere",))).summary.cards == 0


def test_a_window_keeps_only_recent_ratings_and_answers(
    collection: Collection, clock: FixedClock, deck: Scope
) -> None:
    card = collection.scope_cards(deck)[0].id
    rate(collection, clock, card, 5)
    for _ in range(3):
        answer(collection, clock, card, False)
    clock.advance(days=9)
    since = clock.now()
    rate(collection, clock, card, 2)
    for correct in (True, False, False):
        answer(collection, clock, card, correct)
    # all history: mean rating 3.5 → 0.625; 1 of 6 right → gap 0.4583
    (whole,) = report(collection, deck).overrated
    assert (whole.ratings, whole.answers, whole.right) == (2, 6, 1)
    assert whole.gap == pytest.approx(0.625 - 1 / 6)
    # since the second day: rating 2 → 0.25; 1 of 3 right → gap −0.083, calibrated
    recent = report(collection, deck, since=since)
    assert recent.overrated == ()
    assert (recent.summary.cards, recent.summary.mean_expected) == (1, 0.25)
    assert recent.summary.mean_objective == pytest.approx(1 / 3)
    # a window that holds the answers but none of the ratings compares nothing
    assert report(collection, deck, since=clock.now() - timedelta(minutes=2)).summary.cards == 0


@pytest.mark.parametrize("scope", [Scope(), TAGGED], ids=["all", "tag"])
def test_the_kept_counts_and_the_logs_agree(
    collection: Collection,
    history: list[int],
    scope: Scope,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from_counts = report(collection, scope)
    monkeypatch.setattr("studyapp.analytics.calibration.triggers_kept", lambda _: False)
    assert report(collection, scope) == from_counts
    # compared: c0 c1 c2 c3 c6 c7 c8; with the tag, c0 to c3
    assert from_counts.summary.cards == (7 if scope == Scope() else 4)
