# Shared by bench/run.sh and bench/compare.sh (sourced, not run).

fail() { echo "${0##*/}: $*" >&2; exit 1; }

# bench_compile_harness OUT_DIR LIBRARY_CLASSES LIBRARY_LIB_DIR [SOURCES_DIR]
# Compiles the harness (bench/java) against one build of the library. A source file whose first
# line is "// bench: requires autograd.PKG" is compiled only if that build has the package (the
# hook through which the W7 Sweep variant joins once autograd.sweep exists).
bench_compile_harness() {
  local out="$1" classes="$2" lib="$3" sources="${4:-bench/java}" f pkg
  local files=()
  while IFS= read -r f; do
    pkg="$(head -1 "$f" | sed -n 's|^// bench: requires \(autograd[.a-z0-9]*\)$|\1|p')"
    if [ -n "$pkg" ] && [ ! -d "$classes/${pkg//.//}" ]; then
      echo "   (skipping $f: the library has no $pkg)" >&2
      continue
    fi
    files+=("$f")
  done < <(find "$sources" -name '*.java' | sort)
  rm -rf "$out" && mkdir -p "$out"
  javac -nowarn -d "$out" -cp "$classes:$lib/*" "${files[@]}" \
    || fail "compiling the harness ($sources) against $classes failed (see above)"
}

# ND4J's OpenBLAS must be told the CPU's kernel family before the JVM starts (it misdetects some CPUs).
bench_openblas_env() {
  local classes="$1"
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    OPENBLAS_CORETYPE="$(java -cp "$classes" autograd.nd4j.OpenBlasCoreType 2>/dev/null || true)"
    [ -n "$OPENBLAS_CORETYPE" ] && export OPENBLAS_CORETYPE
  fi
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
}

# One Maven build of the library in directory $1.
bench_build() {
  (cd "$1" && mvn -q -B package -DskipTests -Dspotless.check.skip=true) || fail "the Maven build in $1 failed (see above)"
}

# Fails at once (before any build) on a workload name the benchmark does not have.
bench_check_workloads() {
  local w
  for w in ${1//,/ }; do
    case "$w" in W1|W2|W3|W4|W5|W6|W7) ;; *) fail "unknown workload '$w' (one of W1,W2,W3,W4,W5,W6,W7)" ;; esac
  done
}
