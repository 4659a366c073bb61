# SPDX-License-Identifier: LGPL-2.1-or-later
"""Theragun gen-4 frames (PROTOCOLS.md §2), as a device sees them.

Used by the e2e peripheral (to check and answer what tpd writes) and by
tools/e2e on the host (to judge the recorded frames). Standard library only.

Run as a program: theragun_frames.py FRAMES_FILE LOW..HIGH prints one line
per check, "ok NAME: detail" or "fail NAME: detail", and exits 1 if any failed.
"""
import sys

HOST_LEAD = 0xAA
DEVICE_LEAD = 0xBB
STOP = bytes.fromhex('AA 07 01 03 00 00 03')
FIRMWARE = 216  # 2.1.6, as the device reports it


def checksum(frame):
    """Sum of bytes 2..end, modulo 256."""
    return sum(frame[2:]) & 0xFF


def classify(frame):
    """('speed', rpm), ('status', None) or ('version', None); ValueError
    for anything that is not one of the documented host-to-device frames."""
    frame = bytes(frame)
    if len(frame) == 7:
        if (frame[0] != HOST_LEAD or frame[2] != 0x01 or frame[3] != 0x03 or
                frame[6] != 0x03):
            raise ValueError('7 bytes but not a speed frame AA cs 01 03 hi lo 03')
        if frame[1] != checksum(frame):
            raise ValueError('bad checksum %02X, expected %02X' %
                             (frame[1], checksum(frame)))
        return ('speed', frame[4] << 8 | frame[5])
    if frame == bytes.fromhex('AA101000'):
        return ('status', None)
    if frame == bytes.fromhex('AA202000'):
        return ('version', None)
    raise ValueError('not a Theragun gen-4 host frame')


def _device_frame(kind, length, fields):
    frame = bytearray(length)
    frame[0] = DEVICE_LEAD
    frame[2] = kind
    for index, value in fields.items():
        frame[index] = value
    frame[1] = checksum(frame)
    return bytes(frame)


def status_frame(rpm):
    """BB cs 10 .. : running flag at 4, speed at 13..14 (15 bytes)."""
    return _device_frame(0x10, 15, {4: 1 if rpm else 0,
                                    13: rpm >> 8 & 0xFF, 14: rpm & 0xFF})


def version_frame(version=FIRMWARE):
    """BB cs 20 .. : version at 12..13 (14 bytes)."""
    return _device_frame(0x20, 14, {12: version >> 8 & 0xFF,
                                    13: version & 0xFF})


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
