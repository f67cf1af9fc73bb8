"""Tests of the vector file format itself (test-vectors/README.md).

Usage (from the repository root): python3 test-vectors/python/test_vector_format.py

Every file in ``vectors/`` and ``cases/`` is portable JSON (``vectorkit.portability``: Python's
``json`` with duplicate members detected, no lone surrogate, every number exactly a double, within
±2^53 when integral) and of format ``signwire-vectors/v2``; the checker finds each kind of problem;
``run_vectors.py --without uts46`` skips exactly the cases whose ``requires`` names ``uts46``, runs
the rest as an implementation without UTS #46, and prints ``N passed, M failed, K skipped``. Ends
with ``N passed, M failed``.
"""

import json
from pathlib import Path
import subprocess
import sys
import unittest

from vectorkit.portability import problems
from vectorkit.test_runner import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FILES = sorted((ROOT / "vectors").glob("*.json")) + sorted((ROOT / "cases").glob("*.json"))


def cases_of(path: Path) -> list[dict]:
    return [case for group in json.loads(path.read_text(encoding="utf-8"))["groups"] for case in group["cases"]]


class PortableFiles(unittest.TestCase):
    def test_every_vector_and_recipe_file_is_portable_json(self):
        self.assertGreater(len(FILES), 20)
        for path in FILES:
            with self.subTest(file=f"{path.parent.name}/{path.name}"):
                self.assertEqual(problems(path.read_text(encoding="utf-8")), [])

    def test_every_file_is_format_v2(self):
        for path in FILES:
            with self.subTest(file=f"{path.parent.name}/{path.name}"):
                self.assertEqual(json.loads(path.read_text(encoding="utf-8"))["schema"], "signwire-vectors/v2")

    def test_json_text_bodies_are_json(self):
        count = 0
        for path in FILES:
            for case in cases_of(path):
                body = case.get("input", {}).get("body") or {}
                if "json_text" in body:
                    count += 1
                    with self.subTest(case=case["id"]):
                        json.loads(body["json_text"])  # raises on text that is not JSON
        self.assertGreater(count, 0)


class Checker(unittest.TestCase):
    """Each rule of vectorkit.portability refuses what it must and accepts its neighbour."""

    def assertRefused(self, text: str, reason: str):
        found = problems(text)
        self.assertTrue(any(reason in problem for problem in found), f"{text}: {found}")

    def test_accepts_portable_values(self):
        self.assertEqual(problems('{"a": [0, -0, 9007199254740992, -9007199254740992, 0.5, 1e21, 1.5e-7, 5e-324,'
                                  ' 1.7976931348623157e308, "\\ud83d\\ude00", "€"]}'), [])

    def test_duplicate_member(self):
        self.assertRefused('{"a": 1, "b": {"k": 1, "k": 2}}', "two members named 'k'")

    def test_lone_surrogates(self):
        self.assertRefused('{"s": "\\ud800"}', "lone surrogate")
        self.assertRefused('["a\\udc00b"]', "lone surrogate")
        self.assertRefused('["\\ude00\\ud83d"]', "lone surrogate")
        self.assertRefused('{"\\udfff": 1}', "member name holds a lone surrogate")

    def test_numbers(self):
        self.assertRefused("[1e400]", "not a finite double")
        self.assertRefused("[-1e400]", "not a finite double")
        self.assertRefused("[9007199254740993]", "beyond ±2^53")
        self.assertRefused("[10000000000000000]", "beyond ±2^53")
        self.assertRefused("[1e-400]", "not exactly a double")
        self.assertRefused("[333333333.33333329]", "not exactly a double")
        self.assertRefused("[4.9406564584124654e-324]", "not exactly a double")

    def test_not_strict_json(self):
        self.assertRefused("[NaN]", "not strict JSON")
        self.assertRefused("[1,]", "not strict JSON")


class RunnerSkips(unittest.TestCase):
    def run_vectors(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(HERE / "run_vectors.py"), *arguments], capture_output=True,
                              text=True, timeout=300)

    def test_without_uts46_skips_exactly_the_cases_that_require_it(self):
        every_case = [case for path in sorted((ROOT / "vectors").glob("*.json")) for case in cases_of(path)]
        requiring = sorted(case["id"] for case in every_case if "uts46" in case.get("requires", []))
        self.assertGreater(len(requiring), 0)
        result = self.run_vectors("--without", "uts46")
        lines = result.stdout.strip().split("\n")
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertEqual(sorted(line for line in lines if line.startswith("SKIP ")),
                         sorted(f"SKIP {case_id}: requires uts46" for case_id in requiring))
        self.assertEqual(lines[-1], f"{len(every_case) - len(requiring)} passed, 0 failed, {len(requiring)} skipped")

    def test_without_options_nothing_is_skipped(self):
        result = self.run_vectors(str(ROOT / "vectors" / "url.json"))
        lines = result.stdout.strip().split("\n")
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertEqual([line for line in lines if line.startswith("SKIP ")], [])
        self.assertEqual(lines[-1], f"{len(cases_of(ROOT / 'vectors' / 'url.json'))} passed, 0 failed, 0 skipped")

    def test_refuses_a_capability_that_is_not_optional(self):
        result = self.run_vectors("--without", "json")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--without takes one of uts46", result.stderr)


if __name__ == "__main__":
    sys.exit(main(__name__))
