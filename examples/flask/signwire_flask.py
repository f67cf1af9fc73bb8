"""Signwire verification for Flask, as ``before_request`` middleware over the raw body.

Reuses the Python implementation in ``test-vectors/python/signwire_ref`` (stdlib, and idna for non-ASCII hosts): nothing is
copied. The middleware reads the exact bytes with ``request.get_data(cache=True)`` *before* any form
or JSON parsing, verifies them (spec §9) and answers failures as ``{"error": {"code", "message"}}``
with the status of spec §10. ``issued_key_response`` serves the route that gives a logged-in user a
short-lived key (spec §16.4), which the TypeScript client's ``credentials`` fetch and refresh.
"""

import math
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "test-vectors" / "python"))

from flask import Flask, g, jsonify, request  # noqa: E402

from signwire_ref import (Issuer, KeyEntry, KeySource, Master, NonceStore, Policy, ReceivedRequest,  # noqa: E402
                          SignwireError, verify)
from signwire_ref.encodings import b64url_encode  # noqa: E402

# spec §10: code → HTTP status
STATUS = {
    "SIGNATURE_MISSING": 401, "SIGNATURE_MALFORMED": 400, "FIELD_TOO_LARGE": 431,
    "ALGORITHM_UNSUPPORTED": 401, "TAG_UNSUPPORTED": 401, "PARAMETER_MISSING": 401,
    "PARAMETER_INVALID": 400, "NONCE_MISSING": 401, "KEY_UNKNOWN": 401, "KEY_NOT_YET_VALID": 401,
    "KEY_RETIRED": 401, "KEY_REVOKED": 401, "KEY_INVALID": 500, "COMPONENT_MISSING": 401, "COMPONENT_UNSUPPORTED": 400,
    "COMPONENT_UNAVAILABLE": 400, "COMPONENT_INVALID": 400, "QUERY_PARAM_AMBIGUOUS": 400,
    "SIGNATURE_INVALID": 401, "SIGNATURE_EXPIRED": 401, "SIGNATURE_FROM_FUTURE": 401,
    "NONCE_REPLAYED": 401, "NONCE_STORE_FULL": 503, "NONCE_STORE_UNAVAILABLE": 503,
    "DIGEST_MISSING": 401, "DIGEST_MALFORMED": 400, "DIGEST_MISMATCH": 401, "BODY_TOO_LARGE": 413,
    "FRAMING_AMBIGUOUS": 400, "CONTENT_LENGTH_MISMATCH": 400, "URL_INVALID": 400,
    "METHOD_INVALID": 400, "HEADER_INVALID": 400, "HEADER_FORBIDDEN": 400, "JSON_UNSUPPORTED": 400, "JSON_DUPLICATE_MEMBER": 400,
    "JSON_PROTOTYPE_MEMBER": 400,
    "BODY_INCOMPLETE": 400, "BODY_NOT_BUFFERABLE": 400, "CREDENTIALS_UNAVAILABLE": 401,
    "CONFIGURATION_INVALID": 500,
}

_MESSAGES = {
    "SIGNATURE_MISSING": "the request is not signed",
    "SIGNATURE_INVALID": "the signature does not match",
    "DIGEST_MISMATCH": "the body does not match Content-Digest",
    "NONCE_REPLAYED": "this nonce was already accepted",
}


def raw_target(environ) -> str:
    """The request target as received (spec §4.2): the server's raw URI when it gives one."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return raw
    path = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/%!$&'()*+,;=:@~-._")
    query = environ.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def init_signwire(app: Flask, keys: dict, public_origin: str, policy: Policy | None = None,
                  exempt: tuple = ()) -> None:
    """Verify every request (except the ``exempt`` endpoint names) before any view runs.

    ``keys``: keyid → ``KeyEntry(secret={"base64": ...}, not_before=..., not_after=..., retired=...)``,
    or a ``KeySource(static=..., issuer=Issuer(...))`` that also verifies issued keys (spec §16;
    ``g.signwire.subject`` is then the user the key was issued to).
    ``public_origin``: the origin clients sign, e.g. ``https://api.example.com`` (never the Host header).
    """
    policy = policy or Policy()
    nonces = NonceStore()  # in-memory: one process. Use a shared store (e.g. Redis SET NX PX) for a fleet.
    lock = threading.Lock()

    @app.before_request
    def _signwire_verify():
        if request.endpoint in exempt:
            return None
        body = request.get_data(cache=True)  # the exact bytes, before any form or JSON parsing
        headers = [(name, value) for name, value in request.headers.items()]
        received = ReceivedRequest(request.method, public_origin + raw_target(request.environ), headers, body)
        try:
            with lock:
                g.signwire = verify(received, keys, int(time.time()), policy, nonces)
        except SignwireError as error:
            status = STATUS.get(error.code, 400)
            message = _MESSAGES.get(error.code, str(error).split(": ", 1)[-1])
            return jsonify(error={"code": error.code, "message": message}), status
        return None


def issued_key_response(issuer: Issuer, subject: str | None, ttl_seconds: int = 900):
    """The key route's answer (spec §16.4): ``{keyId, secret: {base64url}, expires}`` for ``subject``
    (the logged-in user, from your session), or 401 when there is none; always ``Cache-Control: no-store``.
    """
    if subject is None:
        response = jsonify(error={"message": "nobody is logged in: this route issues signing keys to logged-in users only"})
        response.status_code = 401
    else:
        issued_at = int(time.time())
        keyid, key = issuer.issue(subject, issued_at, issued_at + ttl_seconds)
        response = jsonify(keyId=keyid, secret={"base64url": b64url_encode(key)}, expires=issued_at + ttl_seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def revoke_subject(issuer: Issuer, subject: str) -> int:
    """"Log out everywhere": every key issued to ``subject`` until now is refused (``KEY_REVOKED``,
    spec §16.5). Returns the revocation time. Keep the times in a shared store for several processes."""
    revoked_at = math.ceil(time.time())
    issuer.revoked[subject] = revoked_at
    return revoked_at


__all__ = ["Issuer", "KeyEntry", "KeySource", "Master", "STATUS", "init_signwire", "issued_key_response", "raw_target",
           "revoke_subject"]
