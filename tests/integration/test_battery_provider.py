# SPDX-License-Identifier: LGPL-2.1-or-later
"""The battery a device reports in its own protocol reaches the desktop:
tpd registers a BatteryProvider1 root with each adapter's
BatteryProviderManager1, and the fake BlueZ, like bluetoothd, shows tpd's
object as Battery1 (Source "tpd") on the BlueZ device, following it until
the link, the device or tpd goes. A device with a battery BlueZ offers by
itself gets no object, and the Battery1 made from tpd's own object is
never taken for BlueZ's."""
import os

import dbus

from bluez_test import HCI0, BluezTestCase
from tpdtest import DATA_DIR, DEVICE, OBJMGR

BATTERY = 'org.bluez.Battery1'
PROVIDER = 'org.bluez.BatteryProvider1'
ROOT = '/io/tpd/battery/hci0'
MERACH = os.path.join(DATA_DIR, 'models', 'merach-fascia-gun.model')
# The Merach file matches no real name as shipped: its placeholder.
MERACH_NAME = "(the gun's advertised name: not known)"
GUN = 'AA:BB:CC:00:02:01'


def merach_status(battery):
    """FB 50, running, battery, gear 3, then mode, time, bluetooth
    (data/models/merach-fascia-gun.model)."""
    return dbus.ByteArray(bytes([0xFB, 0x50, 0x01, battery, 0x03, 0x01, 0x00, 0x10, 0x01]))


class BatteryProviderTest(BluezTestCase):
    def add_gun(self, address=GUN):
        path = str(self.mock('AddModelDevice', 'hci0', address, MERACH_NAME, MERACH))
        self.massagers.append(path)
        self.wait_for_device(address)
        return path

    def report_battery(self, bluez_path, percent, device=None):
        self.mock('SendNotification', dbus.ObjectPath(bluez_path), merach_status(percent))
        if device:
            self.wait_for_property(device, DEVICE, 'Battery', percent)

    def battery1(self, bluez_path):
        """Battery1 of the BlueZ device, or None."""
        objects = self.bluez('/', OBJMGR, 'GetManagedObjects')
        props = objects.get(dbus.ObjectPath(bluez_path), {}).get(BATTERY)
        return None if props is None else {str(k): v for k, v in props.items()}

    def wait_battery1(self, bluez_path, expected, what):
        self.wait_until(lambda: self.battery1(bluez_path) == expected, 5, what)

    def provided(self):
        """tpd's BatteryProvider1 objects, as bluetoothd reads them."""
        objects = self.call(ROOT, OBJMGR, 'GetManagedObjects')
        return {str(p): {str(k): v for k, v in i[PROVIDER].items()}
                for p, i in objects.items() if PROVIDER in i}

    def providers(self):
        return [(str(s), str(r)) for s, r in
                self.mock('GetBatteryProviders', dbus.ObjectPath(HCI0))]

    def test_registered_with_the_adapter(self):
        self.wait_until(self.providers, 5, 'tpd registered')
        self.assertEqual(self.providers(), [(self.tpd_owner, ROOT)])

    def test_protocol_battery_shows_as_battery1_and_follows(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.assertIsNone(self.battery1(bluez_path))
        self.report_battery(bluez_path, 75, device)
        self.wait_battery1(bluez_path, {'Percentage': 75, 'Source': 'tpd'}, 'Battery1 at 75 %')
        self.assertEqual(self.provided(), {
            ROOT + '/dev_AA_BB_CC_00_02_01': {
                'Percentage': 75, 'Device': bluez_path, 'Source': 'tpd'}})
        self.report_battery(bluez_path, 50, device)
        self.wait_battery1(bluez_path, {'Percentage': 50, 'Source': 'tpd'}, 'Battery1 at 50 %')

    def test_tpds_own_battery1_is_not_taken_for_bluezs(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.forget_signals()
        self.report_battery(bluez_path, 75, device)
        self.wait_battery1(bluez_path, {'Percentage': 75, 'Source': 'tpd'}, 'Battery1')
        # Every signal of that Battery1 reached tpd before this answer:
        # had tpd taken it for BlueZ's, it would have dropped its object.
        self.sync()
        self.assertEqual(len(self.provided()), 1)
        removed = [s for s in self.signals_of('InterfacesRemoved', ROOT, OBJMGR)
                   if s[4] == self.tpd_owner]
        self.assertEqual(removed, [])
        added = [s for s in self.signals_of('InterfacesAdded', ROOT, OBJMGR)
                 if s[4] == self.tpd_owner]
        self.assertEqual(len(added), 1)
        self.assertEqual(self.get(device, DEVICE, 'Battery'), 75)
        # And it still follows the device.
        self.report_battery(bluez_path, 40, device)
        self.wait_battery1(bluez_path, {'Percentage': 40, 'Source': 'tpd'}, 'Battery1 at 40 %')

    def test_goes_with_the_link(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.report_battery(bluez_path, 75, device)
        self.wait_battery1(bluez_path, {'Percentage': 75, 'Source': 'tpd'}, 'Battery1')
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.wait_battery1(bluez_path, None, 'Battery1 gone with the link')
        self.assertEqual(self.provided(), {})

    def test_goes_when_the_device_is_removed(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.report_battery(bluez_path, 75, device)
        self.wait_battery1(bluez_path, {'Percentage': 75, 'Source': 'tpd'}, 'Battery1')
        self.bluez(HCI0, 'org.bluez.Adapter1', 'RemoveDevice', dbus.ObjectPath(bluez_path))
        self.wait_until(lambda: not self.device_exists(device), 5, 'device unpublished')
        self.assertEqual(self.provided(), {})
        # Added again, the device starts without a battery.
        bluez_path = self.add_gun()
        self.assertIsNone(self.battery1(bluez_path))

    def test_goes_when_tpd_stops(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.report_battery(bluez_path, 75, device)
        self.wait_battery1(bluez_path, {'Percentage': 75, 'Source': 'tpd'}, 'Battery1')
        self.assertEqual(self.stop_tpd(), 0)
        self.wait_battery1(bluez_path, None, 'Battery1 gone with tpd')
        self.assertEqual(self.providers(), [])
        self.assertIn('UnregisterBatteryProvider', self.fake.log())

    def test_a_device_with_bluezs_own_battery_gets_no_object(self):
        bluez_path = self.add_gun()
        # BlueZ's own Battery1 (no Source), as its battery profile makes.
        self.mock('SetBattery', dbus.ObjectPath(bluez_path), dbus.Byte(60))
        device = self.connect(GUN)
        self.report_battery(bluez_path, 75, device)
        self.sync()
        self.assertEqual(self.provided(), {})
        self.assertEqual(self.battery1(bluez_path), {'Percentage': 60})

    def test_unknown_battery_gets_no_object(self):
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        # A constant 100 % is no battery level (tpd-model(5)).
        self.report_battery(bluez_path, 100)
        self.sync()
        self.fake_state(bluez_path)
        self.assertNotIn('Battery', self.get_all(device, DEVICE))
        self.assertEqual(self.provided(), {})
        self.assertIsNone(self.battery1(bluez_path))

    def test_registered_again_after_bluetoothd_restarts(self):
        self.wait_until(self.providers, 5, 'tpd registered')
        self.fake.stop()
        self.start_fake()
        self.wait_until(self.providers, 5, 'tpd registered again')
        self.assertEqual(self.providers(), [(self.tpd_owner, ROOT)])
        # And it works with the new one.
        bluez_path = self.add_gun()
        device = self.connect(GUN)
        self.report_battery(bluez_path, 30, device)
        self.wait_battery1(bluez_path, {'Percentage': 30, 'Source': 'tpd'}, 'Battery1')

    def test_a_new_adapter_gets_a_root_of_its_own(self):
        self.mock('AddAdapter', 'hci1', 'second')
        hci1 = '/org/bluez/hci1'
        self.wait_until(lambda: self.mock('GetBatteryProviders', dbus.ObjectPath(hci1)), 5,
                        'tpd registered with hci1')
        self.assertEqual([str(r) for _, r in self.mock('GetBatteryProviders',
                                                       dbus.ObjectPath(hci1))],
                         ['/io/tpd/battery/hci1'])
        self.mock('RemoveAdapterWithDevices', 'hci1')
        self.sync()
        self.assertEqual(self.providers(), [(self.tpd_owner, ROOT)])


class NoBatteryProviderManagerTest(BluezTestCase):
    """bluetoothd 5.66 without --experimental has no
    BatteryProviderManager1: tpd says so and goes on."""

    def start_fake(self):
        super().start_fake()
        self.mock('RemoveBatteryProviderManager', 'hci0')

    def test_said_once_and_nothing_else_changes(self):
        self.wait_until(lambda: 'no BatteryProviderManager1' in self.log_text(), 5, 'the log')
        self.assertEqual(self.log_text().count('no BatteryProviderManager1'), 1)
        bluez_path = str(self.mock('AddModelDevice', 'hci0', GUN, MERACH_NAME, MERACH))
        self.massagers.append(bluez_path)
        device = self.wait_for_device(GUN)
        self.connect(GUN)
        self.mock('SendNotification', dbus.ObjectPath(bluez_path), merach_status(75))
        self.wait_for_property(device, DEVICE, 'Battery', 75)
        self.sync()
        self.assertEqual(dict(self.call(ROOT, OBJMGR, 'GetManagedObjects')), {})
        objects = self.bluez('/', OBJMGR, 'GetManagedObjects')
        self.assertNotIn(BATTERY, objects[dbus.ObjectPath(bluez_path)])


if __name__ == '__main__':
    import unittest
    unittest.main()
