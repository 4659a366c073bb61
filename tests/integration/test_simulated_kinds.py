# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpd --simulate with a gun, a roller and a wand ([Simulator] Devices=
gun;roller;wand): each is the device its model file describes, the far
end of each decodes the bytes as the real protocol says (the gun
Theragun's, the wand and the roller Lovense's ASCII), and a roller runs
the .hold variant of a program end to end, from a stop to a stop."""
import os
import re
import subprocess

import dbus

from tpdtest import DEVICE, SESSION, SIMULATOR, TPD, TpdTestCase

GUN = '/io/tpd/Tpd1/device/02_54_50_44_00_01'
ROLLER = '/io/tpd/Tpd1/device/02_54_50_44_00_02'
WAND = '/io/tpd/Tpd1/device/02_54_50_44_00_03'
VIBRATE = re.compile(rb'Vibrate:(0|[1-9][0-9]?);')


def levels(frames):
    """The levels of Lovense frames, checked here, not with tpd's code."""
    out = []
    for frame in frames:
        match = VIBRATE.fullmatch(frame)
        assert match, 'not a Vibrate frame: %r' % frame
        out.append(int(match.group(1)))
    return out


class SimulatedKindsTest(TpdTestCase):
    start_tpd_in_setup = False

    def setUp(self):
        super().setUp()
        conf = os.path.join(self.tmp.name, 'tpd.conf')
        with open(conf, 'w') as f:
            f.write('[Simulator]\nDevices=gun;roller;wand\n')
        self.extra_args = ['--config', conf]
        self.start_tpd()
        for device in (GUN, ROLLER, WAND):
            self.wait_for_property(device, DEVICE, 'State', 'ready')

    def tearDown(self):
        try:
            for device in (GUN, ROLLER, WAND):
                self.assertEqual(self.get(device, SIMULATOR, 'FramesRejected'), 0, device)
        finally:
            super().tearDown()

    def test_each_kind_is_its_model(self):
        expected = {GUN: ('gun', 'Theragun PRO', 'Pro'),
                    ROLLER: ('roller', 'Simulated roller', 'Simulated roller'),
                    WAND: ('wand', 'Lovense', 'LVS-Simulated')}
        for device, (kind, model, name) in expected.items():
            props = self.get_all(device, DEVICE)
            self.assertEqual((props['Kind'], props['Model'], props['Name']),
                             (kind, model, name))
            self.assertEqual(self.get(device, SIMULATOR, 'Kind'), kind)
        self.assertEqual(self.get(ROLLER, DEVICE, 'Levels'), (1, 20))
        # Each heard a stop first, in its own protocol.
        self.assertEqual(self.frames(ROLLER), [b'Vibrate:0;'])
        self.assertEqual(self.frames(WAND), [b'Vibrate:0;'])
        self.assertEqual(self.frames(GUN)[0], bytes.fromhex('AA 07 01 03 00 00 03'))

    def test_the_roller_runs_the_hold_variant_from_stop_to_stop(self):
        session = self.start_session('gastrocnemius', 'release', device=ROLLER, Side='left')
        self.assertEqual(self.get(session, SESSION, 'Variant'), 'hold')
        self.wait_for_property(ROLLER, SIMULATOR, 'MotorRunning', True)
        self.assertEqual(self.finished_reason(session, timeout=60), 'completed')
        self.wait_for_property(ROLLER, SIMULATOR, 'MotorRunning', False)
        heard = levels(self.frames(ROLLER))
        self.assertEqual(heard[0], 0)
        self.assertEqual(heard[-1], 0)
        self.assertGreater(max(heard), 0)
        self.assertLessEqual(max(heard), 20)
        # The session went to the roller alone.
        self.assertEqual(self.frames(WAND), [b'Vibrate:0;'])
        self.assertFalse(self.get(GUN, SIMULATOR, 'MotorRunning'))

    def test_the_wand_takes_a_level_and_a_stop(self):
        self.call(WAND, DEVICE, 'SetIntensity', dbus.UInt32(50))
        self.wait_for_property(WAND, SIMULATOR, 'MotorSpeed', 10)
        self.assertTrue(self.get(WAND, SIMULATOR, 'MotorRunning'))
        self.call(WAND, DEVICE, 'Stop')
        self.wait_for_property(WAND, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames(WAND),
                         [b'Vibrate:0;', b'Vibrate:10;', b'Vibrate:0;'])


class SimulatorConfigTest(TpdTestCase):
    start_tpd_in_setup = False

    def test_devices_must_be_a_count_or_kinds(self):
        for value in ('gun;spoon', '0', '65', 'gun roller', ';', '-1'):
            conf = os.path.join(self.tmp.name, 'tpd.conf')
            with open(conf, 'w') as f:
                f.write('[Simulator]\nDevices=%s\n' % value)
            proc = subprocess.run([TPD, '--session', '--simulate', '--config', conf],
                                  env=self.env, capture_output=True, text=True, timeout=20)
            self.assertEqual(proc.returncode, 1, value)
            self.assertIn("%s:2: [Simulator] Devices: '%s' is neither a number of guns "
                          "(1 to 64) nor a list of gun, roller and wand" % (conf, value),
                          proc.stderr)
