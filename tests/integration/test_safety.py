# SPDX-License-Identifier: LGPL-2.1-or-later
"""The motor stops whenever a session ends for any reason: proven by the
frames the simulated gun received."""
import signal
import subprocess

import dbus

from tpdtest import (DEVICE, SESSION, SIM_DEVICE, SIMULATOR, STOP_FRAME, TPCTL,
                     TpdTestCase)


class ClientLeavesTest(TpdTestCase):
    # Real time, so that the session is still running when the client goes.
    time_scale = 1

    def test_tpctl_killed_stops_the_motor(self):
        # How fast is for the benchmarks; here, that it happens at all.
        tpctl = subprocess.Popen([TPCTL, '--session', 'start', '--muscle', 'trapezius',
                                  '--program', 'release'], env=self.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True, timeout=10)
            session = str(self.get(SIM_DEVICE, DEVICE, 'Session'))
            tpctl.kill()
            tpctl.wait()
            self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        finally:
            if tpctl.poll() is None:
                tpctl.kill()
                tpctl.wait()
        self.assertEqual(self.finished_reason(session), 'client-left')
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')

    def test_a_raw_client_closing_its_connection_stops_its_session(self):
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        manager = other.get_object('io.tpd.Tpd1', '/io/tpd/Tpd1', introspect=False)
        session = str(manager.StartSession(dbus.ObjectPath(SIM_DEVICE), 'piriformis', 'release',
                                           dbus.Dictionary({}, signature='sv'),
                                           dbus_interface='io.tpd.Tpd1.Manager'))
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        other.close()
        self.assertEqual(self.finished_reason(session), 'client-left')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_a_detached_session_runs_on_when_its_client_leaves(self):
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        name = other.get_unique_name()
        manager = other.get_object('io.tpd.Tpd1', '/io/tpd/Tpd1', introspect=False)
        session = str(manager.StartSession(dbus.ObjectPath(SIM_DEVICE), 'piriformis', 'release',
                                           dbus.Dictionary({'Detach': True}, signature='sv'),
                                           dbus_interface='io.tpd.Tpd1.Manager'))
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        other.close()
        # The bus has seen it go, so tpd heard before this round trip.
        self.wait_until(lambda: not self.bus.name_has_owner(name), 5, 'the client gone')
        self.sync()
        self.assertEqual(self.get(session, SESSION, 'State'), 'running')
        self.assertTrue(self.get(session, SESSION, 'Detached'))
        self.assertTrue(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))
        self.assertEqual(self.signals_of('Finished', session), [])
        # Anyone allowed to (here: everyone on the session bus) stops it.
        self.tpctl('stop', check=0)
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_manual_intensity_stops_when_its_client_leaves(self):
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        device = other.get_object('io.tpd.Tpd1', SIM_DEVICE, introspect=False)
        device.SetIntensity(dbus.UInt32(30), dbus_interface=DEVICE)
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        other.close()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_a_client_that_leaves_does_not_stop_anothers_session(self):
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        other.get_object('io.tpd.Tpd1', '/io/tpd/Tpd1', introspect=False).ListPrograms(
            dbus_interface='io.tpd.Tpd1.Manager')
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        other.close()
        # A round trip after the other client's departure has been seen.
        self.bus.get_name_owner('io.tpd.Tpd1')
        self.assertEqual(self.get(session, SESSION, 'State'), 'running')
        self.assertTrue(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))


class ShutdownTest(TpdTestCase):
    time_scale = 1

    def shutdown_mid_session(self, sig):
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.forget_signals()
        self.assertEqual(self.stop_tpd(sig), 0, self.log_text())
        # tpd is gone; what it sent before exiting is still delivered.
        self.wait_until(lambda: STOP_FRAME in self.received_frames(), 5,
                        'a stop frame before exit')
        self.assertEqual(self.received_frames()[-1], STOP_FRAME)
        self.assertEqual(self.finished_reason(session, timeout=5), 'shutdown')
        running = [s[3][1]['MotorRunning'] for s in
                   self.signals_of('PropertiesChanged', SIM_DEVICE)
                   if 'MotorRunning' in s[3][1]]
        self.assertEqual(running[-1], False)

    def test_sigterm_mid_session_writes_a_stop_before_exit(self):
        self.shutdown_mid_session(signal.SIGTERM)

    def test_sigint_mid_session_writes_a_stop_before_exit(self):
        self.shutdown_mid_session(signal.SIGINT)

    def test_sigterm_stops_a_manually_driven_motor(self):
        self.call(SIM_DEVICE, DEVICE, 'SetIntensity', dbus.UInt32(60))
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.forget_signals()
        self.assertEqual(self.stop_tpd(), 0)
        self.wait_until(lambda: STOP_FRAME in self.received_frames(), 5, 'a stop frame')
        self.assertEqual(self.received_frames()[-1], STOP_FRAME)
