#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A client that floods tpd with one kind of call until it is killed, for
test_shutdown_race: race-client.py BUS_ADDRESS DEVICE_PATH MODE, MODE one of
    intensity   Device.SetIntensity to random levels, 4 calls in flight
    session     Manager.StartSession, then Session.Stop on what it returned
    discovery   Manager.StartDiscovery, then StopDiscovery
Every error is expected (tpd refuses, stops, goes away and comes back);
while tpd is away the client waits for its name to return instead of
spinning. It prints nothing: the test judges tpd by its exit status and by
what the device received."""
import random
import sys

import dbus.bus
import dbus.mainloop.glib
from gi.repository import GLib

BUS_NAME = 'io.tpd.Tpd1'
MANAGER_PATH = '/io/tpd/Tpd1'
MANAGER = 'io.tpd.Tpd1.Manager'
DEVICE = 'io.tpd.Tpd1.Device'
SESSION = 'io.tpd.Tpd1.Session'
GONE = ('org.freedesktop.DBus.Error.ServiceUnknown',
        'org.freedesktop.DBus.Error.NameHasNoOwner')


class Flood:
    def __init__(self, bus, device, mode):
        self.bus = bus
        self.device = device
        self.step = getattr(self, 'step_' + mode)
        self.in_flight = {'intensity': 4, 'session': 2, 'discovery': 1}[mode]
        self.running = 0
        self.present = bus.name_has_owner(BUS_NAME)
        bus.add_signal_receiver(self.owner_changed, 'NameOwnerChanged',
                                'org.freedesktop.DBus', arg0=BUS_NAME)

    def owner_changed(self, name, old, new):
        self.present = bool(new)
        self.fill()

    def fill(self):
        while self.present and self.running < self.in_flight:
            self.running += 1
            self.step()

    def call(self, path, iface, method, signature='', args=(), then=None):
        # Straight to the name: a proxy would look its owner up, and fail
        # while tpd is away.
        self.bus.call_async(BUS_NAME, path, iface, method, signature, args,
                            lambda *r: (then or self.done)(*r), self.failed, timeout=10)

    def done(self, *reply):
        self.running -= 1
        self.fill()

    def failed(self, error):
        # The error may be older than tpd's return: ask the bus.
        if error.get_dbus_name() in GONE:
            self.present = self.bus.name_has_owner(BUS_NAME)
        self.done()

    def step_intensity(self):
        self.call(self.device, DEVICE, 'SetIntensity', 'u', (random.randint(0, 100),))

    def step_session(self):
        args = (self.device, 'gluteus-medius', 'release', {'Side': 'left'})
        self.call(MANAGER_PATH, MANAGER, 'StartSession', 'ossa{sv}', args,
                  then=self.stop_session)

    def stop_session(self, path):
        self.call(path, SESSION, 'Stop')

    def step_discovery(self):
        self.call(MANAGER_PATH, MANAGER, 'StartDiscovery', then=self.stop_discovery)

    def stop_discovery(self):
        self.call(MANAGER_PATH, MANAGER, 'StopDiscovery')


def main(address, device, mode):
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    Flood(bus, device, mode).fill()
    GLib.MainLoop().run()


if __name__ == '__main__':
    main(*sys.argv[1:])
