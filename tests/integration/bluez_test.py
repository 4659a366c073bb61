# SPDX-License-Identifier: LGPL-2.1-or-later
"""Harness for tpd against the fake BlueZ: a private system bus (tpd's
default, where BlueZ lives), the fake org.bluez with one powered adapter,
and the real tpd without --simulate. After every test, the device
emulators must have found no wrong byte in anything tpd wrote."""
import os

import dbus

from fakebluez import FakeBluez
from tpdtest import DEVICE, SESSION, SRC_DIR, TpdTestCase

BLUEZ_DATA = os.path.join(SRC_DIR, 'tests', 'data', 'bluez')
HCI0 = '/org/bluez/hci0'

# Theragun gen-4 frames (PROTOCOLS.md §2), built here, not by tpd.
STOP = bytes.fromhex('AA 07 01 03 00 00 03')
STATUS_REQUEST = bytes.fromhex('AA 10 10 00')
VERSION_REQUEST = bytes.fromhex('AA 20 20 00')


def theragun_speed(rpm):
    body = bytes([0x01, 0x03, rpm >> 8, rpm & 0xFF, 0x03])
    return bytes([0xAA, sum(body) & 0xFF]) + body


def magic_motion(level):
    return bytes.fromhex('0B FF 04 0A 32 32 00 04 08') + bytes([level]) + bytes.fromhex('64 00')


def speed_for(intensity, low, high):
    """The speed (or level) for an intensity, as tpd-model(5) says: 1 %
    is the bottom of the range, 100 % the top, rounded to nearest."""
    return low + round((high - low) * (intensity - 1) / 99)


def tpd_path(address):
    return '/io/tpd/Tpd1/device/' + address.replace(':', '_')


class BluezTestCase(TpdTestCase):
    system_bus = True
    time_scale = None
    start_tpd_in_setup = False
    reconnect = (0.1, 0.4)
    # More lines for tpd.conf's [Bluetooth] group.
    bluetooth_conf = ''

    def setUp(self):
        super().setUp()
        self.massagers = []
        self.fake = FakeBluez(self.bus_daemon.address,
                              os.path.join(self.tmp.name, 'fake-bluez.log'))
        # Also when setUp fails half-way (tearDown then does not run).
        self.addCleanup(self.fake.stop)
        self.start_fake()
        conf = os.path.join(self.tmp.name, 'tpd.conf')
        with open(conf, 'w') as f:
            f.write('[Bluetooth]\nReconnectMin=%g\nReconnectMax=%g\n' % self.reconnect)
            f.write(self.bluetooth_conf)
        self.extra_args = ['--config', conf, '--data-dir', BLUEZ_DATA]
        self.start_tpd()

    def tearDown(self):
        try:
            if self.fake.proc and self.fake.proc.poll() is None:
                for path in self.massagers:
                    errors = [str(e) for e in self.mock('GetErrors', dbus.ObjectPath(path))]
                    self.assertEqual(errors, [], 'wrong bytes reached ' + path)
        finally:
            super().tearDown()

    def start_fake(self):
        self.fake.start(self.bus)
        self.mock('AddAdapter', 'hci0', 'tpd-test')

    def bluez(self, path, iface, method, *args):
        obj = self.bus.get_object('org.bluez', path, introspect=False)
        return obj.get_dbus_method(method, iface)(*args)

    def bluez_get(self, path, iface, name):
        return self.bluez(path, 'org.freedesktop.DBus.Properties', 'Get', iface, name)

    def mock(self, method, *args):
        obj = self.bus.get_object('org.bluez', '/', introspect=False)
        return obj.get_dbus_method(method, 'org.bluez.Mock')(*args)

    def add_massager(self, emulator, name, address='AA:BB:CC:00:00:01', paired=False):
        path = str(self.mock('AddMassager', 'hci0', address, name, emulator))
        self.massagers.append(path)
        if paired:
            self.mock('SetPaired', dbus.ObjectPath(path), True)
        return path

    def calls_to(self, path, method):
        """The fake's record of @method called on @path: (time, args)."""
        obj = self.bus.get_object('org.bluez', path, introspect=False)
        return obj.GetMethodCalls(method, dbus_interface='org.freedesktop.DBus.Mock')

    def tx_path(self, bluez_path):
        """The Theragun's write characteristic (0xFFE2) under @bluez_path."""
        objects = self.bluez('/', 'org.freedesktop.DBus.ObjectManager', 'GetManagedObjects')
        for path, ifaces in objects.items():
            chrc = ifaces.get('org.bluez.GattCharacteristic1')
            if path.startswith(bluez_path) and chrc and \
                    str(chrc['UUID']).startswith('0000ffe2'):
                return str(path)
        raise AssertionError('no write characteristic under ' + bluez_path)

    def fake_frames(self, path):
        return [(bytes(f), str(t)) for f, t in self.mock('GetFrames', dbus.ObjectPath(path))]

    def fake_state(self, path):
        return self.mock('GetState', dbus.ObjectPath(path))

    def wait_for_device(self, address, timeout=5):
        path = tpd_path(address)
        self.wait_until(lambda: self.device_exists(path), timeout, 'device %s published' % path)
        return path

    def device_exists(self, path):
        try:
            self.get(path, DEVICE, 'Address')
            return True
        except dbus.exceptions.DBusException:
            return False

    def connect(self, address):
        path = tpd_path(address)
        self.call(path, DEVICE, 'Connect')
        self.wait_for_property(path, DEVICE, 'State', 'ready', timeout=5)
        return path

    def wait_fake(self, path, what, predicate, timeout=5):
        self.wait_until(lambda: predicate(self.fake_state(path)), timeout, what)

    def run_quick(self, device, **options):
        options.setdefault('Side', 'left')
        session = self.start_session('gluteus-medius', 'quick', device=device, **options)
        return session, str(self.wait_for_signal('Finished', session, SESSION, 10)[0])
