#!/usr/bin/env bash
# Measure zwlint: recall and false alarms on every labelled set (../shared/eval/cases,
# cases-b, cases-c, and this repository's tests/variants, variants2, variants3, variants4 … variants8), and what fires on published
# text in ../shared/corpus/real, each news item checked with its own date as the report date.
# Usage: scripts/eval.sh [-v]        (-v lists every miss and unmatched finding)
# Environment: ZWLINT_SHARED (default ../shared), ZWLINT_BIN (default: build release).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${ZWLINT_SHARED:-../shared}
if [ -z "${ZWLINT_BIN:-}" ]; then
  cargo build --release --quiet
  bin=target/release/zwlint
else
  bin=$ZWLINT_BIN
fi
out=target/eval
mkdir -p "$out"

score_set() { # name dir
  local name=$1 dir=$2
  [ -d "$dir" ] || { echo "== $name: $dir not found, skipped"; return; }
  echo "== labelled drafts: $dir"
  "$bin" check --format json --date 2026-11-20 "$dir"/*.txt > "$out/$name.json" || [ $? -eq 1 ]
  python3 "$shared/eval/score.py" --cases "$dir" --linter-json "$out/$name.json" \
    --out "$out/$name-score.json" "${@:3}"
  echo
}
score_set cases "$shared/eval/cases" "$@"
score_set cases-b "$shared/eval/cases-b" "$@"
score_set cases-c "$shared/eval/cases-c" "$@"
score_set variants tests/variants "$@"
score_set variants2 tests/variants2 "$@"
score_set variants3 tests/variants3 "$@"
score_set variants4 tests/variants4 "$@"
score_set variants5 tests/variants5 "$@"
score_set variants6 tests/variants6 "$@"
score_set variants7 tests/variants7 "$@"
score_set variants8 tests/variants8 "$@"

# News items: one run per broadcast date, with that date as the report date.
real="$shared/corpus/real"
if [ -f "$real/index.tsv" ]; then
  echo "== published text: $real/xwlb (each item with its own date)"
  python3 - "$bin" "$real" "$out/xwlb.json" <<'PY'
import collections, json, subprocess, sys
bin, real, dest = sys.argv[1:4]
by_date = collections.defaultdict(list)
for row in open(f"{real}/index.tsv", encoding="utf-8").read().splitlines()[1:]:
    f, _, date, *_ = row.split("\t")
    if f.startswith("xwlb/"):
        by_date[f"{date[:4]}-{date[4:6]}-{date[6:8]}"].append(f"{real}/{f}")
merged = {"files": [], "errors": []}
for date, files in sorted(by_date.items()):
    r = subprocess.run([bin, "check", "--isolated", "--no-cross", "--format", "json", "--date", date, *files],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"zwlint exited {r.returncode} on {date}: {r.stderr}")
    d = json.loads(r.stdout)
    merged["files"] += d["files"]
    merged["errors"] += d.get("errors", [])
json.dump(merged, open(dest, "w", encoding="utf-8"), ensure_ascii=False)
PY
  python3 scripts/corpus_stats.py "$out/xwlb.json"
  echo
fi
if [ -d "$real/gwr" ]; then
  echo "== published text: $real/gwr"
  "$bin" check --isolated --format json "$real/gwr" > "$out/gwr.json" || [ $? -eq 1 ]
  python3 scripts/corpus_stats.py "$out/gwr.json"
fi
