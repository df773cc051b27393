"""An Anki package's decks and review history written into the store in one transaction.

As for a deck file, the heavy part (comparing decks, replaying the whole history through SM-2,
converting every row) is planned first, reading only (:func:`plan_package`), and the write
(:func:`write_package`) is short.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, insert, select

from studyapp.clock import Zone
from studyapp.decks.anki.notes import AnkiMarks, PackageDecks
from studyapp.scheduling.effect import CardSchedule
from studyapp.scheduling.fsrs_scheduler import FSRSState
from studyapp.scheduling.paired import FSRS, CardMemory, PairedScheduler
from studyapp.store.bulk_indexes import log_indexes_built_after
from studyapp.store.bulk_rows import BulkStatement, DriverRow
from studyapp.store.bulk_sums import log_sums_added_in_bulk
from studyapp.store.deck_source import DeckSource
from studyapp.store.epoch_times import DriverTimes, epoch_moment
from studyapp.store.importer import (
    DeckPlan,
    ImportReport,
    deck_plan_still_valid,
    plan_deck,
    write_deck,
)
from studyapp.store.marks import set_flag, set_starred, set_suspended
from studyapp.store.packed_rows import PackedRows
from studyapp.store.replay_columns import LOG_COLUMNS, ColumnReplay
from studyapp.store.review_import import (
    ANKI_BUTTON_RATINGS,
    NEW_CARD,
    WRITE_STATE,
    current_schedules,
)
from studyapp.store.schema import cards, decks, reviews

#: The tag a card of a note suspended in Anki was given before schema 8 (when this app
#: suspended nothing): a new import of its package suspends it instead.
LEGACY_SUSPENDED_TAG = "anki-suspended"

#: Card ids per query: well below any database's limit on bound parameters.
_IDS_PER_QUERY = 500

#: How many names a remark lists before it says "and N more".
NAMES_LISTED = 8

#: A card of a package's deck: the deck's id and the card's id within it.
CardKey = tuple[str, str]


@dataclass(slots=True)
class PackagePlan:
    """What importing a package writes, worked out and converted before the write lock.

    The review-log rows are packed (:class:`~studyapp.store.packed_rows.PackedRows`), a few
    dozen bytes a row, and their cards kept as numbers into ``card_keys``.
    """

    decks: list[DeckPlan]
    # the stored cards' states, as read
    schedules: dict[int, tuple[CardSchedule[CardMemory], datetime | None]]
    card_keys: list[CardKey]
    log: PackedRows
    log_cards: NDArray[np.int32]  # the card of each log row, as an index into card_keys
    log_times: NDArray[np.int64]  # the time of each log row, in epoch milliseconds
    states: BulkStatement
    state_cards: list[CardKey]
    state_rows: list[DriverRow]
    #: the marks Anki gives the cards this import adds (cards here already keep theirs)
    marks: dict[CardKey, AnkiMarks] = field(default_factory=dict)


def import_package_decks(
    connection: Connection,
    package: PackageDecks,
    *,
    origin: str,
    now: datetime,
    zone: Zone,
    scheduler: PairedScheduler,
) -> tuple[list[ImportReport], int]:
    """Import every deck of a package and replay its review history by ``scheduler``; the
    caller commits.

    Returns a report per deck and how many ratings were replayed.
    """
    return write_package(
        connection,
        plan_package(connection, package, origin=origin, now=now, zone=zone, scheduler=scheduler),
    )


def plan_package(
    connection: Connection,
    package: PackageDecks,
    *,
    origin: str,
    now: datetime,
    zone: Zone,
    scheduler: PairedScheduler,
    replace: bool = False,
) -> PackagePlan:
    """Plan every deck's import and replay the review history by ``scheduler`` over the stored
    schedules (a card new to the store starts from a new card's); reads only.

    The history is replayed in the order it was given, every card side by side, and the log
    rows packed as they come: memory grows by a few dozen bytes a review.
    """
    source = DeckSource("package", origin)
    decks = [
        plan_deck(
            connection,
            deck,
            origin=origin,
            fmt="Anki package",
            now=now,
            source=source,
            replace=replace,
            returning=deck.id in package.returning,
        )
        for deck in package.decks
    ]
    stored_ids = {
        (plan.key, card_key): stored[0]
        for plan in decks
        for card_key, stored in plan.existing.items()
    }
    card_keys, history_rows, bounds = _histories(package)
    schedules = current_schedules(
        connection, [stored_ids[card] for card in card_keys if card in stored_ids]
    )
    log = PackedRows(BulkStatement(insert(reviews), connection.dialect, ("card_id", *LOG_COLUMNS)))
    log_cards = array("i")
    states = BulkStatement(WRITE_STATE, connection.dialect, ())
    state_cards: list[CardKey] = []
    state_rows: list[dict[str, Any]] = []
    # every card replayed side by side, its ratings in the order they were given: the log
    # is written in time order (its ids follow time, and SQLite writes its indexes faster)
    replay = ColumnReplay(scheduler, zone)
    for index, card in enumerate(card_keys):
        replay.start(index, schedules[stored_ids[card]] if card in stored_ids else NEW_CARD)
    reviewed = package.reviews
    card_of_row = np.repeat(np.arange(len(card_keys)), np.diff(bounds))
    in_time_order = np.argsort(reviewed.times_ms[history_rows], kind="stable")
    history_rows, card_of_row = history_rows[in_time_order], card_of_row[in_time_order]
    rows: list[tuple[Any, ...]] = []
    log_times = array("q")
    for index, at, button, taken in zip(
        card_of_row.tolist(),
        reviewed.times_ms[history_rows].tolist(),
        reviewed.buttons[history_rows].tolist(),
        reviewed.durations_ms[history_rows].tolist(),
        strict=True,
    ):
        moment = epoch_moment(at)
        row = replay.replay(index, moment, ANKI_BUTTON_RATINGS[button], taken or None)
        if row is not None:
            rows.append(row)
            log_cards.append(index)
            log_times.append(at)
            if len(rows) == PackedRows.CHUNK_ROWS:
                _pack_log(log, rows)
    _pack_log(log, rows)
    for index, card in enumerate(card_keys):
        state = replay.state(index)
        if state is not None:
            memory = package.memories.get(card)
            if memory is not None:
                state.update(anki_memory_columns(scheduler, memory, state))
            state_cards.append(card)
            state_rows.append({"target": 0, **state})
    return PackagePlan(
        decks,
        schedules,
        card_keys,
        log,
        np.frombuffer(log_cards, dtype=np.int32),
        np.frombuffer(log_times, dtype=np.int64),
        states,
        state_cards,
        states.rows(state_rows),
        _marks_to_give(connection, package, decks),
    )


def _pack_log(log: PackedRows, rows: list[tuple[Any, ...]]) -> None:
    """Pack replayed log rows (values in `LOG_COLUMNS` order) into ``log`` and empty
    ``rows``; their cards' ids are known only when written, and their times are given then
    from the plan's epoch milliseconds (made into the driver's text in bulk)."""
    if rows:
        columns = dict(zip(LOG_COLUMNS, zip(*rows, strict=True), strict=True))
        placeholders = [None] * len(rows)
        log.extend({**columns, "card_id": placeholders, "reviewed_at": placeholders})
        rows.clear()


def anki_memory_columns(
    scheduler: PairedScheduler, memory: tuple[float, float], state: dict[str, Any]
) -> dict[str, Any]:
    """The FSRS memory Anki kept for a card, in place of the one its replayed history gave
    (Anki's was worked out with the learner's own parameters there), and the FSRS due day it
    gives from the card's last review; the card's due day too when FSRS is chosen."""
    reviewed_on = state["fsrs_reviewed_on"]
    if reviewed_on is None:  # no FSRS review replayed: nothing to attach the memory to
        return {}
    kept = FSRSState(memory[0], memory[1], reviewed_on)
    due = scheduler.fsrs.due_day(kept)
    columns = {"fsrs_stability": memory[0], "fsrs_difficulty": memory[1], "fsrs_due": due}
    if scheduler.name == FSRS:
        columns["due"] = due
    return columns


def _marks_to_give(
    connection: Connection, package: PackageDecks, decks: list[DeckPlan]
) -> dict[CardKey, AnkiMarks]:
    """The marks from Anki that the import gives: all of a card it adds; to a card stored
    already, only the suspension its ``anki-suspended`` tag stood for (before schema 8; the
    import takes that tag away)."""
    existing = {plan.key: plan.existing for plan in decks}
    given: dict[CardKey, AnkiMarks] = {}
    tagged: dict[int, CardKey] = {}
    for (deck, card), marks in package.marks.items():
        stored = existing.get(deck, {}).get(card)
        if stored is None:
            given[(deck, card)] = marks
        elif marks.suspended:
            tagged[stored[0]] = (deck, card)
    ids = list(tagged)
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        rows = connection.execute(select(cards.c.id, cards.c.tags).where(cards.c.id.in_(chunk)))
        for card_id, tags in rows:
            if LEGACY_SUSPENDED_TAG in tags:
                given[tagged[card_id]] = AnkiMarks(suspended=True)
    return given


def _histories(package: PackageDecks) -> tuple[list[CardKey], NDArray[np.intp], list[int]]:
    """The cards with answers in the package's review log, in the order of their first
    answer; the log's rows of those answers, card by card (each card's in time order); and
    where each card's rows start in them (and where the last ends).

    Worked out on whole columns, dropping each as soon as it is used: a heavy user's log has
    millions of rows.
    """
    reviewed = package.reviews
    keys: dict[CardKey, int] = {}
    anki_ids = np.fromiter(package.cards, dtype=np.int64, count=len(package.cards))
    key_of = np.fromiter(
        (keys.setdefault(card, len(keys)) for card in package.cards.values()),
        dtype=np.int32,
        count=len(package.cards),
    )
    by_id = np.argsort(anki_ids, kind="stable")
    anki_ids, key_of = anki_ids[by_id], key_of[by_id]
    if not len(anki_ids):
        return [], np.zeros(0, np.intp), [0]
    found = np.searchsorted(anki_ids, reviewed.card_ids)
    np.minimum(found, len(anki_ids) - 1, out=found)
    answered = anki_ids[found] == reviewed.card_ids
    answered &= (reviewed.buttons >= 1) & (reviewed.buttons <= 4)
    answers = np.flatnonzero(answered)
    del answered
    answer_keys = key_of[found[answers]]
    del found
    # each card's first answer, and the cards in that order
    first = np.full(len(keys), len(answers), dtype=np.int64)
    np.minimum.at(first, answer_keys, np.arange(len(answers)))
    answered_keys = np.flatnonzero(first < len(answers))
    in_order = answered_keys[np.argsort(first[answered_keys], kind="stable")]
    rank = np.zeros(len(keys), dtype=np.int32)
    rank[in_order] = np.arange(len(in_order))
    answer_ranks = rank[answer_keys]
    del answer_keys
    grouped = answers[np.argsort(answer_ranks, kind="stable")]
    del answers
    counts = np.bincount(answer_ranks, minlength=len(in_order))
    bounds = [0, *np.cumsum(counts).tolist()]
    key_list = list(keys)
    return [key_list[key] for key in in_order.tolist()], grouped, bounds


def package_plan_still_valid(connection: Connection, plan: PackagePlan) -> bool:
    """Whether the stored decks and schedules are still those the plan was made from."""
    if not all(deck_plan_still_valid(connection, deck) for deck in plan.decks):
        return False
    return current_schedules(connection, list(plan.schedules)) == plan.schedules


def write_package(connection: Connection, plan: PackagePlan) -> tuple[list[ImportReport], int]:
    """Write a planned package import (the caller holds the write transaction).

    Returns a report per deck and how many ratings were replayed.
    """
    reports = [write_deck(connection, deck) for deck in plan.decks]
    store_ids = {
        (deck_key, card_key): card_id
        for card_id, deck_key, card_key in connection.execute(
            select(cards.c.id, decks.c.key, cards.c.key)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(decks.c.key.in_([deck.key for deck in plan.decks]))
        )
    }
    card_ids = np.array([store_ids[card] for card in plan.card_keys] or [0], dtype=np.int64)
    log_ids = card_ids[plan.log_cards]
    times = DriverTimes(plan.log_times, connection.dialect)
    with log_sums_added_in_bulk(connection), log_indexes_built_after(connection, len(plan.log)):
        plan.log.write(connection, {"card_id": log_ids, "reviewed_at": times})
    state_ids = [store_ids[card] for card in plan.state_cards]
    plan.states.execute(connection, plan.states.set_value(plan.state_rows, "target", state_ids))
    _mark_cards(connection, {store_ids[card]: marks for card, marks in plan.marks.items()})
    return reports, len(plan.log)


def _mark_cards(connection: Connection, marks: dict[int, AnkiMarks]) -> None:
    """Give stored cards the marks they bring from Anki."""
    set_suspended(connection, [card for card, mark in marks.items() if mark.suspended])
    set_starred(connection, [card for card, mark in marks.items() if mark.starred])
    for flag in sorted({mark.flag for mark in marks.values() if mark.flag}):
        set_flag(connection, [card for card, mark in marks.items() if mark.flag == flag], flag)


def package_remarks(package: PackageDecks, replayed: int) -> tuple[str, ...]:
    """What to tell the user beyond the per-deck counts: history, media, notes left out."""
    remarks: list[str] = []
    answers = int(np.isin(package.reviews.buttons, list(ANKI_BUTTON_RATINGS)).sum())
    if answers:
        already = answers - replayed
        known = f" ({already} were here already, or older than a card's history)" if already else ""
        remarks.append(
            f"{replayed} of {answers} reviews from Anki's history replayed into the schedule"
            + known
        )
    if package.media:
        remarks.append(
            f"{_count(len(package.media), 'media file')} not imported "
            f"(the terminal shows no images or sounds; cards name them): "
            + _listed(sorted(package.media))
        )
    if package.skipped:
        remarks.append(
            f"{_count(len(package.skipped), 'note')} skipped: "
            + _listed([str(note) for note in package.skipped], "; ")
        )
    if package.suspended:
        remarks.append(
            f"{_count(package.suspended, 'note')} suspended in Anki "
            f"{'is' if package.suspended == 1 else 'are'} suspended here too (unsuspend "
            f"{'it' if package.suspended == 1 else 'them'} in the browser; a card imported "
            "before keeps the marks it has here)"
        )
    remarks += [f"note {note}" for note in package.dropped]
    return tuple(remarks)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _listed(names: list[str], separator: str = ", ") -> str:
    shown = separator.join(names[:NAMES_LISTED])
    more = len(names) - NAMES_LISTED
    return shown + (f"{separator}and {more} more" if more > 0 else "")
