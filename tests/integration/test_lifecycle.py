# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpd at the edges of its life and of a device's, through the fake BlueZ,
judged by the bytes the devices received: the shutdown barrier (from
SIGTERM on nothing new moves a motor; tpd exits once every stop is
acknowledged, its link gone, or the deadline passed), a stop that is never
abandoned, optional requests that never end a session, and Forget."""
import re
import signal

import dbus

from bluez_test import (HCI0, STATUS_REQUEST, STOP, VERSION_REQUEST, BluezTestCase,
                        theragun_speed)
from tpdtest import (DEVICE, MANAGER, MANAGER_PATH, OBJMGR, SESSION, SIM_DEVICE, TIME_FACTOR,
                     TpdTestCase, documented_errors)

GUN = 'AA:BB:CC:00:00:31'
OTHER = 'AA:BB:CC:00:00:32'
SHUTTING_DOWN = 'io.tpd.Tpd1.Error.ShuttingDown'


def warning(text):
    """A warning line as GLib's log writer prints it on stderr."""
    return r'WARNING \*\*: [0-9:.]+: ' + re.escape(text)


def after_first_stop(frames):
    """The frames from the first stop on."""
    return frames[frames.index(STOP):] if STOP in frames else []


class LifecycleTestCase(BluezTestCase):
    def connected(self, address, paired=False):
        bluez_path = self.add_massager('theragun', 'Pro', address, paired=paired)
        device = self.wait_for_device(address)
        if not paired:
            self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        return bluez_path, device

    def session_on(self, address, **kw):
        bluez_path, device = self.connected(address, **kw)
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        return bluez_path, device, session

    def manual_on(self, address, intensity=60):
        """A motor running at @intensity, and tpd done writing: the status
        request that follows the speed answered."""
        bluez_path, device = self.connected(address)
        self.call(device, DEVICE, 'SetIntensity', dbus.UInt32(intensity))
        self.wait_fake(bluez_path, 'the motor running and its status asked',
                       lambda s: s['Running'] and s['InFlight'] == 0 and
                       self.frames(bluez_path)[-1] == STATUS_REQUEST)
        return bluez_path, device

    def frames(self, bluez_path):
        return [f for f, _ in self.fake_frames(bluez_path)]

    def assert_refused_documented(self, name, iface, method, fn, *args):
        """The call fails with @name, and dbus/*.xml lists @name for it."""
        self.assert_dbus_error(name, fn, *args)
        self.assertIn(name, documented_errors(iface, method),
                      '%s.%s: %s is not in its documented errors' % (iface, method, name))

    def wait_exit(self):
        return self.tpd.wait(timeout=20 * TIME_FACTOR)


class ShutdownBarrierTest(LifecycleTestCase):
    def test_from_sigterm_on_nothing_new_moves_a_motor(self):
        held, manual = self.manual_on(GUN)
        other_path, other, session = self.session_on(OTHER)
        count = len(self.frames(other_path))
        held_count = len(self.frames(held))
        # The manual device's stop will wait in the air: tpd must wait too.
        self.mock('HoldWrites', dbus.ObjectPath(held), True)
        self.tpd.send_signal(signal.SIGTERM)
        self.assertEqual(self.finished_reason(session), 'shutdown')
        self.wait_fake(other_path, 'the session motor stopped', lambda s: not s['Running'])

        # Everything that could move a motor or start work is refused...
        opts = dbus.Dictionary({'Side': 'left'}, signature='sv')
        self.assert_refused_documented(
            SHUTTING_DOWN, MANAGER, 'StartSession', self.manager, 'StartSession',
            dbus.ObjectPath(other), 'gluteus-medius', 'release', opts)
        self.assert_refused_documented(
            SHUTTING_DOWN, DEVICE, 'SetIntensity', self.call, other, DEVICE, 'SetIntensity',
            dbus.UInt32(60))
        self.assert_refused_documented(
            SHUTTING_DOWN, DEVICE, 'SetIntensity', self.call, manual, DEVICE, 'SetIntensity',
            dbus.UInt32(70))
        self.assert_refused_documented(
            SHUTTING_DOWN, DEVICE, 'Connect', self.call, other, DEVICE, 'Connect')
        self.assert_refused_documented(
            SHUTTING_DOWN, DEVICE, 'Forget', self.call, other, DEVICE, 'Forget')
        self.assert_refused_documented(
            SHUTTING_DOWN, MANAGER, 'StartDiscovery', self.manager, 'StartDiscovery')
        # tpctl says so, and exits 1: nothing was wrong with the request.
        proc = self.tpctl('start', '--muscle', 'gluteus-medius', '--side', 'left')
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn('shutting down', proc.stderr)
        self.assertIn('try again once tpd is back', proc.stderr)
        proc = self.tpctl('connect', OTHER)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn('shutting down', proc.stderr)
        # ...while stops and reads work.
        self.assertIn('Theragun PRO', self.tpctl('status', check=0).stdout)
        self.tpctl('stop', check=0)
        self.call(manual, DEVICE, 'SetIntensity', dbus.UInt32(0))
        self.call(manual, DEVICE, 'Stop')
        self.manager('StopAll')
        self.wait_for_property(other, DEVICE, 'State', 'ready')
        self.assertIn('State', self.get_all(manual, DEVICE))
        self.manager('GetHistory', dbus.Dictionary({}, signature='sv'))
        self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        # tpd is still there, waiting for the held stop.
        self.assertIsNone(self.tpd.poll())
        self.assertTrue(self.fake_state(held)['Running'])

        self.mock('HoldWrites', dbus.ObjectPath(held), False)
        self.assertEqual(self.wait_exit(), 0, self.log_text())
        # Only stops reached it since, the last one acknowledged.
        self.assertEqual(self.frames(held)[held_count:], [STOP])
        self.assertFalse(self.fake_state(held)['Running'])
        # The session's device: nothing but stops after its stop.
        since = self.frames(other_path)[count:]
        self.assertEqual(set(after_first_stop(since)), {STOP})
        self.assertIn('%s: stop acknowledged' % GUN, self.log_text())

    def test_a_stop_retry_holds_the_exit_until_it_has_run(self):
        bluez_path, device = self.manual_on(GUN)
        # The next write is SIGTERM's stop: refused once, and the retry
        # gets through.
        tx = self.tx_path(bluez_path)
        before = len(self.calls_to(tx, 'WriteValue'))
        self.mock('SetWriteError', dbus.ObjectPath(bluez_path), 'org.bluez.Error.Failed',
                  dbus.UInt32(1))
        self.tpd.send_signal(signal.SIGTERM)
        self.assertEqual(self.wait_exit(), 0, self.log_text())
        self.assertEqual(self.frames(bluez_path)[-1], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        writes = [bytes(c[1][0]) for c in self.calls_to(tx, 'WriteValue')[before:]]
        self.assertEqual(writes, [STOP, STOP])

    def test_a_device_that_never_answers_its_stop_does_not_hold_tpd_forever(self):
        bluez_path, device = self.manual_on(GUN)
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), True)
        self.tpd.send_signal(signal.SIGTERM)
        self.assertEqual(self.wait_exit(), 0, self.log_text())
        # The honest outcome: the stop never arrived, and tpd said so.
        # The shutdown's deadline and the write's own timeout are both
        # 5 s: whichever ends first says that the motor may still run.
        self.assertTrue(self.fake_state(bluez_path)['Running'])
        self.assertRegex(self.log_text(), '|'.join([
            warning('%s: no answer to its stop within 5000 ms; its motor may still be running'
                    % GUN),
            warning('%s: no stop was acknowledged before the link went; its motor may still '
                    'be running' % GUN)]))

    def test_a_link_that_goes_ends_the_wait_for_its_stop(self):
        bluez_path, device = self.manual_on(GUN)
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), True)
        self.tpd.send_signal(signal.SIGTERM)
        self.wait_fake(bluez_path, 'the stop written and held', lambda s: s['InFlight'] == 1)
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.assertEqual(self.wait_exit(), 0, self.log_text())
        log = self.log_text()
        self.assertIn('%s: its link is gone and no stop was acknowledged' % GUN, log)
        self.assertNotIn('no answer to its stop', log)


class StopNeverAbandonedTest(LifecycleTestCase):
    reconnect = (0.1, 0.2)

    def test_a_device_that_takes_no_stop_is_reconnected_until_one_is(self):
        # Not paired: only the owed stop brings it back.
        bluez_path, device, session = self.session_on(GUN)
        connects = len(self.calls_to(bluez_path, 'Connect'))
        self.mock('RefuseFrames', dbus.ObjectPath(bluez_path), dbus.ByteArray(STOP),
                  'org.bluez.Error.Failed')
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')
        # Four refused stops, the link dropped: tpd says the motor may run.
        self.wait_for_property(device, DEVICE, 'State', 'stop-unconfirmed', timeout=10)
        self.assertTrue(self.fake_state(bluez_path)['Running'])
        self.assertRegex(self.log_text(), warning('%s: no stop was acknowledged' % GUN))
        # It is reconnected, again and again, and sent a stop first each time.
        self.wait_until(lambda: len(self.calls_to(bluez_path, 'Connect')) >= connects + 2, 15,
                        'two reconnects')
        # Meanwhile nothing may drive it.
        message = self.assert_dbus_error('io.tpd.Tpd1.Error.NotConnected', self.call, device,
                                         DEVICE, 'SetIntensity', dbus.UInt32(30))
        self.assertIn('switch it off by hand', message)
        self.assert_dbus_error('io.tpd.Tpd1.Error.NotConnected', self.start_session,
                               'gluteus-medius', 'release', device=device, Side='left')
        self.assertEqual(self.get(device, DEVICE, 'State'), 'stop-unconfirmed')
        # The person is told what to do.
        out = self.tpctl('status', check=0).stdout
        self.assertIn(GUN, out)
        self.assertIn('stop-unconfirmed', out)
        self.assertIn('may still be running: switch it off by hand', out)

        # The device takes stops again: the first frame it receives is a
        # stop, and only then is the device ready.
        count = len(self.frames(bluez_path))
        self.mock('RefuseFrames', dbus.ObjectPath(bluez_path), dbus.ByteArray(b''), '')
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=10)
        self.assertEqual(self.frames(bluez_path)[count], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        self.assertEqual(self.frames(bluez_path)[-1], STOP)
        # Every State announced on the way.
        states = [s[3][1]['State'] for s in self.signals_of('PropertiesChanged', device)
                  if 'State' in s[3][1]]
        self.assertIn('stop-unconfirmed', states)
        self.assertEqual(states[-1], 'ready')
        # And it is the person's again.
        self.call(device, DEVICE, 'SetIntensity', dbus.UInt32(30))
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])

    def test_a_stop_lost_with_the_link_is_owed_too(self):
        bluez_path, device = self.manual_on(GUN)
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), True)
        self.call(device, DEVICE, 'Stop')
        self.wait_fake(bluez_path, 'the stop in the air', lambda s: s['InFlight'] == 1)
        # The link drops with the stop unanswered.
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.wait_for_property(device, DEVICE, 'State', 'stop-unconfirmed')
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), False)
        count = len(self.frames(bluez_path))
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=10)
        self.assertEqual(self.frames(bluez_path)[count], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])


class OptionalRequestsTest(LifecycleTestCase):
    def test_a_device_that_refuses_status_and_firmware_requests_runs_its_session(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        for frame in (STATUS_REQUEST, VERSION_REQUEST):
            self.mock('RefuseFrames', dbus.ObjectPath(bluez_path), dbus.ByteArray(frame),
                      'org.bluez.Error.NotPermitted')
        device = self.wait_for_device(GUN)
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        session, reason = self.run_quick(device)
        self.assertEqual(reason, 'completed')
        frames = self.frames(bluez_path)
        # Both levels of the program reached the device, then the stop.
        self.assertIn(theragun_speed(1750 + round(650 * 19 / 99)), frames)
        self.assertIn(theragun_speed(1750 + round(650 * 29 / 99)), frames)
        self.assertEqual(frames[-1], STOP)
        # Each request was tried once, then no more.
        writes = [bytes(c[1][0]) for c in self.calls_to(self.tx_path(bluez_path), 'WriteValue')]
        self.assertEqual(writes.count(STATUS_REQUEST), 1)
        self.assertEqual(writes.count(VERSION_REQUEST), 1)
        self.assertEqual(self.log_text().count('not asking again'), 2)



class ForgetTest(LifecycleTestCase):
    def test_forget_stops_disconnects_and_removes_it_from_bluez(self):
        bluez_path, device, session = self.session_on(GUN, paired=True)
        removed = len(self.calls_to(HCI0, 'RemoveDevice'))
        self.call(device, DEVICE, 'Forget')
        self.assertEqual(self.finished_reason(session), 'disconnected')
        # The stop went out before the link, and the link before removal.
        self.assertEqual(self.frames(bluez_path)[-1], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        self.assertEqual(len(self.calls_to(HCI0, 'RemoveDevice')), removed + 1)
        self.massagers.remove(bluez_path)
        self.wait_until(lambda: not self.device_exists(device), 5, 'the device gone')
        self.sync()
        objects = self.bluez('/', OBJMGR, 'GetManagedObjects')
        self.assertNotIn(bluez_path, [str(p) for p in objects])
        removed_signals = [s[3][0] for s in self.signals_of('InterfacesRemoved', MANAGER_PATH)]
        self.assertIn(device, removed_signals)

    def test_forget_of_a_disconnected_device(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.call(device, DEVICE, 'Forget')
        self.massagers.remove(bluez_path)
        self.wait_until(lambda: not self.device_exists(device), 5, 'the device gone')
        self.assertEqual(self.frames(bluez_path), [])


class SimulatedForgetTest(TpdTestCase):
    def test_a_simulated_device_cannot_be_forgotten(self):
        message = self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.call, SIM_DEVICE,
                                         DEVICE, 'Forget')
        self.assertIn('simulated', message)
        self.assertIn('io.tpd.Tpd1.Error.Failed', documented_errors(DEVICE, 'Forget'))
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'ready')
