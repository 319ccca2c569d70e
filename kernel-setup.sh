#!/usr/bin/env bash
# Sets up the Java notebook kernel of autograd-java in a project-local virtual environment (.venv),
# and runs or tests the notebooks. Idempotent: a second run reuses what is there.
#
#   ./kernel-setup.sh          set up (JAR, .venv, kernelspec "autograd-java"), then print next steps
#   ./kernel-setup.sh lab [--sources] [JUPYTER OPTION...]
#                              set up, then JupyterLab on your working copy work/ (made and refreshed from
#                              notebooks/; --sources opens notebooks/ itself, for teachers), on 127.0.0.1 only
#   ./kernel-setup.sh run [NOTEBOOK...]   execute notebooks headless into build/notebooks/ (.ipynb + .html)
#   ./kernel-setup.sh nbgrader COMMAND...  nbgrader in the exercises' course folder notebooks/exercises/
#   ./kernel-setup.sh test     unit tests (mvn verify), self-tests, exercises through nbgrader, the lab in a browser, every notebook checked
#   --spark / --no-spark       with any command: add (or remove) Apache Spark for sweeps on a cluster (190 MB, remembered;
#                              docs/sweeps.md); test always includes it
#
# Environment: PYTHON (interpreter to build .venv from), JAVA_HOME (JDK to use, else the java on PATH),
# AUTOGRAD_KERNEL_HEAP (kernel's -Xmx, default 3g), CELL_TIMEOUT (seconds per cell, default 600),
# KERNEL_START_TIMEOUT (seconds for the first kernel start attempt, default 15; attempt k waits k times that),
# AUTOGRAD_LAB_DIR (the working copy, default work/), SETUP_LOCK_TIMEOUT (seconds to wait for another setup, default 900).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$ROOT/.venv"
VENV_STAMP="$VENV/.autograd-setup-complete"
REQUIREMENTS="$ROOT/notebooks/requirements.txt"
TEST_REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
TEST_STAMP="$VENV/.autograd-test-packages"
LOCK_FILE="$ROOT/.kernel-setup.lock"
LOCK_TIMEOUT="${SETUP_LOCK_TIMEOUT:-900}"
BUILD_STAMP="$ROOT/target/.autograd-kernel-build"
KERNEL_NAME="autograd-java"
KERNEL_DISPLAY_NAME="Java (autograd)"
KERNEL_HEAP="${AUTOGRAD_KERNEL_HEAP:-3g}"
CELL_TIMEOUT="${CELL_TIMEOUT:-600}"
START_TIMEOUT="${KERNEL_START_TIMEOUT:-15}"
MVN=(mvn -B -ntp -Dstyle.color=never)

say() { printf 'kernel-setup: %s\n' "$*"; }
die() {
  printf 'kernel-setup: ERROR: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

# --- one setup at a time ----------------------------------------------------------------------

# Two setups at once would rebuild the same JAR, .venv and kernelspec under each other: the second waits
# (bounded) for the first. flock where it exists (the lock dies with its holder), else an atomic mkdir.
LOCK_HELD=""
acquire_setup_lock() {
  [[ -n "$LOCK_HELD" ]] && return
  local holder
  if command -v flock >/dev/null 2>&1; then
    # The project folder itself is the lock (flock works on a directory): no lock file to leave behind.
    exec 9<"$ROOT"
    if ! flock -n 9; then
      holder="$(cat "$LOCK_FILE.pid" 2>/dev/null || true)"
      say "another kernel-setup.sh${holder:+ (pid $holder)} is setting up this project; waiting for it (at most ${LOCK_TIMEOUT} s)..."
      flock -w "$LOCK_TIMEOUT" 9 || die "another kernel-setup.sh${holder:+ (pid $holder)} is still setting up this project after ${LOCK_TIMEOUT} s." \
        "Let it finish (or stop it), then run ./kernel-setup.sh again; SETUP_LOCK_TIMEOUT=seconds waits longer."
    fi
    LOCK_HELD="flock"
  else
    local waited=0 announced=""
    until mkdir "$LOCK_FILE.d" 2>/dev/null; do
      holder="$(cat "$LOCK_FILE.pid" 2>/dev/null || true)"
      if [[ -n "$holder" ]] && ! kill -0 "$holder" 2>/dev/null; then
        rm -rf "$LOCK_FILE.d"; continue   # its holder died without cleaning up
      fi
      [[ -z "$announced" ]] && say "another kernel-setup.sh${holder:+ (pid $holder)} is setting up this project; waiting for it (at most ${LOCK_TIMEOUT} s)..."
      announced=1
      (( waited++ < LOCK_TIMEOUT )) || die "another kernel-setup.sh${holder:+ (pid $holder)} is still setting up this project after ${LOCK_TIMEOUT} s." \
        "Let it finish (or stop it), then run ./kernel-setup.sh again; SETUP_LOCK_TIMEOUT=seconds waits longer."
      sleep 1
    done
    LOCK_HELD="mkdir"
  fi
  # Released on any exit, a failure too (die), so a failed setup leaves nothing behind.
  trap release_setup_lock EXIT
  printf '%s\n' "$$" > "$LOCK_FILE.pid"
}

release_setup_lock() {
  case "$LOCK_HELD" in
    flock) rm -f "$LOCK_FILE.pid"; exec 9<&- ;;
    mkdir) rm -f "$LOCK_FILE.pid"; rm -rf "$LOCK_FILE.d" ;;
  esac
  LOCK_HELD=""
  trap - EXIT
}

# --- what the machine must have -------------------------------------------------------------

JDK_BIN=""
check_jdk() {
  local java_cmd=""
  if [[ -n "${JAVA_HOME:-}" ]]; then
    # A JAVA_HOME set by the user is meant: falling back to another java would hide the mistake.
    [[ -x "$JAVA_HOME/bin/java" ]] || die "JAVA_HOME=$JAVA_HOME has no bin/java." \
      "Point JAVA_HOME at a JDK 17 or newer (the folder that holds bin/java and bin/jshell)," \
      "or unset it to use the java on PATH; then run ./kernel-setup.sh again."
    java_cmd="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java_cmd="$(command -v java)"
  else
    die "no Java found (neither JAVA_HOME nor a java on PATH)." \
      "Install a JDK 17 or newer, e.g. on Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless" \
      "then run ./kernel-setup.sh again."
  fi
  JDK_BIN="$(dirname "$(readlink -f "$java_cmd")")"
  local version major
  version="$("$JDK_BIN/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java\.specification\.version/ {print $2}')"
  major="${version#1.}"; major="${major%%.*}"
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    die "the Java at $JDK_BIN is version ${version:-unknown}; autograd-java needs 17 or newer." \
      "Install a JDK 17+ (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless) and put it first" \
      "on PATH or point JAVA_HOME at it, then run ./kernel-setup.sh again."
  fi
  if [[ ! -x "$JDK_BIN/jshell" ]] || ! "$JDK_BIN/java" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@'; then
    die "the Java at $JDK_BIN is a runtime (JRE) without jshell; the notebook kernel compiles cells with jshell." \
      "Install a full JDK 17+ (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless) and put it first" \
      "on PATH or point JAVA_HOME at it, then run ./kernel-setup.sh again."
  fi
  # Maven and the kernel use this same JDK.
  export JAVA_HOME="$(dirname "$JDK_BIN")"
}

check_maven() {
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not installed." \
    "Install Maven 3.6+ (Debian/Ubuntu: sudo apt-get install maven), then run ./kernel-setup.sh again."
}

PYTHON_BIN=""
check_python() {
  local candidate path too_old="" no_venv=""
  if [[ -n "${PYTHON:-}" ]] && ! command -v "$PYTHON" >/dev/null 2>&1; then
    die "PYTHON=$PYTHON is not a command." "Point PYTHON at a Python 3.9+ with venv, or unset it to use python3; then run ./kernel-setup.sh again."
  fi
  for candidate in ${PYTHON:-} python3 python; do
    path="$(command -v "$candidate" 2>/dev/null)" || continue
    if ! "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
      too_old="${too_old:-$path}"; continue
    fi
    # Debian splits venv's pip bootstrap (ensurepip) into python3-venv.
    if ! "$path" -c 'import venv, ensurepip' 2>/dev/null; then
      no_venv="${no_venv:-$path}"; continue
    fi
    PYTHON_BIN="$path"
    return
  done
  if [[ -n "$no_venv" ]]; then
    local minor
    minor="$("$no_venv" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    die "$no_venv has no working venv module (ensurepip is missing)." \
      "On Debian/Ubuntu: sudo apt-get install python3-venv (or python${minor}-venv)," \
      "or set PYTHON to another Python 3.9+ that has venv; then run ./kernel-setup.sh again."
  elif [[ -n "$too_old" ]]; then
    die "$too_old is older than Python 3.9." \
      "Install Python 3.9+ with venv (Debian/Ubuntu: sudo apt-get install python3 python3-venv)," \
      "or set PYTHON to one; then run ./kernel-setup.sh again."
  fi
  die "no Python found (python3)." \
    "Install Python 3.9+ with venv (Debian/Ubuntu: sudo apt-get install python3 python3-venv)," \
    "then run ./kernel-setup.sh again."
}

# --- the JAR and its runtime classpath ---------------------------------------------------------

project_jar() {
  local jar
  for jar in "$ROOT"/target/autograd-java-*.jar; do
    case "$jar" in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
    [[ -f "$jar" ]] && { printf '%s\n' "$jar"; return; }
  done
  return 0
}

build_is_fresh() {
  [[ -f "$BUILD_STAMP" && -n "$(project_jar)" && -d "$ROOT/target/lib" ]] || return 1
  local kind
  kind="$(cat "$BUILD_STAMP")"
  [[ "${kind:-plain}" == "$(build_kind)" ]] || return 1   # spark: built with or without it (empty: an older stamp)
  # The JAR too: a build by hand (mvn package, without -Pspark) after ours makes it newer than the stamp.
  [[ -z "$(find "$ROOT/pom.xml" "$ROOT/src/main" "$ROOT/src/spark" "$(project_jar)" -newer "$BUILD_STAMP" -print -quit 2>/dev/null)" ]]
}

# >>> spark (issue 14): the Maven profile, the stamp's content, the kernel's extra classpath and JVM options.
build_kind() { if [[ "$SPARK" == 1 ]]; then echo spark; else echo plain; fi; }
spark_kernel_classpath() { [[ "$SPARK" == 1 ]] && printf ':%s' "$ROOT/target/spark-lib/*.jar"; return 0; }
spark_kernel_jvm_opts() {
  [[ "$SPARK" == 1 ]] || return 0
  local opts
  # Spark's own list (org.apache.spark.launcher.JavaModuleOptions), as spark-submit passes it to a driver.
  opts="$("$JDK_BIN/java" -cp "$(project_jar):$ROOT/target/spark-lib/*" autograd.spark.SparkJvmOptions)" \
    || die "could not read Spark's JVM options from target/spark-lib." "Run ./kernel-setup.sh --spark again (it rebuilds with -Pspark)."
  printf ' %s' "$opts"
}
# <<< spark

maven_failed() {
  die "Maven could not $1 (see its messages above)." \
    "A compile or test error: fix it and run again. A download error (fresh machine, no ~/.m2):" \
    "check the network or Maven's proxy/mirror settings in ~/.m2/settings.xml, then run ./kernel-setup.sh again."
}

build_jar() {
  if build_is_fresh; then
    say "JAR is up to date: $(project_jar)"
    return
  fi
  say "building the JAR and target/lib (mvn package$([[ "$SPARK" == 1 ]] && echo " -Pspark: and target/spark-lib"))..."
  rm -f "$BUILD_STAMP"
  "${MVN[@]}" -q -f "$ROOT/pom.xml" "${MVN_PROFILES[@]+"${MVN_PROFILES[@]}"}" package -DskipTests || maven_failed "build the JAR"
  build_kind > "$BUILD_STAMP"
}

# --- the virtual environment -------------------------------------------------------------------

venv_wanted() {
  # What the venv was made from: a change of either rebuilds it.
  printf '%s %s\n' "$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)" "$("$PYTHON_BIN" -c 'import sys; print(sys.version.split()[0])')"
}

# What urllib3/requests say in pip's log when the index cannot be reached at all.
PIP_NETWORK_ERRORS='NewConnectionError|Failed to establish a new connection|ConnectTimeoutError|ReadTimeoutError|ProxyError|SSLError|Max retries exceeded|Temporary failure in name resolution|Name or service not known|Network is unreachable'

setup_venv() {
  [[ -f "$REQUIREMENTS" ]] || die "$REQUIREMENTS is missing (it pins the notebook packages)." \
    "Restore it from git: git checkout -- notebooks/requirements.txt"
  local wanted
  wanted="$(venv_wanted)"
  if [[ -f "$VENV_STAMP" && -x "$VENV/bin/python" && "$(cat "$VENV_STAMP")" == "$wanted" ]]; then
    say ".venv is up to date"
    return
  fi
  # A venv holds absolute paths, so it cannot be built elsewhere and moved: it is complete only once
  # the stamp is written, and anything without a current stamp is rebuilt from scratch.
  [[ -e "$VENV" ]] && say "rebuilding .venv (incomplete or out of date)"
  rm -rf "$VENV"
  say "creating .venv with $PYTHON_BIN and installing notebooks/requirements.txt (first time: a minute or two)..."
  if ! "$PYTHON_BIN" -m venv "$VENV"; then
    rm -rf "$VENV"
    die "$PYTHON_BIN could not create a virtual environment." \
      "On Debian/Ubuntu: sudo apt-get install python3-venv, or set PYTHON to another Python 3.9+; then run again."
  fi
  local quiet=(-q)
  [[ "${CI:-}" == "true" ]] && quiet=()
  # pip's full log tells an unreachable index from other failures; it goes with .venv either way.
  local pip_log="$VENV/pip-install.log"
  if ! "$VENV/bin/python" -m pip install "${quiet[@]}" --disable-pip-version-check --no-input \
       --retries 2 --timeout 30 --log "$pip_log" -r "$REQUIREMENTS"; then
    local problem="pip could not install the packages in notebooks/requirements.txt (see pip's message above)."
    if grep -qE "$PIP_NETWORK_ERRORS" "$pip_log" 2>/dev/null; then
      problem="pip could not reach the package index to install notebooks/requirements.txt (see pip's warnings above)."
    fi
    rm -rf "$VENV"
    die "$problem" \
      "No network? Connect, or point pip at a reachable index or mirror (PIP_INDEX_URL), then run ./kernel-setup.sh again." \
      "Nothing was left half-installed (.venv was removed)."
  fi
  printf '%s\n' "$wanted" > "$VENV_STAMP"
}

# --- the kernelspec ----------------------------------------------------------------------------

install_kernelspec() {
  local kernels="$VENV/share/jupyter/kernels"
  local stock="$kernels/java"
  local spec_dir="$kernels/$KERNEL_NAME"
  # The jjava package's own kernelspec ("Java (jjava)") lacks our classpath: we copy its two jars and remove it,
  # so that the launcher offers only "Java (autograd)". A later run takes the jars from our copy.
  local jars="$stock"
  [[ -f "$jars/jjava.jar" && -f "$jars/jjava-launcher.jar" ]] || jars="$spec_dir"
  [[ -f "$jars/jjava.jar" && -f "$jars/jjava-launcher.jar" ]] || {
    rm -f "$VENV_STAMP"
    die "the jjava package in .venv has no kernel at $stock." \
      "Run ./kernel-setup.sh again (it reinstalls .venv); if it persists, check the jjava pin in notebooks/requirements.txt."
  }
  local jar
  jar="$(project_jar)"
  [[ -n "$jar" ]] || die "no target/autograd-java-*.jar after the build." "Run: mvn package"
  # A folder of our own (never a fixed name): a setup interrupted midway leaves nothing a later one trips on.
  local tmp
  tmp="$(mktemp -d "$kernels/.$KERNEL_NAME.XXXXXX")"
  cp "$jars/jjava.jar" "$jars/jjava-launcher.jar" "$tmp/"
  # ND4J's OpenBLAS misjudges some CPUs and picks slow kernels; the core type must be in the
  # environment before the kernel's JVM starts. Empty when the CPU flags cannot be read.
  local core_type spark_opts
  core_type="$("$JDK_BIN/java" -cp "$jar" autograd.nd4j.OpenBlasCoreType 2>/dev/null || true)"
  spark_opts="$(spark_kernel_jvm_opts)" || exit 1   # spark (issue 14); it said why
  # --add-modules: the vector API (an incubator module on Java 17) runs the small products' vector kernels.
  KERNEL_OPENBLAS_CORETYPE="$core_type" \
  KERNEL_JAVA="$JDK_BIN/java" KERNEL_PATH_DIR="$JDK_BIN" KERNEL_CLASSPATH="$jar:$ROOT/target/lib/*.jar$(spark_kernel_classpath)" \
  KERNEL_JVM_OPTS="-Xms256m -Xmx$KERNEL_HEAP -Djava.awt.headless=true -Dai.djl.offline=true -Dfile.encoding=UTF-8 -Dslf4j.internal.verbosity=ERROR --add-modules=jdk.incubator.vector$spark_opts" \
  KERNEL_DISPLAY_NAME="$KERNEL_DISPLAY_NAME" KERNEL_SOURCES="$ROOT/src/main/java" \
  "$VENV/bin/python" - "$tmp/kernel.json" <<'PY' || { rm -rf "$tmp"; die "could not write the kernelspec (the Python error is above)." "Run ./kernel-setup.sh again; if it fails the same way, report it with that error."; }
import json, os, sys
spec = {
    "argv": [os.environ["KERNEL_JAVA"], "-jar", "{resource_dir}/jjava-launcher.jar",
             "{resource_dir}/jjava.jar", "{connection_file}"],
    "display_name": os.environ["KERNEL_DISPLAY_NAME"],
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        # The launcher starts the kernel JVM with the java on PATH: pin it to the checked JDK.
        "PATH": os.environ["KERNEL_PATH_DIR"] + ":${PATH}",
        "JJAVA_CLASSPATH": os.environ["KERNEL_CLASSPATH"],
        "JJAVA_JVM_OPTS": os.environ["KERNEL_JVM_OPTS"],
        # The library's sources, for Shift+Tab help (the extension adds them to jshell's documentation lookup).
        "AUTOGRAD_SOURCES": os.environ["KERNEL_SOURCES"],
        "DJL_OFFLINE": "true",
        "OMP_NUM_THREADS": "1",
    },
    "metadata": {"debugger": False},
}
if os.environ.get("KERNEL_OPENBLAS_CORETYPE"):
    spec["env"]["OPENBLAS_CORETYPE"] = os.environ["KERNEL_OPENBLAS_CORETYPE"]
with open(sys.argv[1], "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY
  rm -rf "$spec_dir"
  mv "$tmp" "$spec_dir"
  rm -rf "$stock"
  say "kernelspec '$KERNEL_NAME' (\"$KERNEL_DISPLAY_NAME\") installed in .venv"
}

# --- HTML exports that work offline --------------------------------------------------------------

# nbconvert's own HTML loads MathJax (and require.js) from a CDN: offline, every formula shows as raw TeX.
# The template "autograd" (scripts/nbconvert-template) inlines MathJax 3 from the pinned PyPI package instead;
# it is the default for `jupyter nbconvert`, JupyterLab's "Export as HTML" and ./kernel-setup.sh run.
install_html_template() {
  local templates="$VENV/share/jupyter/nbconvert/templates"
  local mathjax
  mathjax="$("$VENV/bin/python" -c 'import mathjax, pathlib; print(pathlib.Path(mathjax.__file__).parent / "static" / "mathjax")' 2>/dev/null)" \
    && [[ -f "$mathjax/es5/tex-svg-full.js" ]] || {
    rm -f "$VENV_STAMP"
    die "the MathJax package (django-static-mathjax) is missing from .venv." "Run ./kernel-setup.sh again (it reinstalls .venv)."
  }
  mkdir -p "$templates"
  local tmp
  tmp="$(mktemp -d "$templates/.autograd.XXXXXX")"
  cp "$ROOT/scripts/nbconvert-template/conf.json" "$ROOT/scripts/nbconvert-template/index.html.j2" "$tmp/"
  cp "$mathjax/es5/tex-svg-full.js" "$tmp/"
  cp "$mathjax/LICENSE" "$tmp/MATHJAX-LICENSE"
  rm -rf "$templates/autograd"
  mv "$tmp" "$templates/autograd"
  mkdir -p "$VENV/etc/jupyter/jupyter_server_config.d"
  local config='{"HTMLExporter": {"template_name": "autograd"}}'
  # JupyterLab's "Save and Export Notebook As → HTML" (the server's config), and `jupyter nbconvert`.
  printf '%s\n' "$config" > "$VENV/etc/jupyter/jupyter_server_config.d/autograd-html.json"
  printf '%s\n' "$config" > "$VENV/etc/jupyter/jupyter_nbconvert_config.json"
}

# Only ./kernel-setup.sh test needs these (the browser test's Playwright): installed on top of .venv.
setup_test_packages() {
  local wanted
  wanted="$(sha256sum "$TEST_REQUIREMENTS" | cut -d' ' -f1)"
  if [[ -f "$TEST_STAMP" && "$(cat "$TEST_STAMP")" == "$wanted" ]]; then
    return
  fi
  say "installing scripts/requirements-test.txt into .venv..."
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input --retries 2 --timeout 30 \
    -r "$TEST_REQUIREMENTS" || die "pip could not install scripts/requirements-test.txt (see pip's message above)." \
      "Check the network (or PIP_INDEX_URL), then run ./kernel-setup.sh test again."
  printf '%s\n' "$wanted" > "$TEST_STAMP"
}

# --- commands ----------------------------------------------------------------------------------

check_all() {
  check_jdk
  check_maven
  check_python
}

setup() {
  check_all
  acquire_setup_lock
  build_jar
  setup_venv
  install_kernelspec
  install_html_template
  release_setup_lock
}

run_notebooks() {
  export JUPYTER_PREFER_ENV_PATH=1
  "$VENV/bin/python" "$ROOT/scripts/run_notebooks.py" --out "$ROOT/build/notebooks" \
    --cell-timeout "$CELL_TIMEOUT" --start-timeout "$START_TIMEOUT" "$@"
}

usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"
}

no_arguments() {
  (( $# == 0 )) && return
  usage >&2
  die "'$command' takes no arguments, got: $*" "Run ./kernel-setup.sh $command alone (./kernel-setup.sh help lists the commands)."
}

# Each notebook or folder named on `run` must exist: checked before anything is built.
check_notebook_args() {
  local arg value_of=""
  for arg in "$@"; do
    if [[ -n "$value_of" ]]; then value_of=""; continue; fi
    case "$arg" in
      --out|--kernel|--cell-timeout|--start-timeout|--attempts|--count-starts) value_of="$arg" ;;
      -*) ;;
      *)
        if [[ ! -e "$arg" ]]; then
          die "the notebook '$arg' does not exist (looked in $(pwd))." \
            "Name .ipynb files or folders of them, e.g. ./kernel-setup.sh run notebooks/02-quadratic-gd.ipynb; nothing was run."
        elif [[ -f "$arg" && "$arg" != *.ipynb ]]; then
          die "'$arg' is not a notebook (.ipynb)." "Name .ipynb files or folders of them; nothing was run."
        fi
        ;;
    esac
  done
}

# >>> spark (issue 14): the opt-in flag, remembered in the build stamp; test always has Spark.
SPARK=""
spark_args=()
for arg in "$@"; do
  case "$arg" in
    --spark) SPARK=1 ;;
    --no-spark) SPARK=0 ;;
    *) spark_args+=("$arg") ;;
  esac
done
set -- "${spark_args[@]+"${spark_args[@]}"}"
[[ -z "$SPARK" && -f "$BUILD_STAMP" ]] && [[ "$(cat "$BUILD_STAMP")" == spark ]] && SPARK=1
[[ "${1:-}" == test ]] && SPARK=1
[[ "$SPARK" == 1 ]] || SPARK=0
MVN_PROFILES=()
if [[ "$SPARK" == 1 ]]; then MVN_PROFILES=(-Pspark); fi
# <<< spark

command="${1:-setup}"
[[ $# -gt 0 ]] && shift
case "$command" in
  setup)
    no_arguments "$@"
    setup
    cat <<NEXT

Ready. Next:
  ./kernel-setup.sh lab     JupyterLab on your working copy work/ (the kernel is "$KERNEL_DISPLAY_NAME")
  ./kernel-setup.sh run     execute every notebook into build/notebooks/ (.ipynb and .html)
  ./kernel-setup.sh test    unit tests and every notebook, checked
NEXT
    ;;
  lab)
    lab_args=()
    lab_dir="${AUTOGRAD_LAB_DIR:-$ROOT/work}"
    for arg in "$@"; do
      case "$arg" in
        --sources) lab_dir="$ROOT/notebooks" ;;
        *) lab_args+=("$arg") ;;
      esac
    done
    setup
    export JUPYTER_PREFER_ENV_PATH=1
    if [[ "$lab_dir" != "$ROOT/notebooks" ]]; then
      # Students run and save their own copy; notebooks/ (tracked) stays as the teacher wrote it.
      PATH="$VENV/bin:$PATH" "$VENV/bin/python" "$ROOT/scripts/working_copy.py" "$ROOT/notebooks" "$lab_dir" \
        || die "could not make the working copy $lab_dir (see above)." "Check that the folder is writable, then run ./kernel-setup.sh lab again."
    else
      say "opening notebooks/ itself (--sources): saving there changes the tracked notebooks."
    fi
    browser=()
    # No display (a server, a container, CI): do not try to open a browser; use the URL printed below.
    [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "$(uname)" != "Darwin" ]] && browser=(--no-browser)
    as_root=()
    # Containers and CI machines often run as root; Jupyter refuses that unless told.
    [[ "$(id -u)" -eq 0 ]] && as_root=(--allow-root)
    say "starting JupyterLab on $lab_dir, listening on 127.0.0.1 only (Ctrl-C to stop)."
    say "open the URL with ?token=... that Jupyter prints below (port 8888, or the next free one)."
    exec "$VENV/bin/jupyter" lab --notebook-dir="$lab_dir" --ServerApp.ip=127.0.0.1 \
      "${browser[@]}" "${as_root[@]}" "${lab_args[@]}"
    ;;
  run)
    check_notebook_args "$@"
    setup
    if [[ $# -eq 0 ]]; then set -- "$ROOT/notebooks"; fi
    # >>> spark (issue 14): without Spark, "run" with no notebooks named leaves out the ones that need it.
    if [[ "$SPARK" == 0 && "$*" == "$ROOT/notebooks" ]] && compgen -G "$ROOT/notebooks/*spark*.ipynb" >/dev/null; then
      without=()
      for nb in "$ROOT"/notebooks/*.ipynb; do [[ "$(basename "$nb")" == *spark* ]] || without+=("$nb"); done
      set -- "${without[@]}"
      say "leaving out the Spark notebooks (Spark is not installed: ./kernel-setup.sh --spark run runs them too)"
    fi
    # <<< spark
    status=0
    run_notebooks "$@" || status=$?
    case "$status" in
      0) ;;
      1) die "some notebooks failed (table above)." \
           "The executed notebooks, partly executed where a cell failed, are in build/notebooks/ (.ipynb, .html)." ;;
      *) die "the notebook runner stopped before running anything (see its message above)." \
           "./kernel-setup.sh help shows how to call run." ;;
    esac
    ;;
  nbgrader)
    (( $# > 0 )) || die "nbgrader needs a command, e.g. ./kernel-setup.sh nbgrader generate_assignment build-autograd" \
      "The teacher's workflow and its commands are in docs/teaching.md."
    setup
    export JUPYTER_PREFER_ENV_PATH=1
    # nbgrader runs `alembic` (its gradebook's migrations) from PATH.
    cd "$ROOT/notebooks/exercises"
    PATH="$VENV/bin:$PATH" exec "$VENV/bin/nbgrader" "$@"
    ;;
  test)
    no_arguments "$@"
    check_all
    acquire_setup_lock
    say "unit tests (mvn verify -Pspark: with the Spark backend and its cluster tests)..."
    rm -f "$BUILD_STAMP"
    "${MVN[@]}" -f "$ROOT/pom.xml" "${MVN_PROFILES[@]+"${MVN_PROFILES[@]}"}" verify || maven_failed "pass the unit tests"
    build_kind > "$BUILD_STAMP"
    setup_venv
    install_kernelspec
    install_html_template
    setup_test_packages
    release_setup_lock
    export JUPYTER_PREFER_ENV_PATH=1
    say "notebook runner self-test (failures on purpose, through the real kernel)..."
    (cd "$ROOT/scripts" && "$VENV/bin/python" -m unittest -v test_run_notebooks test_kernel_extension) \
      || die "the notebook runner's own tests failed (see above)." "Fix scripts/run_notebooks.py or the kernel setup, then run again."
    say "a Sweep interrupted through the real kernel..."
    (cd "$ROOT/scripts" && JUPYTER_PREFER_ENV_PATH=1 "$VENV/bin/python" -m unittest -v test_sweep_interrupt) \
      || die "interrupting a Sweep in a notebook cell failed (see above)." "Fix autograd.sweep or scripts/test_sweep_interrupt.py, then run again."
    say "kernel-setup.sh self-test (no JDK, a JRE, old Java, no Maven, no Python or venv, no network for pip, two setups at once, bad arguments, a notebook that throws)..."
    (cd "$ROOT/scripts" && "$VENV/bin/python" -m unittest -v test_kernel_setup) \
      || die "kernel-setup.sh's own tests failed (see above)." "Fix kernel-setup.sh or scripts/test_kernel_setup.py, then run again."
    say "exercises through nbgrader (student version, autograde of the master, a blank and a buggy submission)..."
    (cd "$ROOT/scripts" && PATH="$VENV/bin:$PATH" "$VENV/bin/python" -m unittest -v test_exercises) \
      || die "the exercise notebooks failed under nbgrader (see above)." "See docs/teaching.md; the course folder is notebooks/exercises/."
    say "a student's day in JupyterLab, in headless Chromium..."
    (cd "$ROOT/scripts" && "$VENV/bin/python" -m unittest -v test_lab_browser) \
      || die "the JupyterLab browser test failed (see above)." "It needs chromium (apt-get install chromium); screenshots of a failure are in build/lab-test/."
    say "notebooks..."
    run_notebooks --check "$ROOT/notebooks" || die "notebook checks failed (table above)." \
      "The executed notebooks are in build/notebooks/ (.ipynb, .html); checks are described in notebooks/README.md."
    ;;
  -h|--help|help)
    usage
    ;;
  *)
    usage >&2
    die "unknown command '$command' (use setup, lab, run, nbgrader or test)."
    ;;
esac
