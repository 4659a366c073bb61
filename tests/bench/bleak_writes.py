#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The cpu benchmark's baseline: what a small python3-bleak program does to
drive a Theragun PRO the way tpd does, counted by callgrind.

    bleak_writes.py BLUEZ-DEVICE-PATH N

Connects with BleakClient over the system bus of DBUS_SYSTEM_BUS_ADDRESS
(the fake BlueZ), subscribes to ffe1, and for each of N intensities
(1 + 37 i mod 100, as tpd's run gets them) writes the same GATT traffic as
tpd: the speed frame to ffe2 with response, then the status request with
response, and waits for the gun's status reply; then the stop frame, and
disconnects. Exit status 0 only if every status reply showed the speed
just written."""
import asyncio
import sys

from bleak import BleakClient
from bleak.backends.device import BLEDevice

TX = '0000ffe2-0000-1000-8000-00805f9b34fb'
RX = '0000ffe1-0000-1000-8000-00805f9b34fb'
STATUS_REQUEST = bytes.fromhex('AA 10 10 00')
LOW, HIGH = 1750, 2400


def speed_frame(rpm):
    body = bytes([0x01, 0x03, rpm >> 8, rpm & 0xFF, 0x03])
    return bytes([0xAA, sum(body) & 0xFF]) + body


def speed_for(intensity):
    return LOW + round((HIGH - LOW) * (intensity - 1) / 99)


async def main(path, n):
    address = path.rsplit('dev_', 1)[1].replace('_', ':')
    device = BLEDevice(address, 'Pro', {'path': path, 'props': {}}, -60)
    replies = asyncio.Queue()
    client = BleakClient(device, timeout=60)
    await client.connect()
    await client.start_notify(RX, lambda _, data: replies.put_nowait(bytes(data)))
    await client.write_gatt_char(TX, speed_frame(0), response=True)
    for i in range(n):
        rpm = speed_for(1 + (i * 37) % 100)
        await client.write_gatt_char(TX, speed_frame(rpm), response=True)
        await client.write_gatt_char(TX, STATUS_REQUEST, response=True)
        status = await asyncio.wait_for(replies.get(), 60)
        if len(status) != 16 or status[13] << 8 | status[14] != rpm:
            print('status %s after speed %d' % (status.hex(' '), rpm))
            return 1
    await client.write_gatt_char(TX, speed_frame(0), response=True)
    await client.stop_notify(RX)
    try:
        await client.disconnect()
    except EOFError:
        # bleak 0.20 closes its connection when Connected turns false,
        # which (as bluetoothd may, and the fake does) comes before the
        # reply to Disconnect: the call then ends with EOFError.
        pass
    if client.is_connected:
        print('still connected')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(asyncio.run(main(sys.argv[1], int(sys.argv[2]))))
