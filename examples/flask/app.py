"""A Flask API whose every route is verified with Signwire (run: python3 examples/flask/app.py).

Environment: SIGNWIRE_KEYS ("keyid=base64,keyid2=base64"), SIGNWIRE_PUBLIC_ORIGIN (the origin the
clients sign, default http://127.0.0.1:$PORT), PORT (default 5000; 0 = any free port, printed).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from flask import Flask, g, jsonify, request  # noqa: E402

from signwire_flask import KeyEntry, init_signwire  # noqa: E402


def create_app(keys: dict, public_origin: str) -> Flask:
    app = Flask(__name__)
    init_signwire(app, keys, public_origin)

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
    server.app = create_app(keys_from_env(os.environ["SIGNWIRE_KEYS"]), origin)
    print(f"listening {server.port}", flush=True)
    server.serve_forever()
