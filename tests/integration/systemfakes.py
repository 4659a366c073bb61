# SPDX-License-Identifier: LGPL-2.1-or-later
"""python3-dbusmock's own templates for the machine's services tpd answers
to (logind, polkitd), each in a process of its own on the test's private
system bus. They speak the real interfaces; the org.freedesktop.DBus.Mock
interface of their main object steers them."""
import os
import subprocess

import dbus

from tpdtest import wait_until

PYTHON = '/usr/bin/python3'     # Debian's, with dbus and dbusmock

LOGIND = ('org.freedesktop.login1', '/org/freedesktop/login1',
          'org.freedesktop.login1.Manager')
POLKITD = ('org.freedesktop.PolicyKit1', '/org/freedesktop/PolicyKit1/Authority',
           'org.freedesktop.PolicyKit1.Authority')
MOCK_IFACE = 'org.freedesktop.DBus.Mock'


class MockService:
    """dbusmock's @template serving @service = (name, path, interface)."""

    def __init__(self, template, service, bus_address, log_path):
        self.template = template
        self.name, self.path, self.iface = service
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus_address)
        self.log_path = log_path
        self.proc = None

    def start(self, conn, timeout=10):
        self.conn = conn
        self.proc = subprocess.Popen(
            [PYTHON, '-m', 'dbusmock', '--system', '--template', self.template,
             '-l', self.log_path],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_until(lambda: conn.name_has_owner(self.name) or self.proc.poll() is not None,
                   timeout, '%s on the bus' % self.name)
        if self.proc.poll() is not None:
            raise RuntimeError('dbusmock %s exited' % self.template)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def _object(self):
        return self.conn.get_object(self.name, self.path, introspect=False)

    def call(self, method, *args):
        return self._object().get_dbus_method(method, self.iface)(*args)

    def mock(self, method, *args):
        return self._object().get_dbus_method(method, MOCK_IFACE)(*args)

    def emit(self, member, signature, *args):
        self.mock('EmitSignal', self.iface, member, signature, list(args))


def logind(bus_address, log_path):
    return MockService('logind', LOGIND, bus_address, log_path)


def polkitd(bus_address, log_path):
    return MockService('polkitd', POLKITD, bus_address, log_path)


def send_impostor_signal(bus_address, destination, service, member, signature, *args):
    """A signal that claims to be @service's, sent by another connection
    straight to @destination: anyone on the bus may do this."""
    conn = dbus.bus.BusConnection(bus_address)
    try:
        msg = dbus.lowlevel.SignalMessage(service[1], service[2], member)
        msg.set_destination(destination)
        msg.append(signature=signature, *args)
        conn.send_message(msg)
        conn.flush()
    finally:
        conn.close()
