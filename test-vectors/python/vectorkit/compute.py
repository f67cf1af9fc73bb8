"""Computing the ``expected`` member of a case with ``signwire_ref``."""

from signwire_ref import SignwireError, sign, verify
from signwire_ref.encodings import b64encode

from .recipes import (RecipeError, apply_mutations, json_number, keys_from_case, nonce_store_from_case,
                      policy_from_case, received_request, request_from_signed, sign_request_from_input)


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
