# SPDX-License-Identifier: LGPL-2.1-or-later
"""Devices through the fake BlueZ: adoption by model (name AND services),
connection, battery, discovery, and objects that come and go with BlueZ."""
import subprocess
import xml.etree.ElementTree as ET

import dbus

from bluez_test import HCI0, STOP, VERSION_REQUEST, BluezTestCase, speed_for, tpd_path
from tpdtest import DEVICE, MANAGER, MANAGER_PATH, OBJMGR, TPCTL

INTROSPECTABLE = 'org.freedesktop.DBus.Introspectable'
GUN = 'AA:BB:CC:00:00:01'
WAND = 'AA:BB:CC:00:00:02'


class AdoptionTest(BluezTestCase):
    def children(self, path):
        xml = str(self.call(path, INTROSPECTABLE, 'Introspect'))
        return [n.get('name') for n in ET.fromstring(xml).findall('node')]

    def test_a_supported_device_appears_as_soon_as_bluez_reports_it(self):
        self.add_massager('theragun', 'Pro', GUN)
        path = self.wait_for_device(GUN)
        props = self.get_all(path, DEVICE)
        self.assertEqual(props['Address'], GUN)
        self.assertEqual(props['Name'], 'Pro')
        self.assertEqual(props['Model'], 'Theragun PRO')
        self.assertEqual(props['Kind'], 'gun')
        self.assertEqual(props['Protocol'], 'theragun')
        self.assertTrue(props['Experimental'])
        self.assertEqual(props['SpeedRange'], (1750, 2400))
        # Not paired: tpd waits to be asked before connecting.
        self.assertFalse(props['Connected'])
        self.assertEqual(props['State'], 'disconnected')
        self.assertIn('Theragun PRO (experimental protocol)', self.log_text())
        out = self.tpctl('list', 'devices', check=0).stdout
        self.assertIn(GUN + '  Theragun PRO "Pro"  disconnected', out)
        self.assertIn('[experimental protocol]', out)

    def test_one_device_seen_by_two_adapters_is_one_massager(self):
        self.mock('AddAdapter', 'hci1', 'second')
        first = self.add_massager('theragun', 'Pro', GUN)
        second = str(self.mock('AddMassager', 'hci1', GUN, 'Pro', 'theragun'))
        self.massagers.append(second)
        device = self.wait_for_device(GUN)
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        # Connected once, through the adapter that saw it first.
        linked = [p for p in (first, second) if self.fake_state(p)['Connected']]
        self.assertEqual(linked, [first])
        # That adapter loses it: the other one's copy takes over.
        self.call(device, DEVICE, 'Disconnect')
        self.wait_for_property(device, DEVICE, 'State', 'disconnected')
        self.bluez(HCI0, 'org.bluez.Adapter1', 'RemoveDevice', dbus.ObjectPath(first))
        self.massagers.remove(first)
        self.wait_until(lambda: self.device_exists(device), 5, 'the device published still')
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertTrue(self.fake_state(second)['Connected'])
        self.assertEqual(self.fake_frames(second)[0], (STOP, 'request'))

    def test_a_name_without_the_services_is_not_adopted(self):
        # Named like a Theragun, but with Lovense's services.
        self.add_massager('lovense', 'Pro', GUN)
        # Then a real one, so that there is something to wait for.
        self.add_massager('theragun', 'Pro', WAND)
        self.wait_for_device(WAND)
        self.assertFalse(self.device_exists(tpd_path(GUN)))
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertEqual(set(objects), {tpd_path(WAND)})

    def test_unsupported_devices_are_ignored(self):
        self.mock('AddDevice', 'hci0', '11:22:33:44:55:66', 'Headphones')
        self.add_massager('magic-motion', 'Magic Wand', WAND)
        path = self.wait_for_device(WAND)
        self.assertEqual(self.get(path, DEVICE, 'Model'), 'Magic Motion (v1 protocol)')
        self.assertEqual(self.get(path, DEVICE, 'Levels'), (1, 100))
        self.assertFalse(self.device_exists(tpd_path('11:22:33:44:55:66')))

    def test_devices_appear_and_vanish_with_bluez_in_the_tree(self):
        self.assertNotIn('device', self.children(MANAGER_PATH))
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        self.assertEqual(self.children('/io/tpd/Tpd1/device'), [GUN.replace(':', '_')])
        self.bluez(HCI0, 'org.bluez.Adapter1', 'RemoveDevice', dbus.ObjectPath(bluez_path))
        self.massagers.remove(bluez_path)
        self.wait_until(lambda: tpd_path(GUN) in [
            s[3][0] for s in self.signals_of('InterfacesRemoved', MANAGER_PATH, OBJMGR)],
            5, 'InterfacesRemoved for the device')
        self.assertFalse(self.device_exists(tpd_path(GUN)))
        self.assertNotIn('device', self.children(MANAGER_PATH))

    def test_connect_starts_with_a_stop_and_reads_the_firmware(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        path = self.connect(GUN)
        self.wait_for_property(path, DEVICE, 'Firmware', '2.1.6')
        self.assertEqual(self.fake_frames(bluez_path),
                         [(STOP, 'request'), (VERSION_REQUEST, 'command')])
        self.assertTrue(self.fake_state(bluez_path)['Notifying'])

    def test_a_paired_device_is_connected_at_once(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        path = self.wait_for_device(GUN)
        self.wait_for_property(path, DEVICE, 'State', 'ready')
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))

    def test_battery_from_battery1_and_constant_100_is_unknown(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        path = self.connect(GUN)
        self.mock('SetBattery', dbus.ObjectPath(bluez_path), dbus.Byte(100))
        # A device that has only ever said 100 % says nothing.
        self.sync()
        self.assertNotIn('Battery', self.get_all(path, DEVICE))
        self.mock('SetBattery', dbus.ObjectPath(bluez_path), dbus.Byte(55))
        self.wait_for_property(path, DEVICE, 'Battery', 55)
        # Now 100 % is believed.
        self.mock('SetBattery', dbus.ObjectPath(bluez_path), dbus.Byte(100))
        self.wait_for_property(path, DEVICE, 'Battery', 100)

    def test_battery_from_the_standard_characteristic(self):
        self.add_massager('magic-motion', 'Magic Wand', WAND)
        self.wait_for_device(WAND)
        path = self.connect(WAND)
        self.wait_for_property(path, DEVICE, 'Battery', 80)


class DiscoveryTest(BluezTestCase):
    def discovering(self):
        return bool(self.bluez_get(HCI0, 'org.bluez.Adapter1', 'Discovering'))

    def test_discovery_runs_while_a_client_wants_it(self):
        self.assertFalse(self.get(MANAGER_PATH, MANAGER, 'Discovering'))
        self.assertTrue(self.get(MANAGER_PATH, MANAGER, 'Powered'))
        self.manager('StartDiscovery')
        self.assertTrue(self.discovering())
        self.wait_for_property(MANAGER_PATH, MANAGER, 'Discovering', True)
        # Asking twice is fine; a second client joins.
        self.manager('StartDiscovery')
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        other.get_object('io.tpd.Tpd1', MANAGER_PATH, introspect=False).StartDiscovery(
            dbus_interface=MANAGER)
        self.manager('StopDiscovery')
        self.assertTrue(self.discovering(), 'the other client still wants it')
        other.close()
        self.wait_until(lambda: not self.discovering(), 5, 'discovery to stop')
        self.wait_for_property(MANAGER_PATH, MANAGER, 'Discovering', False)
        self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.manager, 'StopDiscovery')

    def test_discovery_is_filtered_to_le_and_known_services(self):
        self.manager('StartDiscovery')
        adapter = self.bus.get_object('org.bluez', HCI0, introspect=False)
        calls = adapter.GetMethodCalls('SetDiscoveryFilter',
                                       dbus_interface='org.freedesktop.DBus.Mock')
        self.assertEqual(len(calls), 1)
        flt = calls[0][1][0]
        self.assertEqual(flt['Transport'], 'le')
        self.assertIn('0000ffe0-0000-1000-8000-00805f9b34fb', flt['UUIDs'])
        self.assertIn('78667579-7b48-43db-b8c5-7928a6b0a335', flt['UUIDs'])

    def test_no_powered_adapter_is_a_clear_failure(self):
        self.mock('SetAdapterPowered', 'hci0', False)
        self.wait_for_property(MANAGER_PATH, MANAGER, 'Powered', False)
        msg = self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.manager,
                                     'StartDiscovery')
        self.assertIn('no Bluetooth adapter is powered', msg)
        self.assertEqual(self.tpctl('status', check=0).returncode, 0)


class TpctlBluezTest(BluezTestCase):
    def test_scan_connect_disconnect(self):
        self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        out = self.tpctl('scan', '--timeout', '1', check=0).stdout
        self.assertIn(GUN + '  Theragun PRO "Pro"', out)
        self.assertIn('1 device.', out)
        self.assertFalse(self.bluez_get(HCI0, 'org.bluez.Adapter1', 'Discovering'))

        out = self.tpctl('connect', GUN, check=0).stdout
        self.assertEqual(out.strip(), GUN + ': ready')
        self.assertEqual(self.get(tpd_path(GUN), DEVICE, 'State'), 'ready')
        out = self.tpctl('disconnect', 'Pro', check=0).stdout
        self.assertEqual(out.strip(), 'Pro: disconnected')

    def tpctl_connect_held(self):
        """tpctl connect waiting while the opening stop waits in the air:
        the device stays "stopping"."""
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), True)
        tpctl = subprocess.Popen([TPCTL, '--system', 'connect', GUN], env=self.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(tpctl.kill)
        self.wait_for_property(device, DEVICE, 'State', 'stopping')
        return bluez_path, tpctl

    def test_tpctl_connect_waits_for_the_opening_stop(self):
        bluez_path, tpctl = self.tpctl_connect_held()
        self.sync()
        self.assertIsNone(tpctl.poll())
        # Released, the stop is acknowledged: tpctl hears of it.
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), False)
        out, err = tpctl.communicate(timeout=10)
        self.assertEqual((tpctl.returncode, out.strip()), (0, GUN + ': ready'), err)

    def test_tpctl_connect_notices_tpd_leaving(self):
        bluez_path, tpctl = self.tpctl_connect_held()
        self.tpd.kill()
        self.tpd.wait()
        self.tpd_may_fail = True
        out, err = tpctl.communicate(timeout=10)
        self.assertEqual(tpctl.returncode, 1, out + err)
        self.assertIn('tpd left the bus', out)

    def test_status_shows_a_level_for_a_level_driven_model(self):
        self.add_massager('magic-motion', 'Magic Wand', WAND)
        wand = self.wait_for_device(WAND)
        self.call(wand, DEVICE, 'Connect')
        self.wait_for_property(wand, DEVICE, 'State', 'ready')
        self.call(wand, DEVICE, 'SetIntensity', dbus.UInt32(50))
        self.wait_for_property(wand, DEVICE, 'Speed', speed_for(50, 1, 100))
        out = self.tpctl('status', check=0).stdout
        self.assertIn('intensity 50%% (level %d)' % speed_for(50, 1, 100), out)
        self.assertNotIn('/min', out)

    def test_connecting_an_unreachable_device_fails(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        self.wait_for_device(GUN)
        self.mock('SetReachable', dbus.ObjectPath(bluez_path), False)
        proc = self.tpctl('connect', GUN)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn('disconnected', proc.stdout)
        proc = self.tpctl('connect', 'nothing')
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown device 'nothing'", proc.stderr)
