# SPDX-License-Identifier: LGPL-2.1-or-later
"""A system bus that enforces what a Debian system's does: the default
policy of the installed /usr/share/dbus-1/system.conf, BlueZ's
bluetooth.conf and tpd's dbus/io.tpd.Tpd1.conf, with the test's users.

The users exist only for the bus: it runs in a mount namespace of its own
where /etc/passwd and /etc/group are copies of the host's plus
    tpd         the user the service runs as (group tpd),
    tp-member   a person in group tpd,
    tp-stranger a person in no group of tpd's.
Everything else (tpd, tpctl, callers) runs with numeric ids through
setpriv, so nothing on the host is changed. Needs root."""
import json
import os
import pwd
import grp
import subprocess
import xml.etree.ElementTree as ET

SYSTEM_CONF = '/usr/share/dbus-1/system.conf'
BLUEZ_POLICY = '/etc/dbus-1/system.d/bluetooth.conf'
HERE = os.path.dirname(os.path.abspath(__file__))
CALL = os.path.join(HERE, 'dbus-call')
LAUNCH_HELPER = os.path.join(HERE, 'launch-helper')
# Elements of system.conf that tie it to the real bus: where it listens,
# its user, daemonizing, activation through systemd and the policy files
# of this host. The policy itself is kept.
HOST_ONLY = {'user', 'fork', 'pidfile', 'syslog', 'listen', 'servicehelper',
             'standard_system_servicedirs', 'includedir', 'include'}


def free_ids(count, start=61000):
    """@count consecutive numbers unused as uid and gid on this host."""
    n = start
    while True:
        ids = range(n, n + count)
        if not any(_exists(pwd.getpwuid, i) or _exists(grp.getgrgid, i) for i in ids):
            return list(ids)
        n += count


def _exists(lookup, key):
    try:
        lookup(key)
        return True
    except KeyError:
        return False


class Person:
    def __init__(self, name, uid, gid, groups):
        self.name, self.uid, self.gid, self.groups = name, uid, gid, groups

    def command(self, *args):
        """@args run as this person: no capabilities, only their groups."""
        groups = ','.join(str(g) for g in self.groups) if self.groups else None
        cmd = ['setpriv', '--reuid=%d' % self.uid, '--regid=%d' % self.gid]
        cmd += ['--groups=' + groups] if groups else ['--clear-groups']
        return cmd + ['--inh-caps=-all', '--'] + list(args)


class PolicyBus:
    def __init__(self, directory, policy_file, service_dir=None):
        os.chmod(directory, 0o755)
        self.dir = directory
        self.socket = os.path.join(directory, 'system_bus_socket')
        self.address = 'unix:path=' + self.socket
        tpd_id, member_id, stranger_id = free_ids(3)
        bluetooth = grp.getgrnam('bluetooth').gr_gid
        self.tpd = Person('tpd', tpd_id, tpd_id, [bluetooth])
        self.member = Person('tp-member', member_id, member_id, [tpd_id])
        self.stranger = Person('tp-stranger', stranger_id, stranger_id, [])
        self._write_accounts(bluetooth)
        conf = os.path.join(directory, 'system-policy.conf')
        self._write_config(conf, policy_file, service_dir)
        mounts = 'mount --bind %s /etc/passwd && mount --bind %s /etc/group && exec "$@"' % (
            self.passwd, self.group)
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address,
                   TPD_TEST_SERVICE_DIR=service_dir or '')
        self.proc = subprocess.Popen(
            ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', mounts, 'sh',
             'dbus-daemon', '--config-file=' + conf, '--nofork', '--nopidfile',
             '--print-address=1'],
            stdout=subprocess.PIPE, stderr=open(os.path.join(directory, 'bus.log'), 'w'),
            text=True, env=env)
        if not self.proc.stdout.readline().strip():
            raise RuntimeError('the policy bus did not start: ' + self.log())

    def log(self):
        with open(os.path.join(self.dir, 'bus.log')) as f:
            return f.read()

    def _write_accounts(self, bluetooth):
        ours = {'tpd', 'tp-member', 'tp-stranger'}
        with open('/etc/passwd') as f:
            lines = [l for l in f if l.split(':')[0] not in ours]
        lines += ['%s:x:%d:%d::/nonexistent:/usr/sbin/nologin\n' % (p.name, p.uid, p.gid)
                  for p in (self.tpd, self.member, self.stranger)]
        self.passwd = os.path.join(self.dir, 'passwd')
        with open(self.passwd, 'w') as f:
            f.writelines(lines)
        with open('/etc/group') as f:
            lines = [l for l in f if l.split(':')[0] not in ours]
        for i, line in enumerate(lines):
            # tpd is in group bluetooth, as sysusers' "m tpd bluetooth" makes it.
            fields = line.rstrip('\n').split(':')
            if fields[0] == 'bluetooth':
                members = [m for m in fields[3].split(',') if m] + ['tpd']
                lines[i] = ':'.join(fields[:3] + [','.join(members)]) + '\n'
        lines += ['tpd:x:%d:tp-member\n' % self.tpd.gid,
                  'tp-member:x:%d:\n' % self.member.gid,
                  'tp-stranger:x:%d:\n' % self.stranger.gid]
        self.group = os.path.join(self.dir, 'group')
        with open(self.group, 'w') as f:
            f.writelines(lines)

    def _write_config(self, path, policy_file, service_dir):
        root = ET.parse(SYSTEM_CONF).getroot()
        for element in list(root):
            if element.tag in HOST_ONLY:
                root.remove(element)
        ET.SubElement(root, 'listen').text = self.address
        if service_dir:
            ET.SubElement(root, 'servicedir').text = service_dir
            # A system bus starts services through its helper only.
            ET.SubElement(root, 'servicehelper').text = LAUNCH_HELPER
        for policy in (BLUEZ_POLICY, policy_file):
            ET.SubElement(root, 'include').text = policy
        ET.ElementTree(root).write(path)

    def call(self, person, dest, path, iface, method, signature='', *args):
        """Call as @person; (True, reply) or (False, 'error name: message')."""
        proc = subprocess.run(
            person.command('/usr/bin/python3', CALL, self.address, dest, path, iface,
                           method, signature, json.dumps(list(args))),
            capture_output=True, text=True, timeout=30)
        if proc.returncode == 0:
            return True, json.loads(proc.stdout)
        if not proc.stderr.startswith('ERROR '):
            raise AssertionError('dbus-call failed: ' + proc.stderr)
        return False, proc.stderr[len('ERROR '):].strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
