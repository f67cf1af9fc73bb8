"""The replay store of §9 step 13: (keyid, nonce) pairs kept while they could still be accepted."""

import math

from .errors import SignwireError


class NonceStore:
    """In-memory store with a fixed capacity that refuses (never evicts) when full of live entries."""

    def __init__(self, capacity: int = 100_000):
        self.capacity = capacity
        self._live_until: dict[tuple[str, str], float] = {}
        # The latest ``live_until`` purged: a pair whose window ends no later than that may have been
        # forgotten, so it cannot be proven new (§9 step 13).
        self._forgotten_up_to: float = -math.inf

    def preload(self, keyid: str, nonce: str, live_until: float = math.inf) -> None:
        """Record a pair accepted earlier (vectors' ``seen_nonces`` never expire)."""
        self._live_until[(keyid, nonce)] = live_until

    def is_live(self, keyid: str, nonce: str, now: int) -> bool:
        """True when the pair was accepted and could still be accepted at ``now``."""
        return now <= self._live_until.get((keyid, nonce), -math.inf)

    def record(self, keyid: str, nonce: str, live_until: int, now: int) -> None:
        """Keep the pair until ``live_until`` has passed; ``NONCE_REPLAYED`` when it cannot be proven
        new (a pair with that window end may have been forgotten), ``NONCE_STORE_FULL`` if there is
        no room."""
        expired = [until for until in self._live_until.values() if until < now]
        if expired:
            self._forgotten_up_to = max(self._forgotten_up_to, *expired)
        self._live_until = {pair: until for pair, until in self._live_until.items() if now <= until}
        if live_until <= self._forgotten_up_to:
            raise SignwireError("NONCE_REPLAYED", "a pair with this window end may have been forgotten")
        if len(self._live_until) >= self.capacity:
            raise SignwireError("NONCE_STORE_FULL", "the replay store is full of live entries")
        self._live_until[(keyid, nonce)] = live_until
