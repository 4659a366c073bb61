# SPDX-License-Identifier: LGPL-2.1-or-later
"""python3-dbusmock template: a fake bluetoothd with LE massagers.

Extends dbusmock's bluez5 template with GATT services and characteristics,
Battery1, device-side protocol emulators (emulators.py) and fault knobs on
org.bluez.Mock.  Start it on a private system bus:

    /usr/bin/python3 -m dbusmock --system -t tests/fakes/bluez5_gatt.py

Where tpd can observe it, it follows bluetoothd as documented in BlueZ's
doc/org.bluez.*.rst: object paths, property names and types, ObjectManager
signals, PropertiesChanged for every change, org.bluez.Error.* names.

org.bluez.Mock additions (see also bluez5's AddAdapter, AddDevice, ...):
  AddMassager(s adapter, s address, s name, s emulator) -> o
  AddModelDevice(s adapter, s address, s name, s model_file) -> o
                                    (any device a tpd model file describes)
  GetFrames(o device) -> a(ays)     GetErrors(o device) -> as
  GetWrites(o device) -> a(ayss)    (a model device: frame, type, UUID)
  GetState(o device) -> a{sv}       ClearFrames(o device)
  SetWriteError(o device, s error_name, u count)
  SetWriteDelay(o device, u milliseconds)
  DisconnectDevice(o device)        SetReachable(o device, b reachable)
  SetAdapterPowered(s adapter, b powered)
  SendNotification(o device, ay value)
  SetBattery(o device, y percent)
  PairDevice(s adapter, s address, u class)  (a massager: as bluetoothd
                                    pairs an LE device: connect, pair)
  GetApplications(o adapter) -> a(soas)  GattManager1 registrations:
                                    sender, application path, profile UUIDs
  GetBatteryProviders(o adapter) -> a(so)  BatteryProviderManager1
                                    registrations: sender, provider root
  RemoveBatteryProviderManager(s adapter)  as bluetoothd 5.66 without
                                    --experimental: no such interface
  SetQuietConnect(o device, b quiet)  as bluetoothd 5.66 when it made the
                                    link itself: Connected becomes true
                                    without a PropertiesChanged (only
                                    ServicesResolved is announced); the
                                    link going is announced as usual
"""

import os
import re
import sys
import time

import dbus
from gi.repository import GLib

from dbusmock import OBJECT_MANAGER_IFACE, mockobject
from dbusmock.templates import bluez5
from dbusmock.templates.bluez5 import *  # noqa: F401,F403 (bluez5's Mock methods)
from dbusmock.templates.bluez5 import (ADAPTER_IFACE, BLUEZ_MOCK_IFACE, DEVICE_IFACE,
                                       MEDIA_IFACE, NETWORK_SERVER_IFACE,
                                       PROFILE_MANAGER_IFACE)

# dbusmock execs this file without putting its folder on sys.path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulators  # noqa: E402

GATT_SERVICE_IFACE = 'org.bluez.GattService1'
GATT_CHRC_IFACE = 'org.bluez.GattCharacteristic1'
BATTERY_IFACE = 'org.bluez.Battery1'
GATT_MANAGER_IFACE = 'org.bluez.GattManager1'
GATT_PROFILE_IFACE = 'org.bluez.GattProfile1'
BATTERY_PROVIDER_IFACE = 'org.bluez.BatteryProvider1'
BATTERY_MANAGER_IFACE = 'org.bluez.BatteryProviderManager1'
PROPS_IFACE = dbus.PROPERTIES_IFACE
MTU = 247

# Properties a client may Set (the rest are read-only in the BlueZ docs).
WRITABLE = {
    ADAPTER_IFACE: {'Alias', 'Powered', 'Discoverable', 'DiscoverableTimeout',
                    'Pairable', 'PairableTimeout'},
    DEVICE_IFACE: {'Trusted', 'Blocked', 'WakeAllowed', 'Alias'},
}

MASSAGERS = {}   # device path -> Massager
REMOVED = {}     # device path -> Massager, once removed: its frames stay readable
ADAPTERS = {}    # adapter path -> AdapterState
APPLICATIONS = {}  # adapter path -> [Application]
PROVIDERS = {}     # adapter path -> [BatteryProvider]
BATTERIES = {}     # device path -> the BatteryProvider whose Battery1 it shows


# -- small helpers -----------------------------------------------------------

def bluez_error(name, message):
    return dbus.exceptions.DBusException(message, name='org.bluez.Error.' + name)


def mock_error(name, message):
    return dbus.exceptions.DBusException(message, name=BLUEZ_MOCK_IFACE + '.' + name)


def root():
    return mockobject.objects['/']


def emit_added(path, interfaces):
    root().EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesAdded', 'oa{sa{sv}}',
                      [dbus.ObjectPath(path), interfaces])


def emit_removed(path, interfaces):
    root().EmitSignal(OBJECT_MANAGER_IFACE, 'InterfacesRemoved', 'oas',
                      [dbus.ObjectPath(path), dbus.Array(interfaces, signature='s')])


def update(obj, iface, **props):
    """Store and announce with one PropertiesChanged, like bluetoothd."""
    obj.UpdateProperties(iface, props)


def log_call(obj, name, args):
    """What dbusmock does for its own methods: log, GetCalls, MethodCalled."""
    obj.log(name + mockobject._format_args(args))  # pylint: disable=protected-access
    obj.call_log.append((int(time.time()), name, list(args)))
    obj.MethodCalled(name, list(args))


def export(obj, iface, fn):
    """Serve a @dbus.service.method function on this one object only.

    dbusmock looks methods up in obj.methods first, so this also overrides
    class methods such as Properties.Set.  Unlike AddMethod it keeps the
    decorator's async_callbacks and sender_keyword."""
    obj.methods.setdefault(iface, {})[fn.__name__] = (
        fn._dbus_in_signature, fn._dbus_out_signature, '', fn)  # pylint: disable=protected-access


def byte_array(data):
    return dbus.Array([dbus.Byte(b) for b in data], signature='y')


def massager_at(path):
    try:
        return MASSAGERS[str(path)]
    except KeyError:
        raise mock_error('NoSuchDevice', 'No massager at %s' % path) from None


def adapter_path(name):
    path = '/org/bluez/' + name
    if path not in mockobject.objects:
        raise mock_error('NoSuchAdapter', 'Adapter %s does not exist.' % name)
    return path


def is_powered(path):
    obj = mockobject.objects.get(str(path))
    return bool(obj and obj.props[ADAPTER_IFACE]['Powered'])


class Sessions:
    """Per-client sessions (notify, discovery): bluetoothd ends a client's
    session when the client leaves the bus, so a restarted tpd starts clean."""

    def __init__(self, connection, on_empty):
        self.connection = connection
        self.on_empty = on_empty
        self.watches = {}

    def __bool__(self):
        return bool(self.watches)

    def __contains__(self, sender):
        return sender in self.watches

    def add(self, sender):
        """True if this was the first session."""
        first = not self.watches
        self.watches[sender] = self.connection.watch_name_owner(
            sender, lambda owner: owner or self.remove(sender))
        return first

    def remove(self, sender):
        watch = self.watches.pop(sender, None)
        if watch:
            watch.cancel()
            if not self.watches:
                self.on_empty()

    def clear(self):
        """End all sessions without calling on_empty (the object goes away)."""
        for watch in self.watches.values():
            watch.cancel()
        self.watches = {}


# -- Properties, the way gdbus in bluetoothd answers --------------------------

class PropertyMethods:
    """Get/GetAll/Set for the objects this template creates: missing
    (optional) properties are InvalidArgs, read-only ones refuse Set."""

    @dbus.service.method(PROPS_IFACE, in_signature='ss', out_signature='v')
    def Get(obj, interface, name):
        props = PropertyMethods.interface_props(obj, interface)
        if name not in props:
            raise dbus.exceptions.DBusException(
                "No such property '%s'" % name, name='org.freedesktop.DBus.Error.InvalidArgs')
        return props[name]

    @dbus.service.method(PROPS_IFACE, in_signature='s', out_signature='a{sv}')
    def GetAll(obj, interface):
        return PropertyMethods.interface_props(obj, interface)

    @dbus.service.method(PROPS_IFACE, in_signature='ssv', out_signature='')
    def Set(obj, interface, name, value):
        log_call(obj, 'Set', [interface, name, value])
        if name not in PropertyMethods.interface_props(obj, interface):
            raise dbus.exceptions.DBusException(
                "No such property '%s'" % name, name='org.freedesktop.DBus.Error.InvalidArgs')
        if name not in WRITABLE.get(interface, ()):
            raise dbus.exceptions.DBusException(
                "Property '%s' is not writable" % name,
                name='org.freedesktop.DBus.Error.PropertyReadOnly')
        if type(value) is not type(obj.props[interface][name]):
            raise dbus.exceptions.DBusException(
                "Wrong type for property '%s'" % name, name='org.freedesktop.DBus.Error.InvalidArgs')
        if (interface, name) == (ADAPTER_IFACE, 'Powered'):
            set_powered(obj, bool(value))
        elif (interface, name) == (DEVICE_IFACE, 'Alias') and not value:
            update(obj, interface, Alias=obj.props[DEVICE_IFACE]['Name'])
        elif (interface, name) == (DEVICE_IFACE, 'Blocked') and value and \
                obj.path in MASSAGERS and MASSAGERS[obj.path].connected:
            # bluetoothd drops the link of a device it blocks.
            MASSAGERS[obj.path].drop_link()
            update(obj, interface, Blocked=value)
        else:
            update(obj, interface, **{name: value})

    @staticmethod
    def interface_props(obj, interface):
        if interface not in obj.props:
            raise dbus.exceptions.DBusException(
                "No such interface '%s'" % interface,
                name='org.freedesktop.DBus.Error.InvalidArgs')
        return obj.props[interface]

    @staticmethod
    def install(obj):
        for fn in (PropertyMethods.Get, PropertyMethods.GetAll, PropertyMethods.Set):
            export(obj, PROPS_IFACE, fn)


# -- adapters ----------------------------------------------------------------

class AdapterState:
    def __init__(self, adapter):
        self.discovery = Sessions(adapter.connection, lambda: self.discovering(adapter, False))
        self.discovery_delay = 0     # ms before StartDiscovery answers

    @staticmethod
    def discovering(adapter, value):
        update(adapter, ADAPTER_IFACE, Discovering=dbus.Boolean(value))


class AdapterMethods:
    """Adapter1 methods that bluez5 lacks or gets wrong for LE clients (its
    StartDiscovery fails without a filter; its RemoveDevice leaves GATT
    objects and Battery1 behind)."""

    @dbus.service.method(ADAPTER_IFACE, in_signature='o', out_signature='')
    def RemoveDevice(adapter, path):
        log_call(adapter, 'RemoveDevice', [path])
        path = str(path)
        if not path.startswith(adapter.path + '/dev_') or path not in mockobject.objects:
            raise bluez_error('DoesNotExist', 'Does Not Exist')
        remove_device(path)

    @dbus.service.method(ADAPTER_IFACE, in_signature='', out_signature='',
                         sender_keyword='sender', async_callbacks=('reply', 'error'))
    def StartDiscovery(adapter, sender=None, reply=None, error=None):
        log_call(adapter, 'StartDiscovery', [])
        state = ADAPTERS[adapter.path]
        if not adapter.props[ADAPTER_IFACE]['Powered']:
            raise bluez_error('NotReady', 'Resource Not Ready')
        if sender in state.discovery:
            raise bluez_error('InProgress', 'Operation already in progress')
        if state.discovery.add(sender):
            AdapterState.discovering(adapter, True)
        if not state.discovery_delay:
            reply()
            return

        def answer():
            reply()
            return GLib.SOURCE_REMOVE
        # As a busy controller answers: late.
        GLib.timeout_add(state.discovery_delay, answer)

    @dbus.service.method(ADAPTER_IFACE, in_signature='', out_signature='',
                         sender_keyword='sender')
    def StopDiscovery(adapter, sender=None):
        log_call(adapter, 'StopDiscovery', [])
        sessions = ADAPTERS[adapter.path].discovery
        if not adapter.props[ADAPTER_IFACE]['Powered']:
            raise bluez_error('NotReady', 'Resource Not Ready')
        if sender not in sessions:
            raise bluez_error('Failed', 'No discovery started')
        sessions.remove(sender)

    @dbus.service.method(ADAPTER_IFACE, in_signature='a{sv}', out_signature='')
    def SetDiscoveryFilter(adapter, discovery_filter):
        # Accepted and ignored: the fake's devices are there when tests add them.
        log_call(adapter, 'SetDiscoveryFilter', [discovery_filter])

    @staticmethod
    def install(adapter):
        for fn in (AdapterMethods.RemoveDevice, AdapterMethods.StartDiscovery,
                   AdapterMethods.StopDiscovery, AdapterMethods.SetDiscoveryFilter):
            export(adapter, ADAPTER_IFACE, fn)
        PropertyMethods.install(adapter)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ss', out_signature='s')
def AddAdapter(self, device_name, system_name):
    '''bluez5's AddAdapter, plus LE discovery, property checks and power.'''
    path = bluez5.AddAdapter(self, device_name, system_name)
    adapter = mockobject.objects[path]
    # Method-only interfaces are invisible in GetManagedObjects otherwise.
    adapter.props.setdefault(MEDIA_IFACE, {})
    adapter.props.setdefault(NETWORK_SERVER_IFACE, {})
    adapter.props.setdefault(GATT_MANAGER_IFACE, {})
    adapter.props.setdefault(BATTERY_MANAGER_IFACE, {})
    AdapterMethods.install(adapter)
    GattManagerMethods.install(adapter)
    BatteryManagerMethods.install(adapter)
    APPLICATIONS[path] = []
    PROVIDERS[path] = []
    ADAPTERS[path] = AdapterState(adapter)
    return path


class Application:
    """One RegisterApplication: bluetoothd keeps it until the sender leaves
    the bus or unregisters it."""

    def __init__(self, adapter, sender, path, profiles):
        self.adapter, self.sender, self.path = adapter, sender, path
        self.profiles = profiles     # profile path -> UUIDs
        self.watch = None

    @property
    def uuids(self):
        return [u for uuids in self.profiles.values() for u in uuids]


def profile_uuids(objects, app_path):
    """{path: UUIDs} of the GattProfile1 objects of an application, as
    bluetoothd reads them from its GetManagedObjects; None if one is
    malformed (bluetoothd then fails the registration)."""
    uuids = {}
    for path, interfaces in objects.items():
        if not (path == app_path or path.startswith(app_path.rstrip('/') + '/')):
            continue
        props = interfaces.get(GATT_PROFILE_IFACE)
        if props is None:
            continue
        value = props.get('UUIDs')
        if value is None or not isinstance(value, dbus.Array) or not value:
            return None
        uuids[str(path)] = [str(u) for u in value]
    return uuids


class GattManagerMethods:
    """GattManager1 of an adapter (doc/org.bluez.GattManager.rst): the
    application's ObjectManager is read at once; registering profiles only
    (no services) is allowed."""

    @dbus.service.method(GATT_MANAGER_IFACE, in_signature='oa{sv}', out_signature='',
                         sender_keyword='sender', async_callbacks=('reply', 'error'))
    def RegisterApplication(adapter, application, options, sender=None, reply=None,
                            error=None):
        log_call(adapter, 'RegisterApplication', [application, options])
        apps = APPLICATIONS[adapter.path]
        if any(a.sender == sender and a.path == application for a in apps):
            error(bluez_error('AlreadyExists', 'Already Exists'))
            return

        def got_objects(objects):
            uuids = profile_uuids(objects, str(application))
            if not uuids:
                error(bluez_error('Failed', 'No valid service object found'))
                return
            app = Application(adapter.path, sender, str(application), uuids)
            app.watch = adapter.connection.watch_name_owner(
                sender, lambda owner: owner or drop_application(app))
            apps.append(app)
            reply()

        adapter.connection.call_async(
            sender, str(application), OBJECT_MANAGER_IFACE, 'GetManagedObjects', '', [],
            got_objects, lambda e: error(bluez_error('Failed', 'No object received')))

    @dbus.service.method(GATT_MANAGER_IFACE, in_signature='o', out_signature='',
                         sender_keyword='sender')
    def UnregisterApplication(adapter, application, sender=None):
        log_call(adapter, 'UnregisterApplication', [application])
        for app in APPLICATIONS[adapter.path]:
            if app.sender == sender and app.path == application:
                drop_application(app)
                return
        raise bluez_error('DoesNotExist', 'Does Not Exist')

    @staticmethod
    def install(adapter):
        for fn in (GattManagerMethods.RegisterApplication,
                   GattManagerMethods.UnregisterApplication):
            export(adapter, GATT_MANAGER_IFACE, fn)


def drop_application(app):
    if app in APPLICATIONS.get(app.adapter, []):
        APPLICATIONS[app.adapter].remove(app)
    if app.watch:
        app.watch.cancel()
        app.watch = None


def release_applications(adapter):
    """The adapter goes: bluetoothd calls Release on every profile."""
    conn = mockobject.objects[adapter].connection
    for app in list(APPLICATIONS.pop(adapter, [])):
        drop_application(app)
        for path in app.profiles:
            conn.call_async(app.sender, path, GATT_PROFILE_IFACE, 'Release', '', [],
                            None, None)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='a(soas)')
def GetApplications(self, adapter):
    '''The applications registered with the adapter's GattManager1.'''
    if str(adapter) not in APPLICATIONS:
        raise mock_error('NoSuchAdapter', 'Adapter %s does not exist.' % adapter)
    return dbus.Array([dbus.Struct((a.sender, dbus.ObjectPath(a.path),
                                    dbus.Array(a.uuids, signature='s')))
                       for a in APPLICATIONS[str(adapter)]], signature='(soas)')


# -- battery providers (src/battery.c of bluetoothd) --------------------------

class BatteryProvider:
    """One RegisterBatteryProvider: bluetoothd reads the objects below the
    root from the caller (GetManagedObjects on the root), follows
    InterfacesAdded/Removed there and PropertiesChanged below it, and shows
    each org.bluez.BatteryProvider1 as Battery1 (with the provider's
    Source) on the device its Device names, unless that device has a
    battery already. It ends when the caller unregisters or leaves the
    bus, and with the adapter."""

    def __init__(self, adapter, sender, root):
        self.adapter, self.sender, self.root = adapter, sender, root
        self.objects = {}    # provider object path -> device path
        conn = mockobject.objects[adapter].connection
        self.matches = [
            conn.add_signal_receiver(self.interfaces_added, 'InterfacesAdded',
                                     OBJECT_MANAGER_IFACE, sender, root),
            conn.add_signal_receiver(self.interfaces_removed, 'InterfacesRemoved',
                                     OBJECT_MANAGER_IFACE, sender, root),
            conn.add_signal_receiver(self.properties_changed, 'PropertiesChanged',
                                     PROPS_IFACE, sender, path_keyword='path'),
        ]
        self.watch = conn.watch_name_owner(sender, lambda owner: owner or self.drop())
        conn.call_async(sender, root, OBJECT_MANAGER_IFACE, 'GetManagedObjects', '', [],
                        self.got_objects, lambda e: None)

    def below_root(self, path):
        return str(path).startswith(self.root.rstrip('/') + '/')

    def got_objects(self, objects):
        for path, interfaces in objects.items():
            self.interfaces_added(path, interfaces)

    def interfaces_added(self, path, interfaces):
        props = interfaces.get(BATTERY_PROVIDER_IFACE)
        path = str(path)
        if props is None or not self.below_root(path) or path in self.objects:
            return
        device = str(props.get('Device', ''))
        obj = mockobject.objects.get(device)
        if not device.startswith(self.adapter + '/dev_') or obj is None or \
                DEVICE_IFACE not in obj.props:
            return      # "Ignoring non-existent device path for battery"
        if BATTERY_IFACE in obj.props:
            return      # "Battery for ... is already provided, ignoring the new one"
        battery = {}
        if 'Percentage' in props:
            battery['Percentage'] = dbus.Byte(int(props['Percentage']))
        if 'Source' in props:
            battery['Source'] = dbus.String(props['Source'])
        self.objects[path] = device
        BATTERIES[device] = self
        obj.props[BATTERY_IFACE] = battery
        emit_added(device, {BATTERY_IFACE: battery})

    def interfaces_removed(self, path, interfaces):
        if BATTERY_PROVIDER_IFACE in interfaces:
            self.remove_battery(self.objects.pop(str(path), None))

    def properties_changed(self, interface, changed, invalidated, path=None):
        device = self.objects.get(str(path))
        if interface != BATTERY_PROVIDER_IFACE or BATTERIES.get(device) is not self:
            return
        if 'Percentage' in changed:
            update(mockobject.objects[device], BATTERY_IFACE,
                   Percentage=dbus.Byte(int(changed['Percentage'])))
        elif 'Percentage' in invalidated:
            # bluetoothd reads a vanished Percentage as 0.
            update(mockobject.objects[device], BATTERY_IFACE, Percentage=dbus.Byte(0))

    def remove_battery(self, device):
        if device is None or BATTERIES.get(device) is not self:
            return
        del BATTERIES[device]
        obj = mockobject.objects.get(device)
        if obj is not None and BATTERY_IFACE in obj.props:
            del obj.props[BATTERY_IFACE]
            emit_removed(device, [BATTERY_IFACE])

    def forget_device(self, device):
        """The device goes (its Battery1 with it)."""
        for path in [p for p, d in self.objects.items() if d == device]:
            del self.objects[path]

    def drop(self):
        for match in self.matches:
            match.remove()
        self.matches = []
        if self.watch:
            self.watch.cancel()
            self.watch = None
        for device in list(self.objects.values()):
            self.remove_battery(device)
        self.objects = {}
        if self in PROVIDERS.get(self.adapter, []):
            PROVIDERS[self.adapter].remove(self)


class BatteryManagerMethods:
    """BatteryProviderManager1 of an adapter
    (doc/org.bluez.BatteryProviderManager.rst)."""

    @dbus.service.method(BATTERY_MANAGER_IFACE, in_signature='o', out_signature='',
                         sender_keyword='sender')
    def RegisterBatteryProvider(adapter, provider, sender=None):
        log_call(adapter, 'RegisterBatteryProvider', [provider])
        if not str(provider).startswith('/'):
            raise bluez_error('InvalidArguments', 'Invalid arguments in method call')
        providers = PROVIDERS[adapter.path]
        if any(p.root == str(provider) for p in providers):
            raise bluez_error('AlreadyExists', 'Provider already exists')
        providers.append(BatteryProvider(adapter.path, sender, str(provider)))

    @dbus.service.method(BATTERY_MANAGER_IFACE, in_signature='o', out_signature='',
                         sender_keyword='sender')
    def UnregisterBatteryProvider(adapter, provider, sender=None):
        log_call(adapter, 'UnregisterBatteryProvider', [provider])
        for p in PROVIDERS[adapter.path]:
            if p.root == str(provider) and p.sender == sender:
                p.drop()
                return
        raise bluez_error('DoesNotExist', 'Provider does not exist')

    @staticmethod
    def install(adapter):
        for fn in (BatteryManagerMethods.RegisterBatteryProvider,
                   BatteryManagerMethods.UnregisterBatteryProvider):
            export(adapter, BATTERY_MANAGER_IFACE, fn)


def drop_battery_providers(adapter):
    for provider in list(PROVIDERS.pop(adapter, [])):
        provider.drop()


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='a(so)')
def GetBatteryProviders(self, adapter):
    '''The providers registered with the adapter's BatteryProviderManager1.'''
    if str(adapter) not in PROVIDERS:
        raise mock_error('NoSuchAdapter', 'Adapter %s does not exist.' % adapter)
    return dbus.Array([dbus.Struct((p.sender, dbus.ObjectPath(p.root)))
                       for p in PROVIDERS[str(adapter)]], signature='(so)')


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='s', out_signature='')
def RemoveBatteryProviderManager(self, device_name):
    '''The adapter has no BatteryProviderManager1, as with bluetoothd 5.66
    run without --experimental.'''
    adapter = mockobject.objects[adapter_path(device_name)]
    drop_battery_providers(adapter.path)
    PROVIDERS[adapter.path] = []
    adapter.methods.pop(BATTERY_MANAGER_IFACE, None)
    adapter.props.pop(BATTERY_MANAGER_IFACE, None)


def set_powered(adapter, powered):
    """Powering off drops every link first, as the kernel does."""
    if not powered:
        for massager in list(MASSAGERS.values()):
            if massager.adapter == adapter.path and massager.connected:
                massager.drop_link()
        disconnect_plain_devices(adapter.path)
        state = ADAPTERS.get(adapter.path)
        if state and state.discovery:
            state.discovery.clear()
            AdapterState.discovering(adapter, False)
    update(adapter, ADAPTER_IFACE, Powered=dbus.Boolean(powered))


def disconnect_plain_devices(path):
    """bluez5's AddDevice devices (not massagers) on this adapter."""
    for obj_path, obj in list(mockobject.objects.items()):
        if obj_path.startswith(path + '/dev_') and obj_path not in MASSAGERS and \
                obj.props.get(DEVICE_IFACE, {}).get('Connected'):
            obj.connected = False
            update(obj, DEVICE_IFACE, Connected=dbus.Boolean(False))


def remove_device(path):
    """Disconnect, then InterfacesRemoved for the GATT objects and the device."""
    provider = BATTERIES.pop(path, None)
    if provider:
        provider.forget_device(path)
    massager = MASSAGERS.pop(path, None)
    if massager:
        massager.remove()
        REMOVED[path] = massager
    for child in sorted((p for p in mockobject.objects if p.startswith(path + '/')), reverse=True):
        interfaces = list(mockobject.objects[child].props)
        root().RemoveObject(child)
        emit_removed(child, interfaces)
    interfaces = list(mockobject.objects[path].props)
    root().RemoveObject(path)
    emit_removed(path, interfaces)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='s', out_signature='')
def RemoveAdapterWithDevices(self, device_name):
    '''Remove an adapter after all its devices (and their GATT objects).'''
    path = adapter_path(device_name)
    for dev in sorted(p for p in mockobject.objects if re.fullmatch(path + '/dev_[0-9A-F_]+', p)):
        remove_device(dev)
    ADAPTERS.pop(path, None)
    release_applications(path)
    drop_battery_providers(path)
    interfaces = list(mockobject.objects[path].props)
    self.RemoveObject(path)
    emit_removed(path, interfaces)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='s', out_signature='')
def RemoveAdapter(self, device_name):
    '''bluez5's RemoveAdapter: the devices stay (a crashing bluetoothd does
    not always send their InterfacesRemoved first).'''
    ADAPTERS.pop(adapter_path(device_name), None)
    release_applications(adapter_path(device_name))
    drop_battery_providers(adapter_path(device_name))
    bluez5.RemoveAdapter(self, device_name)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='sb', out_signature='')
def SetAdapterPowered(self, device_name, powered):
    '''Set Adapter1.Powered; powering off disconnects every device on it.'''
    set_powered(mockobject.objects[adapter_path(device_name)], bool(powered))


# -- massagers: devices with an emulator behind them -------------------------

class PendingWrite:
    def __init__(self, chrc_path, data, write_type, reply, error):
        self.chrc_path = chrc_path
        self.data = data
        self.write_type = write_type
        self.reply = reply
        self.error = error
        self.timer = None


class Massager:
    """Fake-side state of one device: emulator, knobs, GATT objects."""

    def __init__(self, device, emulator):
        self.device = device
        self.emu = emulator
        self.reachable = True
        self.write_error = None
        self.write_error_count = 0
        self.write_delay = 0
        self.hold = False        # writes wait for ReleaseWrites
        self.refuse = []         # (frame prefix, error name): refused writes
        self.pending = []
        self.quiet_connect = False
        self.late_chars_ms = 0   # characteristics after ServicesResolved
        self.max_in_flight = 0   # most WriteValue calls pending at once
        self.chars = {}      # characteristic path -> emulators.Char
        self.notify = {}     # characteristic path -> Sessions

    @property
    def path(self):
        return self.device.path

    @property
    def adapter(self):
        return str(self.device.props[DEVICE_IFACE]['Adapter'])

    @property
    def connected(self):
        return bool(self.device.props[DEVICE_IFACE]['Connected'])

    def char_path(self, uuid):
        return next((p for p, c in self.chars.items() if c.uuid == uuid), None)

    def notifying(self, chrc_path):
        return bool(self.notify.get(chrc_path))

    # -- link ------------------------------------------------------------

    def connect(self):
        if self.connected:
            return
        if not self.reachable:
            raise bluez_error('Failed', 'le-connection-abort-by-local')
        if not is_powered(self.adapter):
            raise bluez_error('Failed', 'Not Powered')
        if self.quiet_connect:
            self.device.props[DEVICE_IFACE]['Connected'] = dbus.Boolean(True)
        else:
            update(self.device, DEVICE_IFACE, Connected=dbus.Boolean(True))
        if self.late_chars_ms:
            update(self.device, DEVICE_IFACE, ServicesResolved=dbus.Boolean(True))
            GLib.timeout_add(self.late_chars_ms, self.add_late_gatt_objects)
            return
        self.add_gatt_objects()
        self.update_uuids()
        update(self.device, DEVICE_IFACE, ServicesResolved=dbus.Boolean(True))

    def add_late_gatt_objects(self):
        if self.connected and not self.chars:
            self.add_gatt_objects()
            self.update_uuids()
        return False

    def add_gatt_objects(self):
        """Handles as on a real server: service declaration, then per
        characteristic its declaration, value and (if it notifies) CCCD."""
        handle = 1
        for service in self.emu.layout():
            service_path = '%s/service%04x' % (self.path, handle)
            add_gatt_object(service_path, GATT_SERVICE_IFACE, service_props(self.path, service, handle))
            handle += 1
            for char in service.chars:
                chrc_path = '%s/char%04x' % (service_path, handle)
                add_gatt_object(chrc_path, GATT_CHRC_IFACE, chrc_props(service_path, char, handle))
                CharacteristicMethods.install(mockobject.objects[chrc_path])
                self.chars[chrc_path] = char
                handle += 3 if notifies(char) else 2

    def update_uuids(self):
        """After discovery bluetoothd lists every primary service in UUIDs."""
        uuids = set(self.device.props[DEVICE_IFACE]['UUIDs'])
        uuids.update(s.uuid for s in self.emu.layout())
        if uuids != set(self.device.props[DEVICE_IFACE]['UUIDs']):
            update(self.device, DEVICE_IFACE, UUIDs=dbus.Array(sorted(uuids), signature='s'))

    def drop_link(self):
        """The link is gone (Disconnect, the device, power): pending writes
        fail, notify sessions end, GATT objects go, then the flags."""
        for pending in self.pending:
            if pending.timer:
                GLib.source_remove(pending.timer)
            pending.error(bluez_error('NotConnected', 'Not Connected'))
        self.pending = []
        for sessions in self.notify.values():
            sessions.clear()
        self.notify = {}
        self.remove_gatt_objects()
        update(self.device, DEVICE_IFACE, ServicesResolved=dbus.Boolean(False))
        update(self.device, DEVICE_IFACE, Connected=dbus.Boolean(False))

    def remove_gatt_objects(self):
        paths = sorted((p for p in mockobject.objects if p.startswith(self.path + '/service')),
                       reverse=True)    # characteristics before their service
        for path in paths:
            interfaces = list(mockobject.objects[path].props)
            root().RemoveObject(path)
            emit_removed(path, interfaces)
        self.chars = {}

    def remove(self):
        if self.connected:
            self.drop_link()

    # -- GATT ------------------------------------------------------------

    def check_connected(self):
        if not self.connected:
            raise bluez_error('NotConnected', 'Not Connected')

    def start_write(self, chrc_path, data, options, reply, error):
        """WriteValue up to the air: BlueZ-side checks, knobs, delay."""
        self.check_connected()
        write_type = write_type_of(self.chars[chrc_path], options)
        if any(p.chrc_path == chrc_path and p.write_type == 'request' for p in self.pending):
            raise bluez_error('InProgress', 'In Progress')
        if self.write_error_count:
            self.write_error_count -= 1
            raise dbus.exceptions.DBusException('%s (injected by the test)' % self.write_error,
                                                name=self.write_error)
        for prefix, name in self.refuse:
            if bytes(data).startswith(prefix):
                raise dbus.exceptions.DBusException('%s (refused by the test)' % name, name=name)
        pending = PendingWrite(chrc_path, data, write_type, reply, error)
        self.max_in_flight = max(self.max_in_flight, len(self.pending) + 1)
        if self.hold:
            self.pending.append(pending)
            return
        if not self.write_delay:
            self.finish_write(pending)
            return
        pending.timer = GLib.timeout_add(self.write_delay, self.delayed_write, pending)
        self.pending.append(pending)

    def delayed_write(self, pending):
        self.pending.remove(pending)
        try:
            self.finish_write(pending)
        except Exception as e:  # pylint: disable=broad-except
            # A bug in the fake must not leave the client without a reply.
            self.device.log('delayed WriteValue raised: %r' % e)
            pending.error(bluez_error('Failed', 'fake BlueZ bug: %r' % e))
        return GLib.SOURCE_REMOVE

    def finish_write(self, pending):
        """The frame reaches the device: reply first, then its notifications,
        as ATT delivers the write response before the notifications."""
        uuid = self.chars[pending.chrc_path].uuid
        att_error, notifications = self.emu.write(uuid, pending.data, pending.write_type)
        if att_error:
            pending.error(bluez_error('NotPermitted', 'Write not permitted'))
        else:
            pending.reply()
        self.send(notifications)

    def send(self, notifications):
        """Notifications reach the host only where a client subscribed."""
        for uuid, value in notifications:
            path = self.char_path(uuid)
            if path and self.notifying(path):
                update(mockobject.objects[path], GATT_CHRC_IFACE, Value=byte_array(value))

    def read(self, chrc_path):
        self.check_connected()
        att_error, value = self.emu.read(self.chars[chrc_path].uuid)
        if att_error:
            raise bluez_error('NotPermitted', 'Read not permitted')
        # A successful read refreshes the cached Value (and announces it).
        update(mockobject.objects[chrc_path], GATT_CHRC_IFACE, Value=byte_array(value))
        return byte_array(value)

    def start_notify(self, chrc_path, sender):
        self.check_connected()
        if not notifies(self.chars[chrc_path]):
            raise bluez_error('NotSupported', 'Operation is not supported')
        sessions = self.notify.get(chrc_path)
        if sessions is None:
            chrc = mockobject.objects[chrc_path]
            sessions = self.notify[chrc_path] = Sessions(
                chrc.connection, lambda: set_notifying(chrc, False))
        if sender not in sessions and sessions.add(sender):
            set_notifying(mockobject.objects[chrc_path], True)

    def stop_notify(self, chrc_path, sender):
        sessions = self.notify.get(chrc_path)
        if not sessions or sender not in sessions:
            raise bluez_error('Failed', 'No notify session started')
        sessions.remove(sender)

    def state(self):
        state = dict(self.emu.state())
        rx = self.char_path(self.emu.RX or self.emu.BATTERY_CHAR)
        state.update(Connected=self.connected, Notifying=bool(rx and self.notifying(rx)),
                     MaxInFlight=self.max_in_flight, InFlight=len(self.pending))
        return state


def notifies(char):
    return 'notify' in char.flags or 'indicate' in char.flags


def set_notifying(chrc, value):
    update(chrc, GATT_CHRC_IFACE, Notifying=dbus.Boolean(value))


def write_type_of(char, options):
    """BlueZ's choice: the "type" option (any case); without it a request
    if the characteristic has "write", else a command."""
    if int(options.get('offset', 0)):
        raise bluez_error('NotSupported', 'Operation is not supported')
    write_type = str(options.get('type', '')).lower()
    if not write_type:
        write_type = 'request' if 'write' in char.flags else 'command'
    if write_type not in ('request', 'command'):
        raise bluez_error('NotSupported', 'Operation is not supported')
    return write_type


def service_props(device_path, service, handle):
    return {
        'UUID': dbus.String(service.uuid),
        'Device': dbus.ObjectPath(device_path),
        'Primary': dbus.Boolean(True),
        'Includes': dbus.Array([], signature='o'),
        'Handle': dbus.UInt16(handle),
    }


def chrc_props(service_path, char, handle):
    props = {
        'UUID': dbus.String(char.uuid),
        'Service': dbus.ObjectPath(service_path),
        'Value': dbus.Array([], signature='y'),
        'Flags': dbus.Array(char.flags, signature='s'),
        'Handle': dbus.UInt16(handle),
        'MTU': dbus.UInt16(MTU),
    }
    if notifies(char):
        # bluetoothd shows Notifying only where notify/indicate is possible.
        props['Notifying'] = dbus.Boolean(False)
    return props


def add_gatt_object(path, interface, props):
    root().AddObject(path, interface, props, [])
    PropertyMethods.install(mockobject.objects[path])
    emit_added(path, {interface: props})


def massager_of_chrc(chrc):
    massager = MASSAGERS.get(chrc.path.rsplit('/service', 1)[0])
    if massager is None or chrc.path not in massager.chars:
        raise dbus.exceptions.DBusException('No such object %s' % chrc.path,
                                            name='org.freedesktop.DBus.Error.UnknownObject')
    return massager


class CharacteristicMethods:
    """GattCharacteristic1, kept in a class so that dbusmock's AddTemplate
    (which takes every module-level D-Bus method) leaves them off '/'."""

    @dbus.service.method(GATT_CHRC_IFACE, in_signature='aya{sv}', out_signature='',
                         async_callbacks=('reply', 'error'))
    def WriteValue(chrc, value, options, reply, error):
        log_call(chrc, 'WriteValue', [value, options])
        try:
            massager_of_chrc(chrc).start_write(chrc.path, bytes(value), options, reply, error)
        except dbus.exceptions.DBusException as e:
            error(e)

    @dbus.service.method(GATT_CHRC_IFACE, in_signature='a{sv}', out_signature='ay')
    def ReadValue(chrc, options):
        log_call(chrc, 'ReadValue', [options])
        return massager_of_chrc(chrc).read(chrc.path)

    @dbus.service.method(GATT_CHRC_IFACE, in_signature='', out_signature='',
                         sender_keyword='sender')
    def StartNotify(chrc, sender=None):
        log_call(chrc, 'StartNotify', [])
        massager_of_chrc(chrc).start_notify(chrc.path, sender)

    @dbus.service.method(GATT_CHRC_IFACE, in_signature='', out_signature='',
                         sender_keyword='sender')
    def StopNotify(chrc, sender=None):
        log_call(chrc, 'StopNotify', [])
        massager_of_chrc(chrc).stop_notify(chrc.path, sender)

    @staticmethod
    def install(chrc):
        for fn in (CharacteristicMethods.WriteValue, CharacteristicMethods.ReadValue,
                   CharacteristicMethods.StartNotify, CharacteristicMethods.StopNotify):
            export(chrc, GATT_CHRC_IFACE, fn)


class DeviceMethods:
    """Device1 of a massager: LE semantics of bluetoothd (Connect on a
    connected device and Disconnect on a disconnected one succeed)."""

    @dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
    def Connect(device):
        log_call(device, 'Connect', [])
        massager_at(device.path).connect()

    @dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
    def Disconnect(device):
        log_call(device, 'Disconnect', [])
        massager = massager_at(device.path)
        if massager.connected:
            massager.drop_link()

    @dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
    def Pair(device):
        log_call(device, 'Pair', [])
        raise bluez_error('NotSupported', 'pairing is not emulated by the fake BlueZ')

    @dbus.service.method(DEVICE_IFACE, in_signature='', out_signature='')
    def CancelPairing(device):
        log_call(device, 'CancelPairing', [])
        raise bluez_error('DoesNotExist', 'Does Not Exist')

    @staticmethod
    def install(device):
        for fn in (DeviceMethods.Connect, DeviceMethods.Disconnect,
                   DeviceMethods.Pair, DeviceMethods.CancelPairing):
            export(device, DEVICE_IFACE, fn)
        PropertyMethods.install(device)


def device_props(adapter, address, name, uuids):
    return {
        'Address': dbus.String(address),
        'AddressType': dbus.String('public'),
        'Name': dbus.String(name),
        'Alias': dbus.String(name),
        'Adapter': dbus.ObjectPath(adapter),
        'UUIDs': dbus.Array(uuids, signature='s'),
        'Paired': dbus.Boolean(False),
        'Bonded': dbus.Boolean(False),
        'Trusted': dbus.Boolean(False),
        'Blocked': dbus.Boolean(False),
        'LegacyPairing': dbus.Boolean(False),
        'Connected': dbus.Boolean(False),
        'ServicesResolved': dbus.Boolean(False),
        'RSSI': dbus.Int16(-60),
        # LE General Discoverable, BR/EDR not supported.
        'AdvertisingFlags': dbus.Array([dbus.Byte(0x06)], signature='y'),
    }


def add_massager(self, adapter, address, name, make_emulator):
    path = adapter_path(adapter)
    if not re.fullmatch(r'([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}', address):
        raise mock_error('InvalidArguments', 'Bad address %r' % address)
    address = address.upper()
    device_path = '%s/dev_%s' % (path, address.replace(':', '_'))
    if device_path in mockobject.objects:
        raise mock_error('DeviceExists', '%s already exists' % device_path)
    emu = make_emulator(address)
    props = device_props(path, address, name, emu.advertised_uuids())
    mfr = getattr(emu, 'mfr', None)
    if mfr:
        props['ManufacturerData'] = dbus.Dictionary(
            {dbus.UInt16(c): dbus.Array(d, signature='y') for c, d in mfr.items()},
            signature='qv')
    self.AddObject(device_path, DEVICE_IFACE, props, [])
    device = mockobject.objects[device_path]
    DeviceMethods.install(device)
    MASSAGERS[device_path] = Massager(device, emu)
    REMOVED.pop(device_path, None)
    emit_added(device_path, {DEVICE_IFACE: props})
    return dbus.ObjectPath(device_path)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ssss', out_signature='o')
def AddMassager(self, adapter, address, name, emulator):
    '''Add an LE massager whose GATT side is the named emulator.'''
    if emulator not in emulators.EMULATORS or emulator == emulators.ModelDevice.KIND:
        raise mock_error('NoSuchEmulator', 'Unknown emulator %r (known: %s)' % (
            emulator, ', '.join(sorted(emulators.EMULATORS))))
    return add_massager(self, adapter, address, name,
                        lambda a: emulators.create(emulator, name=name, address=a))


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ssss', out_signature='o')
def AddModelDevice(self, adapter, address, name, model_path):
    '''Add an LE device as the model file at @model_path describes it:
    advertised services and manufacturer data, GATT layout and flags.'''
    try:
        return add_massager(self, adapter, address, name,
                            lambda a: emulators.create_model(model_path, name=name, address=a))
    except (OSError, KeyError, ValueError) as e:
        raise mock_error('BadModel', '%s: %r' % (model_path, e))


def massager_by_address(adapter, address):
    return MASSAGERS.get('/org/bluez/%s/dev_%s' % (adapter, address.upper().replace(':', '_')))


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ss', out_signature='')
def ConnectDevice(self, adapter, address):
    '''bluez5's ConnectDevice; a massager connects for real (GATT objects).'''
    massager = massager_by_address(adapter, address)
    if massager is None:
        bluez5.ConnectDevice(self, adapter, address)
    else:
        massager.connect()


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ss', out_signature='')
def BlockDevice(self, adapter, address):
    '''bluez5's BlockDevice; a massager's link (and GATT objects) goes first.'''
    massager = massager_by_address(adapter, address)
    if massager is not None and massager.connected:
        massager.drop_link()
    bluez5.BlockDevice(self, adapter, address)


# -- inspection --------------------------------------------------------------

@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='a(ays)')
def GetFrames(self, device):
    '''Every frame written to the device (since AddMassager or ClearFrames),
    in order, with its write type ("request" or "command"); of a removed
    device too.'''
    massager = REMOVED.get(str(device)) or massager_at(device)
    return dbus.Array([dbus.Struct((byte_array(data), dbus.String(write_type)))
                       for data, write_type in massager.emu.frames],
                      signature='(ays)')


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='a(ayss)')
def GetWrites(self, device):
    '''Every frame written to a model device (AddModelDevice), in order,
    with its write type and the characteristic's UUID.'''
    massager = REMOVED.get(str(device)) or massager_at(device)
    return [(byte_array(data), write_type, uuid)
            for data, write_type, uuid in massager.emu.writes]


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='as')
def GetErrors(self, device):
    '''Every protocol violation the emulator saw, "frame N (HEX): what".'''
    return dbus.Array(massager_at(device).emu.errors, signature='s')


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='a{sv}')
def GetState(self, device):
    '''Running, Level (speed in RPM or level), Connected, Notifying (on the
    protocol's notify characteristic), MaxInFlight (the most WriteValue
    calls pending at once), InFlight (pending now), Emulator, and emulator
    extras; of a removed device too.'''
    state = (REMOVED.get(str(device)) or massager_at(device)).state()
    return dbus.Dictionary({k: typed(v) for k, v in state.items()}, signature='sv')


def typed(value):
    if isinstance(value, bool):
        return dbus.Boolean(value)
    if isinstance(value, int):
        return dbus.UInt32(value)
    return dbus.String(value)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='')
def ClearFrames(self, device):
    '''Forget the frames so far; frame numbers in new errors restart at 1.'''
    massager_at(device).emu.clear_frames()


# -- fault knobs -------------------------------------------------------------

@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='osu', out_signature='')
def SetWriteError(self, device, error_name, count):
    '''The next count WriteValue calls fail with error_name; 0 disarms.'''
    massager = massager_at(device)
    if count and not re.fullmatch(r'[A-Za-z_]\w*(\.[A-Za-z_]\w*)+', error_name):
        raise mock_error('InvalidArguments', 'Bad D-Bus error name %r' % error_name)
    massager.write_error = str(error_name)
    massager.write_error_count = int(count)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ou', out_signature='')
def SetWriteDelay(self, device, milliseconds):
    '''WriteValue replies (and the frame arrives) this much later; 0 = at once.'''
    massager_at(device).write_delay = int(milliseconds)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='o', out_signature='')
def DisconnectDevice(self, device):
    '''The device drops the link (out of range, switched off); the motor
    state stays what it was.  Replaces bluez5's DisconnectDevice(ss); for a
    plain bluez5 device it just clears Connected.'''
    massager = MASSAGERS.get(str(device))
    if massager is None:
        plain = mockobject.objects.get(str(device))
        if plain is None or DEVICE_IFACE not in plain.props:
            raise mock_error('NoSuchDevice', 'Device %s does not exist.' % device)
        plain.connected = False
        update(plain, DEVICE_IFACE, Connected=dbus.Boolean(False))
    elif massager.connected:
        massager.drop_link()


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ob', out_signature='')
def SetPaired(self, device, paired):
    '''Mark a massager paired (and bonded, trusted) as if a person had paired
    it, or unpaired.'''
    massager = massager_at(device)
    value = dbus.Boolean(bool(paired))
    update(massager.device, DEVICE_IFACE, Paired=value, Bonded=value, Trusted=value)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ssu', out_signature='')
def PairDevice(self, adapter, address, class_):
    '''bluez5's PairDevice; a massager is paired the way bluetoothd pairs
    an LE device a person chose: it connects (services resolved), then
    becomes paired, bonded and trusted, and stays connected.'''
    massager = massager_by_address(adapter, address)
    if massager is None:
        bluez5.PairDevice(self, adapter, address, class_)
        return
    massager.connect()
    update(massager.device, DEVICE_IFACE, Paired=dbus.Boolean(True),
           Bonded=dbus.Boolean(True), Trusted=dbus.Boolean(True))


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ou', out_signature='')
def SetLateCharacteristics(self, device, milliseconds):
    '''From now on a connect says ServicesResolved first and exports the
    GATT objects @milliseconds later (0: at once, before), as bluetoothd
    5.66 did right after pairing in tools/e2e-system.'''
    massager_at(device).late_chars_ms = int(milliseconds)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ob', out_signature='')
def SetQuietConnect(self, device, quiet):
    '''From now on Connected becomes true without a PropertiesChanged, as
    bluetoothd 5.66 does for an LE link it opened itself (att_connect_cb
    sets the flag; device_add_connection then finds it set and says
    nothing); ServicesResolved and the link going are announced.'''
    massager_at(device).quiet_connect = bool(quiet)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ob', out_signature='')
def SetReachable(self, device, reachable):
    '''While false, Connect fails with org.bluez.Error.Failed.'''
    massager_at(device).reachable = bool(reachable)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='oay', out_signature='')
def SendNotification(self, device, value):
    '''Raw bytes as a notification on the protocol's notify characteristic.'''
    massager = massager_at(device)
    uuid = massager.emu.RX or massager.emu.BATTERY_CHAR
    path = massager.char_path(uuid)
    if not path or not massager.notifying(path):
        raise mock_error('NotNotifying', 'No client has notifications enabled on %s' % uuid)
    massager.send([(uuid, bytes(value))])


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='oy', out_signature='')
def SetBattery(self, device, percent):
    '''Battery1.Percentage on the device (InterfacesAdded the first time);
    a massager's emulator reports the new level too.'''
    device = str(device)
    obj = mockobject.objects.get(device)
    if obj is None or DEVICE_IFACE not in obj.props:
        raise mock_error('NoSuchDevice', 'Device %s does not exist.' % device)
    if percent > 100:
        raise mock_error('InvalidArguments', 'percent %d > 100' % percent)
    if device in BATTERIES:
        # bluetoothd refuses a second battery on a device ("path exists").
        raise mock_error('BatteryProvided', '%s shows a provided battery' % device)
    set_battery_interface(obj, dbus.Byte(percent))
    massager = MASSAGERS.get(device)
    if massager:
        massager.send(massager.emu.set_battery(int(percent)))


def set_battery_interface(obj, percent):
    if BATTERY_IFACE in obj.props:
        update(obj, BATTERY_IFACE, Percentage=percent)
    else:
        obj.props[BATTERY_IFACE] = {'Percentage': percent}
        emit_added(obj.path, {BATTERY_IFACE: obj.props[BATTERY_IFACE]})


# -- knobs for tpd's lifecycle tests ----------------------------------------

@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='ob', out_signature='')
def HoldWrites(self, device, hold):
    '''While held, WriteValue calls wait, unanswered and not yet at the
    device; releasing delivers them in order, as if the air had been
    blocked.'''
    massager = massager_at(device)
    massager.hold = bool(hold)
    if hold:
        return
    pending, massager.pending = massager.pending, []
    for write in pending:
        if write.timer is None:
            massager.finish_write(write)
        else:
            massager.pending.append(write)


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='oays', out_signature='')
def RefuseFrames(self, device, prefix, error_name):
    '''From now on every WriteValue whose bytes start with prefix fails with
    error_name and never reaches the device; an empty error_name lifts
    every such rule of the device.'''
    massager = massager_at(device)
    if not error_name:
        massager.refuse = []
        return
    if not re.fullmatch(r'[A-Za-z_]\w*(\.[A-Za-z_]\w*)+', error_name):
        raise mock_error('InvalidArguments', 'Bad D-Bus error name %r' % error_name)
    massager.refuse.append((bytes(prefix), str(error_name)))


@dbus.service.method(BLUEZ_MOCK_IFACE, in_signature='su', out_signature='')
def SetDiscoveryDelay(self, device_name, milliseconds):
    '''StartDiscovery on adapter device_name answers this much later.'''
    ADAPTERS[adapter_path(device_name)].discovery_delay = int(milliseconds)


def load(mock, parameters):
    bluez5.load(mock, parameters)
    # ProfileManager1 is method-only: give it a place in GetManagedObjects.
    mockobject.objects['/org/bluez'].props.setdefault(PROFILE_MANAGER_IFACE, {})
    MASSAGERS.clear()
    REMOVED.clear()
    ADAPTERS.clear()
    APPLICATIONS.clear()
    PROVIDERS.clear()
    BATTERIES.clear()
