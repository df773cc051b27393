"""The collector paused for bulk work: resumed after, and what the work made left to its oldest
generation, still collected."""

from __future__ import annotations

import gc
import weakref

import pytest

from studyapp.bulk import paused_gc


class _Node:
    """Something that can be part of a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _in_generation(thing: object, generation: int) -> bool:
    return any(found is thing for found in gc.get_objects(generation=generation))


def test_the_collector_is_paused_inside_and_resumed_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), paused_gc():
        raise KeyError("a failed step")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_step_made_goes_to_the_oldest_generation_and_is_not_frozen() -> None:
    with paused_gc():
        made = [[number] for number in range(100)]
        assert _in_generation(made, 0)
    assert (_in_generation(made, 0), _in_generation(made, 2)) == (False, True)
    assert gc.get_freeze_count() == 0


def test_a_cycle_made_in_the_step_is_still_collected() -> None:
    with paused_gc():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watched = weakref.ref(first)
        del first, second
    assert watched() is not None  # a cycle: reference counting alone does not free it
    gc.collect()
    assert watched() is None


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with paused_gc():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
