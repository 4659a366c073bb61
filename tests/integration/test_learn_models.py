# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl learn recovers every shipped frame model from a capture of its
app: capture_synth.py writes, from each model file, the Android HCI snoop
log the vendor's app would leave (discovery, notifications, other handles,
fragments, keep-alives, a duplicated write, a second connection), and the
draft tpctl learn writes from it must give the original's frames byte for
byte, rendered by capture_synth's own reading of tpd-model(5), and pass
tpd --check-data. A capture with one damaged frame is no proof: nothing is
written unless forced."""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import zlib

import capture_synth as synth
from tpdtest import SRC_DIR, TPCTL, TPD, TpdTestCase

MODELS = os.path.join(SRC_DIR, 'data', 'models')
# One byte that no level changes is flipped in one level write of this one.
CORRUPTED_MODEL = 'magic-motion-v1'


def frame_models():
    """(id, path, parsed) of every shipped model tpctl learn could draft."""
    out = []
    for path in sorted(glob.glob(os.path.join(MODELS, '*.model'))):
        model = synth.parse_model(path)
        if model['Model'].get('Protocol') != 'frame':
            continue
        if model['Model'].get('Simulated', 'false') == 'true':
            continue
        out.append((os.path.basename(path)[:-len('.model')], path, model))
    return out


def same_uuid(a, b):
    return synth.full_uuid(a) == synth.full_uuid(b)


def init_frames(frame_group):
    return [synth.render(t) for t, _ in synth.split_frames(frame_group['Init'])]


class LearnModelsTest(TpdTestCase):
    start_tpd_in_setup = False

    def capture(self, ident, path, model, corrupt=False):
        """The synthesized capture of @ident: (file, levels, expected)."""
        seed = zlib.crc32(ident.encode())
        levels = synth.default_levels(model, seed)
        data, expected = synth.synthesize(path, levels, seed=seed, corrupt=corrupt)
        capture = os.path.join(self.tmp.name, ident + '.btsnoop')
        with open(capture, 'wb') as f:
            f.write(data)
        return capture, levels, expected

    def learn(self, capture, *args):
        proc = subprocess.run([TPCTL, 'learn', capture, '--json'] + list(args),
                              capture_output=True, text=True, timeout=120)
        self.assertNotIn('Traceback', proc.stderr)
        try:
            found = json.loads(proc.stdout)
        except ValueError:
            self.fail('no JSON on stdout (status %d): %r\n%s' % (
                proc.returncode, proc.stdout, proc.stderr))
        return proc, found

    def learn_levels(self, capture, levels, out, *args):
        return self.learn(capture, '--levels', ','.join(map(str, levels)),
                          '--output', out, *args)

    def assert_proof(self, proc, found, expected, out):
        self.assertEqual(proc.returncode, 0, proc.stderr + proc.stdout)
        self.assertEqual(found['frames'], len(expected['frames']), found)
        self.assertEqual(found['reproduced'], found['frames'], found)
        self.assertEqual(found['unexplained'], [])
        self.assertEqual(found['model'], out)

    # -- the draft against the original --

    def assert_header(self, learned, capture):
        with open(capture, 'rb') as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        self.assertEqual(learned['Model']['Experimental'], 'true')
        self.assertEqual(learned['Model']['Protocol'], 'frame')
        self.assertIn(sha, learned['Model']['Sources'])

    def assert_gatt(self, learned, original):
        gatt, want = learned['GATT'], original['GATT']
        self.assertTrue(same_uuid(gatt['Service'], want['Service']), gatt)
        write = 'fff2' if want['Write'] == 'by-flags' else want['Write']
        self.assertTrue(same_uuid(gatt['Write'], write), gatt)
        if 'InitCharacteristic' in want:
            self.assertTrue(same_uuid(gatt.get('InitCharacteristic', gatt['Write']),
                                      want['InitCharacteristic']), gatt)
        elif 'InitCharacteristic' in gatt:
            self.assertTrue(same_uuid(gatt['InitCharacteristic'], write), gatt)

    def assert_levels(self, frame, want, levels, learned):
        for level in levels:
            self.assertEqual(synth.render(frame['Frame'], level).hex(' '),
                             synth.render(want['Frame'], level).hex(' '),
                             'level %d of %s' % (level, frame['Frame']))
        low, high = synth.level_range(learned['Model']['Levels'])
        synth.render(frame['Frame'], low)
        synth.render(frame['Frame'], high)

    def assert_frames(self, learned, original, levels):
        frame, want = learned['Frame'], original['Frame']
        self.assert_levels(frame, want, levels, learned)
        self.assertEqual(synth.render(frame['Stop']), synth.render(want['Stop']))
        self.assertEqual(frame['Write'], want['Write'])
        if 'Init' in want:
            self.assertEqual(init_frames(frame), init_frames(want))
            self.assertEqual(frame.get('InitWrite', frame['Write']),
                             want.get('InitWrite', want['Write']))
        else:
            self.assertNotIn('Init', frame)
        if 'Start' in want:
            self.assertEqual(synth.render(frame['Start']), synth.render(want['Start']))
        else:
            self.assertNotIn('Start', frame)
        if 'Keepalive' in want:
            wanted = int(want['Keepalive'])
            self.assertLessEqual(abs(int(frame['Keepalive']) - wanted), wanted / 10)
        else:
            self.assertNotIn('Keepalive', frame)

    def assert_checks(self, ident, out):
        """tpd --check-data takes the draft where tpd would find it."""
        models = os.path.join(self.tmp.name, 'data-' + ident, 'models')
        os.makedirs(models)
        shutil.copy(out, os.path.join(models, ident + '.model'))
        proc = subprocess.run([TPD, '--check-data', os.path.dirname(models)],
                              env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr + proc.stdout)

    # -- the tests --

    def test_the_listing_shows_what_the_app_wrote(self):
        """The generator's own check: tpctl learn --list finds every write
        and notification it made, in both connections, across fragments."""
        types = {'write-request': 0x12, 'write-command': 0x52, 'notification': 0x1B}
        for ident, path, original in frame_models():
            with self.subTest(model=ident):
                capture, _, expected = self.capture(ident, path, original)
                proc = subprocess.run([TPCTL, 'learn', '--list', '--json', capture],
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                found = []
                for conn in json.loads(proc.stdout)['connections']:
                    for char in conn['characteristics']:
                        found += [(f['record'], (conn['hci-handle'], char['handle'],
                                                 types[f['type']], f['value'].replace(' ', '')))
                                  for f in char['frames']]
                found = [f for _, f in sorted(found)]
                writes = [(c, h, op, v.hex()) for c, h, op, v in expected['writes']]
                notes = [(c, h, 0x1B, v.hex()) for c, h, v in expected['notifications']]
                self.assertEqual([f for f in found if f[2] != 0x1B], writes)
                self.assertEqual([f for f in found if f[2] == 0x1B], notes)
                self.assertEqual({f[0] for f in found}, set(expected['connections']))

    def test_every_frame_model_is_learned_from_its_app_capture(self):
        models = frame_models()
        self.assertGreaterEqual(len(models), 20)
        for ident, path, original in models:
            with self.subTest(model=ident):
                capture, levels, expected = self.capture(ident, path, original)
                out = os.path.join(self.tmp.name, ident + '.learned.model')
                proc, found = self.learn_levels(capture, levels, out)
                self.assert_proof(proc, found, expected, out)
                learned = synth.parse_model(out)
                self.assert_header(learned, capture)
                self.assert_gatt(learned, original)
                self.assert_frames(learned, original, levels)
                self.assert_checks(ident, out)

    def test_without_levels_every_frame_is_still_reproduced(self):
        for ident, path, original in frame_models():
            with self.subTest(model=ident):
                capture, _, expected = self.capture(ident, path, original)
                out = os.path.join(self.tmp.name, ident + '.nolevels.model')
                proc, found = self.learn(capture, '--output', out)
                self.assertEqual(proc.returncode, 0, proc.stderr + proc.stdout)
                self.assertEqual(found['frames'], len(expected['frames']), found)
                self.assertEqual(found['reproduced'], found['frames'], found)
                self.assertTrue(os.path.exists(out))

    def test_a_damaged_frame_is_unexplained_and_nothing_is_written(self):
        ident, path, original = [m for m in frame_models() if m[0] == CORRUPTED_MODEL][0]
        capture, levels, expected = self.capture(ident, path, original, corrupt=True)
        self.assertIsNotNone(expected['corrupted'])
        out = os.path.join(self.tmp.name, 'damaged.model')
        proc, found = self.learn_levels(capture, levels, out)
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertEqual(found['frames'], len(expected['frames']), found)
        self.assertEqual(found['reproduced'], found['frames'] - 1, found)
        self.assertEqual([u['value'].replace(' ', '') for u in found['unexplained']],
                         [expected['corrupted'].hex()])
        self.assertFalse(os.path.exists(out))

        proc, found = self.learn_levels(capture, levels, out, '--force')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(found['reproduced'], found['frames'] - 1, found)
        self.assertEqual(found['model'], out)
        self.assertTrue(os.path.exists(out))
