"""Issued keys (spec §16): the key id grammar, the HKDF-SHA256 key, issuing, and the verifier's lookup."""

from dataclasses import dataclass, field
import hashlib
import hmac
import math
import re

from .errors import SignwireError
from .keys import KeyBytes, decode_key

PREFIX = "swk1:"
INFO_LABEL = b"signwire-v1 issued key"
MAX_TIME_DIGITS = 12

_ID_CHARS = r"[A-Za-z0-9._~/+=@-]"
_MASTER_ID = re.compile(_ID_CHARS + r"{1,16}")
_SUBJECT = re.compile(_ID_CHARS + r"{1,64}")
_TIME = r"(?:0|[1-9][0-9]{0,11})"
# Above this a revocation time would be after the year 5138 in seconds: milliseconds, by mistake.
_MILLISECONDS_LOOKALIKE = 10**11
_ISSUED_KEYID = re.compile(rf"swk1:({_ID_CHARS}{{1,16}}):({_ID_CHARS}{{1,64}}):({_TIME}):({_TIME})")


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 §2.2–§2.3 with SHA-256; an empty ``salt`` is HashLen zero octets."""
    if not 0 < length <= 255 * 32:
        raise ValueError("HKDF-SHA256 gives 1 to 8160 octets")
    prk = hmac.new(salt or bytes(32), ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def derive_key(master: KeyBytes, keyid: str) -> bytes:
    """§16.3: HKDF-SHA256(IKM = master, no salt, info = label 0x00 keyid, L = 32)."""
    return hkdf_sha256(master.reveal(), b"", INFO_LABEL + b"\x00" + keyid.encode("ascii"), 32)


@dataclass(frozen=True)
class IssuedKeyId:
    """The fields of an issued key id (§16.2)."""

    master_id: str
    subject: str
    issued_at: int
    expires: int


def parse_keyid(keyid: str) -> IssuedKeyId | None:
    """The fields of ``keyid`` when it matches §16.2 (``issued-at`` < ``expires``), else ``None``."""
    match = _ISSUED_KEYID.fullmatch(keyid) if isinstance(keyid, str) else None
    if match is None:
        return None
    fields = IssuedKeyId(match[1], match[2], int(match[3]), int(match[4]))
    return fields if fields.issued_at < fields.expires else None


def _is_time(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10 ** MAX_TIME_DIGITS


def format_keyid(fields: IssuedKeyId) -> str:
    """The key id of ``fields``; ``CONFIGURATION_INVALID`` when a field is outside §16.2."""
    if not (isinstance(fields.master_id, str) and _MASTER_ID.fullmatch(fields.master_id)):
        raise SignwireError("CONFIGURATION_INVALID", "a master id is 1–16 characters of A–Z a–z 0–9 . _ ~ / + = @ -")
    if not (isinstance(fields.subject, str) and _SUBJECT.fullmatch(fields.subject)):
        raise SignwireError("CONFIGURATION_INVALID", "a subject is 1–64 characters of A–Z a–z 0–9 . _ ~ / + = @ -")
    if not (_is_time(fields.issued_at) and _is_time(fields.expires)):
        raise SignwireError("CONFIGURATION_INVALID", "issued-at and expires are Unix seconds of at most 12 digits")
    if fields.issued_at >= fields.expires:
        raise SignwireError("CONFIGURATION_INVALID", "expires is later than issued-at")
    return f"{PREFIX}{fields.master_id}:{fields.subject}:{fields.issued_at}:{fields.expires}"


@dataclass
class Master:
    """A master secret (§16.1): a §2 key, possibly retired."""

    secret: object
    retired: bool = False


@dataclass
class IssuedKeyEntry:
    """The key-ring entry of an issued key: what §9 step 9 and §16.5 step 6 need."""

    secret: bytes
    not_after: int
    retired: bool
    subject: str
    issued_at: int
    revoked_before: int | None
    not_before: None = None


@dataclass
class Issuer:
    """An issuer (§16.1): masters by id, the current one, ``max_ttl``, and revocation times by subject."""

    masters: dict
    max_ttl: int
    current: str | None = None
    revoked: dict = field(default_factory=dict)

    def __post_init__(self):
        if not (isinstance(self.max_ttl, int) and not isinstance(self.max_ttl, bool) and self.max_ttl >= 1):
            raise SignwireError("CONFIGURATION_INVALID", "max_ttl is a whole number of seconds, at least 1")
        if not self.masters:
            raise SignwireError("CONFIGURATION_INVALID", "an issuer has at least one master")
        for master_id in self.masters:
            if not _MASTER_ID.fullmatch(master_id):
                raise SignwireError("CONFIGURATION_INVALID", "a master id is 1–16 characters of A–Z a–z 0–9 . _ ~ / + = @ -")
        if self.current is not None and (self.current not in self.masters or self.masters[self.current].retired):
            raise SignwireError("CONFIGURATION_INVALID", "the current master is a configured master that is not retired")
        self._keys = {master_id: decode_key(master.secret) for master_id, master in self.masters.items()}

    def issue(self, subject: str, issued_at: int, expires: int, master_id: str | None = None) -> tuple[str, bytes]:
        """§16.4: the key id and key for ``subject``, under ``master_id`` (default: the current master)."""
        master_id = self.current if master_id is None else master_id
        master = self.masters.get(master_id)
        if master is None:
            raise SignwireError("CONFIGURATION_INVALID", "no master with this id")
        if master.retired:
            raise SignwireError("CONFIGURATION_INVALID", "nothing is issued under a retired master")
        keyid = format_keyid(IssuedKeyId(master_id, subject, issued_at, expires))
        if expires - issued_at > self.max_ttl:
            raise SignwireError("CONFIGURATION_INVALID", "the lifetime is over max_ttl")
        return keyid, derive_key(self._keys[master_id], keyid)

    def entry(self, keyid: str) -> IssuedKeyEntry | None:
        """§16.5 steps 1–3 and 5: the entry of an issued key id, or ``None`` (``KEY_UNKNOWN``).

        Step 4 (retired master, expiry) is the verifier's window check on ``retired`` and ``not_after``.
        """
        fields = parse_keyid(keyid)
        if fields is None or fields.master_id not in self.masters:
            return None
        if fields.expires - fields.issued_at > self.max_ttl:
            return None
        return IssuedKeyEntry(
            secret=derive_key(self._keys[fields.master_id], keyid), not_after=fields.expires,
            retired=self.masters[fields.master_id].retired, subject=fields.subject,
            issued_at=fields.issued_at, revoked_before=self.revoked.get(fields.subject))


@dataclass
class KeySource:
    """What a verifier looks keys up in: static keys (``{keyid: KeyEntry}``) and optionally an issuer.

    A key id that starts with ``swk1:`` is the issuer's or nobody's (§16.2).
    """

    static: dict = field(default_factory=dict)
    issuer: Issuer | None = None

    def __post_init__(self):
        if any(keyid.startswith(PREFIX) for keyid in self.static):
            raise SignwireError("CONFIGURATION_INVALID", "a static key id cannot start with swk1:")

    def get(self, keyid: str):
        """The entry for ``keyid``, or ``None``."""
        if keyid.startswith(PREFIX):
            return None if self.issuer is None else self.issuer.entry(keyid)
        return self.static.get(keyid)


def check_revocation(entry) -> None:
    """§16.5 step 6, after the MAC and digest: ``KEY_REVOKED`` for a key issued before its subject's revocation."""
    revoked_before = getattr(entry, "revoked_before", None)
    if revoked_before is None:
        return
    if revoked_before == math.inf:
        raise SignwireError("KEY_REVOKED", "every key of this subject is revoked")
    if (isinstance(revoked_before, bool) or not isinstance(revoked_before, (int, float))
            or not math.isfinite(revoked_before) or revoked_before > _MILLISECONDS_LOOKALIKE):
        raise SignwireError("CONFIGURATION_INVALID", "a revocation time is Unix seconds or +infinity")
    if entry.issued_at < revoked_before:
        raise SignwireError("KEY_REVOKED", "the keys of this subject issued before its revocation time are refused")
