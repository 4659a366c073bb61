# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl test-model FILE ADDRESS through the real tpd and the fake BlueZ:
a device no installed model matches is driven with the file (init, stop,
the lowest level for two seconds, stop), proven by the bytes the device
received; the person's "no" to the stop disconnects it; tpctl killed
mid-run leaves the motor stopped and the device disconnected; a
malformed model or an unknown address changes nothing. And the whole way
round: a model no file ships, its app's capture synthesized, the draft
tpctl learn makes of it drives the device with the original's bytes."""
import os
import signal
import subprocess

import dbus

import capture_synth as synth

from bluez_test import BluezTestCase, tpd_path
from tpdtest import TPCTL

MODEL = '''[Model]
Name=Mystery gun
Kind=gun
Protocol=frame
Levels=3..9
Experimental=true
Evidence=capture
Sources=tpctl learn mystery.btsnoop

[Match]
Names=Mystery*
Services=fff0

[GATT]
Service=fff0
Write=fff2

[Frame]
Frame=A5 {level} {sum8:0..1}
Stop=A5 00 A5
Write=request
Init=5A 01
'''
FFF2 = '0000fff2-0000-1000-8000-00805f9b34fb'
INIT = (bytes.fromhex('5A 01'), 'request', FFF2)
STOP = (bytes.fromhex('A5 00 A5'), 'request', FFF2)
LOWEST = (bytes.fromhex('A5 03 A8'), 'request', FFF2)   # level 3: 1 %
ADDRESS = 'AA:BB:CC:00:07:01'


class TestModelTest(BluezTestCase):
    def setUp(self):
        super().setUp()
        self.model = os.path.join(self.tmp.name, 'mystery.model')
        with open(self.model, 'w') as f:
            f.write(MODEL)
        self.path = str(self.mock('AddModelDevice', 'hci0', ADDRESS, 'Mystery 7', self.model))
        self.massagers.append(self.path)
        self.sync()

    def writes(self):
        return [(bytes(d), str(t), str(u)) for d, t, u in
                self.mock('GetWrites', dbus.ObjectPath(self.path))]

    def run_test_model(self, answers, *args):
        return subprocess.run([TPCTL, '--system', 'test-model', self.model, ADDRESS] + list(args),
                              env=self.env, input=answers, capture_output=True, text=True,
                              timeout=60)

    def test_a_model_that_runs_and_stops(self):
        # No installed model matches the name: tpd left the device alone.
        self.assertFalse(self.device_exists(tpd_path(ADDRESS)))
        proc = self.run_test_model('y\ny\n')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn('lowest level for two seconds', proc.stdout)
        self.assertIn('ran and stopped the device', proc.stdout)
        self.assertIn('Experimental=true', proc.stdout)
        self.wait_fake(self.path, 'disconnected', lambda s: not s['Connected'])
        # tpctl disconnects at the end, and a disconnect writes the stop
        # once more before the link goes.
        writes = self.writes()
        self.assertEqual(writes[:4], [INIT, STOP, LOWEST, STOP])
        self.assertEqual(writes[4:], [STOP] * len(writes[4:]))
        self.assertFalse(self.fake_state(self.path)['Running'])

    def test_a_no_to_the_stop_disconnects_and_says_switch_it_off(self):
        proc = self.run_test_model('y\nn\n')
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn('Switch the device off now', proc.stdout)
        self.assertEqual(self.writes()[-1], STOP)
        self.wait_fake(self.path, 'disconnected', lambda s: not s['Connected'])

    def test_no_answer_is_a_no(self):
        proc = self.run_test_model('')
        self.assertEqual(proc.returncode, 1, proc.stdout)
        self.assertIn('Switch the device off now', proc.stdout)

    def test_killed_mid_run_leaves_the_motor_stopped(self):
        proc = subprocess.Popen([TPCTL, '--system', 'test-model', self.model, ADDRESS],
                                env=self.env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            self.wait_until(lambda: LOWEST in self.writes(), 10, 'the lowest level')
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stdout.close()
            proc.stderr.close()
            proc.stdin.close()
        self.wait_until(lambda: self.writes()[-1] == STOP, 5, 'the stop')
        self.wait_fake(self.path, 'disconnected', lambda s: not s['Connected'])
        self.assertEqual(self.writes(), [INIT, STOP, LOWEST, STOP])
        self.assertIn('left the bus', self.log_text())
        # The trial may be run again once the device is down.
        proc = self.run_test_model('y\ny\n')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_a_malformed_model_changes_nothing(self):
        with open(self.model, 'w') as f:
            f.write(MODEL.replace('Levels=3..9', 'Levels=9..3'))
        proc = self.run_test_model('y\ny\n')
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn('the model:5:', proc.stderr)
        self.assertIn('Levels', proc.stderr)
        self.assertEqual(self.writes(), [])
        self.assertFalse(self.device_exists(tpd_path(ADDRESS)))

    def test_an_unknown_address_is_not_found(self):
        proc = subprocess.run([TPCTL, '--system', 'test-model', self.model, 'AA:BB:CC:99:99:99'],
                              env=self.env, input='', capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn('BlueZ knows no device AA:BB:CC:99:99:99', proc.stderr)
        self.assertEqual(self.writes(), [])

    def test_a_learned_draft_drives_the_device_as_the_original(self):
        data, expected = synth.synthesize(self.model, [3, 5, 7, 9], seed=3)
        capture = os.path.join(self.tmp.name, 'mystery.btsnoop')
        with open(capture, 'wb') as f:
            f.write(data)
        draft = os.path.join(self.tmp.name, 'draft.model')
        proc = subprocess.run([TPCTL, 'learn', capture, '--levels', '3,5,7,9',
                               '--output', draft], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn('reproduces %d of %d' % ((len(expected['frames']),) * 2), proc.stdout)
        self.model = draft
        proc = self.run_test_model('y\ny\n')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.wait_fake(self.path, 'disconnected', lambda s: not s['Connected'])
        self.assertEqual(self.writes()[:4], [INIT, STOP, LOWEST, STOP])
