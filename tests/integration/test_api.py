# SPDX-License-Identifier: LGPL-2.1-or-later
"""The D-Bus API surface: introspection from dbus/, signatures, errors,
ObjectManager, properties."""
import os
import xml.etree.ElementTree as ET

import dbus

from tpdtest import (DBUS_DIR, DEVICE, MANAGER, MANAGER_PATH, OBJMGR, PROPS,
                     SESSION, SIM_DEVICE, SIMULATOR, TpdTestCase)

INTROSPECTABLE = 'org.freedesktop.DBus.Introspectable'


def interfaces_in_file(path):
    root = ET.parse(path).getroot()
    return {i.get('name'): i for i in root.iter('interface')}


def canonical(element):
    return ET.canonicalize(ET.tostring(element, encoding='unicode'), strip_text=True)


class ApiTest(TpdTestCase):
    def introspect(self, path):
        return str(self.call(path, INTROSPECTABLE, 'Introspect'))

    def test_introspection_equals_the_files_in_dbus(self):
        expected = {}
        for name in os.listdir(DBUS_DIR):
            if name.endswith('.xml'):
                expected.update(interfaces_in_file(os.path.join(DBUS_DIR, name)))
        session = self.start_session()
        seen = set()
        for path in [MANAGER_PATH, SIM_DEVICE, session]:
            served = ET.fromstring(self.introspect(path))
            for iface in served.iter('interface'):
                name = iface.get('name')
                self.assertIn(name, expected, 'served but not in dbus/: ' + name)
                self.assertEqual(canonical(iface), canonical(expected[name]), name)
                seen.add(name)
        for name in ['io.tpd.Tpd1.Manager', 'io.tpd.Tpd1.Device',
                     'io.tpd.Tpd1.Session', 'io.tpd.Tpd1.Simulator', OBJMGR, PROPS]:
            self.assertIn(name, seen)

    def test_parent_nodes_list_their_children(self):
        root = ET.fromstring(self.introspect('/'))
        self.assertEqual([n.get('name') for n in root.findall('node')], ['io'])
        devices = ET.fromstring(self.introspect('/io/tpd/Tpd1/device'))
        self.assertEqual([n.get('name') for n in devices.findall('node')],
                         ['02_54_50_44_00_01'])
        top = ET.fromstring(self.introspect(MANAGER_PATH))
        self.assertIn('device', [n.get('name') for n in top.findall('node')])

    def test_wrong_signature_gets_invalid_args_naming_the_signature(self):
        msg = self.assert_dbus_error(
            'io.tpd.Tpd1.Error.InvalidArgs', self.manager, 'StartSession',
            'trapezius', 'release', signature='ss')
        self.assertIn("'ossa{sv}'", msg)
        self.assertIn("got signature 'ss'", msg)
        self.assertIn('o device', msg)
        self.assert_dbus_error('io.tpd.Tpd1.Error.InvalidArgs', self.call, SIM_DEVICE,
                               DEVICE, 'SetIntensity', 'high', signature='s')
        # A standard interface answers with the standard name.
        self.assert_dbus_error('org.freedesktop.DBus.Error.InvalidArgs', self.call, MANAGER_PATH,
                               PROPS, 'Get', MANAGER, signature='s')

    def test_unknown_members_and_objects(self):
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownMethod',
                               self.manager, 'Explode')
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownInterface',
                               self.call, MANAGER_PATH, 'io.tpd.Nope', 'X')
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownObject',
                               self.call, '/io/tpd/Tpd1/nothing', MANAGER, 'StopAll')
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownProperty',
                               self.get, MANAGER_PATH, MANAGER, 'Nope')
        self.assert_dbus_error('org.freedesktop.DBus.Error.PropertyReadOnly',
                               self.call, MANAGER_PATH, PROPS, 'Set', MANAGER,
                               'Version', dbus.String('9', variant_level=1))

    def test_a_call_without_interface_finds_the_method(self):
        reply = self.obj(MANAGER_PATH).get_dbus_method('ListPrograms')()
        self.assertIn('release', [str(p['Id']) for p in reply])

    def test_object_manager_lists_devices_and_announces_sessions(self):
        # The firmware comes with the gun's answer to the version request.
        self.wait_for_property(SIM_DEVICE, DEVICE, 'Firmware', '2.1.6')
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertEqual(set(objects), {SIM_DEVICE})
        device = objects[SIM_DEVICE]
        self.assertEqual(set(device), {DEVICE, SIMULATOR})
        self.assertEqual(device[DEVICE]['Model'], 'Theragun PRO')
        self.assertEqual(device[DEVICE]['Kind'], 'gun')
        self.assertTrue(device[DEVICE]['Experimental'])
        self.assertTrue(device[DEVICE]['Connected'])
        self.assertEqual(device[DEVICE]['Firmware'], '2.1.6')

        session = self.start_session()

        def announced(member):
            return [s[3] for s in self.signals_of(member, MANAGER_PATH, OBJMGR)
                    if s[3][0] == session]
        self.wait_until(lambda: announced('InterfacesAdded'), 5, 'InterfacesAdded')
        self.assertEqual(announced('InterfacesAdded')[0][1][SESSION]['Muscle'], 'trapezius')
        self.call(session, SESSION, 'Stop')
        self.wait_until(lambda: announced('InterfacesRemoved'), 5, 'InterfacesRemoved')
        self.assertEqual(list(announced('InterfacesRemoved')[0][1]), [SESSION])

    def test_properties_changed_is_batched(self):
        session = self.start_session()

        def changes():
            return [s[3] for s in self.signals_of('PropertiesChanged', session, PROPS)]
        # The session's own changes come in one signal per tick, not one
        # per property: at the latest where a step ends, several change at
        # once (Step, StepName, Cue, Intensity).
        self.wait_until(lambda: any(len(c[1]) > 1 for c in changes()), 10,
                        'a PropertiesChanged with several properties')
        # Every announcement of one interface carries each property at most
        # once (a dictionary could not say it twice) and names it only once.
        for change in changes():
            self.assertEqual(change[0], SESSION)
            self.assertFalse(set(change[1]) & set(change[2]), change)

    def test_manager_properties(self):
        props = self.get_all(MANAGER_PATH, MANAGER)
        self.assertTrue(props['Simulated'])
        self.assertRegex(str(props['Version']), r'^\d+\.\d+\.\d+$')

    def test_list_muscles_and_programs(self):
        muscles = {str(m['Id']): m for m in self.manager('ListMuscles')}
        for needed in ['trapezius', 'levator-scapulae', 'infraspinatus',
                       'gluteus-medius', 'piriformis']:
            self.assertIn(needed, muscles)
            self.assertTrue(muscles[needed]['Sources'])
        self.assertIn('behind-eye', muscles['trapezius']['Zones'])
        self.assertEqual(len(muscles), 17)
        programs = {(str(p['Id']), str(p['Variant'])): p for p in self.manager('ListPrograms')}
        for needed in ['release', 'warmup', 'flush', 'gentle', 'maintain']:
            # One variant for guns, one for the tools that hold still.
            self.assertEqual(list(programs[(needed, 'gun')]['Kinds']), ['gun'])
            self.assertEqual(set(programs[(needed, 'hold')]['Kinds']), {'roller', 'wand'})
        self.assertEqual(programs[('release', 'gun')]['Steps'], 5)
