#!/usr/bin/env bash
# Developer and CI entry point. Sets up .venv on first use, then:
#   bash packaging/dev.sh test            run the whole test suite
#   bash packaging/dev.sh demo [N]        create a demo unit (N cases) and start the app on it
#   bash packaging/dev.sh lint            ruff + mypy
#   bash packaging/dev.sh setup           only install
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${CSODS_VENV:-.venv}

system_packages() {
  # Qt needs a few shared libraries even offscreen; install them when missing (Debian/Ubuntu).
  local need=()
  for pkg in libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
             libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
             libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libnss3 poppler-utils; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "Missing system packages (install with sudo apt-get install): ${need[*]}" >&2
    fi
  fi
}

setup() {
  system_packages
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # Exactly the locked versions, each file checked against its SHA-256 (bash packaging/lock.sh
  # regenerates the lock); then the project itself, without resolving anything again.
  "$VENV/bin/python" -m pip install -q --require-hashes -r packaging/requirements-build.lock
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e .
}

cmd=${1:-test}
shift || true
case "$cmd" in
  setup) setup ;;
  test)
    setup
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
    ;;
  lint)
    setup
    "$VENV/bin/ruff" check .
    "$VENV/bin/mypy"
    ;;
  demo)
    setup
    dir=${CSODS_DEMO_DIR:-demo-unit}
    if [ ! -f "$dir/unit.db" ]; then
      mkdir -p "$dir"
      # The demo logins are synthetic; keep them beside the demo unit to show again.
      "$VENV/bin/csods" demo --db "$dir/unit.db" --cases "${1:-120}" | tee "$dir/demo-logins.txt"
    else
      echo "Using the existing demo unit in $dir/ (delete the folder for a fresh one)."
      [ -f "$dir/demo-logins.txt" ] && cat "$dir/demo-logins.txt"
    fi
    CSODS_DB="$dir/unit.db" exec "$VENV/bin/csods"
    ;;
  *) echo "usage: bash packaging/dev.sh test|demo|lint|setup" >&2; exit 2 ;;
esac
