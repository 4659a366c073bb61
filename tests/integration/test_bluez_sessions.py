# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sessions on devices behind the fake BlueZ: the device must receive
exactly the expected frames, in order, with the right write types, ending
with a stop; and faults must end sessions safely."""
import dbus

from bluez_test import (STATUS_REQUEST, STOP, VERSION_REQUEST, BluezTestCase,
                        magic_motion, speed_for, theragun_speed)
from tpdtest import DEVICE, SESSION

GUN = 'AA:BB:CC:00:00:11'
WAND = 'AA:BB:CC:00:00:12'
LOVENSE = 'AA:BB:CC:00:00:13'
WEVIBE = 'AA:BB:CC:00:00:14'


class ProgramTest(BluezTestCase):
    def test_theragun_gets_exactly_the_program_then_a_stop(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        device = self.connect(GUN)
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')
        low, high = speed_for(20, 1750, 2400), speed_for(30, 1750, 2400)
        self.assertEqual(self.fake_frames(bluez_path), [
            (STOP, 'request'), (VERSION_REQUEST, 'command'),           # connect
            (theragun_speed(low), 'request'), (STATUS_REQUEST, 'request'),
            (theragun_speed(high), 'request'), (STATUS_REQUEST, 'request'),
            (STOP, 'request')])
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        # The status the gun reported came back as Device.Speed.
        speeds = [s[3][1]['Speed'] for s in self.signals_of('PropertiesChanged', device)
                  if s[3][0] == DEVICE and 'Speed' in s[3][1]]
        self.assertIn(low, speeds)
        self.assertIn(high, speeds)

    def test_a_frame_model_gets_its_own_frames(self):
        bluez_path = self.add_massager('magic-motion', 'Magic Wand', WAND)
        self.wait_for_device(WAND)
        device = self.connect(WAND)
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')
        stop = magic_motion(0)
        self.assertEqual(self.fake_frames(bluez_path), [
            (stop, 'command'),
            (magic_motion(speed_for(20, 1, 100)), 'command'),
            (magic_motion(speed_for(30, 1, 100)), 'command'),
            (stop, 'command')])
        self.assertFalse(self.fake_state(bluez_path)['Running'])

    def test_lovense_gets_ascii_and_its_replies_are_ignored(self):
        bluez_path = self.add_massager('lovense', 'LVS-Domi37', LOVENSE)
        self.wait_for_device(LOVENSE)
        device = self.connect(LOVENSE)
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')
        self.assertEqual(self.fake_frames(bluez_path), [
            (b'Vibrate:0;', 'command'),
            (b'Vibrate:%d;' % speed_for(20, 1, 20), 'command'),
            (b'Vibrate:%d;' % speed_for(30, 1, 20), 'command'),
            (b'Vibrate:0;', 'command')])
        # Its "OK;" replies were heard and set nothing off.
        self.assertEqual(self.get(device, DEVICE, 'State'), 'ready')

    def test_wevibe_gets_both_nibbles_with_response(self):
        bluez_path = self.add_massager('wevibe', 'Pivot', WEVIBE)
        self.wait_for_device(WEVIBE)
        device = self.connect(WEVIBE)
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')
        stop = bytes.fromhex('0F 00 00 00 00 00 00 00')

        def level(n):
            return bytes.fromhex('0F 03 00') + bytes([n << 4 | n]) + bytes.fromhex('00 03 00 00')
        self.assertEqual(self.fake_frames(bluez_path), [
            (stop, 'request'),
            (level(speed_for(20, 1, 15)), 'request'),
            (level(speed_for(30, 1, 15)), 'request'),
            (stop, 'request')])

    def test_a_flood_of_intensity_keeps_one_write_in_flight(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        device = self.connect(GUN)
        # 7.5 ms per write, the shortest BLE connection interval.
        self.mock('SetWriteDelay', dbus.ObjectPath(bluez_path), dbus.UInt32(8))
        self.mock('ClearFrames', dbus.ObjectPath(bluez_path))
        obj = self.obj(device)
        replies = []
        # As fast as a client can: a bus lets one connection have about
        # 128 calls pending (the system bus's max_replies_per_connection).
        for i in range(1000):
            self.wait_until(lambda: i - len(replies) < 100, 20, 'room to send')
            obj.SetIntensity(dbus.UInt32(1 + i % 100), dbus_interface=DEVICE,
                             reply_handler=lambda: replies.append(None),
                             error_handler=lambda e: replies.append(e))
        self.wait_until(lambda: len(replies) == 1000, 20, 'every reply')
        self.assertEqual([r for r in replies if r is not None], [])
        last = speed_for(100, 1750, 2400)
        self.wait_until(lambda: self.fake_state(bluez_path)['Level'] == last, 10,
                        'the last intensity on the device')
        self.sync()
        frames = [f for f, _ in self.fake_frames(bluez_path) if f != STATUS_REQUEST]
        self.assertEqual(frames[-1], theragun_speed(last))
        self.assertLess(len(frames), 1000 // 4, 'updates were not coalesced')
        self.assertEqual(self.fake_state(bluez_path)['MaxInFlight'], 1)

    def test_garbage_notifications_are_ignored_and_logged(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        device = self.connect(GUN)
        for garbage in [b'\xbb\x00\x10', b'hello', bytes(20), b'\xbb']:
            self.mock('SendNotification', dbus.ObjectPath(bluez_path),
                      dbus.ByteArray(garbage))
        self.sync()
        self.assertIn('ignoring notification', self.log_text())
        self.assertEqual(self.get(device, DEVICE, 'State'), 'ready')
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')


class ToolTest(BluezTestCase):
    """The catalog's programs come in a variant per kind of tool, and a
    muscle allows only some tools."""

    def test_a_wand_gets_the_variant_that_holds_still(self):
        bluez_path = self.add_massager('magic-motion', 'Magic Wand', WAND)
        self.wait_for_device(WAND)
        device = self.connect(WAND)
        hold = [p for p in self.manager('ListPrograms')
                if p['Id'] == 'release' and p['Variant'] == 'hold'][0]
        session = self.start_session('trapezius', 'release', device=device, Side='left')
        props = self.get_all(session, SESSION)
        self.assertEqual((props['Program'], props['Variant']), ('release', 'hold'))
        self.assertEqual(props['StepCount'], hold['Steps'])
        # Its long hold is cut to the muscle's HoldLimit.
        self.assertLess(props['Duration'], hold['Duration'])
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        self.call(session, SESSION, 'Stop')
        self.wait_fake(bluez_path, 'the motor stopped', lambda s: not s['Running'])
        frames = [f for f, _ in self.fake_frames(bluez_path)]
        self.assertEqual(frames[-1], magic_motion(0))
        # Started gently: at most 30 %, mapped onto the wand's levels.
        self.assertLessEqual(frames[1][9], speed_for(30, 1, 100))

    def test_a_wand_is_refused_on_the_front_of_the_neck(self):
        bluez_path = self.add_massager('magic-motion', 'Magic Wand', WAND)
        self.wait_for_device(WAND)
        device = self.connect(WAND)
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.start_session('sternocleidomastoid', 'gentle', device=device)
        self.assertEqual(cm.exception.get_dbus_name(), 'io.tpd.Tpd1.Error.Unsafe')
        self.assertIn('a wand is not safe', cm.exception.get_dbus_message())
        self.sync()
        self.assertEqual(self.fake_frames(bluez_path), [(magic_motion(0), 'command')])


class WriteErrorTest(BluezTestCase):
    def write_error_ends_the_session(self, error):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        device = self.connect(GUN)
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        # Two writes fail: a status request refused is only dropped (the
        # session runs on), so the second is sure to hit a speed or the
        # stop that follows one.
        self.mock('SetWriteError', dbus.ObjectPath(bluez_path), error, dbus.UInt32(2))
        self.assertEqual(self.finished_reason(session, timeout=10), 'error')
        # A stop follows the failed speed (retried if refused), and arrives.
        self.wait_fake(bluez_path, 'the motor stopped', lambda s: not s['Running'])
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.assertEqual(self.get(device, DEVICE, 'State'), 'ready')

    def test_failed(self):
        self.write_error_ends_the_session('org.bluez.Error.Failed')

    def test_not_connected(self):
        self.write_error_ends_the_session('org.bluez.Error.NotConnected')

    def test_in_progress(self):
        self.write_error_ends_the_session('org.bluez.Error.InProgress')
