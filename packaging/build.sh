#!/usr/bin/env bash
# Build the one-folder bundle and a .tar.gz archive of it (Linux).
#   bash packaging/build.sh            -> dist/csods/ and dist/csods-<version>-linux-<arch>.tar.gz
# The Windows steps are the same commands in PowerShell; see packaging/INSTALL.md.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${CSODS_VENV:-.venv}
[ -x "$VENV/bin/pyinstaller" ] || bash packaging/dev.sh setup
version=$("$VENV/bin/python" -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
arch=$(uname -m)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export PYTHONHASHSEED=0
start=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/csods.spec
took=$(( $(date +%s) - start ))
archive="dist/csods-${version}-linux-${arch}.tar.gz"
tar --sort=name --mtime="@${SOURCE_DATE_EPOCH}" --owner=0 --group=0 --numeric-owner \
    -czf "$archive" -C dist csods
size=$(du -sm dist/csods | cut -f1)
echo "Built dist/csods (${size} MiB) in ${took} s; archive ${archive} ($(du -m "$archive" | cut -f1) MiB)"
