"""Signwire reference implementation in stdlib Python 3, written from docs/spec.md alone.

Modules, one job each: ``errors`` (§10 codes), ``jcs`` (§11), ``encodings`` and ``keys`` (§1–§2),
``sfv`` (RFC 8941 subset), ``host`` and ``url`` (§4), ``fields`` and ``components`` (§5),
``base`` (§5.4, §7), ``digest`` (RFC 9530), ``signer`` (§6, §8), ``replay`` and ``verifier`` (§9).
"""

from .components import component
from .errors import JsonUnsupported, SignwireError
from .jcs import canonicalize
from .replay import NonceStore
from .signer import JsonBody, SignedRequest, SignRequest, sign
from .verifier import KeyEntry, Policy, ReceivedRequest, Verified, verify

__all__ = [
    "JsonBody", "JsonUnsupported", "KeyEntry", "NonceStore", "Policy", "ReceivedRequest", "SignRequest",
    "SignedRequest", "SignwireError", "Verified", "canonicalize", "component", "sign", "verify",
]
