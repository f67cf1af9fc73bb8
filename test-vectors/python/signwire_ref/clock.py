"""The authenticated clock of §15.3: what one signed time rejection does to a client's clock offset.

Exact arithmetic (``Fraction``) in seconds: the server read its clock, rounded down, at an instant
between the client's send and receive readings, so the true offset lies in
``[created - received/1000, created + 1 - sent/1000]``.
"""

from dataclasses import dataclass
from fractions import Fraction
import math

DEFAULT_MAX_ROUND_TRIP_MS = 5000
MAX_ROUND_TRIP_LIMIT_MS = 30_000
DEFAULT_MAX_OFFSET = 3600


@dataclass(frozen=True)
class ClockSample:
    """A verified SIGNATURE_EXPIRED / SIGNATURE_FROM_FUTURE response, timed with the local clock (ms)."""

    sent_at: int | float
    received_at: int | float
    created: int
    offset: int
    cached: bool = False


@dataclass(frozen=True)
class ClockDecision:
    """``outcome`` is corrected, unchanged or refused; ``reason`` names a refusal; ``offset`` is the offset from now on."""

    outcome: str
    reason: str | None
    offset: int


def decide_clock_offset(sample: ClockSample, max_round_trip_ms: int = DEFAULT_MAX_ROUND_TRIP_MS,
                        max_offset: int = DEFAULT_MAX_OFFSET) -> ClockDecision:
    """Apply the §15.3 rule to one sample."""
    if not 0 <= max_round_trip_ms <= MAX_ROUND_TRIP_LIMIT_MS:
        raise ValueError("max_round_trip_ms is outside 0..30000")
    if sample.cached:
        return ClockDecision("refused", "RESPONSE_CACHED", sample.offset)
    if not (math.isfinite(sample.sent_at) and math.isfinite(sample.received_at)):
        return ClockDecision("refused", "ROUND_TRIP_UNMEASURABLE", sample.offset)
    sent, received = Fraction(sample.sent_at), Fraction(sample.received_at)
    round_trip = received - sent
    if round_trip < 0:
        return ClockDecision("refused", "ROUND_TRIP_UNMEASURABLE", sample.offset)
    if round_trip > max_round_trip_ms:
        return ClockDecision("refused", "ROUND_TRIP_TOO_LONG", sample.offset)
    low = sample.created - received / 1000
    high = sample.created + 1 - sent / 1000
    if low <= sample.offset <= high:
        return ClockDecision("unchanged", None, sample.offset)
    centre = (low + high) / 2
    estimate = math.floor(centre + Fraction(1, 2))  # nearest whole second, halves toward +infinity
    estimate = max(-max_offset, min(max_offset, estimate))
    if estimate == sample.offset:
        return ClockDecision("unchanged", None, sample.offset)
    return ClockDecision("corrected", None, estimate)
