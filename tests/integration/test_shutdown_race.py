# SPDX-License-Identifier: LGPL-2.1-or-later
"""SIGTERM raced against clients flooding tpd, round after round, through
the fake BlueZ: two clients setting intensities, two starting and stopping
sessions, two starting and stopping discovery on an adapter that answers
late. Whatever was in flight when the signal came (a session starting, a
SetIntensity, a discovery request), tpd exits 0 every round, and the last
frame the gun received is a stop. Under tools/check --sanitize an ASan or
UBSan report ends tpd with a failure status, which fails the round."""
import os
import signal
import subprocess

import dbus

from bluez_test import HCI0, STOP, BluezTestCase, tpd_path
from fakebluez import PYTHON
from tpdtest import DEVICE, TIME_FACTOR, speed_of

GUN = 'AA:BB:CC:00:00:41'
CLIENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'race-client.py')
MODES = ['intensity', 'intensity', 'session', 'session', 'discovery', 'discovery']
# Fewer under valgrind, where each start of tpd takes seconds.
ROUNDS = 20 if TIME_FACTOR == 1 else 4


class ShutdownRaceTest(BluezTestCase):
    reconnect = (0.1, 0.2)

    def start_clients(self, device):
        self.clients = []
        for mode in MODES:
            log = open(os.path.join(self.tmp.name, 'client-%d.log' % len(self.clients)), 'w')
            self.clients.append(log.name)
            proc = subprocess.Popen([PYTHON, CLIENT, self.bus_daemon.address, device, mode],
                                    stdout=subprocess.DEVNULL, stderr=log)
            log.close()
            self.addCleanup(self.stop_client, proc)

    def stop_client(self, proc):
        proc.kill()
        proc.wait()

    def frames(self, bluez_path):
        return [f for f, _ in self.fake_frames(bluez_path)]

    def speeds_since(self, bluez_path, count):
        return len([f for f in self.frames(bluez_path)[count:] if speed_of(f)])

    def adapter_calls(self, method):
        obj = self.bus.get_object('org.bluez', HCI0, introspect=False)
        return obj.GetMethodCalls(method, dbus_interface='org.freedesktop.DBus.Mock')

    def assert_clients_quiet(self):
        """A client that raised would have stopped flooding."""
        for path in self.clients:
            with open(path) as f:
                self.assertEqual(f.read(), '', path)

    def test_sigterm_against_floods_every_round_ends_with_a_stop(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        device = tpd_path(GUN)
        # Discovery requests stay in flight for a while at every exit.
        self.mock('SetDiscoveryDelay', 'hci0', dbus.UInt32(300))
        self.start_clients(device)
        for n in range(ROUNDS):
            if n:
                self.start_tpd()
            self.wait_for_device(GUN)
            self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=10)
            # Let the floods get going: speed frames from this tpd's
            # clients, a few more each round so that the signal lands at a
            # different moment, and discovery asked for.
            count = len(self.frames(bluez_path))
            discoveries = len(self.adapter_calls('StartDiscovery'))
            self.wait_until(lambda: self.speeds_since(bluez_path, count) > n % 5, 10,
                            'the floods reaching the gun, round %d' % n)
            self.wait_until(lambda: len(self.adapter_calls('StartDiscovery')) > discoveries,
                            10, 'discovery asked for, round %d' % n)
            self.tpd.send_signal(signal.SIGTERM)
            rc = self.tpd.wait(timeout=20 * TIME_FACTOR)
            log = self.log_text()
            self.assertEqual(rc, 0, 'round %d:\n%s' % (n, log))
            self.assertNotIn('critical', log)
            self.assertNotIn('no answer to its stop', log)
            self.assertEqual(self.frames(bluez_path)[-1], STOP, 'round %d' % n)
            self.assertFalse(self.fake_state(bluez_path)['Running'], 'round %d' % n)
        self.assert_clients_quiet()
