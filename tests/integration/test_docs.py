# SPDX-License-Identifier: LGPL-2.1-or-later
"""The man pages as built: they render with man -l without a warning, and
they stay true to the programs: every option and command of tpd and tpctl,
and every zone and plain word FindMuscles accepts, is documented."""
import configparser
import glob
import os
import re
import subprocess

from tpdtest import SRC_DIR, TPCTL, TPD, TpdTestCase

BUILD_DIR = os.environ.get('TPD_BUILD_DIR', os.path.join(os.path.dirname(TPD), '..'))
PAGES = ['tpd.8', 'tpctl.1', 'tpd.conf.5', 'tpd-program.5', 'tpd-model.5']
# The desktop app's page, in a build with the app.
if os.path.exists(os.path.join(BUILD_DIR, 'app', 'tpd-app')):
    PAGES.append('tpd-app.1')


def long_options(help_text):
    """The long options a GOptionContext --help lists, without its own."""
    found = set(re.findall(r'^\s+(?:-\w, )?(--[a-z][a-z-]*)', help_text, re.M))
    return {o for o in found if not o.startswith('--help')}


class ManPageTest(TpdTestCase):
    def render(self, page):
        path = os.path.join(BUILD_DIR, 'man', page)
        env = dict(self.env, MANWIDTH='80', MAN_KEEP_FORMATTING='0', LC_ALL='C.UTF-8')
        proc = subprocess.run(['man', '-l', '--warnings', path], env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ''), page)
        # Plain text: no overstrike bold or underline, one space between
        # words, words hyphenated across lines joined again.
        text = re.sub(r'.\x08', '', proc.stdout).replace('\u2010', '-')
        return re.sub(r'\s+', ' ', re.sub(r'-\n\s*', '-', text))

    def test_every_page_renders_cleanly(self):
        for page in PAGES:
            text = self.render(page)
            self.assertTrue(text.startswith(page.split('.')[0].upper()), page)
            self.assertIn(' NAME ', text, page)
            self.assertFalse(re.search(r'@[A-Z]+@', text), page + ': a placeholder is left')

    def test_tpd_options_are_documented(self):
        text = self.render('tpd.8')
        options = long_options(subprocess.run([TPD, '--help'], capture_output=True,
                                              text=True).stdout)
        self.assertIn('--state-dir', options)
        for option in options:
            self.assertTrue(option in text, 'tpd(8) lacks ' + option)

    def test_every_key_of_the_shipped_tpd_conf_is_documented(self):
        text = self.render('tpd.conf.5')
        with open(os.path.join(SRC_DIR, 'data', 'tpd.conf')) as f:
            keys = re.findall(r'^#(\w+)=', f.read(), re.M)
        self.assertIn('AutoAdopt', keys)
        for key in keys:
            self.assertIn(key + '=', text, 'tpd.conf(5) lacks ' + key)

    def test_tpctl_commands_and_options_are_documented(self):
        text = self.render('tpctl.1')
        commands = subprocess.run([TPCTL, 'complete', 'commands'], capture_output=True,
                                  text=True, env=self.env).stdout.split()
        self.assertIn('history', commands)
        for command in commands:
            self.assertTrue(re.search(r'\b%s\b' % command, text), 'tpctl(1) lacks ' + command)
            help_text = subprocess.run([TPCTL, command, '--help'], capture_output=True,
                                       text=True, env=self.env).stdout
            for option in long_options(help_text) - {'--session', '--system'}:
                self.assertTrue(option in text, 'tpctl(1) lacks %s %s' % (command, option))

    def test_every_zone_and_plain_word_is_in_tpd_program(self):
        text = self.render('tpd-program.5')
        zones, aliases = self.manager('ListZones')
        for word in list(zones) + list(aliases):
            self.assertTrue(str(word) in text, 'tpd-program(5) lacks ' + word)
        for muscle in self.manager('ListMuscles'):
            self.assertTrue(str(muscle['Id']) in text, 'tpd-program(5) lacks ' + muscle['Id'])

    def test_every_group_and_key_of_the_built_in_models_is_in_tpd_model(self):
        text = self.render('tpd-model.5')
        keys = set()
        for path in glob.glob(os.path.join(SRC_DIR, 'data', 'models', '*.model')):
            parser = configparser.ConfigParser(interpolation=None)
            parser.optionxform = str
            parser.read(path)
            for group in parser.sections():
                keys.add('[%s]' % group)
                keys.update('%s=' % key for key in parser[group])
        self.assertIn('Levels=', keys)
        # And every key tpd reads, from the field tables of model.c.
        with open(os.path.join(SRC_DIR, 'daemon', 'device', 'model.c')) as f:
            read = re.findall(r'\{ "([A-Za-z]+)", TP_FIELD_', f.read())
        self.assertIn('ManufacturerData', read)
        keys.update(key + '=' for key in read)
        for key in sorted(keys):
            self.assertIn(key, text, 'tpd-model(5) lacks ' + key)
        # Models are no longer described in tpd-program(5).
        self.assertNotIn('[GATT]', self.render('tpd-program.5'))


    def test_the_readme_device_table_is_made_from_data_models(self):
        tool = os.path.join(SRC_DIR, 'tools', 'device-table')
        proc = subprocess.run([tool, '--check'], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn('matches data/models', proc.stdout)
        # A row that is not there is found.
        made = subprocess.run([tool], capture_output=True, text=True, timeout=30,
                              check=True).stdout.splitlines()
        self.assertEqual(len(made), 2 + len(glob.glob(
            os.path.join(SRC_DIR, 'data', 'models', '*.model'))))


class ErrorNamesTest(TpdTestCase):
    start_tpd_in_setup = False

    def test_every_error_name_is_defined_and_documented(self):
        """The names of include/tpd/tpd-dbus.h and those dbus/*.xml lists
        for the methods are the same set: none undocumented, none made up."""
        with open(os.path.join(SRC_DIR, 'include', 'tpd', 'tpd-dbus.h')) as f:
            defined = set(re.findall(r'TPD_ERROR_PREFIX "(\w+)"', f.read()))
        documented = set()
        for name in os.listdir(os.path.join(SRC_DIR, 'dbus')):
            if name.endswith('.xml'):
                with open(os.path.join(SRC_DIR, 'dbus', name)) as f:
                    documented |= set(re.findall(r'io\.tpd\.Tpd1\.Error\.(\w+)', f.read()))
        self.assertIn('ShuttingDown', defined)
        self.assertEqual(documented, defined)

    def test_every_error_helper_names_a_defined_error(self):
        """Each io.tpd.Tpd1.Error helper of the daemon uses a name of the
        header: the daemon can answer nothing the XML does not know."""
        with open(os.path.join(SRC_DIR, 'daemon', 'api', 'api-error.c')) as f:
            used = set(re.findall(r'TPD_ERROR_(\w+)', f.read())) - {'PREFIX'}
        with open(os.path.join(SRC_DIR, 'include', 'tpd', 'tpd-dbus.h')) as f:
            defined = set(re.findall(r'#define TPD_ERROR_(\w+)', f.read())) - {'PREFIX'}
        self.assertEqual(used, defined)
