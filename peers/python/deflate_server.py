#!/usr/bin/python3
"""Python peer with permessage-deflate (peers/README.md, "permessage-deflate peers"): Debian's python3-websockets with
its default compression (permessage-deflate offered back with its defaults: context takeover, client_max_window_bits
answered when offered), the real server Parley's deflating client tools are tested against.

/echo returns every message; /fragments returns it in three fragments (websockets compresses the message across them,
RSV1 on the first);
/broadcast sends every message to every client on /broadcast, the sender included (websockets.broadcast()). websockets compresses every message once negotiated. 2 MiB message cap, no keepalive pings.
Usage: /usr/bin/python3 peers/python/deflate_server.py PORT
"""
import asyncio
import signal
import sys

import websockets

subscribers = set()


async def handler(ws):
    path = ws.path if hasattr(ws, "path") else ws.request.path  # the legacy protocol (10.4) or the new one (>= 13)
    if path == "/broadcast":
        subscribers.add(ws)
        try:
            async for message in ws:
                websockets.broadcast(subscribers, message)
        finally:
            subscribers.discard(ws)
        return
    try:
        async for message in ws:
            if path == "/fragments":
                third = -(-len(message) // 3)
                await ws.send([message[i * third:(i + 1) * third] for i in range(3)])
            else:
                await ws.send(message)
    except websockets.ConnectionClosed:
        pass  # the client closed while an answer was being sent


async def main(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.serve(handler, "127.0.0.1", port, compression="deflate", ping_interval=None,
                                max_size=2 * 1024 * 1024, max_queue=None):
        print(f"python-websockets {websockets.__version__} deflate on ws://127.0.0.1:{port} (/echo, /fragments, /broadcast)",
              flush=True)
        await stop


asyncio.run(main(int(sys.argv[1])))
