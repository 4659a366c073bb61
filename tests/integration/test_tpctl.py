# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl as people use it, against the real tpd."""
import json
import signal
import subprocess

import dbus

from tpdtest import (DEVICE, SESSION, SIM_DEVICE, SIMULATOR, STOP_FRAME, TPCTL,
                     TpdTestCase)


class TpctlTest(TpdTestCase):
    def test_start_runs_the_program_and_exits_0_when_completed(self):
        proc = self.tpctl('start', '--muscle', 'trapezius', '--program', 'release', check=0)
        out = proc.stdout
        self.assertIn('Upper trapezius, both sides (left first), program release', out)
        self.assertIn('Caution: ', out)
        self.assertIn('experimental', out)
        self.assertIn('[1/10] Warm up (left)', out)
        self.assertIn('Glide slowly over the whole muscle', out)
        self.assertIn('[10/10] Settle (right)', out)
        self.assertRegex(out, r'\d+%  \d+:\d\d elapsed, \d+:\d\d left')
        self.assertTrue(out.rstrip().endswith('Session finished: completed'), out)
        # No progress line for the stopped motor between the last step and
        # the result.
        self.assertNotRegex(out.rstrip().splitlines()[-2], r'\b0%')
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_start_without_program_uses_the_muscles_suggestion(self):
        proc = self.tpctl('start', '--muscle', 'piriformis', '--side', 'right', check=0)
        self.assertIn('Piriformis, right side, program release', proc.stdout)

    def test_unknown_muscle_exits_2_with_a_clear_message(self):
        proc = self.tpctl('start', '--muscle', 'nosuch')
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr.strip(), "tpctl: unknown muscle 'nosuch'; see the list of muscles")
        proc = self.tpctl('start', '--muscle', 'trapezus')
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown muscle 'trapezus'; did you mean 'trapezius'?", proc.stderr)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')

    def test_invalid_input_exits_2(self):
        for args, text in [
                (['start', '--muscle', 'trapezius', '--program', 'relase'], "did you mean 'release'"),
                (['start', '--muscle', 'trapezius', '--side', 'middle'], "unknown side 'middle'"),
                (['start', '--muscle', 'trapezius', '--scale', '9'], 'out of range'),
                (['start', '--muscle', 'trapezius', '--device', 'nothing'], "unknown device 'nothing'"),
                (['start'], 'say which muscle'),
                (['start', '--muscle'], 'Missing argument'),
                (['start', '--muscle', 'trapezius', 'extra'], "unexpected argument 'extra'"),
                (['strat'], "did you mean 'start'"),
                (['list'], 'say what to list'),
                (['list', 'toys'], 'say what to list'),
                (['stop', '1', '--device', 'x'], 'not both'),
                (['--frobnicate'], "unknown option '--frobnicate'")]:
            with self.subTest(args=args):
                proc = self.tpctl(*args)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(text, proc.stderr)

    def test_help_everywhere(self):
        for args in [['--help'], ['start', '--help'], ['stop', '--help'],
                     ['status', '--help'], ['list', '--help']]:
            with self.subTest(args=args):
                proc = self.tpctl(*args, check=0)
                self.assertIn('Usage', proc.stdout)

    def test_list_json(self):
        muscles = json.loads(self.tpctl('list', 'muscles', '--json', check=0).stdout)
        self.assertIn('trapezius', [m['Id'] for m in muscles])
        programs = json.loads(self.tpctl('list', 'programs', '--json', check=0).stdout)
        self.assertEqual({p['Id'] for p in programs} >= {'release', 'warmup', 'flush'}, True)
        devices = json.loads(self.tpctl('list', 'devices', '--json', check=0).stdout)
        self.assertEqual([d['Path'] for d in devices], [SIM_DEVICE])
        self.assertEqual(devices[0]['SpeedRange'], [1750, 2400])

    def test_list_for_people(self):
        out = self.tpctl('list', 'muscles', check=0).stdout
        self.assertRegex(out, r'trapezius\s+Upper trapezius\s+40%\s+3:00\s+temple, behind-eye')
        out = self.tpctl('list', 'programs', check=0).stdout
        self.assertRegex(out, r'release\s+gun\s+Release\s+1:15\s+5 gun ')
        self.assertRegex(out, r'release\s+hold\s+Release\s+1:45\s+4 roller, wand ')
        out = self.tpctl('list', 'devices', check=0).stdout
        self.assertIn('02:54:50:44:00:01  Theragun PRO "Pro"  ready', out)

    def test_status_json_parses_and_shows_the_session(self):
        session = self.start_session('gluteus-medius', 'release')
        status = json.loads(self.tpctl('status', '--json', check=0).stdout)
        self.assertTrue(status['Simulated'])
        self.assertEqual(status['Devices'][0]['Session'], session)
        self.assertEqual([s['Path'] for s in status['Sessions']], [session])
        self.assertEqual(status['Sessions'][0]['Muscle'], 'gluteus-medius')
        out = self.tpctl('status', check=0).stdout
        self.assertIn(session + '  gluteus-medius · release · both  running', out)

    def test_stop_stops_everything(self):
        session = self.start_session()
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True)
        self.tpctl('stop', check=0)
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_stop_a_device_or_a_session(self):
        session = self.start_session()
        self.tpctl('stop', '--device', '02:54:50:44:00:01', check=0)
        self.assertEqual(self.finished_reason(session), 'stopped')
        session = self.start_session()
        self.tpctl('stop', session.rsplit('/', 1)[1], check=0)
        self.assertEqual(self.finished_reason(session), 'stopped')
        proc = self.tpctl('stop', '99')
        self.assertEqual(proc.returncode, 1)
        self.assertIn('no object at /io/tpd/Tpd1/session/99', proc.stderr)

    def test_a_session_stopped_elsewhere_makes_start_exit_1(self):
        proc = subprocess.Popen([TPCTL, '--session', 'start', '--muscle', 'gluteus-medius'],
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        self.wait_until(lambda: self.get(SIM_DEVICE, DEVICE, 'Session') != '/', 10,
                        'a session to start')
        self.manager('StopAll')
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 1, out + err)
        self.assertIn('Session finished: stopped', out)


class TpctlSlowTest(TpdTestCase):
    time_scale = 1

    def test_ctrl_c_stops_the_session(self):
        proc = subprocess.Popen([TPCTL, '--session', 'start', '--muscle', 'infraspinatus'],
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True, timeout=10)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 1, out + err)
        self.assertIn('Stopping', err)
        self.assertTrue(out.rstrip().endswith('Session finished: stopped'), out)
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def other_clients(self):
        """Unique names on the bus that are neither this test nor tpd (which
        has two connections)."""
        driver = self.bus.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus')
        names = []
        for name in self.bus.list_names():
            if not name.startswith(':') or name == self.bus.get_unique_name():
                continue
            try:
                pid = driver.GetConnectionUnixProcessID(
                    name, dbus_interface='org.freedesktop.DBus')
            except dbus.DBusException:
                continue  # gone since the list was made
            if pid != self.tpd.pid:
                names.append(name)
        return names

    def test_start_detach_returns_and_the_session_runs_on(self):
        proc = self.tpctl('start', '--muscle', 'infraspinatus', '--detach', check=0)
        self.assertIn('Detached: /io/tpd/Tpd1/session/', proc.stdout)
        self.assertNotIn('Ctrl-C', proc.stdout)
        session = str(self.get(SIM_DEVICE, DEVICE, 'Session'))
        # tpctl has exited and the bus has noticed, so tpd heard of it
        # before the round trip: its session did not end with it.
        self.wait_until(lambda: not self.other_clients(), 5, 'tpctl gone from the bus')
        self.sync()
        self.assertEqual(self.get(session, SESSION, 'State'), 'running')
        self.assertTrue(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))
        self.tpctl('stop', check=0)
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_tpd_leaving_ends_start_with_status_1(self):
        proc = subprocess.Popen([TPCTL, '--session', 'start', '--muscle', 'gluteus-medius'],
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', True, timeout=10)
        self.assertEqual(self.stop_tpd(), 0)
        out, err = proc.communicate(timeout=10)
        self.assertEqual(proc.returncode, 1, out + err)
        self.assertIn('Session finished: shutdown', out)


class NoTpdTest(TpdTestCase):
    start_tpd_in_setup = False

    def test_tpd_not_running_is_a_failure_not_a_usage_error(self):
        proc = self.tpctl('status')
        self.assertEqual(proc.returncode, 1)
        self.assertIn('tpd is not running on the session bus', proc.stderr)
        proc = self.tpctl('start', '--muscle', 'trapezius')
        self.assertEqual(proc.returncode, 1)
