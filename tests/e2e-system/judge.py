#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The host's verdict on a tools/e2e-system run: one line per check of the
guest (tests/e2e-system/guest.sh, in its order; a check the guest did not
reach fails), the frames the peripheral received (tests/e2e's rules), and
whether the guest finished; then "tests: N passed, N failed".

    judge.py WORK_DIR QEMU_EXIT TIMEOUT_S GUEST_S
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'tests', 'e2e'))
import theragun_frames  # noqa: E402

CHECKS = (
    ('booted', 'guest booted with systemd as PID 1'),
    ('tpd-started', 'systemd started tpd by itself'),
    ('tpd-sandbox', 'tpd runs as user tpd under its sandbox'),
    ('peripheral', 'the pretend gun registered on the other controller'),
    ('paired', 'bluetoothctl pair'),
    ('adopted', 'tpd took the paired gun up within 5 s'),
    ('adopted-stop', 'its first frame is a stop'),
    ('group-member', 'a member of group tpd runs a program'),
    ('active-session', 'a user with an active logind session runs a program (polkit)'),
    ('stranger', 'a user with neither is refused, nothing sent'),
    ('systemctl-stop', 'systemctl stop tpd mid-session: the last frame is a stop'),
    ('kill', 'SIGKILL: systemd restarts tpd, its first frame is a stop'),
    ('watchdog', 'frozen tpd: the watchdog restarts it, its first frame is a stop'),
    ('no-denials', 'no seccomp or sandbox denial in the journal'),
    ('exposure', 'systemd-analyze security tpd <= 1.0'),
    ('purge', 'apt-get purge tpd leaves nothing behind'),
)


def model_speeds():
    with open(os.path.join(REPO, 'data', 'models', 'theragun-pro.model')) as f:
        for line in f:
            if line.startswith('Speed='):
                return tuple(int(x) for x in line.split('=', 1)[1].split('..'))
    raise SystemExit('judge.py: no Speed= in theragun-pro.model')


def guest_checks(work):
    found = {}
    try:
        with open(os.path.join(work, 'checks')) as f:
            for line in f:
                verdict, _, rest = line.rstrip('\n').partition(' ')
                key, _, detail = rest.partition(' ')
                found.setdefault(key, (verdict == 'ok', detail))
    except OSError:
        pass
    return [(found.get(key, (False, 'not reached'))[0], name,
             found.get(key, (False, 'not reached'))[1]) for key, name in CHECKS]


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    work, qemu_rc, timeout_s, guest_s = argv[1], int(argv[2]), argv[3], argv[4]
    results = guest_checks(work)
    low, high = model_speeds()
    try:
        frames = theragun_frames.read_frames(os.path.join(work, 'frames'))
    except OSError:
        frames = []
    results += theragun_frames.judge(frames, low, high)
    done = os.path.exists(os.path.join(work, 'guest-done'))
    if qemu_rc == 124:
        results.append((False, 'guest finished', 'qemu killed after %s s' % timeout_s))
    else:
        results.append((done, 'guest finished',
                        'powered off after %s s (qemu exit %d)' % (guest_s, qemu_rc) if done
                        else 'the checks did not finish (qemu exit %d)' % qemu_rc))
    passed = 0
    for n, (ok, name, detail) in enumerate(results, 1):
        print('%s %d - %s%s' % ('ok' if ok else 'not ok', n, name,
                                ': ' + detail if detail else ''))
        passed += ok
    print('# %d frames; guest %s s' % (len(frames), guest_s))
    print('tests: %d passed, %d failed' % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
