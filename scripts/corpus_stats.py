#!/usr/bin/env python3
"""Per-rule counts on a corpus run: how many items each rule flags at each
severity, the share of items with an error, and warnings per item."""
import json
import sys
from collections import defaultdict

data = json.load(open(sys.argv[1], encoding="utf-8"))
files = data["files"]
n = len(files) or 1
items = defaultdict(lambda: defaultdict(set))  # rule -> severity -> paths
hits = defaultdict(int)
with_error = 0
warnings = 0
for f in files:
    sev = {d["severity"] for d in f["diagnostics"]}
    with_error += "error" in sev
    for d in f["diagnostics"]:
        items[d["rule"]][d["severity"]].add(f["path"])
        hits[d["rule"]] += 1
        warnings += d["severity"] == "warning"
print(f"items: {len(files)}  failed: {len(data.get('errors', []))}")
print(f"items with an error: {with_error} ({100 * with_error / n:.1f}%)   warnings per item: {warnings / n:.2f}")
print(f"{'rule':<40} {'error':>6} {'warn':>6} {'info':>6} {'hits':>6}  (items flagged)")
for rule in sorted(items, key=lambda r: -sum(len(v) for v in items[r].values())):
    s = items[rule]
    print(f"{rule:<40} {len(s['error']):>6} {len(s['warning']):>6} {len(s['info']):>6} {hits[rule]:>6}")
