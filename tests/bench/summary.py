#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Print the whole benchmark table from <build>/bench-results/*.json.

    summary.py [BUILD-DIR]

Run last by `meson test --benchmark`; also by hand after it. Benchmarks
that failed or did not run are listed as such (a failed run leaves no
result behind). Exit status 77 (meson's skip) when there is no result."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORDER = ['latency', 'flood', 'idle', 'memory', 'cpu', 'stop-history', 'stop']


def main(argv):
    build = argv[1] if len(argv) > 1 else os.environ.get('TPD_BUILD_DIR')
    if build:
        os.environ['TPD_BUILD_DIR'] = os.path.abspath(build)
    sys.path.insert(0, HERE)
    import benchlib as bl

    results, missing = [], []
    names = ORDER + sorted(f[:-5] for f in os.listdir(bl.RESULTS_DIR)
                           if f.endswith('.json') and f[:-5] not in ORDER) \
        if os.path.isdir(bl.RESULTS_DIR) else ORDER
    for name in names:
        path = os.path.join(bl.RESULTS_DIR, name + '.json')
        if os.path.exists(path):
            with open(path) as f:
                results.append(json.load(f))
        else:
            missing.append(name)
    if not results:
        print('no benchmark results in %s: run meson test --benchmark first' % bl.RESULTS_DIR)
        return 77
    print(bl.HEADER)
    print(bl.RULE)
    for r in results:
        print('\n'.join(bl.table_lines(r['benchmark'], r['rows'])))
    print()
    print('Baselines (measured in the same run as tpd):')
    for r in results:
        print('- %s (%s, %ss): %s' % (r['benchmark'], r['time'], r['details'].get('seconds', '?'),
                                     r['baseline']))
        for row in r['rows']:
            if row['note']:
                print('  - %s: %s' % (row['metric'], row['note']))
    if missing:
        print('\nNo result (failed, or not run): ' + ', '.join(missing))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
