#!/usr/bin/env python3
"""The top of a JFR recording, by the JDK's `jfr print --json`: execution samples by their top frame (self), by the
first Parley frame from the top, and by every frame they pass through (inclusive, once per sample); allocation
samples' weight by class and by first Parley frame. Standard library only (bench/socketio-profile.sh runs it).

    bench/jfr-top.py REC.jfr [N]
"""
import json, subprocess, sys, collections
rec = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, rec],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]
def fr(f):
    m = f["method"]; return m["type"]["name"].split(".")[-1] + "." + m["name"]
samples = events("jdk.ExecutionSample")
selfc = collections.Counter(); incl = collections.Counter(); pkg = collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    if not frames: continue
    selfc[fr(frames[0])] += 1
    seen = set()
    for f in frames:
        k = fr(f)
        if k not in seen: seen.add(k); incl[k] += 1
    # first parley frame from the top
    for f in frames:
        t = f["method"]["type"]["name"]
        if t.startswith("dev.parley") or t.startswith("dev/parley"):
            pkg[fr(f)] += 1; break
    else:
        pkg["(no parley frame)"] += 1
tot = len(samples)
print(f"{tot} execution samples")
for title, c in (("self", selfc), ("first parley frame from the top", pkg), ("inclusive", incl)):
    print(f"\n## {title}")
    for k, v in c.most_common(n): print(f"{100*v/tot:5.1f}%  {k}")
alloc = events("jdk.ObjectAllocationSample")
w = collections.Counter(); wp = collections.Counter(); cls = collections.Counter(); tw = 0
for e in alloc:
    v = e["values"]; weight = v.get("weight", 0); tw += weight
    cls[v["objectClass"]["name"]] += weight
    frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
    for f in frames:
        t = f["method"]["type"]["name"]
        if t.startswith("dev.parley"):
            wp[fr(f)] += weight; break
    else:
        wp["(no parley frame)"] += weight
print(f"\n## allocation weight {tw/1e6:.0f} MB by class")
for k, v in cls.most_common(12): print(f"{100*v/tw:5.1f}%  {k}")
print("\n## allocation by first parley frame")
for k, v in wp.most_common(n): print(f"{100*v/tw:5.1f}%  {k}")
