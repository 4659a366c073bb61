# SPDX-License-Identifier: LGPL-2.1-or-later
"""Run a unittest module and report in TAP, exactly one line per test (a
test that fails and then fails again in tearDown is still one "not ok"),
so that meson counts every test case, and every skip, on its own."""
import sys
import traceback
import unittest


class TapResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.number = 0
        self.problems = []
        self.skip_reason = None
        self.in_test = False

    def _line(self, text):
        self.stream.write(text + '\n')
        self.stream.flush()

    def startTest(self, test):
        super().startTest(test)
        self.problems = []
        self.skip_reason = None
        self.in_test = True

    def stopTest(self, test):
        super().stopTest(test)
        self.in_test = False
        self.number += 1
        if self.problems:
            self._line('not ok %d - %s' % (self.number, test.id()))
            for text in self.problems:
                for line in text.rstrip().splitlines():
                    self._line('# ' + line)
        elif self.skip_reason is not None:
            self._line('ok %d - %s # SKIP %s' % (self.number, test.id(), self.skip_reason))
        else:
            self._line('ok %d - %s' % (self.number, test.id()))

    def _problem(self, err):
        self.problems.append(''.join(traceback.format_exception(*err)))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._problem(err)

    def addError(self, test, err):
        super().addError(test, err)
        if not self.in_test:
            # setUpClass or tearDownClass: no test is running, so no line
            # would carry it; the count of lines falls short and says
            # something failed, this says what.
            self._line('# error in %s:' % test.id())
            for line in ''.join(traceback.format_exception(*err)).rstrip().splitlines():
                self._line('# ' + line)
            return
        self._problem(err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.problems.append('%s\n%s' % (subtest, ''.join(traceback.format_exception(*err))))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.skip_reason = reason

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.problems.append('expected failures are not allowed here')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.problems.append('unexpected success')


def main(module_name):
    suite = unittest.defaultTestLoader.loadTestsFromName(module_name)
    sys.stdout.write('1..%d\n' % suite.countTestCases())
    result = TapResult(sys.stdout)
    suite.run(result)
    return 0 if result.wasSuccessful() and not result.skipped else 1
