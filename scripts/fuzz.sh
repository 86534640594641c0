#!/usr/bin/env bash
# Fuzz zwlint with cargo-fuzz (libFuzzer): decoding, .docx extraction,
# document parsing and a full check on arbitrary bytes.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]   (default 300 s, all four)
#        RUNS=10000000 scripts/fuzz.sh 0 check   (stop after RUNS executions instead;
#        0 seconds = no time limit)
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain, or a
# stable one with RUSTC_BOOTSTRAP=1 as below. Each target starts from the
# committed seeds in fuzz/seeds/<target>/ (the example drafts, a real .docx
# and its document.xml, CR/CRLF/BOM/UTF-16/Extension B texts) and grows its
# own corpus in fuzz/corpus/<target>/ (not committed). A crash is saved in
# fuzz/artifacts/<target>/; turn it into a regression test.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode docx document check)
failed=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t (${secs} s)"
  log=$(mktemp)
  status=0
  limit=(-max_total_time="$secs")
  [ -n "${RUNS:-}" ] && limit+=(-runs="$RUNS")
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O --sanitizer none "$t" "corpus/$t" "seeds/$t" -- \
    "${limit[@]}" -print_final_stats=1 -rss_limit_mb=2048 -timeout=20 > "$log" 2>&1 || status=$?
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" || true
  if [ "$status" -ne 0 ]; then
    grep -E "panicked|ERROR|Test unit written" "$log" || tail -20 "$log"
    echo "$t: FAILED (exit $status); see fuzz/artifacts/$t/"
    failed=1
  fi
  rm -f "$log"
done
exit "$failed"
