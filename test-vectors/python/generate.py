"""Compute test-vectors/vectors/<name>.json from every test-vectors/cases/<name>.json recipe.

Usage (from the repository root): python3 test-vectors/python/generate.py

Each case keeps its recipe members; signing cases gain ``expected``, verification cases gain a
concrete ``request`` (unless the recipe has a literal one) and ``expected``. A file whose recipe is
broken is reported and not written; the exit code is then 1.
"""

from pathlib import Path
import sys

from vectorkit import jsonio
from vectorkit.compute import concrete_request, expected_for_sign, expected_for_verify
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
    else:
        raise RecipeError(f"unknown kind {kind!r}")
    return result


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
