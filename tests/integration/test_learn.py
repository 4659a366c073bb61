# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl learn, offline: every real capture in tests/data/captures (each
with its source and licence in that folder's README) is read and its ATT
writes and notifications come out exactly as tshark decodes them (the
.tshark.txt beside it, made by tshark 4.0.17, not by this project); the
same traffic rewritten here into the other containers and link types tpctl
reads (btsnoop monitor, pcap and pcapng with H4-with-direction and Linux
monitor, either byte order) gives the same frames; a damaged file is a
clear error naming the record and what is wrong."""
import glob
import json
import os
import struct
import subprocess

from tpdtest import SRC_DIR, TPCTL, TPD, TpdTestCase

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


def btsnoop_records(path):
    """(Unix time in us, received, H4 packet) of an H4 btsnoop file, whose
    timestamps count from year 0."""
    with open(path, 'rb') as f:
        data = f.read()
    at, out = 16, []
    while at < len(data):
        _, incl, flags, _, ts = struct.unpack('>IIIIq', data[at:at + 24])
        out.append((ts - 0x00DCDDB30F2F8000, bool(flags & 1), data[at + 24:at + 24 + incl]))
        at += 24 + incl
    return out


# Linux monitor opcodes (btmon): command 2, event 3, ACL TX 4, ACL RX 5.
def monitor_opcode(received, packet):
    return {(False, 1): 2, (True, 4): 3, (False, 2): 4, (True, 2): 5}.get(
        (received, packet[0]), 0xFFFF)


def as_btsnoop_monitor(records):
    out = [b'btsnoop\0' + struct.pack('>II', 1, 2001)]
    for ts, received, pkt in records:
        body = pkt[1:]
        out.append(struct.pack('>IIIIq', len(body), len(body),
                               monitor_opcode(received, pkt), 0,
                               ts + 0x00DCDDB30F2F8000) + body)
    return b''.join(out)


def link_packet(link, received, pkt):
    if link == 201:
        return struct.pack('>I', 1 if received else 0) + pkt
    return struct.pack('>HH', 0, monitor_opcode(received, pkt)) + pkt[1:]


def as_pcap(records, link, order='<'):
    out = [struct.pack(order + 'IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, link)]
    for ts, received, pkt in records:
        body = link_packet(link, received, pkt)
        out.append(struct.pack(order + 'IIII', ts // 1000000, ts % 1000000,
                               len(body), len(body)) + body)
    return b''.join(out)


def as_pcapng(records, link, order='<'):
    def block(kind, body):
        body += b'\0' * (-len(body) % 4)
        n = len(body) + 12
        return struct.pack(order + 'II', kind, n) + body + struct.pack(order + 'I', n)
    out = [block(0x0A0D0D0A, struct.pack(order + 'IHHq', 0x1A2B3C4D, 1, 0, -1)),
           block(1, struct.pack(order + 'HHI', link, 0, 65535))]
    for ts, received, pkt in records:
        body = link_packet(link, received, pkt)
        out.append(block(6, struct.pack(order + 'IIIII', 0, ts >> 32, ts & 0xFFFFFFFF,
                                        len(body), len(body)) + body))
    return b''.join(out)


# What learn must find in each real capture (tests/data/captures/README.md
# says why): the template, and how many control frames it reproduces.
REAL_EXPECTED = {
    'revcar-rc-car-throttle.btsnoop': {
        # byte 1 of 78 LL 00, resent every ~100 ms; the 79 between two
        # throttle frames is no level and no stop: it stays unexplained.
        'template': '78 {level} 00', 'keepalive-ms': 100,
        'frames': 57, 'reproduced': 56, 'unexplained': ['79'],
    },
    'bjled-led-strip-red-level.btsnoop': {
        # the red level at byte 4 and again at byte 7
        'template': '69 96 05 02 {level} 00 00 {level}', 'frames': 115,
    },
    'idealled-dim-encrypted.btsnoop': {
        # ciphertext: no template, every frame unexplained
        'template': None, 'frames': 519, 'reproduced': 0,
    },
    'horizon-treadmill-speed-incline.btsnoop': {
        # a sequence number and a CRC-16 in every frame: no full proof
        'frames': 260,
    },
}


class LearnListTest(TpdTestCase):
    start_tpd_in_setup = False

    def learn(self, *args):
        return subprocess.run([TPCTL, 'learn'] + list(args), capture_output=True,
                              text=True, timeout=60)

    def learn_json(self, path):
        proc = self.learn('--list', '--json', path)
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

    def test_every_container_and_link_type_gives_the_same_frames(self):
        for path in sorted(glob.glob(os.path.join(CAPTURES, '*.btsnoop'))):
            original = self.frames(self.learn_json(path))
            records = btsnoop_records(path)
            variants = {
                'btsnoop-monitor': (as_btsnoop_monitor(records), 'Linux monitor (datalink 2001)'),
                'pcap-h4': (as_pcap(records, 201), 'pcap, Bluetooth H4 (201)'),
                'pcap-h4-be': (as_pcap(records, 201, '>'), 'pcap, Bluetooth H4 (201)'),
                'pcap-monitor': (as_pcap(records, 254), 'pcap, Linux monitor (254)'),
                'pcapng-h4': (as_pcapng(records, 201), 'pcapng'),
                'pcapng-monitor-be': (as_pcapng(records, 254, '>'), 'pcapng'),
            }
            for name, (data, fmt) in variants.items():
                with self.subTest(capture=os.path.basename(path), variant=name):
                    listing = self.learn_json(self.write(name, data))
                    self.assertIn(fmt, listing['format'])
                    self.assertEqual(self.frames(listing), original)

    def test_handles_are_named_from_the_discovery(self):
        listing = self.learn_json(os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop'))
        chars = {c['handle']: c for c in listing['connections'][0]['characteristics']}
        self.assertEqual((chars[0x17]['uuid'], chars[0x17]['service']), ('ffe9', 'ffe5'))
        self.assertEqual(len(chars[0x17]['frames']), 57)
        self.assertEqual(listing['format'], 'btsnoop, HCI over UART (H4, datalink 1002)')
        text = self.learn('--list', os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop')).stdout
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
        records = btsnoop_records(os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop'))
        pcap = as_pcap(records[:3], 201)
        pcapng = as_pcapng(records[:3], 254)
        cases = {
            'empty': (b'', 'not a capture tpctl reads: too short to say what it is'),
            'text': (b'Vibrate:10;\n', 'neither btsnoop, pcap nor pcapng'),
            'pcap-ethernet': (as_pcap(records[:1], 1), 'link type 1 is neither Bluetooth H4'),
            'pcap-cut': (pcap[:-3], 'record 3: '),
            'pcap-half-header': (pcap[:24 + 8], 'record 1: truncated header (8 of 16'),
            'pcapng-cut': (pcapng[:-6], 'record 5: block length 52 runs past the end'),
            'pcapng-bad-length': (pcapng[:28 + 4] + struct.pack('<I', 13) + pcapng[36:],
                                  'record 2: block length 13'),
            'pcapng-no-interface': (pcapng[:28] + pcapng[48:], 'interface 0 was not described'),
            'btsnoop-short': (b'btsnoop\0\0\0', 'not a btsnoop file: shorter than its header'),
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


class LearnRealCapturesTest(TpdTestCase):
    """Inference on traffic nobody here wrote: every capture in the folder
    is learned, the proof's counts add up, nothing below 100 % is written,
    and what the README says of each known capture is found."""
    start_tpd_in_setup = False

    def learn(self, path, *args):
        out = os.path.join(self.tmp.name, os.path.basename(path) + '.model')
        proc = subprocess.run([TPCTL, 'learn', '--json', '--name', 'Real',
                               '-o', out, path] + list(args),
                              capture_output=True, text=True, timeout=120)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return proc, json.loads(proc.stdout), out

    def test_every_real_capture_is_learned_honestly(self):
        captures = sorted(glob.glob(os.path.join(CAPTURES, '*.btsnoop')))
        for path in captures:
            name = os.path.basename(path)
            with self.subTest(capture=name):
                proc, found, out = self.learn(path)
                self.assertLessEqual(found['reproduced'], found['frames'])
                self.assertEqual(len(found['unexplained']),
                                 found['frames'] - found['reproduced'])
                complete = found['reproduced'] == found['frames']
                self.assertEqual(os.path.exists(out), complete and 'stop' in found)
                self.assertEqual(proc.returncode, 0 if os.path.exists(out) else 1)
                if not os.path.exists(out):
                    self.assertIn('no model file written', proc.stderr)
                expected = REAL_EXPECTED.get(name, {})
                for key in ('frames', 'reproduced', 'keepalive-ms'):
                    if key in expected:
                        self.assertEqual(found.get(key), expected[key], key)
                if 'template' in expected:
                    self.assertEqual(found.get('template'), expected['template'])
                if 'unexplained' in expected:
                    self.assertEqual([u['value'].replace(' ', '')
                                      for u in found['unexplained']],
                                     expected['unexplained'])

    def test_force_writes_what_the_proof_did_not_cover(self):
        path = os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop')
        proc, found, out = self.learn(path, '--force')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(found['model'], out)
        with open(out) as f:
            text = f.read()
        self.assertIn('Frame=78 {level} 00\n', text)
        self.assertIn('Keepalive=100\n', text)
        self.assertIn('Experimental=true\n', text)
        self.assertIn(found['sha256'], text)
        self.assertIn('Names=Real\n', text)

    def test_without_a_name_the_draft_matches_no_device(self):
        """revcar's capture begins after the connection: no advertising,
        no Device Name read. The draft loads, names a placeholder."""
        path = os.path.join(CAPTURES, 'revcar-rc-car-throttle.btsnoop')
        out = os.path.join(self.tmp.name, 'models', 'revcar.model')
        os.makedirs(os.path.dirname(out))
        proc = subprocess.run([TPCTL, 'learn', '--force', '-o', out, path],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('holds no name of the device', proc.stdout)
        with open(out) as f:
            self.assertIn('Names=(the advertised name: not in the capture)\n', f.read())
        proc = subprocess.run([TPD, '--check-data', self.tmp.name],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
