#!/usr/bin/env python3
"""Summarises a bench/socketio.sh run: per workload and transport, each server's rate, latency and server CPU per
operation (median and min-max over rounds), and Parley's ratios to Node paired round by round (the two figures of
the same round: median and range of the per-round ratios), with the other processes' CPU during the windows.
Standard library only.

    bench/socketio.py bench/results/socketio-X/results.jsonl [--base node]
"""
import argparse
import statistics

from rounds import fmt, load, ratio_cell, spread


def ratio(mine, base, key):
    return ratio_cell([r[key] / base[rnd][key] for rnd, r in mine.items()
                       if rnd in base and r.get(key) is not None and base[rnd].get(key)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--base", default="node", help="the server the ratios divide by (default: node)")
    args = ap.parse_args()
    rows = load(args.results)
    failed = [r for r in rows if not r.get("ok")]
    rows = [r for r in rows if r.get("ok")]
    servers = list(dict.fromkeys(r["label"] for r in rows))
    shapes = list(dict.fromkeys((r["workload"], r["transport"], r["clients"]) for r in rows))
    print("Median (min–max) over rounds; ratios to " + args.base + " paired per round, median (range); "
          "ops: echo = acks, bcast = deliveries; latency: echo emit → ack, bcast say → each delivery; "
          "foreign CPU: other processes, % of one CPU, median (max).\n")
    print(f"| workload | transport | server | rounds | ops/s | p50 ms | p99 ms | server CPU µs/op | "
          f"ops/s ÷ {args.base} | CPU/op ÷ {args.base} | p99 ÷ {args.base} | client CPU % | foreign CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for workload, transport, clients in shapes:
        by = {}
        for r in rows:
            if (r["workload"], r["transport"], r["clients"]) == (workload, transport, clients):
                by.setdefault(r["label"], {})[r["round"]] = r
        base = by.get(args.base, {})
        for server in servers:
            mine = by.get(server)
            if not mine:
                continue
            rs = list(mine.values())
            ms = lambda key: [r[key] / 1000 if r.get(key) is not None else None for r in rs]
            same = server == args.base
            foreign = [r.get("foreignCpuPct") or 0 for r in rs]
            print(f"| {workload} ×{clients} | {transport} | {server} | {len(rs)} | "
                  f"{spread([r['opsPerSec'] for r in rs])} | {spread(ms('p50Us'))} | {spread(ms('p99Us'))} | "
                  f"{spread([r.get('serverCpuUsPerOp') for r in rs])} | "
                  f"{'1' if same else ratio(mine, base, 'opsPerSec')} | "
                  f"{'1' if same else ratio(mine, base, 'serverCpuUsPerOp')} | "
                  f"{'1' if same else ratio(mine, base, 'p99Us')} | "
                  f"{spread([r.get('clientCpuPct') for r in rs])} | "
                  f"{fmt(statistics.median(foreign))} ({fmt(max(foreign))}) |")
    errors = sum(r.get("errors", 0) for r in rows)
    print(f"\n{len(rows)} measured windows, {errors} errors in them; {len(failed)} failed runs"
          + "".join(f"\n- {r['label']} {r['workload']} {r['transport']} round {r['round']}: {r.get('failure')}"
                    for r in failed))


if __name__ == "__main__":
    main()
