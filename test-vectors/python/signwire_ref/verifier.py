"""Verifying a received request (spec §9), every check in the spec's order."""

from dataclasses import dataclass, field
import hmac
import re

from decimal import Decimal

from .base import ALGORITHM, PROFILE_TAG, is_valid_created, is_valid_expires, is_valid_nonce, mac, signature_base
from .components import Message, component, serialize_identifier, validate_identifier
from .digest import digest_matches, parse_sha256_member
from .errors import SignwireError
from .fields import combined_value, has_field, lines_named
from .issued_keys import check_revocation
from .json_body import check_json_body
from .keys import decode_key, is_valid_keyid
from .replay import NonceStore
from .sfv import InnerList, Item, SfError, is_integer, is_key, is_string, parse_dictionary
from .url import parse_received_url

MAX_FIELD_CHARS = 8192
MAX_COVERED = 32
DEFAULT_REQUIRED = ("@method", "@authority", "@path", "@query")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")


@dataclass
class Policy:
    """Verifier options (§9 defaults); an invalid option is ``CONFIGURATION_INVALID``."""

    label: str = "sig1"
    tag: str = PROFILE_TAG
    max_age: int = 300
    clock_skew: int = 60
    max_body_bytes: int = 1_048_576
    required: list = field(default_factory=list)  # extra identifiers (sfv.Item)
    allow_json_prototype_members: bool = False

    def __post_init__(self):
        numbers_ok = all(is_integer(value) and value >= 0
                         for value in (self.max_age, self.clock_skew, self.max_body_bytes))
        flags_ok = isinstance(self.allow_json_prototype_members, bool)
        if not (is_key(self.label) and isinstance(self.tag, str) and numbers_ok and flags_ok):
            raise SignwireError("CONFIGURATION_INVALID", "bad label, tag or limit in the policy")
        for identifier in self.required:
            try:
                validate_identifier(identifier)
            except SignwireError as error:
                raise SignwireError("CONFIGURATION_INVALID", f"required component: {error}") from None


@dataclass
class KeyEntry:
    """A key-ring entry: the secret (as for signing) and its optional validity window."""

    secret: object
    not_before: int | None = None
    not_after: int | None = None
    retired: bool = False


@dataclass
class ReceivedRequest:
    """A request as received: ``url`` is the configured origin joined with the raw target (§4.2)."""

    method: str
    url: str
    headers: list
    body: bytes = b""


@dataclass
class Verified:
    """The result of a successful verification."""

    keyid: str
    label: str
    created: int
    expires: int | None
    nonce: str
    covered: list[str]
    signature_base: str
    body: bytes
    subject: str | None = None  # the subject of an issued key (§16), else None


def verify(request: ReceivedRequest, keys: dict, now: int, policy: Policy, nonces: NonceStore) -> Verified:
    """Run §9 steps 1–13 (12: digest, then the JSON body); return :class:`Verified` or raise the first failure's ``SignwireError``.

    ``keys`` maps key ids to :class:`KeyEntry` (a dict, or an ``issued_keys.KeySource`` that also
    answers issued key ids, §16.5).
    """
    headers, body = request.headers, request.body
    _check_field_sizes(headers)
    _check_framing(headers, body, policy.max_body_bytes)
    inner_list, signature = _labelled_signature(headers, policy.label)
    covered = _check_covered_list(inner_list.items)
    params = _check_parameters(inner_list.params, policy.tag)
    _check_time(params, now, policy)
    required = [component(name) for name in DEFAULT_REQUIRED] + list(policy.required)
    received_digest = check_coverage(covered, headers, bool(body), required, coding_required=True)
    entry = _look_up_key(keys, params["keyid"], now)
    key = decode_key(entry.secret)

    message = Message(request.method, parse_received_url(request.url), headers)
    base = signature_base(inner_list, message)
    if len(signature) != 32 or not hmac.compare_digest(mac(key, base), signature):
        raise SignwireError("SIGNATURE_INVALID", "the signature does not match")
    if received_digest is not None and not digest_matches(body, received_digest):
        raise SignwireError("DIGEST_MISMATCH", "the body does not match Content-Digest")
    check_json_body(headers, body, policy.allow_json_prototype_members)
    check_revocation(entry)  # §16.5 step 6: issued keys only, after the MAC, the digest and the JSON body

    keyid, nonce, created, expires = params["keyid"], params["nonce"], params["created"], params.get("expires")
    live_until = created + policy.max_age if expires is None else min(created + policy.max_age, expires)
    _check_and_record(nonces, keyid, nonce, live_until, now)
    return Verified(keyid, policy.label, created, expires, nonce, list(covered), base, body,
                    getattr(entry, "subject", None))


def _check_and_record(nonces: NonceStore, keyid: str, nonce: str, live_until: int, now: int) -> None:
    """Step 13: ``NONCE_REPLAYED`` for a live pair, else record it; a store that fails to answer
    (any error other than a ``SignwireError``) is ``NONCE_STORE_UNAVAILABLE``: never accepted
    unrecorded."""
    try:
        if nonces.is_live(keyid, nonce, now):
            raise SignwireError("NONCE_REPLAYED", "this nonce was already accepted")
        nonces.record(keyid, nonce, live_until, now)
    except SignwireError:
        raise
    except Exception as failure:
        raise SignwireError("NONCE_STORE_UNAVAILABLE", "the replay store could not record the nonce") from failure


def _check_field_sizes(headers: list) -> None:
    """Step 1: each combined signature or digest field is at most 8192 characters."""
    for name in ("signature-input", "signature", "content-digest"):
        value = combined_value(headers, name)
        if value is not None and len(value) > MAX_FIELD_CHARS:
            raise SignwireError("FIELD_TOO_LARGE", f"{name} is longer than {MAX_FIELD_CHARS} characters")


def _check_framing(headers: list, body: bytes, max_body_bytes: int) -> None:
    """Step 2: unambiguous Content-Length / Transfer-Encoding, body size and length agreement."""
    lengths = lines_named(headers, "content-length")
    transfer_encoding = combined_value(headers, "transfer-encoding")
    if lengths and transfer_encoding is not None:
        raise SignwireError("FRAMING_AMBIGUOUS", "both Content-Length and Transfer-Encoding")
    if len(lengths) > 1 or (lengths and not _CONTENT_LENGTH.fullmatch(lengths[0].strip(" \t"))):
        raise SignwireError("FRAMING_AMBIGUOUS", "Content-Length is not one value of 1–15 digits")
    if transfer_encoding is not None and transfer_encoding.lower() != "chunked":
        raise SignwireError("FRAMING_AMBIGUOUS", "Transfer-Encoding other than chunked")
    declared = int(lengths[0]) if lengths else None
    if (declared is not None and declared > max_body_bytes) or len(body) > max_body_bytes:
        raise SignwireError("BODY_TOO_LARGE", f"the body is over {max_body_bytes} bytes")
    if declared is not None and declared != len(body):
        raise SignwireError("CONTENT_LENGTH_MISMATCH", "Content-Length differs from the body length")


def _labelled_signature(headers: list, label: str) -> tuple[InnerList, bytes]:
    """Steps 3–4: both fields present and parseable; the labelled members well-typed."""
    input_value = combined_value(headers, "signature-input")
    signature_value = combined_value(headers, "signature")
    if input_value is None or signature_value is None:
        raise SignwireError("SIGNATURE_MISSING", "no Signature-Input or no Signature field")
    try:
        inputs, signatures = parse_dictionary(input_value), parse_dictionary(signature_value)
    except SfError as error:
        raise SignwireError("SIGNATURE_MALFORMED", f"a signature field does not parse: {error}") from None
    if label not in inputs:
        raise SignwireError("SIGNATURE_MISSING", f"Signature-Input has no member {label}")
    inner_list = inputs[label]
    if not isinstance(inner_list, InnerList) or not all(is_string(item.value) for item in inner_list.items):
        raise SignwireError("SIGNATURE_MALFORMED", f"Signature-Input {label} is not an inner list of strings")
    signature = signatures.get(label)
    if not isinstance(signature, Item) or not isinstance(signature.value, bytes):
        raise SignwireError("SIGNATURE_MALFORMED", f"Signature {label} is not a byte sequence")
    return inner_list, signature.value


def _check_covered_list(items: list[Item]) -> list[str]:
    """Step 5: at most 32 items (checked first), then each item in received order: a supported
    identifier (``COMPONENT_UNSUPPORTED`` / ``COMPONENT_INVALID``), then not a repeat of an earlier
    item (``SIGNATURE_MALFORMED``). Returns them serialized."""
    if len(items) > MAX_COVERED:
        raise SignwireError("SIGNATURE_MALFORMED", f"more than {MAX_COVERED} covered components")
    covered: list[str] = []
    for item in items:
        validate_identifier(item)
        serialized = serialize_identifier(item)
        if serialized in covered:
            raise SignwireError("SIGNATURE_MALFORMED", f"{serialized} is covered twice")
        covered.append(serialized)
    return covered


def _check_parameters(params: dict, tag: str) -> dict:
    """Step 6: alg, tag, keyid, created, nonce, expires — in that order."""
    if "alg" not in params:
        raise SignwireError("PARAMETER_MISSING", "no alg")
    if not (is_string(params["alg"]) and params["alg"] == ALGORITHM):
        raise SignwireError("ALGORITHM_UNSUPPORTED", "alg is not hmac-sha256")
    if "tag" not in params:
        raise SignwireError("PARAMETER_MISSING", "no tag")
    if not (is_string(params["tag"]) and params["tag"] == tag):
        raise SignwireError("TAG_UNSUPPORTED", "tag is not the policy tag")
    if "keyid" not in params:
        raise SignwireError("PARAMETER_MISSING", "no keyid")
    if not (is_string(params["keyid"]) and is_valid_keyid(params["keyid"])):
        raise SignwireError("PARAMETER_INVALID", "keyid is not a valid key id")
    if "created" not in params:
        raise SignwireError("PARAMETER_MISSING", "no created")
    if not is_valid_created(params["created"]):
        raise SignwireError("PARAMETER_INVALID", "created is not an integer in range")
    if "nonce" not in params:
        raise SignwireError("NONCE_MISSING", "no nonce")
    if not (is_string(params["nonce"]) and is_valid_nonce(params["nonce"])):
        raise SignwireError("PARAMETER_INVALID", "nonce is not 22–128 base64url characters")
    if "expires" in params and not is_valid_expires(params["expires"], params["created"]):
        raise SignwireError("PARAMETER_INVALID", "expires is not an integer greater than created")
    if any(isinstance(value, Decimal) for value in params.values()):
        raise SignwireError("PARAMETER_INVALID", "a signature parameter is a decimal")
    return params


def _check_time(params: dict, now: int, policy: Policy) -> None:
    """Step 7: not from the future (with skew), not older than max age, not past expires."""
    created = params["created"]
    if created > now + policy.clock_skew:
        raise SignwireError("SIGNATURE_FROM_FUTURE", "created is beyond the allowed clock skew")
    if now > created + policy.max_age:
        raise SignwireError("SIGNATURE_EXPIRED", "older than the maximum age")
    if "expires" in params and now > params["expires"]:
        raise SignwireError("SIGNATURE_EXPIRED", "past expires")


def check_coverage(covered: list[str], headers: list, has_body: bool, required: list,
                   coding_required: bool) -> bytes | None:
    """Step 8 (and §15.2 step 7): ``required`` covered, plus ``content-type`` when the message has a
    body and that field, and ``content-encoding`` likewise when ``coding_required`` (requests, not
    responses); the digest field present and well-formed when due.

    Returns the received SHA-256 digest when ``content-digest`` is covered, else ``None``.
    """
    required = list(required)
    if has_body and has_field(headers, "content-type"):
        required.append(component("content-type"))
    if has_body and coding_required and has_field(headers, "content-encoding"):
        required.append(component("content-encoding"))
    for identifier in required:
        if serialize_identifier(identifier) not in covered:
            raise SignwireError("COMPONENT_MISSING", f"{serialize_identifier(identifier)} is not covered")
    digest_covered = '"content-digest"' in covered
    if not (has_body or digest_covered):
        return None
    if not digest_covered:
        raise SignwireError("DIGEST_MISSING", "the body is not covered by content-digest")
    field_value = combined_value(headers, "content-digest")
    if field_value is None:
        raise SignwireError("DIGEST_MISSING", "no Content-Digest field")
    return parse_sha256_member(field_value)


def _look_up_key(keys, keyid: str, now: int):
    """Step 9 (§16.5 steps 1–5 for an issued key id): a known key whose secret is valid
    (``KEY_INVALID``, checked before its window), inside its validity window; returns its entry."""
    entry = keys.get(keyid)
    if entry is None:
        raise SignwireError("KEY_UNKNOWN", "no key with this keyid")
    decode_key(entry.secret)  # KEY_INVALID before the window (spec §9 step 9, D9)
    if entry.not_before is not None and now < entry.not_before:
        raise SignwireError("KEY_NOT_YET_VALID", "the key is not valid yet")
    if entry.retired or (entry.not_after is not None and now >= entry.not_after):
        raise SignwireError("KEY_RETIRED", "the key is retired")
    return entry
