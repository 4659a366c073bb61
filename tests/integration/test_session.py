# SPDX-License-Identifier: LGPL-2.1-or-later
"""Sessions through the real tpd, proven by the frames the simulated gun
received."""
import os

import dbus

from tpdtest import (DEVICE, MANAGER_PATH, OBJMGR, SESSION, SIM_DEVICE, SIMULATOR,
                     SRC_DIR, STATUS_REQUEST, STOP_FRAME, TIME_FACTOR, TpdTestCase, speed_of)

LIMIT_DATA = os.path.join(SRC_DIR, 'tests', 'data', 'limits')

# Theragun PRO model: intensity 1-100 % over 1750-2400 per minute.
def max_speed_for(intensity):
    return 1750 + (650 * (intensity - 1) + 98) // 99


class SessionTest(TpdTestCase):
    def motor_commands(self, frames):
        """Set-speed frames (stops included), status/version requests left
        out; each checked for a valid checksum."""
        return [f for f in frames if speed_of(f) is not None]

    def test_release_runs_to_completion_and_ends_with_a_stop(self):
        before = len(self.frames())
        session = self.start_session('trapezius', 'release')
        self.assertEqual(self.finished_reason(session), 'completed')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        frames = self.frames()[before:]
        self.assertEqual(frames[-1], STOP_FRAME)
        self.assertEqual(self.get(SIM_DEVICE, SIMULATOR, 'FramesRejected'), 0)
        speeds = [speed_of(f) for f in self.motor_commands(frames)]
        # Starts gently: the first command is the bottom of the range
        # (10 %), and nothing exceeds the trapezius cap of 40 %. (Under
        # valgrind, translating the session code on first use takes long
        # enough in simulated time that the first write carries a later
        # point of the ramp; that run checks memory, this one the ramp.)
        self.assertLessEqual(speeds[0], max_speed_for(10 if TIME_FACTOR == 1 else 40))
        self.assertGreater(speeds[0], 0)
        self.assertLessEqual(max(speeds), max_speed_for(40))
        self.assertIn(STATUS_REQUEST, frames)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'ready')

    def test_session_properties_follow_the_program(self):
        session = self.start_session('trapezius', 'release', Side='left')
        props = self.get_all(session, SESSION)
        self.assertEqual(props['StepCount'], 5)
        self.assertEqual(props['Side'], 'left')
        self.assertEqual(props['StepName'], 'Warm up (left)')
        # 75 s of steps, but the 20 s hold step is capped by the trapezius
        # spot limit of 15 s.
        self.assertEqual(props['Duration'], 70)
        self.assertEqual(props['Device'], SIM_DEVICE)
        self.assertIn('neck', props['Cautions'])
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), session)
        self.wait_for_property(session, SESSION, 'Step', 2, timeout=10)
        self.assertEqual(self.finished_reason(session), 'completed')
        # The last announcement says finished, with the reason.
        last = [s[3][1] for s in self.signals_of('PropertiesChanged', session)
                if 'State' in s[3][1]][-1]
        self.assertEqual((last['State'], last['Reason']), ('finished', 'completed'))

    def test_both_sides_run_left_then_right(self):
        session = self.start_session('trapezius', 'flush')
        self.assertEqual(self.get(session, SESSION, 'StepCount'), 6)
        self.wait_for_property(session, SESSION, 'StepName', 'Light sweep (right)', timeout=10)
        self.assertEqual(self.finished_reason(session), 'completed')

    def test_stop_ends_the_session_with_a_stop_frame(self):
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        self.assert_dbus_error('org.freedesktop.DBus.Error.UnknownObject',
                               self.get, session, SESSION, 'State')

    def test_stop_all_and_device_stop(self):
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.manager('StopAll')
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

        second = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.call(SIM_DEVICE, DEVICE, 'Stop')
        self.assertEqual(self.finished_reason(second), 'stopped')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_pause_stops_the_motor_and_resume_ramps_in_gently(self):
        session = self.start_session('gluteus-medius', 'warmup', Side='left')
        self.wait_for_property(session, SESSION, 'Step', 1, timeout=10)
        self.call(session, SESSION, 'Pause')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        props = self.get_all(session, SESSION)
        self.assertEqual((props['State'], props['Intensity']), ('paused', 0))
        self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.call, session, SESSION, 'Pause')

        self.forget_signals()
        self.call(session, SESSION, 'Resume')

        def intensities():
            return [s[3][1]['Intensity'] for s in self.signals_of('PropertiesChanged', session)
                    if 'Intensity' in s[3][1]]
        self.wait_until(intensities, 5, 'an Intensity announcement after Resume')
        # Back in at a tenth of the program's level (step 2 is 25-40 %).
        self.assertLessEqual(intensities()[0], 5)
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.call, session, SESSION, 'Resume')
        self.assertEqual(self.finished_reason(session), 'completed')

    def test_skip_and_set_scale(self):
        session = self.start_session('gluteus-medius', 'release', Side='right')
        self.call(session, SESSION, 'Skip')
        self.assertEqual(self.get(session, SESSION, 'Step'), 1)
        self.call(session, SESSION, 'SetScale', 0.5)
        self.assertEqual(self.get(session, SESSION, 'Scale'), 0.5)
        # Step 2 runs at 30-35 %: at half scale, at most 18 %.
        self.assertLessEqual(self.get(session, SESSION, 'Intensity'), 18)
        for bad in [0.0, 1.6, float('nan')]:
            self.assert_dbus_error('io.tpd.Tpd1.Error.InvalidArgs', self.call,
                                   session, SESSION, 'SetScale', bad)
        for _ in range(4):
            self.call(session, SESSION, 'Skip')
        self.assertEqual(self.finished_reason(session), 'completed')
        # A status request may still be in flight as the session ends; the
        # stop follows it, and nothing follows the stop.
        self.wait_until(lambda: self.frames()[-1] == STOP_FRAME, 5, 'the stop last')

    def test_scale_option_is_applied(self):
        session = self.start_session('gluteus-medius', 'warmup', Side='left', Scale=0.5)
        self.assertEqual(self.get(session, SESSION, 'Scale'), 0.5)
        self.assertEqual(self.finished_reason(session), 'completed')
        # warmup peaks at 40 %; at half scale nothing exceeds 20 %.
        speeds = [speed_of(f) for f in self.motor_commands(self.frames())]
        self.assertLessEqual(max(speeds), max_speed_for(20))

    def test_a_second_session_on_a_busy_device_is_refused(self):
        session = self.start_session()
        frames = self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived')
        msg = self.assert_dbus_error('io.tpd.Tpd1.Error.Busy', self.start_session,
                                     'piriformis', 'flush')
        self.assertIn(session, msg)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), session)
        self.assertEqual(self.get(session, SESSION, 'Muscle'), 'trapezius')
        self.assertGreaterEqual(self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived'), frames)
        self.assert_dbus_error('io.tpd.Tpd1.Error.Busy', self.call, SIM_DEVICE,
                               DEVICE, 'SetIntensity', dbus.UInt32(50))

    def test_bad_start_requests_change_nothing(self):
        received = self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived')
        cases = [
            ('io.tpd.Tpd1.Error.NotFound', dict(muscle='nosuch'), "unknown muscle 'nosuch'"),
            ('io.tpd.Tpd1.Error.NotFound', dict(muscle='trapezus'), "did you mean 'trapezius'"),
            ('io.tpd.Tpd1.Error.NotFound', dict(program='relase'), "did you mean 'release'"),
            ('io.tpd.Tpd1.Error.NotFound', dict(device='/io/tpd/Tpd1/device/00_11'), 'no device'),
            ('io.tpd.Tpd1.Error.InvalidArgs', dict(Side='middle'), "unknown side 'middle'"),
            ('io.tpd.Tpd1.Error.InvalidArgs', dict(Scale=3.0), 'out of range'),
            ('io.tpd.Tpd1.Error.InvalidArgs', dict(Scale='high'), "must have type 'd'"),
            ('io.tpd.Tpd1.Error.InvalidArgs', dict(Speed=dbus.UInt32(9)), "unknown option 'Speed'"),
        ]
        for name, kw, text in cases:
            with self.subTest(kw=kw):
                msg = self.assert_dbus_error(name, self.start_session, **kw)
                self.assertIn(text, msg)
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertEqual(set(objects), {SIM_DEVICE})
        self.assertEqual(self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived'), received)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'ready')
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')

    def test_the_only_connected_device_is_the_default(self):
        session = self.start_session(device='/')
        self.assertEqual(self.get(session, SESSION, 'Device'), SIM_DEVICE)
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')

    def test_manual_intensity_is_capped_and_checked(self):
        self.call(SIM_DEVICE, DEVICE, 'SetIntensity', dbus.UInt32(50))
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorSpeed', max_speed_for(50) - 0)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'running')
        self.wait_for_property(SIM_DEVICE, DEVICE, 'Speed', max_speed_for(50))
        self.assert_dbus_error('io.tpd.Tpd1.Error.InvalidArgs', self.call, SIM_DEVICE,
                               DEVICE, 'SetIntensity', dbus.UInt32(101))
        self.call(SIM_DEVICE, DEVICE, 'SetIntensity', dbus.UInt32(0))
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_disconnect_mid_session_and_reconnect_starts_with_a_stop(self):
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.call(SIM_DEVICE, DEVICE, 'Disconnect')
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_for_property(SIM_DEVICE, DEVICE, 'Connected', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        self.assertFalse(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))
        self.assert_dbus_error('io.tpd.Tpd1.Error.NotConnected', self.start_session)

        count = len(self.frames())
        self.call(SIM_DEVICE, DEVICE, 'Connect')
        self.wait_for_property(SIM_DEVICE, DEVICE, 'State', 'ready')
        self.assertEqual(self.frames()[count], STOP_FRAME)


class LimitTest(TpdTestCase):
    """A muscle whose session limit is shorter than the program."""
    extra_args = ['--data-dir', LIMIT_DATA]

    def test_session_limit_ends_with_limit_and_a_stop(self):
        session = self.start_session('quick-limit', 'release', Side='left')
        self.assertEqual(self.get(session, SESSION, 'Duration'), 30)
        self.assertEqual(self.finished_reason(session), 'limit')
        self.assertEqual(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'), False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        elapsed = [s[3][1]['Elapsed'] for s in self.signals_of('PropertiesChanged', session)
                   if 'Elapsed' in s[3][1]]
        self.assertEqual(max(elapsed), 30)

    def test_a_detached_session_whose_client_left_still_stops_at_the_limit(self):
        other = dbus.bus.BusConnection(self.bus_daemon.address)
        manager = other.get_object('io.tpd.Tpd1', '/io/tpd/Tpd1', introspect=False)
        session = str(manager.StartSession(
            dbus.ObjectPath(SIM_DEVICE), 'quick-limit', 'release',
            dbus.Dictionary({'Side': 'left', 'Detach': True}, signature='sv'),
            dbus_interface='io.tpd.Tpd1.Manager'))
        other.close()
        self.assertEqual(self.finished_reason(session), 'limit')
        self.assertEqual(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'), False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)
