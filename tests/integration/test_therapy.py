# SPDX-License-Identifier: LGPL-2.1-or-later
"""The therapy library as people use it, through the real tpd and tpctl:
"where does it hurt", tools that are not safe on a muscle, per-tool
program variants, the muscle's limits, and the history of sessions with
pain ratings and its trend."""
import calendar
import json
import os
import pty
import subprocess
import time

import dbus

from tpdtest import (DEVICE, MANAGER, SESSION, SIM_DEVICE, SIMULATOR, STOP_FRAME,
                     TPCTL, TpdTestCase, documented_errors)

UNSAFE = 'io.tpd.Tpd1.Error.Unsafe'
INVALID = 'io.tpd.Tpd1.Error.InvalidArgs'
NOT_FOUND = 'io.tpd.Tpd1.Error.NotFound'
DAY = 24 * 3600


def history_line(id, start, muscle='trapezius', pain_before=None, pain_after=None,
                 reason='completed'):
    """One record of the history file, in GVariant text as tpd writes it."""
    fields = ["'Id': <uint32 %d>" % id, "'Start': <int64 %d>" % start,
              "'End': <int64 %d>" % (start + 150), "'Device': <'02:54:50:44:00:01'>",
              "'Model': <'Theragun PRO'>", "'Muscle': <'%s'>" % muscle,
              "'Side': <'both'>", "'Program': <'release.gun'>",
              "'Seconds': <uint32 150>", "'Reason': <'%s'>" % reason]
    if pain_before is not None:
        fields.append("'PainBefore': <uint32 %d>" % pain_before)
    if pain_after is not None:
        fields.append("'PainAfter': <uint32 %d>" % pain_after)
    return '{' + ', '.join(fields) + '}\n'


class TherapyTestCase(TpdTestCase):
    def history(self, **filter):
        return self.manager('GetHistory', dbus.Dictionary(filter, signature='sv'))

    def trends(self, **filter):
        return self.manager('GetTrends', dbus.Dictionary(filter, signature='sv'))


class FindTest(TherapyTestCase):
    def test_behind_the_eye_ranks_upper_trapezius_first(self):
        found = self.manager('FindMuscles', 'behind-eye')
        self.assertEqual([str(m['Id']) for m in found][:4],
                         ['trapezius', 'splenius', 'sternocleidomastoid', 'suboccipitals'])
        self.assertEqual([int(m['Weight']) for m in found],
                         sorted([int(m['Weight']) for m in found], reverse=True))
        self.assertEqual(found[0]['Zone'], 'behind-eye')
        self.assertEqual(found[0]['Program'], 'release')
        # Plain words find the same.
        plain = self.manager('FindMuscles', 'Pain behind the eye')
        self.assertEqual([m['Id'] for m in plain], [m['Id'] for m in found])

    def test_tpctl_find_prints_the_ranking_and_a_start_command(self):
        out = self.tpctl('find', 'behind-eye', check=0).stdout
        ranked = [line for line in out.splitlines() if line[:3].strip().rstrip('.').isdigit()]
        self.assertIn('1. Upper trapezius (trapezius)', ranked[0])
        self.assertIn('2. Splenius', ranked[1])
        self.assertIn('start: tpctl start --muscle trapezius --program release', out)
        # A muscle for the hands only offers no device program.
        self.assertIn('tools: none, by hand only', out)
        self.assertNotIn('--muscle sternocleidomastoid', out)

    def test_aliases_for_plain_words(self):
        for words, first in [('sciatica', 'piriformis'), ('low back', 'quadratus-lumborum'),
                             ('lumbago', 'quadratus-lumborum'), ('temple', 'trapezius'),
                             ('toothache', 'temporalis')]:
            found = self.manager('FindMuscles', words)
            self.assertEqual(found[0]['Id'], first, words)

    def test_an_unknown_zone_is_not_found_with_a_suggestion(self):
        message = self.assert_dbus_error(NOT_FOUND, self.manager, 'FindMuscles', 'behnd-eye')
        self.assertIn("did you mean 'behind-eye'", message)
        proc = self.tpctl('find', 'behnd', 'eye', check=2)
        self.assertIn("no zone called 'behnd eye'", proc.stderr)
        self.assertEqual(self.tpctl('find', check=2).stdout, '')

    def test_list_zones_matches_what_find_accepts(self):
        zones, aliases = self.manager('ListZones')
        self.assertIn('behind-eye', zones)
        self.assertEqual(list(aliases['sciatica']), ['buttock', 'back-of-thigh'])
        for alias, meant in aliases.items():
            self.assertTrue(set(meant) <= set(zones), alias)
            self.manager('FindMuscles', alias)  # never NotFound


class ToolSafetyTest(TherapyTestCase):
    def test_a_gun_on_the_front_of_the_neck_is_refused_as_unsafe(self):
        before = self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived')
        for program in ['release', 'gentle', 'neck']:
            message = self.assert_dbus_error(UNSAFE, self.start_session,
                                             'sternocleidomastoid', program)
            self.assertIn('gun is not safe on the Sternocleidomastoid', message)
            self.assertIn('carotid', message)
        # Nothing changed: no session, not one byte to the gun.
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')
        self.assertEqual(self.get(SIM_DEVICE, SIMULATOR, 'FramesReceived'), before)

    def test_face_muscles_refuse_a_gun(self):
        for muscle in ['temporalis', 'masseter', 'suboccipitals']:
            self.assert_dbus_error(UNSAFE, self.start_session, muscle, 'gentle')

    def test_tpctl_prints_the_cautions_even_when_refused(self):
        proc = self.tpctl('start', '--muscle', 'sternocleidomastoid', check=2)
        self.assertIn('Caution: No massager here', proc.stdout)
        self.assertIn('not safe', proc.stderr)

    def test_the_gun_variant_is_chosen_for_a_gun(self):
        session = self.start_session('trapezius', 'release', Side='left')
        props = self.get_all(session, SESSION)
        self.assertEqual((props['Program'], props['Variant']), ('release', 'gun'))
        self.assertEqual(props['StepCount'], 5)
        self.assertIn('neck', props['Cautions'])
        self.call(session, SESSION, 'Stop')


class LimitTest(TherapyTestCase):
    def test_a_session_over_the_muscle_limit_ends_with_limit_and_a_stop(self):
        # maintain takes 95 s a side; upper trapezius allows 3:00 in all.
        program = [p for p in self.manager('ListPrograms')
                   if p['Id'] == 'maintain' and p['Variant'] == 'gun'][0]
        muscle = [m for m in self.manager('ListMuscles') if m['Id'] == 'trapezius'][0]
        self.assertGreater(2 * program['Duration'], muscle['SessionLimit'])
        session = self.start_session('trapezius', 'maintain')
        self.assertEqual(self.get(session, SESSION, 'Duration'), muscle['SessionLimit'])
        self.assertEqual(self.finished_reason(session), 'limit')
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        self.assertFalse(self.get(SIM_DEVICE, SIMULATOR, 'MotorRunning'))
        entry = self.history(Limit=dbus.UInt32(1))[0]
        self.assertEqual((entry['Reason'], entry['Seconds']), ('limit', muscle['SessionLimit']))


class HistoryTest(TherapyTestCase):
    @property
    def history_path(self):
        return os.path.join(self.state_dir, 'history')

    def run_session(self, muscle='piriformis', **options):
        session = self.start_session(muscle, 'gentle', Side='left', **options)
        self.assertEqual(self.finished_reason(session), 'completed')

    def test_sessions_are_recorded_with_the_pain_before(self):
        start = int(time.time())
        self.run_session(PainBefore=dbus.UInt32(6))
        self.run_session(muscle='trapezius')
        entries = self.history()
        self.assertEqual([e['Id'] for e in entries], [1, 2])
        first = entries[0]
        self.assertEqual((first['Muscle'], first['Side'], first['Program'], first['Reason']),
                         ('piriformis', 'left', 'gentle.gun', 'completed'))
        self.assertEqual((first['Device'], first['Model']), ('02:54:50:44:00:01', 'Theragun PRO'))
        self.assertEqual(first['PainBefore'], 6)
        self.assertNotIn('PainAfter', first)
        self.assertNotIn('PainBefore', entries[1])
        self.assertGreaterEqual(first['Start'], start - 1)
        self.assertLessEqual(first['Start'], first['End'])
        # The file follows the stops, on a later turn of tpd's main loop.
        self.wait_until(lambda: os.path.exists(self.history_path), 5, 'the history written')
        self.assertEqual(os.stat(self.history_path).st_mode & 0o777, 0o600)

    def test_filters(self):
        self.run_session()
        self.run_session(muscle='trapezius')
        self.run_session()
        piriformis = self.history(Muscle='piriformis')
        self.assertEqual([e['Id'] for e in piriformis], [1, 3])
        self.assertEqual([e['Id'] for e in self.history(Limit=dbus.UInt32(2))],
                         [2, 3])
        future = dbus.Int64(int(time.time()) + DAY)
        self.assertEqual(len(self.history(Since=future)), 0)
        self.assertIn('Since (x)', self.assert_dbus_error(
            INVALID, self.history, Sinse=future))
        self.assertIn("must have type 'u'", self.assert_dbus_error(
            INVALID, self.history, Limit='two'))

    def test_bad_pain_before_changes_nothing(self):
        for value in [dbus.UInt32(11), dbus.Int32(5), 'six']:
            self.assert_dbus_error(INVALID, self.start_session, 'piriformis', 'gentle',
                                   PainBefore=value)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')
        self.assertFalse(os.path.exists(self.history_path))
        for pain in ['11', '-1']:
            proc = self.tpctl('start', '--muscle', 'piriformis', '--pain', pain, check=2)
            self.assertIn('--pain takes 0 to 10', proc.stderr)

    def test_rating_after_a_session(self):
        self.run_session(PainBefore=dbus.UInt32(6))
        self.run_session(muscle='trapezius')
        out = self.tpctl('rate', '3', check=0).stdout
        self.assertIn('Session 2 (trapezius, gentle.gun', out)
        self.assertIn(': pain 3 after.', out)
        out = self.tpctl('rate', '4', '--id', '1', check=0).stdout
        self.assertIn(': pain 6 before, 4 after.', out)
        entries = self.history()
        self.assertEqual([e.get('PainAfter') for e in entries], [4, 3])
        # Bad ratings change nothing.
        with open(self.history_path) as f:
            saved = f.read()
        self.assert_dbus_error(NOT_FOUND, self.manager, 'RateSession', dbus.UInt32(9),
                               dbus.UInt32(2))
        self.assert_dbus_error(INVALID, self.manager, 'RateSession', dbus.UInt32(1),
                               dbus.UInt32(11))
        self.assert_dbus_error(INVALID, self.manager, 'RateSession', dbus.UInt32(1),
                               dbus.UInt32(0xFFFFFFFF))
        self.assertIn('0 to 10', self.tpctl('rate', '11', check=2).stderr)
        self.assertIn('no session 9', self.tpctl('rate', '2', '--id', '9', check=2).stderr)
        with open(self.history_path) as f:
            self.assertEqual(f.read(), saved)

    def test_rating_with_no_history_says_so(self):
        self.assertIn('history is empty', self.tpctl('rate', '3', check=2).stderr)

    def test_history_survives_a_restart_and_a_truncated_last_line(self):
        self.run_session(PainBefore=dbus.UInt32(5))
        self.run_session(muscle='trapezius')
        self.assertEqual(self.stop_tpd(), 0)
        with open(self.history_path) as f:
            lines = f.read().splitlines(keepends=True)
        # The last record cut off in the middle, as by a power cut.
        damaged = lines[1][:len(lines[1]) // 2]
        with open(self.history_path, 'w') as f:
            f.write(lines[0] + damaged)

        self.start_tpd()
        self.forget_signals()  # session numbers start again at 1
        self.assertIn('history:2: damaged session record', self.log_text())
        entries = self.history()
        self.assertEqual([(e['Id'], e['Muscle'], e['PainBefore']) for e in entries],
                         [(1, 'piriformis', 5)])
        # New records are added after it; the damaged line is kept as it was.
        self.run_session(muscle='trapezius')
        # Never an id the damaged record may still be known by.
        next_id = 3 if "'Id': <uint32 2>" in damaged else 2
        self.assertEqual([e['Id'] for e in self.history()], [1, next_id])
        with open(self.history_path) as f:
            self.assertEqual(f.read().splitlines()[:2], [lines[0].rstrip('\n'), damaged])

    def test_the_state_directory_systemd_gives(self):
        """Without --state-dir: the first of $STATE_DIRECTORY's paths."""
        self.assertEqual(self.stop_tpd(), 0)
        first = os.path.join(self.tmp.name, 'first')
        second = os.path.join(self.tmp.name, 'second')
        with_state_dir = self.tpd_command

        def without_state_dir(*args):
            cmd = with_state_dir(*args)
            i = cmd.index('--state-dir')
            return cmd[:i] + cmd[i + 2:]
        self.tpd_command = without_state_dir
        self.start_tpd(env=dict(self.env, STATE_DIRECTORY=first + ':' + second))
        self.forget_signals()
        self.run_session()
        # The file follows the stop, on a later turn of tpd's main loop.
        self.wait_until(lambda: os.path.isfile(os.path.join(first, 'history')), 5,
                        'the history written in ' + first)
        self.assertFalse(os.path.exists(second))
        self.assertFalse(os.path.exists(self.history_path))

    def test_an_unwritable_state_dir_does_not_stop_the_motor_work(self):
        self.assertEqual(self.stop_tpd(), 0)
        os.makedirs(self.state_dir, exist_ok=True)
        os.makedirs(self.history_path)  # a directory where the file should be
        self.start_tpd()
        self.forget_signals()
        session = self.start_session('piriformis', 'gentle', Side='left')
        self.assertEqual(self.finished_reason(session), 'completed')
        self.assertEqual(self.frames()[-1], STOP_FRAME)
        # Written (or not) after the stop: the warning follows.
        self.wait_until(lambda: 'cannot write the history' in self.log_text(), 5,
                        'the warning')
        # Still answered from memory.
        self.assertEqual(len(self.history()), 1)


class HistoryWriteErrorTest(TherapyTestCase):
    """A history tpd may not write is NotPermitted, named by what happened
    (not NotFound, as the code of EACCES alone would say), and tpctl exits
    1 for it, not 2: the person's input was fine."""
    start_tpd_in_setup = False

    def tpd_command(self, *args):
        # Root without capabilities: the state directory's permissions
        # apply to tpd as they would to its own user.
        return (['setpriv', '--inh-caps=-all', '--bounding-set=-all', '--'] +
                super().tpd_command(*args))

    def test_a_history_tpd_may_not_write_is_not_permitted(self):
        os.makedirs(self.state_dir)
        with open(os.path.join(self.state_dir, 'history'), 'w') as f:
            f.write(history_line(1, 1795560295))
        os.chmod(self.state_dir, 0o555)
        self.addCleanup(os.chmod, self.state_dir, 0o700)
        self.start_tpd()
        message = self.assert_dbus_error('io.tpd.Tpd1.Error.NotPermitted', self.manager,
                                         'RateSession', dbus.UInt32(1), dbus.UInt32(3))
        self.assertIn('Permission denied', message)
        self.assertIn('io.tpd.Tpd1.Error.NotPermitted',
                      documented_errors(MANAGER, 'RateSession'))
        proc = self.tpctl('rate', '4', '--id', '1')
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn('Permission denied', proc.stderr)
        # Kept in memory, and written with the next change that can be.
        self.assertEqual(self.history()[0]['PainAfter'], 4)


class HistoryViewTest(TherapyTestCase):
    """tpctl history over weeks: the history is written before tpd starts,
    as weeks of use would have left it."""
    start_tpd_in_setup = False

    def setUp(self):
        super().setUp()
        self.env = dict(self.env, TZ='UTC')
        os.makedirs(self.state_dir)
        # Mondays 10:00 UTC, four weeks: pain before falls 7, 6, 5, 4.
        monday = calendar.timegm((2026, 11, 16, 10, 0, 0))
        self.assertEqual(time.gmtime(monday).tm_wday, 0)
        weeks = [monday - (3 - w) * 7 * DAY for w in range(4)]
        lines = []
        for w, start in enumerate(weeks):
            lines.append(history_line(2 * w + 1, start, pain_before=7 - w, pain_after=5 - w))
            lines.append(history_line(2 * w + 2, start + DAY, pain_before=7 - w))
        lines.append(history_line(9, weeks[0], muscle='piriformis', pain_before=3))
        lines.append(history_line(10, weeks[3], muscle='piriformis', pain_before=5))
        with open(os.path.join(self.state_dir, 'history'), 'w') as f:
            f.writelines(lines)
        self.start_tpd()

    def test_overview_per_muscle_with_trend(self):
        out = self.tpctl('history', check=0).stdout
        self.assertRegex(out, r'Upper trapezius\s+8\s+2026-11-17\s+7 → 4\s+better')
        self.assertRegex(out, r'Piriformis\s+2\s+2026-11-16\s+3 → 5\s+worse')

    def test_one_muscle_by_week_then_each_session(self):
        out = self.tpctl('history', '--muscle', 'trapezius', check=0).stdout
        self.assertIn('Upper trapezius (trapezius): 8 sessions; pain before sessions 7 → 4: better',
                      out)
        self.assertRegex(out, r'WEEK OF\s+SESSIONS\s+PAIN BEFORE\s+AFTER')
        for week, before, after in [('2026-10-26', 7, 5), ('2026-11-02', 6, 4),
                                    ('2026-11-09', 5, 3), ('2026-11-16', 4, 2)]:
            self.assertRegex(out, r'\n%s\s+2\s+%d\s+%d\n' % (week, before, after))
        self.assertRegex(out, r'\n8\s+2026-11-17 10:00\s+both\s+release.gun\s+2:30\s+completed\s+4 → -')
        self.assertNotIn('piriformis', out.split('WEEK OF')[1])

    def test_get_trends_by_week_tells_what_tpctl_history_shows(self):
        trapezius, piriformis = self.trends()
        self.assertEqual((trapezius['Muscle'], trapezius['Sessions'], trapezius['Unit'],
                          trapezius['Direction'], trapezius['Basis']),
                         ('trapezius', 8, 'week', 'better', 'before'))
        self.assertEqual((trapezius['First'], trapezius['Latest']), (7.0, 4.0))
        self.assertEqual(trapezius['Last'], calendar.timegm((2026, 11, 17, 10, 0, 0)))
        self.assertEqual(trapezius['Words'],
                         'Better: pain before sessions went from 7 to 4 over 4 weeks')
        self.assertEqual((piriformis['Direction'], piriformis['Unit']), ('worse', 'week'))
        self.assertEqual(piriformis['Words'],
                         'Worse: pain before sessions went from 3 to 5 over 4 weeks')
        # One muscle's sessions span four weeks too.
        only = self.trends(Muscle='piriformis')
        self.assertEqual([(t['Muscle'], t['Unit']) for t in only], [('piriformis', 'week')])

    def test_json(self):
        entries = json.loads(self.tpctl('--json', 'history', '--muscle', 'piriformis',
                                        check=0).stdout)
        self.assertEqual([(e['Id'], e['PainBefore']) for e in entries], [(9, 3), (10, 5)])

    def test_no_sessions_yet_or_no_such_muscle(self):
        self.assertIn('No sessions recorded for soleus yet',
                      self.tpctl('history', '--muscle', 'soleus', check=0).stdout)
        self.assertIn("unknown muscle 'solus'",
                      self.tpctl('history', '--muscle', 'solus', check=2).stderr)


class TrendTest(TherapyTestCase):
    """Manager.GetTrends over real sessions on the simulated gun, rated
    with RateSession. A trend needs more than one day: the days before
    are written before tpd starts, as days of use would have left them."""
    start_tpd_in_setup = False
    KEYS = {'Muscle': dbus.String, 'Sessions': dbus.UInt32, 'Last': dbus.Int64,
            'Unit': dbus.String, 'Direction': dbus.String, 'Basis': dbus.String,
            'First': dbus.Double, 'Latest': dbus.Double, 'Words': dbus.String}

    def setUp(self):
        super().setUp()
        # Days in UTC, for tpd as for the test.
        self.env = dict(self.env, TZ='UTC')
        os.makedirs(self.state_dir)
        self.first_day = int(time.time()) - 3 * DAY
        with open(os.path.join(self.state_dir, 'history'), 'w') as f:
            f.writelines([
                history_line(1, self.first_day, pain_before=7),
                history_line(2, self.first_day + DAY, pain_before=6),
                history_line(3, self.first_day, muscle='piriformis', pain_after=5)])
        self.start_tpd()

    def run_session(self, muscle, pain_before=None, pain_after=None):
        """A session that completes, then rated; its history entry."""
        options = {} if pain_before is None else {'PainBefore': dbus.UInt32(pain_before)}
        session = self.start_session(muscle, 'gentle', Side='left', **options)
        self.assertEqual(self.finished_reason(session), 'completed')
        entry = self.history(Limit=dbus.UInt32(1))[0]
        self.assertEqual(entry['Muscle'], muscle)
        if pain_after is not None:
            self.manager('RateSession', dbus.UInt32(entry['Id']), dbus.UInt32(pain_after))
        return entry

    def days_since_the_first(self, when):
        """Calendar days (UTC) from the first written one to @when's,
        both counted: 4, unless the test ran over midnight."""
        return when // DAY - self.first_day // DAY + 1

    def assert_keys(self, trend):
        self.assertEqual(set(trend), set(self.KEYS))
        for key, kind in self.KEYS.items():
            self.assertIsInstance(trend[key], kind, key)

    def test_rated_sessions_make_a_trend_in_numbers_and_words(self):
        trapezius = self.run_session('trapezius', pain_before=4, pain_after=2)
        piriformis = self.run_session('piriformis', pain_after=3)
        trends = self.trends()
        self.assertEqual([t['Muscle'] for t in trends], ['trapezius', 'piriformis'])
        for trend in trends:
            self.assert_keys(trend)
        days = self.days_since_the_first(int(trapezius['Start']))
        t = trends[0]
        self.assertEqual((t['Sessions'], t['Last'], t['Unit']), (3, trapezius['Start'], 'day'))
        self.assertEqual((t['Direction'], t['Basis'], t['First'], t['Latest']),
                         ('better', 'before', 7.0, 4.0))
        self.assertEqual(t['Words'],
                         'Better: pain before sessions went from 7 to 4 over %d days' % days)
        # Rated only after sessions: that is the basis.
        days = self.days_since_the_first(int(piriformis['Start']))
        p = trends[1]
        self.assertEqual((p['Sessions'], p['Last']), (2, piriformis['Start']))
        self.assertEqual((p['Direction'], p['Basis'], p['First'], p['Latest']),
                         ('better', 'after', 5.0, 3.0))
        self.assertEqual(p['Words'],
                         'Better: pain after sessions went from 5 to 3 over %d days' % days)
        # What tpctl history shows is the same trend.
        out = self.tpctl('history', check=0).stdout
        self.assertRegex(out, r'Upper trapezius\s+3\s+\S+\s+7 → 4\s+better')
        self.assertRegex(out, r'Piriformis\s+2\s+\S+\s+5 → 3\s+\(after\) better')

    def test_not_enough_ratings_yet(self):
        self.run_session('soleus', pain_before=5)
        self.run_session('gastrocnemius', pain_after=4)
        soleus, gastrocnemius = self.trends()[2:]
        self.assert_keys(soleus)
        self.assertEqual((soleus['Muscle'], soleus['Direction'], soleus['Basis']),
                         ('soleus', 'unknown', 'before'))
        self.assertEqual((soleus['First'], soleus['Latest']), (5.0, 5.0))
        self.assertEqual(soleus['Words'], 'Not enough ratings yet for a trend: pain '
                         'before sessions was 5 on one day')
        # Rated once, after: nothing to compare, nothing before to tell.
        self.assertEqual((gastrocnemius['Direction'], gastrocnemius['First'],
                          gastrocnemius['Latest']), ('unknown', -1.0, -1.0))
        self.assertEqual(gastrocnemius['Words'], 'Not enough ratings yet for a trend')

    def test_filters(self):
        self.run_session('trapezius', pain_before=4)
        only = self.trends(Muscle='trapezius')
        self.assertEqual([(t['Muscle'], t['Sessions']) for t in only], [('trapezius', 3)])
        self.assertEqual(self.trends(Muscle='soleus'), [])
        # Since leaves out the first day: 6 to 4, and piriformis is gone.
        since = self.trends(Since=dbus.Int64(self.first_day + DAY))
        self.assertEqual([(t['Muscle'], t['Sessions'], t['First'], t['Latest'])
                          for t in since], [('trapezius', 2, 6.0, 4.0)])
        self.assertEqual(self.trends(Since=dbus.Int64(int(time.time()) + DAY)), [])
        # Root may ask for everyone's: here, the same.
        self.assertEqual(self.trends(AllUsers=True), self.trends())

    def test_a_bad_filter_is_invalid_args_and_documented(self):
        message = self.assert_dbus_error(INVALID, self.trends, Sinse=dbus.Int64(0))
        self.assertIn("unknown filter 'Sinse'", message)
        self.assertIn('Muscle (s), Since (x) and AllUsers (b)', message)
        # Limit is GetHistory's only.
        message = self.assert_dbus_error(INVALID, self.trends, Limit=dbus.UInt32(2))
        self.assertIn("unknown filter 'Limit'", message)
        self.assertIn("must have type 's'", self.assert_dbus_error(
            INVALID, self.trends, Muscle=dbus.UInt32(1)))
        self.assertIn(INVALID, documented_errors(MANAGER, 'GetTrends'))
        self.assertIn('io.tpd.Tpd1.Error.NotPermitted', documented_errors(MANAGER, 'GetTrends'))


class OutputTest(TherapyTestCase):
    def tpctl_on_a_terminal(self, *args, env):
        """Run tpctl with its output on a pseudo-terminal; its text."""
        master, slave = pty.openpty()
        proc = subprocess.Popen([TPCTL, '--session'] + list(args), stdout=slave,
                                stderr=slave, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        self.assertEqual(proc.wait(timeout=30), 0)
        return b''.join(chunks).decode()

    def test_colours_only_on_a_terminal_and_never_with_no_color(self):
        env = {k: v for k, v in self.env.items() if k != 'NO_COLOR'}
        env['TERM'] = 'xterm'
        coloured = self.tpctl_on_a_terminal('find', 'behind-eye', env=env)
        self.assertIn('\033[1m', coloured)
        self.assertIn('Upper trapezius', coloured)
        plain = self.tpctl_on_a_terminal('find', 'behind-eye', env=dict(env, NO_COLOR='1'))
        self.assertNotIn('\033', plain)
        dumb = self.tpctl_on_a_terminal('find', 'behind-eye', env=dict(env, TERM='dumb'))
        self.assertNotIn('\033', dumb)
        piped = subprocess.run([TPCTL, '--session', 'find', 'behind-eye'], env=env,
                               capture_output=True, text=True)
        self.assertNotIn('\033', piped.stdout)

    def test_json_on_every_read_command(self):
        status = json.loads(self.tpctl('--json', 'status', check=0).stdout)
        self.assertEqual(status['Devices'][0]['Path'], SIM_DEVICE)
        for args in [['status', '--json'], ['--json', 'list', 'muscles'],
                     ['--json', 'list', 'programs'], ['--json', 'list', 'zones'],
                     ['--json', 'list', 'devices'], ['--json', 'find', 'sciatica'],
                     ['--json', 'history']]:
            json.loads(self.tpctl(*args, check=0).stdout)
        found = json.loads(self.tpctl('--json', 'find', 'behind', 'the', 'eye', check=0).stdout)
        self.assertEqual(found[0]['Id'], 'trapezius')
        proc = self.tpctl('--json', 'start', '--muscle', 'trapezius', check=2)
        self.assertIn('start has no JSON output', proc.stderr)
        self.assertEqual(self.get(SIM_DEVICE, DEVICE, 'Session'), '/')


class CompletionTest(TherapyTestCase):
    def test_commands(self):
        self.assertEqual(self.complete('hi'), ['history'])
        self.assertNotIn('complete', self.complete(''))

    def test_muscles_programs_zones_devices_from_the_daemon(self):
        self.assertEqual(self.complete('start', '--muscle', 'glu'),
                         ['gluteus-medius', 'gluteus-minimus'])
        self.assertEqual(len(self.complete('start', '--muscle', '')), 17)
        self.assertEqual(self.complete('start', '--muscle', 'trapezius', '--program', ''),
                         ['flush', 'gentle', 'maintain', 'neck', 'release', 'warmup'])
        self.assertEqual(self.complete('find', 'behind'), ['behind-eye', 'behind-ear'])
        self.assertIn('sciatica', self.complete('find', 's'))
        self.assertEqual(self.complete('connect', ''), ['02:54:50:44:00:01'])
        self.assertEqual(self.complete('start', '--side', ''), ['left', 'right', 'both'])
        self.assertIn('--pain', self.complete('start', '--'))
