#!/usr/bin/env bash
# Is revision B slower than revision A? Builds both and runs the Java workloads of both in
# interleaved rounds in one run (A B A B ...), so load drift on a shared machine cancels.
#
#   bench/compare.sh REV_A REV_B [--workloads W1,W2,...] [--rounds N] [--forks F]
#   bench/compare.sh a4f1f7d HEAD --workloads W1,W2,W3,W4
#   bench/compare.sh main .            # "." is the current checkout as it is, uncommitted changes included
#   bench/compare.sh HEAD HEAD --workloads W1      # an A/A run: how large the noise is
#
# Options: --workloads (default W1,W2,W3,W4,W5,W6,W7; W7 runs every Java variant),
# --rounds N (default 5) per fork, --forks F (default 2: fresh JVMs per row, F times, rounds pooled),
# --runs-per-round K (default 3), --warmup-runs R (default 2), --warmup-seconds S (default 2),
# --quick (3 rounds, 1 fork, short warm-up), --harness-from REV (take bench/java from REV instead
# of the current checkout), --keep (leave the worktrees in build/compare for a look).
#
# Each revision is checked out into a temporary git worktree under build/compare/ (removed at the
# end) and built with Maven; the harness (bench/java) is the current checkout's for both, compiled
# against each revision's classes (bench/java/.../ScalarNets.java bridges the renames of 41b83a2).
# Prints medians, B/A and the spread per workload; writes build/compare/results/{table.md,results.json}.
# Fails when A and B compute different checksums (they would not be doing the same work).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
# The vector API (an incubator module in Java 17) speeds up the small matrix products; the same bits without it.
JAVA_OPTS="${JAVA_OPTS---add-modules jdk.incubator.vector}"

usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0"; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -ge 2 ] || { usage >&2; exit 2; }
REV_A="$1"; REV_B="$2"; shift 2
WORKLOADS="W1,W2,W3,W4,W5,W6,W7"
ROUNDS=5; FORKS=2; RUNS=3; WARMUP_RUNS=2; WARMUP_SECONDS=2
HARNESS_FROM=""; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) WORKLOADS="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --forks) FORKS="$2"; shift ;;
    --runs-per-round) RUNS="$2"; shift ;;
    --warmup-runs) WARMUP_RUNS="$2"; shift ;;
    --warmup-seconds) WARMUP_SECONDS="$2"; shift ;;
    --quick) ROUNDS=3; FORKS=1; RUNS=2; WARMUP_RUNS=1; WARMUP_SECONDS=0.5 ;;
    --harness-from) HARNESS_FROM="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/compare.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
bench_check_workloads "$WORKLOADS"
for rev in "$REV_A" "$REV_B" ${HARNESS_FROM:+"$HARNESS_FROM"}; do
  [ "$rev" = "." ] || git rev-parse --verify -q "$rev^{commit}" >/dev/null \
    || fail "unknown revision '$rev' (try: git log --oneline)"
done
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3 || true)"
[ -n "$PYTHON" ] || fail "python3 not found (it drives the rounds): apt-get install python3"

ROOT="$PWD"
WORK=build/compare
mkdir -p "$WORK"
TREES=()
cleanup() {
  local t
  for t in "${TREES[@]}"; do
    if [ "$KEEP" = 1 ]; then echo "kept $t" >&2; else git worktree remove --force "$t" >/dev/null 2>&1 || rm -rf "$t"; fi
  done
  [ "$KEEP" = 1 ] || git worktree prune
}
trap cleanup EXIT

# A revision's tree (in CHECKOUT_DIR): "." is the current checkout as it is; anything else a fresh worktree.
checkout() {
  local rev="$1" side="$2" sha dir
  if [ "$rev" = "." ]; then
    CHECKOUT_DIR="$ROOT"
    return
  fi
  sha="$(git rev-parse --verify -q "$rev^{commit}")" || fail "unknown revision '$rev' (try: git log --oneline)"
  dir="$WORK/tree-$side-${sha:0:10}"
  git worktree remove --force "$dir" >/dev/null 2>&1 || rm -rf "$dir"
  git worktree prune
  git worktree add -q --detach "$dir" "$sha" >&2 || fail "git worktree add $dir $sha failed"
  TREES+=("$dir")
  CHECKOUT_DIR="$ROOT/$dir"
}
describe() {
  if [ "$1" = "." ]; then echo "the current checkout ($(git rev-parse --short HEAD) + uncommitted changes)"
  else echo "$1 ($(git rev-parse --short "$1^{commit}"): $(git log -1 --format=%s "$1" | cut -c1-60))"; fi
}

HARNESS=bench/java
if [ -n "$HARNESS_FROM" ]; then
  sha="$(git rev-parse --verify -q "$HARNESS_FROM^{commit}")" || fail "unknown revision '$HARNESS_FROM'"
  HARNESS="$WORK/harness-${sha:0:10}"
  rm -rf "$HARNESS" && mkdir -p "$HARNESS"
  git archive "$sha" bench/java | tar -x -C "$HARNESS" || fail "$HARNESS_FROM has no bench/java"
  HARNESS="$HARNESS/bench/java"
fi

# Two trees, built one after the other.
echo "== A = $(describe "$REV_A")" >&2
checkout "$REV_A" A; DIR_A="$CHECKOUT_DIR"
echo "== B = $(describe "$REV_B")" >&2
checkout "$REV_B" B; DIR_B="$CHECKOUT_DIR"

for side in A B; do
  dir="DIR_$side"; dir="${!dir}"
  echo "== building $side in $dir" >&2
  bench_build "$dir"
  echo "== compiling the harness ($HARNESS) against $side" >&2
  if ! (bench_compile_harness "$WORK/classes-$side" "$dir/target/classes" "$dir/target/lib" "$HARNESS"); then
    fail "the harness does not compile against $side: that revision lacks an API bench/java uses.
  Try --harness-from REV with a revision whose bench/java suits both (bench/java speaks the
  worker protocol since the interleaved benchmark), or compare nearer revisions."
  fi
done
CP_A="$WORK/classes-A:$DIR_A/target/classes:$DIR_A/target/lib/*"
CP_B="$WORK/classes-B:$DIR_B/target/classes:$DIR_B/target/lib/*"
bench_openblas_env "$DIR_B/target/classes"
bench_openblas_env "$DIR_A/target/classes"

DATA="$WORK/data"
OUT="$WORK/results"
rm -rf "$OUT" && mkdir -p "$OUT"
java -cp "$CP_B" autograd.bench.Bench --write-data "$DATA"

header="A = $(describe "$REV_A"); B = $(describe "$REV_B"); harness: ${HARNESS}. \
$(java -version 2>&1 | head -1); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, OMP_NUM_THREADS=$OMP_NUM_THREADS; \
JAVA_OPTS=${JAVA_OPTS:-none}."
status=0
"$PYTHON" bench/interleave.py --mode compare \
  --system "A=exec java ${JAVA_OPTS:-} -cp '$CP_A' autograd.bench.Bench --data $DATA --serve" \
  --system "B=exec java ${JAVA_OPTS:-} -cp '$CP_B' autograd.bench.Bench --data $DATA --serve" \
  --label-a "$REV_A" --label-b "$REV_B" --workloads "$WORKLOADS" --rounds "$ROUNDS" --forks "$FORKS" \
  --runs-per-round "$RUNS" --warmup-runs "$WARMUP_RUNS" --warmup-seconds "$WARMUP_SECONDS" \
  --out "$OUT" --header "$header" || status=$?
[ "$status" = 0 ] || fail "the comparison failed (see above; worker logs in $OUT)"
