"""Custom study: the cards chosen as a search scope, and a spaced session over them that moves
no schedule unless the student chose to reschedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.custom import CustomStudy
from studyapp.modes.spaced import SpacedSession
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.schema import card_states, reviews
from tests.conftest import WriteDeck

DECK = "---\nid: d\ntitle: D\n---\n## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"
SCHEDULE = (card_states.c.due, card_states.c.interval, card_states.c.easiness)


def _schedules(collection: Collection) -> list[tuple[object, ...]]:
    with collection.engine.connect() as db:
        query = select(card_states.c.card_id, *SCHEDULE).order_by(card_states.c.card_id)
        return [tuple(row) for row in db.execute(query)]


def _star(collection: Collection, *card_ids: int) -> None:
    with collection.writer.begin() as db:
        db.execute(
            update(card_states).where(card_states.c.card_id.in_(card_ids)).values(starred=True)
        )


@pytest.fixture
def reviewed(collection: Collection, write_deck: WriteDeck, clock: FixedClock) -> list[int]:
    """The deck's three cards, each reviewed once yesterday (rated 4): due today."""
    collection.import_file(write_deck("d.md", DECK))
    clock.advance(days=-1)
    session = SpacedSession.start(collection)
    ids = list(session.order.pending)
    for _ in ids:
        session.reveal()
        session.rate(Rating.FOUR)
    clock.advance(days=1)
    return ids


def test_the_choices_are_search_queries() -> None:
    assert CustomStudy("starred").query_text == "is:starred"
    opt = Scope(decks=("opt",))
    assert CustomStudy("flag", flag=3, within=opt).query_text == "deck:opt flag:3"
    assert CustomStudy("ahead", days=5).query_text == "prop:due<=5"
    assert CustomStudy("all", within=opt).query_text == "deck:opt"
    assert CustomStudy("search", query="  is:starred   flag:2 ").query_text == "is:starred flag:2"
    parent = Scope(decks=("ml", "ml-opt", "ml-reg"), title="ML (3 decks)")
    assert CustomStudy("starred", within=parent).query_text == (
        "deck:ml or deck:ml-opt or deck:ml-reg is:starred"
    )
    assert CustomStudy("starred", within=parent).title == "Custom: starred · ML (3 decks)"
    tagged = CustomStudy("search", query="adam or momentum", within=Scope(tag="two words"))
    assert tagged.query_text == 'tag:"two words" adam or momentum'
    assert tagged.title == "Custom: adam or momentum · #two words"
    study = CustomStudy("flag", flag=3, within=Scope(decks=("opt",), title="Optimizers"))
    assert study.title == "Custom: green flag · Optimizers"
    assert study.scope().key == "search:deck:opt flag:3"
    assert study.scope().label == "Custom: green flag · Optimizers"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "flag", "flag": 8}, "a flag is 1 to 7"),
        ({"kind": "ahead", "days": -1}, "days ahead"),
        ({"kind": "search", "query": "  "}, "type a search"),
        ({"kind": "all"}, "highlight it first"),
        ({"kind": "search", "query": "or adam"}, '"or" needs a term before it'),
        ({"kind": "starred", "within": Scope(tag='say "hi"')}, "a tag with a quote"),
        ({"kind": "starred", "within": Scope(search="adam")}, "from some decks or a tag"),
        ({"kind": "starred", "mode": "cram"}, "the mode is one of"),
    ],
)
def test_a_choice_out_of_range_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CustomStudy(**kwargs)  # type: ignore[arg-type]


def test_an_unscheduled_custom_session_leaves_every_schedule_as_it_was(
    collection: Collection, reviewed: list[int], clock: FixedClock
) -> None:
    _star(collection, reviewed[0], reviewed[2])
    before = _schedules(collection)
    session = SpacedSession.start_custom(collection, CustomStudy("starred").scope())
    assert session.custom
    assert not session.moves_schedules
    assert list(session.order.pending) == [reviewed[0], reviewed[2]]  # the starred ones
    session.reveal()
    assert not session.rate(Rating.TWO).scheduled  # comes back in the session
    session.reveal()
    session.rate(Rating.PERFECTLY)
    assert session.current is not None
    assert session.current.id == reviewed[0]
    session.reveal()
    session.rate(Rating.FOUR)
    assert session.done
    assert _schedules(collection) == before
    with collection.engine.connect() as db:
        log = db.execute(
            select(reviews.c.card_id, reviews.c.mode, reviews.c.rating, reviews.c.scheduled)
            .where(reviews.c.mode != "spaced")
            .order_by(reviews.c.id)
        ).all()
    assert [tuple(row) for row in log] == [
        (reviewed[0], "custom", 2, False),
        (reviewed[2], "custom", 5, False),
        (reviewed[0], "custom", 4, False),
    ]
    summary = session.summary()
    assert (summary.custom, summary.rescheduled, summary.ratings, summary.cards) == (
        True, False, 3, 2,
    )  # fmt: skip
    assert summary.back_at is None
    # the cards are still due today, and their first spaced rating of the day schedules them
    queue = collection.due_queue()
    assert set(queue.card_ids) == set(reviewed)
    regular = SpacedSession.start(collection)
    regular.reveal()
    regular.rate(Rating.PERFECTLY)
    with collection.engine.connect() as db:
        last = db.execute(
            select(reviews.c.mode, reviews.c.scheduled).order_by(reviews.c.id.desc()).limit(1)
        ).one()
    assert tuple(last) == ("spaced", True)  # not taken for a repeat of the day


def test_a_failed_custom_rating_makes_no_card_relearn_today(
    collection: Collection, reviewed: list[int], clock: FixedClock
) -> None:
    _star(collection, reviewed[1])
    due = collection.due_queue().card_ids
    session = SpacedSession.start_custom(collection, CustomStudy("starred").scope())
    session.reveal()
    session.rate(Rating.NOT_AT_ALL)
    summary = session.summary()
    assert summary.left == 1  # still in this session
    assert (summary.relearning, summary.back_at) == (0, None)
    clock.advance(minutes=30)
    queue = collection.due_queue()
    assert queue.relearning_ids == ()  # the card did not lapse: no relearning step
    assert queue.card_ids == due


def test_undo_in_a_custom_session_takes_the_rating_back(
    collection: Collection, reviewed: list[int]
) -> None:
    _star(collection, reviewed[0])
    before = _schedules(collection)
    with collection.engine.connect() as db:
        last_rating = db.scalar(
            select(card_states.c.last_rating).where(card_states.c.card_id == reviewed[0])
        )
    session = SpacedSession.start_custom(collection, CustomStudy("starred").scope())
    session.reveal()
    session.rate(Rating.TWO)
    assert session.undo() is not None
    assert session.current is not None
    assert session.current.id == reviewed[0]
    with collection.engine.connect() as db:
        assert db.scalar(select(reviews.c.id).where(reviews.c.mode == "custom")) is None
        assert (
            db.scalar(select(card_states.c.last_rating).where(card_states.c.card_id == reviewed[0]))
            == last_rating
        )
    assert _schedules(collection) == before


def test_a_rescheduling_custom_session_moves_schedules_by_the_spaced_rules(
    collection: Collection, reviewed: list[int], clock: FixedClock
) -> None:
    study = CustomStudy("ahead", days=1, reschedule=True)
    session = SpacedSession.start_custom(collection, study.scope(), reschedule=True)
    assert sorted(session.order.pending) == sorted(reviewed)  # due today: within a day
    before = {row[0]: row[1:] for row in _schedules(collection)}
    session.reveal()
    first = session.rate(Rating.PERFECTLY)
    assert first.scheduled
    after = {row[0]: row[1:] for row in _schedules(collection)}
    assert after[first.card_id] != before[first.card_id]
    assert after[first.card_id][0] > clock.now().date() + timedelta(days=1)
    assert session.summary().rescheduled


def test_a_rescheduling_custom_session_sends_a_failed_card_to_relearn(
    collection: Collection, reviewed: list[int], clock: FixedClock
) -> None:
    _star(collection, reviewed[1])
    session = SpacedSession.start_custom(
        collection, CustomStudy("starred").scope(), reschedule=True
    )
    session.reveal()
    session.rate(Rating.NOT_AT_ALL)
    summary = session.summary()
    assert (summary.relearning, summary.back_at) == (1, clock.now() + collection.learning_step)
    assert collection.due_queue().relearning_ids == (reviewed[1],)
