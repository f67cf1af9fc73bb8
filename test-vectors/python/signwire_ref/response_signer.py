"""Signing a response, bound to the request it answers (spec §15.1)."""

from dataclasses import dataclass, field

from .base import ALGORITHM, is_valid_created, mac, signature_base
from .components import Message, component, serialize_identifier
from .digest import content_digest
from .encodings import b64encode
from .errors import SignwireError
from .fields import has_field, is_token
from .keys import decode_key, is_valid_keyid
from .response_components import ResponseMessage, response_component_value, validate_response_identifier
from .sfv import InnerList, Item, is_integer, is_key, serialize_inner_list
from .signer import SIGNER_MANAGED_FIELDS, JsonBody, _body_bytes
from .url import parse_received_url

RESPONSE_TAG = "signwire-v1-response"
REQUEST_BINDING = ("@method", "@authority", "@path", "@query")


@dataclass
class AnsweredRequest:
    """The request a response answers: as received (server) or as sent (client), with its fields."""

    method: str
    url: str
    headers: list


@dataclass
class SignResponse:
    """Everything §15.1 needs. ``key`` is bytes or ``{"base64"|"base64url"|"hex": text}``."""

    key: object
    keyid: str
    created: int
    status: int
    request: AnsweredRequest
    headers: list = field(default_factory=list)
    body: bytes | JsonBody | None = None
    label: str = "sig1"
    request_label: str = "sig1"
    components: list = field(default_factory=list)  # extra identifiers (sfv.Item), in order


@dataclass
class SignedResponse:
    """The response as it goes on the wire, with the values that produced its signature."""

    status: int
    headers: list  # the input field lines, then Content-Digest (with a body), Signature-Input, Signature
    body: bytes | None
    content_digest: str | None
    covered: list[str]
    signature_base: str
    signature_input: str
    signature: str


def check_status(status) -> None:
    """A status code is an integer 100–599 (``CONFIGURATION_INVALID``)."""
    if not (is_integer(status) and 100 <= status <= 599):
        raise SignwireError("CONFIGURATION_INVALID", "the status is not an integer 100–599")


def check_labels(label, request_label) -> None:
    """Both labels are structured-field keys (``CONFIGURATION_INVALID``)."""
    if not (is_key(label) and is_key(request_label)):
        raise SignwireError("CONFIGURATION_INVALID", "a label is not a structured-field key")


def binding_components(request_label: str) -> list[Item]:
    """§15.1 items 4–5: the request's method, authority, path and query, and its signature member."""
    return ([component(name, {"req": True}) for name in REQUEST_BINDING]
            + [component("signature", {"key": request_label, "req": True})])


def response_params(covered: list[Item], created: int, keyid: str) -> InnerList:
    """created, keyid, alg, tag — no nonce, no expires."""
    return InnerList(list(covered), {"created": created, "keyid": keyid, "alg": ALGORITHM, "tag": RESPONSE_TAG})


def sign_response(response: SignResponse) -> SignedResponse:
    """Sign ``response`` following §15.1, each refusal in the order §15.1 states; refuse rather than repair."""
    key = decode_key(response.key)
    body = _body_bytes(response.body)  # a JSON body is canonicalized when it is produced (§15.1)
    check_labels(response.label, response.request_label)
    check_status(response.status)
    if not is_valid_created(response.created) or not is_valid_keyid(response.keyid):
        raise SignwireError("PARAMETER_INVALID", "created or keyid is out of range or has the wrong type")

    request = response.request
    message_request = Message(request.method, parse_received_url(request.url), [tuple(line) for line in request.headers])

    headers = [tuple(line) for line in response.headers]
    for name, value in headers:
        if not is_token(name) or not isinstance(value, str):
            raise SignwireError("HEADER_INVALID", f"field line {name!r}: the name is not a token")
    for name, _ in headers:
        if name.lower() in SIGNER_MANAGED_FIELDS:
            raise SignwireError("HEADER_FORBIDDEN", f"{name} is set by the signer")

    digest = None
    if body:
        digest = content_digest(body)
        headers.append(("Content-Digest", digest))

    covered = response_covered_components(headers, bool(body), response.request_label, response.components)
    inner_list = response_params(covered, response.created, response.keyid)
    base = signature_base(inner_list, ResponseMessage(response.status, headers, message_request),
                          response_component_value)
    signature_input = f"{response.label}={serialize_inner_list(inner_list)}"
    signature = f"{response.label}=:{b64encode(mac(key, base))}:"
    headers += [("Signature-Input", signature_input), ("Signature", signature)]
    return SignedResponse(response.status, headers, body or None, digest,
                          [serialize_identifier(identifier) for identifier in covered],
                          base, signature_input, signature)


def response_covered_components(headers: list, has_body: bool, request_label: str, extras: list) -> list[Item]:
    """§15.1: @status; location, content-type, content-encoding and content-digest when due; the
    request binding; then the extras.

    Extras are checked in the order of §6: a valid identifier (§15.1 rules), then not a repeat
    (``COMPONENT_UNSUPPORTED``). §15.1 names no forbidden fields for responses, so the §6 list (a
    request signer's) is not applied; the response's own signature fields are absent when the base
    is built (``COMPONENT_UNAVAILABLE``).
    """
    covered = [component("@status")]
    for name in ("location", "content-type", "content-encoding"):
        if has_field(headers, name):
            covered.append(component(name))
    if has_body:
        covered.append(component("content-digest"))
    covered += binding_components(request_label)
    seen = {serialize_identifier(identifier) for identifier in covered}
    for identifier in extras:
        validate_response_identifier(identifier)
        serialized = serialize_identifier(identifier)
        if serialized in seen:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"{serialized} is covered twice")
        seen.add(serialized)
        covered.append(identifier)
    return covered
