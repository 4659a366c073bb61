# SPDX-License-Identifier: LGPL-2.1-or-later
"""Device-side emulators of the BLE massager protocols in PROTOCOLS.md.

Plain Python, no D-Bus: the fake BlueZ (bluez5_gatt.py) hands every frame
that reaches a device to its emulator and sends back the notifications the
emulator returns.  Written from PROTOCOLS.md alone (not from tpd's encoder),
so that a shared misreading cannot hide a bug.  Each emulator is strict: a
byte the document does not allow is an error, and a frame with an error
changes nothing (no motor change, no reply).
"""

import configparser
import re

# Results of the ATT layer, mapped to org.bluez.Error.* by the fake.
WRITE_NOT_PERMITTED = 'write-not-permitted'
READ_NOT_PERMITTED = 'read-not-permitted'


def uuid16(short):
    """The 128-bit form of a 16-bit SIG UUID, lower case as BlueZ shows it."""
    return '%08x-0000-1000-8000-00805f9b34fb' % short


def hexdump(data):
    return ' '.join('%02X' % b for b in data)


def checksum(data):
    """Theragun checksum: sum of bytes 2..end, modulo 256 (PROTOCOLS.md §2.2)."""
    return sum(data[2:]) & 0xFF


GATT_SERVICE = uuid16(0x1801)
SERVICE_CHANGED = uuid16(0x2A05)
BATTERY_SERVICE = uuid16(0x180F)
BATTERY_LEVEL = uuid16(0x2A19)


class Char:
    def __init__(self, uuid, *flags):
        self.uuid = uuid
        self.flags = tuple(flags)


class Service:
    def __init__(self, uuid, *chars):
        self.uuid = uuid
        self.chars = list(chars)


class Emulator:
    """Common part: frame log, error log, motor state, ATT-level checks.

    Subclasses set the layout (SERVICES), the characteristic that takes
    frames (TX) and the one that notifies (RX), and implement handle()."""

    KIND = ''
    SERVICES = ()
    TX = None
    RX = None
    BATTERY_CHAR = None
    battery = None

    def __init__(self, name='', address='00:00:00:00:00:00'):
        self.name = name
        self.address = address
        self.frames = []        # (bytes, write type) since creation or clear_frames()
        self.errors = []        # human-readable protocol violations
        self.running = False
        self.level = 0

    # -- layout ------------------------------------------------------------

    def advertised_uuids(self):
        """The protocol services the device puts in its advertisements."""
        return [s.uuid for s in self.SERVICES if s.uuid not in (GATT_SERVICE, BATTERY_SERVICE)]

    def layout(self):
        """All services, in handle order: the GATT service every LE device
        has first (so a client must pick by UUID), then the protocol's."""
        return [Service(GATT_SERVICE, Char(SERVICE_CHANGED, 'indicate'))] + list(self.SERVICES)

    def char(self, uuid):
        for service in self.layout():
            for c in service.chars:
                if c.uuid == uuid:
                    return c
        raise KeyError(uuid)

    # -- host to device ------------------------------------------------------

    def write(self, uuid, data, write_type):
        """A write that went over the air.  Returns (att_error, notifications)
        with notifications a list of (characteristic uuid, bytes)."""
        data = bytes(data)
        self.frames.append((data, write_type))
        n = len(self.frames)
        flags = self.char(uuid).flags
        if 'write' not in flags and 'write-without-response' not in flags:
            self.error(n, data, 'written to %s, which is not writable' % uuid)
            return WRITE_NOT_PERMITTED, []
        if write_type == 'request' and 'write' not in flags:
            # The device answers the ATT Write Request with an error.
            self.error(n, data, 'written as request to %s, which has no "write" flag '
                       '(ATT Write Not Permitted)' % uuid)
            return WRITE_NOT_PERMITTED, []
        if write_type == 'command' and 'write-without-response' not in flags:
            # An ATT Write Command the server cannot take is dropped silently.
            self.error(n, data, 'written as command to %s, which has no '
                       '"write-without-response" flag (the device ignores it)' % uuid)
            return None, []
        if uuid != self.TX:
            self.error(n, data, 'written to %s, the protocol writes to %s' % (uuid, self.TX))
            return None, []
        return None, [(self.RX, reply) for reply in self.handle(n, data, write_type)]

    def handle(self, n, data, write_type):
        """Validate and act on frame number n; return the replies on RX."""
        raise NotImplementedError

    def read(self, uuid):
        """ReadValue: (att_error, value)."""
        if 'read' not in self.char(uuid).flags:
            return READ_NOT_PERMITTED, b''
        if uuid == self.BATTERY_CHAR:
            return None, bytes([self.battery])
        return None, b''

    def set_battery(self, percent):
        """The battery level changed; notifications the device sends."""
        self.battery = percent
        if self.BATTERY_CHAR:
            return [(self.BATTERY_CHAR, bytes([percent]))]
        return []

    # -- bookkeeping ---------------------------------------------------------

    def error(self, n, data, text):
        self.errors.append('frame %d (%s): %s' % (n, hexdump(data), text))

    def problems_report(self, n, data, problems):
        """Record all problems of one frame as one error; True if there were any."""
        if problems:
            self.error(n, data, '; '.join(problems))
        return bool(problems)

    @staticmethod
    def type_problem(write_type, needed):
        # None: not known. A GATT server under BlueZ (tests/e2e) is not
        # told whether a write came as a request or a command.
        if write_type is not None and write_type != needed:
            return ['written as %s, the protocol needs %s' % (write_type, needed)]
        return []

    @staticmethod
    def byte_problems(data, expected):
        """Compare against a pattern where None marks a variable byte."""
        if len(data) != len(expected):
            return ['length %d, expected %d' % (len(data), len(expected))]
        return ['byte %d is 0x%02X, expected 0x%02X' % (i, b, e)
                for i, (b, e) in enumerate(zip(data, expected)) if e is not None and b != e]

    def clear_frames(self):
        self.frames = []

    def state(self):
        return {'Running': self.running, 'Level': self.level, 'Emulator': self.KIND}


class Theragun(Emulator):
    """Theragun gen 4 (PROTOCOLS.md §2): service 0xFFE0, notify 0xFFE1,
    write 0xFFE2; frames AA cs TYPE ..., replies BB cs TYPE ..."""

    KIND = 'theragun'
    TX = uuid16(0xFFE2)
    RX = uuid16(0xFFE1)
    SERVICES = (Service(uuid16(0xFFE0),
                        Char(RX, 'notify'),
                        Char(TX, 'write', 'write-without-response')),)
    SET_SPEED, STATUS, VERSION = 0x01, 0x10, 0x20
    STATUS_LENGTH, VERSION_LENGTH = 16, 14

    def __init__(self, name='', address='00:00:00:00:00:00', version=216):
        super().__init__(name, address)
        # §2.2: Pro/Elite 0-3616 RPM, Prime 0-3584 RPM.
        self.max_speed = 3584 if name.lower() == 'prime' else 3616
        self.version = version

    def handle(self, n, data, write_type):
        problems = self.frame_problems(data)
        if problems:
            self.problems_report(n, data, problems)
            return []
        kind = data[2]
        if kind == self.SET_SPEED:
            return self.set_speed(n, data, write_type)
        if kind == self.STATUS:
            if self.problems_report(n, data, self.type_problem(write_type, 'request')):
                return []
            return [self.status_reply()]
        if self.problems_report(n, data, self.type_problem(write_type, 'command')):
            return []
        return [self.version_reply()]

    def frame_problems(self, data):
        """Lead byte, type, exact length, constants and checksum."""
        if len(data) < 3:
            return ['length %d, too short for any frame' % len(data)]
        patterns = {self.SET_SPEED: [0xAA, None, 0x01, 0x03, None, None, 0x03],
                    self.STATUS: [0xAA, None, 0x10, 0x00],
                    self.VERSION: [0xAA, None, 0x20, 0x00]}
        if data[0] != 0xAA:
            return ['lead byte 0x%02X, expected 0xAA' % data[0]]
        if data[2] not in patterns:
            return ['unknown command 0x%02X' % data[2]]
        problems = self.byte_problems(data, patterns[data[2]])
        if data[1] != checksum(data):
            problems.append('bad checksum 0x%02X, expected 0x%02X' % (data[1], checksum(data)))
        return problems

    def set_speed(self, n, data, write_type):
        speed = data[4] << 8 | data[5]
        problems = self.type_problem(write_type, 'request')
        if speed > self.max_speed:
            problems.append('speed %d out of range 0..%d' % (speed, self.max_speed))
        if not self.problems_report(n, data, problems):
            self.level = speed
            self.running = speed > 0
        return []

    def status_reply(self):
        """BB cs 10 00 RUNNING 00 ... speed (big-endian) at 13..14."""
        frame = bytearray(self.STATUS_LENGTH)
        frame[0], frame[2] = 0xBB, self.STATUS
        frame[4] = 1 if self.running else 0
        frame[13], frame[14] = self.level >> 8, self.level & 0xFF
        frame[1] = checksum(frame)
        return bytes(frame)

    def version_reply(self):
        """BB cs 20 ... version V (big-endian) at 12..13, V=216 for 2.1.6."""
        frame = bytearray(self.VERSION_LENGTH)
        frame[0], frame[2] = 0xBB, self.VERSION
        frame[12], frame[13] = self.version >> 8, self.version & 0xFF
        frame[1] = checksum(frame)
        return bytes(frame)


class MagicMotion(Emulator):
    """Magic Motion v1 (PROTOCOLS.md §4.3): 12-byte frames, write command,
    standard battery service."""

    KIND = 'magic-motion'
    TX = '78667579-a914-49a4-8333-aa3c0cd8fedc'
    BATTERY_CHAR = BATTERY_LEVEL
    SERVICES = (Service('78667579-7b48-43db-b8c5-7928a6b0a335',
                        Char(TX, 'write-without-response')),
                Service(BATTERY_SERVICE, Char(BATTERY_LEVEL, 'read', 'notify')))
    PATTERN = [0x0B, 0xFF, 0x04, 0x0A, 0x32, 0x32, 0x00, 0x04, 0x08, None, 0x64, 0x00]

    def __init__(self, name='', address='00:00:00:00:00:00'):
        super().__init__(name, address)
        self.battery = 80

    def handle(self, n, data, write_type):
        problems = self.byte_problems(data, self.PATTERN) + self.type_problem(write_type, 'command')
        if len(data) == len(self.PATTERN) and data[9] > 100:
            problems.append('level %d out of range 0..100' % data[9])
        if not self.problems_report(n, data, problems):
            self.level = data[9]
            self.running = self.level > 0
        return []


class Lovense(Emulator):
    """Lovense ASCII protocol (PROTOCOLS.md §4.1), FFF0 layout: one command
    ending in ';' per write, write command."""

    KIND = 'lovense'
    TX = uuid16(0xFFF2)
    RX = uuid16(0xFFF1)
    SERVICES = (Service(uuid16(0xFFF0),
                        Char(TX, 'write-without-response', 'write'),
                        Char(RX, 'notify')),)
    VIBRATE = re.compile(r'Vibrate:(0|[1-9][0-9]?);')

    def __init__(self, name='', address='00:00:00:00:00:00'):
        super().__init__(name, address)
        self.battery = 85

    def handle(self, n, data, write_type):
        command, problems = self.parse(data)
        problems += self.type_problem(write_type, 'command')
        if self.problems_report(n, data, problems):
            return []
        return [self.execute(*command).encode('ascii')]

    def parse(self, data):
        """((name, argument), problems) for one frame, without acting on it."""
        try:
            text = data.decode('ascii')
        except UnicodeDecodeError:
            return None, ['not ASCII']
        if not text.isprintable():
            return None, ['not printable ASCII']
        if text in ('Battery;', 'DeviceType;', 'Status:1;'):
            return (text, None), []
        match = self.VIBRATE.fullmatch(text)
        if not match:
            return None, ['unknown command %r' % text]
        level = int(match.group(1))
        if level > 20:
            return None, ['level %d out of range 0..20' % level]
        return ('Vibrate', level), []

    def execute(self, name, level):
        """The reply to a valid command."""
        if name == 'Battery;':
            return '%d;' % self.battery
        if name == 'DeviceType;':
            return 'Z:11:%s;' % self.address.replace(':', '').upper()
        if name == 'Status:1;':
            return '2;'
        self.level = level
        self.running = level > 0
        return 'OK;'


class WeVibe(Emulator):
    """WeVibe (PROTOCOLS.md §4.2): 8-byte frames, write request; levels in
    the nibbles of byte 3, both zero only as the stop frame."""

    KIND = 'wevibe'
    TX = 'f000c000-0451-4000-b000-000000000000'
    RX = 'f000b000-0451-4000-b000-000000000000'
    SERVICES = (Service('f000bb03-0451-4000-b000-000000000000',
                        Char(TX, 'write'),
                        Char(RX, 'notify')),)
    LEVELS = [0x0F, 0x03, 0x00, None, 0x00, 0x03, 0x00, 0x00]
    STOP = bytes([0x0F, 0, 0, 0, 0, 0, 0, 0])

    def handle(self, n, data, write_type):
        problems = self.type_problem(write_type, 'request')
        if data == self.STOP:
            level = 0
        else:
            problems = self.byte_problems(data, self.LEVELS) + problems
            level = data[3] if len(data) == len(self.LEVELS) else 0
            if not problems and level == 0:
                problems.append('levels 0/0 must be sent as the stop frame 0F 00 00 00 00 00 00 00')
        if not self.problems_report(n, data, problems):
            self.level = level
            self.running = level > 0
        return []

    def state(self):
        state = super().state()
        state.update(Internal=self.level >> 4, External=self.level & 0x0F)
        return state


def normal_uuid(text):
    """A model file's UUID (ffe0, 0x180F, 0000fff2, or 128-bit) as BlueZ
    shows it (tpd-model(5))."""
    text = text.strip().lower()
    if text.startswith('0x'):
        text = text[2:]
    if re.fullmatch(r'[0-9a-f]{4}', text):
        return '0000%s-0000-1000-8000-00805f9b34fb' % text
    if re.fullmatch(r'[0-9a-f]{8}', text):
        return '%s-0000-1000-8000-00805f9b34fb' % text
    if re.fullmatch(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', text):
        return text
    raise ValueError('not a UUID: %r' % text)


def literal_frame(text):
    """The bytes of a frame template without level placeholders (a stop or
    init frame): hex bytes, "quoted text", {sum8:A..B} and {xor8:A..B}."""
    out, sums = bytearray(), []
    for token in re.findall(r'"[^"]*"|\S+', text):
        if token.startswith('"'):
            out += token[1:-1].encode('ascii')
        elif token.startswith('{'):
            kind, first, last = re.fullmatch(r'\{(sum8|xor8):(\d+)\.\.(\d+)\}', token).groups()
            sums.append((len(out), kind, int(first), int(last)))
            out.append(0)
        else:
            out.append(int(token, 16))
    for at, kind, first, last in sums:
        value = 0
        for b in out[first:last + 1]:
            value = (value + b) & 0xFF if kind == 'sum8' else value ^ b
        out[at] = value
    return bytes(out)


class ModelDevice(Emulator):
    """Any device a model file describes (tpd-model(5)): its advertised
    name, services and manufacturer data, its GATT service with the write
    characteristics (flagged for the write types the file names) and the
    notify one. It records every frame with its characteristic and checks
    only what the file says for certain: the write type per
    characteristic; a frame equal to the file's Stop= stops the motor,
    any other frame on the level characteristic runs it. What the bytes of
    a level must be is the test's to say, written out by hand."""

    KIND = 'model'

    def __init__(self, name='', address='00:00:00:00:00:00', model_path=None):
        super().__init__(name, address)
        model = configparser.ConfigParser(interpolation=None, strict=True)
        model.optionxform = str
        with open(model_path) as f:
            model.read_file(f)
        self.model_id = model_path.rsplit('/', 1)[-1].rsplit('.', 1)[0]
        gatt, frame = model['GATT'], model['Frame'] if 'Frame' in model else {}
        # Write=by-flags and Notify=by-flags name no UUID (tpd-model(5)):
        # this device's own are then FFF2 and FFF1, its only write and
        # notify characteristics.
        write_uuid, notify_uuid = gatt['Write'], gatt.get('Notify')
        self.TX = normal_uuid('fff2' if write_uuid == 'by-flags' else write_uuid)
        self.RX = None if notify_uuid is None else \
            normal_uuid('fff1' if notify_uuid == 'by-flags' else notify_uuid)
        write = frame.get('Write', 'request')
        kinds = {     # characteristic of each kind of frame, and its write type
            'init': (gatt.get('InitCharacteristic'), frame.get('InitWrite', write)),
            'frame': (gatt.get('FrameCharacteristic'), write),
            'stop': (gatt.get('StopCharacteristic'), write),
            'start': (gatt.get('StartCharacteristic'), write),
        }
        self.kind_chars = {k: normal_uuid(c) if c else self.TX for k, (c, _) in kinds.items()}
        flags = {}
        for kind, (_, write_type) in kinds.items():
            flags.setdefault(self.kind_chars[kind], set()).add(
                'write' if write_type == 'request' else 'write-without-response')
        chars = [Char(uuid, *sorted(f)) for uuid, f in flags.items()]
        if self.RX:
            chars.append(Char(self.RX, 'notify'))
        service = normal_uuid(gatt['Service'])
        self.SERVICES = (Service(service, *chars),) + tuple(
            Service(normal_uuid(u)) for u in model['Match']['Services'].split(';')
            if u.strip() and normal_uuid(u) != service)
        self.mfr = {}
        if 'ManufacturerData' in model['Match']:
            words = model['Match']['ManufacturerData'].split()
            self.mfr[int(words[0], 16)] = bytes(int(w, 16) for w in words[1:])
        self.stop = literal_frame(frame['Stop']) if 'Stop' in frame else None
        self.writes = []        # (bytes, write type, characteristic)

    def advertised_uuids(self):
        return [s.uuid for s in self.SERVICES]

    def clear_frames(self):
        super().clear_frames()
        self.writes = []

    def write(self, uuid, data, write_type):
        data = bytes(data)
        self.writes.append((data, write_type, uuid))
        n = len(self.writes)
        self.frames.append((data, write_type))
        flags = self.char(uuid).flags
        needed = 'write' if write_type == 'request' else 'write-without-response'
        if needed not in flags:
            self.error(n, data, 'written as %s to %s, which has no "%s" flag' % (
                write_type, uuid, needed))
            return (WRITE_NOT_PERMITTED if write_type == 'request' else None), []
        if uuid == self.kind_chars['stop'] and data == self.stop:
            self.running, self.level = False, 0
        elif uuid == self.kind_chars['frame']:
            self.running = True
        return None, []

    def state(self):
        state = super().state()
        state['Model'] = self.model_id
        return state


EMULATORS = {cls.KIND: cls for cls in (Theragun, MagicMotion, Lovense, WeVibe, ModelDevice)}


def create(kind, name='', address='00:00:00:00:00:00'):
    """A fresh emulator of the given kind; KeyError for an unknown kind."""
    if kind == ModelDevice.KIND:
        raise KeyError(kind)    # made from a file: create_model()
    return EMULATORS[kind](name=name, address=address)


def create_model(path, name='', address='00:00:00:00:00:00'):
    """The device of the model file at @path."""
    return ModelDevice(name=name, address=address, model_path=path)
