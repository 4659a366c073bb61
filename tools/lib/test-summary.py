#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Count test results from meson's logs: every TAP or GTest subtest counts
once; a test program that failed without a failing subtest (a crash, a
missing TAP plan entry) counts as one failure. Skips are counted apart and
are never passes. The last line is "tests: N passed, N failed"; the exit
status is non-zero on any failure or skip."""
import json
import os
import sys
import xml.etree.ElementTree as ET

BAD = {'FAIL', 'ERROR', 'TIMEOUT', 'UNEXPECTEDPASS', 'INTERRUPT'}


def suites_by_name(junit_path):
    suites = {}
    for suite in ET.parse(junit_path).getroot().iter('testsuite'):
        suites[suite.get('name')] = suite
    return suites


def subtest_counts(suite):
    passed = failed = skipped = 0
    for case in suite.iter('testcase'):
        if case.find('failure') is not None or case.find('error') is not None:
            failed += 1
        elif case.find('skipped') is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def valgrind_failures(logdir):
    """tools/check --valgrind: every tpd run left a log, empty unless
    memcheck found something (it runs with --quiet). Each log with
    content is one failure; no log at all means tpd never ran under
    valgrind, which is a failure too."""
    logs = sorted(os.listdir(logdir))
    bad = []
    for name in logs:
        path = os.path.join(logdir, name)
        with open(path) as f:
            text = f.read()
        if text.strip():
            bad.append(path)
            print('valgrind: %s:\n%s' % (path, text[:4000]))
    print('valgrind: %d runs of tpd under memcheck, %d with errors or definite leaks'
          % (len(logs), len(bad)))
    return len(bad) + (0 if logs else 1)


def load(logdir, logbase):
    """The tests of one meson test run (its --logbase), each with its TAP
    subtests from the JUnit file where it has some."""
    with open(os.path.join(logdir, logbase + '.json')) as f:
        tests = [json.loads(line) for line in f]
    return tests, suites_by_name(os.path.join(logdir, logbase + '.junit.xml'))


def count(tests, suites):
    passed = failed = skipped = 0
    bad_names = []
    for t in tests:
        suite = suites.get('tpd.' + t['name'])
        if suite is not None:
            p, f, s = subtest_counts(suite)
            if t['result'] in BAD and f == 0:
                f = 1
        else:
            p = int(t['result'] in {'OK', 'EXPECTEDFAIL'})
            s = int(t['result'] == 'SKIP')
            f = int(t['result'] in BAD)
        passed, failed, skipped = passed + p, failed + f, skipped + s
        if f:
            bad_names.append(t['name'])
    return passed, failed, skipped, bad_names


def main(logdir, logbases, valgrind_dir=None, extra=(0, 0)):
    passed, failed = extra
    skipped = 0
    bad_names = []
    n_tests = 0
    for logbase in logbases:
        tests, suites = load(logdir, logbase)
        n_tests += len(tests)
        p, f, s, bad = count(tests, suites)
        passed, failed, skipped = passed + p, failed + f, skipped + s
        bad_names += bad
    if valgrind_dir:
        failed += valgrind_failures(valgrind_dir)
    for name in bad_names:
        print('failed: %s' % name)
    if skipped:
        print('tests: %d skipped (a skip is not a pass; tools/check fails on it)' % skipped)
    print('tests: %d passed, %d failed' % (passed, failed))
    return 1 if failed or skipped or not n_tests else 0


if __name__ == '__main__':
    # test-summary.py [--valgrind DIR] [--logbase NAME]... [--add P F] LOGDIR
    # --add: passes and failures counted elsewhere (tools/fuzz).
    args = sys.argv[1:]
    valgrind = None
    logbases = []
    extra = (0, 0)
    while args[:1] in (['--valgrind'], ['--logbase'], ['--add']):
        if args[0] == '--valgrind':
            valgrind = args[1]
        elif args[0] == '--add':
            extra = (int(args[1]), int(args[2]))
            args = args[1:]
        else:
            logbases.append(args[1])
        args = args[2:]
    sys.exit(main(args[0], logbases or ['testlog'], valgrind_dir=valgrind, extra=extra))
