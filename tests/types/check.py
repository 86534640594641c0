#!/usr/bin/env python3
"""Check real-types.tsv: columns, valid types/confidence, files exist in the corpus.

Usage: python3 check.py [CORPUS_REAL_DIR]   (default ../shared/corpus/real from the repo root,
resolved relative to this file as ../../../shared/corpus/real)
"""
import csv, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "shared", "corpus", "real"))
TYPES = {"动态", "综合", "经验", "问题建议", "紧急"}
errors = []
rows = list(csv.DictReader(open(os.path.join(HERE, "real-types.tsv"), encoding="utf-8"),
                           delimiter="\t"))
seen = set()
for i, r in enumerate(rows, start=2):
    f = r["file"]
    if f in seen:
        errors.append(f"line {i}: duplicate {f}")
    seen.add(f)
    if not os.path.isfile(os.path.join(corpus, f)):
        errors.append(f"line {i}: missing file {f}")
    if r["type"] not in TYPES:
        errors.append(f"line {i}: bad type {r['type']!r}")
    if r["confidence"] not in ("high", "low"):
        errors.append(f"line {i}: bad confidence {r['confidence']!r}")
    if r["confidence"] == "low":
        if r["alt"] not in TYPES or r["alt"] == r["type"]:
            errors.append(f"line {i}: low confidence needs a different valid alt, got {r['alt']!r}")
    elif r["alt"]:
        errors.append(f"line {i}: high confidence must have empty alt")
    if not r["cue"].strip():
        errors.append(f"line {i}: empty cue")
print(f"{len(rows)} rows; corpus {corpus}")
print("types:", dict(Counter(r["type"] for r in rows)))
print("type x confidence:", dict(Counter((r["type"], r["confidence"]) for r in rows)))
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
