#!/usr/bin/python3
"""Echo server on Debian's python3-websockets, for tools/conformance-five-servers.sh.

Usage: /usr/bin/python3 tools/peers/python/echo_server.py PORT
Binds 127.0.0.1, 64 KiB message cap (max_size), no compression: the same settings as every peer of the run.
"""
import asyncio
import sys

import websockets


async def echo(websocket, path=None):
    async for message in websocket:
        await websocket.send(message)


async def main(port):
    async with websockets.serve(echo, "127.0.0.1", port, max_size=65536, compression=None):
        print(f"python-websockets {websockets.__version__} echo on ws://127.0.0.1:{port}/echo", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
