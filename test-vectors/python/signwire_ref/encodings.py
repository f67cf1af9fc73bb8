"""Strict base64, base64url and hex codecs (spec §1).

Decoders reject characters outside the alphabet, whitespace, wrong padding and non-zero trailing
bits; each returns ``None`` for such input so that the caller chooses the error code.
"""

import base64
import binascii
import re

_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})*")


def b64encode(data: bytes) -> str:
    """Base64 (RFC 4648 §4) with padding."""
    return base64.b64encode(data).decode("ascii")


def b64url_encode(data: bytes) -> str:
    """Base64url (RFC 4648 §5) without padding."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_base64(text: str) -> bytes | None:
    """Decode padded base64; ``None`` unless the text is the canonical encoding of its bytes."""
    if not _BASE64.fullmatch(text):
        return None
    data = base64.b64decode(text, validate=True)
    return data if b64encode(data) == text else None


def decode_base64_forgiving(text: str) -> bytes | None:
    """Decode an RFC 8941 byte sequence's content (§4.2.7): padding optional, pad bits ignored.

    This is the WHATWG forgiving-base64 decode on the base64 alphabet: when the length is a multiple
    of 4, up to two trailing ``=`` are removed; what remains must be alphabet characters only and its
    length must not be 1 (mod 4). ``None`` when that fails.
    """
    if len(text) % 4 == 0:
        text = text[:-2] if text.endswith("==") else text[:-1] if text.endswith("=") else text
    if len(text) % 4 == 1 or not re.fullmatch(r"[A-Za-z0-9+/]*", text):
        return None
    padded = text + "=" * (-len(text) % 4)
    return base64.b64decode(padded, validate=True)


def decode_base64url(text: str) -> bytes | None:
    """Decode unpadded base64url; ``None`` unless the text is the canonical encoding of its bytes."""
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        return None
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return data if b64url_encode(data) == text else None


def decode_hex(text: str) -> bytes | None:
    """Decode hex digits (either case), an even number of them; ``None`` otherwise."""
    if not _HEX.fullmatch(text):
        return None
    try:
        return binascii.unhexlify(text)
    except binascii.Error:
        return None
