#!/usr/bin/env python3
"""Summarises a bench/paired.sh run: per scenario, each variant's server CPU µs/op (median and min-max over rounds),
its ratio to the first variant paired round by round (median and range of the per-round ratios), and the foreign
CPU load during its windows. Standard library only.

    bench/paired.py bench/results/paired-X/results.jsonl [--variants "tyrus parley-none parley"]
"""
import argparse
import statistics

from rounds import fmt, load, ratio_cell, spread


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--variants", help="space-separated, the first is the baseline of the ratios")
    ap.add_argument("--vs", help="a second baseline (default: parley-none when it ran)")
    args = ap.parse_args()
    rows = [r for r in load(args.results) if r.get("ok") and isinstance(r.get("serverCpuUsPerOp"), (int, float))]
    variants = args.variants.split() if args.variants else list(dict.fromkeys(r["server"] for r in rows))
    scenarios = list(dict.fromkeys(r["scenario"] for r in rows))
    bases = [variants[0]]
    second = args.vs or ("parley-none" if "parley-none" in variants else None)
    if second and second != bases[0]:
        bases.append(second)
    print(f"Server CPU µs/op: median (min–max) over rounds; ratio to {' and '.join(bases)} paired per round: "
          f"median (range); foreign CPU % of one CPU: median (max).\n")
    print("| scenario | variant | rounds | CPU µs/op | " + " | ".join("÷ " + b for b in bases)
          + " | ops/s | foreign CPU % |")
    print("|---|---|---|---|" + "---|" * len(bases) + "---|---|")
    for scenario in scenarios:
        by = {(r["server"], r["round"]): r for r in rows if r["scenario"] == scenario}
        for v in variants:
            mine = {rnd: r for (s, rnd), r in by.items() if s == v}
            if not mine:
                continue
            cpu = [r["serverCpuUsPerOp"] for r in mine.values()]
            cols = []
            for base in bases:
                ratios = [r["serverCpuUsPerOp"] / by[(base, rnd)]["serverCpuUsPerOp"]
                          for rnd, r in mine.items() if (base, rnd) in by and by[(base, rnd)]["serverCpuUsPerOp"] > 0]
                cols.append("1" if v == base else ratio_cell(ratios))
            ratio = " | ".join(cols)
            rate = [r.get("opsPerSec", 0) for r in mine.values()]
            foreign = [r.get("foreignCpuPct", 0) for r in mine.values()]
            print(f"| {scenario} | {v} | {len(cpu)} | {spread(cpu)} | {ratio} | {fmt(statistics.median(rate))} | "
                  f"{fmt(statistics.median(foreign))} ({fmt(max(foreign))}) |")


if __name__ == "__main__":
    main()
