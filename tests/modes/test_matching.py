"""The matching game without a screen: picks, penalties, timing by an injected clock, saving."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.matching import PAIRS, MatchGame, Pick
from studyapp.scope import Scope
from studyapp.store.schema import answers, match_games, reviews
from tests.conftest import WriteDeck
from tests.store_rows import all_rows, one_row


def _partner(game: MatchGame, index: int) -> int:
    tile = game.tiles[index]
    return next(
        other
        for other, candidate in enumerate(game.tiles)
        if candidate.card_id == tile.card_id and other != index
    )


def _wrong_answer_for(game: MatchGame, index: int) -> int:
    tile = game.tiles[index]
    return next(
        other
        for other, candidate in enumerate(game.tiles)
        if candidate.side != tile.side and candidate.card_id != tile.card_id
    )


def _start(collection: Collection, deck: Scope, seed: int = 1) -> MatchGame:
    game = MatchGame.start(collection, deck, random.Random(seed))
    assert game is not None
    return game


def test_a_game_has_six_pairs_of_question_and_short_answer(
    collection: Collection, deck: Scope
) -> None:
    game = _start(collection, deck)
    assert len(game.tiles) == 2 * PAIRS
    questions = [tile for tile in game.tiles if tile.side == "question"]
    answers = {tile.card_id: tile.text for tile in game.tiles if tile.side == "answer"}
    cards = {card.id: card for card in collection.scope_cards(deck)}
    assert sorted(answers) == sorted(tile.card_id for tile in questions)
    for tile in questions:
        assert tile.text == cards[tile.card_id].question
        assert answers[tile.card_id] == cards[tile.card_id].short


def test_the_board_is_shuffled_by_the_seed(collection: Collection, deck: Scope) -> None:
    first, again = _start(collection, deck, 7), _start(collection, deck, 7)
    other = _start(collection, deck, 8)
    assert first.tiles == again.tiles
    assert first.tiles != other.tiles


def test_picking_pairs_and_penalties_and_the_time_that_counts(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    game = _start(collection, deck)
    question = next(i for i, tile in enumerate(game.tiles) if tile.side == "question")
    assert game.pick(question) is Pick.SELECTED
    assert game.pick(question) is Pick.UNSELECTED
    assert game.pick(question) is Pick.SELECTED
    other_question = next(
        i for i, tile in enumerate(game.tiles) if tile.side == "question" and i != question
    )
    assert game.pick(other_question) is Pick.SELECTED  # same side: the selection moves
    assert game.selected == other_question
    assert game.pick(_wrong_answer_for(game, other_question)) is Pick.MISMATCHED
    assert (game.mistakes, game.penalty_ms, game.selected) == (1, 1000, None)
    clock.advance(seconds=4.5)
    assert game.elapsed_ms() == 4500
    assert game.total_ms() == 5500
    assert game.pick(question) is Pick.SELECTED
    assert game.pick(_partner(game, question)) is Pick.MATCHED
    assert game.pick(question) is Pick.IGNORED  # matched tiles stay out of play
    assert not game.done


def test_a_finished_game_is_saved_with_each_cards_result(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    game = _start(collection, deck)
    blamed = set()
    first_question = next(i for i, tile in enumerate(game.tiles) if tile.side == "question")
    wrong = _wrong_answer_for(game, first_question)
    game.pick(first_question)
    game.pick(wrong)
    blamed = {game.tiles[first_question].card_id, game.tiles[wrong].card_id}
    for index, tile in enumerate(game.tiles):
        if tile.side == "question" and index not in game.matched:
            clock.advance(seconds=2)
            game.pick(index)
            game.pick(_partner(game, index))
    assert game.done
    assert (game.elapsed_ms(), game.total_ms()) == (12_000, 13_000)
    clock.advance(seconds=30)  # the clock stops at the end
    assert game.total_ms() == 13_000
    assert game.pick(0) is Pick.IGNORED
    assert game.is_new_best
    with collection.engine.connect() as connection:
        row = one_row(connection, match_games)
        assert (row.pairs, row.mistakes, row.elapsed_ms, row.penalty_ms, row.total_ms) == (
            6,
            1,
            12_000,
            1_000,
            13_000,
        )
        assert row.scope == "deck:opt"
        results = {a.card_id: a.correct for a in all_rows(connection, answers)}
    assert len(results) == PAIRS
    assert {card for card, correct in results.items() if not correct} == blamed
    assert collection.best_match_ms(deck) == 13_000


def test_the_best_time_is_kept_and_beaten_only_by_a_faster_game(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    for seconds, expected_best in [(20, True), (25, False), (15, True)]:
        game = _start(collection, deck)
        clock.advance(seconds=seconds)
        for index, tile in enumerate(game.tiles):
            if tile.side == "question":
                game.pick(index)
                game.pick(_partner(game, index))
        assert game.is_new_best is expected_best
    assert collection.best_match_ms(deck) == 15_000


def test_a_scope_with_fewer_than_two_cards_has_no_game(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("one.md", "---\nid: one\ntitle: One\n---\n## Q\nA\n"))
    assert MatchGame.start(collection, Scope(decks=("one",))) is None


def test_picking_outside_the_board_is_an_error(collection: Collection, deck: Scope) -> None:
    with pytest.raises(IndexError):
        _start(collection, deck).pick(12)


def test_a_finished_games_pairs_are_rated_through_the_game(
    collection: Collection, deck: Scope
) -> None:
    game = _start(collection, deck)
    card_id = game.tiles[0].card_id
    with pytest.raises(RuntimeError, match="finish"):
        game.rate(card_id, 5)
    for index, tile in enumerate(game.tiles):
        if tile.side == "question" and index not in game.matched:
            game.pick(index)
            game.pick(_partner(game, index))
    assert game.saved is not None
    game.rate(card_id, 5)
    with pytest.raises(ValueError, match="not in this game"):
        game.rate(-1, 5)
    with collection.engine.connect() as db:
        row = one_row(db, match_games)
        rated = db.execute(select(reviews.c.card_id, reviews.c.mode, reviews.c.scheduled)).all()
    assert row.id == game.saved.result(0)
    assert rated == [(card_id, "matching", False)]
    assert game.ratings == {card_id: 5}


def test_paused_time_does_not_count(collection: Collection, deck: Scope, clock: FixedClock) -> None:
    game = _start(collection, deck)
    clock.advance(seconds=2)
    game.pause()
    assert game.paused
    clock.advance(seconds=10)
    assert game.elapsed_ms() == 2000  # the clock stands still while paused
    game.pause()  # pausing again changes nothing
    clock.advance(seconds=5)
    game.resume()
    assert not game.paused
    clock.advance(seconds=1)
    game.resume()  # resuming a running clock changes nothing
    assert game.elapsed_ms() == 3000
    game.pause()
    clock.advance(seconds=7)
    question = next(i for i, tile in enumerate(game.tiles) if tile.side == "question")
    assert game.pick(question) is Pick.SELECTED  # a pick is play: the clock runs again
    assert not game.paused
    game.pick(_partner(game, question))
    for index, tile in enumerate(game.tiles):
        if tile.side == "question" and index not in game.matched:
            clock.advance(seconds=1)
            game.pick(index)
            game.pick(_partner(game, index))
    assert game.done
    game.pause()  # a finished game's clock has stopped already
    assert not game.paused
    with collection.engine.connect() as connection:
        assert one_row(connection, match_games).elapsed_ms == 3000 + (PAIRS - 1) * 1000


def test_only_the_cards_of_a_wrong_pairs_two_tiles_are_missed(
    collection: Collection, deck: Scope
) -> None:
    game = _start(collection, deck)
    questions = [i for i, tile in enumerate(game.tiles) if tile.side == "question"]
    game.pick(questions[0])
    game.pick(questions[1])  # the same side: the selection moves, nothing is missed
    assert (game.mistakes, game.missed_cards) == (0, set())
    wrong = _wrong_answer_for(game, questions[1])
    assert game.pick(wrong) is Pick.MISMATCHED
    blamed = {game.tiles[questions[1]].card_id, game.tiles[wrong].card_id}
    assert game.missed_cards == blamed
    for index in questions:
        game.pick(index)
        game.pick(_partner(game, index))
    assert game.done
    assert game.missed_cards == blamed  # right pairs blame no one
    with collection.engine.connect() as connection:
        results = {a.card_id: a.correct for a in all_rows(connection, answers)}
    assert {card for card, correct in results.items() if not correct} == blamed
    assert sum(results.values()) == PAIRS - 2
