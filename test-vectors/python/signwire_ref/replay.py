"""The replay store of §9 step 13: (keyid, nonce) pairs kept while they could still be accepted."""

import math

from .errors import SignwireError


class NonceStore:
    """In-memory store with a fixed capacity that refuses (never evicts) when full of live entries."""

    def __init__(self, capacity: int = 100_000):
        self.capacity = capacity
        self._live_until: dict[tuple[str, str], float] = {}

    def preload(self, keyid: str, nonce: str, live_until: float = math.inf) -> None:
        """Record a pair accepted earlier (vectors' ``seen_nonces`` never expire)."""
        self._live_until[(keyid, nonce)] = live_until

    def is_live(self, keyid: str, nonce: str, now: int) -> bool:
        """True when the pair was accepted and could still be accepted at ``now``."""
        return now <= self._live_until.get((keyid, nonce), -math.inf)

    def record(self, keyid: str, nonce: str, live_until: int, now: int) -> None:
        """Keep the pair until ``live_until`` has passed; ``NONCE_STORE_FULL`` if there is no room."""
        self._live_until = {pair: until for pair, until in self._live_until.items() if now <= until}
        if len(self._live_until) >= self.capacity:
            raise SignwireError("NONCE_STORE_FULL", "the replay store is full of live entries")
        self._live_until[(keyid, nonce)] = live_until
