# SPDX-License-Identifier: LGPL-2.1-or-later
"""Harness for the desktop app's tests: an Xvfb display, the real tpd-app
on the class's private bus next to the real tpd, the app driven through
its exported actions (org.gtk.Actions) and read through its accessibility
tree (AT-SPI, what a screen reader sees) and screenshots of its window."""
import atexit
import os
import subprocess
import tempfile

import dbus

from tpdtest import BUS_NAME, TIME_FACTOR, PrivateBus, TpdTestCase, wait_until

import gi
gi.require_version('Atspi', '2.0')
gi.require_version('GdkPixbuf', '2.0')
from gi.repository import Atspi, GdkPixbuf  # noqa: E402

APP = os.environ.get('TPD_APP_BIN', 'tpd-app')
APP_NAME = 'io.tpd.App'
APP_PATH = '/io/tpd/App'
ACTIONS = 'org.gtk.Actions'
WINDOW_TITLE = 'Trigger Point'
SCREEN = (1280, 900)
REGISTRYD = '/usr/libexec/at-spi2-registryd'
SHOTS_DIR = os.path.join(os.environ.get('TPD_BUILD_DIR', '.'), 'app-screenshots')


class Xvfb:
    """A virtual X display of our own; its number chosen by the server."""

    def __init__(self):
        read_end, write_end = os.pipe()
        self.proc = subprocess.Popen(
            ['Xvfb', '-displayfd', str(write_end), '-nolisten', 'tcp', '-noreset',
             '-screen', '0', '%dx%dx24' % SCREEN],
            pass_fds=[write_end], stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as f:
            number = f.readline().strip()
        if not number:
            raise RuntimeError('Xvfb did not start')
        self.display = ':' + number

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def variant(value):
    """A Python value as the 'v' of an action parameter."""
    if isinstance(value, bool):
        return dbus.Boolean(value, variant_level=1)
    if isinstance(value, int):
        return dbus.Int32(value, variant_level=1)
    if isinstance(value, float):
        return dbus.Double(value, variant_level=1)
    return dbus.String(value, variant_level=1)


def walk(node):
    """Every accessible below @node, depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        yield n
        count = n.get_child_count()
        stack.extend(n.get_child_at_index(i) for i in reversed(range(count)))


def is_shown(node):
    """On screen, as far as assistive technologies know: the app marks
    the pages it does not show hidden (GTK 4.8 reports no "showing")."""
    return node.get_state_set().contains(Atspi.StateType.VISIBLE)


def shown_nodes(root):
    """The accessibles on screen below @root; a hidden one hides its
    subtree."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n is None or (n != root and not is_shown(n)):
            continue
        yield n
        stack.extend(n.get_child_at_index(i) for i in reversed(range(n.get_child_count())))


class Desktop:
    """What every test of a run shares, as one desktop session would: the
    display, and the accessibility bus with its registry. The bus is
    open to every user (system-type, the permissive policy of the
    private buses), so that an app run as another user (TestNotPermitted)
    is read as well. AT-SPI connects this process to it, once."""

    _instance = None

    @classmethod
    def get(cls):
        if cls._instance is None:
            cls._instance = cls()
            atexit.register(cls._instance.stop)
        return cls._instance

    def __init__(self):
        self.xvfb = Xvfb()
        self.home = tempfile.TemporaryDirectory(prefix='tpd-app-home-')
        self.runtime = os.path.join(self.home.name, 'runtime')
        os.mkdir(self.runtime, 0o700)
        a11y_dir = os.path.join(self.home.name, 'a11y')
        os.mkdir(a11y_dir)
        os.chmod(self.home.name, 0o755)
        os.chmod(a11y_dir, 0o755)
        self.a11y = PrivateBus(system=True, directory=a11y_dir)
        self.a11y_address = self.a11y.address
        os.environ['AT_SPI_BUS_ADDRESS'] = self.a11y_address
        self.registry = subprocess.Popen(
            [REGISTRYD], env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.a11y_address),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bus = dbus.bus.BusConnection(self.a11y_address)
        wait_until(lambda: bus.name_has_owner('org.a11y.atspi.Registry'), 10,
                   'the accessibility registry')
        bus.close()
        Atspi.init()

    def stop(self):
        self.registry.terminate()
        self.registry.wait(timeout=10)
        self.a11y.stop()
        self.xvfb.stop()
        self.home.cleanup()


class AppTestCase(TpdTestCase):
    """tpd with simulated devices and the app on one private session bus,
    the app on the run's display."""

    time_scale = 10

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        desktop = Desktop.get()
        cls.env.update(DISPLAY=desktop.xvfb.display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
                       GSETTINGS_BACKEND='memory', XDG_RUNTIME_DIR=desktop.runtime,
                       HOME=desktop.home.name, LANG='C.UTF-8', LANGUAGE='',
                       AT_SPI_BUS_ADDRESS=desktop.a11y_address)
        cls.env.pop('NO_AT_BRIDGE', None)
        os.makedirs(SHOTS_DIR, exist_ok=True)

    def setUp(self):
        super().setUp()
        self.app = None
        self.app_may_die = False

    def tearDown(self):
        try:
            # The app ends with the test; before that only when a test
            # says so (it kills it), and never by a crash or a sanitizer.
            rc = self.app.poll() if self.app else None
            if rc not in (None, 0) and not self.app_may_die:
                self.fail('the app died (status %d); its log:\n%s'
                          % (rc, self.app_log_text()[-6000:]))
        finally:
            super().tearDown()

    # -- the app process ---------------------------------------------------

    def start_app(self, *args, command=None):
        """The app with @args, or @command (the app as another user)."""
        self.app_log = open(os.path.join(self.tmp.name, 'app.log'), 'w')
        self.addCleanup(self.app_log.close)
        env = dict(self.env)
        # tools/check --sanitize: GTK, fontconfig and the accessibility
        # bridge keep their caches until exit, which LeakSanitizer would
        # report as the app's; invalid accesses still end it.
        if 'ASAN_OPTIONS' in env:
            env['ASAN_OPTIONS'] = env['ASAN_OPTIONS'].replace('detect_leaks=1', 'detect_leaks=0')
        self.app = subprocess.Popen(command or [APP, '--session'] + list(args), env=env,
                                    stdout=self.app_log, stderr=subprocess.STDOUT)
        self.addCleanup(self.kill_app, self.app)
        self.wait_until(lambda: self.app_owns_its_name() or self.app.poll() is not None,
                        20 * TIME_FACTOR, 'the app to own its name')
        self.assertIsNone(self.app.poll(), 'the app exited:\n' + self.app_log_text())
        try:
            self.wait_until(lambda: self.app_accessible() is not None, 30 * TIME_FACTOR,
                            'the app to show its window')
        except AssertionError as e:
            raise AssertionError('%s; its log:\n%s' % (e, self.app_log_text())) from None
        return self.app

    def app_owns_its_name(self):
        """io.tpd.App is this test's app, not the one of the test before
        whose leaving the bus has not seen yet."""
        if not self.bus.name_has_owner(APP_NAME):
            return False
        driver = self.bus.get_object('org.freedesktop.DBus', '/org/freedesktop/DBus')
        try:
            pid = driver.GetConnectionUnixProcessID(self.bus.get_name_owner(APP_NAME),
                                                    dbus_interface='org.freedesktop.DBus')
        except dbus.exceptions.DBusException:
            return False  # it left between the two questions
        return pid == self.app.pid

    @staticmethod
    def kill_app(proc):
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    def app_log_text(self):
        with open(self.app_log.name) as f:
            return f.read()

    def assert_app_log_clean(self):
        log = self.app_log_text()
        for word in ('CRITICAL', 'WARNING', 'critical', 'Gtk-WARNING'):
            self.assertNotIn(word, log, log)

    # -- actions -----------------------------------------------------------

    def actions(self):
        return dbus.Interface(self.bus.get_object(APP_NAME, APP_PATH, introspect=False),
                              ACTIONS)

    def act(self, name, *params):
        self.actions().Activate(name, dbus.Array([variant(p) for p in params], signature='v'),
                                dbus.Dictionary({}, signature='sv'))

    def action_state(self, name):
        enabled, ptype, state = self.actions().Describe(name)
        return state[0] if state else None

    def action_enabled(self, name):
        return bool(self.actions().Describe(name)[0])

    # -- what the app shows ------------------------------------------------

    def app_accessible(self):
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == self.app.pid:
                app.clear_cache()
                return app
        return None

    def showing_nodes(self, root=None):
        return list(shown_nodes(root or self.app_accessible()))

    def find_showing(self, role, name=None, root=None):
        return [n for n in self.showing_nodes(root)
                if n.get_role_name() == role and (name is None or n.get_name() == name)]

    def shows_text(self, text):
        return any(text in (n.get_name() or '') for n in self.showing_nodes()
                   if n.get_role_name() == 'label')

    def wait_for_text(self, text, timeout=10):
        self.wait_until(lambda: self.shows_text(text), timeout, 'the app to show %r' % text)

    def labels_below(self, node):
        return [n.get_name() for n in walk(node) if n.get_role_name() == 'label']

    # -- screenshots -------------------------------------------------------

    def window_id(self):
        tree = subprocess.run(['xwininfo', '-root', '-tree'], env=self.env, text=True,
                              capture_output=True, check=True).stdout
        for line in tree.splitlines():
            if '"%s"' % WINDOW_TITLE in line:
                return line.split()[0]
        self.fail('no window titled %r:\n%s' % (WINDOW_TITLE, tree))

    def window_size(self, wid):
        info = subprocess.run(['xwininfo', '-id', wid], env=self.env, text=True,
                              capture_output=True, check=True).stdout
        fields = dict(line.strip().split(':', 1) for line in info.splitlines()
                      if line.strip().startswith(('Width:', 'Height:')))
        return int(fields['Width']), int(fields['Height'])

    def screenshot(self, name):
        """The window as the X server has it, saved under build/, and
        checked to be a real render: the window's size, and not blank."""
        wid = self.window_id()
        path = os.path.join(SHOTS_DIR, name + '.png')
        subprocess.run(['import', '-window', wid, path], env=self.env, check=True,
                       stderr=subprocess.DEVNULL)
        pixbuf = GdkPixbuf.Pixbuf.new_from_file(path)
        self.assertEqual((pixbuf.get_width(), pixbuf.get_height()), self.window_size(wid))
        self.assert_not_blank(pixbuf, name)
        return path

    def assert_not_blank(self, pixbuf, name):
        """Many colours, and no colour covering nearly everything: text,
        controls and drawings were rendered."""
        pixels = pixbuf.get_pixels()
        stride, channels = pixbuf.get_rowstride(), pixbuf.get_n_channels()
        counts = {}
        for y in range(0, pixbuf.get_height(), 3):
            row = y * stride
            for x in range(0, pixbuf.get_width(), 3):
                i = row + x * channels
                colour = bytes(pixels[i:i + 3])
                counts[colour] = counts.get(colour, 0) + 1
        total = sum(counts.values())
        self.assertGreater(len(counts), 50, '%s: only %d colours' % (name, len(counts)))
        self.assertLess(max(counts.values()) / total, 0.95, '%s: nearly one colour' % name)

    # -- waiting -----------------------------------------------------------

    def wait_for_session(self, timeout=10):
        """The path of the only session tpd has, once it has one."""
        found = []

        def one():
            objs = self.manager_objects()
            found[:] = [p for p, ifaces in objs.items() if 'io.tpd.Tpd1.Session' in ifaces]
            return len(found) == 1
        self.wait_until(one, timeout * TIME_FACTOR, 'a session in tpd')
        return found[0]

    def manager_objects(self):
        om = self.bus.get_object(BUS_NAME, '/io/tpd/Tpd1')
        return om.GetManagedObjects(dbus_interface='org.freedesktop.DBus.ObjectManager')
