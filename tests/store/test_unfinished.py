"""Unfinished sessions in the store: one per mode and scope, replaced, discarded, ended by a
recorded test (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import unfinished_sessions
from tests.store_rows import all_rows


def test_a_state_is_kept_replaced_and_discarded(collection: Collection, clock: FixedClock) -> None:
    scope = Scope(decks=("opt",))
    assert collection.unfinished_session("test", scope) is None
    collection.keep_unfinished("test", scope, {"answers": [1, None, "x"]})
    clock.advance(minutes=5)
    collection.keep_unfinished("test", scope, {"answers": [2]})
    collection.keep_unfinished("learn", scope, {"round": 3})
    collection.keep_unfinished("test", Scope(tag="maths"), {"other": True})
    saved = collection.unfinished_session("test", scope)
    assert saved is not None
    assert (saved.mode, saved.scope, saved.state) == ("test", "deck:opt", {"answers": [2]})
    assert saved.saved_at == clock.now().astimezone(UTC)
    with collection.engine.connect() as db:
        assert len(all_rows(db, unfinished_sessions)) == 3
    collection.discard_unfinished("test", scope)
    collection.discard_unfinished("test", scope)  # nothing left: nothing changes
    assert collection.unfinished_session("test", scope) is None
    learn = collection.unfinished_session("learn", scope)
    assert learn is not None
    assert learn.state == {"round": 3}


def test_only_learn_and_test_are_kept(collection: Collection) -> None:
    with pytest.raises(ValueError, match="learn and test"):
        collection.keep_unfinished("spaced", Scope(), {})


def test_a_recorded_test_ends_the_unfinished_test_of_its_scope(
    collection: Collection, deck: Scope, clock: FixedClock
) -> None:
    other = Scope(tag="optimizers")
    collection.keep_unfinished("test", deck, {"questions": 5})
    collection.keep_unfinished("test", other, {"questions": 2})
    collection.keep_unfinished("learn", deck, {"round": 1})
    started = clock.now() - timedelta(minutes=3)
    collection.record_test(deck, started, ["written"], [], questions=1, correct=0)
    assert collection.unfinished_session("test", deck) is None
    assert collection.unfinished_session("test", other) is not None
    assert collection.unfinished_session("learn", deck) is not None
