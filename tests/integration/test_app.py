# SPDX-License-Identifier: LGPL-2.1-or-later
"""The desktop app (app/, tpd-app) under Xvfb against the real tpd with
simulated devices: driven through its documented actions, checked through
tpd's D-Bus state, the frames the simulated gun received, what the app
shows to assistive technologies (AT-SPI), and screenshots of its window."""
import os
import pwd
import re
import signal
import subprocess
import tempfile
import time

import dbus

from apptest import APP, AppTestCase, Atspi, walk
from policybus import Person, copy_for_others
from test_therapy import DAY, history_line
from tpdtest import DATA_DIR, DEVICE, SESSION, SIM_DEVICE, STOP_FRAME, TIME_FACTOR, TPD

# Roles of controls a person operates: each needs a name of its own.
CONTROL_ROLES = {'push button', 'toggle button', 'check box', 'radio button', 'combo box',
                 'slider', 'spin button', 'text', 'page tab', 'menu item', 'link'}


class AppFlow(AppTestCase):
    """Steps shared by the tests: the flow a person goes through."""

    def click(self, role, name):
        nodes = self.find_showing(role, name)
        self.assertTrue(nodes, 'no %s %r shown' % (role, name))
        self.assertTrue(nodes[0].get_action_iface().do_action(0))

    def ranking(self):
        """The names of the muscles the app lists, in its order."""
        lists = self.find_showing('list', 'Muscles that may cause it')
        if not lists:
            return None
        rows = [r for r in walk(lists[0]) if r.get_role_name() == 'list item']
        return [self.labels_below(r)[0] for r in rows if self.labels_below(r)]

    def choose(self, zone='behind-eye', muscle='trapezius', **setup):
        self.act('choose-zone', zone)
        self.act('choose-muscle', muscle)
        for name, value in setup.items():
            self.act(name.replace('_', '-'), value)

    def start_through_cautions(self):
        """Start, see the cautions, acknowledge them: the session tpd runs."""
        self.act('start')
        self.wait_until(lambda: self.find_showing('push button', 'I understand, start'), 10,
                        'the cautions dialog')
        self.assertNotIn('io.tpd.Tpd1.Session', str(self.manager_objects()),
                         'a session began before the cautions were acknowledged')
        self.act('start-acknowledged')
        return self.wait_for_session()

    def wait_motor_running(self):
        self.wait_for_property(SIM_DEVICE, DEVICE, 'State', 'running', 10 * TIME_FACTOR)

    def assert_last_frame_is_stop(self):
        self.wait_until(lambda: self.received_frames()[-1:] == [STOP_FRAME], 5 * TIME_FACTOR,
                        'a stop frame last')


class TestWhereItHurts(AppFlow):

    def test_every_zone_of_tpd_is_on_a_map_and_clickable(self):
        self.start_app()
        zones, _ = self.manager('ListZones')
        chosen = {}
        for view in ('Front', 'Back'):
            self.click('page tab', view)
            body = 'Front of the body' if view == 'Front' else 'Back of the body'
            self.wait_until(lambda: self.find_showing('panel', body), 5, body)
            buttons = [b for b in walk(self.find_showing('panel', body)[0])
                       if b.get_role_name() == 'push button' and b.get_name()]
            for button in buttons:
                before = self.action_state('choose-zone')
                self.assertTrue(button.get_action_iface().do_action(0))
                self.wait_until(lambda: self.action_state('choose-zone') != before, 5,
                                'clicking %r to choose its zone' % button.get_name())
                chosen[str(self.action_state('choose-zone'))] = button.get_name()
        self.assertEqual(set(chosen), set(map(str, zones)))
        self.assertEqual(len(set(chosen.values())), len(zones), 'one label per zone')
        self.assert_app_log_clean()

    def test_a_zone_lists_the_ranking_of_find_muscles(self):
        self.start_app()
        for zone in map(str, self.manager('ListZones')[0]):
            expected = [str(m['Name']) for m in self.manager('FindMuscles', zone)]
            self.act('choose-zone', zone)
            self.wait_until(lambda: self.ranking() == expected, 5,
                            'the ranking of %s: %s (shown %s)' % (zone, expected, self.ranking()))

    def test_hand_only_muscles_offer_no_start(self):
        self.start_app()
        self.act('choose-zone', 'jaw')
        found = self.manager('FindMuscles', 'jaw')
        names = [str(m['Name']) for m in found]
        self.wait_until(lambda: self.ranking() == names, 5, 'the ranking of jaw')
        for m in found:
            choose = self.find_showing('push button', 'Choose ' + str(m['Name']))
            if m['Tools']:
                self.assertEqual(len(choose), 1, m['Name'])
            else:
                self.assertEqual(choose, [], m['Name'])
                self.assertTrue(self.shows_text('By hand only'))
        self.assertTrue(any(not m['Tools'] for m in found), 'jaw has a hand-only muscle')


class TestSession(AppFlow):

    def test_start_runs_the_chosen_muscle_after_the_cautions(self):
        self.start_app()
        self.choose(side='left', scale=0.5, pain_before=6)
        session = self.start_through_cautions()
        props = self.get_all(session, SESSION)
        self.assertEqual((props['Muscle'], props['Side'], props['Program']),
                         ('trapezius', 'left', 'release'))
        self.assertEqual(props['Scale'], 0.5)
        self.assertFalse(props['Detached'], 'the app never detaches a session')
        self.wait_motor_running()
        self.wait_for_text(str(props['StepName']) if props['StepName'] else 'Elapsed')

    def test_stop_stops_the_motor_within_a_second(self):
        self.start_app()
        self.choose()
        session = self.start_through_cautions()
        self.wait_motor_running()
        self.forget_signals()
        self.act('stop')
        self.assertEqual(self.finished_reason(session, timeout=1 * TIME_FACTOR), 'stopped')
        self.assert_last_frame_is_stop()
        self.wait_for_text('Stopped.')

    def press_key_in_window(self, key):
        subprocess.run(['xdotool', 'search', '--sync', '--name', 'Trigger Point',
                        'windowfocus', '--sync', 'key', key], env=self.env, check=True,
                       timeout=20)

    def test_escape_and_space_stop_the_motor(self):
        self.start_app()
        for key in ('Escape', 'space'):
            self.choose()
            session = self.start_through_cautions()
            self.wait_motor_running()
            self.forget_signals()
            self.press_key_in_window(key)
            self.assertEqual(self.finished_reason(session, timeout=1 * TIME_FACTOR),
                             'stopped', key)
            self.assert_last_frame_is_stop()
            self.wait_until(lambda: SESSION not in str(self.manager_objects()), 5,
                            'the session object to go')

    def test_pause_resume_skip(self):
        self.start_app()
        self.choose()
        session = self.start_through_cautions()
        self.wait_motor_running()
        self.act('pause')
        self.wait_for_property(session, SESSION, 'State', 'paused', 5)
        self.assert_last_frame_is_stop()
        self.act('resume')
        self.wait_for_property(session, SESSION, 'State', 'running', 5)
        step = self.get(session, SESSION, 'Step')
        self.act('skip')
        self.wait_until(lambda: self.get(session, SESSION, 'Step') > step, 5, 'the next step')

    def test_acknowledging_without_the_cautions_starts_nothing(self):
        self.start_app()
        self.choose()
        self.act('start-acknowledged')
        self.act('choose-zone', 'neck')  # a round trip through the app
        self.assertNotIn('io.tpd.Tpd1.Session', str(self.manager_objects()))
        self.assertNotEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'running')
        self.assertIn('start not acknowledged', self.app_log_text())

    def test_closing_the_app_stops_the_motor(self):
        for how in ('quit', 'crash'):
            self.start_app()
            self.choose()
            session = self.start_through_cautions()
            self.wait_motor_running()
            self.forget_signals()
            if how == 'quit':
                self.act('quit')
            else:
                self.app_may_die = True
                self.app.send_signal(signal.SIGKILL)
            self.assertEqual(self.finished_reason(session, timeout=5 * TIME_FACTOR),
                             'client-left', how)
            self.assert_last_frame_is_stop()
            self.app.wait(timeout=10)


class TestHistory(AppFlow):
    time_scale = 100

    def test_history_shows_the_session_its_ratings_and_tpd_trend(self):
        self.start_app()
        self.choose(pain_before=6)
        session = self.start_through_cautions()
        self.assertEqual(self.finished_reason(session, timeout=30), 'completed')
        self.wait_for_text('The program is complete.')
        self.act('rate', 3)
        self.wait_for_text('Saved in the history.')
        record = self.manager('GetHistory', dbus.Dictionary({'Muscle': 'trapezius'},
                                                            signature='sv'))[-1]
        self.assertEqual((record['PainBefore'], record['PainAfter']), (6, 3))
        self.act('history-muscle', 'trapezius')
        self.wait_until(lambda: self.find_showing('image', 'Pain over time'), 5, 'the chart')
        trend = self.manager('GetTrends', dbus.Dictionary({'Muscle': 'trapezius'},
                                                          signature='sv'))[0]
        self.wait_for_text(str(trend['Words']))
        self.wait_until(lambda: any('pain 6 → 3' in (n.get_name() or '')
                                    for n in self.showing_nodes()), 5, 'the session listed')
        chart = self.find_showing('image', 'Pain over time')[0]
        self.assertIn('1 session', chart.get_description())


class TestTpdComesAndGoes(AppFlow):

    def test_waiting_page_while_tpd_is_away_then_recovery(self):
        self.start_app()
        self.wait_until(lambda: self.find_showing('page tab', 'Front'), 10, 'the map')
        self.tpd.send_signal(signal.SIGKILL)
        self.tpd.wait()
        self.wait_for_text('Waiting for tpd')
        self.assertTrue(self.find_showing('push button', 'Stop every motor'), 'Stop on this page too')
        self.screenshot('waiting')
        self.start_tpd()
        self.wait_until(lambda: not self.shows_text('Waiting for tpd'), 10, 'the app to recover')
        self.act('choose-zone', 'behind-eye')
        expected = [str(m['Name']) for m in self.manager('FindMuscles', 'behind-eye')]
        self.wait_until(lambda: self.ranking() == expected, 5, 'a ranking from the new tpd')

    def test_app_started_before_tpd_waits_for_it(self):
        self.stop_tpd()
        self.start_app()
        self.wait_for_text('Waiting for tpd')
        self.start_tpd()
        self.wait_until(lambda: self.find_showing('page tab', 'Front'), 10, 'the map')


class TestDevices(AppFlow):

    def test_devices_page_shows_and_drives_tpd_devices(self):
        self.start_app()
        self.act('page', 'devices')
        props = self.get_all(SIM_DEVICE, DEVICE)
        row = [str(props['Name']), str(props['Model']), 'Massage gun', 'Connected']
        if props['Battery'] <= 100:
            row.append('battery %d %%' % props['Battery'])
        self.wait_until(lambda: all(any(word in (n.get_name() or '')
                                        for n in self.showing_nodes()) for word in row),
                        5, 'the device row: %s' % row)
        self.assertEqual(self.shows_text('Experimental'), bool(props['Experimental']))
        self.act('disconnect', SIM_DEVICE)
        self.wait_for_property(SIM_DEVICE, DEVICE, 'Connected', False, 10)
        self.wait_until(lambda: self.find_showing('push button', 'Connect ' + str(props['Name'])),
                        5, 'a Connect button')
        self.act('connect', SIM_DEVICE)
        self.wait_for_property(SIM_DEVICE, DEVICE, 'Connected', True, 10)

    def test_scan_refused_by_a_simulating_tpd_is_said_and_undone(self):
        self.start_app()
        self.act('scan')
        self.wait_until(lambda: self.action_state('scan') is not None and
                        not self.action_state('scan'), 5, 'the scan switch back off')


class TestLooks(AppFlow):
    """Accessible names, every page rendered, a narrow window. The history
    holds two weeks of rated sessions, as weeks of use would leave it."""

    start_tpd_in_setup = False

    def setUp(self):
        super().setUp()
        os.makedirs(self.state_dir)
        first = int(time.time()) - 15 * DAY
        with open(os.path.join(self.state_dir, 'history'), 'w') as f:
            f.writelines(history_line(n + 1, first + n * 2 * DAY + 3600 * (n % 3),
                                      pain_before=7 - n // 2, pain_after=5 - n // 2)
                         for n in range(7))
        self.start_tpd()

    def controls_without_names(self):
        bad = []
        for n in self.showing_nodes():
            if n.get_role_name() not in CONTROL_ROLES:
                continue
            name = n.get_name() or ''
            words = name.split()
            doubled = len(words) % 2 == 0 and words[:len(words) // 2] == words[len(words) // 2:]
            if not name.strip() or name.startswith(('Gtk', 'Adw')) or '_' in name or doubled:
                bad.append('%s %r' % (n.get_role_name(), name))
        return bad

    def visit_every_page(self, check):
        self.wait_until(lambda: self.find_showing('page tab', 'Front'), 10, 'the map')
        self.act('choose-zone', 'behind-eye')
        self.wait_until(lambda: self.ranking(), 5, 'a ranking')
        check('where-it-hurts')
        self.act('choose-muscle', 'trapezius')
        self.act('pain-before', 5)
        check('session-setup')
        self.act('start')
        self.wait_until(lambda: self.find_showing('push button', 'I understand, start'), 10,
                        'the cautions')
        check('session-cautions')
        self.act('start-acknowledged')
        self.wait_for_session()
        self.wait_motor_running()
        check('session-running')
        self.act('page', 'devices')
        check('devices')
        self.act('page', 'session')
        self.act('stop')
        self.wait_for_text('Stopped.')
        check('session-ended')
        self.act('rate', 2)
        self.wait_for_text('Saved in the history.')
        self.act('history-muscle', 'trapezius')
        self.wait_until(lambda: self.find_showing('image', 'Pain over time'), 5, 'the chart')
        check('history')

    def test_every_control_has_a_name(self):
        self.start_app()
        unnamed = {}

        def check(page):
            bad = self.controls_without_names()
            if bad:
                unnamed[page] = bad
        self.visit_every_page(check)
        self.assertEqual(unnamed, {})

    def test_screenshots_of_every_page_are_real_renders(self):
        self.start_app()
        self.visit_every_page(self.screenshot)

    def test_narrow_window_moves_the_switcher_down(self):
        self.start_app()
        self.wait_until(lambda: self.find_showing('page tab', 'Front'), 10, 'the map')
        wid = self.window_id()
        subprocess.run(['xdotool', 'windowsize', '--sync', wid, '360', '720'], env=self.env,
                       check=True, timeout=20)
        self.act('choose-zone', 'behind-eye')
        # Folded: the ranking replaces the map, with a way back.
        self.wait_until(lambda: self.find_showing('push button', 'Back to the body map'), 10,
                        'the folded leaflet')
        self.screenshot('narrow')


class TestDocs(AppFlow):

    def test_every_action_and_option_is_documented(self):
        self.start_app()
        page = os.path.join(os.environ.get('TPD_BUILD_DIR', '.'), 'man', 'tpd-app.1')
        text = subprocess.run(['man', '-l', page], env=dict(self.env, MANWIDTH='200'),
                              capture_output=True, text=True, check=True).stdout
        text = re.sub(r'.\x08', '', text).replace('\u2010', '-')
        actions = text.split('ACTIONS', 1)[1].split('FILES', 1)[0]
        names = list(map(str, self.actions().List()))
        self.assertIn('start-acknowledged', names)
        for name in names:
            self.assertTrue(re.search(r'(^|[\s,])%s\b' % re.escape(name), actions),
                            'tpd-app(1) lacks the action ' + name)
        options = set(re.findall(r'^\s+(--[a-z-]+)',
                                 subprocess.run([APP, '--help'], env=self.env, text=True,
                                                capture_output=True).stdout, re.M))
        self.assertIn('--session', options)
        for option in options - {'--help', '--help-all', '--help-gapplication'}:
            self.assertIn(option, text)


class TestNotPermitted(AppFlow):
    """A person tpd does not trust, on a system bus without polkit: tpd
    runs as a user of its own (daemon), the app as another (nobody);
    reading works, every control is NotPermitted, nothing moves, and the
    app says how to get access."""

    system_bus = True
    start_tpd_in_setup = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test's users reach the bus's socket and copies of what they run.
        os.chmod(cls.bus_dir.name, 0o755)
        cls.shared = tempfile.TemporaryDirectory(prefix='tpd-app-shared-')
        os.chmod(cls.shared.name, 0o755)
        cls.tpd_bin = copy_for_others(TPD, cls.shared.name)
        cls.app_bin = copy_for_others(APP, cls.shared.name)
        cls.data_dir = copy_for_others(DATA_DIR, cls.shared.name)
        # Accounts every Debian system has (base-passwd): the bus drops a
        # connection whose uid has none.
        service, person = pwd.getpwnam('daemon'), pwd.getpwnam('nobody')
        cls.service = Person(service.pw_name, service.pw_uid, service.pw_gid, [])
        cls.person = Person(person.pw_name, person.pw_uid, person.pw_gid, [])

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        os.chmod(self.tmp.name, 0o755)
        os.makedirs(self.state_dir)
        os.chown(self.state_dir, self.service.uid, self.service.gid)
        self.start_tpd()

    def tpd_command(self, *args):
        cmd = super().tpd_command(*args)
        cmd[0] = self.tpd_bin
        cmd[cmd.index('--data-dir') + 1] = self.data_dir
        return self.service.command(*cmd)

    def start_stranger_app(self):
        home = os.path.join(self.tmp.name, 'home')
        runtime = os.path.join(home, 'runtime')
        os.makedirs(runtime, 0o700)
        for path in (home, runtime):
            os.chown(path, self.person.uid, self.person.gid)
        # The app's own name goes on the same (permissive) bus: it has no
        # session bus of its own here.
        self.env = dict(self.env, HOME=home, XDG_RUNTIME_DIR=runtime,
                        DBUS_SESSION_BUS_ADDRESS=self.bus_daemon.address)
        self.start_app(command=self.person.command(self.app_bin))

    def test_controls_refused_say_how_to_get_access_and_move_nothing(self):
        self.start_stranger_app()
        self.act('choose-zone', 'behind-eye')
        expected = [str(m['Name']) for m in self.manager('FindMuscles', 'behind-eye')]
        self.wait_until(lambda: self.ranking() == expected, 10, 'reading is open to all')
        self.act('choose-muscle', 'trapezius')
        self.act('start')
        self.wait_until(lambda: self.find_showing('push button', 'I understand, start'), 10,
                        'the cautions dialog')
        self.act('start-acknowledged')
        self.wait_for_text('Permission needed')
        self.assertTrue(any('usermod -aG tpd' in (n.get_name() or '')
                            for n in self.showing_nodes()), 'how to get access')
        self.assertTrue(any('io.tpd.Tpd1.control' in (n.get_name() or '')
                            for n in self.showing_nodes()), "tpd's own words")
        self.screenshot('not-permitted')
        self.assertTrue(self.find_showing('push button', 'Stop every motor'), 'Stop on this page too')
        self.assertNotIn(SESSION, str(self.manager_objects()))
        self.assertNotEqual(self.get(SIM_DEVICE, DEVICE, 'State'), 'running')
        self.click('push button', 'Back')
        self.wait_until(lambda: not self.shows_text('Permission needed'), 5, 'the way back')
        # Stop refused: said as loudly, the motor may still run.
        self.act('stop')
        self.wait_for_text('Permission needed')
        self.assertTrue(any('Stopping' in (n.get_name() or '') for n in self.showing_nodes()))


class TestKeyboard(AppFlow):
    """The whole flow with keys alone, as the X server delivers them."""

    def key(self, *keys):
        subprocess.run(['xdotool', 'key', '--delay', '20'] + list(keys), env=self.env,
                       check=True, timeout=20)

    def tab_to(self, role, name, limit=120):
        """Tab until the control @name has the keyboard focus."""
        self.wait_until(lambda: self.find_showing(role, name), 10, '%s %r' % (role, name))
        target = self.find_showing(role, name)[0]
        for _ in range(limit):
            if target.get_state_set().contains(Atspi.StateType.FOCUSED):
                return
            self.key('Tab')
        self.fail('Tab never reached %s %r' % (role, name))

    def test_from_the_zone_to_stop_with_keys_only(self):
        self.start_app()
        self.wait_until(lambda: self.find_showing('page tab', 'Front'), 10, 'the map')
        subprocess.run(['xdotool', 'windowfocus', '--sync', self.window_id()], env=self.env,
                       check=True, timeout=20)
        self.tab_to('push button', 'Behind the eye')
        self.key('Return')
        self.wait_until(lambda: self.action_state('choose-zone') == 'behind-eye', 5, 'the zone')
        self.tab_to('push button', 'Choose Upper trapezius')
        self.key('Return')
        self.wait_until(lambda: self.action_state('page') == 'session', 5, 'the session page')
        self.tab_to('push button', 'Start…')
        self.key('Return')
        self.tab_to('push button', 'I understand, start')
        self.key('Return')
        session = self.wait_for_session()
        self.assertEqual(self.get(session, SESSION, 'Muscle'), 'trapezius')
        self.wait_motor_running()
        self.forget_signals()
        self.key('space')
        self.assertEqual(self.finished_reason(session, timeout=1 * TIME_FACTOR), 'stopped')
        self.assert_last_frame_is_stop()
