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


def _unsafe_name(rel: str) -> bool:
    """A name the one-line-per-file manifest cannot hold unambiguously (e.g. a newline)."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in rel) or "\\" in rel


def _entries(bundle: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(digest, relative path) of every file, and the problems that make a file unsignable."""
    entries: list[tuple[str, str]] = []
    problems: list[str] = []
    root = bundle.resolve()
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(bundle).as_posix()
        if _unsafe_name(rel):
            problems.append(f"file name with control characters: {rel!r}")
            continue
        if path.is_symlink():
            target = os.readlink(path)
            try:
                inside = path.resolve().is_relative_to(root)
            except (OSError, RuntimeError):  # a loop of links
                inside = False
            if not inside:
                problems.append(f"symbolic link pointing outside the bundle: {rel} -> {target}")
            digest = hashlib.sha256(f"symlink:{target}".encode()).hexdigest()
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entries.append((digest, rel))
    return entries, problems


def manifest_for(bundle: Path) -> str:
    entries, problems = _entries(bundle)
    if problems:
        raise SystemExit("integrity: cannot sign this bundle: " + "; ".join(problems))
    return "".join(f"{digest}  {rel}\n" for digest, rel in entries)


def _parse(manifest: str) -> tuple[dict[str, str], list[str]]:
    """path -> digest from a signed manifest; a repeated or malformed line is a problem."""
    found: dict[str, str] = {}
    problems: list[str] = []
    # Split on "\n" only: str.splitlines() would also split on characters a name may hold.
    for line in manifest.removesuffix("\n").split("\n") if manifest else []:
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or rel in found:
            problems.append(f"malformed or repeated manifest line: {line[:80]!r}")
            continue
        found[rel] = digest
    return found, problems


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
    expected, problems = _parse(signed.decode("utf-8", "replace"))
    # Hash the files directly rather than re-parsing a manifest text of them: a file
    # name holding a newline could otherwise forge a line for another file.
    entries, problems_now = _entries(bundle)
    problems += problems_now
    actual = {rel: digest for digest, rel in entries}
    problems += [f"changed: {p}" for p in sorted(expected) if p in actual
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
