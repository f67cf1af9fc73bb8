"""Signwire reference implementation in Python 3 (stdlib, and idna for IDN hosts), written from docs/spec.md alone.

Modules, one job each: ``errors`` (§10 codes), ``jcs`` (§11), ``encodings`` and ``keys`` (§1–§2),
``sfv`` (RFC 8941 subset), ``host`` and ``url`` (§4), ``fields`` and ``components`` (§5),
``base`` (§5.4, §7), ``digest`` (RFC 9530), ``signer`` (§6, §8), ``json_body``, ``replay`` and ``verifier`` (§9);
for signed responses (§15): ``response_components``, ``response_signer`` and ``response_verifier``;
``clock`` for the authenticated clock (§15.3); ``issued_keys`` for issued keys (§16).
"""

from .clock import ClockDecision, ClockSample, decide_clock_offset
from .components import component
from .errors import JsonUnsupported, SignwireError
from .issued_keys import IssuedKeyId, Issuer, KeySource, Master, derive_key, format_keyid, hkdf_sha256, parse_keyid
from .jcs import canonicalize
from .replay import NonceStore
from .response_signer import AnsweredRequest, SignedResponse, SignResponse, sign_response
from .response_verifier import ReceivedResponse, VerifiedResponse, verify_response
from .signer import JsonBody, SignedRequest, SignRequest, sign
from .verifier import KeyEntry, Policy, ReceivedRequest, Verified, verify

__all__ = [
    "AnsweredRequest", "ClockDecision", "ClockSample", "IssuedKeyId", "Issuer", "JsonBody", "JsonUnsupported",
    "KeyEntry", "KeySource", "Master", "NonceStore",
    "Policy", "ReceivedRequest", "ReceivedResponse", "SignRequest", "SignResponse", "SignedRequest", "SignedResponse", "SignwireError",
    "Verified", "VerifiedResponse", "canonicalize", "component", "decide_clock_offset", "derive_key", "format_keyid",
    "hkdf_sha256", "parse_keyid", "sign",
    "sign_response", "verify", "verify_response",
]
