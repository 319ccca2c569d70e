#!/usr/bin/env bash
# Benchmarks side by side, in interleaved rounds: this library (Java), PyTorch eager (CPU, float64),
# JAX jit (CPU, float64, the training loop in lax.scan) and, on W1-W3, micrograd.
#
#   bench/run.sh                      W1-W7, 5 rounds (about 10 minutes on 2 cores)
#   bench/run.sh --quick              3 rounds, shorter warm-up: checks that everything works
#   bench/run.sh --workloads W1,W7    a subset
#   bench/run.sh --rounds 9 --runs-per-round 3 --warmup-seconds 3 --warmup-runs 2
#   bench/run.sh --no-micrograd       skip micrograd (its W1 takes ~13 s a run)
#
# Prints Markdown tables and writes them (table.md), every measurement (results.json) and each
# worker's log to build/bench-results/. Fails, saying why, when checksums or W7 maps disagree.
# Needs: Java 17 and Maven, /usr/bin/python3 with PyTorch (Debian: apt-get install python3-torch
# python3-venv libopenblas0-pthread), PyPI once (JAX and micrograd go into build/bench-venv).
# How it measures: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
# The vector API (an incubator module in Java 17) speeds up the small matrix products; the same bits without it.
JAVA_OPTS="${JAVA_OPTS---add-modules jdk.incubator.vector}"

ROUNDS=5
RUNS=3
WARMUP_RUNS=2
WARMUP_SECONDS=2
WORKLOADS="W1,W2,W3,W4,W5,W6,W7"
MICROGRAD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=3; RUNS=2; WARMUP_RUNS=1; WARMUP_SECONDS=0.5 ;;
    --workloads) WORKLOADS="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --runs-per-round) RUNS="$2"; shift ;;
    --warmup-runs) WARMUP_RUNS="$2"; shift ;;
    --warmup-seconds) WARMUP_SECONDS="$2"; shift ;;
    --no-micrograd) MICROGRAD=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

bench_check_workloads "$WORKLOADS"

# ---- PyTorch: checked first, so a missing install fails fast with the fix -----------------------
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$PYTHON" ] || fail "$PYTHON not found. Install it: apt-get install python3 python3-torch"
"$PYTHON" -c "import torch" 2>/dev/null || fail "PyTorch is not importable by $PYTHON.
  Install it: apt-get install python3-torch   (Debian's PyTorch, CPU)
  or point PYTHON=/path/to/python at an interpreter that has torch."

# Debian's PyTorch calls whatever libblas.so.3 the system selects; the reference BLAS makes its
# float64 matmul ~50x slower than a tuned one, which would flatter us on W5/W6. Use OpenBLAS's
# libblas for PyTorch when it is installed (without changing the system's choice).
TORCH_ENV=""
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -e "$OPENBLAS_DIR/libblas.so.3" ]; then
  TORCH_ENV="LD_LIBRARY_PATH=$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  TORCH_BLAS="OpenBLAS ($OPENBLAS_DIR)"
else
  TORCH_BLAS="the system's libblas.so.3"
  if readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null | grep -q '/blas/libblas'; then
    TORCH_BLAS="Debian's reference BLAS (slow)"
    echo "bench/run.sh: warning: PyTorch will use the reference BLAS, so its W5/W6 are far slower than usual." >&2
    echo "  For a fair comparison: apt-get install libopenblas0-pthread" >&2
  fi
fi

# ---- JAX and micrograd in a venv of their own (JAX's numpy 2 must not shadow Debian's for torch) --
VENV=build/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV" >&2
  "$PYTHON" -m venv "$VENV" || fail "cannot create a venv: apt-get install python3-venv"
fi
if ! cmp -s bench/requirements.txt "$VENV/.requirements"; then
  echo "== installing bench/requirements.txt into $VENV (JAX, micrograd)" >&2
  "$VENV/bin/pip" install -q -r bench/requirements.txt \
    || fail "pip install -r bench/requirements.txt failed (needs PyPI access)"
  cp bench/requirements.txt "$VENV/.requirements"
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building (mvn package -DskipTests) and the harness" >&2
bench_build .
CLASSES=build/bench-classes
bench_compile_harness "$CLASSES" target/classes target/lib
CP="$CLASSES:target/classes:target/lib/*"
bench_openblas_env target/classes

DATA=build/bench-data
OUT=build/bench-results
rm -rf "$OUT" && mkdir -p "$OUT"
java -cp "$CP" autograd.bench.Bench --write-data "$DATA"

# ND4J's W6 reference runs in a worker JVM of its own (bench/interleave.py says why), from the same command.
JAVA_WORKER="exec java ${JAVA_OPTS:-} -cp '$CP' autograd.bench.Bench --data $DATA --serve"
SYSTEMS=(--system "java=$JAVA_WORKER" --system "nd4j=$JAVA_WORKER"
         --system "pytorch=exec env $TORCH_ENV $PYTHON bench/pytorch_workloads.py --data $DATA"
         --system "jax=exec $VENV/bin/python bench/jax_workloads.py --data $DATA")
[ "$MICROGRAD" = 1 ] && SYSTEMS+=(--system "micrograd=exec $VENV/bin/python bench/micrograd_workloads.py --data $DATA")

versions="Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; \
$(java -version 2>&1 | head -1); PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') with $TORCH_BLAS \
(1 thread, all cores for W5-W6); JAX $("$VENV/bin/python" -c 'import jax; print(jax.__version__)') (CPU, x64); \
OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, OMP_NUM_THREADS=$OMP_NUM_THREADS; JAVA_OPTS=${JAVA_OPTS:-none}."

status=0
"$PYTHON" bench/interleave.py --mode run "${SYSTEMS[@]}" --workloads "$WORKLOADS" --rounds "$ROUNDS" \
  --runs-per-round "$RUNS" --warmup-runs "$WARMUP_RUNS" --warmup-seconds "$WARMUP_SECONDS" \
  --out "$OUT" --header "$versions" || status=$?
[ "$status" = 0 ] || fail "the benchmark failed (see above; worker logs in $OUT)"

java -cp "$CP" autograd.bench.Bench --memory | sed -n 's/^RESULT .*bytes_per_node=\([0-9.]*\).*/\nScalar graph node: \1 bytes (heap growth over 1 000 000 nodes after GC)./p' \
  | tee -a "$OUT/table.md"
