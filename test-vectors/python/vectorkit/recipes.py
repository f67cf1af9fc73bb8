"""Turning the members of a vector case into ``signwire_ref`` inputs, and applying mutations."""

import copy
import json

from signwire_ref import (AnsweredRequest, IssuedKeyId, Issuer, JsonBody, KeyEntry, KeySource, Master, NonceStore,
                          Policy, ReceivedRequest, ReceivedResponse, SignRequest, SignResponse, canonicalize, component,
                          derive_key, format_keyid)
from signwire_ref.encodings import b64encode, b64url_encode, decode_base64
from signwire_ref.keys import decode_key
from signwire_ref.response_signer import SignedResponse
from signwire_ref.signer import SignedRequest


class RecipeError(ValueError):
    """A case that does not follow test-vectors/README.md."""


def json_number(value):
    """A JSON number as the language-neutral value it denotes: integral numbers are integers.

    (``1700000000.0`` and ``1700000000`` are the same number to an ECMAScript ``JSON.parse``.)
    """
    if isinstance(value, float) and not isinstance(value, bool) and value.is_integer():
        return int(value)
    return value


def _refuse_constant(name: str):
    raise RecipeError(f"{name} is not JSON")


def parse_json_text(text: str):
    """A ``json_text`` body: the JSON text parsed as an ECMAScript ``JSON.parse`` would read it
    (numbers become IEEE doubles when serialized, ``1e400`` is infinite, lone surrogate escapes
    stay lone surrogates, a repeated member name keeps its last value)."""
    if not isinstance(text, str):
        raise RecipeError(f"json_text is a string, not {text!r}")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise RecipeError(f"json_text is not JSON: {error}") from None


def body_from_spec(spec):
    """``{"json": v}`` / ``{"json_text": t}`` / ``{"text": s}`` / ``{"base64": b}`` / ``None`` → signer body."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or len(spec) != 1:
        raise RecipeError(f"bad body {spec!r}")
    (kind, value), = spec.items()
    if kind == "json":
        return JsonBody(value)
    if kind == "json_text":
        return JsonBody(parse_json_text(value))
    if kind == "text":
        return value.encode("utf-8")
    if kind == "base64":
        data = decode_base64(value)
        if data is None:
            raise RecipeError(f"body base64 is not canonical: {value!r}")
        return data
    raise RecipeError(f"unknown body kind {kind!r}")


def params_from_pairs(pairs) -> dict:
    """A component's ``params``, ordered ``[name, value]`` pairs, → a dict in that order."""
    if not isinstance(pairs, list) or not all(isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                                              for pair in pairs):
        raise RecipeError(f"params are [name, value] pairs, not {pairs!r}")
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise RecipeError(f"params name a parameter twice: {pairs!r}")
    return {name: json_number(value) for name, value in pairs}


def identifier_from_spec(spec):
    """``"x-request-id"`` or ``{"name": "@query-param", "params": [["name", "q"]]}`` → identifier."""
    if isinstance(spec, str):
        return component(spec)
    if isinstance(spec, dict) and set(spec) <= {"name", "params"} and "name" in spec:
        return component(spec["name"], params_from_pairs(spec.get("params", [])))
    raise RecipeError(f"bad component {spec!r}")


def sign_request_from_input(data: dict) -> SignRequest:
    """A signing case's ``input`` (or a verification recipe's ``sign``) → :class:`SignRequest`."""
    try:
        return SignRequest(
            key=data["key"], keyid=data["keyid"], method=data["method"], url=data["url"],
            created=json_number(data["created"]), nonce=data["nonce"],
            headers=[tuple(line) for line in data.get("headers", [])],
            body=body_from_spec(data.get("body")),
            expires=json_number(data.get("expires")),
            label=data.get("label", "sig1"),
            components=[identifier_from_spec(spec) for spec in data.get("components", [])])
    except KeyError as missing:
        raise RecipeError(f"signing input lacks {missing}") from None


def request_from_signed(signed: SignedRequest) -> dict:
    """The wire request of a signed request, in the vectors' ``request`` shape."""
    request = {"method": signed.method, "url": signed.target.target_uri,
               "headers": [[name, value] for name, value in signed.headers]}
    if signed.body:
        request["body_base64"] = b64encode(signed.body)
    return request


def apply_mutations(request: dict, mutations: list) -> dict:
    """Apply README mutation operations in order to a copy of ``request``."""
    request = copy.deepcopy(request)
    for mutation in mutations:
        op = mutation.get("op")
        if op == "set_method":
            request["method"] = mutation["method"]
        elif op == "set_url":
            request["url"] = mutation["url"]
        else:
            _apply_message_mutation(request, mutation)
    return request


def apply_response_mutations(response: dict, mutations: list) -> dict:
    """Apply README response mutations (``set_status`` and the field and body operations) to a copy."""
    response = copy.deepcopy(response)
    for mutation in mutations:
        if mutation.get("op") == "set_status":
            response["status"] = json_number(mutation["status"])
        else:
            _apply_message_mutation(response, mutation)
    return response


def apply_request_mutations(request: dict, mutations: list, resign) -> dict:
    """Apply ``request_mutations``: ``resign`` (``resign(changes)`` gives a new request) or a request mutation."""
    for mutation in mutations:
        if mutation.get("op") == "resign":
            if set(mutation) != {"op", "input"} or not isinstance(mutation["input"], dict):
                raise RecipeError(f"bad mutation {mutation!r}")
            request = resign(mutation["input"])
        else:
            request = apply_mutations(request, [mutation])
    return request


def _apply_message_mutation(message: dict, mutation: dict) -> None:
    """The body and field operations shared by requests and responses, in place."""
    op = mutation.get("op")
    name = mutation.get("name", "").lower()
    others = [line for line in message["headers"] if line[0].lower() != name]
    if op == "set_body":
        body = body_from_spec(mutation["body"])
        if isinstance(body, JsonBody):
            body = canonicalize(body.value)
        message.pop("body_base64", None)
        if body:
            message["body_base64"] = b64encode(body)
    elif op == "set_header":
        message["headers"] = others + [[mutation["name"], mutation["value"]]]
    elif op == "add_header":
        message["headers"].append([mutation["name"], mutation["value"]])
    elif op == "remove_header":
        message["headers"] = others
    elif op == "replace_in_header":
        for line in message["headers"]:
            if line[0].lower() == name:
                line[1] = line[1].replace(mutation["from"], mutation["to"], 1)
    else:
        raise RecipeError(f"unknown mutation {mutation!r}")


def received_request(request: dict) -> ReceivedRequest:
    """A vector's concrete ``request`` → :class:`ReceivedRequest`."""
    body = b""
    if "body_base64" in request:
        body = decode_base64(request["body_base64"])
        if body is None:
            raise RecipeError("request body_base64 is not canonical base64")
    return ReceivedRequest(request["method"], request["url"], [tuple(line) for line in request["headers"]], body)


def keys_from_case(keys: dict) -> dict:
    """The case's key ring → {keyid: KeyEntry}; the entry's encoding member is the secret."""
    return {keyid: KeyEntry(secret=entry, not_before=json_number(entry.get("not_before")),
                            not_after=json_number(entry.get("not_after")), retired=entry.get("retired", False))
            for keyid, entry in keys.items()}


def policy_from_case(policy: dict) -> Policy:
    """The case's ``policy`` (all members optional) → :class:`Policy`."""
    unknown = set(policy) - {"label", "tag", "max_age", "clock_skew", "max_body_bytes", "required",
                             "allow_json_prototype_members"}
    if unknown:
        raise RecipeError(f"unknown policy members {sorted(unknown)}")
    options = {name: json_number(value) for name, value in policy.items() if name != "required"}
    return Policy(**options, required=[identifier_from_spec(spec) for spec in policy.get("required", [])])


def nonce_store_from_case(seen_nonces: list) -> NonceStore:
    """A replay store holding the case's ``seen_nonces`` as live entries."""
    store = NonceStore()
    for keyid, nonce in seen_nonces:
        store.preload(keyid, nonce)
    return store


# ---------------------------------------------------------------------------- responses (spec §15)

RESPONSE_SIGN_MEMBERS = {"request", "response", "key", "keyid", "created", "label", "request_label", "components"}


def sent_request(signed: SignedRequest) -> dict:
    """A signed request as the response signer and verifier see it: method, URL and field lines."""
    return {"method": signed.method, "url": signed.target.target_uri,
            "headers": [[name, value] for name, value in signed.headers]}


def answered_request(request: dict) -> AnsweredRequest:
    """A vector's ``request`` (``method``, ``url``, ``headers``) → :class:`AnsweredRequest`."""
    return AnsweredRequest(request["method"], request["url"], [tuple(line) for line in request["headers"]])


def sign_response_from_input(data: dict, request: dict) -> SignResponse:
    """A response-sign ``input`` and the concrete request it answers → :class:`SignResponse`."""
    unknown = set(data) - RESPONSE_SIGN_MEMBERS
    if unknown:
        raise RecipeError(f"unknown response-sign input members {sorted(unknown)}")
    try:
        response = data["response"]
        return SignResponse(
            key=data["key"], keyid=data["keyid"], created=json_number(data["created"]),
            status=json_number(response["status"]), request=answered_request(request),
            headers=[tuple(line) for line in response.get("headers", [])],
            body=body_from_spec(response.get("body")),
            label=data.get("label", "sig1"), request_label=data.get("request_label", "sig1"),
            components=[identifier_from_spec(spec) for spec in data.get("components", [])])
    except KeyError as missing:
        raise RecipeError(f"response-sign input lacks {missing}") from None


def response_from_signed(signed: SignedResponse) -> dict:
    """The wire response of a signed response, in the vectors' ``response`` shape."""
    response = {"status": signed.status, "headers": [[name, value] for name, value in signed.headers]}
    if signed.body:
        response["body_base64"] = b64encode(signed.body)
    return response


def received_response(response: dict) -> ReceivedResponse:
    """A vector's concrete ``response`` → :class:`ReceivedResponse`."""
    body = b""
    if "body_base64" in response:
        body = decode_base64(response["body_base64"])
        if body is None:
            raise RecipeError("response body_base64 is not canonical base64")
    return ReceivedResponse(json_number(response["status"]), [tuple(line) for line in response["headers"]], body)


# ---------------------------------------------------------------------------- issued keys (spec §16)

ISSUER_MEMBERS = {"masters", "max_ttl", "current"}
ISSUE_MEMBERS = {"master", "subject", "issued_at", "expires"}


def _master_from_spec(spec: dict) -> Master:
    """``{"base64": …, "retired": true}`` → :class:`Master` (the encoding members are the secret)."""
    if not isinstance(spec, dict):
        raise RecipeError(f"bad master {spec!r}")
    secret = {name: value for name, value in spec.items() if name != "retired"}
    return Master(secret=secret, retired=spec.get("retired", False))


def issuer_from_case(case: dict, revoked: dict | None = None) -> Issuer:
    """A case's ``issuer`` (and ``revoked``) → :class:`Issuer`; its refusals are ``SignwireError``s."""
    spec = case["issuer"]
    unknown = set(spec) - ISSUER_MEMBERS
    if unknown:
        raise RecipeError(f"unknown issuer members {sorted(unknown)}")
    masters = {master_id: _master_from_spec(master) for master_id, master in spec["masters"].items()}
    return Issuer(masters=masters, max_ttl=json_number(spec["max_ttl"]), current=spec.get("current"),
                  revoked={subject: json_number(time) for subject, time in (revoked or {}).items()})


def issue_from_case(case: dict) -> tuple[str, bytes]:
    """An issue case: its issuer issues ``issue`` → (key id, key)."""
    issue = case["issue"]
    unknown = set(issue) - ISSUE_MEMBERS
    if unknown:
        raise RecipeError(f"unknown issue members {sorted(unknown)}")
    return issuer_from_case(case).issue(issue["subject"], json_number(issue["issued_at"]),
                                        json_number(issue["expires"]), issue["master"])


def issued_key_for_signing(case: dict, issued: dict) -> tuple[str, dict]:
    """The key id and key (as ``{"base64url": …}``) a recipe signs with: derived from ``signing_masters``
    (default: the issuer's masters) with no policy at all, so that a recipe can sign what the
    verifier's issuer would refuse (a lifetime over max_ttl, an unknown master)."""
    unknown = set(issued) - ISSUE_MEMBERS
    if unknown:
        raise RecipeError(f"unknown issued members {sorted(unknown)}")
    masters = case.get("signing_masters", case["issuer"]["masters"])
    if issued["master"] not in masters:
        raise RecipeError(f"no signing master {issued['master']!r}")
    master = decode_key(_master_from_spec(masters[issued["master"]]).secret)
    keyid = format_keyid(IssuedKeyId(issued["master"], issued["subject"], json_number(issued["issued_at"]),
                                     json_number(issued["expires"])))
    return keyid, {"base64url": b64url_encode(derive_key(master, keyid))}


def sign_input_with_issued_key(case: dict) -> dict:
    """An issued-key verification recipe's ``sign``: ``issued`` replaced by the derived ``key`` and ``keyid``."""
    sign_input = dict(case["sign"])
    if "issued" in sign_input:
        sign_input["keyid"], sign_input["key"] = issued_key_for_signing(case, sign_input.pop("issued"))
    return sign_input


def key_source_from_case(case: dict) -> KeySource:
    """An issued-key verification case's ``issuer``, ``revoked`` and static ``keys`` → :class:`KeySource`."""
    return KeySource(static=keys_from_case(case.get("keys", {})),
                     issuer=issuer_from_case(case, case.get("revoked", {})))
