# SPDX-License-Identifier: LGPL-2.1-or-later
"""Malformed calls to every method tpd exports, read from its own
introspection: no arguments, one too many, each argument of the wrong
type, and values of the right type that make no sense. Each gets an error
reply with a message, and changes nothing: the simulated gun receives no
frame, no session appears, a paused session stays as it was, and tpd
answers afterwards."""
import math
import xml.etree.ElementTree as ET

import dbus
import dbus.lowlevel

from tpdtest import (BUS_NAME, DEVICE, MANAGER, MANAGER_PATH, OBJMGR, PROPS, SESSION,
                     SIM_DEVICE, SIMULATOR, TpdTestCase, documented_errors)

# tpd's interfaces name their own InvalidArgs; the standard interfaces
# (Properties, Introspectable, Peer, ObjectManager) the standard one.
INVALID_ARGS = {'io.tpd.Tpd1.Error.InvalidArgs'}
STANDARD_INVALID_ARGS = {'org.freedesktop.DBus.Error.InvalidArgs'}


def invalid_args_of(iface):
    return INVALID_ARGS if iface.startswith('io.tpd.') else STANDARD_INVALID_ARGS

# A value of each basic type, to put where another type belongs.
SAMPLES = {
    's': dbus.String('x'), 'u': dbus.UInt32(7), 'i': dbus.Int32(-7), 'b': dbus.Boolean(True),
    'd': dbus.Double(0.5), 'o': dbus.ObjectPath('/x'), 'y': dbus.Byte(1),
    'a{sv}': dbus.Dictionary({'Side': 'left'}, signature='sv'),
    'as': dbus.Array(['x'], signature='s'), 'v': dbus.String('x', variant_level=1),
}


def split_signature(signature):
    return list(dbus.Signature(signature))


def wrong_type_for(sig):
    return 'u' if sig == 's' else 's'


def bad_signatures(in_signature):
    """Every argument list a client could get wrong by shape."""
    args = split_signature(in_signature)
    bad = ['s' * 3] if not args else ['']
    bad.append(in_signature + 's')
    for i, arg in enumerate(args):
        bad.append(''.join(args[:i] + [wrong_type_for(arg)] + args[i + 1:]))
    if len(args) > 1:
        bad.append(''.join(reversed(args)))
    return [b for b in dict.fromkeys(bad) if b != in_signature]


def values_for(signature):
    return [SAMPLES[t] for t in split_signature(signature)]


class MalformedCallsTest(TpdTestCase):
    time_scale = 100

    def raw_call(self, path, iface, method, signature, args):
        msg = dbus.lowlevel.MethodCallMessage(BUS_NAME, path, iface, method)
        if signature:
            msg.append(*args, signature=signature)
        return self.bus.send_message_with_reply_and_block(msg, 10)

    def assert_refused(self, path, iface, method, signature, args, names):
        what = '%s.%s(%s) on %s' % (iface, method, signature, path)
        with self.assertRaises(dbus.exceptions.DBusException, msg=what) as cm:
            self.raw_call(path, iface, method, signature, args)
        self.assertIn(cm.exception.get_dbus_name(), names, what)
        self.assertTrue(cm.exception.get_dbus_message(), what + ': an error without a message')
        if iface.startswith('io.tpd.'):
            self.assertIn(cm.exception.get_dbus_name(), documented_errors(iface, method),
                          what + ': an error dbus/*.xml does not list for it')
        return cm.exception.get_dbus_message()

    def methods_of(self, path):
        """(interface, method, in-signature) for every method at @path."""
        xml = self.call(path, 'org.freedesktop.DBus.Introspectable', 'Introspect')
        for iface in ET.fromstring(xml).findall('interface'):
            for method in iface.findall('method'):
                args = [a.get('type') for a in method.findall('arg')
                        if a.get('direction', 'in') == 'in']
                yield iface.get('name'), method.get('name'), ''.join(args)

    def refuse_every_shape(self, path):
        count = 0
        for iface, method, signature in self.methods_of(path):
            for bad in bad_signatures(signature):
                self.assert_refused(path, iface, method, bad, values_for(bad),
                                    invalid_args_of(iface))
                count += 1
        return count

    def assert_nothing_changed(self, frames_before):
        self.sync()
        self.assertEqual(self.frames(), frames_before)
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        return [p for p in objects if SESSION in objects[p]]

    def test_every_method_refuses_every_wrong_shape(self):
        frames = self.frames()
        count = self.refuse_every_shape(MANAGER_PATH) + self.refuse_every_shape(SIM_DEVICE)
        # Manager, Device, Simulator and the four standard interfaces.
        self.assertGreater(count, 40)
        self.assertEqual(self.assert_nothing_changed(frames), [])
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'ready')

    def test_right_types_with_senseless_values(self):
        frames = self.frames()
        device = dbus.ObjectPath(SIM_DEVICE)
        no_options = dbus.Dictionary({}, signature='sv')
        found = {'io.tpd.Tpd1.Error.NotFound'}
        cases = [
            (MANAGER, 'StartSession', 'ossa{sv}',
             [dbus.ObjectPath('/io/tpd/Tpd1/device/nope'), 'trapezius', 'release', no_options],
             found),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'no-such-muscle', 'release',
                                                   no_options], found),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', '../../etc/passwd',
                                                   no_options], found),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Bogus': dbus.String('x')}], INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Scale': dbus.String('x')}], INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Scale': dbus.Double(math.nan)}],
             INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Scale': dbus.Double(1e300)}], INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Side': dbus.String('middle')}],
             INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'PainBefore': dbus.UInt32(11)}],
             INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, 'trapezius', 'release',
                                                   {'Detach': dbus.UInt32(1)}], INVALID_ARGS),
            (MANAGER, 'StartSession', 'ossa{sv}', [device, '', '', no_options], found),
            (MANAGER, 'FindMuscles', 's', [''], found | INVALID_ARGS),
            (MANAGER, 'FindMuscles', 's', ['\u00e9' * 4000], found | INVALID_ARGS),
            (MANAGER, 'GetHistory', 'a{sv}', [{'Bogus': dbus.UInt32(1)}], INVALID_ARGS),
            (MANAGER, 'GetHistory', 'a{sv}', [{'Muscle': dbus.UInt32(1)}], INVALID_ARGS),
            (MANAGER, 'GetTrends', 'a{sv}', [{'Bogus': dbus.UInt32(1)}], INVALID_ARGS),
            (MANAGER, 'GetTrends', 'a{sv}', [{'Limit': dbus.UInt32(1)}], INVALID_ARGS),
            (MANAGER, 'GetTrends', 'a{sv}', [{'Since': dbus.String('x')}], INVALID_ARGS),
            (MANAGER, 'RateSession', 'uu', [dbus.UInt32(1), dbus.UInt32(11)], found | INVALID_ARGS),
            (MANAGER, 'RateSession', 'uu', [dbus.UInt32(4242), dbus.UInt32(3)], found),
            (MANAGER, 'StopDiscovery', '', [], {'io.tpd.Tpd1.Error.Failed'}),
            (DEVICE, 'SetIntensity', 'u', [dbus.UInt32(101)], INVALID_ARGS),
            (DEVICE, 'SetIntensity', 'u', [dbus.UInt32(0xFFFFFFFF)], INVALID_ARGS),
            (PROPS, 'Get', 'ss', [DEVICE, 'NoSuchProperty'],
             {'org.freedesktop.DBus.Error.UnknownProperty'}),
            (PROPS, 'Get', 'ss', ['io.tpd.Nope', 'State'],
             {'org.freedesktop.DBus.Error.UnknownInterface',
              'org.freedesktop.DBus.Error.InvalidArgs'}),
            (PROPS, 'GetAll', 's', ['io.tpd.Nope'],
             {'org.freedesktop.DBus.Error.UnknownInterface',
              'org.freedesktop.DBus.Error.InvalidArgs'}),
            (PROPS, 'Set', 'ssv', [DEVICE, 'Intensity', dbus.UInt32(50, variant_level=1)],
             {'org.freedesktop.DBus.Error.PropertyReadOnly'}),
            (PROPS, 'Set', 'ssv', [SIMULATOR, 'MotorRunning', dbus.Boolean(True, variant_level=1)],
             {'org.freedesktop.DBus.Error.PropertyReadOnly'}),
        ]
        for iface, method, signature, args, names in cases:
            path = MANAGER_PATH if iface == MANAGER else SIM_DEVICE
            self.assert_refused(path, iface, method, signature, args, names)
        self.assertEqual(self.assert_nothing_changed(frames), [])
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Intensity'), 0)

    def test_a_paused_session_refuses_everything_malformed(self):
        session = self.start_session()
        self.call(session, SESSION, 'Pause')
        self.wait_for_property(session, SESSION, 'State', 'paused')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        before = self.get_all(session, SESSION)
        frames = self.frames()

        self.assertGreater(self.refuse_every_shape(session), 10)
        for scale in (math.nan, math.inf, -1.0, 0.0, 1e9):
            self.assert_refused(session, SESSION, 'SetScale', 'd', [dbus.Double(scale)],
                                INVALID_ARGS)
        self.assert_refused(session, SESSION, 'Pause', '', [], {'io.tpd.Tpd1.Error.Failed'})

        self.assertEqual(self.assert_nothing_changed(frames), [session])
        after = self.get_all(session, SESSION)
        self.assertEqual(after, before)
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')
