#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Synthetic Bluetooth captures of a vendor's phone app, for `tpctl learn`.

From a device model file (tpd-model(5)) this writes the Android HCI snoop
log (btsnoop, datalink 1002, H4) that the vendor's app would leave while
driving that device: scanning with the device's advertisement among
others, LE Connection Complete, MTU exchange, full GATT discovery of a
realistic database, CCCD writes, notifications, a battery read, writes to
a handle that is none of the model's, then the control traffic (init
frames, start, levels set 1.5-3 s apart, keep-alive resends, one
duplicated write, stop, a second run), a disconnection, and a second
connection that skips discovery as Android's GATT cache does. Every ACL
packet is split at 27 bytes, so long ATT PDUs arrive in fragments.

Nothing here is shared with tpd or tpctl: the model file is read and its
templates rendered by the small parser and renderer below, written from
the manual page alone, so that the learner is checked against an
independent reading of the format. Real captures (tests/data/captures)
check the learner against traffic nobody here wrote; these check that it
recovers every shipped model from traffic with all the noise of a real
one.

Usage: capture_synth.py MODEL OUT.btsnoop [LEVEL,LEVEL,...]
"""
import random
import re
import struct
import sys

# btsnoop counts microseconds from year 0; this is 1970-01-01 in its count.
BTSNOOP_EPOCH = 0x00DCDDB30F2F8000
BASE_TAIL = '-0000-1000-8000-00805f9b34fb'
ACL_FRAGMENT = 27          # LE ACL data packet length of the controller
APP_MTU, DEVICE_MTU = 517, 247
FIRST_HANDLE, SECOND_HANDLE = 0x0040, 0x0041
ATT_NOT_FOUND = 0x0A
MAX_FRAME = 32

# ---- model files -----------------------------------------------------------


def parse_model(path):
    """{group: {key: value}} of a key file: [Group], Key=value, # comments."""
    groups, group = {}, None
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('[') and line.endswith(']'):
                group = groups.setdefault(line[1:-1], {})
            elif '=' in line and group is not None:
                key, value = line.split('=', 1)
                group[key.strip()] = value.strip()
            else:
                raise ValueError('%s:%d: neither [Group] nor Key=value' % (path, number))
    return groups


def level_range(text):
    low, high = text.split('..')
    return int(low), int(high)


def full_uuid(text):
    """The 128-bit text form of a UUID given short (fff0) or in full."""
    t = text.strip().lower()
    if re.fullmatch(r'[0-9a-f]{4}', t):
        return '0000' + t + BASE_TAIL
    if re.fullmatch(r'[0-9a-f]{8}', t):
        return t + BASE_TAIL
    if re.fullmatch(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', t):
        return t
    raise ValueError('not a UUID: %r' % text)


def uuid_le(text):
    """A UUID as ATT carries it: 2 bytes when on the Bluetooth base, else
    16, little-endian."""
    u = full_uuid(text)
    if u.endswith(BASE_TAIL) and u.startswith('0000'):
        return bytes.fromhex(u[4:8])[::-1]
    return bytes.fromhex(u.replace('-', ''))[::-1]


# ---- templates -------------------------------------------------------------

LEVEL_TOKEN = re.compile(r'\{level(?::(be16|dec|nibbles))?(?:\+(\d+))?\}$')
CHECK_TOKEN = re.compile(r'\{(sum8|xor8):(\d+)\.\.(\d+)\}$')


def tokens(template):
    """Space-separated tokens; quoted text and {...} are one token each."""
    out, at, text = [], 0, template.strip()
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        close = {'"': '"', '{': '}'}.get(text[at])
        end = text.find(close, at + 1) + 1 if close else len(text)
        if close and end == 0:
            raise ValueError('unterminated %s in %r' % (text[at], template))
        if not close:
            found = re.compile(r'\s').search(text, at)
            end = found.start() if found else len(text)
        out.append(text[at:end])
        at = end
    return out


def level_bytes(kind, value):
    if kind is None and value <= 0xFF:
        return bytes([value])
    if kind == 'be16' and value <= 0xFFFF:
        return struct.pack('>H', value)
    if kind == 'dec':
        return str(value).encode('ascii')
    if kind == 'nibbles' and value <= 0x0F:
        return bytes([value << 4 | value])
    raise ValueError('level %d does not fit {level%s}' % (value, ':' + kind if kind else ''))


def render_token(token, level):
    """bytes, or ('sum8'|'xor8', A, B) for a checksum filled in later."""
    if re.fullmatch(r'[0-9A-Fa-f]{2}', token):
        return bytes.fromhex(token)
    if token.startswith('"') and token.endswith('"') and len(token) >= 2:
        return token[1:-1].encode('ascii')
    check = CHECK_TOKEN.match(token)
    if check:
        return (check.group(1), int(check.group(2)), int(check.group(3)))
    placeholder = LEVEL_TOKEN.match(token)
    if placeholder and level is None:
        raise ValueError('%s in a frame without a level' % token)
    if placeholder:
        return level_bytes(placeholder.group(1), level + int(placeholder.group(2) or 0))
    raise ValueError('unknown token %r' % token)


def checksum(kind, span):
    value = 0
    for b in span:
        value = (value + b) & 0xFF if kind == 'sum8' else value ^ b
    return value


def render(template, level=None):
    """The bytes of a frame template at @level (None: a frame that takes
    no level), as tpd-model(5) describes the tokens."""
    frame, checks = bytearray(), []
    for part in (render_token(t, level) for t in tokens(template)):
        if isinstance(part, tuple):
            checks.append((len(frame), part))
            frame.append(0)
        else:
            frame += part
    for at, (kind, a, b) in checks:
        if a > b or b >= len(frame):
            raise ValueError('{%s:%d..%d} outside a %d-byte frame' % (kind, a, b, len(frame)))
        frame[at] = checksum(kind, frame[a:b + 1])
    if not frame or len(frame) > MAX_FRAME:
        raise ValueError('a frame of %d bytes' % len(frame))
    return bytes(frame)


def split_frames(value):
    """Init=: [(template, wait ms)]; a ';' inside quotes does not split."""
    parts, current, quoted = [], '', False
    for ch in value:
        quoted = quoted != (ch == '"')
        if ch == ';' and not quoted:
            parts.append(current)
            current = ''
        else:
            current += ch
    parts.append(current)
    out = []
    for part in (p.strip() for p in parts):
        wait = re.search(r'(?:^|\s)wait=(\d+)$', part)
        template = part[:wait.start()].strip() if wait else part
        if not template:
            raise ValueError('an empty frame in %r' % value)
        out.append((template, int(wait.group(1)) if wait else 0))
    return out


# ---- what the app does, from the model -------------------------------------


def concrete_name(model):
    """The first name pattern of [Match], made concrete."""
    pattern = model['Match']['Names'].split(';')[0]
    return pattern.replace('*', 'A1').replace('?', 'X')


def default_levels(model, seed=0):
    """The lowest level, then 3-6 increasing levels up to the highest
    ({level:nibbles} stays at 15 or below)."""
    low, high = level_range(model['Model']['Levels'])
    if '{level:nibbles' in model['Frame']['Frame']:
        high = min(high, 15)
    rng = random.Random(seed)
    count = min(high - low, rng.randint(3, 6))
    if count <= 0:
        return [low]
    return [low] + sorted(rng.sample(range(low + 1, high), count - 1)) + [high]


class Plan:
    """The model's characteristics and frames, rendered."""

    def __init__(self, model):
        gatt, frame = model['GATT'], model['Frame']
        self.model = model
        self.service = full_uuid(gatt['Service'])
        self.write = full_uuid('fff2' if gatt['Write'] == 'by-flags' else gatt['Write'])
        notify = gatt.get('Notify')
        self.notify = full_uuid('fff1' if notify == 'by-flags' else notify) if notify else None
        self.chars = {role: full_uuid(gatt[key]) if key in gatt else self.write
                      for role, key in (('init', 'InitCharacteristic'), ('level', 'FrameCharacteristic'),
                                        ('stop', 'StopCharacteristic'), ('start', 'StartCharacteristic'))}
        self.write_type = frame['Write']
        self.init_write = frame.get('InitWrite', self.write_type)
        self.frame = frame['Frame']
        self.stop = render(frame['Stop'])
        self.start = render(frame['Start']) if 'Start' in frame else None
        self.init = [(render(t), wait) for t, wait in split_frames(frame['Init'])] \
            if 'Init' in frame else []
        self.keepalive = int(frame['Keepalive']) if 'Keepalive' in frame else None
        self.status = model.get('Notify', {})
        self.ascii = self.frame.lstrip().startswith('"')

    def level(self, level):
        return render(self.frame, level)

    def write_types(self):
        """{characteristic: {'request', 'command'}} of the app's writes."""
        out = {}
        for role, char in self.chars.items():
            kind = self.init_write if role == 'init' else self.write_type
            if role != 'init' or self.init:
                out.setdefault(char, set()).add(kind)
        return out


# ---- the btsnoop file ------------------------------------------------------


class Snoop:
    """HCI records with their times, written out as an H4 btsnoop file."""

    def __init__(self, rng, start_us):
        self.rng, self.now, self.records = rng, start_us, []

    def advance(self, low_ms, high_ms=None):
        ms = low_ms if high_ms is None else self.rng.uniform(low_ms, high_ms)
        self.now += int(ms * 1000)

    def until(self, us):
        self.now = max(self.now, int(us))

    def put(self, received, packet):
        # flags bit 0: received from the controller; bit 1: command/event.
        flags = int(received) | (2 if packet[0] in (0x01, 0x04) else 0)
        self.records.append((self.now, flags, packet))
        self.now += self.rng.randint(30, 250)

    def event(self, code, params):
        self.put(True, struct.pack('<BBB', 0x04, code, len(params)) + params)

    def le_event(self, subevent, params):
        self.event(0x3E, bytes([subevent]) + params)

    def command(self, opcode, params=b'', status=False):
        """A command and its Command Complete (or Command Status)."""
        self.put(False, struct.pack('<BHB', 0x01, opcode, len(params)) + params)
        self.advance(0.2, 1.5)
        if status:
            self.event(0x0F, struct.pack('<BBH', 0x00, 1, opcode))
        else:
            self.event(0x0E, struct.pack('<BHB', 1, opcode, 0x00))

    def acl(self, handle, received, pdu):
        """An ATT PDU in L2CAP, split into ACL packets of 27 bytes: the
        first with PB 0b10 (controller to host) or 0b00, the rest 0b01."""
        frame = struct.pack('<HH', len(pdu), 0x0004) + pdu
        pieces = [frame[i:i + ACL_FRAGMENT] for i in range(0, len(frame), ACL_FRAGMENT)]
        for i, piece in enumerate(pieces):
            pb = 0b01 if i else (0b10 if received else 0b00)
            self.put(received, struct.pack('<BHH', 0x02, handle | pb << 12, len(piece)) + piece)
        return len(pieces)

    def data(self):
        out = [b'btsnoop\0' + struct.pack('>II', 1, 1002)]
        for ts, flags, packet in self.records:
            out.append(struct.pack('>IIIIq', len(packet), len(packet), flags, 0,
                                   ts + BTSNOOP_EPOCH) + packet)
        return b''.join(out)


# ---- the device's GATT server ----------------------------------------------


def pack_run(entries, room):
    """The leading entries of the first one's length that fit in @room."""
    out = []
    for entry in entries:
        if (out and len(entry) != len(out[0])) or (len(out) + 1) * len(entry) > room:
            break
        out.append(entry)
    return out


def att_error(opcode, handle, code=ATT_NOT_FOUND):
    return struct.pack('<BBHB', 0x01, opcode, handle, code)


class Database:
    """Attributes (handle, type as ATT carries it, value) and an ATT
    server answering discovery, reads and writes over them."""

    def __init__(self):
        self.attrs, self.groups, self.values, self.cccds = [], [], {}, {}

    def add(self, kind, value):
        self.attrs.append((len(self.attrs) + 1, uuid_le(kind), value))
        return len(self.attrs)

    def service(self, uuid, chars):
        """chars: (uuid, properties, value); a CCCD follows each
        characteristic that notifies or indicates."""
        start = self.add('2800', uuid_le(uuid))
        for char, props, value in chars:
            handle = len(self.attrs) + 1
            self.add('2803', struct.pack('<BH', props, handle + 1) + uuid_le(char))
            self.values[full_uuid(char)] = self.add(char, value)
            if props & 0x30:
                self.cccds[full_uuid(char)] = self.add('2902', b'\0\0')
        self.groups.append((start, len(self.attrs)))

    def answer(self, pdu, mtu):
        handler = {0x02: self.mtu, 0x04: self.find_information, 0x08: self.by_type,
                   0x0A: self.read, 0x10: self.by_group_type, 0x12: self.write}[pdu[0]]
        return handler(pdu, mtu)

    def mtu(self, pdu, mtu):
        return struct.pack('<BH', 0x03, DEVICE_MTU)

    def in_range(self, pdu):
        start, end = struct.unpack_from('<HH', pdu, 1)
        return start, [a for a in self.attrs if start <= a[0] <= end]

    def by_group_type(self, pdu, mtu):
        start, attrs = self.in_range(pdu)
        ends = dict(self.groups)
        entries = [struct.pack('<HH', h, ends[h]) + v for h, t, v in attrs if t == pdu[5:]]
        found = pack_run(entries, mtu - 2)
        if not found:
            return att_error(0x10, start)
        return bytes([0x11, len(found[0])]) + b''.join(found)

    def by_type(self, pdu, mtu):
        start, attrs = self.in_range(pdu)
        entries = [struct.pack('<H', h) + v for h, t, v in attrs if t == pdu[5:]]
        found = pack_run(entries, mtu - 2)
        if not found:
            return att_error(0x08, start)
        return bytes([0x09, len(found[0])]) + b''.join(found)

    def find_information(self, pdu, mtu):
        start, attrs = self.in_range(pdu)
        found = pack_run([struct.pack('<H', h) + t for h, t, v in attrs], mtu - 2)
        if not found:
            return att_error(0x04, start)
        return bytes([0x05, 1 if len(found[0]) == 4 else 2]) + b''.join(found)

    def read(self, pdu, mtu):
        handle, = struct.unpack_from('<H', pdu, 1)
        return b'\x0b' + self.attrs[handle - 1][2][:mtu - 1]

    def write(self, pdu, mtu):
        return b'\x13'


def properties(kinds):
    """Characteristic properties for the write types the app uses."""
    return (0x08 if 'request' in kinds else 0) | (0x04 if 'command' in kinds else 0)


def model_service_chars(plan):
    chars, seen = [], set()
    for char, kinds in plan.write_types().items():
        props = properties(kinds) | (0x10 if char == plan.notify else 0)
        chars.append((char, props | (0x02 if 'request' in kinds else 0), b''))
        seen.add(char)
    if plan.notify and plan.notify not in seen:
        chars.append((plan.notify, 0x10, b''))
    return chars


TELINK_OTA = '00010203-0405-0607-0809-0a0b0c0d1912'
TELINK_OTA_CHAR = '00010203-0405-0607-0809-0a0b0c0d2b12'
DFU_CHAR = '8ec90003-f315-4f60-9fb8-838830daea50'
OTHER_SERVICE, OTHER_WRITE, OTHER_NOTIFY = 'ae00', 'ae01', 'ae02'


def build_database(plan, name, advertised):
    """Generic Access and Attribute, the model's service, any other
    advertised one, Device Information, Battery, and vendor services
    the model does not use (one of them written to, as apps do)."""
    db = Database()
    db.service('1800', [('2a00', 0x02, name.encode()), ('2a01', 0x02, b'\0\0')])
    db.service('1801', [('2a05', 0x20, b'')])
    db.service(plan.service, model_service_chars(plan))
    for extra in advertised:
        # Advertised but not the model's (MyMuse: d34e, frames on fff0):
        # a service of its own, with one readable characteristic.
        if full_uuid(extra) != plan.service:
            char = '%04x' % (int(full_uuid(extra)[4:8], 16) + 1)
            db.service(extra, [(char, 0x02, b'\x01')])
    db.service('180a', [('2a29', 0x02, b'Vendor Co.'), ('2a26', 0x02, b'V1.0.7')])
    db.service('180f', [('2a19', 0x12, b'\x5a')])
    db.service(OTHER_SERVICE, [(OTHER_WRITE, 0x08, b''), (OTHER_NOTIFY, 0x10, b'')])
    db.service('fe59', [(DFU_CHAR, 0x28, b'')])
    db.service(TELINK_OTA, [(TELINK_OTA_CHAR, 0x06, b'')])
    return db


# ---- advertising -----------------------------------------------------------


def ad(kind, value):
    return bytes([len(value) + 1, kind]) + value


def service_ads(services):
    short = [uuid_le(s) for s in services if len(uuid_le(s)) == 2]
    long_ = [uuid_le(s) for s in services if len(uuid_le(s)) == 16]
    return (ad(0x03, b''.join(short)) if short else b'') + \
        (ad(0x07, b''.join(long_)) if long_ else b'')


def manufacturer_ad(model):
    text = model['Match'].get('ManufacturerData')
    if not text:
        return b''
    words = text.split()
    return ad(0xFF, struct.pack('<H', int(words[0], 16)) + bytes.fromhex(''.join(words[1:])))


def advertisement(model, name):
    """(advertising data, scan response data) of the device."""
    flags = ad(0x01, b'\x06')
    services = [s for s in model['Match']['Services'].split(';') if s.strip()]
    adv = flags + service_ads(services) + manufacturer_ad(model)
    return adv, ad(0x09, name.encode('utf-8'))


class Device:
    def __init__(self, model, plan, rng):
        self.name = concrete_name(model)
        self.address = bytes([rng.randrange(256) for _ in range(5)] + [0xC0 | rng.randrange(64)])
        services = [s for s in model['Match']['Services'].split(';') if s.strip()]
        self.db = build_database(plan, self.name, services)
        self.adv, self.scan_rsp = advertisement(model, self.name)
        # A legacy advertisement holds 31 bytes; more needs extended
        # advertising (Bluetooth 5), and then the host scans that way.
        self.extended = max(len(self.adv), len(self.scan_rsp)) > 31


# ---- the host side: scanning, connecting -----------------------------------

OTHERS = [
    (bytes.fromhex('3a5b7c1d2e6f'), 0x00, ad(0x01, b'\x06') + ad(0x03, b'\xe0\xfe'),
     ad(0x09, b'Mi Smart Band 6')),
    (bytes.fromhex('113355779bdf'), 0x03, ad(0xFF, bytes.fromhex('4c000215') + bytes(21)), None),
]


def report(snoop, extended, kind, address, data, rssi):
    """One advertising report: legacy (kind: 0 ADV_IND, 3 NONCONN, 4
    SCAN_RSP) or extended."""
    if not extended:
        snoop.le_event(0x02, struct.pack('<BBB', 1, kind, 1) + address +
                       bytes([len(data)]) + data + struct.pack('<b', rssi))
        return
    types = {0: 0x13, 3: 0x10, 4: 0x1B, 'ext': 0x01}
    snoop.le_event(0x0D, struct.pack('<BHB', 1, types[kind], 1) + address +
                   struct.pack('<BBBbbHB', 1, 0 if kind != 'ext' else 1, 0xFF, 127, rssi, 0, 0) +
                   bytes(6) + bytes([len(data)]) + data)


def scan(snoop, device, rounds):
    ext = device.extended
    if ext:
        snoop.command(0x2041, struct.pack('<BBBBHH', 1, 0, 0x01, 1, 0x0060, 0x0030))
        snoop.command(0x2042, struct.pack('<BBHH', 1, 1, 0, 0))
    else:
        snoop.command(0x200B, struct.pack('<BHHBB', 1, 0x0060, 0x0030, 1, 0))
        snoop.command(0x200C, b'\x01\x01')
    for _ in range(rounds):
        for address, kind, data, rsp in OTHERS:
            snoop.advance(20, 120)
            report(snoop, ext, kind, address, data, -snoop.rng.randint(60, 90))
            if rsp:
                report(snoop, ext, 4, address, rsp, -snoop.rng.randint(60, 90))
        snoop.advance(20, 120)
        if ext:
            report(snoop, ext, 'ext', device.address, device.adv + device.scan_rsp, -48)
        else:
            report(snoop, ext, 0, device.address, device.adv, -47)
            report(snoop, ext, 4, device.address, device.scan_rsp, -48)
    snoop.advance(30, 80)
    if ext:
        snoop.command(0x2042, struct.pack('<BBHH', 0, 1, 0, 0))
    else:
        snoop.command(0x200C, b'\x00\x01')


def connect(snoop, device, handle):
    """Create Connection, its status, then LE (Enhanced) Connection
    Complete, the remote features and a connection update."""
    snoop.advance(5, 30)
    timing = struct.pack('<HHHHHH', 0x0018, 0x0028, 0, 0x01F4, 0, 0)
    if device.extended:
        snoop.command(0x2043, struct.pack('<BBB', 0, 0, 1) + device.address +
                      struct.pack('<BHH', 1, 0x0060, 0x0060) + timing, status=True)
    else:
        snoop.command(0x200D, struct.pack('<HHBB', 0x0060, 0x0060, 0, 1) + device.address +
                      b'\x00' + timing, status=True)
    snoop.advance(30, 120)
    link = struct.pack('<HHHB', 0x0024, 0, 0x01F4, 0)
    if device.extended:
        snoop.le_event(0x0A, struct.pack('<BHBB', 0, handle, 0, 1) + device.address +
                       bytes(12) + link)
    else:
        snoop.le_event(0x01, struct.pack('<BHBB', 0, handle, 0, 1) + device.address + link)
    snoop.advance(1, 5)
    snoop.command(0x2016, struct.pack('<H', handle), status=True)
    snoop.advance(20, 60)
    snoop.le_event(0x04, struct.pack('<BH', 0, handle) + bytes.fromhex('fd00000000000000'))


def connection_update(snoop, handle):
    snoop.le_event(0x03, struct.pack('<BHHHH', 0, handle, 0x0006, 0, 0x01F4))


def disconnect(snoop, handle):
    snoop.command(0x0406, struct.pack('<HB', handle, 0x13), status=True)
    snoop.advance(20, 80)
    snoop.event(0x05, struct.pack('<BHB', 0, handle, 0x16))


# ---- ATT over one connection -----------------------------------------------


class Link:
    """The app's side of one connection: requests answered by the
    device's database, commands, notifications; every write logged."""

    def __init__(self, snoop, device, handle, log):
        self.snoop, self.db, self.handle, self.log = snoop, device.db, handle, log
        self.mtu = 23

    def send(self, pdu):
        pieces = self.snoop.acl(self.handle, False, pdu)
        self.snoop.advance(0.5, 3)
        self.snoop.event(0x13, struct.pack('<BHH', 1, self.handle, pieces))

    def receive(self, pdu):
        self.snoop.acl(self.handle, True, pdu)

    def request(self, pdu):
        self.send(pdu)
        self.snoop.advance(5, 13)
        answer = self.db.answer(pdu, self.mtu)
        self.receive(answer)
        self.snoop.advance(0.5, 2)
        return answer

    def write(self, char_handle, value, kind):
        opcode = 0x12 if kind == 'request' else 0x52
        self.log['writes'].append((self.handle, char_handle, opcode, value))
        pdu = struct.pack('<BH', opcode, char_handle) + value
        if kind == 'request':
            self.request(pdu)
        else:
            self.send(pdu)

    def notify(self, char_handle, value):
        self.log['notifications'].append((self.handle, char_handle, value))
        self.receive(struct.pack('<BH', 0x1B, char_handle) + value)

    def exchange_mtu(self):
        answer = self.request(struct.pack('<BH', 0x02, APP_MTU))
        self.mtu = min(APP_MTU, struct.unpack_from('<H', answer, 1)[0])


def entries(answer):
    size = answer[1]
    return [answer[i:i + size] for i in range(2, len(answer), size)]


def discover_services(link):
    groups, start = [], 1
    while start <= 0xFFFF:
        answer = link.request(struct.pack('<BHHH', 0x10, start, 0xFFFF, 0x2800))
        if answer[0] == 0x01:
            break
        groups += [struct.unpack_from('<HH', e) for e in entries(answer)]
        start = groups[-1][1] + 1
    return groups


def discover_characteristics(link, start, end):
    """Value handles of the characteristics of a service."""
    link.request(struct.pack('<BHHH', 0x08, start, end, 0x2802))
    values, at = [], start
    while at <= end:
        answer = link.request(struct.pack('<BHHH', 0x08, at, end, 0x2803))
        if answer[0] == 0x01:
            break
        found = [struct.unpack_from('<HBH', e) for e in entries(answer)]
        values += [value for _, _, value in found]
        at = found[-1][0] + 1
    return values


def discover_descriptors(link, values, end):
    for i, value in enumerate(values):
        last = values[i + 1] - 2 if i + 1 < len(values) else end
        at = value + 1
        while at <= last:
            answer = link.request(struct.pack('<BHH', 0x04, at, last))
            if answer[0] == 0x01:
                break
            width = 4 if answer[1] == 1 else 18
            at = struct.unpack_from('<H', answer, len(answer) - width)[0] + 1


def discover(link):
    """Android's full discovery: primary services, then per service its
    included services, characteristics and descriptors."""
    for start, end in discover_services(link):
        values = discover_characteristics(link, start, end)
        discover_descriptors(link, values, end)


# ---- the app ---------------------------------------------------------------


class App:
    """The vendor's app driving one device, recording what it writes."""

    def __init__(self, plan, device, snoop, rng):
        self.plan, self.device, self.snoop, self.rng = plan, device, snoop, rng
        self.db = device.db
        self.log = {'writes': [], 'notifications': []}
        self.control, self.levels, self.link = [], [], None
        self.corrupt, self.corrupted, self.duplicate_at = None, None, None
        self.last_write = None

    def handle(self, char):
        return self.db.values[full_uuid(char)]

    def write(self, role, value):
        """A control frame, to the characteristic of its role."""
        char = self.plan.chars[role]
        kind = self.plan.init_write if role == 'init' else self.plan.write_type
        self.last_write = self.snoop.now
        self.link.write(self.handle(char), value, kind)
        self.control.append(value)

    def reply(self, value):
        """The device's answer to a control frame, now and then."""
        if not self.plan.notify or self.rng.random() < 0.4:
            return
        self.snoop.advance(6, 20)
        if self.plan.status:
            answer = self.status(True)
        else:
            answer = b'OK;' if self.plan.ascii else bytes([0x5A, value[0], 0x00])
        self.link.notify(self.handle(self.plan.notify), answer)

    def status(self, running):
        """A status notification laid out as the model's [Notify] says."""
        status = self.plan.status
        frame = bytearray(bytes.fromhex(status['Prefix'].replace(' ', '')) + bytes(4))
        if 'Running' in status:
            at, value = status['Running'].split(':')
            frame[int(at)] = int(value, 16) if running else 0
        if 'Battery' in status:
            frame[int(status['Battery'])] = 87
        if 'Level' in status and self.levels:
            frame[int(status['Level'])] = self.levels[-1] & 0xFF
        return bytes(frame)

    # -- phases --

    def open(self, handle, first):
        scan(self.snoop, self.device, 2 if first else 1)
        connect(self.snoop, self.device, handle)
        self.link = Link(self.snoop, self.device, handle, self.log)
        self.snoop.advance(40, 90)
        self.link.exchange_mtu()
        if first:
            discover(self.link)
            self.link.request(struct.pack('<BH', 0x0A, self.handle('2a00')))
            self.link.write(self.db.cccds[full_uuid('2a05')], b'\x02\x00', 'request')
        if self.plan.notify:
            self.link.write(self.db.cccds[self.plan.notify], b'\x01\x00', 'request')
        if first:
            self.link.request(struct.pack('<BH', 0x0A, self.handle('2a19')))
            self.link.write(self.handle(OTHER_WRITE), b'\xa5\x01', 'request')
            self.snoop.advance(100, 300)
            connection_update(self.snoop, handle)
        self.snoop.advance(150, 400)

    def init(self):
        for value, wait in self.plan.init:
            self.write('init', value)
            self.reply(value)
            self.snoop.advance(wait + self.rng.uniform(30, 120))

    def set_level(self, level, hold_ms, duplicate=False):
        value = self.plan.level(level)
        self.levels.append(level)
        self.write('level', value)
        end = self.last_write + hold_ms * 1000
        if duplicate:
            self.snoop.until(self.last_write + self.rng.uniform(20, 40) * 1000)
            again = self.flipped(value)
            self.write('level', again)
            self.duplicate_at = len(self.control) - 1
        else:
            self.reply(value)
        self.hold(value, end)

    def flipped(self, value):
        if self.corrupt is None:
            return value
        bad = bytearray(value)
        bad[self.corrupt] ^= 0x01
        self.corrupted = bytes(bad)
        return self.corrupted

    def hold(self, value, end):
        """Until @end: keep-alive resends every Keepalive ms (±3 %) and,
        for devices that report, a status every second or so."""
        period = self.plan.keepalive
        status = self.snoop.now + self.rng.uniform(300, 900) * 1000
        while True:
            resend = self.last_write + period * 1000 * self.rng.uniform(0.97, 1.03) \
                if period else float('inf')
            when = min(resend, status if self.plan.status else float('inf'))
            if when >= end - 60000:
                break
            self.snoop.until(when)
            if when == resend:
                self.write('level', value)
            else:
                self.link.notify(self.handle(self.plan.notify), self.status(True))
                status = self.snoop.now + self.rng.uniform(900, 1100) * 1000
        self.snoop.until(end)

    def start(self):
        if self.plan.start:
            self.write('start', self.plan.start)
            self.reply(self.plan.start)
            self.snoop.advance(80, 250)

    def stop(self):
        self.write('stop', self.plan.stop)
        self.reply(self.plan.stop)
        self.snoop.advance(600, 1500)


def hold_times(rng, plan, count):
    """1.5-3 s per level; the last one held long enough for keep-alives."""
    holds = [rng.uniform(1500, 3000) for _ in range(count)]
    if plan.keepalive:
        holds[-1] = max(holds[-1], plan.keepalive * rng.uniform(2.5, 3.5))
    return holds


def first_session(app, levels, rng):
    app.open(FIRST_HANDLE, True)
    app.init()
    app.start()
    holds = hold_times(rng, app.plan, len(levels))
    twice = rng.randrange(1, len(levels)) if len(levels) > 1 else 0
    for i, (level, hold) in enumerate(zip(levels, holds)):
        app.set_level(level, hold, duplicate=i == twice)
        if i == 1:
            app.link.write(app.handle(OTHER_WRITE), b'\xa5\x02', 'request')
    app.stop()
    app.start()
    app.set_level(rng.choice(levels), hold_times(rng, app.plan, 1)[0])
    app.stop()
    disconnect(app.snoop, FIRST_HANDLE)


def second_session(app, levels, rng):
    """Android keeps the GATT database: no discovery this time."""
    app.snoop.advance(2000, 4000)
    app.open(SECOND_HANDLE, False)
    app.init()
    app.start()
    app.set_level(rng.choice(levels), hold_times(rng, app.plan, 1)[0])
    app.stop()
    disconnect(app.snoop, SECOND_HANDLE)


def constant_byte(plan, levels):
    """A byte of the level frame that no level changes (for --corrupt)."""
    frames = [plan.level(level) for level in levels]
    same = [at for at in range(len(frames[0]))
            if all(len(f) > at and f[at] == frames[0][at] for f in frames)]
    if not same:
        raise ValueError('every byte of the level frame depends on the level')
    return same[len(same) // 2]


def synthesize(model_path, levels, seed=0, corrupt=False):
    """(btsnoop bytes, expected) of the vendor's app setting @levels, in
    order, on the device of @model_path. With @corrupt, one byte that no
    level changes is flipped in the second copy of the duplicated write.
    """
    model = parse_model(model_path)
    plan = Plan(model)
    rng = random.Random(seed)
    device = Device(model, plan, rng)
    snoop = Snoop(rng, (1748779200 + rng.randrange(86400)) * 1000000)
    app = App(plan, device, snoop, rng)
    if corrupt:
        app.corrupt = constant_byte(plan, levels)
    first_session(app, list(levels), rng)
    second_session(app, list(levels), rng)
    return snoop.data(), expectation(app, device, plan)


def expectation(app, device, plan):
    return {
        'frames': list(app.control),
        'levels': list(app.levels),
        'init': [value for value, _ in plan.init],
        'init_waits': [wait for _, wait in plan.init],
        'stop': plan.stop,
        'start': plan.start,
        'keepalive': plan.keepalive,
        'write': plan.write_type,
        'init_write': plan.init_write,
        'service': plan.service,
        'characteristic': plan.write,
        'init_characteristic': plan.chars['init'],
        'notify': plan.notify,
        'name': device.name,
        'address': ':'.join('%02X' % b for b in reversed(device.address)),
        'connections': [FIRST_HANDLE, SECOND_HANDLE],
        'handles': {uuid: handle for uuid, handle in device.db.values.items()},
        'writes': list(app.log['writes']),
        'notifications': list(app.log['notifications']),
        'corrupted': app.corrupted,
        'duplicate': app.duplicate_at,
    }


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__.split('\n\n')[-1] + '\n')
        return 2
    model = parse_model(argv[1])
    if model['Model'].get('Protocol') != 'frame':
        sys.stderr.write('%s: not a Protocol=frame model\n' % argv[1])
        return 1
    levels = [int(x) for x in argv[3].split(',')] if len(argv) == 4 else default_levels(model)
    data, expected = synthesize(argv[1], levels)
    with open(argv[2], 'wb') as f:
        f.write(data)
    print('%s: %d bytes, %d control frames, levels %s, device %r' % (
        argv[2], len(data), len(expected['frames']),
        ','.join(map(str, levels)), expected['name']))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
