# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpd as a program: options, its bus name, configuration, data checks,
sd_notify and signals."""
import os
import re
import signal
import socket
import subprocess
import time

from tpdtest import (DATA_DIR, SIM_DEVICE, SIMULATOR, SRC_DIR, STOP_FRAME, TPD,
                     TpdTestCase, speed_of)

BAD_DATA = os.path.join(SRC_DIR, 'tests', 'data', 'bad')
MIXED_DATA = os.path.join(SRC_DIR, 'tests', 'data', 'mixed')


class DaemonTest(TpdTestCase):
    start_tpd_in_setup = False

    def run_tpd(self, *args, timeout=20):
        return subprocess.run([TPD] + list(args), env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_bad_options_exit_2_with_a_message(self):
        for args, text in [(['--session', '--time-scale', '10'], 'add --simulate'),
                           (['--session', '--simulate', '--time-scale', '0.5'], 'out of range'),
                           (['--session', '--simulate', '--time-scale', 'x'], 'time-scale'),
                           (['--session', '--system'], 'exclude each other'),
                           (['--session', '--state-dir', ''], '--state-dir needs a directory'),
                           (['--bogus'], 'Unknown option'),
                           (['stray'], "unexpected argument 'stray'")]:
            with self.subTest(args=args):
                proc = self.run_tpd(*args)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(text, proc.stderr)

    def test_version_and_help(self):
        self.assertRegex(self.run_tpd('--version').stdout, r'^tpd \d+\.\d+\.\d+\n$')
        self.assertIn('--check-data', self.run_tpd('--help').stdout)

    def test_a_taken_name_is_a_clear_failure(self):
        self.start_tpd()
        owner = self.bus.get_name_owner('io.tpd.Tpd1')
        proc = subprocess.run(self.tpd_command(), env=self.env, capture_output=True,
                              text=True, timeout=20)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn('the name io.tpd.Tpd1 is already owned by %s' % owner, proc.stderr)
        self.assertIn('another tpd running?', proc.stderr)
        # The first one still serves.
        self.assertEqual(self.bus.get_name_owner('io.tpd.Tpd1'), owner)

    def test_check_data_accepts_the_built_in_data(self):
        proc = self.run_tpd('--check-data', DATA_DIR)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r'\d+ files loaded, 0 problems')

    def test_check_data_names_file_and_line_of_each_problem(self):
        proc = self.run_tpd('--check-data', BAD_DATA)
        self.assertEqual(proc.returncode, 1)
        err = proc.stderr
        self.assertIn(os.path.join(BAD_DATA, 'broken-line.program') +
                      ":9: expected 'Key=value'", err)
        self.assertIn(os.path.join(BAD_DATA, 'too-hard.program') +
                      ':10: [Step 1] Start: a program starts at 30% at most', err)
        self.assertIn(os.path.join(BAD_DATA, 'typo.muscle') +
                      ':9: [Muscle] MaxIntensty: unknown key', err)
        # Misspelt, MaxIntensity is also missing: reported at the group.
        self.assertIn(os.path.join(BAD_DATA, 'typo.muscle') +
                      ':2: [Muscle]: missing key MaxIntensity', err)
        self.assertIn('0 files loaded, 4 problems', proc.stdout)
        self.assertEqual(self.run_tpd('--check-data', '/nonexistent').returncode, 1)

    def test_check_data_names_file_line_and_key_in_model_files_v2(self):
        head = ('[Model]\nName=M\nKind=wand\nProtocol=frame\nLevels=1..10\n'
                'Experimental=true\nSources=s\n[Match]\nNames=M*\nServices=fff0\n'
                '[GATT]\nService=fff0\nWrite=fff2\n')
        frame = '[Frame]\nFrame=01 {level}\nStop=01 00\nWrite=command\n'
        # Each bad line comes last: line 18 of its file.
        bad = {
            'init-empty': (frame + 'Init=04 01;\n',
                           '[Frame] Init: frame 2: an empty frame'),
            'init-wait': (frame + 'Init=04 wait=20000\n',
                          '[Frame] Init: frame 1: wait= takes milliseconds'),
            'init-level': (frame + 'Init=04 {level}\n',
                           '[Frame] Init: frame 1: a frame that sets no level'),
            'keepalive': (frame + 'Keepalive=10\n',
                          "[Frame] Keepalive: '10' is out of range"),
            'init-write': (frame + 'InitWrite=both\n',
                           "[Frame] InitWrite: unknown value 'both'"),
            'offset': ('[Frame]\nStop=01 00\nWrite=command\nInit=01\n'
                       'Frame=01 {level+250} {xor8:0..1}\n',
                       '[Frame] Frame: cannot render level 6: level above 255'),
        }
        bad['chars'] = (frame.replace('[Frame]', 'StopCharacteristic=ff\n[Frame]'), None)
        data = os.path.join(self.tmp.name, 'models-v2')
        os.mkdir(data)
        for name, (tail, _) in bad.items():
            self.write('models-v2/%s.model' % name, head + tail)
        proc = self.run_tpd('--check-data', data)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        for name, (_, what) in bad.items():
            if what:
                self.assertIn('%s/%s.model:18: %s' % (data, name, what), proc.stderr)
        self.assertIn("%s/chars.model:14: [GATT] StopCharacteristic: 'ff' is not a UUID"
                      % data, proc.stderr)
        self.assertIn('0 files loaded, %d problems' % len(bad), proc.stdout)

    def test_a_malformed_file_is_skipped_and_the_rest_loads(self):
        self.extra_args = ['--data-dir', MIXED_DATA]
        self.start_tpd()
        ids = [str(m['Id']) for m in self.manager('ListMuscles')]
        self.assertIn('good-one', ids)
        self.assertIn('trapezius', ids)
        self.assertNotIn('typo', ids)
        self.assertIn('typo.muscle:9: [Muscle] MaxIntensty: unknown key; skipped',
                      self.log_text())

    def test_a_broken_config_refuses_to_start(self):
        conf = self.write('tpd.conf', '[Limits]\nMaxIntensity=150\n[General]\nColour=blue\n')
        proc = self.run_tpd('--session', '--config', conf)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(conf + ':2: [Limits] MaxIntensity: \'150\' is out of range', proc.stderr)
        self.assertIn(conf + ':4: [General] Colour: unknown key', proc.stderr)
        proc = self.run_tpd('--session', '--config', os.path.join(self.tmp.name, 'missing'))
        self.assertEqual(proc.returncode, 1)
        self.assertIn('missing', proc.stderr)

    def test_the_user_cap_limits_what_the_motor_gets(self):
        conf = self.write('tpd.conf', '[Limits]\nMaxIntensity=20\n')
        self.extra_args = ['--config', conf]
        self.start_tpd()
        session = self.start_session('gluteus-medius', 'release', Side='left')
        self.assertEqual(self.finished_reason(session), 'completed')
        speeds = [speed_of(f) for f in self.frames() if speed_of(f) is not None]
        # 20 % of 1750-2400 is at most 1881 per minute; the program asks up
        # to 50 % and the muscle allows 75 %.
        self.assertLessEqual(max(speeds), 1750 + (650 * 19 + 98) // 99)
        self.assertGreater(max(speeds), 1750)

    def notify_socket(self):
        """A socket standing in for systemd's: (its path, the socket)."""
        path = os.path.join(self.tmp.name, 'notify')
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(sock.close)
        sock.bind(path)
        sock.settimeout(10)
        return path, sock

    def test_sd_notify_ready_status_and_stopping(self):
        path, sock = self.notify_socket()
        self.start_tpd(env=dict(self.env, NOTIFY_SOCKET=path))
        messages = []
        while not any('READY=1' in m for m in messages):
            messages.append(sock.recv(4096).decode())
        ready = [m for m in messages if 'READY=1' in m][0]
        self.assertIn('STATUS=Serving io.tpd.Tpd1 with 1 simulated device', ready)
        # READY comes once the name is owned.
        self.assertTrue(self.bus.name_has_owner('io.tpd.Tpd1'))
        self.tpd.send_signal(signal.SIGTERM)
        stopping = sock.recv(4096).decode()
        self.assertIn('STOPPING=1', stopping)
        self.assertEqual(self.tpd.wait(timeout=10), 0)

    def test_the_shipped_tpd_conf_loads_as_is_and_uncommented(self):
        shipped = os.path.join(SRC_DIR, 'data', 'tpd.conf')
        uncommented = os.path.join(self.tmp.name, 'tpd.conf')
        with open(shipped) as f, open(uncommented, 'w') as out:
            # Every default, spelled out: tpd must take each as written.
            out.write(re.sub(r'^#(\w+=)', r'\1', f.read(), flags=re.M))
        for conf in (shipped, uncommented):
            self.extra_args = ['--config', conf]
            self.start_tpd()
            self.assertEqual(self.stop_tpd(), 0, self.log_text())

    def test_watchdog_pings_from_the_main_loop(self):
        path, sock = self.notify_socket()
        # 200 ms: pings every 100 ms, so a few arrive quickly.
        env = dict(self.env, NOTIFY_SOCKET=path, WATCHDOG_USEC='200000',
                   WATCHDOG_PID=str(os.getpid()))
        # WATCHDOG_PID names another process: tpd must not ping.
        self.start_tpd(env=env)
        self.assertEqual(self.stop_tpd(), 0)
        messages = self.drain(sock)
        self.assertFalse([m for m in messages if 'WATCHDOG=1' in m], messages)

        del env['WATCHDOG_PID']
        self.start_tpd(env=env)
        pings = 0
        deadline = time.monotonic() + 10
        while pings < 5 and time.monotonic() < deadline:
            pings += sock.recv(4096).decode().split('\n').count('WATCHDOG=1')
        self.assertGreaterEqual(pings, 5)
        self.assertIn('watchdog: pinging every 100 ms', self.log_text())
        self.assertEqual(self.stop_tpd(), 0)

        # With the unit's own WatchdogSec: half of it, and a first ping at
        # once, before READY=1.
        unit = os.path.join(SRC_DIR, 'systemd', 'tpd.service.in')
        with open(unit) as f:
            seconds = int(re.search(r'^WatchdogSec=(\d+)$', f.read(), re.M).group(1))
        self.drain(sock)
        sock.setblocking(True)
        sock.settimeout(10)
        env['WATCHDOG_USEC'] = str(seconds * 1000000)
        self.start_tpd(env=env)
        messages = []
        while not any('READY=1' in m for m in messages):
            messages.append(sock.recv(4096).decode())
        ready = len(messages) - 1
        self.assertIn('WATCHDOG=1', '\n'.join(messages[:ready]).split('\n'), messages)
        self.assertIn('watchdog: pinging every %d ms' % (seconds * 500), self.log_text())

    @staticmethod
    def drain(sock):
        sock.setblocking(False)
        messages = []
        try:
            while True:
                messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            pass
        sock.setblocking(True)
        return messages

    def test_sigterm_without_a_session_still_stops_the_motor(self):
        self.start_tpd()
        self.forget_signals()
        self.assertEqual(self.stop_tpd(signal.SIGTERM), 0)
        self.wait_until(lambda: STOP_FRAME in self.received_frames(), 5, 'a stop frame')

    def test_without_bluez_tpd_serves_and_waits_for_it(self):
        self.time_scale = None
        self.start_tpd()
        self.assertFalse(self.get('/io/tpd/Tpd1', 'io.tpd.Tpd1.Manager', 'Simulated'))
        self.assertFalse(self.get('/io/tpd/Tpd1', 'io.tpd.Tpd1.Manager', 'Powered'))
        msg = self.assert_dbus_error('io.tpd.Tpd1.Error.NotConnected',
                                     self.start_session, device='/')
        self.assertIn('no massager is connected', msg)
        msg = self.assert_dbus_error('io.tpd.Tpd1.Error.Failed', self.manager,
                                     'StartDiscovery')
        self.assertIn('BlueZ (bluetoothd) is not running', msg)
        self.assertIn('BlueZ (org.bluez) is not running; waiting for it', self.log_text())


class TwoDevicesTest(TpdTestCase):
    """[Simulator] Devices=2: the automatic device choice must refuse."""

    def setUp(self):
        self.start_tpd_in_setup = False
        super().setUp()
        conf = os.path.join(self.tmp.name, 'tpd.conf')
        with open(conf, 'w') as f:
            f.write('[Simulator]\nDevices=2\n')
        self.extra_args = ['--config', conf]
        self.start_tpd()

    def test_two_devices_need_a_choice(self):
        msg = self.assert_dbus_error('io.tpd.Tpd1.Error.InvalidArgs',
                                     self.start_session, device='/')
        self.assertIn('2 massagers are connected', msg)
        second = '/io/tpd/Tpd1/device/02_54_50_44_00_02'
        session = self.start_session(device=second)
        self.wait_for_property(second, SIMULATOR, 'MotorRunning', True)
        self.assertFalse(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))
        self.call(session, 'io.tpd.Tpd1.Session', 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')
