# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpctl monitor, tpctl version and a bare tpctl, against the real tpd.
The monitor runs as a child whose standard output (a pipe) is read line
by line with deadlines: a line that is not flushed at once never comes."""
import datetime
import json
import queue
import re
import signal
import subprocess
import threading
import time

import dbus

from bluez_test import HCI0, BluezTestCase, tpd_path
from tpdtest import (DEVICE, MANAGER, MANAGER_PATH, SESSION, SIM_DEVICE, TIME_FACTOR,
                     TPCTL, TpdTestCase)

SIM_ADDRESS = '02:54:50:44:00:01'
GUN = 'AA:BB:CC:00:00:01'
CLOCK = r'\d\d:\d\d:\d\d\.\d{3}'


class Monitor:
    """A running `tpctl monitor`: its lines as they come, and how it ends."""

    def __init__(self, test, *args):
        self.test = test
        self.json = '--json' in args
        self.proc = subprocess.Popen([TPCTL, test.bus_option(), 'monitor'] + list(args),
                                     env=test.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        test.addCleanup(self.kill)
        self.lines = queue.Queue()
        self.seen = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def next(self, timeout=10):
        """The next line (an event as a dict with --json), or a failure
        at the deadline or if the monitor ended."""
        try:
            line = self.lines.get(timeout=timeout * TIME_FACTOR)
        except queue.Empty:
            self.test.fail('no line from tpctl monitor in %gs; so far:\n%s'
                           % (timeout, '\n'.join(map(str, self.seen))))
        if line is None:
            self.test.fail('tpctl monitor ended (%s): %s'
                           % (self.proc.wait(), self.proc.stderr.read()))
        self.test.assertTrue(line.endswith('\n'), line)
        item = self._parse(line.rstrip('\n')) if self.json else line.rstrip('\n')
        self.seen.append(item)
        return item

    def _parse(self, line):
        event = json.loads(line)
        # One object a line, "time" and "event" first.
        self.test.assertEqual(list(event)[:2], ['time', 'event'], line)
        when = datetime.datetime.fromisoformat(event['time'])
        self.test.assertIsNotNone(when.tzinfo, line)
        self.test.assertRegex(event['time'], r'\.\d{3}[+-]\d\d:\d\d$')
        return event

    def until(self, predicate, timeout=20, what='event'):
        """Lines up to and including the first for which predicate() holds."""
        deadline = time.monotonic() + timeout * TIME_FACTOR
        got = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.test.fail('timed out waiting for %s; got:\n%s'
                               % (what, '\n'.join(map(str, got))))
            got.append(self.next(left / TIME_FACTOR))
            if predicate(got[-1]):
                return got

    def until_event(self, name, timeout=20, **fields):
        def match(e):
            return e['event'] == name and all(e.get(k) == v for k, v in fields.items())
        return self.until(match, timeout, '%s %r' % (name, fields))

    def interrupt(self, sig=signal.SIGINT):
        """Send @sig; returns the exit status and what was left unread."""
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=10 * TIME_FACTOR)
        self.reader.join(timeout=10)
        rest = []
        while True:
            line = self.lines.get_nowait()
            if line is None:
                break
            rest.append(line)
        return rc, ''.join(rest), self.proc.stderr.read()


def events(items, name):
    return [e for e in items if e['event'] == name]


class MonitorTest(TpdTestCase):
    def version(self):
        return str(self.call(MANAGER_PATH, 'org.freedesktop.DBus.Properties', 'Get',
                             MANAGER, 'Version'))

    def test_json_events_of_a_session_in_order(self):
        mon = Monitor(self, '--json')
        first = mon.next()
        self.assertEqual(first['event'], 'tpd-present')
        self.assertEqual(first['version'], self.version())
        device = mon.next()
        self.assertEqual(device['event'], 'device-present')
        self.assertEqual((device['device'], device['address'], device['model'], device['kind'],
                          device['state'], device['connected']),
                         (SIM_DEVICE, SIM_ADDRESS, 'Theragun PRO', 'gun', 'ready', True))

        session = self.start_session('gluteus-medius', 'release')
        got = mon.until_event('session-finished', session=session)
        self.assertEqual(got[-1], dict(got[-1], device=SIM_DEVICE, address=SIM_ADDRESS,
                                       reason='completed'))
        started = events(got, 'session-started')
        self.assertEqual(len(started), 1, got)
        self.assertEqual(started[0], dict(started[0], session=session, device=SIM_DEVICE,
                                          address=SIM_ADDRESS, muscle='gluteus-medius',
                                          program='release', side='both', state='running'))
        # Every step once, in order, after the start and before the end.
        steps = [e for e in got if e['event'] == 'session-step' and e['session'] == session]
        count = steps[0]['step-count']
        self.assertEqual(count, 10)
        self.assertEqual([e['step'] for e in steps], list(range(1, count + 1)))
        self.assertEqual(steps[0]['step-name'], 'Warm up (left)')
        self.assertEqual(steps[-1]['step-name'], 'Settle (right)')
        self.assertLess(got.index(started[0]), got.index(steps[0]))
        self.assertEqual(got[-1]['event'], 'session-finished')
        self.assertIn('running', [e['state'] for e in events(got, 'device-state')])

        rc, rest, err = mon.interrupt(signal.SIGINT)
        self.assertEqual((rc, err), (0, ''), rest)

    def test_text_lines_start_with_the_time(self):
        mon = Monitor(self)
        self.assertRegex(mon.next(), r'^%s tpd running, version %s$'
                         % (CLOCK, re.escape(self.version())))
        self.assertRegex(mon.next(), r'^%s device %s present: Theragun PRO "Pro", ready'
                         % (CLOCK, SIM_ADDRESS))
        session = self.start_session('gluteus-medius', 'release')
        number = session.rsplit('/', 1)[1]
        got = mon.until(lambda line: ' finished: ' in line)
        for line in got:
            self.assertRegex(line, '^%s ' % CLOCK)
        text = '\n'.join(got)
        self.assertRegex(text, r'session %s started: gluteus-medius, program release, side both,'
                         r' on %s\n' % (number, SIM_ADDRESS))
        self.assertIn('session %s step 1/10: Warm up (left)\n' % number, text)
        self.assertIn('session %s step 10/10: Settle (right)\n' % number, text)
        self.assertTrue(got[-1].endswith('session %s finished: completed' % number), got[-1])
        self.assertIn('device %s state running' % SIM_ADDRESS, text)
        rc, rest, err = mon.interrupt(signal.SIGTERM)
        self.assertEqual((rc, err), (0, ''), rest)

    def test_version(self):
        proc = self.tpctl('version', check=0)
        own = subprocess.run([TPCTL, '--version'], capture_output=True, text=True,
                             check=True).stdout.strip()
        self.assertEqual(proc.stdout, '%s\ntpd %s\n' % (own, self.version()))
        self.assertEqual(proc.stderr, '')
        versions = json.loads(self.tpctl('--json', 'version', check=0).stdout)
        self.assertEqual(versions, {'tpctl': own.split()[1], 'tpd': self.version()})
        self.assertEqual(json.loads(self.tpctl('version', '--json', check=0).stdout), versions)
        self.assertIn('unexpected argument', self.tpctl('version', 'x', check=2).stderr)

    def test_bare_tpctl_shows_the_status(self):
        status = self.tpctl('status', check=0).stdout
        self.assertIn(SIM_ADDRESS, status)
        self.assertEqual(self.tpctl(check=0).stdout, status)
        self.assertEqual(json.loads(self.tpctl('--json', check=0).stdout),
                         json.loads(self.tpctl('status', '--json', check=0).stdout))
        # --help still shows the usage, and lists the new commands.
        usage = self.tpctl('--help', check=0).stdout
        self.assertIn('Usage: tpctl', usage)
        self.assertRegex(usage, r'\n  monitor ')
        self.assertRegex(usage, r'\n  version ')

    def test_monitor_usage(self):
        self.assertIn("unexpected argument 'now'", self.tpctl('monitor', 'now', check=2).stderr)
        self.assertIn('Usage', self.tpctl('monitor', '--help', check=0).stdout)

    def test_completion(self):
        self.assertEqual(self.complete('mon'), ['monitor'])
        self.assertEqual(self.complete('vers'), ['version'])
        self.assertIn('--json', self.complete('monitor', '--'))
        self.assertIn('--json', self.complete('version', '--'))


class MonitorSlowTest(TpdTestCase):
    time_scale = 1

    def test_pause_resume_and_stop(self):
        mon = Monitor(self, '--json')
        mon.until_event('device-present')
        session = self.start_session('infraspinatus', 'release')
        mon.until_event('session-step', session=session, step=1)
        self.call(session, SESSION, 'Pause')
        got = mon.until_event('session-state', session=session)
        self.assertEqual(got[-1]['state'], 'paused')
        self.call(session, SESSION, 'Resume')
        got = mon.until_event('session-state', session=session)
        self.assertEqual(got[-1], dict(got[-1], state='running', device=SIM_DEVICE,
                                       address=SIM_ADDRESS))
        self.call(session, SESSION, 'Stop')
        got = mon.until_event('session-finished', session=session)
        self.assertEqual(got[-1]['reason'], 'stopped')
        # Neither the end's State nor anything else passes for a step.
        self.assertEqual(events(got, 'session-step'), [])
        self.assertEqual(mon.interrupt(signal.SIGINT)[0], 0)


    def test_a_running_session_is_present(self):
        session = self.start_session('infraspinatus', 'release')
        mon = Monitor(self, '--json')
        got = mon.until_event('session-present')
        present = got[-1]
        self.assertEqual([e['event'] for e in got], ['tpd-present', 'device-present',
                                                      'session-present'])
        self.assertEqual(got[1]['state'], 'running')
        self.assertEqual((present['session'], present['device'], present['address'],
                          present['muscle'], present['state']),
                         (session, SIM_DEVICE, SIM_ADDRESS, 'infraspinatus', 'running'))
        self.assertGreaterEqual(present['step'], 1)
        self.assertEqual(present['step-count'], 10)
        self.assertTrue(present['step-name'])
        self.manager('StopAll')
        got = mon.until_event('session-finished', session=session)
        self.assertEqual(got[-1]['reason'], 'stopped')
        self.assertEqual(mon.interrupt()[0], 0)


class MonitorWithoutTpdTest(TpdTestCase):
    start_tpd_in_setup = False

    def test_tpd_appearing_and_leaving(self):
        mon = Monitor(self, '--json')
        self.assertEqual(mon.next()['event'], 'tpd-absent')
        self.start_tpd()
        got = mon.until_event('device-added', device=SIM_DEVICE)
        self.assertEqual(got[0]['event'], 'tpd-appeared')
        self.assertEqual(got[0]['version'], str(self.get(MANAGER_PATH, MANAGER, 'Version')))
        self.assertEqual((got[-1]['address'], got[-1]['state']), (SIM_ADDRESS, 'ready'))
        self.assertEqual(self.stop_tpd(), 0)
        mon.until_event('tpd-left')
        # And back: a new tpd with its device.
        self.start_tpd()
        got = mon.until_event('device-added', device=SIM_DEVICE)
        self.assertEqual(got[0]['event'], 'tpd-appeared')
        rc, rest, err = mon.interrupt()
        self.assertEqual((rc, err), (0, ''), rest)

    def test_text_says_tpd_is_absent(self):
        mon = Monitor(self)
        self.assertRegex(mon.next(), r'^%s tpd is not running on the session bus; waiting for it$'
                         % CLOCK)
        self.start_tpd()
        self.assertRegex(mon.next(), r'^%s tpd appeared, version ' % CLOCK)
        self.assertEqual(mon.interrupt()[0], 0)

    def test_version_without_tpd(self):
        own = subprocess.run([TPCTL, '--version'], capture_output=True, text=True,
                             check=True).stdout
        proc = self.tpctl('version', check=1)
        self.assertEqual(proc.stdout, own)
        self.assertEqual(proc.stderr, 'tpctl: tpd is not running on the session bus\n')
        proc = self.tpctl('--json', 'version', check=1)
        self.assertEqual(json.loads(proc.stdout), {'tpctl': own.split()[1]})
        self.assertIn('not running', proc.stderr)

    def test_bare_tpctl_without_tpd_fails_as_status_does(self):
        proc = self.tpctl(check=1)
        self.assertIn('tpd is not running on the session bus', proc.stderr)


class MonitorBluezTest(BluezTestCase):
    def test_devices_coming_changing_and_going(self):
        mon = Monitor(self, '--json')
        self.assertEqual(mon.next()['event'], 'tpd-present')
        path = tpd_path(GUN)
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        # tpd-present is printed before the first reading of tpd's objects:
        # the device may come in that reading, as present.
        got = mon.until(lambda e: e['event'] in ('device-added', 'device-present') and
                        e.get('device') == path, what='the device added')
        self.assertEqual(got[-1], dict(got[-1], address=GUN, name='Pro', model='Theragun PRO',
                                       state='disconnected', connected=False))
        self.assertNotIn('battery', got[-1])

        self.call(path, DEVICE, 'Connect')
        got = mon.until_event('device-state', device=path, state='ready')
        self.assertIn('connecting', [e['state'] for e in events(got, 'device-state')])
        self.assertEqual([e['address'] for e in events(got, 'device-connected')], [GUN])

        self.mock('SetBattery', dbus.ObjectPath(bluez_path), dbus.Byte(55))
        got = mon.until_event('device-battery', device=path)
        self.assertEqual((got[-1]['address'], got[-1]['battery']), (GUN, 55))

        self.bluez(HCI0, 'org.bluez.Adapter1', 'RemoveDevice', dbus.ObjectPath(bluez_path))
        self.massagers.remove(bluez_path)
        got = mon.until_event('device-removed', device=path)
        self.assertEqual(got[-1]['address'], GUN)
        rc, rest, err = mon.interrupt(signal.SIGTERM)
        self.assertEqual((rc, err), (0, ''), rest)
