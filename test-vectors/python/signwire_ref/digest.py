"""``Content-Digest`` with ``sha-256`` (RFC 9530; spec §8 step 4, §9 steps 8 and 12)."""

import hashlib
import hmac

from .encodings import b64encode
from .errors import SignwireError
from .sfv import Item, SfError, parse_dictionary


def content_digest(body: bytes) -> str:
    """The field value ``sha-256=:<base64 SHA-256 of the body>:``."""
    return f"sha-256=:{b64encode(hashlib.sha256(body).digest())}:"


def parse_sha256_member(field_value: str) -> bytes:
    """The 32-byte ``sha-256`` member of a ``Content-Digest`` value.

    ``DIGEST_MALFORMED`` when the value is not a dictionary or the member is not a 32-byte byte
    sequence; ``DIGEST_MISSING`` when there is no ``sha-256`` member. Other algorithms are ignored.
    """
    try:
        members = parse_dictionary(field_value)
    except SfError as error:
        raise SignwireError("DIGEST_MALFORMED", f"Content-Digest does not parse: {error}") from None
    if "sha-256" not in members:
        raise SignwireError("DIGEST_MISSING", "Content-Digest has no sha-256 member")
    member = members["sha-256"]
    if not isinstance(member, Item) or not isinstance(member.value, bytes) or len(member.value) != 32:
        raise SignwireError("DIGEST_MALFORMED", "the sha-256 member is not a 32-byte byte sequence")
    return member.value


def digest_matches(body: bytes, expected: bytes) -> bool:
    """Constant-time comparison of SHA-256(body) with the received digest."""
    return hmac.compare_digest(hashlib.sha256(body).digest(), expected)
