#!/usr/bin/env bash
# Benchmarks side by side: this library (Java), PyTorch eager (CPU, float64) and micrograd.
#
#   bench/run.sh                      all workloads, 5 timed runs each (micrograd: 3), median reported
#   bench/run.sh --quick              3 timed runs, shorter warm-up
#   bench/run.sh --workloads W1,W4    a subset
#
# Prints a Markdown table and writes it, with the raw RESULT lines, to build/bench-results/.
# Needs: Java 17 and Maven (builds the project), /usr/bin/python3 with PyTorch (Debian:
# apt-get install python3-torch), network access to PyPI once (micrograd goes into build/bench-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

REPEATS=5
MICROGRAD_REPEATS=3
WARMUP=2
WORKLOADS="W1,W2,W3,W4,W5,W6"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) REPEATS=3; MICROGRAD_REPEATS=1; WARMUP=1 ;;
    --workloads) WORKLOADS="$2"; shift ;;
    --repeats) REPEATS="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "bench/run.sh: $*" >&2; exit 1; }

# ---- PyTorch: checked first, so a missing install fails fast with the fix -----------------------
PYTHON="${PYTHON:-/usr/bin/python3}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3 || true)"
[ -n "$PYTHON" ] || fail "python3 not found. Install it: apt-get install python3"
"$PYTHON" -c "import torch" 2>/dev/null || fail "PyTorch is not importable by $PYTHON.
  Install it: apt-get install python3-torch   (Debian's PyTorch, CPU)
  or point PYTHON=/path/to/python at an interpreter that has torch."

# Debian's PyTorch calls whatever libblas.so.3 the system selects; the reference BLAS makes its
# float64 matmul ~50x slower than a tuned one, which would flatter us on W5/W6. Use OpenBLAS's
# libblas for PyTorch when it is installed (without changing the system's choice).
TORCH_ENV=()
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -e "$OPENBLAS_DIR/libblas.so.3" ]; then
  TORCH_ENV=(LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
  TORCH_BLAS="OpenBLAS ($OPENBLAS_DIR)"
else
  TORCH_BLAS="the system's libblas.so.3"
  if readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null | grep -q '/blas/libblas'; then
    TORCH_BLAS="Debian's reference BLAS (slow)"
    echo "bench/run.sh: warning: PyTorch will use the reference BLAS, so its W5/W6 are far slower than usual." >&2
    echo "  For a fair comparison: apt-get install libopenblas0-pthread" >&2
  fi
fi

# ---- build -------------------------------------------------------------------------------------
echo "== building (mvn package -DskipTests)" >&2
mvn -o -q package -DskipTests 2>/dev/null || mvn -q package -DskipTests || fail "the Maven build failed (see above)"
CLASSES=build/bench-classes
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -d "$CLASSES" -cp "target/classes:target/lib/*" $(find bench/java -name '*.java') || fail "compiling bench/java failed"
CP="$CLASSES:target/classes:target/lib/*"

# ND4J's OpenBLAS must be told the CPU's kernel family before the JVM starts (it misdetects some CPUs).
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  OPENBLAS_CORETYPE="$(java -cp target/classes autograd.nd4j.OpenBlasCoreType)"
  [ -n "$OPENBLAS_CORETYPE" ] && export OPENBLAS_CORETYPE
fi
CORES="$(nproc)"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$CORES}"

# ---- micrograd in a venv that also sees the system's torch --------------------------------------
VENV=build/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV (micrograd from PyPI)" >&2
  "$PYTHON" -m venv --system-site-packages "$VENV" || fail "cannot create a venv: apt-get install python3-venv"
fi
"$VENV/bin/python" -c "import micrograd" 2>/dev/null || "$VENV/bin/pip" install -q micrograd \
  || fail "pip install micrograd failed (needs PyPI access)"

# ---- data, then every system, one process per workload ----------------------------------------
DATA=build/bench-data
OUT=build/bench-results
mkdir -p "$OUT"
RAW="$OUT/raw.txt"
: > "$RAW"
java -cp "$CP" autograd.bench.Bench --write-data "$DATA"

run() { echo "== $*" >&2; "$@" | tee -a "$RAW" >&2; }
IFS=',' read -r -a LIST <<< "$WORKLOADS"
for w in "${LIST[@]}"; do
  R="$REPEATS"; WU="$WARMUP"
  # W5 takes seconds per run on 2 cores: 3 runs after a single warm-up run keep the whole benchmark in minutes.
  if [ "$w" = W5 ]; then R=3; WU=0; fi
  run java -cp "$CP" autograd.bench.Bench --data "$DATA" --workload "$w" --repeats "$R" --min-warmup-seconds "$WU"
  if [ "$w" = W6 ]; then
    run java -cp "$CP" autograd.bench.Bench --data "$DATA" --workload W6-nd4j --repeats "$R" --min-warmup-seconds "$WU"
  fi
  run env "${TORCH_ENV[@]}" "$PYTHON" bench/pytorch_workloads.py --data "$DATA" --workload "$w" \
    --repeats "$R" --min-warmup-seconds "$WU"
  case "$w" in W1|W2|W3)
    run "$VENV/bin/python" bench/micrograd_workloads.py --data "$DATA" --workload "$w" \
      --repeats "$MICROGRAD_REPEATS" --min-warmup-seconds 0 ;;
  esac
done
run java -cp "$CP" autograd.bench.Bench --memory

{
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $CORES cores; $(java -version 2>&1 | head -1);"
  echo "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') with $TORCH_BLAS; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, OMP_NUM_THREADS=$OMP_NUM_THREADS."
  echo "Times are medians of $REPEATS runs after warm-up (W5: 3 runs after one warm-up run; micrograd: $MICROGRAD_REPEATS runs, no warm-up, as CPython has no JIT); PyTorch runs W1-W4 on one thread, W5-W6 on all cores; Java's matmul uses ND4J's BLAS (OMP_NUM_THREADS threads) from 64 per side."
  echo
  "$PYTHON" bench/table.py "$RAW"
} | tee "$OUT/table.md"
