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


# Model id, advertised name, intensity (percent), then the frames the device
# must receive, in order, from connecting to the stop after the intensity:
# (bytes, write type, characteristic). The level is the intensity spread
# over Levels (tpd-model(5)): 1 % is the lowest, 100 % the highest.
MM_TX = '78667579-a914-49a4-8333-aa3c0cd8fedc'
WEVIBE_TX = 'f000c000-0451-4000-b000-000000000000'
ROWS = [
    ('lovense', 'LVS-Domi37', 50, [        # Levels 1..20: 50 % is 10
        (b'Vibrate:0;', 'command', uuid16('fff2')),
        (b'Vibrate:10;', 'command', uuid16('fff2')),
        (b'Vibrate:0;', 'command', uuid16('fff2'))]),
    ('magic-motion-v1', 'Magic Cell', 50, [     # Levels 1..100: 50 % is 50
        (h('0B FF 04 0A 32 32 00 04 08 00 64 00'), 'command', MM_TX),
        (h('0B FF 04 0A 32 32 00 04 08 32 64 00'), 'command', MM_TX),
        (h('0B FF 04 0A 32 32 00 04 08 00 64 00'), 'command', MM_TX)]),
    ('wevibe', 'Pivot', 50, [      # Levels 1..15: 50 % is 8
        (h('0F 00 00 00 00 00 00 00'), 'request', WEVIBE_TX),
        (h('0F 03 00 88 00 03 00 00'), 'request', WEVIBE_TX),
        (h('0F 00 00 00 00 00 00 00'), 'request', WEVIBE_TX)]),
    ('foreo-ufo', 'UFO 2', 100, [
        (h('01 01 00'), 'request', uuid16('fff1')),
        (h('01 01 0A'), 'request', uuid16('fff1')),
        (h('01 01 00'), 'request', uuid16('fff1'))]),
    ('foreo-luna', 'LUNA 3', 1, [
        (h('01 00 00'), 'request', uuid16('fff1')),
        (h('01 00 01'), 'request', uuid16('fff1')),
        (h('01 00 00'), 'request', uuid16('fff1'))]),
    ('foreo-luna-play-smart-2', 'LUNA play smart 2', 50, [   # 1..10: 50 % is 5
        (h('01 03 00'), 'request', uuid16('fff1')),
        (h('01 03 05'), 'request', uuid16('fff1')),
        (h('01 03 00'), 'request', uuid16('fff1'))]),
    ('xibao', 'CCYB_1904', 50, [    # Levels 1..99: 50 % is 50 (0x32)
        (h('66 3A 00 06 00 06 01 02 00 02 04 00 B5'), 'command', uuid16('fff2')),
        (h('66 3A 00 06 00 06 01 02 00 02 04 32 E7'), 'command', uuid16('fff2')),
        (h('66 3A 00 06 00 06 01 02 00 02 04 00 B5'), 'command', uuid16('fff2'))]),
    ('pink-punch', 'Pink_Punch', 50, [     # FFE0/FFE1 (§4.7); 50 % is 50
        (h('09 00'), 'request', uuid16('ffe1')),
        (h('09 32'), 'request', uuid16('ffe1')),
        (h('09 00'), 'request', uuid16('ffe1'))]),
    ('meese-tera', 'Meese-V389', 50, [     # Levels 1..10: 50 % is 5
        (h('01 80 01 00'), 'request', uuid16('ffe1')),
        (h('01 80 01 05'), 'request', uuid16('ffe1')),
        (h('01 80 01 00'), 'request', uuid16('ffe1'))]),
]


class ModelFileTest(BluezTestCase):
    def writes(self, bluez_path):
        return [(bytes(d), str(t), str(u)) for d, t, u in
                self.mock('GetWrites', dbus.ObjectPath(bluez_path))]

    def run_row(self, n, model, name, intensity, expected):
        address = 'AA:BB:CC:00:01:%02X' % n
        path = str(self.mock('AddModelDevice', 'hci0', address, name,
                             os.path.join(MODELS, model + '.model')))
        self.massagers.append(path)
        device = self.wait_for_device(address)
        self.assertEqual(self.get(device, DEVICE, 'Model'),
                         self.model_name(model))
        self.connect(address)
        connect_frames = len(expected) - 2
        self.wait_until(lambda: len(self.writes(path)) >= connect_frames, 5,
                        '%s: the frames of connecting' % model)
        self.call(device, DEVICE, 'SetIntensity', dbus.UInt32(intensity))
        self.wait_until(lambda: len(self.writes(path)) >= connect_frames + 1, 5,
                        '%s: the level frame' % model)
        self.call(device, DEVICE, 'Stop')
        self.wait_for_property(device, DEVICE, 'State', 'ready')
        self.assertEqual(self.writes(path), expected, model)
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
        for n, (model, name, intensity, expected) in enumerate(ROWS):
            with self.subTest(model=model):
                self.run_row(n, model, name, intensity, expected)
