# SPDX-License-Identifier: LGPL-2.1-or-later
"""Theragun gen-4 frames (PROTOCOLS.md §2), as a device sees them.

Used by the e2e peripheral (to name what tpd writes in its log) and by
tools/e2e on the host (to judge the recorded frames). Standard library only,
plus tests/fakes/emulators.py.

Run as a program: theragun_frames.py FRAMES_FILE LOW..HIGH prints one line
per check, "ok NAME: detail" or "fail NAME: detail", and exits 1 if any failed.
"""
import os
import sys

# The device side of the protocol is tests/fakes/emulators.py's, shared
# with the fake BlueZ: one reading of PROTOCOLS.md for every test.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fakes'))
from emulators import Theragun  # noqa: E402

STOP = bytes.fromhex('AA 07 01 03 00 00 03')


def classify(frame):
    """('speed', rpm), ('status', None) or ('version', None); ValueError
    for anything that is not one of the documented host-to-device frames."""
    frame = bytes(frame)
    problems = Theragun().frame_problems(frame)
    if problems:
        raise ValueError('; '.join(problems))
    if frame[2] == Theragun.SET_SPEED:
        return ('speed', frame[4] << 8 | frame[5])
    return ('status' if frame[2] == Theragun.STATUS else 'version', None)


def read_frames(path):
    """The frames recorded by the peripheral: one per line, hex first."""
    frames = []
    with open(path) as f:
        for line in f:
            words = line.split()
            if words and not line.startswith('#'):
                frames.append(bytes.fromhex(words[0]))
    return frames


def judge(frames, low, high):
    """[(ok, name, detail)] for the recorded frames."""
    results = []
    bad = []
    speeds = []
    for i, frame in enumerate(frames):
        try:
            kind, rpm = classify(frame)
        except ValueError as e:
            bad.append('frame %d %s: %s' % (i + 1, frame.hex(' ').upper(), e))
            continue
        if kind == 'speed':
            speeds.append(rpm)
    results.append((bool(frames) and not bad, 'frames valid',
                    '; '.join(bad[:5]) if bad else
                    '%d frames' % len(frames) if frames else 'no frames recorded'))
    moving = [s for s in speeds if s]
    results.append((bool(moving), 'nonzero speed written',
                    '%d speed frames, %d nonzero' % (len(speeds), len(moving))))
    outside = sorted(set(s for s in moving if not low <= s <= high))
    results.append((bool(moving) and not outside, 'speeds within %d..%d' % (low, high),
                    'min %d max %d' % (min(moving), max(moving)) if moving and not outside
                    else 'outside: %s' % outside if outside else 'no speeds'))
    first = frames[0].hex(' ').upper() if frames else 'none'
    results.append((bool(frames) and frames[0] == STOP,
                    'first frame after connecting is a stop', 'first frame ' + first))
    last = frames[-1].hex(' ').upper() if frames else 'none'
    results.append((bool(frames) and frames[-1] == STOP, 'last frame is a stop',
                    'last frame ' + last))
    return results


def main(argv):
    if len(argv) != 3:
        print('usage: theragun_frames.py FRAMES_FILE LOW..HIGH', file=sys.stderr)
        return 2
    low, high = (int(x) for x in argv[2].split('..'))
    try:
        frames = read_frames(argv[1])
    except OSError as e:
        frames = []
        print('# cannot read %s: %s' % (argv[1], e.strerror))
    failed = 0
    for ok, name, detail in judge(frames, low, high):
        print('%s %s: %s' % ('ok' if ok else 'fail', name, detail))
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
