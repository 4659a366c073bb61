# SPDX-License-Identifier: LGPL-2.1-or-later
"""Harness for tpd integration tests: a private dbus-daemon, the real tpd
and tpctl binaries, and helpers that wait on signals and properties with
deadlines (never fixed sleeps)."""
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

BUS_NAME = 'io.tpd.Tpd1'
MANAGER_PATH = '/io/tpd/Tpd1'
MANAGER = 'io.tpd.Tpd1.Manager'
DEVICE = 'io.tpd.Tpd1.Device'
SESSION = 'io.tpd.Tpd1.Session'
SIMULATOR = 'io.tpd.Tpd1.Simulator'
PROPS = 'org.freedesktop.DBus.Properties'
OBJMGR = 'org.freedesktop.DBus.ObjectManager'
SIM_DEVICE = '/io/tpd/Tpd1/device/02_54_50_44_00_01'

TPD = os.environ.get('TPD_BIN', 'tpd')
TPCTL = os.environ.get('TPCTL_BIN', 'tpctl')
SRC_DIR = os.environ.get('TPD_SRC_DIR', os.path.join(os.path.dirname(__file__), '..', '..'))
# tools/check --valgrind: every tpd a test starts runs under memcheck, and
# every deadline stretches by TPD_TIME_FACTOR, since valgrind slows tpd
# down some tens of times.
if os.environ.get('TPD_VALGRIND_LOGS'):
    os.environ['TPD_REAL_BIN'] = TPD
    TPD = os.path.join(SRC_DIR, 'tests', 'valgrind', 'tpd-memcheck')
TIME_FACTOR = float(os.environ.get('TPD_TIME_FACTOR', '1'))
SLOW_TIME_SCALE_DIVISOR = 10
DATA_DIR = os.path.join(SRC_DIR, 'data')
DBUS_DIR = os.path.join(SRC_DIR, 'dbus')

# Theragun gen-4 frames (PROTOCOLS.md §2.3), written out independently of
# the daemon's encoder.
STOP_FRAME = bytes.fromhex('AA 07 01 03 00 00 03')
STATUS_REQUEST = bytes.fromhex('AA 10 10 00')
VERSION_REQUEST = bytes.fromhex('AA 20 20 00')


def speed_of(frame):
    """RPM of a set-speed frame, checked byte by byte; None for others."""
    if len(frame) != 7 or frame[0] != 0xAA or frame[2] != 0x01:
        return None
    assert frame[3] == 0x03 and frame[6] == 0x03, frame.hex(' ')
    assert frame[1] == sum(frame[2:]) & 0xFF, 'bad checksum: ' + frame.hex(' ')
    return frame[4] << 8 | frame[5]


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)


SYSTEM_CONF = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
'''


def documented_errors(interface, method):
    """The error names dbus/*.xml lists for @interface.@method: those in
    the comment before the method, and InvalidArgs, which every method of
    tpd gives for arguments of the wrong types."""
    for name in os.listdir(DBUS_DIR):
        if not name.endswith('.xml'):
            continue
        with open(os.path.join(DBUS_DIR, name)) as f:
            text = f.read()
        start = text.find('<interface name="%s">' % interface)
        if start < 0:
            continue
        end = text.find('</interface>', start)
        at = text.find('<method name="%s"' % method, start, end)
        if at < 0:
            break
        comment = text[text.rfind('<!--', start, at):at]
        errors = set(re.findall(r'\b(io\.tpd\.Tpd1\.Error\.\w+)', comment))
        return errors | {'io.tpd.Tpd1.Error.InvalidArgs'}
    raise AssertionError('%s.%s is not in dbus/*.xml' % (interface, method))


def wait_until(predicate, timeout=5, what='condition'):
    """Run the GLib main loop until predicate() holds; AssertionError (a test
    failure) at the deadline."""
    ctx = GLib.MainContext.default()
    timeout *= TIME_FACTOR
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %gs waiting for %s' % (timeout, what))
        # Wake at least every 50 ms to re-check the deadline.
        source = GLib.timeout_add(50, lambda: False)
        ctx.iteration(True)
        if ctx.find_source_by_id(source):
            GLib.source_remove(source)
    return True


def receive_pending(round_trip):
    """Dispatch every signal a peer sent before now: @round_trip calls
    it (its reply comes after every signal sent before it), then the
    main loop is drained."""
    round_trip()
    ctx = GLib.MainContext.default()
    while ctx.pending():
        ctx.iteration(False)


class PrivateBus:
    """A dbus-daemon of our own, started without forking so that it is our
    child and is reaped: a session bus, or with system=True a system-type
    bus with a permissive policy (TESTING.md §2.1) listening in @directory."""

    def __init__(self, system=False, directory=None):
        if system:
            conf = os.path.join(directory, 'system-test.conf')
            with open(conf, 'w') as f:
                f.write(SYSTEM_CONF % os.path.join(directory, 'system_bus_socket'))
            args = ['--config-file=' + conf]
        else:
            args = ['--session']
        self.proc = subprocess.Popen(
            ['dbus-daemon'] + args + ['--nofork', '--nopidfile', '--print-address=1'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.address = self.proc.stdout.readline().strip()
        if not self.address:
            raise RuntimeError('dbus-daemon did not start')

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


class TpdTestCase(unittest.TestCase):
    """Each test gets a fresh tpd on the class's private bus."""

    time_scale = 100
    extra_args = []
    start_tpd_in_setup = True
    # tpd's default bus, where BlueZ lives, or the session bus.
    system_bus = False

    @classmethod
    def setUpClass(cls):
        cls.bus_dir = tempfile.TemporaryDirectory(prefix='tpd-bus-')
        cls.bus_daemon = PrivateBus(system=cls.system_bus, directory=cls.bus_dir.name)
        variable = 'DBUS_SYSTEM_BUS_ADDRESS' if cls.system_bus else 'DBUS_SESSION_BUS_ADDRESS'
        cls.env = dict(os.environ, G_DEBUG='fatal-criticals', NO_COLOR='1')
        cls.env[variable] = cls.bus_daemon.address

    @classmethod
    def tearDownClass(cls):
        cls.bus_daemon.stop()
        cls.bus_dir.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='tpd-test-')
        self.addCleanup(self.tmp.cleanup)
        # Kept across restarts of tpd within one test, like /var/lib/tpd.
        self.state_dir = os.path.join(self.tmp.name, 'state')
        self.bus = dbus.bus.BusConnection(self.bus_daemon.address)
        self.signals = []
        self.bus.add_signal_receiver(self._record, sender_keyword='sender',
                                     path_keyword='path', interface_keyword='iface',
                                     member_keyword='member')
        self.tpd = None
        self.tpd_log = None
        if self.start_tpd_in_setup:
            self.start_tpd()

    def tearDown(self):
        try:
            if self.tpd and self.tpd.poll() is None:
                rc = self.stop_tpd()
                self.assertEqual(rc, 0, 'tpd exit status; log:\n' + self.log_text())
            elif self.tpd and self.tpd.returncode != 0 and not getattr(self, 'tpd_may_fail', False):
                self.fail('tpd died (status %d); log:\n%s' % (self.tpd.returncode, self.log_text()))
            log = self.log_text()
            self.assertNotIn('critical', log, log)
        finally:
            self.bus.close()

    # -- processes ---------------------------------------------------------

    def tpd_command(self, *args):
        cmd = [TPD, self.bus_option(), '--data-dir', DATA_DIR, '--state-dir', self.state_dir]
        cmd += ['--simulate', '--time-scale', str(self.scaled_time())] if self.time_scale else []
        return cmd + list(self.extra_args) + list(args)

    def scaled_time(self):
        """The class's time scale, slowed down under valgrind so that a
        slow tpd still shows every step of a program."""
        if TIME_FACTOR == 1:
            return self.time_scale
        return max(1, self.time_scale / SLOW_TIME_SCALE_DIVISOR)

    def start_tpd(self, *args, wait=True, env=None):
        self.tpd_log = open(os.path.join(self.tmp.name, 'tpd.log'), 'w')
        self.addCleanup(self.tpd_log.close)
        self.tpd = subprocess.Popen(self.tpd_command(*args), stdout=self.tpd_log,
                                    stderr=subprocess.STDOUT, env=env or self.env)
        self.addCleanup(self.kill_tpd, self.tpd)
        if wait:
            self.wait_until(lambda: self.bus.name_has_owner(BUS_NAME) or self.tpd.poll() is not None,
                            10, 'tpd to own its name')
            self.assertIsNone(self.tpd.poll(), 'tpd exited:\n' + self.log_text())
            self.tpd_owner = self.bus.get_name_owner(BUS_NAME)
        return self.tpd

    @staticmethod
    def kill_tpd(proc):
        """Whatever happened in the test, no tpd outlives it."""
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    def stop_tpd(self, sig=signal.SIGTERM):
        self.tpd.send_signal(sig)
        return self.tpd.wait(timeout=10)

    def log_text(self):
        """tpd's output so far. Read through a file of its own: seeking
        the one tpd writes to would move tpd's offset too."""
        if not self.tpd_log:
            return ''
        with open(self.tpd_log.name) as f:
            return f.read()

    def bus_option(self):
        return '--system' if self.system_bus else '--session'

    def complete(self, *words):
        """COMPREPLY of tpctl's bash completion for a command line whose
        last word is being typed."""
        script = os.path.join(SRC_DIR, 'tpctl', 'tpctl.bash')
        words = ['tpctl', '--session'] + list(words)
        line = ' '.join("'%s'" % w for w in words)
        code = ('source "$1"; COMP_WORDS=(%s); COMP_CWORD=%d; _tpctl; '
                'printf "%%s\\n" "${COMPREPLY[@]}"' % (line, len(words) - 1))
        env = dict(self.env, PATH=os.path.dirname(os.path.abspath(TPCTL)) + ':' +
                   os.environ['PATH'])
        proc = subprocess.run(['bash', '--norc', '--noprofile', '-c', code, 'bash', script],
                              env=env, capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.stderr, '')
        return [w for w in proc.stdout.splitlines() if w]

    def tpctl(self, *args, timeout=60, check=None):
        proc = subprocess.run([TPCTL, self.bus_option()] + list(args), env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if check is not None:
            self.assertEqual(proc.returncode, check, proc.stdout + proc.stderr)
        return proc

    # -- waiting -----------------------------------------------------------

    def _record(self, *args, **kw):
        self.signals.append((kw['path'], kw['iface'], kw['member'], args, kw['sender']))

    def wait_until(self, predicate, timeout=5, what='condition'):
        """Run the main loop until predicate() holds, or fail at the deadline."""
        return wait_until(predicate, timeout, what)

    def sync(self):
        """Receive everything tpd sent so far: a round trip (its reply
        comes after every signal sent before it), then drain the loop."""
        receive_pending(lambda: self.call(MANAGER_PATH, 'org.freedesktop.DBus.Peer',
                                          'Ping'))

    def forget_signals(self):
        """Start recording afresh from what tpd sends after this point."""
        self.sync()
        self.signals.clear()

    def signals_of(self, member, path=None, iface=None):
        return [s for s in self.signals if s[2] == member and
                (path is None or s[0] == path) and (iface is None or s[1] == iface)]

    def wait_for_signal(self, member, path=None, iface=None, timeout=10):
        self.wait_until(lambda: self.signals_of(member, path, iface), timeout,
                        'signal %s on %s' % (member, path))
        return self.signals_of(member, path, iface)[0][3]

    def wait_for_property(self, path, iface, name, value, timeout=5):
        """Wait until the property holds @value: now, or announced by a
        PropertiesChanged that arrives from now on (older announcements
        do not count: the value may have changed since)."""
        self.sync()
        since = len(self.signals)
        try:
            if self.get(path, iface, name) == value:
                return
        except dbus.exceptions.DBusException as e:
            # Optional properties are absent until known.
            if e.get_dbus_name() != 'org.freedesktop.DBus.Error.UnknownProperty':
                raise

        def announced():
            for s in self.signals[since:]:
                if (s[0] == path and s[2] == 'PropertiesChanged' and s[3][0] == iface
                        and name in s[3][1] and s[3][1][name] == value):
                    return True
            return False
        self.wait_until(announced, timeout, '%s.%s == %r' % (iface, name, value))

    def finished_reason(self, session, timeout=20):
        return str(self.wait_for_signal('Finished', session, SESSION, timeout)[0])

    # -- D-Bus -------------------------------------------------------------

    def obj(self, path):
        return self.bus.get_object(BUS_NAME, path, introspect=False)

    def call(self, path, iface, method, *args, **kw):
        return self.obj(path).get_dbus_method(method, iface)(*args, **kw)

    def get(self, path, iface, name):
        return self.call(path, PROPS, 'Get', iface, name)

    def get_all(self, path, iface):
        return self.call(path, PROPS, 'GetAll', iface)

    def manager(self, method, *args, **kw):
        return self.call(MANAGER_PATH, MANAGER, method, *args, **kw)

    def start_session(self, muscle='trapezius', program='release', device=SIM_DEVICE,
                      **options):
        opts = dbus.Dictionary(options, signature='sv')
        return str(self.manager('StartSession', dbus.ObjectPath(device), muscle,
                                program, opts))

    def frames(self, device=SIM_DEVICE):
        return [bytes(f) for f in self.call(device, SIMULATOR, 'GetFrames')]

    def received_frames(self, device=SIM_DEVICE):
        """Frames from the FrameReceived signals seen so far (they keep
        arriving past tpd's exit, unlike GetFrames)."""
        return [bytes(s[3][0]) for s in self.signals_of('FrameReceived', device, SIMULATOR)]

    def assert_dbus_error(self, name, fn, *args, **kw):
        with self.assertRaises(dbus.exceptions.DBusException) as cm:
            fn(*args, **kw)
        self.assertEqual(cm.exception.get_dbus_name(), name, cm.exception.get_dbus_message())
        return cm.exception.get_dbus_message()
