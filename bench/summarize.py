#!/usr/bin/env python3
"""Summarises `parley bench` JSON Lines from bench/run.sh: median and min-max over rounds per server and scenario,
Parley's ratios to each peer (server CPU per operation, the stable metric), the noise seen (foreign CPU, client
saturation), as Markdown; optionally replaces the results section of docs/performance.md and writes SVG charts.
Standard library only.

    bench/summarize.py bench/results/X/results.jsonl [--doc docs/performance.md] [--charts docs/perf]
"""
import argparse
import html
import os
import statistics
import sys

from rounds import load

SCENARIOS = ["rtt1", "rtt100", "tput32", "tput64k", "bcast1000", "connect", "rate", "idle"]
ORDER = ["floor", "parley", "tyrus", "jetty", "node", "python"]
NAMES = {"floor": "floor", "parley": "Parley", "tyrus": "Tyrus 2.2.2", "jetty": "Jetty 12.1",
         "node": "Node ws 8.18", "python": "Python ws 10.4"}
WHAT = {
    "rtt1": "1 conn, 32 B, 1 in flight",
    "rtt100": "100 conns × 1, 32 B",
    "tput32": "100 conns × 8, 32 B",
    "tput64k": "10 conns × 2, 64 KiB",
    "bcast1000": "1000 subscribers, 1 broadcast in flight (per delivery)",
    "connect": "32 concurrent open→101→close",
    "rate": "open loop 20k msg/s over 1000 conns",
    "idle": "idle connections, per connection",
}
BEGIN = "<!-- bench:results:begin -->"
END = "<!-- bench:results:end -->"


def get(r, dotted):
    for part in dotted.split("."):
        if not isinstance(r, dict):
            return None
        r = r.get(part)
    return r


def cells(rows, server, scenario, metric):
    return [v for r in rows if r.get("server") == server and r.get("scenario") == scenario and r.get("ok")
            for v in [get(r, metric)] if isinstance(v, (int, float))]


def fmt(v):
    if v is None:
        return "–"
    a = abs(v)
    if a >= 100_000:
        return f"{v / 1000:,.0f} k"
    if a >= 10_000:
        return f"{v / 1000:.1f} k"
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def stat(values):
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def cell(values, spread=True):
    s = stat(values)
    if s is None:
        return "–"
    med, lo, hi = s
    if not spread or len(values) == 1:
        return fmt(med)
    return f"{fmt(med)} ({fmt(lo)}–{fmt(hi)})"


def marks(rows, server, scenario):
    """ᶜ: the load generator was saturated in some round; ᶠ: other processes used > 25 % of a CPU in every round."""
    mine = [r for r in rows if r.get("server") == server and r.get("scenario") == scenario and r.get("ok")]
    flags = [r.get("flags") or [] for r in mine]
    m = ""
    if any("client-saturated" in f for f in flags):
        m += "ᶜ"
    if flags and all("foreign-load" in f for f in flags):
        m += "ᶠ"
    return m


def table(rows, servers, scenarios, metric, title, spread=True):
    out = [f"**{title}**", "", "| scenario | " + " | ".join(NAMES.get(s, s) for s in servers) + " |",
           "|---|" + "---|" * len(servers)]
    for sc in scenarios:
        vals = [cells(rows, s, sc, metric) for s in servers]
        if not any(vals):
            continue
        out.append(f"| {sc}: {WHAT.get(sc, '')} | "
                   + " | ".join(cell(v, spread) + (marks(rows, s, sc) if v else "") for s, v in zip(servers, vals))
                   + " |")
    return out + ["", "ᶜ load generator saturated (> 90 % CPU) in at least one round; ᶠ foreign load > 25 % of a CPU "
                  "in every round.", ""] if metric == "serverCpuUsPerOp" else out + [""]


def ratios(rows, servers, scenarios, metric="serverCpuUsPerOp"):
    """Parley ÷ peer on the median, and the range of the per-round ratios (same round = closest in time)."""
    peers = [s for s in servers if s != "parley"]
    out = ["**Parley's server CPU per operation ÷ each peer's** (median of rounds; in brackets the per-round "
           "ratios' range; < 1 means Parley uses less CPU)", "",
           "| scenario | " + " | ".join(NAMES.get(s, s) for s in peers) + " |", "|---|" + "---|" * len(peers)]
    for sc in scenarios:
        ours = stat(cells(rows, "parley", sc, metric))
        if ours is None:
            continue
        line = []
        for p in peers:
            theirs = stat(cells(rows, p, sc, metric))
            if theirs is None or theirs[0] == 0:
                line.append("–")
                continue
            per_round = []
            for rnd in sorted({r.get("round") for r in rows}):
                a = [get(r, metric) for r in rows if r.get("server") == "parley" and r.get("scenario") == sc
                     and r.get("round") == rnd and r.get("ok")]
                b = [get(r, metric) for r in rows if r.get("server") == p and r.get("scenario") == sc
                     and r.get("round") == rnd and r.get("ok")]
                if a and b and a[0] and b[0]:
                    per_round.append(a[0] / b[0])
            rng = f" ({min(per_round):.2f}–{max(per_round):.2f})" if len(per_round) > 1 else ""
            line.append(f"{ours[0] / theirs[0]:.2f}×{rng}")
        out.append(f"| {sc} | " + " | ".join(line) + " |")
    return out + [""]


def noise(rows, servers):
    out = ["**Noise**: median (max) of other processes' CPU during the measured windows, in % of one CPU (the box "
           "has 2); measured windows (idle runs have none) flagged foreign-load (> 25 %) or client-saturated (load generator > 90 %); failed runs.", "",
           "| server | foreign CPU % | client CPU % | flagged foreign / client / all windows | failed |",
           "|---|---|---|---|---|"]
    for s in servers:
        mine = [r for r in rows if r.get("server") == s and r.get("scenario") != "idle"]
        f = [r["foreignCpuPct"] for r in mine if isinstance(r.get("foreignCpuPct"), (int, float))]
        c = [r["clientCpuPct"] for r in mine if isinstance(r.get("clientCpuPct"), (int, float))]
        flagged_f = sum(1 for r in mine if "foreign-load" in (r.get("flags") or []))
        flagged_c = sum(1 for r in mine if "client-saturated" in (r.get("flags") or []))
        failed = [f"{r.get('scenario')} r{r.get('round')}: {r.get('failure')}" for r in mine if not r.get("ok")]
        out.append(f"| {NAMES.get(s, s)} | {fmt(statistics.median(f)) if f else '–'} ({fmt(max(f)) if f else '–'}) | "
                   f"{fmt(statistics.median(c)) if c else '–'} ({fmt(max(c)) if c else '–'}) | "
                   f"{flagged_f} / {flagged_c} / {len(mine)} | {'; '.join(failed) or '0'} |")
    return out + [""]


def markdown(rows):
    servers = [s for s in ORDER if any(r.get("server") == s for r in rows)]
    servers += sorted({r.get("server") for r in rows} - set(servers))
    scen = [s for s in SCENARIOS if any(r.get("scenario") == s for r in rows)]
    load = [r.get("scenario") and r for r in rows if r.get("scenario") != "idle"]
    rounds = sorted({r.get("round") for r in rows})
    first = min((r.get("time", "") for r in rows), default="")
    last = max((r.get("time", "") for r in rows), default="")
    lines = [f"Run {first[:16]}Z – {last[11:16]}Z, {len(rounds)} round(s), {len(rows)} result lines. "
             "Median over rounds, (min–max) in brackets. Generated by `bench/summarize.py`.", ""]
    non_idle = [s for s in scen if s != "idle"]
    lines += table(rows, servers, non_idle, "serverCpuUsPerOp",
                   "Server CPU µs per operation (message, delivery or handshake; lower is better) — the stable metric")
    lines += ratios(rows, servers, non_idle)
    lines += table(rows, servers, non_idle, "opsPerSec",
                   "Rate: operations per second (messages, deliveries, handshakes; noisy, client-bound near the floor)")
    lines += table(rows, servers, non_idle, "latencyUs.p50", "Latency p50, µs")
    lines += table(rows, servers, non_idle, "latencyUs.p99", "Latency p99, µs")
    lines += table(rows, servers, ["rate"], "latencyUs.p999", "Open loop (rate) p99.9, µs, from the intended send time")
    lines += table(rows, servers, ["bcast1000"], "fanoutUs.p99", "Broadcast fan-out to all 1000 (send → last delivery) p99, µs")
    if "idle" in scen:
        lines += table(rows, servers, ["idle"], "rssPerConnKb", "Idle: RSS growth per connection, KB")
        lines += table(rows, servers, ["idle"], "heapPerConnKb", "Idle: live Java heap per connection after a full GC, KB")
    lines += noise(rows, servers)
    return "\n".join(lines), servers, non_idle


def svg_panels(rows, servers, scenarios, metric, title, unit, path):
    """Small multiples: one panel per scenario, one bar per server (median) with a min–max whisker."""
    colors = {"floor": "#9e9e9e", "parley": "#d84315", "tyrus": "#6d4c41", "jetty": "#1565c0",
              "node": "#2e7d32", "python": "#f9a825"}
    pw, bar, gap, top, left = 330, 16, 4, 40, 110
    ph = top + len(servers) * (bar + gap) + 24
    cols = 2
    nrows = (len(scenarios) + cols - 1) // cols
    W, H = cols * pw + 20, nrows * ph + 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">{html.escape(title)}</text>']
    for i, sc in enumerate(scenarios):
        x0, y0 = 10 + (i % cols) * pw, 40 + (i // cols) * ph
        stats = {s: stat(cells(rows, s, sc, metric)) for s in servers}
        vmax = max((v[2] for v in stats.values() if v), default=0) or 1
        out.append(f'<text x="{x0}" y="{y0 + 14}" font-weight="bold">{html.escape(sc)} '
                   f'<tspan font-weight="normal" fill="#555">{html.escape(WHAT.get(sc, ""))}</tspan></text>')
        width = pw - left - 60
        for j, s in enumerate(servers):
            y = y0 + top - 14 + j * (bar + gap)
            out.append(f'<text x="{x0 + left - 6}" y="{y + bar - 4}" text-anchor="end">{html.escape(NAMES.get(s, s))}</text>')
            v = stats[s]
            if not v:
                out.append(f'<text x="{x0 + left + 4}" y="{y + bar - 4}" fill="#999">–</text>')
                continue
            med, lo, hi = v
            w = width * med / vmax
            out.append(f'<rect x="{x0 + left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colors.get(s, "#555")}"/>')
            xl, xh = x0 + left + width * lo / vmax, x0 + left + width * hi / vmax
            out.append(f'<line x1="{xl:.1f}" x2="{xh:.1f}" y1="{y + bar / 2}" y2="{y + bar / 2}" stroke="black"/>')
            out.append(f'<text x="{xh + 4:.1f}" y="{y + bar - 4}">{fmt(med)}</text>')
    out.append(f'<text x="10" y="{H - 10}" fill="#555">{html.escape(unit)}; bar = median over rounds, '
               f'line = min–max. bench/summarize.py</text></svg>')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+")
    ap.add_argument("--doc", help="replace the section between the bench:results markers in this file")
    ap.add_argument("--charts", help="write SVG charts into this directory")
    args = ap.parse_args()
    rows = load(args.results)
    md, servers, scen = markdown(rows)
    if args.charts:
        os.makedirs(args.charts, exist_ok=True)
        svg_panels(rows, servers, scen, "serverCpuUsPerOp", "Server CPU µs per operation (lower is better)",
                   "µs of server CPU per message / delivery / handshake", os.path.join(args.charts, "cpu-per-op.svg"))
        svg_panels(rows, servers, scen, "opsPerSec", "Operations per second (higher is better; noisy)",
                   "messages, deliveries or handshakes per second", os.path.join(args.charts, "rate.svg"))
        svg_panels(rows, servers, scen, "latencyUs.p99", "Latency p99, µs (lower is better; noisy)",
                   "µs", os.path.join(args.charts, "p99.svg"))
        rel = os.path.relpath(args.charts, os.path.dirname(args.doc) if args.doc else ".")
        md += (f"\n![server CPU per operation]({rel}/cpu-per-op.svg)\n\n![rate]({rel}/rate.svg)\n\n"
               f"![p99 latency]({rel}/p99.svg)\n")
    if args.doc:
        with open(args.doc, encoding="utf-8") as f:
            doc = f.read()
        if BEGIN not in doc or END not in doc:
            sys.exit(f"{args.doc} has no {BEGIN} … {END} section")
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        with open(args.doc, "w", encoding="utf-8") as f:
            f.write(head + BEGIN + "\n" + md + "\n" + END + tail)
    print(md)


if __name__ == "__main__":
    main()
