# SPDX-License-Identifier: LGPL-2.1-or-later
"""Who may do what, on a bus that enforces dbus/io.tpd.Tpd1.conf the way a
Debian system bus does, tpd running as its own user: everyone may talk to
tpd and look; tpd itself lets root and group tpd move a motor, change
anything or read their history, and asks polkit (python3-dbusmock's
polkitd template) for everyone else; only user tpd may own the name; bus
activation starts tpd."""
import os
import shutil
import subprocess
import tempfile
import unittest

import dbus

from policybus import PolicyBus, copy_for_others
from systemfakes import polkitd
from tpdtest import (BUS_NAME, DATA_DIR, DBUS_DIR, DEVICE, MANAGER, MANAGER_PATH, OBJMGR,
                     PROPS, SESSION, SIM_DEVICE, SIMULATOR, SLOW_TIME_SCALE_DIVISOR,
                     STOP_FRAME, TIME_FACTOR, TPCTL, TPD, speed_of, wait_until)

POLICY = os.path.join(DBUS_DIR, 'io.tpd.Tpd1.conf')
BUILD_DIR = os.environ.get('TPD_BUILD_DIR', '')
NOT_PERMITTED = 'io.tpd.Tpd1.Error.NotPermitted'
CONTROL = 'io.tpd.Tpd1.control'
HISTORY = 'io.tpd.Tpd1.history'


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

    def call(self, person, path, iface, method, signature='', *args, **kw):
        return self.pbus.call(person, BUS_NAME, path, iface, method, signature, *args, **kw)

    def assert_denied(self, person, path, iface, method, signature='', *args):
        ok, reply = self.call(person, path, iface, method, signature, *args)
        self.assertFalse(ok, '%s.%s was allowed to %s' % (iface, method, person.name))
        self.assertTrue(reply.startswith(NOT_PERMITTED), reply)
        return reply

    def assert_allowed(self, person, path, iface, method, signature='', *args, **kw):
        ok, reply = self.call(person, path, iface, method, signature, *args, **kw)
        self.assertTrue(ok, '%s.%s as %s: %s' % (iface, method, person.name, reply))
        return reply

    def tpctl(self, person, *args):
        return subprocess.run(person.command(self.tpctl_bin, '--system', *args), env=self.env,
                              capture_output=True, text=True, timeout=60)


class SimulatedTpdCase(PolicyTestCase):
    """One tpd, as user tpd, with a simulated gun."""

    @staticmethod
    def time_scale():
        """Programs run 100 times faster, unless valgrind slows tpd down:
        a session must outlast the calls a test makes while it runs."""
        return 100 if TIME_FACTOR == 1 else max(1, 100 // SLOW_TIME_SCALE_DIVISOR)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tpd_log = open(os.path.join(cls.tmp.name, 'tpd.log'), 'w')
        cls.tpd = subprocess.Popen(
            cls.pbus.tpd.command(cls.tpd_bin, '--system', '--simulate', '--time-scale',
                                 str(cls.time_scale()),
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

    def received(self):
        """How many frames the simulated gun heard so far: GetFrames keeps
        the last ones only."""
        return int(self.root_call(SIM_DEVICE, PROPS, 'Get', SIMULATOR, 'FramesReceived'))

    def frames_since(self, count):
        new = self.received() - count
        return self.frames()[-new:] if new else []

    def run_warmup(self, who):
        """tpctl start run to its end as @who: the motor ran, the last frame
        is a stop."""
        before = self.received()
        proc = self.tpctl(who, 'start', '--muscle', 'trapezius', '--program', 'warmup')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        frames = self.frames_since(before)
        self.assertTrue([f for f in frames if (speed_of(f) or 0) > 0], frames)
        self.assertEqual(frames[-1], STOP_FRAME)

    def motor_running(self):
        return bool(self.root_call(SIM_DEVICE, PROPS, 'Get', SIMULATOR, 'MotorRunning'))



class PolicyTest(SimulatedTpdCase):
    """Without polkit on the bus: root and group tpd only."""

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
        before = self.received()
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
            (MANAGER_PATH, MANAGER, 'GetTrends', 'a{sv}', {}),
            (MANAGER_PATH, MANAGER, 'RateSession', 'uu', 1, 3),
        ]
        for call in denied:
            reply = self.assert_denied(who, *call)
            self.assertIn('polkit is not available', reply)
            self.assertIn('usermod -aG tpd', reply)
        ok, reply = self.call(who, MANAGER_PATH, PROPS, 'Set', 'ssv', MANAGER, 'Version', 'x')
        self.assertFalse(ok)
        self.assertTrue(reply.startswith('org.freedesktop.DBus.Error.PropertyReadOnly'), reply)
        # Nothing reached the device.
        self.assertEqual(self.received(), before)
        self.assertFalse(self.motor_running())
        proc = self.tpctl(who, 'start', '--muscle', 'trapezius')
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("not allowed to control massagers", proc.stderr)
        self.assertIn("group tpd", proc.stderr)
        self.assertNotIn('Rejected send message', proc.stderr)
        self.assertEqual(self.received(), before)

    def test_a_member_of_group_tpd_runs_a_session(self):
        who = self.pbus.member
        self.run_warmup(who)
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


class PolkitTest(SimulatedTpdCase):
    """polkitd (dbusmock's template) decides for people outside group tpd:
    the person at the machine's active seat is allowed, as polkit would
    say for them; a no, a slow and a hanging polkit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.polkit = polkitd(cls.pbus.address, os.path.join(cls.tmp.name, 'polkitd.log'))
        try:
            cls.polkit.start(cls.root)
        except BaseException:
            cls.kill(cls.tpd)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.polkit.stop()
        super().tearDownClass()

    def setUp(self):
        self.polkit.mock('SetAllowed', dbus.Array([], signature='s'))
        self.polkit.mock('SetDelay', 0.0)
        self.polkit.mock('SimulateHang', False)
        self.polkit.mock('ClearCalls')

    def tearDown(self):
        self.polkit.mock('SimulateHang', False)
        self.polkit.mock('ReleaseHangingCalls')
        super().tearDown()

    def polkit_log(self):
        with open(os.path.join(self.tmp.name, 'polkitd.log')) as f:
            return f.read()

    def allow(self, *actions):
        self.polkit.mock('SetAllowed', dbus.Array(actions, signature='s'))

    def checks(self):
        """CheckAuthorization calls polkit got: (subject, action, flags)."""
        calls = self.polkit.mock('GetMethodCalls', 'CheckAuthorization')
        return [((str(a[0][0]), {str(k): str(v) for k, v in a[0][1].items()}), str(a[1]),
                 int(a[3])) for _, a in calls]

    def test_the_person_at_the_seat_runs_a_session_without_group_tpd(self):
        self.allow(CONTROL)
        self.run_warmup(self.pbus.stranger)
        checks = self.checks()
        self.assertTrue(checks, self.polkit_log() + self.log()[-3000:])
        for subject, action, flags in checks:
            self.assertEqual(subject[0], 'system-bus-name')
            self.assertTrue(subject[1]['name'].startswith(':'), subject)
            self.assertEqual(action, CONTROL)
            self.assertEqual(flags, 0)      # no terminal: nobody to ask

    def test_group_tpd_is_not_asked_about(self):
        self.allow()
        self.assert_allowed(self.pbus.member, MANAGER_PATH, MANAGER, 'StopAll')
        self.assertEqual(self.checks(), [])

    def test_polkit_saying_no_is_not_permitted_and_nothing_moves(self):
        before = self.received()
        reply = self.assert_denied(self.pbus.stranger, MANAGER_PATH, MANAGER, 'StartSession',
                                   'ossa{sv}', SIM_DEVICE, 'trapezius', 'release', {})
        self.assertIn('polkit said no', reply)
        self.assertIn(CONTROL, reply)
        self.assertEqual(self.received(), before)
        self.assertFalse(self.motor_running())
        # Controlling is not reading the history.
        self.allow(CONTROL)
        reply = self.assert_denied(self.pbus.stranger, MANAGER_PATH, MANAGER, 'GetHistory',
                                   'a{sv}', {})
        self.assertIn(HISTORY, reply)

    def test_the_call_says_whether_polkit_may_ask_for_a_password(self):
        self.allow(CONTROL)
        self.assert_allowed(self.pbus.stranger, MANAGER_PATH, MANAGER, 'StopAll',
                            interactive=True)
        self.assertEqual([flags for _, _, flags in self.checks()], [1])

    def test_a_slow_polkit_is_waited_for(self):
        self.allow(CONTROL)
        self.polkit.mock('SetDelay', 1.0)
        self.assert_allowed(self.pbus.stranger, MANAGER_PATH, MANAGER, 'StopAll')

    def test_nothing_moves_while_polkit_has_not_answered(self):
        self.allow(CONTROL)
        self.polkit.mock('SimulateHang', True)
        before = self.received()
        call = subprocess.Popen(
            self.pbus.stranger.command('/usr/bin/python3', self.pbus.call_script,
                                       self.pbus.address, BUS_NAME, MANAGER_PATH, MANAGER,
                                       'StartSession', 'ossa{sv}',
                                       '["%s", "trapezius", "release", {"Detach": true}]' % SIM_DEVICE),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.kill, call)
        wait_until(lambda: self.polkit.mock('HaveHangingCalls'), 5, 'polkit to be asked')
        self.assertEqual(self.received(), before)
        self.assertFalse(self.motor_running())
        sessions = [p for p in self.root_call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
                    if '/session/' in p]
        self.assertEqual(sessions, [])
        # The answer comes: yes. Only now does the motor move.
        self.polkit.mock('ReleaseHangingCalls')
        out, err = call.communicate(timeout=20)
        self.assertEqual(call.returncode, 0, err)
        wait_until(self.motor_running, 5, 'the motor to run')

    def test_a_polkit_that_never_answers_is_a_no_in_the_end(self):
        self.allow(CONTROL)
        self.polkit.mock('SimulateHang', True)
        before = self.received()
        reply = self.assert_denied(self.pbus.stranger, MANAGER_PATH, MANAGER, 'StartSession',
                                   'ossa{sv}', SIM_DEVICE, 'trapezius', 'release', {})
        self.assertIn('did not answer in time', reply)
        self.assertEqual(self.received(), before)

    def test_a_session_is_its_starters_and_anyone_may_stop_it(self):
        self.allow(CONTROL)
        path = self.assert_allowed(self.pbus.member, MANAGER_PATH, MANAGER, 'StartSession',
                                   'ossa{sv}', SIM_DEVICE, 'trapezius', 'release',
                                   {'Detach': True})[0]
        wait_until(self.motor_running, 5, 'the motor to run')
        who = self.pbus.stranger
        for method, sig, args in (('Pause', '', ()), ('Skip', '', ()),
                                  ('SetScale', 'd', (1.2,)), ('Resume', '', ())):
            reply = self.assert_denied(who, path, SESSION, method, sig, *args)
            self.assertIn("user %d's" % self.pbus.member.uid, reply)
        self.assertEqual(self.root_call(path, PROPS, 'Get', SESSION, 'State'), 'running')
        # Its owner may steer it, and anyone who may control may stop it.
        self.assert_allowed(self.pbus.member, path, SESSION, 'Pause')
        self.assert_allowed(self.pbus.member, path, SESSION, 'Resume')
        self.assert_allowed(who, path, SESSION, 'Stop')
        wait_until(lambda: not self.motor_running(), 5, 'the motor to stop')
        self.assertEqual(self.frames()[-1], STOP_FRAME)

    def test_each_person_sees_their_own_history(self):
        self.allow(CONTROL, HISTORY)
        for who in (self.pbus.member, self.pbus.stranger):
            self.run_warmup(who)
        mine = {}
        for who in (self.pbus.member, self.pbus.stranger):
            entries = self.assert_allowed(who, MANAGER_PATH, MANAGER, 'GetHistory', 'a{sv}',
                                          {})[0]
            self.assertTrue(entries)
            self.assertEqual({e['User'] for e in entries}, {who.uid})
            mine[who.uid] = entries[-1]['Id']
            # The trend is of one's own sessions too.
            trends = self.assert_allowed(who, MANAGER_PATH, MANAGER, 'GetTrends', 'a{sv}',
                                         {})[0]
            self.assertEqual([(t['Muscle'], t['Sessions']) for t in trends],
                             [('trapezius', len(entries))])
        for method in ('GetHistory', 'GetTrends'):
            reply = self.assert_denied(self.pbus.stranger, MANAGER_PATH, MANAGER, method,
                                       'a{sv}', {'AllUsers': True})
            self.assertIn('only root', reply)
        everyone = self.root_call(MANAGER_PATH, MANAGER, 'GetHistory', {'AllUsers': True},
                                  signature='a{sv}')
        self.assertLessEqual(set(mine), {int(e['User']) for e in everyone})
        trends = self.root_call(MANAGER_PATH, MANAGER, 'GetTrends', {'AllUsers': True},
                                signature='a{sv}')
        self.assertEqual(sum(t['Sessions'] for t in trends), len(everyone))
        # Another's session is as good as absent.
        ok, reply = self.call(self.pbus.stranger, MANAGER_PATH, MANAGER, 'RateSession', 'uu',
                              mine[self.pbus.member.uid], 3)
        self.assertFalse(ok)
        self.assertTrue(reply.startswith('io.tpd.Tpd1.Error.NotFound'), reply)
        self.assert_allowed(self.pbus.member, MANAGER_PATH, MANAGER, 'RateSession', 'uu',
                            mine[self.pbus.member.uid], 3)


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
