"""Computing the ``expected`` member of a case with ``signwire_ref``."""

from signwire_ref import ClockSample, SignwireError, decide_clock_offset, sign, sign_response, verify, verify_response
from signwire_ref.clock import DEFAULT_MAX_OFFSET, DEFAULT_MAX_ROUND_TRIP_MS
from signwire_ref.encodings import b64encode, b64url_encode

from .recipes import (RecipeError, answered_request, apply_mutations, apply_request_mutations,
                      apply_response_mutations, issue_from_case, json_number, key_source_from_case,
                      keys_from_case, nonce_store_from_case, policy_from_case, received_request, received_response,
                      request_from_signed, response_from_signed, sent_request, sign_input_with_issued_key,
                      sign_request_from_input, sign_response_from_input)


def expected_for_sign(case: dict) -> dict:
    """A signing case's expected values, or ``{"error": CODE}``."""
    try:
        signed = sign(sign_request_from_input(case["input"]))
    except SignwireError as error:
        return {"error": error.code}
    expected = {}
    if signed.body:
        expected["body_base64"] = b64encode(signed.body)
        expected["content_digest"] = signed.content_digest
    expected.update(covered=signed.covered, signature_base=signed.signature_base,
                    signature_input=signed.signature_input, signature=signed.signature)
    return expected


def concrete_request(case: dict) -> dict:
    """A verification case's received request: the literal ``request``, or ``sign`` + ``mutations``."""
    if "sign" not in case:
        if "request" not in case:
            raise RecipeError("a verification case needs sign or request")
        return case["request"]
    try:
        signed = sign(sign_request_from_input(case["sign"]))
    except SignwireError as error:
        raise RecipeError(f"the recipe's sign input is refused: {error}") from None
    return apply_mutations(request_from_signed(signed), case.get("mutations", []))


def expected_for_verify(case: dict) -> dict:
    """A verification case's result from ``keys``, ``now``, ``policy``, ``seen_nonces`` and ``request`` only."""
    now = json_number(case["now"])
    if not isinstance(now, int):
        raise RecipeError("now is an integer")
    try:
        policy = policy_from_case(case.get("policy", {}))
        result = verify(received_request(case["request"]), keys_from_case(case["keys"]), now, policy,
                        nonce_store_from_case(case.get("seen_nonces", [])))
    except SignwireError as error:
        return {"valid": False, "error": error.code}
    return {"valid": True, "keyid": result.keyid, "created": result.created, "nonce": result.nonce,
            "covered": result.covered, "signature_base": result.signature_base}


# ---------------------------------------------------------------------------- responses (spec §15)


def signed_request_for(sign_input: dict) -> dict:
    """The request as sent (``method``, ``url``, ``headers``) for a signing input; it must sign."""
    try:
        signed = sign(sign_request_from_input(sign_input))
    except SignwireError as error:
        raise RecipeError(f"the recipe's request input is refused: {error}") from None
    return sent_request(signed)


def expected_for_response_sign(case: dict) -> dict:
    """A response-sign case's expected values from ``input`` and the concrete ``request``, or ``{"error": CODE}``."""
    try:
        signed = sign_response(sign_response_from_input(case["input"], case["request"]))
    except SignwireError as error:
        return {"error": error.code}
    expected = {}
    if signed.body:
        expected["body_base64"] = b64encode(signed.body)
        expected["content_digest"] = signed.content_digest
    expected.update(covered=signed.covered, signature_base=signed.signature_base,
                    signature_input=signed.signature_input, signature=signed.signature)
    return expected


def concrete_exchange(case: dict) -> tuple[dict, dict]:
    """A response-verify case's (request as the client presents it, response as received).

    From the literal ``request`` and ``response``, or from ``sign`` (a response-sign input): the
    request is signed, the response signed for it and changed by ``mutations``; the client's request
    is then changed by ``request_mutations``.
    """
    if "sign" not in case:
        if "request" not in case or "response" not in case:
            raise RecipeError("a response-verify case needs sign, or request and response")
        return case["request"], case["response"]
    request_input = case["sign"]["request"]
    request = signed_request_for(request_input)
    try:
        signed = sign_response(sign_response_from_input(case["sign"], request))
    except SignwireError as error:
        raise RecipeError(f"the recipe's response input is refused: {error}") from None
    response = apply_response_mutations(response_from_signed(signed), case.get("mutations", []))
    presented = apply_request_mutations(request, case.get("request_mutations", []),
                                        lambda changes: signed_request_for({**request_input, **changes}))
    return presented, response


def expected_for_response_verify(case: dict) -> dict:
    """A response-verify case's result from ``key``, ``keyid``, labels, ``request`` and ``response`` only."""
    try:
        result = verify_response(received_response(case["response"]), answered_request(case["request"]),
                                 case["key"], case["keyid"], case.get("label", "sig1"),
                                 case.get("request_label", "sig1"))
    except SignwireError as error:
        return {"valid": False, "error": error.code}
    return {"valid": True, "keyid": result.keyid, "created": result.created, "covered": result.covered,
            "signature_base": result.signature_base}


# ---------------------------------------------------------------------------- clock (spec §15.3)


def expected_for_clock(case: dict) -> dict:
    """A clock case's decision from ``sample`` and ``limits`` only."""
    sample, limits = case["sample"], case.get("limits", {})
    decision = decide_clock_offset(
        ClockSample(json_number(sample["sent_at"]), json_number(sample["received_at"]), json_number(sample["created"]),
                    json_number(sample["offset"]), sample.get("cached", False)),
        json_number(limits.get("max_round_trip_ms", DEFAULT_MAX_ROUND_TRIP_MS)),
        json_number(limits.get("max_offset", DEFAULT_MAX_OFFSET)))
    return {"outcome": decision.outcome, "reason": decision.reason, "offset": decision.offset}


# ---------------------------------------------------------------------------- issued keys (spec §16)


def is_issue_case(case: dict) -> bool:
    """An issued-key case is an issue case (``issue``) or a verification case (``now``)."""
    return "issue" in case


def expected_for_issue(case: dict) -> dict:
    """An issue case's key id and key from ``issuer`` and ``issue`` only, or ``{"error": CODE}``."""
    try:
        keyid, key = issue_from_case(case)
    except SignwireError as error:
        return {"error": error.code}
    return {"keyid": keyid, "secret": {"base64url": b64url_encode(key)}}


def concrete_issued_request(case: dict) -> dict:
    """An issued-key verification case's received request: the literal ``request``, or ``sign`` + ``mutations``."""
    if "sign" not in case:
        return concrete_request(case)
    return concrete_request({**case, "sign": sign_input_with_issued_key(case)})


def expected_for_issued_verify(case: dict) -> dict:
    """An issued-key verification case's result from ``issuer``, ``keys``, ``revoked``, ``now``, ``policy``,
    ``seen_nonces`` and ``request`` only."""
    now = json_number(case["now"])
    if not isinstance(now, int):
        raise RecipeError("now is an integer")
    try:
        policy = policy_from_case(case.get("policy", {}))
        result = verify(received_request(case["request"]), key_source_from_case(case), now, policy,
                        nonce_store_from_case(case.get("seen_nonces", [])))
    except SignwireError as error:
        return {"valid": False, "error": error.code}
    return {"valid": True, "keyid": result.keyid, "subject": result.subject, "created": result.created,
            "nonce": result.nonce, "covered": result.covered, "signature_base": result.signature_base}
