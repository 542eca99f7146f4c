#!/usr/bin/env python3
"""Summarises a bench/deflate.sh run: per room size and variant, server CPU µs per delivery (median and min-max over
rounds), its ratio to the room's `off` variant paired round by round, deliveries/s, bytes on the wire per message
delivery (the server's message frames, headers included) against their inflated size, bytes per say sent, latency
p50/p99 (medians over rounds) and the foreign CPU load. Standard library only.

    bench/deflate.py bench/results/deflate-X/results.jsonl [--variants "off-1000 once-1000 session-1000"]
"""
import argparse
import statistics

from rounds import fmt, load, ratio_cell, spread


def median(rows, key, sub=None):
    values = [(r.get(key) or {}).get(sub) if sub else r.get(key) for r in rows]
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--variants", help="space-separated MODE-MEMBERS names, in the order to print")
    args = ap.parse_args()
    rows = [r for r in load(args.results) if r.get("ok") and isinstance(r.get("serverCpuUsPerOp"), (int, float))]
    variants = args.variants.split() if args.variants else list(dict.fromkeys(r["server"] for r in rows))
    print("Server CPU µs per delivery: median (min–max) over rounds; ÷ off: paired per round, median (range); "
          "wire B: bytes on the wire per message delivery (the inflated frame's bytes in brackets) and per say "
          "sent; latency and foreign CPU (% of one CPU): medians.\n")
    print("| variant | rounds | CPU µs/delivery | ÷ off | deliveries/s | wire B/delivery | wire B/say | "
          "p50 ms | p99 ms | foreign CPU % |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    by = {(r["server"], r["round"]): r for r in rows}
    for v in variants:
        mine = {rnd: r for (s, rnd), r in by.items() if s == v}
        if not mine:
            continue
        base = "off-" + v.split("-")[-1]
        ratios = [r["serverCpuUsPerOp"] / by[(base, rnd)]["serverCpuUsPerOp"] for rnd, r in mine.items()
                  if (base, rnd) in by and by[(base, rnd)]["serverCpuUsPerOp"] > 0]
        rs = list(mine.values())
        p50, p99 = median(rs, "latencyUs", "p50"), median(rs, "latencyUs", "p99")
        print(f"| {v} | {len(rs)} | {spread([r['serverCpuUsPerOp'] for r in rs])} | "
              f"{'1' if v == base else ratio_cell(ratios)} | {fmt(median(rs, 'opsPerSec'))} | "
              f"{fmt(median(rs, 'wireBytesPerMessageDelivery'))} ({fmt(median(rs, 'payloadBytesPerMessageDelivery'))}) | "
              f"{fmt(median(rs, 'wireBytesPerMessageOut'))} | {fmt(p50 and p50 / 1000)} | {fmt(p99 and p99 / 1000)} | "
              f"{fmt(median(rs, 'foreignCpuPct'))} |")


if __name__ == "__main__":
    main()
