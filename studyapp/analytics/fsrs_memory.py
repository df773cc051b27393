"""Each card's FSRS memory worked out from its recalls, all cards in one call of the engine.

A card whose history was scheduled by SM-2 has no FSRS memory yet; its recalls
(:mod:`studyapp.store.recall_history`) say what FSRS would make of it: the engine runs its
memory model over them (``memory_state_batch``), which is where a step-by-step review by
:class:`~studyapp.scheduling.fsrs_scheduler.FSRSScheduler` would have left it. This is what
switching a collection to FSRS starts from (issue 19), and what evaluation predicts with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studyapp.analytics.fsrs_fit import recall_steps
from studyapp.scheduling.fsrs_scheduler import DEFAULT_FSRS_PARAMETERS, FSRSScheduler, FSRSState
from studyapp.scheduling.sm2 import SM2State
from studyapp.store.recall_history import Recalls


def memories_from_recalls(
    histories: Iterable[tuple[int, Recalls]],
    parameters: Sequence[float] = DEFAULT_FSRS_PARAMETERS,
) -> dict[int, FSRSState]:
    """Each card's FSRS state after its recalls (its memory, and the day of its last recall),
    by card id; cards with no recall are left out."""
    cards: list[int] = []
    last_days = []
    items: list[FSRSItem] = []
    for card_id, history in histories:
        if not history:
            continue
        cards.append(card_id)
        last_days.append(history[-1][0])
        items.append(FSRSItem([FSRSReview(grade, days) for grade, days in recall_steps(history)]))
    if not items:
        return {}
    memories = FSRS(list(parameters)).memory_state_batch(items)
    return {
        card_id: FSRSState(memory.stability, memory.difficulty, day)
        for card_id, day, memory in zip(cards, last_days, memories, strict=True)
    }


def starting_memories(
    histories: Iterable[tuple[int, Recalls]],
    sm2_states: Mapping[int, tuple[SM2State, date]],
    fsrs: FSRSScheduler,
) -> dict[int, tuple[FSRSState, date | None]]:
    """The FSRS memory and due day to start each card from when its memory is not known: the
    memory its recalls give (due when recall falls to ``fsrs``'s desired retention), or, for a
    card SM-2 scheduled with no recall in the log (imported progress, say), the memory its
    SM-2 state implies, due when SM-2 has it due."""
    memories: dict[int, tuple[FSRSState, date | None]] = {
        card: (state, fsrs.due_day(state))
        for card, state in memories_from_recalls(histories, fsrs.parameters).items()
    }
    for card, (sm2, due) in sm2_states.items():
        if card not in memories:
            memories[card] = (fsrs.memory_from_sm2(sm2, due), due)
    return memories
