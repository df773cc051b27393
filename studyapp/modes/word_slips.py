"""How many typing slips separate a typed answer from an accepted one, word by word.

Counting edits over the whole answer lets a slip change a word's meaning: "inside" is three
edits from "outside", "starts" three from "stops", "global" two from "local", and a long answer
allows three. So the answers are compared word by word (both already normalized, words parted
by single spaces), and the edits are the cheapest way to line the words up where:

- an equal word costs nothing;
- a word typed with slips costs its optimal string alignment distance to the accepted word,
  allowed only within that word's own allowance (:func:`word_allowance`: none for a word of up
  to 3 characters, 1 up to 9, 2 beyond), so a slip never turns one word into another;
- two accepted words typed as one ("learningrate"), or one typed as two ("drop out"), cost one
  edit more than the slips in them;
- a short word (up to 3 characters) left out or added costs its length plus one, so "multiply
  by k" may pass for "multiply it by k"; a negation ("not", "no", "non", "nor") is never left
  out or added, and a longer word never is.

The total must also be within the budget the caller allows for the whole answer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

#: Words that turn an answer into its opposite: never left out or added as a slip.
NEGATIONS: Final = frozenset({"not", "no", "non", "nor", "nt"})
#: The longest word that may be left out or added as a slip.
DROPPABLE_LENGTH: Final = 3


def word_allowance(word: str) -> int:
    """The slips one accepted word tolerates: 0 up to 3 characters, 1 up to 9, 2 beyond (two
    slips turn "decoupled" into "coupled" and "decreases" into "increases")."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 9 else 2


def _droppable(word: str) -> bool:
    return len(word) <= DROPPABLE_LENGTH and word not in NEGATIONS


def _slips(typed: str, accepted: str) -> int | None:
    """Slips from one typed word to one accepted word, or None beyond the word's allowance."""
    if typed == accepted:
        return 0
    allowance = word_allowance(accepted)
    edits = OSA.distance(typed, accepted, score_cutoff=allowance)
    return edits if edits <= allowance else None


def slip_edits(typed: str, accepted: str, budget: int) -> int | None:
    """The fewest edits that line ``typed`` up with ``accepted`` word by word (see the module
    docstring), or None when no alignment is within ``budget``."""
    edits = _aligned(tuple(typed.split()), tuple(accepted.split()))
    return edits if edits is not None and edits <= budget else None


@lru_cache(maxsize=4096)
def _aligned(typed: tuple[str, ...], accepted: tuple[str, ...]) -> int | None:
    """Dynamic programming over both word lists: ``cost[i][j]`` lines up the first ``i`` typed
    words with the first ``j`` accepted ones (None where no alignment exists)."""
    rows, cols = len(typed), len(accepted)
    cost: list[list[int | None]] = [[None] * (cols + 1) for _ in range(rows + 1)]
    cost[0][0] = 0
    for i in range(rows + 1):
        for j in range(cols + 1):
            here = cost[i][j]
            if here is None:
                continue
            moves: list[tuple[int, int, int | None]] = []
            if i < rows and j < cols:
                moves.append((i + 1, j + 1, _slips(typed[i], accepted[j])))
            if i < rows and j + 1 < cols:  # two accepted words typed as one
                joined = _slips(typed[i], accepted[j] + accepted[j + 1])
                moves.append((i + 1, j + 2, None if joined is None else joined + 1))
            if i + 1 < rows and j < cols:  # one accepted word typed as two
                split = _slips(typed[i] + typed[i + 1], accepted[j])
                moves.append((i + 2, j + 1, None if split is None else split + 1))
            if j < cols and _droppable(accepted[j]):  # a short word left out
                moves.append((i, j + 1, len(accepted[j]) + 1))
            if i < rows and _droppable(typed[i]):  # a short word added
                moves.append((i + 1, j, len(typed[i]) + 1))
            for row, col, step in moves:
                if step is None:
                    continue
                best = cost[row][col]
                if best is None or here + step < best:
                    cost[row][col] = here + step
    return cost[rows][cols]
