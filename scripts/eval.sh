#!/usr/bin/env bash
# Measure zwlint: recall and false alarms on the labelled drafts in
# ../shared/eval, and what fires on published text in ../shared/corpus/real.
# Usage: scripts/eval.sh [-v]        (-v lists every miss and unmatched finding)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${ZWLINT_SHARED:-../shared}
cargo build --release --quiet
bin=target/release/zwlint
mkdir -p target/eval

echo "== labelled drafts: $shared/eval/cases"
"$bin" check --format json --date 2026-11-20 "$shared"/eval/cases/*.txt > target/eval/cases.json || [ $? -eq 1 ]
python3 "$shared/eval/score.py" --cases "$shared/eval/cases" --linter-json target/eval/cases.json \
  --out target/eval/score.json "$@"

for part in xwlb gwr; do
  dir="$shared/corpus/real/$part"
  [ -d "$dir" ] || continue
  echo
  echo "== published text: $dir"
  "$bin" check --format json "$dir" > "target/eval/$part.json" || [ $? -eq 1 ]
  python3 scripts/corpus_stats.py "target/eval/$part.json"
done
