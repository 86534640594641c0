#!/usr/bin/env python3
"""Item-type inference against the labels: the labelled drafts of ../shared/eval
(cases, cases-b, cases-c), tests/variants, and the real items of
tests/types/real-types.tsv (read from ../shared/corpus/real). Prints accuracy
and a confusion table per set.

Also prints, per deciding cue (the `item_type_cue` of the JSON output, without
the quoted word), how often the type it chose was right, and the confidence
zwlint gives that cue: a cue is meant to be marked high only when it is right
on >= 85 % of the labelled items it decides (see README, "Item-type guess").

Usage: scripts/type_accuracy.py [ZWLINT_BINARY]   (default target/release/zwlint)
Environment: ZWLINT_SHARED (default ../shared).
"""
import collections
import json
import os
import subprocess
import sys

TYPES = ["动态", "综合", "经验", "问题建议", "紧急"]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.environ.get("ZWLINT_SHARED", os.path.join(root, "..", "shared"))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "release", "zwlint")


def inferred(paths, date=None):
    """zwlint's item type for each path (one run)."""
    cmd = [binary, "check", "--isolated", "--no-cross", "--format", "json"]
    if date:
        cmd += ["--date", date]
    r = subprocess.run(cmd + paths, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"zwlint exited {r.returncode}: {r.stderr}")
    return {f["path"]: f for f in json.loads(r.stdout)["files"]}


cues = collections.defaultdict(collections.Counter)


def tally(f, label):
    cue = (f.get("item_type_cue") or "—").split("“")[0].split("（")[0]
    cues[(f["item_type"], cue, f.get("item_type_confidence", "?"))][label == f["item_type"]] += 1


def report(name, pairs):
    """pairs: (label, inferred, low_confidence)"""
    if not pairs:
        print(f"== {name}: no items\n")
        return
    ok = sum(1 for lab, got, _ in pairs if lab == got)
    print(f"== {name}: {ok}/{len(pairs)} = {100 * ok / len(pairs):.1f}% right")
    high = [(lab, got) for lab, got, low in pairs if not low]
    if len(high) != len(pairs):
        ok_h = sum(1 for lab, got in high if lab == got)
        print(f"   high-confidence labels only: {ok_h}/{len(high)} = {100 * ok_h / max(len(high), 1):.1f}%")
    conf = collections.Counter((lab, got) for lab, got, _ in pairs)
    print("   label \\ inferred " + "".join(f"{t:>6}" for t in TYPES))
    for lab in TYPES:
        print(f"   {lab:<8}" + " " * 9 + "".join(f"{conf[(lab, t)]:>7}" for t in TYPES))
    print()


for set_dir in [os.path.join(shared, "eval", s) for s in ("cases", "cases-b", "cases-c")] + [os.path.join(root, "tests", v) for v in ("variants", "variants2", "variants3", "variants4", "variants5", "variants6", "variants7", "variants8")]:
    if not os.path.isdir(set_dir):
        continue
    txts = sorted(os.path.join(set_dir, f) for f in os.listdir(set_dir) if f.endswith(".txt"))
    got = inferred(txts, "2026-11-20")
    pairs = []
    for t in txts:
        label = json.load(open(t[:-4] + ".json", encoding="utf-8"))["type"]
        tally(got[t], label)
        pairs.append((label, got[t]["item_type"], False))
    report(os.path.relpath(set_dir, root), pairs)

tsv = os.path.join(root, "tests", "types", "real-types.tsv")
real = os.path.join(shared, "corpus", "real")
if os.path.exists(tsv) and os.path.isdir(real):
    rows = [l.split("\t") for l in open(tsv, encoding="utf-8").read().splitlines()[1:] if l.strip()]
    got = inferred([os.path.join(real, r[0]) for r in rows])
    pairs = []
    alt_ok = 0
    for r in rows:
        f = got[os.path.join(real, r[0])]
        tally(f, r[1])
        pairs.append((r[1], f["item_type"], r[2] == "low"))
        if f["item_type"] == r[3]:
            alt_ok += 1
    report("tests/types/real-types.tsv", pairs)
    ok = sum(1 for lab, got, _ in pairs if lab == got)
    print(f"   right or the labeller's alternative (low-confidence labels): {ok + alt_ok}/{len(pairs)} = {100 * (ok + alt_ok) / len(pairs):.1f}%\n")

print("== deciding cues over all the sets above (right / decided, confidence zwlint gives)")
for (t, cue, conf), c in sorted(cues.items(), key=lambda kv: -sum(kv[1].values())):
    n = c[True] + c[False]
    print(f"   {t:<6}{cue:<24}{c[True]:>4}/{n:<4}{100 * c[True] / n:5.0f}%  {conf}")
