"""Bundle integrity for IT: SHA-256 manifest and a detached Ed25519 signature.

    python packaging/integrity.py keygen --out DIR     # once, by IT; private key stays offline
    python packaging/integrity.py sign   --bundle dist/csods --key signing-key.pem
    python packaging/integrity.py verify --bundle dist/csods --public-key signing-key.pub.pem

``sign`` writes ``<bundle>.sha256`` (a ``sha256sum``-compatible manifest of every
file) and ``<bundle>.sha256.sig`` (the Ed25519 signature of the manifest, base64).
``verify`` checks the signature, then every file: any changed byte, missing or
extra file fails, naming each. The private key is supplied by IT and never
stored in the repository. Needs only Python 3.11 and the `cryptography` package.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def manifest_for(bundle: Path) -> str:
    lines = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(bundle).as_posix()
        if path.is_symlink():
            digest = hashlib.sha256(f"symlink:{os.readlink(path)}".encode()).hexdigest()
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {rel}")
    return "\n".join(lines) + "\n"


def _paths(bundle: Path) -> tuple[Path, Path]:
    bundle = bundle.resolve()
    return bundle.with_name(bundle.name + ".sha256"), bundle.with_name(bundle.name + ".sha256.sig")


def keygen(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    passphrase = os.environ.get("CSODS_SIGNING_PASSPHRASE", "").encode()
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    private = out / "signing-key.pem"
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8, encryption))
    (out / "signing-key.pub.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    print(f"Wrote {private} (keep offline) and {out / 'signing-key.pub.pem'} (publish).")


def sign(bundle: Path, key_file: Path) -> None:
    passphrase = os.environ.get("CSODS_SIGNING_PASSPHRASE", "").encode() or None
    key = serialization.load_pem_private_key(key_file.read_bytes(), passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit("integrity: the signing key is not an Ed25519 private key")
    manifest = manifest_for(bundle).encode()
    manifest_path, sig_path = _paths(bundle)
    manifest_path.write_bytes(manifest)
    sig_path.write_text(base64.b64encode(key.sign(manifest)).decode() + "\n")
    count = manifest.count(b"\n")
    print(f"Signed {count} files: {manifest_path.name}, {sig_path.name}")


def verify(bundle: Path, public_file: Path) -> list[str]:
    """Every problem found; empty when the bundle is exactly what was signed."""
    manifest_path, sig_path = _paths(bundle)
    if not manifest_path.exists() or not sig_path.exists():
        return [f"missing {manifest_path.name} or {sig_path.name}"]
    public = serialization.load_pem_public_key(public_file.read_bytes())
    if not isinstance(public, Ed25519PublicKey):
        return ["the public key is not an Ed25519 key"]
    signed = manifest_path.read_bytes()
    try:
        public.verify(base64.b64decode(sig_path.read_text().strip()), signed)
    except (InvalidSignature, ValueError):
        return ["the manifest's signature is not valid: manifest or signature changed"]
    expected = dict(reversed(line.split("  ", 1)) for line in signed.decode().splitlines())
    actual = dict(reversed(line.split("  ", 1)) for line in manifest_for(bundle).splitlines())
    problems = [f"changed: {p}" for p in sorted(expected) if p in actual
                and actual[p] != expected[p]]
    problems += [f"missing: {p}" for p in sorted(set(expected) - set(actual))]
    problems += [f"not in the signed manifest: {p}" for p in sorted(set(actual) - set(expected))]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen")
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("sign")
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--key", type=Path, required=True)
    p = sub.add_parser("verify")
    p.add_argument("--bundle", type=Path, required=True)
    p.add_argument("--public-key", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "keygen":
        keygen(args.out)
        return 0
    if args.command == "sign":
        sign(args.bundle, args.key)
        return 0
    problems = verify(args.bundle, args.public_key)
    for problem in problems[:50]:
        print(f"FAIL  {problem}", file=sys.stderr)
    if problems:
        print(f"Bundle verification FAILED ({len(problems)} problem(s)).", file=sys.stderr)
        return 1
    print(f"Bundle verified: every file matches the signed manifest ({args.bundle}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
