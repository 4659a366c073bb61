# SPDX-License-Identifier: LGPL-2.1-or-later
"""Devices that are not paired come back too: one tpd connected (tpctl
connect, Device.Connect) is remembered in the state directory's "devices"
file and connected again, stop first, when it comes back, also after tpd
restarts; Device.Forget (tpctl forget) forgets it. A damaged line of the file is reported
as file:line and kept; nothing else changes."""
import os

import dbus

from bluez_test import STOP, BluezTestCase, tpd_path
from tpdtest import DEVICE

GUN = 'AA:BB:CC:00:00:01'
OTHER = 'AA:BB:CC:00:00:02'


class RememberedTest(BluezTestCase):
    def remembered_file(self):
        return os.path.join(self.state_dir, 'devices')

    def remembered_text(self):
        try:
            with open(self.remembered_file()) as f:
                return f.read()
        except FileNotFoundError:
            return ''

    def remembered(self):
        return [line.strip() for line in self.remembered_text().splitlines()
                if line.strip() and not line.startswith('#')]

    def restart_tpd_with_file(self, text):
        self.assertEqual(self.stop_tpd(), 0)
        os.makedirs(self.state_dir, exist_ok=True)
        with open(self.remembered_file(), 'w') as f:
            f.write(text)
        self.start_tpd()

    def connect_calls(self, bluez_path):
        return len(self.calls_to(bluez_path, 'Connect'))

    def assert_left_alone(self, bluez_path, device):
        """Every signal of the device reached tpd, and whatever tpd did
        about it reached the fake: it was not connected."""
        self.sync()
        self.fake_state(bluez_path)
        self.assertEqual(self.get(device, DEVICE, 'State'), 'disconnected')
        self.assertEqual(self.connect_calls(bluez_path), 0)
        self.assertEqual(self.fake_frames(bluez_path), [])

    def test_connected_once_it_comes_back_when_switched_on_again(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        device = self.connect(GUN)
        self.assertEqual(self.remembered(), [GUN])
        # Switched off: the link drops and connecting fails for a while.
        self.mock('SetReachable', dbus.ObjectPath(bluez_path), False)
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        tries = self.connect_calls(bluez_path)
        self.wait_until(lambda: self.connect_calls(bluez_path) > tries, 5,
                        'tpd trying to reconnect')
        self.assertNotEqual(self.get(device, DEVICE, 'State'), 'ready')
        self.mock('ClearFrames', dbus.ObjectPath(bluez_path))
        # Switched on again.
        self.mock('SetReachable', dbus.ObjectPath(bluez_path), True)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_remembered_across_a_restart_of_tpd(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        self.connect(GUN)
        self.assertEqual(self.stop_tpd(), 0)
        self.assertEqual(self.remembered(), [GUN])
        if self.fake_state(bluez_path)['Connected']:
            self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.mock('ClearFrames', dbus.ObjectPath(bluez_path))
        self.start_tpd()
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))
        self.assertIn('remembered: connecting', self.log_text())

    def test_forget_forgets_it(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        proc = self.tpctl('connect', GUN, check=0)
        self.assertEqual(proc.stdout, GUN + ': ready\n')
        self.assertEqual(self.remembered(), [GUN])
        proc = self.tpctl('forget', GUN, check=0)
        self.assertEqual(proc.stdout, GUN + ': forgotten\n')
        self.assertEqual(self.remembered(), [])
        self.wait_until(lambda: not self.device_exists(device), 5, 'device unpublished')
        # Found again (a scan, say): listed, but not connected by itself.
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.assert_left_alone(bluez_path, device)

    def test_a_device_nobody_connected_is_not_remembered(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.assert_left_alone(bluez_path, device)
        self.assertEqual(self.remembered(), [])

    def test_a_paired_device_is_kept_by_its_pairing_not_the_file(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.fake_state(bluez_path)
        self.assertEqual(self.remembered(), [])

    def test_a_damaged_line_is_reported_and_kept(self):
        text = '# mine\n%s\nnot an address\n' % GUN
        self.restart_tpd_with_file(text)
        self.wait_until(lambda: ':3: ' in self.log_text(), 5, 'the warning')
        self.assertIn("%s:3: 'not an address' is not a Bluetooth address"
                      % self.remembered_file(), self.log_text())
        # The good line still counts.
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))
        self.assertEqual(self.remembered_text(), text)
        # Rewritten for another device, the file keeps what it was.
        self.add_massager('theragun', 'Pro', OTHER)
        self.wait_for_device(OTHER)
        self.connect(OTHER)
        self.assertEqual(self.remembered_text(), text + OTHER + '\n')

    def test_a_malformed_file_changes_nothing_else(self):
        text = 'AA:BB:CC:00:00:0\n'
        self.restart_tpd_with_file(text)
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.assertIn("%s:1: 'AA:BB:CC:00:00:0' is not a Bluetooth address"
                      % self.remembered_file(), self.log_text())
        self.assert_left_alone(bluez_path, device)
        self.assertEqual(self.stop_tpd(), 0)
        self.assertEqual(self.remembered_text(), text)
        self.assertEqual(tpd_path(GUN), device)


class NoAutoAdoptTest(BluezTestCase):
    bluetooth_conf = 'AutoAdopt=false\n'

    def test_remembered_devices_wait_to_be_asked(self):
        self.assertEqual(self.stop_tpd(), 0)
        os.makedirs(self.state_dir, exist_ok=True)
        with open(os.path.join(self.state_dir, 'devices'), 'w') as f:
            f.write(GUN + '\n')
        self.start_tpd()
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.sync()
        self.fake_state(bluez_path)
        self.assertEqual(self.get(device, DEVICE, 'State'), 'disconnected')
        self.assertEqual(self.fake_frames(bluez_path), [])


if __name__ == '__main__':
    import unittest
    unittest.main()
