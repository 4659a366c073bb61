# SPDX-License-Identifier: LGPL-2.1-or-later
"""Faults around devices behind the fake BlueZ: links dropping, devices
removed, bluetoothd restarting, the adapter powered off, tpd stopped.
Sessions end safely, and a device's first frame after every reconnect is
a stop."""
import signal
import subprocess

import dbus

from bluez_test import HCI0, STOP, BluezTestCase, tpd_path
from tpdtest import DEVICE, MANAGER, MANAGER_PATH, OBJMGR, SESSION, TPCTL

GUN = 'AA:BB:CC:00:00:21'
OTHER = 'AA:BB:CC:00:00:22'


class LinkTest(BluezTestCase):
    def running_session(self, paired=False):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=paired)
        self.wait_for_device(GUN)
        device = tpd_path(GUN)
        if not paired:
            self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        return bluez_path, device, session

    def frames_since(self, bluez_path, count):
        return [f for f, _ in self.fake_frames(bluez_path)[count:]]

    def test_the_device_dropping_the_link_ends_the_session(self):
        bluez_path, device, session = self.running_session()
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_for_property(device, DEVICE, 'State', 'disconnected')
        self.assertEqual(self.get(device, DEVICE, 'Intensity'), 0)
        # The motor itself may still run: the first thing it hears when the
        # link is back is a stop.
        count = len(self.fake_frames(bluez_path))
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.frames_since(bluez_path, count)[0], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])

    def test_a_link_whose_start_bluetoothd_never_announced_is_noticed_when_it_goes(self):
        # bluetoothd 5.66 says nothing of Connected for an LE link it opened
        # itself; only ServicesResolved. The link going must still count.
        bluez_path = self.add_massager('theragun', 'Pro', GUN)
        device = self.wait_for_device(GUN)
        self.mock('SetQuietConnect', dbus.ObjectPath(bluez_path), True)
        self.call(device, DEVICE, 'Connect')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_for_property(device, DEVICE, 'State', 'disconnected')
        self.assertFalse(self.get(device, DEVICE, 'Connected'))

    def test_a_paired_device_comes_back_by_itself(self):
        bluez_path, device, session = self.running_session(paired=True)
        self.mock('SetReachable', dbus.ObjectPath(bluez_path), False)
        self.mock('DisconnectDevice', dbus.ObjectPath(bluez_path))
        self.assertEqual(self.finished_reason(session), 'disconnected')
        # Out of reach: tpd keeps trying (three Device1.Connect calls the
        # device refused), backing off (only its log says by how much).
        connects = len(self.calls_to(bluez_path, 'Connect'))
        self.wait_until(lambda: len(self.calls_to(bluez_path, 'Connect')) >= connects + 3, 10,
                        'three reconnect attempts')
        self.assertIn('trying again in 0.2 s', self.log_text())
        count = len(self.fake_frames(bluez_path))
        self.mock('SetReachable', dbus.ObjectPath(bluez_path), True)
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=10)
        self.assertEqual(self.frames_since(bluez_path, count)[0], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])

    def test_disconnect_writes_the_stop_first_and_stays_disconnected(self):
        bluez_path, device, session = self.running_session(paired=True)
        self.call(device, DEVICE, 'Disconnect')
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_fake(bluez_path, 'the link down', lambda s: not s['Connected'])
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        # Asked to go: not taken up again although paired, not even when
        # bluetoothd connects it in the background. A second paired device
        # connected the same way just after is the yardstick: tpd hears of
        # both in order, so once it has taken up the second, it has
        # already decided about the first.
        # (Not paired, so that tpd does not reconnect it on its own.)
        count = len(self.fake_frames(bluez_path))
        other_path = self.add_massager('theragun', 'Pro', OTHER)
        other = self.wait_for_device(OTHER)
        self.call(other, DEVICE, 'Connect')
        self.wait_for_property(other, DEVICE, 'State', 'ready')
        self.mock('DisconnectDevice', dbus.ObjectPath(other_path))
        self.wait_for_property(other, DEVICE, 'State', 'disconnected')
        self.mock('ConnectDevice', 'hci0', GUN)
        self.mock('ConnectDevice', 'hci0', OTHER)
        self.wait_for_property(other, DEVICE, 'State', 'ready')
        self.assertEqual(self.get(device, DEVICE, 'State'), 'disconnected')
        self.assertEqual(len(self.fake_frames(bluez_path)), count)

    def test_removing_the_device_ends_the_session_and_unpublishes_it(self):
        bluez_path, device, session = self.running_session()
        self.bluez(HCI0, 'org.bluez.Adapter1', 'RemoveDevice', dbus.ObjectPath(bluez_path))
        self.massagers.remove(bluez_path)
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_until(lambda: not self.device_exists(device), 5, 'the device gone')

    def test_adapter_powered_off_ends_the_session(self):
        bluez_path, device, session = self.running_session()
        self.mock('SetAdapterPowered', 'hci0', False)
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_for_property(MANAGER_PATH, MANAGER, 'Powered', False)
        self.assertEqual(self.get(device, DEVICE, 'Connected'), False)

    def test_sigterm_writes_the_stop_before_tpd_exits(self):
        bluez_path, device, session = self.running_session()
        self.assertEqual(self.stop_tpd(), 0, self.log_text())
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.assertFalse(self.fake_state(bluez_path)['Running'])


    def test_a_write_that_times_out_ends_the_session_with_a_stop(self):
        bluez_path, device, session = self.running_session()
        # Longer than tpd's WriteValue timeout (5 s): the device hangs.
        self.mock('SetWriteDelay', dbus.ObjectPath(bluez_path), dbus.UInt32(6000))
        self.assertEqual(self.finished_reason(session, timeout=15), 'error')
        # It recovers: the late write lands, then the stop tpd kept trying.
        self.mock('SetWriteDelay', dbus.ObjectPath(bluez_path), dbus.UInt32(0))
        self.wait_fake(bluez_path, 'the motor stopped', lambda s: not s['Running'], timeout=5)
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertTrue(self.fake_state(bluez_path)['Connected'])

    def test_a_device_that_hangs_is_disconnected_and_reached_again_for_its_stop(self):
        bluez_path, device, session = self.running_session()
        self.mock('SetWriteDelay', dbus.ObjectPath(bluez_path), dbus.UInt32(60000))
        self.assertEqual(self.finished_reason(session, timeout=15), 'error')
        # Nothing gets through any more: tpd drops the link, and says the
        # motor may still run (test_lifecycle follows the reconnects).
        self.wait_fake(bluez_path, 'the link dropped', lambda s: not s['Connected'], timeout=15)
        self.wait_for_property(device, DEVICE, 'State', 'stop-unconfirmed')
        # The device recovers: the next connection's stop gets through,
        # first thing.
        count = len(self.fake_frames(bluez_path))
        self.mock('SetWriteDelay', dbus.ObjectPath(bluez_path), dbus.UInt32(0))
        self.wait_for_property(device, DEVICE, 'State', 'ready', timeout=20)
        self.assertEqual(self.fake_frames(bluez_path)[count], (STOP, 'request'))
        self.assertFalse(self.fake_state(bluez_path)['Running'])

    def test_a_stop_refused_once_is_tried_again(self):
        bluez_path, device, session = self.running_session()
        # The next two writes fail: the stop that ends the session, and
        # perhaps a status request still in flight.
        self.mock('SetWriteError', dbus.ObjectPath(bluez_path), 'org.bluez.Error.Failed',
                  dbus.UInt32(2))
        self.call(session, SESSION, 'Stop')
        self.assertEqual(self.finished_reason(session), 'stopped')
        self.wait_fake(bluez_path, 'the motor stopped', lambda s: not s['Running'])
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        # The injected errors may hit a status request in flight first;
        # a stop was tried more than once, and the last frame is a stop:
        # retried.
        stops = [c for c in self.calls_to(self.tx_path(bluez_path), 'WriteValue')
                 if bytes(c[1][0]) == STOP]
        self.assertGreaterEqual(len(stops), 2)


    def test_sigkill_then_restart_leaves_no_session_and_stops_first(self):
        bluez_path, device, session = self.running_session(paired=True)
        self.tpd.kill()
        self.tpd.wait()
        # Nobody told the motor: it runs on, the link with it.
        self.assertTrue(self.fake_state(bluez_path)['Running'])
        count = len(self.fake_frames(bluez_path))
        self.start_tpd()
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.frames_since(bluez_path, count)[0], STOP)
        self.assertFalse(self.fake_state(bluez_path)['Running'])
        objects = self.call(MANAGER_PATH, OBJMGR, 'GetManagedObjects')
        self.assertEqual([p for p in objects if SESSION in objects[p]], [])
        self.assertEqual(self.get(device, DEVICE, 'Session'), '/')

    def test_the_client_killed_stops_the_motor(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        tpctl = subprocess.Popen([TPCTL, '--system', 'start', '--muscle', 'gluteus-medius',
                                  '--program', 'release', '--side', 'left'], env=self.env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(tpctl.wait)
        self.addCleanup(tpctl.kill)
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])
        session = str(self.get(device, DEVICE, 'Session'))
        tpctl.send_signal(signal.SIGKILL)
        self.assertEqual(self.finished_reason(session), 'client-left')
        self.wait_fake(bluez_path, 'the motor stopped', lambda s: not s['Running'])
        self.assertEqual(self.fake_frames(bluez_path)[-1], (STOP, 'request'))


class BluezRestartTest(BluezTestCase):
    def test_bluetoothd_restart_mid_session(self):
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        device = self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        session = self.start_session('gluteus-medius', 'release', device=device, Side='left')
        self.wait_fake(bluez_path, 'the motor running', lambda s: s['Running'])

        self.fake.stop()
        self.massagers.remove(bluez_path)
        self.assertEqual(self.finished_reason(session), 'disconnected')
        self.wait_until(lambda: not self.device_exists(device), 5, 'the device gone')
        self.assertFalse(self.get(MANAGER_PATH, MANAGER, 'Powered'))

        # bluetoothd is back, the paired device with it.
        self.forget_signals()
        self.start_fake()
        bluez_path = self.add_massager('theragun', 'Pro', GUN, paired=True)
        self.wait_for_device(GUN)
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.fake_frames(bluez_path)[0], (STOP, 'request'))
        added = [s[3][0] for s in self.signals_of('InterfacesAdded', MANAGER_PATH, OBJMGR)]
        self.assertIn(device, added)
