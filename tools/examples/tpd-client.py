#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# How a desktop client talks to tpd: list the devices, run one session and
# follow it to the end. Usage: tpd-client.py [MUSCLE]
import sys

from gi.repository import Gio, GLib

TPD = 'io.tpd.Tpd1'
MANAGER_PATH = '/io/tpd/Tpd1'
SESSION = 'io.tpd.Tpd1.Session'


def call(bus, path, iface, method, args, reply_type):
    return bus.call_sync(TPD, path, iface, method, args, GLib.VariantType(reply_type),
                         Gio.DBusCallFlags.NONE, -1, None).unpack()


def main():
    muscle = sys.argv[1] if len(sys.argv) > 1 else 'trapezius'
    bus = Gio.bus_get_sync(Gio.BusType.SYSTEM)
    loop = GLib.MainLoop()
    state = {'path': None, 'reason': None}

    # Every device and session is an object below the manager.
    objects, = call(bus, MANAGER_PATH, 'org.freedesktop.DBus.ObjectManager',
                    'GetManagedObjects', None, '(a{oa{sa{sv}}})')
    for path, interfaces in sorted(objects.items()):
        if 'io.tpd.Tpd1.Device' in interfaces:
            device = interfaces['io.tpd.Tpd1.Device']
            connected = 'yes' if device['Connected'] else 'no'
            print('%s: %s, connected: %s' % (path, device['Name'], connected))

    # Subscribe before StartSession: a short session may end before the
    # reply is read. The session's path is not known yet, so match it in
    # the callbacks (they run in the main loop, once the path is set).
    def on_finished(bus, sender, path, iface, member, args):
        if path == state['path']:
            state['reason'] = args[0]
            loop.quit()

    def on_changed(bus, sender, path, iface, member, args):
        for name in ('Step', 'StepName', 'Intensity'):
            if path == state['path'] and name in args[1]:
                print('%s: %s' % (name, args[1][name]))

    bus.signal_subscribe(TPD, SESSION, 'Finished', None, None,
                         Gio.DBusSignalFlags.NONE, on_finished)
    bus.signal_subscribe(TPD, 'org.freedesktop.DBus.Properties', 'PropertiesChanged',
                         None, SESSION, Gio.DBusSignalFlags.NONE, on_changed)
    # Should tpd itself go away, no Finished would ever come.
    Gio.bus_watch_name_on_connection(bus, TPD, Gio.BusNameWatcherFlags.NONE,
                                     None, lambda *_: loop.quit())

    # "/" is the only connected device. The session runs as long as this
    # client stays on the bus: if it exits or crashes, tpd stops the motor.
    options = {'Scale': GLib.Variant('d', 0.8)}
    state['path'], = call(bus, MANAGER_PATH, 'io.tpd.Tpd1.Manager', 'StartSession',
                          GLib.Variant('(ossa{sv})', ('/', muscle, 'release', options)),
                          '(o)')
    print('session %s' % state['path'])
    loop.run()

    print('finished: %s' % (state['reason'] or 'tpd left the bus'))
    return 0 if state['reason'] == 'completed' else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except GLib.Error as e:
        # tpd's errors are named io.tpd.Tpd1.Error.* and say what to do.
        name = Gio.DBusError.get_remote_error(e)
        message = e.message.split(': ', 1)[-1] if name else e.message
        print('%s: %s' % (name or 'error', message), file=sys.stderr)
        sys.exit(1)
