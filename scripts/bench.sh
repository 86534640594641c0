#!/usr/bin/env bash
# Whole-process benchmarks of `zwlint check` (all rules) with hyperfine:
#   1. one 2 KB draft;
#   2. 1,000 drafts of ~1.7 KB with -j1 and -j2 (parallel speed-up);
#   3. one large real text: ../shared/corpus/real/gwr/*.txt concatenated three
#      times plus xwlb/*.txt (~11 MB; the row is skipped when the corpus is
#      absent; it is read at run time and never copied into the repository);
#      and the 941 real items of ../shared/corpus/real/xwlb as a batch;
#   4. peak memory (max RSS) for one draft, 10,000 drafts and the large text.
# Drafts are generated deterministically by scripts/bench_corpus.py from the
# repository's own example sentences. Prints a Markdown table.
#
# Usage: scripts/bench.sh [BASELINE_BINARY]
#   With a baseline binary (an older zwlint build), every row is measured for
#   both, in the same session, and the table gains a speed-up column.
# Environment: RUNS (hyperfine runs per command, default 20), ZWLINT_SHARED.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${ZWLINT_SHARED:-../shared}
runs=${RUNS:-20}
base=${1:-}
cargo build --release --quiet
bin=$PWD/target/release/zwlint
work=target/bench
mkdir -p "$work"

[ -f "$work/one/draft-00000.txt" ] || python3 scripts/bench_corpus.py "$work/one" 1 2000
[ -d "$work/drafts1000" ] || python3 scripts/bench_corpus.py "$work/drafts1000" 1000
[ -d "$work/drafts10000" ] || python3 scripts/bench_corpus.py "$work/drafts10000" 10000
large=""
if [ -d "$shared/corpus/real/gwr" ]; then
  large="$work/large.txt"
  if [ ! -f "$large" ]; then
    for _ in 1 2 3; do cat "$shared"/corpus/real/gwr/*.txt; done > "$large"
    [ -d "$shared/corpus/real/xwlb" ] && cat "$shared"/corpus/real/xwlb/*.txt >> "$large"
  fi
fi

# name | zwlint arguments | hyperfine runs
rows=(
  "one 2 KB draft|check --isolated $work/one/draft-00000.txt|$runs"
  "1,000 drafts, -j1|check --isolated -j1 $work/drafts1000|$runs"
  "1,000 drafts, -j2|check --isolated -j2 $work/drafts1000|$runs"
)
if [ -n "$large" ]; then
  rows+=("large text, -j1|check --isolated -j1 $large|5" "large text, -j2|check --isolated -j2 $large|5")
fi
# Real published items (read in place, never copied): a check on drafts that
# are not made of the rules' own examples.
if [ -d "$shared/corpus/real/xwlb" ]; then
  rows+=("941 real news items (xwlb), -j2|check --isolated -j2 $shared/corpus/real/xwlb|10")
fi

: > "$work/results.tsv"
for row in "${rows[@]}"; do
  IFS='|' read -r name args n <<< "$row"
  for which in new base; do
    b=$bin
    if [ "$which" = base ]; then
      [ -n "$base" ] || continue
      b=$base
    fi
    json="$work/hf-$which-${name//[^a-z0-9]/_}.json"
    # Exit status 1 means "findings"; -i keeps hyperfine going.
    hyperfine -N -i --warmup 3 --runs "$n" --export-json "$json" "$b $args" > /dev/null 2>&1
    printf '%s\t%s\t%s\t%s\n' "$name" "$which" "$json" "$b $args" >> "$work/results.tsv"
  done
done

mem() { /usr/bin/time -f %M "$@" > /dev/null 2> "$work/time.txt" || true; tail -1 "$work/time.txt"; }
: > "$work/memory.tsv"
for which in new base; do
  b=$bin
  if [ "$which" = base ]; then
    [ -n "$base" ] || continue
    b=$base
  fi
  printf 'one 2 KB draft\t%s\t%s\n' "$which" "$(mem "$b" check --isolated "$work/one/draft-00000.txt")" >> "$work/memory.tsv"
  printf '10,000 drafts\t%s\t%s\n' "$which" "$(mem "$b" check --isolated "$work/drafts10000")" >> "$work/memory.tsv"
  if [ -n "$large" ]; then
    printf 'large text\t%s\t%s\n' "$which" "$(mem "$b" check --isolated "$large")" >> "$work/memory.tsv"
  fi
done

python3 - "$work" "$large" <<'EOF'
import json, os, sys
work, large = sys.argv[1], sys.argv[2]
size = os.path.getsize(large) / 1e6 if large else 0
res = {}
cmds = []
for line in open(f"{work}/results.tsv", encoding="utf-8"):
    name, which, path, cmd = line.rstrip("\n").split("\t")
    r = json.load(open(path))["results"][0]
    res[(name, which)] = (r["mean"] * 1000, r["stddev"] * 1000)
    cmds.append(f"hyperfine -N -i --warmup 3 '{cmd}'")
names = list(dict.fromkeys(n for n, _ in res))
has_base = any(w == "base" for _, w in res)
head = "| target | zwlint | " + ("baseline | speed-up |" if has_base else "")
print(head)
print("|---" * (head.count("|") - 1) + "|")
def cell(name, which):
    m, s = res[(name, which)]
    extra = f", {size / (m / 1000):.1f} MB/s" if name.startswith("large") else ""
    return f"{m:.1f} ms ± {s:.1f}{extra}"
for n in names:
    row = f"| {n} | {cell(n, 'new')} |"
    if has_base and (n, "base") in res:
        row += f" {cell(n, 'base')} | {res[(n, 'base')][0] / res[(n, 'new')][0]:.1f}× |"
    print(row)
for w in ["new", "base"]:
    if ("1,000 drafts, -j1", w) in res and ("1,000 drafts, -j2", w) in res:
        sp = res[("1,000 drafts, -j1", w)][0] / res[("1,000 drafts, -j2", w)][0]
        print(f"\n{'zwlint' if w == 'new' else 'baseline'}: 2-core speed-up on 1,000 drafts (-j1 / -j2): {sp:.2f}×", end="")
print("\n\n| peak memory (max RSS) | zwlint | " + ("baseline |" if has_base else ""))
print("|---|---|" + ("---|" if has_base else ""))
mem = {}
for line in open(f"{work}/memory.tsv", encoding="utf-8"):
    name, which, kb = line.rstrip("\n").split("\t")
    mem[(name, which)] = int(kb) / 1024
for n in dict.fromkeys(n for n, _ in mem):
    row = f"| {n} | {mem[(n, 'new')]:.1f} MiB |"
    if (n, "base") in mem:
        row += f" {mem[(n, 'base')]:.1f} MiB |"
    print(row)
if large:
    print(f"\nlarge text: {size:.1f} MB")
print("\nCommands:")
for c in dict.fromkeys(cmds):
    print("  " + c)
EOF
