"""Answers, finished tests and matching games; the cards of a scope; tag counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from studyapp.store.schema import answers, match_games, test_results
from tests.conftest import WriteDeck
from tests.store_rows import all_rows, get_row

ALPHA = """---
id: alpha
title: Alpha
---
## First
one
tags:: momentum, sgd

## Second
two
tags:: adam

## Third
three
"""

BETA = """---
id: beta
title: Beta
---
## Fourth
four
tags:: momentum
"""


@pytest.fixture
def stocked(collection: Collection, write_deck: WriteDeck) -> Collection:
    collection.import_file(write_deck("alpha.md", ALPHA))
    collection.import_file(write_deck("beta.md", BETA))
    return collection


def _questions(cards: list) -> list[str]:
    return [card.question for card in cards]


def test_scope_cards_follow_deck_and_file_order(stocked: Collection) -> None:
    assert _questions(stocked.scope_cards(Scope())) == ["First", "Second", "Third", "Fourth"]
    assert _questions(stocked.scope_cards(Scope(decks=("beta",)))) == ["Fourth"]
    assert _questions(stocked.scope_cards(Scope(tag="momentum"))) == ["First", "Fourth"]
    assert _questions(stocked.scope_cards(Scope(tag="Momentum"))) == []  # tags match exactly
    assert stocked.scope_cards(Scope(tag="nowhere")) == []


def test_scope_card_order_follows_a_reordered_file_without_the_cards_kept_out(
    stocked: Collection, write_deck: WriteDeck
) -> None:
    ids = {card.question: card.id for card in stocked.scope_cards(Scope())}
    reordered = ALPHA.replace("## First\none\ntags:: momentum, sgd\n\n", "") + (
        "\n## First\none\ntags:: momentum, sgd\n"
    )
    stocked.import_file(write_deck("alpha.md", reordered))  # the same cards: Second, Third, First
    stocked.suspend([ids["Second"]])
    stocked.bury([ids["Fourth"]])
    assert stocked.scope_card_order(Scope()) == [ids["Third"], ids["First"]]
    assert stocked.scope_card_order(Scope(decks=("alpha",))) == [ids["Third"], ids["First"]]
    assert stocked.scope_card_order(Scope(tag="momentum")) == [ids["First"]]
    assert stocked.scope_card_order(Scope(search="tag:momentum")) == [ids["First"]]


def test_a_scope_card_set_is_the_scope_cards_ids_by_id(stocked: Collection) -> None:
    stocked.suspend([stocked.scope_cards(Scope(decks=("alpha",)))[1].id])
    for scope in (Scope(), Scope(decks=("beta",)), Scope(tag="momentum"), Scope(tag="Momentum")):
        ids = stocked.scope_card_set(scope)
        assert ids == sorted(card.id for card in stocked.scope_cards(scope))
    assert len(stocked.scope_card_set(Scope())) == 3  # the suspended card is not studied


def test_retired_cards_leave_the_scope(stocked: Collection, write_deck: WriteDeck) -> None:
    stocked.import_file(
        write_deck("beta.md", BETA.replace("## Fourth\nfour\ntags:: momentum", "## Fifth\nfive"))
    )
    assert _questions(stocked.scope_cards(Scope(tag="momentum"))) == ["First"]


def test_a_tag_scope_filters_the_due_queue(stocked: Collection) -> None:
    queue = stocked.due_queue(Scope(tag="momentum"))
    assert _questions([stocked.cards(queue.card_ids)[i] for i in queue.card_ids]) == [
        "First",
        "Fourth",
    ]


def test_scope_keys_and_labels() -> None:
    assert (Scope().key, Scope().label) == ("all", "all decks")
    assert (Scope(decks=("a", "b")).key, Scope(decks=("a",)).label) == ("deck:a,b", "a")
    assert (Scope(tag="lr").key, Scope(tag="lr").label) == ("tag:lr", "#lr")
    with pytest.raises(ValueError, match="not two of them"):
        Scope(decks=("a",), tag="lr")


def test_tag_summaries_count_like_decks(stocked: Collection) -> None:
    first = stocked.scope_cards(Scope(tag="momentum"))[0]
    stocked.rate(first.id, 5)
    summaries = {summary.key: summary for summary in stocked.tag_summaries()}
    assert list(summaries) == ["adam", "momentum", "sgd"]
    momentum = summaries["momentum"]
    assert (momentum.title, momentum.cards, momentum.new, momentum.due) == ("#momentum", 2, 1, 0)
    assert momentum.mastery == pytest.approx(50.0)  # ratings 5 and unseen 0, out of 5


def test_an_answer_is_written_and_can_be_overridden(stocked: Collection, clock: FixedClock) -> None:
    card = stocked.scope_cards(Scope())[0]
    answer_id = stocked.record_answer(
        AnswerRecord(card.id, "learn", "written", False, clock.now(), given="onee", response_ms=900)
    )
    stocked.mark_answer_right(answer_id)
    with stocked.engine.connect() as connection:
        answer = get_row(connection, answers, answer_id)
        assert answer is not None
        assert (answer.correct, answer.overridden, answer.given) == (True, True, "onee")
        assert (answer.mode, answer.kind, answer.response_ms, answer.test_id) == (
            "learn",
            "written",
            900,
            None,
        )


def test_answer_records_are_checked(clock: FixedClock) -> None:
    with pytest.raises(ValueError, match="not 'spaced'"):
        AnswerRecord(1, "spaced", "written", True, clock.now())
    with pytest.raises(ValueError, match="kind"):
        AnswerRecord(1, "test", "essay", True, clock.now())
    with pytest.raises(ValueError, match="negative"):
        AnswerRecord(1, "test", "choice", True, clock.now(), response_ms=-1)


def test_a_finished_test_is_saved_with_its_answers(stocked: Collection, clock: FixedClock) -> None:
    started = clock.now()
    cards = stocked.scope_cards(Scope(decks=("alpha",)))
    clock.advance(seconds=95)
    results = [
        AnswerRecord(cards[0].id, "test", "choice", True, clock.now(), given="one"),
        AnswerRecord(cards[1].id, "test", "written", False, clock.now(), given="too"),
    ]
    test_id = stocked.record_test(
        Scope(decks=("alpha",)), started, ["choice", "written"], results, questions=2, correct=1
    )
    with stocked.engine.connect() as connection:
        test_row = get_row(connection, test_results, test_id)
        assert test_row is not None
        assert (test_row.scope, test_row.duration_ms, test_row.questions, test_row.correct) == (
            "deck:alpha",
            95_000,
            2,
            1,
        )
        assert test_row.kinds == ["choice", "written"]
        assert [
            (a.given, a.correct)
            for a in all_rows(connection, answers, answers.c.test_id == test_row.id)
        ] == [("one", True), ("too", False)]


def test_overriding_a_test_answer_counts_in_the_test_score_once(
    stocked: Collection, clock: FixedClock
) -> None:
    cards = stocked.scope_cards(Scope(decks=("alpha",)))
    results = [
        AnswerRecord(cards[0].id, "test", "written", False, clock.now(), given="onee?"),
        AnswerRecord(cards[1].id, "test", "written", False, clock.now(), given="too"),
    ]
    test_id = stocked.record_test(
        Scope(decks=("alpha",)), clock.now(), ["written"], results, questions=2, correct=0
    )
    stocked.mark_test_answer_right(test_id, cards[0].id)
    stocked.mark_test_answer_right(test_id, cards[0].id)  # already right: nothing more
    with stocked.engine.connect() as connection:
        test_row = get_row(connection, test_results, test_id)
        assert test_row is not None
        assert test_row.correct == 1
        assert [
            (a.card_id, a.given, a.correct, a.overridden)
            for a in all_rows(connection, answers, answers.c.test_id == test_id)
        ] == [(cards[0].id, "onee?", True, True), (cards[1].id, "too", False, False)]


def test_the_best_matching_time_is_per_scope(stocked: Collection, clock: FixedClock) -> None:
    alpha, everything = Scope(decks=("alpha",)), Scope()
    assert stocked.best_match_ms(alpha) is None
    for elapsed, penalty in [(20_000, 3_000), (19_000, 1_000), (30_000, 0)]:
        stocked.record_match_game(
            MatchResult(alpha, clock.now(), 6, penalty // 1000, elapsed, penalty), []
        )
        clock.advance(minutes=1)
    stocked.record_match_game(MatchResult(everything, clock.now(), 6, 0, 9_000, 0), [])
    assert stocked.best_match_ms(alpha) == 20_000
    assert stocked.best_match_ms(everything) == 9_000
    with stocked.engine.connect() as connection:
        games = all_rows(connection, match_games)
        assert [game.total_ms for game in games] == [23_000, 20_000, 30_000, 9_000]
        assert games[0].finished_at + timedelta(minutes=1) == games[1].finished_at
