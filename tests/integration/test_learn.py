# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl learn, offline: every real capture in tests/data/captures (each
with its source and licence in that folder's README) is read and its ATT
writes and notifications come out exactly as tshark decodes them (the
.tshark.txt beside it, made by tshark 4.0.17, not by this project); a
damaged file is a clear error naming the record and what is wrong."""
import glob
import json
import os
import struct
import subprocess

from tpdtest import SRC_DIR, TPCTL, TpdTestCase

CAPTURES = os.path.join(SRC_DIR, 'tests', 'data', 'captures')
TYPES = {'0x12': 'write-request', '0x52': 'write-command', '0x1b': 'notification'}


def tshark_frames(path):
    """(type, handle, value hex) of tshark's writes and notifications."""
    frames = []
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                continue
            fields = line.rstrip('\n').split('\t')
            if len(fields) >= 4 and fields[1] in TYPES:
                frames.append((TYPES[fields[1]], int(fields[2], 16), fields[3].lower()))
    return frames


class LearnListTest(TpdTestCase):
    start_tpd_in_setup = False

    def learn(self, *args):
        return subprocess.run([TPCTL, 'learn'] + list(args), capture_output=True,
                              text=True, timeout=60)

    def learn_json(self, path):
        proc = self.learn('--json', path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def frames(self, listing):
        """(record, type, handle, value hex) in capture order."""
        out = []
        for conn in listing['connections']:
            for char in conn['characteristics']:
                for f in char['frames']:
                    out.append((f['record'], f['type'], char['handle'],
                                f['value'].replace(' ', '')))
        return [f[1:] for f in sorted(out)]

    def test_every_capture_as_tshark_decodes_it(self):
        captures = sorted(glob.glob(os.path.join(CAPTURES, '*.btsnoop')))
        self.assertGreaterEqual(len(captures), 4)
        for path in captures:
            with self.subTest(capture=os.path.basename(path)):
                expected = tshark_frames(path[:-len('.btsnoop')] + '.tshark.txt')
                found = self.frames(self.learn_json(path))
                self.assertGreater(len(expected), 0)
                # tshark shows writes to a Client Characteristic
                # Configuration descriptor as a field of their own, not as
                # btatt.value: there only the type and handle compare.
                found = [(t, h, '' if v in ('0100', '0200', '0000') and not e[2] else v)
                         for (t, h, v), e in zip(found, expected)] + found[len(expected):]
                self.assertEqual(found, expected)

    def test_handles_are_named_from_the_discovery(self):
        listing = self.learn_json(os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop'))
        chars = {c['handle']: c for c in listing['connections'][0]['characteristics']}
        self.assertEqual((chars[0x17]['uuid'], chars[0x17]['service']), ('ffe9', 'ffe5'))
        self.assertEqual(len(chars[0x17]['frames']), 57)
        self.assertEqual(listing['format'], 'btsnoop, HCI over UART (H4, datalink 1002)')
        text = self.learn(os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop')).stdout
        self.assertIn('handle 0x0017  ffe9 in service ffe5: 0 with response, 57 without', text)
        self.assertIn('12.221 s  #100    write-command  78 0c 00', text)

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    def test_damaged_files_are_clear_errors(self):
        with open(os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop'), 'rb') as f:
            good = f.read()
        header = good[:16]
        # The first record's header says 16 bytes follow.
        cases = {
            'empty': (b'', 'not a btsnoop file: shorter than its header'),
            'pcap': (b'\xd4\xc3\xb2\xa1' + b'\0' * 20, 'no "btsnoop" at its start'),
            'version': (b'btsnoop\0' + struct.pack('>II', 2, 1002), 'btsnoop version 2'),
            'datalink': (b'btsnoop\0' + struct.pack('>II', 1, 1001),
                         'datalink 1001 is neither HCI over UART (1002) nor Linux monitor (2001)'),
            'short-record': (good[:16 + 24 + 3], 'record 1: 16 bytes announced, past the end'),
            'half-header': (good[:16 + 10], 'record 1: truncated header (10 of 24 bytes)'),
            'longer-than-original': (header + struct.pack('>II', 5, 16) + good[24:16 + 24 + 16],
                                     'record 1: 16 bytes announced, more than its original'),
        }
        for name, (data, what) in cases.items():
            with self.subTest(case=name):
                path = self.write(name + '.btsnoop', data)
                proc = self.learn(path)
                self.assertEqual(proc.returncode, 1, proc.stdout)
                self.assertIn('tpctl: %s: ' % path, proc.stderr)
                self.assertIn(what, proc.stderr)
                self.assertNotIn('Traceback', proc.stderr)
        proc = self.learn(os.path.join(self.tmp.name, 'missing.btsnoop'))
        self.assertEqual(proc.returncode, 1)
        self.assertIn('missing.btsnoop', proc.stderr)
        self.assertEqual(self.learn().returncode, 2)
