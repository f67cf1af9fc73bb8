"""Verifying a response against the request it answers (spec §15.2), every check in the spec's order."""

from dataclasses import dataclass
from decimal import Decimal
import hmac

from .base import ALGORITHM, is_valid_created, is_valid_expires, is_valid_nonce, mac, signature_base
from .components import Message, component, serialize_identifier
from .digest import digest_matches
from .errors import SignwireError
from .keys import decode_key, is_valid_keyid
from .response_components import ResponseMessage, response_component_value, validate_response_identifier
from .response_signer import RESPONSE_TAG, AnsweredRequest, binding_components, check_labels
from .sfv import is_string
from .signer import normalize_method
from .url import serialize_url
from .verifier import MAX_COVERED, _check_field_sizes, _labelled_signature, check_coverage


@dataclass
class ReceivedResponse:
    """A response as received: status, ordered field lines and body bytes."""

    status: int
    headers: list
    body: bytes = b""


@dataclass
class VerifiedResponse:
    """The result of a successful response verification; ``created`` is the server's clock (§15.3)."""

    keyid: str
    label: str
    created: int
    covered: list[str]
    signature_base: str
    body: bytes


def verify_response(response: ReceivedResponse, request: AnsweredRequest, key, keyid: str,
                    label: str = "sig1", request_label: str = "sig1") -> VerifiedResponse:
    """Run §15.2 steps 1–9 against the request as the client sent it and the key it signed with.

    Options are checked first: labels (``CONFIGURATION_INVALID``), the key (``KEY_INVALID``).
    """
    check_labels(label, request_label)
    if not is_valid_keyid(keyid):
        raise SignwireError("CONFIGURATION_INVALID", "the request's key id is not a valid key id")
    key_bytes = decode_key(key)

    headers, body = [tuple(line) for line in response.headers], response.body
    _check_field_sizes(headers)
    inner_list, signature = _labelled_signature(headers, label)
    covered = _check_covered_list(inner_list.items)
    params = _check_parameters(inner_list.params)
    required = [component("@status"), *binding_components(request_label)]
    received_digest = check_coverage(covered, headers, bool(body), required, coding_required=False)
    if params["keyid"] != keyid:
        raise SignwireError("KEY_UNKNOWN", "the response names another key id than the request")

    sent = Message(normalize_method(request.method), serialize_url(request.url),
                   [tuple(line) for line in request.headers])
    base = signature_base(inner_list, ResponseMessage(response.status, headers, sent), response_component_value)
    if len(signature) != 32 or not hmac.compare_digest(mac(key_bytes, base), signature):
        raise SignwireError("SIGNATURE_INVALID", "the signature does not match")
    if received_digest is not None and not digest_matches(body, received_digest):
        raise SignwireError("DIGEST_MISMATCH", "the body does not match Content-Digest")
    return VerifiedResponse(params["keyid"], label, params["created"], covered, base, body)


def _check_covered_list(items: list) -> list[str]:
    """Step 4: at most 32 distinct identifiers, each allowed in a response signature (§15.1)."""
    if len(items) > MAX_COVERED:
        raise SignwireError("SIGNATURE_MALFORMED", f"more than {MAX_COVERED} covered components")
    covered = [serialize_identifier(item) for item in items]
    if len(set(covered)) != len(covered):
        raise SignwireError("SIGNATURE_MALFORMED", "a component is covered twice")
    for item in items:
        validate_response_identifier(item)
    return covered


def _check_parameters(params: dict) -> dict:
    """Step 5: as §9 step 6 with the response tag; ``nonce`` optional but valid when present."""
    if "alg" not in params:
        raise SignwireError("PARAMETER_MISSING", "no alg")
    if not (is_string(params["alg"]) and params["alg"] == ALGORITHM):
        raise SignwireError("ALGORITHM_UNSUPPORTED", "alg is not hmac-sha256")
    if "tag" not in params:
        raise SignwireError("PARAMETER_MISSING", "no tag")
    if not (is_string(params["tag"]) and params["tag"] == RESPONSE_TAG):
        raise SignwireError("TAG_UNSUPPORTED", f"tag is not {RESPONSE_TAG}")
    if "keyid" not in params:
        raise SignwireError("PARAMETER_MISSING", "no keyid")
    if not (is_string(params["keyid"]) and is_valid_keyid(params["keyid"])):
        raise SignwireError("PARAMETER_INVALID", "keyid is not a valid key id")
    if "created" not in params:
        raise SignwireError("PARAMETER_MISSING", "no created")
    if not is_valid_created(params["created"]):
        raise SignwireError("PARAMETER_INVALID", "created is not an integer in range")
    if "nonce" in params and not (is_string(params["nonce"]) and is_valid_nonce(params["nonce"])):
        raise SignwireError("PARAMETER_INVALID", "nonce is not 22–128 base64url characters")
    if "expires" in params and not is_valid_expires(params["expires"], params["created"]):
        raise SignwireError("PARAMETER_INVALID", "expires is not an integer greater than created")
    if any(isinstance(value, Decimal) for value in params.values()):
        raise SignwireError("PARAMETER_INVALID", "a signature parameter is a decimal")
    return params
