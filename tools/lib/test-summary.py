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


def main(logdir, valgrind_dir=None):
    tests = [json.loads(line) for line in open(os.path.join(logdir, 'testlog.json'))]
    suites = suites_by_name(os.path.join(logdir, 'testlog.junit.xml'))
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
    if valgrind_dir:
        failed += valgrind_failures(valgrind_dir)
    for name in bad_names:
        print('failed: %s' % name)
    if skipped:
        print('tests: %d skipped (a skip is not a pass; tools/check fails on it)' % skipped)
    print('tests: %d passed, %d failed' % (passed, failed))
    return 1 if failed or skipped or not tests else 0


if __name__ == '__main__':
    args = sys.argv[1:]
    if args[:1] == ['--valgrind']:
        sys.exit(main(args[2], valgrind_dir=args[1]))
    sys.exit(main(args[0]))
