"""Compute test-vectors/vectors/<name>.json from every test-vectors/cases/<name>.json recipe.

Usage (from the repository root): python3 test-vectors/python/generate.py

Each case keeps its recipe members; signing cases gain ``expected``, verification cases gain a
concrete ``request`` (unless the recipe has a literal one) and ``expected``; response-sign cases
gain the ``request`` as sent (unless the recipe has a literal one, the request as received) and ``expected``; response-verify cases gain ``request``, ``response``
and ``expected``; clock cases gain ``expected``; issued-key cases gain ``expected`` (issue cases) or a
concrete ``request`` and ``expected`` (verification cases). Where a recipe states ``expect_error`` /
``expect_valid`` (every response and issued-key recipe does) it is checked against the computed result,
in clock recipes ``expect_outcome``. A file whose recipe is broken is reported and not written; the
exit code is then 1.
"""

from pathlib import Path
import sys

from vectorkit import jsonio, require_idna
from vectorkit.compute import (concrete_exchange, concrete_issued_request, concrete_request, expected_for_clock,
                               expected_for_issue, expected_for_issued_verify, expected_for_response_sign,
                               expected_for_response_verify, expected_for_sign, expected_for_verify, is_issue_case,
                               signed_request_for)
from vectorkit.recipes import RecipeError

VECTORS_ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = VECTORS_ROOT / "cases"
OUTPUT_DIR = VECTORS_ROOT / "vectors"


def complete_case(kind: str, case: dict) -> dict:
    """The case with its computed members appended (recipe members first, in recipe order)."""
    result = {name: value for name, value in case.items() if name != "expected"}
    if kind == "sign":
        result["expected"] = expected_for_sign(case)
    elif kind == "verify":
        result["request"] = concrete_request(case)
        result["expected"] = expected_for_verify(result)
    elif kind == "response-sign":
        if "request" not in case:  # a literal request is the request as the server received it
            result["request"] = signed_request_for(case["input"]["request"])
        result["expected"] = expected_for_response_sign(result)
    elif kind == "response-verify":
        result["request"], result["response"] = concrete_exchange(case)
        result["expected"] = expected_for_response_verify(result)
    elif kind == "clock":
        result["expected"] = expected_for_clock(case)
        _check_clock_expectation(result)
    elif kind == "issued-key" and is_issue_case(case):
        result["expected"] = expected_for_issue(case)
    elif kind == "issued-key":
        result["request"] = concrete_issued_request(case)
        result["expected"] = expected_for_issued_verify(result)
    else:
        raise RecipeError(f"unknown kind {kind!r}")
    if kind == "issued-key" and "expect_error" not in case and not case.get("expect_valid"):
        raise RecipeError("an issued-key recipe states expect_error or expect_valid")
    if kind != "clock":
        _check_hand_expectation(result, must_state=kind.startswith("response-") or kind == "issued-key")
    return result


def _check_hand_expectation(case: dict, must_state: bool) -> None:
    """A recipe's ``expect_error`` / ``expect_valid`` must agree with the computed result; a response
    or issued-key recipe (``must_state``) must state one when the result is an error."""
    expected = case["expected"]
    computed_error = expected.get("error")
    if "expect_error" in case and case["expect_error"] != computed_error:
        raise RecipeError(f"expect_error {case['expect_error']} but computed {computed_error or 'success'}")
    if case.get("expect_valid") and computed_error is not None:
        raise RecipeError(f"expect_valid but computed {computed_error}")
    if must_state and "expect_error" not in case and not case.get("expect_valid") and computed_error is not None:
        raise RecipeError(f"computed {computed_error}: the recipe states expect_error")


def _check_clock_expectation(case: dict) -> None:
    """A clock recipe's hand-written ``expect_outcome`` must agree with the computed outcome."""
    if case["expect_outcome"] != case["expected"]["outcome"]:
        raise RecipeError(f"expect_outcome {case['expect_outcome']} but computed {case['expected']['outcome']}")


def complete_file(recipe: dict, seen_ids: set) -> dict:
    """The vector file for one recipe file; checks ids are unique and flags are defined."""
    notes = recipe.get("notes", {})
    groups = []
    for group in recipe["groups"]:
        cases = []
        for case in group["cases"]:
            case_id = case.get("id")
            if case_id in seen_ids:
                raise RecipeError(f"duplicate case id {case_id!r}")
            seen_ids.add(case_id)
            undefined = [flag for flag in case.get("flags", []) if flag not in notes]
            if undefined:
                raise RecipeError(f"{case_id}: flags not defined in notes: {undefined}")
            try:
                cases.append(complete_case(recipe["kind"], case))
            except (RecipeError, KeyError, TypeError, ValueError, AttributeError) as error:
                raise RecipeError(f"{case_id}: {error!r}") from None
        groups.append({**group, "cases": cases})
    return {**recipe, "groups": groups}


def main() -> int:
    require_idna()
    OUTPUT_DIR.mkdir(exist_ok=True)
    seen_ids: set = set()
    failures = 0
    written = 0
    for recipe_path in sorted(CASES_DIR.glob("*.json")):
        try:
            vectors = complete_file(jsonio.load(recipe_path), seen_ids)
        except (RecipeError, ValueError, KeyError) as error:
            print(f"{recipe_path.name}: not written: {error}", file=sys.stderr)
            failures += 1
            continue
        (OUTPUT_DIR / recipe_path.name).write_text(jsonio.dumps(vectors), encoding="utf-8")
        written += sum(len(group["cases"]) for group in vectors["groups"])
    print(f"{written} cases written, {failures} recipe files failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
