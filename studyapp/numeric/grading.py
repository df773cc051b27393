"""Numbers as numeric cards show them, read them back from what a student types, and grade
them within a card's stated tolerance.

A tolerance is relative (``1%``: within 1% of the right value) or absolute (``±0.001``). A
typed answer may be written ``0.025``, ``.025``, ``2.5e-2``, ``2.5×10^-2`` (or ``*``, ``x``,
``·``; ``10⁻²`` too), a fraction ``1/40``, a percentage ``2.5%``, with a thousands separator
(``1,000``) or a decimal comma (``0,025``, ``1,5``: a comma that does not group thousands),
spaces, and a leading name (``lr = 0.025``).

A typed number is right when it is the right value as shown, or within the tolerance and nearer
the right value than the value of any known mistake: a mistake can land inside a 1% tolerance
(one step of ``ExponentialLR(gamma=0.99)`` is 1%), and is wrong all the same.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

#: Significant digits a numeric card shows.
DIGITS = 4
#: The tightest relative tolerance a card may state: wider than the rounding of a shown value.
MIN_RELATIVE = 0.001
MAX_RELATIVE = 0.5

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_LEADING_NAME = re.compile(r"^[^\d.+\-=]*?[=≈:]\s*")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
#: A number written with one comma and no point (``0,025``), and one whose commas group
#: thousands (``1,000``, ``12,345,678``): the first is read with a decimal comma unless it is
#: the second.
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_GROUPED = re.compile(r"^[-+]?[1-9]\d{0,2}(?:,\d{3})+$")
_DECIMAL = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_NUMBER = re.compile(rf"^{_DECIMAL}$")
_TIMES_TEN = re.compile(rf"^(?P<mantissa>{_DECIMAL})?(?:[×x*·])?10\^?\(?(?P<power>[-+]?\d+)\)?$")
_FRACTION = re.compile(rf"^(?P<top>{_DECIMAL})/(?P<bottom>{_DECIMAL})$")


def format_number(value: float) -> str:
    """A value with :data:`DIGITS` significant digits and no float noise: ``0.025``,
    ``0.0625``, ``12350``, ``3.333e-5``."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    rounded = float(f"{value:.{DIGITS}g}")
    if 1e-4 <= abs(rounded) < 1e7:
        text = format(Decimal(repr(rounded)), "f")
        return text.removesuffix(".0") if text.endswith(".0") else text
    mantissa, _, exponent = f"{rounded:.{DIGITS}g}".partition("e")
    return f"{mantissa}e{int(exponent)}"


def parse_number(text: str) -> float | None:
    """The number a student typed, or None when it is not one (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-").lower()
    text = _LEADING_NAME.sub("", text)
    if _DECIMAL_COMMA.match(text) and not _GROUPED.match(text):
        text = text.replace(",", ".")  # 0,025 or 1,5: a decimal comma, not thousands
    text = _THOUSANDS.sub("", text).translate(_SUPERSCRIPTS)
    text = "".join(text.split()).replace("_", "")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    value = _plain_value(text)
    if value is None or not math.isfinite(value):
        return None
    return value / 100 if percent else value


#: Said after a number typed that is not read as one, where the answer given is shown.
NOT_A_NUMBER = "(not read as a number)"


def typed_number_shown(text: str) -> str:
    """A number typed for a numeric card as the feedback shows it: as typed, then
    :data:`NOT_A_NUMBER` when it is not read as one (``nan``, ``inf``, ``1e999``, words)."""
    if not text.strip() or parse_number(text) is not None:
        return text
    return f"{text} {NOT_A_NUMBER}"


def _plain_value(text: str) -> float | None:
    if _NUMBER.match(text):
        return float(text)
    match = _TIMES_TEN.match(text)
    if match:
        mantissa = float(match["mantissa"]) if match["mantissa"] else 1.0
        power = int(match["power"])
        return mantissa * 10.0**power if abs(power) < 300 else None
    match = _FRACTION.match(text)
    if match:
        bottom = float(match["bottom"])
        return float(match["top"]) / bottom if bottom else None
    return None


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far a typed value may be from the right one: relative (a fraction of it) or
    absolute."""

    kind: Literal["relative", "absolute"]
    amount: float

    @classmethod
    def parse(cls, text: object) -> Tolerance:
        """``1%`` (relative) or ``±0.001`` / ``0.001`` (absolute); ValueError if neither."""
        if isinstance(text, bool) or not isinstance(text, str | int | float):
            raise ValueError("must be a percentage like 1% or an absolute ±0.001")
        written = str(text).strip()
        relative = written.endswith("%")
        number = written.removesuffix("%").strip().removeprefix("±").removeprefix("+-").strip()
        try:
            amount = float(number)
        except ValueError:
            raise ValueError(
                f'"{written}" is not a tolerance: write a percentage like 1% or an absolute ±0.001'
            ) from None
        if not math.isfinite(amount) or amount <= 0:
            raise ValueError(f'"{written}" must be more than 0')
        if relative:
            fraction = amount / 100
            if not MIN_RELATIVE <= fraction <= MAX_RELATIVE:
                raise ValueError(
                    f'"{written}" must be from {MIN_RELATIVE * 100:g}% to {MAX_RELATIVE * 100:g}% '
                    f"(answers are shown with {DIGITS} significant digits)"
                )
            return cls("relative", fraction)
        return cls("absolute", amount)

    def text(self) -> str:
        """As a deck file writes it: ``1%`` or ``±0.001``."""
        if self.kind == "relative":
            return f"{self.amount * 100:g}%"
        return f"±{self.amount:g}"

    def allows(self, given: float, right: float) -> bool:
        """Whether ``given`` is within this tolerance of ``right``."""
        gap = abs(given - right)
        limit = self.amount * abs(right) if self.kind == "relative" else self.amount
        return gap <= limit * (1 + 1e-9)


#: The tolerance a numeric card has when its file does not state one.
DEFAULT_TOLERANCE = Tolerance("relative", 0.01)


def within(
    given_text: str, right: float, tolerance: Tolerance, wrong: Sequence[float] = ()
) -> bool:
    """Whether a typed answer is right: the right value as shown, or within the tolerance and
    nearer the right value than any ``wrong`` one (the values known mistakes give), so that a
    mistake that lands inside the tolerance is still wrong."""
    given = parse_number(given_text)
    if given is None:
        return False
    if format_number(given) == format_number(right):
        return True
    gap = abs(given - right)
    return tolerance.allows(given, right) and all(gap < abs(given - value) for value in wrong)
