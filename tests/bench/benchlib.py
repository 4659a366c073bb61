# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared parts of tpd's benchmarks: a rig (private dbus-daemon, the
processes under test, clean-up), waiting with deadlines, and the results
table (printed, and kept as JSON in <build>/bench-results/ for summary.py).

A benchmark raises BenchFailure when its measurement fails (tpd died, a
reply or a write went missing, a wrong final value); slow numbers are
never a failure."""
import datetime
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_DIR = os.path.abspath(os.environ.get('TPD_SRC_DIR') or os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(SRC_DIR, 'tests', 'integration'))

import dbus  # noqa: E402

# The integration harness: private buses, waiting, the fake BlueZ, and the
# Theragun frames and speeds written out independently of tpd.
from bluez_test import speed_for, theragun_speed, tpd_path  # noqa: E402,F401
from fakebluez import FakeBluez  # noqa: E402,F401
from tpdtest import (BUS_NAME, DEVICE, MANAGER_PATH, OBJMGR, PROPS,  # noqa: E402,F401
                     STATUS_REQUEST, PrivateBus, speed_of, wait_until)

# What bench.py and summary.py use, the harness's names above included
# (which pyflakes then counts as used).
__all__ = [
    'BENCH_BIN', 'BLUEZ_DATA', 'BUILD_DIR', 'BUS_NAME', 'BenchFailure', 'BenchSkip', 'CLIENT',
    'DATA_DIR', 'DEVICE', 'FakeBluez', 'HEADER', 'HERE', 'MANAGER_PATH', 'OBJMGR', 'PROPS',
    'PRO_RANGE', 'PYTHON', 'PrivateBus', 'RELAY', 'RELAY_NAME', 'RESULTS_DIR', 'RULE', 'Rig',
    'SINK', 'SINK_IFACE', 'SINK_PATH', 'SRC_DIR', 'STATUS_REQUEST', 'STOP', 'TPD', 'address',
    'check', 'fmt', 'fmt_ratio', 'percentile', 'ratio', 'report', 'require', 'row',
    'run_benchmark', 'sink_char', 'speed_for', 'speed_of', 'table_lines', 'theragun_speed',
    'tpd_path', 'wait_until',
]

BUILD_DIR = os.path.abspath(os.environ.get('TPD_BUILD_DIR') or os.path.join(SRC_DIR, 'build'))
BENCH_BIN = os.environ.get('TPD_BENCH_DIR') or os.path.join(BUILD_DIR, 'tests', 'bench')
TPD = os.environ.get('TPD_BIN') or os.path.join(BUILD_DIR, 'daemon', 'tpd')
DATA_DIR = os.path.join(SRC_DIR, 'data')
BLUEZ_DATA = os.path.join(SRC_DIR, 'tests', 'data', 'bluez')
RESULTS_DIR = os.path.join(BUILD_DIR, 'bench-results')
PYTHON = '/usr/bin/python3'

SINK = os.path.join(BENCH_BIN, 'tpd-bench-sink')
RELAY = os.path.join(BENCH_BIN, 'tpd-bench-relay')
CLIENT = os.path.join(BENCH_BIN, 'tpd-bench-client')
STOP = os.path.join(BENCH_BIN, 'tpd-bench-stop')

SINK_PATH = '/io/tpd/Bench'
SINK_IFACE = 'io.tpd.Bench.Sink'
RELAY_NAME = 'io.tpd.Bench.Relay'
PRO_RANGE = (1750, 2400)    # data/models/theragun-pro.model, Speed=


def address(i):
    """The i-th (from 0) device of tpd-bench-sink and the benchmarks."""
    return 'AA:BB:CC:00:00:%02X' % (i + 1)


def sink_char(i, name='char0009'):
    """A characteristic of the sink's i-th device; char0009 is ffe2."""
    service = 'service0001' if name == 'char0002' else 'service0005'
    return '/org/bluez/hci0/dev_%s/%s/%s' % (address(i).replace(':', '_'), service, name)


class BenchFailure(Exception):
    """The measurement failed; the message says what happened."""


class BenchSkip(Exception):
    """A tool the measurement needs is missing (meson: skipped)."""


def require(programs=(), modules=()):
    """BenchSkip unless every program is on PATH and every Python module
    imports in /usr/bin/python3."""
    missing = [p for p in programs if not shutil.which(p)]
    missing += ['python3 module ' + m for m in modules
                if subprocess.run([PYTHON, '-c', 'import ' + m],
                                  capture_output=True).returncode != 0]
    if missing:
        raise BenchSkip('not installed: ' + ', '.join(missing))


def check(condition, message):
    if not condition:
        raise BenchFailure(message)


class Rig:
    """A private dbus-daemon and the processes of one measurement, all
    ended (and their logs kept for failures) by close()."""

    def __init__(self, name, system=True):
        self.name = name
        self.system = system
        self.tmp = tempfile.TemporaryDirectory(prefix='tpd-bench-%s-' % name)
        self.dir = self.tmp.name
        self.bus = PrivateBus(system=system, directory=self.dir)
        self.address = self.bus.address
        variable = 'DBUS_SYSTEM_BUS_ADDRESS' if system else 'DBUS_SESSION_BUS_ADDRESS'
        self.env = dict(os.environ, NO_COLOR='1', G_DEBUG='fatal-criticals')
        self.env[variable] = self.address
        self.conn = dbus.bus.BusConnection(self.address)
        self.procs = []      # (name, Popen, log path)
        self.tpd = None
        self.tpd_log = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for _, proc, _ in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        self.conn.close()
        self.bus.stop()
        self.tmp.cleanup()

    # -- processes ---------------------------------------------------------

    def spawn(self, name, argv, env=None, **kw):
        log = os.path.join(self.dir, name + '.log')
        with open(log, 'w') as f:
            proc = subprocess.Popen(argv, stdout=kw.pop('stdout', f), stderr=subprocess.STDOUT,
                                    env=env or self.env, **kw)
        self.procs.append((name, proc, log))
        return proc

    def log(self, name):
        for n, _, log in self.procs:
            if n == name:
                with open(log, errors='replace') as f:
                    return f.read()
        return ''

    def wait_name(self, name, proc, timeout=10):
        wait_until(lambda: self.conn.name_has_owner(name) or proc.poll() is not None,
                   timeout, name + ' on the bus')
        check(proc.poll() is None, '%s exited (status %s) before owning %s:\n%s' % (
            proc.args[0], proc.returncode, name, self.log_of(proc)))

    def log_of(self, proc):
        for _, p, log in self.procs:
            if p is proc:
                with open(log, errors='replace') as f:
                    return f.read()[-4000:]
        return ''

    def start_sink(self, devices=1, delay_us=0):
        proc = self.spawn('sink', [SINK, '--devices', str(devices),
                                   '--write-delay-us', str(delay_us)])
        self.wait_name('org.bluez', proc)
        return proc

    def start_fake_bluez(self):
        """The python3-dbusmock fake BlueZ with one powered adapter."""
        fake = FakeBluez(self.address, os.path.join(self.dir, 'fake-bluez.log'))
        fake.start(self.conn)
        self.procs.append(('fake-bluez', fake.proc, fake.log_path))
        self.mock('AddAdapter', 'hci0', 'tpd-bench')
        return fake

    def mock(self, method, *args):
        obj = self.conn.get_object('org.bluez', '/', introspect=False)
        return obj.get_dbus_method(method, 'org.bluez.Mock')(*args)

    def tpd_command(self, conf='', simulate=False):
        path = os.path.join(self.dir, 'tpd.conf')
        with open(path, 'w') as f:
            f.write(conf)
        cmd = [TPD, '--system' if self.system else '--session', '--config', path,
               '--data-dir', DATA_DIR, '--state-dir', os.path.join(self.dir, 'state')]
        if simulate:
            cmd.append('--simulate')
        else:
            cmd += ['--data-dir', BLUEZ_DATA]
        return cmd

    def start_tpd(self, conf='', simulate=False, wrapper=(), timeout=10):
        self.tpd = self.spawn('tpd', list(wrapper) + self.tpd_command(conf, simulate))
        self.wait_name(BUS_NAME, self.tpd, timeout)
        return self.tpd

    def stop_tpd(self, timeout=60):
        """SIGTERM, as systemd stops it; BenchFailure unless it exits 0
        without a critical message."""
        check(self.tpd.poll() is None, 'tpd died (status %s):\n%s' % (
            self.tpd.returncode, self.log('tpd')[-4000:]))
        self.tpd.send_signal(signal.SIGTERM)
        try:
            rc = self.tpd.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BenchFailure('tpd did not exit within %d s of SIGTERM' % timeout) from None
        log = self.log('tpd')
        check(rc == 0, 'tpd exited with status %d:\n%s' % (rc, log[-4000:]))
        check('critical' not in log, 'tpd logged a critical message:\n' + log[-4000:])
        return rc

    def check_tpd_alive(self):
        check(self.tpd.poll() is None, 'tpd died (status %s):\n%s' % (
            self.tpd.returncode, self.log('tpd')[-4000:]))

    # -- D-Bus -------------------------------------------------------------

    def call(self, dest, path, iface, method, *args, **kw):
        obj = self.conn.get_object(dest, path, introspect=False)
        return obj.get_dbus_method(method, iface)(*args, **kw)

    def tpd_get(self, path, iface, name):
        return self.call(BUS_NAME, path, PROPS, 'Get', iface, name)

    def sink(self, method, *args):
        return self.call('org.bluez', SINK_PATH, SINK_IFACE, method, *args)

    def sink_writes(self):
        return [(int(t), str(c), bytes(v)) for t, c, v in self.sink('GetWrites')]

    def wait_devices_ready(self, paths, timeout=10):
        def ready():
            self.check_tpd_alive()
            try:
                return all(self.tpd_get(p, DEVICE, 'State') == 'ready' for p in paths)
            except dbus.exceptions.DBusException:
                return False    # not published yet
        wait_until(ready, timeout, '%d device(s) ready in tpd' % len(paths))

    def ping_tpd(self):
        """A round trip: tpd has handled everything sent before it."""
        self.call(BUS_NAME, MANAGER_PATH, 'org.freedesktop.DBus.Peer', 'Ping')


# -- numbers and the table ----------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def ratio(a, b):
    if a is None or b is None or not b:
        return None
    return a / b


def fmt(value):
    if value is None:
        return '—'
    if isinstance(value, bool):
        return 'yes' if value else 'NO'
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return '{:,}'.format(value).replace(',', ' ')
    if value == 0:
        return '0'
    if abs(value) >= 1000:
        return '{:,.0f}'.format(value).replace(',', ' ')
    return '%.3g' % value


def fmt_ratio(value):
    return '—' if value is None else '%.2f×' % value


def row(metric, tpd, baseline=None, ratio_value=None, note=''):
    return {'metric': metric, 'tpd': tpd, 'baseline': baseline,
            'ratio': ratio_value, 'note': note}


HEADER = '| benchmark | metric | tpd | baseline | ratio |'
RULE = '|---|---|---:|---:|---:|'


def table_lines(name, rows):
    return ['| %s | %s | %s | %s | %s |' % (name, r['metric'], fmt(r['tpd']), fmt(r['baseline']),
                                             fmt_ratio(r['ratio'])) for r in rows]


def report(name, rows, baseline, details=None):
    """Print this benchmark's rows and keep them for summary.py."""
    os.makedirs(RESULTS_DIR, exist_ok=True)
    result = {'benchmark': name, 'baseline': baseline, 'rows': rows,
              'time': datetime.datetime.now().isoformat(timespec='seconds'),
              'details': details or {}}
    with open(os.path.join(RESULTS_DIR, name + '.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print('baseline: ' + baseline)
    for r in rows:
        if r['note']:
            print('note (%s): %s' % (r['metric'], r['note']))
    print(HEADER)
    print(RULE)
    print('\n'.join(table_lines(name, rows)))
    sys.stdout.flush()


def _terminated(signum, frame):
    # meson's timeout: end the way every error does, so that every
    # process of the rig is ended too.
    raise SystemExit('terminated by signal %d' % signum)


def run_benchmark(name, fn):
    """Run fn() -> (rows, baseline text, details); exit status for meson."""
    signal.signal(signal.SIGTERM, _terminated)
    # No stale result survives a failed run.
    try:
        os.unlink(os.path.join(RESULTS_DIR, name + '.json'))
    except FileNotFoundError:
        pass
    start = time.monotonic()
    try:
        rows, baseline, details = fn()
    except BenchSkip as e:
        print('SKIP: %s' % e)
        return 77
    except (BenchFailure, AssertionError) as e:
        # AssertionError: a wait_until deadline passed.
        print('FAILED: %s' % e)
        return 1
    details = dict(details or {}, seconds=round(time.monotonic() - start, 1))
    report(name, rows, baseline, details)
    return 0
