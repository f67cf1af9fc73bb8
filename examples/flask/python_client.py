"""Signs requests with the Python implementation and sends them to a Signwire server (the TS
verifier in CI). Prints one JSON line per case: {"case", "status", "code"}.

Usage: python3 python_client.py --connect 127.0.0.1:PORT --origin http://api.test --key-b64 KEY
"""

import argparse
import base64
import http.client
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "test-vectors" / "python"))

from signwire_ref import JsonBody, SignRequest, sign  # noqa: E402


def nonce() -> str:
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def send(connect: str, signed, body_override: bytes | None = None) -> tuple[int, str | None]:
    host, port = connect.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    body = signed.body if body_override is None else body_override
    headers = {}
    for name, value in signed.headers:
        headers[name] = value
    conn.putrequest(signed.method, signed.target.request_target, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", signed.target.authority)
    for name, value in signed.headers:
        conn.putheader(name, value)
    if body:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body or None)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    code = None
    if response.status != 200:
        code = json.loads(payload)["error"]["code"]
    return response.status, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--key-b64", required=True)
    args = parser.parse_args()
    key = {"base64": args.key_b64}
    wrong = {"base64": base64.b64encode(b"\x07" * 32).decode()}
    now = int(time.time())

    def signed(method, path, body=None, headers=(), secret=key, created=None):
        return sign(SignRequest(key=secret, keyid="client-1", method=method, url=args.origin + path,
                                created=created or now, nonce=nonce(), headers=list(headers), body=body))

    json_order = signed("POST", "/orders?src=python", JsonBody({"qty": 2, "sku": "é-1", "n": [1, 2.5]}),
                        [("Content-Type", "application/json")])
    cases = [
        ("accepted: GET with unicode path and query", signed("GET", "/items/caf\u00e9?q=a b&x=1"), None),
        ("accepted: POST canonical JSON", json_order, None),
        ("accepted: PUT bytes", signed("PUT", "/blob", b"\x00\x01\xff", [("Content-Type", "application/octet-stream")]), None),
        ("rejected: replay", json_order, None),
        ("rejected: body changed after signing", signed("POST", "/orders", b'{"qty":1}', [("Content-Type", "application/json")]), b'{"qty":9}'),
        ("rejected: wrong key", signed("GET", "/items/1", secret=wrong), None),
        ("rejected: expired", signed("GET", "/items/1", created=now - 3600), None),
    ]
    for name, request, override in cases:
        status, code = send(args.connect, request, override)
        print(json.dumps({"case": name, "status": status, "code": code}), flush=True)


if __name__ == "__main__":
    main()
