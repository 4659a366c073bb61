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
setpriv, in the bus's mount namespace (nsenter), so that it sees the same
accounts as the bus and nothing on the host is changed. Needs root.

polkit: the bus lets root own org.freedesktop.PolicyKit1, so that a test
may serve python3-dbusmock's polkitd template there.

Those users can reach only what every user can: the checkout may lie in
a directory only its owner may enter (as mktemp -d makes them), so what
they run or read comes from copies (copy_for_others) in the bus's
directory, which must be reachable by all (assert_reachable)."""
import json
import os
import pwd
import grp
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET

SYSTEM_CONF = '/usr/share/dbus-1/system.conf'
BLUEZ_POLICY = '/etc/dbus-1/system.d/bluetooth.conf'
HERE = os.path.dirname(os.path.abspath(__file__))
# Run as the test's users: copied into the bus's directory.
CALL = os.path.join(HERE, 'dbus-call')
# Run by the bus as root (it switches to the service's user only to
# exec what it starts), so it may stay in the checkout.
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


def assert_reachable(directory):
    """Fail unless every user may enter @directory, and so reach what it
    holds: it and every directory above it searchable by others."""
    path = os.path.abspath(directory)
    while True:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            raise RuntimeError('%s: only some users may enter %s, so the test\'s users '
                               'could not reach %s' % (directory, path, directory))
        if path == '/':
            return
        path = os.path.dirname(path)


def copy_for_others(path, directory):
    """A copy of @path (a file, or a directory and all it holds) in
    @directory that every user may read, and run where its owner may:
    the test's users may not be able to enter the checkout or the build
    directory. The copy keeps @path's name; returns its path."""
    assert_reachable(directory)
    copy = os.path.join(directory, os.path.basename(os.path.normpath(path)))
    if not os.path.isdir(path):
        shutil.copy(path, copy)
        _open_to_all(copy)
        return copy
    shutil.copytree(path, copy)
    for root, dirs, files in os.walk(copy):
        _open_to_all(root)
        for name in files:
            _open_to_all(os.path.join(root, name))
    return copy


def _open_to_all(path):
    """Modes that do not depend on the umask the checkout was made with:
    readable by all, and searchable or runnable by all where the owner
    may search or run."""
    usable = os.stat(path).st_mode & stat.S_IXUSR
    os.chmod(path, 0o755 if usable else 0o644)


# What a Debian system with polkitd installed adds to the bus's policy.
POLKIT_POLICY = """<busconfig>
  <policy user="root"><allow own="org.freedesktop.PolicyKit1"/></policy>
  <policy context="default">
    <allow send_destination="org.freedesktop.PolicyKit1"/>
  </policy>
</busconfig>
"""


class Person:
    def __init__(self, name, uid, gid, groups):
        self.name, self.uid, self.gid, self.groups = name, uid, gid, groups
        self.namespace = None   # the bus's mount namespace, once it runs

    def command(self, *args):
        """@args run as this person: no capabilities, only their groups,
        the bus's view of the accounts."""
        groups = ','.join(str(g) for g in self.groups) if self.groups else None
        cmd = ['nsenter', '--mount=' + self.namespace] if self.namespace else []
        cmd += ['setpriv', '--reuid=%d' % self.uid, '--regid=%d' % self.gid]
        cmd += ['--groups=' + groups] if groups else ['--clear-groups']
        return cmd + ['--inh-caps=-all', '--'] + list(args)


class PolicyBus:
    """The bus, listening in @directory, which every user must be able to
    reach (its socket is there); the tpd a service file of @service_dir
    names is started with @env added to the bus's environment."""

    def __init__(self, directory, policy_file, service_dir=None, env=None):
        os.chmod(directory, 0o755)
        assert_reachable(directory)
        self.dir = directory
        self.call_script = copy_for_others(CALL, directory)
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
        env = dict(os.environ, **(env or {}))
        env.update(DBUS_SYSTEM_BUS_ADDRESS=self.address, TPD_TEST_SERVICE_DIR=service_dir or '')
        self.proc = subprocess.Popen(
            ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', mounts, 'sh',
             'dbus-daemon', '--config-file=' + conf, '--nofork', '--nopidfile',
             '--print-address=1'],
            stdout=subprocess.PIPE, stderr=open(os.path.join(directory, 'bus.log'), 'w'),
            text=True, env=env)
        if not self.proc.stdout.readline().strip():
            raise RuntimeError('the policy bus did not start: ' + self.log())
        # unshare and sh exec: the bus runs as the process started.
        for person in (self.tpd, self.member, self.stranger):
            person.namespace = '/proc/%d/ns/mnt' % self.proc.pid

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
        polkit = os.path.join(self.dir, 'polkit-mock.conf')
        with open(polkit, 'w') as f:
            f.write(POLKIT_POLICY)
        for policy in (BLUEZ_POLICY, polkit, policy_file):
            ET.SubElement(root, 'include').text = policy
        ET.ElementTree(root).write(path)

    def call(self, person, dest, path, iface, method, signature='', *args, interactive=False):
        """Call as @person; (True, reply) or (False, 'error name: message').
        @interactive: the call allows interactive authorization."""
        env = dict(os.environ, DBUS_CALL_INTERACTIVE='1' if interactive else '0')
        proc = subprocess.run(
            person.command('/usr/bin/python3', self.call_script, self.address, dest, path, iface,
                           method, signature, json.dumps(list(args))),
            capture_output=True, text=True, timeout=30, env=env)
        if proc.returncode == 0:
            return True, json.loads(proc.stdout)
        if not proc.stderr.startswith('ERROR '):
            raise AssertionError('dbus-call failed: ' + proc.stderr)
        return False, proc.stderr[len('ERROR '):].strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
