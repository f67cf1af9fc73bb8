"""Keys and key ids (spec §2)."""

import re

from .encodings import decode_base64, decode_base64url, decode_hex
from .errors import SignwireError

MIN_KEY_BYTES = 32
MAX_KEY_BYTES = 1024
ENCODINGS = {"base64": decode_base64, "base64url": decode_base64url, "hex": decode_hex}

_KEYID = re.compile(r"[A-Za-z0-9._~:/+=@-]{1,128}")


def is_valid_keyid(keyid) -> bool:
    """True for a §2 key id: 1–128 characters from ``A–Z a–z 0–9 . _ ~ : / + = @ -``."""
    return isinstance(keyid, str) and _KEYID.fullmatch(keyid) is not None


def decode_key(secret) -> "KeyBytes":
    """Turn bytes, or a mapping naming exactly one encoding (``{"base64": "…"}``), into key bytes.

    Other members of the mapping (such as a key ring's ``not_before``) are ignored. A bare string,
    an unknown or ambiguous encoding, undecodable text or a length outside 32–1024 bytes is
    ``KEY_INVALID``.
    """
    if isinstance(secret, (bytes, bytearray)):
        key = bytes(secret)
    elif isinstance(secret, dict):
        named = [name for name in ENCODINGS if name in secret]
        if len(named) != 1 or not isinstance(secret[named[0]], str):
            raise SignwireError("KEY_INVALID", "a key names exactly one encoding: base64, base64url or hex")
        key = ENCODINGS[named[0]](secret[named[0]])
        if key is None:
            raise SignwireError("KEY_INVALID", f"the key is not valid {named[0]}")
    else:
        raise SignwireError("KEY_INVALID", "a key is bytes or text in a declared encoding")
    if not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
        raise SignwireError("KEY_INVALID", f"a key has {MIN_KEY_BYTES}–{MAX_KEY_BYTES} bytes")
    return KeyBytes(key)


class KeyBytes:
    """Opaque holder of key bytes whose text forms never reveal the bytes (spec §2)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes):
        self._secret = secret

    def reveal(self) -> bytes:
        """The key bytes, for the MAC only."""
        return self._secret

    def __repr__(self) -> str:
        return "<signwire key>"

    __str__ = __repr__
