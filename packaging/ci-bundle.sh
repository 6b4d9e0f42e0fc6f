#!/usr/bin/env bash
# CI: build the bundle, run its self-test, sign it with a throw-away key, verify it (with
# the key's fingerprint), run the documented `sha256sum -c` line, check that tampered and
# re-signed copies fail, and build the same commit again from another folder: the two
# manifests must be identical (reproducible build).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${CSODS_VENV:-.venv}/bin/python
work=$(mktemp -d)
cleanup() {
  # Nothing signed by the throw-away key may outlive the check.
  rm -rf "$work" dist/tampered dist/tampered.sha256 dist/tampered.sha256.sig \
         dist/csods.sha256 dist/csods.sha256.sig dist/signing-key.pub.pem \
         dist/csods.sha256.sig.bin dist/signed-list.txt dist/found-list.txt
}
trap cleanup EXIT
start=$(date +%s)
bash packaging/build.sh
echo "--- self-test of the frozen bundle"
QT_QPA_PLATFORM=offscreen dist/csods/csods --self-test

echo "--- sign with a throw-away key, verify with its fingerprint"
export CSODS_SIGNING_PASSPHRASE="ci-$RANDOM-$RANDOM-$(date +%s%N)"
fingerprint=$("$PY" packaging/integrity.py keygen --out "$work/keys" | sed -n 's/^Fingerprint[^:]*: //p')
"$PY" packaging/integrity.py sign --bundle dist/csods --key "$work/keys/signing-key.pem"
"$PY" packaging/integrity.py verify --bundle dist/csods --public-key "$work/keys/signing-key.pub.pem" \
    --fingerprint "$fingerprint"
echo "--- the documented line: sha256sum -c csods.sha256 (beside csods/)"
(cd dist && sha256sum -c csods.sha256 >"$work/sha256sum.out") || {
  grep -v ': OK$' "$work/sha256sum.out" >&2; echo "ERROR: sha256sum -c failed" >&2; exit 1; }
echo "sha256sum: $(grep -c ': OK$' "$work/sha256sum.out") files OK"
echo "--- the documented route without Python (INSTALL 3b): openssl, sha256sum, file list"
cp "$work/keys/signing-key.pub.pem" dist/
(
  cd dist
  [ "$(openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum | cut -c1-64)" \
    = "$(echo "$fingerprint" | tr -d ' ')" ]
  base64 -d csods.sha256.sig > csods.sha256.sig.bin
  openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin -in csods.sha256 \
      -sigfile csods.sha256.sig.bin
  grep '^# ' csods.sha256 | cut -s -f3 | LC_ALL=C sort > signed-list.txt
  find csods | LC_ALL=C sort > found-list.txt
  diff signed-list.txt found-list.txt && echo "No file or folder added or removed."
  [ -z "$(find csods ! -type l -perm /6002)" ] && echo "No set-ID or world-writable entry."
  rm -f signing-key.pub.pem csods.sha256.sig.bin signed-list.txt found-list.txt
)

echo "--- a tampered copy must fail"
cp -a dist/csods dist/tampered
cp dist/csods.sha256 dist/tampered.sha256
cp dist/csods.sha256.sig dist/tampered.sha256.sig
target=$(find dist/tampered/_internal/resources -name 'schedule34a.json')
printf ' ' >> "$target"
if "$PY" packaging/integrity.py verify --bundle dist/tampered \
      --public-key "$work/keys/signing-key.pub.pem" --fingerprint "$fingerprint"; then
  echo "ERROR: a tampered bundle passed verification" >&2; exit 1
fi
echo "--- the tampered copy re-signed with another key must fail against the fingerprint"
CSODS_SIGNING_PASSPHRASE=other "$PY" packaging/integrity.py keygen --out "$work/other" >/dev/null
CSODS_SIGNING_PASSPHRASE=other "$PY" packaging/integrity.py sign --bundle dist/tampered \
    --key "$work/other/signing-key.pem" >/dev/null
if "$PY" packaging/integrity.py verify --bundle dist/tampered \
      --public-key "$work/other/signing-key.pub.pem" --fingerprint "$fingerprint"; then
  echo "ERROR: a bundle re-signed with another key passed --fingerprint" >&2; exit 1
fi
echo "--- a set-user-ID file must fail"
rm -rf dist/tampered && cp -a dist/csods dist/tampered
cp dist/csods.sha256 dist/tampered.sha256 && cp dist/csods.sha256.sig dist/tampered.sha256.sig
chmod 4755 dist/tampered/csods
if "$PY" packaging/integrity.py verify --bundle dist/tampered \
      --public-key "$work/keys/signing-key.pub.pem" --fingerprint "$fingerprint"; then
  echo "ERROR: a set-user-ID file passed verification" >&2; exit 1
fi
echo "Tampered, re-signed and set-user-ID copies refused, as they should be."
rm -rf dist/tampered dist/tampered.sha256 dist/tampered.sha256.sig

echo "--- reproducible: the same commit built again from another folder"
"$PY" packaging/integrity.py manifest --bundle dist/csods >"$work/first.sha256"
first_archive=$(sha256sum dist/csods-*.tar.gz | cut -d' ' -f1)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "NOTE: the work tree has uncommitted changes; the second build uses the last commit."
fi
git clone -q --no-hardlinks . "$work/second"
git -C "$work/second" checkout -q --detach "$(git rev-parse HEAD)"
(cd "$work/second" && CSODS_VENV="$work/second-venv" bash packaging/build.sh)
"$PY" packaging/integrity.py manifest --bundle "$work/second/dist/csods" >"$work/second.sha256"
if ! diff -u "$work/first.sha256" "$work/second.sha256" >"$work/manifest.diff"; then
  head -40 "$work/manifest.diff" >&2
  echo "ERROR: two builds of one commit from different folders differ" >&2; exit 1
fi
second_archive=$(sha256sum "$work"/second/dist/csods-*.tar.gz | cut -d' ' -f1)
echo "Same manifest from $(pwd) and $work/second ($(grep -c '^[0-9a-f]' "$work/first.sha256") files)."
if [ "$first_archive" = "$second_archive" ]; then
  echo "Archives identical too: sha256 $first_archive"
else
  echo "ERROR: the archives differ ($first_archive vs $second_archive)" >&2; exit 1
fi
echo "Bundle checks took $(( $(date +%s) - start )) s."
