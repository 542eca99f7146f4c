#!/usr/bin/env python3
"""Summarises a bench/chat-vs-socketio.sh run: per shape (members, rooms, rate or closed loop), each setup's
deliveries/s, latency at every receiver, server CPU per delivery (median and min–max over rounds), and its ratios to
the base setup (Node by default) paired round by round (median and range of the per-round ratios); the correctness
counts summed over the rounds (acks = messages said in the windows, deliveries = due deliveries, errors, order
violations, stray deliveries, unanswered) and the load generator's and other processes' CPU. Standard library only.

    bench/chat-vs-socketio.py bench/results/chat-vs-socketio-X/results.jsonl [--base node]
"""
import argparse
import statistics

from rounds import fmt, load, ratio_cell, spread


def shape_of(r):
    mode = f"{fmt(r['targetRate'] * r['membersPerRoom'])} deliveries/s" if r.get("targetRate") \
        else f"closed loop ×{r.get('inFlight')}"
    return f"{r['connections']} in {r['rooms']} room{'s' if r['rooms'] > 1 else ''}, {mode}"


def p(r, key):
    lat = r.get("latencyUs") or {}
    return lat.get(key) / 1000 if lat.get(key) is not None else None


def ratio(mine, base, get):
    return ratio_cell([get(r) / get(base[rnd]) for rnd, r in mine.items()
                       if rnd in base and get(r) is not None and get(base[rnd])])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--base", default="node", help="the setup the ratios divide by (default: node)")
    args = ap.parse_args()
    rows = load(args.results)
    failed = [r for r in rows if not r.get("ok")]
    rows = [r for r in rows if r.get("ok")]
    setups = list(dict.fromkeys(r["server"] for r in rows))
    shapes = list(dict.fromkeys(shape_of(r) for r in rows))
    b = args.base
    print(f"Median (min–max) over rounds; ratios to {b} paired per round, median (range). A delivery: one member's "
          "`message`; latency: say (or when it was due) → each member's `message`; CPU µs/delivery: the server's "
          "CPU in the window ÷ the deliveries of the window's messages; client, foreign CPU: % of one CPU, median "
          "(max); counts summed over the rounds.\n")
    print(f"| shape | setup | rounds | deliveries/s | p50 ms | p99 ms | server CPU µs/delivery | CPU/delivery ÷ {b} "
          f"| p99 ÷ {b} | acks / says | deliveries / due | errors, order, stray, unanswered | client CPU % "
          "| foreign CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for shape in shapes:
        by = {}
        for r in rows:
            if shape_of(r) == shape:
                by.setdefault(r["server"], {})[r["round"]] = r
        base = by.get(b, {})
        for setup in setups:
            mine = by.get(setup)
            if not mine:
                continue
            rs = list(mine.values())
            same = setup == b
            client = [r.get("clientCpuPct") or 0 for r in rs]
            foreign = [r.get("foreignCpuPct") or 0 for r in rs]
            sat = sum(1 for r in rs if "client-saturated" in (r.get("flags") or []))
            total = lambda key: sum(r.get(key) or 0 for r in rs)
            print(f"| {shape} | {setup} | {len(rs)} | {spread([r['opsPerSec'] for r in rs])} | "
                  f"{spread([p(r, 'p50') for r in rs])} | {spread([p(r, 'p99') for r in rs])} | "
                  f"{spread([r.get('serverCpuUsPerOp') for r in rs])} | "
                  f"{'1' if same else ratio(mine, base, lambda r: r.get('serverCpuUsPerOp'))} | "
                  f"{'1' if same else ratio(mine, base, lambda r: p(r, 'p99'))} | "
                  f"{total('acks'):,} / {total('messages'):,} | {total('ops'):,} / {total('dueDeliveries'):,} | "
                  f"{total('errors')}, {total('orderViolations')}, {total('strayDeliveries')}, "
                  f"{total('unanswered')} | {fmt(statistics.median(client))} ({fmt(max(client))})"
                  f"{f', {sat} saturated' if sat else ''} | "
                  f"{fmt(statistics.median(foreign))} ({fmt(max(foreign))}) |")
    loads = [r.get("loadavg", "").split(" ")[0] for r in rows if r.get("loadavg")]
    loads = [float(v) for v in loads if v]
    print(f"\n{len(rows)} measured windows, {sum(r.get('errors', 0) for r in rows)} errors in them; "
          f"{len(failed)} failed runs; load average (1 min) at the windows' ends "
          f"{fmt(min(loads)) if loads else '–'}–{fmt(max(loads)) if loads else '–'}"
          + "".join(f"\n- {r.get('server')} {r.get('connections')}/{r.get('rooms')} round {r.get('round')}: "
                    f"{r.get('failure')}" for r in failed))


if __name__ == "__main__":
    main()
