"""A Flask API whose every route is verified with Signwire (run: python3 examples/flask/app.py).

Environment: SIGNWIRE_KEYS ("keyid=base64,keyid2=base64"), SIGNWIRE_PUBLIC_ORIGIN (the origin the
clients sign, default http://127.0.0.1:$PORT), PORT (default 5000; 0 = any free port, printed),
SIGNWIRE_MASTER (optional, base64 of 32+ bytes): issue short-lived keys to logged-in users
(``POST /login``, ``GET /session/signing-key``), which a browser's ``credentials`` use.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import Flask, g, jsonify, request, session  # noqa: E402

from signwire_flask import (Issuer, KeyEntry, KeySource, Master, init_signwire, issued_key_response,  # noqa: E402
                            revoke_subject)


def create_app(keys: dict, public_origin: str, master_b64: str | None = None) -> Flask:
    app = Flask(__name__)
    app.secret_key = os.urandom(32)  # signs the session cookie (Flask's own)
    issuer = None
    if master_b64:
        issuer = Issuer(masters={"m1": Master(secret={"base64": master_b64})}, current="m1", max_ttl=3600)
        keys = KeySource(static=keys, issuer=issuer)
    init_signwire(app, keys, public_origin, exempt=("login", "signing_key"))

    @app.post("/login")
    def login():
        session["user"] = request.get_data(as_text=True)  # your real login: a password check, OAuth, …
        session["since"] = time.time()
        return "", 204

    def logged_in_user():
        """The session's user, unless they logged out everywhere after this session began."""
        user = session.get("user")
        if user is None or issuer.revoked.get(user, 0) > session.get("since", 0):
            return None
        return user

    @app.get("/session/signing-key")
    def signing_key():
        if issuer is None:
            return jsonify(error={"message": "no SIGNWIRE_MASTER: this server issues no keys"}), 404
        return issued_key_response(issuer, logged_in_user(), ttl_seconds=900)

    @app.get("/me")
    def me():
        return jsonify(user=g.signwire.subject, keyid=g.signwire.keyid)

    @app.post("/session/revoke")
    def revoke_everywhere():  # signed like every other route: a user logs themselves out everywhere
        if issuer is None or g.signwire.subject is None:
            return jsonify(error={"message": "only issued keys have a subject"}), 400
        revoke_subject(issuer, g.signwire.subject)
        return "", 204

    @app.post("/orders")
    def create_order():
        order = request.get_json()  # parsed from the verified bytes
        return jsonify(by=g.signwire.keyid, nonce=g.signwire.nonce, order=order), 201

    @app.route("/echo/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def echo(rest):
        return jsonify(by=g.signwire.keyid, nonce=g.signwire.nonce, method=request.method,
                       path=request.path, args=request.args.to_dict(flat=False),
                       body_length=len(g.signwire.body), form=request.form.to_dict(flat=False))

    return app


def keys_from_env(text: str) -> dict:
    keys = {}
    for item in filter(None, text.split(",")):
        keyid, secret = item.split("=", 1)
        keys[keyid] = KeyEntry(secret={"base64": secret})
    return keys


if __name__ == "__main__":
    from werkzeug.serving import make_server

    port = int(os.environ.get("PORT", "5000"))
    server = make_server("127.0.0.1", port, None, threaded=True)
    origin = os.environ.get("SIGNWIRE_PUBLIC_ORIGIN") or f"http://127.0.0.1:{server.port}"
    server.app = create_app(keys_from_env(os.environ["SIGNWIRE_KEYS"]), origin, os.environ.get("SIGNWIRE_MASTER"))
    print(f"listening {server.port}", flush=True)
    server.serve_forever()
