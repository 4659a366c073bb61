# SPDX-License-Identifier: LGPL-2.1-or-later
"""The fake BlueZ of tests/fakes (a python3-dbusmock template with device
emulators) in a process of its own, for tests that need org.bluez on a
private system bus: stop() makes org.bluez vanish, start() brings a fresh,
empty one back."""
import os
import subprocess

from tpdtest import wait_until

FAKES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fakes')
TEMPLATE = os.path.join(FAKES, 'bluez5_gatt.py')
PYTHON = '/usr/bin/python3'     # Debian's, with dbus and dbusmock (not pyenv's)

BLUEZ = 'org.bluez'
MOCK = 'org.bluez.Mock'
ADAPTER = 'org.bluez.Adapter1'
DEVICE = 'org.bluez.Device1'
SERVICE = 'org.bluez.GattService1'
CHRC = 'org.bluez.GattCharacteristic1'
BATTERY = 'org.bluez.Battery1'
PROPS = 'org.freedesktop.DBus.Properties'
OBJMGR = 'org.freedesktop.DBus.ObjectManager'
HCI0 = '/org/bluez/hci0'

THERAGUN_TX = '0000ffe2-0000-1000-8000-00805f9b34fb'
THERAGUN_RX = '0000ffe1-0000-1000-8000-00805f9b34fb'
LOVENSE_TX = '0000fff2-0000-1000-8000-00805f9b34fb'
LOVENSE_RX = '0000fff1-0000-1000-8000-00805f9b34fb'
MAGIC_TX = '78667579-a914-49a4-8333-aa3c0cd8fedc'
WEVIBE_TX = 'f000c000-0451-4000-b000-000000000000'
BATTERY_LEVEL = '00002a19-0000-1000-8000-00805f9b34fb'

# Frames written out by hand from PROTOCOLS.md, not with the emulators.
SPEED_1750 = bytes.fromhex('AA E3 01 03 06 D6 03')
SPEED_2400 = bytes.fromhex('AA 70 01 03 09 60 03')
STATUS_REQUEST = bytes.fromhex('AA 10 10 00')
VERSION_REQUEST = bytes.fromhex('AA 20 20 00')
STATUS_1750 = bytes.fromhex('BB ED 10 00 01 00 00 00 00 00 00 00 00 06 D6 00')
VERSION_216 = bytes.fromhex('BB F8 20 00 00 00 00 00 00 00 00 00 00 D8')
MAGIC_50 = bytes.fromhex('0B FF 04 0A 32 32 00 04 08 32 64 00')
MAGIC_STOP = bytes.fromhex('0B FF 04 0A 32 32 00 04 08 00 64 00')
WEVIBE_84 = bytes.fromhex('0F 03 00 84 00 03 00 00')
WEVIBE_STOP = bytes.fromhex('0F 00 00 00 00 00 00 00')


class FakeBluez:
    """The template in its own process.  stop() makes org.bluez vanish
    from the bus, start() brings a fresh, empty one back."""

    def __init__(self, bus_address, log_path):
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus_address)
        self.log_path = log_path
        self.proc = None

    def start(self, conn, timeout=10):
        self.proc = subprocess.Popen(
            [PYTHON, '-m', 'dbusmock', '--system', '-t', TEMPLATE, '-l', self.log_path],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(lambda: conn.name_has_owner(BLUEZ) or self.proc.poll() is not None,
                   timeout, 'org.bluez on the bus')
        if self.proc.poll() is not None:
            raise RuntimeError('the fake BlueZ exited: ' + self.log())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def log(self):
        with open(self.log_path) as f:
            return f.read()
