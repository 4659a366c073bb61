# SPDX-License-Identifier: LGPL-2.1-or-later
"""The D-Bus policy (dbus/io.tpd.Tpd1.conf) on a bus that enforces it the
way a Debian system bus does, tpd running as its own user: everyone may
look, only root and group tpd may move a motor or change anything, only
user tpd may own the name; and bus activation starts tpd."""
import os
import shutil
import subprocess
import tempfile
import unittest

import dbus

from policybus import PolicyBus, copy_for_others
from tpdtest import (BUS_NAME, DATA_DIR, DBUS_DIR, DEVICE, MANAGER, MANAGER_PATH, OBJMGR,
                     PROPS, SESSION, SIM_DEVICE, SIMULATOR, STOP_FRAME, TPCTL, TPD, speed_of,
                     wait_until)

POLICY = os.path.join(DBUS_DIR, 'io.tpd.Tpd1.conf')
BUILD_DIR = os.environ.get('TPD_BUILD_DIR', '')
ACCESS_DENIED = 'org.freedesktop.DBus.Error.AccessDenied'


def program(name):
    """The file of @name: a path, or a name looked up in $PATH."""
    return shutil.which(name) or name


def reachable_tpd(directory):
    """tpd as the test's users can run it, wherever the checkout lies:
    copies in @directory of the built tpd and, when tools/check --valgrind
    has tpdtest run tpd under tests/valgrind/tpd-memcheck, of that wrapper
    with what lies beside it (its suppressions). Returns the command and
    the environment it needs: the wrapper runs $TPD_REAL_BIN, which must
    be the copy too."""
    if not os.environ.get('TPD_VALGRIND_LOGS'):
        return copy_for_others(program(TPD), directory), {}
    real = copy_for_others(program(os.environ['TPD_REAL_BIN']), directory)
    wrapper = copy_for_others(os.path.dirname(os.path.realpath(TPD)), directory)
    return os.path.join(wrapper, os.path.basename(TPD)), {'TPD_REAL_BIN': real}


class PolicyTestCase(unittest.TestCase):
    service_dir = False

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise AssertionError('the policy tests need root: they run a system bus '
                                 'with users of their own (tools/check runs as root)')
        # The test's users run tpd, tpctl and dbus-call and read the data
        # files, but the checkout and the build directory may lie where
        # only their owner may enter: they run and read copies, in this
        # directory. It is made under /tmp whatever TMPDIR says, since
        # every user may enter /tmp.
        cls.tmp = tempfile.TemporaryDirectory(prefix='tpd-policy-', dir='/tmp')
        os.chmod(cls.tmp.name, 0o755)
        shared = os.path.join(cls.tmp.name, 'shared')
        os.mkdir(shared)
        cls.tpd_bin, tpd_env = reachable_tpd(shared)
        cls.tpctl_bin = copy_for_others(program(TPCTL), shared)
        cls.data_dir = copy_for_others(DATA_DIR, shared)
        services = os.path.join(cls.tmp.name, 'services') if cls.service_dir else None
        cls.pbus = PolicyBus(cls.tmp.name, POLICY, services, env=tpd_env)
        cls.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=cls.pbus.address, NO_COLOR='1',
                       **tpd_env)
        cls.state_dir = os.path.join(cls.tmp.name, 'state')
        os.mkdir(cls.state_dir, 0o700)
        os.chown(cls.state_dir, cls.pbus.tpd.uid, cls.pbus.tpd.gid)
        cls.root = dbus.bus.BusConnection(cls.pbus.address)

    @classmethod
    def tearDownClass(cls):
        cls.root.close()
        cls.pbus.stop()
        cls.tmp.cleanup()

    def tpd_args(self, *extra):
        return [self.tpd_bin, '--system', '--data-dir', self.data_dir,
                '--state-dir', self.state_dir] + list(extra)

    def start_tpd(self, person, *extra):
        log = open(os.path.join(self.tmp.name, 'tpd-%s.log' % person.name), 'w')
        self.addCleanup(log.close)
        proc = subprocess.Popen(person.command(*self.tpd_args(*extra)), stdout=log,
                                stderr=subprocess.STDOUT, env=self.env)
        self.addCleanup(self.kill, proc)
        return proc

    @staticmethod
    def kill(proc):
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    def call(self, person, path, iface, method, signature='', *args):
        return self.pbus.call(person, BUS_NAME, path, iface, method, signature, *args)

    def assert_denied(self, person, path, iface, method, signature='', *args):
        ok, reply = self.call(person, path, iface, method, signature, *args)
        self.assertFalse(ok, '%s.%s was allowed to %s' % (iface, method, person.name))
        self.assertTrue(reply.startswith(ACCESS_DENIED), reply)

    def assert_allowed(self, person, path, iface, method, signature='', *args):
        ok, reply = self.call(person, path, iface, method, signature, *args)
        self.assertTrue(ok, '%s.%s as %s: %s' % (iface, method, person.name, reply))
        return reply

    def tpctl(self, person, *args):
        return subprocess.run(person.command(self.tpctl_bin, '--system', *args), env=self.env,
                              capture_output=True, text=True, timeout=60)


class PolicyTest(PolicyTestCase):
    """One tpd, as user tpd, with a simulated gun."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tpd_log = open(os.path.join(cls.tmp.name, 'tpd.log'), 'w')
        cls.tpd = subprocess.Popen(
            cls.pbus.tpd.command(cls.tpd_bin, '--system', '--simulate', '--time-scale', '100',
                                 '--data-dir', cls.data_dir, '--state-dir', cls.state_dir),
            stdout=cls.tpd_log, stderr=subprocess.STDOUT, env=cls.env)
        try:
            wait_until(lambda: cls.root.name_has_owner(BUS_NAME) or cls.tpd.poll() is not None,
                       10, 'tpd to own its name')
            if cls.tpd.poll() is not None:
                raise AssertionError('tpd exited: ' + cls.log())
        except BaseException:
            cls.kill(cls.tpd)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.kill(cls.tpd)
        cls.tpd_log.close()
        super().tearDownClass()

    @classmethod
    def log(cls):
        with open(cls.tpd_log.name) as f:
            return f.read()

    def tearDown(self):
        # Whatever a test left running, as root.
        self.root_call(MANAGER_PATH, MANAGER, 'StopAll')
        self.assertIsNone(self.tpd.poll(), 'tpd died:\n' + self.log())

    def root_call(self, path, iface, method, *args, **kw):
        return self.root.call_blocking(BUS_NAME, path, iface, method, kw.pop('signature', None),
                                       args, **kw)

    def frames(self):
        return [bytes(f) for f in self.root_call(SIM_DEVICE, SIMULATOR, 'GetFrames')]

    def motor_running(self):
        return bool(self.root_call(SIM_DEVICE, PROPS, 'Get', SIMULATOR, 'MotorRunning'))

    def test_the_service_runs_as_user_tpd(self):
        uid = self.root.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                      'org.freedesktop.DBus', 'GetConnectionUnixUser', 's',
                                      [BUS_NAME])
        self.assertEqual(uid, self.pbus.tpd.uid)

    def test_everyone_may_look(self):
        who = self.pbus.stranger
        objects = self.assert_allowed(who, MANAGER_PATH, OBJMGR, 'GetManagedObjects')[0]
        self.assertIn(SIM_DEVICE, objects)
        props = self.assert_allowed(who, MANAGER_PATH, PROPS, 'GetAll', 's', MANAGER)[0]
        self.assertTrue(props['Simulated'])
        self.assert_allowed(who, SIM_DEVICE, PROPS, 'Get', 'ss', DEVICE, 'Connected')
        self.assert_allowed(who, MANAGER_PATH, 'org.freedesktop.DBus.Introspectable',
                            'Introspect')
        self.assert_allowed(who, MANAGER_PATH, 'org.freedesktop.DBus.Peer', 'Ping')
        for method in ('ListMuscles', 'ListPrograms', 'ListZones'):
            self.assert_allowed(who, MANAGER_PATH, MANAGER, method)
        found = self.assert_allowed(who, MANAGER_PATH, MANAGER, 'FindMuscles', 's', 'sciatica')
        self.assertIn('piriformis', [m['Id'] for m in found[0]])
        for args in (['status'], ['list', 'muscles'], ['find', 'behind the eye']):
            proc = self.tpctl(who, *args)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_a_stranger_cannot_move_a_motor_or_change_anything(self):
        who = self.pbus.stranger
        before = len(self.frames())
        denied = [
            (MANAGER_PATH, MANAGER, 'StartSession', 'ossa{sv}', SIM_DEVICE, 'trapezius',
             'release', {}),
            (SIM_DEVICE, DEVICE, 'SetIntensity', 'u', 40),
            (SIM_DEVICE, DEVICE, 'Stop', ''),
            (SIM_DEVICE, DEVICE, 'Connect', ''),
            (SIM_DEVICE, DEVICE, 'Disconnect', ''),
            (MANAGER_PATH, MANAGER, 'StopAll', ''),
            (MANAGER_PATH, MANAGER, 'StartDiscovery', ''),
            (MANAGER_PATH, MANAGER, 'GetHistory', 'a{sv}', {}),
            (MANAGER_PATH, MANAGER, 'RateSession', 'uu', 1, 3),
            (MANAGER_PATH, PROPS, 'Set', 'ssv', MANAGER, 'Version', 'x'),
        ]
        for call in denied:
            self.assert_denied(who, *call)
        # Nothing reached the device.
        self.assertEqual(len(self.frames()), before)
        self.assertFalse(self.motor_running())
        proc = self.tpctl(who, 'start', '--muscle', 'trapezius')
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("not allowed", proc.stderr)
        self.assertIn("group 'tpd'", proc.stderr)
        self.assertNotIn('Rejected send message', proc.stderr)
        self.assertEqual(len(self.frames()), before)

    def test_a_member_of_group_tpd_runs_a_session(self):
        who = self.pbus.member
        before = len(self.frames())
        proc = self.tpctl(who, 'start', '--muscle', 'trapezius', '--program', 'warmup')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        frames = self.frames()[before:]
        self.assertTrue([f for f in frames if (speed_of(f) or 0) > 0], frames)
        self.assertEqual(frames[-1], STOP_FRAME)
        history = self.assert_allowed(who, MANAGER_PATH, MANAGER, 'GetHistory', 'a{sv}', {})
        self.assertEqual(history[0][-1]['Muscle'], 'trapezius')

    def test_a_stranger_cannot_stop_someone_elses_session(self):
        session = self.root_call(MANAGER_PATH, MANAGER, 'StartSession', SIM_DEVICE,
                                 'trapezius', 'release', {}, signature='ossa{sv}')
        wait_until(self.motor_running, 5, 'the motor to run')
        self.assert_denied(self.pbus.stranger, session, SESSION, 'Pause')
        self.assert_only_group_tpd_stops(session)

    def assert_only_group_tpd_stops(self, session):
        """A stranger can neither stop the running @session nor StopAll;
        a member of group tpd stops it, and the motor with it."""
        self.assert_denied(self.pbus.stranger, session, SESSION, 'Stop')
        self.assert_denied(self.pbus.stranger, MANAGER_PATH, MANAGER, 'StopAll')
        self.assertEqual(self.root_call(session, PROPS, 'Get', SESSION, 'State'), 'running')
        # A new connection: for a detached session, its owner coming back.
        self.assert_allowed(self.pbus.member, session, SESSION, 'Stop')
        wait_until(lambda: not self.motor_running(), 5, 'the motor to stop')
        self.assertEqual(self.frames()[-1], STOP_FRAME)


    def test_a_detached_session_outlives_its_client_and_only_group_tpd_stops_it(self):
        # dbus-call leaves the bus right after the reply.
        path = self.assert_allowed(self.pbus.member, MANAGER_PATH, MANAGER, 'StartSession',
                                   'ossa{sv}', SIM_DEVICE, 'trapezius', 'release',
                                   {'Detach': True})[0]
        wait_until(self.motor_running, 5, 'the motor to run')
        self.assertTrue(self.root_call(path, PROPS, 'Get', SESSION, 'Detached'))
        # Visible to everyone.
        self.assert_allowed(self.pbus.stranger, path, PROPS, 'GetAll', 's', SESSION)
        self.assert_only_group_tpd_stops(path)


class OwnershipTest(PolicyTestCase):
    def test_only_user_tpd_may_own_the_name(self):
        proc = self.start_tpd(self.pbus.stranger, '--simulate')
        self.assertEqual(proc.wait(timeout=20), 1)
        with open(os.path.join(self.tmp.name, 'tpd-tp-stranger.log')) as f:
            log = f.read()
        self.assertIn('not allowed to own the service "io.tpd.Tpd1"', log)


class ActivationTest(PolicyTestCase):
    """The activation file as built, with only its Exec line pointed at the
    built tpd run as user tpd (the bus's launch helper would do that)."""
    service_dir = True

    def activation_file(self):
        path = os.path.join(BUILD_DIR, 'dbus', 'io.tpd.Tpd1.service')
        with open(path) as f:
            lines = f.read().splitlines()
        keys = dict(l.split('=', 1) for l in lines if '=' in l and not l.startswith('#'))
        self.assertIn('[D-BUS Service]', lines)
        self.assertEqual(keys['Name'], BUS_NAME)
        self.assertEqual(keys['User'], 'tpd')
        self.assertEqual(keys['SystemdService'], 'tpd.service')
        self.assertRegex(keys['Exec'], r'^/\S*/sbin/tpd --system$')
        exec_line = ' '.join(self.tpd_args())
        return '\n'.join('Exec=' + exec_line if l.startswith('Exec=') else l
                         for l in lines) + '\n'

    def test_the_first_call_starts_tpd(self):
        services = os.path.join(self.tmp.name, 'services')
        os.mkdir(services)
        with open(os.path.join(services, 'io.tpd.Tpd1.service'), 'w') as f:
            f.write(self.activation_file())
        self.root.call_blocking('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                'org.freedesktop.DBus', 'ReloadConfig', '', [])
        self.assertFalse(self.root.name_has_owner(BUS_NAME))
        # A person outside group tpd may look, and looking starts it.
        zones = self.assert_allowed(self.pbus.stranger, MANAGER_PATH, MANAGER, 'ListZones')
        self.assertIn('behind-eye', zones[0])
        self.assertTrue(self.root.name_has_owner(BUS_NAME))
        dbus_iface = ('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus')
        uid = self.root.call_blocking(*dbus_iface, 'GetConnectionUnixUser', 's', [BUS_NAME])
        self.assertEqual(uid, self.pbus.tpd.uid)
        pid = self.root.call_blocking(*dbus_iface, 'GetConnectionUnixProcessID', 's',
                                      [BUS_NAME])
        os.kill(pid, 15)
        wait_until(lambda: not self.root.name_has_owner(BUS_NAME), 10, 'tpd to stop')


if __name__ == '__main__':
    unittest.main()
