"""The replay store of §9 step 13: (keyid, nonce) pairs kept while they could still be accepted."""

import math

from .errors import SignwireError


class NonceStore:
    """In-memory store with a fixed capacity that refuses (never evicts) when full of live entries."""

    def __init__(self, capacity: int = 100_000):
        self.capacity = capacity
        self._live_until: dict[tuple[str, str], float] = {}
        # The latest ``now`` seen: a pair purged by a call with a later time stays refused for a
        # call with an earlier one (§9 step 13).
        self._horizon: float = -math.inf

    def preload(self, keyid: str, nonce: str, live_until: float = math.inf) -> None:
        """Record a pair accepted earlier (vectors' ``seen_nonces`` never expire)."""
        self._live_until[(keyid, nonce)] = live_until

    def is_live(self, keyid: str, nonce: str, now: int) -> bool:
        """True when the pair was accepted and could still be accepted at the latest time seen."""
        self._horizon = max(self._horizon, now)
        return self._horizon <= self._live_until.get((keyid, nonce), -math.inf)

    def record(self, keyid: str, nonce: str, live_until: int, now: int) -> None:
        """Keep the pair until ``live_until`` has passed; ``NONCE_REPLAYED`` when its window is over
        by the latest time seen (it may have been forgotten), ``NONCE_STORE_FULL`` if there is no room."""
        self._horizon = max(self._horizon, now)
        if live_until < self._horizon:
            raise SignwireError("NONCE_REPLAYED", "the window is over by the store's latest time")
        self._live_until = {pair: until for pair, until in self._live_until.items() if self._horizon <= until}
        if len(self._live_until) >= self.capacity:
            raise SignwireError("NONCE_STORE_FULL", "the replay store is full of live entries")
        self._live_until[(keyid, nonce)] = live_until
