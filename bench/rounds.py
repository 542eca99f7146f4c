"""What the bench summaries share (imported by bench/paired.py, bench/socketio.py, bench/chat-vs-socketio.py and
bench/summarize.py): reading result lines, a number as the tables print it, a median (min–max) cell, and a ratio cell
paired per round.
Standard library only."""
import json
import statistics


def load(paths):
    """Every JSON line of every file, in order; blank lines skipped."""
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def fmt(v):
    """A figure with three significant digits or so: 1,234 / 12.3 / 1.23; – for none."""
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def spread(values):
    """Median (min–max) of the values that are not None; – if none are."""
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def ratio_cell(ratios):
    """Per-round ratios as median× (min–max); – if there are none."""
    if not ratios:
        return "–"
    return f"{statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f})"
