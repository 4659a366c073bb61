# SPDX-License-Identifier: LGPL-2.1-or-later
"""The client examples of the README (tools/examples/), in Python and in C,
run against the real tpd on a private system bus: they drive a session to
its end, the simulated gun receives the motor commands and the final stop,
tpd's errors reach the user, and the README shows each file as it is."""
import os
import re
import subprocess

from tpdtest import (DEVICE, SESSION, SIM_DEVICE, SIMULATOR, SRC_DIR, STOP_FRAME,
                     TpdTestCase, speed_of)

EXAMPLES = os.path.join(SRC_DIR, 'tools', 'examples')
PYTHON_EXAMPLE = os.path.join(EXAMPLES, 'tpd-client.py')
C_EXAMPLE_SOURCE = os.path.join(EXAMPLES, 'tpd-client.c')
README = os.path.join(SRC_DIR, 'README.md')


def fenced_blocks(markdown):
    """(language, text) of every ``` block, the text with its last newline."""
    return re.findall(r'^```(\w*)\n(.*?)^```$', markdown, re.M | re.S)


class ClientTestCase(TpdTestCase):
    # The examples use the system bus, as a desktop client would.
    system_bus = True

    def commands(self):
        c_example = os.environ.get('TPD_CLIENT_EXAMPLE')
        if not c_example:
            self.fail('TPD_CLIENT_EXAMPLE (the built tpd-client.c) is not set')
        return {'python': ['/usr/bin/python3', PYTHON_EXAMPLE],
                'c': [c_example]}


class ClientExampleTest(ClientTestCase):
    def run_example(self, command, *args):
        return subprocess.run(command + list(args), env=self.env, capture_output=True,
                              text=True, timeout=30)

    def check_session_runs_to_completion(self, command):
        self.forget_signals()
        # trapezius/release on both sides: 140 s of program, 1.4 s here.
        proc = self.run_example(command, 'trapezius')
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertIn('%s: Pro, connected: yes' % SIM_DEVICE, lines)
        # It followed the session through PropertiesChanged to the last side.
        self.assertIn('StepName: Warm up (right)', lines)
        self.assertTrue(any(re.fullmatch(r'Intensity: [1-9]\d*', line) for line in lines), lines)
        self.assertEqual(lines[-1], 'finished: completed')
        self.assertEqual(proc.stderr, '')

        # What tpd sent while the example ran (the loop was not running).
        self.sync()
        finished = self.signals_of('Finished')
        self.assertEqual([str(s[3][0]) for s in finished], ['completed'])
        self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
        frames = self.received_frames()
        speeds = [speed_of(f) for f in frames if speed_of(f) is not None]
        self.assertTrue(any(s > 0 for s in speeds), speeds)
        self.assertEqual(frames[-1], STOP_FRAME)

    def test_python_example_runs_a_session_to_completion(self):
        self.check_session_runs_to_completion(self.commands()['python'])

    def test_c_example_runs_a_session_to_completion(self):
        self.check_session_runs_to_completion(self.commands()['c'])

    def test_examples_report_tpd_errors_by_name(self):
        for language, command in self.commands().items():
            with self.subTest(language):
                self.forget_signals()
                proc = self.run_example(command, 'no-such-muscle')
                self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
                self.assertRegex(proc.stderr,
                                 r"^io\.tpd\.Tpd1\.Error\.NotFound: unknown muscle "
                                 r"'no-such-muscle'")
                self.assertNotIn('finished:', proc.stdout)
                # Nothing started: no motor command but stops.
                self.sync()
                self.assertEqual([speed_of(f) for f in self.received_frames()
                                  if speed_of(f)], [])

    def test_readme_shows_each_example_verbatim(self):
        with open(README) as f:
            blocks = fenced_blocks(f.read())
        for language, path in (('python', PYTHON_EXAMPLE), ('c', C_EXAMPLE_SOURCE)):
            with self.subTest(language), open(path) as f:
                # assertTrue: a failing assertIn would print the README.
                self.assertTrue((language, f.read()) in blocks,
                                '%s is not in README.md as a ```%s block' % (path, language))


class ClientStoppedTest(ClientTestCase):
    # Real time: the session (140 s) still runs when the test stops it.
    time_scale = 1

    def test_examples_exit_1_when_the_session_ends_otherwise(self):
        for language, command in self.commands().items():
            with self.subTest(language):
                proc = subprocess.Popen(command + ['trapezius'], env=self.env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                try:
                    self.wait_until(lambda: self.get(SIM_DEVICE, DEVICE, 'Session') != '/'
                                    or proc.poll() is not None, 10, 'the session to start')
                    if proc.poll() is not None:
                        self.fail('the example ended early: %r' % (proc.communicate(),))
                    self.call(self.get(SIM_DEVICE, DEVICE, 'Session'), SESSION, 'Stop')
                    out, err = proc.communicate(timeout=10)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.wait()
                self.assertEqual(proc.returncode, 1, out + err)
                self.assertEqual(out.splitlines()[-1], 'finished: stopped')
                self.wait_for_property(SIM_DEVICE, SIMULATOR, 'MotorRunning', False)
                self.assertEqual(self.received_frames()[-1], STOP_FRAME)
