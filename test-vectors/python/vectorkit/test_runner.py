"""The Python test files' runner: unittest with a closing ``N passed, M failed`` line, as the vector runners print."""

import sys
import unittest


class CountingResult(unittest.TextTestResult):
    """Counts passed checks (each subtest, or a whole test without subtests) for ``N passed, M failed``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0
        self._with_subtests: set[str] = set()

    def addSubTest(self, test, subtest, outcome):
        super().addSubTest(test, subtest, outcome)
        self._with_subtests.add(test.id())
        if outcome is None:
            self.passed += 1

    def addSuccess(self, test):
        super().addSuccess(test)
        if test.id() not in self._with_subtests:
            self.passed += 1


def main(module_name: str) -> int:
    """Runs every test of the module named ``module_name``; 0 when all passed and there was at least one."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module_name])
    result = unittest.TextTestRunner(stream=sys.stdout, resultclass=CountingResult, verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"{result.passed} passed, {failed} failed")
    return 0 if failed == 0 and result.passed > 0 else 1
