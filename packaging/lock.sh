#!/usr/bin/env bash
# Regenerate packaging/requirements-build.lock: every package (runtime, test, lint and the
# PyInstaller build) pinned to one version, with the SHA-256 of every wheel and sdist on PyPI
# for Linux and Windows, so `pip install --require-hashes` installs exactly these files.
#   bash packaging/lock.sh                    (needs network; run when a dependency changes)
# Review the diff like code, then commit the lock with the pyproject.toml change.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${CSODS_LOCK_TOOLS:-build/lock-tools}
[ -x "$TOOLS/bin/uv" ] || { python3 -m venv "$TOOLS" && "$TOOLS/bin/pip" install -q "uv==0.13.9"; }
"$TOOLS/bin/uv" pip compile pyproject.toml packaging/requirements-build.in \
    --extra test --extra dev --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "bash packaging/lock.sh" \
    --quiet -o packaging/requirements-build.lock
echo "Wrote packaging/requirements-build.lock"
