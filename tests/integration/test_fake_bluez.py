# SPDX-License-Identifier: LGPL-2.1-or-later
"""Self-test of the fake BlueZ (tests/fakes/bluez5_gatt.py) and its device
emulators (tests/fakes/emulators.py): the other integration tests trust
them, so they are checked here through D-Bus, the way tpd sees them.

Run: /usr/bin/python3 tests/integration/run-test test_fake_bluez

FakeBluez (fakebluez.py) and PrivateBus (tpdtest.py) serve tpd's tests too."""
import os
import sys
import tempfile
import unittest

import dbus
import dbus.mainloop.glib

FAKES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fakes')
sys.path.insert(0, FAKES)
import emulators  # noqa: E402
from fakebluez import (FakeBluez, BLUEZ, MOCK, ADAPTER, DEVICE, SERVICE, CHRC, BATTERY, PROPS, OBJMGR, HCI0, THERAGUN_TX, THERAGUN_RX, LOVENSE_TX, LOVENSE_RX, MAGIC_TX, WEVIBE_TX, BATTERY_LEVEL, SPEED_1750, SPEED_2400, STATUS_REQUEST, VERSION_REQUEST, STATUS_1750, VERSION_216, MAGIC_50, MAGIC_STOP, WEVIBE_84, WEVIBE_STOP)  # noqa: E402
from tpdtest import PrivateBus, receive_pending, wait_until  # noqa: E402


class FakeBluezTestCase(unittest.TestCase):
    """One bus per class, a fresh fake with adapter hci0 per test."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='fake-bluez-')
        cls.bus_daemon = PrivateBus(system=True, directory=cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.bus_daemon.stop()
        cls.tmp.cleanup()

    def setUp(self):
        self.conn = dbus.bus.BusConnection(self.bus_daemon.address)
        self.addCleanup(self.conn.close)
        self.signals = []
        self.conn.add_signal_receiver(self._record, path_keyword='path',
                                      interface_keyword='iface', member_keyword='member')
        self.fake = FakeBluez(self.bus_daemon.address,
                              os.path.join(self.tmp.name, self.id() + '.log'))
        self.addCleanup(self.fake.stop)
        self.fake.start(self.conn)
        self.assertEqual(self.mock('AddAdapter', 'hci0', 'host'), HCI0)

    # -- D-Bus ---------------------------------------------------------------

    def _record(self, *args, **kw):
        # dbusmock's own MethodCalled is no part of what bluetoothd sends.
        if kw['iface'] != 'org.freedesktop.DBus.Mock':
            self.signals.append((kw['path'], kw['iface'], kw['member'], args))

    def call(self, path, iface, method, *args, **kw):
        obj = self.conn.get_object(BLUEZ, path, introspect=False)
        return obj.get_dbus_method(method, iface)(*args, **kw)

    def mock(self, method, *args):
        return self.call('/', MOCK, method, *args)

    def get(self, path, iface, name):
        return self.call(path, PROPS, 'Get', iface, name)

    def managed(self):
        return self.call('/', OBJMGR, 'GetManagedObjects')

    def sync(self):
        """Receive every signal the fake sent so far: its reply to a Ping
        comes after them; then drain the loop."""
        receive_pending(lambda: self.call('/', 'org.freedesktop.DBus.Peer', 'Ping'))

    def forget_signals(self):
        self.sync()
        self.signals.clear()

    def signals_of(self, member, path=None):
        return [s for s in self.signals if s[2] == member and (path is None or s[0] == path)]

    def changes(self, path, iface, name):
        """Values announced for one property, in order."""
        return [s[3][1][name] for s in self.signals_of('PropertiesChanged', path)
                if s[3][0] == iface and name in s[3][1]]

    def wait_for_change(self, path, iface, name, value, timeout=5):
        wait_until(lambda: value in self.changes(path, iface, name), timeout,
                   '%s.%s == %r' % (iface, name, value))

    def assert_dbus_error(self, name, fn, *args, **kw):
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            fn(*args, **kw)
        self.assertEqual(cm.exception.get_dbus_name(), name, cm.exception.get_dbus_message())
        return cm.exception.get_dbus_message()

    # -- massagers -------------------------------------------------------------

    def add(self, emulator, name, address='AA:BB:CC:DD:EE:01'):
        return str(self.mock('AddMassager', 'hci0', address, name, emulator))

    def connect(self, device):
        self.call(device, DEVICE, 'Connect')
        self.assertTrue(self.get(device, DEVICE, 'ServicesResolved'))

    def char(self, device, uuid):
        for path, interfaces in self.managed().items():
            if path.startswith(device + '/') and interfaces.get(CHRC, {}).get('UUID') == uuid:
                return str(path)
        self.fail('no characteristic %s on %s' % (uuid, device))

    def write(self, chrc, data, write_type='request', **kw):
        options = dbus.Dictionary({'type': write_type} if write_type else {}, signature='sv')
        return self.call(chrc, CHRC, 'WriteValue', dbus.Array(data, signature='y'), options, **kw)

    def frames(self, device):
        return [(bytes(data), str(kind)) for data, kind in self.mock('GetFrames', device)]

    def errors(self, device):
        return [str(e) for e in self.mock('GetErrors', device)]

    def state(self, device):
        return self.mock('GetState', device)

    def notifications(self, chrc):
        return [bytes(v) for v in self.changes(chrc, CHRC, 'Value')]

    def wait_for_notification(self, chrc, value):
        wait_until(lambda: value in self.notifications(chrc), 5, 'notification %r' % value)

    def connected_theragun(self, name='Pro'):
        device = self.add('theragun', name)
        self.connect(device)
        return device, self.char(device, THERAGUN_TX), self.char(device, THERAGUN_RX)


class ObjectsTest(FakeBluezTestCase):
    def test_adapter_properties(self):
        props = self.managed()[HCI0][ADAPTER]
        self.assertIs(bool(props['Powered']), True)
        self.assertIs(bool(props['Discovering']), False)
        self.assertRegex(props['Address'], r'^([0-9A-F]{2}:){5}[0-9A-F]{2}$')

    def test_massager_device_properties(self):
        self.forget_signals()
        device = self.add('theragun', 'Pro')
        self.assertEqual(device, HCI0 + '/dev_AA_BB_CC_DD_EE_01')
        props = self.managed()[device][DEVICE]
        expected = {'Address': 'AA:BB:CC:DD:EE:01', 'AddressType': 'public', 'Name': 'Pro',
                    'Alias': 'Pro', 'Adapter': HCI0, 'Paired': False, 'Trusted': False,
                    'Connected': False, 'ServicesResolved': False, 'RSSI': -60,
                    'UUIDs': ['0000ffe0-0000-1000-8000-00805f9b34fb']}
        for name, value in expected.items():
            self.assertEqual(props[name], value, name)
        self.assertIsInstance(props['RSSI'], dbus.Int16)
        self.assertIsInstance(props['Adapter'], dbus.ObjectPath)
        self.assertIsInstance(props['Connected'], dbus.Boolean)
        self.sync()
        added = self.signals_of('InterfacesAdded', '/')
        self.assertEqual([(str(a[3][0]), list(a[3][1])) for a in added], [(device, [DEVICE])])

    def test_advertised_uuids_per_emulator(self):
        expected = {'magic-motion': ['78667579-7b48-43db-b8c5-7928a6b0a335'],
                    'lovense': ['0000fff0-0000-1000-8000-00805f9b34fb'],
                    'wevibe': ['f000bb03-0451-4000-b000-000000000000']}
        for i, (kind, uuids) in enumerate(expected.items()):
            device = self.add(kind, kind, 'AA:BB:CC:DD:EE:1%d' % i)
            self.assertEqual(self.get(device, DEVICE, 'UUIDs'), uuids, kind)

    def test_bad_arguments_are_mock_errors(self):
        self.assert_dbus_error('org.bluez.Mock.NoSuchEmulator', self.add, 'hypervolt', 'X')
        self.assert_dbus_error('org.bluez.Mock.NoSuchAdapter', self.mock, 'AddMassager',
                               'hci7', 'AA:BB:CC:DD:EE:01', 'Pro', 'theragun')
        self.add('theragun', 'Pro')
        self.assert_dbus_error('org.bluez.Mock.DeviceExists', self.add, 'theragun', 'Pro')
        self.assert_dbus_error('org.bluez.Mock.NoSuchDevice', self.state, HCI0 + '/dev_00')

    def test_properties_behave_like_bluetoothd(self):
        device, tx, rx = self.connected_theragun()
        self.assert_dbus_error('org.freedesktop.DBus.Error.PropertyReadOnly', self.call,
                               device, PROPS, 'Set', DEVICE, 'Connected', dbus.Boolean(False))
        self.assert_dbus_error('org.freedesktop.DBus.Error.InvalidArgs', self.get, tx, CHRC, 'Notifying')
        self.call(device, PROPS, 'Set', DEVICE, 'Trusted', dbus.Boolean(True))
        self.wait_for_change(device, DEVICE, 'Trusted', True)
        self.assertIs(bool(self.get(rx, CHRC, 'Notifying')), False)

    def test_discovery_sessions(self):
        self.call(HCI0, ADAPTER, 'SetDiscoveryFilter', dbus.Dictionary({'Transport': 'le'}, signature='sv'))
        self.call(HCI0, ADAPTER, 'StartDiscovery')
        self.wait_for_change(HCI0, ADAPTER, 'Discovering', True)
        self.assert_dbus_error('org.bluez.Error.InProgress', self.call, HCI0, ADAPTER, 'StartDiscovery')
        self.call(HCI0, ADAPTER, 'StopDiscovery')
        self.wait_for_change(HCI0, ADAPTER, 'Discovering', False)
        self.assert_dbus_error('org.bluez.Error.Failed', self.call, HCI0, ADAPTER, 'StopDiscovery')

    def test_restart_makes_org_bluez_vanish_and_come_back(self):
        self.add('theragun', 'Pro')
        self.fake.stop()
        wait_until(lambda: not self.conn.name_has_owner(BLUEZ), 5, 'org.bluez to vanish')
        self.fake.start(self.conn)
        self.assertEqual(list(self.managed()), ['/org/bluez'])


class ConnectionTest(FakeBluezTestCase):
    def test_connect_order_and_gatt_objects(self):
        device = self.add('theragun', 'Pro')
        self.forget_signals()
        self.call(device, DEVICE, 'Connect')
        self.sync()
        order = [(s[2], str(s[3][0]) if s[2] == 'InterfacesAdded' else dict(s[3][1]))
                 for s in self.signals if s[2] in ('InterfacesAdded', 'PropertiesChanged')]
        self.assertEqual(order[0], ('PropertiesChanged', {'Connected': True}))
        self.assertEqual(order[-1], ('PropertiesChanged', {'ServicesResolved': True}))
        added = [path for kind, path in order if kind == 'InterfacesAdded']
        objects = self.managed()
        gatt = sorted(p for p in objects if p.startswith(device + '/'))
        self.assertEqual(sorted(added), gatt)
        for signal in self.signals_of('InterfacesAdded', '/'):
            self.assertEqual(signal[3][1], objects[signal[3][0]])
        self.check_gatt_objects(device, objects, gatt)

    def check_gatt_objects(self, device, objects, paths):
        """Paths carry the handle in 4 hex digits; types as documented."""
        uuids = set()
        for path in paths:
            last = path.rsplit('/', 1)[1]
            props = objects[path].get(SERVICE) or objects[path][CHRC]
            self.assertRegex(last, r'^(service|char)[0-9a-f]{4}$')
            self.assertEqual(props['Handle'], int(last[-4:], 16))
            self.assertIsInstance(props['Handle'], dbus.UInt16)
            uuids.add(str(props['UUID']))
            if SERVICE in objects[path]:
                self.assertEqual(props['Device'], device)
                self.assertIs(bool(props['Primary']), True)
            else:
                self.assertEqual(props['Service'], path.rsplit('/', 1)[0])
                self.assertEqual(list(props['Value']), [])
                self.assertEqual(props['Value'].signature, 'y')
                self.assertEqual(props['Flags'].signature, 's')
                self.assertEqual('Notifying' in props, 'notify' in props['Flags'] or
                                 'indicate' in props['Flags'])
        self.assertLessEqual({'0000ffe0-0000-1000-8000-00805f9b34fb', THERAGUN_TX, THERAGUN_RX}, uuids)
        self.assertEqual(set(objects[self.char(device, THERAGUN_TX)][CHRC]['Flags']),
                         {'write', 'write-without-response'})

    def test_connecting_twice_does_nothing(self):
        device, _, _ = self.connected_theragun()
        self.forget_signals()
        self.call(device, DEVICE, 'Connect')
        self.sync()
        self.assertEqual(self.signals, [])

    def test_disconnect_removes_gatt_objects_then_flags(self):
        device, tx, _ = self.connected_theragun()
        gatt = sorted(p for p in self.managed() if p.startswith(device + '/'))
        self.forget_signals()
        self.call(device, DEVICE, 'Disconnect')
        self.sync()
        removed = [str(s[3][0]) for s in self.signals_of('InterfacesRemoved', '/')]
        self.assertEqual(sorted(removed), gatt)
        flags = [dict(s[3][1]) for s in self.signals_of('PropertiesChanged', device)]
        self.assertEqual(flags, [{'ServicesResolved': False}, {'Connected': False}])
        self.assertFalse([p for p in self.managed() if p.startswith(device + '/')])
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownObject', self.write, tx, SPEED_1750)
        self.call(device, DEVICE, 'Disconnect')     # bluetoothd: succeeds when not connected

    def test_unreachable_device_fails_to_connect(self):
        device = self.add('theragun', 'Pro')
        self.mock('SetReachable', device, False)
        self.assert_dbus_error('org.bluez.Error.Failed', self.call, device, DEVICE, 'Connect')
        self.assertFalse(self.get(device, DEVICE, 'Connected'))
        self.mock('SetReachable', device, True)
        self.connect(device)

    def test_device_dropping_the_link_keeps_the_motor_running(self):
        device, tx, _ = self.connected_theragun()
        self.write(tx, SPEED_2400)
        self.mock('DisconnectDevice', device)
        self.wait_for_change(device, DEVICE, 'Connected', False)
        self.assertEqual(dict(self.state(device)),
                         {'Running': True, 'Level': 2400, 'Connected': False,
                          'Notifying': False, 'Emulator': 'theragun',
                          'MaxInFlight': 1, 'InFlight': 0})
        self.connect(device)
        self.assertEqual(self.state(device)['Level'], 2400)

    def test_adapter_power_off_disconnects_everything(self):
        first, _, _ = self.connected_theragun()
        second = self.add('lovense', 'LVS-Hush', 'AA:BB:CC:DD:EE:02')
        self.connect(second)
        self.forget_signals()
        self.mock('SetAdapterPowered', 'hci0', False)
        self.wait_for_change(HCI0, ADAPTER, 'Powered', False)
        members = [(s[0], dict(s[3][1])) for s in self.signals_of('PropertiesChanged')]
        powered = members.index((HCI0, {'Powered': False}))
        for device in (first, second):
            self.assertLess(members.index((device, {'Connected': False})), powered)
        self.assert_dbus_error('org.bluez.Error.Failed', self.call, first, DEVICE, 'Connect')
        # A client may power it on again, as tpd might.
        self.call(HCI0, PROPS, 'Set', ADAPTER, 'Powered', dbus.Boolean(True))
        self.wait_for_change(HCI0, ADAPTER, 'Powered', True)
        self.connect(first)
        self.call(HCI0, PROPS, 'Set', ADAPTER, 'Powered', dbus.Boolean(False))
        self.wait_for_change(first, DEVICE, 'Connected', False)

    def test_remove_device_disconnects_and_drops_everything(self):
        device, _, _ = self.connected_theragun()
        self.mock('SetBattery', device, dbus.Byte(50))
        gatt = [p for p in self.managed() if p.startswith(device + '/')]
        self.forget_signals()
        self.call(HCI0, ADAPTER, 'RemoveDevice', dbus.ObjectPath(device))
        self.sync()
        removed = [(str(s[3][0]), sorted(s[3][1])) for s in self.signals_of('InterfacesRemoved', '/')]
        self.assertEqual(sorted(p for p, _ in removed[:-1]), sorted(gatt))
        self.assertEqual(removed[-1], (device, [BATTERY, DEVICE]))
        self.assertNotIn(device, self.managed())
        # What the device went through stays readable, for tests that
        # judge a removal by the frames it received.
        self.assertFalse(self.state(device)['Connected'])
        self.assertEqual(self.frames(device), [])
        self.assert_dbus_error('org.bluez.Mock.NoSuchDevice', self.mock, 'SetWriteDelay',
                               device, dbus.UInt32(1))
        self.assert_dbus_error('org.bluez.Error.DoesNotExist', self.call, HCI0, ADAPTER,
                               'RemoveDevice', dbus.ObjectPath(device))


class TheragunTest(FakeBluezTestCase):
    def test_valid_frames_change_state_and_are_recorded(self):
        device, tx, _ = self.connected_theragun()
        self.write(tx, SPEED_1750, 'request')
        self.write(tx, VERSION_REQUEST, 'command')
        self.assertEqual(self.frames(device), [(SPEED_1750, 'request'), (VERSION_REQUEST, 'command')])
        state = self.state(device)
        self.assertEqual((state['Running'], state['Level']), (True, 1750))
        self.assertEqual(self.errors(device), [])
        self.write(tx, bytes.fromhex('AA 07 01 03 00 00 03'))
        self.assertEqual((self.state(device)['Running'], self.state(device)['Level']), (False, 0))

    def test_notifications_only_after_start_notify(self):
        device, tx, rx = self.connected_theragun()
        self.write(tx, SPEED_1750)
        self.write(tx, STATUS_REQUEST)
        self.sync()
        self.assertEqual(self.notifications(rx), [])
        self.call(rx, CHRC, 'StartNotify')
        self.wait_for_change(rx, CHRC, 'Notifying', True)
        self.assertTrue(self.state(device)['Notifying'])
        self.write(tx, STATUS_REQUEST)
        self.wait_for_notification(rx, STATUS_1750)
        self.write(tx, VERSION_REQUEST, 'command')
        self.wait_for_notification(rx, VERSION_216)
        self.assertEqual(bytes(self.get(rx, CHRC, 'Value')), VERSION_216)
        self.call(rx, CHRC, 'StopNotify')
        self.wait_for_change(rx, CHRC, 'Notifying', False)
        self.write(tx, STATUS_REQUEST)
        self.sync()
        self.assertEqual(self.notifications(rx), [STATUS_1750, VERSION_216])

    def test_invalid_frames_are_errors_and_change_nothing(self):
        device, tx, rx = self.connected_theragun()
        self.call(rx, CHRC, 'StartNotify')
        self.write(tx, SPEED_1750)
        bad = [('AA 08 01 03 00 00 03', 'request', 'bad checksum 0x08, expected 0x07'),
               ('AA 07 01 03 00 00 03', 'command', 'written as command, the protocol needs request'),
               ('AA B6 01 03 0F A0 03', 'request', 'speed 4000 out of range 0..3616'),
               ('AA 06 01 02 00 00 03', 'request', 'byte 3 is 0x02, expected 0x03'),
               ('AA 04 01 03', 'request', 'length 4, expected 7'),
               ('AA 30 30 00', 'request', 'unknown command 0x30'),
               ('AA 20 20 00', 'request', 'written as request, the protocol needs command'),
               ('AA 10 10 00', 'command', 'written as command, the protocol needs request'),
               ('BB 10 10 00', 'request', 'lead byte 0xBB, expected 0xAA')]
        for data, kind, _ in bad:
            self.write(tx, bytes.fromhex(data), kind)
        expected = ['frame %d (%s): %s' % (i + 2, data, text) for i, (data, _, text) in enumerate(bad)]
        self.assertEqual(self.errors(device), expected)
        self.assertEqual(self.state(device)['Level'], 1750)
        self.sync()
        self.assertEqual(self.notifications(rx), [])

    def test_clear_frames(self):
        device, tx, _ = self.connected_theragun()
        self.write(tx, SPEED_1750)
        self.mock('ClearFrames', device)
        self.write(tx, bytes.fromhex('AA 00 01 03 00 00 03'))
        self.assertEqual(self.frames(device), [(bytes.fromhex('AA 00 01 03 00 00 03'), 'request')])
        self.assertTrue(self.errors(device)[0].startswith('frame 1 (AA 00 01 03 00 00 03): '))

    def test_characteristic_permissions(self):
        _, tx, rx = self.connected_theragun()
        self.assert_dbus_error('org.bluez.Error.NotPermitted', self.write, rx, STATUS_REQUEST)
        self.assert_dbus_error('org.bluez.Error.NotSupported', self.call, tx, CHRC, 'StartNotify')
        self.assert_dbus_error('org.bluez.Error.Failed', self.call, rx, CHRC, 'StopNotify')
        self.assert_dbus_error('org.bluez.Error.NotSupported', self.write, tx, SPEED_1750, 'reliable')

    def test_notify_session_ends_when_its_client_leaves(self):
        _, _, rx = self.connected_theragun()
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        self.addCleanup(other.close)
        other.get_object(BLUEZ, rx, introspect=False).StartNotify(dbus_interface=CHRC)
        self.wait_for_change(rx, CHRC, 'Notifying', True)
        other.close()
        self.wait_for_change(rx, CHRC, 'Notifying', False)


class OtherEmulatorsTest(FakeBluezTestCase):
    def test_magic_motion(self):
        device = self.add('magic-motion', 'Smart Mini Vibe')
        self.connect(device)
        tx, battery = self.char(device, MAGIC_TX), self.char(device, BATTERY_LEVEL)
        self.write(tx, MAGIC_50, 'command')
        self.assertEqual((self.state(device)['Running'], self.state(device)['Level']), (True, 50))
        self.write(tx, MAGIC_STOP, None)     # no type: BlueZ picks command here (no "write" flag)
        self.assertEqual(self.state(device)['Running'], False)
        self.write(tx, bytes.fromhex('0B FF 04 0A 32 32 00 04 08 65 64 00'), 'command')
        self.assert_dbus_error('org.bluez.Error.NotPermitted', self.write, tx, MAGIC_50, 'request')
        self.assertEqual([k for _, k in self.frames(device)], ['command', 'command', 'command', 'request'])
        errors = self.errors(device)
        self.assertIn('level 101 out of range 0..100', errors[0])
        self.assertIn('written as request', errors[1])
        self.assertEqual(self.state(device)['Level'], 0)
        self.assertEqual(bytes(self.call(battery, CHRC, 'ReadValue', dbus.Dictionary({}, signature='sv'))),
                         bytes([80]))
        self.wait_for_change(battery, CHRC, 'Value', [80])

    def test_lovense(self):
        device = self.add('lovense', 'LVS-Hush', 'AA:BB:CC:DD:EE:03')
        self.connect(device)
        tx, rx = self.char(device, LOVENSE_TX), self.char(device, LOVENSE_RX)
        self.call(rx, CHRC, 'StartNotify')
        for command, reply in [(b'Vibrate:10;', b'OK;'), (b'Battery;', b'85;'),
                               (b'DeviceType;', b'Z:11:AABBCCDDEE03;')]:
            self.write(tx, command, 'command')
            self.wait_for_notification(rx, reply)
        self.assertEqual(self.state(device)['Level'], 10)
        for command, kind in [(b'Vibrate:21;', 'command'), (b'Vibrate:05;', 'command'),
                              (b'Vibrate:3', 'command'), (b'Vibrate:3;', 'request')]:
            self.write(tx, command, kind)
        errors = self.errors(device)
        self.assertIn('level 21 out of range 0..20', errors[0])
        self.assertIn("unknown command 'Vibrate:05;'", errors[1])
        self.assertIn("unknown command 'Vibrate:3'", errors[2])
        self.assertIn('written as request, the protocol needs command', errors[3])
        self.sync()
        self.assertEqual(self.notifications(rx), [b'OK;', b'85;', b'Z:11:AABBCCDDEE03;'])
        self.assertEqual(self.state(device)['Level'], 10)

    def test_wevibe(self):
        device = self.add('wevibe', '4plus')
        self.connect(device)
        tx = self.char(device, WEVIBE_TX)
        self.write(tx, WEVIBE_84, None)      # no type: BlueZ picks request ("write" flag)
        state = self.state(device)
        self.assertEqual((state['Level'], state['Internal'], state['External']), (0x84, 8, 4))
        self.write(tx, WEVIBE_STOP)
        self.assertFalse(self.state(device)['Running'])
        self.write(tx, bytes.fromhex('0F 03 00 00 00 03 00 00'))
        self.write(tx, WEVIBE_84, 'command')
        self.write(tx, WEVIBE_84[:7])
        errors = self.errors(device)
        self.assertIn('must be sent as the stop frame', errors[0])
        self.assertIn('written as command', errors[1])
        self.assertIn('length 7, expected 8', errors[2])
        self.assertEqual(self.frames(device)[0], (WEVIBE_84, 'request'))
        self.assertFalse(self.state(device)['Running'])


class KnobsTest(FakeBluezTestCase):
    def test_write_error_counts_down(self):
        device, tx, _ = self.connected_theragun()
        self.mock('SetWriteError', device, 'org.bluez.Error.Failed', dbus.UInt32(2))
        for _ in range(2):
            self.assert_dbus_error('org.bluez.Error.Failed', self.write, tx, SPEED_1750)
        self.write(tx, SPEED_2400)
        self.assertEqual(self.frames(device), [(SPEED_2400, 'request')])
        self.mock('SetWriteError', device, 'org.bluez.Error.InProgress', dbus.UInt32(1))
        self.mock('SetWriteError', device, 'org.bluez.Error.InProgress', dbus.UInt32(0))
        self.write(tx, SPEED_1750)
        self.assertEqual(self.state(device)['Level'], 1750)

    def test_write_delay_replies_later_and_mock_stays_responsive(self):
        device, tx, _ = self.connected_theragun()
        self.mock('SetWriteDelay', device, dbus.UInt32(800))
        done = []
        self.write(tx, SPEED_1750, reply_handler=lambda: done.append('reply'),
                   error_handler=lambda e: done.append(e))
        # Meanwhile the fake answers, the frame has not arrived, and a
        # second write request on the characteristic is refused as by BlueZ.
        self.assertEqual(self.frames(device), [])
        self.assertFalse(self.state(device)['Running'])
        self.assert_dbus_error('org.bluez.Error.InProgress', self.write, tx, SPEED_2400)
        self.assertEqual(done, [])
        wait_until(lambda: done, 5, 'the delayed WriteValue reply')
        self.assertEqual(done, ['reply'])
        self.assertEqual(self.frames(device), [(SPEED_1750, 'request')])

    def test_writes_in_flight_are_counted(self):
        device, tx, _ = self.connected_theragun()
        magic = self.add('magic-motion', 'Magic Wand', 'AA:BB:CC:DD:EE:03')
        self.connect(magic)
        self.assertEqual(self.state(magic)['MaxInFlight'], 0)
        self.mock('SetWriteDelay', magic, dbus.UInt32(300))
        mtx = self.char(magic, MAGIC_TX)
        done = []
        # Commands may overlap (a request on the same characteristic may not).
        for level in (10, 20):
            self.write(mtx, MAGIC_50[:9] + bytes([level]) + MAGIC_50[10:], 'command',
                       reply_handler=lambda: done.append(1),
                       error_handler=lambda e: done.append(e))
        wait_until(lambda: len(done) == 2, 5, 'both writes')
        self.assertEqual(done, [1, 1])
        self.assertEqual(self.state(magic)['MaxInFlight'], 2)

    def test_hold_writes_until_released(self):
        device, tx, _ = self.connected_theragun()
        self.mock('HoldWrites', device, True)
        done = []
        self.write(tx, SPEED_1750, reply_handler=lambda: done.append('reply'),
                   error_handler=lambda e: done.append(e))
        # It waits in the air: not answered, not at the device.
        self.assertEqual(self.state(device)['InFlight'], 1)
        self.assertEqual((done, self.frames(device)), ([], []))
        self.mock('HoldWrites', device, False)
        wait_until(lambda: done, 5, 'the reply')
        self.assertEqual(done, ['reply'])
        self.assertEqual(self.frames(device), [(SPEED_1750, 'request')])
        self.assertEqual(self.state(device)['InFlight'], 0)

    def test_refuse_frames_by_prefix(self):
        device, tx, _ = self.connected_theragun()
        self.mock('RefuseFrames', device, dbus.ByteArray(STATUS_REQUEST),
                  'org.bluez.Error.NotPermitted')
        self.mock('RefuseFrames', device, dbus.ByteArray(VERSION_REQUEST[:2]),
                  'org.bluez.Error.Failed')
        self.assert_dbus_error('org.bluez.Error.NotPermitted', self.write, tx, STATUS_REQUEST)
        self.assert_dbus_error('org.bluez.Error.Failed', self.write, tx, VERSION_REQUEST,
                               'command')
        self.write(tx, SPEED_1750)
        self.assertEqual(self.frames(device), [(SPEED_1750, 'request')])
        self.assert_dbus_error('org.bluez.Mock.InvalidArguments', self.mock, 'RefuseFrames',
                               device, dbus.ByteArray(b'\xaa'), 'not a name')
        self.mock('RefuseFrames', device, dbus.ByteArray(b''), '')
        self.write(tx, STATUS_REQUEST)
        self.assertEqual(self.frames(device)[-1], (STATUS_REQUEST, 'request'))

    def test_discovery_delay(self):
        self.mock('SetDiscoveryDelay', 'hci0', dbus.UInt32(300))
        done = []
        self.call(HCI0, ADAPTER, 'StartDiscovery', reply_handler=lambda: done.append('reply'),
                  error_handler=lambda e: done.append(e))
        # Discovering already, the reply still to come.
        self.wait_for_change(HCI0, ADAPTER, 'Discovering', True)
        self.assertEqual(done, [])
        wait_until(lambda: done, 5, 'the late StartDiscovery reply')
        self.assertEqual(done, ['reply'])

    def test_set_paired(self):
        device = self.add('theragun', 'Pro')
        self.assertFalse(self.get(device, DEVICE, 'Paired'))
        self.mock('SetPaired', device, True)
        self.wait_for_change(device, DEVICE, 'Paired', True)
        self.assertTrue(self.get(device, DEVICE, 'Bonded'))
        self.mock('SetPaired', device, False)
        self.wait_for_change(device, DEVICE, 'Paired', False)

    def test_pending_write_fails_when_the_link_drops(self):
        # Delayed, or held until released: the link goes first.
        for knob, value in (('SetWriteDelay', dbus.UInt32(5000)), ('HoldWrites', True)):
            with self.subTest(knob=knob):
                device, tx, _ = self.connected_theragun()
                self.mock(knob, device, value)
                done = []
                self.write(tx, SPEED_1750, reply_handler=lambda: done.append('reply'),
                           error_handler=lambda e: done.append(e.get_dbus_name()))
                self.mock('DisconnectDevice', device)
                wait_until(lambda: done, 5, 'the failed WriteValue')
                self.assertEqual(done, ['org.bluez.Error.NotConnected'])
                self.assertEqual(self.frames(device), [])
                self.call(HCI0, ADAPTER, 'RemoveDevice', dbus.ObjectPath(device))

    def test_send_notification(self):
        device, _, rx = self.connected_theragun()
        self.assert_dbus_error('org.bluez.Mock.NotNotifying', self.mock, 'SendNotification',
                               device, dbus.Array(b'\x01', signature='y'))
        self.call(rx, CHRC, 'StartNotify')
        self.mock('SendNotification', device, dbus.Array(b'\xde\xad', signature='y'))
        self.wait_for_notification(rx, b'\xde\xad')

    def test_set_battery(self):
        device = self.add('lovense', 'LVS-Hush')
        self.forget_signals()
        self.mock('SetBattery', device, dbus.Byte(42))
        wait_until(lambda: self.signals_of('InterfacesAdded', '/'), 5, 'InterfacesAdded')
        self.assertEqual(self.signals_of('InterfacesAdded', '/')[0][3],
                         (device, {BATTERY: {'Percentage': 42}}))
        self.mock('SetBattery', device, dbus.Byte(41))
        self.wait_for_change(device, BATTERY, 'Percentage', 41)
        self.assertEqual(len(self.signals_of('InterfacesAdded', '/')), 1)
        self.assertEqual(self.managed()[device][BATTERY]['Percentage'], 41)
        # The device's own battery report follows.
        self.connect(device)
        rx = self.char(device, LOVENSE_RX)
        self.call(rx, CHRC, 'StartNotify')
        self.write(self.char(device, LOVENSE_TX), b'Battery;', 'command')
        self.wait_for_notification(rx, b'41;')

    def test_set_battery_notifies_the_battery_level(self):
        device = self.add('magic-motion', 'Fugu')
        self.connect(device)
        level = self.char(device, BATTERY_LEVEL)
        self.call(level, CHRC, 'StartNotify')
        self.mock('SetBattery', device, dbus.Byte(55))
        self.wait_for_notification(level, bytes([55]))
        self.assertEqual(bytes(self.call(level, CHRC, 'ReadValue', dbus.Dictionary({}, signature='sv'))),
                         bytes([55]))


class EmulatorUnitTest(unittest.TestCase):
    """The emulators alone, on the vectors of PROTOCOLS.md."""

    def test_theragun_vectors(self):
        emu = emulators.create('theragun', 'Pro')
        for rpm, frame in [(0, 'AA 07 01 03 00 00 03'), (1750, 'AA E3 01 03 06 D6 03'),
                           (2400, 'AA 70 01 03 09 60 03'), (3616, 'AA 35 01 03 0E 20 03')]:
            self.assertEqual(emu.write(THERAGUN_TX, bytes.fromhex(frame), 'request'), (None, []))
            self.assertEqual(emu.level, rpm)
        self.assertEqual(emu.errors, [])

    def test_prime_tops_out_lower(self):
        emu = emulators.create('theragun', 'Prime')
        emu.write(THERAGUN_TX, bytes.fromhex('AA 15 01 03 0E 00 03'), 'request')
        emu.write(THERAGUN_TX, bytes.fromhex('AA 35 01 03 0E 20 03'), 'request')
        self.assertEqual(emu.level, 3584)
        self.assertEqual(len(emu.errors), 1)
        self.assertIn('out of range 0..3584', emu.errors[0])

    def test_magic_motion_and_wevibe_vectors(self):
        magic = emulators.create('magic-motion')
        magic.write(MAGIC_TX, MAGIC_50, 'command')
        self.assertEqual((magic.running, magic.level), (True, 50))
        wevibe = emulators.create('wevibe')
        for ss in ('84', 'C8', '08', '88', 'CC', '99'):
            wevibe.write(WEVIBE_TX, bytes.fromhex('0F 03 00 %s 00 03 00 00' % ss), 'request')
            self.assertEqual(wevibe.level, int(ss, 16))
        self.assertEqual(magic.errors + wevibe.errors, [])

    def test_lovense_vectors(self):
        emu = emulators.create('lovense', address='00:82:05:9A:D3:BD')
        self.assertEqual(emu.write(LOVENSE_TX, bytes.fromhex('56 69 62 72 61 74 65 3A 31 30 3B'),
                                   'command'), (None, [(LOVENSE_RX, b'OK;')]))
        self.assertEqual(emu.write(LOVENSE_TX, b'DeviceType;', 'command')[1],
                         [(LOVENSE_RX, b'Z:11:0082059AD3BD;')])
        emu.set_battery(100)
        self.assertEqual(emu.write(LOVENSE_TX, bytes.fromhex('42 61 74 74 65 72 79 3B'), 'command')[1],
                         [(LOVENSE_RX, b'100;')])
        self.assertEqual(emu.errors, [])

    def test_replies_are_byte_exact(self):
        emu = emulators.create('theragun', 'Elite')
        emu.write(THERAGUN_TX, SPEED_1750, 'request')
        self.assertEqual(emu.write(THERAGUN_TX, STATUS_REQUEST, 'request')[1], [(THERAGUN_RX, STATUS_1750)])
        self.assertEqual(emu.write(THERAGUN_TX, VERSION_REQUEST, 'command')[1], [(THERAGUN_RX, VERSION_216)])


if __name__ == '__main__':
    unittest.main()
