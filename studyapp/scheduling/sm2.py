"""The SM-2 spaced-repetition algorithm as SuperMemo published it (P. A. Wozniak, 1990).

Each card carries a repetition count ``n``, an easiness factor ``EF`` (2.5 for a new card)
and an interval ``I`` in days (0 means "never scheduled"). After every review the learner's
recall is graded with a quality ``q`` from 0 (complete blackout) to 5 (perfect response):

* ``EF' = max(1.3, EF + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))``, after every review,
  failed ones included.
* If ``q >= 3`` (a pass): ``n' = n + 1`` and ``I' = 1`` when ``n' == 1``, ``I' = 6`` when
  ``n' == 2``, otherwise ``I' = ceil(I * EF)`` with the EF in force *before* this review.
* If ``q < 3`` (a lapse): ``n' = 0`` and ``I' = 1``; the repetitions start again from the
  beginning, keeping the lowered ``EF'`` (it is not reset to 2.5).

All arithmetic is exact, and never ``float``: in whole numbers of hundredths of EF when the
EF is one (every EF SM-2 reaches from 2.5 is: its changes are hundredths), else in
``decimal.Decimal`` with as much precision as the operands need, independent of the caller's
decimal context. Binary rounding therefore can never add a day: 6 x 1.5 is 9 and 10 x 1.3 is
13.

SM-2 also repeats, the same day, every card graded below 4 until it reaches at least 4, and
those repeats do not change the card's schedule. That rule lives in the session queue and the
store's relearning (:mod:`studyapp.scheduling.relearning`), not here: only a card's first grade
of the day should be passed to `review`.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Underflow,
    localcontext,
)
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Protocol

__all__ = [
    "INITIAL_EASINESS",
    "MIN_EASINESS",
    "SM2State",
    "SM2StateLike",
    "easiness_delta",
    "easiness_hundredths",
    "easiness_of_hundredths",
    "is_pass",
    "next_due",
    "review",
    "review_in_hundredths",
]

INITIAL_EASINESS: Final = Decimal("2.5")
MIN_EASINESS: Final = Decimal("1.3")

_MIN_QUALITY: Final = 0
_MAX_QUALITY: Final = 5
_PASS_QUALITY: Final = 3
_FIRST_INTERVAL: Final = 1
_SECOND_INTERVAL: Final = 6
_DEFAULT_PRECISION: Final = 28


# --- exact decimal arithmetic -------------------------------------------------------------


def _exact_context(digits: int) -> Context:
    """A context with ``digits`` of precision that raises instead of ever rounding."""
    return Context(
        prec=max(digits, _DEFAULT_PRECISION),
        rounding=ROUND_HALF_EVEN,
        Emin=MIN_EMIN,
        Emax=MAX_EMAX,
        traps=[InvalidOperation, DivisionByZero, Overflow, Underflow, Clamped, Inexact, Rounded],
    )


def _coefficient_digits(x: Decimal) -> int:
    """Number of digits in the coefficient of the finite decimal ``x``."""
    return len(x.as_tuple().digits)


def _exponent(x: Decimal) -> int:
    """Exponent of the least significant digit of the finite decimal ``x``."""
    return x.adjusted() - _coefficient_digits(x) + 1


def _exact_sum(a: Decimal, b: Decimal) -> Decimal:
    """``a + b`` computed without rounding."""
    digits = max(a.adjusted(), b.adjusted()) - min(_exponent(a), _exponent(b)) + 2
    return _exact_context(digits).add(a, b)


def _ceil_product(k: int, x: Decimal) -> int:
    """``ceil(k * x)`` computed without rounding."""
    factor = Decimal(k)
    context = _exact_context(_coefficient_digits(factor) + _coefficient_digits(x))
    product = context.multiply(factor, x)
    with localcontext(context):
        return math.ceil(product)


def _tidy(x: Decimal) -> Decimal:
    """The same finite value without trailing fractional zeros ("2.60" -> "2.6", "0.00" -> "0")."""
    if x.is_zero():
        return Decimal(0)
    sign, digits, exponent = x.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - only finite values get here
        raise ValueError(f"expected a finite decimal, got {x!r}")
    kept = list(digits)
    while exponent < 0 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return Decimal((sign, tuple(kept), exponent))


# --- validation ---------------------------------------------------------------------------


def _check_int_range(value: object, name: str, low: int, high: int) -> int:
    """Return ``value`` if it is an int (not a bool) in ``low..high``."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an integer from {low} to {high}, got the bool {value}")
    if not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")
    return value


def _check_quality(q: object) -> int:
    return _check_int_range(q, "quality", _MIN_QUALITY, _MAX_QUALITY)


def _check_count(value: object, name: str) -> int:
    """Return ``value`` as a plain int if it is a non-negative int (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return int(value)


def _to_easiness(value: object) -> Decimal:
    """Convert an int, float, str or Decimal easiness to an exact, finite, non-negative Decimal.

    A float goes through its shortest repr, so ``1.5`` becomes ``Decimal("1.5")`` and ``1.3``
    becomes ``Decimal("1.3")`` rather than the float's binary expansion.
    """
    if isinstance(value, bool):
        raise TypeError("easiness must be a number, got a bool")
    if isinstance(value, Decimal):
        easiness = value
    elif isinstance(value, int):
        easiness = Decimal(value)
    elif isinstance(value, float):
        easiness = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            easiness = Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"easiness is not a number: {value!r}") from exc
    else:
        kind = type(value).__name__
        raise TypeError(f"easiness must be a Decimal, int, float or str, got {kind}")
    if not easiness.is_finite():
        raise ValueError(f"easiness must be finite, got {value!r}")
    if easiness < 0:
        raise ValueError(f"easiness must be >= 0, got {value!r}")
    return _tidy(easiness)


# --- public API ---------------------------------------------------------------------------


class SM2StateLike(Protocol):
    """Anything carrying an SM-2 state, such as a database row or an `SM2State`."""

    @property
    def repetitions(self) -> int:
        """Consecutive passing reviews since the card was new or last lapsed."""
        ...

    @property
    def easiness(self) -> Decimal | float | int:
        """The easiness factor EF."""
        ...

    @property
    def interval(self) -> int:
        """Days from the last review to the next one; 0 if never scheduled."""
        ...


@dataclass(frozen=True, slots=True)
class SM2State:
    """Immutable SM-2 state of one card; the defaults describe a new, never-reviewed card.

    ``easiness`` may be given as an int, float, str or Decimal and is stored as an exact
    Decimal (a float through its repr, so 1.5 is exactly ``Decimal("1.5")``). Any finite
    easiness >= 0 is accepted, even below `MIN_EASINESS`, so imported values can be loaded;
    the next review raises it to the floor. Negative, NaN or infinite easiness and negative
    counts raise ValueError; bools and non-numbers raise TypeError.
    """

    repetitions: int = 0
    easiness: Decimal = INITIAL_EASINESS
    interval: int = 0

    if TYPE_CHECKING:
        # The dataclass-generated __init__ accepts any of these easiness types at run time
        # (__post_init__ converts them); this stub only tells type checkers so.
        def __init__(
            self,
            repetitions: int = 0,
            easiness: Decimal | float | int | str = INITIAL_EASINESS,
            interval: int = 0,
        ) -> None: ...

    def __post_init__(self) -> None:
        """Validate the fields and store the easiness as an exact Decimal."""
        object.__setattr__(self, "repetitions", _check_count(self.repetitions, "repetitions"))
        object.__setattr__(self, "interval", _check_count(self.interval, "interval"))
        object.__setattr__(self, "easiness", _to_easiness(self.easiness))


def easiness_delta(q: int) -> Decimal:
    """Exact EF change for quality q: ``0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)``."""
    shortfall = _MAX_QUALITY - _check_quality(q)
    with localcontext(_exact_context(_DEFAULT_PRECISION)):
        delta = Decimal("0.1") - shortfall * (Decimal("0.08") + shortfall * Decimal("0.02"))
    return _tidy(delta)


def is_pass(q: int) -> bool:
    """Whether quality q counts as a correct recall (q >= 3)."""
    return _check_quality(q) >= _PASS_QUALITY


def review(state: SM2StateLike, q: int) -> SM2State:
    """Return the state after one review of quality q (0-5); ``state`` is left unchanged.

    EF becomes ``max(1.3, EF + easiness_delta(q))`` whatever q is. A pass (q >= 3)
    increments the repetitions n and sets the interval to 1 day for n == 1, 6 days for
    n == 2 and ``ceil(previous interval * previous EF)`` after that, using the EF from before
    this review. A lapse (q < 3) sets repetitions to 0 and the interval to 1 day.

    Imported states may be inconsistent: if a pass makes n > 2 while the stored interval is
    0, the previous interval is taken to be 1 day. The interval returned is always at least
    1 day (this only matters for an imported easiness of exactly 0).

    ``state`` may be any object with ``repetitions``, ``easiness`` and ``interval``
    attributes; it is validated like an `SM2State`. Raises ValueError for q outside 0..5 or
    a bool q, and TypeError for a non-int q.
    """
    quality = _check_quality(q)
    current = (
        state
        if isinstance(state, SM2State)
        else SM2State(
            repetitions=state.repetitions,
            easiness=state.easiness,
            interval=state.interval,
        )
    )
    return _reviewed(current, quality)


def _reviewed(current: SM2State, quality: int) -> SM2State:
    """`review` of a validated state and quality: in whole hundredths of EF when the state's EF
    is one (every EF SM-2 itself reaches from 2.5 is), else in exact decimals."""
    hundredths = easiness_hundredths(current.easiness)
    if hundredths is None:
        return _reviewed_in_decimals(current, quality)
    repetitions, easiness, interval = review_in_hundredths(
        current.repetitions, hundredths, current.interval, quality
    )
    return _trusted_state(repetitions, easiness_of_hundredths(easiness), interval)


def review_in_hundredths(
    repetitions: int, hundredths: int, interval: int, quality: int
) -> tuple[int, int, int]:
    """`review` of a valid state whose EF is ``hundredths`` / 100, for a valid quality, all in
    whole numbers: the new repetitions, EF in hundredths, and interval (for a caller replaying
    many reviews; `review` checks its arguments and gives an `SM2State`)."""
    easiness = max(_MIN_HUNDREDTHS, hundredths + _DELTA_HUNDREDTHS[quality])
    if quality < _PASS_QUALITY:
        return 0, easiness, _FIRST_INTERVAL
    repetitions += 1
    if repetitions == 1:
        return repetitions, easiness, _FIRST_INTERVAL
    if repetitions == 2:
        return repetitions, easiness, _SECOND_INTERVAL
    # ceil(I * EF) with EF = hundredths / 100, in whole numbers
    return repetitions, easiness, max(1, -(-max(interval, 1) * hundredths // 100))


@lru_cache(maxsize=4096)
def easiness_hundredths(easiness: Decimal) -> int | None:
    """The EF as a whole number of hundredths (None: it has a finer digit)."""
    sign, digits, exponent = easiness.as_tuple()
    if not isinstance(exponent, int) or exponent < -2:
        return None
    return int(Decimal((sign, digits, exponent + 2)))  # (built, not scaled: never rounded)


@lru_cache(maxsize=4096)
def easiness_of_hundredths(hundredths: int) -> Decimal:
    """The EF of a whole number of hundredths, as `SM2State` keeps it (no trailing zeros)."""
    sign, digits, exponent = Decimal(hundredths).as_tuple()
    assert isinstance(exponent, int)
    return _tidy(Decimal((sign, digits, exponent - 2)))


def _trusted_state(repetitions: int, easiness: Decimal, interval: int) -> SM2State:
    """An `SM2State` of values this module worked out (so not checked again)."""
    state = object.__new__(SM2State)
    object.__setattr__(state, "repetitions", repetitions)
    object.__setattr__(state, "easiness", easiness)
    object.__setattr__(state, "interval", interval)
    return state


def _reviewed_in_decimals(current: SM2State, quality: int) -> SM2State:
    """`review` of a validated state and quality in exact decimals (any EF)."""
    new_easiness = max(MIN_EASINESS, _exact_sum(current.easiness, easiness_delta(quality)))
    if not is_pass(quality):
        return SM2State(repetitions=0, easiness=new_easiness, interval=_FIRST_INTERVAL)
    repetitions = current.repetitions + 1
    if repetitions == 1:
        interval = _FIRST_INTERVAL
    elif repetitions == 2:
        interval = _SECOND_INTERVAL
    else:
        previous_interval = max(current.interval, 1)
        interval = max(1, _ceil_product(previous_interval, current.easiness))
    return SM2State(repetitions=repetitions, easiness=new_easiness, interval=interval)


_MIN_HUNDREDTHS: Final = 130  # MIN_EASINESS, 1.3
#: EF's change for each quality in hundredths: +10, 0, -14, -32, -54, -80 (q = 5 … 0).
_DELTA_HUNDREDTHS: Final = {
    q: int(easiness_delta(q).scaleb(2)) for q in range(_MIN_QUALITY, _MAX_QUALITY + 1)
}


def next_due(reviewed_on: date, state: SM2State) -> date:
    """The date the card is next due: ``reviewed_on`` plus ``state.interval`` days.

    An interval reaching past the last date Python knows (9999-12-31; only a card rated
    perfect on dozens of consecutive days, not waiting to be due, gets there) ends on it.
    """
    room = (date.max - reviewed_on).days
    return date.max if state.interval > room else reviewed_on + timedelta(days=state.interval)
