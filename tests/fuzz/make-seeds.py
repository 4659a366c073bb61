#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write the generated seeds of tests/fuzz/corpus (committed; run again
after changing the API or the formats): serialized D-Bus calls, Theragun
notifications, frame templates with a level, history files and tpd.conf
variants, and edge cases of the data files. The data files themselves are
seeds where they lie: tests/fuzz/meson.build passes data/muscles,
data/programs, data/models and tests/data as extra corpus directories.

Needs Debian's python3-gi (for GDBusMessage.to_blob), hence /usr/bin/python3.
"""
import glob
import os
import re
import struct
import sys

from gi.repository import Gio, GLib

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, 'corpus')

MANAGER = '/io/tpd/Tpd1'
DEVICE = '/io/tpd/Tpd1/device/02_54_50_44_00_01'
DEVICE2 = '/io/tpd/Tpd1/device/02_54_50_44_00_02'
SESSION = '/io/tpd/Tpd1/session/1'  # the one fuzz-dbus-message starts
M_IFACE = 'io.tpd.Tpd1.Manager'
D_IFACE = 'io.tpd.Tpd1.Device'
S_IFACE = 'io.tpd.Tpd1.Session'
SIM_IFACE = 'io.tpd.Tpd1.Simulator'
PROPS = 'org.freedesktop.DBus.Properties'


def write(target, name, data):
    """One seed file; names say what the seed is."""
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), 'wb') as f:
        f.write(data)


# ---- D-Bus ------------------------------------------------------------------

def call(path, iface, member, signature=None, *args, no_reply=False):
    msg = Gio.DBusMessage.new_method_call('io.tpd.Tpd1', path, iface, member)
    if no_reply:
        msg.set_flags(Gio.DBusMessageFlags.NO_REPLY_EXPECTED)
    if signature is not None:
        msg.set_body(GLib.Variant('(' + signature + ')', args))
    msg.set_serial(1)
    return bytes(msg.to_blob(Gio.DBusCapabilityFlags.NONE))


def dbus_seeds():
    seeds = {
        'list-muscles': call(MANAGER, M_IFACE, 'ListMuscles'),
        'list-programs': call(MANAGER, M_IFACE, 'ListPrograms'),
        'list-zones': call(MANAGER, M_IFACE, 'ListZones'),
        'stop-all': call(MANAGER, M_IFACE, 'StopAll'),
        'stop-all-no-reply': call(MANAGER, M_IFACE, 'StopAll',
                                  no_reply=True),
        'peer-ping': call(DEVICE, 'org.freedesktop.DBus.Peer', 'Ping'),
        'start-discovery': call(MANAGER, M_IFACE, 'StartDiscovery'),
        'stop-discovery': call(MANAGER, M_IFACE, 'StopDiscovery'),
        'find-muscles': call(MANAGER, M_IFACE, 'FindMuscles', 's',
                             'neck, left shoulder'),
        'find-muscles-empty': call(MANAGER, M_IFACE, 'FindMuscles', 's', ''),
        'start-session': call(
            MANAGER, M_IFACE, 'StartSession', 'ossa{sv}', DEVICE2,
            'masseter', 'gentle', {
                'Side': GLib.Variant('s', 'left'),
                'Scale': GLib.Variant('d', 0.8),
                'PainBefore': GLib.Variant('u', 6),
                'Detach': GLib.Variant('b', False)}),
        'start-session-auto': call(MANAGER, M_IFACE, 'StartSession',
                                   'ossa{sv}', '/', 'soleus', 'release', {}),
        'start-session-busy': call(MANAGER, M_IFACE, 'StartSession',
                                   'ossa{sv}', DEVICE, 'trapezius',
                                   'release', {}),
        'start-session-bad-option': call(
            MANAGER, M_IFACE, 'StartSession', 'ossa{sv}', DEVICE2,
            'masseter', 'gentle', {'Scale': GLib.Variant('s', 'big'),
                                   'Speed': GLib.Variant('u', 3)}),
        'start-session-nan': call(
            MANAGER, M_IFACE, 'StartSession', 'ossa{sv}', DEVICE2,
            'masseter', 'gentle',
            {'Scale': GLib.Variant('d', float('nan'))}),
        # What the grown corpus of the first long run reached beyond these
        # seeds, written out: suggestions for typos, zone words, ratings.
        'start-session-typo': call(MANAGER, M_IFACE, 'StartSession',
                                   'ossa{sv}', DEVICE2, 'trapezus', 'relase',
                                   {'Side': GLib.Variant('s', 'centre')}),
        'start-session-pain-high': call(
            MANAGER, M_IFACE, 'StartSession', 'ossa{sv}', DEVICE2,
            'soleus', 'release', {'PainBefore': GLib.Variant('u', 11),
                                  'Detach': GLib.Variant('b', True)}),
        'find-muscles-zones': call(MANAGER, M_IFACE, 'FindMuscles', 's',
                                   'pain behind the eye, jaw and low back'),
        'props-get-unknown': call(DEVICE, PROPS, 'Get', 'ss', D_IFACE,
                                  'Colour'),
        'rate-session-ok': call(MANAGER, M_IFACE, 'RateSession', 'uu', 2, 0),
        'start-session-wrong-sig': call(MANAGER, M_IFACE, 'StartSession',
                                        'oss', DEVICE2, 'masseter', 'gentle'),
        'get-history': call(MANAGER, M_IFACE, 'GetHistory', 'a{sv}', {
            'Muscle': GLib.Variant('s', 'trapezius'),
            'Since': GLib.Variant('x', 1700000000),
            'Limit': GLib.Variant('u', 1)}),
        'get-history-all': call(MANAGER, M_IFACE, 'GetHistory', 'a{sv}', {}),
        'get-trends': call(MANAGER, M_IFACE, 'GetTrends', 'a{sv}', {
            'Muscle': GLib.Variant('s', 'trapezius'),
            'Since': GLib.Variant('x', 1700000000)}),
        'get-trends-limit': call(MANAGER, M_IFACE, 'GetTrends', 'a{sv}', {
            'Limit': GLib.Variant('u', 1)}),
        'rate-session': call(MANAGER, M_IFACE, 'RateSession', 'uu', 1, 3),
        'rate-session-bad': call(MANAGER, M_IFACE, 'RateSession', 'uu',
                                 99, 11),
        'device-connect': call(DEVICE2, D_IFACE, 'Connect'),
        'device-disconnect': call(DEVICE, D_IFACE, 'Disconnect'),
        'device-set-intensity': call(DEVICE2, D_IFACE, 'SetIntensity', 'u',
                                     40),
        'device-set-intensity-busy': call(DEVICE, D_IFACE, 'SetIntensity',
                                          'u', 40),
        'device-set-intensity-high': call(DEVICE2, D_IFACE, 'SetIntensity',
                                          'u', 101),
        'device-stop': call(DEVICE, D_IFACE, 'Stop'),
        'session-pause': call(SESSION, S_IFACE, 'Pause'),
        'session-resume': call(SESSION, S_IFACE, 'Resume'),
        'session-skip': call(SESSION, S_IFACE, 'Skip'),
        'session-stop': call(SESSION, S_IFACE, 'Stop'),
        'session-set-scale': call(SESSION, S_IFACE, 'SetScale', 'd', 1.2),
        'session-set-scale-inf': call(SESSION, S_IFACE, 'SetScale', 'd',
                                      float('inf')),
        'sim-get-frames': call(DEVICE, SIM_IFACE, 'GetFrames'),
        'props-get': call(DEVICE, PROPS, 'Get', 'ss', D_IFACE, 'State'),
        'props-get-battery': call(DEVICE, PROPS, 'Get', 'ss', D_IFACE,
                                  'Battery'),
        'props-get-all-device': call(DEVICE, PROPS, 'GetAll', 's', D_IFACE),
        'props-get-all-session': call(SESSION, PROPS, 'GetAll', 's', S_IFACE),
        'props-get-all-manager': call(MANAGER, PROPS, 'GetAll', 's', M_IFACE),
        'props-get-all-sim': call(DEVICE, PROPS, 'GetAll', 's', SIM_IFACE),
        'props-set-read-only': call(DEVICE, PROPS, 'Set', 'ssv', D_IFACE,
                                    'Intensity', GLib.Variant('u', 5)),
        'props-set-unknown': call(MANAGER, PROPS, 'Set', 'ssv', 'io.nope',
                                  'X', GLib.Variant('as', ['a', 'b'])),
        'props-get-bad-sig': call(DEVICE, PROPS, 'Get', 's', D_IFACE),
        # Was a use-after-free with three objects or more (ea4cd9e).
        'crash-introspect-root': call(
            '/', 'org.freedesktop.DBus.Introspectable', 'Introspect'),
        'introspect-device': call(DEVICE, None, 'Introspect'),
        'introspect-parent': call('/io/tpd/Tpd1/device',
                                  'org.freedesktop.DBus.Introspectable',
                                  'Introspect'),
        'managed-objects': call(MANAGER, 'org.freedesktop.DBus.ObjectManager',
                                'GetManagedObjects'),
        'unknown-method': call(MANAGER, M_IFACE, 'Explode', 'ay',
                               b'\x00\x01'),
        'unknown-interface': call(DEVICE, 'io.nope', 'Stop'),
        'unknown-object': call('/io/tpd/Tpd1/nope', None, 'Stop'),
        'nested-args': call(MANAGER, M_IFACE, 'GetHistory', 'a{sv}', {
            'Muscle': GLib.Variant('v', GLib.Variant('(ai(sa{sg}))',
                                   ([1, 2], ('x', {'k': 'a{sv}'})))),
            'Limit': GLib.Variant('t', 2 ** 64 - 1)}),
        # A Unix fd inside a variant: not in the message's signature, and
        # no GVariant for it (the fuzzer found it).
        'crash-fd-in-variant': call(MANAGER, M_IFACE, 'GetHistory', 'v',
                                    GLib.Variant('h', 0)),
    }
    # Sequences: calls that build on each other within one input.
    seeds['seq-start-pause-scale-stop'] = (
        seeds['start-session'] + call('/io/tpd/Tpd1/session/2', S_IFACE,
                                      'Pause')
        + call('/io/tpd/Tpd1/session/2', S_IFACE, 'SetScale', 'd', 0.5)
        + call('/io/tpd/Tpd1/session/2', S_IFACE, 'Resume')
        + seeds['session-stop'] + seeds['get-history-all'])
    seeds['seq-manual-disconnect'] = (
        seeds['device-set-intensity'] + call(DEVICE2, D_IFACE, 'Disconnect')
        + seeds['device-connect'] + seeds['device-set-intensity'])
    seeds['seq-skip-rate'] = (
        seeds['session-skip'] * 3 + seeds['session-stop']
        + call(MANAGER, M_IFACE, 'RateSession', 'uu', 3, 2))
    for name, data in seeds.items():
        write('dbus-message', name, data)


# ---- Theragun notifications -------------------------------------------------

def theragun(body):
    """A 0xBB notification: lead byte, checksum of bytes 2.., body."""
    return bytes([0xBB, sum(body) & 0xFF]) + bytes(body)


def protocol_seeds():
    status = [0x10, 0x00, 0x01] + [0] * 8 + [0x0E, 0x20]  # running, 3616
    version = [0x20] + [0] * 9 + [0x00, 0xD8]             # 216: 2.1.6
    write('protocol', 'status-running', theragun(status))
    write('protocol', 'status-stopped', theragun([0x10] + [0] * 12))
    write('protocol', 'status-short', theragun(status[:-1]))
    write('protocol', 'version-216', theragun(version))
    write('protocol', 'version-max', theragun(version[:-2] + [0xFF, 0xFF]))
    write('protocol', 'version-short', theragun(version[:-1]))
    bad = bytearray(theragun(status))
    bad[1] ^= 0xFF
    write('protocol', 'bad-checksum', bytes(bad))
    write('protocol', 'wrong-lead', b'\xAA' + theragun(status)[1:])
    write('protocol', 'too-short', b'\xBB\x00')
    write('protocol', 'unknown-type', theragun([0x30, 0x00]))
    write('protocol', 'set-speed-echo', bytes.fromhex('AA70010309 6003'))


# ---- frame templates --------------------------------------------------------

def frame_seeds():
    """Every Frame= and Stop= of data/models, with a level from its range,
    and templates that reach each placeholder's limits."""
    for path in sorted(glob.glob(os.path.join(TOP, 'data/models/*.model'))):
        text = open(path).read()
        levels = re.search(r'^Levels=(\d+)\.\.(\d+)', text, re.M)
        high = int(levels.group(2)) if levels else 255
        stem = os.path.basename(path)[:-len('.model')]
        for key, level in (('Frame', high), ('Stop', 0)):
            m = re.search(r'^%s=(.*)$' % key, text, re.M)
            if m:
                write('frame-template', '%s-%s' % (stem, key.lower()),
                      struct.pack('<I', level) + m.group(1).encode())
    hand = {
        'be16': (300, '01 {level:be16} 02'),
        'nibbles-too-high': (16, '0F {level:nibbles}'),
        'dec-long': (4294967295, '"Vibrate:" {level:dec} ";"'),
        'sum-covers-itself': (1, '01 02 {sum8:0..2}'),
        'sum-outside': (1, '01 {sum8:0..5}'),
        'sum-max': (1, ' '.join(['{sum8:0..0}'] * 33)),
        'too-long': (1, ' '.join(['FF'] * 33)),
        'bad-token': (1, '0G {level'),
        'unterminated-quote': (1, '"abc'),
        'no-space': (1, '01{level}'),
    }
    for name, (level, text) in hand.items():
        write('frame-template', name, struct.pack('<I', level) + text.encode())


# ---- history and tpd.conf ---------------------------------------------------

ENTRY = ("{'Id': <uint32 %d>, 'Start': <int64 1700000000>, 'End': <int64 "
         "1700000095>, 'Device': <'AA:BB:CC:DD:EE:FF'>, 'Model': "
         "<'theragun-prime'>, 'Muscle': <'trapezius'>, 'Side': <'left'>, "
         "'Program': <'release.gun'>, 'Seconds': <uint32 90>, 'Reason': "
         "<'completed'>%s}")


def history_seeds():
    write('history', 'two-entries',
          ENTRY % (1, ", 'PainBefore': <uint32 6>") + '\n'
          + ENTRY % (2, ", 'PainBefore': <uint32 5>, 'PainAfter': <uint32 2>")
          + '\n')
    write('history', 'unknown-key-kept',
          ENTRY % (3, ", 'Attachment': <'ball'>, 'Extra': <[1, 2]>") + '\n')
    write('history', 'damaged-cut-line',
          ENTRY % (1, '') + '\n' + (ENTRY % (7, ''))[:60] + '\n\n  \n')
    write('history', 'pain-out-of-range', ENTRY % (4, ", 'PainAfter': "
                                                    "<uint32 11>") + '\n')
    write('history', 'wrong-type',
          ENTRY.replace("<uint32 %d>", "<'%d'>") % (5, '') + '\n')
    write('history', 'max-id', ENTRY % (4294967295, '') + '\n')
    write('history', 'not-a-dict', "[1, 2, 3]\n'text'\n")
    # Was a NULL dereference: GLib's parser fails without an error (ea4cd9e).
    write('history', 'crash-non-utf8', b"{'Id': <'\xc1'>}\n")


def conf_seeds():
    # The installed, commented copy of every setting: the one seed that is
    # a copy (meson's regression test cannot mix files and directories).
    write('tpd-conf', 'data-tpd.conf',
          open(os.path.join(TOP, 'data/tpd.conf'), 'rb').read())
    write('tpd-conf', 'all-sections',
          '[General]\nLogLevel=debug\n[Limits]\nMaxIntensity=80\n'
          '[Simulator]\nDevices=3\n[Bluetooth]\nAutoAdopt=false\n'
          'ReconnectMin=0.5\nReconnectMax=30\n')
    write('tpd-conf', 'reconnect-backwards',
          '[Bluetooth]\nReconnectMin=10\nReconnectMax=2\n')
    write('tpd-conf', 'bad-values',
          '[Limits]\nMaxIntensity=0x10\n[General]\nLogLevel=loud\n')
    write('tpd-conf', 'unknown-group-and-key',
          '# comment\n[Extra]\nA=1\n[Limits]\nMaxIntensity[de]=5\n')
    write('tpd-conf', 'repeated', '[Limits]\nMaxIntensity=5\n'
          'MaxIntensity=6\n[Limits]\n')


def data_file_seeds():
    """Edge cases the data files of the repository do not have."""
    # Was a heap overflow in the key name check (datafile.c, 37c8129).
    write('muscle', 'crash-key-locale', '[Muscle]\nName[=x\n')
    write('muscle', 'translated-and-lists',
          '[Muscle]\nName=Soleus\nName[de]=Schollenmuskel\nRegion=calf\n'
          'Sides=left;right;\nZones=calf:10;heel:11\nMaxIntensity=101\n'
          'SpotLimit=60\nHoldLimit=90\nSessionLimit=300\nTools=gun;spoon\n'
          'Program=release\nCautions=\\s\\n\\t\nSources=a;;b\n')
    write('program', 'pulse-and-wave',
          '[Program]\nName=P\nDescription=D\nKinds=gun;wand\n'
          '[Step 1]\nName=a\nCue=c\nDuration=10\nStart=10\nEnd=20\n'
          'Pattern=pulse\nPeriod=0.2\nDuty=0.95\nDepth=1\nHold=true\n'
          '[Step 2]\nName=b\nCue=c\nDuration=600\nStart=35\nEnd=0\n'
          'Pattern=wave\nPeriod=60\nDepth=0\n'
          '[Step 33]\nName=c\nCue=c\nDuration=1e2\nStart=-0\nEnd=1.5\n')
    write('model', 'frame-levels',
          '[Model]\nName=F\nKind=wand\nProtocol=frame\nLevels=1..300\n'
          'MaxIntensity=50\nExperimental=true\nSources=x\n'
          '[Match]\nNames=F*;?x[ab]\nServices=fff0;'
          '0000FFE0-0000-1000-8000-00805F9B34FB\n'
          '[GATT]\nService=fff0\nWrite=fff2\nNotify=fff1\n'
          '[Frame]\nFrame={level:be16} {level:dec} {sum8:0..1}\n'
          'Stop=00\nWrite=request\n')
    write('model', 'frame-v2',
          '[Model]\nName=F\nKind=wand\nProtocol=frame\nLevels=3..25\n'
          'Experimental=true\nSources=x\n'
          '[Match]\nNames=F*\nServices=fff0\n'
          '[GATT]\nService=fff0\nWrite=fff2\nNotify=fff1\n'
          'InitCharacteristic=fff3\nStopCharacteristic=fff2\n'
          'FrameCharacteristic=fff4\n'
          '[Frame]\nFrame=FD {level+3} {xor8:0..1} "a;b" {sum8:0..2}\n'
          'Stop=00\nWrite=request\nInit=AA 56 wait=3000; "x;" ; 01\n'
          'InitWrite=command\nKeepalive=100\n'
          '[Notify]\nPrefix=FB 50\nRunning=2:01\nBattery=3\nLevel=4\n')
    write('model', 'theragun-speed',
          '[Model]\nName=T\nKind=gun\nProtocol=theragun\n'
          'Speed=1750..20000\nExperimental=false\nSources=y\n'
          '[Match]\nNames=Pro\nServices=ffe0\n'
          '[GATT]\nService=ffe0\nWrite=ffe2\nNotify=not-a-uuid\n')


def main():
    data_file_seeds()
    dbus_seeds()
    protocol_seeds()
    frame_seeds()
    history_seeds()
    conf_seeds()


if __name__ == '__main__':
    sys.exit(main())
