"""The matching game: six questions and their short answers shuffled in a grid, against time.

Pick two tiles, a question and an answer: if they belong together both leave the board,
otherwise one second is added to the time. Picking a second tile of the same side moves the
selection instead. The game ends when every pair is matched; its time (penalties included)
is saved per scope, and the best time is the smallest. The clock can be paused (while a
dialog or help covers the board): paused time does not count. Each card's result is saved
too: right if it was matched without one of its own two tiles ever being in a wrong pair.
Saving goes through the game's :class:`~studyapp.modes.saving.Saver`, so the board never
waits for the database; after the game each pair can be rated 1–5 (logged in matching mode).
"""

from __future__ import annotations

import random
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Literal

from studyapp.modes.questions import answer_label, draw_cards_with_distinct_answers, prompt_of
from studyapp.modes.saving import Saver
from studyapp.scheduling.rating import Rating
from studyapp.store.results import AnswerRecord, MatchResult

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.scope import Scope
    from studyapp.store.cards import CardView

PAIRS = 6
#: The fewest pairs a game has (two: one pair alone would be no game).
FEWEST_PAIRS = 2
PENALTY_MS = 1000

Side = Literal["question", "answer"]


@dataclass(frozen=True, slots=True)
class Tile:
    """One cell of the grid: a card's question or its short answer."""

    card_id: int
    side: Side
    text: str


class Pick(Enum):
    """What picking a tile did."""

    SELECTED = "selected"  # the first tile of a pair (or the selection moved)
    UNSELECTED = "unselected"  # the selected tile was picked again
    MATCHED = "matched"
    MISMATCHED = "mismatched"  # a wrong pair: one second added
    IGNORED = "ignored"  # an already matched tile, or the game is over


@dataclass
class MatchGame:
    """One game; time runs from ``started_at`` by the collection's clock."""

    collection: Collection
    scope: Scope
    tiles: tuple[Tile, ...]
    started_at: datetime
    previous_best_ms: int | None
    selected: int | None = None
    matched: set[int] = field(default_factory=set)
    #: The cards one of whose own two tiles was part of a wrong pair (only those).
    missed_cards: set[int] = field(default_factory=set)
    mistakes: int = 0
    finished_at: datetime | None = None
    #: When the running pause began (None while the clock runs).
    paused_at: datetime | None = None
    #: Time spent in pauses that have ended.
    paused_ms: int = 0
    saver: Saver = field(default_factory=Saver.inline)
    #: The finished game's write; resolves to its id once it is in the store.
    saved: Future[int] | None = None
    ratings: dict[int, Rating] = field(default_factory=dict)  # card id → rating

    @classmethod
    def start(
        cls,
        collection: Collection,
        scope: Scope,
        rng: random.Random | None = None,
        *,
        saver: Saver | None = None,
    ) -> MatchGame | None:
        """A game of up to six pairs from ``scope``; None if it has fewer than FEWEST_PAIRS cards
        with different answers.

        ``saver`` writes the game and the ratings (default: at once, on this thread).
        """
        rng = rng or random.Random()
        card_ids = collection.scope_card_set(scope)
        cards = draw_cards_with_distinct_answers(card_ids, PAIRS, rng, load=collection.cards)
        if len(cards) < FEWEST_PAIRS:
            return None
        return cls.of_cards(collection, scope, cards, rng, saver=saver)

    @classmethod
    def of_cards(
        cls,
        collection: Collection,
        scope: Scope,
        cards: list[CardView],
        rng: random.Random,
        *,
        saver: Saver | None = None,
    ) -> MatchGame:
        """A game of exactly these cards (their answer labels must be distinct)."""
        tiles = [Tile(card.id, "question", prompt_of(card)) for card in cards]
        tiles += [Tile(card.id, "answer", answer_label(card)) for card in cards]
        rng.shuffle(tiles)
        return cls(
            collection=collection,
            scope=scope,
            tiles=tuple(tiles),
            started_at=collection.clock.now(),
            previous_best_ms=collection.best_match_ms(scope),
            saver=saver if saver is not None else Saver.inline(),
        )

    @property
    def pairs(self) -> int:
        """How many pairs the board holds."""
        return len(self.tiles) // 2

    @property
    def done(self) -> bool:
        """Whether every pair is matched."""
        return self.finished_at is not None

    @property
    def penalty_ms(self) -> int:
        """Time added for wrong pairs."""
        return self.mistakes * PENALTY_MS

    @property
    def paused(self) -> bool:
        """Whether the clock is paused."""
        return self.paused_at is not None

    def pause(self) -> None:
        """Stop the clock (a dialog covers the board); nothing if paused already or over."""
        if self.paused_at is None and not self.done:
            self.paused_at = self.collection.clock.now()

    def resume(self) -> None:
        """Run the clock again after :meth:`pause`; the pause does not count."""
        if self.paused_at is not None:
            self.paused_ms += _ms(self.collection.clock.now() - self.paused_at)
            self.paused_at = None

    def elapsed_ms(self) -> int:
        """Time since the start (until the end, once over; until the pause, while paused),
        without penalties and without the time paused."""
        end = self.finished_at or self.paused_at or self.collection.clock.now()
        return max(0, _ms(end - self.started_at) - self.paused_ms)

    def total_ms(self) -> int:
        """The time that counts: elapsed plus penalties."""
        return self.elapsed_ms() + self.penalty_ms

    @property
    def is_new_best(self) -> bool:
        """Whether the finished game beat every earlier game of its scope."""
        return self.done and (
            self.previous_best_ms is None or self.total_ms() < self.previous_best_ms
        )

    def pick(self, index: int) -> Pick:
        """Pick the tile at ``index``; a finished game is handed to the saver at once."""
        if not 0 <= index < len(self.tiles):
            raise IndexError(f"no tile {index}")
        if self.done or index in self.matched:
            return Pick.IGNORED
        self.resume()  # a pick is play: the clock runs
        if self.selected is None:
            self.selected = index
            return Pick.SELECTED
        if self.selected == index:
            self.selected = None
            return Pick.UNSELECTED
        first, second = self.tiles[self.selected], self.tiles[index]
        if first.side == second.side:
            self.selected = index
            return Pick.SELECTED
        if first.card_id == second.card_id:
            self.matched |= {self.selected, index}
            self.selected = None
            if len(self.matched) == len(self.tiles):
                self._finish()
            return Pick.MATCHED
        self.mistakes += 1
        self.missed_cards |= {first.card_id, second.card_id}
        self.selected = None
        return Pick.MISMATCHED

    def _finish(self) -> None:
        now = self.collection.clock.now()
        self.finished_at = now
        result = MatchResult(
            self.scope, now, self.pairs, self.mistakes, self.elapsed_ms(), self.penalty_ms
        )
        card_ids = [tile.card_id for tile in self.tiles if tile.side == "question"]
        answers = [
            AnswerRecord(card_id, "matching", "matching", card_id not in self.missed_cards, now)
            for card_id in card_ids
        ]
        collection = self.collection
        self.saved = self.saver.submit(
            "matching game", lambda: collection.record_match_game(result, answers)
        )

    def rate(self, card_id: int, rating: Rating) -> None:
        """Rate how well a matched pair was known (logged in matching mode, no schedule
        moves). Only once the game is over."""
        if not self.done:
            raise RuntimeError("finish the game before rating its pairs")
        if card_id not in {tile.card_id for tile in self.tiles}:
            raise ValueError(f"card {card_id} is not in this game")
        rate, now = self.collection.rate, self.collection.clock.now()
        self.saver.submit(
            "rating", lambda: rate(card_id, rating, mode="matching", scheduled=False, at=now)
        )
        self.ratings[card_id] = rating


def _ms(span: timedelta) -> int:
    return int(span.total_seconds() * 1000)
