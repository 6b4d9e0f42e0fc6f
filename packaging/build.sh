#!/usr/bin/env bash
# Build the one-folder bundle and a .tar.gz archive of it (Linux).
#   bash packaging/build.sh   -> dist/csods/ (with RELEASE-NOTES.txt) and
#                                dist/csods-<version>-linux-<arch>.tar.gz
# Reproducible: every dependency comes from packaging/requirements-build.lock (hashes
# checked), timestamps come from the last commit (SOURCE_DATE_EPOCH), and nothing in the
# bundle names the checkout folder, so two builds of one commit give the same manifest.
# Windows: packaging/build.ps1 does the same in PowerShell.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022
VENV=${CSODS_VENV:-.venv}
[ -x "$VENV/bin/pyinstaller" ] || bash packaging/dev.sh setup
# The project's own metadata (bundled for --version) is made from this checkout's files.
"$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e .
version=$("$VENV/bin/python" -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
arch=$(uname -m)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
start=$(date +%s)
rm -rf dist/csods
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level ERROR \
    --distpath dist --workpath build/pyinstaller packaging/csods.spec
# No byte-code caches (they would name this folder); release notes computed from the bundle.
find dist/csods -name __pycache__ -type d -prune -exec rm -rf {} +
"$VENV/bin/python" packaging/release_notes.py dist/csods "$version" "$commit" >/dev/null
took=$(( $(date +%s) - start ))
archive="dist/csods-${version}-linux-${arch}.tar.gz"
tar --sort=name --mtime="@${SOURCE_DATE_EPOCH}" --owner=0 --group=0 --numeric-owner \
    --format=gnu -cf - -C dist csods | gzip -n > "$archive"
size=$(du -sm dist/csods | cut -f1)
echo "Built dist/csods (${size} MiB) in ${took} s; archive ${archive} ($(du -m "$archive" | cut -f1) MiB)"
grep -E "^Minimum glibc" dist/csods/RELEASE-NOTES.txt
