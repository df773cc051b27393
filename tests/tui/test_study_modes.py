"""Pilot tests: learn, test and matching played with key presses, then the store checked."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import func, select
from textual.widgets import DataTable

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.exam import ExamQuestion
from studyapp.modes.matching import MatchGame
from studyapp.scope import Scope
from studyapp.store.schema import answers, card_states, exams, match_games, reviews
from studyapp.tui.app import create_app
from studyapp.tui.exam import LETTERS, ExamResultsScreen, ExamScreen, ExamSetupScreen
from studyapp.tui.help import HelpScreen
from studyapp.tui.home import HomeScreen
from studyapp.tui.learn import LearnScreen, LearnSummaryScreen
from studyapp.tui.matching import TILE_KEYS, MatchDoneScreen, MatchScreen, MatchTile
from tests.conftest import WriteDeck
from tests.store_rows import all_rows, one_row


def _keys(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def test_a_whole_learn_session(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(1))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            missed_once = False
            while not session.done or session.feedback is not None:
                question = session.question
                if question is None:
                    await pilot.press("enter")  # the round's report, then the next round
                elif question.kind == "choice":
                    assert question.choice is not None
                    pick = question.choice.answer
                    if not missed_once:  # miss the very first question
                        pick, missed_once = (pick + 1) % len(question.choice.options), True
                    await pilot.press(str(pick + 1), "enter")
                else:
                    await pilot.press(*_keys(question.card.short or ""), "enter")
                    assert session.feedback is not None
                    assert session.feedback.correct
                    await pilot.press("4")  # rate it, which also goes on
            assert isinstance(app.screen, LearnSummaryScreen)
            await pilot.press("enter")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        answered = db.execute(select(answers.c.kind, answers.c.correct)).all()
        assert len(answered) == 21  # 10 cards x 2 forms, plus the miss
        assert answered.count(("choice", False)) == 1
        ratings = db.execute(select(reviews.c.mode, reviews.c.rating, reviews.c.scheduled)).all()
        assert ratings == [("learn", 4, False)] * 10
        states = all_rows(db, card_states)
        assert all(s.last_rating == 4 and s.due is None and s.repetitions == 0 for s in states)


def test_i_was_right_counts_a_written_answer(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(2))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            session = screen.session
            while session.question is not None:  # round 1: multiple choice, all right
                assert session.question.choice is not None
                await pilot.press(str(session.question.choice.answer + 1), "enter")
            await pilot.press("enter")
            await pilot.press(*_keys("my own words"), "enter")
            assert session.feedback is not None
            assert not session.feedback.correct
            await pilot.press("o", "5")
            assert session.learned == 1
            await pilot.press("escape")
            assert isinstance(app.screen, LearnSummaryScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        written = one_row(db, answers, answers.c.kind == "written")
        assert (written.given, written.correct, written.overridden) == ("my own words", True, True)


def _answer_keys(question: ExamQuestion) -> list[str]:
    if question.choice is not None:
        return [str(question.choice.answer + 1)]
    if question.true_false is not None:
        return ["t" if question.true_false.is_true else "f"]
    if question.matching is not None:
        return [*(LETTERS[pick] for pick in question.matching.solution), "enter"]
    return [*_keys(question.cards[0].short or ""), "enter"]


def test_a_whole_test(collection: Collection, deck: Scope, clock: FixedClock) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(3))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("t")
            assert isinstance(app.screen, ExamSetupScreen)
            await pilot.press("backspace", "backspace", "6", "enter")
            screen = app.screen
            assert isinstance(screen, ExamScreen)
            questions = screen.session.questions
            kinds = {question.kind for question in questions}
            assert kinds == {"choice", "true_false", "written", "matching"}
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            for question in questions[:-1]:
                clock.advance(seconds=15)
                await pilot.press(*_answer_keys(question))
            await pilot.press("ctrl+n")  # skip the last one: it stays unanswered
            await pilot.press("ctrl+s")
            results = app.screen
            assert isinstance(results, ExamResultsScreen)
            await pilot.press("2", "5")  # rate the first two questions
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    with collection.engine.connect() as db:
        exam = one_row(db, exams)
        assert (exam.questions, exam.correct, exam.duration_ms) == (6, 5, 75_000)
        assert exam.scope == "deck:opt"
        wrong = all_rows(db, answers, answers.c.correct.is_(False))
        assert wrong
        assert all(a.exam_id == exam.id for a in wrong)
        ratings = db.execute(select(reviews.c.mode, reviews.c.rating)).all()
        assert {mode for mode, _ in ratings} == {"test"}
        assert sorted({rating for _, rating in ratings}) == [2, 5]


def test_a_whole_matching_game(collection: Collection, deck: Scope, clock: FixedClock) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(4))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            game: MatchGame = screen.game
            tiles = game.tiles
            partner = {
                i: next(j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != i)
                for i, tile in enumerate(tiles)
            }
            first = next(i for i, t in enumerate(tiles) if t.side == "question")
            wrong = next(
                j for j, t in enumerate(tiles) if t.side == "answer" and j != partner[first]
            )
            await pilot.press(TILE_KEYS[first], TILE_KEYS[wrong])  # a wrong pair: +1 s
            for index, tile in enumerate(tiles):
                if tile.side == "question":
                    clock.advance(seconds=3)
                    await pilot.press(TILE_KEYS[index], TILE_KEYS[partner[index]])
            assert isinstance(app.screen, MatchDoneScreen)
            await pilot.press("3")  # rate the first pair
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(play())
    assert collection.best_match_ms(Scope(decks=("opt",))) == 19_000
    with collection.engine.connect() as db:
        game = one_row(db, match_games)
        assert (game.pairs, game.mistakes, game.elapsed_ms, game.penalty_ms) == (
            6,
            1,
            18_000,
            1_000,
        )
        assert db.scalar(select(func.count()).select_from(answers)) == 6
        assert db.execute(select(reviews.c.mode, reviews.c.rating)).all() == [("matching", 3)]


def test_home_lists_tags_and_studies_one(collection: Collection, deck: Scope) -> None:
    async def play() -> None:
        app = create_app(collection, random.Random(5))
        async with app.run_test(size=(80, 24)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await pilot.press("down")
            assert home.selected_scope() == Scope(tag="optimizers")
            await pilot.press("l")
            screen = app.screen
            assert isinstance(screen, LearnScreen)
            assert screen.session.scope == Scope(tag="optimizers")
            assert len(screen.session.cards) == 6

    asyncio.run(play())


MARKUP_DECK = """---
id: marks
title: "[bold]Marks[/bold]"
---
## What does [red]this[/red] do?
It stays text.

short:: [bold]nothing[/bold]\x1b[31m

## Second card
Plain.

short:: plain answer
"""


def test_card_text_is_never_markup_in_the_new_screens(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("marks.md", MARKUP_DECK))

    async def play() -> None:
        app = create_app(collection, random.Random(6))
        async with app.run_test(size=(120, 35)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            title = home.query_one("#decks", DataTable).get_row_at(0)[0]
            assert str(title) == "[bold]Marks[/bold]"
            await pilot.press("m")
            screen = app.screen
            assert isinstance(screen, MatchScreen)
            shown = {str(tile.render()) for tile in screen.query(MatchTile)}
            assert any("[red]this[/red]" in text for text in shown)
            assert any("[bold]nothing[/bold]" in text for text in shown)
            assert not any("\x1b" in text for text in shown)

    asyncio.run(play())
