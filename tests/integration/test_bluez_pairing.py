# SPDX-License-Identifier: LGPL-2.1-or-later
"""A device a person pairs is taken up with no further step; tpd's GATT
profile asks bluetoothd to reconnect paired devices in the background;
AutoAdopt=false in tpd.conf turns both off."""
import glob
import os
import re

import dbus

from bluez_test import HCI0, STOP, BluezTestCase
from tpdtest import DATA_DIR, DEVICE, MANAGER_PATH, OBJMGR

GUN = 'AA:BB:CC:00:00:01'
APP_PATH = '/io/tpd/bluez'
BASE_UUID = '-0000-1000-8000-00805f9b34fb'
# What the issue promises: published within 2 s of pairing.
ADOPT_DEADLINE = 2


def known_service_uuids():
    """Every Services= of the built-in models, as 128-bit UUIDs."""
    uuids = set()
    for path in glob.glob(os.path.join(DATA_DIR, 'models', '*.model')):
        with open(path) as f:
            for line in f:
                found = re.match(r'Services=(.*)', line.strip())
                if found:
                    for uuid in found.group(1).split(';'):
                        uuid = uuid.strip().lower()
                        if len(uuid) == 4:
                            uuid = '0000' + uuid + BASE_UUID
                        if uuid:
                            uuids.add(uuid)
    return sorted(uuids)


class PairingTest(BluezTestCase):
    # tpd's own reconnect attempts wait long enough not to be what
    # brings a device back here.
    reconnect = (30, 60)

    def start_tpd(self, *args, **kw):
        return super().start_tpd('--verbose', *args, **kw)

    def applications(self, adapter=HCI0):
        return [(str(s), str(p), [str(u) for u in uuids])
                for s, p, uuids in self.mock('GetApplications', dbus.ObjectPath(adapter))]

    def wait_registered(self, adapter=HCI0):
        self.wait_until(lambda: self.applications(adapter), 5,
                        'tpd registered with %s' % adapter)
        return self.applications(adapter)

    def test_pairing_publishes_and_connects_it_within_2_s(self):
        bluez_path = self.add_massager('theragun', 'Pro')
        device = self.wait_for_device(GUN)
        self.assertEqual(self.get(device, DEVICE, 'State'), 'disconnected')
        # The person pairs it (bluetoothctl pair): nothing else is asked.
        self.mock('PairDevice', 'hci0', GUN, dbus.UInt32(0))
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=ADOPT_DEADLINE)
        self.assertTrue(self.get(device, DEVICE, 'Connected'))
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_characteristics_after_services_resolved_are_waited_for(self):
        # Right after pairing bluetoothd 5.66 may say ServicesResolved
        # before it exports the characteristics: tpd waits for them
        # rather than giving the gun up.
        bluez_path = self.add_massager('theragun', 'Pro')
        device = self.wait_for_device(GUN)
        self.mock('SetLateCharacteristics', dbus.ObjectPath(bluez_path), dbus.UInt32(300))
        self.mock('PairDevice', 'hci0', GUN, dbus.UInt32(0))
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=ADOPT_DEADLINE + 1)
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_a_device_without_the_models_characteristic_is_given_up(self):
        bluez_path = self.add_massager('theragun', 'Pro')
        device = self.wait_for_device(GUN)
        # Its characteristics never come: after the grace, tpd says so.
        self.mock('SetLateCharacteristics', dbus.ObjectPath(bluez_path), dbus.UInt32(600000))
        self.mock('PairDevice', 'hci0', GUN, dbus.UInt32(0))
        self.wait_until(lambda: 'no characteristic 0000ffe2' in self.log_text(), 10,
                        'tpd giving the gun up')
        self.assertNotEqual(self.get(device, DEVICE, 'State'), 'ready')
        self.assertEqual(self.fake_frames(bluez_path), [])

    def test_a_device_first_seen_paired_is_taken_up(self):
        bluez_path = self.add_massager('theragun', 'Pro', paired=True)
        device = self.wait_for_device(GUN, timeout=ADOPT_DEADLINE)
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=ADOPT_DEADLINE)
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_an_unsupported_device_that_is_paired_is_ignored(self):
        self.mock('AddDevice', 'hci0', '11:22:33:44:55:66', 'Phone')
        self.mock('PairDevice', 'hci0', '11:22:33:44:55:66', dbus.UInt32(0x5a020c))
        self.sync()
        self.wait_until(lambda: 'no model matches' in self.log_text(), 5, 'the debug log')
        self.assertIn('11:22:33:44:55:66 (Phone): no model matches', self.log_text())
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertEqual([p for p in objects if '/device/' in p], [])

    def test_the_gatt_profile_lists_the_known_services(self):
        apps = self.wait_registered()
        self.assertEqual(apps, [(self.tpd_owner, APP_PATH, known_service_uuids())])
        # It is for bluetoothd: tpd's own object tree does not show it.
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertNotIn(APP_PATH + '/profile', objects)

    def test_registered_again_after_bluetoothd_restarts(self):
        self.wait_registered()
        self.fake.stop()
        self.start_fake()
        apps = self.wait_registered()
        self.assertEqual([a[1] for a in apps], [APP_PATH])

    def test_a_new_adapter_gets_it_and_a_removed_one_releases_it(self):
        self.wait_registered()
        self.mock('AddAdapter', 'hci1', 'second')
        self.assertEqual(self.wait_registered('/org/bluez/hci1')[0][1], APP_PATH)
        self.mock('RemoveAdapterWithDevices', 'hci1')
        self.wait_until(lambda: 'released tpd\'s GATT profile' in self.log_text(), 5,
                        'Release to reach tpd')
        self.assertEqual(len(self.applications()), 1)

    def test_a_device_bluetoothd_reconnects_is_taken_up(self):
        bluez_path = self.add_massager('theragun', 'Pro', paired=True)
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.wait_for_property(device, DEVICE, 'State', 'disconnected')
        self.mock('ClearFrames', dbus.ObjectPath(bluez_path))
        # bluetoothd's background connection for the registered profile.
        self.mock('ConnectDevice', 'hci0', GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=ADOPT_DEADLINE)
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))


class NoAutoAdoptTest(BluezTestCase):
    bluetooth_conf = 'AutoAdopt=false\n'

    def test_pairing_publishes_but_does_not_connect(self):
        bluez_path = self.add_massager('theragun', 'Pro')
        device = self.wait_for_device(GUN)
        self.mock('PairDevice', 'hci0', GUN, dbus.UInt32(0))
        # Every signal of the pairing has reached tpd, and anything tpd
        # did about it has reached the fake.
        self.sync()
        self.fake_state(bluez_path)
        self.assertEqual(self.get(device, DEVICE, 'State'), 'disconnected')
        self.assertEqual(self.fake_frames(bluez_path), [])
        # Asked, it connects.
        self.connect(GUN)
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_no_gatt_profile_is_registered(self):
        # tpd registers before it takes its name; the call would have
        # reached the fake before this one.
        self.assertEqual(self.mock('GetApplications', dbus.ObjectPath(HCI0)), [])
        self.assertNotIn('RegisterApplication', self.fake.log())


if __name__ == '__main__':
    import unittest
    unittest.main()
