#!/usr/bin/python3
"""A third-party /chat client on Debian's python3-websockets: join, say, ack, presence, resume from history.

    /usr/bin/python3 examples/chat_client.py ws://127.0.0.1:8025
"""
import asyncio
import json
import sys

import websockets


async def request(ws, body, ack):
    await ws.send(json.dumps({**body, "ack": ack}))
    while True:
        frame = json.loads(await ws.recv())
        if frame.get("ack") == ack:
            return frame
        print("   (meanwhile)", frame)


async def main(base):
    async with websockets.connect(base + "/chat?name=alice") as alice, \
               websockets.connect(base + "/chat?name=bob") as bob:
        print("alice:", json.loads(await alice.recv()))
        print("bob:  ", json.loads(await bob.recv()))
        joined = await request(alice, {"type": "join", "room": "demo"}, "a1")
        print("alice join:", joined)
        epoch = joined["epoch"]  # the ids below count in this epoch
        print("bob join:  ", await request(bob, {"type": "join", "room": "demo"}, "b1"))
        print("alice sees:", json.loads(await alice.recv()))  # presence: bob joined
        said = await request(alice, {"type": "say", "room": "demo", "text": "hello from python"}, "a2")
        print("alice say ack:", said)
        print("bob gets:  ", json.loads(await bob.recv()))
        last_seen = said["id"]

    async with websockets.connect(base + "/chat?name=carol") as carol:
        await carol.recv()
        await request(carol, {"type": "join", "room": "demo"}, "c1")
        await request(carol, {"type": "say", "room": "demo", "text": "said while alice was away"}, "c2")

    async with websockets.connect(base + "/chat?name=alice") as alice:
        await alice.recv()
        joined = await request(alice, {"type": "join", "room": "demo"}, "a3")
        if joined["epoch"] != epoch:  # the room started anew (server restart, idle room removed): ids from 1 again
            epoch, last_seen = joined["epoch"], 0
        missed = await request(alice, {"type": "history", "room": "demo", "since": last_seen, "epoch": epoch}, "a4")
        print("alice back, last =", joined["last"], "missed:", [(m["id"], m["text"]) for m in missed["messages"]],
              "complete:", missed["complete"])

    for headers, label in (({}, "no name"), ({"Origin": "https://evil.example"}, "foreign origin")):
        url = base + "/chat" + ("" if label == "no name" else "?name=mallory")
        try:
            async with websockets.connect(url, extra_headers=headers):
                print(label, "was let in?!")
        except websockets.exceptions.InvalidStatusCode as refused:
            print(label, "refused with HTTP", refused.status_code)


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:8025"))
