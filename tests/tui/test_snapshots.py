"""SVG snapshots of every screen (pytest-textual-snapshot), each reviewed by eye when accepted.

Update after an intended change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the new SVGs before committing them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from studyapp.tui.app import StudyApp, create_app
from studyapp.tui.screens.demo import DemoScreen
from studyapp.tui.screens.learn import LearnScreen
from studyapp.tui.screens.matching import TILE_KEYS, MatchScreen
from studyapp.tui.screens.stats import StatsScreen
from studyapp.tui.screens.test import LETTERS, TestScreen
from tests.conftest import NUMERIC_DECK, START, WriteDeck

SnapCompare = Callable[..., bool]
WIDE, NARROW = (120, 35), (80, 24)
#: Every screen is drawn at both sizes.
BOTH_SIZES = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x35", "80x24"])


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A focused box's cursor stays drawn: its blink made a snapshot differ at random."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _box: None)


@pytest.fixture
def app(collection: Collection, deck: Scope) -> StudyApp:
    return create_app(collection, random.Random(7))


def _learn(app: Any) -> LearnScreen:
    screen = app.screen
    assert isinstance(screen, LearnScreen)
    return screen


async def _to_written(pilot: Pilot[None]) -> None:
    await pilot.press("l")
    session = _learn(pilot.app).session
    while session.question is not None:
        assert session.question.choice is not None
        await pilot.press(str(session.question.choice.answer + 1), "enter")
    await pilot.press("enter")


@BOTH_SIZES
def test_home(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size)


@BOTH_SIZES
def test_home_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=size)


@BOTH_SIZES
def test_spaced_answer_shown(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, press=["enter", "space"], terminal_size=size)


@BOTH_SIZES
def test_learn_multiple_choice(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    assert snap_compare(app, press=["l"], terminal_size=size)


@BOTH_SIZES
def test_learn_written_feedback(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _to_written(pilot)
        await pilot.press(*"momentun", "enter")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_setup(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    # true/false unticked, the focus moved on: an empty box beside three ticked ones
    assert snap_compare(app, press=["t", "tab", "tab", "space", "tab"], terminal_size=size)


@BOTH_SIZES
def test_test_matching_question(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("t", "backspace", "backspace", "4", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, TestScreen)
        number = next(q.number for q in screen.session.questions if q.kind == "matching")
        for _ in range(number - 1):
            await pilot.press("ctrl+n")
        await pilot.press("b", "a")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_results(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("t", "backspace", "backspace", "4", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, TestScreen)
        first = screen.session.questions[0]
        if first.matching is not None:
            await pilot.press(*(LETTERS[i] for i in first.matching.solution), "enter")
        else:
            await pilot.press("ctrl+n")
        await pilot.press("ctrl+s", "s", "4")  # submitted with questions unanswered

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_matching_board(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        screen = pilot.app.screen
        assert isinstance(screen, MatchScreen)
        tiles = screen.game.tiles
        question = next(i for i, t in enumerate(tiles) if t.side == "question")
        answer = next(
            j for j, t in enumerate(tiles) if t.card_id == tiles[question].card_id and j != question
        )
        await pilot.press(TILE_KEYS[question], TILE_KEYS[answer])  # one pair found
        other = next(i for i, t in enumerate(tiles) if t.side == "question" and i != question)
        await pilot.press(TILE_KEYS[other])  # and one tile selected

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_matching_done(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        screen = pilot.app.screen
        assert isinstance(screen, MatchScreen)
        tiles = screen.game.tiles
        for index, tile in enumerate(tiles):
            if tile.side == "question":
                partner = next(
                    j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != index
                )
                await pilot.press(TILE_KEYS[index], TILE_KEYS[partner])
        await pilot.press("5")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


async def _open_demo(pilot: Pilot[None], name: str) -> DemoScreen:
    screen = DemoScreen(name)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


@BOTH_SIZES
def test_demo_prediction(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "momentum")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_result(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "momentum")
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_charts(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "momentum")
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.fixture
def studied(collection: Collection, deck: Scope, clock: FixedClock) -> StudyApp:
    """The app over the optimizer deck after seven weeks of study, ratings rising."""
    collection.new_per_day = 2
    collection.leech_threshold = 0  # the first weeks' many lapses park no card: all studied
    cards = [view.id for view in collection.scope_cards(deck)]
    for days_ago in range(48, -1, -1):
        if days_ago % 3 == 2:
            continue  # a day off
        clock.moment = START - timedelta(days=days_ago, hours=1)
        for index, card_id in enumerate(collection.due_queue(deck).card_ids):
            rating = min(5, 1 + (48 - days_ago) // 12 + index % 2)
            collection.rate(card_id, rating, response_ms=8000)
    for card_id in cards[:4]:  # rated 4 and 5 of late, but one answer of three right
        for correct in (True, False, False):
            collection.record_answer(
                AnswerRecord(card_id, "learn", "written", correct, clock.moment)
            )
    for days_ago, right in ((9, 2), (4, 3), (1, 4)):
        clock.moment = START - timedelta(days=days_ago)
        started = clock.moment - timedelta(minutes=3)
        collection.record_test(deck, started, ["choice"], [], questions=5, correct=right)
    for days_ago, elapsed in ((8, 41_000), (5, 35_500), (2, 38_200), (1, 29_900)):
        clock.moment = START - timedelta(days=days_ago)
        collection.record_match_game(MatchResult(deck, clock.moment, 6, 1, elapsed, 1000), [])
    clock.moment = START
    return create_app(collection, random.Random(7))


async def _open_stats(pilot: Pilot[None]) -> StatsScreen:
    await pilot.press("s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen)
    return screen


@BOTH_SIZES
def test_stats(snap_compare: SnapCompare, studied: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(studied, run_before=_open_stats, terminal_size=size)


@BOTH_SIZES
def test_stats_calendar_and_cards(
    snap_compare: SnapCompare, studied: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await _open_stats(pilot)
        heatmap = screen.query_one("#stats-heatmap")  # and its title above it
        screen.query_one("#stats-body").scroll_to(y=heatmap.virtual_region.y - 2, animate=False)
        await pilot.pause()

    assert snap_compare(studied, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_setup_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["t", "question_mark"], terminal_size=size)


@BOTH_SIZES
def test_demo_list(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["r"], terminal_size=size)


@BOTH_SIZES
def test_spaced_question(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["enter"], terminal_size=size)


# --- every dialog and help screen ------------------------------------------------------------


@BOTH_SIZES
def test_spaced_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["enter", "space", "question_mark"], terminal_size=size)


@BOTH_SIZES
def test_spaced_summary(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    # one card known, one missed (it comes back after the learning step), then leave
    press = ["enter", "space", "5", "space", "2", "escape"]
    assert snap_compare(app, press=press, terminal_size=size)


@BOTH_SIZES
def test_learn_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["l", "question_mark"], terminal_size=size)


async def _finish_learn_round(pilot: Pilot[None]) -> None:
    await pilot.press("l")
    session = _learn(pilot.app).session
    while session.question is not None:
        assert session.question.choice is not None
        await pilot.press(str(session.question.choice.answer + 1), "enter")


@BOTH_SIZES
def test_learn_round_done(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, run_before=_finish_learn_round, terminal_size=size)


@BOTH_SIZES
def test_learn_summary(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _finish_learn_round(pilot)
        await pilot.press("escape")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_learn_start_over(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["l", "1", "enter", "ctrl+r"], terminal_size=size)


async def _answer_first_test_question(pilot: Pilot[None]) -> None:
    await pilot.press("t", "backspace", "backspace", "4", "enter")
    screen = pilot.app.screen
    assert isinstance(screen, TestScreen)
    first = screen.session.questions[0]
    if first.matching is not None:
        await pilot.press(*(LETTERS[i] for i in first.matching.solution), "enter")
    elif first.choice is not None:
        await pilot.press("1")
    elif first.true_false is not None:
        await pilot.press("t")
    else:
        await pilot.press("x", "enter")


@BOTH_SIZES
def test_test_question_help(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("t", "backspace", "backspace", "4", "enter", "f1")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_leave(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _answer_first_test_question(pilot)
        await pilot.press("escape")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_resume(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _answer_first_test_question(pilot)
        await pilot.press("escape", "s")  # saved for later
        await pilot.app.workers.wait_for_complete()
        await pilot.press("t")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_submit_unanswered(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _answer_first_test_question(pilot)
        await pilot.press("ctrl+s")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_results_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _answer_first_test_question(pilot)
        await pilot.press("ctrl+s", "s", "question_mark")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_matching_done_after_a_wrong_pick(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        screen = pilot.app.screen
        assert isinstance(screen, MatchScreen)
        tiles = screen.game.tiles
        first = next(i for i, t in enumerate(tiles) if t.side == "question")
        wrong = next(
            j
            for j, t in enumerate(tiles)
            if t.side == "answer" and t.card_id != tiles[first].card_id
        )
        await pilot.press(TILE_KEYS[first], TILE_KEYS[wrong])  # two cards marked ✗, no more
        for index, tile in enumerate(tiles):
            if tile.side == "question":
                partner = next(
                    j for j, t in enumerate(tiles) if t.card_id == tile.card_id and j != index
                )
                await pilot.press(TILE_KEYS[index], TILE_KEYS[partner])
        await pilot.press("j")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_matching_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["m", "question_mark"], terminal_size=size)


@BOTH_SIZES
def test_matching_leave(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("m", "a")  # a tile picked: now leaving asks
        await pilot.press("escape")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_stats_help(snap_compare: SnapCompare, studied: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_stats(pilot)
        await pilot.press("question_mark")

    assert snap_compare(studied, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_wide_table(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    """Adagrad's five-column table: headers wrap at 80 columns so every column shows."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "adagrad")
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_in_a_field(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    """A settings field has the focus: the footer offers F1 for help and esc to leave it."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await _open_demo(pilot, "momentum")
        screen.query_one("#param-seed").focus()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_list_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["r", "question_mark"], terminal_size=size)


@BOTH_SIZES
def test_demo_help(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "momentum")
        await pilot.press("question_mark")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_setup_with_cards_it_cant_ask(
    snap_compare: SnapCompare, collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    long_cards = "".join(
        f"## What does step {n} do?\nIt does a long thing number {n}.\n\nThen another.\n\n"
        for n in range(3)
    )
    short_cards = "".join(f"## Short question {n}?\nAnswer {n}\n\n" for n in range(5))
    collection.import_file(
        write_deck("mixed.md", f"---\nid: mixed\ntitle: Mixed\n---\n{long_cards}{short_cards}")
    )
    app = create_app(collection, random.Random(7))
    # the note on the 3 cards left out, and "up to 5"
    assert snap_compare(app, press=["t"], terminal_size=size)


@BOTH_SIZES
def test_test_true_false_question(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        # true/false only: "Answer:" in line with the question above it
        await pilot.press("t", "tab", "space", "tab", "tab", "space", "tab", "space", "enter")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_test_matching_letters_refused(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("t", "backspace", "backspace", "4", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, TestScreen)
        number = next(q.number for q in screen.session.questions if q.kind == "matching")
        for _ in range(number - 1):
            await pilot.press("ctrl+n")
        # what is wrong, what to type, and what the same key again does
        await pilot.press("b", "a", "x", "ctrl+b" if number > 1 else "ctrl+n")

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_refused(snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]) -> None:
    """A prediction made with lr out of range: the field is red and has the cursor, each label
    shows its range, and the hint says the prediction is kept."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await _open_demo(pilot, "nesterov")
        screen.query_one("#param-lr", Input).value = "0.3"
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@BOTH_SIZES
def test_demo_result_focused(
    snap_compare: SnapCompare, app: StudyApp, size: tuple[int, int]
) -> None:
    """After the run, tab past the last setting: the result has the focus, marked at its left."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _open_demo(pilot, "nesterov")
        await pilot.press("2")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("shift+tab")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


NOTED_DECK = """---
id: noted
title: Noted
---
## In {{RMSprop::an optimizer}}, each weight's step is divided by a running RMS of its gradients.

The average forgets old gradients, unlike AdaGrad's sum.

note:: The original export said the learning rate "decays faster along steeper dimensions".
note:: That describes AdaGrad, whose sum of squared gradients only grows; RMSprop's average forgets.
"""


@BOTH_SIZES
def test_spaced_answer_with_its_note(
    snap_compare: SnapCompare, collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    collection.import_file(write_deck("noted.md", NOTED_DECK))
    app = create_app(collection, random.Random(7))
    assert snap_compare(app, press=["enter", "space"], terminal_size=size)


@BOTH_SIZES
def test_spaced_numeric_card_answered(
    snap_compare: SnapCompare, collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))
    app = create_app(collection, random.Random(7))
    assert snap_compare(app, press=["enter", "1", ".", "2", "5", "enter"], terminal_size=size)


@BOTH_SIZES
def test_learn_numeric_choices(
    snap_compare: SnapCompare, collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    collection.import_file(write_deck("numbers.md", NUMERIC_DECK))
    app = create_app(collection, random.Random(7))
    assert snap_compare(app, press=["l"], terminal_size=size)


MATH_DECK = r"""---
id: math
title: Math
---

## Adam divides $\hat m_t$ by what, and why?

At the start $m_0 = 0$, so $m_t$ is too small by the factor $1-\beta_1^t$:

$$\theta_t = \theta_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}$$

He initialisation keeps ReLU's variance with std $\sqrt{2/\mathrm{fan}_{in}}$.

short:: 1 − β₁ᵗ
distractor:: 1 − β₂ᵗ
distractor:: β₁ᵗ
distractor:: √v̂ₜ + ε
"""


@BOTH_SIZES
def test_spaced_math_answer_shown(
    snap_compare: SnapCompare, collection: Collection, write_deck: WriteDeck, size: tuple[int, int]
) -> None:
    collection.import_file(write_deck("math.md", MATH_DECK))
    app = create_app(collection, random.Random(7))
    assert snap_compare(app, press=["enter", "space"], terminal_size=size)
