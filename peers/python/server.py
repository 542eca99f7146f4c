#!/usr/bin/python3
"""Python peer (peers/README.md): Debian's python3-websockets (asyncio; Debian ships no compiled speedups).

/echo returns every message; /broadcast sends every message to every client on /broadcast, the sender included,
with websockets.broadcast(). On 127.0.0.1; 64 KiB message cap (max_size) like every peer; compression, keepalive
pings and the incoming queue bound off.
Usage: /usr/bin/python3 peers/python/server.py PORT
"""
import asyncio
import signal
import sys

import websockets

subscribers = set()


async def handler(ws):
    path = ws.path if hasattr(ws, "path") else ws.request.path  # the legacy protocol (10.4) or the new one (>= 13)
    if path == "/echo":
        try:
            async for message in ws:
                await ws.send(message)
        except websockets.ConnectionClosed:
            pass  # the client closed while an answer was being sent
    elif path == "/broadcast":
        subscribers.add(ws)
        try:
            async for message in ws:
                websockets.broadcast(subscribers, message)
        finally:
            subscribers.discard(ws)


async def main(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.serve(handler, "127.0.0.1", port, compression=None, ping_interval=None,
                                max_size=65536, max_queue=None):
        print(f"python-websockets {websockets.__version__} on ws://127.0.0.1:{port} (/echo, /broadcast)",
              flush=True)
        await stop


asyncio.run(main(int(sys.argv[1])))
