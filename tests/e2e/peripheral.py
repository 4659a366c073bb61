#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A pretend Theragun PRO for tools/e2e: a GATT server and an advertisement
registered with the real bluetoothd on one adapter (the peripheral side).

Service ffe0: ffe2 (write, write-without-response) receives the frames,
ffe1 (notify) answers status and version requests with BB frames. Every
frame written to ffe2 is appended at once to --frames as
"HEX KIND [error]" (KIND speed=N, status, version or invalid), so that the
record survives however the guest ends.

With --battery PERCENT it is instead the device of
tests/e2e/data/models/e2e-battery.model: a frame device (E2 LL, stop E2 00)
that answers every frame with the status EB PP, PP its battery level, for
the check of tpd's battery provider.

Written against BlueZ's doc/org.bluez.GattManager.rst, GattService.rst,
GattCharacteristic.rst, LEAdvertisingManager.rst and LEAdvertisement.rst.
"""
import argparse
import os
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import theragun_frames  # noqa: E402
from emulators import Theragun  # noqa: E402  (theragun_frames put it on the path)

BLUEZ = 'org.bluez'
PROPS = 'org.freedesktop.DBus.Properties'
OBJECT_MANAGER = 'org.freedesktop.DBus.ObjectManager'
GATT_MANAGER = 'org.bluez.GattManager1'
GATT_SERVICE = 'org.bluez.GattService1'
GATT_CHARACTERISTIC = 'org.bluez.GattCharacteristic1'
ADVERTISING_MANAGER = 'org.bluez.LEAdvertisingManager1'
ADVERTISEMENT = 'org.bluez.LEAdvertisement1'
ADAPTER = 'org.bluez.Adapter1'


def uuid16(short):
    return '0000%s-0000-1000-8000-00805f9b34fb' % short


def log(fmt, *args):
    print('%.3f peripheral: %s' % (time.monotonic(), fmt % args), flush=True)


class Agent(dbus.service.Object):
    """A pairing agent without input or output (org.bluez.Agent1), as a
    gun has no screen or keys: every request is granted, so that
    `bluetoothctl pair` from the other controller succeeds (Just Works)."""
    IFACE = 'org.bluez.Agent1'

    @dbus.service.method(IFACE, in_signature='', out_signature='')
    def Release(self):
        log('agent released')

    @dbus.service.method(IFACE, in_signature='ou', out_signature='')
    def RequestConfirmation(self, device, passkey):
        log('pairing with %s confirmed (%06u)', device, passkey)

    @dbus.service.method(IFACE, in_signature='o', out_signature='')
    def RequestAuthorization(self, device):
        log('pairing with %s authorized', device)

    @dbus.service.method(IFACE, in_signature='os', out_signature='')
    def AuthorizeService(self, device, uuid):
        log('service %s of %s authorized', uuid, device)

    @dbus.service.method(IFACE, in_signature='', out_signature='')
    def Cancel(self):
        log('agent request cancelled')


class InvalidArgs(dbus.DBusException):
    _dbus_error_name = 'org.freedesktop.DBus.Error.InvalidArgs'


class NotPermitted(dbus.DBusException):
    _dbus_error_name = 'org.bluez.Error.NotPermitted'


class PropertiesObject(dbus.service.Object):
    """An object with one interface whose properties are read-only."""

    interface = None

    def __init__(self, bus, path):
        self.path = dbus.ObjectPath(path)
        super().__init__(bus, self.path)

    def properties(self):
        raise NotImplementedError

    @dbus.service.method(PROPS, in_signature='ss', out_signature='v')
    def Get(self, interface, name):
        props = self.GetAll(interface)
        if name not in props:
            raise InvalidArgs('no property %s' % name)
        return props[name]

    @dbus.service.method(PROPS, in_signature='s', out_signature='a{sv}')
    def GetAll(self, interface):
        if interface != self.interface:
            raise InvalidArgs('no interface %s' % interface)
        return self.properties()

    @dbus.service.method(PROPS, in_signature='ssv')
    def Set(self, interface, name, value):
        raise NotPermitted('read-only')

    @dbus.service.signal(PROPS, signature='sa{sv}as')
    def PropertiesChanged(self, interface, changed, invalidated):
        pass


class Service(PropertiesObject):
    interface = GATT_SERVICE

    def __init__(self, bus, path, uuid):
        super().__init__(bus, path)
        self.uuid = uuid
        self.characteristics = []

    def properties(self):
        return {'UUID': self.uuid, 'Primary': dbus.Boolean(True)}


class Characteristic(PropertiesObject):
    interface = GATT_CHARACTERISTIC

    def __init__(self, bus, path, service, uuid, flags):
        super().__init__(bus, path)
        self.service = service
        self.uuid = uuid
        self.flags = flags
        self.value = b''
        self.notifying = False
        service.characteristics.append(self)

    def properties(self):
        props = {'UUID': self.uuid, 'Service': self.service.path,
                 'Flags': dbus.Array(self.flags, signature='s'),
                 'Value': dbus.ByteArray(self.value)}
        if 'notify' in self.flags:
            props['Notifying'] = dbus.Boolean(self.notifying)
        return props

    @dbus.service.method(GATT_CHARACTERISTIC, in_signature='a{sv}',
                         out_signature='ay')
    def ReadValue(self, options):
        return dbus.ByteArray(self.value)

    @dbus.service.method(GATT_CHARACTERISTIC, in_signature='aya{sv}')
    def WriteValue(self, value, options):
        raise NotPermitted('not writable')

    @dbus.service.method(GATT_CHARACTERISTIC)
    def StartNotify(self):
        if 'notify' not in self.flags:
            raise NotPermitted('no notifications')
        log('%s: notifications on', self.uuid[4:8])
        self.notifying = True
        self.PropertiesChanged(GATT_CHARACTERISTIC,
                               {'Notifying': dbus.Boolean(True)}, [])

    @dbus.service.method(GATT_CHARACTERISTIC)
    def StopNotify(self):
        log('%s: notifications off', self.uuid[4:8])
        self.notifying = False
        self.PropertiesChanged(GATT_CHARACTERISTIC,
                               {'Notifying': dbus.Boolean(False)}, [])

    def notify(self, data):
        self.value = bytes(data)
        if not self.notifying:
            log('%s: not subscribed; %s not sent', self.uuid[4:8], data.hex())
            return
        log('%s: notify %s', self.uuid[4:8], data.hex(' ').upper())
        self.PropertiesChanged(GATT_CHARACTERISTIC,
                               {'Value': dbus.ByteArray(self.value)}, [])


class RecordingCharacteristic(Characteristic):
    """What tpd writes to: each frame counted and written to the frames
    file (one line each), answers notified on @rx."""

    def __init__(self, bus, path, service, uuid, flags, rx, frames_path):
        super().__init__(bus, path, service, uuid, flags)
        self.rx = rx
        self.frames = open(frames_path, 'a', buffering=1)
        self.count = 0
        self.errors = 0

    def record(self, line, sender):
        self.count += 1
        self.frames.write(line + '\n')
        log('frame %d from %s: %s', self.count, sender, line)

    def answer(self, data):
        self.rx.notify(data)
        return GLib.SOURCE_REMOVE


class CommandCharacteristic(RecordingCharacteristic):
    """ffe2: what tpd writes. Records, checks and answers each frame."""

    def __init__(self, bus, path, service, rx, frames_path):
        super().__init__(bus, path, service, uuid16('ffe2'),
                         ['write', 'write-without-response'], rx, frames_path)
        # Checks each frame and makes the gun's answers, as in the fake BlueZ.
        self.gun = Theragun('Pro')

    @dbus.service.method(GATT_CHARACTERISTIC, in_signature='aya{sv}')
    def WriteValue(self, value, options):
        frame = bytes(value)
        how = ' '.join('%s=%s' % (k, options[k]) for k in ('type', 'offset')
                       if k in options)
        try:
            kind, rpm = theragun_frames.classify(frame)
            note = 'speed=%d' % rpm if kind == 'speed' else kind
        except ValueError as e:
            note = 'invalid %s' % e
            self.errors += 1
        line = '%s %s%s' % (frame.hex(), note, ' ' + how if how else '')
        self.record(line, options.get('device', '?'))
        # BlueZ does not say whether it came as a request or a command.
        _, replies = self.gun.write(self.gun.TX, frame, None)
        for _, reply in replies:
            GLib.idle_add(self.answer, reply)


# tests/e2e/data/models/e2e-battery.model
BATTERY_SERVICE = '7470640e-0001-4000-8000-00805f9b34fb'
BATTERY_TX = '7470640e-0002-4000-8000-00805f9b34fb'
BATTERY_RX = '7470640e-0003-4000-8000-00805f9b34fb'


class BatteryCommandCharacteristic(RecordingCharacteristic):
    """The --battery device's write characteristic: records each frame,
    checks it is E2 LL, and answers with the status EB PP."""

    def __init__(self, bus, path, service, rx, frames_path, battery):
        super().__init__(bus, path, service, BATTERY_TX, ['write'], rx, frames_path)
        self.battery = battery

    @dbus.service.method(GATT_CHARACTERISTIC, in_signature='aya{sv}')
    def WriteValue(self, value, options):
        frame = bytes(value)
        valid = len(frame) == 2 and frame[0] == 0xE2 and frame[1] <= 10
        self.errors += 0 if valid else 1
        line = '%s %s' % (frame.hex(), 'level=%d' % frame[1] if valid else 'invalid')
        self.record(line, options.get('device', '?'))
        GLib.idle_add(self.answer, bytes([0xEB, self.battery]))


class Application(dbus.service.Object):
    """The object manager bluetoothd reads the service tree from."""

    def __init__(self, bus, path):
        self.path = dbus.ObjectPath(path)
        super().__init__(bus, self.path)
        self.services = []

    @dbus.service.method(OBJECT_MANAGER, out_signature='a{oa{sa{sv}}}')
    def GetManagedObjects(self):
        objects = {}
        for service in self.services:
            objects[service.path] = {service.interface: service.properties()}
            for char in service.characteristics:
                objects[char.path] = {char.interface: char.properties()}
        return objects


class Advertisement(PropertiesObject):
    interface = ADVERTISEMENT

    def __init__(self, bus, path, name, uuids):
        super().__init__(bus, path)
        self.name = name
        self.uuids = uuids

    def properties(self):
        return {'Type': 'peripheral',
                'LocalName': self.name,
                'ServiceUUIDs': dbus.Array(self.uuids, signature='s'),
                # General discoverable, like a gun waiting to be found
                # (bluetoothd 5.66 found it without the flag too).
                'Discoverable': dbus.Boolean(True)}

    @dbus.service.method(ADVERTISEMENT)
    def Release(self):
        log('advertisement released by bluetoothd')


class Peripheral:
    def __init__(self, args):
        self.args = args
        self.loop = GLib.MainLoop()
        self.bus = dbus.SystemBus()
        self.adapter_path = '/org/bluez/' + args.adapter
        self.adapter = self.bus.get_object(BLUEZ, self.adapter_path)
        root = '/io/tpd/e2e'
        self.app = Application(self.bus, root)
        uuids = self.battery_device(root) if args.battery is not None \
            else self.theragun(root)
        self.adv = Advertisement(self.bus, root + '/advertisement0',
                                 args.name, [uuids[0]])
        self.pending = {'application', 'advertisement'}
        self.failed = None

    def theragun(self, root):
        """Service ffe0, notify ffe1, write ffe2."""
        service = Service(self.bus, root + '/service0', uuid16('ffe0'))
        rx = Characteristic(self.bus, root + '/service0/char0', service,
                            uuid16('ffe1'), ['notify'])
        self.tx = CommandCharacteristic(self.bus, root + '/service0/char1',
                                        service, rx, self.args.frames)
        self.app.services.append(service)
        return [service.uuid]

    def battery_device(self, root):
        service = Service(self.bus, root + '/service0', BATTERY_SERVICE)
        rx = Characteristic(self.bus, root + '/service0/char0', service,
                            BATTERY_RX, ['notify'])
        self.tx = BatteryCommandCharacteristic(
            self.bus, root + '/service0/char1', service, rx,
            self.args.frames, self.args.battery)
        self.app.services.append(service)
        return [service.uuid]

    def fail(self, what, error):
        self.failed = '%s: %s' % (what, error)
        log('FAILED %s', self.failed)
        self.loop.quit()

    def registered(self, what):
        log('%s registered', what)
        self.pending.discard(what)
        if not self.pending and self.args.ready:
            with open(self.args.ready, 'w') as f:
                f.write('ready\n')

    def register_agent(self):
        path = '/io/tpd/e2e/agent'
        self.agent = Agent(self.bus, path)
        manager = dbus.Interface(self.bus.get_object(BLUEZ, '/org/bluez'),
                                 'org.bluez.AgentManager1')
        manager.RegisterAgent(path, 'NoInputNoOutput')
        manager.RequestDefaultAgent(path)
        log('pairing agent registered (NoInputNoOutput)')

    def watch_links(self):
        """Advertise only while no central is connected, as a gun does
        (bluetoothd would go on advertising beside the link), and again
        once the last link is gone."""
        self.links = set()
        self.advertising = True
        self.bus.add_signal_receiver(self.device_changed, 'PropertiesChanged', PROPS,
                                     BLUEZ, path_keyword='path')
        # A central's device object may be made connected.
        self.bus.add_signal_receiver(
            lambda path, ifaces: self.device_changed(
                'org.bluez.Device1', ifaces.get('org.bluez.Device1', {}), [], path),
            'InterfacesAdded', OBJECT_MANAGER, BLUEZ)

    def device_changed(self, iface, changed, invalidated, path=None):
        if iface != 'org.bluez.Device1' or 'Connected' not in changed or \
                not path.startswith(self.adapter_path + '/'):
            return
        (self.links.add if changed['Connected'] else self.links.discard)(path)
        manager = dbus.Interface(self.adapter, ADVERTISING_MANAGER)
        if self.links and self.advertising:
            self.advertising = False
            log('connected to %s: advertising stops', path)
            manager.UnregisterAdvertisement(
                self.adv.path, reply_handler=lambda: None,
                error_handler=lambda e: log('UnregisterAdvertisement: %s', e))
        elif not self.links and not self.advertising:
            self.advertising = True
            log('no link left: advertising again')
            manager.RegisterAdvertisement(
                self.adv.path, {}, reply_handler=lambda: None,
                error_handler=lambda e: self.fail('RegisterAdvertisement', e))

    def start(self):
        if self.args.agent:
            self.register_agent()
        if self.args.quiet_when_connected:
            self.watch_links()
        props = dbus.Interface(self.adapter, PROPS)
        props.Set(ADAPTER, 'Powered', dbus.Boolean(True))
        address = props.Get(ADAPTER, 'Address')
        log('%s (%s) powered; registering', self.args.adapter, address)
        # Asynchronous: bluetoothd calls back into this process (our
        # GetManagedObjects, the advertisement's GetAll) before it answers.
        dbus.Interface(self.adapter, GATT_MANAGER).RegisterApplication(
            self.app.path, {},
            reply_handler=lambda: self.registered('application'),
            error_handler=lambda e: self.fail('RegisterApplication', e))
        dbus.Interface(self.adapter, ADVERTISING_MANAGER).RegisterAdvertisement(
            self.adv.path, {},
            reply_handler=lambda: self.registered('advertisement'),
            error_handler=lambda e: self.fail('RegisterAdvertisement', e))
        return GLib.SOURCE_REMOVE

    def stop(self):
        log('stopping: %d frames, %d invalid', self.tx.count, self.tx.errors)
        self.loop.quit()
        return GLib.SOURCE_REMOVE

    def run(self):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, self.stop)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 2, self.stop)
        GLib.idle_add(self.start)
        self.loop.run()
        return 1 if self.failed or self.tx.errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--adapter', default='hci1')
    parser.add_argument('--name', default='Pro')
    parser.add_argument('--frames', required=True,
                        help='append every frame written to ffe2 here')
    parser.add_argument('--ready', help='create this file once registered')
    parser.add_argument('--battery', type=int, choices=range(0, 100),
                        metavar='PERCENT',
                        help='be the e2e-battery device, at this level')
    parser.add_argument('--agent', action='store_true',
                        help='grant every pairing request (default agent)')
    parser.add_argument('--quiet-when-connected', action='store_true',
                        help='advertise only while no central is connected')
    args = parser.parse_args()
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    return Peripheral(args).run()


if __name__ == '__main__':
    sys.exit(main())
