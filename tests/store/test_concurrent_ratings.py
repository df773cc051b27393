"""Two processes on two connections rating the same cards at once lose nothing.

Each child opens the store and rates the same few cards in spaced mode as fast as it can; every
rating reads the card's schedule and writes the next one, so a rating that read a schedule the
other process was changing would break the chain. On SQLite the write transaction takes the
lock first (``BEGIN IMMEDIATE``); on PostgreSQL the read of the card's state locks its row
(``SELECT ... FOR UPDATE``). Runs on whichever database ``db_url`` gives.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from studyapp.collection import Collection
from studyapp.store.schema import card_states, reviews
from tests.conftest import WriteDeck
from tests.store.summaries import kept_day_sums, logged_day_sums

CARDS = 4
ROUNDS = 15

#: The child: waits for the start file, then rates the cards given ROUNDS times (2, 3, 4, 5, ...).
CHILD = r"""
import sys, time
from pathlib import Path
from studyapp.collection import Collection
from studyapp.scheduling.rating import Rating

url, start = sys.argv[1], Path(sys.argv[2])
first_rating, rounds = int(sys.argv[3]), int(sys.argv[4])
card_ids = [int(card_id) for card_id in sys.argv[5].split(",")]
collection = Collection.open(url, bundled=False)
while not start.exists():
    time.sleep(0.005)
for number in range(rounds):
    for card_id in card_ids:
        collection.rate(card_id, Rating(2 + (first_rating + number) % 4))
        print("ack", card_id, flush=True)
collection.close()
"""


def test_two_processes_rating_the_same_cards_lose_nothing(
    db_url: str, clock, write_deck: WriteDeck, tmp_path: Path
) -> None:
    collection = Collection.open(db_url, clock, bundled=False)
    deck = "".join(f"## Question {n}?\nAnswer {n}.\n\n" for n in range(CARDS))
    collection.import_file(write_deck("deck.md", deck))
    card_ids = ",".join(map(str, collection.due_queue().new))
    start = tmp_path / "start"
    arguments = [db_url, str(start)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, *arguments, str(first), str(ROUNDS), card_ids],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ,
        )
        for first in (0, 1)
    ]
    start.touch()
    acked = 0
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        acked += out.count("ack ")
    assert acked == 2 * CARDS * ROUNDS

    with collection.engine.connect() as connection:
        log = connection.execute(select(reviews).order_by(reviews.c.id)).all()
        states = {row.card_id: row for row in connection.execute(select(card_states))}
        assert kept_day_sums(connection) == logged_day_sums(connection)
    collection.close()
    assert len(log) == acked
    for card_id, state in states.items():
        chain = [row for row in log if row.card_id == card_id]
        assert len(chain) == state.reviews == 2 * ROUNDS
        assert sum(row.rating for row in chain) == state.rating_sum
        # each rating started from the schedule the one before it left: none was lost
        for earlier, later in itertools.pairwise(chain):
            assert later.rating_before == earlier.rating
            assert (later.repetitions_before, later.easiness_before, later.interval_before) == (
                earlier.repetitions_after,
                earlier.easiness_after,
                earlier.interval_after,
            )
        last = chain[-1]
        assert (state.repetitions, state.easiness, state.interval, state.last_rating) == (
            last.repetitions_after,
            last.easiness_after,
            last.interval_after,
            last.rating,
        )
