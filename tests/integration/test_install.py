# SPDX-License-Identifier: LGPL-2.1-or-later
"""What gets installed: meson install --destdir lays every file out at its
Debian path, and dpkg-buildpackage builds from a copy of the source tree
two .debs that share that tree out (plus their copyright and changelog):
tpd, with its dependencies (none of GTK), maintainer scripts that create
user tpd before they enable tpd.service, and binaries that run from a
throwaway root; and tpd-app, the desktop app and nothing of tpd. Lintian
reports no error for either.

The package is built once per class, in a temporary directory: nothing is
written to the source tree."""
import fnmatch
import glob
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest

SRC_DIR = os.path.abspath(os.environ.get('TPD_SRC_DIR',
                                         os.path.join(os.path.dirname(__file__), '..', '..')))
BUILD_DIR = os.environ.get('TPD_BUILD_DIR', '')
DATA_KINDS = ('muscles', 'programs', 'models', 'simulator')
TPD_PATH = '/usr/sbin/tpd'
APP_PATH = '/usr/bin/tpd-app'

# Everything but the data files, which are listed from data/ of the source.
EXPECTED_FILES = [
    'etc/tpd/tpd.conf',
    'lib/systemd/system/tpd.service',
    'usr/bin/tpctl',
    'usr/lib/sysusers.d/tpd.conf',
    'usr/lib/tmpfiles.d/tpd.conf',
    'usr/sbin/tpd',
    'usr/share/bash-completion/completions/tpctl',
    'usr/share/dbus-1/interfaces/io.tpd.Tpd1.Device.xml',
    'usr/share/dbus-1/interfaces/io.tpd.Tpd1.Manager.xml',
    'usr/share/dbus-1/interfaces/io.tpd.Tpd1.Session.xml',
    'usr/share/dbus-1/interfaces/io.tpd.Tpd1.Simulator.xml',
    'usr/share/dbus-1/system-services/io.tpd.Tpd1.service',
    'usr/share/dbus-1/system.d/io.tpd.Tpd1.conf',
    'usr/share/man/man1/tpctl.1',
    'usr/share/man/man5/tpd-model.5',
    'usr/share/man/man5/tpd-program.5',
    'usr/share/man/man5/tpd.conf.5',
    'usr/share/man/man8/tpd.8',
    'usr/share/polkit-1/actions/io.tpd.Tpd1.policy',
    'usr/share/polkit-1/rules.d/io.tpd.rules',
]
# The desktop app's files (package tpd-app), without its translations,
# which are listed from app/po/LINGUAS.
APP_FILES = [
    'usr/bin/tpd-app',
    'usr/share/applications/io.tpd.App.desktop',
    'usr/share/icons/hicolor/scalable/apps/io.tpd.App.svg',
    'usr/share/man/man1/tpd-app.1',
    'usr/share/metainfo/io.tpd.App.metainfo.xml',
]
# What each .deb holds beyond its share of the meson install: debhelper's
# documentation and the lintian override of debian/tpd.lintian-overrides.
DEB_ONLY_FILES = {
    'tpd': {
        'usr/share/doc/tpd/copyright',
        'usr/share/doc/tpd/changelog.gz',
        'usr/share/lintian/overrides/tpd',
    },
    'tpd-app': {
        'usr/share/doc/tpd-app/copyright',
        'usr/share/doc/tpd-app/changelog.gz',
    },
}
# Dependencies package tpd must not have: the app is the one place for GTK.
GTK_PACKAGES = ('libgtk', 'libadwaita', 'libgdk', 'libgraphene', 'libpango', 'libcairo')
# Debian packages holding the tools the package test runs.
TOOL_PACKAGES = [('dpkg-buildpackage', 'dpkg-dev'), ('dpkg-deb', 'dpkg'),
                 ('dh', 'debhelper'), ('lintian', 'lintian'), ('meson', 'meson')]
# Not copied for the package build: build directories and what a package
# build by hand leaves behind.
COPY_IGNORE = ('.git', 'build', 'build*', 'obj-*', '__pycache__', '*.pyc')
DEBIAN_PRODUCTS = ('debian/tpd', 'debian/tpd-dbgsym', 'debian/tpd-app', 'debian/tpd-app-dbgsym',
                   'debian/tmp', 'debian/.debhelper', 'debian/files',
                   'debian/*.substvars', 'debian/debhelper-build-stamp')


def run(args, timeout=120, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)


def tail(text, lines=40):
    return '\n'.join(text.rstrip().splitlines()[-lines:])


def build_option(name):
    proc = run(['meson', 'introspect', '--buildoptions', BUILD_DIR])
    if proc.returncode != 0:
        raise AssertionError('meson introspect --buildoptions %s failed:\n%s'
                             % (BUILD_DIR, proc.stderr))
    for option in json.loads(proc.stdout):
        if option['name'] == name:
            return option['value']
    raise AssertionError('meson has no build option %r' % name)


def app_built():
    """Whether TPD_BUILD_DIR builds the desktop app (-Dapp)."""
    proc = run(['meson', 'introspect', '--targets', BUILD_DIR])
    if proc.returncode != 0:
        raise AssertionError('meson introspect --targets failed:\n' + proc.stderr)
    return any(t['name'] == 'tpd-app' and t['installed'] for t in json.loads(proc.stdout))


def project_version():
    proc = run(['meson', 'introspect', '--projectinfo', BUILD_DIR])
    if proc.returncode != 0:
        raise AssertionError('meson introspect --projectinfo failed:\n' + proc.stderr)
    return json.loads(proc.stdout)['version']


def data_files():
    """usr/share/tpd/KIND/FILE for every file in data/KIND of the source."""
    found = set()
    for kind in DATA_KINDS:
        top = os.path.join(SRC_DIR, 'data', kind)
        for dirpath, _dirs, files in os.walk(top):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), top)
                found.add('usr/share/tpd/%s/%s' % (kind, rel))
    return found


def app_files():
    """The app's files: APP_FILES and a catalog for each language of
    app/po/LINGUAS."""
    found = set(APP_FILES)
    with open(os.path.join(SRC_DIR, 'app', 'po', 'LINGUAS')) as f:
        for line in f:
            if not line.startswith('#'):
                found.update('usr/share/locale/%s/LC_MESSAGES/tpd-app.mo' % lang
                             for lang in line.split())
    return found


def expected_layout(with_app):
    return set(EXPECTED_FILES) | data_files() | (app_files() if with_app else set())


def tree_files(root):
    """The regular files and symbolic links below root, relative to it;
    directories are left out."""
    found = set()
    for dirpath, dirs, files in os.walk(root):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
            found.add(os.path.relpath(os.path.join(dirpath, name), root))
    return found


def meson_install(destdir):
    """meson install of TPD_BUILD_DIR into destdir; returns its file list.
    The layout is the Debian one only with prefix /usr."""
    if not BUILD_DIR:
        raise AssertionError('TPD_BUILD_DIR is not set (meson test sets it)')
    prefix = build_option('prefix')
    if prefix != '/usr':
        raise AssertionError('%s is configured with prefix %s: configure with '
                             '--prefix=/usr as tools/check does' % (BUILD_DIR, prefix))
    proc = run(['meson', 'install', '-C', BUILD_DIR, '--destdir', destdir,
                '--no-rebuild', '--quiet'], timeout=300)
    if proc.returncode != 0:
        raise AssertionError('meson install failed (%d):\n%s'
                             % (proc.returncode, tail(proc.stdout + proc.stderr)))
    return tree_files(destdir)


def deb_files(deb):
    """The .deb's regular files and symbolic links, without './' and with
    the man pages' .gz taken off; directories are left out."""
    proc = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb], capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise AssertionError('dpkg-deb --fsys-tarfile failed: ' + proc.stderr.decode())
    found = {}
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        for member in tar.getmembers():
            if member.isdir():
                continue
            name = os.path.normpath(member.name)
            if name.startswith('usr/share/man/') and name.endswith('.gz'):
                name = name[:-3]
            found[name] = member
    return found


def assert_same_files(test, actual, expected, what):
    if actual != expected:
        test.fail('%s:\nmissing: %s\nunexpected: %s'
                  % (what, sorted(expected - actual) or 'none',
                     sorted(actual - expected) or 'none'))


def source_files():
    """The files to copy for the package build: in a git checkout, what git
    knows or would add (tracked, and untracked but not ignored, as long as
    they exist), else everything but build directories."""
    proc = run(['git', '-C', SRC_DIR, 'ls-files', '-z', '--cached', '--others',
                '--exclude-standard'])
    if proc.returncode != 0:
        return None
    return sorted(p for p in proc.stdout.split('\0') if p)


def ignored(rel):
    parts = rel.split('/')
    if any(fnmatch.fnmatch(parts[0], pat) for pat in COPY_IGNORE):
        return True
    if any(p in ('.git', '__pycache__') or p.endswith('.pyc') for p in parts):
        return True
    return any(rel == pat or rel.startswith(pat + '/') or fnmatch.fnmatch(rel, pat)
               for pat in DEBIAN_PRODUCTS)


def build_products(tree, parent):
    """What a package build leaves in tree and, as its .deb and .changes, in
    parent."""
    found = set()
    for pattern in ('obj-*',) + DEBIAN_PRODUCTS:
        found.update(glob.glob(os.path.join(tree, pattern)))
    for pattern in ('tpd_*.deb', 'tpd-dbgsym_*.deb', 'tpd-app_*.deb', 'tpd-app-dbgsym_*.deb',
                    'tpd_*.changes', 'tpd_*.buildinfo'):
        found.update(glob.glob(os.path.join(parent, pattern)))
    return found


def copy_source(dest):
    files = source_files()
    if files is None:
        def ignore(directory, names):
            return [n for n in names
                    if ignored(os.path.relpath(os.path.join(directory, n), SRC_DIR))]
        shutil.copytree(SRC_DIR, dest, symlinks=True, ignore=ignore)
        return
    os.mkdir(dest)
    for rel in files:
        src = os.path.join(SRC_DIR, rel)
        # Tracked but deleted in the working tree, or a submodule: not ours.
        if ignored(rel) or not os.path.lexists(src) or \
                (os.path.isdir(src) and not os.path.islink(src)):
            continue
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel), follow_symlinks=False)


def ini_value(path, key):
    """The values of key= in a systemd or D-Bus .service file, or a desktop
    entry."""
    with open(path) as f:
        return [line.split('=', 1)[1].strip() for line in f
                if line.strip().startswith(key + '=')]


class InstallTreeTest(unittest.TestCase):
    """meson install --destdir of the build directory."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='tpd-install-')
        cls.dest = os.path.join(cls.tmp.name, 'dest')
        cls.error = None
        cls.files = set()
        cls.with_app = False
        try:
            cls.with_app = app_built()
            cls.files = meson_install(cls.dest)
        except (AssertionError, OSError, subprocess.SubprocessError) as e:
            # Reported by every test: an error in setUpClass has no TAP line.
            cls.error = str(e)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        if self.error:
            self.fail(self.error)

    def test_tree_is_the_debian_layout(self):
        assert_same_files(self, self.files, expected_layout(self.with_app),
                          'meson install --destdir is not the Debian layout (%s the app)'
                          % ('with' if self.with_app else 'without'))

    def test_data_files_are_those_of_the_source(self):
        installed = {f for f in self.files if f.startswith('usr/share/tpd/')}
        self.assertTrue(data_files(), 'no data files in %s/data' % SRC_DIR)
        assert_same_files(self, installed, data_files(),
                          'usr/share/tpd is not data/{%s}' % ','.join(DATA_KINDS))

    def test_programs_are_executable(self):
        programs = ['usr/sbin/tpd', 'usr/bin/tpctl'] + (['usr/bin/tpd-app'] if self.with_app else [])
        for rel in programs:
            mode = os.stat(os.path.join(self.dest, rel)).st_mode
            self.assertTrue(stat.S_ISREG(mode), rel)
            self.assertEqual(mode & 0o555, 0o555, '%s is %o' % (rel, mode & 0o7777))
        for rel in EXPECTED_FILES + APP_FILES:
            if rel in self.files and not rel.startswith(('usr/sbin/', 'usr/bin/')):
                mode = os.stat(os.path.join(self.dest, rel)).st_mode
                self.assertFalse(mode & 0o111, '%s is executable' % rel)

    def test_unit_starts_usr_sbin_tpd(self):
        unit = os.path.join(self.dest, 'lib/systemd/system/tpd.service')
        execs = ini_value(unit, 'ExecStart')
        self.assertEqual(len(execs), 1, execs)
        self.assertEqual(execs[0].split()[0], TPD_PATH, execs)

    def test_activation_starts_usr_sbin_tpd(self):
        service = os.path.join(self.dest, 'usr/share/dbus-1/system-services/io.tpd.Tpd1.service')
        self.assertEqual(ini_value(service, 'Name'), ['io.tpd.Tpd1'])
        execs = ini_value(service, 'Exec')
        self.assertEqual(len(execs), 1, execs)
        self.assertEqual(execs[0].split()[0], TPD_PATH, execs)
        self.assertEqual(ini_value(service, 'SystemdService'), ['tpd.service'])

    def test_desktop_entry_names_the_installed_app(self):
        if not self.with_app:
            self.skipTest('%s does not build the app (-Dapp)' % BUILD_DIR)
        entry = os.path.join(self.dest, 'usr/share/applications/io.tpd.App.desktop')
        self.assertEqual(ini_value(entry, 'Exec'), [os.path.basename(APP_PATH)])
        self.assertEqual(ini_value(entry, 'Icon'), ['io.tpd.App'])
        with open(os.path.join(self.dest, 'usr/share/metainfo/io.tpd.App.metainfo.xml')) as f:
            self.assertIn('<launchable type="desktop-id">io.tpd.App.desktop</launchable>',
                          f.read())


class PackageTest(unittest.TestCase):
    """dpkg-buildpackage -us -uc -b on a copy of the source tree."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix='tpd-deb-')
        cls.top = cls.tmp.name
        cls.error = None
        cls.build_seconds = None
        try:
            cls.build()
        except (AssertionError, OSError, subprocess.SubprocessError) as e:
            # Reported by every test: an error in setUpClass has no TAP line.
            cls.error = str(e)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def build(cls):
        missing = sorted({pkg for tool, pkg in TOOL_PACKAGES if not shutil.which(tool)})
        if missing:
            raise AssertionError('the package test needs %s: apt-get install %s'
                                 % (', '.join(missing), ' '.join(missing)))
        cls.layout = meson_install(os.path.join(cls.top, 'dest'))
        cls.version = project_version()
        tree = os.path.join(cls.top, 'tpd-' + cls.version)
        copy_source(tree)
        cls.products_before = build_products(SRC_DIR, os.path.dirname(SRC_DIR))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(('TPD_', 'TPCTL_', 'MESON_', 'DEB_', 'DH_'))}
        env.update(DEB_BUILD_OPTIONS='parallel=2', LC_ALL='C.UTF-8')
        started = time.monotonic()
        proc = subprocess.run(['dpkg-buildpackage', '-us', '-uc', '-b'], cwd=tree, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=480)
        cls.build_seconds = time.monotonic() - started
        sys.stderr.write('test_install: dpkg-buildpackage took %.0f s\n' % cls.build_seconds)
        cls.build_log = proc.stdout
        if proc.returncode != 0:
            raise AssertionError('dpkg-buildpackage -us -uc -b failed (%d):\n%s'
                                 % (proc.returncode, tail(proc.stdout, 60)))
        cls.debs = {pkg: sorted(glob.glob(os.path.join(cls.top, pkg + '_*.deb')))
                    for pkg in DEB_ONLY_FILES}
        cls.changes = glob.glob(os.path.join(cls.top, 'tpd_*.changes'))
        cls.contents = {pkg: deb_files(debs[0])
                        for pkg, debs in cls.debs.items() if len(debs) == 1}
        if len(cls.debs['tpd']) == 1:
            cls.deb = cls.debs['tpd'][0]
            cls.control = os.path.join(cls.top, 'control')
            proc = run(['dpkg-deb', '-e', cls.deb, cls.control])
            if proc.returncode != 0:
                raise AssertionError('dpkg-deb -e failed: ' + proc.stderr)

    def setUp(self):
        if self.error:
            self.fail(self.error)
        for pkg, debs in self.debs.items():
            self.assertEqual(len(debs), 1, 'not exactly one %s_*.deb: %s'
                             % (pkg, [os.path.basename(d) for d in debs]))

    def field(self, name, pkg='tpd'):
        proc = run(['dpkg-deb', '-f', self.debs[pkg][0], name])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.strip()

    def relations(self, pkg, fields=('Pre-Depends', 'Depends', 'Recommends')):
        """The package names in pkg's fields, alternatives included."""
        return {alt.split()[0] for field in fields for dep in self.field(field, pkg).split(',')
                for alt in dep.split('|') if alt.strip()}

    def test_one_deb_each_of_the_project_version(self):
        for pkg, debs in self.debs.items():
            self.assertEqual(self.field('Package', pkg), pkg)
            # A native package: its version is the project's (debian/changelog).
            self.assertEqual(self.field('Version', pkg), self.version)
            self.assertEqual(os.path.basename(debs[0]), '%s_%s_%s.deb'
                             % (pkg, self.version, self.field('Architecture', pkg)))

    def test_source_tree_is_left_alone(self):
        # Built in the copy: the build's products appear there, not in
        # the source tree or next to it.
        tree = os.path.join(self.top, 'tpd-' + self.version)
        self.assertTrue(build_products(tree, self.top), 'nothing built in ' + tree)
        new = build_products(SRC_DIR, os.path.dirname(SRC_DIR)) - self.products_before
        self.assertEqual(new, set(), 'the package build wrote to the source tree')

    def test_files_are_the_install_layout(self):
        # The layout of TPD_BUILD_DIR, with or without the app; the package
        # build always builds it (debian/rules).
        app = app_files()
        expected = {'tpd': self.layout - app, 'tpd-app': app}
        for pkg, files in expected.items():
            assert_same_files(self, set(self.contents[pkg]), files | DEB_ONLY_FILES[pkg],
                              'the %s .deb is not its share of the meson install layout '
                              '(plus %s)' % (pkg, ', '.join(sorted(DEB_ONLY_FILES[pkg]))))

    def test_packages_share_no_file(self):
        both = set(self.contents['tpd']) & set(self.contents['tpd-app'])
        self.assertEqual(both, set(), 'in both tpd and tpd-app')
        tpd_dirs = ('etc/', 'lib/', 'usr/sbin/', 'usr/share/tpd/', 'usr/share/dbus-1/',
                    'usr/share/polkit-1/', 'usr/lib/')
        self.assertEqual([f for f in self.contents['tpd-app'] if f.startswith(tpd_dirs)], [])

    def test_programs_are_executable(self):
        for pkg, rel in (('tpd', 'usr/sbin/tpd'), ('tpd', 'usr/bin/tpctl'),
                         ('tpd-app', APP_PATH.lstrip('/'))):
            member = self.contents[pkg][rel]
            self.assertTrue(member.isfile(), rel)
            self.assertEqual(member.mode & 0o555, 0o555, '%s is %o' % (rel, member.mode))

    def test_depends(self):
        info = run(['dpkg-deb', '-I', self.deb])
        self.assertEqual(info.returncode, 0, info.stderr)
        depends = [line for line in info.stdout.splitlines()
                   if line.strip().startswith('Depends:')]
        self.assertEqual(len(depends), 1, info.stdout)
        names = {alt.split()[0] for dep in depends[0].split(':', 1)[1].split(',')
                 for alt in dep.split('|')}
        for prefix in ('libdbus-1-', 'libglib2.0-', 'libsystemd'):
            self.assertTrue(any(n.startswith(prefix) for n in names),
                            '%s* missing from %s' % (prefix, depends[0]))
        self.assertIn('dbus', names, depends[0])
        self.assertIn('bluez', self.field('Recommends'))
        gtk = sorted(n for n in self.relations('tpd') if n.startswith(GTK_PACKAGES))
        self.assertEqual(gtk, [], 'package tpd needs GTK')

    def test_app_depends(self):
        depends = self.relations('tpd-app', ('Depends',))
        for prefix in ('libgtk-4-', 'libadwaita-1-', 'libglib2.0-'):
            self.assertTrue(any(n.startswith(prefix) for n in depends),
                            '%s* missing from %s' % (prefix, sorted(depends)))
        # It is a client: tpd is recommended (it may run elsewhere, later),
        # not required.
        self.assertNotIn('tpd', depends)
        self.assertIn('tpd', self.relations('tpd-app', ('Recommends',)))

    def test_postinst_creates_the_user_before_enabling_the_unit(self):
        with open(os.path.join(self.control, 'postinst')) as f:
            postinst = f.read()
        sysusers = postinst.find('systemd-sysusers')
        tmpfiles = postinst.find('systemd-tmpfiles')
        enable = postinst.find("deb-systemd-helper enable 'tpd.service'")
        start = postinst.find("deb-systemd-invoke $_dh_action 'tpd.service'")
        self.assertNotEqual(sysusers, -1, 'no systemd-sysusers call:\n' + postinst)
        self.assertIn('tpd.conf', postinst[sysusers:postinst.find('\n', sysusers)])
        self.assertNotEqual(tmpfiles, -1, 'no systemd-tmpfiles call:\n' + postinst)
        self.assertNotEqual(enable, -1, 'tpd.service is not enabled:\n' + postinst)
        self.assertNotEqual(start, -1, 'tpd.service is not started:\n' + postinst)
        self.assertLess(sysusers, tmpfiles, 'tmpfiles before user tpd exists:\n' + postinst)
        self.assertLess(tmpfiles, enable, postinst)
        self.assertLess(enable, start, postinst)
        with open(os.path.join(self.control, 'conffiles')) as f:
            self.assertEqual(f.read().split(), ['/etc/tpd/tpd.conf'])

    def test_lintian_reports_no_error(self):
        self.assertEqual(len(self.changes), 1, self.changes)
        # The .changes names both .debs, their debug symbols and the .buildinfo.
        proc = run(['lintian', '--no-cfg', '--info', self.changes[0]], timeout=300)
        tags = [line for line in proc.stdout.splitlines() if line[:2] in ('E:', 'W:', 'I:')]
        errors = [line for line in tags if line.startswith('E:')]
        if errors:
            self.fail('lintian reports %d error(s):\n%s' % (len(errors), '\n'.join(tags)))
        # 0, or 2 for tags at the --fail-on level; 1 is lintian's own error.
        self.assertIn(proc.returncode, (0, 2), proc.stderr)

    def test_runs_from_a_throwaway_root(self):
        root = os.path.join(self.top, 'root')
        proc = run(['dpkg-deb', '-x', self.deb, root])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        tpd = os.path.join(root, TPD_PATH.lstrip('/'))
        proc = run([tpd, '--version'])
        self.assertEqual((proc.returncode, proc.stdout.strip()), (0, 'tpd ' + self.version),
                         proc.stderr)
        data = os.path.join(root, 'usr/share/tpd')
        proc = run([tpd, '--check-data', data])
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        proc = run([os.path.join(root, 'usr/bin/tpctl'), '--help'])
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_app_runs_from_a_throwaway_root(self):
        # --help is answered before GTK opens a display.
        root = os.path.join(self.top, 'app-root')
        proc = run(['dpkg-deb', '-x', self.debs['tpd-app'][0], root])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        env = {k: v for k, v in os.environ.items() if k not in ('DISPLAY', 'WAYLAND_DISPLAY')}
        proc = run([os.path.join(root, APP_PATH.lstrip('/')), '--help'], env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn('Usage', proc.stdout)
