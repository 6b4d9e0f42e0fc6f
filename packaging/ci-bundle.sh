#!/usr/bin/env bash
# CI: build the bundle, run its self-test, sign it with a throw-away key, verify it,
# and check that a tampered copy fails verification.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${CSODS_VENV:-.venv}/bin/python
bash packaging/build.sh
echo "--- self-test of the frozen bundle"
QT_QPA_PLATFORM=offscreen dist/csods/csods --self-test
keys=$(mktemp -d)
trap 'rm -rf "$keys" dist/tampered dist/tampered.sha256 dist/tampered.sha256.sig' EXIT
"$PY" packaging/integrity.py keygen --out "$keys" >/dev/null
"$PY" packaging/integrity.py sign --bundle dist/csods --key "$keys/signing-key.pem"
"$PY" packaging/integrity.py verify --bundle dist/csods --public-key "$keys/signing-key.pub.pem"
echo "--- a tampered copy must fail"
cp -a dist/csods dist/tampered
cp dist/csods.sha256 dist/tampered.sha256
cp dist/csods.sha256.sig dist/tampered.sha256.sig
target=$(find dist/tampered/_internal/resources -name 'schedule34a.json')
printf ' ' >> "$target"
if "$PY" packaging/integrity.py verify --bundle dist/tampered \
      --public-key "$keys/signing-key.pub.pem"; then
  echo "ERROR: a tampered bundle passed verification" >&2
  exit 1
fi
echo "Tampered copy refused, as it should be."
