"""Check test-vectors/vectors/*.json (or the files named as arguments) against signwire_ref.

Usage (from the repository root): python3 test-vectors/python/run_vectors.py [--without uts46] [file.json ...]

``--without uts46`` runs the reference as an implementation without UTS #46 (spec §4.1): its host
parser refuses every host that needs UTS #46, and the cases whose ``requires`` names ``uts46`` are
skipped (one ``SKIP`` line each) and counted as skipped, never as passed.

Signing cases are recomputed from ``input``; verification cases only from ``keys``, ``now``,
``policy``, ``seen_nonces`` and ``request``; response-sign cases from ``input`` and the concrete
``request``; response-verify cases only from ``key``, ``keyid``, the labels, ``request`` and ``response``;
clock cases only from ``sample`` and ``limits``; issued-key cases only from ``issuer`` and ``issue``, or
from ``issuer``, ``keys``, ``revoked``, ``now``, ``policy``, ``seen_nonces`` and ``request``. Prints one line per failing case and a closing line
``N passed, M failed, K skipped``; exits 0 only when nothing failed and at least one case passed.
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
VECTOR_FORMAT = "signwire-vectors/v2"
# The capabilities a case may require (README, "Optional cases"); only these may be skipped.
OPTIONAL_CAPABILITIES = ("uts46",)


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


def parse_arguments(arguments: list[str]) -> tuple[set[str], list[Path]]:
    """``[--without CAPABILITY]... [file.json ...]`` → (capabilities to do without, files)."""
    without: set[str] = set()
    paths: list[Path] = []
    rest = iter(arguments)
    for argument in rest:
        if argument == "--without":
            capability = next(rest, None)
            if capability not in OPTIONAL_CAPABILITIES:
                raise SystemExit(f"--without takes one of {', '.join(OPTIONAL_CAPABILITIES)}, not {capability!r}")
            without.add(capability)
        elif argument.startswith("--"):
            raise SystemExit(f"unknown option {argument}; usage: run_vectors.py [--without uts46] [file.json ...]")
        else:
            paths.append(Path(argument))
    return without, paths or sorted(VECTORS_DIR.glob("*.json"))


def main(arguments: list[str]) -> int:
    without, files = parse_arguments(arguments)
    if "uts46" in without:
        from signwire_ref import host
        host.idna = None  # as an implementation without UTS #46: such hosts are refused
    else:
        require_idna()
    passed = failed = skipped = 0
    for path in files:
        vectors = jsonio.load(path)
        if vectors.get("schema") != VECTOR_FORMAT:
            raise SystemExit(f"{path}: a vector file of format {vectors.get('schema')!r}; this runner reads {VECTOR_FORMAT}")
        for group in vectors["groups"]:
            for case in group["cases"]:
                missing = [capability for capability in case.get("requires", []) if capability in without]
                if missing:
                    skipped += 1
                    print(f"SKIP {case.get('id')}: requires {', '.join(missing)}")
                    continue
                try:
                    problems = check_case(vectors["kind"], case)
                except Exception as error:  # a malformed vector is a failure, not a crash
                    problems = [f"cannot run: {error!r}"]
                if problems:
                    failed += 1
                    print(f"FAIL {case.get('id')}: " + "; ".join(problems))
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed > 0 else 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
