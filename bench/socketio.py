#!/usr/bin/env python3
"""Summarises a bench/socketio.sh run: per workload and transport, each server's rate, latency and server CPU per
operation (median and min-max over rounds), and Parley's ratios to Node paired round by round (the two figures of
the same round: median and range of the per-round ratios), with the other processes' CPU during the windows.
Standard library only.

    bench/socketio.py bench/results/socketio-X/results.jsonl [--base node]
"""
import argparse
import json
import statistics


def fmt(v):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(mine, base, key):
    rs = [r[key] / base[rnd][key] for rnd, r in mine.items()
          if rnd in base and r.get(key) is not None and base[rnd].get(key)]
    return f"{statistics.median(rs):.2f}× ({min(rs):.2f}–{max(rs):.2f})" if rs else "–"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--base", default="node", help="the server the ratios divide by (default: node)")
    args = ap.parse_args()
    rows = []
    for path in args.results:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
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
