"""Python peer for the side-by-side benchmark: Debian's python3-websockets (asyncio, no C speedups there).

/echo returns every message; /broadcast sends every message to every client on /broadcast, the sender included,
with websockets.broadcast(). Compression, keepalive pings and the close timeout are off; messages up to 1 MiB.
Usage: /usr/bin/python3 server.py PORT
"""
import asyncio
import signal
import sys

import websockets

subscribers = set()


async def handler(ws, path):
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
                                max_size=1 << 20, max_queue=None):
        print(f"python websockets {websockets.__version__} on {port}", flush=True)
        await stop


asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8025))
