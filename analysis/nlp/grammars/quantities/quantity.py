"""A quantity of a sentence as a value with its qualifier, and when two of one measure can both be
true: the tolerances are decided here, as data.

Each quantity admits an interval of true values and two quantities are compatible when their
intervals meet:
- "около/примерно/порядка/почти/приблизительно X" admits X ± 10% (``APPROX_SHARE``): "около 9 млрд"
  agrees with "9,5 млрд" (5.6% away) but not with "10,5 млрд"; journalists say "около" for a
  rounding of a figure they have, rarely for more than a tenth off.
- A round figure stated exactly ("1200 км", "50 тыс.") is read as a rounding to its last non-zero
  digit ("1200" = 1150..1250), but never wider than ±2.5% of the value (``ROUNDING_SHARE``): "1200
  км" agrees with "1224 км", while "10 млрд" (not a rounding of 9,5: 5% off) and "50 тыс." against
  "55 тыс." disagree. Figures with no trailing zero ("8", "9,5", "1224") are exact.
- Bounds ("более", "свыше", "не менее", "от" / "менее", "до", "не более") are inclusive: "не менее
  100" and "более 100" are one claim as far as a reader comparing outlets is concerned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

APPROX_SHARE = 0.10
ROUNDING_SHARE = 0.025


# Qualifier kinds of ``Quantity.qualifier`` (and of the claims' ``qualifier`` column).
EXACT = "exact"
MORE = "more"  # a lower bound: "более 100"
LESS = "less"  # an upper bound: "до 600 рейсов"
APPROX = "approx"  # "около 9 млрд"
RANGE = "range"  # "от 8 до 10 млрд", "8–10"

# Units of one dimension that convert into each other, as a factor to a base.
CONVERSIONS = {
    "km": ("m", 1000.0),
    "m": ("m", 1.0),
    "cm": ("m", 0.01),
    "mm": ("m", 0.001),
    "nm": ("m", 1e-9),
    "mi": ("m", 1609.344),
    "m3": ("m3", 1.0),
    "l": ("m3", 0.001),
    "bbl": ("m3", 0.158987),
    "t": ("kg", 1000.0),
    "kg": ("kg", 1.0),
    "year": ("day", 365.25),
    "month": ("day", 30.4375),
    "week": ("day", 7.0),
    "day": ("day", 1.0),
    "hour": ("day", 1 / 24),
    "min": ("day", 1 / 1440),
}


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity of a sentence. ``value`` is set for exact, bounded and approximate amounts
    (the bound itself for "более"/"до"), ``low``/``high`` for ranges; ``interval`` gives both."""

    article_id: str
    sentence_id: int
    start: int  # offsets into the article's raw text, like the sentence's and its tokens'
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str  # "EUR", "km", "%", ..., or a counted noun's lemma ("пассажир")
    dimension: str  # money, length, volume, mass, duration, count, percent
    qualifier: str  # exact, more, less, approx, range
    per: str  # "year" in "40 тысяч евро в год"; "" for none
    token_start: int  # positions in ``sentence.tokens``, half-open
    token_end: int

    @property
    def interval(self) -> tuple[float, float]:
        """The values this quantity admits (bounds inclusive), tolerances of the module applied."""
        if self.qualifier == RANGE:
            return (self.low, self.high)
        value = self.value
        if self.qualifier == MORE:
            return (value, math.inf)
        if self.qualifier == LESS:
            return (-math.inf, value)
        width = abs(value) * APPROX_SHARE if self.qualifier == APPROX else _rounding(value)
        return (value - width, value + width)


def _rounding(value: float) -> float:
    """Half a unit of the last non-zero digit of a round integer, capped at ROUNDING_SHARE."""
    if value <= 0 or value != int(value) or int(value) % 10:
        return 0.0
    digits = str(int(value))
    place = 10 ** (len(digits) - len(digits.rstrip("0")))
    return min(place / 2, value * ROUNDING_SHARE)


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same thing in convertible units and for the same period."""
    if a.dimension != b.dimension or a.per != b.per:
        return False
    if a.unit == b.unit:
        return True
    return (
        a.unit in CONVERSIONS and b.unit in CONVERSIONS and CONVERSIONS[a.unit][0] == CONVERSIONS[b.unit][0]
    )


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether ``a`` and ``b`` can both be true given their qualifiers: their intervals meet.
    Raises ValueError for quantities that are not ``comparable`` (different dimension, currency,
    counted noun or period)."""
    if not comparable(a, b):
        raise ValueError(f"not comparable: {a.text!r} ({a.unit}) and {b.text!r} ({b.unit})")
    factor_a = CONVERSIONS[a.unit][1] if a.unit != b.unit else 1.0
    factor_b = CONVERSIONS[b.unit][1] if a.unit != b.unit else 1.0
    low_a, high_a = (bound * factor_a for bound in a.interval)
    low_b, high_b = (bound * factor_b for bound in b.interval)
    return max(low_a, low_b) <= min(high_a, high_b)


def base_interval(quantity: Quantity) -> tuple[float, float, str]:
    """The quantity's interval in its dimension's base unit (km and m in m, years and days in
    days), so that values written in different units compare."""
    low, high = quantity.interval
    base, factor = CONVERSIONS.get(quantity.unit, (quantity.unit, 1.0))
    return low * factor, high * factor, base
