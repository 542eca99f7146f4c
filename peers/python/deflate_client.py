#!/usr/bin/python3
"""python3-websockets client with permessage-deflate (peers/README.md, "permessage-deflate peers"): the echo series
against a server's echo endpoint, to check that a server's permessage-deflate works with websockets' client. Offers
what websockets offers by default (permessage-deflate; client_max_window_bits). For each of 0 B .. 1 MiB, text and
binary, whole and fragmented (three frames): send, await the echo, compare. One JSON line per step, then
{"done": true, ...} with the payload bytes sent (payload) and the bytes read from the TCP connection (wireRead: the
101 and the frames, so below payload only when the server's messages went compressed); exit status 0 when every echo matched and permessage-deflate was negotiated.
Usage: /usr/bin/python3 peers/python/deflate_client.py ws://127.0.0.1:PORT/echo
"""
import asyncio
import json
import random
import sys

import websockets
import websockets.client


class CountingProtocol(websockets.client.WebSocketClientProtocol):
    """Counts the bytes read from the connection."""
    wire_read = 0

    def data_received(self, data):
        self.wire_read += len(data)
        super().data_received(data)

SIZES = [0, 1, 125, 126, 65535, 65536, 100000, 1 << 20]
WORDS = ["parley ", "deflate ", "message ", "wire ", "frame ", "\n"]


def payload(size, binary):
    if binary:
        return random.Random(size).randbytes(size)
    text = "".join(WORDS[(i * 7) % len(WORDS)] for i in range(size // 4 + 1))
    return text[:size]


async def main(url):
    failures = 0
    sent = 0
    async with websockets.connect(url, compression="deflate", create_protocol=CountingProtocol, max_size=2 * 1024 * 1024, ping_interval=None,
                                  open_timeout=30, close_timeout=10) as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        print(json.dumps({"open": True, "extensions": extensions}), flush=True)
        for size in SIZES:
            for binary in (False, True):
                for fragmented in (False, True):
                    message = payload(size, binary)
                    sent += len(message) if binary else len(message.encode("utf-8"))
                    if fragmented:
                        third = -(-len(message) // 3)
                        await ws.send([message[i * third:(i + 1) * third] for i in range(3)])
                    else:
                        await ws.send(message)
                    echo = await asyncio.wait_for(ws.recv(), 30)
                    same = echo == message
                    failures += 0 if same else 1
                    print(json.dumps({"size": size, "binary": binary, "fragmented": fragmented, "ok": same}),
                          flush=True)
        print(json.dumps({"done": True, "failures": failures, "extensions": extensions, "payload": sent,
                          "wireRead": ws.wire_read}), flush=True)
    return 0 if failures == 0 and extensions.startswith("permessage-deflate") else 1


sys.exit(asyncio.run(main(sys.argv[1])))
