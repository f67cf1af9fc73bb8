"""Check test-vectors/vectors/*.json (or the files named as arguments) against signwire_ref.

Usage (from the repository root): python3 test-vectors/python/run_vectors.py [file.json ...]

Signing cases are recomputed from ``input``; verification cases only from ``keys``, ``now``,
``policy``, ``seen_nonces`` and ``request``; response-sign cases from ``input`` and the concrete
``request``; response-verify cases only from ``key``, ``keyid``, the labels, ``request`` and ``response``;
clock cases only from ``sample`` and ``limits``; issued-key cases only from ``issuer`` and ``issue``, or
from ``issuer``, ``keys``, ``revoked``, ``now``, ``policy``, ``seen_nonces`` and ``request``. Prints one line per failing case and a closing line
``N passed, M failed``; exits 0 only when nothing failed and at least one case passed.
"""

from pathlib import Path
import sys

from vectorkit import jsonio, require_idna
from vectorkit.compute import (expected_for_clock, expected_for_issue, expected_for_issued_verify,
                               expected_for_response_sign, expected_for_response_verify, expected_for_sign,
                               expected_for_verify, is_issue_case)

VECTORS_DIR = Path(__file__).resolve().parent.parent / "vectors"
VERIFY_INPUTS = ("keys", "now", "policy", "seen_nonces", "request")
RESPONSE_SIGN_INPUTS = ("input", "request")
RESPONSE_VERIFY_INPUTS = ("key", "keyid", "label", "request_label", "request", "response")
CLOCK_INPUTS = ("sample", "limits")
ISSUE_INPUTS = ("issuer", "issue")
ISSUED_VERIFY_INPUTS = ("issuer", "keys", "revoked", "now", "policy", "seen_nonces", "request")


def differences(expected: dict, actual: dict) -> list[str]:
    """One short description per member that differs."""
    return [f"{name}: expected {expected.get(name)!r}, got {actual.get(name)!r}"
            for name in sorted(set(expected) | set(actual)) if expected.get(name) != actual.get(name)]


def check_case(kind: str, case: dict) -> list[str]:
    """The differences between a case's ``expected`` and the recomputed values."""
    if kind == "sign":
        actual = expected_for_sign(case)
    elif kind == "verify":
        actual = expected_for_verify({name: case[name] for name in VERIFY_INPUTS if name in case})
    elif kind == "response-sign":
        actual = expected_for_response_sign({name: case[name] for name in RESPONSE_SIGN_INPUTS if name in case})
    elif kind == "response-verify":
        actual = expected_for_response_verify({name: case[name] for name in RESPONSE_VERIFY_INPUTS if name in case})
    elif kind == "clock":
        actual = expected_for_clock({name: case[name] for name in CLOCK_INPUTS if name in case})
    elif kind == "issued-key" and is_issue_case(case):
        actual = expected_for_issue({name: case[name] for name in ISSUE_INPUTS if name in case})
    elif kind == "issued-key":
        actual = expected_for_issued_verify({name: case[name] for name in ISSUED_VERIFY_INPUTS if name in case})
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return differences(case["expected"], actual)


def main(paths: list[str]) -> int:
    require_idna()
    files = [Path(path) for path in paths] or sorted(VECTORS_DIR.glob("*.json"))
    passed = failed = 0
    for path in files:
        vectors = jsonio.load(path)
        for group in vectors["groups"]:
            for case in group["cases"]:
                try:
                    problems = check_case(vectors["kind"], case)
                except Exception as error:  # a malformed vector is a failure, not a crash
                    problems = [f"cannot run: {error!r}"]
                if problems:
                    failed += 1
                    print(f"FAIL {case.get('id')}: " + "; ".join(problems))
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
