#!/usr/bin/python3
"""Side-by-side Markdown table of several `parley conformance --json` runs.

Usage: conformance-table.py DIR NAME...   (reads DIR/NAME.json for each NAME, in that order)
A cell is the verdict, with what was observed when it is not PASS.
"""
import json
import sys

directory, names = sys.argv[1], sys.argv[2:]
runs = [json.load(open(f"{directory}/{name}.json", encoding="utf-8")) for name in names]

print("| case | sent | expected | " + " | ".join(names) + " |")
print("|---|---|---|" + "---|" * len(names))
for index, case in enumerate(runs[0]["cases"]):
    cells = []
    for run in runs:
        result = run["cases"][index]
        assert result["id"] == case["id"], "runs list different cases"
        cell = result["verdict"]
        if cell != "PASS":
            cell = f"**{cell}**: {result['observed']}"
        cells.append(cell.replace("|", "\\|"))
    print(f"| {case['id']} | {case['sent']} | {case['expected']} | " + " | ".join(cells) + " |")

def total(run, verdict):
    return run["summary"][verdict]

print("| | | **PASS / NON-STRICT / FAIL** | "
      + " | ".join(f"{total(r, 'PASS')} / {total(r, 'NON-STRICT')} / {total(r, 'FAIL')}" for r in runs) + " |")
