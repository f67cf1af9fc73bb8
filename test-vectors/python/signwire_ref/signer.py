"""Signing a request (spec §6, §8)."""

from dataclasses import dataclass, field

from .base import check_signer_params, mac, signature_base, signature_params
from .components import Message, component, serialize_identifier, validate_identifier
from .digest import content_digest
from .encodings import b64encode
from .errors import SignwireError
from .fields import has_field, is_token
from .jcs import canonicalize
from .keys import decode_key, is_valid_keyid
from .sfv import Item, is_key, serialize_inner_list
from .url import TargetUri, serialize_url

FETCH_NORMALIZED_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT")
SIGNER_MANAGED_FIELDS = ("signature", "signature-input", "content-digest")
FORBIDDEN_FIELDS = frozenset((
    "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer",
    "upgrade", "expect", "date", "cookie", "cookie2", "set-cookie", "origin", "referer", "via", "dnt",
    "accept-charset", "accept-encoding", "access-control-request-headers",
    "access-control-request-method") + SIGNER_MANAGED_FIELDS)
FORBIDDEN_PREFIXES = ("proxy-", "sec-")


@dataclass(frozen=True)
class JsonBody:
    """A body given as a JSON value; it is sent as its RFC 8785 canonical bytes (spec §3, §11)."""

    value: object


@dataclass
class SignRequest:
    """Everything §8 needs. ``key`` is bytes or ``{"base64"|"base64url"|"hex": text}``."""

    key: object
    keyid: str
    method: str
    url: str
    created: int
    nonce: str
    headers: list = field(default_factory=list)
    body: bytes | JsonBody | None = None
    expires: int | None = None
    label: str = "sig1"
    components: list = field(default_factory=list)  # extra identifiers (sfv.Item), in order


@dataclass
class SignedRequest:
    """The request as it goes on the wire, with the values that produced its signature."""

    method: str
    target: TargetUri
    headers: list  # the input field lines, then Content-Digest (with a body), Signature-Input, Signature
    body: bytes | None  # None when there are no body bytes
    content_digest: str | None
    covered: list[str]
    signature_base: str
    signature_input: str
    signature: str


def sign(request: SignRequest) -> SignedRequest:
    """Sign ``request`` following §8 steps 1–7, each refusal in the order §8 states; refuse
    (``SignwireError``) rather than repair."""
    # Step 1: the signer's configuration — key, key id, label, extra components.
    key = decode_key(request.key)
    if not is_valid_keyid(request.keyid):
        raise SignwireError("PARAMETER_INVALID", "keyid is not a valid key id")
    if not is_key(request.label):
        raise SignwireError("CONFIGURATION_INVALID", "the label is not a structured-field key")
    check_extra_components(request.components)
    # Step 2: the body (a JSON value becomes its canonical bytes), then the per-request parameters.
    body = _body_bytes(request.body)
    check_signer_params(request.created, request.nonce, request.keyid, request.expires)

    method = normalize_method(request.method)
    target = serialize_url(request.url)

    headers = [tuple(line) for line in request.headers]
    _check_field_names(headers)

    digest = None
    if body:
        digest = content_digest(body)
        headers.append(("Content-Digest", digest))

    covered = covered_components(headers, bool(body), request.components)
    inner_list = signature_params(covered, request.created, request.nonce, request.keyid, request.expires)
    base = signature_base(inner_list, Message(method, target, headers))
    signature_input = f"{request.label}={serialize_inner_list(inner_list)}"
    signature = f"{request.label}=:{b64encode(mac(key, base))}:"
    headers += [("Signature-Input", signature_input), ("Signature", signature)]
    return SignedRequest(method, target, headers, body or None, digest,
                         [serialize_identifier(identifier) for identifier in covered],
                         base, signature_input, signature)


def normalize_method(method) -> str:
    """Upper-case the six Fetch-normalized methods, keep any other token as given (§3)."""
    if not is_token(method):
        raise SignwireError("METHOD_INVALID", "the method is not a token")
    return method.upper() if method.upper() in FETCH_NORMALIZED_METHODS else method


def _check_field_names(headers: list) -> None:
    """§8 step 3: names are tokens (``HEADER_INVALID``); no signer-managed field is pre-set."""
    for name, value in headers:
        if not is_token(name) or not isinstance(value, str):
            raise SignwireError("HEADER_INVALID", f"field line {name!r}: the name is not a token")
    for name, _ in headers:
        if name.lower() in SIGNER_MANAGED_FIELDS:
            raise SignwireError("HEADER_FORBIDDEN", f"{name} is set by the signer")


def _body_bytes(body) -> bytes:
    """The body octets (empty when absent); a JSON value becomes its canonical form."""
    if body is None:
        return b""
    if isinstance(body, JsonBody):
        return canonicalize(body.value)
    return bytes(body)


def covered_components(headers: list, has_body: bool, extras: list) -> list[Item]:
    """§6: the four defaults, ``content-type``, ``content-encoding`` and ``content-digest`` when due,
    then the extras."""
    covered = [component(name) for name in ("@method", "@authority", "@path", "@query")]
    for name in ("content-type", "content-encoding"):
        if has_field(headers, name):
            covered.append(component(name))
    if has_body:
        covered.append(component("content-digest"))
    seen = {serialize_identifier(identifier) for identifier in covered}
    for identifier in extras:
        validate_identifier(identifier)
        if not identifier.value.startswith("@") and is_forbidden_field(identifier.value):
            raise SignwireError("HEADER_FORBIDDEN", f"{identifier.value} cannot be covered")
        serialized = serialize_identifier(identifier)
        if serialized in seen:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"{serialized} is covered twice")
        seen.add(serialized)
        covered.append(identifier)
    return covered


def check_extra_components(extras: list) -> None:
    """§8 step 1: each extra, in order, is a valid identifier, not a forbidden field, and not a
    repeat of an always-covered default or of an earlier extra (§6)."""
    covered_components([], False, extras)


def is_forbidden_field(name: str) -> bool:
    """Fields a signer cannot control or a browser forbids, and the signer-managed ones (§6)."""
    return name in FORBIDDEN_FIELDS or name.startswith(FORBIDDEN_PREFIXES)
