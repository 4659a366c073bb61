# SPDX-License-Identifier: LGPL-2.1-or-later
"""tpd.service, the sysusers.d and tmpfiles.d snippets, checked by
systemd's own tools (systemd is not PID 1 here: TESTING.md §2.7)."""
import os
import re
import subprocess
import tempfile
import unittest

from tpdtest import SRC_DIR, TPD

BUILD_DIR = os.environ.get('TPD_BUILD_DIR', '')
UNIT = os.path.join(BUILD_DIR, 'systemd', 'tpd.service')
ACTIVATION = os.path.join(BUILD_DIR, 'dbus', 'io.tpd.Tpd1.service')
SYSUSERS = os.path.join(SRC_DIR, 'systemd', 'tpd.sysusers')
TMPFILES = os.path.join(SRC_DIR, 'systemd', 'tpd.tmpfiles')
MAX_EXPOSURE = 2.0


def unit_keys(path):
    """{(section, key): [values]} of a unit or activation file."""
    keys, section = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('['):
                section = line.strip('[]')
                continue
            key, value = line.split('=', 1)
            keys.setdefault((section, key), []).append(value)
    return keys


class UnitTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='tpd-unit-')
        self.addCleanup(self.tmp.cleanup)

    def runnable_copy(self):
        """The unit as built, its ExecStart pointed at the built tpd: the
        installed path does not exist on a build machine."""
        keys = unit_keys(UNIT)
        installed = keys[('Service', 'ExecStart')][0].split()[0]
        self.assertRegex(installed, r'^/.*/sbin/tpd$')
        with open(UNIT) as f:
            text = f.read().replace('ExecStart=' + installed, 'ExecStart=' + TPD)
        path = os.path.join(self.tmp.name, 'tpd.service')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_systemd_analyze_verify_is_clean(self):
        # Unknown keys and bad values are only warnings: stderr must be empty.
        proc = subprocess.run(['systemd-analyze', 'verify', '--man=no', self.runnable_copy()],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ''))

    def test_verify_would_catch_a_mistake(self):
        path = self.runnable_copy()
        with open(path, 'a') as f:
            f.write('ProtectSystm=strict\n')
        proc = subprocess.run(['systemd-analyze', 'verify', '--man=no', path],
                              capture_output=True, text=True, timeout=60)
        self.assertIn("Unknown key 'ProtectSystm'", proc.stderr)

    def test_exposure_is_at_most_2(self):
        proc = subprocess.run(['systemd-analyze', 'security', '--offline=yes',
                               self.runnable_copy()], capture_output=True, text=True,
                              timeout=60)
        found = re.search(r'Overall exposure level for tpd\.service: ([0-9.]+)', proc.stdout)
        self.assertTrue(found, proc.stdout + proc.stderr)
        self.assertLessEqual(float(found.group(1)), MAX_EXPOSURE, proc.stdout)

    def test_the_documentation_it_names_is_built(self):
        for page in unit_keys(UNIT)[('Unit', 'Documentation')][0].split():
            name, section = re.fullmatch(r'man:([\w.-]+)\((\d)\)', page).groups()
            self.assertTrue(os.path.exists(os.path.join(BUILD_DIR, 'man', name + '.' + section)),
                            page)

    def test_how_it_runs(self):
        keys = unit_keys(UNIT)
        expected = {
            ('Service', 'Type'): 'notify',
            ('Service', 'BusName'): 'io.tpd.Tpd1',
            ('Service', 'User'): 'tpd',
            ('Service', 'SupplementaryGroups'): 'bluetooth',
            ('Service', 'StateDirectory'): 'tpd',
            ('Service', 'ConfigurationDirectory'): 'tpd',
            ('Service', 'NoNewPrivileges'): 'yes',
            ('Service', 'ProtectSystem'): 'strict',
            ('Service', 'RestrictAddressFamilies'): 'AF_UNIX',
            ('Service', 'CapabilityBoundingSet'): '',
            ('Install', 'WantedBy'): 'bluetooth.target',
            ('Install', 'Alias'): 'dbus-io.tpd.Tpd1.service',
        }
        for key, value in expected.items():
            self.assertEqual(keys.get(key), [value], key)
        self.assertIn('@system-service', keys[('Service', 'SystemCallFilter')])
        # A hung tpd must not leave a motor running for long.
        self.assertIn(int(keys[('Service', 'WatchdogSec')][0]), range(1, 11))
        self.assertTrue(keys[('Service', 'ExecStart')][0].endswith('/sbin/tpd --system'))
        # D-Bus activation goes through this very unit.
        activation = unit_keys(ACTIVATION)
        self.assertEqual(activation[('D-BUS Service', 'SystemdService')], ['tpd.service'])
        self.assertEqual(activation[('D-BUS Service', 'Exec')],
                         keys[('Service', 'ExecStart')])


class AccountsTest(unittest.TestCase):
    """The snippets applied to an empty root, as a package's postinst would."""

    def test_sysusers_then_tmpfiles(self):
        with tempfile.TemporaryDirectory(prefix='tpd-root-') as root:
            # A root with no accounts yet but bluez's group.
            os.mkdir(os.path.join(root, 'etc'))
            with open(os.path.join(root, 'etc', 'group'), 'w') as f:
                f.write('root:x:0:\nbluetooth:x:109:\n')
            with open(os.path.join(root, 'etc', 'passwd'), 'w') as f:
                f.write('root:x:0:0:root:/root:/bin/bash\n')
            proc = subprocess.run(['systemd-sysusers', '--root=' + root, SYSUSERS],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with open(os.path.join(root, 'etc', 'passwd')) as f:
                users = {l.split(':')[0]: l.strip().split(':') for l in f}
            with open(os.path.join(root, 'etc', 'group')) as f:
                groups = {l.split(':')[0]: l.strip().split(':') for l in f}
            tpd = users['tpd']
            self.assertEqual(tpd[5], '/var/lib/tpd')
            self.assertTrue(tpd[6].endswith('nologin'), tpd)
            self.assertLess(int(tpd[2]), 1000, 'a system user')
            self.assertEqual(groups['tpd'][2], tpd[3], 'its own group')
            self.assertIn('tpd', groups['bluetooth'][3].split(','))

            proc = subprocess.run(['systemd-tmpfiles', '--root=' + root, '--create', TMPFILES],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            state = os.stat(os.path.join(root, 'var', 'lib', 'tpd'))
            self.assertEqual((state.st_uid, state.st_gid, state.st_mode & 0o777),
                             (int(tpd[2]), int(tpd[3]), 0o700))
            self.assertTrue(os.path.isdir(os.path.join(root, 'etc', 'tpd', 'models.d')))


if __name__ == '__main__':
    unittest.main()
