# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sleep and shutdown of the machine, with python3-dbusmock's logind
template on the private system bus and the fake BlueZ: tpd holds a delay
lock, stops every motor on PrepareForSleep(true) or
PrepareForShutdown(true), and lets the lock go only once the device has
acknowledged its stop; after waking it takes the lock again and starts
nothing by itself."""
import os

import dbus

from bluez_test import STOP, BluezTestCase, tpd_path
from systemfakes import LOGIND, logind, send_impostor_signal
from tpdtest import DEVICE, SESSION

GUN = 'AA:BB:CC:00:00:31'


class SleepTest(BluezTestCase):
    def start_fake(self):
        super().start_fake()
        self.logind = logind(self.bus_daemon.address,
                             os.path.join(self.tmp.name, 'logind.log'))
        self.addCleanup(self.logind.stop)
        self.logind.start(self.bus)

    def tpd_locks(self):
        return [tuple(str(x) for x in i[:4]) for i in self.logind.call('ListInhibitors')
                if str(i[1]) == 'tpd']

    def wait_for_lock(self, held=True, timeout=5):
        """Both of tpd's delay locks (sleep, shutdown) held, or none."""
        want = 2 if held else 0
        self.wait_until(lambda: len(self.tpd_locks()) == want, timeout,
                        'tpd %s its delay locks' % ('holding' if held else 'releasing'))

    def running_session(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        return bluez_path, device, session

    def prepare_mid_session(self, member, reason, hold_air=False):
        """A session running with the lock held, then logind's @member
        (true); the session must end with @reason. With @hold_air the
        fake BlueZ holds back whatever tpd writes from then on."""
        bluez_path, device, session = self.running_session()
        self.wait_for_lock()
        if hold_air:
            self.mock('HoldWrites', dbus.ObjectPath(bluez_path), True)
        self.logind.emit(member, 'b', True)
        self.assertEqual(self.finished_reason(session), reason)
        return bluez_path, device

    def test_tpd_holds_a_delay_lock_for_sleep_and_shutdown(self):
        self.wait_for_lock()
        # One lock each: logind checks "sleep:shutdown" against the lid
        # switch's polkit action, which a system user may not take.
        why = 'Stop every massager motor first'
        self.wait_for_lock()
        self.assertEqual(sorted(self.tpd_locks()), [('shutdown', 'tpd', why, 'delay'),
                                                    ('sleep', 'tpd', why, 'delay')])

    def test_the_lock_goes_only_after_the_device_took_the_stop(self):
        # The air is blocked: whatever tpd writes now waits, unanswered,
        # short of the device. tpd has told the motor to stop (the stop
        # is written, or queued behind a held write); the device has not
        # heard it.
        bluez_path, device = self.prepare_mid_session('PrepareForSleep', 'suspend',
                                                      hold_air=True)
        self.sync()
        self.assertTrue(self.fake_state(bluez_path)['Running'])
        self.assertTrue(self.tpd_locks(), 'the lock went before the stop reached the device')
        # The stop arrives and is acknowledged: only now may the machine
        # sleep.
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), False)
        self.wait_for_lock(held=False)
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.assertFalse(self.fake_state(bluez_path)['Running'])

    def test_nothing_moves_while_the_machine_prepares_to_sleep(self):
        bluez_path, device = self.prepare_mid_session('PrepareForSleep', 'suspend')
        self.wait_for_lock(held=False)
        count = len(self.fake_frames(bluez_path))
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.assertEqual(cm.exception.get_dbus_name(), 'io.tpd.Tpd1.Error.ShuttingDown')
        self.assertIn('about to sleep', cm.exception.get_dbus_message())
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            self.call(device, DEVICE, 'SetIntensity', dbus.UInt32(40))
        self.assertEqual(cm.exception.get_dbus_name(), 'io.tpd.Tpd1.Error.ShuttingDown')
        self.sync()
        self.assertEqual(len(self.fake_frames(bluez_path)), count)

    def test_after_waking_the_lock_is_taken_again_and_nothing_starts(self):
        bluez_path, device = self.prepare_mid_session('PrepareForSleep', 'suspend')
        self.wait_for_lock(held=False)
        count = len(self.fake_frames(bluez_path))
        self.logind.emit('PrepareForSleep', 'b', False)
        self.wait_for_lock()
        self.sync()
        self.assertEqual(len(self.fake_frames(bluez_path)), count, 'tpd wrote on waking')
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        # The person may go on.
        again = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running again', lambda s: s['Running'])
        self.call(again, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(again), 'stopped')

    def test_shutdown_of_the_machine_stops_first(self):
        bluez_path, device = self.prepare_mid_session('PrepareForShutdown', 'shutdown',
                                                      hold_air=True)
        self.assertTrue(self.tpd_locks())
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), False)
        self.wait_for_lock(held=False)
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        # Then systemd stops tpd.
        self.assertEqual(self.stop_tpd(), 0, self.log_text())

    def test_a_device_that_never_answers_holds_the_machine_only_so_long(self):
        bluez_path, device = self.prepare_mid_session('PrepareForSleep', 'suspend',
                                                      hold_air=True)
        # tpd's own deadline (logind's InhibitDelayMaxSec also applies).
        self.wait_for_lock(held=False, timeout=15)
        self.assertIn('may still be running', self.log_text())
        self.mock('HoldWrites', dbus.ObjectPath(bluez_path), False)

    def test_a_prepare_signal_from_anyone_but_logind_is_ignored(self):
        bluez_path, device, session = self.running_session()
        self.wait_for_lock()
        tpd = self.bus.get_name_owner('io.tpd.Tpd1')
        send_impostor_signal(self.bus_daemon.address, tpd, LOGIND, 'PrepareForSleep', 'b',
                             True)
        self.sync()
        self.assertEqual(self.get(session, SESSION, 'State'), 'running')
        self.assertTrue(self.fake_state(bluez_path)['Running'])
        self.assertTrue(self.tpd_locks())
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')

    def test_a_restarted_logind_gets_a_new_lock(self):
        self.wait_for_lock()
        self.logind.stop()
        self.logind.start(self.bus)
        self.wait_for_lock()


class NoLogindTest(BluezTestCase):
    def test_without_logind_tpd_runs_and_says_so(self):
        self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.wait_until(lambda: 'logind is not on this bus' in self.log_text(), 5,
                        'tpd saying there is no logind')
        self.assertEqual(tpd_path(GUN), device)
