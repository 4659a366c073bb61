# SPDX-License-Identifier: LGPL-2.1-or-later
"""The include direction of tools/layers: the tree as it is follows it, and
tools/check-layers fails, naming file and line, on each kind of edge it
forbids (one up the order, one between siblings, one to a folder the order
does not know) and on a cycle between folders."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from tpdtest import SRC_DIR

CHECKER = os.path.join(SRC_DIR, 'tools', 'check-layers')
TREE = ['common', 'daemon', 'tpctl', 'include', 'tools/layers']


class LayersTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix='tpd-layers-')
        self.addCleanup(shutil.rmtree, self.root)
        for part in TREE:
            src, dst = os.path.join(SRC_DIR, part), os.path.join(self.root, part)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.isdir(src):
                shutil.copytree(src, dst)
            else:
                shutil.copy(src, dst)

    def check(self, root):
        proc = subprocess.run([sys.executable, CHECKER, '--root', root],
                              capture_output=True, text=True, timeout=60)
        return proc.returncode, proc.stdout + proc.stderr

    def inject(self, path, line):
        """Add @line after the first include of @path; its line number."""
        full = os.path.join(self.root, path)
        with open(full) as f:
            lines = f.read().split('\n')
        at = next(i for i, text in enumerate(lines) if text.startswith('#include')) + 1
        lines.insert(at, line)
        with open(full, 'w') as f:
            f.write('\n'.join(lines))
        return at + 1

    def assert_refused(self, expected):
        code, out = self.check(self.root)
        self.assertEqual(code, 1, out)
        self.assertIn(expected, out)

    def test_the_tree_follows_the_order(self):
        code, out = self.check(SRC_DIR)
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r'check-layers: \d+ includes follow tools/layers')

    def test_the_copy_follows_it_too(self):
        # The ground the other tests stand on: only what they inject fails.
        code, out = self.check(self.root)
        self.assertEqual(code, 0, out)

    def test_an_include_up_the_order_fails_with_its_line(self):
        line = self.inject('daemon/device/massager.c', '#include "api/api.h"')
        self.assert_refused('daemon/device/massager.c:%d: daemon/device includes '
                            '"api/api.h" of daemon/api, a layer above it' % line)

    def test_the_simulator_may_not_reach_the_api_again(self):
        # One of the upward edges removed when the folders came: the
        # simulator is built from the manager and the bus, not the API.
        self.inject('daemon/sim/simulator.h', '#include "api/api.h"')
        self.assert_refused('daemon/sim includes "api/api.h" of daemon/api, a layer above it')

    def test_common_may_not_include_the_daemon(self):
        line = self.inject('common/datafile.c', '#include "device/model.h"')
        self.assert_refused('common/datafile.c:%d: common includes "device/model.h"' % line)

    def test_siblings_may_not_include_each_other(self):
        line = self.inject('daemon/sim/sim-link.c', '#include "bluez/bluez-link.h"')
        self.assert_refused('daemon/sim/sim-link.c:%d: daemon/sim includes '
                            '"bluez/bluez-link.h" of its sibling daemon/bluez' % line)

    def test_tpctl_may_not_include_the_daemon(self):
        self.inject('tpctl/main.c', '#include "tpd-conf.h"')
        self.assert_refused('tpctl includes "tpd-conf.h" of its sibling daemon')

    def test_an_include_that_resolves_nowhere_fails(self):
        self.inject('daemon/therapy/session.c', '#include "massager.h"')
        self.assert_refused('"massager.h" is in no folder of')

    def test_a_folder_without_a_layer_fails(self):
        os.makedirs(os.path.join(self.root, 'daemon', 'extra'))
        with open(os.path.join(self.root, 'daemon', 'extra', 'x.c'), 'w') as f:
            f.write('#include "bus/dbus-object.h"\n')
        self.assert_refused('daemon/extra/: sources in a folder with no line in the layer order')

    def test_a_cycle_between_folders_fails(self):
        # Written as one level, bus and device may not see each other: the
        # cycle is named besides each edge.
        layers = os.path.join(self.root, 'tools', 'layers')
        with open(layers) as f:
            text = f.read()
        with open(layers, 'w') as f:
            f.write(text.replace('daemon/bus ', 'daemon/bus daemon/device ', 1)
                    .replace('\ndaemon/device ', '\n# ', 1))
        self.inject('daemon/bus/dbus-call.c', '#include "device/link.h"')
        self.inject('daemon/device/massager.c', '#include "bus/dbus-call.h"')
        self.assert_refused('folders include each other: daemon/bus -> daemon/device -> daemon/bus')


if __name__ == '__main__':
    unittest.main()
