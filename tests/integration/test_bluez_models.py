# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every shipped model file end to end: the fake BlueZ presents the device
the file describes (AddModelDevice: name, services, manufacturer data,
characteristics with their flags), tpd adopts it by its advertisement,
connects, runs it at one intensity and stops it, and the device receives
exactly the frames written out below by hand from PROTOCOLS.md (or the
public test vectors it cites), on the right characteristic with the right
write type. A new model file gets its end-to-end test by adding a row."""
import os

import dbus

from bluez_test import BluezTestCase
from tpdtest import DEVICE, SRC_DIR

MODELS = os.path.join(SRC_DIR, 'data', 'models')


def uuid16(short):
    return '0000%s-0000-1000-8000-00805f9b34fb' % short


def h(text):
    return bytes.fromhex(text)


# Model id, advertised name, intensity (percent), then the frames the
# device must receive, (bytes, write type, characteristic): on connecting,
# for the intensity, and for the stop after it. The level is the intensity
# spread over Levels (tpd-model(5)): 1 % is the lowest, 100 % the highest.
MM_TX = '78667579-a914-49a4-8333-aa3c0cd8fedc'
# The Merach file matches no real name as shipped (see it): its placeholder.
MERACH_NAME = "(the gun's advertised name: not known)"
WEVIBE_TX = 'f000c000-0451-4000-b000-000000000000'


def row(model, name, intensity, connect, run, stop):
    return (model, name, intensity, connect, run, stop)


def same(char, write, *frames):
    return [(f, write, char) for f in frames]


ROWS = [
    row('lovense', 'LVS-Domi37', 50,     # Levels 1..20: 50 % is 10
        *[same(uuid16('fff2'), 'command', f) for f in
          (b'Vibrate:0;', b'Vibrate:10;', b'Vibrate:0;')]),
    row('magic-motion-v1', 'Magic Cell', 50,     # Levels 1..100: 50 % is 50
        *[same(MM_TX, 'command', h(f)) for f in
          ('0B FF 04 0A 32 32 00 04 08 00 64 00', '0B FF 04 0A 32 32 00 04 08 32 64 00',
           '0B FF 04 0A 32 32 00 04 08 00 64 00')]),
    row('wevibe', 'Pivot', 50,       # Levels 1..15: 50 % is 8
        *[same(WEVIBE_TX, 'request', h(f)) for f in
          ('0F 00 00 00 00 00 00 00', '0F 03 00 88 00 03 00 00', '0F 00 00 00 00 00 00 00')]),
    row('foreo-ufo', 'UFO 2', 100,
        *[same(uuid16('fff1'), 'request', h(f)) for f in ('01 01 00', '01 01 0A', '01 01 00')]),
    row('foreo-luna', 'LUNA 3', 1,
        *[same(uuid16('fff1'), 'request', h(f)) for f in ('01 00 00', '01 00 01', '01 00 00')]),
    row('foreo-luna-play-smart-2', 'LUNA play smart 2', 50,    # 1..10: 50 % is 5
        *[same(uuid16('fff1'), 'request', h(f)) for f in ('01 03 00', '01 03 05', '01 03 00')]),
    row('xibao', 'CCYB_1904', 50,     # Levels 1..99: 50 % is 50 (0x32)
        *[same(uuid16('fff2'), 'command', h(f)) for f in
          ('66 3A 00 06 00 06 01 02 00 02 04 00 B5', '66 3A 00 06 00 06 01 02 00 02 04 32 E7',
           '66 3A 00 06 00 06 01 02 00 02 04 00 B5')]),
    row('pink-punch', 'Pink_Punch', 50,      # FFE0/FFE1 (§4.7); 50 % is 50
        *[same(uuid16('ffe1'), 'request', h(f)) for f in ('09 00', '09 32', '09 00')]),
    row('meese-tera', 'Meese-V389', 50,      # Levels 1..10: 50 % is 5
        *[same(uuid16('ffe1'), 'request', h(f)) for f in
          ('01 80 01 00', '01 80 01 05', '01 80 01 00')]),
    # §7.3: connect, then the stop; start, then gear 3 (50 % of 1..5);
    # stop. The fake gives by-flags characteristics FFF2 (write).
    row('merach-fascia-gun', MERACH_NAME, 50,
        same(uuid16('fff2'), 'request', h('FD 40 01 BC FE'), h('FD 10 00 ED FE')),
        same(uuid16('fff2'), 'request', h('FD 10 01 EC FE'), h('FD 20 03 DE FE')),
        same(uuid16('fff2'), 'request', h('FD 10 00 ED FE'))),
    # §7.2, the families of issue 14.
    row('lovense-nus', 'LVS-Domi2', 50,
        *[same('6e400002-b5a3-f393-e0a9-e50e24dcca9e', 'command', f) for f in
          (b'Vibrate:0;', b'Vibrate:10;', b'Vibrate:0;')]),
    row('lovense-domi', 'LVS-Domi2', 50,
        *[same('57300002-0023-4bd4-bbd5-a6920e4c5653', 'command', f) for f in
          (b'Vibrate:0;', b'Vibrate:10;', b'Vibrate:0;')]),
    row('wevibe-wand', 'Wand', 1,     # level 1, raw 4
        *[same(WEVIBE_TX, 'request', h(f)) for f in
          ('0F 00 00 00 00 00 00 00', '0F 03 00 04 04 03 00 00', '0F 00 00 00 00 00 00 00')]),
    row('kiiroo-prowand', 'ProWand', 100,     # level 255
        *[same(uuid16('1401'), 'command', h(f)) for f in
          ('00 00 64 00 00 00', '00 00 64 FF FF FF', '00 00 64 00 00 00')]),
    row('kiiroo-spot', 'SPOT W1', 50,     # 1..100: 50
        *[same(uuid16('1401'), 'command', h(f)) for f in
          ('00 FF 00 00 00 00', '00 FF 00 00 00 32', '00 FF 00 00 00 00')]),
    row('svakom-v1', 'Emma NEO', 100,     # level 19
        *[same(uuid16('ffe1'), 'command', h(f)) for f in
          ('55 04 03 00 00 00', '55 04 03 00 01 13', '55 04 03 00 00 00')]),
    row('svakom-v2', 'Emma Neo 2', 50,    # 1..10: 5
        *[same(uuid16('ffe1'), 'request', h(f)) for f in
          ('55 03 03 00 00 00', '55 03 03 00 01 05', '55 03 03 00 00 00')]),
    row('svakom-mini-emma-neo', 'Mini Emma Neo', 50,
        *[same(uuid16('ffe1'), 'command', h(f)) for f in
          ('55 03 00 00 00 00', '55 03 01 00 01 05', '55 03 00 00 00 00')]),
    row('vorze-bach', 'Bach smart', 50,
        *[same('40ee2222-63ec-4b7f-8ce7-712efd55b90e', 'request', h(f)) for f in
          ('06 03 00', '06 03 32', '06 03 00')]),
    row('joyhub', 'J-Rainbow', 50,    # 1..255: 127
        *[same(uuid16('ffa1'), 'command', h(f)) for f in
          ('A0 03 00 00 00 00 AA', 'A0 03 7F 00 00 00 AA', 'A0 03 00 00 00 00 AA')]),
    row('magic-motion-v2', 'funwand', 50,
        *[same(MM_TX, 'command', h(f)) for f in
          ('10 FF 04 0A 32 0A 00 04 08 00 64 00 04 08 00 64 01',
           '10 FF 04 0A 32 0A 00 04 08 32 64 00 04 08 00 64 01',
           '10 FF 04 0A 32 0A 00 04 08 00 64 00 04 08 00 64 01')]),
    row('magic-motion-v3', 'Krush', 50,   # 1..77: 39
        *[same(MM_TX, 'command', h(f)) for f in
          ('0B FF 04 0A 46 46 00 04 08 00 64 00', '0B FF 04 0A 46 46 00 04 08 27 64 00',
           '0B FF 04 0A 46 46 00 04 08 00 64 00')]),
    # Init 01 with response to the command characteristic, then the stop;
    # levels to the other one. The fake advertises company 93's data.
    row('satisfyer-double-wand-er', 'SF Double Wand-er', 50,
        [(h('01'), 'request', '51361501-c5e7-47c7-8a6e-47ebc99d80e8'),
         (h('00 00 00 00'), 'command', '51361502-c5e7-47c7-8a6e-47ebc99d80e8')],
        same('51361502-c5e7-47c7-8a6e-47ebc99d80e8', 'command', h('32 32 32 32')),
        same('51361502-c5e7-47c7-8a6e-47ebc99d80e8', 'command', h('00 00 00 00'))),
    row('mymuse-link-plus', 'MM Massager', 100,   # level 3
        *[same(uuid16('fff1'), 'command', h(f)) for f in
          ('AA 55 06 AA 00 00 00 00', 'AA 55 06 01 01 01 03 FF', 'AA 55 06 AA 00 00 00 00')]),
    row('leten', 'F520A-LT', 50,      # 1..25: 13
        same(uuid16('fff1'), 'request', h('04 01'), h('02 00')),
        same(uuid16('fff1'), 'request', h('02 0D')),
        same(uuid16('fff1'), 'request', h('02 00'))),
    row('lovehoney-desire', 'LOVE EGG', 50,   # 1..127: 63
        *[same(uuid16('ff01'), 'request', h(f)) for f in ('F3 00 00', 'F3 00 3F', 'F3 00 00')]),
]


class ModelFileTest(BluezTestCase):
    def writes(self, bluez_path):
        return [(bytes(d), str(t), str(u)) for d, t, u in
                self.mock('GetWrites', dbus.ObjectPath(bluez_path))]

    def add(self, n, model, name):
        address = 'AA:BB:CC:00:01:%02X' % n
        path = str(self.mock('AddModelDevice', 'hci0', address, name,
                             os.path.join(MODELS, model + '.model')))
        self.massagers.append(path)
        device = self.wait_for_device(address)
        self.assertEqual(self.get(device, DEVICE, 'Model'), self.model_name(model))
        self.connect(address)
        return path, device

    def run_row(self, n, model, name, intensity, connect, run, stop):
        path, device = self.add(n, model, name)
        self.wait_until(lambda: len(self.writes(path)) >= len(connect), 5,
                        '%s: the frames of connecting' % model)
        self.call(device, DEVICE, 'SetIntensity', dbus.UInt32(intensity))
        self.wait_until(lambda: len(self.writes(path)) >= len(connect + run), 5,
                        '%s: the level' % model)
        self.call(device, DEVICE, 'Stop')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        writes = self.writes(path)
        # A model with Keepalive= may resend the level before the stop
        # (tpd-model(5)); only the level in force, and never after it.
        before_stop = len(writes) - len(stop)
        resent = writes[len(connect + run):before_stop]
        self.assertEqual(resent, [run[-1]] * len(resent), model)
        if resent:
            self.assertIn('Keepalive=', open(os.path.join(MODELS, model + '.model')).read())
        self.assertEqual(writes[:len(connect + run)] + writes[before_stop:],
                         connect + run + stop, model)
        self.assertFalse(self.fake_state(path)['Running'])

    def model_name(self, model):
        with open(os.path.join(MODELS, model + '.model')) as f:
            return next(line.split('=', 1)[1].strip() for line in f
                        if line.startswith('Name='))

    def test_every_shipped_model_end_to_end(self):
        # Theragun's own protocol has its emulator (test_bluez_*.py).
        shipped = sorted(f[:-len('.model')] for f in os.listdir(MODELS)
                         if f.endswith('.model') and
                         'Protocol=frame\n' in open(os.path.join(MODELS, f)).read())
        self.assertEqual(sorted(r[0] for r in ROWS), shipped,
                         'every frame model has a row here')
        for n, r in enumerate(ROWS):
            with self.subTest(model=r[0]):
                self.run_row(n, *r)

    def test_merach_reports_battery_and_gear(self):
        path, device = self.add(0, 'merach-fascia-gun', MERACH_NAME)
        self.assertTrue(self.get(device, DEVICE, 'Experimental'))
        # FB 50, running, battery 75 %, gear 3, then mode, time, bluetooth.
        self.mock('SendNotification', dbus.ObjectPath(path),
                  dbus.ByteArray(h('FB 50 01 4B 03 01 00 10 01')))
        self.wait_for_property(device, DEVICE, 'Battery', 75)
        self.wait_for_property(device, DEVICE, 'Speed', 3)
        # Too short for its fields: ignored, said so, nothing changes.
        self.mock('SendNotification', dbus.ObjectPath(path), dbus.ByteArray(h('FB 50 01 09')))
        self.wait_until(lambda: 'too short' in self.log_text(), 5, 'the warning')
        self.assertEqual(self.get(device, DEVICE, 'Battery'), 75)
