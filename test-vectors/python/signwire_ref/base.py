"""Signature parameters (spec §7) and the signature base (spec §5.4), plus the HMAC (spec §8)."""

import hashlib
import hmac
import re

from .components import component_value_of, serialize_identifier
from .errors import SignwireError
from .keys import KeyBytes, is_valid_keyid
from .sfv import MAX_INTEGER, InnerList, Item, is_integer, serialize_inner_list

ALGORITHM = "hmac-sha256"
PROFILE_TAG = "signwire-v1"
NONCE = re.compile(r"[A-Za-z0-9_-]{22,128}")


def is_valid_created(created) -> bool:
    """An integer 0 ≤ created ≤ 999999999999999 (§7)."""
    return is_integer(created) and 0 <= created <= MAX_INTEGER


def is_valid_expires(expires, created: int) -> bool:
    """An integer greater than ``created`` and within the structured-field integer range (§7)."""
    return is_integer(expires) and created < expires <= MAX_INTEGER


def is_valid_nonce(nonce) -> bool:
    """22–128 base64url characters (§7)."""
    return isinstance(nonce, str) and NONCE.fullmatch(nonce) is not None


def check_signer_params(created, nonce, keyid, expires=None) -> None:
    """§8 step 1: ``PARAMETER_INVALID`` for an out-of-range or wrongly typed parameter or key id."""
    for name, valid in (("created", is_valid_created(created)),
                        ("expires", expires is None or is_valid_expires(expires, created)),
                        ("nonce", is_valid_nonce(nonce)),
                        ("keyid", is_valid_keyid(keyid))):
        if not valid:
            raise SignwireError("PARAMETER_INVALID", f"{name} is out of range or has the wrong type")


def signature_params(covered: list[Item], created: int, nonce: str, keyid: str,
                     expires: int | None = None) -> InnerList:
    """The signer's inner list: covered identifiers; created, [expires], nonce, keyid, alg, tag."""
    params = {"created": created}
    if expires is not None:
        params["expires"] = expires
    params.update(nonce=nonce, keyid=keyid, alg=ALGORITHM, tag=PROFILE_TAG)
    return InnerList(list(covered), params)


def signature_base(inner_list: InnerList, message, value_of=component_value_of) -> str:
    """One ``identifier: value`` line per covered component, then ``"@signature-params": …``.

    ``value_of(identifier, message)`` gives a component value: request components by default,
    ``response_components.response_component_value`` for a response (§15).
    """
    lines = [f"{serialize_identifier(identifier)}: {value_of(identifier, message)}"
             for identifier in inner_list.items]
    lines.append(f'"@signature-params": {serialize_inner_list(inner_list)}')
    return "\n".join(lines)


def mac(key: KeyBytes, base: str) -> bytes:
    """HMAC-SHA256 of the ASCII signature base."""
    return hmac.new(key.reveal(), base.encode("ascii"), hashlib.sha256).digest()
