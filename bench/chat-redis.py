#!/usr/bin/env python3
"""Tables and a chart from bench/chat-redis.sh's result lines (docs/performance.md, "Redis, one to three nodes").

    bench/chat-redis.py docs/perf/chat-redis-2026-12-02.jsonl --svg docs/perf/chat-redis.svg

Prints Markdown: per setup and shape the median over rounds (min-max in brackets) of deliveries/s, server CPU
us/delivery summed over the nodes, Redis CPU us/delivery, p50/p99, EVALSHA us/call, and the ratio of the setup's CPU
(nodes + Redis) per delivery to the in-memory node's of the same round. Standard library only.
"""
import argparse
import json
import statistics

SETUPS = ["mem1", "redis1", "redis2", "redis3"]
NAMES = {"mem1": "in memory, 1 node", "redis1": "Redis, 1 node", "redis2": "Redis, 2 nodes", "redis3": "Redis, 3 nodes"}
COLORS = {"nodes": "#d84315", "redis": "#1565c0"}


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def total_cpu(r):
    return (r.get("serverCpuUsPerOp") or 0) + (r.get("redisCpuUsPerOp") or 0)


def evalsha(r):
    e = (r.get("redisCommandstats") or {}).get("evalsha")
    return e["usecPerCall"] if e else None


METRICS = {
    "del/s": lambda r: r.get("opsPerSec"),
    "nodes": lambda r: r.get("serverCpuUsPerOp"),
    "redis": lambda r: r.get("redisCpuUsPerOp"),
    "total": total_cpu,
    "p50": lambda r: r["latencyUs"]["p50"] / 1000 if r.get("latencyUs") else None,
    "p99": lambda r: r["latencyUs"]["p99"] / 1000 if r.get("latencyUs") else None,
    "evalsha": evalsha,
    # Redis CPU per say: its CPU seconds in the window over the messages said in it
    "redis/say": lambda r: r["redisCpuUsPerOp"] * r["ops"] / r["messages"]
    if r.get("redisCpuUsPerOp") is not None and r.get("messages") else None,
}


def fmt(v):
    if v is None:
        return "–"
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(values, spread=True):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    med = statistics.median(values)
    if spread and len(values) > 1:
        return f"{fmt(med)} ({fmt(min(values))}–{fmt(max(values))})"
    return fmt(med)


def rows_of(rows, setup, shape):
    return [r for r in rows if r["setup"] == setup and r["shape"] == shape and r.get("ok")]


def ratio(rows, setup, shape):
    """The setup's nodes+Redis CPU per delivery over the in-memory node's, paired per round."""
    out = []
    for r in rows_of(rows, setup, shape):
        base = [b for b in rows_of(rows, "mem1", shape) if b["round"] == r["round"]]
        if base and total_cpu(base[0]):
            out.append(total_cpu(r) / total_cpu(base[0]))
    return out


def markdown(rows):
    shapes = list(dict.fromkeys(r["shape"] for r in rows))
    out = ["| shape | setup | rounds | deliveries/s | CPU µs/delivery: nodes | Redis | nodes + Redis ÷ in memory "
           "(same round) | Redis CPU µs/say | p50 / p99 ms | EVALSHA µs/call | errors, order violations, stray, "
           "unanswered |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for shape in shapes:
        for setup in SETUPS:
            rs = rows_of(rows, setup, shape)
            failed = [r for r in rows if r["setup"] == setup and r["shape"] == shape and not r.get("ok")]
            if not rs and not failed:
                continue
            m = {k: [f(r) for r in rs] for k, f in METRICS.items()}
            bad = sum(r.get("errors") or 0 for r in rs), sum(r.get("orderViolations") or 0 for r in rs), \
                sum(r.get("strayDeliveries") or 0 for r in rs), sum(r.get("unanswered") or 0 for r in rs)
            errs = {}
            for r in rs:
                for k, v in (r.get("errorsByCode") or {}).items():
                    errs[k] = errs.get(k, 0) + v
            note = " / ".join(str(b) for b in bad) + (f" {errs}" if errs else "") + \
                (f"; {len(failed)} failed: {failed[0].get('failure')}" if failed else "")
            rat = "1" if setup == "mem1" else cell(ratio(rows, setup, shape))
            out.append(f"| {shape} | {NAMES[setup]} | {len(rs)} | {cell(m['del/s'])} | {cell(m['nodes'])} | "
                       f"{cell(m['redis'])} | {rat} | {cell(m['redis/say'])} | {cell(m['p50'], False)} / {cell(m['p99'], False)} | "
                       f"{cell(m['evalsha'])} | {note} |")
    return "\n".join(out)


def svg(rows, shapes, path, clip=150.0):
    """Per shape, per setup, one bar per round: CPU µs per delivery, nodes (red) then Redis (blue) stacked, with the
    round's deliveries/s beside it. Bars longer than `clip` µs are cut (marked with an arrow, value written)."""
    bar, gap, left, width = 9, 2, 130, 300
    scale = width / clip
    y = 40
    body = []
    for shape in shapes:
        body.append(f'<text x="10" y="{y + 12}" font-weight="bold">{shape}</text>')
        y += 20
        for setup in SETUPS:
            rs = sorted(rows_of(rows, setup, shape), key=lambda r: r["round"])
            if not rs:
                continue
            body.append(f'<text x="{left - 6}" y="{y + len(rs) * (bar + gap) / 2 + 3:.1f}" text-anchor="end">'
                        f'{NAMES[setup]}</text>')
            for r in rs:
                n, rd = r.get("serverCpuUsPerOp") or 0, r.get("redisCpuUsPerOp") or 0
                wn, wr = min(n, clip) * scale, max(0.0, min(n + rd, clip) - n) * scale
                body.append(f'<rect x="{left}" y="{y}" width="{wn:.1f}" height="{bar}" fill="{COLORS["nodes"]}"/>')
                if wr:
                    body.append(f'<rect x="{left + wn:.1f}" y="{y}" width="{wr:.1f}" height="{bar}" '
                                f'fill="{COLORS["redis"]}"/>')
                end = left + wn + wr
                label = f"{fmt(n)}" + (f" + {fmt(rd)}" if rd else "") + f" µs · {fmt(r['opsPerSec'])}/s"
                if n + rd > clip:
                    label = "▸ " + label
                body.append(f'<text x="{end + 4:.1f}" y="{y + 8}" font-size="9">r{r["round"]}: {label}</text>')
                y += bar + gap
            y += 4
        y += 8
    h = y + 30
    w = left + width + 200
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
            f'font-size="11">', f'<rect width="{w}" height="{h}" fill="white"/>',
            '<text x="10" y="22" font-size="14" font-weight="bold">/chat, 300 members: CPU µs per delivery, '
            '<tspan fill="#d84315">nodes</tspan> + <tspan fill="#1565c0">redis-server</tspan> (lower is better)'
            '</text>']
    foot = [f'<text x="10" y="{h - 10}" fill="#555" font-size="10">One bar per round (r1, r2), deliveries/s beside '
            f'it; ▸ cut at {clip:.0f} µs. Nodes and Redis share one CPU; heavy foreign load. bench/chat-redis.py'
            '</text></svg>']
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head + body + foot) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("--svg", help="write the chart here")
    args = p.parse_args()
    rows = load(args.results)
    print(markdown(rows))
    if args.svg:
        svg(rows, list(dict.fromkeys(r["shape"] for r in rows)), args.svg)


if __name__ == "__main__":
    main()
